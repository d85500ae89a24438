// The Azure resources the Enable Replication wizard offers on its target and policy pages, read in
// one go when it leaves the preflight page: resource groups, storage accounts and virtual networks
// in the vault's region, the vault's Hyper-V sites and its replication policies.

import type { Policy } from '@azure/arm-recoveryservices-siterecovery';
import type { VaultContext } from '../services/azure/clients';
import type { VirtualNetworkSummary } from '../services/azure/networks';
import type { StorageAccountSummary } from '../services/azure/storage';
import type { ResourceGroupSummary } from '../services/azure/subscriptions';
import type { SiteSummary } from './enableReplicationPlan';
import { siteSummary, type EnableReplicationServices } from './enableReplicationServices';

export interface AzureChoices {
  resourceGroups: ResourceGroupSummary[];
  /** In the vault's region. */
  storageAccounts: StorageAccountSummary[];
  /** In the vault's region. */
  networks: VirtualNetworkSummary[];
  sites: SiteSummary[];
  policies: Policy[];
}

/** Reads the choices (resource groups sorted by name; storage accounts and networks in `location`, the vault's region). */
export async function loadAzureChoices(services: EnableReplicationServices, vctx: VaultContext, location: string): Promise<AzureChoices> {
  const [resourceGroups, storageAccounts, networks, fabrics, policies] = await Promise.all([
    services.listResourceGroups(vctx),
    services.listStorageAccounts(vctx, { location }),
    services.listVirtualNetworks(vctx, { location }),
    services.listHyperVSites(vctx),
    services.listPolicies(vctx),
  ]);
  return {
    resourceGroups: [...resourceGroups].sort((a, b) => a.name.localeCompare(b.name)),
    storageAccounts,
    networks,
    sites: fabrics.map(siteSummary).filter((x) => x !== undefined),
    policies,
  };
}
