// The pure parts of a wizard's run page (the Failover and Failback wizards, the plan Failover
// wizard, Compute and Network): an ASR job as steps, how it ended, why it failed, and the stage a
// run page follows. The wizards that follow jobs are jobStageWizard.ts (the following),
// itemJobWizard.ts (one protected item) and planFailoverWizard.ts (a recovery plan). Pure: no vscode.
import * as l10n from '@vscode/l10n';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { JobLike, JobTaskLike } from '../../model/jobSummary';
import { normalizeJobState, summarizeJob } from '../../model/jobSummary';
import type { ProgressStep, StepState } from '../protocol';
import { withStop } from '../../model/failureText';

export const defaultPollIntervalMs = 5000;

// ---------------------------------------------------------------------------------------------
// Pure: a job as steps, and how it ended.

export function stepState(state: string | undefined): StepState {
  switch (normalizeJobState(state)) {
    case 'InProgress':
    case 'Suspended':
      return 'running';
    case 'Succeeded':
      return 'succeeded';
    case 'Failed':
    case 'Cancelled':
      return 'failed';
    case 'NotStarted':
    case 'Other':
      return state !== undefined && state.toLowerCase() === 'skipped' ? 'skipped' : 'pending';
  }
}

function taskDetail(task: JobTaskLike, jobError: string | undefined, suspendedDetail: string): string | undefined {
  const state = normalizeJobState(task.state);
  if (state === 'Suspended') return suspendedDetail;
  if (state === 'Cancelled') return l10n.t('Cancelled.');
  if (state !== 'Failed') return undefined;
  const own = (task.errors ?? []).map((e) => e.serviceErrorDetails?.message || e.providerErrorDetails?.errorMessage).find((m) => m !== undefined && m !== '');
  return own ?? jobError;
}

/**
 * The job's tasks as run-page steps (one step for the whole job while Azure lists no task yet).
 * A suspended task (ASR waits for a person) says what it waits for. What ASR shows on the tasks of
 * a suspended job is unverified (the spec example ReplicationJobs_Resume.json lists none; a task
 * state may be "Suspended"): when the job is Suspended and no task is, the first task that has
 * not started is the one that waits.
 */
export function stepsOfJob(job: JobLike, title: string, suspendedDetail = l10n.t('Waiting for you to continue.')): ProgressStep[] {
  const tasks = job.properties?.tasks ?? [];
  const jobError = summarizeJob(job, new Date()).errorMessage;
  if (tasks.length === 0) {
    const state = stepState(job.properties?.state);
    return [{ id: 'job', label: title, state, ...(state === 'failed' && jobError ? { detail: jobError } : {}) }];
  }
  const suspended = normalizeJobState(job.properties?.state) === 'Suspended';
  const waiting =
    suspended && !tasks.some((t) => normalizeJobState(t.state) === 'Suspended')
      ? tasks.findIndex((t) => normalizeJobState(t.state) === 'NotStarted' && (t.state ?? '').toLowerCase() !== 'skipped')
      : -1;
  return tasks.map((t, i) => {
    if (i === waiting) return { id: `task-${i + 1}`, label: t.friendlyName || t.name || l10n.t('Step {0}', i + 1), state: 'running' as const, detail: suspendedDetail };
    const detail = taskDetail(t, jobError, suspendedDetail);
    return { id: `task-${i + 1}`, label: t.friendlyName || t.name || l10n.t('Step {0}', i + 1), state: stepState(t.state), ...(detail ? { detail } : {}) };
  });
}

export type JobEnd = 'running' | 'succeeded' | 'suspended' | 'failed';

export function jobEnd(job: JobLike): JobEnd {
  switch (normalizeJobState(job.properties?.state)) {
    case 'Succeeded':
      return 'succeeded';
    case 'Suspended':
      return 'suspended';
    case 'Failed':
    case 'Cancelled':
      return 'failed';
    default:
      return 'running';
  }
}

/** Why a job failed, with what Azure recommends; never a stack trace. */
export function jobFailureText(job: JobLike, title: string): string {
  const summary = summarizeJob(job, new Date());
  if (summary.state === 'Cancelled') return l10n.t('{0} was cancelled in Azure before it finished.', title);
  const why = summary.errorMessage
    ? l10n.t('{0} failed: {1}', title, withStop(summary.errorMessage))
    : l10n.t('{0} failed; Azure Site Recovery gave no reason. Look at the job in the Jobs view or the Azure portal.', title);
  return summary.recommendedAction ? `${why} ${withStop(summary.recommendedAction)}` : why;
}

// ---------------------------------------------------------------------------------------------
// The run stage.

/** running: the job runs; waiting: it is suspended until the user continues; lost: reading it failed. */
export type StageStatus = 'running' | 'waiting' | 'succeeded' | 'failed' | 'lost';
export const stageStatuses: readonly StageStatus[] = ['running', 'waiting', 'succeeded', 'failed', 'lost'];

export interface Stage<A extends string> {
  action: A;
  /** The ASR job ('' when Azure finished the request without a job). */
  jobName: string;
  status: StageStatus;
  steps: ProgressStep[];
  /** Why it failed or why the page lost track of it. */
  problem?: string;
}

/** Job names as ASR makes them (GUIDs): what a restored snapshot may hold. */
export const jobNamePattern = /^[A-Za-z0-9_.-]{0,200}$/;

/** A protected item's ARM id: what a restored snapshot may hold. */
export const protectedItemIdPattern =
  /^\/subscriptions\/[^/]{1,100}\/resourceGroups\/[^/]{1,100}\/providers\/Microsoft\.RecoveryServices\/vaults\/[^/]{1,100}\/replicationFabrics\/[^/]{1,200}\/replicationProtectionContainers\/[^/]{1,200}\/replicationProtectedItems\/[^/]{1,200}$/i;

/** A restored wizard's target, read again from Azure (restoredItemWizards.ts): never the saved state's. */
export interface RestoredItem {
  readonly vmName: string;
  readonly item: ReplicationProtectedItem;
}
