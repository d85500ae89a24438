/**
 * The update of a protected item's Compute and Network settings (ReplicationProtectedItems_Update,
 * docs/evidence/compute-network.md): PATCH …/replicationProtectedItems/{item}, run as a job that
 * sets the target VM's name, size, network and, per network adapter, its subnet and static IP.
 */
import { conflict, invalidField } from '../core/armError';
import { isObject, oneOf, stringField, type Json } from '../core/body';
import type { LabRequest, LabResponse } from '../core/router';
import { vmSizes } from '../compute/computeCatalogue';
import { ipv4ToNumber, isPlatformReserved, prefixRange } from '../network/ipAvailability';
import type { NicTargetState, ProtectedItemState, VirtualNetworkState } from '../state';
import { virtualNetwork } from './bodyReferences';
import { nicId } from './hyperVNames';
import { ItemActionRoutes } from './itemActionRoutes';
import { PI } from './routeBase';

/** What an accepted update changes, applied when its job succeeds. */
interface ItemUpdate {
  vmName?: string | undefined;
  vmSize?: string | undefined;
  networkId?: string | undefined;
  nics: Map<string, NicTargetState>;
  /** The item's first adapter (lower-case nicId), whose settings are the item's own. */
  primaryNic?: string | undefined;
}

export class ItemUpdateRoutes extends ItemActionRoutes {
  register(): void {
    this.add('PATCH', PI, 'replicationProtectedItems.update', (q) => this.update(q));
  }

  private update(q: LabRequest): LabResponse {
    const { v, f, item } = this.item(q);
    this.requireUpdatable(item);
    const props = this.actionProps(q);
    // SPEC-EX ReplicationProtectedItems_Update.json: `"providerSpecificDetails": {"instanceType": "HyperVReplicaAzure"}`.
    this.hyperVProviderDetails(props);
    const change = this.readUpdate(props, item);
    // The job's scenario name: asr-api-facts.md 1.3 lists `UpdateVmProperties` among the scenarioName
    // values seen, and Az PowerShell's Set-AzRecoveryServicesAsrReplicationProtectedItem calls
    // `this.RecoveryServicesClient.UpdateVmProperties(…)`. Its friendly name and single task are the
    // lab's own (UNVERIFIED).
    return this.runOnItem(
      q,
      v,
      f,
      item,
      'UpdateVmProperties',
      'Update the virtual machine',
      [['Update the virtual machine properties', 'Updating the virtual machine properties', 10]],
      () => applyUpdate(item, change),
    );
  }

  /**
   * Refused while a job runs on the item (another update included) or while it is not on the
   * primary side and protected or replicating: the lab's own rule (UNVERIFIED; no source shows
   * the service's answer), in the 409 OperationNotAllowed shape of requireAllowed.
   */
  private requireUpdatable(item: ProtectedItemState): void {
    if (item.runningJob === undefined && (item.phase === 'Protected' || item.phase === 'InitialReplication')) return;
    throw conflict(
      'OperationNotAllowed',
      `The operation 'UpdateVmProperties' is not allowed on the replicated item '${item.vmName}' in its current state.${item.runningScenario ? ` An operation (${item.runningScenario}) is in progress on it.` : ''}`,
      item.runningScenario ? 'Another operation is running on the item.' : 'The replicated item is not protected on the primary side.',
      item.runningScenario ? 'Wait for the running job to finish, then retry.' : 'Update the settings while the item is protected.',
    );
  }

  private readUpdate(props: Json, item: ProtectedItemState): ItemUpdate {
    const vmName = stringField(props, 'recoveryAzureVMName', 'properties.recoveryAzureVMName');
    // The support matrix (azure-docs site-recovery/hyper-v-azure-support-matrix.md): "VM name | Between
    // 1 and 63 characters. Restricted to letters, numbers, and hyphens. The VM name must start and end
    // with a letter or number." That the service refuses it at update time is UNVERIFIED.
    if (vmName !== undefined && !/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(vmName)) {
      throw invalidField(
        'properties.recoveryAzureVMName',
        `The Azure VM name '${vmName}' is not valid: use 1 to 63 letters, digits or hyphens, starting and ending with a letter or digit.`,
      );
    }
    const vmSize = stringField(props, 'recoveryAzureVMSize', 'properties.recoveryAzureVMSize');
    // A size the region does not offer: the lab's catalogue (lab/compute/computeCatalogue.ts); the
    // service's answer is UNVERIFIED.
    if (vmSize !== undefined && !vmSizes.some((s) => s.name.toLowerCase() === vmSize.toLowerCase())) {
      throw invalidField('properties.recoveryAzureVMSize', `The VM size '${vmSize}' is not offered in the region. Choose a size the region lists.`);
    }
    const networkId = stringField(props, 'selectedRecoveryAzureNetworkId', 'properties.selectedRecoveryAzureNetworkId') || undefined;
    const network = networkId ? virtualNetwork(this.state, networkId, 'properties.selectedRecoveryAzureNetworkId') : undefined;
    return { vmName, vmSize, networkId, nics: this.readNics(props, item, network), primaryNic: this.itemNicIds(item)[0]?.toLowerCase() };
  }

