import * as vscode from 'vscode';
import { commitFailover } from '../services/azure/failover';
import type { CommandSpec } from './command';
import { confirm, resolveVm, runVmAction } from './context';
import { commitConfirmation } from '../webviews/failover/failoverModel';

/** Commit: makes a failover (or failback) final; no other recovery point can be chosen after. */
export const commitFailoverCommand: CommandSpec = {
  id: 'azureSiteRecovery.commitFailover',
  async run(ctx, arg) {
    const vm = await resolveVm(ctx, arg, 'commit');
    if (!vm) return;
    const back = vm.status.kind === 'FailbackCommitPending';
    // The same question as the Failover and Failback wizards' Commit.
    const question = commitConfirmation(vm.name, back ? 'failback' : 'failover');
    const go = await confirm(question.message, question.detail, question.button);
    if (!go) return;
    await runVmAction(ctx, vm, {
      action: 'commit',
      transientText: vscode.l10n.t('Committing…'),
      start: (v, item) => commitFailover(v, item),
      ...(back ? { nextStep: { title: vscode.l10n.t('Reverse replication'), command: 'azureSiteRecovery.reverseReplication' } } : {}),
    });
  },
};
