import assert from 'node:assert/strict';
import type { HostFacts, PreflightResult, VmDiskFacts, VmFacts } from '../../../src/model/preflight';
import { preflightHost, preflightRules, preflightVm, supportLimits } from '../../../src/model/preflight';
import { buildFromCaption, windowsServerName } from '../../../src/model/windowsVersions';
import { recordedProtectableItem } from './recordings';
import { withOverrides, type Overrides } from '../../support/overrides';

const GIB = 1024 ** 3;

const host: HostFacts = { name: 'HV01', osCaption: 'Microsoft Windows Server 2022 Datacenter', osBuild: 20348, isServerCore: false };

function osDisk(extra: Overrides<VmDiskFacts> = {}): VmDiskFacts {
  return withOverrides(
    {
      path: 'D:\\VMs\\app01\\os.vhdx',
      format: 'VHDX',
      sizeBytes: 127 * GIB,
      isOsDisk: true,
      logicalSectorSize: 512,
      physicalSectorSize: 4096,
    },
    extra,
  );
}

function dataDisk(n: number, extra: Overrides<VmDiskFacts> = {}): VmDiskFacts {
  return withOverrides<VmDiskFacts>({ path: `D:\\VMs\\app01\\data${n}.vhdx`, format: 'VHDX', sizeBytes: 100 * GIB, isOsDisk: false }, extra);
}

function vm(extra: Overrides<VmFacts> = {}): VmFacts {
  return withOverrides<VmFacts>({ name: 'app01', generation: 2, osType: 'Windows', disks: [osDisk(), dataDisk(1)], hasFibreChannelAdapter: false }, extra);
}

function ruleIds(r: PreflightResult): string[] {
  return r.findings.map((f) => f.ruleId);
}

function only(r: PreflightResult, ruleId: string, severity: 'error' | 'warning' = 'error'): string {
  assert.deepEqual(ruleIds(r), [ruleId]);
  const f = r.findings[0];
  assert.equal(f.severity, severity);
  assert.equal(r.ok, severity !== 'error');
  return f.message;
}

