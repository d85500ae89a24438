// Protected items: the vault-wide list, one item, enable and disable protection (not resent
// blindly after a lost answer: actionRecovery.ts).

import type {
  DisableProtectionInput,
  EnableProtectionInput,
  HyperVReplicaAzureEnableProtectionInput,
  HyperVVirtualMachineDetails,
  ProtectableItem,
  ReplicationProtectedItem,
} from '@azure/arm-recoveryservices-siterecovery';
import type { ProtectedItemRef } from '../../model/armId';
import { parseProtectedItemId, tryParseArmId } from '../../model/armId';
import { checkAction } from '../../model/vmActions';
import type { ActionTarget } from './actionRecovery';
import { startItemActionOperation } from './actionRecovery';
import type { AsrOperation, AsrOperationOptions } from './asrOperation';
import { auditAsrOperation, auditWrites } from './auditLog';
import type { VaultContext } from './clients';
import { siteRecoveryClient } from './clients';
import { ActionNotAllowedError, callAzure, InvalidInputError } from './errors';
import { validateAsrName } from './names';
import type { NamedDisk } from '../../model/osDisk';
import { collectAll, listCallOptions, type CallOptions } from './paging';
import { asNumber, asObjects, asStrings, equalsIgnoreCase, readProp, readString } from '../../model/wireValues';

/**
 * Every protected item of the vault in ONE paged list call (never one call per VM).
 */
export async function listProtectedItems(vctx: VaultContext, options?: CallOptions): Promise<ReplicationProtectedItem[]> {
  const { vaultName, resourceGroup } = vctx.vault;
  return collectAll(siteRecoveryClient(vctx).replicationProtectedItems.list(vaultName, resourceGroup, listCallOptions(options)));
}

export async function getProtectedItem(vctx: VaultContext, ref: ProtectedItemRef): Promise<ReplicationProtectedItem> {
  const { vaultName, resourceGroup } = vctx.vault;
  return callAzure(() => siteRecoveryClient(vctx).replicationProtectedItems.get(vaultName, resourceGroup, ref.fabricName, ref.containerName, ref.protectedItemName));
}

export type OsType = 'Windows' | 'Linux';
export type AzureLicenseType = 'NoLicenseType' | 'WindowsServer' | 'NotSpecified';

export interface EnableProtectionRequest {
  fabricName: string;
  containerName: string;
  /** Name of the protected item to create: the VM's Hyper-V VMId (= the protectable item name). */
  protectedItemName: string;
  policyId: string;
  /** The VM as listProtectableItems returned it. */
  protectableItem: ProtectableItem;
  vmName: string;
  osType: OsType;
  /**
   * The vhdId of the VM's operating system disk, one of the protectable item's disks. Azure does
   * not know which disk that is (every protectable disk is "Data"): the caller names it, from the
   * host's boot disk or the user's choice (see src/model/osDisk.ts).
   */
  osDiskVhdId: string;
  /**
   * The storage account replication keeps its logs in (in the vault's region); the disks
   * themselves replicate to managed disks that Azure Site Recovery creates in the target
   * resource group (see buildEnableProtectionInput).
   */
  logStorageAccountId: string;
  targetResourceGroupId: string;
  targetNetworkId?: string;
  /** Subnet NAME (ASR's targetAzureSubnetId takes the name, not an id). */
  targetSubnetName?: string;
  targetVmSize?: string;
  licenseType?: AzureLicenseType;
}

const PRESENCE_CHECKS: readonly { key: 'hasPhysicalDisk' | 'hasFibreChannelAdapter' | 'hasSharedVhd'; what: string }[] = [
  { key: 'hasPhysicalDisk', what: 'a pass-through (physical) disk' },
  { key: 'hasFibreChannelAdapter', what: 'a Fibre Channel adapter' },
  { key: 'hasSharedVhd', what: 'a shared virtual hard disk' },
];

/** The Hyper-V VM details of a protectable item (fields still to be read through guards), or undefined. */
function vmDetails(item: ProtectableItem): HyperVVirtualMachineDetails | undefined {
  const d: unknown = readProp(readProp(item, 'properties'), 'customDetails');
  const type = readString(d, 'instanceType');
  return type === 'HyperVVirtualMachine' || type === 'VmmVirtualMachine' ? (d as HyperVVirtualMachineDetails) : undefined;
}

