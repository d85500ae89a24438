// A service principal's secret as it is kept in SecretStorage: bound to the sign-in authority and
// the tenant it was entered for, so it is only ever sent there. If the cloud settings later name
// another authority (or a saved value carries no binding: an earlier version saved the bare
// secret), the secret is not used and the user is asked to sign in again (issue 12, finding 1).
// Pure: no `vscode`, unit-tested in plain Node.

/** Where a secret may be sent: the token endpoint is `${authorityHost}/${tenantId}/oauth2/v2.0/token`. */
export interface SecretBinding {
  authorityHost: string;
  tenantId: string;
}

interface SavedSecretRecord extends SecretBinding {
  v: 1;
  clientSecret: string;
}

export type OpenedSecret =
  /** Nothing saved under the key. */
  | { kind: 'missing' }
  /** Saved for this authority and tenant: usable. */
  | { kind: 'usable'; clientSecret: string }
  /** Saved for another authority or tenant (`savedFor`), or without a binding (`savedFor` undefined): not to be sent. */
  | { kind: 'elsewhere'; savedFor?: SecretBinding };

/** An authority compared as a URL: scheme and host case-insensitively, no trailing slash. */
function authorityKey(authorityHost: string): string {
  const text = authorityHost.trim();
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`.toLowerCase();
  } catch {
    return text.toLowerCase();
  }
}

export function sameBinding(a: SecretBinding, b: SecretBinding): boolean {
  return authorityKey(a.authorityHost) === authorityKey(b.authorityHost) && a.tenantId.trim().toLowerCase() === b.tenantId.trim().toLowerCase();
}

/** The text to keep in SecretStorage. */
export function sealSecret(binding: SecretBinding, clientSecret: string): string {
  const record: SavedSecretRecord = { v: 1, authorityHost: binding.authorityHost, tenantId: binding.tenantId, clientSecret };
  return JSON.stringify(record);
}

function parseRecord(raw: string): SavedSecretRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  if (r['v'] !== 1) return undefined;
  const { authorityHost, tenantId, clientSecret } = r;
  if (typeof authorityHost !== 'string' || typeof tenantId !== 'string' || typeof clientSecret !== 'string' || clientSecret === '') return undefined;
  return { v: 1, authorityHost, tenantId, clientSecret };
}

/** The saved secret, only when it was saved for `expected` (the authority and tenant it would now be sent to). */
export function openSecret(raw: string | undefined, expected: SecretBinding): OpenedSecret {
  if (raw === undefined || raw === '') return { kind: 'missing' };
  const record = parseRecord(raw);
  if (record === undefined) return { kind: 'elsewhere' };
  const savedFor: SecretBinding = { authorityHost: record.authorityHost, tenantId: record.tenantId };
  return sameBinding(savedFor, expected) ? { kind: 'usable', clientSecret: record.clientSecret } : { kind: 'elsewhere', savedFor };
}
