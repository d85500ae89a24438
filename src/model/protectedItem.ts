// The plain input shape of an ASR replication protected item.
//
// ProtectedItemLike is a structural subset of the SDK's `ReplicationProtectedItem`
// (@azure/arm-recoveryservices-siterecovery 5.1.0), so an SDK object can be passed in directly;
// raw JSON (dates as ISO strings) is accepted too. Everything is optional and read defensively.

import type { DateLike } from './wireValues';
import { asDate, asNumber, asString, compact, equalsIgnoreCase, readProp } from './wireValues';

export interface HealthErrorLike {
  readonly errorCode?: string;
  readonly errorLevel?: string;
  readonly summaryMessage?: string;
  readonly errorMessage?: string;
  readonly possibleCauses?: string;
  readonly recommendedAction?: string;
  readonly creationTimeUtc?: DateLike;
}

export interface CurrentScenarioLike {
  readonly scenarioName?: string;
  /** ARM id of the running job (".../replicationJobs/None" when idle). */
  readonly jobId?: string;
  readonly startTime?: DateLike;
}

/**
 * Provider-specific details. Only `instanceType` is typed; read the rest with
 * `hyperVReplicaDetails()`. (An index signature would make the SDK's interfaces unassignable.)
 */
export interface ProviderSpecificDetailsLike {
  readonly instanceType: string;
}

export interface ProtectedItemPropertiesLike {
  readonly friendlyName?: string;
  readonly protectionState?: string;
  readonly protectionStateDescription?: string;
  readonly activeLocation?: string;
  readonly testFailoverState?: string;
  readonly testFailoverStateDescription?: string;
  readonly allowedOperations?: readonly string[];
  readonly replicationHealth?: string;
  readonly failoverHealth?: string;
  readonly healthErrors?: readonly HealthErrorLike[];
  readonly currentScenario?: CurrentScenarioLike;
  readonly failoverRecoveryPointId?: string;
  readonly lastSuccessfulFailoverTime?: DateLike;
  readonly lastSuccessfulTestFailoverTime?: DateLike;
  readonly policyId?: string;
  readonly policyFriendlyName?: string;
  readonly providerSpecificDetails?: ProviderSpecificDetailsLike;
}

export interface ProtectedItemLike {
  readonly id?: string;
  readonly name?: string;
  readonly properties?: ProtectedItemPropertiesLike;
}

export const HYPER_V_REPLICA_AZURE = 'HyperVReplicaAzure';

/** The Hyper-V to Azure replication details that the extension shows. */
export interface HyperVReplicaDetails {
  vmId?: string;
  /** 0..100; on the wire a string such as "42" inside initialReplicationDetails. */
  initialReplicationProgressPercentage?: number;
  lastReplicatedTime?: Date;
  rpoInSeconds?: number;
  recoveryAzureVmName?: string;
  recoveryAzureVMSize?: string;
  recoveryAzureStorageAccount?: string;
  selectedRecoveryAzureNetworkId?: string;
  recoveryAzureResourceGroupId?: string;
  osType?: string;
  vmProtectionState?: string;
  vmProtectionStateDescription?: string;
  lastRecoveryPointReceived?: Date;
}

function clampPercent(n: number | undefined): number | undefined {
  if (n === undefined) {
    return undefined;
  }
  return Math.min(100, Math.max(0, n));
}

/**
 * The HyperVReplicaAzure provider details of an item, read safely; undefined when the item has
 * no details or they belong to another provider (e.g. HyperVReplicaAzureFailback input shapes).
 */
export function hyperVReplicaDetails(item: ProtectedItemLike | undefined): HyperVReplicaDetails | undefined {
  const d: unknown = item?.properties?.providerSpecificDetails;
  if (!equalsIgnoreCase(asString(readProp(d, 'instanceType')), HYPER_V_REPLICA_AZURE)) {
    return undefined;
  }
  const str = (key: string): string | undefined => asString(readProp(d, key));
  return compact<HyperVReplicaDetails>({
    vmId: str('vmId'),
    initialReplicationProgressPercentage: clampPercent(
      asNumber(readProp(readProp(d, 'initialReplicationDetails'), 'initialReplicationProgressPercentage')),
    ),
    lastReplicatedTime: asDate(readProp(d, 'lastReplicatedTime')),
    rpoInSeconds: asNumber(readProp(d, 'rpoInSeconds')),
    recoveryAzureVmName: str('recoveryAzureVmName'),
    recoveryAzureVMSize: str('recoveryAzureVMSize'),
    recoveryAzureStorageAccount: str('recoveryAzureStorageAccount'),
    selectedRecoveryAzureNetworkId: str('selectedRecoveryAzureNetworkId'),
    recoveryAzureResourceGroupId: str('recoveryAzureResourceGroupId'),
    osType: asString(readProp(readProp(d, 'oSDetails'), 'osType')) ?? str('osType'),
    vmProtectionState: str('vmProtectionState'),
    vmProtectionStateDescription: str('vmProtectionStateDescription'),
    lastRecoveryPointReceived: asDate(readProp(d, 'lastRecoveryPointReceived')),
  });
}