/**
 * Why ASR would reject protecting this protectable item, judged from the item alone: already
 * protected, readiness errors, or a pass-through disk / FC adapter / shared VHD. Undefined when it can be protected.
 */
export function protectableItemRefusal(item: ProtectableItem, vmName: string): string | undefined {
  const props = readProp(item, 'properties');
  const status = readString(props, 'protectionStatus');
  if (status !== undefined && !equalsIgnoreCase(status, 'unprotected')) {
    return `Cannot enable replication for "${vmName}": Azure Site Recovery reports its protection status as ${status}.`;
  }
  const readiness = (asStrings(readProp(props, 'protectionReadinessErrors')) ?? []).filter((e) => e.trim().length > 0);
  if (readiness.length > 0) {
    return `Cannot enable replication for "${vmName}": ${readiness.join(' ')}`;
  }
  const details = vmDetails(item);
  for (const check of PRESENCE_CHECKS) {
    if (equalsIgnoreCase(readString(details, check.key), 'present')) {
      return `Cannot enable replication for "${vmName}": the VM has ${check.what}, which Azure Site Recovery cannot replicate.`;
    }
  }
  return undefined;
}

/** The disks of a protectable item as Azure lists them (vhdId, vhdName, size), in its order. */
export function protectableDisks(item: ProtectableItem): (NamedDisk & { maxSizeMB?: number })[] {
  const disks: (NamedDisk & { maxSizeMB?: number })[] = [];
  for (const d of asObjects(readProp(vmDetails(item), 'diskDetails')) ?? []) {
    const vhdId = readString(d, 'vhdId');
    const maxSizeMB = asNumber(readProp(d, 'maxSizeMB'));
    if (vhdId !== undefined) disks.push({ vhdId, vhdName: readString(d, 'vhdName') ?? '', ...(maxSizeMB !== undefined ? { maxSizeMB } : {}) });
  }
  return disks;
}

function requireArmId(id: string | undefined, what: string, target: string): void {
  if (id !== undefined && tryParseArmId(id) === undefined) {
    throw new InvalidInputError(`The ${what} "${id}" is not an Azure resource id.`, target);
  }
}

/**
 * The enable-protection body: replication to managed disks, exactly the form the service accepted
 * in Az PowerShell's recording of 2024-09-22 (Azure/azure-powershell
 * src/RecoveryServices/RecoveryServices.SiteRecovery.Test/SessionRecords/RecoveryServices.SiteRecovery.Test.AsrB2ATests/
 * CreateRPIWithMangedDisksForReplication.json @ef1f66a1): `"hvHostVmId", "vmName", "osType", "vhdId",
 * "targetAzureVmName", "logStorageAccountId", "targetAzureV2ResourceGroupId",
 * "useManagedDisksForReplication": "True"`, answered 202 with an EnableDr job that Succeeded.
 * Never `targetStorageAccountId` with it: the same recording of 2023-02-19 (@04b26511) sent both and
 * the job failed with 6001 "Parameters are not correct." — "Only one of the following input
 * parameters are expected not both a) either storageAccountId b) or useManagedDisksForReplication".
 * No `diskType` / `disksToIncludeForManagedDisks`: no recording sends them for Hyper-V (the replica
 * disks are then Standard_LRS, as the recorded protected item's `"replicaDiskType": "Standard_LRS"`).
 * The "boolean" is a string (spec: `"useManagedDisksForReplication": { … "type": "string" }`).
 * hvHostVmId = protectable item customDetails.sourceItemId; vhdId = the OS disk the caller names;
 * targetAzureSubnetId = the subnet NAME (the cmdlet: `providerSettings.TargetAzureSubnetId = this.RecoveryAzureSubnetName;`).
 */
