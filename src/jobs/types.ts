// Plain data shared by the job tracker, the status bar model and the notifications.
// No vscode import: these are unit-tested without VS Code.

import type { JobSummary } from '../model/jobSummary';

/** A command to offer as a button: `vscode.commands.executeCommand(command, ...args)`. */
export interface JobAction {
  title: string;
  command: string;
  args?: unknown[];
}

/**
 * An open wizard that follows a job on its page: the page shows how the job ends and offers what
 * comes next, so the job raises no notification of its own while `showsEnd()` is true (the
 * tracker's watched jobs, with their owners, are the registry notifications.ts consults).
 */
export interface JobOwner {
  showsEnd(): boolean;
}

/** What the user who started a job told the tracker about it. */
export interface JobWatchInfo {
  /** The wizard that shows this job's end (no notification while it does). */
  owner?: JobOwner;
  /** The VM as the user knows it; defaults to the job's targetObjectName. */
  vmName?: string;
  /** The step to offer when the job succeeds; defaults by scenario (see jobEndedNotification). */
  nextStep?: JobAction;
  /**
   * Which way a failover or commit goes: 'toAzure' (failover) or 'fromAzure' (failback). Chooses
   * the default next step after a Commit (reverse replication only after a failback). When absent
   * it is inferred from the job's title and steps ("failback").
   */
  direction?: 'toAzure' | 'fromAzure';
  /** Arguments for the default next step's command (for example the VM's tree node or id). */
  nextStepArgs?: unknown[];
}

export interface JobEndedEvent {
  summary: JobSummary;
  info?: JobWatchInfo;
}

export interface JobsSnapshot {
  takenAt: Date;
  /** NotStarted, InProgress or Suspended; newest start first. */
  active: JobSummary[];
  /** Ended within the window, newest end first. */
  recent: JobSummary[];
  /** Failed jobs that ended since the failures were last looked at (markFailuresSeen). */
  failedSinceSeen: number;
}

export interface Disposable {
  dispose(): void;
}
