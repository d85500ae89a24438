import * as vscode from 'vscode';
import type { CommandSpec } from './command';
import { showError } from './context';

/** The manual Refresh: probes the hosts again and re-reads ASR. */
export const refreshCommand: CommandSpec = {
  id: 'azureSiteRecovery.refresh',
  async run(ctx) {
    try {
      await vscode.window.withProgress({ location: { viewId: 'azureSiteRecovery.protection' } }, () => ctx.store.refresh());
      await ctx.jobs.refreshNow();
    } catch (e) {
      showError(ctx, e, 'Refresh');
    }
  },
};
