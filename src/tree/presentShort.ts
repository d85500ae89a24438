// The short words of the tree's descriptions, so each row fits the default 300 px sidebar beside
// its label; the full sentence is in the tooltip. Measured in the end-to-end suite (test/e2e, the
// essentials scenario at a 300 px sidebar): a VM row, four levels deep with its badge, shows its
// name ("ramh157v05") and about 17 characters of description before VS Code cuts it ("Protected ·
// criti…" was cut); a job row, one level deep, about 34 characters in all ("Enable replication
// ramh157v02 · d…" was cut). Each string through l10n.t (@vscode/l10n: the presentation is pure,
// no vscode). Fixed strings are getters, so they are looked up when read, after activation.

import * as l10n from '@vscode/l10n';
import type { JobState } from '../model/jobSummary';
import type { ProtectionKind } from '../model/protectionStatus';

/** The longest description a VM row gets when optional parts are added to it (fitDescription). */
export const DESCRIPTION_MAX = 17;

/** A job row's label and description together, at most (jobs are one level deep, with no badge). */
export const JOB_ROW_MAX = 34;

/** The description of a kind. Replicating shows the model's summary ("Replicating 42%"). */
const kind: Readonly<Record<Exclude<ProtectionKind, 'Replicating'>, string>> = {
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
  get Committing() {
    return l10n.t('Committing…');
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
    return l10n.t('Not replicating');
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
  /** The description of a VM whose health is critical when "<state> · critical" does not fit: the health first. */
  /** An action being started on a VM (the tree's transient state), when its own text is too long. */
  get starting() {
    return l10n.t('Starting…');
  },
  get criticalHealth() {
    return l10n.t('Critical health');
  },
  get healthWarning() {
    return l10n.t('Health warning');
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
  /** The vault row while the estate shown is the one saved before the window reloaded: "cached 4 min ago". */
  cachedAge: (age: string): string => l10n.t('cached {0}', age),
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
