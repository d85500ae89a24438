// An action on a protected item whose answer is lost is not resent blindly (issue 12 §3); nor is a
// recovery plan's action (issue 16 §2: the same recovery, with the plan's rules from
// src/model/planLostAnswer.ts, started by recoveryPlans.ts through startRecoverableOperation).
//
// The SDK pipeline does not resend an action (actionAnswerPolicy.ts). When its answer is lost —
// no answer, a 5xx, a 408 — or when ASR refuses it because an operation is in progress (what a
// resend meets once the first request was carried out), the action may well have started. So:
// list the vault's jobs since the request was sent and read the item again, then decide with the
// model's rules (src/model/lostAnswer.ts): the job of the action found → follow it as if the
// action had answered (the caller gets its job at once, the status bar follows it); none → send
// again while the item still allows the action (as many times as the SDK would have resent it,
// with its backoff, each time only after that look-up); else the real error. A look-up that keeps
// failing leaves the real error too: without it nothing is sent again.

import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { isRestError } from '@azure/core-rest-pipeline';
import { jobId as buildJobId } from '../../model/armId';
import { summarizeJob, type JobLike } from '../../model/jobSummary';
import { CLOCK_SKEW_ALLOWANCE_MS, decideAfterLostAnswer, isOperationInProgressRefusal, type LostAnswerDecision } from '../../model/lostAnswer';
import type { VmAction } from '../../model/vmActions';
import { isLostActionAnswer, isLostStatus } from './actionAnswerPolicy';
import type { AsrOperation, AsrOperationOptions, PollerLike } from './asrOperation';
import { sendAsrOperation } from './asrOperation';
import { DEFAULT_RETRY_OPTIONS, type VaultContext } from './clients';
import { AzureOperationError, toAzureOperationError } from './errors';
import { listJobs, waitForJob } from './jobs';
import { abortableSleep } from '../abortableSleep';

/** How many times the look-up after a lost answer is tried (each read with the SDK's own retries) before the real error is given. */
const LOOK_UPS = 3;

/** How often a job found after a lost answer is read when its result is awaited (ms), unless the caller says. */
const RECOVERED_POLL_MS = 10_000;

/** The action being sent, as the recovery needs it. */
export interface ActionTarget<T> {
  action: VmAction;
  /** The protected item's name (the job's targetObjectId). */
  itemName: string;
  vmName?: string;
  /** Reads the item again (undefined: it does not exist, e.g. before enabling or after disabling). */
  readItem(): Promise<ReplicationProtectedItem | undefined>;
  /** The action's result once the job found after a lost answer has ended (the SDK poller's would). */
  resultAfterJob(): Promise<T>;
}

/**
 * What the recovery needs of an action, whatever its target (a protected item, a recovery plan):
 * how to read the target again, the rules deciding from the jobs and that read, and the result.
 */
export interface RecoverableAction<T, R> {
  /** Reads the target again (a 404 is read as undefined: it does not exist). */
  readTarget(): Promise<R | undefined>;
  /** The model's rules, from the jobs listed since the request and the target as read again. */
  decide(jobs: readonly JobLike[], target: R | undefined, sentAt: Date): LostAnswerDecision<JobLike>;
  /** The action's result once the job found after a lost answer has ended (the SDK poller's would). */
  resultAfterJob(): Promise<T>;
}

/** An item's action as the recovery needs it (the item's rules: decideAfterLostAnswer). */
function itemRecoverable<T>(target: ActionTarget<T>): RecoverableAction<T, ReplicationProtectedItem> {
  return {
    readTarget: () => target.readItem(),
    decide: (jobs, item, sentAt) =>
      decideAfterLostAnswer(jobs, { action: target.action, itemName: target.itemName, sentAt, ...(target.vmName !== undefined ? { vmName: target.vmName } : {}) }, item),
    resultAfterJob: () => target.resultAfterJob(),
  };
}

/** Runs `read`; a 404 (the item does not exist) is undefined. */
export async function readIfExists<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof AzureOperationError && e.statusCode === 404) {
      return undefined;
    }
    throw e;
  }
}

/** Whether a failure of an action's begin call may hide a started action. */
export function mayHaveStarted(e: unknown): boolean {
  if (isLostActionAnswer(e)) {
    return true;
  }
  // After the 202: the first status poll (inside the begin call) failed for good.
  if (isRestError(e) && (e.statusCode === undefined || isLostStatus(e.statusCode))) {
    return true;
  }
  const normalized = toAzureOperationError(e);
  return isOperationInProgressRefusal({
    ...(normalized.statusCode !== undefined ? { statusCode: normalized.statusCode } : {}),
    code: normalized.code,
    message: normalized.message,
  });
}

