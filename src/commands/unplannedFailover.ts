import * as vscode from 'vscode';
import { unplannedFailover } from '../services/azure/failover';
import { listRecoveryPoints } from '../services/azure/recoveryPoints';
import { refOfItem } from '../services/azure/protection';
import type { CommandSpec } from './command';
import { confirm, requireVault, resolveVm, runVmAction } from './context';
import { pickRecoveryPoint } from './pickRecoveryPoint';

/** Unplanned failover: the source is down; the VM starts in Azure from the chosen recovery point. */
export const unplannedFailoverCommand: CommandSpec = {
  id: 'azureSiteRecovery.unplannedFailover',
  async run(ctx, arg) {
    const vm = await resolveVm(ctx, arg, 'unplannedFailover');
    const vctx = vm ? await requireVault(ctx) : undefined;
    if (!vm?.protectedItem || !vctx) return;
    const point = await pickRecoveryPoint(vm.name, () => listRecoveryPoints(vctx, refOfItem(vm.protectedItem!)));
    if (point === null) return;
    const yes = vscode.l10n.t('Shut it down first');
    const no = vscode.l10n.t('Leave it (the host is down)');
    const shutdown = await vscode.window.showQuickPick([yes, no], { title: vscode.l10n.t('Shut down {0} on its host before failing over?', vm.name) });
    if (!shutdown) return;
    const go = await confirm(
      vscode.l10n.t('Unplanned failover of {0}?', vm.name),
      vscode.l10n.t('{0} will start in Azure from {1}. Changes after that point are lost. Commit afterwards.', vm.name, point ? vscode.l10n.t('the chosen recovery point') : vscode.l10n.t('the latest recovery point')),
      vscode.l10n.t('Fail Over'),
    );
    if (!go) return;
    await runVmAction(ctx, vm, {
      action: 'unplannedFailover',
      transientText: vscode.l10n.t('Starting failover…'),
      start: (v, item) => unplannedFailover(v, item, { shutDownSource: shutdown === yes, ...(point ? { recoveryPointId: point } : {}) }),
      nextStep: { title: vscode.l10n.t('Commit'), command: 'azureSiteRecovery.commitFailover' },
    });
  },
};
