import { conflict, invalidField, notFound } from '../core/armError';
import { acceptedAsrJob, ok, pageOf } from '../core/arm';
import { bodyObject, isObject, objectField, oneOf, stringField, type Json } from '../core/body';
import { newGuid } from '../core/random';
import type { LabRequest, LabResponse } from '../core/router';
import type { JobState, RecoveryPlanState, VaultState, VirtualNetworkState } from '../state';
import { key } from '../state';
import { virtualNetwork } from './bodyReferences';
import { commitDone, failbackDone, plannedFailoverDone, reprotectDone, testFailoverCleanupDone, testFailoverDone, unplannedFailoverDone } from './failoverEffects';
import { ItemActionRoutes } from './itemActionRoutes';
import type { RecoveryPoint } from './engine';
import { bootMembers, currentJob, planObjectId, plansOf, requireMembersAllow, requirePlanAllowed, startPlanJob, type PlanJobSpec, type PlanMember } from './recoveryPlanJobs';
import { parsePlanGroups } from './recoveryPlanInput';
import { planBody } from './recoveryPlanWire';
import { V } from './routeBase';

const RP = `${V}/replicationRecoveryPlans/{plan}`;

/**
 * Recovery plans (issue 16 §2): replicationRecoveryPlans list, get, create (PUT), update (PATCH),
 * delete, and the plan actions test failover, its cleanup, planned failover (and failback, its
 * RecoveryToPrimary form), unplanned failover and commit, each answered 202 with Location
 * (…/replicationRecoveryPlans/{plan}/operationresults/{id}), Azure-AsyncOperation
 * (…/replicationOperationStatus/{id}) and Retry-After as the recordings RPTestFailover,
 * RPTestFailoverCleanup and RPFailback show (entry 0 of each), and reProtect. failoverCancel of a
 * plan is always refused (listed in docs/azure-fidelity.md).
 */
export class RecoveryPlanRoutes extends ItemActionRoutes {
  /** Failback jobs: their operation result is 204 without a body (RPFailback.json entry 11), not the plan. */
  private readonly failbackJobs = new WeakSet<JobState>();

  register(): void {
    this.add('GET', `${V}/replicationRecoveryPlans`, 'replicationRecoveryPlans.list', (q) => this.list(q));
    this.add('GET', RP, 'replicationRecoveryPlans.get', (q) => {
      const { v, plan } = this.plan(q);
      return ok(planBody(this.wire, this.engine, v, plan));
    });
    this.add('PUT', RP, 'replicationRecoveryPlans.create', (q) => this.create(q));
    this.add('PATCH', RP, 'replicationRecoveryPlans.update', (q) => this.update(q));
    this.add('DELETE', RP, 'replicationRecoveryPlans.delete', (q) => this.remove(q));
    this.add('POST', `${RP}/testFailover`, 'replicationRecoveryPlans.testFailover', (q) => this.testFailover(q));
    this.add('POST', `${RP}/testFailoverCleanup`, 'replicationRecoveryPlans.testFailoverCleanup', (q) => this.cleanup(q));
    this.add('POST', `${RP}/plannedFailover`, 'replicationRecoveryPlans.plannedFailover', (q) => this.plannedFailover(q));
    this.add('POST', `${RP}/unplannedFailover`, 'replicationRecoveryPlans.unplannedFailover', (q) => this.unplannedFailover(q));
    this.add('POST', `${RP}/failoverCommit`, 'replicationRecoveryPlans.failoverCommit', (q) => this.commit(q));
    this.add('POST', `${RP}/reProtect`, 'replicationRecoveryPlans.reprotect', (q) => this.reprotect(q));
    this.add('POST', `${RP}/failoverCancel`, 'replicationRecoveryPlans.failoverCancel', (q) => this.failoverCancel(q));
    this.add('GET', `${RP}/operationresults/{job}`, 'replicationRecoveryPlans.operationResults', (q) => this.planOperationResult(q));
  }

