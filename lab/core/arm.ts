import type { LabClock } from './clock';
import type { LabRequest, LabResponse } from './router';

export const asyncApiVersion = '2021-08-01';

export function ok(body: unknown): LabResponse {
  return { status: 200, body };
}

/**
 * Azure's answer to an ASR write: 202, no body, Location (…/operationresults/{job}),
 * Azure-AsyncOperation (…/replicationOperationStatus/{job}) and Retry-After (recordings:
 * CreateSite.json, CreateProtectedItem.json, CommitFailover.json).
 */
export function acceptedAsrJob(req: LabRequest, clock: LabClock, vaultBase: string, resourcePath: string, jobName: string): LabResponse {
  // Real ASR's async URLs carry 2021-08-01 whatever version the request used (recordings).
  void req.apiVersion;
  const v = asyncApiVersion;
  return {
    status: 202,
    headers: {
      Location: `${req.baseUrl}${resourcePath}/operationresults/${jobName}?api-version=${v}`,
      'Azure-AsyncOperation': `${req.baseUrl}${vaultBase}/replicationOperationStatus/${jobName}?api-version=${v}`,
      'Retry-After': String(clock.retryAfterSeconds(30)),
      'x-ms-request-id': `${vaultBase}/replicationJobs/${jobName}`,
    },
  };
}

/**
 * One page of a list, with `nextLink` when more remain. Like Azure's, the token names where to
 * continue (the sort key of the last item given), not a count, so items added or removed between
 * two pages are neither repeated nor skipped. `sortKey` orders the list (ascending); lists that
 * Azure gives newest first use a key that sorts newest first. The token parameter is what the
 * real service uses for that list (`skipToken` for protected items, `$skipToken` elsewhere); both
 * spellings are read.
 */
export function pageOf<T>(
  req: LabRequest,
  items: T[],
  toJson: (item: T) => unknown,
  pageSize: number,
  tokenParam: 'skipToken' | '$skipToken' = '$skipToken',
  sortKey: (item: T) => string = defaultSortKey,
): LabResponse {
  const token = req.query.get('$skipToken') ?? req.query.get('skipToken');
  const keys = items.map(sortKey);
  const order = sortedOrder(`${req.baseUrl}${req.path}?${listQuery(req)}`, keys);
  const start = token === null ? 0 : firstAfter(order, keys, token);
  const slice = order.slice(start, start + pageSize);
  let nextLink: string | null = null;
  if (order.length - start > pageSize) {
    const parts: string[] = [];
    for (const [k, v] of req.query) {
      if (k !== '$skipToken' && k !== 'skipToken') parts.push(`${encodeQueryName(k)}=${encodeURIComponent(v)}`);
    }
    parts.push(`${tokenParam}=${encodeURIComponent(keys[slice[slice.length - 1]])}`);
    nextLink = `${req.baseUrl}${req.path}?${parts.join('&')}`;
  }
  return ok({ value: slice.map((i) => toJson(items[i])), nextLink });
}

/**
 * The last order of each list the lab paged (by URL without its token), kept while the list's
 * keys stay the same: each page of a long list then costs what the page holds plus one pass over
 * the keys, not a sort of the whole list (at 20,000 VMs, a sort per page added seconds of server
 * time to a refresh). A list whose keys changed is sorted again.
 */
const sortedLists = new Map<string, { keys: string[]; order: number[] }>();
const SORTED_LISTS_KEPT = 64;

function listQuery(req: LabRequest): string {
  const parts: string[] = [];
  for (const [k, v] of req.query) if (k !== '$skipToken' && k !== 'skipToken') parts.push(`${k}=${v}`);
  return parts.join('&');
}

/** Indices of `keys` in ascending key order (stable), from the cache when the keys are unchanged. */
function sortedOrder(list: string, keys: string[]): number[] {
  const kept = sortedLists.get(list);
  if (kept && kept.keys.length === keys.length && kept.keys.every((k, i) => k === keys[i])) return kept.order;
  const order = keys.map((_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
  sortedLists.delete(list);
  if (sortedLists.size >= SORTED_LISTS_KEPT) sortedLists.delete(sortedLists.keys().next().value as string);
  sortedLists.set(list, { keys, order });
  return order;
}

/** The position in `order` of the first key after `token` (binary search). */
function firstAfter(order: number[], keys: string[], token: string): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[order[mid]] > token) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** `$filter`, `$skipToken`: Azure writes the dollar as is. */
function encodeQueryName(name: string): string {
  return name.startsWith('$') ? `$${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name);
}

function defaultSortKey(item: unknown): string {
  if (typeof item === 'object' && item !== null) {
    const o = item as { name?: unknown; id?: unknown };
    if (typeof o.name === 'string') return o.name.toLowerCase();
    if (typeof o.id === 'string') return o.id.toLowerCase();
  }
  return String(item);
}

/** A key that sorts newer times first (for lists Azure gives newest first). */
export function newestFirstKey(time: Date | number, tieBreak: string): string {
  const t = typeof time === 'number' ? time : time.getTime();
  return `${String(9_999_999_999_999 - t).padStart(13, '0')}|${tieBreak.toLowerCase()}`;
}
