// What the job status bar item shows, as plain data: the UI layer copies it onto a
// vscode.StatusBarItem (tooltip as a MarkdownString with supportThemeIcons, not trusted). It
// follows the running jobs and the estate's VMs in initial replication (whose enable job has long
// ended): "Replicating 1 VM · 42%", the percentage the tree shows.

import * as l10n from '@vscode/l10n';
import { allVms, type EstateSnapshot } from '../estate';
import type { JobSummary } from '../model/jobSummary';
import type { DrillRecord } from '../model/drillRecord';
import { drillTitle, drillVmLine } from '../drills/drillPresentation';
import type { JobsSnapshot } from './types';

export const showJobsCommand = 'azureSiteRecovery.showJobs';

/** Product icons in the status bar's text and tooltip (not words: not translated). */
const ERROR_ICON = '$(error)';
const RUNNING_ICON = '$(sync~spin)';

export interface StatusBarModel {
  visible: boolean;
  text: string;
  /** Markdown. Every piece of user or Azure data in it is escaped. */
  tooltip: string;
  backgroundColorId?: 'statusBarItem.errorBackground';
  command: typeof showJobsCommand;
}

/**
 * Escapes text for a Markdown tooltip: every ASCII punctuation character gets a backslash (so no
 * emphasis, link, HTML, autolink or `$(icon)` syntax survives) and line breaks become spaces.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

function progressText(s: JobSummary): string | undefined {
  return s.progress.total > 0 ? `${s.progress.done}/${s.progress.total}` : undefined;
}

function jobLine(s: JobSummary): string {
  const parts: string[] = [`**${escapeMarkdown(s.title)}**`];
  if (s.targetName) {
    parts.push(escapeMarkdown(s.targetName));
  }
  const step = [s.currentStep ? escapeMarkdown(s.currentStep) : undefined, progressText(s)].filter((p) => p !== undefined).join(' ');
  if (step) {
    parts.push(step);
  }
  if (s.state === 'Suspended' || s.state === 'NotStarted') {
    parts.push(`*${s.state === 'Suspended' ? l10n.t('waiting') : l10n.t('not started')}*`);
  }
  return `- ${parts.join(' · ')}`;
}

function failureLine(s: JobSummary): string {
  const head = [`**${escapeMarkdown(s.title)}**`, s.targetName ? escapeMarkdown(s.targetName) : undefined].filter((p) => p !== undefined).join(' · ');
  return s.errorMessage ? `- ${head}: ${escapeMarkdown(s.errorMessage)}` : `- ${head}`;
}

/** The status bar's text while jobs run: how many, and how many failed unseen. */
function runningText(running: number, failed: number): string {
  if (failed === 0) return running === 1 ? l10n.t('ASR: 1 job') : l10n.t('ASR: {0} jobs', running);
  return running === 1 ? l10n.t('ASR: 1 job, {0} failed', failed) : l10n.t('ASR: {0} jobs, {1} failed', running, failed);
}

/** A VM in initial replication (or replicating again after a reverse replication). */
export interface ReplicatingVm {
  name: string;
  /** 0..100, as the tree shows it, when ASR reports it. */
  percent?: number;
}

/** Each snapshot's replicating VMs, found once: the status bar asks on every job poll too, when the estate is the same. */
const replicatingOf = new WeakMap<EstateSnapshot, readonly ReplicatingVm[]>();

/** The estate's VMs that replicate now (kind Replicating), with their percentage. */
export function replicatingVms(estate: EstateSnapshot | undefined): readonly ReplicatingVm[] {
  if (!estate) return [];
  let vms = replicatingOf.get(estate);
  if (!vms) {
    vms = allVms(estate)
      .filter((v) => v.status.kind === 'Replicating')
      .map((v) => (v.status.progressPercent !== undefined ? { name: v.name, percent: v.status.progressPercent } : { name: v.name }));
    replicatingOf.set(estate, vms);
  }
  return vms;
}

/** The mean of the percentages known, rounded; undefined when none is. */
function meanPercent(vms: readonly ReplicatingVm[]): number | undefined {
  const known = vms.map((v) => v.percent).filter((p): p is number => p !== undefined);
  return known.length > 0 ? Math.round(known.reduce((a, b) => a + b, 0) / known.length) : undefined;
}

