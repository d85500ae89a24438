// One error type for everything the Azure service layer throws, with a readable message that
// never carries a stack trace or a token, plus ASR's possible causes and recommended action.

import { isLostActionAnswer } from './actionAnswerPolicy';

export interface AzureOperationErrorInit {
  code: string;
  statusCode?: number;
  recommendedAction?: string;
  possibleCauses?: string;
  requestId?: string;
  target?: string;
}

export class AzureOperationError extends Error {
  override name = 'AzureOperationError';
  readonly code: string;
  readonly statusCode?: number;
  readonly recommendedAction?: string;
  readonly possibleCauses?: string;
  readonly requestId?: string;
  readonly target?: string;

  constructor(message: string, init: AzureOperationErrorInit) {
    super(message);
    this.code = init.code;
    if (init.statusCode !== undefined) {
      this.statusCode = init.statusCode;
    }
    if (init.recommendedAction !== undefined) {
      this.recommendedAction = init.recommendedAction;
    }
    if (init.possibleCauses !== undefined) {
      this.possibleCauses = init.possibleCauses;
    }
    if (init.requestId !== undefined) {
      this.requestId = init.requestId;
    }
    if (init.target !== undefined) {
      this.target = init.target;
    }
  }
}

/** A refusal made locally, before any request: ASR's allowedOperations do not allow the action. */
export class ActionNotAllowedError extends AzureOperationError {
  override name = 'ActionNotAllowedError';
  constructor(message: string) {
    super(message, { code: 'ActionNotAllowed' });
  }
}

/** Input rejected locally, before any request (bad name, out-of-range setting, ...). */
export class InvalidInputError extends AzureOperationError {
  override name = 'InvalidInputError';
  constructor(message: string, target?: string) {
    super(message, target === undefined ? { code: 'InvalidInput' } : { code: 'InvalidInput', target });
  }
}

export const NOT_SIGNED_IN_MESSAGE = "Not signed in to Azure. Run 'Azure Site Recovery: Connect to a Vault' to sign in.";

/** No VS Code Azure session (or it was signed out). */
export class NotSignedInError extends AzureOperationError {
  override name = 'NotSignedInError';
  constructor(message: string = NOT_SIGNED_IN_MESSAGE) {
    super(message, { code: 'NotSignedIn', recommendedAction: "Run 'Azure Site Recovery: Connect to a Vault' to sign in." });
  }
}

const SIGN_IN_ACTION = "Run 'Azure Site Recovery: Connect to a Vault' to sign in again.";
const MAX_MESSAGE_LENGTH = 2000;

/**
 * Makes text safe to show and log: drops stack frames, redacts bearer tokens, JWTs and secrets,
 * and caps the length.
 */
export function sanitizeMessage(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .filter((line) => !/^\s*at\s+\S/.test(line))
    .map((line) => line.trimEnd());
  let result = lines.join('\n').trim();
  result = result
    .replace(/eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, '[redacted token]')
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]')
    .replace(/\b(access_token|refresh_token|id_token|client_secret|clientSecret|password|sig|signature)(["']?\s*[:=]\s*["']?)[^"'&\s,;]+/gi, '$1$2[redacted]')
    .replace(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, '[redacted private key]');
  if (result.length > MAX_MESSAGE_LENGTH) {
    result = `${result.slice(0, MAX_MESSAGE_LENGTH - 1)}…`;
  }
  return result;
}

function firstLine(text: string): string {
  return (sanitizeMessage(text).split('\n')[0] ?? '').trim();
}

