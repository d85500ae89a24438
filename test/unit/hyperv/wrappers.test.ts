import assert from 'node:assert/strict';
import { preflightRules, preflightVm } from '../../../src/model/preflight';
import { HyperVError } from '../../../src/services/hyperv/errors';
import { getHostInfo, normalizeHostInfo, type HostInfo } from '../../../src/services/hyperv/hostInfo';
import type { RunOptions, ScriptRunner } from '../../../src/services/hyperv/powershellRunner';
import type { HyperVScript } from '../../../src/services/hyperv/scripts';
import { getVmInventory, normalizeVmInventory, osDiskIndex, toPreflightFacts, type HyperVVm } from '../../../src/services/hyperv/vmInventory';

const HOST = 'RAM-H1-2';

/** The one collaborator faked here: a runner that records calls and returns canned data. */
class FakeRunner implements ScriptRunner {
  readonly calls: { script: HyperVScript; input: unknown; options: RunOptions | undefined }[] = [];
  constructor(private readonly data: unknown) {}
  run(script: HyperVScript, input: unknown, options?: RunOptions): Promise<unknown> {
    this.calls.push({ script, input, options });
    return Promise.resolve(this.data);
  }
}

function protocolError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof HyperVError);
    assert.equal(e.code, 'ProtocolError');
    assert.match(e.message, pattern);
    return true;
  });
}

/** What Windows PowerShell 5.1 writes for Get-HostInfo on a remote host: strings for numbers, nulls, "". */
const hostInfo51 = {
  name: 'RAM-H1-2',
  fqdn: 'ram-h1-2.contoso.local',
  osCaption: 'Microsoft Windows Server 2019 Datacenter',
  osBuild: '17763',
  isServerCore: false,
  cluster: null,
  hyperVModule: true,
  provider: { installed: true, version: '5.1.8095.0', registered: false, vaultName: '', siteName: '' },
  PSComputerName: 'RAM-H1-2',
  RunspaceId: 'a5c8e0e0-0000-0000-0000-000000000000',
};

/** Get-VmInventory as 5.1 would write it without the script's string projections: enum numbers, collapsed arrays. */
const inventory51 = {
  vms: {
    name: "O'Brien $(SQL) 🚀",
    vmId: '{6A1B0B0E-7C55-4E3B-9D9C-0F2D5D8C1A11}',
    state: 2,
    generation: 1,
    processorCount: '4',
    memoryStartupBytes: '4294967296',
    replicationState: 4,
    replicationHealth: 2,
    isClustered: 'False',
    hasFibreChannelAdapter: false,
    disks: {
      path: 'C:\\VMs\\sql\\os.vhdx',
      controllerType: 0,
      controllerNumber: 0,
      controllerLocation: 0,
      diskNumber: null,
      vhdFormat: 3,
      vhdType: 3,
      sizeBytes: 136365211648,
      logicalSectorSize: 512,
      physicalSectorSize: 4096,
      shared: false,
    },
    networkAdapters: null,
  },
};

/** The same as pwsh 7 writes it (the script's projections: strings for enums, real arrays). */
const inventory7 = {
  vms: [
    {
      name: 'web-01',
      vmId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      state: 'Off',
      generation: 2,
      processorCount: 2,
      memoryStartupBytes: 2147483648,
      replicationState: 'Disabled',
      replicationHealth: 'NotApplicable',
      isClustered: true,
      hasFibreChannelAdapter: false,
      // Get-VMFirmware's BootOrder: the first hard disk is SCSI 0:0 (os.vhdx, listed second).
      firmwareBootDisk: { controllerNumber: 0, controllerLocation: 0, path: 'C:\\VMs\\web\\os.vhdx' },
      disks: [
        {
          path: 'C:\\VMs\\web\\data.vhdx',
          controllerType: 'SCSI',
          controllerNumber: 0,
          controllerLocation: 1,
          diskNumber: null,
          vhdFormat: 'VHDX',
          vhdType: 'Dynamic',
          sizeBytes: 1099511627776,
          logicalSectorSize: 512,
          physicalSectorSize: 512,
          shared: true,
        },
        {
          path: 'C:\\VMs\\web\\os.vhdx',
          controllerType: 'SCSI',
          controllerNumber: 0,
          controllerLocation: 0,
          diskNumber: null,
          vhdFormat: 'VHDX',
          vhdType: 'Fixed',
          sizeBytes: 400 * 1024 ** 3,
          logicalSectorSize: 512,
          physicalSectorSize: 512,
          shared: false,
        },
        {
          path: 'Disk 2 20.00 GB Bus 0 Lun 1 Target 0',
          controllerType: 'SCSI',
          controllerNumber: 0,
          controllerLocation: 2,
          diskNumber: 2,
          vhdFormat: null,
          vhdType: null,
          sizeBytes: null,
          logicalSectorSize: null,
          physicalSectorSize: null,
          shared: false,
        },
      ],
      networkAdapters: [{ name: 'Network Adapter', switchName: 'External', macAddress: '00155D010203' }],
    },
  ],
};

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

