// One row of the recovery dashboard (issue 15 §5) per VM: its host, protection status, RPO now
// against its target, last drill and whether one is due, readiness, health, and the one thing to do
// next. Pure (no vscode): the estate's facts, the settings and the readiness source come in. The row
// is plain JSON (the webview holds every row and sorts and filters them: dashboardQuery.ts); its
// texts that repeat across rows (readiness, health, actions) travel once, as the dashboard's labels.

import type { EstateVm } from '../estate/types';
import { isTransientKind, type ProtectionKind } from '../model/protectionStatus';
import { readinessIssueCount, type ReadinessSource } from '../model/readiness';
import { formatDuration } from '../tree/presentCommon';
import { recoveryVerdict, type RecoveryTargets, type RecoveryVerdict } from '../tree/presentRecovery';
import { short } from '../tree/presentShort';
import type { DashboardActionId, DashboardRow, RowReadiness, StatusGroup } from './dashboardTypes';

const groupOfKind: Readonly<Record<ProtectionKind, StatusGroup>> = {
  NotProtected: 'notProtected',
  ProtectionUnknown: 'unknown',
  EnablingProtection: 'replicating',
  Replicating: 'replicating',
  Protected: 'protected',
  TestFailoverRunning: 'protected',
  TestFailoverCleanupPending: 'protected',
  TestFailoverCleaningUp: 'protected',
  DisablingProtection: 'protected',
  FailingOver: 'failover',
  FailoverCommitPending: 'failover',
  Committing: 'failover',
  FailedOver: 'failover',
  FailingBack: 'failover',
  FailbackCommitPending: 'failover',
  ReverseReplicationPending: 'failover',
  Error: 'unknown',
};

/** What a row is computed from besides the VM. */
export interface RowContext {
  now: Date;
  targets: RecoveryTargets;
  copyFrequencyOf: (vm: EstateVm) => number | undefined;
  readiness?: Pick<ReadinessSource, 'get'> | undefined;
  /** Whether an action the user started is being sent for the VM (the tree's transient state). */
  busy?: (vmKey: string) => boolean;
}

function statusText(vm: EstateVm): string {
  if (vm.unreadable !== undefined) return short.unreadable;
  if (vm.status.kind === 'NotProtected' && vm.unsupported !== undefined && vm.unsupported.length > 0) return short.notSupported;
  return vm.status.kind === 'Replicating' ? vm.status.summary : short.kind[vm.status.kind];
}

const protectedGroups: ReadonlySet<StatusGroup> = new Set(['protected', 'replicating', 'failover']);

function readinessOf(vm: EstateVm, group: StatusGroup, ctx: RowContext): { readiness: RowReadiness; issues?: number } {
  if (!protectedGroups.has(group)) return { readiness: 'none' };
  const r = ctx.readiness?.get(vm.key);
  if (!r) return { readiness: 'notChecked' };
  const issues = readinessIssueCount(r);
  return issues === 0 ? { readiness: 'ready' } : { readiness: 'notReady', issues };
}

const stepWaiting: Partial<Record<ProtectionKind, DashboardActionId>> = {
  TestFailoverCleanupPending: 'cleanupTestFailover',
  FailoverCommitPending: 'commitFailover',
  FailbackCommitPending: 'commitFailover',
  ReverseReplicationPending: 'reverseReplication',
};

/**
 * The one thing to do next, most urgent first: nothing while an operation runs; enable replication
 * for a VM that can be protected; the step ASR waits for (cleanup, commit, reverse replication); a
 * health error; a failed readiness check; a due drill; readiness never checked.
 */
/**
 * ASR's "No successful test failover has been done on the virtual machine …" (errorCode 161011,
 * errorLevel Warning, on a Normal item: REC/TestFailover entry 1, docs/evidence/recovery-confidence.md
 * §2): what it asks for is a drill, not a repair, so it does not make "Resolve health error" the next action.
 */
export const noTestFailoverErrorCode = '161011';

/** Health errors other than the test failover reminder. */
function repairErrors(vm: EstateVm): number {
  return vm.status.healthErrors.filter((e) => e.errorCode !== noTestFailoverErrorCode).length;
}

export function nextAction(vm: EstateVm, verdict: RecoveryVerdict, readiness: RowReadiness, busy: boolean): DashboardActionId | undefined {
  const kind = vm.status.kind;
  if (busy || isTransientKind(kind) || vm.unreadable !== undefined) return undefined;
  if (kind === 'NotProtected') return vm.actions.includes('enableProtection') && !(vm.unsupported && vm.unsupported.length > 0) ? 'enableReplication' : undefined;
  const step = stepWaiting[kind];
  if (step) return step;
  if (kind !== 'Protected') return undefined;
  if (vm.status.health !== 'Normal' || repairErrors(vm) > 0) return 'resolveHealth';
  if (readiness === 'notReady') return 'checkReadiness';
  if (verdict.drill?.due) return 'runDrill';
  if (readiness === 'notChecked') return 'checkReadiness';
  return undefined;
}

function rpoFields(verdict: RecoveryVerdict): Pick<DashboardRow, 'rpo' | 'rpoText' | 'rpoAbove'> {
  const rpo = verdict.rpo;
  if (!rpo) return {};
  return { rpo: rpo.seconds, rpoText: `${formatDuration(rpo.seconds * 1000)} / ${formatDuration(rpo.targetSeconds * 1000)}`, ...(rpo.above ? { rpoAbove: true as const } : {}) };
}

function drillFields(verdict: RecoveryVerdict): Pick<DashboardRow, 'drillDays' | 'drillDate' | 'drillable' | 'drillDue'> {
  const drill = verdict.drill;
  if (!drill) return {};
  return {
    drillable: true,
    ...(drill.lastDrill ? { drillDate: drill.lastDrill.toISOString().slice(0, 10), drillDays: drill.daysSince ?? 0 } : {}),
    ...(drill.due ? { drillDue: true as const } : {}),
  };
}

/** The row of one VM on the host named `hostName`. */
export function dashboardRow(vm: EstateVm, hostName: string, ctx: RowContext): DashboardRow {
  const group = groupOfKind[vm.status.kind];
  const verdict = recoveryVerdict(vm, ctx.targets, vm.recovery ? ctx.copyFrequencyOf(vm) : undefined, ctx.now);
  const { readiness, issues } = readinessOf(vm, group, ctx);
  const action = nextAction(vm, verdict, readiness, ctx.busy?.(vm.key) ?? false);
  const health = vm.status.health;
  const attention =
    verdict.rpo?.above === true ||
    verdict.drill?.due === true ||
    readiness === 'notReady' ||
    health !== 'Normal' ||
    vm.status.kind === 'Error' ||
    vm.unreadable !== undefined ||
    stepWaiting[vm.status.kind] !== undefined;
  return {
    id: vm.key,
    name: vm.name,
    host: hostName,
    group,
    status: statusText(vm),
    ...rpoFields(verdict),
    ...drillFields(verdict),
    readiness,
    ...(issues !== undefined ? { issues } : {}),
    health,
    ...(vm.status.healthErrors.length > 0 ? { healthErrors: vm.status.healthErrors.length } : {}),
    ...(action ? { action } : {}),
    ...(attention ? { attention: true as const } : {}),
  };
}
