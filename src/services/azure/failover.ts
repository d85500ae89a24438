// Failover actions on a protected item. Every action first checks ASR's allowedOperations (through
// the model's checkAction) and throws ActionNotAllowedError, without sending a request, when ASR
// would not accept it now.

import type {
  HyperVReplicaAzureReplicationDetails,
  PlannedFailoverInput,
  ReplicationProtectedItem,
  ReverseReplicationInput,
  TestFailoverCleanupInput,
  TestFailoverInput,
  UnplannedFailoverInput,
} from '@azure/arm-recoveryservices-siterecovery';
import type { ProtectedItemRef } from '../../model/armId';
import { tryParseArmId } from '../../model/armId';
import type { VmAction } from '../../model/vmActions';
import { checkAction } from '../../model/vmActions';
import type { ActionTarget } from './actionRecovery';
import { startItemActionOperation } from './actionRecovery';
import type { AsrOperation, AsrOperationOptions, PollerLike } from './asrOperation';
import { auditAsrOperation, auditWrites } from './auditLog';
import type { VaultContext } from './clients';
import { siteRecoveryClient } from './clients';
import { ActionNotAllowedError, InvalidInputError } from './errors';
import { getProtectedItem, refOfItem } from './protection';

export const MAX_CLEANUP_COMMENTS_LENGTH = 1024;

/** The name shown in refusals: the item's friendly name (the VM name). */
export function vmNameOf(item: ReplicationProtectedItem): string {
  return item.properties?.friendlyName ?? item.name ?? 'the VM';
}

/** Throws ActionNotAllowedError (no request sent) unless ASR's allowedOperations allow `action`; returns the item's ref. */
export function ensureAllowed(item: ReplicationProtectedItem, action: VmAction): ProtectedItemRef {
  const check = checkAction(item, action, vmNameOf(item));
  if (!check.allowed) {
    throw new ActionNotAllowedError(check.reason);
  }
  return refOfItem(item);
}

function requireOptionalArmId(id: string | undefined, what: string, target: string): void {
  if (id !== undefined && tryParseArmId(id) === undefined) {
    throw new InvalidInputError(`The ${what} "${id}" is not an Azure resource id.`, target);
  }
}

// ---------------------------------------------------------------------------------------------
// Request bodies (pure).

/** asr-api-facts 1.2(f): VmNetworkAsInput with a network, else NoNetworkAttachAsInput. */
export function buildTestFailoverInput(options: { networkId?: string; recoveryPointId?: string }): TestFailoverInput {
  return {
    properties: {
      failoverDirection: 'PrimaryToRecovery',
      networkType: options.networkId !== undefined ? 'VmNetworkAsInput' : 'NoNetworkAttachAsInput',
      ...(options.networkId !== undefined ? { networkId: options.networkId } : {}),
      providerSpecificDetails: {
        instanceType: 'HyperVReplicaAzure',
        ...(options.recoveryPointId !== undefined ? { recoveryPointId: options.recoveryPointId } : {}),
      },
    },
  };
}

export function buildTestFailoverCleanupInput(comments: string): TestFailoverCleanupInput {
  return { properties: { comments } };
}

/** asr-api-facts 1.2(g). */
export function buildPlannedFailoverInput(): PlannedFailoverInput {
  return { properties: { failoverDirection: 'PrimaryToRecovery', providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } } };
}

/** asr-api-facts 1.2(h): sourceSiteOperations Required shuts the source VM down first. */
export function buildUnplannedFailoverInput(options: { recoveryPointId?: string; shutDownSource: boolean }): UnplannedFailoverInput {
  return {
    properties: {
      failoverDirection: 'PrimaryToRecovery',
      sourceSiteOperations: options.shutDownSource ? 'Required' : 'NotRequired',
      providerSpecificDetails: {
        instanceType: 'HyperVReplicaAzure',
        ...(options.recoveryPointId !== undefined ? { recoveryPointId: options.recoveryPointId } : {}),
      },
    },
  };
}

export type DataSyncOption = 'ForDownTime' | 'ForSynchronization';
export type RecoveryVmCreationOption = 'NoAction' | 'CreateVmIfNotFound';

export interface FailbackOptions {
  dataSyncOption: DataSyncOption;
  recoveryVmCreationOption: RecoveryVmCreationOption;
  /** ARM id of the host's provider; required with CreateVmIfNotFound. */
  alternateProviderId?: string;
}

