// The next page of a list read whole is asked for as soon as its link arrives.
//
// The SDK's pagers ask for a list's next page (its `nextLink`) only once the page before has been
// deserialized into model objects, and that takes about as long as the page's round trip on a
// large estate. For the lists a refresh reads whole (collectAll), this policy, placed after the
// retry policy (`perRetry`, so it sees the answer before the SDK deserializes it), reads the
// `nextLink` from the raw answer and sends that GET at once; when the pager then asks for it, the
// answer already under way is handed over. Only requests marked by listCallOptions are followed,
// so a list read in part never costs a page it did not need; the mark never leaves the process.

import { randomUUID } from 'node:crypto';
import type { PipelinePolicy, PipelineRequest, PipelineResponse, SendRequest } from '@azure/core-rest-pipeline';
import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';

/** The header that marks a list read whole (removed before the request is sent). */
export const PREFETCH_NEXT_PAGE_HEADER = 'x-asr-extension-prefetch-next-page';

/** Pages asked for ahead and not taken yet, at the most (the oldest is dropped first). */
const MAX_PENDING = 32;

/** The `nextLink` of a list's answer, read from its text without parsing the whole body. */
export function peekNextLink(body: string | null | undefined): string | undefined {
  if (body === undefined || body === null) return undefined;
  const match = /"nextLink"\s*:\s*("(?:[^"\\]|\\.)*")/.exec(body);
  if (!match) return undefined;
  const link: unknown = JSON.parse(match[1]);
  return typeof link === 'string' && link !== '' ? link : undefined;
}

function sameUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

/** The GET of `url` as the pager would send it: the same headers and settings, its own request id, the same cancellation. */
function followRequest(request: PipelineRequest, url: string): PipelineRequest {
  const headers = createHttpHeaders(request.headers.toJSON({ preserveCase: true }));
  headers.set('x-ms-client-request-id', randomUUID());
  const follow = createPipelineRequest({
    url,
    method: 'GET',
    headers,
    timeout: request.timeout,
    disableKeepAlive: request.disableKeepAlive === true,
    allowInsecureConnection: request.allowInsecureConnection === true,
    ...(request.abortSignal ? { abortSignal: request.abortSignal } : {}),
    ...(request.proxySettings ? { proxySettings: request.proxySettings } : {}),
  });
  // Set by the pipeline's TLS and agent policies, which the constructor does not take.
  if (request.tlsSettings) follow.tlsSettings = request.tlsSettings;
  if (request.agent) follow.agent = request.agent;
  return follow;
}

/**
 * Resolves on the event loop's next turn. Node writes a request to its socket on a nextTick that
 * runs only once the promise jobs queued before it have run; handing a page over at once would let
 * the pager deserialize it first (15 ms for 100 protected items), and the GET of the next page
 * would leave that much later. One turn first, and it leaves before.
 */
function requestWritten(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function nextPagePrefetchPolicy(): PipelinePolicy {
  const pending = new Map<string, Promise<PipelineResponse>>();
  // A retried request is the same object: it stays marked once its header is gone.
  const marked = new WeakSet<PipelineRequest>();
  /** Asks for the page after `response` (and, as each arrives, the one after it); true if it did. */
  const followOn = (request: PipelineRequest, response: PipelineResponse, next: SendRequest): boolean => {
    const url = response.status === 200 ? peekNextLink(response.bodyAsText) : undefined;
    if (url === undefined || request.abortSignal?.aborted === true) return false;
    const follow = followRequest(request, url);
    const answer = next(follow).then(async (r) => {
      if (followOn(follow, r, next)) await requestWritten();
      return r;
    });
    answer.catch(() => undefined); // seen by the pager when it asks for the page, else dropped
    pending.set(sameUrl(url), answer);
    if (pending.size > MAX_PENDING) pending.delete(pending.keys().next().value as string);
    return true;
  };
  return {
    name: 'nextPagePrefetch',
    async sendRequest(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse> {
      if (request.headers.has(PREFETCH_NEXT_PAGE_HEADER)) {
        request.headers.delete(PREFETCH_NEXT_PAGE_HEADER);
        marked.add(request);
      }
      if (request.method !== 'GET' || !marked.has(request)) return next(request);
      const key = sameUrl(request.url);
      const ahead = pending.get(key);
      if (ahead !== undefined) {
        pending.delete(key);
        // The SDK reads how to deserialize the answer from its own request.
        return { ...(await ahead), request };
      }
      const response = await next(request);
      if (followOn(request, response, next)) await requestWritten();
      return response;
    },
  };
}
