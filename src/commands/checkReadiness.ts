import * as vscode from 'vscode';
import { allVms, findVmByKey } from '../estate';
import { readinessIssueCount, type VmReadiness } from '../model/readiness';
import { readinessMarkdown, readinessSummary } from '../readiness/readinessReport';
import type { CommandSpec } from './command';
import { isHostArgument, isVmArgument, requireVault, showError, type CommandContext } from './context';

/** The VMs a run's result is shown for: the VM or host it was run from, else every one. */
function scopeOf(ctx: CommandContext, arg: unknown): ((r: VmReadiness) => boolean) | undefined {
  const snapshot = ctx.store.snapshot;
  if (isVmArgument(arg)) return (r) => r.vmKey === arg.vmKey.toLowerCase();
  if (isHostArgument(arg) && snapshot) {
    const keys = new Set(
      allVms(snapshot)
        .filter((vm) => vm.hostKey === arg.hostKey)
        .map((vm) => vm.key),
    );
    return (r) => keys.has(r.vmKey);
  }
  return undefined;
}

/**
 * Check Failover Readiness (issue 15 §2): runs every readiness check now (a handful of Azure reads
 * for the whole estate), then shows the not-ready VMs' failed checks with evidence and what to do
 * as a read-only Markdown document, and "n of m protected VMs not ready" with a button to it.
 */
export const checkReadinessCommand: CommandSpec = {
  id: 'azureSiteRecovery.checkReadiness',
  async run(ctx: CommandContext, arg?: unknown): Promise<void> {
    const monitor = ctx.readiness;
    if (!monitor || !(await requireVault(ctx))) return;
    if (!ctx.store.snapshot) await ctx.store.refresh();
    try {
      const all = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking failover readiness…') }, () =>
        monitor.checkNow(),
      );
      const inScope = scopeOf(ctx, arg);
      const results = inScope ? all.filter(inScope) : all;
      if (isVmArgument(arg) && results.length === 0) {
        const vm = ctx.store.snapshot ? findVmByKey(ctx.store.snapshot, arg.vmKey) : undefined;
        void vscode.window.showInformationMessage(vscode.l10n.t('{0} is not checked: only protected VMs replicating to Azure are.', vm?.name ?? arg.vmKey));
        return;
      }
      const markdown = readinessMarkdown(results, ctx.store.snapshot, new Date());
      await monitor.showReport(markdown);
      const open = vscode.l10n.t('Show details');
      const notReady = results.some((r) => readinessIssueCount(r) > 0);
      const show = notReady ? vscode.window.showWarningMessage(readinessSummary(results), open) : vscode.window.showInformationMessage(readinessSummary(results), open);
      if ((await show) === open) await monitor.showReport(markdown);
    } catch (e) {
      showError(ctx, e, vscode.l10n.t('Check failover readiness'));
    }
  },
};
