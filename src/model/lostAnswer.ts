// When the answer to an action on a VM is lost (the connection dropped, a 5xx, a timeout) or ASR
// refuses a resend because an operation is already running, the action may well have started.
// These pure rules decide from the vault's job list and the item as read again whether it did:
// the job to follow, a resend, or the real error. The service layer does the reading
// (src/services/azure/actionRecovery.ts).
//
// What a job of an action looks like in the list: `targetObjectId` is the protected item's name,
// `targetObjectName` the VM's name, `targetInstanceType` "ProtectionEntity" (spec example
// ReplicationJobs_Resume.json @6614be2f: `"scenarioName": "TestFailover"`, `"targetObjectId":
// "f8491e4f-…"` = its `protectedItemDetails[0].name`, `"targetObjectName": "vm1"`). The scenario
// names: "TestFailover" (that example; REC/TestFailover.json's item `currentScenario`),
// "TestFailoverCleanup" (REC/TestFailoverCleanup.json), "PlannedFailover" for a failback too
// (REC/PlannedFailover.json, a HyperVReplicaAzureFailback planned failover, shows
// `currentScenario.scenarioName` "PlannedFailover"). The others — UnplannedFailover, Commit,
// ReverseReplication, EnableDr, DisableDr — are the lab's names, unverified for the service; the
// alternatives beside them are the names src/model/protectionStatus.ts already accepts for a
// running scenario. A name that does not match only costs the recovery its shortcut: no job is
// found, the item no longer allows the action while the first one runs, and the real error is
// shown (never a second job). The item's own `currentScenario` ({scenarioName, jobId, startTime},
// asr-api-facts) names the running job too, so a job the list does not show yet is still found.

import type { JobLike } from './jobSummary';
import { isActiveJobState, normalizeJobState } from './jobSummary';
import type { CurrentScenarioLike, ProtectedItemLike } from './protectedItem';
import type { VmAction } from './vmActions';
import { isActionAllowed } from './vmActions';
import { asDate, equalsIgnoreCase, lastPathSegment } from './wireValues';

/** The job list's scenarioName of each action's job (the first is the lab's). */
export const actionScenarioNames: Readonly<Record<VmAction, readonly string[]>> = {
  enableProtection: ['EnableDr', 'EnableProtection'],
  testFailover: ['TestFailover'],
  testFailoverCleanup: ['TestFailoverCleanup'],
  plannedFailover: ['PlannedFailover'],
  unplannedFailover: ['UnplannedFailover'],
  commit: ['Commit', 'FailoverCommit', 'FinalizeFailback'],
  failback: ['PlannedFailover', 'Failback'],
  reverseReplication: ['ReverseReplication', 'ReverseReplicate', 'Reprotect'],
  disableProtection: ['DisableDr', 'DisableProtection'],
};

/**
 * How far a job's start time (Azure's clock) may be before the moment the request was sent (this
 * computer's clock) and still be the request's job: clocks synchronised by NTP differ by far less.
 */
export const CLOCK_SKEW_ALLOWANCE_MS = 30_000;

/** What the lost request was: the action, on which item, sent when. */
export interface LostActionProbe extends LostRequestTime {
  action: VmAction;
  /** The protected item's name (the job's targetObjectId). */
  itemName: string;
  /** The VM's name (the job's targetObjectName), when known. */
  vmName?: string;
  /** When the first attempt was sent (this computer's clock). */
  sentAt: Date;
}

/** What to do after a lost answer. */
export type LostAnswerDecision<J extends JobLike> = { kind: 'follow'; job: J } | { kind: 'resend' } | { kind: 'fail' };

function isJobOf<J extends JobLike>(job: J, probe: LostActionProbe): boolean {
  const p = job.properties;
  const onItem =
    equalsIgnoreCase(p?.targetObjectId, probe.itemName) || (p?.targetObjectId === undefined && probe.vmName !== undefined && equalsIgnoreCase(p?.targetObjectName, probe.vmName));
  return onItem && actionScenarioNames[probe.action].some((name) => equalsIgnoreCase(p?.scenarioName, name));
}

/** When the lost request was sent (this computer's clock) and how far before it its job may have started. */
export interface LostRequestTime {
  sentAt: Date;
  skewMs?: number;
}

/** The jobs `isMine` accepts that started no earlier than the request was sent (less the clock skew allowance); newest first. */
function jobsSince<J extends JobLike>(jobs: readonly J[], isMine: (job: J) => boolean, when: LostRequestTime): J[] {
  const earliest = when.sentAt.getTime() - (when.skewMs ?? CLOCK_SKEW_ALLOWANCE_MS);
  const started = (j: J): number => asDate(j.properties?.startTime)?.getTime() ?? Number.NaN;
  return jobs.filter((j) => isMine(j) && started(j) >= earliest).sort((a, b) => started(b) - started(a));
}

/**
 * The jobs that the lost request may have started: the action's scenario on the item, started no
 * earlier than the request was sent (less the clock skew allowance); newest first.
 */
