// A recovery plan's action whose answer is lost (issue 16 §2, issue 12 §3), through the real SDK
// clients and an in-memory transport: the pipeline does not resend it, the plan's job is found in
// the vault's list (or its currentScenario) and followed, or the action is sent again while the
// plan allows it, or the real error is given.

import assert from 'node:assert/strict';
import type { HttpClient, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';
import { RestError } from '@azure/core-rest-pipeline';
import type { RecoveryPlanSummary } from '../../../../src/model/recoveryPlan';
import { isProtectedItemAction, isRecoveryPlanActionRequest } from '../../../../src/services/azure/actionAnswerPolicy';
import type { VaultContext } from '../../../../src/services/azure/clients';
import { AzureOperationError } from '../../../../src/services/azure/errors';
import { startRecoveryPlanAction } from '../../../../src/services/azure/recoveryPlans';
import { ARM, asrWrite, FakeAzure, VAULT_PATH, vaultContext } from './fakeAzure';

const JOBS = `${VAULT_PATH}/replicationJobs`;
const PLAN = `${VAULT_PATH}/replicationRecoveryPlans/rpTest1`;
const idle = ['PlannedFailover', 'UnplannedFailover', 'TestFailover'];

function planJson(allowedOperations: string[], currentScenario?: Record<string, string>): Record<string, unknown> {
  return { id: PLAN, name: 'rpTest1', properties: { friendlyName: 'rpTest1', allowedOperations, groups: [], ...(currentScenario ? { currentScenario } : {}) } };
}

const summary: RecoveryPlanSummary = { id: PLAN, name: 'rpTest1', friendlyName: 'rpTest1', groups: [], allowedOperations: idle };

/** A plan job as SDK-REC/RPFailoverCommit.json's job read shows it. */
function jobJson(name: string, scenarioName: string, state: string, startTime = new Date()): Record<string, unknown> {
  return {
    name,
    id: `${JOBS}/${name}`,
    properties: { scenarioName, state, startTime: startTime.toISOString(), targetObjectId: 'bc06a2b0', targetObjectName: 'rpTest1', targetInstanceType: 'RecoveryPlan' },
  };
}

const posts = (http: FakeAzure, verb: string): number => http.requests.filter((r) => r.method === 'POST' && r.path === `${PLAN}/${verb}`).length;

function withDroppedPost(http: FakeAzure): VaultContext {
  let left = 1;
  const client: HttpClient = {
    sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      if (left > 0 && request.method === 'POST') {
        left -= 1;
        http.requests.push({ method: request.method, url: request.url, path: new URL(request.url).pathname, query: new URL(request.url).searchParams, headers: {} });
        return Promise.reject(new RestError('socket hang up', { code: 'ECONNRESET', request }));
      }
      return http.sendRequest(request);
    },
  };
  const base = vaultContext(new FakeAzure());
  return { ...base, clientOptions: { ...base.clientOptions, httpClient: client } };
}

