// Recovery Services vaults (@azure/arm-recoveryservices: resource group first).

import type { Vault } from '@azure/arm-recoveryservices';
import type { VaultRef } from '../../model/armId';
import { tryParseArmId } from '../../model/armId';
import type { AzureContext } from './clients';
import { recoveryServicesClient } from './clients';
import { auditArmWrite, auditWrites } from './auditLog';
import { callAzure, InvalidInputError } from './errors';
import { collectAll } from './paging';
import { requireLocation, validateResourceGroupName } from './subscriptions';

export interface VaultSummary {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  ref: VaultRef;
  skuName?: string;
  provisioningState?: string;
  /** 'None' | 'Enabled'; goes into the vault credentials file. */
  privateEndpointStateForSiteRecovery?: string;
  publicNetworkAccess?: string;
}

function summarize(ctx: AzureContext, v: Vault, fallbackResourceGroup = ''): VaultSummary {
  const parsed = tryParseArmId(v.id);
  const name = v.name ?? '';
  const resourceGroup = parsed?.resourceGroup ?? fallbackResourceGroup;
  const summary: VaultSummary = {
    id: v.id ?? '',
    name,
    resourceGroup,
    location: v.location,
    ref: { subscriptionId: parsed?.subscriptionId ?? ctx.subscriptionId, resourceGroup, vaultName: name },
  };
  if (v.sku?.name !== undefined) {
    summary.skuName = v.sku.name;
  }
  const p = v.properties;
  if (p?.provisioningState !== undefined) {
    summary.provisioningState = p.provisioningState;
  }
  if (p?.privateEndpointStateForSiteRecovery !== undefined) {
    summary.privateEndpointStateForSiteRecovery = p.privateEndpointStateForSiteRecovery;
  }
  if (p?.publicNetworkAccess !== undefined) {
    summary.publicNetworkAccess = p.publicNetworkAccess;
  }
  return summary;
}

/** Vaults of the subscription, or of one resource group. */
export async function listVaults(ctx: AzureContext, resourceGroup?: string): Promise<VaultSummary[]> {
  const client = recoveryServicesClient(ctx);
  const vaults = await collectAll(resourceGroup !== undefined ? client.vaults.listByResourceGroup(resourceGroup) : client.vaults.listBySubscriptionId());
  return vaults
    .map((v) => summarize(ctx, v, resourceGroup))
    .filter((v) => v.name.length > 0)
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
}

export async function getVault(ctx: AzureContext, resourceGroup: string, name: string): Promise<VaultSummary> {
  const vault = await callAzure(() => recoveryServicesClient(ctx).vaults.get(resourceGroup, name));
  return summarize(ctx, vault, resourceGroup);
}

/** Azure rule: 2-50 characters, starts with a letter, then letters, digits and hyphens. */
export function validateVaultName(name: string): string | undefined {
  if (name.length < 2 || name.length > 50) {
    return 'A vault name must be 2 to 50 characters long.';
  }
  if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(name)) {
    return 'A vault name must start with a letter and contain only letters, digits and hyphens.';
  }
  return undefined;
}

/** Creates (or updates) a Standard vault with a system-assigned identity and public network access, and waits. */
export function createVault(ctx: AzureContext, resourceGroup: string, name: string, location: string): Promise<VaultSummary> {
  return auditArmWrite(ctx, resourceGroup, auditWrites.createVault(name), () => sendCreateVault(ctx, resourceGroup, name, location));
}

async function sendCreateVault(ctx: AzureContext, resourceGroup: string, name: string, location: string): Promise<VaultSummary> {
  const rgProblem = validateResourceGroupName(resourceGroup);
  if (rgProblem !== undefined) {
    throw new InvalidInputError(rgProblem, 'resourceGroup');
  }
  const problem = validateVaultName(name);
  if (problem !== undefined) {
    throw new InvalidInputError(problem, 'name');
  }
  const region = requireLocation(location);
  const vault = await callAzure(() =>
    recoveryServicesClient(ctx).vaults.beginCreateOrUpdateAndWait(resourceGroup, name, {
      location: region,
      sku: { name: 'Standard' },
      properties: { publicNetworkAccess: 'Enabled' },
      identity: { type: 'SystemAssigned' },
    }),
  );
  return summarize(ctx, vault, resourceGroup);
}
