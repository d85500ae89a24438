/**
 * The extension loads from its folder into a real extension host (code-server's), activates, and
 * its always-available command runs.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'asr-hyperv.azure-site-recovery-hyperv';

describe('extension in the host', () => {
  it('is present, activates, registers azureSiteRecovery.showLog and runs it', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded in the extension host`);
    await ext.activate();
    assert.equal(ext.isActive, true);

    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('azureSiteRecovery.showLog'), 'azureSiteRecovery.showLog is not registered');
    await vscode.commands.executeCommand('azureSiteRecovery.showLog');
  });
});
