import * as vscode from 'vscode';
import { unlessCancelled } from './cancellation';
import type { CommandSpec } from './command';
import { showError, vaultKeyOfArgument, type CommandContext } from './context';

/** A refresh shorter than this shows only the view's progress bar; a longer one also a notification. */
export const REFRESH_NOTIFICATION_DELAY_MS = 2000;

/**
 * A full refresh with the view's progress bar; when it lasts more than two seconds, also a
 * notification whose Cancel stops it (only a notification shows a Cancel button): the PowerShell
 * call and Azure requests in flight end and the views keep what they showed. A quick refresh
 * does not flash a notification.
 */
export function refreshWithProgress(ctx: CommandContext): Thenable<void> {
  const control = new AbortController();
  return vscode.window.withProgress({ location: { viewId: 'azureSiteRecovery.protection' } }, async () => {
    const refresh = ctx.store.refresh(control.signal);
    const timer = setTimeout(() => {
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Refreshing Azure Site Recovery…'), cancellable: true },
        (_progress, token) =>
          unlessCancelled(token, async (signal) => {
            signal.addEventListener('abort', () => control.abort(), { once: true });
            await refresh.catch(() => undefined);
          }),
      );
    }, REFRESH_NOTIFICATION_DELAY_MS);
    try {
      await refresh;
    } catch (e) {
      if (!control.signal.aborted) throw e;
    } finally {
      clearTimeout(timer);
    }
  });
}

/** The manual Refresh: probes the hosts again and re-reads ASR; from a vault's node, that vault's; else every vault's (issue 16 §3). */
export const refreshCommand: CommandSpec = {
  id: 'azureSiteRecovery.refresh',
  async run(ctx, arg) {
    try {
      await refreshWithProgress(ctx);
      if (vaultKeyOfArgument(arg) === undefined) await ctx.vaultEstates.refreshAdded();
      await ctx.jobs.refreshNow();
    } catch (e) {
      showError(ctx, e, 'Refresh');
    }
  },
};
