// Hyper-V sites (ASR fabrics of type HyperVSite).

import type { Fabric, FabricCreationInput } from '@azure/arm-recoveryservices-siterecovery';
import type { AsrOperation, AsrOperationOptions } from './asrOperation';
import { startAsrOperation } from './asrOperation';
import { auditAsrOperation, auditWrites } from './auditLog';
import type { VaultContext } from './clients';
import { siteRecoveryClient } from './clients';
import { callAzure, InvalidInputError } from './errors';
import { validateAsrName } from './names';
import { collectAll, listCallOptions, type CallOptions } from './paging';
import { readProp, readString } from '../../model/wireValues';

export const HYPER_V_SITE = 'HyperVSite';

export function isHyperVSite(fabric: Fabric): boolean {
  return fabric.properties?.customDetails?.instanceType === HYPER_V_SITE;
}

/**
 * The site's protection container, which ASR creates with the site: `cloud_<internalIdentifier>`
 * (recordings ListSite.json: site SiteRecoveryTestSite1 has "internalIdentifier":
 * "eecac84c-1761-50ad-9624-a7092c581567", and EnumerateProtectableItem.json lists its containers
 * as ["cloud_eecac84c-1761-50ad-9624-a7092c581567"]; the REST spec's example
 * ReplicationProtectableItems_ListByReplicationProtectionContainers.json lists
 * "protectionContainerName": "cloud_6d224fc6-f326-5d35-96de-fbf51efb3179"). The estate refresh
 * lists a site's protectable items by this name without listing its containers first.
 */
export function hyperVSiteContainerName(fabric: Fabric): string | undefined {
  const id = readString(readProp(fabric, 'properties'), 'internalIdentifier');
  return id !== undefined ? `cloud_${id}` : undefined;
}

/** Hyper-V sites of the vault (other fabric types, e.g. VMM, are left out). */
export async function listHyperVSites(vctx: VaultContext, options?: CallOptions): Promise<Fabric[]> {
  const { vaultName, resourceGroup } = vctx.vault;
  const fabrics = await collectAll(siteRecoveryClient(vctx).replicationFabrics.list(vaultName, resourceGroup, listCallOptions(options)));
  return fabrics.filter(isHyperVSite);
}

export async function getHyperVSite(vctx: VaultContext, fabricName: string): Promise<Fabric> {
  const { vaultName, resourceGroup } = vctx.vault;
  return callAzure(() => siteRecoveryClient(vctx).replicationFabrics.get(vaultName, resourceGroup, fabricName));
}

/** Local check of a site name (see validateAsrName). */
export function validateSiteName(name: string): string | undefined {
  return validateAsrName(name, 'Hyper-V site');
}

/**
 * Creates a Hyper-V site. The body is exactly `{ properties: {} }`, as the real service receives
 * it (recording CreateSite.json); ASR answers with customDetails.instanceType "HyperVSite".
 */
export async function createHyperVSite(vctx: VaultContext, name: string, options?: AsrOperationOptions): Promise<AsrOperation<Fabric>> {
  return auditAsrOperation(vctx, auditWrites.createSite(name), () => sendCreateSite(vctx, name, options), options?.abortSignal);
}

async function sendCreateSite(vctx: VaultContext, name: string, options?: AsrOperationOptions): Promise<AsrOperation<Fabric>> {
  const problem = validateSiteName(name);
  if (problem !== undefined) {
    throw new InvalidInputError(problem, 'name');
  }
  const { vaultName, resourceGroup } = vctx.vault;
  const input: FabricCreationInput = { properties: {} };
  return startAsrOperation(vctx, (o) => siteRecoveryClient(vctx).replicationFabrics.beginCreate(vaultName, resourceGroup, name, input, o), options);
}
