/**
 * The extension under test pointed at a running ASR lab: activated (the host suite runs it in
 * Test mode, so activate() returns its test API) and with the lab as its custom cloud, trusted
 * through the lab's CA, in the user's settings (code-server: the remote machine's settings, where
 * machine-scoped settings go).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunningLab } from '../../lab/index';
import type { ExtensionApi } from '../../src/extensionApi';

const extensionId = 'asr-hyperv.azure-site-recovery-hyperv';

export async function activateOnLab(lab: RunningLab): Promise<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi | undefined>(extensionId);
  assert.ok(ext, 'the extension is installed');
  const api = await ext.activate();
  assert.ok(api, 'activate() returns the test API (Test mode)');
  const c = vscode.workspace.getConfiguration('azureSiteRecovery');
  const g = vscode.ConfigurationTarget.Global;
  await c.update('cloud', 'Custom', g);
  await c.update('customCloud.resourceManagerEndpoint', lab.endpoint, g);
  await c.update('customCloud.caCertificatePath', lab.caCertPath, g);
  return api;
}

/** The lab's Hyper-V stand-in as PowerShell, its Active Directory searched, the jobs polled every 2 s. */
export async function useLabHyperV(lab: RunningLab): Promise<void> {
  const c = vscode.workspace.getConfiguration('azureSiteRecovery');
  const g = vscode.ConfigurationTarget.Global;
  await c.update('hyperV.powershellPath', lab.pwsh, g);
  await c.update('hyperV.useActiveDirectory', true, g);
  await c.update('jobs.activePollSeconds', 2, g);
}
