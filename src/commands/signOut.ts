import * as vscode from 'vscode';
import type { CommandSpec } from './command';

/**
 * Sign Out: the connection forgets the sign-in and the vault; every view follows in the same tick
 * (connection/vaultChange.ts, wired in extension.ts): the Jobs view empties, the status bar hides,
 * the Protection view keeps the hosts with their Hyper-V facts and drops what the vault said.
 */
export const signOutCommand: CommandSpec = {
  id: 'azureSiteRecovery.signOut',
  async run(ctx) {
    // The vaults added beside the first go too (connection/vaultSet.ts).
    await ctx.vaults.removeAll();
    await ctx.connection.signOut();
    void vscode.window.showInformationMessage(vscode.l10n.t('Signed out of Azure Site Recovery. Stored service principal secrets were deleted.'));
  },
};
