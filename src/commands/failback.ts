import * as vscode from 'vscode';
import { failback } from '../services/azure/failover';
import type { CommandSpec } from './command';
import { confirm, resolveVm, runVmAction } from './context';

/** Failback: a planned failover from Azure back to the Hyper-V host. */
export const failbackCommand: CommandSpec = {
  id: 'azureSiteRecovery.failback',
  async run(ctx, arg) {
    const vm = await resolveVm(ctx, arg, 'failback');
    if (!vm) return;
    const sync = await vscode.window.showQuickPick(
      [
        { label: vscode.l10n.t('Synchronize before shutting down the Azure VM'), description: vscode.l10n.t('shorter downtime'), option: 'ForSynchronization' as const },
        { label: vscode.l10n.t('Shut down the Azure VM, then synchronize'), description: vscode.l10n.t('simpler, longer downtime'), option: 'ForDownTime' as const },
      ],
      { title: vscode.l10n.t('Fail back {0}', vm.name) },
    );
    if (!sync) return;
    const go = await confirm(vscode.l10n.t('Fail back {0}?', vm.name), vscode.l10n.t('{0} will be shut down in Azure and start again on its Hyper-V host. Commit afterwards.', vm.name), vscode.l10n.t('Fail Back'));
    if (!go) return;
    await runVmAction(ctx, vm, {
      action: 'failback',
      transientText: vscode.l10n.t('Starting failback…'),
      start: (v, item) => failback(v, item, { dataSyncOption: sync.option, recoveryVmCreationOption: 'NoAction' }),
      nextStep: { title: vscode.l10n.t('Commit'), command: 'azureSiteRecovery.commitFailover' },
    });
  },
};
