// ASR jobs: one filtered list call, one job, cancel / restart / resume, and waiting for a job.

import type { Job } from '@azure/arm-recoveryservices-siterecovery';
import type { JobFilterInput } from '../../model/jobFilter';
import { buildJobFilter } from '../../model/jobFilter';
import { normalizeJobState, type JobLike } from '../../model/jobSummary';
import type { AsrOperation, AsrOperationOptions } from './asrOperation';
import { startAsrOperation } from './asrOperation';
import { auditAsrOperation, auditJobSeen, auditWrites } from './auditLog';
import type { VaultContext } from './clients';
import { siteRecoveryClient } from './clients';
import { AzureOperationError, callAzure, InvalidInputError } from './errors';
import { collectAll, sdkCallOptions, type CallOptions } from './paging';
import { abortableSleep } from '../abortableSleep';

/** Jobs of the vault in one paged list call, filtered server-side with ASR's OData `$filter`. */
export async function listJobs(vctx: VaultContext, filter: JobFilterInput = {}): Promise<Job[]> {
  const { vaultName, resourceGroup } = vctx.vault;
  let odata: string;
  try {
    odata = buildJobFilter(filter);
  } catch (e) {
    throw new InvalidInputError(e instanceof Error ? e.message : 'Invalid job filter.', 'filter');
  }
  const jobs = await collectAll(siteRecoveryClient(vctx).replicationJobs.list(vaultName, resourceGroup, odata.length > 0 ? { filter: odata } : undefined));
  // The job tracker's poll reads here: the audit trail writes the end of the writes it recorded.
  jobs.forEach(auditJobSeen);
  return jobs;
}

function requireJobName(jobName: string): void {
  if (jobName.length === 0 || jobName.includes('/')) {
    throw new InvalidInputError(`"${jobName}" is not an ASR job name.`, 'jobName');
  }
}

export async function getJob(vctx: VaultContext, jobName: string, options?: CallOptions): Promise<Job> {
  requireJobName(jobName);
  const { vaultName, resourceGroup } = vctx.vault;
  const job = await callAzure(() => siteRecoveryClient(vctx).replicationJobs.get(vaultName, resourceGroup, jobName, sdkCallOptions(options)));
  auditJobSeen(job);
  return job;
}

export async function cancelJob(vctx: VaultContext, jobName: string, options?: AsrOperationOptions): Promise<AsrOperation<Job>> {
  requireJobName(jobName);
  const { vaultName, resourceGroup } = vctx.vault;
  const send = (): Promise<AsrOperation<Job>> =>
    startAsrOperation(vctx, (o) => siteRecoveryClient(vctx).replicationJobs.beginCancel(vaultName, resourceGroup, jobName, o), options);
  return auditAsrOperation(vctx, auditWrites.jobCommand('cancel', jobName), send, options?.abortSignal);
}

export async function restartJob(vctx: VaultContext, jobName: string, options?: AsrOperationOptions): Promise<AsrOperation<Job>> {
  requireJobName(jobName);
  const { vaultName, resourceGroup } = vctx.vault;
  const send = (): Promise<AsrOperation<Job>> =>
    startAsrOperation(vctx, (o) => siteRecoveryClient(vctx).replicationJobs.beginRestart(vaultName, resourceGroup, jobName, o), options);
  return auditAsrOperation(vctx, auditWrites.jobCommand('restart', jobName), send, options?.abortSignal);
}

/**
 * Resumes a suspended job (POST .../replicationJobs/{job}/resume with `{ properties: { comments } }`).
 * Without comments it sends " ", as Resume-AzRecoveryServicesAsrJob does
 * (`if (string.IsNullOrEmpty(this.Comment)) { this.Comment = " "; }`) and as the spec example
 * ReplicationJobs_Resume.json shows (`"comments": " "`).
 */
