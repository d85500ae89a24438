// The notification shown when a job the user started ends, as plain data: the UI layer shows it
// with showInformationMessage / showErrorMessage and runs the chosen action's command.

import * as l10n from '@vscode/l10n';
import type { JobSummary } from '../model/jobSummary';
import { showJobsCommand } from './statusBarModel';
import type { JobAction, JobEndedEvent, JobWatchInfo } from './types';

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

type Phrases = Pick<Wording, 'what' | 'succeeded'>;

/**
 * What ended and its success message, for each scenario, with the VM's name (`vm`) or without it
 * (''): whole sentences, so that a translation may place the name where its language wants it.
 */
const scenarioPhrases = {
  testFailover: (vm: string): Phrases =>
    vm
      ? {
          what: l10n.t('Test failover of "{0}"', vm),
          succeeded: l10n.t('Test failover of "{0}" finished: the test VM is running in Azure. Clean it up when you are done testing.', vm),
        }
      : { what: l10n.t('Test failover'), succeeded: l10n.t('Test failover finished: the test VM is running in Azure. Clean it up when you are done testing.') },
  testFailoverCleanup: (vm: string): Phrases =>
    vm
      ? { what: l10n.t('Test failover cleanup for "{0}"', vm), succeeded: l10n.t('Test failover of "{0}" cleaned up: the test VM is removed.', vm) }
      : { what: l10n.t('Test failover cleanup'), succeeded: l10n.t('Test failover cleaned up: the test VM is removed.') },
  failback: (vm: string): Phrases =>
    vm
      ? { what: l10n.t('Failback of "{0}"', vm), succeeded: l10n.t('Failback of "{0}" finished: "{0}" is running on-premises. Commit to complete the failback.', vm) }
      : { what: l10n.t('Failback'), succeeded: l10n.t('Failback finished: the VM is running on-premises. Commit to complete the failback.') },
  plannedFailover: (vm: string): Phrases =>
    vm
      ? {
          what: l10n.t('Planned failover of "{0}"', vm),
          succeeded: l10n.t('Planned failover of "{0}" finished: "{0}" is running in Azure. Commit to complete the failover.', vm),
        }
      : { what: l10n.t('Planned failover'), succeeded: l10n.t('Planned failover finished: the VM is running in Azure. Commit to complete the failover.') },
  unplannedFailover: (vm: string): Phrases =>
    vm
      ? {
          what: l10n.t('Unplanned failover of "{0}"', vm),
          succeeded: l10n.t('Unplanned failover of "{0}" finished: "{0}" is running in Azure. Commit to complete the failover.', vm),
        }
      : { what: l10n.t('Unplanned failover'), succeeded: l10n.t('Unplanned failover finished: the VM is running in Azure. Commit to complete the failover.') },
  commitFailback: (vm: string): Phrases =>
    vm
      ? {
          what: l10n.t('Commit of the failback of "{0}"', vm),
          succeeded: l10n.t('Failback of "{0}" committed: "{0}" is back on-premises. Start reverse replication to protect it again.', vm),
        }
      : {
          what: l10n.t('Commit of the failback'),
          succeeded: l10n.t('Failback committed: the VM is back on-premises. Start reverse replication to protect it again.'),
        },
  commitFailover: (vm: string): Phrases =>
    vm
      ? { what: l10n.t('Commit of the failover of "{0}"', vm), succeeded: l10n.t('Failover of "{0}" committed: "{0}" runs in Azure.', vm) }
      : { what: l10n.t('Commit of the failover'), succeeded: l10n.t('Failover committed: the VM runs in Azure.') },
  enableDr: (vm: string): Phrases =>
    vm
      ? { what: l10n.t('Enabling replication for "{0}"', vm), succeeded: l10n.t('Replication enabled for "{0}". Initial replication continues in the background.', vm) }
      : { what: l10n.t('Enabling replication'), succeeded: l10n.t('Replication enabled. Initial replication continues in the background.') },
  disableDr: (vm: string): Phrases =>
    vm
      ? { what: l10n.t('Disabling replication for "{0}"', vm), succeeded: l10n.t('Replication disabled for "{0}".', vm) }
      : { what: l10n.t('Disabling replication'), succeeded: l10n.t('Replication disabled.') },
  reverseReplication: (vm: string): Phrases =>
    vm
      ? { what: l10n.t('Reverse replication for "{0}"', vm), succeeded: l10n.t('Reverse replication for "{0}" is set up: "{0}" replicates to Azure again.', vm) }
      : { what: l10n.t('Reverse replication'), succeeded: l10n.t('Reverse replication is set up: the VM replicates to Azure again.') },
  /** A job of another kind: ASR's title for it. */
  other: (vm: string, title: string): Phrases =>
    vm ? { what: l10n.t('{0} for "{1}"', title, vm), succeeded: l10n.t('{0} for "{1}" finished.', title, vm) } : { what: title, succeeded: l10n.t('{0} finished.', title) },
};

