// A VM's facts (issue 11 §3): what the views and commands read of its ASR protection, derived
// once, when the snapshot is built, from its protected item. The item itself stays out of the
// snapshot; what acts on it reads it again by its ARM id (src/flows/vmAction.ts). Pure.
//
// Every ARM field is read through a guard (model/wireValues.ts): a missing, null or wrong-typed
// field is an absent fact, never a throw. Nothing of the item is shared with the facts (dates and
// health errors are copies), so an item changed later changes no fact.

import type { HealthErrorLike, ProtectedItemLike, ProviderSpecificDetailsLike } from '../model/protectedItem';
import { hyperVReplicaDetails, type HyperVReplicaDetails } from '../model/protectedItem';
import { deriveProtectionStatus } from '../model/protectionStatus';
import { allowedActions } from '../model/vmActions';
import { asDate, asString, compact, readProp } from '../model/wireValues';
import type { AzureVmFacts, ProtectionFacts, VmFacts } from './types';

/** A string field of an object, or undefined (empty, missing, null, another type). */
function str(value: unknown, key: string): string | undefined {
  return asString(readProp(value, key));
}

/** The strings of an array (other entries dropped); undefined when the value is not an array. */
function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

/** A copy of a date (a Date or an ISO string), or undefined (not a date, or ASR's "unset"). */
function dateCopy(value: unknown): Date | undefined {
  const d = asDate(value);
  return d === undefined ? undefined : new Date(d.getTime());
}

/** A plain copy of one health error: its text fields and creation time; undefined for a non-object. */
function plainHealthError(value: unknown): HealthErrorLike | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  return compact<HealthErrorLike>({
    errorCode: str(value, 'errorCode'),
    errorLevel: str(value, 'errorLevel'),
    summaryMessage: str(value, 'summaryMessage'),
    errorMessage: str(value, 'errorMessage'),
    possibleCauses: str(value, 'possibleCauses'),
    recommendedAction: str(value, 'recommendedAction'),
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
  const errors = readProp(p, 'healthErrors');
  return compact<ProtectedItemLike>({
    id: str(item, 'id'),
    name: str(item, 'name'),
    properties: compact({
      friendlyName: str(p, 'friendlyName'),
      protectionState: str(p, 'protectionState'),
      protectionStateDescription: str(p, 'protectionStateDescription'),
      activeLocation: str(p, 'activeLocation'),
      testFailoverState: str(p, 'testFailoverState'),
      allowedOperations: strings(readProp(p, 'allowedOperations')),
      replicationHealth: str(p, 'replicationHealth'),
      healthErrors: Array.isArray(errors) ? errors.map(plainHealthError).filter((e): e is HealthErrorLike => e !== undefined) : undefined,
      currentScenario: typeof scenario === 'object' && scenario !== null ? compact({ scenarioName: str(scenario, 'scenarioName'), jobId: str(scenario, 'jobId') }) : undefined,
      policyId: str(p, 'policyId'),
      providerSpecificDetails: typeof details === 'object' && details !== null ? (details as ProviderSpecificDetailsLike) : undefined,
    }),
  });
}

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
  });
}

/** A VM's facts from its protected item (undefined: the VM is not protected). Never throws. */
export function deriveVmFacts(item: ProtectedItemLike | undefined): VmFacts {
  if (item === undefined) {
    return { status: deriveProtectionStatus(undefined), actions: allowedActions(undefined) };
  }
  const plain = plainProtectedItem(item);
  return { status: deriveProtectionStatus(plain), actions: allowedActions(plain), protection: protectionFacts(plain) };
}
