// Recovery plans (issue 16 §2) over ASR's replicationRecoveryPlans: list, read, create, update,
// delete, and the plan actions (test failover and cleanup, planned and unplanned failover, commit,
// failback, reverse replication). Every write first checks locally what ASR would refuse
// (src/model/recoveryPlanRules.ts: the plan's allowedOperations, the groups' limits) and throws
// ActionNotAllowedError / InvalidInputError without sending a request; then starts the SDK's begin
// call (never …AndWait: asrOperation.ts) and returns the job at once. The audit trail records it.
//
// Request bodies, as the recordings in ../shared/reference/asr-recordings/ and the spec's examples
// show them (quoted in docs/evidence/recovery-plans.md):
// - RPTestFailover.json entry 0: `{"properties": {"failoverDirection": "PrimaryToRecovery",
//   "networkType": "VmNetworkAsInput", "networkId": "…/virtualNetworks/vnh2atest",
//   "providerSpecificDetails": [{"instanceType": "HyperVReplicaAzure"}]}}`
// - RPTestFailoverCleanup.json entry 0: `{"properties": {"comments": "Cleaning up"}}`
// - RPPlannedFailover.json (azure-sdk-for-net, same folder) entry 0: `{"properties":
//   {"failoverDirection": "PrimaryToRecovery", "providerSpecificDetails": [{"instanceType": "HyperVReplicaAzure"}]}}`
// - RPFailback.json entry 0: `{"properties": {"failoverDirection": "RecoveryToPrimary",
//   "providerSpecificDetails": [{"instanceType": "HyperVReplicaAzureFailback", "dataSyncOption":
//   "ForSynchronization", "recoveryVmCreationOption": "NoAction"}]}}`
// - RPFailoverCommit.json: POST …/failoverCommit with an empty body.
// - Spec example ReplicationRecoveryPlans_Create.json: `"primaryFabricId": "…/replicationFabrics/cloud1",
//   "recoveryFabricId": "Microsoft Azure", "failoverDeploymentModel": "ResourceManager", "groups":
//   [{"groupType": "Boot", "replicationProtectedItems": [{"id": "…", "virtualMachineId": "…"}], …}]`

import type {
  CreateRecoveryPlanInput,
  RecoveryPlan,
  RecoveryPlanGroup,
  RecoveryPlanPlannedFailoverInput,
  RecoveryPlanTestFailoverCleanupInput,
  RecoveryPlanTestFailoverInput,
  RecoveryPlanUnplannedFailoverInput,
  UpdateRecoveryPlanInput,
} from '@azure/arm-recoveryservices-siterecovery';
import { jobId as buildJobId, tryParseArmId } from '../../model/armId';
import type { PlanGroup, PlanGroupType, RecoveryPlanAction, RecoveryPlanActionOptions, RecoveryPlanDraft, RecoveryPlanSummary } from '../../model/recoveryPlan';
import {
  AZURE_RECOVERY_FABRIC_ID,
  checkPlanAction,
  MAX_PLAN_CLEANUP_COMMENTS_LENGTH,
  normalizePlanGroups,
  validatePlanDraft,
  validatePlanGroups,
  type PlanProblem,
} from '../../model/recoveryPlanRules';
import { decidePlanAfterLostAnswer } from '../../model/planLostAnswer';
import { asDate } from '../../model/wireValues';
import { startRecoverableOperation, type RecoverableAction } from './actionRecovery';
import type { AsrOperation, AsrOperationOptions, PollerLike } from './asrOperation';
import { startAsrOperation } from './asrOperation';
import { auditAsrOperation, type AuditedWrite } from './auditLog';
import type { VaultContext } from './clients';
import { siteRecoveryClient } from './clients';
import { ActionNotAllowedError, InvalidInputError, toAzureOperationError } from './errors';
import { validateAsrName } from './names';
import { collectAll, listCallOptions, sdkCallOptions, type CallOptions } from './paging';

type PlanOperations = ReturnType<typeof siteRecoveryClient>['replicationRecoveryPlans'];

/** The audit trail's words (English) for each plan write. */
const planActionNames: Readonly<Record<RecoveryPlanAction, string>> = {
  testFailover: 'Test failover of recovery plan',
  testFailoverCleanup: 'Test failover cleanup of recovery plan',
  plannedFailover: 'Planned failover of recovery plan',
  unplannedFailover: 'Unplanned failover of recovery plan',
  commit: 'Commit of recovery plan',
  failback: 'Failback of recovery plan',
  reverseReplication: 'Reverse replication of recovery plan',
};