// ---------------------------------------------------------------------------------------------
// Small readers for unknown values.

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Case-insensitive property read (ASR sometimes writes "Code"/"Message"). */
function prop(value: unknown, key: string): unknown {
  if (!isObject(value)) {
    return undefined;
  }
  if (key in value) {
    return value[key];
  }
  const lower = key.toLowerCase();
  const match = Object.keys(value).find((k) => k.toLowerCase() === lower);
  return match === undefined ? undefined : value[match];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim().length > 0 ? value.trim() : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

// ---------------------------------------------------------------------------------------------
// Network errors.

const networkMessages: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'the connection was refused. Check the cloud endpoint setting and your network, then try again.',
  ECONNRESET: 'the connection was reset. Check your network or proxy, then try again.',
  EPIPE: 'the connection was closed. Check your network or proxy, then try again.',
  ECONNABORTED: 'the connection was aborted. Check your network or proxy, then try again.',
  ETIMEDOUT: 'the connection timed out. Check your network or proxy, then try again.',
  ESOCKETTIMEDOUT: 'the connection timed out. Check your network or proxy, then try again.',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out. Check your network or proxy, then try again.',
  ENOTFOUND: 'the host name could not be resolved. Check the cloud endpoint setting and your DNS or proxy.',
  EAI_AGAIN: 'the host name could not be resolved. Check your network or DNS, then try again.',
  EHOSTUNREACH: 'the host is unreachable. Check your network or proxy, then try again.',
  ENETUNREACH: 'the network is unreachable. Check your network connection, then try again.',
};

const tlsCodes = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
]);

