import * as vscode from 'vscode';
import type { CommandSpec } from './command';

/** Focuses the Jobs view (the status bar item's click). */
export const showJobsCommand: CommandSpec = {
  id: 'azureSiteRecovery.showJobs',
  async run(ctx) {
    await vscode.commands.executeCommand('azureSiteRecovery.jobs.focus');
    ctx.jobs.markFailuresSeen();
    await ctx.jobs.refreshNow();
  },
};
