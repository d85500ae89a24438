// A recovery plan's action whose answer is lost (issue 16 §2, issue 12 §3): the same rules as for
// an item (src/model/lostAnswer.ts decideFromJobs), with what a plan's job looks like in the list
// and what the plan allows (checkPlanAction). The service reads the jobs and the plan again
// (src/services/azure/planActionRecovery.ts).
//
// A plan's job in the list (SDK-REC/RPFailoverCommit.json, azure-sdk-for-net
// sdk/recoveryservices-siterecovery/…/SessionRecords/ASRTests/, its job read):
// `"scenarioName": "CommitFailover"`, `"friendlyName": "Commit"`, `"targetObjectId":
// "bc06a2b0-c8b0-47ae-af1c-0dae26a8b61e"`, `"targetObjectName": "rpTest1"`, `"targetInstanceType":
// "RecoveryPlan"` — so the plan is known by targetObjectName (its name "rpTest1", also its
// friendlyName there), not by targetObjectId (an id the plan's own read does not show; the lab
// derives a GUID there: lab/asr/recoveryPlanJobs.ts planObjectId). The scenario names, from the plan's `currentScenario` after each
// action: "TestFailover" (REC/RPTestFailover.json entry 5: `"currentScenario": {"scenarioName":
// "TestFailover", "jobId": "…/replicationJobs/a144f484-…", "startTime": "2021-03-18T15:36:22…"}`),
// "TestFailoverCleanup" (REC/RPTestFailoverCleanup.json entry 4), "PlannedFailover" for a planned
// failover and a failback (REC/RPFailback.json entry 12: `"scenarioName": "PlannedFailover"` after
// a RecoveryToPrimary plannedFailover), "CommitFailover" (SDK-REC/RPFailoverCommit.json). The
// unplanned failover's "UnplannedFailover" and the reverse replication's "Reprotect" are the
// lab's, UNVERIFIED (docs/azure-fidelity.md). A name that does not match only costs the shortcut:
// the plan's `currentScenario` names its running job too, and a plan busy with it no longer
// allows the action, so the real error is shown (never a second job).

import type { CurrentScenarioLike } from './protectedItem';
import type { JobLike } from './jobSummary';
import type { LostAnswerDecision, LostRequestTime } from './lostAnswer';
import { decideFromJobs, scenarioJob } from './lostAnswer';
import type { RecoveryPlanAction } from './recoveryPlan';
import { checkPlanAction } from './recoveryPlanRules';
import { equalsIgnoreCase } from './wireValues';

/** The job list's scenarioName of each plan action's job (the first is the lab's). */
export const planActionScenarioNames: Readonly<Record<RecoveryPlanAction, readonly string[]>> = {
  testFailover: ['TestFailover'],
  testFailoverCleanup: ['TestFailoverCleanup'],
  plannedFailover: ['PlannedFailover'],
  unplannedFailover: ['UnplannedFailover'],
  commit: ['CommitFailover', 'Commit', 'FailoverCommit'],
  failback: ['PlannedFailover', 'Failback'],
  reverseReplication: ['Reprotect', 'ReverseReplication', 'ReverseReplicate'],
};

/** The recording's targetInstanceType of a plan's job. */
export const PLAN_JOB_TARGET_TYPE = 'RecoveryPlan';

/** What the lost request was: the action, on which plan, sent when. */
export interface LostPlanActionProbe extends LostRequestTime {
  action: RecoveryPlanAction;
  /** The plan's name (the job's targetObjectName). */
  planName: string;
  /** Its friendly name, when known (accepted as targetObjectName too). */
  friendlyName?: string;
}

/** The plan as read again: a structural subset of the SDK's RecoveryPlan (undefined: not found). */
export interface PlanLike {
  readonly name?: string;
  readonly properties?: {
    readonly friendlyName?: string;
    readonly allowedOperations?: readonly string[];
    readonly currentScenario?: CurrentScenarioLike;
  };
}

/** Whether a job of the list is one of the action on the plan (a job without targetInstanceType is accepted). */
export function isPlanJobOf(job: JobLike, probe: LostPlanActionProbe): boolean {
  const p = job.properties;
  const type = p?.targetInstanceType;
  const onPlan =
    (type === undefined || equalsIgnoreCase(type, PLAN_JOB_TARGET_TYPE)) &&
    [probe.planName, probe.friendlyName].some((n) => n !== undefined && equalsIgnoreCase(p?.targetObjectName, n));
  return onPlan && planActionScenarioNames[probe.action].some((name) => equalsIgnoreCase(p?.scenarioName, name));
}

/** Whether the plan, read again, still allows the action (its allowedOperations, as checkPlanAction reads them). */
export function planStillAllows(action: RecoveryPlanAction, plan: PlanLike | undefined): boolean {
  return plan !== undefined && checkPlanAction({ allowedOperations: plan.properties?.allowedOperations ?? [] }, action).allowed;
}

/**
 * Decides after a plan action's lost answer, from the jobs listed since the request and the plan
 * read again, with the item's rules (decideFromJobs): the newest job of the action on the plan
 * running, or ended while the plan no longer allows the action → follow it; none → resend while
 * the plan allows the action; else fail with the real error.
 */
export function decidePlanAfterLostAnswer<J extends JobLike>(jobs: readonly J[], probe: LostPlanActionProbe, plan: PlanLike | undefined): LostAnswerDecision<J | JobLike> {
  const running = scenarioJob(plan?.properties?.currentScenario, { targetObjectName: probe.planName, targetInstanceType: PLAN_JOB_TARGET_TYPE });
  return decideFromJobs(jobs, { running, isMine: (j) => isPlanJobOf(j, probe), allows: planStillAllows(probe.action, plan) }, probe);
}
