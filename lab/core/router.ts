import type { IncomingHttpHeaders } from 'node:http';
import type { TokenClaims } from './tokens';

export interface LabRequest {
  method: string;
  /** Path without query, as sent (percent-decoded per segment in `segments`). */
  path: string;
  segments: string[];
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  params: Record<string, string>;
  apiVersion: string;
  /** https://127.0.0.1:<port> */
  baseUrl: string;
  principal?: TokenClaims;
}

export interface LabResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string> | undefined;
}

export type Handler = (req: LabRequest) => LabResponse | Promise<LabResponse>;

/** Which api-version family a route belongs to (see apiVersions.ts). */
export type ApiFamily = 'subscriptions' | 'resources' | 'storage' | 'network' | 'recoveryServices' | 'siteRecovery' | 'authorization' | 'compute';

export interface Route {
  method: string;
  pattern: string[];
  /** Operation name for the lab's counters, e.g. `replicationProtectedItems.list`. */
  operation: string;
  family: ApiFamily;
  handler: Handler;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** Splits a URL path into decoded segments. */
export function splitPath(path: string): string[] {
  return path
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

/**
 * Routes by path pattern: literal segments compare case-insensitively (ARM paths do; real ASR
 * even answers with `/Subscriptions/`), `{name}` segments capture.
 */
export class Router {
  private readonly routes: Route[] = [];
  private readonly guards: ((req: LabRequest, route: Route) => void)[] = [];

  add(method: string, pattern: string, operation: string, family: ApiFamily, handler: Handler): void {
    const route: Route = { method, pattern: splitPath(pattern), operation, family, handler };
    // Guards run before every handler, whenever they were added (ARM's checks before the RP's).
    route.handler = (req) => {
      for (const guard of this.guards) guard(req, route);
      return handler(req);
    };
    this.routes.push(route);
  }

  /** A check that runs before every route's handler (it throws an ArmError to refuse). */
  guard(check: (req: LabRequest, route: Route) => void): void {
    this.guards.push(check);
  }

  match(method: string, segments: string[]): RouteMatch | 'methodNotAllowed' | undefined {
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchPattern(route.pattern, segments);
      if (!params) continue;
      if (route.method !== method) {
        pathMatched = true;
        continue;
      }
      return { route, params };
    }
    return pathMatched ? 'methodNotAllowed' : undefined;
  }
}

function matchPattern(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    const s = segments[i];
    if (p.startsWith('{') && p.endsWith('}')) {
      params[p.slice(1, -1)] = s;
    } else if (p.toLowerCase() !== s.toLowerCase()) {
      return undefined;
    }
  }
  return params;
}
