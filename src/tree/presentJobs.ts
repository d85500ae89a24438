// Jobs view items as plain data: a job (from JobSummary) and its tasks. Pure: no vscode import.
//
// | Job / task state | Icon          | Colour             |
// | ---------------- | ------------- | ------------------ |
// | NotStarted       | clock         | disabledForeground |
// | InProgress       | sync~spin     | charts.blue        |
// | Succeeded        | pass          | testing.iconPassed |
// | Failed           | error         | errorForeground    |
// | Cancelled        | circle-slash  | disabledForeground |
// | Suspended        | debug-pause   | charts.yellow      |
// | Other            | question      | (none)             |
//
// contextValue: `job;<state token>[;canCancel][;canRestart][;canResume]`, state tokens
// notStarted, inProgress, succeeded, failed, cancelled, suspended, other.

import type { JobErrorLike, JobState, JobSummary, JobTaskLike } from '../model/jobSummary';
import { normalizeJobState } from '../model/jobSummary';
import { asDate, equalsIgnoreCase } from '../model/wireValues';
import type { TreeItemModel } from './presentCommon';
import { blocks, escapeMarkdown, field, formatDuration, formatUtc, lines, lowerFirst } from './presentCommon';
import { JOB_ROW_MAX, short } from './presentShort';
import { strings } from './presentStrings';

export const jobStateLook: Readonly<Record<JobState, { iconId: string; iconColorId?: string }>> = {
  NotStarted: { iconId: 'clock', iconColorId: 'disabledForeground' },
  InProgress: { iconId: 'sync~spin', iconColorId: 'charts.blue' },
  Succeeded: { iconId: 'pass', iconColorId: 'testing.iconPassed' },
  Failed: { iconId: 'error', iconColorId: 'errorForeground' },
  Cancelled: { iconId: 'circle-slash', iconColorId: 'disabledForeground' },
  Suspended: { iconId: 'debug-pause', iconColorId: 'charts.yellow' },
  Other: { iconId: 'question' },
};

/** "InProgress" → "inProgress". */
export function jobStateToken(state: JobState): string {
  return lowerFirst(state);
}

export function jobContextTokens(summary: JobSummary): string[] {
  const tokens = ['job', jobStateToken(summary.state)];
  if (summary.canCancel) {
    tokens.push('canCancel');
  }
  if (summary.canRestart) {
    tokens.push('canRestart');
  }
  if (summary.canResume) {
    tokens.push('canResume');
  }
  return tokens;
}

function stateText(summary: Pick<JobSummary, 'state' | 'stateDescription'>): string {
  const base = strings.job.state[summary.state];
  const d = summary.stateDescription;
  return d && d.toLowerCase() !== summary.state.toLowerCase() && d.toLowerCase() !== base.toLowerCase() ? `${base} (${d})` : base;
}

/**
 * A job row's description, short enough for the sidebar (JOB_ROW_MAX with the label): the state in a
 * word unless the icon says it (a succeeded job's check mark, a running job's spinner), "2/5" tasks while it runs, and
 * the VM (or what else it acts on) when it fits beside the operation's name ("ramh157v03",
 * "ramh157v03 · 2/5", "failed"). The rest is in the tooltip.
 */
function jobDescription(summary: JobSummary): string {
  const running = summary.state === 'InProgress' && summary.progress.total > 0;
  // A succeeded job's check mark and a running job's spinner say their state; the other states are said in a word.
  const iconSays = summary.state === 'Succeeded' || summary.state === 'InProgress';
  const state = running ? strings.job.progress(summary.progress.done, summary.progress.total) : iconSays ? undefined : short.jobState[summary.state];
  const withTarget = [summary.targetName, state].filter((p): p is string => p !== undefined && p.length > 0).join(strings.common.separator);
  const fits = (text: string): boolean => summary.title.length + 1 + text.length <= JOB_ROW_MAX;
  if (fits(withTarget)) return withTarget;
  // A long operation name ("Associate replication policy"): the state when it fits, else the icon alone says it.
  return state !== undefined && fits(state) ? state : '';
}

