// The audit trail (services/azure/auditLog.ts) through the real wrappers and the real SDK on an
// in-memory transport: each write gives one "requested" line (job, not sent, failed), the first
// read that sees its job end gives one "ended" line, and nothing is done without a sink.

import assert from 'node:assert/strict';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { clearAuditJobs, setAuditSink } from '../../../../src/services/azure/auditLog';
import type { VaultContext } from '../../../../src/services/azure/clients';
import { commitFailover, plannedFailover, testFailover } from '../../../../src/services/azure/failover';
import { cancelJob, getJob, listJobs, waitForJob } from '../../../../src/services/azure/jobs';
import { createHyperVSite } from '../../../../src/services/azure/sites';
import { asrWrite, FakeAzure, ITEM_PATH, protectedItemJson, StaticCredential, VAULT, VAULT_PATH, vaultContext } from './fakeAzure';

const JOBS = `${VAULT_PATH}/replicationJobs`;
const TENANT = '72f988bf-0000-4000-8000-000000000001';

/** A credential whose token is a JWT naming alice (the audit trail reads its claims, never the token). */
class UserCredential implements TokenCredential {
  readonly token = `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify({ upn: 'alice@contoso.com', tid: TENANT, name: 'Alice' })).toString('base64url')}.c2ln`;
  getToken(): Promise<AccessToken> {
    return Promise.resolve({ token: this.token, expiresOnTimestamp: Date.now() + 3600_000 });
  }
}

function job(name: string, state: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `${JOBS}/${name}`,
    name,
    properties: { state, scenarioName: 'PlannedFailover', startTime: '2024-05-01T10:00:00Z', endTime: '2024-05-01T10:02:14Z', ...extra },
  };
}