export function buildEnableProtectionInput(req: EnableProtectionRequest): EnableProtectionInput {
  const details = vmDetails(req.protectableItem);
  const hvHostVmId = readString(details, 'sourceItemId');
  if (!hvHostVmId) {
    throw new InvalidInputError(`Azure Site Recovery does not report a Hyper-V VM id for "${req.vmName}".`, 'protectableItem');
  }
  const disks = protectableDisks(req.protectableItem);
  const osDisk = disks.find((d) => d.vhdId.toLowerCase() === req.osDiskVhdId.toLowerCase());
  if (!osDisk) {
    const names = disks.map((d) => d.vhdName || d.vhdId).join(', ');
    throw new InvalidInputError(
      `Cannot enable replication for "${req.vmName}": the operating system disk given is not one of the disks Azure Site Recovery lists for it (${names || 'none'}). Choose its operating system disk again.`,
      'osDiskVhdId',
    );
  }
  if (!req.protectableItem.id) {
    throw new InvalidInputError(`The protectable item of "${req.vmName}" has no id.`, 'protectableItem');
  }
  const p: HyperVReplicaAzureEnableProtectionInput = {
    instanceType: 'HyperVReplicaAzure',
    hvHostVmId,
    vmName: req.vmName,
    osType: req.osType,
    vhdId: osDisk.vhdId,
    targetAzureVmName: req.vmName,
    logStorageAccountId: req.logStorageAccountId,
    targetAzureV2ResourceGroupId: req.targetResourceGroupId,
    useManagedDisksForReplication: 'True',
  };
  if (req.targetNetworkId !== undefined) {
    p.targetAzureNetworkId = req.targetNetworkId;
  }
  if (req.targetSubnetName !== undefined) {
    p.targetAzureSubnetId = req.targetSubnetName;
  }
  if (req.targetVmSize !== undefined) {
    p.targetVmSize = req.targetVmSize;
  }
  if (req.licenseType !== undefined) {
    p.licenseType = req.licenseType;
  }
  return { properties: { policyId: req.policyId, protectableItemId: req.protectableItem.id, providerSpecificDetails: p } };
}

function validateEnableRequest(req: EnableProtectionRequest): void {
  const nameProblem = validateAsrName(req.protectedItemName, 'protected item');
  if (nameProblem !== undefined) {
    throw new InvalidInputError(nameProblem, 'protectedItemName');
  }
  if (req.osType !== 'Windows' && req.osType !== 'Linux') {
    throw new InvalidInputError(`The operating system type must be Windows or Linux, not "${String(req.osType)}".`, 'osType');
  }
  if (req.targetSubnetName !== undefined && req.targetNetworkId === undefined) {
    throw new InvalidInputError('A target subnet needs a target virtual network.', 'targetSubnetName');
  }
  if (req.targetSubnetName !== undefined && req.targetSubnetName.includes('/')) {
    throw new InvalidInputError('The target subnet must be given by name, not by id.', 'targetSubnetName');
  }
  requireArmId(req.policyId, 'replication policy', 'policyId');
  requireArmId(req.logStorageAccountId, 'storage account for replication logs', 'logStorageAccountId');
  requireArmId(req.targetResourceGroupId, 'target resource group', 'targetResourceGroupId');
  requireArmId(req.targetNetworkId, 'target virtual network', 'targetNetworkId');
}

/**
 * Enables replication of a Hyper-V VM. Refused locally, with no request, when the protectable
 * item shows it cannot be protected (see protectableItemRefusal). The audit trail records it.
 */
export async function enableProtection(vctx: VaultContext, req: EnableProtectionRequest, options?: AsrOperationOptions): Promise<AsrOperation<ReplicationProtectedItem>> {
  return auditAsrOperation(vctx, auditWrites.action('enableProtection', req.vmName), () => sendEnableProtection(vctx, req, options), options?.abortSignal);
}