export async function resumeJob(vctx: VaultContext, jobName: string, comments?: string, options?: AsrOperationOptions): Promise<AsrOperation<Job>> {
  requireJobName(jobName);
  const { vaultName, resourceGroup } = vctx.vault;
  const params = { properties: { comments: comments !== undefined && comments.trim() !== '' ? comments : ' ' } };
  const send = (): Promise<AsrOperation<Job>> =>
    startAsrOperation(vctx, (o) => siteRecoveryClient(vctx).replicationJobs.beginResume(vaultName, resourceGroup, jobName, params, o), options);
  return auditAsrOperation(vctx, auditWrites.jobCommand('resume', jobName), send, options?.abortSignal);
}

export interface WaitForJobOptions<J extends JobLike = Job> {
  intervalMs: number;
  signal?: AbortSignal;
  /** Called with every job read, including the last one. */
  onProgress?: (job: J) => void;
  /**
   * A Suspended job waits for a person (a test failover waits for its cleanup), so by default the
   * wait ends there too. Set false to keep waiting.
   */
  stopWhenSuspended?: boolean;
  /** How to read the job (default: getJob over the SDK; a wizard passes its own services); gets the signal too. */
  read?: (vctx: VaultContext, jobName: string, options?: CallOptions) => Promise<J>;
}

function cancelledError(): AzureOperationError {
  return new AzureOperationError('Stopped waiting for the job.', { code: 'Cancelled' });
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return abortableSleep(ms, signal, cancelledError);
}

/** True for Succeeded, Failed, Cancelled (and Suspended unless told otherwise). */
export function isJobFinished(job: JobLike, stopWhenSuspended = true): boolean {
  const state = normalizeJobState(job.properties?.state);
  return state === 'Succeeded' || state === 'Failed' || state === 'Cancelled' || (stopWhenSuspended && state === 'Suspended');
}

/**
 * Reads of a job that may fail in a row, each after the SDK's own retries, before a wait gives up:
 * a poll is only a read, so a passing outage (throttling, 5xx, a dropped connection) does not end
 * the following of a job that goes on in Azure.
 */
export const MAX_FAILED_JOB_READS = 3;

/** A failure that passes: no answer, or a 408, 429 or 5xx (anything else, e.g. 404 or 403, ends the wait at once). */
function isPassingFailure(e: unknown): boolean {
  if (!(e instanceof AzureOperationError)) {
    return false;
  }
  if (e.statusCode === undefined) {
    return /^(E[A-Z]+|NetworkError|UND_ERR_[A-Z_]+)$/.test(e.code);
  }
  return e.statusCode === 408 || e.statusCode === 429 || e.statusCode >= 500;
}

/** Polls the job every `intervalMs` until it finishes; returns the last job read. Cancellable with `signal`. */
export async function waitForJob<J extends JobLike = Job>(vctx: VaultContext, jobName: string, options: WaitForJobOptions<J>): Promise<J> {
  if (!Number.isFinite(options.intervalMs) || options.intervalMs < 0) {
    throw new InvalidInputError('The job poll interval must be a positive number of milliseconds.', 'intervalMs');
  }
  const stopWhenSuspended = options.stopWhenSuspended ?? true;
  let failedReads = 0;
  for (;;) {
    if (options.signal?.aborted) {
      throw cancelledError();
    }
    const call = { signal: options.signal };
    let job: J;
    try {
      job = options.read ? await options.read(vctx, jobName, call) : ((await getJob(vctx, jobName, call)) as JobLike as J);
    } catch (e) {
      failedReads += 1;
      if (failedReads >= MAX_FAILED_JOB_READS || !isPassingFailure(e) || options.signal?.aborted) {
        throw e;
      }
      await sleep(options.intervalMs, options.signal);
      continue;
    }
    failedReads = 0;
    auditJobSeen(job);
    options.onProgress?.(job);
    if (isJobFinished(job, stopWhenSuspended)) {
      return job;
    }
    await sleep(options.intervalMs, options.signal);
  }
}