describe('services/azure auditLog: one line per write, one per end', () => {
  let lines: string[];
  let sink: { dispose(): void };
  let http: FakeAzure;
  let v: VaultContext;

  beforeEach(() => {
    lines = [];
    sink = setAuditSink((line) => lines.push(line));
    http = new FakeAzure();
    v = { ...vaultContext(http), credential: new UserCredential() };
  });
  afterEach(() => {
    sink.dispose();
    clearAuditJobs();
  });

  it('a planned failover: requested by the signed-in user with its job, then its end once', async () => {
    asrWrite(http, 'POST', `${ITEM_PATH}/plannedFailover`, 'job-pf', protectedItemJson(['Commit']));
    const op = await plannedFailover(v, protectedItemJson(['PlannedFailover']));
    assert.equal(op.jobName, 'job-pf');
    assert.deepEqual(lines, [`[audit] Planned failover requested by alice@contoso.com (tenant ${TENANT}) on web01 (vault ${VAULT}) → job job-pf`]);
    http.on((r) => (r.method === 'GET' && r.path === `${JOBS}/job-pf` ? { status: 200, body: job('job-pf', 'Succeeded') } : undefined));
    http.on((r) => (r.method === 'GET' && r.path === JOBS ? { status: 200, body: { value: [job('job-pf', 'Succeeded'), job('someone-elses', 'Failed')] } } : undefined));
    await getJob(v, 'job-pf');
    await listJobs(v);
    await getJob(v, 'job-pf');
    assert.deepEqual(lines.slice(1), ['[audit] Planned failover of web01: job job-pf Succeeded (2 min 14 s)']);
  });

  it("a failed job: ASR's error code and message", async () => {
    asrWrite(http, 'POST', `${ITEM_PATH}/plannedFailover`, 'job-f', protectedItemJson([]));
    await plannedFailover(v, protectedItemJson(['PlannedFailover']));
    const errors = [{ serviceErrorDetails: { code: '70038', message: 'The VM could not be shut down.' } }];
    http.on((r) => (r.method === 'GET' && r.path === JOBS ? { status: 200, body: { value: [job('job-f', 'Failed', { errors })] } } : undefined));
    await listJobs(v);
    assert.equal(lines[1], '[audit] Planned failover of web01: job job-f Failed (2 min 14 s): 70038: The VM could not be shut down.');
  });

  it('a test failover: Suspended once while it waits for its cleanup, then its end', async () => {
    asrWrite(http, 'POST', `${ITEM_PATH}/testFailover`, 'job-tfo', protectedItemJson([]));
    await testFailover(v, protectedItemJson(['TestFailover']));
    let state = 'Suspended';
    // While suspended, its duration is how long it has run so far.
    const startTime = new Date(Date.now() - 45_000).toISOString();
    const tfo = (): Record<string, unknown> => job('job-tfo', state, { scenarioName: 'TestFailover', ...(state === 'Suspended' ? { startTime } : {}) });
    http.on((r) => (r.method === 'GET' && r.path === `${JOBS}/job-tfo` ? { status: 200, body: tfo() } : undefined));
    await waitForJob(v, 'job-tfo', { intervalMs: 0 });
    await getJob(v, 'job-tfo');
    state = 'Succeeded';
    await getJob(v, 'job-tfo');
    assert.deepEqual(lines.slice(1), ['[audit] Test failover of web01: job job-tfo Suspended (45 s)', '[audit] Test failover of web01: job job-tfo Succeeded (2 min 14 s)']);
  });

  it('a refusal before sending: "not sent" with the reason, and no request', async () => {
    await assert.rejects(commitFailover(v, protectedItemJson(['PlannedFailover'])));
    assert.equal(http.requests.length, 0);
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^\[audit\] Commit requested by alice@contoso\.com \(tenant [^)]+\) on web01 \(vault vault1\) → not sent: .*web01/);
  });

  it('cancelled before sending: "not sent: cancelled"', async () => {
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(plannedFailover(v, protectedItemJson(['PlannedFailover']), { abortSignal: abort.signal }));
    assert.match(lines[0], /→ not sent: cancelled$/);
  });

  it("Azure's refusal: its code and message", async () => {
    http.on((r) => (r.method === 'PUT' ? { status: 409, body: { error: { code: 'ResourceAlreadyExists', message: 'The site exists.' } } } : undefined));
    await assert.rejects(createHyperVSite(v, 'Site-A'));
    assert.match(lines[0], /^\[audit\] Create Hyper-V site requested by alice@contoso\.com .* on site Site-A \(vault vault1\) → failed: ResourceAlreadyExists: The site exists\.$/);
  });

  it('a job command names the job it acts on', async () => {
    asrWrite(http, 'POST', '/replicationJobs/job-x/cancel', 'op-c', { name: 'job-x', properties: { state: 'Cancelled' } });
    await cancelJob(v, 'job-x');
    assert.match(lines[0], /^\[audit\] Cancel job requested by .* on job job-x \(vault vault1\) → job op-c$/);
  });

  it('a credential without readable claims is named by its kind; its token is never written', async () => {
    const credential = new StaticCredential();
    asrWrite(http, 'POST', `${ITEM_PATH}/plannedFailover`, 'job-k', protectedItemJson([]));
    await plannedFailover({ ...v, credential }, protectedItemJson(['PlannedFailover']));
    assert.match(lines[0], /requested by an unknown identity on web01/);
    assert.ok(!lines.join('\n').includes('test-token'));
  });

  it('without a sink: nothing is written and no token is asked for', async () => {
    sink.dispose();
    const credential = new StaticCredential();
    asrWrite(http, 'POST', `${ITEM_PATH}/plannedFailover`, 'job-n', protectedItemJson([]));
    await plannedFailover({ ...vaultContext(http), credential }, protectedItemJson(['PlannedFailover']));
    assert.deepEqual(lines, []);
    assert.equal(credential.calls, 1, 'only the request itself asked for a token');
  });

  it('a sink that throws does not fail the write', async () => {
    sink.dispose();
    sink = setAuditSink(() => {
      throw new Error('log closed');
    });
    asrWrite(http, 'POST', `${ITEM_PATH}/plannedFailover`, 'job-t', protectedItemJson([]));
    assert.equal((await plannedFailover(v, protectedItemJson(['PlannedFailover']))).jobName, 'job-t');
  });
});
