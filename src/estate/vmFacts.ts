// A VM's facts (issue 11 §3): what the views and commands read of its ASR protection, derived
// once, when the snapshot is built, from its protected item. The item itself stays out of the
// snapshot; what acts on it reads it again by its ARM id (src/flows/vmAction.ts). Pure.
//
// Every ARM field is read through a guard (model/wireValues.ts, plainProtectedItem in
// model/protectedItem.ts): a missing or null field is an absent fact, never a throw. An item with a
// field of another type than the REST spec's is unreadable: its VM shows one error row saying which
// fields (issue 12), with no actions. Nothing of the item is shared with the facts (dates and health
// errors are copies), so an item changed later changes no fact.
//
// The same holds for the VM's Hyper-V inventory and its protectable item (issue 14: the snapshot
// keeps display facts only): hyperVFacts and protectableFacts keep what the views, the preflight
// and the Enable Replication wizard read of them.

import type { ProtectableItem } from '@azure/arm-recoveryservices-siterecovery';
import { preflightVmOnly, type ProtectableItemReadiness } from '../model/preflight';
import type { ProtectedItemLike } from '../model/protectedItem';
import { hyperVReplicaDetails, plainProtectedItem, protectedItemProblems, type HyperVReplicaDetails } from '../model/protectedItem';
import { messages } from '../model/messages';
import { recoveryFacts } from '../model/recoveryFacts';
import { deriveProtectionStatus, protectionStatusOf, unknownProtectionStatus } from '../model/protectionStatus';
import { allowedActions } from '../model/vmActions';
import { describeWireProblems } from '../model/wireShape';
import { asNumber, asStrings, compact, dateCopy, equalsIgnoreCase, readProp, readString } from '../model/wireValues';
import { preflightVmFacts, type HyperVVm } from '../services/hyperv/vmInventory';
import { normalizeVmId } from './names';
import { targetFacts } from './targetFacts';
import type { AzureVmFacts, HyperVFacts, ProtectableDisks, ProtectableFacts, ProtectionFacts, ProtectionUnknownReason, VmFacts } from './types';

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

/**
 * The reference to a protected item and the facts read from it, from its plain copy (plainProtectedItem) and its details.
 * `lastRecoveryPoint`: the RPO facts' copy of the same point, when they have one (one Date per VM, not two).
 */
function protectionFacts(item: ProtectedItemLike, details: HyperVReplicaDetails | undefined, lastRecoveryPoint: Date | undefined): ProtectionFacts {
  return compact<ProtectionFacts>({
    itemId: item.id,
    itemName: item.name,
    friendlyName: item.properties?.friendlyName,
    policyId: item.properties?.policyId,
    lastRecoveryPoint: lastRecoveryPoint ?? dateCopy(details?.lastRecoveryPointReceived ?? details?.lastReplicatedTime),
    azureVm: azureVmFacts(details),
    lastTestFailover: dateCopy(item.properties?.lastSuccessfulTestFailoverTime),
    target: targetFacts(item.properties?.providerSpecificDetails),
  });
}

/**
 * A VM's facts from its protected item (undefined: the VM is not protected, or, with `unknown`,
 * ASR's items were not read so whether it is protected is not known). Never throws.
 * `knownProblems`: what the caller already found wrong with the item (it then cannot be read).
 * `readAt`: when the item was read, as of which its RPO holds (issue 15); without it, no RPO facts.
 */
export function deriveVmFacts(item: ProtectedItemLike | undefined, knownProblems: readonly string[] = [], unknown?: ProtectionUnknownReason, readAt?: Date): VmFacts {
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
  // The plain copy and its details are read once, for the status and the facts alike.
  const details = hyperVReplicaDetails(plain);
  const recovery = recoveryFacts(details, plain.properties?.activeLocation, readAt);
  // The recovery facts set when there are some, not spread from an object made for the purpose.
  const facts: VmFacts = { status: protectionStatusOf(plain, details), actions: allowedActions(plain), protection: protectionFacts(plain, details, recovery?.lastRecoveryPoint) };
  if (recovery !== undefined) facts.recovery = recovery;
  return facts;
}

/** What the snapshot keeps of a VM's Hyper-V inventory: its preflight facts, power state and boot disk. */
export function hyperVFacts(vm: HyperVVm): HyperVFacts {
  const { name, disks, hasFibreChannelAdapter } = preflightVmFacts(vm);
  // Optional facts set when present, not spread from objects made for the purpose: one per VM of every build.
  const facts: HyperVFacts = { name, disks, vmId: vm.vmId, state: vm.state, generation: vm.generation };
  if (hasFibreChannelAdapter !== undefined) facts.hasFibreChannelAdapter = hasFibreChannelAdapter;
  if (vm.osType !== undefined) facts.osType = vm.osType;
  if (vm.osDiskIndex !== undefined) facts.osDiskIndex = vm.osDiskIndex;
  return facts;
}

export function protectableSourceItemId(item: ProtectableItem): string | undefined {
  return sourceItemIdOf(item, readProp(readProp(item, 'properties'), 'customDetails'));
}

/** protectableSourceItemId, with the item's customDetails read already. */
function sourceItemIdOf(item: ProtectableItem, custom: unknown): string | undefined {
  const id = readString(custom, 'sourceItemId') ?? readString(item, 'name');
  return id !== undefined && id.trim().length > 0 ? normalizeVmId(id) : undefined;
}

