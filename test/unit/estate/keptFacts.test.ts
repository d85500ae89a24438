import assert from 'node:assert/strict';
import type { ProtectableItem } from '@azure/arm-recoveryservices-siterecovery';
import { buildEstateSnapshot, findVm, type HostProbe } from '../../../src/estate';
import { keptOf, type AsrLists } from '../../../src/estate/asrRead';
import { hyperVFacts, protectableFacts } from '../../../src/estate/vmFacts';
import { candidateDisks } from '../../../src/webviews/enableReplication/candidates';
import { inventoryVm, VM_ID } from '../tree/fixtures';

// Issue 14: the snapshot keeps what the views, the preflight and the wizard read of a VM's
// inventory and of its protectable item, not the objects themselves.

function item(status: string, disks: object[]): ProtectableItem {
  return {
    id: `/protectableItems/${VM_ID}`,
    name: VM_ID,
    properties: {
      friendlyName: 'web-01',
      protectionStatus: status,
      recoveryServicesProviderId: '/providers/p1',
      protectionReadinessErrors: ['A readiness error.'],
      customDetails: {
        instanceType: 'HyperVVirtualMachine',
        sourceItemId: VM_ID.toUpperCase(),
        generation: '1',
        osDetails: null,
        diskDetails: disks,
        hasPhysicalDisk: 'NotPresent',
      } as {
        instanceType: 'HyperVVirtualMachine';
      },
    },
  };
}

const disks = [
  { maxSizeMB: 40960, vhdType: 'Data', vhdId: 'd1', vhdName: 'web-01' },
  { maxSizeMB: 1024, vhdType: 'Data', vhdId: 'd2', vhdName: '' },
  { vhdType: 'Data', vhdName: 'no-id' },
];

describe('estate: the facts kept of the inventory and the protectable item', () => {
  it('keeps the preflight facts, the power state and the boot disk of the inventory, nothing else', () => {
    const facts = hyperVFacts(inventoryVm({ osDiskIndex: 0 }));
    assert.deepEqual(Object.keys(facts).sort(), ['disks', 'generation', 'hasFibreChannelAdapter', 'name', 'osDiskIndex', 'osType', 'state', 'vmId']);
    assert.equal(facts.state, 'Running');
    assert.deepEqual(facts.disks, [{ path: 'C:\\VMs\\web-01.vhdx', format: 'VHDX', sizeBytes: 127 * 1024 ** 3, isShared: false, isPassThrough: false }]);
  });

  it('keeps what the wizard reads of a protectable item: names, status, provider, readiness, generation and its disks by name', () => {
    const facts = protectableFacts(item('Unprotected', disks));
    assert.deepEqual(facts, {
      vmId: VM_ID,
      friendlyName: 'web-01',
      protectionStatus: 'Unprotected',
      providerId: '/providers/p1',
      readiness: { protectionReadinessErrors: ['A readiness error.'], hasPhysicalDisk: 'NotPresent' },
      generation: 1,
      disks: { names: ['web-01', 'd2'], maxSizesMB: [40960, 1024], byId: [1] },
    });
  });

  it('keeps no disk of an item ASR lists as anything but Unprotected (the wizard blocks that VM)', () => {
    assert.deepEqual(protectableFacts(item('Protected', disks))?.disks, { names: [], maxSizesMB: [] });
    assert.equal(protectableFacts({ properties: {} }), undefined, 'an item that names no VM');
  });

  it('the wizard offers the disks by vhdName, else by vhdId, and suggests the boot disk by vhdName only', () => {
    const facts = protectableFacts(item('Unprotected', disks));
    assert.ok(facts);
    const vm = { hyperV: hyperVFacts(inventoryVm({ osDiskIndex: 0 })), protectable: facts };
    const offered = candidateDisks({ ...buildVm(), ...vm });
    assert.deepEqual(offered, {
      disks: [
        { name: 'web-01', sizeGB: 40 },
        { name: 'd2', sizeGB: 1 },
      ],
      suggestedOsDisk: 'web-01',
    });
  });

  it('a protection-only refresh carries the protectable facts of the previous snapshot (EstateInput.protectables)', () => {
    const probe: HostProbe = {
      ok: true,
      info: {
        name: 'HV01',
        fqdn: 'hv01.contoso.local',
        osCaption: 'Microsoft Windows Server 2022 Datacenter',
        osBuild: 20348,
        isServerCore: false,
        hyperVModule: true,
        provider: { installed: true },
      },
      vms: [inventoryVm()],
      at: new Date(0),
    };
    const hostSources = [{ name: 'hv01.contoso.local', source: 'setting' as const }];
    const base = { now: new Date(0), hostSources, registeredHosts: [], protectedItems: [] };
    const first = buildEstateSnapshot({ ...base, probes: new Map([['hv01.contoso.local', probe]]), protectableItems: [item('Unprotected', disks)] });
    const kept = findVm(first, VM_ID)?.protectable;
    assert.ok(kept);
    const second = buildEstateSnapshot({ ...base, probes: new Map(), previous: first, protectables: [kept] });
    assert.equal(findVm(second, VM_ID)?.protectable, kept);
    assert.deepEqual(findVm(second, VM_ID)?.unsupported, findVm(first, VM_ID)?.unsupported);
  });
});

function buildVm(): Parameters<typeof candidateDisks>[0] {
  return {
    key: VM_ID,
    vmId: VM_ID,
    name: 'web-01',
    hostKey: 'hv01',
    stale: false,
    status: { kind: 'NotProtected', health: 'Normal', summary: '', healthErrors: [], activeLocation: 'Primary' },
    actions: [],
    contextValue: 'vm',
  };
}

describe('estate: what the store keeps of an ASR read (keptOf)', () => {
  it('keeps the registered hosts, the policies and the sites (the next refresh starts their protectable items at once), not the item lists', () => {
    const sites = [{ name: 'site1', container: 'cloud_1' }];
    const kept = keptOf({
      registeredHosts: [{ name: 'p1' }],
      policies: [{ name: 'policy1' }],
      protectedItems: [{ name: 'item1' }],
      protectableItems: [{ name: 'vm1' }],
      sites,
    } as AsrLists);
    assert.deepEqual(Object.keys(kept).sort(), ['policies', 'registeredHosts', 'sites']);
    assert.equal(kept.sites, sites);
    assert.deepEqual(Object.keys(keptOf({ registeredHosts: [], policies: [], protectedItems: [], protectableItems: [] })).sort(), ['policies', 'registeredHosts']);
  });
});