  /**
   * POST …/replicationRecoveryPlans/{plan}/failoverCancel (the spec's ReplicationRecoveryPlans_FailoverCancel,
   * no body). Its example ReplicationRecoveryPlans_FailoverCancel.json is an InMageRcmFailback plan:
   * `"allowedOperations": ["PlannedFailover"]`, then `"currentScenario": {"scenarioName": "CancelFailover", …}`,
   * 202 with Azure-AsyncOperation. A Hyper-V to Azure plan's VMs never list CancelFailover in the
   * recordings (after a failover, UnplannedFailover.json: `"allowedOperations": ["CompleteMigration",
   * "Commit", "DisableProtection", "ChangePit"]`; nor do the recorded plans, RPTestFailover,
   * RPTestFailoverCleanup, RPFailback), so the plan never allows it: the lab answers 409
   * OperationNotAllowed as for any operation the plan does not allow (UNVERIFIED that ASR refuses it so).
   */
  private failoverCancel(q: LabRequest): LabResponse {
    const { v, plan } = this.plan(q);
    requirePlanAllowed(this.engine, v, plan, 'CancelFailover');
    throw conflict('OperationNotAllowed', `The operation 'CancelFailover' is not available in the lab.`, '', '');
  }

  private plan(q: LabRequest): { v: VaultState; plan: RecoveryPlanState } {
    const v = this.vault(q);
    const plan = plansOf(v).get(key(q.params.plan));
    if (!plan) throw notFound('Microsoft.RecoveryServices/vaults/replicationRecoveryPlans', q.params.plan, v.resourceGroup);
    return { v, plan };
  }

  private planPath(v: VaultState, name: string): string {
    return `${this.wire.vaultBase(v)}/replicationRecoveryPlans/${name}`;
  }

  private list(q: LabRequest): LabResponse {
    const v = this.vault(q);
    return pageOf(
      q,
      [...plansOf(v).values()],
      (p) => planBody(this.wire, this.engine, v, p),
      this.options.pageSize,
      '$skipToken',
      (p) => p.name.toLowerCase(),
    );
  }

  /** A write that is a job of its own (create, update, delete): 202 and a short job (UNVERIFIED: its tasks and names). */
  private planWrite(q: LabRequest, v: VaultState, name: string, scenarioName: string, friendlyName: string, onSuccess?: (at: number) => void): LabResponse {
    const job = this.engine.startJob(v, {
      scenarioName,
      friendlyName,
      targetObjectId: planObjectId(v, name),
      targetObjectName: name,
      targetInstanceType: 'RecoveryPlan',
      tasks: [[scenarioName, friendlyName, 10]],
      resultPath: this.planPath(v, name),
      onSuccess,
    });
    return this.accepted(q, v, this.planPath(v, name), job);
  }

  private create(q: LabRequest): LabResponse {
    const v = this.vault(q);
    const props = objectField(bodyObject(q.body), 'properties', 'properties') ?? {};
    const fabricId = stringField(props, 'primaryFabricId', 'properties.primaryFabricId', true);
    const fabricName = fabricId.split('/').filter(Boolean).pop() ?? '';
    if (!fabricId.toLowerCase().includes('/replicationfabrics/') || !v.fabrics.has(key(fabricName))) {
      throw invalidField('properties.primaryFabricId', `The fabric '${fabricId}' is not a site of the vault '${v.name}'.`);
    }
    // Hyper-V site to Azure: "recoveryFabricId": "Microsoft Azure" (spec example Create; every recording).
    const recoveryFabricId = stringField(props, 'recoveryFabricId', 'properties.recoveryFabricId', true);
    if (recoveryFabricId !== 'Microsoft Azure') {
      throw invalidField(
        'properties.recoveryFabricId',
        `The lab serves Hyper-V site to Azure plans only: recoveryFabricId must be 'Microsoft Azure', not '${recoveryFabricId}' (UNVERIFIED wording).`,
      );
    }
    oneOf(
      stringField(props, 'failoverDeploymentModel', 'properties.failoverDeploymentModel'),
      ['ResourceManager', 'Classic', 'NotApplicable'] as const,
      'properties.failoverDeploymentModel',
    );
    const groups = parsePlanGroups(v, props, v.fabrics.get(key(fabricName))!.name);
    const name = q.params.plan;
    const existing = plansOf(v).get(key(name));
    if (existing) this.requireIdle(v, existing);
    // A PUT on an existing plan replaces its groups (UNVERIFIED: no recording of a second PUT).
    const plan: RecoveryPlanState = existing ?? { name, primaryFabricName: fabricName, groups };
    plan.groups = groups;
    plansOf(v).set(key(name), plan);
    return this.planWrite(q, v, plan.name, 'CreateRecoveryPlan', 'Create recovery plan');
  }

  private update(q: LabRequest): LabResponse {
    const { v, plan } = this.plan(q);
    const props = objectField(bodyObject(q.body), 'properties', 'properties') ?? {};
    const groups = parsePlanGroups(v, props, plan.primaryFabricName);
    this.requireIdle(v, plan);
    plan.groups = groups;
    return this.planWrite(q, v, plan.name, 'UpdateRecoveryPlan', 'Update recovery plan');
  }

