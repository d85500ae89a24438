import * as vscode from 'vscode';
import { disableProtection } from '../services/azure/protection';
import type { CommandSpec } from './command';
import { confirm, resolveVm, runVmAction } from './context';

/** Disable replication: the VM stops being protected; its recovery points are deleted. */
export const disableReplicationCommand: CommandSpec = {
  id: 'azureSiteRecovery.disableReplication',
  async run(ctx, arg) {
    const vm = await resolveVm(ctx, arg, 'disableProtection');
    if (!vm) return;
    const go = await confirm(
      vscode.l10n.t('Disable replication of {0}?', vm.name),
      vscode.l10n.t('{0} will no longer be protected, and its recovery points in Azure will be deleted. The VM itself keeps running.', vm.name),
      vscode.l10n.t('Disable Replication'),
    );
    if (!go) return;
    await runVmAction(ctx, vm, {
      action: 'disableProtection',
      transientText: vscode.l10n.t('Disabling replication…'),
      start: (v, item) => disableProtection(v, item),
    });
  },
};
