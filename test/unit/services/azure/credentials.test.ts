import assert from 'node:assert/strict';
import { AzureCliCredential, ClientSecretCredential } from '@azure/identity';
import { resolveCloud } from '../../../../src/services/azure/cloud';
import type { AuthSessionLike, SessionGetter } from '../../../../src/services/azure/credentials';
import {
  authProviderIdForCloud,
  createAzureCliCredential,
  createServicePrincipalCredential,
  jwtExpiry,
  NotSignedInError,
  TOKEN_REFRESH_MARGIN_MS,
  UNKNOWN_EXPIRY_LIFETIME_MS,
  VsCodeSessionCredential,
} from '../../../../src/services/azure/credentials';
import { InvalidInputError } from '../../../../src/services/azure/errors';

function jwt(payload: Record<string, unknown>): string {
  const enc = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(payload)}.c2lnbmF0dXJl`;
}

interface GetterCall {
  providerId: string;
  scopes: readonly string[];
  options: { silent?: boolean; createIfNone?: boolean };
}

function fakeGetter(session: () => AuthSessionLike | undefined): { getter: SessionGetter; calls: GetterCall[] } {
  const calls: GetterCall[] = [];
  const getter: SessionGetter = (providerId, scopes, options) => {
    calls.push({ providerId, scopes: [...scopes], options });
    return Promise.resolve(session());
  };
  return { getter, calls };
}

const account = { id: 'acc-1', label: 'admin@contoso.com' };
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('services/azure/credentials', () => {
  it('asks VS Code silently for the cloud ARM scope plus VSCODE_TENANT when a tenant is chosen', async () => {
    const token = jwt({ exp: T0 / 1000 + 3600 });
    const { getter, calls } = fakeGetter(() => ({ accessToken: token, account }));
    const gov = resolveCloud('AzureUSGovernment');
    const credential = new VsCodeSessionCredential(getter, 'microsoft-sovereign-cloud', gov, 'tenant-123', { now: () => T0 });
    const result = await credential.getToken('https://ignored/.default');
    assert.equal(result.token, token);
    assert.equal(result.expiresOnTimestamp, T0 + 3600_000);
    assert.deepEqual(calls, [
      {
        providerId: 'microsoft-sovereign-cloud',
        scopes: ['https://management.usgovcloudapi.net/.default', 'VSCODE_TENANT:tenant-123'],
        options: { silent: true },
      },
    ]);
    const noTenant = new VsCodeSessionCredential(getter, 'microsoft', resolveCloud('AzureCloud'));
    assert.deepEqual(noTenant.sessionScopes, ['https://management.azure.com/.default']);
  });

  it('caches the token until 5 minutes before its JWT exp, then asks again', async () => {
    let now = T0;
    let n = 0;
    const { getter, calls } = fakeGetter(() => ({ accessToken: jwt({ exp: T0 / 1000 + 3600, n: ++n }), account }));
    const credential = new VsCodeSessionCredential(getter, 'microsoft', resolveCloud('AzureCloud'), undefined, { now: () => now });
    const first = await credential.getToken([]);
    now = T0 + 3600_000 - TOKEN_REFRESH_MARGIN_MS - 1000;
    const second = await credential.getToken([]);
    assert.equal(second.token, first.token);
    assert.equal(calls.length, 1);
    now = T0 + 3600_000 - TOKEN_REFRESH_MARGIN_MS + 1000;
    const third = await credential.getToken([]);
    assert.notEqual(third.token, first.token);
    assert.equal(calls.length, 2);
  });

  it('assumes a short lifetime when the token is not a readable JWT', async () => {
    const { getter } = fakeGetter(() => ({ accessToken: 'opaque-token', account }));
    const credential = new VsCodeSessionCredential(getter, 'microsoft', resolveCloud('AzureCloud'), undefined, { now: () => T0 });
    const token = await credential.getToken([]);
    assert.equal(token.expiresOnTimestamp, T0 + UNKNOWN_EXPIRY_LIFETIME_MS);
    assert.ok(UNKNOWN_EXPIRY_LIFETIME_MS <= 60 * 60 * 1000);
    assert.equal(jwtExpiry('a.b.c'), undefined);
    assert.equal(jwtExpiry(jwt({ exp: 'soon' })), undefined);
    assert.equal(jwtExpiry(jwt({ exp: 1_800_000_000 })), 1_800_000_000_000);
  });

  it('throws NotSignedInError when VS Code has no session', async () => {
    const { getter } = fakeGetter(() => undefined);
    const credential = new VsCodeSessionCredential(getter, 'microsoft', resolveCloud('AzureCloud'));
    await assert.rejects(credential.getToken([]), (e: unknown) => {
      assert.ok(e instanceof NotSignedInError);
      assert.equal(e.code, 'NotSignedIn');
      assert.equal(e.message, "Not signed in to Azure. Run 'Azure Site Recovery: Connect to a Vault' to sign in.");
      return true;
    });
  });

  it('shares one session request between concurrent callers', async () => {
    let release: (s: AuthSessionLike) => void = () => undefined;
    let count = 0;
    const getter: SessionGetter = () => {
      count += 1;
      return new Promise<AuthSessionLike>((resolve) => {
        release = resolve;
      });
    };
    const credential = new VsCodeSessionCredential(getter, 'microsoft', resolveCloud('AzureCloud'), undefined, { now: () => T0 });
    const a = credential.getToken([]);
    const b = credential.getToken([]);
    release({ accessToken: jwt({ exp: T0 / 1000 + 3600 }), account });
    const [ta, tb] = await Promise.all([a, b]);
    assert.equal(count, 1);
    assert.equal(ta.token, tb.token);
  });

  it('picks the VS Code auth provider by cloud', () => {
    assert.equal(authProviderIdForCloud(resolveCloud('AzureCloud')), 'microsoft');
    assert.equal(authProviderIdForCloud(resolveCloud('AzureChinaCloud')), 'microsoft-sovereign-cloud');
  });

  it('builds @azure/identity credentials and rejects empty service principal fields', () => {
    const lab = resolveCloud('Custom', { resourceManagerEndpoint: 'https://127.0.0.1:8443' });
    const sp = createServicePrincipalCredential(lab, { tenantId: 't', clientId: 'c', clientSecret: 's' });
    assert.ok(sp instanceof ClientSecretCredential);
    assert.throws(
      () => createServicePrincipalCredential(lab, { tenantId: ' ', clientId: 'c', clientSecret: 's' }),
      (e: unknown) => e instanceof InvalidInputError && /tenant id is empty/.test(e.message),
    );
    assert.throws(() => createServicePrincipalCredential(lab, { tenantId: 't', clientId: 'c', clientSecret: '' }), /client secret is empty/);
    assert.ok(createAzureCliCredential(lab, 'tenant') instanceof AzureCliCredential);
  });
});
