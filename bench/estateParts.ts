/** The parts of the benchmarks' generated estates: VM ids, what Hyper-V says of a VM, hosts. */
import type { EstateHost, EstateVm } from '../src/estate';
import type { HyperVVm } from '../src/services/hyperv/vmInventory';

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

/** The `index`-th generated host (fab-hv000.fabrikam.local…) with its VMs, found in Active Directory. */
export function estateHost(index: number, vms: EstateVm[], provider: EstateHost['provider'] = { registered: true, connected: true, fabricName: 'FAB-Site' }): EstateHost {
  const key = hostKey(index);
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

/** The key of the `index`-th generated host. */
export function hostKey(index: number): string {
  return `fab-hv${String(index).padStart(3, '0')}.fabrikam.local`;
}
