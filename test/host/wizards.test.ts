/**
 * The wizards open from their commands in the real workbench: the panel loads the bundle under
 * the CSP, says ready, and shows the first page computed by the wizard.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extensionApi';
import { eventually } from '../support/wait';

const extensionId = 'asr-hyperv.azure-site-recovery-hyperv';

describe('the wizards from their commands', function () {
  this.timeout(60000);
  let api: ExtensionApi;

  before(async () => {
    const ext = vscode.extensions.getExtension<ExtensionApi>(extensionId);
    assert.ok(ext);
    api = await ext.activate();
  });

  it('Connect opens the Connect wizard, which completes the handshake and shows a page', async () => {
    await vscode.commands.executeCommand('azureSiteRecovery.connect');
    const panel = await eventually(
      'the Connect wizard to be ready',
      () => api.wizardPanels().find((p) => p.viewType === 'azureSiteRecovery.connectWizard' && p.isReady),
      30_000,
      100,
    );
    assert.ok(['signIn', 'subscription'].includes(panel.page), `unexpected first page ${panel.page}`);
    // Running it again reveals the same panel instead of opening a second one.
    await vscode.commands.executeCommand('azureSiteRecovery.connect');
    assert.equal(api.wizardPanels().filter((p) => p.viewType === 'azureSiteRecovery.connectWizard').length, 1);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await eventually('the panel to close', () => (api.wizardPanels().length === 0 ? true : undefined), 10_000, 100);
  });
});