export const planAuditWrites = {
  create: (name: string): AuditedWrite => ({ operation: 'Create recovery plan', target: `plan ${name}` }),
  update: (name: string): AuditedWrite => ({ operation: 'Update recovery plan', target: `plan ${name}` }),
  delete: (name: string): AuditedWrite => ({ operation: 'Delete recovery plan', target: `plan ${name}` }),
  action: (action: RecoveryPlanAction, name: string): AuditedWrite => ({ operation: planActionNames[action], target: `plan ${name}` }),
};

// ---------------------------------------------------------------------------------------------
// Reading (pure conversions).

function groupTypeOf(value: string | undefined): PlanGroupType | undefined {
  const lower = value?.toLowerCase();
  return lower === 'shutdown' ? 'Shutdown' : lower === 'failover' ? 'Failover' : lower === 'boot' ? 'Boot' : undefined;
}

/** The SDK's plan reduced to the extension's shape (src/model/recoveryPlan.ts). */
export function toPlanSummary(plan: RecoveryPlan): RecoveryPlanSummary {
  const p = plan.properties ?? {};
  const name = plan.name ?? plan.id?.split('/').pop() ?? '';
  const groups: PlanGroup[] = [];
  for (const g of p.groups ?? []) {
    const groupType = groupTypeOf(g.groupType);
    if (groupType === undefined) continue;
    groups.push({ groupType, itemIds: (g.replicationProtectedItems ?? []).map((i) => i.id).filter((id): id is string => typeof id === 'string' && id.length > 0) });
  }
  const summary: RecoveryPlanSummary = { id: plan.id ?? '', name, friendlyName: p.friendlyName ?? name, groups, allowedOperations: [...(p.allowedOperations ?? [])] };
  const optional: Record<string, unknown> = {
    primaryFabricId: p.primaryFabricId,
    recoveryFabricId: p.recoveryFabricId,
    failoverDeploymentModel: p.failoverDeploymentModel,
    currentScenario: p.currentScenario?.scenarioName,
    currentScenarioStatus: p.currentScenarioStatus,
    currentScenarioStatusDescription: p.currentScenarioStatusDescription,
    currentJobId: p.currentScenario?.jobId,
    lastTestFailoverTime: asDate(p.lastTestFailoverTime),
    lastPlannedFailoverTime: asDate(p.lastPlannedFailoverTime),
    lastUnplannedFailoverTime: asDate(p.lastUnplannedFailoverTime),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined && value !== null && value !== '') (summary as unknown as Record<string, unknown>)[key] = value;
  }
  return summary;
}

export async function listRecoveryPlans(vctx: VaultContext, options?: CallOptions): Promise<RecoveryPlanSummary[]> {
  const { vaultName, resourceGroup } = vctx.vault;
  const plans = await collectAll(siteRecoveryClient(vctx).replicationRecoveryPlans.list(vaultName, resourceGroup, listCallOptions(options)));
  return plans.map(toPlanSummary);
}

export async function getRecoveryPlan(vctx: VaultContext, name: string, options?: CallOptions): Promise<RecoveryPlanSummary> {
  const { vaultName, resourceGroup } = vctx.vault;
  try {
    return toPlanSummary(await siteRecoveryClient(vctx).replicationRecoveryPlans.get(vaultName, resourceGroup, name, sdkCallOptions(options)));
  } catch (e) {
    throw toAzureOperationError(e);
  }
}

// ---------------------------------------------------------------------------------------------
// Request bodies (pure).

function refuse(problems: readonly PlanProblem[], target: string): void {
  if (problems.length > 0) {
    throw new InvalidInputError(problems.map((p) => p.message).join(' '), target);
  }
}

/** A plan item on the wire: its ARM id and, as the spec example sends it, virtualMachineId (the item's name for Hyper-V to Azure). */
function wireGroup(group: PlanGroup): RecoveryPlanGroup {
  return {
    groupType: group.groupType,
    replicationProtectedItems: group.itemIds.map((id) => ({ id, virtualMachineId: id.split('/').pop() ?? id })),
    startGroupActions: [],
    endGroupActions: [],
  };
}

