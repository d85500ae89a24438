// Actions after a lost answer, through the real SDK clients and an in-memory transport: the
// pipeline never resends an action (a 429 still is), and the action finds the job it started, or
// sends again while the item allows it, or gives the real error.

import assert from 'node:assert/strict';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { HttpClient, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';
import { RestError } from '@azure/core-rest-pipeline';
import { isProtectedItemAction } from '../../../../src/services/azure/actionAnswerPolicy';
import { actionSendLimit } from '../../../../src/services/azure/actionRecovery';
import type { VaultContext } from '../../../../src/services/azure/clients';
import { AzureOperationError } from '../../../../src/services/azure/errors';
import { plannedFailover, testFailover } from '../../../../src/services/azure/failover';
import { disableProtection } from '../../../../src/services/azure/protection';
import { ARM, asrWrite, FakeAzure, ITEM_PATH, protectedItemJson, VAULT_PATH, vaultContext, type FakeResponse } from './fakeAzure';

const JOBS = `${VAULT_PATH}/replicationJobs`;
const idle = ['PlannedFailover', 'UnplannedFailover', 'DisableProtection', 'TestFailover'];

function item(allowed: string[]): ReplicationProtectedItem {
  return protectedItemJson(allowed);
}

function jobJson(name: string, scenarioName: string, state: string, startTime = new Date()): Record<string, unknown> {
  return {
    name,
    id: `${VAULT_PATH}/replicationJobs/${name}`,
    properties: { scenarioName, state, startTime: startTime.toISOString(), targetObjectId: 'vm-guid-1', targetObjectName: 'web01', targetInstanceType: 'ProtectionEntity' },
  };
}

/** A transport that fails the first `times` requests matching `when` with a dropped connection, else asks `inner`. */
function dropping(inner: FakeAzure, when: (r: PipelineRequest) => boolean, times = 1): HttpClient {
  let left = times;
  return {
    sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      if (left > 0 && when(request)) {
        left -= 1;
        inner.requests.push({ method: request.method, url: request.url, path: new URL(request.url).pathname, query: new URL(request.url).searchParams, headers: {} });
        return Promise.reject(new RestError('socket hang up', { code: 'ECONNRESET', request }));
      }
      return inner.sendRequest(request);
    },
  };
}

function withTransport(http: HttpClient): VaultContext {
  const base = vaultContext(new FakeAzure());
  return { ...base, clientOptions: { ...base.clientOptions, httpClient: http } };
}

/** The first POST gets `answer`; later ones go to the other handlers. */
function answerFirstPost(http: FakeAzure, answer: FakeResponse): void {
  let first = true;
  http.on((r) => {
    if (r.method !== 'POST' || !first) return undefined;
    first = false;
    return answer;
  });
}

const posts = (http: FakeAzure, suffix: string): number => http.requests.filter((r) => r.method === 'POST' && r.path === `${VAULT_PATH}${ITEM_PATH}/${suffix}`).length;