/** Waits `ms`, or less when aborted (the next send then fails as cancelled). */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return abortableSleep(ms, signal, () => new Error('aborted')).catch(() => undefined);
}

function resendDelayMs(vctx: VaultContext, send: number): number {
  const o = { ...DEFAULT_RETRY_OPTIONS, ...vctx.clientOptions?.retryOptions };
  const base = o.retryDelayInMs ?? 800;
  return Math.min(o.maxRetryDelayInMs ?? 30_000, base * 2 ** (send - 1));
}

/** At most as many sends as the SDK would make (its retries plus the first), each after a look-up. */
export function actionSendLimit(vctx: VaultContext): number {
  return 1 + ({ ...DEFAULT_RETRY_OPTIONS, ...vctx.clientOptions?.retryOptions }.maxRetries ?? 8);
}

async function decide<T, R>(vctx: VaultContext, target: RecoverableAction<T, R>, sentAt: Date, signal: AbortSignal | undefined): Promise<LostAnswerDecision<JobLike> | undefined> {
  for (let lookUp = 1; lookUp <= LOOK_UPS && signal?.aborted !== true; lookUp++) {
    try {
      const since = new Date(sentAt.getTime() - CLOCK_SKEW_ALLOWANCE_MS);
      const [jobs, read] = await Promise.all([listJobs(vctx, { startTime: since }), readIfExists(() => target.readTarget())]);
      return target.decide(jobs, read, sentAt);
    } catch {
      await pause(resendDelayMs(vctx, lookUp), signal);
    }
  }
  return undefined;
}

/** The operation of a job found after a lost answer: its job at once, its result on demand. */
function followedOperation<T, R>(vctx: VaultContext, jobName: string, target: RecoverableAction<T, R>, options: AsrOperationOptions): AsrOperation<T> {
  let resultPromise: Promise<T> | undefined;
  const intervalMs = options.updateIntervalInMs ?? vctx.clientOptions?.pollIntervalInMs ?? RECOVERED_POLL_MS;
  const untilDone = async (): Promise<T> => {
    const job = await waitForJob(vctx, jobName, { intervalMs, ...(options.abortSignal !== undefined ? { signal: options.abortSignal } : {}) });
    const sum = summarizeJob(job, new Date());
    if (sum.state === 'Failed' || sum.state === 'Cancelled') {
      const code = job.properties?.errors?.[0]?.serviceErrorDetails?.code ?? (sum.state === 'Failed' ? 'OperationFailed' : 'OperationCanceled');
      throw new AzureOperationError(sum.errorMessage ?? `The job "${sum.title}" ${sum.state === 'Failed' ? 'failed' : 'was cancelled'}.`, {
        code,
        ...(sum.recommendedAction !== undefined ? { recommendedAction: sum.recommendedAction } : {}),
      });
    }
    return target.resultAfterJob();
  };
  return {
    jobName,
    jobId: buildJobId({ ...vctx.vault, jobName }),
    resumeToken: '',
    recovered: true,
    result(): Promise<T> {
      resultPromise ??= untilDone();
      return resultPromise;
    },
  };
}

/**
 * Sends an action on a protected item (the SDK's begin call) and returns its operation at once,
 * like startAsrOperation; when its answer is lost, finds out what happened as described above.
 */
export function startItemActionOperation<T>(
  vctx: VaultContext,
  target: ActionTarget<T>,
  begin: (sdkOptions: AsrOperationOptions) => Promise<PollerLike<T>>,
  options: AsrOperationOptions = {},
): Promise<AsrOperation<T>> {
  return startRecoverableOperation(vctx, itemRecoverable(target), begin, options);
}

/** startItemActionOperation for any target (an item, a recovery plan): the send, and the recovery after a lost answer. */
export async function startRecoverableOperation<T, R>(
  vctx: VaultContext,
  target: RecoverableAction<T, R>,
  begin: (sdkOptions: AsrOperationOptions) => Promise<PollerLike<T>>,
  options: AsrOperationOptions = {},
): Promise<AsrOperation<T>> {
  const sentAt = new Date();
  for (let send = 1; ; send++) {
    let failure: unknown;
    try {
      return await sendAsrOperation(vctx, begin, options);
    } catch (e) {
      failure = e;
    }
    if (options.abortSignal?.aborted || !mayHaveStarted(failure)) {
      throw toAzureOperationError(failure);
    }
    const decision = await decide(vctx, target, sentAt, options.abortSignal);
    if (decision?.kind === 'follow' && decision.job.name) {
      return followedOperation(vctx, decision.job.name, target, options);
    }
    if (decision?.kind !== 'resend' || send >= actionSendLimit(vctx)) {
      throw toAzureOperationError(failure);
    }
    await pause(resendDelayMs(vctx, send), options.abortSignal);
  }
}