/** Create: the Boot groups only, as the spec example and New-AzRecoveryServicesAsrRecoveryPlan send them (ASR adds Shutdown and Failover). */
export function buildCreatePlanInput(draft: RecoveryPlanDraft): CreateRecoveryPlanInput {
  refuse(
    validatePlanDraft(draft, (name) => validateAsrName(name, 'recovery plan')),
    'draft',
  );
  return {
    properties: {
      primaryFabricId: draft.primaryFabricId,
      recoveryFabricId: AZURE_RECOVERY_FABRIC_ID,
      failoverDeploymentModel: 'ResourceManager',
      groups: draft.groups.filter((g) => g.groupType === 'Boot').map(wireGroup),
    },
  };
}

/** Update: every group as read (Shutdown, Failover, Boot…), as Update-AzRecoveryServicesAsrRecoveryPlan sends `asrRecoveryPlan.Groups`. */
export function buildUpdatePlanInput(groups: readonly PlanGroup[], primaryFabricId: string | undefined): UpdateRecoveryPlanInput {
  const normalized = normalizePlanGroups(groups);
  refuse(validatePlanGroups(normalized, primaryFabricId !== undefined ? { primaryFabricId } : {}), 'groups');
  return { properties: { groups: normalized.map(wireGroup) } };
}

export function buildPlanTestFailoverInput(options: RecoveryPlanActionOptions): RecoveryPlanTestFailoverInput {
  if (options.networkId !== undefined && tryParseArmId(options.networkId) === undefined) {
    throw new InvalidInputError(`The virtual network "${options.networkId}" is not an Azure resource id.`, 'networkId');
  }
  return {
    properties: {
      failoverDirection: 'PrimaryToRecovery',
      networkType: options.networkId !== undefined ? 'VmNetworkAsInput' : 'NoNetworkAttachAsInput',
      ...(options.networkId !== undefined ? { networkId: options.networkId } : {}),
      providerSpecificDetails: [{ instanceType: 'HyperVReplicaAzure' }],
    },
  };
}

export function buildPlanTestFailoverCleanupInput(options: RecoveryPlanActionOptions): RecoveryPlanTestFailoverCleanupInput {
  const comments = options.comments ?? '';
  if (comments.length > MAX_PLAN_CLEANUP_COMMENTS_LENGTH) {
    throw new InvalidInputError(`The cleanup notes are ${comments.length} characters long; at most ${MAX_PLAN_CLEANUP_COMMENTS_LENGTH} are allowed.`, 'comments');
  }
  return { properties: { comments } };
}

export function buildPlanPlannedFailoverInput(): RecoveryPlanPlannedFailoverInput {
  return { properties: { failoverDirection: 'PrimaryToRecovery', providerSpecificDetails: [{ instanceType: 'HyperVReplicaAzure' }] } };
}

export function buildPlanUnplannedFailoverInput(options: RecoveryPlanActionOptions): RecoveryPlanUnplannedFailoverInput {
  return {
    properties: {
      failoverDirection: 'PrimaryToRecovery',
      sourceSiteOperations: options.shutDownSource === true ? 'Required' : 'NotRequired',
      providerSpecificDetails: [{ instanceType: 'HyperVReplicaAzure' }],
    },
  };
}