/** "Replicating 1 VM · 42%". */
function replicatingText(vms: readonly ReplicatingVm[]): string {
  const count = vms.length === 1 ? l10n.t('Replicating 1 VM') : l10n.t('Replicating {0} VMs', vms.length);
  const percent = meanPercent(vms);
  return percent !== undefined ? `${count} · ${percent}%` : count;
}

function replicatingSection(vms: readonly ReplicatingVm[]): string[] {
  const heading = vms.length === 1 ? l10n.t('Initial replication: 1 VM') : l10n.t('Initial replication: {0} VMs', vms.length);
  const line = (v: ReplicatingVm): string => `- ${escapeMarkdown(v.name)}${v.percent !== undefined ? ` · ${v.percent}%` : ''}`;
  return [`**${heading}**`, vms.map(line).join('\n')];
}

function failedSections(snapshot: JobsSnapshot | undefined, failed: number): string[] {
  // Unseen failures are the newest ones: they ended after the last failure that was looked at.
  const failures = (snapshot?.recent ?? []).filter((s) => s.state === 'Failed').slice(0, failed);
  const sections = [`${ERROR_ICON} **${failed === 1 ? l10n.t('1 job failed') : l10n.t('{0} jobs failed', failed)}**`];
  if (failures.length > 0) sections.push(failures.map(failureLine).join('\n'));
  return sections;
}

/** A DR drill in flight: one entry with its VMs; its own ASR jobs (`jobNames`, lower-case) are not counted again. */
export interface DrillInFlight {
  record: DrillRecord;
  jobNames: ReadonlySet<string>;
}

/** The DR drill in flight (src/drills/drillHost.ts), for the status bar and the Jobs view. */
export interface DrillSource {
  drillInFlight(): DrillInFlight | undefined;
  onDidChange(listener: () => void): { dispose(): void };
}

/** The item's text: the drill, the running jobs (with the unseen failures), the VMs replicating, else the failures. */
function itemText(running: number, failed: number, replicating: readonly ReplicatingVm[], drill: DrillInFlight | undefined): string {
  const parts: string[] = drill ? [drillTitle(drill.record)] : [];
  if (running > 0) parts.push(runningText(running, failed));
  if (replicating.length > 0) parts.push(replicatingText(replicating));
  if (parts.length === 0) return `${ERROR_ICON} ${failed === 1 ? l10n.t('ASR: 1 job failed') : l10n.t('ASR: {0} jobs failed', failed)}`;
  if (running === 0 && failed > 0) parts.push(failed === 1 ? l10n.t('1 job failed') : l10n.t('{0} jobs failed', failed));
  return `${RUNNING_ICON} ${parts.join(' · ')}`;
}

/**
 * The status bar item for a snapshot of the jobs and the VMs in initial replication; hidden when
 * no job runs, no VM replicates and no failure is unseen.
 */
export function statusBarModel(snapshot: JobsSnapshot | undefined, replicating: readonly ReplicatingVm[] = [], drill?: DrillInFlight): StatusBarModel {
  const running = (snapshot?.active ?? []).filter((j) => !drill?.jobNames.has(j.jobName.toLowerCase()));
  const failed = snapshot?.failedSinceSeen ?? 0;
  if (running.length === 0 && failed === 0 && replicating.length === 0 && !drill) {
    return { visible: false, text: '', tooltip: '', command: showJobsCommand };
  }
  const sections: string[] = [];
  if (drill) sections.push(`**${escapeMarkdown(drillTitle(drill.record))}**`, drill.record.vms.map((v) => `- ${escapeMarkdown(drillVmLine(v))}`).join('\n'));
  if (running.length > 0) {
    const heading = running.length === 1 ? l10n.t('Azure Site Recovery: 1 job running') : l10n.t('Azure Site Recovery: {0} jobs running', running.length);
    sections.push(`**${heading}**`, running.map(jobLine).join('\n'));
  }
  if (replicating.length > 0) sections.push(...replicatingSection(replicating));
  if (failed > 0) sections.push(...failedSections(snapshot, failed));
  sections.push(l10n.t('Click to show the jobs.'));
  const model: StatusBarModel = {
    visible: true,
    text: itemText(running.length, failed, replicating, drill),
    tooltip: sections.join('\n\n'),
    command: showJobsCommand,
  };
  if (failed > 0) {
    model.backgroundColorId = 'statusBarItem.errorBackground';
  }
  return model;
}