describe('services/hyperv typed wrappers', () => {
  describe('getHostInfo', () => {
    it('sends { computerName, userName, password } with the host for messages, and normalizes 5.1 JSON', async () => {
      const runner = new FakeRunner(hostInfo51);
      const info = await getHostInfo(runner, { computerName: HOST, credential: { userName: 'CONTOSO\\asr', password: 'p@ss' } });
      assert.equal(runner.calls[0].script.name, 'Get-HostInfo');
      assert.deepEqual(runner.calls[0].input, { computerName: HOST, userName: 'CONTOSO\\asr', password: 'p@ss' });
      assert.equal(runner.calls[0].options?.host, HOST);
      assert.deepEqual(info, {
        name: 'RAM-H1-2',
        fqdn: 'ram-h1-2.contoso.local',
        osCaption: 'Microsoft Windows Server 2019 Datacenter',
        osBuild: 17763,
        isServerCore: false,
        hyperVModule: true,
        provider: { installed: true, version: '5.1.8095.0', registered: false },
      });
    });

    it('for the local computer sends nulls and no host', async () => {
      const runner = new FakeRunner({ ...hostInfo51, cluster: 'CL01', provider: { ...hostInfo51.provider, registered: true, vaultName: 'v1', siteName: 's1' } });
      const info = await getHostInfo(runner, {});
      assert.deepEqual(runner.calls[0].input, { computerName: null, userName: null, password: null });
      assert.equal(runner.calls[0].options?.host, undefined);
      assert.equal(info.cluster, 'CL01');
      assert.deepEqual(info.provider, { installed: true, version: '5.1.8095.0', registered: true, vaultName: 'v1', siteName: 's1' });
    });

    it('rejects a malformed result with a ProtocolError naming the field', () => {
      const noFqdn: Record<string, unknown> = clone(hostInfo51);
      delete noFqdn.fqdn;
      protocolError(() => normalizeHostInfo(noFqdn, { script: 'Get-HostInfo', host: HOST }), /Get-HostInfo on RAM-H1-2 .*data\.fqdn is missing/);
      protocolError(() => normalizeHostInfo({ ...hostInfo51, osBuild: 'twenty' }), /data\.osBuild is not a number/);
      protocolError(() => normalizeHostInfo({ ...hostInfo51, provider: 'System.Collections.Hashtable' }), /data\.provider was cut short/);
      protocolError(() => normalizeHostInfo({ ...hostInfo51, isServerCore: 'maybe' }), /data\.isServerCore is not true or false/);
      protocolError(() => normalizeHostInfo(null), /data is missing/);
    });
  });

  describe('getVmInventory', () => {
    it('normalizes a 5.1 payload: collapsed arrays, null for empty, enum numbers, numbers as strings, braced GUID', async () => {
      const runner = new FakeRunner(inventory51);
      const vms = await getVmInventory(runner, { computerName: HOST });
      assert.equal(runner.calls[0].script.name, 'Get-VmInventory');
      assert.deepEqual(vms, [
        {
          name: "O'Brien $(SQL) 🚀",
          vmId: '6a1b0b0e-7c55-4e3b-9d9c-0f2d5d8c1a11',
          state: 'Running',
          generation: 1,
          processorCount: 4,
          memoryStartupBytes: 4294967296,
          replicationState: 'Replicating',
          replicationHealth: 'Warning',
          isClustered: false,
          hasFibreChannelAdapter: false,
          disks: [
            {
              path: 'C:\\VMs\\sql\\os.vhdx',
              controllerType: 'IDE',
              controllerNumber: 0,
              controllerLocation: 0,
              vhdFormat: 'VHDX',
              vhdType: 'Dynamic',
              sizeBytes: 136365211648,
              logicalSectorSize: 512,
              physicalSectorSize: 4096,
              shared: false,
            },
          ],
          osDiskIndex: 0,
          networkAdapters: [],
        },
      ]);
    });

    it('normalizes a pwsh 7 payload and keeps pass-through disk numbers', async () => {
      const [vm] = await getVmInventory(new FakeRunner(inventory7), {});
      assert.ok(vm);
      assert.equal(vm.state, 'Off');
      assert.equal(vm.generation, 2);
      assert.equal(vm.disks.length, 3);
      assert.equal(vm.disks[2].diskNumber, 2);
      assert.equal(vm.disks[2].vhdFormat, undefined);
      assert.deepEqual(vm.networkAdapters, [{ name: 'Network Adapter', switchName: 'External', macAddress: '00155D010203' }]);
    });

    it('accepts no VMs (null, [] or a collapsed empty) and a vmId written as { Guid }', () => {
      assert.deepEqual(normalizeVmInventory({ vms: null }), []);
      assert.deepEqual(normalizeVmInventory({ vms: [] }), []);
      const withGuidObject = clone(inventory51);
      (withGuidObject.vms as Record<string, unknown>).vmId = { Guid: '6A1B0B0E-7C55-4E3B-9D9C-0F2D5D8C1A11' };
      assert.equal(normalizeVmInventory(withGuidObject)[0].vmId, '6a1b0b0e-7c55-4e3b-9d9c-0f2d5d8c1a11');
    });

    it('rejects malformed VMs with a ProtocolError naming the field', () => {
      const ctx = { script: 'Get-VmInventory', host: HOST };
      const bad = (mutate: (vm: Record<string, unknown>) => void): unknown => {
        const d = clone(inventory7);
        mutate(d.vms[0]);
        return d;
      };
      protocolError(() => normalizeVmInventory({}, ctx), /data\.vms is missing/);
      protocolError(
        () =>
          normalizeVmInventory(
            bad((vm) => delete vm.name),
            ctx,
          ),
        /data\.vms\[0\]\.name is missing/,
      );
      protocolError(
        () =>
          normalizeVmInventory(
            bad((vm) => (vm.vmId = 'not-a-guid')),
            ctx,
          ),
        /data\.vms\[0\]\.vmId is not a GUID/,
      );
      protocolError(
        () =>
          normalizeVmInventory(
            bad((vm) => (vm.generation = 3)),
            ctx,
          ),
        /data\.vms\[0\]\.generation is not 1 or 2/,
      );
      protocolError(
        () =>
          normalizeVmInventory(
            bad((vm) => (vm.state = null)),
            ctx,
          ),
        /data\.vms\[0\]\.state is missing/,
      );
      protocolError(
        () =>
          normalizeVmInventory(
            bad((vm) => (vm.disks = 'System.Object[]')),
            ctx,
          ),
        /data\.vms\[0\]\.disks was cut short/,
      );
      protocolError(
        () =>
          normalizeVmInventory(
            bad((vm) => delete (vm.disks as Record<string, unknown>[])[1].path),
            ctx,
          ),
        /data\.vms\[0\]\.disks\[1\]\.path is missing/,
      );
      protocolError(
        () =>
          normalizeVmInventory(
            bad((vm) => ((vm.disks as Record<string, unknown>[])[0].controllerNumber = 'zero')),
            ctx,
          ),
        /disks\[0\]\.controllerNumber is not a number/,
      );
      protocolError(
        () =>
          normalizeVmInventory(
            bad((vm) => (vm.networkAdapters = ['System.Collections.Hashtable'])),
            ctx,
          ),
        /networkAdapters\[0\] was cut short/,
      );
    });
  });

  describe('toPreflightFacts', () => {
    const host: HostInfo = normalizeHostInfo(hostInfo51);

    it('generation 2: the OS disk is SCSI 0:0 even when listed second; pass-through and shared disks are flagged', () => {
      const [vm] = normalizeVmInventory(inventory7);
      const facts = toPreflightFacts(host, vm);
      assert.deepEqual(facts.host, { name: 'RAM-H1-2', osCaption: 'Microsoft Windows Server 2019 Datacenter', osBuild: 17763, isServerCore: false });
      assert.deepEqual(
        facts.vm.disks.map((d) => [d.path, d.isOsDisk, d.isShared, d.isPassThrough, d.format]),
        [
          ['C:\\VMs\\web\\data.vhdx', false, true, false, 'VHDX'],
          ['C:\\VMs\\web\\os.vhdx', true, false, false, 'VHDX'],
          ['Disk 2 20.00 GB Bus 0 Lun 1 Target 0', false, false, true, undefined],
        ],
      );
      // The model then finds the too-large Gen2 OS disk (400 GiB > 300 GiB) on the right disk.
      const findings = preflightVm(facts.host, facts.vm).findings;
      assert.ok(findings.some((f) => f.ruleId === preflightRules.vmOsDiskSize && /os\.vhdx/.test(f.message)));
      assert.ok(findings.some((f) => f.ruleId === preflightRules.diskShared && f.subject === 'C:\\VMs\\web\\data.vhdx'));
      assert.ok(findings.some((f) => f.ruleId === preflightRules.diskPassThrough));
    });

    it('generation 1: the OS disk is IDE 0:0, else the first of the IDE chain; generation 2: the first hard disk of the firmware boot order, else unknown', () => {
      const disk = (controllerType: string, n: number, l: number): HyperVVm['disks'][number] => ({
        path: `${controllerType}${n}${l}.vhdx`,
        controllerType,
        controllerNumber: n,
        controllerLocation: l,
        shared: false,
      });
      assert.equal(osDiskIndex({ generation: 1, disks: [disk('SCSI', 0, 0), disk('IDE', 1, 0), disk('IDE', 0, 0)] }), 2);
      assert.equal(osDiskIndex({ generation: 1, disks: [disk('SCSI', 0, 0), disk('IDE', 1, 0), disk('IDE', 0, 1)] }), 2);
      // A generation 1 VM cannot boot from SCSI: without an IDE disk nothing is guessed.
      assert.equal(osDiskIndex({ generation: 1, disks: [disk('SCSI', 0, 0)] }), undefined);
      // Generation 2: the firmware's first hard disk (by path, else by its SCSI address), even when it is not SCSI 0:0.
      const gen2 = [disk('SCSI', 0, 0), disk('SCSI', 0, 1)];
      assert.equal(osDiskIndex({ generation: 2, disks: gen2, firmwareBootDisk: { controllerNumber: 0, controllerLocation: 1, path: 'SCSI01.vhdx' } }), 1);
      assert.equal(osDiskIndex({ generation: 2, disks: gen2, firmwareBootDisk: { controllerNumber: 0, controllerLocation: 1, path: '' } }), 1);
      assert.equal(osDiskIndex({ generation: 2, disks: gen2 }), undefined);
      assert.equal(osDiskIndex({ generation: 2, disks: [] }), undefined);
    });

    it('leaves an unknown VHD format to the file extension', () => {
      const vms = normalizeVmInventory(inventory51);
      const vm = { ...vms[0], disks: [{ ...vms[0].disks[0], vhdFormat: 'Unknown(9)' }] };
      const facts = toPreflightFacts(host, vm);
      assert.equal(facts.vm.disks[0].format, undefined);
      assert.equal(facts.vm.disks[0].isOsDisk, true);
      assert.equal(facts.vm.generation, 1);
      assert.equal(facts.vm.hasFibreChannelAdapter, false);
      assert.equal(facts.vm.disks[0].physicalSectorSize, 4096);
    });
  });
});
