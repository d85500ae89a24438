import { stableGuid } from './ids';
import { conflict } from '../core/armError';
import type { FabricState, JobState, ProtectedItemState, RecoveryPlanState, TaskState, VaultState } from '../state';
import { key } from '../state';
import type { AsrEngine, JobSpec } from './engine';

/**
 * What a recovery plan is made of and what its jobs do in the lab (issue 16 §2). A plan action is
 * ONE job (targetInstanceType "RecoveryPlan": RPFailoverCommit.json's job read) whose tasks are
 * the plan's groups in order, each with one child task per VM (RecoveryPlanGroupTaskDetails with
 * childTasks, ibid.: `"friendlyName": "Group 1: Commit (1)"`, `"rpGroupType": "CommitGroup"`).
 * Each group's VMs change state when the group's task ends, exactly as the same action on one VM
 * does (failoverEffects.ts), so group 2's VMs change after group 1's: Microsoft docs
 * recovery-plan-overview.md, "Machines in different groups fail over in group order, so that
 * Group 2 machines start their failover only after all the machines in Group 1 have failed over
 * and started." and "Machines in a single group fail over in parallel." (one task per group).
 */

export interface PlanMember {
  f: FabricState;
  item: ProtectedItemState;
}

/** The plans of a vault (created on first use: VaultState.recoveryPlans is optional). */
export function plansOf(v: VaultState): Map<string, RecoveryPlanState> {
  v.recoveryPlans ??= new Map();
  return v.recoveryPlans;
}

/** The protected item an ARM id names in the vault (…/replicationFabrics/{f}/…/replicationProtectedItems/{i}), if any. */
export function memberOf(v: VaultState, itemId: string): PlanMember | undefined {
  const parts = itemId.split('/').filter(Boolean);
  const at = (type: string): string | undefined => {
    const i = parts.findIndex((p) => p.toLowerCase() === type);
    return i >= 0 ? parts[i + 1] : undefined;
  };
  const fabricName = at('replicationfabrics');
  const containerName = at('replicationprotectioncontainers');
  const itemName = at('replicationprotecteditems');
  if (!fabricName || !containerName || !itemName) return undefined;
  const f = v.fabrics.get(key(fabricName));
  if (!f || f.container.name.toLowerCase() !== containerName.toLowerCase()) return undefined;
  const item = f.container.protectedItems.get(key(itemName));
  return item ? { f, item } : undefined;
}

/** The members of each Boot group, in the plan's order (items since removed from the vault are left out). */
export function bootMembers(v: VaultState, plan: RecoveryPlanState): PlanMember[][] {
  return plan.groups.filter((g) => g.groupType === 'Boot').map((g) => g.itemIds.map((id) => memberOf(v, id)).filter((m): m is PlanMember => m !== undefined));
}

/**
 * The id a plan's jobs name it by: RPFailoverCommit.json (azure-sdk-for-net SessionRecords/ASRTests,
 * its job read) shows `"targetObjectId": "bc06a2b0-c8b0-47ae-af1c-0dae26a8b61e"`, `"targetObjectName":
 * "rpTest1"`, `"targetInstanceType": "RecoveryPlan"`: a GUID, not the plan's name. UNVERIFIED where
 * ASR takes it from (the plan's read shows no such id); the lab derives one per vault and plan name.
 */
export function planObjectId(v: VaultState, planName: string): string {
  return stableGuid(v.name, 'recoveryPlan', planName);
}

/** The plan's current job, if it still exists. */
export function currentJob(v: VaultState, plan: RecoveryPlanState): JobState | undefined {
  return plan.currentScenario ? v.jobs.get(plan.currentScenario.jobName.toLowerCase()) : undefined;
}

/**
 * The plan's allowedOperations. Recorded: a plan as created and after a cleanup or a commit,
 * `["PlannedFailover", "UnplannedFailover", "TestFailover"]` (spec example Create,
 * RPTestFailoverCleanup entry 4, RPFailoverCommit); while its test failover waits for the cleanup,
 * `["TestFailoverCleanup"]` (RPTestFailover entries 5-6); after a planned failover or a failback,
 * the same three plus "Commit" (RPPlannedFailover, RPFailback last entries). UNVERIFIED: the list
 * while a plan job runs (the lab: empty, as for an item), and "ReverseReplicate" after a committed
 * failback (the lab lists it when a VM of the plan allows it; no recording copied shows it).
 */
