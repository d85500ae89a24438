// Protection containers of a site and the VMs ASR sees in them (protectable items).

import type { ProtectableItem, ProtectionContainer } from '@azure/arm-recoveryservices-siterecovery';
import type { VaultContext } from './clients';
import { siteRecoveryClient } from './clients';
import { collectAll, listCallOptions, type CallOptions } from './paging';

export async function listContainers(vctx: VaultContext, fabricName: string, options?: CallOptions): Promise<ProtectionContainer[]> {
  const { vaultName, resourceGroup } = vctx.vault;
  return collectAll(siteRecoveryClient(vctx).replicationProtectionContainers.listByReplicationFabrics(vaultName, resourceGroup, fabricName, listCallOptions(options)));
}

/**
 * Every protectable item of the container (all pages), with all fields: `customDetails`
 * (HyperVVirtualMachine: sourceItemId, diskDetails, has* presence flags), `protectionStatus`,
 * `protectionReadinessErrors`. `filter` is ASR's OData filter (e.g. "State eq 'Unprotected'").
 */
export async function listProtectableItems(
  vctx: VaultContext,
  fabricName: string,
  containerName: string,
  options: { filter?: string } & CallOptions = {},
): Promise<ProtectableItem[]> {
  const { vaultName, resourceGroup } = vctx.vault;
  return collectAll(
    siteRecoveryClient(vctx).replicationProtectableItems.listByReplicationProtectionContainers(vaultName, resourceGroup, fabricName, containerName, {
      ...(options.filter !== undefined ? { filter: options.filter } : {}),
      ...listCallOptions(options),
    }),
  );
}
