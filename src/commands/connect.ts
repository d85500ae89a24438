import * as vscode from 'vscode';
import { vaultKeyOf } from '../connection/vaultChange';
import type { ConnectDeps, ConnectSnapshot } from '../webviews/connect/connectWizard';
import { ConnectWizard, connectSnapshot } from '../webviews/connect/connectWizard';
import type { FormWizardKind } from '../webviews/form/formPanel';
import { showFormWizard } from '../webviews/form/formPanel';
import type { CommandSpec } from './command';
import type { CommandContext } from './context';
import { panelContext } from './context';

export const connectWizardKind: FormWizardKind<ConnectSnapshot> = {
  viewType: 'azureSiteRecovery.connectWizard',
  title: vscode.l10n.t('Connect to a vault'),
  snapshot: connectSnapshot,
};

/** What the Connect wizard needs, from the extension's connection, estate and job tracker. */
export function connectDeps(ctx: CommandContext): ConnectDeps {
  return {
    signedIn: () => ctx.connection.azureContext(),
    signIn: (signIn, secret) => ctx.connection.signIn(signIn, secret),
    async save(choice) {
      const before = vaultKeyOf(ctx.connection.saved);
      await ctx.connection.choose(choice.subscriptionId, choice.vault, choice.storageAccountId);
      ctx.log.info(`Connected to the vault ${choice.vault.vaultName} (${choice.vault.resourceGroup}, ${choice.vault.location}).`);
      // Another vault: the views forgot the old one and read this one as the connection changed
      // (connection/vaultChange.ts). The same vault again: read it again here.
      if (vaultKeyOf(ctx.connection.saved) !== before) return;
      // In the background: a failure is logged (the views say what they could not read), never unhandled.
      ctx.store.refresh().catch((e: unknown) => ctx.log.warn(`Refreshing after Connect failed: ${e instanceof Error ? e.message : String(e)}`));
      ctx.jobs.refreshNow().catch((e: unknown) => ctx.log.warn(`Reading the jobs after Connect failed: ${e instanceof Error ? e.message : String(e)}`));
    },
    openExternal: (url) => void vscode.env.openExternal(vscode.Uri.parse(url)),
  };
}

/** Connect: the wizard that signs in and chooses (or creates) the resource group, storage account and vault. */
export const connectCommand: CommandSpec = {
  id: 'azureSiteRecovery.connect',
  run(ctx) {
    showFormWizard(panelContext(ctx), connectWizardKind, 'connect', connectWizardKind.title, () => new ConnectWizard(connectDeps(ctx)));
    return Promise.resolve();
  },
};
