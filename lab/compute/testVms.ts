/**
 * The test failover's test VM in Azure Compute: what the TFO job reports about it, its creation when
 * the job's boot task ends, its power state on the lab clock, its deletion by the cleanup
 * (docs/evidence/recovery-confidence.md §5 and §7).
 */
import type { LabClock } from '../core/clock';
import type { RecoveryPoint } from '../asr/replicationStream';
import { stableGuid } from '../asr/ids';
import type { ComputeVmState, FailoverProtectedItemDetailsState, LabState, ProtectedItemState, TestFailoverJobDetailsState, VirtualNetworkState } from '../state';
import { key } from '../state';
import { ipv4ToNumber, isPlatformReserved, numberToIpv4, prefixRange } from '../network/ipAvailability';

/** Nominal seconds the test VM shows PowerState/starting before PowerState/running (the lab's own figure). */
export const testVmBootSeconds = 30;

/**
 * The test VM's name: `<recovery VM name>-test`. PSREC-TFO (azure-powershell TestTFO.json @char
 * 1,581,000): `"testVmName": "PowershellVm1-test", "testVmFriendlyName": "PowershellVm1-test"` for
 * recoveryVmName "PowershellVm1". Whether the base is recoveryAzureVmName or the friendly name is
 * UNVERIFIED (both were "PowershellVm1"); the lab uses the item's recoveryAzureVmName.
 */
export function testVmName(item: ProtectedItemState): string {
  return `${item.targetAzureVmName}-test`;
}

/** The resource group of the item's recoveryAzureResourceGroupId (UNVERIFIED that the test VM lands there; §7). */
export function recoveryResourceGroup(item: ProtectedItemState): string {
  const parts = item.targetResourceGroupId.split('/');
  const i = parts.findIndex((p) => p.toLowerCase() === 'resourcegroups');
  return i >= 0 ? (parts[i + 1] ?? '') : (parts.pop() ?? '');
}

/**
 * The subnet the test VM joins. azure-docs site-recovery-test-failover-to-azure.md @04f4a2cc: "Site
 * Recovery attempts to create test VMs in a subnet with the same name and same IP address as that
 * provided in the **Compute and Network** settings" and "If a subnet with the same name isn't
 * available … the test VM is created in the first subnet alphabetically."
 */
export function testVmSubnet(item: ProtectedItemState, network: VirtualNetworkState | undefined): string | null {
  if (!network) return null;
  const wanted = item.targetSubnetName?.toLowerCase();
  const same = network.subnets.find((s) => s.name.toLowerCase() === wanted);
  if (same) return same.name;
  return [...network.subnets].map((s) => s.name).sort((a, b) => a.localeCompare(b))[0] ?? null;
}

/**
 * The TFO job's customDetails before the test VM is up. PSREC-TFO: `"instanceType":
 * "TestFailoverJobDetails", "testFailoverStatus": "Active", "comments": null, "networkName":
 * "vnh2atest", "networkFriendlyName": "vnh2atest", "networkType": "VmNetworkAsInput"`; earlier polls
 * have `"protectedItemDetails": []`.
 */
export function testFailoverJobDetails(networkType: string, network: VirtualNetworkState | undefined): TestFailoverJobDetailsState {
  return {
    testFailoverStatus: 'Active',
    comments: null,
    networkName: network?.name ?? null,
    networkFriendlyName: network?.name ?? null,
    networkType,
    protectedItemDetails: [],
  };
}

/**
 * The job's protectedItemDetails entry once "Start the virtual machine" (BootTestProtectedEntitiesTask)
 * has succeeded. PSREC-TFO: `{"name": "b07c9911-…", "friendlyName": "PowershellVm1", "testVmName":
 * "PowershellVm1-test", "testVmFriendlyName": "PowershellVm1-test", "networkConnectionStatus":
 * "Connected", "networkFriendlyName": "vnh2atest", "subnet": "Subnet1", "recoveryPointId":
 * "a3a86bef-…", "recoveryPointTime": "2021-03-24T14:24:04.9678544Z"}` (recoveryPointId a bare name,
 * not an ARM id). networkConnectionStatus without a network ("NotConnected") is the lab's own: UNVERIFIED.
 */
export function protectedItemDetails(item: ProtectedItemState, network: VirtualNetworkState | undefined, point: RecoveryPoint | undefined): FailoverProtectedItemDetailsState {
  return {
    name: item.name,
    friendlyName: item.vmName,
    testVmName: testVmName(item),
    testVmFriendlyName: testVmName(item),
    networkConnectionStatus: network ? 'Connected' : 'NotConnected',
    networkFriendlyName: network?.name ?? null,
    subnet: testVmSubnet(item, network),
    recoveryPointId: point?.name ?? null,
    recoveryPointTime: point?.time.toISOString() ?? null,
  };
}

