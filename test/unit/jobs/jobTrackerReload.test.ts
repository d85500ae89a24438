// After a window reload the job tracker is a new object: what it needs from the old one (the start
// of the oldest job tracked, the failures seen) comes from the global state (trackerMemory.ts), so
// a job that started more than 24 h ago and still runs is listed again on the first poll.
import assert from 'node:assert/strict';
import { JobTracker, type JobTrackerDeps } from '../../../src/jobs/jobTracker';
import { rememberedTrackerDeps, rememberTracker, type TrackerMemoryStore } from '../../../src/jobs/trackerMemory';
import { asrJob, FakeAsr, FakeClock } from './fakes';

const HOUR = 3600_000;
const trackedSinceKey = 'azureSiteRecovery.jobs.trackedSince';
const failuresSeenKey = 'azureSiteRecovery.jobs.failuresSeenUntil';

/** A Map standing in for vscode's globalState, counting its writes. */
function memory(initial: Record<string, unknown> = {}): TrackerMemoryStore & { saved: Map<string, unknown>; writes: number } {
  const saved = new Map<string, unknown>(Object.entries(initial));
  const store = {
    saved,
    writes: 0,
    get: (key: string): unknown => saved.get(key),
    update: (key: string, value: number | undefined): Promise<void> => {
      store.writes += 1;
      saved.set(key, value);
      return Promise.resolve();
    },
  };
  return store;
}

describe('jobs/JobTracker across a window reload', () => {
  const trackers: JobTracker[] = [];
  afterEach(() => {
    for (const t of trackers.splice(0)) t.dispose();
  });

  function tracker(clock: FakeClock, asr: FakeAsr, deps: Partial<JobTrackerDeps> = {}): JobTracker {
    const t = new JobTracker({ listJobs: asr.listJobs, clock, activePollMs: HOUR, ...deps });
    trackers.push(t);
    return t;
  }

  it('a job running for 25 h is listed by the tracker after the reload: the list starts at the start remembered', async () => {
    const clock = new FakeClock();
    const asr = new FakeAsr(clock);
    asr.startedAfterOnly = true;
    const startedAt = new Date(clock.now() - 5 * 60_000);
    asr.jobs = [asrJob('long', { scenarioName: 'TestFailover', startTime: startedAt })];
    const state = memory();
    const before = tracker(clock, asr);
    rememberTracker(before, state);
    await before.refreshNow();
    assert.equal(before.trackedSince, startedAt.getTime());
    assert.equal(state.saved.get(trackedSinceKey), startedAt.getTime());
    before.dispose();

    await clock.tick(25 * HOUR);
    const forgetful = tracker(clock, asr);
    await forgetful.refreshNow();
    assert.deepEqual(forgetful.snapshot?.active, [], 'without the memory the job is not listed (the bug)');

    const after = tracker(clock, asr, rememberedTrackerDeps(state));
    assert.equal(after.trackedSince, startedAt.getTime());
    await after.refreshNow();
    assert.equal(asr.calls.at(-1)?.startTime.getTime(), startedAt.getTime(), 'one request, from the start remembered');
    assert.deepEqual(
      after.snapshot?.active.map((j) => j.jobName),
      ['long'],
    );
    await after.refreshNow();
    assert.deepEqual(
      after.snapshot?.active.map((j) => j.jobName),
      ['long'],
      'and on the polls after (the job listed says where the list starts)',
    );
  });

  it('the remembered start is used until a poll succeeds, then only what that poll listed counts', async () => {
    const clock = new FakeClock();
    const asr = new FakeAsr(clock);
    const remembered = clock.now() - 30 * HOUR;
    const t = tracker(clock, asr, { trackedSince: remembered });
    asr.failWith = new Error('offline');
    await t.refreshNow();
    assert.equal(asr.calls.at(-1)?.startTime.getTime(), remembered);
    assert.equal(t.trackedSince, remembered, 'kept after a failed poll');
    asr.failWith = undefined;
    await t.refreshNow();
    assert.equal(asr.calls.at(-1)?.startTime.getTime(), remembered);
    assert.equal(t.trackedSince, undefined, 'the job ended meanwhile: nothing old is tracked');
    await t.refreshNow();
    assert.equal(asr.calls.at(-1)?.startTime.getTime(), clock.now() - 24 * HOUR, 'back to the window');
  });

  it('forget() (another vault, signed out) drops the remembered start', async () => {
    const clock = new FakeClock();
    const asr = new FakeAsr(clock);
    const t = tracker(clock, asr, { trackedSince: clock.now() - 30 * HOUR });
    t.forget();
    assert.equal(t.trackedSince, undefined);
    await t.refreshNow();
    assert.equal(asr.calls.at(-1)?.startTime.getTime(), clock.now() - 24 * HOUR);
  });

  it('the memory: numbers only, written only when they change, cleared when nothing is tracked', async () => {
    assert.deepEqual(rememberedTrackerDeps(memory({ [trackedSinceKey]: 'x', [failuresSeenKey]: Number.NaN })), {});
    assert.deepEqual(rememberedTrackerDeps(memory({ [trackedSinceKey]: 5, [failuresSeenKey]: 7 })), { trackedSince: 5, failuresSeenUntil: 7 });

    const clock = new FakeClock();
    const asr = new FakeAsr(clock);
    const state = memory();
    const t = tracker(clock, asr);
    rememberTracker(t, state);
    asr.jobs = [asrJob('a'), asrJob('failed', { state: 'Failed', endTime: new Date(clock.now() - 60_000) })];
    await t.refreshNow();
    assert.equal(state.saved.get(trackedSinceKey), Date.parse('2026-11-25T09:55:00Z'));
    const writes = state.writes;
    t.markFailuresSeen();
    assert.equal(state.saved.get(failuresSeenKey), clock.now() - 60_000);
    assert.equal(state.writes, writes + 1, 'only the value that changed is written');
    asr.set('a', { state: 'Succeeded', endTime: new Date(clock.now()), tasks: [] });
    await t.refreshNow();
    assert.equal(state.saved.get(trackedSinceKey), undefined);
  });
});