describe('services/azure/recoveryPlans: a plan action whose answer is lost', () => {
  it("names a plan's actions (POST on …/replicationRecoveryPlans/{plan}/{action}) and nothing else", () => {
    for (const a of ['testFailover', 'testFailoverCleanup', 'plannedFailover', 'unplannedFailover', 'failoverCommit', 'reProtect']) {
      assert.equal(isRecoveryPlanActionRequest('POST', `${ARM}${PLAN}/${a}?api-version=2023-06-01`), true, a);
      assert.equal(isProtectedItemAction('POST', `${ARM}${PLAN}/${a}?api-version=2023-06-01`), false, `${a}: not an item's`);
    }
    assert.equal(isRecoveryPlanActionRequest('GET', `${ARM}${PLAN}?api-version=2023-06-01`), false);
    assert.equal(isRecoveryPlanActionRequest('PUT', `${ARM}${PLAN}?api-version=2023-06-01`), false);
    assert.equal(isRecoveryPlanActionRequest('GET', `${ARM}${PLAN}/operationresults/j1?api-version=2023-06-01`), false);
    assert.equal(isRecoveryPlanActionRequest('POST', `${ARM}${PLAN}/failoverCancel?api-version=2023-06-01`), false);
    assert.equal(isRecoveryPlanActionRequest('POST', 'not a url'), false);
  });

  it('a 500 on the POST is not resent by the SDK: the plan job it started is found and followed, then the plan is read', async () => {
    const http = new FakeAzure();
    let jobReads = 0;
    http.on((r) => (r.method === 'POST' ? { status: 500, body: { error: { code: 'InternalServerError', message: 'boom' } } } : undefined));
    http.on((r) => (r.method === 'GET' && r.path === JOBS ? { status: 200, body: { value: [jobJson('j-plan', 'TestFailover', 'InProgress')] } } : undefined));
    http.on((r) =>
      r.method === 'GET' && r.path === `${JOBS}/j-plan` ? { status: 200, body: jobJson('j-plan', 'TestFailover', jobReads++ < 1 ? 'InProgress' : 'Suspended') } : undefined,
    );
    http.on((r) => (r.method === 'GET' && r.path === PLAN ? { status: 200, body: planJson(['TestFailoverCleanup']) } : undefined));
    const op = await startRecoveryPlanAction(vaultContext(http), summary, 'testFailover', {}, { updateIntervalInMs: 1 });
    assert.equal(op.jobName, 'j-plan');
    assert.equal(op.recovered, true);
    assert.equal(posts(http, 'testFailover'), 1, 'sent once');
    assert.deepEqual((await op.result()).allowedOperations, ['TestFailoverCleanup']);
  });

  it("a dropped connection: the job the plan's currentScenario names is followed when the list does not show it yet", async () => {
    const http = new FakeAzure();
    http.on((r) => (r.method === 'GET' && r.path === JOBS ? { status: 200, body: { value: [] } } : undefined));
    http.on((r) =>
      r.method === 'GET' && r.path === PLAN
        ? { status: 200, body: planJson([], { scenarioName: 'CommitFailover', jobId: `${JOBS}/j-commit`, startTime: new Date().toISOString() }) }
        : undefined,
    );
    const op = await startRecoveryPlanAction(withDroppedPost(http), { ...summary, allowedOperations: [...idle, 'Commit'] }, 'commit', {}, { updateIntervalInMs: 1 });
    assert.equal(op.jobName, 'j-commit');
    assert.equal(posts(http, 'failoverCommit'), 1);
  });

  it('no job and the plan still allows the action: sent again; that answer is the operation', async () => {
    const http = new FakeAzure();
    asrWrite(http, 'POST', '/replicationRecoveryPlans/rpTest1/plannedFailover', 'j-second', planJson([...idle, 'Commit']));
    let first = true;
    http.on((r) => {
      if (r.method !== 'POST' || !first) return undefined;
      first = false;
      return { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'try later' } } };
    });
    http.on((r) => (r.method === 'GET' && r.path === JOBS ? { status: 200, body: { value: [] } } : undefined));
    http.on((r) => (r.method === 'GET' && r.path === PLAN ? { status: 200, body: planJson(idle) } : undefined));
    const op = await startRecoveryPlanAction(vaultContext(http), summary, 'plannedFailover', {}, { updateIntervalInMs: 1 });
    assert.equal(op.recovered, undefined);
    assert.equal(posts(http, 'plannedFailover'), 2);
  });

  it('a 409 while the plan is busy with an older job: the real error, nothing sent again', async () => {
    const http = new FakeAzure();
    http.on((r) =>
      r.method === 'POST' ? { status: 409, body: { error: { code: 'OperationNotAllowed', message: 'An operation (TestFailover) is in progress on the plan.' } } } : undefined,
    );
    http.on((r) =>
      r.method === 'GET' && r.path === JOBS ? { status: 200, body: { value: [jobJson('theirs', 'PlannedFailover', 'InProgress', new Date(Date.now() - 600_000))] } } : undefined,
    );
    http.on((r) => (r.method === 'GET' && r.path === PLAN ? { status: 200, body: planJson([]) } : undefined));
    await assert.rejects(
      startRecoveryPlanAction(vaultContext(http), summary, 'plannedFailover', {}, { updateIntervalInMs: 1 }),
      (e: unknown) => e instanceof AzureOperationError && e.statusCode === 409 && e.code === 'OperationNotAllowed',
    );
    assert.equal(posts(http, 'plannedFailover'), 1);
  });
});
