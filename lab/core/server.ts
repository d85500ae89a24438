import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { ArmError } from './armError';
import { supportedApiVersions } from './apiVersions';
import type { FaultInjector } from './faults';
import type { LabClock } from './clock';
import type { RequestLog } from './requestLog';
import type { LabRequest, LabResponse, Router } from './router';
import { splitPath } from './router';
import type { TokenIssuer } from './tokens';

/** Endpoints outside ARM: sign-in (no bearer token) and the lab's own control API. */
export interface SideEndpoints {
  /** Answers identity requests (OpenID configuration, token), or undefined if not one. */
  identity(method: string, segments: string[], body: string, baseUrl: string): LabResponse | undefined;
  /** Answers `/_lab/...` control requests, or undefined if not one. */
  control(req: LabRequest): Promise<LabResponse | undefined> | LabResponse | undefined;
}

export interface LabServerOptions {
  certPem: string;
  keyPem: string;
  router: Router;
  tokens: TokenIssuer;
  faults: FaultInjector;
  clock: LabClock;
  log: RequestLog;
  side: SideEndpoints;
  /** Runs before each ARM request (advances the lab's state machine). */
  beforeRequest: () => void;
}

const maxBodyBytes = 4 * 1024 * 1024;

/** One request being answered, as the request log records it. */
interface Exchange {
  started: number;
  method: string;
  url: URL;
  operation: string;
  fault?: string | undefined;
}

/** The lab's HTTPS server: ARM's request pipeline (auth, api-version, faults, errors, log). */
export class LabServer {
  private server?: Server | undefined;
  private readonly sockets = new Set<Socket>();
  baseUrl = '';

  constructor(private readonly options: LabServerOptions) {}

  async listen(port: number, host = '127.0.0.1'): Promise<string> {
    const server = createServer({ cert: this.options.certPem, key: this.options.keyPem }, (req, res) => {
      void this.handle(req, res);
    });
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('secureConnection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    const address = server.address() as AddressInfo;
    this.baseUrl = `https://${host}:${address.port}`;
    return this.baseUrl;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', this.baseUrl);
    const segments = splitPath(url.pathname);
    const exchange: Exchange = { started, method, url, operation: 'unknown' };
    const finish = (response: LabResponse): void => {
      this.send(res, response);
      this.logExchange(exchange, response.status);
    };

    let rawBody: string;
    try {
      rawBody = await readBody(req);
    } catch (e) {
      exchange.operation = 'invalidBody';
      finish(errorResponse(new ArmError(413, 'RequestEntityTooLarge', (e as Error).message)));
      return;
    }

    // Sign-in endpoints: no bearer token, no faults.
    const identity = this.options.side.identity(method, segments, rawBody, this.baseUrl);
    if (identity) {
      exchange.operation = 'identity';
      finish(identity);
      return;
    }

    const labRequest: LabRequest = {
      method,
      path: url.pathname,
      segments,
      query: url.searchParams,
      headers: req.headers,
      body: undefined,
      params: {},
      apiVersion: url.searchParams.get('api-version') ?? '',
      baseUrl: this.baseUrl,
    };

    try {
      const response = await this.answer(req, labRequest, rawBody, exchange);
      if (response) finish(response);
    } catch (e) {
      if (e instanceof ArmError) {
        finish(errorResponse(e));
      } else {
        console.error('[lab] handler error', e);
        finish(errorResponse(new ArmError(500, 'InternalServerError', `The lab failed to handle the request: ${(e as Error).message}`)));
      }
    }
  }

  /** The answer to a request past sign-in: the control API's or a route's; undefined if the connection was dropped. */
  private async answer(req: IncomingMessage, labRequest: LabRequest, rawBody: string, exchange: Exchange): Promise<LabResponse | undefined> {
    const { method, segments, path } = labRequest;
    // Bearer token required everywhere else, the lab's control API included.
    const refusal = this.authenticate(req, labRequest);
    if (refusal) {
      exchange.operation = 'unauthorized';
      return refusal;
    }

    if (segments[0] === '_lab') {
      exchange.operation = `lab.${segments[1] ?? ''}`;
      labRequest.body = parseJsonBody(rawBody);
      const control = await this.options.side.control(labRequest);
      return control ?? errorResponse(new ArmError(404, 'NotFound', `No lab endpoint ${path}`));
    }

    const matched = this.options.router.match(method, segments);
    if (matched === undefined) {
      exchange.operation = 'notFound';
      return errorResponse(new ArmError(404, 'NotFound', `The requested resource ${path} does not exist in the lab.`));
    }
    if (matched === 'methodNotAllowed') {
      exchange.operation = 'methodNotAllowed';
      return errorResponse(new ArmError(405, 'MethodNotAllowed', `The method ${method} is not allowed on ${path}.`));
    }
    exchange.operation = matched.route.operation;

    // Faults hit a request before the lab acts on it, as a gateway would.
    const fault = await this.injectFault(req, exchange);
    if (fault === 'dropped') return undefined;
    if (fault) return fault;

    const versionError = apiVersionError(supportedApiVersions[matched.route.family], labRequest.apiVersion);
    if (versionError) return versionError;
    labRequest.params = matched.params;
    labRequest.body = parseJsonBody(rawBody);
    this.options.beforeRequest();
    const response = await matched.route.handler(labRequest);
    // The one fault after the lab acted that gives no answer (core/processedDrop.ts): done, then no answer.
    if (this.options.faults.processedDrop.decide(exchange.operation)) {
      this.dropConnection(req, exchange, 'processedDrop');
      return undefined;
    }
    if (method !== 'GET') return response;
    const mutated = this.options.faults.mutateAnswer(`${method} ${path}`, response);
    if (mutated.mutations > 0) exchange.fault = `mutate:${mutated.mutations}`;
    return mutated.response;
  }

  /** A 401 unless the request carries a valid bearer token (the request then carries its claims). */
  private authenticate(req: IncomingMessage, labRequest: LabRequest): LabResponse | undefined {
    const auth = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!match) {
      return this.unauthorized('AuthenticationFailed', 'Authentication failed. The Authorization header is missing.');
    }
    const verdict = this.options.tokens.verify(match[1]);
    if (!verdict.ok) {
      const [code, message] =
        verdict.reason === 'expired'
          ? ['ExpiredAuthenticationToken', 'The access token expiry UTC time is earlier than current UTC time.']
          : ['InvalidAuthenticationToken', 'The access token is invalid.'];
      return this.unauthorized(code, message);
    }
    labRequest.principal = verdict.claims;
    return undefined;
  }

