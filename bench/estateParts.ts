/**
 * The estate the snapshot benchmarks build from (bench/snapshotDiff.ts, bench/snapshotBuild.ts):
 * lab-shaped wire objects for `vmCount` VMs, 25 per host, 4 in 5 protected, each with its Hyper-V
 * inventory and a protectable item of the lab's wire shape (lab/asr/wire.ts) whose diskDetails are
 * repeated until the VM's JSON is about 12.7 KB, the size issue 14 measured; the input
 * buildEstateSnapshot takes from them (every host probed and registered); and the former shape of
 * a VM, which kept the inventory and the protectable item themselves.
 */
import type { ProtectableItem, ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { EstateHost, EstateInput, EstateSnapshot, EstateVm, HostProbe } from '../src/estate';
import type { RegisteredHost } from '../src/services/azure/providers';
import type { HostInfo } from '../src/services/hyperv/hostInfo';
import type { HyperVVm } from '../src/services/hyperv/vmInventory';

export const VMS_PER_HOST = 25;
const DISKS_PER_PROTECTABLE_ITEM = 90;
const VAULT = '/subscriptions/2e5d3c9f-7b4e-4f60-8c8d-1e2f3a4b5c6d/resourceGroups/FAB-DR-RG/providers/Microsoft.RecoveryServices/vaults/FAB-Vault';
const CONTAINER = `${VAULT}/replicationFabrics/FAB-Site/replicationProtectionContainers/cloud_4b1d6c2e-8f3a-5b7c-9d0e-1f2a3b4c5d6e`;

/** What a poll re-reads of one VM (shared by the snapshots, as the store carries them). */
export interface VmParts {
  key: string;
  inventory: HyperVVm;
  protectedItem?: ReplicationProtectedItem;
  protectableItem: ProtectableItem;
}

/** The VMId of the n-th generated VM. */
export function vmId(n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `5c0e1a2b-3c4d-4e5f-8a9b-${hex}`;
}

/**
 * What Get-VM and its disks and adapters say of a running generation 2 VM (src/services/hyperv/vmInventory.ts);
 * `replicating`: Hyper-V Replica replicates it (a protected VM), else its replication is off;
 * `dataDisk`: a second disk of that size in GB beside the OS disk (the lab's scale VMs have one,
 * lab/seed.ts), the OS disk first in the boot order.
 */
export function inventory(name: string, id: string, replicating = true, dataDisk?: number): HyperVVm {
  const vhd = (file: string, location: number, gb: number): HyperVVm['disks'][number] => ({
    path: `D:\\Hyper-V\\${name}\\${file}`,
    controllerType: 'SCSI',
    controllerNumber: 0,
    controllerLocation: location,
    vhdFormat: 'VHDX',
    sizeBytes: gb * 1024 ** 3,
    shared: false,
  });
  const disks = dataDisk === undefined ? [vhd(`${name}.vhdx`, 0, 127)] : [vhd(`${name}-os.vhdx`, 0, 127), vhd(`${name}-data.vhdx`, 1, dataDisk)];
  const replication = replicating
    ? ({ replicationState: 'Replicating', replicationHealth: 'Normal' } as const)
    : ({ replicationState: 'Disabled', replicationHealth: 'NotApplicable' } as const);
  const facts = { state: 'Running', generation: 2, processorCount: 2, memoryStartupBytes: 4 * 1024 ** 3, ...replication } as const;
  const guest = { isClustered: false, hasFibreChannelAdapter: false, osName: 'Windows Server 2022 Datacenter', osType: 'Windows' } as const;
  const boot = dataDisk === undefined ? {} : { osDiskIndex: 0 };
  return { name, vmId: id, ...facts, ...guest, disks, ...boot, networkAdapters: [{ name: 'Network Adapter', switchName: 'External', macAddress: '00155D010203' }] };
}

/** As the SDK hands it over (dates deserialized). */
function protectedItem(name: string, id: string): ReplicationProtectedItem {
  return {
    id: `${CONTAINER}/replicationProtectedItems/${id}`,
    name: id,
    properties: {
      friendlyName: name,
      protectionState: 'Protected',
      protectionStateDescription: 'Protected',
      activeLocation: 'Primary',
      testFailoverState: 'None',
      allowedOperations: ['DisableProtection', 'TestFailover', 'PlannedFailover', 'UnplannedFailover'],
      replicationHealth: 'Normal',
      healthErrors: [],
      policyId: `${VAULT}/replicationPolicies/FAB-Policy`,
      currentScenario: { scenarioName: 'None', jobId: `${VAULT}/replicationJobs/None`, startTime: new Date('1753-01-01T01:01:01Z') },
      providerSpecificDetails: {
        instanceType: 'HyperVReplicaAzure',
        vmId: id,
        recoveryAzureVmName: name,
        recoveryAzureVMSize: 'Standard_D2s_v3',
        recoveryAzureResourceGroupId: '/subscriptions/2e5d3c9f-7b4e-4f60-8c8d-1e2f3a4b5c6d/resourceGroups/FAB-Recovery-RG',
        lastRecoveryPointReceived: new Date('2026-11-25T11:56:00Z'),
      },
    },
  };
}

function protectableItem(name: string, id: string, isProtected: boolean): ProtectableItem {
  const diskDetails = Array.from({ length: DISKS_PER_PROTECTABLE_ITEM }, (_, i) => ({
    maxSizeMB: 130048,
    vhdType: 'Data',
    vhdId: `6f0c${String(i).padStart(4, '0')}-1a2b-4c3d-8e4f-${id.slice(-12)}`,
    vhdName: `${name}-disk${i}`,
  }));
  return {
    id: `${CONTAINER}/replicationProtectableItems/${id}`,
    name: id,
    type: 'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectableItems',
    properties: {
      friendlyName: name,
      protectionStatus: isProtected ? 'Protected' : 'Unprotected',
      protectionReadinessErrors: [],
      supportedReplicationProviders: ['HyperVReplicaAzure'],
      customDetails: { instanceType: 'HyperVVirtualMachine', sourceItemId: id, generation: '2', osDetails: null, diskDetails, hasPhysicalDisk: 'NotPresent' } as {
        instanceType: 'HyperVVirtualMachine';
      },
    },
  };
}

/**
 * The object as it arrives: parsed from JSON (PowerShell's ConvertTo-Json for the inventory, Azure's
 * answer for the protectable item), so its strings are the flat ones JSON.parse makes, not the
 * concatenations that built them here (which would weigh more in the memory row).
 */
function parsed<T>(value: T): T {
  const copy: unknown = JSON.parse(JSON.stringify(value));
  return copy as T;
}

export function estateParts(vmCount: number): VmParts[] {
  return Array.from({ length: vmCount }, (_, n) => {
    const id = vmId(n);
    const name = `fab-vm-${String(n).padStart(5, '0')}`;
    const isProtected = n % 5 !== 0;
    return {
      key: id,
      inventory: parsed<HyperVVm>(inventory(name, id)),
      ...(isProtected ? { protectedItem: protectedItem(name, id) } : {}),
      protectableItem: parsed<ProtectableItem>(protectableItem(name, id, isProtected)),
    };
  });
}

/** The key of the `index`-th generated host (fab-hv000.fabrikam.local…). */
export function hostKeyOf(index: number): string {
  return `fab-hv${String(index).padStart(3, '0')}.fabrikam.local`;
}

/** What Get-HostInfo says of a registered Windows Server 2022 host. */
function hostInfo(key: string): HostInfo {
  const name = key.split('.')[0].toUpperCase();
  return {
    name,
    fqdn: key,
    osCaption: 'Microsoft Windows Server 2022 Datacenter',
    osBuild: 20348,
    isServerCore: false,
    hyperVModule: true,
    provider: { installed: true, version: '5.24.0814.2' },
  };
}

function registeredHost(key: string, index: number): RegisteredHost {
  const name = `7c1e${String(index).padStart(4, '0')}-2d3e-4f50-8a6b-7c8d9e0f1a2b`;
  const id = `${VAULT}/replicationFabrics/FAB-Site/replicationRecoveryServicesProviders/${name}`;
  return {
    id,
    name,
    friendlyName: key,
    fabricName: 'FAB-Site',
    connectionStatus: 'Connected',
    providerVersion: '5.24.0814.2',
    heartbeatMissing: false,
    healthErrors: [],
    lastHeartbeat: new Date('2026-11-25T11:58:00Z'),
  };
}

/**
 * What a full refresh hands buildEstateSnapshot: every host probed (its inventory) and registered,
 * ASR's lists, the protected items with their read time (so their VMs' RPO facts are derived, as a
 * refresh derives them: issue 15).
 */
export function estateInput(parts: readonly VmParts[], previous?: EstateSnapshot): EstateInput {
  const probes = new Map<string, HostProbe>();
  const hostSources: EstateInput['hostSources'] = [];
  const registeredHosts: RegisteredHost[] = [];
  const at = new Date('2026-11-25T12:00:00Z');
  for (let i = 0; i < parts.length; i += VMS_PER_HOST) {
    const key = hostKeyOf(i / VMS_PER_HOST);
    const vms = parts.slice(i, i + VMS_PER_HOST).map((p) => p.inventory);
    probes.set(key, { ok: true, info: hostInfo(key), vms, at });
    hostSources.push({ name: key, source: 'activeDirectory' });
    registeredHosts.push(registeredHost(key, i / VMS_PER_HOST));
  }
  return {
    now: at,
    hostSources,
    probes,
    ...(previous ? { previous } : {}),
    registeredHosts,
    protectedItems: parts.flatMap((p) => (p.protectedItem ? [p.protectedItem] : [])),
    protectedItemsReadAt: at,
    protectableItems: parts.map((p) => p.protectableItem),
  };
}

/** A VM as the snapshot kept it before issue 14: its facts, with the inventory and the protectable item themselves. */
export type FormerVm = Omit<EstateVm, 'hyperV' | 'protectable'> & { inventory?: HyperVVm; protectableItem?: ProtectableItem };

export function formerVm(vm: EstateVm, parts: VmParts | undefined): FormerVm {
  const former: FormerVm & Partial<Pick<EstateVm, 'hyperV' | 'protectable'>> = { ...vm };
  delete former.hyperV;
  delete former.protectable;
  return { ...former, ...(parts ? { inventory: parts.inventory, protectableItem: parts.protectableItem } : {}) };
}

/** The `index`-th generated host (fab-hv000.fabrikam.local…) with its VMs, found in Active Directory. */
export function estateHost(index: number, vms: EstateVm[], provider: EstateHost['provider'] = { registered: true, connected: true, fabricName: 'FAB-Site' }): EstateHost {
  const key = hostKeyOf(index);
  return {
    key,
    name: key.split('.')[0].toUpperCase(),
    fqdn: key,
    sources: ['activeDirectory'],
    reachable: true,
    probed: true,
    supported: true,
    provider,
    vms,
    protectedCount: vms.filter((v) => v.protection !== undefined).length,
  };
}
