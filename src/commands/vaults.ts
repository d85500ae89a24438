// Add Vault and Remove Vault (issue 16 §3): vaults side by side in the Protection view. Add Vault
// signs in as the first vault does (or to another directory), then picks a subscription and a
// vault; Remove Vault forgets an added vault. The first vault stays the Connect wizard's.

import * as vscode from 'vscode';
import type { Connection, SignIn } from '../connection/connection';
import { vaultKeyOfRef } from '../connection/vaultChange';
import type { AzureContext } from '../services/azure/clients';
import { listSubscriptions } from '../services/azure/subscriptions';
import { listVaults, type VaultSummary } from '../services/azure/vaults';
import { commandIds } from '../tree/presentation';
import type { CommandSpec } from './command';
import { showError, vaultKeyOfArgument, type CommandContext } from './context';

/** Two sign-ins as the same service principal (they share its saved secret). */
function sameServicePrincipal(a: SignIn | undefined, b: SignIn): boolean {
  return (
    a?.kind === 'servicePrincipal' &&
    b.kind === 'servicePrincipal' &&
    a.tenantId.toLowerCase() === b.tenantId.toLowerCase() &&
    a.clientId.toLowerCase() === b.clientId.toLowerCase()
  );
}

/** The sign-in of the vault to add: the first vault's, or one to another directory (tenant) on a pending connection. */
async function pickSignIn(ctx: CommandContext, first: SignIn): Promise<{ signIn: SignIn; pending?: Connection } | undefined> {
  const same = { label: vscode.l10n.t('Same sign-in as the first vault'), description: first.tenantId ?? '', same: true };
  const other = { label: vscode.l10n.t('Another directory (tenant)…'), description: vscode.l10n.t('A vault in another tenant'), same: false };
  const choice = await vscode.window.showQuickPick([same, other], { title: vscode.l10n.t('Add Vault: sign-in') });
  if (!choice) return undefined;
  if (choice.same) return { signIn: first };
  const tenantId = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Vault: directory (tenant) ID'),
    validateInput: (v) => (/^[0-9a-f-]{36}$/i.test(v.trim()) || /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(v.trim()) ? undefined : vscode.l10n.t('A tenant ID (a GUID) or a domain name.')),
  });
  if (!tenantId) return undefined;
  let signIn: SignIn =
    first.kind === 'servicePrincipal' ? { kind: 'servicePrincipal', tenantId: tenantId.trim(), clientId: first.clientId } : { kind: first.kind, tenantId: tenantId.trim() };
  let secret: string | undefined;
  if (signIn.kind === 'servicePrincipal') {
    const clientId = await vscode.window.showInputBox({ title: vscode.l10n.t('Add Vault: application (client) ID'), value: signIn.clientId });
    secret = clientId ? await vscode.window.showInputBox({ title: vscode.l10n.t('Add Vault: client secret'), password: true }) : undefined;
    if (!clientId || !secret) return undefined;
    signIn = { ...signIn, clientId: clientId.trim() };
  }
  const pending = ctx.vaults.pending();
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Signing in…') }, () => pending.signIn(signIn, secret));
  return { signIn, pending };
}

/** The vault to add: a subscription (when several), then one of its vaults; a vault connected already is refused with a clear message. */
async function pickVault(ctx: CommandContext, actx: AzureContext): Promise<{ subscriptionId: string; vault: VaultSummary } | undefined> {
  const subscriptions = (await listSubscriptions(actx)).filter((s) => s.state === undefined || s.state === 'Enabled');
  const sub =
    subscriptions.length === 1
      ? subscriptions[0]
      : (
          await vscode.window.showQuickPick(
            subscriptions.map((s) => ({ label: s.displayName, description: s.subscriptionId, s })),
            { title: vscode.l10n.t('Add Vault: subscription') },
          )
        )?.s;
  if (!sub) return undefined;
  const vaults = await listVaults({ ...actx, subscriptionId: sub.subscriptionId });
  if (vaults.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('The subscription {0} has no Recovery Services vault. Create one with the Connect wizard, or pick another subscription.', sub.displayName),
    );
    return undefined;
  }
  const connected = vscode.l10n.t('connected');
  const picked = await vscode.window.showQuickPick(
    vaults.map((v) => ({ label: v.name, description: `${v.resourceGroup} · ${v.location}${ctx.vaults.has(v.ref) ? ` · ${connected}` : ''}`, v })),
    { title: vscode.l10n.t('Add Vault: vault') },
  );
  if (!picked) return undefined;
  if (ctx.vaults.has(picked.v.ref)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The vault {0} is connected already: it shows in the Protection view.', picked.v.name));
    return undefined;
  }
  return { subscriptionId: sub.subscriptionId, vault: picked.v };
}