  /** The fault the injector picks for a request, if any: an error answer, or 'dropped' (the connection was cut). */
  private async injectFault(req: IncomingMessage, exchange: Exchange): Promise<LabResponse | 'dropped' | undefined> {
    const faults = this.options.faults;
    if (faults.settings.latencyMs > 0) await sleep(faults.settings.latencyMs);
    const decision = faults.decide();
    if (decision.kind === 'drop') {
      this.dropConnection(req, exchange, 'drop');
      return 'dropped';
    }
    if (decision.kind === 'throttle') {
      exchange.fault = 'throttle';
      const retryAfter = this.options.clock.retryAfterSeconds(5);
      return errorResponse(
        new ArmError(
          429,
          'TooManyRequests',
          'The request is being throttled as the limit has been reached for operation type - Read_ObservationWindow_00:05:00. For more information, see https://aka.ms/srpthrottlinglimits',
          {
            headers: { 'Retry-After': String(retryAfter) },
          },
        ),
      );
    }
    if (decision.kind === 'error') {
      exchange.fault = `http${decision.status}`;
      return errorResponse(
        decision.status === 503
          ? new ArmError(503, 'ServiceUnavailable', 'The service is temporarily unavailable. Please retry the request after some time.', {
              headers: { 'Retry-After': String(this.options.clock.retryAfterSeconds(10)) },
            })
          : new ArmError(500, 'InternalServerError', 'An internal server error occurred. Please retry the request.'),
      );
    }
    return undefined;
  }

  /** Closes the connection without an answer (logged with status 0 and the fault's name). */
  private dropConnection(req: IncomingMessage, exchange: Exchange, fault: 'drop' | 'processedDrop'): void {
    exchange.fault = fault;
    this.logExchange(exchange, 0);
    req.socket.destroy();
  }

  private logExchange(exchange: Exchange, status: number): void {
    const { started, method, url, operation, fault } = exchange;
    this.options.log.add({ time: started, method, path: url.pathname, query: url.search, operation, status, fault, durationMs: Date.now() - started });
  }

  private unauthorized(code: string, message: string): LabResponse {
    const err = new ArmError(401, code, message, {
      headers: {
        'WWW-Authenticate': `Bearer authorization_uri="${this.baseUrl}/common/oauth2/authorize", error="invalid_token", error_description="${message}"`,
      },
    });
    return errorResponse(err);
  }

  private send(res: ServerResponse, response: LabResponse): void {
    const headers: Record<string, string> = {
      'Cache-Control': 'no-cache',
      Pragma: 'no-cache',
      Expires: '-1',
      'x-ms-request-id': randomUUID(),
      'x-ms-correlation-request-id': randomUUID(),
      'X-Content-Type-Options': 'nosniff',
      ...response.headers,
    };
    let payload = '';
    if (response.body !== undefined) {
      payload = JSON.stringify(response.body);
      headers['Content-Type'] = 'application/json; charset=utf-8';
    }
    headers['Content-Length'] = String(Buffer.byteLength(payload));
    res.writeHead(response.status, headers);
    res.end(payload);
  }
}

export function errorResponse(e: ArmError): LabResponse {
  return { status: e.status, body: e.toBody(), headers: e.extra.headers };
}

/** ARM's 400 for a request without an api-version, or with one its family does not support. */
function apiVersionError(versions: readonly string[], apiVersion: string): LabResponse | undefined {
  if (apiVersion === '') {
    return errorResponse(new ArmError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.'));
  }
  if (!versions.includes(apiVersion)) {
    return errorResponse(new ArmError(400, 'InvalidApiVersionParameter', `The api-version '${apiVersion}' is invalid. The supported versions are '${versions.join(',')}'.`));
  }
  return undefined;
}

function parseJsonBody(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new ArmError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized: the body is not valid JSON.');
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBodyBytes) {
        reject(new Error('The request body is larger than the lab accepts (4 MB).'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
