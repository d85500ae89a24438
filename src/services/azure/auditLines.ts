// The audit trail's lines (issue 13, "An audit trail"): who asked for which Azure Site Recovery
// write on what, the job Azure gave it, and how that job ended. Pure: plain values in, one line
// out, in English (the log is read with support and searched, so it is not translated). No line
// may carry a secret: only the named fields of what is passed are read, and every free text (an
// error message, a reason, a claim) goes through redactSecrets first.

import type { JobState } from '../../model/jobSummary';

export const AUDIT_PREFIX = '[audit]';

/** What a write is and what it acts on. */
export interface AuditSubject {
  /** What was asked, in English: "Planned failover". */
  operation: string;
  /** What it acts on: the VM's name, "policy RAM-Policy", "job 8f2e…". */
  target: string;
  /** Where, as the line says it: "vault RAM-Vault", or "subscription …, resource group RAM-DR-RG" for a write before there is a vault. */
  where: string;
}

/** What became of a request. */
export type RequestOutcome =
  | { kind: 'job'; jobName: string; recovered?: boolean }
  /** Azure carried it out without a job (a vault certificate, for instance). */
  | { kind: 'done' }
  /** Refused before any request: a preflight check, invalid input, not signed in, cancelled first. */
  | { kind: 'notSent'; reason: string }
  /** Cancelled while its request was under way: Azure may or may not have taken it. */
  | { kind: 'cancelled' }
  /** Azure (or the network) refused or failed it. */
  | { kind: 'failed'; code: string; message: string };

/** How a job was seen to end (or to wait, Suspended). */
export interface JobEnd {
  jobName: string;
  state: JobState;
  durationMs?: number;
  errorCode?: string;
  errorMessage?: string;
}

/** The kind of credential, for an identity whose token says nothing readable. */
export type CredentialKind = 'microsoftAccount' | 'servicePrincipal' | 'azureCli' | 'unknown';

const kindLabels: Record<CredentialKind, string> = {
  microsoftAccount: 'a Microsoft account',
  servicePrincipal: 'a service principal',
  azureCli: 'the Azure CLI user',
  unknown: 'an unknown identity',
};

const REDACTED = '[redacted]';

/** A run of base64 this long (within one path segment) is taken for key material, not prose or an id. */
const LONG_SECRET_SEGMENT = 40;

const secretPatterns: readonly [RegExp, string | ((match: string) => string)][] = [
  // PEM blocks (private keys, certificates).
  [/-----BEGIN [^-]*-----[\s\S]*?(-----END [^-]*-----|$)/g, REDACTED],
  // A bearer token, then any JWT (three base64url parts, the first a JSON header).
  [/\bBearer\s+\S+/gi, `Bearer ${REDACTED}`],
  [/\beyJ[\w-]*\.[\w-]*\.?[\w-]*/g, REDACTED],
  // name=value or name: value where the name says secret (SAS signatures, passwords, keys, tokens).
  [
    /\b([\w-]*(?:password|passwd|pwd|secret|token|credential|accountkey|sharedaccesskey|apikey|sig))s?(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&;,]+)/gi,
    (m: string): string => m.replace(/(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&;,]+)$/, `$1${REDACTED}`),
  ],
  // Long base64 (a key, a certificate, a PFX): any path segment of it this long.
  [/[A-Za-z0-9+/]{80,}={0,2}/g, (m: string): string => (m.split('/').some((s) => s.length >= LONG_SECRET_SEGMENT) ? REDACTED : m)],
];

/** The text with anything that looks like a secret (a token, a key, a password=…, a PEM block, long base64) replaced. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of secretPatterns) {
    out = typeof replacement === 'string' ? out.replace(pattern, replacement) : out.replace(pattern, replacement);
  }
  return out;
}

/** One line of free text: redacted, on one line, at most `max` characters. */
function clean(text: string, max = 400): string {
  const one = redactSecrets(text).replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** "45 s", "2 min 14 s", "1 h 3 min". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${s} s`;
  return `${s} s`;
}

function claim(claims: unknown, name: string): string | undefined {
  if (typeof claims !== 'object' || claims === null) return undefined;
  const value = (claims as Record<string, unknown>)[name];
  return typeof value === 'string' && value.trim().length > 0 && value.length <= 256 ? clean(value, 256) : undefined;
}

/**
 * Who: from an access token's claims, the user's sign-in name (upn, preferred_username,
 * unique_name, email) or the application's client id (appid, azp), with the tenant (tid); else
 * the kind of credential. Only these claims are read, never the token.
 */
export function describeIdentity(claims: unknown, kind: CredentialKind): string {
  const user = claim(claims, 'upn') ?? claim(claims, 'preferred_username') ?? claim(claims, 'unique_name') ?? claim(claims, 'email');
  const app = claim(claims, 'appid') ?? claim(claims, 'azp');
  const tenant = claim(claims, 'tid');
  const who = user ?? (app !== undefined ? `service principal ${app}` : kindLabels[kind]);
  return tenant !== undefined ? `${who} (tenant ${tenant})` : who;
}

function outcomeText(outcome: RequestOutcome): string {
  switch (outcome.kind) {
    case 'job':
      return `job ${clean(outcome.jobName)}${outcome.recovered === true ? " (Azure's answer was lost; the job was found in the vault)" : ''}`;
    case 'done':
      return 'done (no job)';
    case 'notSent':
      return `not sent: ${clean(outcome.reason)}`;
    case 'cancelled':
      return 'cancelled before Azure answered (see the vault’s jobs for whether it started)';
    case 'failed':
      return `failed: ${clean(outcome.code, 80)}: ${clean(outcome.message)}`;
  }
}

/** `[audit] Planned failover requested by alice@contoso.com (tenant …) on ramh157v03 (vault RAM-Vault) → job 8f2e…` */
export function requestedLine(subject: AuditSubject, who: string, outcome: RequestOutcome): string {
  return `${AUDIT_PREFIX} ${clean(subject.operation, 80)} requested by ${clean(who, 300)} on ${clean(subject.target, 200)} (${clean(subject.where, 200)}) → ${outcomeText(outcome)}`;
}

/** `[audit] Planned failover of ramh157v03: job 8f2e… Succeeded (2 min 14 s)`, or `… Failed (40 s): 70038: …`. */
export function endedLine(subject: Pick<AuditSubject, 'operation' | 'target'>, end: JobEnd): string {
  const duration = end.durationMs !== undefined ? ` (${formatDuration(end.durationMs)})` : '';
  const head = `${AUDIT_PREFIX} ${clean(subject.operation, 80)} of ${clean(subject.target, 200)}: job ${clean(end.jobName)} ${end.state}${duration}`;
  if (end.state !== 'Failed') return head;
  return `${head}: ${clean(end.errorCode ?? 'no error code', 80)}: ${clean(end.errorMessage ?? 'Azure Site Recovery gives no message; open the job for its failed step.')}`;
}
