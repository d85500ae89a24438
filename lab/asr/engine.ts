import { createHash } from 'node:crypto';
import type { LabClock } from '../core/clock';
import { newGuid } from '../core/random';
import type { FabricState, HostState, ItemPhase, JobError, JobState, LabState, PolicyState, ProtectedItemState, TaskState, VaultState, VmState } from '../state';
import { key } from '../state';
import { stableGuid } from './ids';
import { recoveryPointsAt, type RecoveryPoint, type StreamContext } from './replicationStream';

/** One step of a job: its name, the name ASR shows, and how long Azure takes (seconds). */
export type TaskSpec = [name: string, friendlyName: string, nominalSeconds: number];

export interface JobSpec {
  scenarioName: string;
  friendlyName: string;
  targetObjectId: string;
  targetObjectName: string;
  targetInstanceType: 'ProtectionEntity' | 'Fabric' | 'ProtectionProfile' | 'ProtectionContainer' | 'Server' | 'RecoveryPlan';
  fabricName?: string | undefined;
  tasks: TaskSpec[];
  resultPath?: string | undefined;
  onSuccess?: ((at: number) => void) | undefined;
  onAbort?: ((at: number) => void) | undefined;
  /** The job fails at this task (index) with this error instead of succeeding. */
  failAt?: { task: number; error: JobError } | undefined;
  /**
   * The job stops after this task (index) in state Suspended, with this stateDescription, until
   * POST .../replicationJobs/{job}/resume (resumeJob below); then the remaining tasks run.
   */
  suspendAfter?: { task: number; stateDescription: string } | undefined;
  /** A recovery plan job: the group of each task (by index; lab/asr/recoveryPlanJobs.ts). */
  taskGroups?: TaskState['group'][] | undefined;
  /** Applied when task `index` succeeds, in task order, before onSuccess (a plan's group by group). */
  onTaskEnd?: ((index: number, at: number) => void) | undefined;
}

/** What the engine keeps on a job beyond the shared JobState. */
type EngineJob = JobState & {
  failure?: JobError | undefined;
  /** Pending suspension (cleared once the job has suspended). */
  suspendAfter?: { task: number; stateDescription: string } | undefined;
  /** After a resume: tasks from `task` on are timed from `at` (the resume), not from the job's start. */
  resumedAt?: { task: number; at: number } | undefined;
  onTaskEnd?: ((index: number, at: number) => void) | undefined;
};

export type { RecoveryPoint } from './replicationStream';

/** The steps of ASR's enable-replication job (about 80 s in the recorded traffic). */
export const enableDrTasks: TaskSpec[] = [
  ['Prerequisites check', 'Prerequisites check for enabling protection', 10],
  ['Identify replication target', 'Identifying the replication target', 10],
  ['Enable replication', 'Enable replication', 40],
  ['Start initial replication', 'Starting initial replication', 20],
];

/** Nominal seconds of initial replication: a base plus a little per GB of disk. */
export function initialReplicationSeconds(vm: VmState): number {
  const gb = vm.disks.reduce((sum, d) => sum + d.sizeGB, 0);
  return 300 + gb;
}

/**
 * The ASR state machine of the lab: jobs with timed tasks, protected items that move through
 * Azure's states, initial replication progress and recovery points, all on the lab clock. State
 * moves lazily: `advance()` runs before every request and applies what is due.
 */
export class AsrEngine {
  constructor(
    readonly state: LabState,
    readonly clock: LabClock,
  ) {}

  // ---------- jobs ----------