/** RPFailback.json: ForSynchronization / NoAction when the options do not say. */
export function buildPlanFailbackInput(options: RecoveryPlanActionOptions): RecoveryPlanPlannedFailoverInput {
  const dataSyncOption = options.dataSyncOption ?? 'ForSynchronization';
  const recoveryVmCreationOption = options.recoveryVmCreationOption ?? 'NoAction';
  if (dataSyncOption !== 'ForDownTime' && dataSyncOption !== 'ForSynchronization') {
    throw new InvalidInputError(`The data synchronization option must be ForDownTime or ForSynchronization, not "${String(dataSyncOption)}".`, 'dataSyncOption');
  }
  if (recoveryVmCreationOption !== 'NoAction' && recoveryVmCreationOption !== 'CreateVmIfNotFound') {
    throw new InvalidInputError(`The VM creation option must be NoAction or CreateVmIfNotFound, not "${String(recoveryVmCreationOption)}".`, 'recoveryVmCreationOption');
  }
  return {
    properties: {
      failoverDirection: 'RecoveryToPrimary',
      providerSpecificDetails: [{ instanceType: 'HyperVReplicaAzureFailback', dataSyncOption, recoveryVmCreationOption }],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Writes.

/** The operation of a plan write whose result is the plan read again after the job (RPFailback's operationresults answers 204 with no body). */
function withPlanResult<T>(vctx: VaultContext, name: string, operation: AsrOperation<T>, options?: AsrOperationOptions): AsrOperation<RecoveryPlanSummary> {
  return {
    ...operation,
    async result(): Promise<RecoveryPlanSummary> {
      await operation.result();
      return getRecoveryPlan(vctx, name, { signal: options?.abortSignal });
    },
  };
}

/** How far the plan's currentScenario.startTime may precede the request (clocks differ) and still be this request's job. */
const SCENARIO_CLOCK_SKEW_MS = 120_000;

/**
 * A plan action's operation id is not its job's id: RPTestFailover.json's 202 names operation
 * 497afcf8… whose status reads `"name": "a144f484…"`, the job the plan then names in
 * `"currentScenario": {"scenarioName": "TestFailover", "jobId": "…/replicationJobs/a144f484…",
 * "startTime": "2021-03-18T15:36:22…"}` (so do RPPlannedFailover and RPFailback). The job is read
 * from the plan when its current scenario started with this request; else the operation's id stays
 * (and the lost job is the tracker's to find in the vault's list).
 */
async function withPlanJob<T>(vctx: VaultContext, name: string, operation: AsrOperation<T>, sentAt: number): Promise<AsrOperation<T>> {
  let scenario: { jobId?: string; startTime?: Date } | undefined;
  try {
    const { vaultName, resourceGroup } = vctx.vault;
    scenario = (await siteRecoveryClient(vctx).replicationRecoveryPlans.get(vaultName, resourceGroup, name)).properties?.currentScenario;
  } catch {
    return operation;
  }
  const jobName = scenario?.jobId?.split('/').pop();
  const startedAt = asDate(scenario?.startTime)?.getTime();
  if (jobName === undefined || jobName.length === 0 || startedAt === undefined || startedAt < sentAt - SCENARIO_CLOCK_SKEW_MS) {
    return operation;
  }
  return { ...operation, jobName, jobId: buildJobId({ ...vctx.vault, jobName }) };
}

function planPath(vctx: VaultContext, name: string): [string, string, string] {
  return [vctx.vault.vaultName, vctx.vault.resourceGroup, name];
}

export async function createRecoveryPlan(vctx: VaultContext, draft: RecoveryPlanDraft, o?: AsrOperationOptions): Promise<AsrOperation<RecoveryPlanSummary>> {
  const send = async (): Promise<AsrOperation<RecoveryPlanSummary>> => {
    const input = buildCreatePlanInput(draft);
    const op = await startAsrOperation(vctx, (so) => siteRecoveryClient(vctx).replicationRecoveryPlans.beginCreate(...planPath(vctx, draft.name), input, so), o);
    return withPlanResult(vctx, draft.name, op, o);
  };
  return auditAsrOperation(vctx, planAuditWrites.create(draft.name), send, o?.abortSignal);
}

/**
 * Replaces the plan's groups. Without `primaryFabricId` the plan is read first so every item is
 * checked against the plan's Hyper-V site.
 */
export async function updateRecoveryPlan(
  vctx: VaultContext,
  name: string,
  groups: PlanGroup[],
  o?: AsrOperationOptions & { primaryFabricId?: string },
): Promise<AsrOperation<RecoveryPlanSummary>> {
  const send = async (): Promise<AsrOperation<RecoveryPlanSummary>> => {
    const primaryFabricId = o?.primaryFabricId ?? (await getRecoveryPlan(vctx, name)).primaryFabricId;
    const input = buildUpdatePlanInput(groups, primaryFabricId);
    const op = await startAsrOperation(vctx, (so) => siteRecoveryClient(vctx).replicationRecoveryPlans.beginUpdate(...planPath(vctx, name), input, so), o);
    return withPlanResult(vctx, name, op, o);
  };
  return auditAsrOperation(vctx, planAuditWrites.update(name), send, o?.abortSignal);
}

export async function deleteRecoveryPlan(vctx: VaultContext, name: string, o?: AsrOperationOptions): Promise<AsrOperation<void>> {
  const send = (): Promise<AsrOperation<void>> => {
    const problem = validateAsrName(name, 'recovery plan');
    if (problem !== undefined) throw new InvalidInputError(problem, 'name');
    return startAsrOperation(vctx, (so) => siteRecoveryClient(vctx).replicationRecoveryPlans.beginDelete(...planPath(vctx, name), so), o);
  };
  return auditAsrOperation(vctx, planAuditWrites.delete(name), send, o?.abortSignal);
}

type PlanBegin = (ops: PlanOperations, path: [string, string, string], so: AsrOperationOptions) => Promise<PollerLike<unknown>>;

/** The SDK call of each action, with its body checked and built first (throws InvalidInputError). */
function beginFor(action: RecoveryPlanAction, options: RecoveryPlanActionOptions): PlanBegin {
  switch (action) {
    case 'testFailover': {
      const input = buildPlanTestFailoverInput(options);
      return (ops, path, so) => ops.beginTestFailover(...path, input, so);
    }
    case 'testFailoverCleanup': {
      const input = buildPlanTestFailoverCleanupInput(options);
      return (ops, path, so) => ops.beginTestFailoverCleanup(...path, input, so);
    }
    case 'plannedFailover': {
      const input = buildPlanPlannedFailoverInput();
      return (ops, path, so) => ops.beginPlannedFailover(...path, input, so);
    }
    case 'unplannedFailover': {
      const input = buildPlanUnplannedFailoverInput(options);
      return (ops, path, so) => ops.beginUnplannedFailover(...path, input, so);
    }
    case 'commit':
      return (ops, path, so) => ops.beginFailoverCommit(...path, so);
    case 'failback': {
      const input = buildPlanFailbackInput(options);
      return (ops, path, so) => ops.beginPlannedFailover(...path, input, so);
    }
    case 'reverseReplication':
      return (ops, path, so) => ops.beginReprotect(...path, so);
  }
}

/** A plan action as the recovery after a lost answer needs it (actionRecovery.ts; the plan's rules: src/model/planLostAnswer.ts). */
function planRecoverable(vctx: VaultContext, plan: RecoveryPlanSummary, action: RecoveryPlanAction): RecoverableAction<unknown, RecoveryPlan> {
  return {
    async readTarget(): Promise<RecoveryPlan> {
      try {
        return await siteRecoveryClient(vctx).replicationRecoveryPlans.get(...planPath(vctx, plan.name));
      } catch (e) {
        throw toAzureOperationError(e);
      }
    },
    decide: (jobs, read, sentAt) => decidePlanAfterLostAnswer(jobs, { action, planName: plan.name, friendlyName: plan.friendlyName, sentAt }, read),
    resultAfterJob: () => Promise.resolve(undefined),
  };
}

/**
 * Starts a plan action: refused locally (no request) unless the plan's allowedOperations allow it
 * (as read in `plan`: refresh it first when it may be stale) and its options are valid; then the
 * SDK's begin call. The result is the plan read again after the job. An answer lost (no answer,
 * 5xx, 408, or a resend's "in progress" refusal) is not resent blindly: the job found in the
 * vault's list or the plan's currentScenario is followed instead (actionRecovery.ts).
 */
export async function startRecoveryPlanAction(
  vctx: VaultContext,
  plan: RecoveryPlanSummary,
  action: RecoveryPlanAction,
  options: RecoveryPlanActionOptions,
  o?: AsrOperationOptions,
): Promise<AsrOperation<RecoveryPlanSummary>> {
  const send = async (): Promise<AsrOperation<RecoveryPlanSummary>> => {
    const check = checkPlanAction(plan, action);
    if (!check.allowed) {
      throw new ActionNotAllowedError(check.reason);
    }
    const begin = beginFor(action, options);
    const sentAt = Date.now();
    const op = await startRecoverableOperation(
      vctx,
      planRecoverable(vctx, plan, action),
      (so) => begin(siteRecoveryClient(vctx).replicationRecoveryPlans, planPath(vctx, plan.name), so),
      o,
    );
    return withPlanResult(vctx, plan.name, op.recovered === true ? op : await withPlanJob(vctx, plan.name, op, sentAt), o);
  };
  return auditAsrOperation(vctx, planAuditWrites.action(action, plan.friendlyName), send, o?.abortSignal);
}