export function planAllowedOperations(engine: AsrEngine, v: VaultState, plan: RecoveryPlanState): string[] {
  const job = currentJob(v, plan);
  if (job && (job.state === 'InProgress' || job.state === 'NotStarted')) return [];
  if (job && job.state === 'Suspended' && plan.currentScenario?.scenarioName === 'TestFailover') return ['TestFailoverCleanup'];
  const itemOps = new Set(bootMembers(v, plan).flatMap((g) => g.flatMap((m) => engine.allowedOperations(m.item))));
  const ops = ['PlannedFailover', 'UnplannedFailover', 'TestFailover'];
  if (itemOps.has('Commit') || itemOps.has('FinalizeFailback')) ops.push('Commit');
  if (itemOps.has('ReverseReplicate')) ops.push('ReverseReplicate');
  return ops;
}

/** 409 unless the plan allows `op` now (the same refusal shape as an item's: itemActionRoutes.ts, UNVERIFIED there too). */
export function requirePlanAllowed(engine: AsrEngine, v: VaultState, plan: RecoveryPlanState, op: string): void {
  const allowed = planAllowedOperations(engine, v, plan);
  if (allowed.includes(op)) return;
  const running = currentJob(v, plan);
  const busy = running && running.state === 'InProgress';
  throw conflict(
    'OperationNotAllowed',
    `The operation '${op}' is not allowed on the recovery plan '${plan.name}' in its current state.${busy ? ` An operation (${running.scenarioName}) is in progress on it.` : ''} Allowed operations: ${allowed.length > 0 ? allowed.join(', ') : 'none'}.`,
    busy ? 'Another operation is running on the recovery plan.' : 'The recovery plan is not in a state that allows this operation.',
    busy ? 'Wait for the running job to finish, then retry.' : 'Refresh the recovery plan and run one of the operations it allows.',
  );
}

/**
 * 409 naming the first VM of the plan whose own allowedOperations allow none of `ops`.
 * UNVERIFIED: what ASR does with a plan whose VM cannot run the action (no recording); the lab
 * refuses the whole plan action before its job starts, as it refuses the action on that VM alone.
 */
export function requireMembersAllow(engine: AsrEngine, members: PlanMember[][], ops: string[], planName: string): void {
  for (const m of members.flat()) {
    const allowed = engine.allowedOperations(m.item);
    if (!ops.some((o) => allowed.includes(o))) {
      throw conflict(
        'OperationNotAllowed',
        `The operation '${ops[0]}' is not allowed on the replicated item '${m.item.vmName}' of the recovery plan '${planName}' in its current state. Allowed operations: ${allowed.length > 0 ? allowed.join(', ') : 'none'}.`,
        'A virtual machine of the recovery plan is not in a state that allows this operation.',
        'Refresh the virtual machines of the plan, bring them to a state that allows the operation, then retry.',
      );
    }
  }
}

export interface PlanJobSpec {
  scenarioName: string;
  friendlyName: string;
  /** The verb of each group task ("Group 1: {verb} ({n})") and its rpGroupType ("{verb}Group"; recorded: "CommitGroup"). */
  verb: string;
  /** Nominal seconds of one group (its VMs run in parallel). */
  groupSeconds: number;
  /** What the action does to one VM when its group's task ends. */
  perItem: (m: PlanMember, at: number) => void;
  /** After the groups: tasks that end the job (the test failover's wait for its cleanup). */
  after?: JobSpec['tasks'];
  suspendAfterGroups?: string | undefined;
}

/** Starts the plan's job: one task per Boot group (with its VMs), the VMs locked while it runs. */
export function startPlanJob(engine: AsrEngine, v: VaultState, plan: RecoveryPlanState, resultPath: string, spec: PlanJobSpec): JobState {
  const members = bootMembers(v, plan);
  const tasks: JobSpec['tasks'] = members.map((g, i) => [`Group${i + 1}`, `Group ${i + 1}: ${spec.verb} (${g.length})`, spec.groupSeconds]);
  const taskGroups: TaskState['group'][] = members.map((g, i) => ({
    groupId: `Group${i + 1}`,
    rpGroupType: `${spec.verb}Group`,
    vms: g.map((m) => ({ itemName: m.item.name, vmName: m.item.vmName })),
  }));
  const after = spec.after ?? [];
  const job = engine.startJob(v, {
    scenarioName: spec.scenarioName,
    friendlyName: spec.friendlyName,
    targetObjectId: planObjectId(v, plan.name),
    targetObjectName: plan.name,
    targetInstanceType: 'RecoveryPlan',
    tasks: [...tasks, ...after],
    taskGroups,
    resultPath,
    onTaskEnd: (index, at) => {
      for (const m of members[index] ?? []) spec.perItem(m, at);
    },
    suspendAfter: spec.suspendAfterGroups !== undefined && after.length > 0 ? { task: tasks.length - 1, stateDescription: spec.suspendAfterGroups } : undefined,
  });
  for (const m of members.flat()) {
    m.item.runningJob = job.name;
    m.item.runningScenario = spec.scenarioName;
  }
  plan.currentScenario = { scenarioName: spec.scenarioName, jobName: job.name, startTime: job.startTime };
  return job;
}