  startJob(vault: VaultState, spec: JobSpec): JobState {
    const now = this.clock.now();
    let at = now;
    const tasks = spec.tasks.map(([name, friendlyName, seconds], i) => {
      const durationMs = this.clock.scaledMs(seconds);
      const task = {
        taskId: `${i + 1}`,
        name,
        friendlyName,
        durationMs,
        state: 'NotStarted' as const,
        startTime: undefined as Date | undefined,
        endTime: undefined as Date | undefined,
        ...(spec.taskGroups?.[i] ? { group: spec.taskGroups[i] } : {}),
      };
      at += durationMs;
      return task;
    });
    const job: JobState = {
      name: newGuid(),
      activityId: `${newGuid()} ActivityId: ${newGuid()}`,
      scenarioName: spec.scenarioName,
      friendlyName: spec.friendlyName,
      state: 'InProgress',
      stateDescription: 'InProgress',
      tasks,
      startTime: new Date(now),
      targetObjectId: spec.targetObjectId,
      targetObjectName: spec.targetObjectName,
      targetInstanceType: spec.targetInstanceType,
      fabricName: spec.fabricName,
      errors: [],
      resultPath: spec.resultPath,
      onSuccess: spec.onSuccess,
      onAbort: spec.onAbort,
      endsAt: at,
    };
    if (spec.failAt) {
      const failAt = spec.failAt;
      job.endsAt = now + tasks.slice(0, failAt.task + 1).reduce((s, t) => s + t.durationMs, 0);
      job.onSuccess = undefined;
      (job as EngineJob).failure = failAt.error;
    } else if (spec.suspendAfter && spec.suspendAfter.task < tasks.length - 1) {
      // The job runs up to the end of that task, then suspends (see advance / suspendJob).
      job.endsAt = now + tasks.slice(0, spec.suspendAfter.task + 1).reduce((s, t) => s + t.durationMs, 0);
      (job as EngineJob).suspendAfter = { ...spec.suspendAfter };
    }
    (job as EngineJob).onTaskEnd = spec.onTaskEnd;
    job.restart = () => this.startJob(vault, spec);
    vault.jobs.set(job.name.toLowerCase(), job);
    vault.jobOrder.push(job.name);
    this.updateTasks(job, now);
    return job;
  }

  /** A finished job recorded at scenario start (history for the jobs view). */
  recordFinishedJob(vault: VaultState, spec: JobSpec, endedAt: number): JobState {
    const job = this.startJob(vault, { ...spec, onSuccess: undefined, onAbort: undefined });
    const total = job.tasks.reduce((s, t) => s + t.durationMs, 0);
    job.startTime = new Date(endedAt - total);
    let at = endedAt - total;
    for (const t of job.tasks) {
      t.startTime = new Date(at);
      at += t.durationMs;
      t.endTime = new Date(at);
      t.state = 'Succeeded';
    }
    job.endsAt = endedAt;
    job.endTime = new Date(endedAt);
    job.state = 'Succeeded';
    job.stateDescription = 'Completed';
    return job;
  }

  cancelJob(vault: VaultState, job: JobState): void {
    const now = this.clock.now();
    job.state = 'Cancelled';
    job.stateDescription = 'Cancelled';
    job.endTime = new Date(now);
    for (const t of job.tasks) {
      if (t.state === 'InProgress' || t.state === 'NotStarted') {
        t.state = t.state === 'InProgress' ? 'Cancelled' : 'Skipped';
        if (t.startTime) t.endTime = new Date(now);
      }
    }
    job.onAbort?.(now);
    this.clearRunningJob(vault, job.name);
  }

  /** Applies everything due by now: job steps, job ends, the end of initial replication. */
  advance(): void {
    const now = this.advanceJobs();
    for (const vault of this.state.vaults.values()) {
      for (const fabric of vault.fabrics.values()) {
        for (const item of fabric.container.protectedItems.values()) {
          if (item.phase === 'InitialReplication' && !item.runningJob) {
            const end = item.initialReplicationStart + item.initialReplicationDurationMs;
            if (end <= now) {
              item.phase = 'Protected';
              item.replicationAnchor = end;
            }
          }
        }
      }
    }
  }

