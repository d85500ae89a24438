import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface TokenClaims {
  aud: string;
  iss: string;
  tid: string;
  oid: string;
  appid: string;
  iat: number;
  nbf: number;
  exp: number;
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/**
 * Issues and checks the lab's access tokens: JWTs signed with a per-lab secret (HS256), so a
 * token from another lab, a forged one or an expired one is refused.
 */
export class TokenIssuer {
  private readonly secret = randomBytes(32);

  constructor(
    private readonly issuerBase: string,
    private readonly now: () => number,
  ) {}

  issue(tenantId: string, clientId: string, audience: string, lifetimeSeconds: number): { token: string; claims: TokenClaims } {
    const iat = Math.floor(this.now() / 1000);
    const claims: TokenClaims = {
      aud: audience,
      iss: `${this.issuerBase}/${tenantId}/v2.0`,
      tid: tenantId,
      oid: clientId,
      appid: clientId,
      iat,
      nbf: iat - 60,
      exp: iat + Math.max(1, Math.round(lifetimeSeconds)),
    };
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = b64url(JSON.stringify(claims));
    const signature = this.sign(`${header}.${payload}`);
    return { token: `${header}.${payload}.${signature}`, claims };
  }

  /** The claims of a valid token, or the reason it is not valid. */
  verify(token: string): { ok: true; claims: TokenClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' } {
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'malformed' };
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { ok: false, reason: 'signature' };
    }
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= this.now()) {
      return { ok: false, reason: 'expired' };
    }
    return { ok: true, claims };
  }

  private sign(data: string): string {
    return createHmac('sha256', this.secret).update(data).digest('base64url');
  }
}
