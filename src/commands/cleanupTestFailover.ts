import * as vscode from 'vscode';
import { MAX_CLEANUP_COMMENTS_LENGTH, testFailoverCleanup } from '../services/azure/failover';
import type { CommandSpec } from './command';
import { resolveVm, runVmAction } from './context';

/** Cleans up a test failover: deletes the test VM; the note is kept with the job. */
export const cleanupTestFailoverCommand: CommandSpec = {
  id: 'azureSiteRecovery.cleanupTestFailover',
  async run(ctx, arg) {
    const vm = await resolveVm(ctx, arg, 'testFailoverCleanup');
    if (!vm) return;
    const note = await vscode.window.showInputBox({
      title: vscode.l10n.t('Clean up test failover of {0}', vm.name),
      prompt: vscode.l10n.t('A note for the record (what the test showed)'),
      value: vscode.l10n.t('Test failover verified'),
      validateInput: (v) => (v.length > MAX_CLEANUP_COMMENTS_LENGTH ? vscode.l10n.t('At most {0} characters.', MAX_CLEANUP_COMMENTS_LENGTH) : undefined),
    });
    if (note === undefined) return;
    await runVmAction(ctx, vm, {
      action: 'testFailoverCleanup',
      transientText: vscode.l10n.t('Cleaning up test failover…'),
      start: (v, item) => testFailoverCleanup(v, item, note),
    });
  },
};
