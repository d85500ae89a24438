import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { knownScripts } from '../../../lab/pwsh/knownScripts';
import { hostInfo, installProvider, registerProvider, resolveTarget, vmInventory, type StandInHost } from '../../../lab/pwsh/answers';

const scriptDir = path.join(__dirname, '..', '..', '..', 'src', 'services', 'hyperv', 'scripts');

describe('stand-in PowerShell: the scripts it knows', () => {
  // The runner sends prelude.ps1 and then the script (withPrelude): the stand-in hashes both.
  const preludeFile = 'prelude.ps1';
  const prelude = readFileSync(path.join(scriptDir, preludeFile), 'utf8');
  const files = readdirSync(scriptDir).filter((f) => f.endsWith('.ps1') && f !== preludeFile);
  const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
  it('finds the project scripts', () => assert.ok(files.length >= 4, files.join(',')));
  for (const file of files) {
    it(`knows ${file} as it is now, after the prelude (else update lab/pwsh/knownScripts.ts and answers.ts)`, () => {
      const text = readFileSync(path.join(scriptDir, file), 'utf8');
      const header = /^# asr-script: (\S+) (\d+)/.exec(text);
      assert.ok(header, `${file} starts with an asr-script header`);
      const known = knownScripts[header[1]];
      assert.ok(known, `${header[1]} is known`);
      assert.equal(known.version, Number(header[2]));
      assert.equal(known.sha256, sha256(prelude + text), `${file} or ${preludeFile} changed: teach the stand-in about the change`);
      assert.notEqual(known.sha256, sha256(text), 'the script alone, without the prelude, is not known');
    });
    it(`${file}: one envelope, Stop on errors, input only through the prelude's Read-ScriptInput`, () => {
      const text = readFileSync(path.join(scriptDir, file), 'utf8');
      assert.match(text, /\$in = Read-ScriptInput/);
      assert.match(text, /catch \{[\s\S]*Write-ErrorEnvelope /);
      assert.doesNotMatch(text, /Invoke-Expression|iex /i, 'never evaluates strings');
    });
  }
  it(`${preludeFile}: the parameter, Stop on errors, the envelope line, and no evaluated strings`, () => {
    assert.match(prelude, /^param\(\[string\]\$InputBase64, \[string\]\$SecretsFileBase64\)$/m);
    assert.match(prelude, /FromBase64String\(\$InputBase64\)\) \| ConvertFrom-Json/);
    assert.match(
      prelude,
      /try \{ \$lines = \[IO\.File\]::ReadAllLines\(\$file\) \} finally \{ \[IO\.File\]::Delete\(\$file\) \}/,
      'the secrets file is deleted as soon as it is read',
    );
    assert.match(prelude, /^\$ErrorActionPreference = 'Stop'$/m);
    assert.match(prelude, /function Write-ErrorEnvelope\(\[string\]\$Code, \[string\]\$Message\) \{\s*Write-Envelope @\{ ok = \$false/);
    assert.match(prelude, /\[Console\]::Out\.WriteLine\('ASR-ENVELOPE:' \+/);
    assert.doesNotMatch(prelude, /Invoke-Expression|iex |\[scriptblock\]::Create/i, 'never evaluates strings');
  });
  it('Register-AsrProvider deletes the credentials file in a finally block, after restricting it to Administrators and SYSTEM', () => {
    const text = readFileSync(path.join(scriptDir, 'Register-AsrProvider.ps1'), 'utf8');
    assert.match(text, /finally \{\s*Remove-Item -LiteralPath \$file -Force/);
    assert.match(text, /SetAccessRuleProtection\(\$true, \$false\)/);
    assert.match(text, /'S-1-5-32-544', 'S-1-5-18'/);
    assert.ok(text.indexOf('Set-Acl') < text.indexOf('WriteAllText'), 'the ACL is set before the secret is written');
  });
});

describe('stand-in PowerShell: answers from the estate', () => {
  const host = (over: Partial<StandInHost>): StandInHost => ({
    name: 'H1',
    fqdn: 'H1.contoso.local',
    osCaption: 'Microsoft Windows Server 2019 Datacenter',
    osBuild: 17763,
    registered: true,
    providerVersion: '5.1.8095.0',
    vms: [
      {
        name: 'vm1',
        vmId: 'a',
        generation: 2,
        osType: 'Windows',
        state: 'Running',
        disks: [{ name: 'vm1.vhdx', sizeGB: 127, os: true }],
        networkAdapters: [{ name: 'Network Adapter', switchName: 'LAN' }],
      },
    ],
    ...over,
  });
  const hosts = [host({ local: true }), host({ name: 'H2', fqdn: 'H2.contoso.local', credentials: { userName: 'CONTOSO\\admin', password: 'p' } })];

  it('answers a call without a computer name from the local machine', () => {
    const r = resolveTarget(hosts, {});
    assert.equal(r.kind === 'host' && r.host.name, 'H1');
  });
  it('finds a remote host by short name or FQDN, case-insensitively', () => {
    const a = resolveTarget(hosts, { computerName: 'h1' });
    const b = resolveTarget(hosts, { computerName: 'H1.CONTOSO.LOCAL' });
    assert.equal(a.kind === 'host' && a.host.name, 'H1');
    assert.equal(b.kind === 'host' && b.host.name, 'H1');
  });
  it('an unknown host is unreachable', () => {
    const r = resolveTarget(hosts, { computerName: 'nope' });
    assert.equal(r.kind === 'envelope' && !r.envelope.ok && r.envelope.error.code, 'HostUnreachable');
  });
  it('a host with credentials refuses calls without them, and accepts the right ones', () => {
    const denied = resolveTarget(hosts, { computerName: 'H2' });
    assert.equal(denied.kind === 'envelope' && !denied.envelope.ok && denied.envelope.error.code, 'AccessDenied');
    const wrong = resolveTarget(hosts, { computerName: 'H2', userName: 'CONTOSO\\admin', password: 'x' });
    assert.equal(wrong.kind, 'envelope');
    const ok = resolveTarget(hosts, { computerName: 'H2', userName: 'contoso\\ADMIN', password: 'p' });
    assert.equal(ok.kind, 'host');
  });
  it('each fault answers as the remoting stack would', () => {
    const code = (fault: StandInHost['fault'], name = 'H3'): string | undefined => {
      const r = resolveTarget([host({ name: 'H3', fqdn: 'H3.x', fault })], { computerName: name });
      return r.kind === 'envelope' && !r.envelope.ok ? r.envelope.error.code : r.kind;
    };
    assert.equal(code('timeout'), 'hang');
    assert.equal(code('unreachable'), 'HostUnreachable');
    assert.equal(code('winrmDisabled'), 'WinRMNotEnabled');
    assert.equal(code('accessDenied'), 'AccessDenied');
    assert.equal(code('noHyperVModule'), 'host');
    const inv = vmInventory(host({ fault: 'noHyperVModule' }));
    assert.equal(!inv.ok && inv.error.code, 'HyperVModuleMissing');
    const info = hostInfo(host({ fault: 'noHyperVModule' }));
    assert.equal(info.ok && (info.data as { hyperVModule: boolean }).hyperVModule, false);
  });
  it('inventory gives disks with controller, format and size, and adapters', () => {
    const inv = vmInventory(host({}));
    assert.ok(inv.ok);
    const vm = (inv.data as { vms: { disks: { controllerType: string; vhdFormat: string; sizeBytes: number }[]; networkAdapters: { switchName: string }[] }[] }).vms[0];
    assert.deepEqual([vm.disks[0].controllerType, vm.disks[0].vhdFormat, vm.disks[0].sizeBytes], ['SCSI', 'VHDX', 127 * 1024 ** 3]);
    assert.equal(vm.networkAdapters[0].switchName, 'LAN');
  });
  it('install needs the internet or an installer path; register needs the provider installed', async () => {
    let installed = '';
    const offline = await installProvider(host({ internet: false }), {}, (v) => Promise.resolve(void (installed = v)));
    assert.equal(!offline.ok && offline.error.code, 'InstallerDownloadFailed');
    assert.equal(installed, '');
    const fromShare = await installProvider(host({ internet: false }), { installerPath: '\\\\files\\asr\\AzureSiteRecoveryProvider.exe' }, (v) =>
      Promise.resolve(void (installed = v)),
    );
    assert.ok(fromShare.ok);
    assert.equal(installed, '5.1.8095.0');
    const notInstalled = await registerProvider(host({ providerVersion: undefined }), { vaultCredentials: '<x/>' }, () => Promise.resolve({ status: 202 }));
    assert.equal(!notInstalled.ok && notInstalled.error.code, 'ProviderNotInstalled');
    const refused = await registerProvider(host({}), { vaultCredentials: '<x/>' }, () => Promise.resolve({ status: 401, message: 'expired' }));
    assert.equal(!refused.ok && refused.error.code, 'RegistrationFailed');
    assert.match(!refused.ok ? refused.error.message : '', /exit code 2/);
  });
});
