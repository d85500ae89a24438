import assert from 'node:assert/strict';
import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { AuthenticationError, CredentialUnavailableError } from '@azure/identity';
import { ActionNotAllowedError, AzureOperationError, NotSignedInError, sanitizeMessage, toAzureOperationError } from '../../../../src/services/azure/errors';
import { getJob } from '../../../../src/services/azure/jobs';
import { FakeAzure, VAULT_PATH, vaultContext } from './fakeAzure';

function restError(status: number, body: unknown, headers: Record<string, string> = {}): RestError {
  const request = createPipelineRequest({ url: 'https://management.azure.com/subscriptions/s/x' });
  const bodyAsText = typeof body === 'string' ? body : JSON.stringify(body);
  // core-client starts with the raw body as the message and replaces it when the body parses.
  return new RestError(bodyAsText, {
    statusCode: status,
    request,
    response: { request, status, headers: createHttpHeaders(headers), bodyAsText },
  });
}

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjE3MDAwMDAwMDB9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('services/azure/errors', () => {
  it('reads an ASR error body: code, message, possible causes and recommended action from details[]', () => {
    const e = restError(
      400,
      {
        error: {
          code: 'BadRequest',
          message: 'The operation failed.',
          details: [
            {
              code: 'ProtectionContainerNotFound',
              message: 'Protection container cloud_x was not found.',
              possibleCauses: 'The site was deleted.',
              recommendedAction: 'Refresh the sites and retry.',
              activityId: 'act-1',
            },
          ],
        },
      },
      { 'x-ms-request-id': 'req-42' },
    );
    const n = toAzureOperationError(e);
    assert.ok(n instanceof AzureOperationError);
    assert.equal(n.code, 'BadRequest');
    assert.equal(n.statusCode, 400);
    assert.equal(n.message, 'The operation failed. Protection container cloud_x was not found.');
    assert.equal(n.possibleCauses, 'The site was deleted.');
    assert.equal(n.recommendedAction, 'Refresh the sites and retry.');
    assert.equal(n.requestId, 'req-42');
  });

  it('reads possibleCauses / recommendedAction written on the error object itself, and target', () => {
    const n = toAzureOperationError(
      restError(409, {
        error: { code: '28042', message: 'Another operation is in progress.', possibleCauses: 'A job is running.', recommendedAction: 'Wait.', target: 'vm1' },
      }),
    );
    assert.equal(n.code, '28042');
    assert.equal(n.possibleCauses, 'A job is running.');
    assert.equal(n.recommendedAction, 'Wait.');
    assert.equal(n.target, 'vm1');
  });

  it('gives a readable message for throttling and permission errors without a body', () => {
    const throttled = toAzureOperationError(restError(429, '<html>Too many</html>'));
    assert.match(throttled.message, /throttling/);
    assert.equal(throttled.statusCode, 429);
    const forbidden = toAzureOperationError(restError(403, ''));
    assert.match(forbidden.message, /permission/);
    assert.match(forbidden.recommendedAction ?? '', /Contributor/);
    const unauthorized = toAzureOperationError(restError(401, { error: { code: 'InvalidAuthenticationToken', message: 'The token is invalid.' } }));
    assert.match(unauthorized.recommendedAction ?? '', /Azure Site Recovery: Connect/);
  });

  it('turns connection failures into "Could not reach Azure at <host>"', () => {
    const request = createPipelineRequest({ url: 'https://127.0.0.1:8443/subscriptions?api-version=1' });
    const refused = toAzureOperationError(new RestError('connect ECONNREFUSED 127.0.0.1:8443', { code: 'ECONNREFUSED', request }));
    assert.equal(refused.message, 'Could not reach Azure at 127.0.0.1:8443: the connection was refused. Check the cloud endpoint setting and your network, then try again.');
    assert.equal(refused.code, 'ECONNREFUSED');
    const reset = toAzureOperationError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', host: 'management.azure.com' }));
    assert.match(reset.message, /^Could not reach Azure at management\.azure\.com: the connection was reset/);
    const timeout = toAzureOperationError(new RestError('timeout', { code: 'ETIMEDOUT', request }));
    assert.match(timeout.message, /timed out/);
    const tls = toAzureOperationError(new RestError('self-signed certificate', { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', request }));
    assert.match(tls.message, /TLS certificate is not trusted .* CA certificate/);
  });

  it('turns @azure/identity errors into sign-in messages', () => {
    const unavailable = toAzureOperationError(new CredentialUnavailableError('Azure CLI could not be found.\nInstall it from https://aka.ms/azure-cli'));
    assert.equal(unavailable.code, 'CredentialUnavailable');
    assert.equal(unavailable.message, 'Could not get Azure credentials: Azure CLI could not be found.');
    assert.match(unavailable.recommendedAction ?? '', /Connect/);
    const failed = toAzureOperationError(
      new AuthenticationError(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.\nTrace ID: 1' }),
    );
    assert.equal(failed.code, 'AuthenticationFailed');
    assert.equal(failed.statusCode, 401);
    assert.equal(failed.message, 'Azure sign-in failed: AADSTS7000215: Invalid client secret provided.');
  });

  it('keeps the ASR message of a failed long-running operation', () => {
    const n = toAzureOperationError(new Error('The long-running operation has failed. 70094. The VM has a pass-through disk.'));
    assert.equal(n.code, '70094');
    assert.equal(n.message, 'The VM has a pass-through disk.');
    assert.equal(toAzureOperationError(new Error('The long-running operation has failed')).code, 'OperationFailed');
    assert.equal(toAzureOperationError(new Error('Operation was canceled')).code, 'OperationCanceled');
  });

  it('never puts a stack trace or a token in the message', () => {
    const e = restError(500, {
      error: { code: 'InternalError', message: `Bad token Bearer ${JWT} rejected\n    at Foo.bar (x.js:1:2)\n    at run (y.js:3:4)` },
    });
    const n = toAzureOperationError(e);
    assert.doesNotMatch(n.message, /eyJ/);
    assert.doesNotMatch(n.message, /\bat Foo\.bar/);
    assert.match(n.message, /Bearer \[redacted/);
    const plain = toAzureOperationError(new Error(`failed with access_token=${JWT}&x=1`));
    assert.doesNotMatch(plain.message, /eyJ/);
    assert.equal(sanitizeMessage('a\n    at x (y.js:1:1)\nb'), 'a\nb');
    assert.equal(sanitizeMessage('-----BEGIN RSA PRIVATE KEY-----\nMII\n-----END RSA PRIVATE KEY-----'), '[redacted private key]');
  });

  it('passes its own errors through and classifies the rest', () => {
    const notSignedIn = new NotSignedInError();
    assert.equal(toAzureOperationError(notSignedIn), notSignedIn);
    assert.equal(notSignedIn.message, "Not signed in to Azure. Run 'Azure Site Recovery: Connect to a Vault' to sign in.");
    const refusal = new ActionNotAllowedError('nope');
    assert.equal(refusal.code, 'ActionNotAllowed');
    assert.ok(refusal instanceof AzureOperationError);
    assert.equal(toAzureOperationError(Object.assign(new Error('aborted'), { name: 'AbortError' })).code, 'Cancelled');
    assert.equal(toAzureOperationError('boom').message, 'boom');
    assert.equal(toAzureOperationError(undefined).code, 'Unknown');
  });

  it('normalizes an ASR error coming through the real SDK pipeline', async () => {
    const http = new FakeAzure().on((req) =>
      req.path === `${VAULT_PATH}/replicationJobs/job-1`
        ? {
            status: 404,
            headers: { 'x-ms-request-id': 'rid-7' },
            body: { error: { code: 'JobNotFound', message: 'Job job-1 was not found.', recommendedAction: 'Check the job id.' } },
          }
        : undefined,
    );
    await assert.rejects(getJob(vaultContext(http), 'job-1'), (e: unknown) => {
      assert.ok(e instanceof AzureOperationError);
      assert.equal(e.code, 'JobNotFound');
      assert.equal(e.statusCode, 404);
      assert.equal(e.message, 'Job job-1 was not found.');
      assert.equal(e.recommendedAction, 'Check the job id.');
      assert.equal(e.requestId, 'rid-7');
      return true;
    });
  });
});