function hostOf(url: string | undefined): string | undefined {
  if (url === undefined) {
    return undefined;
  }
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

function networkError(code: string, host: string | undefined, rawMessage: string): AzureOperationError | undefined {
  const where = host ? `Azure at ${host}` : 'Azure';
  const known = networkMessages[code];
  if (known !== undefined) {
    return new AzureOperationError(`Could not reach ${where}: ${known}`, { code });
  }
  if (tlsCodes.has(code)) {
    return new AzureOperationError(`Could not reach ${where}: its TLS certificate is not trusted (${code}). For a custom cloud, set its CA certificate.`, { code });
  }
  if (code === 'REQUEST_SEND_ERROR') {
    const detail = firstLine(rawMessage);
    return new AzureOperationError(`Could not reach ${where}${detail ? `: ${detail}` : '.'}`, { code: 'NetworkError' });
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// ARM / ASR error bodies.

interface ParsedServiceError {
  code?: string;
  message?: string;
  target?: string;
  possibleCauses?: string;
  recommendedAction?: string;
  activityId?: string;
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string' || text.trim().length === 0) {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Reads `{ error: { code, message, target, possibleCauses, recommendedAction, details: [...] } }` (or the bare object). */
export function parseServiceError(body: unknown): ParsedServiceError | undefined {
  if (!isObject(body)) {
    return undefined;
  }
  const error = prop(body, 'error');
  const e = isObject(error) ? error : body;
  const detailsValue = prop(e, 'details');
  const details = Array.isArray(detailsValue) ? detailsValue.filter(isObject) : [];
  const fromDetails = (key: string): string | undefined => {
    for (const d of details) {
      const v = str(prop(d, key));
      if (v !== undefined) {
        return v;
      }
    }
    return undefined;
  };

  const mainMessage = str(prop(e, 'message'));
  const detailMessages = details
    .map((d) => str(prop(d, 'message')))
    .filter((m): m is string => m !== undefined)
    .filter((m, i, all) => all.indexOf(m) === i)
    .filter((m) => mainMessage === undefined || !mainMessage.includes(m));
  const message = [mainMessage, ...detailMessages.slice(0, 3)].filter((m): m is string => m !== undefined).join(' ');

  const result: ParsedServiceError = {};
  const code = str(prop(e, 'code')) ?? fromDetails('code');
  if (code !== undefined) {
    result.code = code;
  }
  if (message.length > 0) {
    result.message = message;
  }
  const target = str(prop(e, 'target')) ?? fromDetails('target');
  if (target !== undefined) {
    result.target = target;
  }
  const possibleCauses = str(prop(e, 'possibleCauses')) ?? fromDetails('possibleCauses');
  if (possibleCauses !== undefined) {
    result.possibleCauses = possibleCauses;
  }
  const recommendedAction = str(prop(e, 'recommendedAction')) ?? fromDetails('recommendedAction');
  if (recommendedAction !== undefined) {
    result.recommendedAction = recommendedAction;
  }
  const activityId = str(prop(e, 'activityId')) ?? fromDetails('activityId');
  if (activityId !== undefined) {
    result.activityId = activityId;
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

function fallbackMessage(statusCode: number | undefined): string {
  switch (statusCode) {
    case 400:
      return 'Azure rejected the request as invalid (400 Bad Request).';
    case 401:
      return 'Azure did not accept the sign-in (401 Unauthorized).';
    case 403:
      return 'You do not have permission for this operation (403 Forbidden).';
    case 404:
      return 'The Azure resource was not found (404 Not Found).';
    case 409:
      return 'The Azure resource is busy or in a conflicting state (409 Conflict). Try again later.';
    case 429:
      return 'Azure is throttling requests (429 Too Many Requests). Try again in a minute.';
    default:
      if (statusCode !== undefined && statusCode >= 500) {
        return `Azure returned a server error (${statusCode}). Try again later.`;
      }
      return statusCode !== undefined ? `Azure returned status ${statusCode}.` : 'The Azure request failed.';
  }
}

function defaultAction(statusCode: number | undefined): string | undefined {
  if (statusCode === 401) {
    return SIGN_IN_ACTION;
  }
  if (statusCode === 403) {
    return 'Ask a subscription owner for the Contributor or Site Recovery Contributor role on the vault and its resource group.';
  }
  return undefined;
}

interface RestErrorLike {
  name: string;
  message: string;
  code?: unknown;
  statusCode?: unknown;
  details?: unknown;
  request?: { url?: unknown };
  response?: {
    status?: unknown;
    bodyAsText?: unknown;
    parsedBody?: unknown;
    headers?: { get?: (name: string) => string | undefined };
  };
}

function isRestErrorLike(e: unknown): e is RestErrorLike {
  return e instanceof Error && e.name === 'RestError';
}

function header(e: RestErrorLike, name: string): string | undefined {
  const get = e.response?.headers?.get;
  if (typeof get !== 'function') {
    return undefined;
  }
  try {
    return str(get.call(e.response?.headers, name));
  } catch {
    return undefined;
  }
}

function fromRestError(e: RestErrorLike): AzureOperationError {
  const statusCode = num(e.statusCode) ?? num(e.response?.status);
  const rawCode = str(e.code);
  if (statusCode === undefined && rawCode !== undefined) {
    const net = networkError(rawCode, hostOf(str(e.request?.url)), e.message);
    if (net !== undefined) {
      return net;
    }
  }
  const parsed = parseServiceError(parseJson(e.response?.bodyAsText)) ?? parseServiceError(e.response?.parsedBody) ?? parseServiceError(e.details);

  const init: AzureOperationErrorInit = { code: parsed?.code ?? rawCode ?? (statusCode !== undefined ? `Http${statusCode}` : 'RequestFailed') };
  if (statusCode !== undefined) {
    init.statusCode = statusCode;
  }
  const possibleCauses = parsed?.possibleCauses;
  if (possibleCauses !== undefined) {
    init.possibleCauses = sanitizeMessage(possibleCauses);
  }
  const recommendedAction = parsed?.recommendedAction ?? defaultAction(statusCode);
  if (recommendedAction !== undefined) {
    init.recommendedAction = sanitizeMessage(recommendedAction);
  }
  const requestId = header(e, 'x-ms-request-id') ?? header(e, 'x-ms-correlation-request-id') ?? parsed?.activityId;
  if (requestId !== undefined) {
    init.requestId = requestId;
  }
  if (parsed?.target !== undefined) {
    init.target = parsed.target;
  }

  let message = parsed?.message;
  if (message === undefined) {
    // core-client puts the raw body in the message when it cannot parse it; never show raw HTML/JSON.
    const own = firstLine(e.message);
    message = own && !/^[<{[]/.test(own) && own.length <= 300 ? own : fallbackMessage(statusCode);
  }
  return new AzureOperationError(sanitizeMessage(message), init);
}

// ---------------------------------------------------------------------------------------------
// Long-running operation failures (@azure/core-lro 2.x poller).

const LRO_FAILED = 'The long-running operation has failed';

function fromLroError(message: string): AzureOperationError | undefined {
  if (message.startsWith(LRO_FAILED)) {
    // Format: "The long-running operation has failed. <code>. <message>" (postfix optional).
    const rest = message.slice(LRO_FAILED.length).replace(/^\.\s*/, '');
    const match = /^([^.\s]+)\.\s*([\s\S]*)$/.exec(rest);
    if (match) {
      const code = match[1] ?? 'OperationFailed';
      const text = sanitizeMessage(match[2] ?? '');
      return new AzureOperationError(text.length > 0 ? text : 'The Azure Site Recovery operation failed.', { code });
    }
    return new AzureOperationError('The Azure Site Recovery operation failed. Open its job to see the failed step and why.', { code: 'OperationFailed' });
  }
  if (message === 'Operation was canceled') {
    return new AzureOperationError('The operation was canceled in Azure.', { code: 'OperationCanceled' });
  }
  if (message.startsWith('Polling completed without succeeding or failing')) {
    return new AzureOperationError('Azure stopped reporting the operation before it finished. Check its job.', {
      code: 'OperationIncomplete',
    });
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// @azure/identity errors (matched by name: the classes may come from another copy of the package).

function fromCredentialError(e: Error): AzureOperationError | undefined {
  switch (e.name) {
    case 'CredentialUnavailableError':
      return new AzureOperationError(`Could not get Azure credentials: ${firstLine(e.message)}`, {
        code: 'CredentialUnavailable',
        recommendedAction: SIGN_IN_ACTION,
      });
    case 'AuthenticationRequiredError':
      return new AzureOperationError('Azure needs you to sign in again.', {
        code: 'AuthenticationRequired',
        recommendedAction: SIGN_IN_ACTION,
      });
    case 'AuthenticationError': {
      const withResponse = e as Error & { statusCode?: unknown; errorResponse?: { errorDescription?: unknown; error?: unknown } };
      const description = str(withResponse.errorResponse?.errorDescription);
      const detail = firstLine(description ?? e.message);
      const init: AzureOperationErrorInit = { code: 'AuthenticationFailed', recommendedAction: SIGN_IN_ACTION };
      const statusCode = num(withResponse.statusCode);
      if (statusCode !== undefined) {
        init.statusCode = statusCode;
      }
      return new AzureOperationError(`Azure sign-in failed: ${detail}`, init);
    }
    default:
      return undefined;
  }
}

/** Normalizes anything thrown by the SDKs, @azure/identity, core-lro or Node into an AzureOperationError. */
export function toAzureOperationError(e: unknown): AzureOperationError {
  if (e instanceof AzureOperationError) {
    return e;
  }
  if (isLostActionAnswer(e)) {
    return fromRestError(e.cause);
  }
  if (isRestErrorLike(e)) {
    return fromRestError(e);
  }
  if (e instanceof Error) {
    if (e.name === 'AbortError') {
      return new AzureOperationError('The operation was cancelled.', { code: 'Cancelled' });
    }
    const credential = fromCredentialError(e);
    if (credential !== undefined) {
      return credential;
    }
    const lro = fromLroError(e.message);
    if (lro !== undefined) {
      return lro;
    }
    const nodeError = e as Error & { code?: unknown; hostname?: unknown; host?: unknown; address?: unknown; port?: unknown };
    const code = str(nodeError.code);
    if (code !== undefined) {
      const host = str(nodeError.hostname) ?? str(nodeError.host) ?? str(nodeError.address);
      const port = num(nodeError.port);
      const net = networkError(code, host !== undefined && port !== undefined ? `${host}:${port}` : host, e.message);
      if (net !== undefined) {
        return net;
      }
    }
    const message = sanitizeMessage(e.message);
    return new AzureOperationError(message.length > 0 ? message : 'Unexpected error.', { code: code ?? 'Unknown' });
  }
  const text = typeof e === 'string' ? sanitizeMessage(e) : '';
  return new AzureOperationError(text.length > 0 ? text : 'Unexpected error.', { code: 'Unknown' });
}

/** Runs `fn` and rethrows any failure as an AzureOperationError. */
export async function callAzure<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toAzureOperationError(e);
  }
}
