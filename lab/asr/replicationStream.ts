/**
 * The recovery point stream of a HyperVReplicaAzure protected item on the lab clock, and the RPO
 * fields ASR derives from it (docs/evidence/recovery-confidence.md §1). Pure: every function takes
 * the clock's now (or the moment asked about) and the item's policy and host outages.
 */
import type { LabClock } from '../core/clock';
import type { PolicyState, ProtectedItemState, ReplicationOutage } from '../state';
import { stableGuid } from './ids';

export interface RecoveryPoint {
  name: string;
  time: Date;
  type: 'CrashConsistent' | 'ApplicationConsistent';
}

/**
 * ASR recalculates an item's rpoInSeconds about every 12 minutes (nominal seconds). Observed, not
 * documented: the recordings show lastRpoCalculatedTime 15:23:00 → 15:35:25 (TestFailover e1,
 * TestFailoverCleanup e5) and 10:10:57 → 10:23:18 (PlannedFailover e1, e13); the cadence is
 * UNVERIFIED (docs/azure-fidelity.md).
 */
export const rpoCalculationSeconds = 720;

/** What the stream needs besides the item: the clock, the policy and the outages of the item's host. */
export interface StreamContext {
  clock: LabClock;
  policy: PolicyState | undefined;
  outages: readonly ReplicationOutage[];
}

/**
 * Recovery points on the policy's interval, within its retention, newest first, as of `at`: one
 * `CrashConsistent` point per replication cycle, one in every applicationConsistentSnapshotFrequencyInHours
 * `ApplicationConsistent` (SPEC RecoveryPointProperties: "The recovery point type:
 * ApplicationConsistent, CrashConsistent."; REC/ListRecoveryPoints entry 1: `"recoveryPointTime":
 * "2021-03-18T18:25:19.2486136Z", "recoveryPointType": "CrashConsistent", "providerSpecificDetails":
 * null`). Points older than recoveryPointHistoryDurationInHours are gone: the exact pruning is
 * UNVERIFIED (docs/evidence/recovery-confidence.md §3), the lab drops them as soon as they are older. No
 * point is received while the host's provider is disconnected (an outage): the stream freezes at
 * the outage's start and resumes on the interval once the host is back; while the outage lasts,
 * the retention counts back from its start (as from replicationStoppedAt after a failover), so the
 * last points received stay listed.
 */
export function recoveryPointsAt(item: ProtectedItemState, ctx: StreamContext, at: number, limit = 500): RecoveryPoint[] {
  const { clock, policy, outages } = ctx;
  if (item.replicationAnchor === undefined || !policy) return [];
  const anchor = item.replicationAnchor;
  const open = outages.find((o) => o.to === undefined && o.from <= at);
  const end = Math.min(at, item.replicationStoppedAt ?? Number.POSITIVE_INFINITY, open ? open.from - 1 : Number.POSITIVE_INFINITY);
  const intervalMs = clock.scaledMs(policy.replicationInterval);
  const retentionMs = clock.scaledMs(Math.max(1, policy.recoveryPointHistoryHours) * 3600);
  const appEvery = policy.appConsistentFrequencyHours > 0 ? Math.round((policy.appConsistentFrequencyHours * 3600) / policy.replicationInterval) : 0;
  const first = Math.max(0, Math.ceil((end - retentionMs - anchor) / intervalMs));
  const points: RecoveryPoint[] = [];
  for (let k = Math.floor((end - anchor) / intervalMs); k >= first && points.length < limit; k--) {
    const time = anchor + k * intervalMs;
    const gap = outages.find((o) => o.to !== undefined && o.from <= time && time < o.to);
    if (gap) {
      // Skip every point the outage held back: on to the last one before it.
      k = Math.ceil((gap.from - anchor) / intervalMs);
      continue;
    }
    points.push({
      name: stableGuid(item.name, 'rp', String(k)),
      time: new Date(time),
      type: appEvery > 0 && k % appEvery === 0 ? 'ApplicationConsistent' : 'CrashConsistent',
    });
  }
  return points;
}

/** The RPO fields of the item's replication details as of `now`; all null before the first point (initial replication). */
export interface RpoFields {
  lastRecoveryPoint: RecoveryPoint | undefined;
  rpoInSeconds: number | null;
  lastRpoCalculatedTime: Date | null;
}

/**
 * `rpoInSeconds` = floor(lastRpoCalculatedTime − the last recovery point received by then), in
 * seconds, frozen between calculations: it holds for all 7 recorded values (docs/evidence/
 * recovery-confidence.md §1: "TestFailover e1 | 15:23:00.296 | 09:53:13.399 | 19786 (19786.9 s)";
 * TestFailover e1 was read at 15:32:40 and still showed the 15:23:00 value). Seconds of the wire's
 * own timestamps, so the relation holds at any lab speed. Calculations tick from the end of
 * initial replication on, host connected or not: an outage makes the figure grow.
 */
export function rpoFields(item: ProtectedItemState, ctx: StreamContext, now: number): RpoFields {
  const lastRecoveryPoint = recoveryPointsAt(item, ctx, now, 1)[0];
  if (item.replicationAnchor === undefined || !lastRecoveryPoint) return { lastRecoveryPoint, rpoInSeconds: null, lastRpoCalculatedTime: null };
  const everyMs = ctx.clock.scaledMs(rpoCalculationSeconds);
  const tick = item.replicationAnchor + Math.floor((now - item.replicationAnchor) / everyMs) * everyMs;
  const pointThen = recoveryPointsAt(item, ctx, tick, 1)[0] ?? lastRecoveryPoint;
  return {
    lastRecoveryPoint,
    rpoInSeconds: Math.max(0, Math.floor((tick - pointThen.time.getTime()) / 1000)),
    lastRpoCalculatedTime: new Date(tick),
  };
}

/** `lastReplicatedTime` is the last point's time in whole seconds ("2021-03-18T09:53:13Z" beside lastRecoveryPointReceived "2021-03-18T09:53:13.3993206Z", TestFailover e1). */
export function wholeSecondsIso(time: Date): string {
  return `${new Date(Math.floor(time.getTime() / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}