export const addVaultCommand: CommandSpec = {
  id: 'azureSiteRecovery.addVault',
  async run(ctx) {
    const first = ctx.vaults.first.saved;
    if (!first?.vault) {
      void vscode.window.showInformationMessage(vscode.l10n.t("Connect to a vault first ('Azure Site Recovery: Connect to a Vault'); Add Vault then adds others beside it."));
      return;
    }
    let pending: Connection | undefined;
    let added = false;
    try {
      const chosen = await pickSignIn(ctx, first.signIn);
      if (!chosen) return;
      pending = chosen.pending;
      const actx = await (pending ?? ctx.vaults.first).azureContext();
      const target = actx ? await pickVault(ctx, actx) : undefined;
      if (!target) return;
      const { vault } = target;
      await ctx.vaults.add({ signIn: chosen.signIn, subscriptionId: target.subscriptionId, vault: { ...vault.ref, location: vault.location } });
      added = true;
      ctx.log.info(vscode.l10n.t('Added the vault {0} ({1}).', vault.name, vaultKeyOfRef(vault.ref)));
      void vscode.window.showInformationMessage(vscode.l10n.t('Added the vault {0}: it shows in the Protection view beside the others.', vault.name));
    } catch (e) {
      showError(ctx, e, commandIds.addVault);
    } finally {
      // The added vault's connection has adopted the sign-in (and its secret): the pending one goes,
      // with the secret unless a vault signs in with it.
      await pending?.signOut({ keepSecret: added || sameServicePrincipal(pending.saved?.signIn, first.signIn) });
      pending?.dispose();
    }
  },
};

export const removeVaultCommand: CommandSpec = {
  id: 'azureSiteRecovery.removeVault',
  async run(ctx, arg) {
    const isVaultNode = typeof arg === 'object' && arg !== null && Reflect.get(arg, 'kind') === 'vault';
    let vaultKey = vaultKeyOfArgument(arg);
    if (isVaultNode && vaultKey === undefined) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t("This is the first vault, the one 'Connect to a Vault' chose: use Sign Out to leave it, or Connect to a Vault to choose another."),
      );
      return;
    }
    const added = ctx.vaults.addedVaults();
    if (vaultKey === undefined) {
      if (added.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('No vault was added beside the first one.'));
        return;
      }
      vaultKey = (
        await vscode.window.showQuickPick(
          added.map((v) => ({ label: v.connection.saved?.vault?.vaultName ?? v.vaultKey, description: v.connection.saved?.vault?.resourceGroup ?? '', vaultKey: v.vaultKey })),
          { title: vscode.l10n.t('Remove Vault') },
        )
      )?.vaultKey;
      if (vaultKey === undefined) return;
    }
    const name = ctx.vaults.connectionFor(vaultKey)?.saved?.vault?.vaultName ?? vaultKey;
    const remove = vscode.l10n.t('Remove');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Remove the vault {0} from the Protection view?', name),
      { modal: true, detail: vscode.l10n.t('Nothing changes in Azure: the vault, its protected VMs and its jobs stay. Add it again with Add Vault.') },
      remove,
    );
    if (answer !== remove) return;
    await ctx.vaults.remove(vaultKey);
  },
};
