import * as vscode from 'vscode';
import type { EstateHost } from '../estate';
import type { CommandSpec } from './command';
import { hostCredentialNames, hostsWithSavedCredentials, isHostArgument, showError } from './context';

/**
 * Deletes the credentials saved for a Hyper-V host from VS Code's secret storage; the host is then
 * reached as the account VS Code runs as, until credentials are given again.
 */
export const forgetHostCredentialsCommand: CommandSpec = {
  id: 'azureSiteRecovery.forgetHostCredentials',
  async run(ctx, arg) {
    try {
      const hosts = ctx.store.snapshot?.hosts ?? [];
      const withSaved = await hostsWithSavedCredentials(ctx, hosts);
      let host: EstateHost | undefined;
      if (isHostArgument(arg)) {
        host = hosts.find((h) => h.key === arg.hostKey);
        if (host && !withSaved.includes(host)) {
          void vscode.window.showInformationMessage(vscode.l10n.t('No credentials are saved for {0}.', host.name));
          return;
        }
      } else if (withSaved.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('No Hyper-V host has saved credentials.'));
        return;
      } else {
        host = (
          await vscode.window.showQuickPick(
            withSaved.map((h) => ({ label: h.name, description: h.fqdn ?? '', host: h })),
            { title: vscode.l10n.t('Forget the saved credentials of a Hyper-V host') },
          )
        )?.host;
      }
      if (!host) return;
      for (const name of hostCredentialNames(host)) await ctx.credentials.delete(name);
      ctx.log.info(`Forgot the saved credentials of ${host.name}.`);
      void vscode.window.showInformationMessage(vscode.l10n.t('The saved credentials of {0} are deleted. The host is now reached as your own account.', host.name));
      await ctx.store.refresh();
    } catch (e) {
      showError(ctx, e, 'Forget host credentials');
    }
  },
};
