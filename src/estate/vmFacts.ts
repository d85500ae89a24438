// A VM's facts (issue 11 §3): what the views and commands read of its ASR protection, derived
// once, when the snapshot is built, from its protected item. The item itself stays out of the
// snapshot; what acts on it reads it again by its ARM id (src/flows/vmAction.ts). Pure.
//
// Every ARM field is read through a guard (model/wireValues.ts, plainProtectedItem in
// model/protectedItem.ts): a missing or null field is an absent fact, never a throw. An item with a
// field of another type than the REST spec's is unreadable: its VM shows one error row saying which
// fields (issue 12), with no actions. Nothing of the item is shared with the facts (dates and health
// errors are copies), so an item changed later changes no fact.

import type { ProtectableItem } from '@azure/arm-recoveryservices-siterecovery';
import { preflightVm, type ProtectableItemReadiness } from '../model/preflight';
import type { ProtectedItemLike } from '../model/protectedItem';
import { hyperVReplicaDetails, plainProtectedItem, protectedItemProblems, type HyperVReplicaDetails } from '../model/protectedItem';
import { messages } from '../model/messages';
import { deriveProtectionStatus, unknownProtectionStatus } from '../model/protectionStatus';
import { allowedActions } from '../model/vmActions';
import { describeWireProblems } from '../model/wireShape';
import { asStrings, compact, dateCopy, readProp, readString } from '../model/wireValues';
import { preflightVmFacts, type HyperVVm } from '../services/hyperv/vmInventory';
import type { AzureVmFacts, ProtectionFacts, ProtectionUnknownReason, VmFacts } from './types';

/** The resource group name of an ARM resource group id. */
function resourceGroupName(rgId: string | undefined): string | undefined {
  const m = rgId === undefined ? null : /\/resourcegroups\/([^/]+)\/*$/i.exec(rgId);
  return m?.[1];
}

/**
 * The VM a failover creates in Azure: its name, and its ARM id
 * `<recoveryAzureResourceGroupId>/providers/Microsoft.Compute/virtualMachines/<recoveryAzureVmName>`
 * when the resource group id is one; undefined when the details name no VM.
 */
export function azureVmFacts(d: HyperVReplicaDetails | undefined): AzureVmFacts | undefined {
  const name = d?.recoveryAzureVmName?.trim();
  if (!d || !name) {
    return undefined;
  }
  const rg = d.recoveryAzureResourceGroupId?.trim().replace(/\/+$/, '');
  const id = rg && /\/resourcegroups\/[^/]+$/i.test(rg) ? `${rg}/providers/Microsoft.Compute/virtualMachines/${name}` : undefined;
  return compact<AzureVmFacts>({ name, id, size: d.recoveryAzureVMSize, resourceGroup: resourceGroupName(d.recoveryAzureResourceGroupId) });
}

/** The reference to a protected item and the facts read from it, from its plain copy (plainProtectedItem). */
function protectionFacts(item: ProtectedItemLike): ProtectionFacts {
  const details = hyperVReplicaDetails(item);
  return compact<ProtectionFacts>({
    itemId: item.id,
    itemName: item.name,
    friendlyName: item.properties?.friendlyName,
    policyId: item.properties?.policyId,
    lastRecoveryPoint: dateCopy(details?.lastRecoveryPointReceived ?? details?.lastReplicatedTime),
    azureVm: azureVmFacts(details),
    lastTestFailover: dateCopy(item.properties?.lastSuccessfulTestFailoverTime),
  });
}

/**
 * A VM's facts from its protected item (undefined: the VM is not protected, or, with `unknown`,
 * ASR's items were not read so whether it is protected is not known). Never throws.
 * `knownProblems`: what the caller already found wrong with the item (it then cannot be read).
 */
export function deriveVmFacts(item: ProtectedItemLike | undefined, knownProblems: readonly string[] = [], unknown?: ProtectionUnknownReason): VmFacts {
  if (item === undefined && unknown !== undefined) {
    // No Enable Replication on a VM that may be protected: no actions until ASR has been read.
    return { status: unknownProtectionStatus(), actions: [], protectionUnknown: unknown };
  }
  if (item === undefined) {
    return { status: deriveProtectionStatus(undefined), actions: allowedActions(undefined) };
  }
  const plain = plainProtectedItem(item);
  const problems = [...knownProblems, ...protectedItemProblems(item)];
  if (problems.length > 0) {
    // What can be read still names the item (its id, to re-read it; its names); nothing is derived from it.
    const status = { kind: 'Error' as const, health: 'Normal' as const, summary: messages.status.unreadable, healthErrors: [], activeLocation: 'Primary' as const };
    const protection = compact<ProtectionFacts>({ itemId: plain.id, itemName: plain.name, friendlyName: plain.properties?.friendlyName });
    return { status, actions: [], protection, unreadable: describeWireProblems(problems) };
  }
  return { status: deriveProtectionStatus(plain), actions: allowedActions(plain), protection: protectionFacts(plain) };
}

/** ASR's readiness verdict on a protectable item (HyperVVirtualMachineDetails), its fields read through guards. */
export function protectableReadiness(item: ProtectableItem | undefined): ProtectableItemReadiness {
  const properties = readProp(item, 'properties');
  const custom = readProp(properties, 'customDetails');
  return compact<ProtectableItemReadiness>({
    protectionReadinessErrors: asStrings(readProp(properties, 'protectionReadinessErrors')),
    hasPhysicalDisk: readString(custom, 'hasPhysicalDisk'),
    hasFibreChannelAdapter: readString(custom, 'hasFibreChannelAdapter'),
    hasSharedVhd: readString(custom, 'hasSharedVhd'),
  });
}

/**
 * Why a VM cannot be protected: the errors the support matrix (model/preflight.ts preflightVm) and
 * ASR's readiness verdict find in the VM and its disks, the judgement the Enable Replication wizard
 * shows (webviews/enableReplication/candidates.ts). The host's own support is said on its row.
 * Empty when nothing blocks the VM, or when its facts are not known (no inventory).
 */
export function unsupportedReasons(inventory: HyperVVm | undefined, protectableItem: ProtectableItem | undefined): string[] {
  if (inventory === undefined) {
    return [];
  }
  const result = preflightVm({ name: '' }, preflightVmFacts(inventory), protectableReadiness(protectableItem));
  return result.findings.filter((f) => f.severity === 'error' && f.target !== 'host').map((f) => f.message);
}
