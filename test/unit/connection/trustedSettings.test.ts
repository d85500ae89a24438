// Issue 12, finding 1: a workspace cannot choose where credentials go or what runs. package.json
// makes those settings machine-scoped and restricted in untrusted workspaces, and the extension
// reads them ignoring any workspace value (src/connection/trustedSettings.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import { isMachineScoped, machineScopedSettings, trustedConfiguration, userOrDefault } from '../../../src/connection/trustedSettings';

const root = join(__dirname, '..', '..', '..');
interface Manifest {
  capabilities?: { untrustedWorkspaces?: { supported: boolean | 'limited'; description?: string; restrictedConfigurations?: string[] } };
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
}
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
const properties = manifest.contributes.configuration.properties;
const machineKeys = Object.keys(machineScopedSettings).map((k) => `azureSiteRecovery.${k}`);

/** A configuration as VS Code would give it if it ever passed a workspace's values on. */
function fakeConfiguration(values: Record<string, { defaultValue?: unknown; globalValue?: unknown; workspaceValue?: unknown }>): vscode.WorkspaceConfiguration {
  const effective = (key: string): unknown => {
    const v = values[key];
    return v?.workspaceValue ?? v?.globalValue ?? v?.defaultValue;
  };
  const updates: unknown[] = [];
  const c = {
    get: (key: string, fallback?: unknown) => effective(key) ?? fallback,
    has: (key: string) => effective(key) !== undefined,
    inspect: (key: string) => (values[key] ? { key, ...values[key] } : undefined),
    update: (...args: unknown[]) => {
      updates.push(args);
      return Promise.resolve();
    },
    updates,
  };
  return c as unknown as vscode.WorkspaceConfiguration;
}

describe('settings a workspace cannot set (issue 12, finding 1)', () => {
  it('every setting that decides where credentials go or what runs is machine-scoped in package.json, and no other is', () => {
    for (const key of machineKeys) {
      assert.ok(properties[key], `${key} is contributed`);
      assert.equal(properties[key]?.scope, 'machine', `${key} has "scope": "machine"`);
    }
    const scoped = Object.entries(properties)
      .filter(([, p]) => p.scope !== undefined)
      .map(([k]) => k);
    assert.deepEqual(scoped.sort(), [...machineKeys].sort());
  });

  it('declares limited support for untrusted workspaces, restricting exactly those settings, with a description', () => {
    const u = manifest.capabilities?.untrustedWorkspaces;
    assert.ok(u, 'capabilities.untrustedWorkspaces is declared');
    assert.equal(u.supported, 'limited');
    assert.deepEqual([...(u.restrictedConfigurations ?? [])].sort(), [...machineKeys].sort());
    const description = u.description?.replace(/^%(.*)%$/, (_m, k: string) => nls[k] ?? '') ?? '';
    assert.ok(description.length > 0, 'the description is a sentence');
  });

  it("says in each of those settings' description that a workspace cannot set it", () => {
    for (const k of Object.keys(machineScopedSettings)) assert.match(nls[`config.${k}`] ?? '', /a workspace's settings cannot change it/, k);
  });

  it('knows which keys are machine-scoped', () => {
    assert.equal(isMachineScoped('cloud'), true);
    assert.equal(isMachineScoped('hyperV.powershellPath'), true);
    assert.equal(isMachineScoped('jobs.activePollSeconds'), false);
    assert.equal(isMachineScoped('toString'), false);
  });

  it('takes the user (or remote machine) value, else the default, else the fallback; never the workspace value', () => {
    assert.equal(userOrDefault({ defaultValue: 'AzureCloud', globalValue: 'AzureUSGovernment', workspaceValue: 'Custom' }, 'x'), 'AzureUSGovernment');
    assert.equal(userOrDefault({ defaultValue: 'AzureCloud', workspaceValue: 'Custom', workspaceFolderValue: 'Custom' }, 'x'), 'AzureCloud');
    assert.equal(userOrDefault<string>({ workspaceValue: 'Custom' }, 'fallback'), 'fallback');
    assert.equal(userOrDefault<string>(undefined, 'fallback'), 'fallback');
    assert.equal(userOrDefault({ globalValue: '', defaultValue: 'd' }, 'x'), '', 'an empty user value is a value');
  });

  it('reads machine-scoped keys without the workspace value, and every other key as VS Code gives it', () => {
    const c = trustedConfiguration(
      fakeConfiguration({
        cloud: { defaultValue: 'AzureCloud', workspaceValue: 'Custom' },
        'customCloud.authorityHost': { defaultValue: '', globalValue: 'https://login.example', workspaceValue: 'https://attacker.invalid' },
        'hyperV.powershellPath': { defaultValue: '', workspaceValue: '/attacker/pwsh' },
        'hyperV.hosts': { defaultValue: [], workspaceValue: ['attacker.invalid'] },
        'jobs.activePollSeconds': { defaultValue: 10, workspaceValue: 5 },
      }),
    );
    assert.equal(c.get('cloud', 'AzureCloud'), 'AzureCloud');
    assert.equal(c.get<string>('customCloud.authorityHost'), 'https://login.example');
    assert.equal(c.get('hyperV.powershellPath', ''), '');
    assert.deepEqual(c.get('hyperV.hosts', []), []);
    assert.equal(c.get('hyperV.providerProxy', ''), '', 'not contributed in the fake: the fallback');
    assert.equal(c.get('jobs.activePollSeconds', 10), 5, 'a setting a workspace may set keeps its workspace value');
    assert.equal(c.has('cloud'), true, 'has/inspect/update are the configuration’s own');
    assert.equal(c.inspect('cloud')?.workspaceValue, 'Custom');
  });
});
