/**
 * The Hyper-V side through real node-powershell, driving the lab's stand-in PowerShell exactly
 * as it would drive pwsh or Windows PowerShell 5.1: discovery and inventory of the essentials
 * estate, each host fault with its message, a hostile VM name through every script, and a full
 * provider install and registration ending with the host connected and its VMs protectable.
 */
import assert from 'node:assert/strict';
import { loadScenario, type Scenario } from '../../lab/scenario';
import { PowerShellRunner } from '../../src/services/hyperv/powershellRunner';
import { createNodePowerShell } from '../../src/services/hyperv/nodePowerShell';
import { buildScriptCommand } from '../../src/services/hyperv/command';
import { getHostInfo } from '../../src/services/hyperv/hostInfo';
import { getVmInventory, toPreflightFacts } from '../../src/services/hyperv/vmInventory';
import { HyperVError } from '../../src/services/hyperv/errors';
import { getHostInfoScript, installAsrProviderScript, registerAsrProviderScript } from '../../src/services/hyperv/scripts';
import { ProviderSetupError, setupProvider, type ProviderSetupProgress } from '../../src/flows/hostSetup';
import { preflightHost, preflightVm } from '../../src/model/preflight';
import { listRegisteredHosts } from '../../src/services/azure/providers';
import { recoveryServicesClient } from '../../src/services/azure/clients';
import { listProtectableItems } from '../../src/services/azure/containers';
import { labControl, openServices, type ServicesSession } from './servicesSupport';

const admin = { userName: 'CONTOSO\\asradmin', password: 'lab-only-not-a-real-password' };
const hostile = `it's "$(Remove-Item C:\\ -Recurse)"; \`whoami\` | & 日本語 😀 Ünïcödé\nline2`;

function scenarioWithHostileVm(): Scenario {
  const s = loadScenario('essentials');
  const h7 = s.hosts.find((h) => h.name === 'RAM-H1-7')!;
  h7.vms.push({
    name: hostile,
    vmId: 'f00dfeed-0000-4000-8000-00000000beef',
    generation: 1,
    osType: 'Windows',
    state: 'Off',
    disks: [{ name: `${hostile}.vhdx`, sizeGB: 40, format: 'VHDX', os: true, controller: 'IDE' }],
    networkAdapters: [{ name: `nic ${hostile}`, switchName: `switch '$x'` }],
  });
  const h2 = s.hosts.find((h) => h.name === 'RAM-H1-2')!;
  h2.internet = false;
  return s;
}

