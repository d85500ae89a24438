// The notification shown when a job the user started ends, as plain data: the UI layer shows it
// with showInformationMessage / showErrorMessage and runs the chosen action's command.

import type { JobSummary } from '../model/jobSummary';
import { showJobsCommand } from './statusBarModel';
import type { JobAction, JobWatchInfo } from './types';

export interface JobNotification {
  severity: 'info' | 'error';
  message: string;
  actions: JobAction[];
}

export const jobCommands = {
  cleanupTestFailover: 'azureSiteRecovery.cleanupTestFailover',
  resumeJob: 'azureSiteRecovery.resumeJob',
  commitFailover: 'azureSiteRecovery.commitFailover',
  reverseReplication: 'azureSiteRecovery.reverseReplication',
  showJobs: showJobsCommand,
} as const;

const maxReasonLength = 400;

function is(summary: JobSummary, scenario: string): boolean {
  return (summary.scenarioName ?? '').toLowerCase() === scenario.toLowerCase();
}

/** info.direction, else "failback" in the job's title or steps (ASR and the lab name them so). */
function isFailback(summary: JobSummary, info: JobWatchInfo | undefined): boolean {
  if (info?.direction !== undefined) {
    return info.direction === 'fromAzure';
  }
  return [summary.title, summary.currentStep, summary.stateDescription].some((t) => t !== undefined && /fail[\s-]?back/i.test(t));
}

/** One line of ASR's error text: no stack frames, no line breaks, bounded length. */
export function cleanReason(text: string | undefined): string | undefined {
  if (text === undefined) {
    return undefined;
  }
  const lines = text.split(/\r?\n/);
  const frame = lines.findIndex((l) => /^\s*at\s+\S/.test(l) || /^\s*(---\s*End of|Stack ?trace)/i.test(l));
  const kept = (frame >= 0 ? lines.slice(0, frame) : lines).join(' ').replace(/\s+/g, ' ').trim();
  if (kept.length === 0) {
    return undefined;
  }
  return kept.length > maxReasonLength ? `${kept.slice(0, maxReasonLength - 1).trimEnd()}…` : kept;
}

function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

interface Wording {
  /** "Test failover of "vm"" */
  what: string;
  /** The success message. */
  succeeded: string;
  nextStep?: JobAction;
}

function wording(summary: JobSummary, vm: string, info: JobWatchInfo | undefined): Wording {
  const of = vm ? ` of "${vm}"` : '';
  const forVm = vm ? ` for "${vm}"` : '';
  const subject = vm ? `"${vm}"` : 'the VM';
  const step = (title: string, command: string): JobAction =>
    info?.nextStepArgs !== undefined ? { title, command, args: info.nextStepArgs } : { title, command };
  const failback = isFailback(summary, info);

  if (is(summary, 'TestFailover')) {
    return {
      what: `Test failover${of}`,
      succeeded: `Test failover${of} finished: the test VM is running in Azure. Clean it up when you are done testing.`,
      nextStep: step('Clean up test failover', jobCommands.cleanupTestFailover),
    };
  }
  if (is(summary, 'TestFailoverCleanup')) {
    return { what: `Test failover cleanup${forVm}`, succeeded: `Test failover${of} cleaned up: the test VM is removed.` };
  }
  if ((is(summary, 'PlannedFailover') || is(summary, 'UnplannedFailover')) && failback) {
    return {
      what: `Failback${of}`,
      succeeded: `Failback${of} finished: ${subject} is running on-premises. Commit to complete the failback.`,
      nextStep: step('Commit', jobCommands.commitFailover),
    };
  }
  if (is(summary, 'PlannedFailover') || is(summary, 'UnplannedFailover')) {
    const kind = is(summary, 'PlannedFailover') ? 'Planned failover' : 'Unplanned failover';
    return {
      what: `${kind}${of}`,
      succeeded: `${kind}${of} finished: ${subject} is running in Azure. Commit to complete the failover.`,
      nextStep: step('Commit', jobCommands.commitFailover),
    };
  }
  if (is(summary, 'Commit') && failback) {
    return {
      what: `Commit of the failback${of}`,
      succeeded: `Failback${of} committed: ${subject} is back on-premises. Start reverse replication to protect it again.`,
      nextStep: step('Reverse replication', jobCommands.reverseReplication),
    };
  }
  if (is(summary, 'Commit')) {
    return { what: `Commit of the failover${of}`, succeeded: `Failover${of} committed: ${subject} runs in Azure.` };
  }
  if (is(summary, 'EnableDr')) {
    return {
      what: `Enabling replication${forVm}`,
      succeeded: `Replication enabled${forVm}. Initial replication continues in the background.`,
    };
  }
  if (is(summary, 'DisableDr')) {
    return { what: `Disabling replication${forVm}`, succeeded: `Replication disabled${forVm}.` };
  }
  if (is(summary, 'ReverseReplication')) {
    return {
      what: `Reverse replication${forVm}`,
      succeeded: `Reverse replication${forVm} is set up: ${subject} replicates to Azure again.`,
    };
  }
  const title = summary.title;
  return { what: `${title}${forVm}`, succeeded: `${title}${forVm} finished.` };
}