describe('services/azure/actionRecovery: an action whose answer is lost', () => {
  it('names the requests that are actions (POST/PUT/DELETE on a protected item), and nothing else', () => {
    const itemUrl = `${ARM}${VAULT_PATH}${ITEM_PATH}`;
    for (const a of ['testFailover', 'testFailoverCleanup', 'plannedFailover', 'unplannedFailover', 'failoverCommit', 'reProtect', 'remove']) {
      assert.equal(isProtectedItemAction('POST', `${itemUrl}/${a}?api-version=2023-06-01`), true, a);
    }
    assert.equal(isProtectedItemAction('PUT', `${itemUrl}?api-version=2023-06-01`), true);
    assert.equal(isProtectedItemAction('DELETE', `${itemUrl}?api-version=2023-06-01`), true);
    assert.equal(isProtectedItemAction('GET', `${itemUrl}?api-version=2023-06-01`), false);
    assert.equal(isProtectedItemAction('GET', `${itemUrl}/operationresults/j1?api-version=2023-06-01`), false);
    assert.equal(isProtectedItemAction('POST', `${ARM}${VAULT_PATH}/replicationJobs/j1/resume`), false);
    assert.equal(isProtectedItemAction('PUT', `${ARM}${VAULT_PATH}/replicationFabrics/site1`), false);
    assert.equal(isProtectedItemAction('POST', 'not a url'), false);
  });

  it('a 500 on the POST is not resent by the SDK: the job it started is found and followed', async () => {
    const http = new FakeAzure();
    http.on((r) => (r.method === 'POST' ? { status: 500, body: { error: { code: 'InternalServerError', message: 'boom' } } } : undefined));
    http.on((r) => (r.method === 'GET' && r.path === JOBS ? { status: 200, body: { value: [jobJson('j-started', 'TestFailover', 'InProgress')] } } : undefined));
    http.on((r) => (r.method === 'GET' && r.path === `${VAULT_PATH}${ITEM_PATH}` ? { status: 200, body: item([]) } : undefined));
    const op = await testFailover(vaultContext(http), item(idle), {}, { updateIntervalInMs: 1 });
    assert.equal(op.jobName, 'j-started');
    assert.equal(op.recovered, true);
    assert.equal(op.jobId, `${VAULT_PATH}/replicationJobs/j-started`);
    assert.equal(posts(http, 'testFailover'), 1, 'sent once');
    assert.match(http.requests.find((r) => r.path === JOBS)?.query.get('$filter') ?? '', /^StartTime eq '/);
  });

  it('a dropped connection: the job is found; its result waits for the job, then reads the item', async () => {
    const http = new FakeAzure();
    let reads = 0;
    http.on((r) => (r.method === 'GET' && r.path === JOBS ? { status: 200, body: { value: [jobJson('j2', 'PlannedFailover', 'InProgress')] } } : undefined));
    http.on((r) => (r.method === 'GET' && r.path === `${JOBS}/j2` ? { status: 200, body: jobJson('j2', 'PlannedFailover', reads++ < 1 ? 'InProgress' : 'Succeeded') } : undefined));
    http.on((r) => (r.method === 'GET' && r.path === `${VAULT_PATH}${ITEM_PATH}` ? { status: 200, body: item(reads > 1 ? ['Commit'] : []) } : undefined));
    const vctx = withTransport(dropping(http, (r) => r.method === 'POST'));
    const op = await plannedFailover(vctx, item(idle), { updateIntervalInMs: 1 });
    assert.equal(op.jobName, 'j2');
    const after = await op.result();
    assert.deepEqual(after.properties?.allowedOperations, ['Commit']);
    assert.equal(posts(http, 'plannedFailover'), 1);
  });

  it('no job and the item still allows the action: sent again, once it answers that is the operation', async () => {
    const http = new FakeAzure();
    asrWrite(http, 'POST', `${ITEM_PATH}/testFailover`, 'j-second', item(['TestFailoverCleanup']));
    answerFirstPost(http, { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'try later' } } });
    http.on((r) => (r.method === 'GET' && r.path === JOBS ? { status: 200, body: { value: [] } } : undefined));
    http.on((r) => (r.method === 'GET' && r.path === `${VAULT_PATH}${ITEM_PATH}` ? { status: 200, body: item(idle) } : undefined));
    const op = await testFailover(vaultContext(http), item(idle), {}, { updateIntervalInMs: 1 });
    assert.equal(op.jobName, 'j-second');
    assert.equal(op.recovered, undefined);
    assert.equal(posts(http, 'testFailover'), 2);
  });

  it('gives the real error after as many sends as the SDK would make (its retries + 1), all of them lost', async () => {
    assert.equal(actionSendLimit(vaultContext(new FakeAzure())), 3, 'maxRetries 2 in these tests');
    const http = new FakeAzure();
    http.on((r) => (r.method === 'POST' ? { status: 500, body: { error: { code: 'InternalServerError', message: 'The service failed.' } } } : undefined));
    http.on((r) => (r.method === 'GET' && r.path === JOBS ? { status: 200, body: { value: [] } } : undefined));
    http.on((r) => (r.method === 'GET' && r.path === `${VAULT_PATH}${ITEM_PATH}` ? { status: 200, body: item(idle) } : undefined));
    await assert.rejects(testFailover(vaultContext(http), item(idle), {}, { updateIntervalInMs: 1 }), (e: unknown) => {
      assert.ok(e instanceof AzureOperationError);
      assert.equal(e.statusCode, 500);
      assert.equal(e.message, 'The service failed.');
      return true;
    });
    assert.equal(posts(http, 'testFailover'), 3);
  });

  it('a 409 "in progress" after a first request that did start: that job is followed, no error', async () => {
    const http = new FakeAzure();
    http.on((r) =>
      r.method === 'POST'
        ? {
            status: 409,
            body: {
              error: {
                code: 'OperationNotAllowed',
                message: "The operation 'PlannedFailover' is not allowed on the replicated item 'web01' in its current state. An operation (PlannedFailover) is in progress on it.",
              },
            },
          }
        : undefined,
    );
    http.on((r) => (r.method === 'GET' && r.path === JOBS ? { status: 200, body: { value: [jobJson('j-first', 'PlannedFailover', 'InProgress')] } } : undefined));
    http.on((r) => (r.method === 'GET' && r.path === `${VAULT_PATH}${ITEM_PATH}` ? { status: 200, body: item([]) } : undefined));
    const op = await plannedFailover(vaultContext(http), item(idle), { updateIntervalInMs: 1 });
    assert.equal(op.jobName, 'j-first');
  });

  it('a 409 while another operation runs since before the request: the real error, nothing sent again', async () => {
    const http = new FakeAzure();
    http.on((r) =>
      r.method === 'POST' ? { status: 409, body: { error: { code: 'OperationNotAllowed', message: 'An operation (TestFailover) is in progress on it.' } } } : undefined,
    );
    http.on((r) =>
      r.method === 'GET' && r.path === JOBS ? { status: 200, body: { value: [jobJson('theirs', 'TestFailover', 'InProgress', new Date(Date.now() - 600_000))] } } : undefined,
    );
    http.on((r) => (r.method === 'GET' && r.path === `${VAULT_PATH}${ITEM_PATH}` ? { status: 200, body: item([]) } : undefined));
    await assert.rejects(
      plannedFailover(vaultContext(http), item(idle), { updateIntervalInMs: 1 }),
      (e: unknown) => e instanceof AzureOperationError && e.statusCode === 409 && e.code === 'OperationNotAllowed',
    );
    assert.equal(posts(http, 'plannedFailover'), 1);
  });

  it('a 429 on an action is still resent by the SDK (throttled before it was processed), without looking for a job', async () => {
    const http = new FakeAzure();
    asrWrite(http, 'POST', `${ITEM_PATH}/testFailover`, 'j-after-429', item(['TestFailoverCleanup']));
    answerFirstPost(http, { status: 429, headers: { 'retry-after': '0' }, body: { error: { code: 'TooManyRequests', message: 'slow down' } } });
    const op = await testFailover(vaultContext(http), item(idle), {}, { updateIntervalInMs: 1 });
    assert.equal(op.jobName, 'j-after-429');
    assert.equal(posts(http, 'testFailover'), 2);
    assert.equal(
      http.requests.some((r) => r.path === JOBS),
      false,
    );
  });

  it('disable: a lost answer after which the item is gone follows the DisableDr job', async () => {
    const http = new FakeAzure();
    http.on((r) => (r.method === 'GET' && r.path === JOBS ? { status: 200, body: { value: [jobJson('j-dis', 'DisableDr', 'Succeeded')] } } : undefined));
    http.on((r) => (r.method === 'GET' && r.path === `${JOBS}/j-dis` ? { status: 200, body: jobJson('j-dis', 'DisableDr', 'Succeeded') } : undefined));
    let gone = false;
    http.on((r) =>
      r.method === 'GET' && r.path === `${VAULT_PATH}${ITEM_PATH}`
        ? gone
          ? { status: 404, body: { error: { code: 'NotFound', message: 'gone' } } }
          : { status: 200, body: item(idle) }
        : undefined,
    );
    const vctx = withTransport(
      dropping(http, (r) => {
        if (r.method !== 'POST') return false;
        gone = true;
        return true;
      }),
    );
    const op = await disableProtection(vctx, item(idle), { updateIntervalInMs: 1 });
    assert.equal(op.jobName, 'j-dis');
    await op.result();
  });

  it('when the look-up itself fails, the real error of the action is given', async () => {
    const http = new FakeAzure();
    http.on((r) => (r.method === 'POST' ? { status: 502, body: { error: { code: 'BadGateway', message: 'The gateway failed.' } } } : undefined));
    await assert.rejects(
      testFailover(vaultContext(http), item(idle), {}, { updateIntervalInMs: 1 }),
      (e: unknown) => e instanceof AzureOperationError && e.statusCode === 502 && e.message === 'The gateway failed.',
    );
    assert.equal(posts(http, 'testFailover'), 1);
  });
});
