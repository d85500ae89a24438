import assert from 'node:assert/strict';
import type { JobLike } from '../../../src/model/jobSummary';
import type { VaultContext } from '../../../src/services/azure/clients';
import { followJob } from '../../../src/flows/followJob';

const vctx = {} as VaultContext;
const job = (state: string): JobLike => ({ name: 'j', properties: { state } });

/** A reader that answers the given states in turn (the last one from then on). */
function reader(states: string[]): { read: (v: VaultContext, name: string) => Promise<JobLike>; reads: number } {
  const r = {
    reads: 0,
    read: (_v: VaultContext, name: string): Promise<JobLike> => {
      assert.equal(name, 'job-1');
      const s = states[Math.min(r.reads, states.length - 1)] ?? 'InProgress';
      r.reads++;
      return Promise.resolve(job(s));
    },
  };
  return r;
}

describe('flows/followJob: the one way to follow a job', () => {
  it('reads until the job ends and reports every read', async () => {
    const r = reader(['InProgress', 'InProgress', 'Succeeded']);
    const seen: string[] = [];
    const last = await followJob(vctx, 'job-1', { read: r.read, intervalMs: 1, onProgress: (j) => seen.push(j.properties?.state ?? '') });
    assert.equal(last.properties?.state, 'Succeeded');
    assert.deepEqual(seen, ['InProgress', 'InProgress', 'Succeeded']);
  });

  it('stops at Suspended by default (a test failover waits for its cleanup); reads on while it waits for the user when told', async () => {
    const stops = await followJob(vctx, 'job-1', { read: reader(['InProgress', 'Suspended', 'InProgress', 'Succeeded']).read, intervalMs: 1 });
    assert.equal(stops.properties?.state, 'Suspended');
    const r = reader(['InProgress', 'Suspended', 'Suspended', 'InProgress', 'Succeeded']);
    const waits = await followJob(vctx, 'job-1', { read: r.read, intervalMs: 1, waitWhileSuspended: true });
    assert.equal(waits.properties?.state, 'Succeeded');
    assert.equal(r.reads, 5);
  });

  it('an abort stops following (the job goes on in Azure): the promise rejects', async () => {
    const abort = new AbortController();
    const r = reader(['InProgress']);
    const following = followJob(vctx, 'job-1', { read: r.read, intervalMs: 5, signal: abort.signal, onProgress: () => (r.reads >= 2 ? abort.abort() : undefined) });
    await assert.rejects(following, /Stopped waiting for the job/);
    const before = r.reads;
    await new Promise((res) => setTimeout(res, 20));
    assert.equal(r.reads, before, 'no read after the abort');
  });
});
