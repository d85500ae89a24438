// What every ASR write returns: the job behind it (known as soon as Azure answered 202), a resume
// token for the SDK poller, and the final result on demand.
//
// @azure/core-lro 2.x (the version the siterecovery SDK uses) serializes its poller as
// `{"state":{"status":…,"config":{"metadata":{"mode":"OperationLocation"},"operationLocation":
// "<Azure-AsyncOperation URL …/replicationOperationStatus/{job}?api-version=…>","resourceLocation":
// "<Location URL …/operationresults/{job}?…>"}}}`. The job name is the last path segment of that URL.

import { jobId as buildJobId, jobNameFromOperationUrl } from '../../model/armId';
import type { VaultContext } from './clients';
import { toAzureOperationError } from './errors';

export interface AsrOperation<T> {
  /** ASR job name (a GUID); empty only if Azure completed the request without a job. */
  jobName: string;
  /** Full ARM id of the job (".../replicationJobs/{jobName}"); empty when jobName is. */
  jobId: string;
  /**
   * `poller.toString()`: pass back as `resumeFrom` to an SDK begin call to resume polling. Empty
   * when the answer was lost and the job was found in the vault instead (`recovered`).
   */
  resumeToken: string;
  /** The answer to the request was lost and its job was found in the vault (src/services/azure/actionRecovery.ts). */
  recovered?: boolean;
  /** Awaits the SDK poller to the end (the job's final result). */
  result(): Promise<T>;
}

/** Options every operation accepts and passes to the SDK's begin call. */
export interface AsrOperationOptions {
  /** Poll interval of the SDK poller (it still honours Retry-After). */
  updateIntervalInMs?: number;
  abortSignal?: AbortSignal;
}

/** The part of an SDK poller (core-lro 2.x SimplePollerLike or 3.x) used here. */
export interface PollerLike<T> {
  pollUntilDone(options?: { abortSignal?: AbortSignal }): Promise<T>;
  toString(): string;
}

function readProp(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** The operation URLs in a serialized core-lro poller state. */
export function operationUrlsFromResumeToken(resumeToken: string): { operationLocation?: string; resourceLocation?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(resumeToken) as unknown;
  } catch {
    return {};
  }
  const config = readProp(readProp(parsed, 'state'), 'config');
  const operationLocation = readProp(config, 'operationLocation');
  const resourceLocation = readProp(config, 'resourceLocation');
  return {
    ...(typeof operationLocation === 'string' && operationLocation.length > 0 ? { operationLocation } : {}),
    ...(typeof resourceLocation === 'string' && resourceLocation.length > 0 ? { resourceLocation } : {}),
  };
}

function tryJobName(url: string | undefined): string | undefined {
  if (url === undefined) {
    return undefined;
  }
  try {
    const name = jobNameFromOperationUrl(url);
    return name.length > 0 ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The ASR job name from a serialized poller (`poller.toString()`): the last path segment of
 * `state.config.operationLocation` (…/replicationOperationStatus/{job}), else of the resource
 * location when that is an …/operationresults/{job} URL. Undefined when neither names a job.
 */
export function jobNameFromResumeToken(resumeToken: string): string | undefined {
  const urls = operationUrlsFromResumeToken(resumeToken);
  return tryJobName(urls.operationLocation) ?? tryJobName(urls.resourceLocation);
}

/**
 * Starts an ASR write with the SDK's `beginXxx` (never `beginXxxAndWait`): it returns once Azure
 * has answered 202 (and the SDK has polled once), so the job is known at once.
 */
export async function startAsrOperation<T>(
  vctx: VaultContext,
  begin: (sdkOptions: AsrOperationOptions) => Promise<PollerLike<T>>,
  options: AsrOperationOptions = {},
): Promise<AsrOperation<T>> {
  try {
    return await sendAsrOperation(vctx, begin, options);
  } catch (e) {
    throw toAzureOperationError(e);
  }
}

/** startAsrOperation, with the begin call's failure as the SDK threw it (for actionRecovery.ts to judge). */
export async function sendAsrOperation<T>(
  vctx: VaultContext,
  begin: (sdkOptions: AsrOperationOptions) => Promise<PollerLike<T>>,
  options: AsrOperationOptions = {},
): Promise<AsrOperation<T>> {
  const sdkOptions: AsrOperationOptions = {};
  const interval = options.updateIntervalInMs ?? vctx.clientOptions?.pollIntervalInMs;
  if (interval !== undefined) {
    sdkOptions.updateIntervalInMs = interval;
  }
  if (options.abortSignal !== undefined) {
    sdkOptions.abortSignal = options.abortSignal;
  }
  const poller = await begin(sdkOptions);
  const resumeToken = poller.toString();
  const jobName = jobNameFromResumeToken(resumeToken) ?? '';
  const jobId = jobName.length > 0 ? buildJobId({ ...vctx.vault, jobName }) : '';
  let resultPromise: Promise<T> | undefined;
  return {
    jobName,
    jobId,
    resumeToken,
    result(): Promise<T> {
      resultPromise ??= poller.pollUntilDone(options.abortSignal !== undefined ? { abortSignal: options.abortSignal } : undefined).catch((e: unknown) => {
        throw toAzureOperationError(e);
      });
      return resultPromise;
    },
  };
}
