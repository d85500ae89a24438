import * as vscode from 'vscode';
import { plannedFailover } from '../services/azure/failover';
import type { CommandSpec } from './command';
import { confirm, resolveVm, runVmAction } from './context';

/** Planned failover: shuts the VM down in order, syncs the last changes, starts it in Azure. */
export const plannedFailoverCommand: CommandSpec = {
  id: 'azureSiteRecovery.plannedFailover',
  async run(ctx, arg) {
    const vm = await resolveVm(ctx, arg, 'plannedFailover');
    if (!vm) return;
    const go = await confirm(
      vscode.l10n.t('Planned failover of {0}?', vm.name),
      vscode.l10n.t('{0} will be shut down on {1}, its last changes synchronized (no data loss), and it will start in Azure. Commit afterwards.', vm.name, vm.hostKey),
      vscode.l10n.t('Fail Over'),
    );
    if (!go) return;
    await runVmAction(ctx, vm, {
      action: 'plannedFailover',
      transientText: vscode.l10n.t('Starting planned failover…'),
      start: (v, item) => plannedFailover(v, item),
      nextStep: { title: vscode.l10n.t('Commit'), command: 'azureSiteRecovery.commitFailover' },
    });
  },
};
