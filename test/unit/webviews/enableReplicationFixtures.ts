// Small estates for the Enable Replication wizard's unit tests.
import type { Policy, ProtectableItem, ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { deriveVmFacts, hyperVFacts, protectableFacts } from '../../../src/estate/vmFacts';
import type { EstateHost, EstateSnapshot, EstateVm } from '../../../src/estate';
import type { HyperVVm } from '../../../src/services/hyperv/vmInventory';
import type { AzureChoices } from '../../../src/flows/enableReplicationChoices';

const GiB = 1024 ** 3;

export function inventory(name: string, vmId: string, over: Partial<HyperVVm> = {}): HyperVVm {
  return {
    name,
    vmId,
    state: 'Running',
    generation: 2,
    processorCount: 2,
    memoryStartupBytes: 4 * GiB,
    replicationState: 'Disabled',
    replicationHealth: 'NotApplicable',
    isClustered: false,
    hasFibreChannelAdapter: false,
    osType: 'Windows',
    disks: [{ path: `C:\\VMs\\${name}.vhdx`, controllerType: 'SCSI', controllerNumber: 0, controllerLocation: 0, vhdFormat: 'VHDX', sizeBytes: 127 * GiB, shared: false }],
    osDiskIndex: 0,
    networkAdapters: [],
    ...over,
  };
}

export function vm(
  name: string,
  vmId: string,
  hostKey: string,
  over: { inventory?: HyperVVm | null; protectedItem?: ReplicationProtectedItem; protectableItem?: ProtectableItem; stale?: boolean } = {},
): EstateVm {
  const facts = deriveVmFacts(over.protectedItem);
  const v: EstateVm = {
    key: vmId,
    vmId,
    name,
    hostKey,
    stale: over.stale ?? false,
    status: facts.status,
    actions: [],
    contextValue: 'vm',
  };
  if (over.inventory !== null) v.hyperV = hyperVFacts(over.inventory ?? inventory(name, vmId));
  if (facts.protection) v.protection = facts.protection;
  const protectable = over.protectableItem ? protectableFacts(over.protectableItem) : undefined;
  if (protectable) v.protectable = protectable;
  return v;
}

export function host(name: string, over: Partial<EstateHost> = {}): EstateHost {
  const fqdn = `${name}.contoso.local`;
  return {
    key: fqdn.toLowerCase(),
    name,
    fqdn,
    sources: ['setting'],
    reachable: true,
    probed: true,
    osCaption: 'Microsoft Windows Server 2019 Datacenter',
    osBuild: 17763,
    supported: true,
    provider: { registered: true, connected: true, fabricName: 'Site-A', installed: true },
    vms: [],
    protectedCount: 0,
    ...over,
  };
}

export const ids = {
  web: '11111111-1111-4111-8111-111111111111',
  db: '22222222-2222-4222-8222-222222222222',
  linux: '33333333-3333-4333-8333-333333333333',
  done: '44444444-4444-4444-8444-444444444444',
  newA: '55555555-5555-4555-8555-555555555555',
  newB: '66666666-6666-4666-8666-666666666666',
  local: '77777777-7777-4777-8777-777777777777',
  app: '88888888-8888-4888-8888-888888888888',
};

/**
 * HV1 (registered): web, db, linux (Gen 2 Linux), done (protected). HV2 (not registered, remote):
 * newA, newB. ESS (this computer, not registered): local.
 */
export function estate(): EstateSnapshot {
  const hv1 = host('HV1');
  hv1.vms = [
    vm('web', ids.web, hv1.key),
    vm('db', ids.db, hv1.key),
    vm('linux', ids.linux, hv1.key, { inventory: inventory('linux', ids.linux, { osType: 'Linux' }) }),
    vm('done', ids.done, hv1.key, { protectedItem: { name: ids.done, properties: { protectionState: 'Protected', friendlyName: 'done' } } }),
  ];
  const hv2 = host('HV2', { provider: { registered: false, installed: false } });
  hv2.vms = [
    vm('newA', ids.newA, hv2.key),
    vm('newB', ids.newB, hv2.key, {
      inventory: inventory('newB', ids.newB, {
        osType: undefined,
        state: 'Off',
        generation: 1,
        disks: [{ path: 'C:\\VMs\\newB.vhdx', controllerType: 'IDE', controllerNumber: 0, controllerLocation: 0, vhdFormat: 'VHDX', sizeBytes: 60 * GiB, shared: false }],
      }),
    }),
  ];
  const ess = host('ESS', { sources: ['local'], provider: { registered: false, installed: false } });
  ess.vms = [vm('local', ids.local, ess.key)];
  return { takenAt: new Date(0), hosts: [ess, hv1, hv2], unassignedVms: [], counts: { hosts: 3, vms: 7, protected: 1 } };
}

const sub = '/subscriptions/00000000-0000-4000-8000-000000000000';

export function policy(name: string, interval: number, hours: number, app: number, storage?: string): Policy {
  return {
    id: `${sub}/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/replicationPolicies/${name}`,
    name,
    properties: {
      providerSpecificDetails: {
        instanceType: 'HyperVReplicaAzure',
        replicationInterval: interval,
        recoveryPointHistoryDurationInHours: hours,
        applicationConsistentSnapshotFrequencyInHours: app,
        ...(storage ? { activeStorageAccountId: storage } : {}),
      },
    },
  };
}

export const storageId = `${sub}/resourceGroups/dr/providers/Microsoft.Storage/storageAccounts/drstore`;
export const netId = `${sub}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/dr-vnet`;
export const testNetId = `${sub}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/test-vnet`;
export const rgId = `${sub}/resourceGroups/recovery`;

export function choices(over: Partial<AzureChoices> = {}): AzureChoices {
  return {
    resourceGroups: [{ id: rgId, name: 'recovery', location: 'westeurope' }],
    storageAccounts: [{ id: storageId, name: 'drstore', resourceGroup: 'dr', location: 'westeurope' }],
    networks: [
      {
        id: netId,
        name: 'dr-vnet',
        resourceGroup: 'net',
        location: 'westeurope',
        addressPrefixes: ['10.0.0.0/16'],
        subnets: [
          { id: `${netId}/subnets/default`, name: 'default' },
          { id: `${netId}/subnets/servers`, name: 'servers' },
        ],
      },
      {
        id: testNetId,
        name: 'test-vnet',
        resourceGroup: 'net',
        location: 'westeurope',
        addressPrefixes: ['10.1.0.0/16'],
        subnets: [{ id: `${testNetId}/subnets/isolated`, name: 'isolated' }],
      },
    ],
    sites: [{ name: 'Site-A', identifier: 'aaaaaaaa-0000-4000-8000-000000000000', containerName: 'cloud_aaaaaaaa-0000-4000-8000-000000000000' }],
    policies: [policy('Existing-5min', 300, 4, 1, storageId)],
    ...over,
  };
}
