// Every user-facing string of the tree presentation, in one place, each through l10n.t
// (@vscode/l10n: the presentation is pure, no vscode; activate() hands it VS Code's bundle).
// Fixed strings are getters, so they are looked up when read, after activation.

import * as l10n from '@vscode/l10n';
import type { JobState } from '../model/jobSummary';
import type { ProtectionHealth, ProtectionKind } from '../model/protectionStatus';

const badgeTooltip: Readonly<Record<ProtectionKind, string>> = {
  get NotProtected() {
    return l10n.t('Not protected');
  },
  get ProtectionUnknown() {
    return l10n.t('Protection unknown');
  },
  get EnablingProtection() {
    return l10n.t('Enabling protection');
  },
  get Replicating() {
    return l10n.t('Replicating (initial replication)');
  },
  get Protected() {
    return l10n.t('Protected');
  },
  get TestFailoverRunning() {
    return l10n.t('Test failover running');
  },
  get TestFailoverCleanupPending() {
    return l10n.t('Test failover: cleanup pending');
  },
  get TestFailoverCleaningUp() {
    return l10n.t('Cleaning up test failover');
  },
  get FailingOver() {
    return l10n.t('Failing over');
  },
  get FailoverCommitPending() {
    return l10n.t('Failed over: commit pending');
  },
  get Committing() {
    return l10n.t('Committing');
  },
  get FailedOver() {
    return l10n.t('Running in Azure');
  },
  get FailingBack() {
    return l10n.t('Failing back');
  },
  get FailbackCommitPending() {
    return l10n.t('Failed back: commit pending');
  },
  get ReverseReplicationPending() {
    return l10n.t('Failed back: reverse replication pending');
  },
  get DisablingProtection() {
    return l10n.t('Disabling protection');
  },
  get Error() {
    return l10n.t('Error');
  },
};

const jobState: Readonly<Record<JobState, string>> = {
  get NotStarted() {
    return l10n.t('Not started');
  },
  get InProgress() {
    return l10n.t('In progress');
  },
  get Succeeded() {
    return l10n.t('Succeeded');
  },
  get Failed() {
    return l10n.t('Failed');
  },
  get Cancelled() {
    return l10n.t('Cancelled');
  },
  get Suspended() {
    return l10n.t('Suspended');
  },
  get Other() {
    return l10n.t('Unknown state');
  },
};

const health: Readonly<Record<ProtectionHealth, string>> = {
  get Normal() {
    return l10n.t('Normal');
  },
  get Warning() {
    return l10n.t('Warning');
  },
  get Critical() {
    return l10n.t('Critical');
  },
};

/** The count as the tree writes numbers (1,234), whatever the language. */
function count(n: number): string {
  return n.toLocaleString('en-US');
}

