// Actions on a protected item, and a recovery plan's actions, are never resent blindly by the SDK pipeline.
//
// @azure/core-rest-pipeline's default retry policy (throttlingRetryStrategy, then
// exponentialRetryStrategy; @typespec/ts-http-runtime retryPolicy.js) resends ANY request, POST
// included, after a network error (ECONNRESET, ETIMEDOUT, …), a 408 or a 5xx (but 501 and 505).
// For an ASR action that is wrong: the first request may have been carried out — its job runs —
// and the resend then meets ASR's refusal ("not allowed" while the job runs), shown to the user as
// a failure of an action that is in fact under way. So this policy, placed after the retry policy
// (`perRetry`), turns those outcomes of an action request into a LostActionAnswerError. That error
// is not a RestError, so the retry policy passes it on at once (`if (!isRestError(e)) throw e`),
// and the action's caller finds out what happened instead (src/services/azure/actionRecovery.ts).
// A 429 still reaches the retry policy and is resent after its Retry-After: a throttled request is
// not carried out (learn.microsoft.com, azure-resource-manager/management/request-limits-and-
// throttling: "Throttling happens at two levels. Azure Resource Manager throttles requests for the
// subscription and tenant. If the request is under the throttling limits …, Resource Manager
// routes the request to the resource provider. The resource provider applies throttling limits
// that are tailored to its operations."; a 429 means the request "isn't processed"). That ASR's
// own 429 is given before it acts is taken from that page, not recorded.

import type { PipelinePolicy, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';
import { isRestError, RestError } from '@azure/core-rest-pipeline';

/** The answer to an action was lost (no answer, or a 5xx/408 that does not say whether it was done). */
export class LostActionAnswerError extends Error {
  override readonly name = 'LostActionAnswerError';
  /** What the pipeline saw: the RestError of the network failure or of the status. */
  override readonly cause: RestError;
  constructor(cause: RestError) {
    super(`The answer to ${cause.request?.method ?? 'the'} request was lost: ${cause.message}`);
    this.cause = cause;
  }
}

export function isLostActionAnswer(e: unknown): e is LostActionAnswerError {
  return e instanceof Error && e.name === 'LostActionAnswerError' && (e as { cause?: unknown }).cause instanceof Error;
}

/** The URL's path, or undefined when it is not a URL. */
function pathOf(url: string): string | undefined {
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
}

const ITEM_ACTIONS = ['testFailover', 'testFailoverCleanup', 'plannedFailover', 'unplannedFailover', 'failoverCommit', 'reProtect', 'remove'];
const ITEM_PATH = /\/providers\/Microsoft\.RecoveryServices\/vaults\/[^/]+\/replicationFabrics\/[^/]+\/replicationProtectionContainers\/[^/]+\/replicationProtectedItems\/[^/]+/i;

/**
 * An action on a protected item: POST …/replicationProtectedItems/{item}/{testFailover,
 * testFailoverCleanup, plannedFailover, unplannedFailover, failoverCommit, reProtect, remove},
 * PUT …/replicationProtectedItems/{item} (enable replication), DELETE of it (purge).
 */
export function isProtectedItemAction(method: string, url: string): boolean {
  const path = pathOf(url);
  if (path === undefined) {
    return false;
  }
  const match = ITEM_PATH.exec(path);
  if (!match) {
    return false;
  }
  const rest = path.slice(match.index + match[0].length).replace(/\/$/, '');
  const verb = method.toUpperCase();
  if (rest === '') {
    return verb === 'PUT' || verb === 'DELETE';
  }
  return verb === 'POST' && ITEM_ACTIONS.some((a) => rest.toLowerCase() === `/${a.toLowerCase()}`);
}

const PLAN_ACTIONS = ['testFailover', 'testFailoverCleanup', 'plannedFailover', 'unplannedFailover', 'failoverCommit', 'reProtect'];
const PLAN_ACTION_PATH = /\/providers\/Microsoft\.RecoveryServices\/vaults\/[^/]+\/replicationRecoveryPlans\/[^/]+\/([^/]+)\/?$/i;

/**
 * An action on a recovery plan (issue 16 §2): POST …/replicationRecoveryPlans/{plan}/{testFailover,
 * testFailoverCleanup, plannedFailover, unplannedFailover, failoverCommit, reProtect} (the paths
 * of REC/RPTestFailover.json, RPTestFailoverCleanup.json, RPFailback.json entry 0 and
 * SDK-REC/RPFailoverCommit.json: `…/replicationRecoveryPlans/rpTest1/failoverCommit`).
 */
export function isRecoveryPlanActionRequest(method: string, url: string): boolean {
  const path = pathOf(url);
  const verb = path !== undefined ? PLAN_ACTION_PATH.exec(path)?.[1]?.toLowerCase() : undefined;
  return method.toUpperCase() === 'POST' && verb !== undefined && PLAN_ACTIONS.some((a) => a.toLowerCase() === verb);
}

/** A status that does not say whether the request was carried out: 408, or a 5xx but 501 and 505 (the retry policy's own set). */
export function isLostStatus(status: number): boolean {
  return status === 408 || (status >= 500 && status !== 501 && status !== 505);
}

export const actionAnswerPolicyName = 'asrActionAnswerPolicy';

/** The policy (position `perRetry`, i.e. inside the retry loop) that keeps actions (an item's, a plan's) from being resent blindly. */
export function actionAnswerPolicy(): PipelinePolicy {
  return {
    name: actionAnswerPolicyName,
    async sendRequest(request: PipelineRequest, next): Promise<PipelineResponse> {
      if (!isProtectedItemAction(request.method, request.url) && !isRecoveryPlanActionRequest(request.method, request.url)) {
        return next(request);
      }
      let response: PipelineResponse;
      try {
        response = await next(request);
      } catch (e) {
        // A RestError without a status: the request may have been sent, the answer never came.
        if (isRestError(e) && e.statusCode === undefined && !request.abortSignal?.aborted) {
          throw new LostActionAnswerError(e);
        }
        throw e;
      }
      if (isLostStatus(response.status)) {
        throw new LostActionAnswerError(new RestError(`The service answered ${response.status}.`, { statusCode: response.status, request, response }));
      }
      return response;
    },
  };
}
