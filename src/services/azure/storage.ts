// Storage accounts for replication (the policy's / protected item's target storage account).

import type { StorageAccount } from '@azure/arm-storage';
import type { AzureContext } from './clients';
import { storageClient } from './clients';
import { auditArmWrite, auditWrites } from './auditLog';
import { callAzure, InvalidInputError } from './errors';
import { resourceGroupOf, sameLocation } from './location';
import { collectAll } from './paging';
import { requireLocation, validateResourceGroupName } from './subscriptions';

export interface StorageAccountSummary {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  kind?: string;
  skuName?: string;
  provisioningState?: string;
}

export interface StorageNameCheck {
  available: boolean;
  /** AccountNameInvalid | AlreadyExists */
  reason?: string;
  message?: string;
}

function summarize(a: StorageAccount): StorageAccountSummary {
  const summary: StorageAccountSummary = {
    id: a.id ?? '',
    name: a.name ?? '',
    resourceGroup: resourceGroupOf(a.id),
    location: a.location,
  };
  if (a.kind !== undefined) {
    summary.kind = a.kind;
  }
  if (a.sku?.name !== undefined) {
    summary.skuName = a.sku.name;
  }
  if (a.provisioningState !== undefined) {
    summary.provisioningState = a.provisioningState;
  }
  return summary;
}

export async function listStorageAccounts(ctx: AzureContext, filter: { resourceGroup?: string; location?: string } = {}): Promise<StorageAccountSummary[]> {
  const client = storageClient(ctx);
  const accounts = await collectAll(filter.resourceGroup !== undefined ? client.storageAccounts.listByResourceGroup(filter.resourceGroup) : client.storageAccounts.list());
  return accounts
    .map(summarize)
    .filter((a) => a.id.length > 0 && a.name.length > 0)
    .filter((a) => filter.location === undefined || sameLocation(a.location, filter.location))
    .sort((x, y) => x.name.localeCompare(y.name));
}

/** Azure rule: 3-24 characters, lower-case letters and digits only. */
export function validateStorageAccountName(name: string): string | undefined {
  if (name.length < 3 || name.length > 24) {
    return 'A storage account name must be 3 to 24 characters long.';
  }
  if (!/^[a-z0-9]+$/.test(name)) {
    return 'A storage account name may contain only lower-case letters and digits.';
  }
  return undefined;
}

/** Checks the name locally first (no request when it is invalid), then asks Azure whether it is free. */
export async function checkStorageAccountName(ctx: AzureContext, name: string): Promise<StorageNameCheck> {
  const problem = validateStorageAccountName(name);
  if (problem !== undefined) {
    return { available: false, reason: 'AccountNameInvalid', message: problem };
  }
  const result = await callAzure(() => storageClient(ctx).storageAccounts.checkNameAvailability({ name, type: 'Microsoft.Storage/storageAccounts' }));
  const check: StorageNameCheck = { available: result.nameAvailable === true };
  if (result.reason !== undefined) {
    check.reason = result.reason;
  }
  if (result.message !== undefined) {
    check.message = result.message;
  }
  return check;
}

/** Creates a general-purpose v2, locally redundant (Standard_LRS) account and waits until it exists. */
export function createStorageAccount(ctx: AzureContext, resourceGroup: string, name: string, location: string): Promise<StorageAccountSummary> {
  return auditArmWrite(ctx, resourceGroup, auditWrites.createStorageAccount(name), () => sendCreateStorageAccount(ctx, resourceGroup, name, location));
}

async function sendCreateStorageAccount(ctx: AzureContext, resourceGroup: string, name: string, location: string): Promise<StorageAccountSummary> {
  const rgProblem = validateResourceGroupName(resourceGroup);
  if (rgProblem !== undefined) {
    throw new InvalidInputError(rgProblem, 'resourceGroup');
  }
  const problem = validateStorageAccountName(name);
  if (problem !== undefined) {
    throw new InvalidInputError(problem, 'name');
  }
  const region = requireLocation(location);
  const account = await callAzure(() =>
    storageClient(ctx).storageAccounts.beginCreateAndWait(resourceGroup, name, {
      sku: { name: 'Standard_LRS' },
      kind: 'StorageV2',
      location: region,
    }),
  );
  return summarize(account);
}
