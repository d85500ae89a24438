// The one way to follow an ASR job (issue 11 §1): read it every `intervalMs` until it ends, on
// services/azure/jobs.ts waitForJob, cancellable with an AbortSignal. A Suspended job either ends
// the wait (a test failover waits for its cleanup) or, when it waits for the user to continue
// (a failback "for downtime"), is reported and read on until it is resumed elsewhere. Used by the
// failover and failback wizards and by the Enable Replication run. No vscode.

import type { JobLike } from '../model/jobSummary';
import type { VaultContext } from '../services/azure/clients';
import { waitForJob } from '../services/azure/jobs';
import type { CallOptions } from '../services/azure/paging';

export interface FollowJobOptions<J extends JobLike> {
  /** How to read the job (the caller's services: the real getJob, or a test's fake); it gets the signal. */
  read: (vctx: VaultContext, jobName: string, options?: CallOptions) => Promise<J>;
  intervalMs: number;
  /** Aborting stops the following (the job goes on in Azure): the promise rejects. */
  signal?: AbortSignal;
  /** Every job read, the last one included. */
  onProgress?: (job: J) => void;
  /** The job may be suspended until the user continues: keep reading it while it waits. */
  waitWhileSuspended?: boolean;
}

/** Follows `jobName` until it ends (Succeeded, Failed, Cancelled; Suspended unless it waits for the user); returns the last read. */
export function followJob<J extends JobLike>(vctx: VaultContext, jobName: string, options: FollowJobOptions<J>): Promise<J> {
  return waitForJob<J>(vctx, jobName, {
    read: options.read,
    intervalMs: options.intervalMs,
    stopWhenSuspended: options.waitWhileSuspended !== true,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}
