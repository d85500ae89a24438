/**
 * Issue 12, findings 1 and 2, inside the real extension host (code-server). run.ts opens the
 * workbench on a workspace whose .vscode/settings.json tries to send the saved service principal
 * secret and the tokens to its own server and to choose the programs that run
 * (hostileWorkspace.ts): none of that applies, the extension signs in at the lab named in the
 * user's (remote machine) settings, and a saved secret is not sent to an authority other than the
 * one it was entered for. And the extension runs in Test mode here, the only mode in which
 * activate() returns its live parts.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startLab, type RunningLab } from '../../lab/index';
import type { ExtensionApi } from '../../src/extensionApi';
import { hostileWorkspaceSettings, machineSettingsMarker, workspaceMaySet } from './hostileWorkspace';
import { activateOnLab } from './labSession';
const SECTION = 'azureSiteRecovery.';

const origin = (url: string): string => new URL(url).origin;

describe('settings a workspace cannot set, and where the saved secret goes', function () {
  this.timeout(120000);
  let lab: RunningLab;
  let api: ExtensionApi | undefined;

  const connection = (): ExtensionApi['connection'] => {
    assert.ok(api, 'activate() returned the test API');
    return api.connection;
  };

  before(async () => {
    lab = await startLab({ scenario: 'essentials', speed: 50 });
    api = await activateOnLab(lab);
    await connection().signIn({ kind: 'servicePrincipal', tenantId: lab.tenantId, clientId: lab.clientId }, lab.clientSecret);
  });

  after(async () => {
    await api?.connection.signOut();
    await lab?.stop();
  });

  it('runs in Test mode (launched with extensionTestsPath), so activate() returns the test API', () => {
    assert.ok(api?.connection && api.store && api.credentials, 'the live parts are returned');
  });

  it("drops the workspace's values of every machine-scoped setting, and applies its other settings", () => {
    const c = vscode.workspace.getConfiguration();
    assert.equal(c.inspect(workspaceMaySet)?.workspaceValue, hostileWorkspaceSettings[workspaceMaySet], 'the workspace settings file was read');
    for (const key of Object.keys(hostileWorkspaceSettings)) {
      if (key === workspaceMaySet) continue;
      const inspected = c.inspect(key);
      assert.equal(inspected?.workspaceValue, undefined, `${key}: no workspace value`);
      assert.deepEqual(c.get(key), inspected?.globalValue ?? inspected?.defaultValue, `${key}: the user's value or the default`);
    }
  });

  it("applies machine-scoped settings from code-server's remote machine settings (Machine/settings.json)", () => {
    const c = vscode.workspace.getConfiguration();
    for (const [key, value] of Object.entries(machineSettingsMarker)) assert.equal(c.inspect(key)?.globalValue, value, key);
    assert.ok(Object.keys(machineSettingsMarker).every((k) => k.startsWith(SECTION)));
  });

  it("signs in at the user's cloud, not the workspace's server", async () => {
    connection().reset();
    const ctx = await connection().azureContext();
    assert.ok(ctx, 'signed in');
    assert.equal(origin(ctx.cloud.resourceManagerEndpoint), origin(lab.endpoint));
    assert.equal(origin(ctx.cloud.authorityHost), origin(lab.endpoint));
    const token = await ctx.credential.getToken(ctx.cloud.managementScope);
    assert.ok(token?.token, 'the lab gave a token for the saved secret');
  });

  it('does not send the saved secret to another authority: it asks to sign in again, and works again once the authority is back', async () => {
    const c = vscode.workspace.getConfiguration('azureSiteRecovery');
    await c.update('customCloud.authorityHost', 'https://127.0.0.1:9', vscode.ConfigurationTarget.Global);
    connection().reset();
    await assert.rejects(connection().azureContext(), /not sent there[\s\S]*sign in again/);
    await c.update('customCloud.authorityHost', undefined, vscode.ConfigurationTarget.Global);
    connection().reset();
    const ctx = await connection().azureContext();
    assert.ok(ctx && (await ctx.credential.getToken(ctx.cloud.managementScope))?.token);
  });
});
