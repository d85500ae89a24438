/**
 * The failover VM in Azure Compute: the Azure VM a planned or unplanned failover creates (single VM or
 * recovery plan, lab/asr/failoverEffects.ts), shut down by a failback and deleted by the failback's commit.
 *
 * Its creation. azure-docs site-recovery/failover-failback-overview.md @017654d1: "**Failover**: The
 * failover that creates and brings up an Azure VM using the selected recovery point." and
 * concepts-on-premises-to-azure-networking.md @02d00dc8: "When failover occurs, Site Recovery creates
 * Azure VMs, using replicated on-premises data."
 *
 * Its name and resource group: the item's. The recordings show no id of the created VM on the item
 * (UnplannedFailover.json, the item in UnplannedFailoverCommitPendingStatesBegin after the job:
 * `"recoveryAzureVmName": "VMforSDK"`, `"recoveryAzureResourceGroupId": "/subscriptions/…/resourceGroups/prakccyrg"`,
 * no recoveryAzureVmId or other VM id among its providerSpecificDetails); that the VM is named exactly
 * recoveryAzureVmName in that group is the lab's reading of those two fields (UNVERIFIED by a recording
 * of the VM itself).
 */
import type { LabClock } from '../core/clock';
import { parseLooseArmId } from '../asr/ids';
import type { LabState, ProtectedItemState, VirtualNetworkState } from '../state';
import { key } from '../state';
import { createItemVm, deleteItemVm, recoveryResourceGroup } from './testVms';

/** The failover VM's name: the item's recoveryAzureVmName (the name Compute and Network sets). */
export function failoverVmName(item: ProtectedItemState): string {
  return item.targetAzureVmName;
}

/**
 * The network the failover VM joins: the item's selected recovery network (selectedRecoveryAzureNetworkId,
 * vmNics[].recoveryVMNetworkId), if it still exists. concepts-on-premises-to-azure-networking.md
 * @02d00dc8: "In **Network properties**, select the target network in which the Azure VM will be located
 * when it's created after failover."
 */
function recoveryNetwork(state: LabState, item: ProtectedItemState): VirtualNetworkState | undefined {
  const parsed = item.targetNetworkId ? parseLooseArmId(item.targetNetworkId) : undefined;
  const pair = parsed?.pairs[0];
  if (!parsed?.resourceGroup || !pair || pair[0].toLowerCase() !== 'microsoft.network/virtualnetworks') return undefined;
  return state.virtualNetworks.get(key(parsed.resourceGroup, pair[1]));
}

/**
 * Creates the item's failover VM when its failover has ended. Its NIC: in the item's recovery subnet
 * (vmNics[0].ipConfigs[0].recoverySubnetName) with the item's static address (recoveryStaticIPAddress)
 * when set and free, else the subnet's next free address. concepts-on-premises-to-azure-networking.md
 * @02d00dc8: "Click the NIC name to specify the subnet in which the Azure VM will be deployed." and
 * "Overwrite **Dynamic** with the private IP address you want to assign to target Azure VM. If an IP
 * address isn't specified Site Recovery will assign the next available IP address in the subnet to
 * the NIC at failover."; "After failover, the Azure VMs are created with the same IP address."; "Site
 * Recovery will now honor these settings and ensure that the virtual machine on failover is connected
 * to the selected resource via the corresponding IP Address, if it is available in the target IP range."
 * UNVERIFIED: the address when the static one is taken (the lab gives the next free one, as for a test
 * VM), and the subnet when the named one is gone (the lab takes the first alphabetically, as for a test VM).
 */
export function createFailoverVm(state: LabState, clock: LabClock, item: ProtectedItemState, fallbackLocation: string): void {
  createItemVm(state, clock, item, { name: failoverVmName(item), kind: 'failoverVm' }, fallbackLocation, recoveryNetwork(state, item));
}

/**
 * The failback has shut the failover VM down. failover-failback-overview.md @017654d1: "During failover
 * from Azure to the on-premises site, Site Recovery shuts down the Azure VMs." Whether it is then
 * stopped or deallocated is UNVERIFIED (the lab shows PowerState/deallocated).
 */
export function stopFailoverVm(state: LabState, clock: LabClock, item: ProtectedItemState): void {
  const vm = state.computeVms.get(key(recoveryResourceGroup(item), failoverVmName(item)));
  if (vm) vm.stoppedAt = clock.now();
}

/**
 * The failback's commit deletes the failover VM. azure-docs site-recovery/hyper-v-azure-failback.md
 * @037b9480: "Then click **Commit** to finish the failover. Commit deletes the Azure virtual machine
 * and its disks and prepares the VM to be protected again."; failover-failback-overview.md @017654d1:
 * "When you commit the failover, Site Recovery removes the failed back Azure VMs in Azure."
 */
export function deleteFailoverVm(state: LabState, item: ProtectedItemState): void {
  deleteItemVm(state, item, failoverVmName(item));
}
