import * as vscode from 'vscode';
import type { CommandSpec } from './command';

/**
 * The Get Started walkthrough of package.json (contributes.walkthroughs), by the id VS Code
 * gives it: `<publisher>.<name>#<walkthrough id>` (a unit test checks it against package.json).
 */
export const WALKTHROUGH_ID = 'asr-hyperv.azure-site-recovery-hyperv#getStarted';

export const openWalkthroughCommand: CommandSpec = {
  id: 'azureSiteRecovery.openWalkthrough',
  async run() {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
  },
};