  /**
   * vmNics[]: each names one of the item's adapters (nicId as the item lists it, hyperVNames.ts);
   * its first ipConfig carries recoverySubnetName and recoveryStaticIPAddress (SPEC-EX
   * ReplicationProtectedItems_Update.json: `"ipConfigs": [{"ipConfigName": "ipconfig1", "isPrimary": true,
   * "recoveryStaticIPAddress": "10.0.2.46", "recoverySubnetName": "subnet1"}]`). The adapters left out
   * keep their settings (the cmdlet sends them all: docs/evidence/compute-network.md §2).
   */
  private readNics(props: Json, item: ProtectedItemState, network: VirtualNetworkState | undefined): Map<string, NicTargetState> {
    const raw = props.vmNics;
    const out = new Map<string, NicTargetState>();
    if (raw === undefined || raw === null) return out;
    if (!Array.isArray(raw)) throw invalidField('properties.vmNics', "The field 'properties.vmNics' must be an array.");
    const known = new Set(this.itemNicIds(item).map((n) => n.toLowerCase()));
    raw.forEach((entry: unknown, i) => {
      const t = `properties.vmNics[${i}]`;
      if (!isObject(entry)) throw invalidField(t, `The field '${t}' must be an object.`);
      const id = stringField(entry, 'nicId', `${t}.nicId`, true);
      if (!known.has(id.toLowerCase())) throw invalidField(`${t}.nicId`, `The network adapter '${id}' is not an adapter of the virtual machine '${item.vmName}'.`);
      const selectionType = oneOf(
        stringField(entry, 'selectionType', `${t}.selectionType`),
        ['NotSelected', 'SelectedByUser', 'SelectedByDefault', 'SelectedByUserOverride'] as const,
        `${t}.selectionType`,
      );
      out.set(id.toLowerCase(), { ...this.readIpConfig(entry, t, network), selectionType: selectionType ?? 'SelectedByUser' });
    });
    return out;
  }

  private readIpConfig(entry: Json, t: string, network: VirtualNetworkState | undefined): Omit<NicTargetState, 'selectionType'> {
    const configs = entry.ipConfigs;
    if (configs === undefined || configs === null) return {};
    if (!Array.isArray(configs) || !configs.every(isObject)) throw invalidField(`${t}.ipConfigs`, `The field '${t}.ipConfigs' must be an array of objects.`);
    const first = configs[0];
    if (!first) return {};
    const subnetName = stringField(first, 'recoverySubnetName', `${t}.ipConfigs[0].recoverySubnetName`) || undefined;
    const staticIp = stringField(first, 'recoveryStaticIPAddress', `${t}.ipConfigs[0].recoveryStaticIPAddress`) || undefined;
    const subnet = subnetName && network ? network.subnets.find((s) => s.name.toLowerCase() === subnetName.toLowerCase()) : undefined;
    if (subnetName && network && !subnet) {
      throw invalidField(`${t}.ipConfigs[0].recoverySubnetName`, `The subnet '${subnetName}' does not exist in the virtual network '${network.name}'.`);
    }
    if (staticIp !== undefined) checkStaticIp(staticIp, subnet, `${t}.ipConfigs[0].recoveryStaticIPAddress`);
    return { subnetName: subnet?.name ?? subnetName, staticIp };
  }

  private itemNicIds(item: ProtectedItemState): string[] {
    const vm = this.state.hosts.flatMap((h) => h.vms).find((x) => x.vmId.toLowerCase() === item.vmId.toLowerCase());
    return (vm?.networkAdapters ?? []).map((n) => nicId(item.vmId, n.name));
  }
}

/**
 * A static IP Azure networking could not give a NIC in the subnet is refused: not IPv4, outside
 * the subnet's prefix, or one of the 5 addresses Azure reserves (azure-docs virtual-network/
 * virtual-networks-faq.md @004ec532: "Azure reserves 5 IP addresses within each subnet. These are
 * x.x.x.0-x.x.x.3 and the last address of the subnet."). That ASR refuses these at update time,
 * rather than at failover, is UNVERIFIED. An address in use is accepted: "If same IP address isn't
 * available in the subnet, then the VM receives another available IP address in the subnet"
 * (azure-docs site-recovery/site-recovery-test-failover-to-azure.md @04f4a2cc).
 */
function checkStaticIp(address: string, subnet: { name: string; addressPrefix: string } | undefined, target: string): void {
  const ip = ipv4ToNumber(address);
  if (ip === undefined) throw invalidField(target, `'${address}' is not a valid IPv4 address.`);
  const range = subnet ? prefixRange(subnet.addressPrefix) : undefined;
  if (!subnet || !range) return;
  if (ip < range.first || ip > range.last) throw invalidField(target, `The address ${address} is not in the subnet '${subnet.name}' (${subnet.addressPrefix}).`);
  if (isPlatformReserved(ip, range)) throw invalidField(target, `The address ${address} is reserved by Azure in the subnet '${subnet.name}' (${subnet.addressPrefix}).`);
}

/** The update's values on the item, once its job has succeeded. */
function applyUpdate(item: ProtectedItemState, change: ItemUpdate): void {
  if (change.vmName !== undefined) item.targetAzureVmName = change.vmName;
  if (change.vmSize !== undefined) item.targetVmSize = vmSizes.find((s) => s.name.toLowerCase() === change.vmSize?.toLowerCase())?.name ?? change.vmSize;
  if (change.networkId !== undefined) item.targetNetworkId = change.networkId;
  if (change.nics.size === 0) return;
  const nics = item.nicTargets ?? new Map<string, NicTargetState>();
  for (const [id, t] of change.nics) nics.set(id, t);
  item.nicTargets = nics;
  // The first adapter's settings are the item's own (the subnet of enable time, the static IP the
  // lab's control API sets): the failover and test VMs use them (lab/compute/testVms.ts).
  const first = change.primaryNic !== undefined ? change.nics.get(change.primaryNic) : undefined;
  if (first?.subnetName !== undefined) item.targetSubnetName = first.subnetName;
  if (first) item.targetStaticIp = first.staticIp;
}