/**
 * The disks of a protectable item's customDetails, read as services/azure/protection.ts
 * protectableDisks reads them (Hyper-V or VMM VM details only; a disk without a vhdId is skipped),
 * in one pass: at 5,000 VMs a copy of each disk and then another cost a tenth of a snapshot build.
 */
function protectableDisks(custom: unknown): ProtectableDisks {
  const type = readString(custom, 'instanceType');
  if (type !== 'HyperVVirtualMachine' && type !== 'VmmVirtualMachine') return NO_DISKS;
  const names: string[] = [];
  const maxSizesMB: (number | undefined)[] = [];
  const byId: number[] = [];
  const details = readProp(custom, 'diskDetails');
  if (!Array.isArray(details)) return NO_DISKS;
  for (const d of details as unknown[]) {
    // The entries asObjects keeps (objects, not arrays), without its copy of the list.
    if (typeof d !== 'object' || d === null || Array.isArray(d)) continue;
    // Fields of an object parsed from JSON, read as readString and asNumber judge them but without
    // readProp's own-property check (no prototype has these names): 90,000 disks per build in the bench.
    const disk = d as { vhdId?: unknown; vhdName?: unknown; maxSizeMB?: unknown };
    const vhdId = typeof disk.vhdId === 'string' && disk.vhdId.length > 0 ? disk.vhdId : undefined;
    if (vhdId === undefined) continue;
    const vhdName = typeof disk.vhdName === 'string' && disk.vhdName.length > 0 ? disk.vhdName : undefined;
    if (vhdName === undefined) byId.push(names.length);
    names.push(vhdName ?? vhdId);
    maxSizesMB.push(asNumber(disk.maxSizeMB));
  }
  if (names.length === 0) return NO_DISKS;
  // Copies of the length they need (push() leaves room to grow in each list).
  return byId.length > 0 ? { names: names.slice(), maxSizesMB: maxSizesMB.slice(), byId } : { names: names.slice(), maxSizesMB: maxSizesMB.slice() };
}

/** The disks of an item that lists none, or is not offered (one object shared by all of them). */
const NO_DISKS: ProtectableDisks = Object.freeze({ names: [], maxSizesMB: [] });

/** The OS ASR reports for the VM: `osDetails: null` for Hyper-V protectable items (all 29 recorded); read in case it ever says. */
function protectableOsType(custom: unknown): 'Windows' | 'Linux' | undefined {
  const os = readString(readProp(custom, 'osDetails'), 'osType');
  return equalsIgnoreCase(os, 'Windows') ? 'Windows' : equalsIgnoreCase(os, 'Linux') ? 'Linux' : undefined;
}

/**
 * What the snapshot keeps of a protectable item (undefined when it names no VM). Its disks only
 * while ASR does not list it as anything but Unprotected (see ProtectableFacts.disks).
 */
export function protectableFacts(item: ProtectableItem): ProtectableFacts | undefined {
  const properties = readProp(item, 'properties');
  const custom = readProp(properties, 'customDetails');
  const vmId = sourceItemIdOf(item, custom);
  if (vmId === undefined) return undefined;
  const rawStatus = readProp(properties, 'protectionStatus');
  const status = typeof rawStatus === 'string' ? rawStatus : undefined;
  const generation = readString(custom, 'generation');
  const offered = status === undefined || equalsIgnoreCase(status, 'Unprotected');
  const disks = offered ? protectableDisks(custom) : NO_DISKS;
  return compact<ProtectableFacts>({
    vmId,
    friendlyName: readString(properties, 'friendlyName'),
    protectionStatus: status,
    providerId: readString(properties, 'recoveryServicesProviderId'),
    readiness: readinessOf(properties, custom),
    osType: protectableOsType(custom),
    generation: generation === '1' ? 1 : generation === '2' ? 2 : undefined,
    disks,
  });
}

/** ASR's readiness verdict on a protectable item (HyperVVirtualMachineDetails), its fields read through guards. */
export function protectableReadiness(item: ProtectableItem | undefined): ProtectableItemReadiness {
  const properties = readProp(item, 'properties');
  return readinessOf(properties, readProp(properties, 'customDetails'));
}

/** protectableReadiness, with the item's properties and customDetails read already. */
function readinessOf(properties: unknown, custom: unknown): ProtectableItemReadiness {
  return compact<ProtectableItemReadiness>({
    protectionReadinessErrors: asStrings(readProp(properties, 'protectionReadinessErrors')),
    hasPhysicalDisk: readString(custom, 'hasPhysicalDisk'),
    hasFibreChannelAdapter: readString(custom, 'hasFibreChannelAdapter'),
    hasSharedVhd: readString(custom, 'hasSharedVhd'),
  });
}

/**
 * Why a VM cannot be protected: the errors the support matrix (model/preflight.ts preflightVmOnly) and
 * ASR's readiness verdict find in the VM and its disks, the judgement the Enable Replication wizard
 * shows (webviews/enableReplication/candidates.ts). The host's own support is said on its row.
 * Empty when nothing blocks the VM, or when its facts are not known (no inventory).
 */
export function unsupportedReasons(hyperV: HyperVFacts | undefined, protectable: ProtectableFacts | undefined): string[] {
  if (hyperV === undefined) {
    return [];
  }
  const findings = preflightVmOnly(hyperV, protectable?.readiness ?? protectableReadiness(undefined));
  return findings.filter((f) => f.severity === 'error').map((f) => f.message);
}