export const strings = {
  common: {
    separator: ' · ',
    get yes() {
      return l10n.t('yes');
    },
    get no() {
      return l10n.t('no');
    },
    get unknown() {
      return l10n.t('unknown');
    },
  },
  time: {
    get justNow() {
      return l10n.t('just now');
    },
    secondsAgo: (n: number): string => l10n.t('{0} s ago', n),
    minutesAgo: (n: number): string => l10n.t('{0} min ago', n),
    hoursAgo: (n: number): string => l10n.t('{0} h ago', n),
    daysAgo: (n: number): string => (n === 1 ? l10n.t('{0} day ago', count(n)) : l10n.t('{0} days ago', count(n))),
    everySeconds: (n: number): string => l10n.t('every {0} s', n),
    everyMinutes: (n: number): string => l10n.t('every {0} min', n),
    everyHours: (n: number): string => l10n.t('every {0} h', n),
    durationSeconds: (n: number): string => l10n.t('{0} s', n),
    durationMinutes: (m: number, s: number): string => (s > 0 ? l10n.t('{0} min {1} s', m, s) : l10n.t('{0} min', m)),
    durationHours: (h: number, m: number): string => (m > 0 ? l10n.t('{0} h {1} min', h, m) : l10n.t('{0} h', h)),
  },
  vm: {
    badgeTooltip,
    badgeCritical: (kindText: string): string => l10n.t('{0}; replication health is critical', kindText),
    badgeWarning: (kindText: string): string => l10n.t('{0}; replication health warning', kindText),
    get powerState() {
      return l10n.t('Power state');
    },
    get powerStateUnknown() {
      return l10n.t('unknown (the host does not list this VM)');
    },
    get status() {
      return l10n.t('Status');
    },
    get asrState() {
      return l10n.t('Site Recovery state');
    },
    get health() {
      return l10n.t('Replication health');
    },
    healthText: health,
    get healthErrors() {
      return l10n.t('Health errors');
    },
    errorCode: (code: string): string => l10n.t('error {0}', code),
    get possibleCauses() {
      return l10n.t('Possible causes');
    },
    get recommendedAction() {
      return l10n.t('Recommended action');
    },
    get lastRecoveryPoint() {
      return l10n.t('Last recovery point');
    },
    get noRecoveryPoint() {
      return l10n.t('no recovery point yet');
    },
    policyOk: (every: string): string => l10n.t('(policy: {0})', every),
    policyLate: (every: string): string => l10n.t(': older than the policy expects (policy: {0})', every),
    get target() {
      return l10n.t('Target VM in Azure');
    },
    targetSize: (size: string): string => `(${size})`,
    get targetResourceGroup() {
      return l10n.t('resource group');
    },
    get runningJob() {
      return l10n.t('Running job');
    },
    get openInPortal() {
      return l10n.t('Open in Azure portal');
    },
    get notProtectedNote() {
      return l10n.t('Not protected by Azure Site Recovery. Enable replication to protect it.');
    },
    get unknownNotConnected() {
      return l10n.t('Connect to a vault to see whether Site Recovery protects this VM.');
    },
    get unknownReadFailed() {
      return l10n.t('Azure Site Recovery could not be read, so whether it protects this VM is not known. Refresh to try again.');
    },
    get notSupported() {
      return l10n.t('Not supported by Site Recovery');
    },
    get cannotBeProtected() {
      return l10n.t('Site Recovery cannot protect this VM as it is:');
    },
    get staleNote() {
      return l10n.t('Last known state: the host could not be reached, so the Hyper-V details may be out of date. Refresh to try again.');
    },
    get failedOverNote() {
      return l10n.t('This VM runs in Azure now.');
    },
  },
  host: {
    protectedOf: (protectedCount: number, total: number): string => l10n.t('{0} of {1} protected', protectedCount, total),
    vmsUnknown: (total: number): string =>
      total === 1 ? l10n.t('1 VM; whether it is protected is not known yet') : l10n.t('{0} VMs; whether they are protected is not known yet', total),
    get unreachableShort() {
      return l10n.t('unreachable');
    },
    get unsupportedShort() {
      return l10n.t('not supported');
    },
    get notProbedShort() {
      return l10n.t('not checked yet');
    },
    get heartbeatShort() {
      return l10n.t('provider heartbeat missing');
    },
    get disconnectedShort() {
      return l10n.t('provider disconnected');
    },
    get notRegisteredShort() {
      return l10n.t('provider not registered');
    },
    get hyperVHost() {
      return l10n.t('Hyper-V host');
    },
    get fqdn() {
      return l10n.t('Full name');
    },
    get os() {
      return l10n.t('Operating system');
    },
    get serverCore() {
      return l10n.t('Server Core');
    },
    build: (n: number): string => l10n.t('build {0}', n),
    get osUnknown() {
      return l10n.t('unknown');
    },
    get support() {
      return l10n.t('Supported by Site Recovery');
    },
    get supportYes() {
      return l10n.t('yes (Windows Server 2012 R2 or later)');
    },
    get supportNo() {
      return l10n.t('no');
    },
    get supportUnknown() {
      return l10n.t('unknown');
    },
    get provider() {
      return l10n.t('Site Recovery provider');
    },
    get providerInstalled() {
      return l10n.t('installed');
    },
    get providerNotInstalled() {
      return l10n.t('not installed');
    },
    get providerRegistered() {
      return l10n.t('registered in this vault');
    },
    get providerNotRegistered() {
      return l10n.t('not registered in this vault');
    },
    providerRegisteredElsewhere: (vault: string): string => l10n.t('registered in vault {0}', vault),
    get providerConnected() {
      return l10n.t('connected');
    },
    get providerDisconnected() {
      return l10n.t('not connected');
    },
    get providerHeartbeatMissing() {
      return l10n.t('heartbeat missing');
    },
    providerVersion: (v: string): string => l10n.t('version {0}', v),
    get lastHeartbeat() {
      return l10n.t('Last heartbeat');
    },
    get cluster() {
      return l10n.t('Cluster');
    },
    get unreachable() {
      return l10n.t('Unreachable');
    },
    get notProbed() {
      return l10n.t('Not checked yet: PowerShell has not been asked about this host.');
    },
    get lastSeen() {
      return l10n.t('Last answered');
    },
    get vms() {
      return l10n.t('VMs');
    },
    get noVms() {
      return l10n.t('No virtual machines on this host');
    },
    get unreachableRow() {
      return l10n.t('Could not reach this host');
    },
  },
  /** An item Azure answered with that the extension could not read (issue 12): one row, what is wrong in its tooltip. */
  unreadable: {
    get row() {
      return l10n.t('Could not read this item from Azure');
    },
    detail: (what: string): string => l10n.t('Azure answered with an item Site Recovery could not read: {0}', what),
  },
  vault: {
    get kind() {
      return l10n.t('Recovery Services vault');
    },
    get region() {
      return l10n.t('Region');
    },
    get resourceGroup() {
      return l10n.t('Resource group');
    },
    get subscription() {
      return l10n.t('Subscription');
    },
  },
  site: {
    get kind() {
      return l10n.t('Hyper-V site');
    },
    hosts: (n: number): string => (n === 1 ? l10n.t('{0} host', count(n)) : l10n.t('{0} hosts', count(n))),
  },
  job: {
    state: jobState,
    progress: (done: number, total: number): string => `${done}/${total}`,
    get target() {
      return l10n.t('VM');
    },
    get stateLabel() {
      return l10n.t('State');
    },
    get step() {
      return l10n.t('Current step');
    },
    tasks: (done: number, total: number): string => l10n.t('{0} of {1} tasks done', done, total),
    get started() {
      return l10n.t('Started');
    },
    get duration() {
      return l10n.t('Duration');
    },
    get error() {
      return l10n.t('Error');
    },
    get recommendedAction() {
      return l10n.t('Recommended action');
    },
    get canCancel() {
      return l10n.t('Can be cancelled.');
    },
    get canRestart() {
      return l10n.t('Can be restarted.');
    },
    get canResume() {
      return l10n.t('Waiting for you: resume it to go on.');
    },
    get waitingForCleanup() {
      return l10n.t('Waiting for the cleanup');
    },
  },
} as const;
