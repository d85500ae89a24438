// Following a job outlasts a passing outage: a read that fails after the SDK's own retries is
// tried again at the next poll, up to MAX_FAILED_JOB_READS reads in a row; a refusal ends it.

import assert from 'node:assert/strict';
import type { Job } from '@azure/arm-recoveryservices-siterecovery';
import { AzureOperationError } from '../../../../src/services/azure/errors';
import { MAX_FAILED_JOB_READS, waitForJob } from '../../../../src/services/azure/jobs';
import { FakeAzure, vaultContext } from './fakeAzure';

function reader(outcomes: (Error | string)[]): { read: () => Promise<Job>; reads: () => number } {
  let n = 0;
  return {
    read: () => {
      const o = outcomes[Math.min(n++, outcomes.length - 1)];
      return o instanceof Error ? Promise.reject(o) : Promise.resolve({ name: 'j1', properties: { state: o } });
    },
    reads: () => n,
  };
}

const reset = (): AzureOperationError => new AzureOperationError('Could not reach Azure: the connection was reset.', { code: 'ECONNRESET' });
const unavailable = (): AzureOperationError => new AzureOperationError('The service is unavailable.', { code: 'ServiceUnavailable', statusCode: 503 });
const throttled = (): AzureOperationError => new AzureOperationError('Too many requests.', { code: 'TooManyRequests', statusCode: 429 });

describe('services/azure/jobs: waitForJob through a passing outage', () => {
  const v = vaultContext(new FakeAzure());

  it('reads on after a few failed reads in a row (no answer, 5xx, 429)', async () => {
    const r = reader(['InProgress', reset(), unavailable(), 'InProgress', throttled(), 'Succeeded']);
    const job = await waitForJob(v, 'j1', { intervalMs: 1, read: r.read });
    assert.equal(job.properties?.state, 'Succeeded');
    assert.equal(r.reads(), 6);
  });

  it(`gives up after ${MAX_FAILED_JOB_READS} failed reads in a row, with the last error`, async () => {
    const r = reader(['InProgress', reset(), unavailable(), reset()]);
    await assert.rejects(waitForJob(v, 'j1', { intervalMs: 1, read: r.read }), (e: unknown) => e instanceof AzureOperationError && e.code === 'ECONNRESET');
    assert.equal(r.reads(), 1 + MAX_FAILED_JOB_READS);
  });

  it("a refusal (404, 403) or an error that is not Azure's ends the wait at once", async () => {
    const gone = reader([new AzureOperationError('The job does not exist.', { code: 'NotFound', statusCode: 404 })]);
    await assert.rejects(waitForJob(v, 'j1', { intervalMs: 1, read: gone.read }), (e: unknown) => e instanceof AzureOperationError && e.statusCode === 404);
    assert.equal(gone.reads(), 1);
    const odd = reader([new Error('bug')]);
    await assert.rejects(waitForJob(v, 'j1', { intervalMs: 1, read: odd.read }), /bug/);
    assert.equal(odd.reads(), 1);
  });
});
