import type { ApiFamily } from './router';

/**
 * api-versions the lab accepts, per resource provider. Each list holds the version our pinned
 * SDKs send (first) and other published versions whose wire shapes match for what the lab
 * serves, so other Azure SDKs and tools work too.
 */
export const supportedApiVersions: Record<ApiFamily, readonly string[]> = {
  // @azure/arm-resources-subscriptions 2.1.1
  subscriptions: ['2022-12-01', '2021-01-01', '2020-01-01', '2019-11-01', '2016-06-01'],
  // @azure/arm-resources 7.0.0
  resources: ['2025-04-01', '2024-11-01', '2024-07-01', '2024-03-01', '2022-09-01', '2021-04-01', '2020-06-01'],
  // @azure/arm-storage 20.0.0
  storage: ['2025-08-01', '2025-06-01', '2025-01-01', '2024-01-01', '2023-05-01', '2023-01-01', '2022-09-01', '2021-09-01'],
  // @azure/arm-network 36.0.0
  network: ['2025-05-01', '2025-03-01', '2025-01-01', '2024-10-01', '2024-07-01', '2024-05-01', '2024-03-01', '2024-01-01', '2023-09-01', '2023-05-01'],
  // @azure/arm-recoveryservices 6.0.0 (vaults, vault certificates, extended info)
  recoveryServices: ['2024-04-01', '2025-02-01', '2024-10-01', '2024-02-01', '2023-08-01', '2023-06-01', '2023-04-01', '2023-02-01', '2023-01-01', '2022-10-01', '2021-08-01'],
  // @azure/arm-recoveryservices-siterecovery 5.1.0; real ASR's async URLs carry 2021-08-01
  // Microsoft.Authorization permissions (Permissions_ListForResourceGroup / _ListForResource,
  // azure-rest-api-specs authorization stable/2022-04-01/authorization-RoleDefinitionsCalls.json)
  authorization: ['2022-04-01'],
  // Microsoft.Compute: @azure/arm-compute 23.3.0 sends 2025-04-01 (VirtualMachines, Usage_List) and
  // 2021-07-01 (ResourceSkus_List); the others are versions of the published specs whose shapes match
  // what the lab serves (VirtualMachines_Get/InstanceView and Usage_List 2024-07-01 ComputeRP,
  // ResourceSkus_List 2021-07-01 Skus; docs/evidence/recovery-confidence.md §5).
  compute: ['2025-04-01', '2024-07-01', '2024-03-01', '2023-09-01', '2023-07-01', '2023-03-01', '2022-11-01', '2022-08-01', '2021-07-01'],
  siteRecovery: [
    '2023-06-01',
    '2025-08-01',
    '2025-01-01',
    '2024-10-01',
    '2024-04-01',
    '2024-02-01',
    '2023-08-01',
    '2023-04-01',
    '2023-02-01',
    '2023-01-01',
    '2022-10-01',
    '2022-09-10',
    '2022-05-01',
    '2022-03-01',
    '2022-02-01',
    '2022-01-01',
    '2021-12-01',
    '2021-11-01',
    '2021-10-01',
    '2021-08-01',
  ],
};
