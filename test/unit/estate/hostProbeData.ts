// Get-HostProbe's envelope data as the unit tests' fake runners answer it: a host's facts
// (Get-HostInfo's shape) and its VMs (Get-VmInventory's), with no inventory error.

/** Get-HostInfo's data for a Windows Server 2019 host named `name` (FQDN `<name>.contoso.local`). */
export function hostFactsData(name: string, hyperVModule = true): object {
  return {
    name,
    fqdn: `${name}.contoso.local`,
    osCaption: 'Microsoft Windows Server 2019 Datacenter',
    osBuild: 17763,
    isServerCore: false,
    cluster: null,
    hyperVModule,
    provider: { installed: false, version: null, registered: false, vaultName: null, siteName: null },
  };
}

/** One VM of Get-VmInventory's data: running, generation 2, no disks or adapters. */
export function inventoryVmData(name: string, vmId = '11111111-1111-4111-8111-111111111111'): object {
  return {
    name,
    vmId,
    state: 'Running',
    generation: 2,
    processorCount: 1,
    memoryStartupBytes: 1024,
    replicationState: 'Disabled',
    replicationHealth: 'NotApplicable',
    isClustered: false,
    hasFibreChannelAdapter: false,
    disks: [],
    networkAdapters: [],
  };
}

/** Get-HostProbe's data: the host's facts and these VMs. */
export function hostProbeData(name: string, vms: object[]): object {
  return { host: hostFactsData(name), inventory: { vms }, inventoryError: null };
}