  private remove(q: LabRequest): LabResponse {
    const { v, plan } = this.plan(q);
    this.requireIdle(v, plan);
    return this.planWrite(q, v, plan.name, 'DeleteRecoveryPlan', 'Delete recovery plan', () => plansOf(v).delete(key(plan.name)));
  }

  /** No change of a plan while its job runs (UNVERIFIED: the lab's refusal, shaped as an action's). */
  private requireIdle(v: VaultState, plan: RecoveryPlanState): void {
    const job = currentJob(v, plan);
    if (job && (job.state === 'InProgress' || job.state === 'Suspended')) requirePlanAllowed(this.engine, v, plan, 'UpdateRecoveryPlan');
  }

  private planAction(v: VaultState, plan: RecoveryPlanState, spec: PlanJobSpec): JobState {
    return startPlanJob(this.engine, v, plan, this.planPath(v, plan.name), spec);
  }

  /** 202 for a plan action: an operation id of its own whose status names the plan's job (RPTestFailover entries 0-4: 497afcf8… reads "name": "a144f484…"). */
  private answer(q: LabRequest, v: VaultState, plan: RecoveryPlanState, job: JobState): LabResponse {
    const operationId = newGuid();
    v.operationJobs ??= new Map();
    v.operationJobs.set(key(operationId), job.name);
    return acceptedAsrJob(q, this.clock, this.wire.vaultBase(v), this.planPath(v, plan.name), operationId);
  }