describe('model/preflight', () => {
  it('a supported host and VM pass with no findings', () => {
    assert.deepEqual(preflightVm(host, vm()), { ok: true, findings: [] });
  });

  describe('host OS', () => {
    const supported: [string, number][] = [
      ['Microsoft Windows Server 2012 R2 Datacenter', 9600],
      ['Microsoft Windows Server 2016 Standard', 14393],
      ['Microsoft Windows Server 2019 Datacenter', 17763],
      ['Microsoft Windows Server 2022 Standard', 20348],
      ['Microsoft Windows Server 2025 Datacenter', 26100],
    ];
    for (const [caption, build] of supported) {
      it(`${caption} (build ${build}) is supported`, () => {
        assert.deepEqual(preflightHost({ name: 'HV01', osCaption: caption, osBuild: build }), { ok: true, findings: [] });
      });
    }

    it('Windows Server 2012 (build 9200) fails and says to upgrade', () => {
      const message = only(preflightHost({ name: 'HV01', osBuild: 9200 }), preflightRules.hostOsUnsupported);
      assert.equal(message, 'Host "HV01" runs Windows Server 2012, which Azure Site Recovery does not support. Upgrade the host to Windows Server 2012 R2 or later.');
    });

    it('Windows Server 2008 R2 fails, quoting the caption when known', () => {
      const message = only(preflightHost({ name: 'HV01', osCaption: 'Microsoft Windows Server 2008 R2 Enterprise', osBuild: 7601 }), preflightRules.hostOsUnsupported);
      assert.match(message, /runs Microsoft Windows Server 2008 R2 Enterprise/);
    });

    it('client Windows fails even with a recent build', () => {
      const message = only(preflightHost({ name: 'PC1', osCaption: 'Microsoft Windows 11 Pro', osBuild: 22631 }), preflightRules.hostOsClient);
      assert.match(message, /Microsoft Windows 11 Pro.*Windows Server 2012 R2 or later/);
    });

    it('an unknown build is a warning, not an error', () => {
      const r = preflightHost({ name: 'HV01' });
      assert.match(only(r, preflightRules.hostOsUnknown, 'warning'), /Could not determine the Windows version of host "HV01"/);
      assert.equal(r.ok, true);
    });

    it('derives the build from the caption when the build is missing', () => {
      assert.equal(preflightHost({ name: 'HV01', osCaption: 'Microsoft Windows Server 2016 Datacenter' }).ok, true);
      only(preflightHost({ name: 'HV01', osCaption: 'Microsoft Windows Server 2012 Standard' }), preflightRules.hostOsUnsupported);
      assert.equal(buildFromCaption('Microsoft Windows Server 2012 R2 Standard'), 9600);
      assert.equal(buildFromCaption('Microsoft Windows 10 Pro'), undefined);
      assert.equal(windowsServerName(17763), 'Windows Server 2019');
    });

    it('Server Core on Windows Server 2019 fails', () => {
      const message = only(preflightHost({ name: 'HV02', osBuild: 17763, isServerCore: true }), preflightRules.hostServerCore2019);
      assert.match(message, /Windows Server 2019 Server Core/);
    });

    it('Server Core on 2016 and 2022 is fine', () => {
      assert.equal(preflightHost({ name: 'HV02', osBuild: 14393, isServerCore: true }).ok, true);
      assert.equal(preflightHost({ name: 'HV02', osBuild: 20348, isServerCore: true }).ok, true);
    });

    it('Hyper-V Server 2019 counts as Server Core', () => {
      only(preflightHost({ name: 'HV03', osCaption: 'Microsoft Hyper-V Server 2019', osBuild: 17763 }), preflightRules.hostServerCore2019);
    });

    it('preflightVm includes the host findings', () => {
      const r = preflightVm({ name: 'HV01', osBuild: 9200 }, vm());
      assert.deepEqual(ruleIds(r), [preflightRules.hostOsUnsupported]);
      assert.equal(r.findings[0]?.target, 'host');
      assert.equal(r.findings[0]?.subject, 'HV01');
    });
  });

  describe('VM name', () => {
    const valid = ['ramh157v01', 'a', 'A-1', 'x'.repeat(63)];
    for (const name of valid) {
      it(`accepts "${name.length > 20 ? `${name.slice(0, 10)}…(${name.length})` : name}"`, () => {
        assert.equal(preflightVm(host, vm({ name })).ok, true);
      });
    }

    const invalid: [string, RegExp][] = [
      ['x'.repeat(64), /has 64 characters; Azure allows at most 63/],
      ['', /has no name/],
      ['my_vm', /characters Azure does not allow \("_"\)/],
      ['my vm.prod', /\(" ", "\."\)/],
      ['-vm', /must start and end with a letter or digit/],
      ['vm-', /must start and end with a letter or digit/],
    ];
    for (const [name, pattern] of invalid) {
      it(`rejects "${name.length > 20 ? `${name.slice(0, 10)}…(${name.length})` : name}"`, () => {
        const r = preflightVm(host, vm({ name }));
        assert.match(only(r, preflightRules.vmName), pattern);
        assert.equal(r.findings[0]?.target, 'vm');
      });
    }
  });

  describe('generation and guest OS', () => {
    it('Generation 1 with Linux is fine', () => {
      assert.equal(preflightVm(host, vm({ generation: 1, osType: 'Linux' })).ok, true);
    });
    it('Generation 2 with Linux fails', () => {
      assert.match(only(preflightVm(host, vm({ osType: 'Linux' })), preflightRules.vmLinuxGen2), /Generation 2 VM running Linux/);
    });
    it('Generation 2 with an unknown guest OS is a warning', () => {
      only(preflightVm(host, vm({ osType: undefined })), preflightRules.vmGen2OsUnknown, 'warning');
    });
    it('an unknown generation is a warning', () => {
      only(preflightVm(host, vm({ generation: undefined })), preflightRules.vmGeneration, 'warning');
    });
    it('any other generation fails', () => {
      assert.match(only(preflightVm(host, vm({ generation: 3 })), preflightRules.vmGeneration), /Generation 3/);
    });
  });

  describe('OS disk', () => {
    it('a VM without disks fails', () => {
      only(preflightVm(host, vm({ disks: [] })), preflightRules.vmOsDiskCount);
    });
    it('a VM whose disks are all marked data disks fails', () => {
      assert.match(only(preflightVm(host, vm({ disks: [dataDisk(1), dataDisk(2)] })), preflightRules.vmOsDiskCount), /No OS disk/);
    });
    it('two OS disks fail', () => {
      assert.match(only(preflightVm(host, vm({ disks: [osDisk(), osDisk({ path: 'os2.vhdx' })] })), preflightRules.vmOsDiskCount), /2 OS disks/);
    });
    it('when no disk says whether it is the OS disk, the first one is', () => {
      const disks = [osDisk({ isOsDisk: undefined, sizeBytes: 301 * GIB }), dataDisk(1, { isOsDisk: undefined })];
      only(preflightVm(host, vm({ disks })), preflightRules.vmOsDiskSize);
    });
    it('Generation 1: 2,048 GB passes, one byte more fails', () => {
      assert.equal(preflightVm(host, vm({ generation: 1, disks: [osDisk({ sizeBytes: 2048 * GIB })] })).ok, true);
      const message = only(preflightVm(host, vm({ generation: 1, disks: [osDisk({ sizeBytes: 2048 * GIB + 1 })] })), preflightRules.vmOsDiskSize);
      assert.match(message, /at most 2,048 GB for a Generation 1 VM/);
    });
    it('Generation 2: 300 GB passes, one byte more fails', () => {
      assert.equal(preflightVm(host, vm({ disks: [osDisk({ sizeBytes: 300 * GIB })] })).ok, true);
      const message = only(preflightVm(host, vm({ disks: [osDisk({ sizeBytes: 300 * GIB + 1 })] })), preflightRules.vmOsDiskSize);
      assert.match(message, /at most 300 GB for a Generation 2 VM\. Shrink the disk/);
    });
    it('a 500 GB OS disk is fine on Generation 1 but not on Generation 2', () => {
      assert.equal(preflightVm(host, vm({ generation: 1, disks: [osDisk({ sizeBytes: 500 * GIB })] })).ok, true);
      assert.equal(preflightVm(host, vm({ generation: 2, disks: [osDisk({ sizeBytes: 500 * GIB })] })).ok, false);
    });
  });

  describe('data disks', () => {
    const disks = (n: number): VmDiskFacts[] => [osDisk(), ...Array.from({ length: n }, (_, i) => dataDisk(i))];
    it('16 data disks pass, 17 fail', () => {
      assert.equal(preflightVm(host, vm({ disks: disks(16) })).ok, true);
      assert.match(only(preflightVm(host, vm({ disks: disks(17) })), preflightRules.vmDataDiskCount), /17 data disks.*at most 16/);
    });
    it('a 4,095 GB data disk passes, one byte more fails on that disk', () => {
      assert.equal(preflightVm(host, vm({ disks: [osDisk(), dataDisk(1, { sizeBytes: 4095 * GIB })] })).ok, true);
      const r = preflightVm(host, vm({ disks: [osDisk(), dataDisk(1, { sizeBytes: 4095 * GIB + 1 })] }));
      assert.match(only(r, preflightRules.diskDataSize), /at most 4,095 GB per data disk/);
      assert.equal(r.findings[0]?.target, 'disk');
      assert.equal(r.findings[0]?.subject, 'D:\\VMs\\app01\\data1.vhdx');
    });
    it('the limits are the support matrix figures in 1024^3-byte GB', () => {
      assert.equal(supportLimits.dataDiskMaxBytes, 4095 * 1024 ** 3);
      assert.equal(supportLimits.osDiskMaxBytesGen2, 300 * 1024 ** 3);
    });
  });

  describe('disk kinds', () => {
    it('VHD and VHDX pass, in any case', () => {
      const disks = [osDisk({ format: 'VHD', path: 'os.vhd' }), dataDisk(1, { format: 'vhdx' })];
      assert.equal(preflightVm(host, vm({ disks })).ok, true);
    });
    it('a VHD Set fails, by format or by .vhds extension', () => {
      assert.match(only(preflightVm(host, vm({ disks: [osDisk(), dataDisk(1, { format: 'VHDSet' })] })), preflightRules.diskFormat), /VHD Set.*Convert it to VHDX/);
      only(preflightVm(host, vm({ disks: [osDisk(), dataDisk(1, { format: undefined, path: 'E:\\shared.vhds' })] })), preflightRules.diskFormat);
    });
    it('another format fails', () => {
      assert.match(only(preflightVm(host, vm({ disks: [osDisk(), dataDisk(1, { format: 'RAW' })] })), preflightRules.diskFormat), /format RAW/);
    });
    it('a shared VHD fails', () => {
      only(preflightVm(host, vm({ disks: [osDisk(), dataDisk(1, { isShared: true })] })), preflightRules.diskShared);
    });
    it('a pass-through disk fails', () => {
      const r = preflightVm(host, vm({ disks: [osDisk(), { path: 'Disk 2', isPassThrough: true, isOsDisk: false }] }));
      assert.match(only(r, preflightRules.diskPassThrough), /pass-through disk/);
    });
    it('a Fibre Channel adapter fails', () => {
      only(preflightVm(host, vm({ hasFibreChannelAdapter: true })), preflightRules.vmFibreChannel);
    });
    it('4K logical + 4K physical sectors fail; 4K logical + 512 physical pass', () => {
      only(preflightVm(host, vm({ disks: [osDisk({ logicalSectorSize: 4096, physicalSectorSize: 4096 })] })), preflightRules.diskSector4k);
      assert.equal(preflightVm(host, vm({ disks: [osDisk({ logicalSectorSize: 4096, physicalSectorSize: 512 })] })).ok, true);
      assert.equal(preflightVm(host, vm({ disks: [osDisk({ logicalSectorSize: 512, physicalSectorSize: 4096 })] })).ok, true);
    });
  });

  describe('ASR readiness of the protectable item', () => {
    it('each readiness error becomes a finding with its text', () => {
      const r = preflightVm(host, vm(), { protectionReadinessErrors: ['The VM is not running', 'Integration services are out of date.'] });
      assert.deepEqual(ruleIds(r), [preflightRules.asrReadiness, preflightRules.asrReadiness]);
      assert.equal(r.findings[0]?.message, 'Azure Site Recovery reports that VM "app01" is not ready for protection: The VM is not running. Resolve this, then refresh the VM.');
      assert.match(r.findings[1]?.message ?? '', /out of date\. Resolve this/);
      assert.equal(r.ok, false);
    });
    it('has* Present fails; NotPresent and Unknown pass', () => {
      only(preflightVm(host, vm(), { hasPhysicalDisk: 'Present' }), preflightRules.asrPhysicalDisk);
      only(preflightVm(host, vm(), { hasFibreChannelAdapter: 'Present' }), preflightRules.asrFibreChannel);
      only(preflightVm(host, vm(), { hasSharedVhd: 'Present' }), preflightRules.asrSharedVhd);
      assert.equal(preflightVm(host, vm(), { hasPhysicalDisk: 'NotPresent', hasSharedVhd: 'Unknown', protectionReadinessErrors: [] }).ok, true);
    });
    it('does not report the same problem twice when the VM facts already show it', () => {
      only(preflightVm(host, vm({ hasFibreChannelAdapter: true }), { hasFibreChannelAdapter: 'Present' }), preflightRules.vmFibreChannel);
    });
    it('a real protectable item from Azure is ready', () => {
      const item = recordedProtectableItem() as {
        properties: { protectionReadinessErrors: string[]; customDetails: { hasPhysicalDisk: string; hasFibreChannelAdapter: string; hasSharedVhd: string } };
      };
      const { protectionReadinessErrors } = item.properties;
      const { hasPhysicalDisk, hasFibreChannelAdapter, hasSharedVhd } = item.properties.customDetails;
      assert.equal(preflightVm(host, vm(), { protectionReadinessErrors, hasPhysicalDisk, hasFibreChannelAdapter, hasSharedVhd }).ok, true);
    });
  });

  describe('result', () => {
    it('collects every finding; ok only without errors; warnings alone keep ok', () => {
      const r = preflightVm({ name: 'HV01', osBuild: 9200 }, vm({ name: 'bad_name', osType: 'Linux', hasFibreChannelAdapter: true }));
      assert.deepEqual(ruleIds(r), [preflightRules.hostOsUnsupported, preflightRules.vmName, preflightRules.vmLinuxGen2, preflightRules.vmFibreChannel]);
      assert.equal(r.ok, false);
      const warnings = preflightVm({ name: 'HV01' }, vm({ generation: undefined }));
      assert.equal(warnings.findings.length, 2);
      assert.equal(warnings.ok, true);
    });
    it('every message says what is wrong and what to do (two sentences at least)', () => {
      const r = preflightVm(
        { name: 'HV01', osBuild: 9200 },
        vm({
          name: '_x',
          osType: 'Linux',
          hasFibreChannelAdapter: true,
          disks: [osDisk({ sizeBytes: 999 * GIB, logicalSectorSize: 4096, physicalSectorSize: 4096 }), dataDisk(1, { format: 'VHDSet', isShared: true, sizeBytes: 5000 * GIB })],
        }),
        { protectionReadinessErrors: ['x'], hasPhysicalDisk: 'Present' },
      );
      assert.ok(r.findings.length >= 10);
      for (const f of r.findings) {
        assert.match(f.message, /\. [A-Z].*\.$/, f.message);
      }
    });
  });
});
