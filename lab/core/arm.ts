import type { LabClock } from './clock';
import type { LabRequest, LabResponse } from './router';

export function ok(body: unknown): LabResponse {
  return { status: 200, body };
}

/**
 * Azure's answer to an ASR write: 202, no body, Location (…/operationresults/{job}),
 * Azure-AsyncOperation (…/replicationOperationStatus/{job}) and Retry-After (recordings:
 * CreateSite.json, CreateProtectedItem.json, CommitFailover.json).
 */
export function acceptedAsrJob(
  req: LabRequest,
  clock: LabClock,
  vaultBase: string,
  resourcePath: string,
  jobName: string,
): LabResponse {
  const v = encodeURIComponent(req.apiVersion);
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
 * One page of a list, with `nextLink` when more remain. The token parameter is what the real
 * service uses for that list (`skipToken` for protected items, `$skipToken` elsewhere); both
 * spellings are read.
 */
export function pageOf<T>(
  req: LabRequest,
  items: T[],
  toJson: (item: T) => unknown,
  pageSize: number,
  tokenParam: 'skipToken' | '$skipToken' = '$skipToken',
): LabResponse {
  const raw = req.query.get('$skipToken') ?? req.query.get('skipToken') ?? '0';
  const start = Math.max(0, Number.parseInt(raw, 10) || 0);
  const slice = items.slice(start, start + pageSize);
  let nextLink: string | null = null;
  if (start + pageSize < items.length) {
    const q = new URLSearchParams();
    for (const [k, v] of req.query) if (k !== '$skipToken' && k !== 'skipToken') q.set(k, v);
    q.set(tokenParam, String(start + pageSize));
    nextLink = `${req.baseUrl}${req.path}?${q.toString()}`;
  }
  return ok({ value: slice.map(toJson), nextLink });
}
