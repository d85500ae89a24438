import assert from 'node:assert/strict';
import { findDiskByName, vhdNameOfPath, withoutCheckpointSuffix } from '../../../src/model/osDisk';

describe('model/osDisk: naming the OS disk as Azure Site Recovery matches it', () => {
  // Disks as recorded: every disk "Data"; names are VHD file names without extension, a
  // checkpointed disk carries "_<GUID>" (CreateProtectedItem.json: "PowershellVm2_2E079F0E-…").
  const disks = [
    { vhdId: 'a', vhdName: 'HyperVVm5960_078F16BE-769B-4535-9177-454EFDFC4595' },
    { vhdId: 'b', vhdName: 'vidya' },
    { vhdId: 'c', vhdName: 'datadisk2' },
  ];

  it('takes the VHD file name without folder and extension, as vhdName shows it', () => {
    assert.equal(vhdNameOfPath('C:\\Hyper-V\\Virtual Hard Disks\\web01-os.vhdx'), 'web01-os');
    assert.equal(vhdNameOfPath('\\\\fs01\\vms\\PowershellVm1.VHD'), 'PowershellVm1');
    assert.equal(vhdNameOfPath('D:\\VMs\\web_2E079F0E-8208-442B-BB3A-EC8C20FCF617.avhdx'), 'web_2E079F0E-8208-442B-BB3A-EC8C20FCF617');
    assert.equal(vhdNameOfPath('no-extension'), 'no-extension');
  });

  it('matches exactly and case-insensitively, as Az PowerShell compares -OSDiskName', () => {
    assert.equal(findDiskByName(disks, 'VIDYA')?.vhdId, 'b');
    assert.equal(findDiskByName(disks, 'HyperVVm5960_078F16BE-769B-4535-9177-454EFDFC4595')?.vhdId, 'a');
  });

  it('matches a checkpoint disk by its base name when the exact name is not there, only when unique', () => {
    assert.equal(withoutCheckpointSuffix('HyperVVm5960_078F16BE-769B-4535-9177-454EFDFC4595'), 'HyperVVm5960');
    assert.equal(findDiskByName(disks, 'hypervvm5960')?.vhdId, 'a');
    assert.equal(findDiskByName(disks, 'HyperVVm5960_11111111-2222-3333-4444-555555555555')?.vhdId, 'a');
    const twins = [
      { vhdId: 'x', vhdName: 'web_078F16BE-769B-4535-9177-454EFDFC4595' },
      { vhdId: 'y', vhdName: 'web_11111111-2222-3333-4444-555555555555' },
    ];
    assert.equal(findDiskByName(twins, 'web'), undefined, 'two candidates: ask, do not guess');
  });

  it('finds nothing for an unknown or empty name (the caller asks the user)', () => {
    assert.equal(findDiskByName(disks, 'os'), undefined);
    assert.equal(findDiskByName(disks, '  '), undefined);
    assert.equal(findDiskByName([], 'vidya'), undefined);
  });
});
