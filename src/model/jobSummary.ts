// Plain summaries of ASR jobs for the status bar, job list and notifications.
// JobLike is a structural subset of the SDK's `Job` (@azure/arm-recoveryservices-siterecovery 5.1.0).

import { messages } from './messages';
import type { DateLike } from './wireValues';
import { asDate, equalsIgnoreCase, lastPathSegment } from './wireValues';

export { buildJobFilter, jobFilterFields, JobFilterSyntaxError, parseJobFilter } from './jobFilter';
export type { JobFilterInput } from './jobFilter';

export interface ServiceErrorLike {
  readonly code?: string;
  readonly message?: string;
  readonly possibleCauses?: string;
  readonly recommendedAction?: string;
}

export interface ProviderErrorLike {
  readonly errorCode?: number;
  readonly errorMessage?: string;
  readonly possibleCauses?: string;
  readonly recommendedAction?: string;
}

export interface JobErrorLike {
  readonly serviceErrorDetails?: ServiceErrorLike;
  readonly providerErrorDetails?: ProviderErrorLike;
  readonly errorLevel?: string;
  readonly creationTime?: DateLike;
  readonly taskId?: string;
}

export interface JobTaskLike {
  readonly taskId?: string;
  readonly name?: string;
  readonly friendlyName?: string;
  readonly state?: string;
  readonly stateDescription?: string;
  readonly startTime?: DateLike;
  readonly endTime?: DateLike;
  readonly errors?: readonly JobErrorLike[];
}

export interface JobPropertiesLike {
  readonly activityId?: string;
  readonly scenarioName?: string;
  readonly friendlyName?: string;
  readonly state?: string;
  readonly stateDescription?: string;
  readonly tasks?: readonly JobTaskLike[];
  readonly errors?: readonly JobErrorLike[];
  readonly startTime?: DateLike;
  readonly endTime?: DateLike;
  readonly allowedActions?: readonly string[];
  readonly targetObjectId?: string;
  readonly targetObjectName?: string;
  readonly targetInstanceType?: string;
}

export interface JobLike {
  readonly id?: string;
  readonly name?: string;
  readonly properties?: JobPropertiesLike;
}

export const jobStates = ['NotStarted', 'InProgress', 'Succeeded', 'Failed', 'Cancelled', 'Suspended', 'Other'] as const;
export type JobState = (typeof jobStates)[number];

export interface JobSummary {
  jobName: string;
  /** friendlyName, else scenarioName, else the job name. */
  title: string;
  targetName: string;
  state: JobState;
  /** ASR's state description, e.g. "Completed", "PartiallySucceeded". */
  stateDescription?: string;
  scenarioName?: string;
  /** NotStarted, InProgress or Suspended. */
  isActive: boolean;
  /** First task in progress, else the last finished task. */
  currentStep?: string;
  progress: { done: number; total: number };
  canCancel: boolean;
  canRestart: boolean;
  canResume: boolean;
  errorMessage?: string;
  recommendedAction?: string;
  startTime?: Date;
  endTime?: Date;
  /** End − start; for an active job, now − start. */
  durationMs?: number;
}

/** Normalizes a job or task state (case-insensitive); unknown values are 'Other'. */
export function normalizeJobState(state: string | undefined): JobState {
  return jobStates.find((s) => equalsIgnoreCase(s, state)) ?? 'Other';
}

const activeStates: ReadonlySet<JobState> = new Set<JobState>(['NotStarted', 'InProgress', 'Suspended']);
const finishedStates: ReadonlySet<JobState> = new Set<JobState>(['Succeeded', 'Failed', 'Cancelled']);

export function isActiveJobState(state: JobState): boolean {
  return activeStates.has(state);
}

function taskTitle(task: JobTaskLike): string | undefined {
  return task.friendlyName || task.name || undefined;
}

function currentStep(tasks: readonly JobTaskLike[]): string | undefined {
  const running = tasks.find((t) => normalizeJobState(t.state) === 'InProgress');
  if (running) {
    return taskTitle(running);
  }
  const finished = tasks.filter((t) => finishedStates.has(normalizeJobState(t.state)));
  const last = finished[finished.length - 1];
  return last ? taskTitle(last) : undefined;
}

