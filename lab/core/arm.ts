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
  const keyed = items.map((item) => ({ item, key: sortKey(item) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const rest = token === null ? keyed : keyed.filter((k) => k.key > token);
  const slice = rest.slice(0, pageSize);
  let nextLink: string | null = null;
  if (rest.length > pageSize) {
    const parts: string[] = [];
    for (const [k, v] of req.query) {
      if (k !== '$skipToken' && k !== 'skipToken') parts.push(`${encodeQueryName(k)}=${encodeURIComponent(v)}`);
    }
    parts.push(`${tokenParam}=${encodeURIComponent(slice[slice.length - 1].key)}`);
    nextLink = `${req.baseUrl}${req.path}?${parts.join('&')}`;
  }
  return ok({ value: slice.map((k) => toJson(k.item)), nextLink });
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
