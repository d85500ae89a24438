/**
 * A 401 for an expired token is retried once with a fresh token (issue 12): the lab issues
 * short-lived tokens (`tokenLifetime` fault, `issueToken(seconds)`) and answers an expired one as
 * ARM does (401 ExpiredAuthenticationToken with a Bearer WWW-Authenticate challenge).
 */
import assert from 'node:assert/strict';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import type { AdditionalPolicy, AzureContext } from '../../src/services/azure/clients';
import { VsCodeSessionCredential, type SessionGetter } from '../../src/services/azure/credentials';
import { AzureOperationError } from '../../src/services/azure/errors';
import { listResourceGroups } from '../../src/services/azure/subscriptions';
import { sleep } from '../support/wait';
import { openServices, type ServicesSession } from './servicesSupport';

describe('services: a token that expired is renewed and the request sent again, once', function () {
  this.timeout(60000);
  let s: ServicesSession;
  before(async () => {
    // Every token the lab's sign-in endpoint issues lives 2 seconds (1 to 2: exp is whole seconds).
    s = await openServices({ faults: 'tokenLifetime=2' });
  });
  after(async () => s.lab.stop());

  /** The statuses the lab answered to resource group lists since the last reset (sign-in excluded). */
  function answered(): number[] {
    return s.lab.log.entries.filter((e) => /resourcegroups/i.test(e.path)).map((e) => e.status);
  }

  /** A credential that hands out these tokens in turn, each said to be good for an hour. */
  function tokensInTurn(tokens: readonly string[]): TokenCredential & { calls: number } {
    const credential = {
      calls: 0,
      getToken(): Promise<AccessToken> {
        const token = tokens[credential.calls % tokens.length] ?? '';
        credential.calls++;
        return Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000 });
      },
    };
    return credential;
  }

  it('service principal: a request held up after it was signed (as a retry after a 429 is) arrives expired; it gets a 401, a fresh token, and succeeds', async () => {
    let held = 0;
    // Below the signing policy, where the SDK's retries after 429/5xx also wait: hold the first
    // attempt until its 2-second token has expired.
    const holdFirst: AdditionalPolicy = {
      position: 'perRetry',
      policy: {
        name: 'holdFirstAttempt',
        async sendRequest(request, next) {
          if (held++ === 0) await sleep(2200);
          return next(request);
        },
      },
    };
    const ctx: AzureContext = { ...s.ctx, clientOptions: { ...s.ctx.clientOptions, additionalPolicies: [holdFirst] } };
    s.lab.log.reset();
    assert.ok((await listResourceGroups(ctx)).length > 0);
    assert.deepEqual(answered(), [401, 200]);
    assert.equal(held, 2);
  });

  it("VS Code session: the credential's own cache is dropped too (its clock thought the token still good)", async () => {
    const issued: string[] = [];
    const getSession: SessionGetter = () => {
      const accessToken = s.lab.issueToken(issued.length === 0 ? 2 : 3600);
      issued.push(accessToken);
      return Promise.resolve({ accessToken, account: { id: 'lab', label: 'lab' } });
    };
    // An hour slow: the credential keeps the 2-second token as if it had an hour left.
    const credential = new VsCodeSessionCredential(getSession, 'microsoft', s.ctx.cloud, undefined, { now: () => Date.now() - 3_600_000 });
    const ctx: AzureContext = { ...s.ctx, credential };
    await listResourceGroups(ctx);
    await sleep(2200);
    s.lab.log.reset();
    assert.ok((await listResourceGroups(ctx)).length > 0);
    assert.equal(issued.length, 2);
    assert.deepEqual(answered(), [401, 200]);
  });

  it('a second 401 surfaces as before, after exactly one retry', async () => {
    // Two different tokens (the lab's tokens of one second and one lifetime are the same string).
    const expired = [s.lab.issueToken(1), s.lab.issueToken(2)];
    await sleep(2100);
    assert.notEqual(expired[0], expired[1]);
    const credential = tokensInTurn(expired);
    s.lab.log.reset();
    await assert.rejects(listResourceGroups({ ...s.ctx, credential }), (e: unknown) => {
      assert.ok(e instanceof AzureOperationError, String(e));
      assert.equal(e.statusCode, 401);
      assert.equal(e.code, 'ExpiredAuthenticationToken');
      return true;
    });
    assert.deepEqual(answered(), [401, 401]);
    assert.equal(credential.calls, 2);
  });

  it('a 401 is not sent again when the credential has no other token to give', async () => {
    const expired = s.lab.issueToken(1);
    await sleep(2100);
    const credential = tokensInTurn([expired]);
    s.lab.log.reset();
    await assert.rejects(listResourceGroups({ ...s.ctx, credential }), (e: unknown) => e instanceof AzureOperationError && e.statusCode === 401);
    assert.deepEqual(answered(), [401]);
  });

  it('a token that is refused for another reason than expiry is renewed the same way', async () => {
    const credential = tokensInTurn(['not-a-token', s.lab.issueToken(3600)]);
    s.lab.log.reset();
    assert.ok((await listResourceGroups({ ...s.ctx, credential })).length > 0);
    assert.deepEqual(answered(), [401, 200]);
  });
});
