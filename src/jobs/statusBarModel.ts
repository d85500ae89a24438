// What the job status bar item shows, as plain data: the UI layer copies it onto a
// vscode.StatusBarItem (tooltip as a MarkdownString with supportThemeIcons, not trusted).

import * as l10n from '@vscode/l10n';
import type { JobSummary } from '../model/jobSummary';
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

/** The status bar item for a snapshot; hidden when nothing runs and no failure is unseen. */
export function statusBarModel(snapshot: JobsSnapshot | undefined): StatusBarModel {
  const running = snapshot?.active ?? [];
  const failed = snapshot?.failedSinceSeen ?? 0;
  if (running.length === 0 && failed === 0) {
    return { visible: false, text: '', tooltip: '', command: showJobsCommand };
  }
  const sections: string[] = [];
  if (running.length > 0) {
    const heading = running.length === 1 ? l10n.t('Azure Site Recovery: 1 job running') : l10n.t('Azure Site Recovery: {0} jobs running', running.length);
    sections.push(`**${heading}**`, running.map(jobLine).join('\n'));
  }
  if (failed > 0) {
    // Unseen failures are the newest ones: they ended after the last failure that was looked at.
    const failures = (snapshot?.recent ?? []).filter((s) => s.state === 'Failed').slice(0, failed);
    sections.push(`${ERROR_ICON} **${failed === 1 ? l10n.t('1 job failed') : l10n.t('{0} jobs failed', failed)}**`);
    if (failures.length > 0) {
      sections.push(failures.map(failureLine).join('\n'));
    }
  }
  sections.push(l10n.t('Click to show the jobs.'));
  const model: StatusBarModel = {
    visible: true,
    text:
      running.length > 0
        ? `${RUNNING_ICON} ${runningText(running.length, failed)}`
        : `${ERROR_ICON} ${failed === 1 ? l10n.t('ASR: 1 job failed') : l10n.t('ASR: {0} jobs failed', failed)}`,
    tooltip: sections.join('\n\n'),
    command: showJobsCommand,
  };
  if (failed > 0) {
    model.backgroundColorId = 'statusBarItem.errorBackground';
  }
  return model;
}
