/**
 * Provider setup checks the host and the installer source before anything is installed, and gives
 * the registration its own timeout.
 */
import assert from 'node:assert/strict';
import type { VaultContext } from '../../../src/services/azure/clients';
import { isHyperVError } from '../../../src/services/hyperv/errors';
import { normalizeHostInfo } from '../../../src/services/hyperv/hostInfo';
import {
  checkInstallerUrl,
  DEFAULT_REGISTER_TIMEOUT_MS,
  ProviderSetupError,
  setupProvider,
  type ProviderSetupOptions,
  type ProviderSetupProgress,
} from '../../../src/flows/hostSetup';
import type { HyperVScript } from '../../../src/services/hyperv/scripts';
import type { RunOptions, ScriptRunner } from '../../../src/services/hyperv/powershellRunner';
import { minDotNetRelease, preflightHost, preflightRules } from '../../../src/model/preflight';

/** What Get-HostInfo says of a Windows Server 2012 R2 host, before its provider and preflight facts. */
const HOST_FACTS = {
  name: 'HV01',
  fqdn: 'hv01.contoso.local',
  osCaption: 'Microsoft Windows Server 2012 R2 Standard',
  osBuild: 9600,
  isServerCore: false,
  cluster: null,
  hyperVModule: true,
};

/** Answers Get-HostInfo with `facts`, Install with success, and records every call with its options. */
class HostRunner implements ScriptRunner {
  readonly calls: { name: string; options?: RunOptions }[] = [];
  constructor(private readonly facts: Record<string, unknown> = {}) {}
  run(script: HyperVScript, _input: unknown, options?: RunOptions): Promise<unknown> {
    this.calls.push({ name: script.name, ...(options !== undefined ? { options } : {}) });
    switch (script.name) {
      case 'Get-HostInfo':
        return Promise.resolve({
          ...HOST_FACTS,
          provider: { installed: false, version: null, serviceStatus: null },
          domainRole: 3,
          dotNetRelease: 528049,
          ...this.facts,
        });
      case 'Install-AsrProvider':
        return Promise.resolve({ version: '5.1.8095.0', rebootRequired: false });
      default:
        return Promise.reject(new Error('stop here'));
    }
  }
}

// No vault: the vault's list of registered servers cannot be read, so registration is attempted.
const vctx = {} as VaultContext;
const site = { fabricName: 'site', siteIdentifier: 'id', siteName: 'Site' };
const target = { computerName: 'hv01.contoso.local', hostFqdn: 'hv01.contoso.local' };