/**
 * The notification for a job the user started that has ended: success names the VM and what
 * finished and offers the next step; failure gives ASR's reason and "Show details"; a cancelled
 * job says so. Never a stack trace.
 */
export function jobEndedNotification(summary: JobSummary, info?: JobWatchInfo): JobNotification {
  const vm = (info?.vmName || summary.targetName || '').trim();
  const w = wording(summary, vm, info);
  const showDetails: JobAction = { title: 'Show details', command: jobCommands.showJobs };

  if (summary.state === 'Failed') {
    const reason = cleanReason(summary.errorMessage);
    const action = cleanReason(summary.recommendedAction);
    let message = reason ? `${w.what} failed: ${sentence(reason)}` : `${w.what} failed.`;
    if (action) {
      message += ` ${sentence(action)}`;
    }
    return { severity: 'error', message, actions: [showDetails] };
  }
  if (summary.state === 'Cancelled') {
    return { severity: 'info', message: `${w.what} was cancelled.`, actions: [] };
  }
  if (summary.state !== 'Succeeded') {
    return { severity: 'info', message: `${w.what} ended (${summary.state}).`, actions: [showDetails] };
  }
  const nextStep = info?.nextStep ?? w.nextStep;
  const actions: JobAction[] = nextStep ? [nextStep] : [];
  const partial = (summary.stateDescription ?? '').toLowerCase() === 'partiallysucceeded';
  if (partial) {
    actions.push(showDetails);
    return { severity: 'info', message: `${w.succeeded} Some steps finished with warnings.`, actions };
  }
  return { severity: 'info', message: w.succeeded, actions };
}

/**
 * The notification for a job the user started that now waits for them (Suspended). A test failover
 * waits for its cleanup: it reads as finished and offers the cleanup. A failback with data sync
 * "for downtime" waits after the first copy until Resume (Start-AzRecoveryServicesAsrPlannedFailoverJob
 * -Optimize help: "After synchronization is complete, the job is suspended. Resume the job …"):
 * it says so and offers Resume when ASR allows it. Any other suspended job says it waits.
 */
export function jobWaitingNotification(summary: JobSummary, info?: JobWatchInfo): JobNotification {
  const vm = (info?.vmName || summary.targetName || '').trim();
  const w = wording(summary, vm, info);
  const showDetails: JobAction = { title: 'Show details', command: jobCommands.showJobs };
  if (is(summary, 'TestFailover')) {
    const nextStep = info?.nextStep ?? w.nextStep;
    return { severity: 'info', message: w.succeeded, actions: nextStep ? [nextStep] : [] };
  }
  const resume: JobAction[] = summary.canResume ? [{ title: 'Resume', command: jobCommands.resumeJob, args: [{ jobName: summary.jobName }] }] : [];
  if ((is(summary, 'PlannedFailover') || is(summary, 'UnplannedFailover')) && isFailback(summary, info)) {
    const subject = vm ? `"${vm}"` : 'the VM';
    return {
      severity: 'info',
      message: `Failback${vm ? ` of "${vm}"` : ''} is waiting for you: the data has been copied to the host while ${subject} keeps running in Azure. Resume when the downtime suits you: the Azure VM shuts down, the last changes are copied and the VM starts on its host.`,
      actions: [...resume, showDetails],
    };
  }
  const why = summary.stateDescription && summary.stateDescription.toLowerCase() !== 'suspended' ? ` (${summary.stateDescription})` : '';
  return { severity: 'info', message: `${w.what} is waiting for you${why}.${summary.canResume ? ' Resume it to go on.' : ''}`, actions: [...resume, showDetails] };
}