function jobTooltip(summary: JobSummary): string {
  const j = strings.job;
  const facts: string[] = [];
  if (summary.targetName) {
    facts.push(field(j.target, summary.targetName));
  }
  facts.push(field(j.stateLabel, stateText(summary)));
  // ASR waits for a person: a failback "for downtime" until Resume (said below), a test failover
  // until its cleanup (spec example ReplicationJobs_Resume.json: Suspended, "WaitingForStopTestFailover").
  if (summary.state === 'Suspended' && equalsIgnoreCase(summary.scenarioName, 'TestFailover')) {
    facts.push(escapeMarkdown(j.waitingForCleanup));
  }
  if (summary.currentStep) {
    facts.push(field(j.step, summary.currentStep));
  }
  if (summary.progress.total > 0) {
    facts.push(escapeMarkdown(j.tasks(summary.progress.done, summary.progress.total)));
  }
  if (summary.startTime) {
    facts.push(field(j.started, formatUtc(summary.startTime)));
  }
  if (summary.durationMs !== undefined) {
    facts.push(field(j.duration, formatDuration(summary.durationMs)));
  }
  const errors: string[] = [];
  if (summary.errorMessage) {
    errors.push(field(j.error, summary.errorMessage));
  }
  if (summary.recommendedAction) {
    errors.push(field(j.recommendedAction, summary.recommendedAction));
  }
  const can: string[] = [];
  if (summary.canCancel) {
    can.push(escapeMarkdown(j.canCancel));
  }
  if (summary.canRestart) {
    can.push(escapeMarkdown(j.canRestart));
  }
  if (summary.canResume) {
    can.push(escapeMarkdown(j.canResume));
  }
  return blocks([`**${escapeMarkdown(summary.title)}**`, lines(facts), lines(errors), lines(can)]);
}

/** The tree item of a job in the Jobs view; its children are its tasks. */
export function presentJob(summary: JobSummary): TreeItemModel {
  const look = jobStateLook[summary.state];
  const model: TreeItemModel = {
    id: `job:${summary.jobName}`,
    label: summary.title,
    description: jobDescription(summary),
    iconId: look.iconId,
    tooltip: jobTooltip(summary),
    contextValue: jobContextTokens(summary).join(';'),
    collapsible: summary.progress.total > 0 ? 'collapsed' : 'none',
  };
  if (look.iconColorId !== undefined) {
    model.iconColorId = look.iconColorId;
  }
  return model;
}

function taskErrors(errors: readonly JobErrorLike[] | undefined): string[] {
  const j = strings.job;
  const out: string[] = [];
  for (const e of errors ?? []) {
    const message = e.serviceErrorDetails?.message || e.providerErrorDetails?.errorMessage;
    const action = e.serviceErrorDetails?.recommendedAction || e.providerErrorDetails?.recommendedAction;
    if (message) {
      out.push(field(j.error, message));
    }
    if (action) {
      out.push(field(j.recommendedAction, action));
    }
  }
  return out;
}

/** The tree item of one task of a job (`index`: its position, for a stable id when it has no taskId). */
export function presentJobTask(task: JobTaskLike, jobName: string, index: number): TreeItemModel {
  const state = normalizeJobState(task.state);
  const look = jobStateLook[state];
  const title = task.friendlyName || task.name || `#${index + 1}`;
  const start = asDate(task.startTime);
  const end = asDate(task.endTime);
  const duration = start && end && end.getTime() >= start.getTime() ? formatDuration(end.getTime() - start.getTime()) : undefined;
  const summaryLike = { state, ...(task.stateDescription ? { stateDescription: task.stateDescription } : {}) };
  const description = duration !== undefined ? `${strings.job.state[state]}${strings.common.separator}${duration}` : strings.job.state[state];
  const facts = [field(strings.job.stateLabel, stateText(summaryLike))];
  if (start) {
    facts.push(field(strings.job.started, formatUtc(start)));
  }
  if (duration !== undefined) {
    facts.push(field(strings.job.duration, duration));
  }
  const model: TreeItemModel = {
    id: `job:${jobName}/task:${task.taskId || String(index)}`,
    label: title,
    description,
    iconId: look.iconId,
    tooltip: blocks([`**${escapeMarkdown(title)}**`, lines(facts), lines(taskErrors(task.errors))]),
    contextValue: `jobTask;${jobStateToken(state)}`,
    collapsible: 'none',
  };
  if (look.iconColorId !== undefined) {
    model.iconColorId = look.iconColorId;
  }
  return model;
}
