// Replication policies (HyperVReplicaAzure) and their association with a site's container.

import type {
  CreatePolicyInput,
  CreateProtectionContainerMappingInput,
  HyperVReplicaAzurePolicyDetails,
  Policy,
  ProtectionContainerMapping,
  ReplicationProviderSpecificContainerMappingInputUnion,
} from '@azure/arm-recoveryservices-siterecovery';
import { parsePolicyId, sameArmId, tryParseArmId } from '../../model/armId';
import type { AsrOperation, AsrOperationOptions } from './asrOperation';
import { startAsrOperation } from './asrOperation';
import { auditAsrOperation, auditWrites } from './auditLog';
import type { VaultContext } from './clients';
import { siteRecoveryClient } from './clients';
import { InvalidInputError } from './errors';
import { validateAsrName } from './names';
import { collectAll, listCallOptions, type CallOptions } from './paging';
import { readProp, readString } from '../../model/wireValues';

export const REPLICATION_INTERVALS_SECONDS = [30, 300, 900] as const;
export type ReplicationIntervalSeconds = (typeof REPLICATION_INTERVALS_SECONDS)[number];

/** Hours of recovery points kept (Hyper-V to Azure allows up to 24). */
export const MAX_RECOVERY_POINT_HISTORY_HOURS = 24;
/** App-consistent snapshot frequency in hours (0 = off, at most 12). */
export const MAX_APP_CONSISTENT_FREQUENCY_HOURS = 12;

/** The mapping target for Hyper-V to Azure: ASR's literal recovery "container". */
export const AZURE_TARGET_CONTAINER_ID = 'Microsoft Azure';

export interface HyperVPolicySettings {
  replicationIntervalSeconds: ReplicationIntervalSeconds;
  recoveryPointHistoryHours: number;
  appConsistentFrequencyHours: number;
  storageAccountId?: string;
}

function isStorageAccountId(id: string): boolean {
  const p = tryParseArmId(id);
  const s = p?.segments[0];
  return (
    p !== undefined &&
    p.resourceGroup !== undefined &&
    p.provider?.toLowerCase() === 'microsoft.storage' &&
    p.segments.length === 1 &&
    s !== undefined &&
    s.type.toLowerCase() === 'storageaccounts'
  );
}

/** Local validation of policy settings; returns every problem (empty when valid). */
export function validatePolicySettings(settings: HyperVPolicySettings): string[] {
  const problems: string[] = [];
  const interval: number = settings.replicationIntervalSeconds;
  if (!(REPLICATION_INTERVALS_SECONDS as readonly number[]).includes(interval)) {
    problems.push(`The replication frequency must be 30, 300 or 900 seconds (30 seconds, 5 minutes or 15 minutes), not ${String(interval)}.`);
  }
  const history = settings.recoveryPointHistoryHours;
  if (!Number.isInteger(history) || history < 0 || history > MAX_RECOVERY_POINT_HISTORY_HOURS) {
    problems.push(`Recovery point retention must be a whole number of hours from 0 to ${MAX_RECOVERY_POINT_HISTORY_HOURS}.`);
  }
  const app = settings.appConsistentFrequencyHours;
  if (!Number.isInteger(app) || app < 0 || app > MAX_APP_CONSISTENT_FREQUENCY_HOURS) {
    problems.push(`App-consistent snapshot frequency must be a whole number of hours from 0 (off) to ${MAX_APP_CONSISTENT_FREQUENCY_HOURS}.`);
  } else if (Number.isInteger(history) && app > 0 && app > history) {
    problems.push('App-consistent snapshot frequency must not be longer than the recovery point retention.');
  }
  if (settings.storageAccountId !== undefined && !isStorageAccountId(settings.storageAccountId)) {
    problems.push(`"${settings.storageAccountId}" is not a storage account id.`);
  }
  return problems;
}

/** The create-policy body (asr-api-facts 1.2(c)). */
export function buildCreatePolicyInput(settings: HyperVPolicySettings): CreatePolicyInput {
  return {
    properties: {
      providerSpecificInput: {
        instanceType: 'HyperVReplicaAzure',
        recoveryPointHistoryDuration: settings.recoveryPointHistoryHours,
        applicationConsistentSnapshotFrequencyInHours: settings.appConsistentFrequencyHours,
        replicationInterval: settings.replicationIntervalSeconds,
        ...(settings.storageAccountId !== undefined ? { storageAccounts: [settings.storageAccountId] } : {}),
      },
    },
  };
}

export async function listPolicies(vctx: VaultContext, options?: CallOptions): Promise<Policy[]> {
  const { vaultName, resourceGroup } = vctx.vault;
  return collectAll(siteRecoveryClient(vctx).replicationPolicies.list(vaultName, resourceGroup, listCallOptions(options)));
}

