/**
 * The resources a Site Recovery request body names by id (a replication policy, a storage account,
 * a resource group, a virtual network): each must exist where Azure expects it, or the request is
 * refused with 400 naming the field.
 */
import { invalidField } from '../core/armError';
import type { LabState, VaultState, VirtualNetworkState } from '../state';
import { key } from '../state';
import { parseLooseArmId } from './ids';

export function policyNameFromId(v: VaultState, id: string, target: string): string {
  const parsed = parseLooseArmId(id);
  const pair = parsed?.pairs.find(([t]) => t.toLowerCase() === 'replicationpolicies');
  const name = pair?.[1];
  if (!parsed || !name || !v.policies.has(key(name))) {
    throw invalidField(target, `The replication policy '${id}' does not exist in the vault '${v.name}'.`);
  }
  return v.policies.get(key(name))!.name;
}

export function storageAccount(state: LabState, id: string, target: string, v: VaultState): void {
  const parsed = parseLooseArmId(id);
  const pair = parsed?.pairs[0];
  if (!parsed || !parsed.resourceGroup || !pair || pair[0].toLowerCase() !== 'microsoft.storage/storageaccounts') {
    throw invalidField(target, `'${id}' is not a storage account id.`);
  }
  const sa = state.storageAccounts.get(key(parsed.resourceGroup, pair[1]));
  if (!sa || parsed.subscriptionId.toLowerCase() !== state.subscriptionId.toLowerCase()) {
    throw invalidField(target, `The storage account '${pair[1]}' does not exist in resource group '${parsed.resourceGroup}'.`);
  }
  if (sa.location.toLowerCase() !== v.location.toLowerCase()) {
    throw invalidField(target, `The storage account '${sa.name}' is in ${sa.location}; it must be in the vault's region (${v.location}).`);
  }
}

export function resourceGroupFromId(state: LabState, id: string, target: string): void {
  const parsed = parseLooseArmId(id);
  if (!parsed || !parsed.resourceGroup || parsed.pairs.length > 0) throw invalidField(target, `'${id}' is not a resource group id.`);
  if (!state.resourceGroups.has(key(parsed.resourceGroup)) || parsed.subscriptionId.toLowerCase() !== state.subscriptionId.toLowerCase()) {
    throw invalidField(target, `The resource group '${parsed.resourceGroup}' does not exist.`);
  }
}

export function virtualNetwork(state: LabState, id: string, target: string): VirtualNetworkState {
  const parsed = parseLooseArmId(id);
  const pair = parsed?.pairs[0];
  if (!parsed || !parsed.resourceGroup || !pair || pair[0].toLowerCase() !== 'microsoft.network/virtualnetworks') {
    throw invalidField(target, `'${id}' is not a virtual network id.`);
  }
  const vnet = state.virtualNetworks.get(key(parsed.resourceGroup, pair[1]));
  if (!vnet) throw invalidField(target, `The virtual network '${pair[1]}' does not exist in resource group '${parsed.resourceGroup}'.`);
  return vnet;
}
