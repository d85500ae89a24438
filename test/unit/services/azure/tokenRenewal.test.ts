// tokenRenewalPolicy with the next policy faked (an in-memory Azure that accepts one token): the
// cases the lab test (test/lab/tokenRenewal.test.ts) does not reach.
import assert from 'node:assert/strict';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { createHttpHeaders, createPipelineRequest, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { tokenRenewalPolicy } from '../../../../src/services/azure/tokenRenewal';

/** Hands out "token-1", "token-2", … each said to be good for an hour. */
function countingCredential(): TokenCredential & { calls: number } {
  const credential = {
    calls: 0,
    getToken(): Promise<AccessToken> {
      credential.calls++;
      return Promise.resolve({ token: `token-${credential.calls}`, expiresOnTimestamp: Date.now() + 3_600_000 });
    },
  };
  return credential;
}

/** The faked next policy: 200 for the accepted token, else 401 with this challenge. */
function azure(accepted: string, challenge = 'Bearer error="invalid_token", error_description="The access token has expired."') {
  const seen: string[] = [];
  const next = (request: PipelineRequest): Promise<PipelineResponse> => {
    const auth = request.headers.get('Authorization') ?? '';
    seen.push(auth);
    const ok = auth === `Bearer ${accepted}`;
    return Promise.resolve({ request, status: ok ? 200 : 401, headers: createHttpHeaders(ok ? {} : { 'WWW-Authenticate': challenge }) });
  };
  return { next, seen };
}

const request = (): PipelineRequest => createPipelineRequest({ url: 'https://management.azure.com/subscriptions?api-version=2022-12-01' });
const scopes = ['https://management.azure.com/.default'];

describe('services/azure/tokenRenewal', () => {
  it('requests refused together renew the token once and share the new one', async () => {
    const credential = countingCredential();
    const policy = tokenRenewalPolicy(credential, scopes);
    const { next, seen } = azure('token-2');
    const answers = await Promise.all([1, 2, 3].map(() => policy.sendRequest(request(), next)));
    assert.deepEqual(
      answers.map((r) => r.status),
      [200, 200, 200],
    );
    assert.equal(credential.calls, 2);
    assert.deepEqual(seen, ['Bearer token-1', 'Bearer token-1', 'Bearer token-1', 'Bearer token-2', 'Bearer token-2', 'Bearer token-2']);
    // Later requests use the renewed token straight away.
    assert.equal((await policy.sendRequest(request(), next)).status, 200);
    assert.equal(credential.calls, 2);
  });

  it('leaves a claims challenge (Continuous Access Evaluation) to the SDK and other statuses alone', async () => {
    const credential = countingCredential();
    const policy = tokenRenewalPolicy(credential, scopes);
    const claims = azure('none', 'Bearer error="invalid_token", claims="eyJhY2Nlc3NfdG9rZW4iOnt9fQ=="');
    assert.equal((await policy.sendRequest(request(), claims.next)).status, 401);
    assert.equal(claims.seen.length, 1);
    const forbidden = (r: PipelineRequest): Promise<PipelineResponse> => Promise.resolve({ request: r, status: 403, headers: createHttpHeaders() });
    assert.equal((await policy.sendRequest(request(), forbidden)).status, 403);
    assert.equal(credential.calls, 1);
  });

  it("drops the credential's own cache when it has one (VsCodeSessionCredential.clearCache)", async () => {
    const credential = Object.assign(countingCredential(), {
      cleared: 0,
      clearCache(): void {
        credential.cleared++;
      },
    });
    const policy = tokenRenewalPolicy(credential, scopes);
    const { next } = azure('token-2');
    assert.equal((await policy.sendRequest(request(), next)).status, 200);
    assert.equal(credential.cleared, 1);
  });
});
