import type { LabClock } from '../core/clock';
import { createTestVm, deleteTestVm } from '../compute/testVms';
import { createFailoverVm, deleteFailoverVm, stopFailoverVm } from '../compute/failoverVms';
import type { FabricState, LabState, ProtectedItemState, VaultState, VirtualNetworkState } from '../state';
import { key } from '../state';
import type { AsrEngine, RecoveryPoint } from './engine';
import type { AsrWire } from './wire';

/**
 * What a failover action does to a protected item when its job (or, in a recovery plan job, its
 * group's task) has ended: the same change whether the action ran on the item alone
 * (lab/asr/failoverRoutes.ts) or as part of a plan (lab/asr/recoveryPlanJobs.ts).
 */
export interface FailoverEffectContext {
  state: LabState;
  engine: AsrEngine;
  clock: LabClock;
  wire: AsrWire;
}

function recoveryPointPath(ctx: FailoverEffectContext, v: VaultState, f: FabricState, item: ProtectedItemState, rp: RecoveryPoint): string {
  return `${ctx.wire.protectedItemId(v, f, item)}/recoveryPoints/${rp.name}`;
}

/** The test VM is up, in the test failover's network if it named one: the item waits for the cleanup. */
export function testFailoverDone(
  ctx: FailoverEffectContext,
  v: VaultState,
  f: FabricState,
  item: ProtectedItemState,
  startedAt: number,
  rp: RecoveryPoint | undefined,
  network?: VirtualNetworkState,
): void {
  item.testFailoverState = 'WaitingForCompletion';
  // The test failover's START time, set once the test VM is up: TestFailover.json entry 6
  // (15:34:13) shows "lastSuccessfulTestFailoverTime": "2021-03-18T15:32:41.5515487Z", the
  // operation's startTime (entry 5), with "testFailoverState": "WaitingForCompletion". Kept
  // through cleanup, failover and reprotect (TestFailoverCleanup e5, PlannedFailover,
  // CommitFailover, UnplannedFailover, Reprotect); docs/evidence/recovery-confidence.md §2.
  item.lastSuccessfulTestFailoverTime = new Date(startedAt);
  if (rp) item.failoverRecoveryPointId = recoveryPointPath(ctx, v, f, item, rp);
  createTestVm(ctx.state, ctx.clock, item, v.location, network);
}

/** The test VM is gone. */
export function testFailoverCleanupDone(ctx: FailoverEffectContext, item: ProtectedItemState): void {
  item.testFailoverState = 'MarkedForDeletion';
  deleteTestVm(ctx.state, item);
}

/** The replica runs in Azure after a planned failover (its Azure VM, lab/compute/failoverVms.ts); the on-premises VM is off. */
export function plannedFailoverDone(ctx: FailoverEffectContext, v: VaultState, f: FabricState, item: ProtectedItemState, at: number): void {
  item.phase = 'PlannedFailoverCommitPending';
  item.lastFailoverKind = 'Planned';
  item.lastSuccessfulFailoverTime = new Date(at);
  item.replicationStoppedAt = at;
  const rp = ctx.engine.recoveryPoints(item, v.policies.get(key(item.policyName)))[0];
  if (rp) item.failoverRecoveryPointId = recoveryPointPath(ctx, v, f, item, rp);
  ctx.engine.setVmPower(item.vmId, 'Off');
  createFailoverVm(ctx.state, ctx.clock, item, v.location);
}

/** The replica runs in Azure after an unplanned failover (its Azure VM, lab/compute/failoverVms.ts; the source shut down if asked). */
export function unplannedFailoverDone(
  ctx: FailoverEffectContext,
  v: VaultState,
  f: FabricState,
  item: ProtectedItemState,
  at: number,
  rp: RecoveryPoint | undefined,
  shutDownSource: boolean,
): void {
  item.phase = 'UnplannedFailoverCommitPending';
  item.lastFailoverKind = 'Unplanned';
  item.lastSuccessfulFailoverTime = new Date(at);
  item.replicationStoppedAt = at;
  if (rp) item.failoverRecoveryPointId = recoveryPointPath(ctx, v, f, item, rp);
  if (shutDownSource) ctx.engine.setVmPower(item.vmId, 'Off');
  createFailoverVm(ctx.state, ctx.clock, item, v.location);
}

/**
 * Commit after a failover (op Commit: the failover VM stays) or a failback (op FinalizeFailback: the
 * failover VM is deleted, lab/compute/failoverVms.ts).
 */
export function commitDone(ctx: FailoverEffectContext, item: ProtectedItemState, op: string): void {
  if (op === 'FinalizeFailback') {
    item.phase = 'FailbackCommitted';
    deleteFailoverVm(ctx.state, item);
  } else item.phase = item.phase === 'PlannedFailoverCommitPending' ? 'PlannedFailoverCommitted' : 'UnplannedFailoverCommitted';
}

/** The VM runs on premises again, its Azure VM is shut down (lab/compute/failoverVms.ts), the failback waits for its commit. */
export function failbackDone(ctx: FailoverEffectContext, item: ProtectedItemState): void {
  item.phase = 'FailbackCommitPending';
  ctx.engine.setVmPower(item.vmId, 'Running');
  stopFailoverVm(ctx.state, ctx.clock, item);
}

/** Replication back to Azure starts again (reverse replication after a committed failback). */
export function reprotectDone(item: ProtectedItemState, at: number, storage: string | undefined, logStorage: string | undefined): void {
  item.phase = 'InitialReplication';
  item.initialReplicationStart = at;
  item.replicationAnchor = undefined;
  item.replicationStoppedAt = undefined;
  if (storage !== undefined) item.targetStorageAccountId = storage;
  if (logStorage !== undefined) item.logStorageAccountId = logStorage;
  item.testFailoverState = 'None';
}