async function sendEnableProtection(vctx: VaultContext, req: EnableProtectionRequest, options?: AsrOperationOptions): Promise<AsrOperation<ReplicationProtectedItem>> {
  const refusal = protectableItemRefusal(req.protectableItem, req.vmName);
  if (refusal !== undefined) {
    throw new ActionNotAllowedError(refusal);
  }
  validateEnableRequest(req);
  const input = buildEnableProtectionInput(req);
  const { vaultName, resourceGroup } = vctx.vault;
  const ref: ProtectedItemRef = { ...vctx.vault, fabricName: req.fabricName, containerName: req.containerName, protectedItemName: req.protectedItemName };
  const target: ActionTarget<ReplicationProtectedItem> = {
    action: 'enableProtection',
    itemName: req.protectedItemName,
    vmName: req.vmName,
    readItem: () => getProtectedItem(vctx, ref),
    resultAfterJob: () => getProtectedItem(vctx, ref),
  };
  return startItemActionOperation(
    vctx,
    target,
    (o) => siteRecoveryClient(vctx).replicationProtectedItems.beginCreate(vaultName, resourceGroup, req.fabricName, req.containerName, req.protectedItemName, input, o),
    options,
  );
}

function isProtectedItemRef(value: ProtectedItemRef | ReplicationProtectedItem): value is ProtectedItemRef {
  return typeof (value as Partial<ProtectedItemRef>).protectedItemName === 'string';
}

/**
 * Disables replication (`{ properties: { disableProtectionReason: 'NotSpecified' } }`). With a
 * ref, the current item is read first; either way ASR's allowedOperations must allow it, otherwise
 * ActionNotAllowedError is thrown without a write request. The audit trail records it, under the
 * VM's name once the item is read.
 */
export async function disableProtection(vctx: VaultContext, target: ProtectedItemRef | ReplicationProtectedItem, options?: AsrOperationOptions): Promise<AsrOperation<void>> {
  const ref = isProtectedItemRef(target) ? target : undefined;
  const write = auditWrites.action('disableProtection', ref?.protectedItemName ?? itemVmName(target as ReplicationProtectedItem, ''));
  return auditAsrOperation(
    vctx,
    write,
    async () => {
      const item = ref !== undefined ? await getProtectedItem(vctx, ref) : (target as ReplicationProtectedItem);
      const itemRef = ref ?? refOfItem(item);
      write.target = itemVmName(item, itemRef.protectedItemName);
      return sendDisableProtection(vctx, item, itemRef, write.target, options);
    },
    options?.abortSignal,
  );
}

/** The VM's name of a protected item (its friendly name, else its name), else `fallback`. */
function itemVmName(item: ReplicationProtectedItem, fallback: string): string {
  return readString(readProp(item, 'properties'), 'friendlyName') ?? readString(item, 'name') ?? fallback;
}

function sendDisableProtection(
  vctx: VaultContext,
  item: ReplicationProtectedItem,
  ref: ProtectedItemRef,
  vmName: string,
  options?: AsrOperationOptions,
): Promise<AsrOperation<void>> {
  const check = checkAction(item, 'disableProtection', vmName);
  if (!check.allowed) {
    throw new ActionNotAllowedError(check.reason);
  }
  const input: DisableProtectionInput = { properties: { disableProtectionReason: 'NotSpecified' } };
  const { vaultName, resourceGroup } = vctx.vault;
  const action: ActionTarget<void> = {
    action: 'disableProtection',
    itemName: ref.protectedItemName,
    vmName,
    readItem: () => getProtectedItem(vctx, ref),
    resultAfterJob: () => Promise.resolve(),
  };
  return startItemActionOperation(
    vctx,
    action,
    (o) => siteRecoveryClient(vctx).replicationProtectedItems.beginDelete(vaultName, resourceGroup, ref.fabricName, ref.containerName, ref.protectedItemName, input, o),
    options,
  );
}

/** The ref of a protected item from its id. Throws InvalidInputError when the item has no usable id. */
export function refOfItem(item: ReplicationProtectedItem): ProtectedItemRef {
  return refOfItemId(item.id);
}

/** The ref of a protected item from its ARM id (as the estate keeps it). Throws InvalidInputError when there is no usable id. */
export function refOfItemId(id: string | undefined): ProtectedItemRef {
  if (!id) {
    throw new InvalidInputError('The protected item has no id.', 'item');
  }
  try {
    return parseProtectedItemId(id);
  } catch {
    throw new InvalidInputError(`"${id}" is not a protected item id.`, 'item');
  }
}
