// The plain input shape of an ASR replication protected item.
//
// ProtectedItemLike is a structural subset of the SDK's `ReplicationProtectedItem`
// (@azure/arm-recoveryservices-siterecovery 5.1.0), so an SDK object can be passed in directly;
// raw JSON (dates as ISO strings) is accepted too. Everything is optional and read defensively.

import type { DateLike } from './wireValues';
import { asDate, asNumber, asObjects, asString, asStrings, compact, dateCopy, equalsIgnoreCase, readProp, readString } from './wireValues';
import { fields, listOf, required, wireProblems } from './wireShape';

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
  /** When ASR last computed rpoInSeconds (the figure is frozen between calculations). */
  lastRpoCalculatedTime?: Date;
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
  return compact<HyperVReplicaDetails>({
    vmId: readString(d, 'vmId'),
    initialReplicationProgressPercentage: clampPercent(asNumber(readProp(readProp(d, 'initialReplicationDetails'), 'initialReplicationProgressPercentage'))),
    lastReplicatedTime: asDate(readProp(d, 'lastReplicatedTime')),
    rpoInSeconds: asNumber(readProp(d, 'rpoInSeconds')),
    recoveryAzureVmName: readString(d, 'recoveryAzureVmName'),
    recoveryAzureVMSize: readString(d, 'recoveryAzureVMSize'),
    recoveryAzureStorageAccount: readString(d, 'recoveryAzureStorageAccount'),
    selectedRecoveryAzureNetworkId: readString(d, 'selectedRecoveryAzureNetworkId'),
    recoveryAzureResourceGroupId: readString(d, 'recoveryAzureResourceGroupId'),
    osType: asString(readProp(readProp(d, 'oSDetails'), 'osType')) ?? readString(d, 'osType'),
    vmProtectionState: readString(d, 'vmProtectionState'),
    vmProtectionStateDescription: readString(d, 'vmProtectionStateDescription'),
    lastRecoveryPointReceived: asDate(readProp(d, 'lastRecoveryPointReceived')),
    lastRpoCalculatedTime: asDate(readProp(d, 'lastRpoCalculatedTime')),
  });
}

// ---------------------------------------------------------------------------------------------
// Reading an item of Azure's answer: every field through a guard, and which fields are malformed

/** A plain copy of one health error: its text fields and creation time; undefined for a non-object. */
export function plainHealthError(value: unknown): HealthErrorLike | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  return compact<HealthErrorLike>({
    errorCode: readString(value, 'errorCode'),
    errorLevel: readString(value, 'errorLevel'),
    summaryMessage: readString(value, 'summaryMessage'),
    errorMessage: readString(value, 'errorMessage'),
    possibleCauses: readString(value, 'possibleCauses'),
    recommendedAction: readString(value, 'recommendedAction'),
    creationTimeUtc: dateCopy(readProp(value, 'creationTimeUtc')),
  });
}

/**
 * The fields of a protected item the status and the actions are derived from, read through guards
 * into a plain object. The provider details are passed on as they are: hyperVReplicaDetails reads
 * them through guards too, and this copy lives only while the facts are derived.
 */
export function plainProtectedItem(item: unknown): ProtectedItemLike {
  const p = readProp(item, 'properties');
  const scenario = readProp(p, 'currentScenario');
  const details = readProp(p, 'providerSpecificDetails');
  return compact<ProtectedItemLike>({
    id: readString(item, 'id'),
    name: readString(item, 'name'),
    properties: compact({
      friendlyName: readString(p, 'friendlyName'),
      protectionState: readString(p, 'protectionState'),
      protectionStateDescription: readString(p, 'protectionStateDescription'),
      activeLocation: readString(p, 'activeLocation'),
      testFailoverState: readString(p, 'testFailoverState'),
      allowedOperations: asStrings(readProp(p, 'allowedOperations')),
      replicationHealth: readString(p, 'replicationHealth'),
      healthErrors: asObjects(readProp(p, 'healthErrors'))
        ?.map(plainHealthError)
        .filter((e): e is HealthErrorLike => e !== undefined),
      currentScenario:
        typeof scenario === 'object' && scenario !== null ? compact({ scenarioName: readString(scenario, 'scenarioName'), jobId: readString(scenario, 'jobId') }) : undefined,
      lastSuccessfulTestFailoverTime: asDate(readProp(p, 'lastSuccessfulTestFailoverTime')),
      policyId: readString(p, 'policyId'),
      providerSpecificDetails: typeof details === 'object' && details !== null ? (details as ProviderSpecificDetailsLike) : undefined,
    }),
  });
}

/** An ASR health error as the REST spec types it (HealthError). */
export const healthErrorShape = fields({
  errorCode: 'text',
  errorLevel: 'text',
  summaryMessage: 'text',
  errorMessage: 'text',
  possibleCauses: 'text',
  recommendedAction: 'text',
  creationTimeUtc: 'date',
});

/**
 * The fields of a protected item the extension reads (plainProtectedItem, hyperVReplicaDetails,
 * the estate's placement), with their types in the REST spec (ReplicationProtectedItem,
 * HyperVReplicaAzureReplicationDetails; initialReplicationProgressPercentage is a string there).
 */
const protectedItemShape = fields({
  id: required('text'),
  name: 'text',
  properties: required(
    fields({
      friendlyName: 'text',
      protectionState: 'text',
      protectionStateDescription: 'text',
      activeLocation: 'text',
      testFailoverState: 'text',
      allowedOperations: listOf('text'),
      replicationHealth: 'text',
      healthErrors: listOf(healthErrorShape),
      currentScenario: fields({ scenarioName: 'text', jobId: 'text' }),
      lastSuccessfulTestFailoverTime: 'date',
      policyId: 'text',
      recoveryServicesProviderId: 'text',
      providerSpecificDetails: fields({
        instanceType: 'text',
        vmId: 'text',
        initialReplicationDetails: fields({ initialReplicationProgressPercentage: 'number' }),
        lastReplicatedTime: 'date',
        rpoInSeconds: 'number',
        recoveryAzureVmName: 'text',
        recoveryAzureVMSize: 'text',
        recoveryAzureStorageAccount: 'text',
        selectedRecoveryAzureNetworkId: 'text',
        recoveryAzureResourceGroupId: 'text',
        oSDetails: fields({ osType: 'text' }),
        vmProtectionState: 'text',
        vmProtectionStateDescription: 'text',
        lastRecoveryPointReceived: 'date',
        lastRpoCalculatedTime: 'date',
      }),
    }),
  ),
});

/** The fields of a protected item Azure sent with another type than the REST spec's (empty: the item can be read). */
export function protectedItemProblems(item: unknown): string[] {
  return wireProblems(item, protectedItemShape);
}
