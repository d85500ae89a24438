import * as vscode from 'vscode';
import { allVms } from '../estate';
import { judgeNetwork, problemCount } from '../networking/reconnection';
import { reconnectionMarkdown, reconnectionSummary, targetNetworks } from '../networking/reconnectionReport';
import { ReadinessDocuments } from '../readiness/readinessDocument';
import { readNetworkReach } from '../services/azure/gateways';
import type { CommandSpec } from './command';
import { requireVault, showError, type CommandContext } from './context';

/** The report's read-only documents (scheme asr-reconnection), made on first use. */
let documents: ReadinessDocuments | undefined;

/**
 * Check Client Reconnection (issue 16 §1): for each target network of the protected VMs, reads
 * whether it has a virtual network gateway with a connection to the site (site-to-site VPN or
 * ExpressRoute) and DNS servers set, then shows what is missing with Microsoft's documentation as a
 * read-only Markdown document, like Check Failover Readiness. It reads only: it never creates a
 * gateway or changes a network.
 */
export const checkClientReconnectionCommand: CommandSpec = {
  id: 'azureSiteRecovery.checkClientReconnection',
  async run(ctx: CommandContext): Promise<void> {
    const vctx = await requireVault(ctx);
    if (!vctx) return;
    try {
      if (!ctx.store.snapshot) await ctx.store.refresh();
      const targets = targetNetworks(ctx.store.snapshot ? allVms(ctx.store.snapshot) : []);
      if (targets.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('No protected VM names a target network yet: enable replication to Azure first.'));
        return;
      }
      const reach = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking client reconnection…') }, () =>
        readNetworkReach(
          vctx,
          targets.map((t) => t.networkId),
        ),
      );
      const verdicts = reach.map(judgeNetwork);
      const markdown = reconnectionMarkdown(verdicts, targets, new Date());
      documents ??= new ReadinessDocuments('asr-reconnection');
      await documents.show(vscode.l10n.t('Client reconnection'), markdown);
      const open = vscode.l10n.t('Show details');
      const summary = reconnectionSummary(verdicts);
      const answer = problemCount(verdicts) > 0 ? await vscode.window.showWarningMessage(summary, open) : await vscode.window.showInformationMessage(summary, open);
      if (answer === open) await documents.show(vscode.l10n.t('Client reconnection'), markdown);
    } catch (e) {
      showError(ctx, e, vscode.l10n.t('Check client reconnection'));
    }
  },
};
