// The job tracker forgets a vault at once (Sign Out, another vault connected): no job, no watched
// job, no failure of the old vault is left, and an answer for the old vault that arrives late is
// not shown.
import assert from 'node:assert/strict';
import type { JobEndedEvent, JobsSnapshot } from '../../../src/jobs/jobTracker';
import { JobTracker } from '../../../src/jobs/jobTracker';
import { statusBarModel } from '../../../src/jobs/statusBarModel';
import { asrJob, FakeAsr, FakeClock, flush } from './fakes';

function rig(): { clock: FakeClock; asr: FakeAsr; tracker: JobTracker; changes: (JobsSnapshot | undefined)[]; ended: JobEndedEvent[] } {
  const clock = new FakeClock();
  const asr = new FakeAsr(clock);
  const tracker = new JobTracker({ listJobs: asr.listJobs, clock, activePollMs: 10_000, idlePollMs: 120_000 });
  const changes: (JobsSnapshot | undefined)[] = [];
  const ended: JobEndedEvent[] = [];
  tracker.onDidChange((s) => changes.push(s));
  tracker.onJobEnded((e) => ended.push(e));
  return { clock, asr, tracker, changes, ended };
}

/** Reads the getter without letting TypeScript narrow it across later awaits. */
function snapshotOf(tracker: JobTracker): JobsSnapshot | undefined {
  return tracker.snapshot;
}

describe('jobs/JobTracker forget (signed out, another vault)', () => {
  const trackers: JobTracker[] = [];
  afterEach(() => {
    for (const t of trackers.splice(0)) t.dispose();
  });

  it('drops the jobs at once and tells the listeners: the Jobs view empties, the status bar hides', async () => {
    const r = rig();
    trackers.push(r.tracker);
    r.asr.jobs = [asrJob('running'), asrJob('failed', { state: 'Failed', endTime: new Date('2026-11-25T09:58:00Z'), error: 'boom' })];
    await r.tracker.refreshNow();
    assert.equal(statusBarModel(r.tracker.snapshot).visible, true);
    r.changes.length = 0;

    r.tracker.forget();

    assert.equal(r.tracker.snapshot, undefined);
    assert.deepEqual(r.changes, [undefined], 'the listeners are told in the same tick');
    assert.equal(statusBarModel(r.tracker.snapshot).visible, false);
  });

  it('forgets the watched jobs: a job of the old vault never raises its notification', async () => {
    const r = rig();
    trackers.push(r.tracker);
    r.asr.jobs = [asrJob('tf')];
    r.tracker.watch('tf', { vmName: 'vm1' });
    await r.tracker.refreshNow();
    r.tracker.forget();
    assert.equal(r.tracker.isWatching('tf'), false);
    r.asr.set('tf', { state: 'Succeeded', endTime: new Date('2026-11-25T09:59:00Z') });
    await r.tracker.refreshNow();
    assert.deepEqual(r.ended, []);
  });

  it("watching a job again (Resume Job on a job a wizard follows) keeps the first watcher's owner, so the end raises no notification beside the wizard", async () => {
    const r = rig();
    trackers.push(r.tracker);
    r.asr.jobs = [asrJob('fb')];
    const owner = { showsEnd: (): boolean => true };
    r.tracker.watch('fb', { vmName: 'vm1', owner });
    r.tracker.watch('fb', { vmName: 'vm1' });
    await r.tracker.refreshNow();
    r.asr.set('fb', { state: 'Succeeded', endTime: new Date('2026-11-25T09:59:00Z') });
    await r.tracker.refreshNow();
    assert.equal(r.ended.length, 1);
    assert.equal(r.ended[0]?.info?.owner, owner);
  });

  it('an answer for the old vault that arrives after forget is not shown; refreshNow reads the new vault', async () => {
    const r = rig();
    trackers.push(r.tracker);
    r.asr.jobs = [asrJob('old-vault-job')];
    r.asr.hold = true;
    const oldPoll = r.tracker.refreshNow();
    await flush();
    r.tracker.forget();
    // The next vault's jobs, read by a poll asked for after forget (the same instant as the held one).
    r.asr.jobs = [asrJob('new-vault-job')];
    const newPoll = r.tracker.refreshNow();
    await r.asr.release();
    await Promise.all([oldPoll, newPoll]);
    assert.deepEqual(
      snapshotOf(r.tracker)?.active.map((j) => j.jobName),
      ['new-vault-job'],
    );
    assert.ok(!r.changes.some((s) => s?.active.some((j) => j.jobName === 'old-vault-job')), 'the old vault was never shown');
  });

  it('forget before any poll tells nobody (nothing was shown)', () => {
    const r = rig();
    trackers.push(r.tracker);
    r.tracker.forget();
    assert.deepEqual(r.changes, []);
  });
});