  /**
   * The jobs' part of advance(): tasks moved on, jobs ended (and what they do on success, the
   * hosts' changes among it), not the protected items' replication phases. What the stand-in
   * PowerShell's per-call host look-up needs: the whole advance() scans every protected item,
   * 7 ms at 20,000 VMs, on each of its calls. Returns the lab clock's now.
   */
  advanceJobs(): number {
    const now = this.clock.now();
    for (const vault of this.state.vaults.values()) {
      const due = [...vault.jobs.values()].filter((j) => j.state === 'InProgress').sort((a, b) => a.endsAt - b.endsAt);
      for (const job of due) {
        this.updateTasks(job, now);
        if (job.endsAt > now) continue;
        if ((job as EngineJob).suspendAfter) this.suspendJob(job);
        else this.finishJob(vault, job);
      }
    }
    return now;
  }

  private updateTasks(job: JobState, now: number): void {
    const resumed = (job as EngineJob).resumedAt;
    let at = job.startTime.getTime();
    for (const [i, t] of job.tasks.entries()) {
      if (resumed && i === resumed.task) at = resumed.at;
      if (t.state === 'Succeeded' || t.state === 'Failed' || t.state === 'Cancelled' || t.state === 'Skipped') {
        at += t.durationMs;
        continue;
      }
      if (at <= now) {
        t.startTime ??= new Date(at);
        if (at + t.durationMs <= now && at + t.durationMs <= job.endsAt) {
          t.state = 'Succeeded';
          t.endTime = new Date(at + t.durationMs);
          (job as EngineJob).onTaskEnd?.(i, at + t.durationMs);
        } else {
          t.state = 'InProgress';
        }
      }
      at += t.durationMs;
    }
  }

  /**
   * The job waits for the user: the tasks up to the suspension point have succeeded, the rest have
   * not started. Job state Suspended with allowedActions Cancel and Resume as in the spec example
   * ReplicationJobs_Resume.json (`"state": "Suspended"`, `"allowedActions": ["Cancel", "Resume"]`).
   * Unverified: what ASR shows on the tasks of a suspended job (the spec example lists `"tasks": []`;
   * ASRTask.state may be "Suspended"). The lab leaves the waiting task NotStarted; the extension
   * accepts either.
   */
  private suspendJob(job: JobState): void {
    const x = job as EngineJob;
    const point = x.suspendAfter;
    if (!point) return;
    x.suspendAfter = undefined;
    for (const [i, t] of job.tasks.entries()) {
      if (i <= point.task) {
        if (t.state !== 'Succeeded') {
          t.state = 'Succeeded';
          t.startTime ??= new Date(job.endsAt - t.durationMs);
          t.endTime ??= new Date(job.endsAt);
          x.onTaskEnd?.(i, job.endsAt);
        }
      } else {
        t.state = 'NotStarted';
        t.startTime = undefined;
        t.endTime = undefined;
      }
    }
    job.state = 'Suspended';
    job.stateDescription = point.stateDescription;
  }

  /** POST .../resume on a suspended job: the remaining tasks run from now on; the job then ends as usual. */
  resumeJob(job: JobState): void {
    if (job.state !== 'Suspended') return;
    const now = this.clock.now();
    const first = job.tasks.findIndex((t) => t.state === 'NotStarted');
    if (first < 0) {
      job.state = 'InProgress';
      job.endsAt = now;
      return;
    }
    for (const t of job.tasks.slice(first)) t.state = 'NotStarted';
    (job as EngineJob).resumedAt = { task: first, at: now };
    job.endsAt = now + job.tasks.slice(first).reduce((sum, t) => sum + t.durationMs, 0);
    job.state = 'InProgress';
    job.stateDescription = 'InProgress';
    this.updateTasks(job, now);
  }

