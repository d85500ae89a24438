import * as vscode from 'vscode';
import { portalUrlForResource } from '../services/azure/cloud';
import { portalTenants, type TenantSource } from '../services/azure/portalTenant';
import { listSubscriptions } from '../services/azure/subscriptions';
import { findVmByKey } from '../estate';
import type { CommandSpec } from './command';
import { isVmArgument, type CommandContext } from './context';

/** Where portal links take their tenant from: the sign-in's, else the connected subscription's. */
export function tenantSourceOf(saved: CommandContext['connection']['saved']): TenantSource | undefined {
  if (!saved) return undefined;
  const chosen = saved.signIn.tenantId?.trim();
  const sub = saved.vault?.subscriptionId ?? saved.subscriptionId;
  return { ...(chosen ? { signInTenantId: chosen } : {}), ...(sub ? { subscriptionId: sub } : {}) };
}

/**
 * The directory (tenant) for portal links: the one the user signed in to, else the tenant ARM
 * lists for the connected subscription (read once). Undefined when neither is known: the link
 * then opens in the user's default directory.
 */
async function portalTenant(ctx: CommandContext): Promise<string | undefined> {
  const source = tenantSourceOf(ctx.connection.saved);
  const known = portalTenants.known(source);
  if (known) return known;
  const sub = source?.subscriptionId?.toLowerCase();
  if (!sub) return undefined;
  try {
    const actx = await ctx.connection.azureContext();
    const tenant = actx ? (await listSubscriptions(actx)).find((s) => s.subscriptionId.toLowerCase() === sub)?.tenantId : undefined;
    if (tenant) portalTenants.remember(sub, tenant);
    return tenant;
  } catch (e) {
    ctx.log.warn(`Could not read the subscription's tenant for the portal link: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

/** Opens a resource in the portal of the configured cloud, in its tenant (`#@{tenant}/resource{id}`). */
export async function openResourceInPortal(ctx: CommandContext, armId: string): Promise<void> {
  const cloud = ctx.connection.currentCloud() ?? (await ctx.connection.azureContext())?.cloud;
  if (!cloud) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Connect to a vault first.'));
    return;
  }
  await vscode.env.openExternal(vscode.Uri.parse(portalUrlForResource(cloud, armId, await portalTenant(ctx))));
}

/** Opens the VM in the Azure portal of the configured cloud (a failed-over VM), else the vault. */
export const openInPortalCommand: CommandSpec = {
  id: 'azureSiteRecovery.openInPortal',
  async run(ctx, arg) {
    const vault = ctx.connection.saved?.vault;
    if (!vault) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Connect to a vault first.'));
      return;
    }
    const snapshot = ctx.store.snapshot;
    const vm = isVmArgument(arg) && snapshot ? findVmByKey(snapshot, arg.vmKey) : undefined;
    const target =
      vm?.protection?.azureVm?.id ?? `/subscriptions/${vault.subscriptionId}/resourceGroups/${vault.resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${vault.vaultName}`;
    await openResourceInPortal(ctx, target);
  },
};
