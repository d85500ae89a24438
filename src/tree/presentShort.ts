// The short words of the tree's descriptions, so each row fits the default 300 px sidebar beside
// its label (issue 13: label and description together within about 34 characters for names such as
// "ramh157v03" or "RAM-H1-7", so a description of about 20); the full sentence is in the tooltip.
// Each string through l10n.t (@vscode/l10n: the presentation is pure, no vscode). Fixed strings are
// getters, so they are looked up when read, after activation.

import * as l10n from '@vscode/l10n';
import type { JobState } from '../model/jobSummary';
import type { ProtectionKind } from '../model/protectionStatus';

/** The longest description a row gets when optional parts are added to it (fitDescription). */
export const DESCRIPTION_MAX = 24;

/** The description of a kind. Replicating and Committing show the model's summary ("Replicating 42%", "Committing failback…"). */
const kind: Readonly<Record<Exclude<ProtectionKind, 'Replicating' | 'Committing'>, string>> = {
  get NotProtected() {
    return l10n.t('Not protected');
  },
  get ProtectionUnknown() {
    return l10n.t('Protection unknown');
  },
  get EnablingProtection() {
    return l10n.t('Enabling…');
  },
  get Protected() {
    return l10n.t('Protected');
  },
  get TestFailoverRunning() {
    return l10n.t('Test failover…');
  },
  get TestFailoverCleanupPending() {
    return l10n.t('Cleanup pending');
  },
  get TestFailoverCleaningUp() {
    return l10n.t('Cleaning up…');
  },
  get FailingOver() {
    return l10n.t('Failing over…');
  },
  get FailoverCommitPending() {
    return l10n.t('Commit pending');
  },
  get FailedOver() {
    return l10n.t('In Azure');
  },
  get FailingBack() {
    return l10n.t('Failing back…');
  },
  get FailbackCommitPending() {
    return l10n.t('Commit failback');
  },
  get ReverseReplicationPending() {
    return l10n.t('Reprotect pending');
  },
  get DisablingProtection() {
    return l10n.t('Disabling…');
  },
  get Error() {
    return l10n.t('Error');
  },
};

/** A job's state in its row's description. */
const jobState: Readonly<Record<JobState, string>> = {
  get NotStarted() {
    return l10n.t('queued');
  },
  get InProgress() {
    return l10n.t('running');
  },
  get Succeeded() {
    return l10n.t('done');
  },
  get Failed() {
    return l10n.t('failed');
  },
  get Cancelled() {
    return l10n.t('cancelled');
  },
  get Suspended() {
    return l10n.t('waiting');
  },
  get Other() {
    return l10n.t('unknown');
  },
};

export const short = {
  kind,
  get notSupported() {
    return l10n.t('Not supported');
  },
  get unreadable() {
    return l10n.t('Unreadable item');
  },
  get critical() {
    return l10n.t('critical');
  },
  get warning() {
    return l10n.t('warning');
  },
  get stale() {
    return l10n.t('(stale)');
  },
  jobState,
  /** A host's VMs when ASR has been read: "3/5 protected". */
  protectedOf: (protectedCount: number, total: number): string => l10n.t('{0}/{1} protected', protectedCount, total),
  /** A host's VMs before ASR has been read: "5 VMs". */
  vms: (n: number): string => (n === 1 ? l10n.t('{0} VM', n) : l10n.t('{0} VMs', n)),
  get unregisteredHosts() {
    return l10n.t('Unregistered hosts');
  },
} as const;

/**
 * `base` followed by as many of `extras` (in order, each after a space) as fit within
 * DESCRIPTION_MAX characters; an extra that does not fit is left out (it is in the tooltip).
 */
export function fitDescription(base: string, extras: readonly string[]): string {
  let text = base;
  for (const extra of extras) {
    const longer = `${text} ${extra}`;
    if (longer.length <= DESCRIPTION_MAX) {
      text = longer;
    }
  }
  return text;
}
