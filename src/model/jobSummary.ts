// Plain summaries of ASR jobs for the status bar, job list and notifications.
// JobLike is a structural subset of the SDK's `Job` (@azure/arm-recoveryservices-siterecovery 5.1.0).

import { messages } from './messages';
import type { DateLike } from './wireValues';
import { asDate, asNumber, asObjects, asStrings, compact, dateCopy, equalsIgnoreCase, lastPathSegment, readProp, readString } from './wireValues';

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

/** Whether a value is an object (not null, not an array). */
function isRecord(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function plainJobError(e: object): JobErrorLike {
  const service = readProp(e, 'serviceErrorDetails');
  const provider = readProp(e, 'providerErrorDetails');
  const text = (o: unknown, ...keys: string[]): Record<string, string | undefined> => Object.fromEntries(keys.map((k) => [k, readString(o, k)]));
  return compact<JobErrorLike>({
    serviceErrorDetails: isRecord(service) ? compact(text(service, 'code', 'message', 'possibleCauses', 'recommendedAction')) : undefined,
    providerErrorDetails: isRecord(provider)
      ? compact({ errorCode: asNumber(readProp(provider, 'errorCode')), ...text(provider, 'errorMessage', 'possibleCauses', 'recommendedAction') })
      : undefined,
    errorLevel: readString(e, 'errorLevel'),
    creationTime: dateCopy(readProp(e, 'creationTime')),
    taskId: readString(e, 'taskId'),
  });
}

function plainJobTask(t: object): JobTaskLike {
  return compact<JobTaskLike>({
    taskId: readString(t, 'taskId'),
    name: readString(t, 'name'),
    friendlyName: readString(t, 'friendlyName'),
    state: readString(t, 'state'),
    stateDescription: readString(t, 'stateDescription'),
    startTime: dateCopy(readProp(t, 'startTime')),
    endTime: dateCopy(readProp(t, 'endTime')),
    errors: asObjects(readProp(t, 'errors'))?.map(plainJobError),
  });
}

/**
 * The fields of an ASR job the extension reads (its summary, its tasks in the Jobs view), every one
 * through a guard (model/wireValues.ts) into a plain copy: a missing, null or wrong-typed field is
 * absent, never a throw (issue 12). Dates are copies.
 */
export function plainJob(job: unknown): JobLike {
  const p = readProp(job, 'properties');
  return compact<JobLike>({
    id: readString(job, 'id'),
    name: readString(job, 'name'),
    properties: compact<JobPropertiesLike>({
      activityId: readString(p, 'activityId'),
      scenarioName: readString(p, 'scenarioName'),
      friendlyName: readString(p, 'friendlyName'),
      state: readString(p, 'state'),
      stateDescription: readString(p, 'stateDescription'),
      tasks: asObjects(readProp(p, 'tasks'))?.map(plainJobTask),
      errors: asObjects(readProp(p, 'errors'))?.map(plainJobError),
      startTime: dateCopy(readProp(p, 'startTime')),
      endTime: dateCopy(readProp(p, 'endTime')),
      allowedActions: asStrings(readProp(p, 'allowedActions')),
      targetObjectId: readString(p, 'targetObjectId'),
      targetObjectName: readString(p, 'targetObjectName'),
      targetInstanceType: readString(p, 'targetInstanceType'),
    }),
  });
}

/** A plain summary of an ASR job, its fields read through guards (plainJob). `now` is used for the running duration of an active job. */
export function summarizeJob(input: JobLike, now: Date): JobSummary {
  const job = plainJob(input);
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
