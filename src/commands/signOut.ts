import * as vscode from 'vscode';
import type { CommandSpec } from './command';

export const signOutCommand: CommandSpec = {
  id: 'azureSiteRecovery.signOut',
  async run(ctx) {
    await ctx.connection.signOut();
    ctx.store.clear();
    void vscode.window.showInformationMessage(vscode.l10n.t('Signed out of Azure Site Recovery. Stored service principal secrets were deleted.'));
  },
};