/** asr-api-facts 1.2(j): planned failover RecoveryToPrimary with HyperVReplicaAzureFailback. */
export function buildFailbackInput(options: FailbackOptions): PlannedFailoverInput {
  if (options.dataSyncOption !== 'ForDownTime' && options.dataSyncOption !== 'ForSynchronization') {
    throw new InvalidInputError(`The data synchronization option must be ForDownTime or ForSynchronization, not "${String(options.dataSyncOption)}".`, 'dataSyncOption');
  }
  if (options.recoveryVmCreationOption !== 'NoAction' && options.recoveryVmCreationOption !== 'CreateVmIfNotFound') {
    throw new InvalidInputError(`The VM creation option must be NoAction or CreateVmIfNotFound, not "${String(options.recoveryVmCreationOption)}".`, 'recoveryVmCreationOption');
  }
  if (options.recoveryVmCreationOption === 'CreateVmIfNotFound' && !options.alternateProviderId) {
    throw new InvalidInputError('Creating the VM on the host if it is missing needs the host (its registered provider).', 'alternateProviderId');
  }
  requireOptionalArmId(options.alternateProviderId, 'host provider', 'alternateProviderId');
  return {
    properties: {
      failoverDirection: 'RecoveryToPrimary',
      providerSpecificDetails: {
        instanceType: 'HyperVReplicaAzureFailback',
        dataSyncOption: options.dataSyncOption,
        recoveryVmCreationOption: options.recoveryVmCreationOption,
        ...(options.alternateProviderId !== undefined ? { providerIdForAlternateRecovery: options.alternateProviderId } : {}),
      },
    },
  };
}

function hyperVReplicaAzureDetails(item: ReplicationProtectedItem): HyperVReplicaAzureReplicationDetails | undefined {
  const d = item.properties?.providerSpecificDetails;
  return d !== undefined && d.instanceType === 'HyperVReplicaAzure' ? (d as HyperVReplicaAzureReplicationDetails) : undefined;
}

/**
 * asr-api-facts 1.2(k), recording Reprotect.json. Values come from the item's HyperVReplicaAzure
 * details: vmId, the OperatingSystem disk of azureVmDiskDetails (after protection the disk named at
 * enable time is labelled so: CreateProtectedItem.json entries 8, 9), oSDetails.osType, and the
 * storage accounts as Az PowerShell takes them (UpdateAzureRmRecoveryServicesAsrProtectionDirection.cs:
 * `reprotectInput.StorageAccountId = this.RecoveryAzureStorageAccountId == null ? providerSpecificDetails.RecoveryAzureStorageAccount …`,
 * `reprotectInput.LogStorageAccountId = this.LogStorageAccountId == null ? providerSpecificDetails.RecoveryAzureLogStorageAccountId …`):
 * an item replicating to managed disks has no recoveryAzureStorageAccount, only the log account.
 * The SDK model field `vHDId` serializes as wire name "vHDId".
 */