function wording(summary: JobSummary, vm: string, info: JobWatchInfo | undefined): Wording {
  const step = (title: string, command: string): JobAction => (info?.nextStepArgs !== undefined ? { title, command, args: info.nextStepArgs } : { title, command });
  const failback = isFailback(summary, info);
  const failover = is(summary, 'PlannedFailover') || is(summary, 'UnplannedFailover');

  if (is(summary, 'TestFailover')) {
    return { ...scenarioPhrases.testFailover(vm), nextStep: step(l10n.t('Clean up test failover'), jobCommands.cleanupTestFailover) };
  }
  if (is(summary, 'TestFailoverCleanup')) {
    return scenarioPhrases.testFailoverCleanup(vm);
  }
  if (failover && failback) {
    return { ...scenarioPhrases.failback(vm), nextStep: step(l10n.t('Commit'), jobCommands.commitFailover) };
  }
  if (failover) {
    const phrases = is(summary, 'PlannedFailover') ? scenarioPhrases.plannedFailover(vm) : scenarioPhrases.unplannedFailover(vm);
    return { ...phrases, nextStep: step(l10n.t('Commit'), jobCommands.commitFailover) };
  }
  if (is(summary, 'Commit') && failback) {
    return { ...scenarioPhrases.commitFailback(vm), nextStep: step(l10n.t('Reverse replication'), jobCommands.reverseReplication) };
  }
  if (is(summary, 'Commit')) {
    return scenarioPhrases.commitFailover(vm);
  }
  if (is(summary, 'EnableDr')) {
    return scenarioPhrases.enableDr(vm);
  }
  if (is(summary, 'DisableDr')) {
    return scenarioPhrases.disableDr(vm);
  }
  if (is(summary, 'ReverseReplication')) {
    return scenarioPhrases.reverseReplication(vm);
  }
  return scenarioPhrases.other(vm, summary.title);
}

function showDetailsAction(): JobAction {
  return { title: l10n.t('Show details'), command: jobCommands.showJobs };
}

/**
 * The notification for a job the user started that has ended: success names the VM and what
 * finished and offers the next step; failure gives ASR's reason and "Show details"; a cancelled
 * job says so. Never a stack trace.
 */
export function jobEndedNotification(summary: JobSummary, info?: JobWatchInfo): JobNotification {
  const vm = (info?.vmName || summary.targetName || '').trim();
  const w = wording(summary, vm, info);
  const showDetails = showDetailsAction();

  if (summary.state === 'Failed') {
    const reason = cleanReason(summary.errorMessage);
    const action = cleanReason(summary.recommendedAction);
    let message = reason ? l10n.t('{0} failed: {1}', w.what, sentence(reason)) : l10n.t('{0} failed.', w.what);
    if (action) {
      message += ` ${sentence(action)}`;
    }
    return { severity: 'error', message, actions: [showDetails] };
  }
  if (summary.state === 'Cancelled') {
    return { severity: 'info', message: l10n.t('{0} was cancelled.', w.what), actions: [] };
  }
  if (summary.state !== 'Succeeded') {
    return { severity: 'info', message: l10n.t('{0} ended ({1}).', w.what, summary.state), actions: [showDetails] };
  }
  const nextStep = info?.nextStep ?? w.nextStep;
  const actions: JobAction[] = nextStep ? [nextStep] : [];
  const partial = (summary.stateDescription ?? '').toLowerCase() === 'partiallysucceeded';
  if (partial) {
    actions.push(showDetails);
    return { severity: 'info', message: l10n.t('{0} Some steps finished with warnings.', w.succeeded), actions };
  }
  return { severity: 'info', message: w.succeeded, actions };
}

/** A failback with data sync "for downtime", waiting for Resume after the first copy. */
function failbackWaitingMessage(vm: string): string {
  return vm
    ? l10n.t(
        'Failback of "{0}" is waiting for you: the data has been copied to the host while "{0}" keeps running in Azure. Resume when the downtime suits you: the Azure VM shuts down, the last changes are copied and the VM starts on its host.',
        vm,
      )
    : l10n.t(
        'Failback is waiting for you: the data has been copied to the host while the VM keeps running in Azure. Resume when the downtime suits you: the Azure VM shuts down, the last changes are copied and the VM starts on its host.',
      );
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
  const showDetails = showDetailsAction();
  if (is(summary, 'TestFailover')) {
    const nextStep = info?.nextStep ?? w.nextStep;
    return { severity: 'info', message: w.succeeded, actions: nextStep ? [nextStep] : [] };
  }
  const resume: JobAction[] = summary.canResume ? [{ title: l10n.t('Resume'), command: jobCommands.resumeJob, args: [{ jobName: summary.jobName }] }] : [];
  if ((is(summary, 'PlannedFailover') || is(summary, 'UnplannedFailover')) && isFailback(summary, info)) {
    return { severity: 'info', message: failbackWaitingMessage(vm), actions: [...resume, showDetails] };
  }
  const why = summary.stateDescription && summary.stateDescription.toLowerCase() !== 'suspended' ? summary.stateDescription : undefined;
  const waits = why !== undefined ? l10n.t('{0} is waiting for you ({1}).', w.what, why) : l10n.t('{0} is waiting for you.', w.what);
  return { severity: 'info', message: summary.canResume ? `${waits} ${l10n.t('Resume it to go on.')}` : waits, actions: [...resume, showDetails] };
}

/**
 * The notification for a watched job that ended or waits for the user, or none when the wizard
 * that started it shows it now (its page says how the job ended and offers the next step itself).
 * A job started elsewhere (the palette, the tree), or whose wizard was closed, still notifies.
 */
export function notificationFor(event: JobEndedEvent, kind: 'ended' | 'waiting'): JobNotification | undefined {
  if (event.info?.owner?.showsEnd() === true) return undefined;
  return kind === 'ended' ? jobEndedNotification(event.summary, event.info) : jobWaitingNotification(event.summary, event.info);
}
