// What the signed-in identity may do at a scope: ARM's permissions API
// (GET {scope}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01, operations
// Permissions_ListForResourceGroup and Permissions_ListForResource in azure-rest-api-specs
// specification/authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/
// authorization-RoleDefinitionsCalls.json; pageable with `nextLink`). The project has no SDK for
// Microsoft.Authorization, so the request goes through the pipeline of the @azure/arm-resources
// client the project already builds (same credential, cloud endpoint, CA, retry and user agent).

import { createPipelineRequest } from '@azure/core-rest-pipeline';
import { parseArmId } from '../../model/armId';
import type { PermissionEntry, PermissionProblem, ScopeNeed } from '../../model/permissions';
import { connectActions, enableReplicationActions, permissionProblems } from '../../model/permissions';
import type { AzureContext } from './clients';
import { resourceClient } from './clients';
import { AzureOperationError, parseServiceError, sanitizeMessage } from './errors';

export const PERMISSIONS_API_VERSION = '2022-04-01';

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The permissions the identity has at a resource group or resource id (every page). */
export async function listPermissions(ctx: AzureContext, scope: string): Promise<PermissionEntry[]> {
  if (!/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+(\/providers\/.+)?$/i.test(scope)) {
    throw new AzureOperationError(`"${scope}" is not a resource group or resource id.`, { code: 'InvalidInput', target: 'scope' });
  }
  const client = resourceClient(ctx);
  const base = ctx.cloud.resourceManagerEndpoint.replace(/\/+$/, '');
  const path = scope.split('/').map(encodeURIComponent).join('/');
  let url: string | undefined = `${base}${path}/providers/Microsoft.Authorization/permissions?api-version=${PERMISSIONS_API_VERSION}`;
  const out: PermissionEntry[] = [];
  for (let page = 0; url !== undefined && page < 50; page++) {
    let response;
    try {
      response = await client.sendRequest(createPipelineRequest({ url, method: 'GET' }));
    } catch (e) {
      throw new AzureOperationError(`Could not read your permissions: ${sanitizeMessage(e instanceof Error ? e.message : String(e))}`, { code: 'RequestFailed' });
    }
    let body: unknown;
    try {
      body = response.bodyAsText ? (JSON.parse(response.bodyAsText) as unknown) : undefined;
    } catch {
      body = undefined;
    }
    if (response.status < 200 || response.status > 299) {
      const parsed = parseServiceError(body);
      throw new AzureOperationError(sanitizeMessage(parsed?.message ?? `Azure answered ${response.status} when asked for your permissions.`), {
        code: parsed?.code ?? `Http${response.status}`,
        statusCode: response.status,
      });
    }
    const o = (typeof body === 'object' && body !== null ? body : {}) as { value?: unknown; nextLink?: unknown };
    for (const v of Array.isArray(o.value) ? o.value : []) {
      if (typeof v !== 'object' || v === null) continue;
      const e = v as Record<string, unknown>;
      out.push({ actions: strings(e.actions), notActions: strings(e.notActions), dataActions: strings(e.dataActions), notDataActions: strings(e.notDataActions) });
    }
    url = typeof o.nextLink === 'string' && o.nextLink !== '' ? o.nextLink : undefined;
  }
  return out;
}

/** Reads the permissions of every scope the needs name (once each) and says what is missing. */
export async function checkPermissions(ctx: AzureContext, needs: readonly ScopeNeed[]): Promise<PermissionProblem[]> {
  const found = new Map<string, PermissionEntry[]>();
  for (const need of needs) {
    const key = need.scope.toLowerCase();
    if (!found.has(key)) found.set(key, await listPermissions(ctx, need.scope));
  }
  return permissionProblems(needs, found);
}

function label(id: string, kind: string): string {
  try {
    const p = parseArmId(id);
    const name = p.segments[p.segments.length - 1]?.name ?? p.resourceGroup ?? id;
    return `the ${kind} ${name}`;
  } catch {
    return `the ${kind} ${id}`;
  }
}

export interface EnableReplicationScopes {
  /** The vault's ARM id. */
  vaultId: string;
  /** The resource group the VMs are created in at failover. */
  targetResourceGroupId: string;
  /** The virtual network the VMs join at failover (optional: chosen later). */
  networkId?: string;
  /** The storage account replication writes to (cache or target). */
  storageAccountId: string;
}

/**
 * What Enable Replication needs on the vault, the target resource group, the network and the
 * storage account (site-recovery-role-based-linked-access-control.md), checked with the
 * permissions API before anything is created. Each problem is a sentence naming the missing
 * role and the scope; an empty list means the identity may go on.
 */
export async function checkEnableReplicationPermissions(vctx: AzureContext, scopes: EnableReplicationScopes): Promise<string[]> {
  const needs: ScopeNeed[] = [
    { scope: scopes.vaultId, scopeLabel: label(scopes.vaultId, 'vault'), actions: enableReplicationActions.vault, purpose: 'enable replication' },
    {
      scope: scopes.targetResourceGroupId,
      scopeLabel: label(scopes.targetResourceGroupId, 'resource group'),
      actions: enableReplicationActions.targetResourceGroup,
      purpose: 'create the virtual machines of a failover',
    },
    {
      scope: scopes.storageAccountId,
      scopeLabel: label(scopes.storageAccountId, 'storage account'),
      actions: enableReplicationActions.storageAccount,
      purpose: 'keep the replication logs',
    },
  ];
  if (scopes.networkId !== undefined && scopes.networkId !== '') {
    needs.push({
      scope: scopes.networkId,
      scopeLabel: label(scopes.networkId, 'virtual network'),
      actions: enableReplicationActions.network,
      purpose: 'connect failed-over virtual machines to the network',
    });
  }
  return (await checkPermissions(vctx, needs)).map((p) => p.text);
}

export interface ConnectScopes {
  subscriptionId: string;
  resourceGroup: string;
  /** The resource group does not exist yet (the run creates it first): nothing to read there. */
  resourceGroupIsNew: boolean;
  /** Creating the storage account (else it exists). */
  createStorageAccount: boolean;
  /** The vault to create, or the existing vault's name. */
  vault: { name: string; create: boolean };
}

/**
 * What Connect needs before its run creates anything: on the resource group, to create the
 * storage account and the vault; on an existing vault, to set up Site Recovery in it. A new
 * resource group has no permissions to read yet (it does not exist): nothing is checked then,
 * and its own creation is the first step of the run.
 */
export async function checkConnectPermissions(ctx: AzureContext, scopes: ConnectScopes): Promise<string[]> {
  if (scopes.resourceGroupIsNew) return [];
  const rgId = `/subscriptions/${scopes.subscriptionId}/resourceGroups/${scopes.resourceGroup}`;
  const rgLabel = `the resource group ${scopes.resourceGroup}`;
  const needs: ScopeNeed[] = [];
  if (scopes.createStorageAccount) needs.push({ scope: rgId, scopeLabel: rgLabel, actions: connectActions.createStorageAccount, purpose: 'create a storage account' });
  if (scopes.vault.create) {
    needs.push({ scope: rgId, scopeLabel: rgLabel, actions: connectActions.createVault, purpose: 'create a Recovery Services vault' });
  } else {
    const vaultId = `${rgId}/providers/Microsoft.RecoveryServices/vaults/${scopes.vault.name}`;
    needs.push({ scope: vaultId, scopeLabel: `the vault ${scopes.vault.name}`, actions: connectActions.useVault, purpose: 'set up Site Recovery' });
  }
  if (needs.length === 0) return [];
  return (await checkPermissions(ctx, needs)).map((p) => p.text);
}