export function buildReverseReplicationInput(item: ReplicationProtectedItem, options: { storageAccountId?: string } = {}): ReverseReplicationInput {
  const vmName = vmNameOf(item);
  const d = hyperVReplicaAzureDetails(item);
  if (d === undefined) {
    throw new InvalidInputError(`"${vmName}" has no Hyper-V to Azure replication details, so replication cannot be reversed.`, 'item');
  }
  const osDisk = (d.azureVmDiskDetails ?? []).find((disk) => disk.vhdType?.toLowerCase() === 'operatingsystem');
  const storageAccountId = options.storageAccountId ?? d.recoveryAzureStorageAccount ?? undefined;
  const logStorageAccountId = d.recoveryAzureLogStorageAccountId ?? undefined;
  const missing = [
    d.vmId ? undefined : 'the Hyper-V VM id',
    osDisk?.vhdId ? undefined : 'the operating system disk',
    storageAccountId || logStorageAccountId ? undefined : 'a storage account',
  ].filter((m): m is string => m !== undefined);
  if (missing.length > 0) {
    throw new InvalidInputError(`Cannot reverse replication of "${vmName}": Azure Site Recovery does not report ${missing.join(', ')}.`, 'item');
  }
  requireOptionalArmId(storageAccountId, 'storage account', 'storageAccountId');
  requireOptionalArmId(logStorageAccountId, 'log storage account', 'logStorageAccountId');
  return {
    properties: {
      failoverDirection: 'PrimaryToRecovery',
      providerSpecificDetails: {
        instanceType: 'HyperVReplicaAzure',
        hvHostVmId: d.vmId,
        vmName,
        ...(d.oSDetails?.osType ? { osType: d.oSDetails.osType } : {}),
        vHDId: osDisk?.vhdId,
        ...(storageAccountId ? { storageAccountId } : {}),
        ...(logStorageAccountId ? { logStorageAccountId } : {}),
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Actions.

type ProtectedItemOperations = ReturnType<typeof siteRecoveryClient>['replicationProtectedItems'];
/** (vault, resource group, fabric, container, item): the path arguments every item action takes. */
type ItemPath = [vaultName: string, resourceGroup: string, fabricName: string, containerName: string, protectedItemName: string];

/**
 * Runs one action on a protected item: refuses it locally (no request) unless ASR's
 * allowedOperations allow it, then checks and builds the request body (`prepare`), then starts
 * the SDK's begin call and returns its job at once (after a lost answer, the job it started:
 * actionRecovery.ts). The audit trail records it, refused or sent (auditLog.ts).
 */
function startItemAction<I>(
  vctx: VaultContext,
  item: ReplicationProtectedItem,
  action: VmAction,
  prepare: () => I,
  begin: (ops: ProtectedItemOperations, path: ItemPath, input: I, o: AsrOperationOptions) => Promise<PollerLike<ReplicationProtectedItem>>,
  operationOptions?: AsrOperationOptions,
): Promise<AsrOperation<ReplicationProtectedItem>> {
  const send = (): Promise<AsrOperation<ReplicationProtectedItem>> => {
    const ref = ensureAllowed(item, action);
    const input = prepare();
    const path: ItemPath = [vctx.vault.vaultName, vctx.vault.resourceGroup, ref.fabricName, ref.containerName, ref.protectedItemName];
    const target: ActionTarget<ReplicationProtectedItem> = {
      action,
      itemName: ref.protectedItemName,
      vmName: vmNameOf(item),
      readItem: () => getProtectedItem(vctx, ref),
      resultAfterJob: () => getProtectedItem(vctx, ref),
    };
    return startItemActionOperation(vctx, target, (o) => begin(siteRecoveryClient(vctx).replicationProtectedItems, path, input, o), operationOptions);
  };
  return auditAsrOperation(vctx, auditWrites.action(action, vmNameOf(item)), send, operationOptions?.abortSignal);
}

export async function testFailover(
  vctx: VaultContext,
  item: ReplicationProtectedItem,
  options: { networkId?: string; recoveryPointId?: string } = {},
  operationOptions?: AsrOperationOptions,
): Promise<AsrOperation<ReplicationProtectedItem>> {
  return startItemAction(
    vctx,
    item,
    'testFailover',
    () => {
      requireOptionalArmId(options.networkId, 'virtual network', 'networkId');
      requireOptionalArmId(options.recoveryPointId, 'recovery point', 'recoveryPointId');
      return buildTestFailoverInput(options);
    },
    (ops, path, input, o) => ops.beginTestFailover(...path, input, o),
    operationOptions,
  );
}

export async function testFailoverCleanup(
  vctx: VaultContext,
  item: ReplicationProtectedItem,
  comments: string,
  operationOptions?: AsrOperationOptions,
): Promise<AsrOperation<ReplicationProtectedItem>> {
  return startItemAction(
    vctx,
    item,
    'testFailoverCleanup',
    () => {
      if (comments.length > MAX_CLEANUP_COMMENTS_LENGTH) {
        throw new InvalidInputError(`The cleanup notes are ${comments.length} characters long; at most ${MAX_CLEANUP_COMMENTS_LENGTH} are allowed.`, 'comments');
      }
      return buildTestFailoverCleanupInput(comments);
    },
    (ops, path, input, o) => ops.beginTestFailoverCleanup(...path, input, o),
    operationOptions,
  );
}

export async function plannedFailover(vctx: VaultContext, item: ReplicationProtectedItem, operationOptions?: AsrOperationOptions): Promise<AsrOperation<ReplicationProtectedItem>> {
  return startItemAction(vctx, item, 'plannedFailover', buildPlannedFailoverInput, (ops, path, input, o) => ops.beginPlannedFailover(...path, input, o), operationOptions);
}

export async function unplannedFailover(
  vctx: VaultContext,
  item: ReplicationProtectedItem,
  options: { recoveryPointId?: string; shutDownSource: boolean },
  operationOptions?: AsrOperationOptions,
): Promise<AsrOperation<ReplicationProtectedItem>> {
  return startItemAction(
    vctx,
    item,
    'unplannedFailover',
    () => {
      requireOptionalArmId(options.recoveryPointId, 'recovery point', 'recoveryPointId');
      return buildUnplannedFailoverInput(options);
    },
    (ops, path, input, o) => ops.beginUnplannedFailover(...path, input, o),
    operationOptions,
  );
}

/** Commit after a failover (ASR op Commit) or after a failback (FinalizeFailback). No body. */
export async function commitFailover(vctx: VaultContext, item: ReplicationProtectedItem, operationOptions?: AsrOperationOptions): Promise<AsrOperation<ReplicationProtectedItem>> {
  return startItemAction(
    vctx,
    item,
    'commit',
    () => undefined,
    (ops, path, _input, o) => ops.beginFailoverCommit(...path, o),
    operationOptions,
  );
}

/** Failback: planned failover from Azure back to the host (then commit, then reverse replication). */
export async function failback(
  vctx: VaultContext,
  item: ReplicationProtectedItem,
  options: FailbackOptions,
  operationOptions?: AsrOperationOptions,
): Promise<AsrOperation<ReplicationProtectedItem>> {
  return startItemAction(
    vctx,
    item,
    'failback',
    () => buildFailbackInput(options),
    (ops, path, input, o) => ops.beginPlannedFailover(...path, input, o),
    operationOptions,
  );
}

/** Reverse replication (re-protect) after a failback was committed. */
export async function reverseReplication(
  vctx: VaultContext,
  item: ReplicationProtectedItem,
  options: { storageAccountId?: string } = {},
  operationOptions?: AsrOperationOptions,
): Promise<AsrOperation<ReplicationProtectedItem>> {
  return startItemAction(
    vctx,
    item,
    'reverseReplication',
    () => buildReverseReplicationInput(item, options),
    (ops, path, input, o) => ops.beginReprotect(...path, input, o),
    operationOptions,
  );
}