export async function createHyperVPolicy(vctx: VaultContext, name: string, settings: HyperVPolicySettings, options?: AsrOperationOptions): Promise<AsrOperation<Policy>> {
  return auditAsrOperation(vctx, auditWrites.createPolicy(name), () => sendCreatePolicy(vctx, name, settings, options), options?.abortSignal);
}

async function sendCreatePolicy(vctx: VaultContext, name: string, settings: HyperVPolicySettings, options?: AsrOperationOptions): Promise<AsrOperation<Policy>> {
  const nameProblem = validateAsrName(name, 'replication policy');
  if (nameProblem !== undefined) {
    throw new InvalidInputError(nameProblem, 'name');
  }
  const problems = validatePolicySettings(settings);
  if (problems.length > 0) {
    throw new InvalidInputError(problems.join(' '), 'settings');
  }
  const { vaultName, resourceGroup } = vctx.vault;
  const input = buildCreatePolicyInput(settings);
  return startAsrOperation(vctx, (o) => siteRecoveryClient(vctx).replicationPolicies.beginCreate(vaultName, resourceGroup, name, input, o), options);
}

/** The HyperVReplicaAzure details of a policy (its fields compared, never called), or undefined. */
function hyperVPolicyDetails(policy: Policy): HyperVReplicaAzurePolicyDetails | undefined {
  const d: unknown = readProp(readProp(policy, 'properties'), 'providerSpecificDetails');
  return readString(d, 'instanceType') === 'HyperVReplicaAzure' ? (d as HyperVReplicaAzurePolicyDetails) : undefined;
}

/**
 * An existing HyperVReplicaAzure policy with the same interval, retention and app-consistent
 * frequency (and the same storage account, when both name one), so it can be reused.
 */
export function findMatchingPolicy(policies: readonly Policy[], settings: HyperVPolicySettings): Policy | undefined {
  return policies.find((p) => {
    const d = hyperVPolicyDetails(p);
    if (d === undefined) {
      return false;
    }
    if (
      d.replicationInterval !== settings.replicationIntervalSeconds ||
      d.recoveryPointHistoryDurationInHours !== settings.recoveryPointHistoryHours ||
      d.applicationConsistentSnapshotFrequencyInHours !== settings.appConsistentFrequencyHours
    ) {
      return false;
    }
    const storage = readString(d, 'activeStorageAccountId');
    if (settings.storageAccountId !== undefined && storage !== undefined) {
      return sameArmId(settings.storageAccountId, storage);
    }
    return true;
  });
}

export async function listMappings(vctx: VaultContext, fabricName: string, containerName: string, options?: CallOptions): Promise<ProtectionContainerMapping[]> {
  const { vaultName, resourceGroup } = vctx.vault;
  return collectAll(
    siteRecoveryClient(vctx).replicationProtectionContainerMappings.listByReplicationProtectionContainers(
      vaultName,
      resourceGroup,
      fabricName,
      containerName,
      listCallOptions(options),
    ),
  );
}

/**
 * The mapping body (asr-api-facts 1.2(d)). The SDK's union has no member for instanceType
 * "ReplicationProviderSpecificContainerMappingInput" (real traffic, CreatePCMapping.json), so the
 * provider input is cast; the serializer falls back to the base mapper and sends it as is.
 */
export function buildCreateMappingInput(policyId: string): CreateProtectionContainerMappingInput {
  const providerSpecificInput = {
    instanceType: 'ReplicationProviderSpecificContainerMappingInput',
  } as unknown as ReplicationProviderSpecificContainerMappingInputUnion;
  return { properties: { targetProtectionContainerId: AZURE_TARGET_CONTAINER_ID, policyId, providerSpecificInput } };
}

/** Associates a policy with the site's container (target: Azure). The audit trail records it. */
export async function associatePolicy(
  vctx: VaultContext,
  fabricName: string,
  containerName: string,
  mappingName: string,
  policyId: string,
  options?: AsrOperationOptions,
): Promise<AsrOperation<ProtectionContainerMapping>> {
  const send = (): Promise<AsrOperation<ProtectionContainerMapping>> => {
    const nameProblem = validateAsrName(mappingName, 'policy association');
    if (nameProblem !== undefined) {
      throw new InvalidInputError(nameProblem, 'mappingName');
    }
    try {
      parsePolicyId(policyId);
    } catch {
      throw new InvalidInputError(`"${policyId}" is not a replication policy id.`, 'policyId');
    }
    const { vaultName, resourceGroup } = vctx.vault;
    const input = buildCreateMappingInput(policyId);
    return startAsrOperation(
      vctx,
      (o) => siteRecoveryClient(vctx).replicationProtectionContainerMappings.beginCreate(vaultName, resourceGroup, fabricName, containerName, mappingName, input, o),
      options,
    );
  };
  return auditAsrOperation(vctx, auditWrites.associatePolicy(policyId, fabricName, mappingName), send, options?.abortSignal);
}