function errorText(e: JobErrorLike): { message?: string | undefined; recommendedAction?: string | undefined } {
  const service = e.serviceErrorDetails;
  const provider = e.providerErrorDetails;
  return {
    message: service?.message || provider?.errorMessage || undefined,
    recommendedAction: service?.recommendedAction || provider?.recommendedAction || undefined,
  };
}

/** The first error with a message: job-level errors first, then the errors of failed tasks. */
function firstError(p: JobPropertiesLike | undefined): { message?: string | undefined; recommendedAction?: string | undefined } {
  const taskErrors = (p?.tasks ?? []).flatMap((t) => t.errors ?? []);
  for (const e of [...(p?.errors ?? []), ...taskErrors]) {
    const text = errorText(e);
    if (text.message !== undefined) {
      return text;
    }
  }
  return {};
}

function allowsAction(p: JobPropertiesLike | undefined, action: string): boolean {
  return (p?.allowedActions ?? []).some((a) => equalsIgnoreCase(a, action));
}

/** A plain summary of an ASR job. `now` is used for the running duration of an active job. */
export function summarizeJob(job: JobLike, now: Date): JobSummary {
  const p = job.properties;
  const jobName = job.name || (job.id ? lastPathSegment(job.id) : undefined) || '';
  const state = normalizeJobState(p?.state);
  const tasks = p?.tasks ?? [];
  const summary: JobSummary = {
    jobName,
    title: p?.friendlyName || p?.scenarioName || jobName || messages.jobs.untitled,
    targetName: p?.targetObjectName ?? '',
    state,
    isActive: isActiveJobState(state),
    progress: {
      done: tasks.filter((t) => finishedStates.has(normalizeJobState(t.state))).length,
      total: tasks.length,
    },
    canCancel: allowsAction(p, 'Cancel'),
    canRestart: allowsAction(p, 'Restart'),
    // A test failover job is suspended until its cleanup and lists Resume (spec example
    // ReplicationJobs_Resume.json), but Resume-AzRecoveryServicesAsrJob refuses to resume it
    // (`if (job.Properties.ScenarioName.Equals("TestFailover", …)) throw … ResumeTFOJobNotSupported`):
    // the cleanup ends it. So Resume is offered for other jobs only.
    canResume: allowsAction(p, 'Resume') && !equalsIgnoreCase(p?.scenarioName, 'TestFailover'),
  };
  if (p?.stateDescription) {
    summary.stateDescription = p.stateDescription;
  }
  if (p?.scenarioName) {
    summary.scenarioName = p.scenarioName;
  }
  const step = currentStep(tasks);
  if (step !== undefined) {
    summary.currentStep = step;
  }
  const error = firstError(p);
  if (error.message !== undefined) {
    summary.errorMessage = error.message;
  }
  if (error.recommendedAction !== undefined) {
    summary.recommendedAction = error.recommendedAction;
  }
  const start = asDate(p?.startTime);
  let end = asDate(p?.endTime);
  if (start && end && end.getTime() < start.getTime()) {
    end = undefined;
  }
  if (start) {
    summary.startTime = start;
  }
  if (end && !summary.isActive) {
    summary.endTime = end;
  }
  if (start) {
    const stop = summary.isActive ? now : summary.endTime;
    if (stop) {
      summary.durationMs = Math.max(0, stop.getTime() - start.getTime());
    }
  }
  return summary;
}

/** Active jobs first (newest start first), then finished ones (newest end first). */
export function compareJobSummaries(a: JobSummary, b: JobSummary): number {
  if (a.isActive !== b.isActive) {
    return a.isActive ? -1 : 1;
  }
  const time = (s: JobSummary): number => (s.isActive ? s.startTime : (s.endTime ?? s.startTime))?.getTime() ?? 0;
  return time(b) - time(a) || a.jobName.localeCompare(b.jobName);
}