  private providerDetails(props: Json, allowed: readonly string[]): Json[] {
    const raw = props.providerSpecificDetails;
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw) || raw.some((d) => !isObject(d))) {
      throw invalidField('properties.providerSpecificDetails', 'providerSpecificDetails must be an array of objects (RecoveryPlanProviderSpecificFailoverInput).');
    }
    const details = raw as Json[];
    details.forEach((d, i) =>
      oneOf(stringField(d, 'instanceType', `properties.providerSpecificDetails[${i}].instanceType`, true), allowed, `properties.providerSpecificDetails[${i}].instanceType`),
    );
    return details;
  }

  /** The plan of the request, the action allowed by the plan, and the action's properties. */
  private begin(q: LabRequest, op: string, bodyRequired = true): { v: VaultState; plan: RecoveryPlanState; props: Json } {
    const { v, plan } = this.plan(q);
    requirePlanAllowed(this.engine, v, plan, op);
    return { v, plan, props: this.actionProps(q, bodyRequired) };
  }

  /** failoverDirection, required by the spec's plan inputs; to Azure unless `allowed` says otherwise. */
  private failoverDirection<T extends 'PrimaryToRecovery' | 'RecoveryToPrimary'>(props: Json, allowed: readonly T[]): T {
    return oneOf(stringField(props, 'failoverDirection', 'properties.failoverDirection', true), allowed, 'properties.failoverDirection')!;
  }

  /** The VM's newest recovery point, the one a plan's failover uses (the plan inputs name no point). */
  private latestPoint(v: VaultState, m: PlanMember): RecoveryPoint | undefined {
    return this.engine.latestRecoveryPoint(m.item, v.policies.get(key(m.item.policyName)));
  }

  private testFailover(q: LabRequest): LabResponse {
    const { v, plan, props } = this.begin(q, 'TestFailover');
    // Spec RecoveryPlanTestFailoverInputProperties: failoverDirection and networkType are required.
    this.failoverDirection(props, ['PrimaryToRecovery'] as const);
    const networkType = oneOf(
      stringField(props, 'networkType', 'properties.networkType', true),
      ['VmNetworkAsInput', 'NoNetworkAttachAsInput', 'ExistingVmNetwork'] as const,
      'properties.networkType',
    );
    let network: VirtualNetworkState | undefined;
    if (networkType !== 'NoNetworkAttachAsInput') {
      const networkId = stringField(props, 'networkId', 'properties.networkId');
      if (!networkId) throw invalidField('properties.networkId', `A network id is required with networkType ${String(networkType)}.`);
      network = virtualNetwork(this.state, networkId, 'properties.networkId');
    }
    this.providerDetails(props, ['HyperVReplicaAzure']);
    const members = bootMembers(v, plan);
    requireMembersAllow(this.engine, members, ['TestFailover'], plan.name);
    const startedAt = this.clock.now();
    plan.lastTestFailoverTime = new Date(startedAt);
    // RPTestFailover entries 4-6: the operation reads Succeeded while the plan reads
    // "currentScenarioStatus": "Suspended", "currentScenarioStatusDescription":
    // "WaitingForStopTestFailover", allowedOperations ["TestFailoverCleanup"]: the plan's job waits
    // (Suspended) for the cleanup, which ends it. UNVERIFIED: the name of its last task.
    const job = this.planAction(v, plan, {
      scenarioName: 'TestFailover',
      friendlyName: 'Test failover',
      verb: 'Test failover',
      groupSeconds: 120,
      perItem: (m, at) => {
        testFailoverDone(this.effects, v, m.f, m.item, at, this.latestPoint(v, m), network);
        // Once its test VM is up, a VM of the plan reads as after a test failover of its own
        // (TestFailover.json entry 6: "testFailoverState": "WaitingForCompletion", currentScenario
        // "None", allowedOperations ["DisableProtection","TestFailoverCleanup"]), not as locked by the
        // plan's job that waits for the cleanup. UNVERIFIED for a VM of a plan: no recording reads a
        // protected item while its plan's test failover waits.
        if (m.item.runningJob !== undefined) this.engine.releaseItem(m.item);
      },
      after: [['CompleteTestFailover', 'Complete test failover', 5]],
      suspendAfterGroups: 'WaitingForStopTestFailover',
    });
    return this.answer(q, v, plan, job);
  }

  private cleanup(q: LabRequest): LabResponse {
    const { v, plan, props } = this.begin(q, 'TestFailoverCleanup', false);
    const comments = stringField(props, 'comments', 'properties.comments');
    if (comments !== undefined && comments.length > 1024) {
      throw invalidField('properties.comments', 'The cleanup note is longer than 1,024 characters.');
    }
    const waiting = currentJob(v, plan);
    if (waiting) this.engine.resumeJob(waiting);
    // RPTestFailoverCleanup entry 4: a job of its own (the plan's currentScenario becomes
    // "TestFailoverCleanup", then "Succeeded" / "Completed", allowedOperations back to
    // PlannedFailover, UnplannedFailover, TestFailover).
    const job = this.planAction(v, plan, {
      scenarioName: 'TestFailoverCleanup',
      friendlyName: 'Cleanup test failover',
      verb: 'Cleanup',
      groupSeconds: 40,
      perItem: (m) => testFailoverCleanupDone(this.effects, m.item),
    });
    return this.answer(q, v, plan, job);
  }

  private plannedFailover(q: LabRequest): LabResponse {
    const { v, plan, props } = this.begin(q, 'PlannedFailover');
    const direction = this.failoverDirection(props, ['PrimaryToRecovery', 'RecoveryToPrimary'] as const);
    const details = this.providerDetails(props, ['HyperVReplicaAzure', 'HyperVReplicaAzureFailback']);
    const members = bootMembers(v, plan);
    if (direction === 'RecoveryToPrimary') {
      // RPFailback entry 0: {"instanceType": "HyperVReplicaAzureFailback", "dataSyncOption":
      // "ForSynchronization", "recoveryVmCreationOption": "NoAction"}; both are required in the
      // spec's RecoveryPlanHyperVReplicaAzureFailbackInput.
      const fb = details.find((d) => d.instanceType === 'HyperVReplicaAzureFailback');
      if (!fb) throw invalidField('properties.providerSpecificDetails', "Failing back from Azure needs providerSpecificDetails with instanceType 'HyperVReplicaAzureFailback'.");
      oneOf(
        stringField(fb, 'dataSyncOption', 'properties.providerSpecificDetails[0].dataSyncOption', true),
        ['ForDownTime', 'ForSynchronization'] as const,
        'properties.providerSpecificDetails[0].dataSyncOption',
      );
      oneOf(
        stringField(fb, 'recoveryVmCreationOption', 'properties.providerSpecificDetails[0].recoveryVmCreationOption', true),
        ['NoAction', 'CreateVmIfNotFound'] as const,
        'properties.providerSpecificDetails[0].recoveryVmCreationOption',
      );
      requireMembersAllow(this.engine, members, ['Failback'], plan.name);
      plan.lastPlannedFailoverTime = this.clock.nowDate();
      const job = this.planAction(v, plan, {
        scenarioName: 'PlannedFailover',
        friendlyName: 'Failback',
        verb: 'Failback',
        groupSeconds: 130,
        perItem: (m) => failbackDone(this.effects, m.item),
      });
      this.failbackJobs.add(job);
      return this.answer(q, v, plan, job);
    }
    requireMembersAllow(this.engine, members, ['PlannedFailover'], plan.name);
    plan.lastPlannedFailoverTime = this.clock.nowDate();
    const job = this.planAction(v, plan, {
      scenarioName: 'PlannedFailover',
      friendlyName: 'Planned failover',
      verb: 'Failover',
      groupSeconds: 160,
      perItem: (m, at) => plannedFailoverDone(this.effects, v, m.f, m.item, at),
    });
    return this.answer(q, v, plan, job);
  }

  private unplannedFailover(q: LabRequest): LabResponse {
    const { v, plan, props } = this.begin(q, 'UnplannedFailover');
    this.failoverDirection(props, ['PrimaryToRecovery'] as const);
    // Spec RecoveryPlanUnplannedFailoverInputProperties: sourceSiteOperations is required.
    const sourceOps = oneOf(
      stringField(props, 'sourceSiteOperations', 'properties.sourceSiteOperations', true),
      ['Required', 'NotRequired'] as const,
      'properties.sourceSiteOperations',
    );
    this.providerDetails(props, ['HyperVReplicaAzure']);
    const members = bootMembers(v, plan);
    requireMembersAllow(this.engine, members, ['UnplannedFailover'], plan.name);
    plan.lastUnplannedFailoverTime = this.clock.nowDate();
    const job = this.planAction(v, plan, {
      scenarioName: 'UnplannedFailover',
      friendlyName: 'Failover',
      verb: 'Failover',
      groupSeconds: 70,
      perItem: (m, at) => {
        unplannedFailoverDone(this.effects, v, m.f, m.item, at, this.latestPoint(v, m), sourceOps === 'Required');
      },
    });
    return this.answer(q, v, plan, job);
  }

  private commit(q: LabRequest): LabResponse {
    const { v, plan } = this.begin(q, 'Commit', false);
    const members = bootMembers(v, plan);
    requireMembersAllow(this.engine, members, ['Commit', 'FinalizeFailback'], plan.name);
    const ops = new Map(members.flat().map((m) => [m.item.name, this.engine.allowedOperations(m.item).includes('FinalizeFailback') ? 'FinalizeFailback' : 'Commit']));
    // RPFailoverCommit.json: job "scenarioName": "CommitFailover", "friendlyName": "Commit", task
    // "Group 1: Commit (1)" with "rpGroupType": "CommitGroup".
    const job = this.planAction(v, plan, {
      scenarioName: 'CommitFailover',
      friendlyName: 'Commit',
      verb: 'Commit',
      groupSeconds: 20,
      perItem: (m) => commitDone(this.effects, m.item, ops.get(m.item.name) ?? 'Commit'),
    });
    return this.answer(q, v, plan, job);
  }

  /**
   * Reverse replication of the plan's VMs after a committed failback. The spec's reProtect of a plan
   * takes no body: each VM keeps its storage accounts (what Update-AzRecoveryServicesAsrProtectionDirection
   * sends for one VM by default: `reprotectInput.StorageAccountId = this.RecoveryAzureStorageAccountId == null ?
   * providerSpecificDetails.RecoveryAzureStorageAccount …`). UNVERIFIED: the plan's allowedOperation name
   * ("ReverseReplicate"), its job's scenario and task names.
   */
  private reprotect(q: LabRequest): LabResponse {
    const { v, plan } = this.begin(q, 'ReverseReplicate', false);
    const members = bootMembers(v, plan);
    requireMembersAllow(this.engine, members, ['ReverseReplicate'], plan.name);
    const job = this.planAction(v, plan, {
      scenarioName: 'Reprotect',
      friendlyName: 'Reverse replicate',
      verb: 'Reprotect',
      groupSeconds: 50,
      perItem: (m, at) => reprotectDone(m.item, at, undefined, undefined),
    });
    return this.answer(q, v, plan, job);
  }

  /** GET …/operationresults/{id}: the plan (RPTestFailover entry 5, 200), or 204 without a body after a failback (RPFailback entry 11). */
  private async planOperationResult(q: LabRequest): Promise<LabResponse> {
    const v = this.vault(q);
    const job = this.job(v, q.params.job);
    if (this.failbackJobs.has(job) && job.state === 'Succeeded') return { status: 204 };
    return this.operationResult(q);
  }
}
