import { createHash } from 'node:crypto';

/** A GUID derived from a string: stable ids for providers, disks and recovery points. */
export function stableGuid(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('|').toLowerCase()).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-9${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function vaultPath(subscriptionId: string, resourceGroup: string, vault: string): string {
  // Real ASR answers with a capital S in its ids (see the recordings); ARM resources use lower case.
  return `/Subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${vault}`;
}

export function armVaultId(subscriptionId: string, resourceGroup: string, vault: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${vault}`;
}

export function storageAccountArmId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Storage/storageAccounts/${name}`;
}

export function virtualNetworkArmId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/virtualNetworks/${name}`;
}

export function resourceGroupArmId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

/**
 * Parses an ARM id loosely (case-insensitive keywords), returning the type/name pairs after the
 * subscription; undefined when it is not an ARM id.
 */
export function parseLooseArmId(id: string): { subscriptionId: string; resourceGroup?: string | undefined; pairs: [string, string][] } | undefined {
  const parts = id.split('/').filter((p) => p !== '');
  if (parts.length < 2 || parts[0].toLowerCase() !== 'subscriptions') return undefined;
  const subscriptionId = parts[1];
  let resourceGroup: string | undefined;
  let i = 2;
  if (parts[i]?.toLowerCase() === 'resourcegroups') {
    resourceGroup = parts[i + 1];
    if (resourceGroup === undefined) return undefined;
    i += 2;
  }
  const pairs: [string, string][] = [];
  if (parts[i]?.toLowerCase() === 'providers') {
    const provider = parts[i + 1];
    if (provider === undefined) return undefined;
    i += 2;
    let first = true;
    while (i < parts.length) {
      const type = parts[i];
      const name = parts[i + 1];
      if (name === undefined) return undefined;
      pairs.push([first ? `${provider}/${type}` : type, name]);
      first = false;
      i += 2;
    }
  } else if (i !== parts.length) {
    return undefined;
  }
  return { subscriptionId, resourceGroup, pairs };
}
