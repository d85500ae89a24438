// The Azure and Hyper-V operations an Enable Replication run and its wizard use: the real services
// by default; unit tests pass fakes with the same signatures.

import type { Fabric } from '@azure/arm-recoveryservices-siterecovery';
import { listProtectableItems } from '../services/azure/containers';
import { getJob } from '../services/azure/jobs';
import { listVirtualNetworks } from '../services/azure/networks';
import { associatePolicy, createHyperVPolicy, listMappings, listPolicies } from '../services/azure/policies';
import { enableProtection, getProtectedItem } from '../services/azure/protection';
import { createHyperVSite, hyperVSiteContainerName, listHyperVSites } from '../services/azure/sites';
import { checkEnableReplicationPermissions } from '../services/azure/permissions';
import { listStorageAccounts } from '../services/azure/storage';
import { listResourceGroups } from '../services/azure/subscriptions';
import { createVaultCredentials } from '../services/azure/vaultCredentials';
import { setupProvider, waitUntilConnected } from './hostSetup';
import type { SiteSummary } from './enableReplicationPlan';

export interface EnableReplicationServices {
  checkEnableReplicationPermissions: typeof checkEnableReplicationPermissions;
  listHyperVSites: typeof listHyperVSites;
  createHyperVSite: typeof createHyperVSite;
  createVaultCredentials: typeof createVaultCredentials;
  setupProvider: typeof setupProvider;
  waitUntilConnected: typeof waitUntilConnected;
  listPolicies: typeof listPolicies;
  createHyperVPolicy: typeof createHyperVPolicy;
  listMappings: typeof listMappings;
  associatePolicy: typeof associatePolicy;
  listProtectableItems: typeof listProtectableItems;
  enableProtection: typeof enableProtection;
  getJob: typeof getJob;
  getProtectedItem: typeof getProtectedItem;
  listResourceGroups: typeof listResourceGroups;
  listStorageAccounts: typeof listStorageAccounts;
  listVirtualNetworks: typeof listVirtualNetworks;
}

export const azureServices: EnableReplicationServices = {
  checkEnableReplicationPermissions,
  listHyperVSites,
  createHyperVSite,
  createVaultCredentials,
  setupProvider,
  waitUntilConnected,
  listPolicies,
  createHyperVPolicy,
  listMappings,
  associatePolicy,
  listProtectableItems,
  enableProtection,
  getJob,
  getProtectedItem,
  listResourceGroups,
  listStorageAccounts,
  listVirtualNetworks,
};

/** The site facts the run needs, from an ASR fabric. */
export function siteSummary(fabric: Fabric): SiteSummary | undefined {
  const name = fabric.name;
  const identifier = fabric.properties?.internalIdentifier;
  const containerName = hyperVSiteContainerName(fabric);
  return name && identifier && containerName ? { name, identifier, containerName } : undefined;
}