  private finishJob(vault: VaultState, job: JobState): void {
    const failure = (job as EngineJob).failure;
    job.endTime = new Date(job.endsAt);
    if (failure) {
      job.state = 'Failed';
      job.stateDescription = 'Failed';
      job.errors = [failure];
      const running = job.tasks.find((t) => t.state === 'InProgress' || t.state === 'NotStarted');
      if (running) {
        running.state = 'Failed';
        running.startTime ??= new Date(job.endsAt);
        running.endTime = new Date(job.endsAt);
      }
      for (const t of job.tasks) if (t.state === 'NotStarted') t.state = 'Skipped';
      job.onAbort?.(job.endsAt);
    } else {
      for (const [i, t] of job.tasks.entries()) {
        if (t.state !== 'Succeeded') {
          t.state = 'Succeeded';
          t.startTime ??= new Date(job.endsAt - t.durationMs);
          t.endTime = new Date(job.endsAt);
          (job as EngineJob).onTaskEnd?.(i, job.endsAt);
        }
      }
      job.state = 'Succeeded';
      job.stateDescription = 'Completed';
      job.onSuccess?.(job.endsAt);
    }
    this.clearRunningJob(vault, job.name);
  }

  private clearRunningJob(vault: VaultState, jobName: string): void {
    for (const fabric of vault.fabrics.values()) {
      for (const item of fabric.container.protectedItems.values()) {
        if (item.runningJob === jobName) this.releaseItem(item);
      }
    }
  }

  /** The item is no longer held by a job: no running job, no current scenario. */
  releaseItem(item: ProtectedItemState): void {
    item.runningJob = undefined;
    item.runningScenario = undefined;
  }

  // ---------- Hyper-V side ----------

  hostOf(fqdn: string): HostState | undefined {
    const f = fqdn.toLowerCase();
    return this.state.hosts.find((h) => h.fqdn.toLowerCase() === f || h.name.toLowerCase() === f);
  }

  private vmIndex?: Map<string, { host: HostState; vm: VmState }> | undefined;

  findVm(vmId: string): { host: HostState; vm: VmState } | undefined {
    const id = vmId.toLowerCase();
    const hit = this.vmIndex?.get(id);
    if (hit && hit.host.vms.includes(hit.vm)) return hit;
    this.vmIndex = new Map(this.state.hosts.flatMap((host) => host.vms.map((vm) => [vm.vmId.toLowerCase(), { host, vm }] as const)));
    return this.vmIndex.get(id);
  }

  /** The VMs a fabric can protect: those on hosts registered in it. */
  protectableVms(fabric: FabricState): { host: HostState; vm: VmState; providerId: string }[] {
    const result: { host: HostState; vm: VmState; providerId: string }[] = [];
    for (const provider of fabric.providers.values()) {
      const host = this.hostOf(provider.hostFqdn);
      if (!host) continue;
      for (const vm of host.vms) result.push({ host, vm, providerId: provider.id });
    }
    return result;
  }

  // ---------- protected items ----------

  allowedOperations(item: ProtectedItemState): string[] {
    if (item.runningJob) return [];
    switch (item.phase) {
      case 'Enabling':
      case 'Disabling':
        return [];
      case 'InitialReplication':
        return ['DisableProtection'];
      case 'Protected':
        if (item.testFailoverState === 'WaitingForCompletion') return ['DisableProtection', 'TestFailoverCleanup'];
        // MarkedForDeletion stays after the cleanup has finished, with the usual operations
        // (recording TestFailoverCleanup.json entry 5); while the cleanup runs, runningJob empties the list.
        return ['PlannedFailover', 'UnplannedFailover', 'DisableProtection', 'TestFailover'];
      case 'PlannedFailoverCommitPending':
      case 'UnplannedFailoverCommitPending':
        return ['CompleteMigration', 'Commit', 'DisableProtection', 'ChangePit'];
      case 'PlannedFailoverCommitted':
      case 'UnplannedFailoverCommitted':
        return ['CompleteMigration', 'DisableProtection', 'Failback'];
      case 'FailbackCommitPending':
        return ['DisableProtection', 'FinalizeFailback'];
      case 'FailbackCommitted':
        return ['ReverseReplicate', 'DisableProtection'];
    }
  }

