import assert from 'node:assert/strict';
import type { VaultContext } from '../../../src/services/azure/clients';
import { doneMessage, ProviderSetupError, setupProvider, type ProviderSetupProgress } from '../../../src/flows/hostSetup';
import type { HyperVScript } from '../../../src/services/hyperv/scripts';
import type { RunOptions, ScriptRunner } from '../../../src/services/hyperv/powershellRunner';

/** Answers each script by name, as the host would; Register fails so the run stops after the install. */
class HostRunner implements ScriptRunner {
  readonly calls: string[] = [];
  constructor(private readonly install: Record<string, unknown>) {}
  run(script: HyperVScript, _input: unknown, _options?: RunOptions): Promise<unknown> {
    this.calls.push(script.name);
    switch (script.name) {
      case 'Get-HostInfo':
        return Promise.resolve({
          name: 'HV01',
          fqdn: 'hv01.contoso.local',
          osCaption: 'Microsoft Windows Server 2019 Datacenter',
          osBuild: 17763,
          isServerCore: false,
          cluster: null,
          hyperVModule: true,
          provider: { installed: false, registered: false },
        });
      case 'Install-AsrProvider':
        return Promise.resolve(this.install);
      default:
        return Promise.reject(new Error('stop here'));
    }
  }
}

const vctx = {} as VaultContext;
const site = { fabricName: 'site', siteIdentifier: 'id', siteName: 'Site' };
const target = { computerName: 'hv01.contoso.local', hostFqdn: 'hv01.contoso.local' };

async function installOnly(install: Record<string, unknown>): Promise<{ progress: ProviderSetupProgress[]; error: ProviderSetupError }> {
  const progress: ProviderSetupProgress[] = [];
  const runner = new HostRunner(install);
  const error = await setupProvider(runner, vctx, site, target, { onProgress: (p) => progress.push(p), vaultCredentials: () => Promise.resolve({ xml: '<x/>' }) }).then(
    () => assert.fail('the registration was meant to fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ProviderSetupError);
  assert.equal(error.step, 'register');
  return { progress, error };
}

describe('services/hyperv/providerSetup: a restart the installer asks for', () => {
  it('says so when the installer ended with 3010 (rebootRequired), and keeps it in the state', async () => {
    const { progress, error } = await installOnly({ version: '5.1.8095.0', rebootRequired: true, logPath: 'C:\\ProgramData\\ASRLogs\\DRASetupWizard.log' });
    const done = progress.find((p) => p.step === 'install' && p.status === 'done');
    assert.ok(done);
    assert.match(done.message, /asks for a restart of hv01\.contoso\.local/);
    assert.equal(error.state.rebootRequired, true);
    assert.deepEqual(error.state.completed, ['install']);
  });

  it('says nothing of a restart otherwise', async () => {
    const { progress, error } = await installOnly({ version: '5.1.8095.0', rebootRequired: false });
    const done = progress.find((p) => p.step === 'install' && p.status === 'done');
    assert.equal(done?.message, 'Installing the Site Recovery provider: done.');
    assert.equal(error.state.rebootRequired, undefined);
    assert.equal(doneMessage('connected', { host: 'h', completed: [] }, 'h.contoso.local'), 'h.contoso.local is connected to the vault.');
  });
});
