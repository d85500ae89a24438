// Azure Site Recovery (fabrics, protection, policies, failover, jobs).
// Built into a file of its own, dist/sdks/<this name>.js (esbuild.mjs), that clients.ts requires when it
// builds the first client of this SDK: activation does not load it (issue 14).
export { SiteRecoveryManagementClient } from '@azure/arm-recoveryservices-siterecovery';