  initialReplicationPercent(item: ProtectedItemState): number {
    if (item.phase === 'Enabling') return 0;
    if (item.phase !== 'InitialReplication') return 100;
    const elapsed = this.clock.now() - item.initialReplicationStart;
    return Math.max(0, Math.min(99, Math.floor((elapsed / item.initialReplicationDurationMs) * 100)));
  }

  private readonly byVmId = new WeakMap<FabricState['container'], Map<string, ProtectedItemState>>();

  /** The protected item of a VM in a fabric, whatever its ARM name (indexed: lists call it per VM). */
  itemOfVm(fabric: FabricState, vmId: string): ProtectedItemState | undefined {
    let index = this.byVmId.get(fabric.container);
    if (!index) {
      index = new Map([...fabric.container.protectedItems.values()].map((i) => [i.vmId.toLowerCase(), i]));
      this.byVmId.set(fabric.container, index);
    }
    return index.get(vmId.toLowerCase());
  }

  removeItem(fabric: FabricState, item: ProtectedItemState): void {
    fabric.container.protectedItems.delete(key(item.name));
    this.byVmId.delete(fabric.container);
  }

  /** Recovery points on the policy's interval, within its retention, newest first (replicationStream.ts). */
  recoveryPoints(item: ProtectedItemState, policy: PolicyState | undefined, limit = 500): RecoveryPoint[] {
    return recoveryPointsAt(item, this.streamContext(item, policy), this.clock.now(), limit);
  }

  /** What the item's recovery point stream depends on: the clock, its policy, its host's outages. */
  streamContext(item: ProtectedItemState, policy: PolicyState | undefined): StreamContext {
    const host = this.findVm(item.vmId)?.host ?? this.hostOf(item.hostFqdn);
    return { clock: this.clock, policy, outages: host?.replicationOutages ?? [] };
  }

  /** The newest recovery point only (what a protected item shows), without listing them all. */
  latestRecoveryPoint(item: ProtectedItemState, policy: PolicyState | undefined): RecoveryPoint | undefined {
    return this.recoveryPoints(item, policy, 1)[0];
  }

  newProtectedItem(
    fabric: FabricState,
    name: string,
    vm: VmState,
    host: HostState,
    providerId: string,
    input: Omit<
      ProtectedItemState,
      | 'name'
      | 'vmId'
      | 'vmName'
      | 'hostFqdn'
      | 'providerId'
      | 'phase'
      | 'testFailoverState'
      | 'initialReplicationStart'
      | 'initialReplicationDurationMs'
      | 'replicationHealth'
      | 'healthErrorCodes'
      | 'created'
    >,
  ): ProtectedItemState {
    const item: ProtectedItemState = {
      ...input,
      name,
      vmId: vm.vmId,
      vmName: vm.name,
      hostFqdn: host.fqdn,
      providerId,
      phase: 'Enabling',
      testFailoverState: 'None',
      initialReplicationStart: this.clock.now(),
      initialReplicationDurationMs: this.clock.scaledMs(initialReplicationSeconds(vm)),
      replicationHealth: 'Normal',
      healthErrorCodes: [],
      created: this.clock.nowDate(),
    };
    fabric.container.protectedItems.set(key(item.name), item);
    this.byVmId.delete(fabric.container);
    return item;
  }

  setPhase(item: ProtectedItemState, phase: ItemPhase): void {
    item.phase = phase;
  }

  setVmPower(vmId: string, power: VmState['state']): void {
    const found = this.findVm(vmId);
    if (found) found.vm.state = power;
  }
}

export function diskVhdId(vmId: string, diskName: string): string {
  return stableGuid(vmId, 'disk', diskName);
}

/** A short, stable hash for ETags and similar. */
export function shortHash(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 16);
}
