import assert from 'node:assert/strict';
import { parseProviderProxy, resolvePowerShellExecutable } from '../../../src/services/hyperv/executable';
import { normalizeVmInventory } from '../../../src/services/hyperv/vmInventory';

describe('PowerShell executable and provider proxy settings', () => {
  it('uses the setting when given, trimmed', () => {
    assert.equal(resolvePowerShellExecutable('  /opt/microsoft/powershell/7/pwsh ', 'linux'), '/opt/microsoft/powershell/7/pwsh');
    assert.equal(resolvePowerShellExecutable('pwsh', 'win32'), 'pwsh');
  });
  it('defaults to Windows PowerShell on Windows and pwsh elsewhere', () => {
    assert.equal(resolvePowerShellExecutable(undefined, 'win32'), 'powershell');
    assert.equal(resolvePowerShellExecutable('', 'linux'), 'pwsh');
    assert.equal(resolvePowerShellExecutable('   ', 'darwin'), 'pwsh');
  });
  it('reads a proxy address with or without a scheme and a port', () => {
    assert.deepEqual(parseProviderProxy('http://proxy.contoso.local:8080'), { address: 'http://proxy.contoso.local', port: 8080 });
    assert.deepEqual(parseProviderProxy('proxy.contoso.local:3128'), { address: 'http://proxy.contoso.local', port: 3128 });
    assert.deepEqual(parseProviderProxy('https://proxy.contoso.local'), { address: 'https://proxy.contoso.local', port: 443 });
    assert.equal(parseProviderProxy(''), undefined);
    assert.equal(parseProviderProxy(undefined), undefined);
  });
  it('says how to write a proxy that is not an address', () => {
    assert.throws(() => parseProviderProxy('http://'), /form http:\/\/proxy\.contoso\.local:8080/);
  });
});

describe('inventory: OS type and OS disk', () => {
  const vm = (over: Record<string, unknown>): Record<string, unknown> => ({
    name: 'v',
    vmId: '6a1b0b0e-7c55-4e3b-9d9c-0f2d5d8c1a11',
    state: 'Running',
    generation: 2,
    processorCount: 1,
    memoryStartupBytes: 1,
    replicationState: 'Disabled',
    replicationHealth: 'NotApplicable',
    isClustered: false,
    hasFibreChannelAdapter: false,
    networkAdapters: [],
    disks: [
      { path: 'd.vhdx', controllerType: 'SCSI', controllerNumber: 0, controllerLocation: 1, shared: false },
      { path: 'os.vhdx', controllerType: 'SCSI', controllerNumber: 0, controllerLocation: 0, shared: false },
    ],
    ...over,
  });
  it('marks the boot disk of a generation 2 VM (first hard disk of the firmware boot order) and reads the guest OS when known', () => {
    const [v] = normalizeVmInventory({
      vms: [vm({ osName: 'Ubuntu 22.04 LTS', osType: 'Linux', firmwareBootDisk: { controllerNumber: 0, controllerLocation: 0, path: 'os.vhdx' } })],
    });
    assert.equal(v.osDiskIndex, 1);
    // Without the firmware's answer the boot disk is unknown (not guessed).
    assert.equal(normalizeVmInventory({ vms: [vm({ firmwareBootDisk: null })] })[0]?.osDiskIndex, undefined);
    assert.equal(v.osType, 'Linux');
    assert.equal(v.osName, 'Ubuntu 22.04 LTS');
  });
  it('leaves the OS unknown when the guest does not say, and refuses a strange OS type', () => {
    const [v] = normalizeVmInventory({ vms: [vm({ osName: null, osType: null })] });
    assert.equal(v.osType, undefined);
    assert.throws(() => normalizeVmInventory({ vms: [vm({ osType: 'BeOS' })] }), /osType is not Windows or Linux/);
  });
});
