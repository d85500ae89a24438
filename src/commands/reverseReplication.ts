import * as vscode from 'vscode';
import { reverseReplication } from '../services/azure/failover';
import type { CommandSpec } from './command';
import { resolveVm, runVmAction } from './context';

/** Reverse replication: protects the failed-back VM again (replication to Azure restarts). */
export const reverseReplicationCommand: CommandSpec = {
  id: 'azureSiteRecovery.reverseReplication',
  async run(ctx, arg) {
    const vm = await resolveVm(ctx, arg, 'reverseReplication');
    if (!vm) return;
    await runVmAction(ctx, vm, {
      action: 'reverseReplication',
      transientText: vscode.l10n.t('Starting reverse replication…'),
      start: (v, item) => reverseReplication(v, item),
    });
  },
};