export function candidateJobs<J extends JobLike>(jobs: readonly J[], probe: LostActionProbe): J[] {
  return jobsSince(jobs, (j) => isJobOf(j, probe), probe);
}

/**
 * The item's running job (`currentScenario`) as a job of the list, so that a job the list does
 * not show yet is found too; undefined when the item is idle ("None", jobId …/None).
 */
export function currentScenarioJob(item: ProtectedItemLike | undefined, itemName: string): JobLike | undefined {
  return scenarioJob(item?.properties?.currentScenario, { targetObjectId: itemName });
}

/** A running scenario (an item's or a plan's `currentScenario`) as a job of the list, on the target `on` says; undefined when idle ("None", jobId …/None). */
export function scenarioJob(
  scenario: CurrentScenarioLike | undefined,
  on: { targetObjectId?: string; targetObjectName?: string; targetInstanceType?: string },
): JobLike | undefined {
  const jobName = scenario?.jobId !== undefined ? lastPathSegment(scenario.jobId) : undefined;
  if (scenario?.scenarioName === undefined || equalsIgnoreCase(scenario.scenarioName, 'None') || jobName === undefined || equalsIgnoreCase(jobName, 'None')) {
    return undefined;
  }
  const startTime = asDate(scenario.startTime);
  return {
    name: jobName,
    ...(scenario.jobId !== undefined ? { id: scenario.jobId } : {}),
    properties: { scenarioName: scenario.scenarioName, state: 'InProgress', ...on, ...(startTime !== undefined ? { startTime } : {}) },
  };
}

/**
 * Whether the item, read again after the lost answer, still allows the action: enabling
 * replication needs the item not to exist yet (undefined: not found); every other action needs
 * the item and its allowedOperations.
 */
export function itemStillAllows(action: VmAction, item: ProtectedItemLike | undefined): boolean {
  return action === 'enableProtection' ? item === undefined : item !== undefined && isActionAllowed(item, action);
}

/**
 * Decides after a lost answer, from the jobs listed since the request (any order) and the item
 * read again (undefined: it does not exist):
 * - the newest candidate job is running: it is the request's job (an action runs one job at a
 *   time on an item), follow it;
 * - it has ended and the item no longer allows the action: the action happened, follow its job;
 * - it has ended but the item allows the action again: it was an earlier run of the same action
 *   (a previous drill, or the planned failover before a failback), not this request's;
 * - no job of the request: resend while the item allows the action, else fail with the real error.
 */
export function decideAfterLostAnswer<J extends JobLike>(jobs: readonly J[], probe: LostActionProbe, item: ProtectedItemLike | undefined): LostAnswerDecision<J | JobLike> {
  return decideFromJobs(jobs, { running: currentScenarioJob(item, probe.itemName), isMine: (j) => isJobOf(j, probe), allows: itemStillAllows(probe.action, item) }, probe);
}

/** What the rules need of the lost request's target (an item or a recovery plan) as read again. */
export interface LostAnswerTarget {
  /** Its running job as its `currentScenario` names it (undefined: idle). */
  running: JobLike | undefined;
  /** Whether a job of the list is one of the action on the target. */
  isMine(job: JobLike): boolean;
  /** Whether the target still allows the action. */
  allows: boolean;
}

/** The rules above for any target: the newest job of the action since the request, or a resend while allowed, or fail. */
export function decideFromJobs<J extends JobLike>(jobs: readonly J[], target: LostAnswerTarget, when: LostRequestTime): LostAnswerDecision<J | JobLike> {
  const running = target.running;
  const listed = running !== undefined && !jobs.some((j) => equalsIgnoreCase(j.name, running.name)) ? [...jobs, running] : jobs;
  const newest = jobsSince<J | JobLike>(listed, (j) => target.isMine(j), when)[0];
  if (newest !== undefined && (isActiveJobState(normalizeJobState(newest.properties?.state)) || !target.allows)) {
    return { kind: 'follow', job: newest };
  }
  return target.allows ? { kind: 'resend' } : { kind: 'fail' };
}

/** The parts of an error that say whether Azure refused a resend because an operation already runs. */
export interface RefusalLike {
  statusCode?: number;
  code?: string;
  message?: string;
}

/**
 * A 409 or 400 that says an operation is in progress, or the action is not allowed in the item's
 * state, or it is already done: what a resend meets when the first request was carried out. The
 * lab's words (lab/asr/itemActionRoutes.ts requireAllowed: 409 OperationNotAllowed "… is not
 * allowed on the replicated item … An operation (…) is in progress on it."; 409
 * ProtectionAlreadyEnabled for a second enable); the service's are unverified, hence the loose match.
 */
export function isOperationInProgressRefusal(e: RefusalLike): boolean {
  if (e.statusCode !== 409 && e.statusCode !== 400) {
    return false;
  }
  const text = `${e.code ?? ''} ${e.message ?? ''}`;
  return /in progress|not allowed|notallowed|already|another operation|conflict/i.test(text);
}
