// Azure Compute (issue 15): test VMs' power state (VirtualMachines_InstanceView), the regional vCPU usage
// (Usage_List) and the sizes a region offers (ResourceSkus_List) for drills and readiness checks.
// Built into a file of its own, dist/sdks/<this name>.js (esbuild.mjs), that clients.ts requires when it
// builds the first client of this SDK: activation does not load it (issue 14).
export { ComputeManagementClient } from '@azure/arm-compute';