/**
 * The private IP the test VM's NIC gets in `subnet` of `network`: the item's static IP (Compute and
 * Network: vmNics[0].ipConfigs[0].recoveryStaticIPAddress) when the subnet's prefix holds it and it is
 * free, else the subnet's first free address. azure-docs site-recovery-test-failover-to-azure.md
 * @04f4a2cc: "Site Recovery attempts to create test VMs in a subnet with the same name and same IP
 * address as that provided in the **Compute and Network** settings of the VM." … "If same IP address
 * isn't available in the subnet, then the VM receives another available IP address in the subnet."
 * Which other address ("the first free") is the lab's own (UNVERIFIED); the 5 addresses Azure reserves
 * are never given (lab/network/ipAvailability.ts).
 */
export function testVmAddress(item: ProtectedItemState, subnet: VirtualNetworkState['subnets'][number]): string | undefined {
  const range = prefixRange(subnet.addressPrefix);
  if (!range) return undefined;
  const used = new Set((subnet.usedAddresses ?? []).map(ipv4ToNumber));
  const free = (n: number): boolean => !isPlatformReserved(n, range) && !used.has(n);
  const wanted = item.targetStaticIp !== undefined ? ipv4ToNumber(item.targetStaticIp) : undefined;
  if (wanted !== undefined && wanted >= range.first && wanted <= range.last && free(wanted)) return numberToIpv4(wanted);
  for (let n = range.first; n <= range.last; n++) if (free(n)) return numberToIpv4(n);
  return undefined;
}

/**
 * Gives the VM its address in the network it joins (none without a network) and marks it used in the
 * subnet: a test VM (this file) or a failover VM (lab/compute/failoverVms.ts).
 */
function joinNetwork(vm: ComputeVmState, item: ProtectedItemState, network: VirtualNetworkState | undefined): void {
  const subnetName = testVmSubnet(item, network);
  const subnet = network?.subnets.find((s) => s.name === subnetName);
  const address = subnet ? testVmAddress(item, subnet) : undefined;
  if (!network || !subnet || address === undefined) return;
  subnet.usedAddresses = [...(subnet.usedAddresses ?? []), address];
  vm.privateIp = { vnetKey: key(network.resourceGroup, network.name), subnet: subnet.name, address, allocation: address === item.targetStaticIp ? 'Static' : 'Dynamic' };
}

/** Frees the VM's address in its subnet. */
function leaveNetwork(state: LabState, vm: ComputeVmState): void {
  const ip = vm.privateIp;
  const subnet = ip ? state.virtualNetworks.get(ip.vnetKey)?.subnets.find((s) => s.name === ip.subnet) : undefined;
  if (ip && subnet) subnet.usedAddresses = (subnet.usedAddresses ?? []).filter((a) => a !== ip.address);
}

/**
 * Creates a VM of the item named `name` (`kind`: 'testVm' or 'failoverVm', for its vmId) in the item's
 * recovery resource group, starting now on the lab clock, in `network` if any. A VM of that name there
 * before (the lab's own case: UNVERIFIED what Azure does) is replaced and its address freed.
 */
export function createItemVm(
  state: LabState,
  clock: LabClock,
  item: ProtectedItemState,
  vmName: { name: string; kind: string },
  fallbackLocation: string,
  network: VirtualNetworkState | undefined,
): ComputeVmState {
  const resourceGroup = recoveryResourceGroup(item);
  const group = state.resourceGroups.get(key(resourceGroup));
  const now = clock.now();
  const vm: ComputeVmState = {
    name: vmName.name,
    resourceGroup: group?.name ?? resourceGroup,
    location: group?.location ?? fallbackLocation,
    vmId: stableGuid(item.name, vmName.kind, String(now)),
    vmSize: item.targetVmSize,
    osType: item.osType,
    createdAt: now,
    runningAt: now + clock.scaledMs(testVmBootSeconds),
  };
  deleteItemVm(state, item, vm.name);
  joinNetwork(vm, item, network);
  state.computeVms.set(key(vm.resourceGroup, vm.name), vm);
  return vm;
}

/** Deletes the item's VM named `name` in its recovery resource group and frees its address: reads answer 404. */
export function deleteItemVm(state: LabState, item: ProtectedItemState, name: string): void {
  const k = key(recoveryResourceGroup(item), name);
  const vm = state.computeVms.get(k);
  if (vm) leaveNetwork(state, vm);
  state.computeVms.delete(k);
}

/** Creates the item's test VM in its recovery resource group, starting now on the lab clock, in `network` (the test failover's) if any. */
export function createTestVm(state: LabState, clock: LabClock, item: ProtectedItemState, fallbackLocation: string, network?: VirtualNetworkState): ComputeVmState {
  return createItemVm(state, clock, item, { name: testVmName(item), kind: 'testVm' }, fallbackLocation, network);
}

/** Deletes the item's test VM (cleanup's CleanupTestProtectedEntitiesTask has ended): reads answer 404. */
export function deleteTestVm(state: LabState, item: ProtectedItemState): void {
  deleteItemVm(state, item, testVmName(item));
}
