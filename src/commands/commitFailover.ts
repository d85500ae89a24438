import * as vscode from 'vscode';
import { commitFailover } from '../services/azure/failover';
import type { CommandSpec } from './command';
import { confirm, resolveVm, runVmAction } from './context';

/** Commit: makes a failover (or failback) final; no other recovery point can be chosen after. */
export const commitFailoverCommand: CommandSpec = {
  id: 'azureSiteRecovery.commitFailover',
  async run(ctx, arg) {
    const vm = await resolveVm(ctx, arg, 'commit');
    if (!vm) return;
    const back = vm.status.kind === 'FailbackCommitPending';
    const go = await confirm(
      vscode.l10n.t('Commit the {0} of {1}?', back ? vscode.l10n.t('failback') : vscode.l10n.t('failover'), vm.name),
      back
        ? vscode.l10n.t('{0} stays on premises; then reverse replication protects it again.', vm.name)
        : vscode.l10n.t('{0} keeps running in Azure; other recovery points can no longer be chosen.', vm.name),
      vscode.l10n.t('Commit'),
    );
    if (!go) return;
    await runVmAction(ctx, vm, {
      action: 'commit',
      transientText: vscode.l10n.t('Committing…'),
      start: (v, item) => commitFailover(v, item),
      ...(back ? { nextStep: { title: vscode.l10n.t('Reverse replication'), command: 'azureSiteRecovery.reverseReplication' } } : {}),
    });
  },
};
