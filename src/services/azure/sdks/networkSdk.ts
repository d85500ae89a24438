// Virtual networks and their subnets (the failover network), the largest SDK in the bundle (issue 14).
// Built into a file of its own, dist/sdks/<this name>.js (esbuild.mjs), that clients.ts requires when it
// builds the first client of this SDK: activation does not load it (issue 14).
export { NetworkManagementClient } from '@azure/arm-network';