async function run(runner: HostRunner, options: ProviderSetupOptions = {}): Promise<{ progress: ProviderSetupProgress[]; error: ProviderSetupError }> {
  const progress: ProviderSetupProgress[] = [];
  const error = await setupProvider(runner, vctx, site, target, { onProgress: (p) => progress.push(p), vaultCredentials: () => Promise.resolve({ xml: '<x/>' }), ...options }).then(
    () => assert.fail('the run was meant to stop'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ProviderSetupError);
  return { progress, error };
}

describe('services/hyperv/providerSetup: host preflight before anything is installed', () => {
  it('refuses .NET Framework older than 4.6.2 (Release below 394802), saying what to do, without running the installer', async () => {
    const runner = new HostRunner({ dotNetRelease: 394271 });
    const { error } = await run(runner);
    assert.equal(error.step, 'install');
    assert.ok(isHyperVError(error.cause, 'HostNotReady'));
    assert.match(error.message, /\.NET Framework 4\.6\.2 or later/);
    assert.match(error.message, /Install \.NET Framework 4\.8 on HV01/);
    assert.deepEqual(
      runner.calls.map((c) => c.name),
      ['Get-HostInfo'],
    );
  });

  it('refuses a host with no .NET Framework 4.5 or later (Release 0)', async () => {
    const { error } = await run(new HostRunner({ dotNetRelease: 0 }));
    assert.match(error.message, /no \.NET Framework 4\.5 or later/);
  });

  it('refuses an OS outside the support matrix with the OS message', async () => {
    const runner = new HostRunner({ osCaption: 'Microsoft Windows Server 2012 Standard', osBuild: 9200 });
    const { error } = await run(runner);
    assert.ok(isHyperVError(error.cause, 'HostOsNotSupported'));
    assert.deepEqual(
      runner.calls.map((c) => c.name),
      ['Get-HostInfo'],
    );
  });

  it('warns about a domain controller (unverified rule) and goes on installing', async () => {
    const runner = new HostRunner({ domainRole: 5 });
    const { progress, error } = await run(runner);
    assert.equal(error.step, 'register');
    assert.ok(progress.some((p) => p.step === 'install' && p.status === 'running' && /is a domain controller/.test(p.message)));
    assert.deepEqual(
      runner.calls.map((c) => c.name),
      ['Get-HostInfo', 'Install-AsrProvider', 'Register-AsrProvider'],
    );
  });

  it('refuses a non-https installer URL before reaching the host, and accepts https or none', async () => {
    const runner = new HostRunner();
    const { error } = await run(runner, { installerUrl: 'http://download.contoso.local/AzureSiteRecoveryProvider.exe' });
    assert.ok(isHyperVError(error.cause, 'InstallerUrlNotHttps'));
    assert.match(error.message, /must come over HTTPS/);
    assert.match(error.message, /"http:\/\/download\.contoso\.local\/AzureSiteRecoveryProvider\.exe" is not an https:\/\/ URL/);
    assert.deepEqual(runner.calls, []);
    assert.doesNotThrow(() => checkInstallerUrl('https://aka.ms/downloaddra', 'h'));
    assert.doesNotThrow(() => checkInstallerUrl(undefined, 'h'));
    assert.throws(
      () => checkInstallerUrl('file:///C:/x.exe', 'h'),
      (e: unknown) => isHyperVError(e, 'InstallerUrlNotHttps'),
    );
    assert.throws(
      () => checkInstallerUrl('not a url', 'h'),
      (e: unknown) => isHyperVError(e, 'InstallerUrlNotHttps'),
    );
  });

  it('gives the registration its own timeout: 15 minutes by default, or the one asked for', async () => {
    const runner = new HostRunner();
    await run(runner);
    const register = runner.calls.find((c) => c.name === 'Register-AsrProvider');
    assert.equal(register?.options?.timeoutMs, DEFAULT_REGISTER_TIMEOUT_MS);
    assert.equal(DEFAULT_REGISTER_TIMEOUT_MS, 15 * 60_000);
    const custom = new HostRunner();
    await run(custom, { registerTimeoutMs: 42_000 });
    assert.equal(custom.calls.find((c) => c.name === 'Register-AsrProvider')?.options?.timeoutMs, 42_000);
  });
});

describe('model/preflight: host rules of the provider', () => {
  const base = { name: 'HV01', osCaption: 'Microsoft Windows Server 2016 Datacenter', osBuild: 14393 };
  it('treats 394802 (4.6.2 on Windows Server 2016) as enough and 394271 (4.6.1) as too old; unknown never blocks', () => {
    assert.equal(minDotNetRelease, 394802);
    assert.equal(preflightHost({ ...base, dotNetRelease: 394802 }).ok, true);
    const old = preflightHost({ ...base, dotNetRelease: 394271 });
    assert.equal(old.ok, false);
    assert.equal(old.findings[0]?.ruleId, preflightRules.hostDotNet);
    assert.equal(preflightHost(base).ok, true);
  });

  it('a domain controller (DomainRole 4 or 5) is a warning, a member server (3) nothing', () => {
    for (const role of [4, 5]) {
      const r = preflightHost({ ...base, domainRole: role });
      assert.equal(r.ok, true);
      assert.deepEqual(
        r.findings.map((f) => [f.ruleId, f.severity]),
        [[preflightRules.hostDomainController, 'warning']],
      );
    }
    assert.deepEqual(preflightHost({ ...base, domainRole: 3 }).findings, []);
  });
});

describe('services/hyperv/hostInfo: Get-HostInfo 2', () => {
  it("reads the provider from its documented signs and the preflight facts; registration is not the host's to say", () => {
    const info = normalizeHostInfo({
      ...HOST_FACTS,
      provider: { installed: true, version: '5.1.8095.0', serviceStatus: 'Running' },
      domainRole: '5',
      dotNetRelease: 379893,
    });
    assert.equal(info.provider.registered, undefined);
    assert.deepEqual(info.provider, { installed: true, version: '5.1.8095.0', serviceStatus: 'Running' });
    assert.equal(info.domainRole, 5);
    assert.equal(info.dotNetRelease, 379893);
  });
});
