import * as vscode from 'vscode';
import { unlessCancelled } from './cancellation';
import type { CommandSpec } from './command';
import { showError, type CommandContext } from './context';

/**
 * A full refresh with the view's progress bar and a notification whose Cancel stops it (only a
 * notification shows a Cancel button): the PowerShell call and Azure requests in flight end and
 * the views keep what they showed.
 */
export function refreshWithProgress(ctx: CommandContext): Thenable<void> {
  return vscode.window.withProgress({ location: { viewId: 'azureSiteRecovery.protection' } }, () =>
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Refreshing Azure Site Recovery…'), cancellable: true },
      async (_progress, token) => {
        await unlessCancelled(token, (signal) => ctx.store.refresh(signal));
      },
    ),
  );
}

/** The manual Refresh: probes the hosts again and re-reads ASR. */
export const refreshCommand: CommandSpec = {
  id: 'azureSiteRecovery.refresh',
  async run(ctx) {
    try {
      await refreshWithProgress(ctx);
      await ctx.jobs.refreshNow();
    } catch (e) {
      showError(ctx, e, 'Refresh');
    }
  },
};
