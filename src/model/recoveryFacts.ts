// Recovery facts per VM (issue 15 §1): how much data a failover would lose now (RPO) against a
// target, and how long ago a test failover proved the VM recoverable (drills). Pure, no vscode.
// Field names and meanings: docs/evidence/recovery-confidence.md §1–2.
//
// - The RPO is taken AS OF THE READ of the protected item: read time − lastRecoveryPointReceived
//   (else − lastReplicatedTime). Not "now": settled items are re-read only every 15 minutes
//   (src/estate/poller.ts), so "now − point" would grow between reads for a VM that replicates
//   fine. ASR's own `rpoInSeconds` is kept with its `lastRpoCalculatedTime`: it is frozen between
//   calculations ("TestFailover e1 was read at 15:32:40 and still showed the 15:23:00 value").
// - The H2A policy has no RPO threshold (evidence §1: `-RPOWarningThresholdInMinutes` exists only
//   for VMwareToAzure, AzureToVMware) and a 5.5 h RPO left replicationHealth "Normal": the target
//   is ours (rpoTargetSeconds).
// - "Drill due": no lastSuccessfulTestFailoverTime (absent until the first successful test
//   failover, and it can vanish again: read as never drilled), or older than the interval. The
//   90-day default follows Microsoft's "Test failover for single machine exceeds 90 days"
//   (`| where lastSuccessfulTestFailoverTime_t <= ago(90d)`, monitor-log-analytics.md).

import type { HyperVReplicaDetails } from './protectedItem';

/** The RPO fields of an item's replication details. */
export type RpoDetails = Pick<HyperVReplicaDetails, 'lastRecoveryPointReceived' | 'lastReplicatedTime' | 'rpoInSeconds' | 'lastRpoCalculatedTime'>;

/** What the snapshot keeps of a replicating VM's RPO (display facts only). */
export interface RecoveryFacts {
  /** When the protected item was read: the RPO below holds as of then. */
  readAt: Date;
  /** The latest recovery point received (lastRecoveryPointReceived, else lastReplicatedTime). */
  lastRecoveryPoint: Date;
  /** The RPO as of the read, whole seconds: readAt − lastRecoveryPoint (0 if the point is later, a clock skew). */
  rpoSeconds: number;
  /** ASR's own figure ("Last RPO value."), frozen between its calculations. */
  asrRpoSeconds?: number;
  /** When ASR computed asrRpoSeconds ("The last RPO calculated time."). */
  asrRpoCalculatedAt?: Date;
}

/** The copy frequencies a Hyper-V to Azure policy takes (replicationInterval, seconds): PowerShell's "Accepted values: 30, 300, 900". */
export const copyFrequencies: readonly number[] = [30, 300, 900];

/**
 * The RPO facts of a replicating item as of its read; undefined before the first recovery point
 * (initial replication: the fields are null), after a failover (activeLocation Recovery: no
 * replication to measure), or when the read time is unknown.
 */
export function recoveryFacts(details: RpoDetails | undefined, activeLocation: string | undefined, readAt: Date | undefined): RecoveryFacts | undefined {
  const point = details?.lastRecoveryPointReceived ?? details?.lastReplicatedTime;
  if (!point || !readAt || (activeLocation !== undefined && activeLocation.toLowerCase() === 'recovery')) {
    return undefined;
  }
  const facts: RecoveryFacts = {
    readAt: new Date(readAt.getTime()),
    lastRecoveryPoint: new Date(point.getTime()),
    rpoSeconds: Math.max(0, Math.floor((readAt.getTime() - point.getTime()) / 1000)),
  };
  if (details?.rpoInSeconds !== undefined && details.rpoInSeconds >= 0) facts.asrRpoSeconds = details.rpoInSeconds;
  if (details?.lastRpoCalculatedTime) facts.asrRpoCalculatedAt = new Date(details.lastRpoCalculatedTime.getTime());
  return facts;
}

/** The automatic RPO target's floor: 15 minutes, the healthy bucket of Microsoft's RPO query ("rpoInSeconds_d <= 900, \"<15Min\""). */
export const automaticTargetFloorSeconds = 900;
/** The automatic RPO target is this many copy intervals (above the floor). */
export const automaticTargetCopies = 3;

/**
 * The RPO target in seconds. `targetMinutes` > 0: that. 0 (automatic): three copy intervals, at
 * least 15 minutes — a healthy VM's RPO swings between 0 and one interval plus the transfer, so
 * three intervals means two cycles missed; the floor keeps 30-second policies from flagging
 * every slow transfer. Unknown frequency: the floor (the portal's default frequency is 5 minutes).
 */
export function rpoTargetSeconds(copyFrequencySeconds: number | undefined, targetMinutes: number): number {
  if (Number.isFinite(targetMinutes) && targetMinutes > 0) {
    return Math.round(targetMinutes * 60);
  }
  const interval = copyFrequencySeconds !== undefined && copyFrequencySeconds > 0 ? copyFrequencySeconds : 0;
  return Math.max(automaticTargetFloorSeconds, automaticTargetCopies * interval);
}

/** Whether the RPO as of the read is above the target. */
export function rpoAboveTarget(facts: RecoveryFacts | undefined, targetSeconds: number): boolean {
  return facts !== undefined && facts.rpoSeconds > targetSeconds;
}

/** A VM's drill facts: when a test failover last succeeded, how many whole days ago, and whether a drill is due. */
export interface DrillFacts {
  lastDrill?: Date;
  daysSince?: number;
  due: boolean;
}

const dayMs = 24 * 3600_000;

/** The default of `azureSiteRecovery.drills.intervalDays`. */
export const defaultDrillIntervalDays = 90;

/**
 * Drill facts at `now`: due when never drilled, or when the last drill is `intervalDays` days old
 * or older (as Microsoft's `<= ago(90d)`). An interval below 1 day (or not a number) is the default.
 */
export function drillFacts(lastTestFailover: Date | undefined, now: Date, intervalDays: number): DrillFacts {
  const days = Number.isFinite(intervalDays) && intervalDays >= 1 ? intervalDays : defaultDrillIntervalDays;
  if (lastTestFailover === undefined) {
    return { due: true };
  }
  const age = now.getTime() - lastTestFailover.getTime();
  return { lastDrill: lastTestFailover, daysSince: Math.max(0, Math.floor(age / dayMs)), due: age >= days * dayMs };
}

/** Whether two VMs' RPO facts look the same (the read time counts only through the RPO's whole minutes). */
export function sameRecoveryDisplay(a: RecoveryFacts, b: RecoveryFacts): boolean {
  return (
    Math.floor(a.rpoSeconds / 60) === Math.floor(b.rpoSeconds / 60) &&
    a.lastRecoveryPoint.getTime() === b.lastRecoveryPoint.getTime() &&
    a.asrRpoSeconds === b.asrRpoSeconds &&
    a.asrRpoCalculatedAt?.getTime() === b.asrRpoCalculatedAt?.getTime()
  );
}