for (const flavor of ['pwsh (PowerShell 7)', 'powershell (Windows PowerShell 5.1 JSON)']) {
  describe(`Hyper-V through node-powershell and the stand-in ${flavor}`, function () {
    this.timeout(120000);
    let s: ServicesSession;
    let runner: PowerShellRunner;
    before(async () => {
      s = await openServices({ scenario: scenarioWithHostileVm(), speed: 1000 });
      runner = new PowerShellRunner({ executable: flavor.startsWith('pwsh') ? s.lab.pwsh : s.lab.powershell51, timeoutMs: 10000 });
    });
    after(async () => {
      await runner.dispose();
      await s.lab.stop();
    });

    it('discovers the local machine (the Essentials server) and a remote host, reusing one shell', async () => {
      const local = await getHostInfo(runner, {});
      assert.equal(local.name, 'RAM-ESS');
      assert.equal(local.osBuild, 14393);
      assert.equal(local.provider.installed, true);
      const h7 = await getHostInfo(runner, { computerName: 'RAM-H1-7' });
      assert.deepEqual(
        [h7.fqdn, h7.osCaption, h7.hyperVModule, h7.provider.installed, h7.provider.serviceStatus],
        ['RAM-H1-7.contoso.local', 'Microsoft Windows Server 2019 Datacenter', true, true, 'Running'],
      );
      // Registration is the vault's to say: Get-HostInfo reads no undocumented registry key.
      assert.equal(h7.provider.registered, undefined);
      assert.deepEqual([h7.domainRole, h7.dotNetRelease], [3, 528049]);
      assert.equal(preflightHost({ name: h7.name, osBuild: h7.osBuild, osCaption: h7.osCaption }).ok, true);
      assert.equal(runner.shellCount, 1);
    });

    it('takes the inventory of a host: VMs, disks, adapters, replication state', async () => {
      const vms = await getVmInventory(runner, { computerName: 'RAM-H1-7.contoso.local' });
      assert.deepEqual(vms.map((v) => v.name).slice(0, 5), ['ramh157v01', 'ramh157v02', 'ramh157v03', 'ramh157v04', 'ramh157v05']);
      const v01 = vms.find((v) => v.name === 'ramh157v01')!;
      assert.equal(v01.vmId, '193ca098-991d-4a6f-be78-da2c6e7bd290');
      assert.equal(v01.generation, 2);
      assert.equal(v01.replicationState, 'Replicating');
      assert.equal(v01.osType, 'Windows');
      assert.equal(v01.osDiskIndex, 0);
      assert.equal(vms.find((v) => v.vmId === 'f00dfeed-0000-4000-8000-00000000beef')?.osType, undefined, 'a VM that is off does not say its OS');
      assert.deepEqual(
        v01.disks.map((d) => [d.controllerType, d.controllerLocation, d.vhdFormat, d.sizeBytes]),
        [
          ['SCSI', 0, 'VHDX', 127 * 1024 ** 3],
          ['SCSI', 1, 'VHDX', 200 * 1024 ** 3],
        ],
      );
      const host = await getHostInfo(runner, { computerName: 'RAM-H1-7' });
      // Hyper-V does not say which OS a guest runs; ASR does, in the protectable item's readiness.
      const linux = vms.find((v) => v.name === 'ramh157v04')!;
      const facts = toPreflightFacts(host, linux);
      const protectable = (await listProtectableItems(s.vctx(), 'RAM-Site', 'cloud_eecac84c-1761-50ad-9624-a7092c581567')).find((p) => p.name === linux.vmId)!;
      const result = preflightVm(facts.host, facts.vm, { protectionReadinessErrors: protectable.properties?.protectionReadinessErrors });
      assert.equal(result.ok, false);
      assert.ok(
        result.findings.some((f) => /Linux/.test(f.message)),
        JSON.stringify(result.findings),
      );
      const v01Result = preflightVm(toPreflightFacts(host, v01).host, toPreflightFacts(host, v01).vm);
      assert.equal(v01Result.ok, true, JSON.stringify(v01Result.findings));
    });

    it('passes a hostile VM name through every script unchanged and harmless', async () => {
      const vms = await getVmInventory(runner, { computerName: 'RAM-H1-7' });
      const evil = vms.find((v) => v.vmId === 'f00dfeed-0000-4000-8000-00000000beef')!;
      assert.equal(evil.name, hostile);
      assert.ok(evil.disks[0].path.endsWith(`${hostile}.vhdx`));
      assert.equal(evil.networkAdapters[0].name, `nic ${hostile}`);
      assert.equal(evil.networkAdapters[0].switchName, `switch '$x'`);
      // A hostile computer name is not even sent: it is not a DNS name, so nothing runs with it.
      await assert.rejects(getHostInfo(runner, { computerName: hostile }), (e: unknown) => e instanceof HyperVError && e.code === 'InvalidHostName');
      const after = await getHostInfo(runner, { computerName: 'RAM-H1-7' });
      assert.equal(after.name, 'RAM-H1-7');
    });

    it('a host that needs credentials: access denied without them, answered with them; the password never shows', async () => {
      await assert.rejects(getHostInfo(runner, { computerName: 'RAM-H1-2' }), (e: unknown) => {
        assert.ok(e instanceof HyperVError);
        assert.equal(e.code, 'AccessDenied');
        assert.match(e.message, /RAM-H1-2/);
        assert.match(e.message, /credentials/);
        return true;
      });
      await assert.rejects(getHostInfo(runner, { computerName: 'RAM-H1-2', credential: { userName: admin.userName, password: 'wrong-password-123' } }), (e: unknown) => {
        assert.ok(e instanceof HyperVError && e.code === 'AccessDenied');
        assert.doesNotMatch(e.message, /wrong-password-123/);
        return true;
      });
      const h2 = await getHostInfo(runner, { computerName: 'RAM-H1-2', credential: admin });
      assert.equal(h2.provider.installed, false);
    });

    const faults: [string, string, RegExp][] = [
      ['unreachable', 'HostUnreachable', /Cannot reach RAM-H1-7/],
      ['winrmDisabled', 'WinRMNotEnabled', /Enable-PSRemoting -Force/],
      ['accessDenied', 'AccessDenied', /administrator rights on RAM-H1-7/],
    ];
    for (const [fault, code, message] of faults) {
      it(`host fault ${fault}: ${code} with a message that says what to do`, async () => {
        await labControl(s.lab, 'POST', '/_lab/hosts/RAM-H1-7/fault', { fault });
        try {
          await assert.rejects(getHostInfo(runner, { computerName: 'RAM-H1-7' }), (e: unknown) => {
            assert.ok(e instanceof HyperVError, String(e));
            assert.equal(e.code, code);
            assert.match(e.message, message);
            return true;
          });
        } finally {
          await labControl(s.lab, 'POST', '/_lab/hosts/RAM-H1-7/fault', { fault: null });
        }
      });
    }

    it('host fault noHyperVModule: inventory says how to install the module', async () => {
      await labControl(s.lab, 'POST', '/_lab/hosts/RAM-H1-7/fault', { fault: 'noHyperVModule' });
      try {
        assert.equal((await getHostInfo(runner, { computerName: 'RAM-H1-7' })).hyperVModule, false);
        await assert.rejects(
          getVmInventory(runner, { computerName: 'RAM-H1-7' }),
          (e: unknown) => e instanceof HyperVError && e.code === 'HyperVModuleMissing' && /Install-WindowsFeature Hyper-V-PowerShell/.test(e.message),
        );
      } finally {
        await labControl(s.lab, 'POST', '/_lab/hosts/RAM-H1-7/fault', { fault: null });
      }
    });

    it('host fault timeout: the call times out, the shell is replaced, the next call works', async () => {
      await labControl(s.lab, 'POST', '/_lab/hosts/RAM-H1-7/fault', { fault: 'timeout' });
      const shells = runner.shellCount;
      try {
        await assert.rejects(
          getHostInfo(runner, { computerName: 'RAM-H1-7' }, { timeoutMs: 1500 }),
          (e: unknown) => e instanceof HyperVError && e.code === 'Timeout' && /did not answer within 2 s/.test(e.message),
        );
      } finally {
        await labControl(s.lab, 'POST', '/_lab/hosts/RAM-H1-7/fault', { fault: null });
      }
      const h7 = await getHostInfo(runner, { computerName: 'RAM-H1-7' });
      assert.equal(h7.name, 'RAM-H1-7');
      assert.equal(runner.shellCount, shells + 1);
    });

    it('a script the stand-in does not know fails instead of passing silently', async () => {
      const changed = { ...getHostInfoScript, text: getHostInfoScript.text.replace('Write-Envelope @{ ok = $true; data = $data }', 'Write-Envelope @{ ok = $true; data = 0 }') };
      assert.notEqual(changed.text, getHostInfoScript.text);
      await assert.rejects(runner.run(changed, { computerName: null, userName: null, password: null }), (e: unknown) => {
        assert.ok(e instanceof HyperVError);
        assert.equal(e.code, 'ScriptFailed');
        assert.match(e.message, /does not know this script/);
        return true;
      });
    });

    it('a script sent without its prelude is not known either (the stand-in hashes prelude and script together)', async () => {
      const shell = createNodePowerShell(runner.shellOptions());
      try {
        const result = await shell.invoke(buildScriptCommand(getHostInfoScript, { computerName: null, userName: null, password: null }));
        assert.match(result.stderr?.toString('utf8') ?? '', new RegExp(`does not know this script: Get-HostInfo v${getHostInfoScript.version} `));
        assert.doesNotMatch(result.stdout?.toString('utf8') ?? '', /ASR-ENVELOPE:/);
      } finally {
        await shell.dispose();
      }
    });

    it('installs and registers the provider on RAM-H1-2 (no internet: from a share, resumed), ending connected with its VMs protectable', async () => {
      const v = s.vctx();
      const site = { fabricName: 'RAM-Site', siteIdentifier: 'eecac84c-1761-50ad-9624-a7092c581567', siteName: 'RAM-Site' };
      const target = { computerName: 'RAM-H1-2', credential: admin, hostFqdn: 'RAM-H1-2.contoso.local' };
      const progress: ProviderSetupProgress[] = [];
      let failed: ProviderSetupError | undefined;
      try {
        await setupProvider(runner, v, site, target, { onProgress: (p) => progress.push(p), pollIntervalMs: 50 });
      } catch (e) {
        failed = e as ProviderSetupError;
      }
      assert.ok(failed instanceof ProviderSetupError, 'the download fails on a host without internet');
      assert.equal(failed.step, 'install');
      assert.ok(failed.cause instanceof HyperVError && failed.cause.code === 'InstallerDownloadFailed');
      assert.match(failed.message, /providerInstallerPath/);
      assert.deepEqual(failed.state.completed, []);

      const done = await setupProvider(runner, v, site, target, {
        resumeFrom: failed.state,
        installerPath: '\\\\files.contoso.local\\software\\AzureSiteRecoveryProvider.exe',
        onProgress: (p) => progress.push(p),
        pollIntervalMs: 50,
      });
      assert.deepEqual(done.completed, ['install', 'register', 'connected']);
      assert.equal(done.providerVersion, '5.1.8095.0');
      assert.deepEqual(
        progress.filter((p) => p.status === 'done').map((p) => p.step),
        ['install', 'register', 'connected'],
      );

      const hosts = await listRegisteredHosts(v, 'RAM-Site');
      const h2 = hosts.find((h) => h.friendlyName === 'RAM-H1-2.contoso.local');
      assert.equal(h2?.connectionStatus, 'Connected');
      const protectable = await listProtectableItems(v, 'RAM-Site', 'cloud_eecac84c-1761-50ad-9624-a7092c581567');
      for (const name of ['ramh12v01', 'ramh12v02', 'ramh12v03']) {
        assert.ok(
          protectable.some((p) => p.properties?.friendlyName === name),
          `${name} is protectable`,
        );
      }
      const info = await getHostInfo(runner, { computerName: 'RAM-H1-2', credential: admin });
      assert.deepEqual([info.provider.installed, info.provider.serviceStatus], [true, 'Running']);

      // Resuming a finished setup redoes nothing.
      const again = await setupProvider(runner, v, site, target, { resumeFrom: done, pollIntervalMs: 50 });
      assert.deepEqual(again.completed, ['install', 'register', 'connected']);

      // A retry that lost its state (the runner was killed after DRConfigurator finished) finds the
      // registration in the vault's list and does not register again (no new vault credentials).
      const retried: ProviderSetupProgress[] = [];
      const lost = await setupProvider(runner, v, site, target, {
        resumeFrom: { host: target.hostFqdn, completed: ['install'] },
        onProgress: (p) => retried.push(p),
        vaultCredentials: () => Promise.reject(new Error('must not create vault credentials for a registered host')),
        pollIntervalMs: 50,
      });
      assert.deepEqual(lost.completed, ['install', 'register', 'connected']);
      assert.ok(retried.some((p) => p.step === 'register' && p.status === 'skipped' && /already registered in the vault's site RAM-Site/.test(p.message)));
    });

    it('an invalid vault credentials file fails registration as the provider would', async () => {
      await assert.rejects(
        runner.run(
          registerAsrProviderScript,
          {
            computerName: 'RAM-H1-7',
            userName: null,
            password: null,
            friendlyName: 'RAM-H1-7.contoso.local',
            vaultCredentials: '<RSVaultAsrCreds>not valid</RSVaultAsrCreds>',
            proxy: null,
          },
          { host: 'RAM-H1-7' },
        ),
        (e: unknown) => {
          assert.ok(e instanceof HyperVError);
          assert.equal(e.code, 'RegistrationFailed');
          assert.match(e.message, /Registering RAM-H1-7 with the vault failed/);
          assert.doesNotMatch(e.message, /RSVaultAsrCreds/);
          return true;
        },
      );
    });
  });
}

describe('provider setup: host preflight and installer checks (Get-HostInfo 2, Install-AsrProvider 2)', function () {
  this.timeout(60000);
  const site = { fabricName: 'RAM-Site', siteIdentifier: 'eecac84c-1761-50ad-9624-a7092c581567', siteName: 'RAM-Site' };
  const target = { computerName: 'RAM-H1-2', credential: admin, hostFqdn: 'RAM-H1-2.contoso.local' };

  async function withHost(change: (h: Scenario['hosts'][number]) => void, body: (s: ServicesSession, runner: PowerShellRunner) => Promise<void>): Promise<void> {
    const scenario = loadScenario('essentials');
    change(scenario.hosts.find((h) => h.name === 'RAM-H1-2')!);
    const s = await openServices({ scenario, speed: 1000 });
    const runner = new PowerShellRunner({ executable: s.lab.powershell51, timeoutMs: 10000 });
    try {
      await body(s, runner);
    } finally {
      await runner.dispose();
      await s.lab.stop();
    }
  }

  it('does not run an installer that Microsoft did not sign, from a download or a share, and says so', async () => {
    await withHost(
      (h) => {
        h.installerSignature = 'notSigned';
      },
      async (s, runner) => {
        for (const source of [{}, { installerPath: '\\\\files.contoso.local\\software\\AzureSiteRecoveryProvider.exe' }]) {
          await assert.rejects(setupProvider(runner, s.vctx(), site, target, source), (e: unknown) => {
            assert.ok(e instanceof ProviderSetupError);
            assert.equal(e.step, 'install');
            assert.ok(e.cause instanceof HyperVError && e.cause.code === 'InstallerSignatureInvalid');
            assert.match(e.message, /not validly signed by Microsoft, so it was not run/);
            assert.match(e.message, /signature status: NotSigned; signer: none/);
            return true;
          });
        }
        assert.equal(s.lab.engine.hostOf('RAM-H1-2')?.providerVersion, undefined, 'nothing was installed');
      },
    );
    await withHost(
      (h) => {
        h.installerSignature = 'notMicrosoft';
      },
      async (s, runner) => {
        await assert.rejects(
          setupProvider(runner, s.vctx(), site, target),
          (e: unknown) => e instanceof ProviderSetupError && /signer: CN=Contoso Tools, O=Contoso Ltd/.test(e.message),
        );
      },
    );
  });

  it('refuses a host with .NET Framework older than 4.6.2 before installing, saying what to do', async () => {
    await withHost(
      (h) => {
        h.dotNetRelease = 379893;
      },
      async (s, runner) => {
        await assert.rejects(setupProvider(runner, s.vctx(), site, target), (e: unknown) => {
          assert.ok(e instanceof ProviderSetupError);
          assert.ok(e.cause instanceof HyperVError && e.cause.code === 'HostNotReady');
          assert.match(e.message, /RAM-H1-2 is not ready for the Site Recovery provider; nothing was installed/);
          assert.match(e.message, /needs \.NET Framework 4\.6\.2 or later/);
          return true;
        });
        assert.equal(s.lab.engine.hostOf('RAM-H1-2')?.providerVersion, undefined, 'nothing was installed');
      },
    );
  });

  it('warns about a domain controller and installs', async () => {
    await withHost(
      (h) => {
        h.domainRole = 5;
        h.internet = true;
      },
      async (s, runner) => {
        const progress: ProviderSetupProgress[] = [];
        const done = await setupProvider(runner, s.vctx(), site, target, { onProgress: (p) => progress.push(p), pollIntervalMs: 50 });
        assert.deepEqual(done.completed, ['install', 'register', 'connected']);
        assert.ok(progress.some((p) => /RAM-H1-2 is a domain controller/.test(p.message)));
      },
    );
  });

  it('registers a host in a vault whose channel integrity key the portal made (no refusal, as Terraform)', async () => {
    await withHost(
      () => undefined,
      async (s, runner) => {
        const v = s.vctx();
        await recoveryServicesClient(v).vaultExtendedInfo.createOrUpdate(v.vault.resourceGroup, v.vault.vaultName, { integrityKey: 'cG9ydGFsLW1hZGU=', algorithm: 'HMACSHA256' });
        const done = await setupProvider(runner, v, site, target, { pollIntervalMs: 50 });
        assert.deepEqual(done.completed, ['install', 'register', 'connected']);
        const info = await recoveryServicesClient(v).vaultExtendedInfo.get(v.vault.resourceGroup, v.vault.vaultName);
        assert.deepEqual([info.integrityKey, info.algorithm], ['cG9ydGFsLW1hZGU=', 'HMACSHA256'], 'the portal-made key is left alone');
      },
    );
  });

  it('refuses a plain-http installer URL (the script refuses it too)', async () => {
    await withHost(
      () => undefined,
      async (s, runner) => {
        await assert.rejects(
          setupProvider(runner, s.vctx(), site, target, { installerUrl: 'http://aka.ms/downloaddra' }),
          (e: unknown) => e instanceof ProviderSetupError && e.cause instanceof HyperVError && e.cause.code === 'InstallerUrlNotHttps',
        );
        // The script on its own (a caller that skips the TypeScript check) refuses it as well.
        await assert.rejects(
          runner.run(
            installAsrProviderScript,
            { computerName: 'RAM-H1-2', userName: admin.userName, password: admin.password, installerUrl: 'http://aka.ms/downloaddra', installerPath: null },
            { host: 'RAM-H1-2' },
          ),
          (e: unknown) => e instanceof HyperVError && e.code === 'InstallerUrlNotHttps' && /must come over HTTPS/.test(e.message),
        );
        assert.equal(s.lab.engine.hostOf('RAM-H1-2')?.providerVersion, undefined, 'nothing was installed');
      },
    );
  });
});

describe('provider setup on a host Azure Site Recovery does not support', function () {
  this.timeout(60000);
  it('refuses Windows Server 2012 before installing anything, saying why', async () => {
    const scenario = loadScenario('essentials');
    const h2 = scenario.hosts.find((h) => h.name === 'RAM-H1-2')!;
    h2.osCaption = 'Microsoft Windows Server 2012 Standard';
    h2.osBuild = 9200;
    const s = await openServices({ scenario, speed: 1000 });
    const runner = new PowerShellRunner({ executable: s.lab.pwsh, timeoutMs: 10000 });
    try {
      const site = { fabricName: 'RAM-Site', siteIdentifier: 'eecac84c-1761-50ad-9624-a7092c581567', siteName: 'RAM-Site' };
      await assert.rejects(setupProvider(runner, s.vctx(), site, { computerName: 'RAM-H1-2', credential: admin, hostFqdn: 'RAM-H1-2.contoso.local' }), (e: unknown) => {
        assert.ok(e instanceof ProviderSetupError);
        assert.equal(e.step, 'install');
        assert.ok(e.cause instanceof HyperVError && e.cause.code === 'HostOsNotSupported');
        assert.match(e.message, /2012 R2 or later/);
        return true;
      });
      assert.equal(s.lab.engine.hostOf('RAM-H1-2')?.providerVersion, undefined, 'nothing was installed');
    } finally {
      await runner.dispose();
      await s.lab.stop();
    }
  });
});
