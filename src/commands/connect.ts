import * as vscode from 'vscode';
import { listSubscriptions } from '../services/azure/subscriptions';
import { listVaults } from '../services/azure/vaults';
import type { SignIn } from '../connection/connection';
import type { CommandSpec } from './command';
import { showError, type CommandContext } from './context';

const guid = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

async function askSignIn(): Promise<{ signIn: SignIn; secret?: string } | undefined> {
  const method = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('Microsoft account'), description: vscode.l10n.t('sign in with VS Code'), method: 'account' as const },
      { label: vscode.l10n.t('Service principal'), description: vscode.l10n.t('tenant, client id and secret (also the ASR lab)'), method: 'servicePrincipal' as const },
      { label: vscode.l10n.t('Azure CLI'), description: vscode.l10n.t('use the account of "az login"'), method: 'cli' as const },
    ],
    { title: vscode.l10n.t('Sign in to Azure'), placeHolder: vscode.l10n.t('How do you sign in?') },
  );
  if (!method) return undefined;
  if (method.method !== 'servicePrincipal') return { signIn: { kind: method.method } };
  const askGuid = (prompt: string): Thenable<string | undefined> =>
    vscode.window.showInputBox({ title: vscode.l10n.t('Sign in to Azure'), prompt, ignoreFocusOut: true, validateInput: (v) => (guid.test(v.trim()) ? undefined : vscode.l10n.t('A GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47.')) });
  const tenantId = (await askGuid(vscode.l10n.t('Tenant (directory) id')))?.trim();
  if (!tenantId) return undefined;
  const clientId = (await askGuid(vscode.l10n.t('Client (application) id')))?.trim();
  if (!clientId) return undefined;
  const secret = await vscode.window.showInputBox({ title: vscode.l10n.t('Sign in to Azure'), prompt: vscode.l10n.t('Client secret (kept in VS Code secret storage)'), password: true, ignoreFocusOut: true, validateInput: (v) => (v.length > 0 ? undefined : vscode.l10n.t('The secret is required.')) });
  if (!secret) return undefined;
  return { signIn: { kind: 'servicePrincipal', tenantId, clientId }, secret };
}

/** Connect: sign in (if needed), choose the subscription and the Recovery Services vault. */
export const connectCommand: CommandSpec = {
  id: 'azureSiteRecovery.connect',
  async run(ctx: CommandContext) {
    try {
      if (!ctx.connection.signedIn || !(await ctx.connection.azureContext())) {
        const answer = await askSignIn();
        if (!answer) return;
        await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Signing in to Azure…') }, () => ctx.connection.signIn(answer.signIn, answer.secret));
      }
      const ctxAzure = await ctx.connection.azureContext();
      if (!ctxAzure) return;
      const subscriptions = await listSubscriptions(ctxAzure);
      if (subscriptions.length === 0) {
        const create = vscode.l10n.t('Create a free account');
        if ((await vscode.window.showWarningMessage(vscode.l10n.t('This account has no Azure subscription.'), create)) === create) {
          await vscode.env.openExternal(vscode.Uri.parse('https://azure.microsoft.com/free/'));
        }
        return;
      }
      const sub = subscriptions.length === 1 ? { s: subscriptions[0] } : await vscode.window.showQuickPick(subscriptions.map((s) => ({ label: s.displayName, description: s.subscriptionId, s })), { title: vscode.l10n.t('Subscription') });
      if (!sub) return;
      const vaults = await listVaults({ ...ctxAzure, subscriptionId: sub.s.subscriptionId });
      if (vaults.length === 0) {
        void vscode.window.showWarningMessage(vscode.l10n.t('No Recovery Services vault in {0}. Create one in the Azure portal (the Connect wizard will create it for you).', sub.s.displayName));
        return;
      }
      const vault = await vscode.window.showQuickPick(vaults.map((v) => ({ label: v.name, description: `${v.resourceGroup} · ${v.location}`, v })), { title: vscode.l10n.t('Recovery Services vault') });
      if (!vault) return;
      await ctx.connection.choose(sub.s.subscriptionId, { ...vault.v.ref, location: vault.v.location });
      ctx.store.clear();
      await vscode.window.withProgress({ location: { viewId: 'azureSiteRecovery.protection' } }, () => ctx.store.refresh());
      void ctx.jobs.refreshNow();
    } catch (e) {
      showError(ctx, e, 'Connect');
    }
  },
};
