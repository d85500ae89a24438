// A host name reaches Invoke-Command -ComputerName and DRConfigurator.exe's /Friendlyname only
// when it is a DNS name (model/hostName.ts): a hostile one is refused with a message that says
// what to do, and nothing is sent to PowerShell.
import assert from 'node:assert/strict';
import type { VaultContext } from '../../../src/services/azure/clients';
import { ProviderSetupError, setupProvider } from '../../../src/flows/hostSetup';
import { HyperVError } from '../../../src/services/hyperv/errors';
import { getHostInfo, normalizeHostInfo } from '../../../src/services/hyperv/hostInfo';
import type { RunOptions, ScriptRunner } from '../../../src/services/hyperv/powershellRunner';
import type { HyperVScript } from '../../../src/services/hyperv/scripts';
import { checkedHostName, hostScriptInput } from '../../../src/services/hyperv/target';
import { getVmInventory } from '../../../src/services/hyperv/vmInventory';

/** The one collaborator faked here: a runner that records what it was asked to run. */
class RecordingRunner implements ScriptRunner {
  readonly calls: string[] = [];
  constructor(private readonly data: unknown = null) {}
  run(script: HyperVScript, _input: unknown, _options?: RunOptions): Promise<unknown> {
    this.calls.push(script.name);
    return Promise.resolve(this.data);
  }
}

const hostile = ['host;calc', '`$(x)', 'a b', '-x', `${'a'.repeat(64)}.contoso.local`, '..', 'hôte', 'h"; Start-Process calc; "', 'h\r\nx', '\\\\server\\share'];

function invalidHostName(pattern?: RegExp): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(e instanceof HyperVError, String(e));
    assert.equal(e.code, 'InvalidHostName');
    assert.match(e.message, /is not a valid DNS name .*nothing was run with it: use the host's computer name or FQDN/);
    assert.ok(!/\n|\bat \S+:\d+:\d+/.test(e.message), `a stack or a line break in: ${e.message}`);
    if (pattern) assert.match(e.message, pattern);
    return true;
  };
}

describe('services/hyperv: host names before PowerShell', () => {
  it('checkedHostName returns a good name trimmed, and refuses a hostile one, saying why', () => {
    assert.equal(checkedHostName('  HV01.contoso.local '), 'HV01.contoso.local');
    assert.throws(() => checkedHostName('host;calc'), invalidHostName(/The host name "host;calc" is not a valid DNS name \(it contains ";"\)/));
    assert.throws(() => checkedHostName('-x'), invalidHostName(/a label starts or ends with a hyphen/));
  });

  for (const name of hostile) {
    it(`refuses ${JSON.stringify(name)} as a computer name, and runs nothing`, async () => {
      assert.throws(() => hostScriptInput({ computerName: name }), invalidHostName());
      const runner = new RecordingRunner();
      await assert.rejects(getHostInfo(runner, { computerName: name }), invalidHostName());
      await assert.rejects(getVmInventory(runner, { computerName: name }), invalidHostName());
      // The host setup names its step and keeps the refusal as its cause.
      await assert.rejects(
        setupProvider(runner, {} as VaultContext, { fabricName: 's', siteIdentifier: 'i', siteName: 'S' }, { computerName: name, hostFqdn: 'hv01.contoso.local' }, {}),
        (e: unknown) => e instanceof ProviderSetupError && e.step === 'install' && invalidHostName()(e.cause),
      );
      assert.deepEqual(runner.calls, []);
    });
  }

  it('keeps the inputs of good names as they were', () => {
    assert.deepEqual(hostScriptInput({ computerName: ' HV01 ' }), { computerName: 'HV01', userName: null, password: null });
    assert.deepEqual(hostScriptInput({ computerName: '   ' }), { computerName: null, userName: null, password: null });
    assert.deepEqual(hostScriptInput({}), { computerName: null, userName: null, password: null });
  });

  it("refuses a host whose Get-HostInfo reports an FQDN that is not a DNS name (it becomes the provider's friendly name)", () => {
    const info = { name: 'HV01', fqdn: 'hv01;calc', osCaption: 'Windows Server 2019', osBuild: 17763, isServerCore: false, hyperVModule: true, provider: { installed: false } };
    assert.throws(() => normalizeHostInfo(info, { script: 'Get-HostInfo', host: 'HV01' }), invalidHostName(/"hv01;calc".*Get-HostInfo on HV01 reported it as the host's FQDN/));
    assert.equal(normalizeHostInfo({ ...info, fqdn: 'hv01.contoso.local' }).fqdn, 'hv01.contoso.local');
  });
});
