// Credentials for the ARM clients: the VS Code Microsoft account session (the normal path), a
// service principal (the ASR lab and automation) and the Azure CLI. No `vscode` import here: the
// session getter is passed in with the same shape as `vscode.authentication.getSession`.

import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { AzureCliCredential, ClientSecretCredential } from '@azure/identity';
import type { AzureCloud } from './cloud';
import { InvalidInputError, NotSignedInError } from './errors';
import type * as IdentitySdk from './sdks/identitySdk';

export { NotSignedInError } from './errors';

/** The subset of `vscode.AuthenticationSession` used here. */
export interface AuthSessionLike {
  accessToken: string;
  account: { id: string; label: string };
}

/** Same shape as `vscode.authentication.getSession` (declared here so this layer runs in plain Node). */
export type SessionGetter = (providerId: string, scopes: readonly string[], options: { silent?: boolean; createIfNone?: boolean }) => PromiseLike<AuthSessionLike | undefined>;

/** 'microsoft' for public Azure, 'microsoft-sovereign-cloud' for the sovereign clouds. */
export type AuthProviderId = 'microsoft' | 'microsoft-sovereign-cloud';

/** The provider VS Code uses for a cloud: public Azure signs in with 'microsoft', the others with 'microsoft-sovereign-cloud'. */
export function authProviderIdForCloud(cloud: AzureCloud): AuthProviderId {
  return cloud.name === 'AzureCloud' ? 'microsoft' : 'microsoft-sovereign-cloud';
}

/** A token is reused until this long before it expires. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** Assumed lifetime of a token whose expiry cannot be read (kept short on purpose). */
export const UNKNOWN_EXPIRY_LIFETIME_MS = 10 * 60 * 1000;

/** The claims of a JWT (its payload object); undefined when the token is not a readable JWT. Never logs or keeps the token. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined || parts[1].length === 0) {
    return undefined;
  }
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Expiry (ms since epoch) from a JWT's `exp` claim; undefined when the token is not a readable JWT. */
export function jwtExpiry(token: string): number | undefined {
  const exp = jwtClaims(token)?.['exp'];
  return typeof exp === 'number' && Number.isFinite(exp) && exp > 0 ? exp * 1000 : undefined;
}

export interface VsCodeSessionCredentialOptions {
  /** Clock for tests. */
  now?: () => number;
}

/**
 * A TokenCredential over the VS Code Microsoft account session. It always asks silently (it never
 * opens a sign-in prompt; signing in is the Connect command's job) for `[cloud.managementScope]`,
 * plus `VSCODE_TENANT:<tenantId>` when a tenant is chosen. The requested scopes are ignored: every
 * client of this layer is an ARM client of the same cloud. Tokens are cached until 5 minutes before
 * their JWT `exp`; concurrent callers share one session request.
 */
export class VsCodeSessionCredential implements TokenCredential {
  private cached: AccessToken | undefined;
  private pending: Promise<AccessToken> | undefined;
  private readonly now: () => number;

  constructor(
    private readonly getSession: SessionGetter,
    readonly providerId: AuthProviderId,
    readonly cloud: AzureCloud,
    readonly tenantId?: string,
    options: VsCodeSessionCredentialOptions = {},
  ) {
    this.now = options.now ?? ((): number => Date.now());
  }

  /** The scopes passed to the session getter. */
  get sessionScopes(): string[] {
    const scopes = [this.cloud.managementScope];
    if (this.tenantId !== undefined && this.tenantId.length > 0) {
      scopes.push(`VSCODE_TENANT:${this.tenantId}`);
    }
    return scopes;
  }

  /** Forgets the cached token (after a sign-out or a 401). */
  clearCache(): void {
    this.cached = undefined;
  }

  async getToken(_scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
    const cached = this.cached;
    if (cached !== undefined && cached.expiresOnTimestamp - TOKEN_REFRESH_MARGIN_MS > this.now()) {
      return cached;
    }
    if (this.pending === undefined) {
      this.pending = this.fetchToken().finally(() => {
        this.pending = undefined;
      });
    }
    return this.pending;
  }

  private async fetchToken(): Promise<AccessToken> {
    const session = await this.getSession(this.providerId, this.sessionScopes, { silent: true });
    if (session === undefined || typeof session.accessToken !== 'string' || session.accessToken.length === 0) {
      this.cached = undefined;
      throw new NotSignedInError();
    }
    const now = this.now();
    const expiry = jwtExpiry(session.accessToken) ?? now + UNKNOWN_EXPIRY_LIFETIME_MS;
    const token: AccessToken = { token: session.accessToken, expiresOnTimestamp: expiry, tokenType: 'Bearer' };
    // A token that is already inside the refresh margin is returned but not cached.
    this.cached = expiry - TOKEN_REFRESH_MARGIN_MS > now ? token : undefined;
    return token;
  }
}

export interface ServicePrincipalSecret {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

function required(value: string | undefined, what: string): string {
  const text = (value ?? '').trim();
  if (text.length === 0) {
    throw new InvalidInputError(`The service principal ${what} is empty.`);
  }
  return text;
}

/**
 * @azure/identity, required when the first service principal or CLI credential is built (or an audit
 * line asks which kind a credential is): a file of its own in the bundle, not loaded at activation
 * (sdks/identitySdk.ts, issue 14).
 */
export function loadIdentitySdk(): typeof IdentitySdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see above
  return require('./sdks/identitySdk') as typeof IdentitySdk;
}

/**
 * @azure/identity ClientSecretCredential for the cloud's authority. For a Custom cloud (the ASR
 * lab) instance discovery is off and the cloud's CA is trusted (DESIGN.md section 5).
 */
export function createServicePrincipalCredential(cloud: AzureCloud, secret: ServicePrincipalSecret): ClientSecretCredential {
  const tenantId = required(secret.tenantId, 'tenant id');
  const clientId = required(secret.clientId, 'client id');
  if (secret.clientSecret === undefined || secret.clientSecret.length === 0) {
    throw new InvalidInputError('The service principal client secret is empty.');
  }
  const custom = cloud.name === 'Custom';
  return new (loadIdentitySdk().ClientSecretCredential)(tenantId, clientId, secret.clientSecret, {
    authorityHost: cloud.authorityHost,
    ...(custom ? { disableInstanceDiscovery: true } : {}),
    ...(cloud.caCertificatePem !== undefined ? { tlsOptions: { ca: cloud.caCertificatePem } } : {}),
  });
}

/**
 * @azure/identity AzureCliCredential. The CLI's own `az cloud set` picks the cloud; the ARM clients
 * ask it for `cloud.managementScope`, so the CLI must be signed in to the same cloud.
 */
export function createAzureCliCredential(_cloud: AzureCloud, tenantId?: string): AzureCliCredential {
  const tenant = tenantId?.trim();
  return new (loadIdentitySdk().AzureCliCredential)(tenant ? { tenantId: tenant } : {});
}
