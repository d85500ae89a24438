import assert from 'node:assert/strict';
import type { JobEndedEvent, JobsSnapshot, JobTrackerDeps } from '../../../src/jobs/jobTracker';
import { JobTracker } from '../../../src/jobs/jobTracker';
import { asrJob, FakeAsr, FakeClock, flush } from './fakes';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const ACTIVE = 10 * SEC;
const IDLE = 120 * SEC;

interface Rig {
  clock: FakeClock;
  asr: FakeAsr;
  tracker: JobTracker;
  snapshots: JobsSnapshot[];
  ended: JobEndedEvent[];
  errors: unknown[];
  logs: string[];
}

const trackers: JobTracker[] = [];

/** Reads the getter without letting TypeScript narrow it across later awaits. */
function snapshotOf(tracker: JobTracker): JobsSnapshot | undefined {
  return tracker.snapshot;
}

function rig(options: Partial<Omit<JobTrackerDeps, 'listJobs' | 'clock'>> = {}, shared?: { clock: FakeClock; asr: FakeAsr }): Rig {
  const clock = shared?.clock ?? new FakeClock();
  const asr = shared?.asr ?? new FakeAsr(clock);
  const logs: string[] = [];
  const tracker = new JobTracker({
    listJobs: asr.listJobs,
    clock,
    activePollMs: ACTIVE,
    idlePollMs: IDLE,
    log: (line) => logs.push(line),
    ...options,
  });
  trackers.push(tracker);
  const r: Rig = { clock, asr, tracker, snapshots: [], ended: [], errors: [], logs };
  tracker.onDidChange((s) => s && r.snapshots.push(s));
  tracker.onJobEnded((e) => r.ended.push(e));
  tracker.onError((e) => r.errors.push(e));
  return r;
}

function running(n: number): ReturnType<typeof asrJob>[] {
  return Array.from({ length: n }, (_, i) => asrJob(`job-${i}`, { startTime: new Date(Date.parse('2026-11-25T09:00:00Z') + i * MIN) }));
}

describe('jobs/JobTracker', () => {
  afterEach(() => {
    for (const t of trackers.splice(0)) {
      t.dispose();
    }
  });

  describe('one list call per poll', () => {
    it('start() polls once at once, with startTime = now − 24 h by default', async () => {
      const r = rig();
      r.tracker.start();
      await flush();
      assert.equal(r.asr.calls.length, 1);
      assert.equal(r.asr.calls[0].startTime.getTime(), r.clock.now() - 24 * HOUR);
      assert.equal(r.asr.calls[0].startTime.toISOString(), '2026-11-24T10:00:00.000Z');
    });

    it('the filter follows windowMs and the time of each poll', async () => {
      const r = rig({ windowMs: 2 * HOUR });
      r.asr.jobs = running(1);
      r.tracker.start();
      await r.clock.tick(ACTIVE);
      assert.equal(r.asr.calls.length, 2);
      assert.equal(r.asr.calls[0].startTime.toISOString(), '2026-11-25T08:00:00.000Z');
      assert.equal(r.asr.calls[1].startTime.toISOString(), '2026-11-25T08:00:10.000Z');
    });

    it('exactly one request per poll with 1 running job', async () => {
      const r = rig();
      r.asr.jobs = running(1);
      r.tracker.start();
      await flush();
      assert.equal(r.asr.calls.length, 1);
      await r.clock.tick(5 * ACTIVE);
      assert.equal(r.asr.calls.length, 6);
      assert.equal(r.tracker.snapshot?.active.length, 1);
    });

    it('exactly one request per poll with 50 running jobs (never one per job)', async () => {
      const r = rig();
      r.asr.jobs = running(50);
      r.tracker.start();
      await flush();
      assert.equal(r.asr.calls.length, 1);
      assert.equal(r.tracker.snapshot?.active.length, 50);
      await r.clock.tick(5 * ACTIVE);
      assert.equal(r.asr.calls.length, 6);
      assert.deepEqual(
        r.asr.calls.map((c) => c.at - r.asr.calls[0].at),
        [0, 1, 2, 3, 4, 5].map((i) => i * ACTIVE),
      );
    });

    it('defaults to 10 s while active and 120 s while idle', async () => {
      const clock = new FakeClock();
      const asr = new FakeAsr(clock);
      const tracker = new JobTracker({ listJobs: asr.listJobs, clock });
      trackers.push(tracker);
      assert.equal(tracker.activePollMs, 10_000);
      assert.equal(tracker.idlePollMs, 120_000);
      assert.equal(tracker.windowMs, 24 * HOUR);
      tracker.start();
      await clock.tick(119 * SEC);
      assert.equal(asr.calls.length, 1);
      await clock.tick(1 * SEC);
      assert.equal(asr.calls.length, 2);
    });

    it('invalid intervals fall back to the defaults', () => {
      const clock = new FakeClock();
      const tracker = new JobTracker({ listJobs: new FakeAsr(clock).listJobs, clock, activePollMs: 0, idlePollMs: Number.NaN, windowMs: -5 });
      trackers.push(tracker);
      assert.deepEqual([tracker.activePollMs, tracker.idlePollMs, tracker.windowMs], [10_000, 120_000, 24 * HOUR]);
    });
  });

  describe('adaptive interval', () => {
    it('polls every activePollMs while a job is active', async () => {
      const r = rig();
      r.asr.jobs = running(1);
      r.tracker.start();
      await r.clock.tick(ACTIVE - 1);
      assert.equal(r.asr.calls.length, 1);
      await r.clock.tick(1);
      assert.equal(r.asr.calls.length, 2);
      assert.deepEqual(r.clock.pending, [ACTIVE]);
    });

    it('polls every idlePollMs when no job is active', async () => {
      const r = rig();
      r.asr.jobs = [asrJob('done', { state: 'Succeeded', tasks: [4, 4], endTime: new Date('2026-11-25T09:58:00Z') })];
      r.tracker.start();
      await r.clock.tick(IDLE - 1);
      assert.equal(r.asr.calls.length, 1);
      await r.clock.tick(1);
      assert.equal(r.asr.calls.length, 2);
      assert.deepEqual(r.clock.pending, [IDLE]);
    });

    it('Suspended and NotStarted jobs count as active', async () => {
      const r = rig();
      r.asr.jobs = [asrJob('a', { state: 'Suspended' }), asrJob('b', { state: 'NotStarted', tasks: [0, 2] })];
      r.tracker.start();
      await flush();
      assert.equal(r.tracker.snapshot?.active.length, 2);
      assert.deepEqual(r.clock.pending, [ACTIVE]);
    });

    it('switches from fast to slow when the last job ends', async () => {
      const r = rig();
      r.asr.jobs = running(1);
      r.tracker.start();
      await r.clock.tick(ACTIVE);
      assert.equal(r.asr.calls.length, 2);
      r.asr.set('job-0', { state: 'Succeeded', endTime: new Date(r.clock.now()) });
      await r.clock.tick(ACTIVE);
      assert.equal(r.asr.calls.length, 3);
      assert.equal(r.tracker.snapshot?.active.length, 0);
      await r.clock.tick(IDLE - 1);
      assert.equal(r.asr.calls.length, 3);
      await r.clock.tick(1);
      assert.equal(r.asr.calls.length, 4);
    });

    it('switches from slow to fast when a job starts', async () => {
      const r = rig();
      r.tracker.start();
      await r.clock.tick(IDLE);
      assert.equal(r.asr.calls.length, 2);
      r.asr.jobs = running(1);
      await r.clock.tick(IDLE);
      assert.equal(r.asr.calls.length, 3);
      await r.clock.tick(ACTIVE);
      assert.equal(r.asr.calls.length, 4);
      await r.clock.tick(ACTIVE);
      assert.equal(r.asr.calls.length, 5);
    });

    it('logs the interval when it changes', async () => {
      const r = rig();
      r.asr.jobs = running(2);
      r.tracker.start();
      await r.clock.tick(ACTIVE);
      assert.equal(r.logs.filter((l) => l.startsWith('Polling ASR jobs every 10 s (2 running)')).length, 1);
    });
  });

  describe('focus', () => {
    it('makes no request while the window is unfocused', async () => {
      const r = rig();
      r.asr.jobs = running(3);
      r.tracker.start();
      await flush();
      r.tracker.setFocused(false);
      assert.deepEqual(r.clock.pending, []);
      await r.clock.tick(HOUR);
      assert.equal(r.asr.calls.length, 1);
    });

    it('polls at once on focus, then resumes the interval', async () => {
      const r = rig();
      r.asr.jobs = running(1);
      r.tracker.start();
      await flush();
      r.tracker.setFocused(false);
      await r.clock.tick(10 * MIN);
      r.tracker.setFocused(true);
      await flush();
      assert.equal(r.asr.calls.length, 2);
      assert.equal(r.asr.calls[1].at, r.clock.now());
      await r.clock.tick(ACTIVE);
      assert.equal(r.asr.calls.length, 3);
    });

    it('setFocused(true) while already focused makes no extra request', async () => {
      const r = rig();
      r.tracker.start();
      await flush();
      r.tracker.setFocused(true);
      await flush();
      assert.equal(r.asr.calls.length, 1);
    });

    it('starting while unfocused waits for focus', async () => {
      const r = rig();
      r.tracker.setFocused(false);
      r.tracker.start();
      await r.clock.tick(HOUR);
      assert.equal(r.asr.calls.length, 0);
      r.tracker.setFocused(true);
      await flush();
      assert.equal(r.asr.calls.length, 1);
    });

    it('a request in flight when focus is lost still lands, but schedules nothing', async () => {
      const r = rig();
      r.asr.jobs = running(1);
      r.asr.hold = true;
      r.tracker.start();
      await flush();
      r.tracker.setFocused(false);
      await r.asr.release();
      assert.equal(r.tracker.snapshot?.active.length, 1);
      assert.deepEqual(r.clock.pending, []);
      await r.clock.tick(HOUR);
      assert.equal(r.asr.calls.length, 1);
    });
  });

  describe('refreshNow', () => {
    it('polls at once and resolves with the new snapshot in place', async () => {
      const r = rig();
      r.tracker.start();
      await flush();
      r.asr.jobs = running(1);
      await r.tracker.refreshNow();
      assert.equal(r.asr.calls.length, 2);
      assert.equal(r.tracker.snapshot?.active.length, 1);
    });

    it('concurrent calls share one request', async () => {
      const r = rig();
      r.asr.hold = true;
      const all = Promise.all([r.tracker.refreshNow(), r.tracker.refreshNow(), r.tracker.refreshNow()]);
      await flush();
      assert.equal(r.asr.calls.length, 1);
      await r.asr.release();
      await all;
      assert.equal(r.asr.calls.length, 1);
    });

    it('calls made while an older request is in flight share one follow-up request that sees the new job', async () => {
      const r = rig();
      r.asr.hold = true;
      r.tracker.start();
      await flush();
      await r.clock.tick(300); // the user acts while the first request is still out
      r.asr.jobs = running(1);
      const a = r.tracker.refreshNow();
      const b = r.tracker.refreshNow();
      await r.clock.tick(100);
      const c = r.tracker.refreshNow();
      assert.equal(r.asr.calls.length, 1);
      await r.asr.release(); // the old request answers without the new job; the follow-up sees it
      await Promise.all([a, b, c]);
      assert.equal(r.snapshots[0].active.length, 0);
      assert.equal(r.asr.calls.length, 2);
      assert.equal(r.tracker.snapshot?.active.length, 1);
      assert.deepEqual(r.clock.pending, [ACTIVE]);
    });

    it('restarts the interval from the refresh', async () => {
      const r = rig();
      r.asr.jobs = running(1);
      r.tracker.start();
      await r.clock.tick(6 * SEC);
      await r.tracker.refreshNow();
      assert.deepEqual(r.clock.pending, [ACTIVE]);
      await r.clock.tick(ACTIVE - 1);
      assert.equal(r.asr.calls.length, 2);
      await r.clock.tick(1);
      assert.equal(r.asr.calls.length, 3);
    });

    it('works before start() without starting the timer', async () => {
      const r = rig();
      r.asr.jobs = running(2);
      await r.tracker.refreshNow();
      assert.equal(r.tracker.snapshot?.active.length, 2);
      assert.deepEqual(r.clock.pending, []);
    });
  });

  describe('state comes from ASR', () => {
    it('a new tracker after a reload sees the running jobs on its first poll', async () => {
      const first = rig();
      first.asr.jobs = running(3);
      first.tracker.start();
      await first.clock.tick(ACTIVE);
      first.tracker.dispose(); // window reload
      const second = rig({}, { clock: first.clock, asr: first.asr });
      assert.equal(snapshotOf(second.tracker), undefined);
      second.tracker.start();
      await flush();
      assert.equal(first.asr.calls.length, 3);
      assert.deepEqual(
        second.tracker.snapshot?.active.map((s) => s.jobName),
        ['job-2', 'job-1', 'job-0'],
      );
      assert.equal(second.snapshots.length, 1);
      assert.deepEqual(second.clock.pending, [ACTIVE]);
    });

    it('orders active jobs by newest start and recent ones by newest end; drops jobs that ended before the window', async () => {
      const r = rig({ windowMs: HOUR });
      r.asr.jobs = [
        asrJob('old-run', { startTime: new Date('2026-11-25T09:10:00Z') }),
        asrJob('new-run', { startTime: new Date('2026-11-25T09:50:00Z') }),
        asrJob('ended-early', { state: 'Succeeded', tasks: [4, 4], startTime: new Date('2026-11-25T09:01:00Z'), endTime: new Date('2026-11-25T09:20:00Z') }),
        asrJob('ended-late', { state: 'Failed', error: 'x', startTime: new Date('2026-11-25T09:02:00Z'), endTime: new Date('2026-11-25T09:40:00Z') }),
        asrJob('too-old', { state: 'Succeeded', tasks: [4, 4], startTime: new Date('2026-11-25T08:00:00Z'), endTime: new Date('2026-11-25T08:30:00Z') }),
      ];
      await r.tracker.refreshNow();
      const s = r.tracker.snapshot!;
      assert.deepEqual(
        s.active.map((j) => j.jobName),
        ['new-run', 'old-run'],
      );
      assert.deepEqual(
        s.recent.map((j) => j.jobName),
        ['ended-late', 'ended-early'],
      );
      assert.equal(s.takenAt.getTime(), r.clock.now());
    });
  });

  describe('watched jobs', () => {
    it('fires onJobEnded once when a watched job succeeds, with its info and next step', async () => {
      const r = rig();
      r.asr.jobs = running(1);
      r.tracker.start();
      const nextStep = { title: 'Clean up test failover', command: 'azureSiteRecovery.cleanupTestFailover', args: ['vm-1'] };
      r.tracker.watch('job-0', { vmName: 'vm-1', nextStep });
      await r.clock.tick(ACTIVE);
      assert.equal(r.ended.length, 0);
      r.asr.set('job-0', { state: 'Succeeded', endTime: new Date(r.clock.now()) });
      await r.clock.tick(ACTIVE);
      assert.equal(r.ended.length, 1);
      assert.equal(r.ended[0].summary.jobName, 'job-0');
      assert.equal(r.ended[0].summary.state, 'Succeeded');
      assert.deepEqual(r.ended[0].info, { vmName: 'vm-1', nextStep });
      assert.equal(r.tracker.isWatching('job-0'), false);
      await r.clock.tick(3 * IDLE);
      await r.tracker.refreshNow();
      assert.equal(r.ended.length, 1);
    });

    it('does not fire for jobs nobody watches', async () => {
      const r = rig();
      r.asr.jobs = running(2);
      r.tracker.watch('job-1');
      r.tracker.start();
      await flush();
      r.asr.set('job-0', { state: 'Succeeded', endTime: new Date(r.clock.now()) });
      await r.clock.tick(ACTIVE);
      assert.equal(r.ended.length, 0);
      r.asr.set('job-1', { state: 'Failed', endTime: new Date(r.clock.now()) });
      await r.clock.tick(ACTIVE);
      assert.deepEqual(
        r.ended.map((e) => [e.summary.jobName, e.summary.state, e.info]),
        [['job-1', 'Failed', undefined]],
      );
    });

    it('fires for Failed and Cancelled, not for Suspended; job names match case-insensitively', async () => {
      const r = rig();
      r.asr.jobs = [asrJob('aaaa-1'), asrJob('bbbb-2'), asrJob('cccc-3', { scenarioName: 'PlannedFailover', friendlyName: 'Failback' })];
      r.tracker.watch('AAAA-1');
      r.tracker.watch('BBBB-2');
      r.tracker.watch('CCCC-3');
      r.tracker.start();
      await flush();
      r.asr.set('aaaa-1', { state: 'Failed', endTime: new Date(r.clock.now()) });
      r.asr.set('bbbb-2', { state: 'Cancelled', endTime: new Date(r.clock.now()) });
      r.asr.set('cccc-3', { state: 'Suspended' });
      await r.clock.tick(ACTIVE);
      assert.deepEqual(r.ended.map((e) => e.summary.state).sort(), ['Cancelled', 'Failed']);
      assert.equal(r.tracker.isWatching('cccc-3'), true);
    });

    it('onJobWaiting: a watched job that suspends fires once per suspension, stays watched, and its end still fires onJobEnded', async () => {
      const r = rig();
      const waiting: JobEndedEvent[] = [];
      r.tracker.onJobWaiting((e) => waiting.push(e));
      r.asr.jobs = [asrJob('fb-1', { scenarioName: 'PlannedFailover', friendlyName: 'Failback' })];
      r.tracker.watch('fb-1', { vmName: 'web-01' });
      r.tracker.start();
      await flush();
      r.asr.set('fb-1', { state: 'Suspended' });
      await r.clock.tick(ACTIVE);
      await r.clock.tick(ACTIVE);
      assert.deepEqual(
        waiting.map((e) => [e.summary.jobName, e.summary.state, e.info?.vmName]),
        [['fb-1', 'Suspended', 'web-01']],
      );
      assert.equal(r.ended.length, 0, 'Suspended is not an end');
      assert.equal(r.tracker.isWatching('fb-1'), true);
      r.asr.set('fb-1', { state: 'InProgress' });
      await r.clock.tick(ACTIVE);
      r.asr.set('fb-1', { state: 'Suspended' });
      await r.clock.tick(ACTIVE);
      assert.equal(waiting.length, 2, 'a second suspension is told again');
      r.asr.set('fb-1', { state: 'Succeeded', endTime: new Date(r.clock.now()) });
      await r.clock.tick(ACTIVE);
      assert.deepEqual(
        r.ended.map((e) => e.summary.state),
        ['Succeeded'],
      );
    });

    it('onJobWaiting: a suspended test failover (it waits for its cleanup) is told once and no longer watched', async () => {
      const r = rig();
      const waiting: JobEndedEvent[] = [];
      r.tracker.onJobWaiting((e) => waiting.push(e));
      r.asr.jobs = [asrJob('tfo-1')];
      r.tracker.watch('tfo-1');
      r.tracker.start();
      await flush();
      r.asr.set('tfo-1', { state: 'Suspended' });
      await r.clock.tick(ACTIVE);
      assert.equal(waiting.length, 1);
      assert.equal(r.tracker.isWatching('tfo-1'), false);
      r.asr.set('tfo-1', { state: 'Succeeded', endTime: new Date(r.clock.now()) });
      await r.clock.tick(ACTIVE);
      assert.equal(r.ended.length, 0, 'no second "finished" after the cleanup');
    });

    it('fires when the watched job had already ended by the first poll that sees it', async () => {
      const r = rig();
      r.asr.jobs = [asrJob('quick', { state: 'Succeeded', tasks: [2, 2], endTime: new Date('2026-11-25T09:59:00Z') })];
      r.tracker.watch('quick', { vmName: 'vm-q' });
      await r.tracker.refreshNow();
      assert.equal(r.ended.length, 1);
      assert.equal(r.ended[0].info?.vmName, 'vm-q');
    });

    it('unwatch() stops waiting for a job', async () => {
      const r = rig();
      r.asr.jobs = [asrJob('x', { state: 'Succeeded', tasks: [2, 2], endTime: new Date('2026-11-25T09:59:00Z') })];
      r.tracker.watch('x');
      r.tracker.unwatch('x');
      await r.tracker.refreshNow();
      assert.equal(r.ended.length, 0);
    });

    it('keeps a watched job that started more than 24 h ago: the list starts at its start, still one request per poll', async () => {
      const r = rig({ activePollMs: HOUR });
      r.asr.startedAfterOnly = true;
      const startedAt = new Date(r.clock.now() - 5 * MIN);
      r.asr.jobs = [asrJob('long', { scenarioName: 'UnplannedFailover', startTime: startedAt }), ...running(2)];
      r.tracker.watch('long');
      r.tracker.start();
      await r.clock.tick(25 * HOUR);
      assert.equal(r.asr.calls.length, 26, 'one request per poll');
      assert.equal(r.asr.calls.at(-1)?.startTime.getTime(), Date.parse('2026-11-25T09:00:00Z'), 'from the oldest running job (job-0, 09:00)');
      assert.equal(r.tracker.isWatching('long'), true);
      assert.deepEqual(
        r.tracker.snapshot?.active.map((j) => j.jobName),
        ['long', 'job-1', 'job-0'],
      );
      r.asr.set('long', { state: 'Succeeded', endTime: new Date(r.clock.now()), tasks: [] });
      await r.clock.tick(HOUR);
      assert.deepEqual(
        r.ended.map((e) => e.summary.jobName),
        ['long'],
        'its end is still noticed',
      );
    });

    it('a running job started more than 24 h ago stays in the list of active jobs, watched or not', async () => {
      const r = rig({ activePollMs: HOUR });
      r.asr.startedAfterOnly = true;
      r.asr.jobs = running(1);
      r.tracker.start();
      await r.clock.tick(30 * HOUR);
      assert.deepEqual(
        r.tracker.snapshot?.active.map((j) => j.jobName),
        ['job-0'],
      );
      r.asr.set('job-0', { state: 'Succeeded', endTime: new Date(r.clock.now()), tasks: [] });
      await r.clock.tick(HOUR);
      assert.deepEqual(r.tracker.snapshot?.active, []);
      await r.clock.tick(IDLE);
      assert.equal(r.asr.calls.at(-1)?.startTime.getTime(), r.clock.now() - 24 * HOUR, 'back to the 24 h window once nothing old runs');
    });

    it('forgets a watched job that never shows up within the window', async () => {
      const r = rig({ windowMs: HOUR });
      r.tracker.watch('ghost');
      await r.tracker.refreshNow();
      assert.equal(r.tracker.isWatching('ghost'), true);
      await r.clock.tick(HOUR + 1);
      await r.tracker.refreshNow();
      assert.equal(r.tracker.isWatching('ghost'), false);
    });
  });

  describe('onDidChange', () => {
    it('fires on the first poll and on changes, not when nothing changed', async () => {
      const r = rig();
      r.asr.jobs = running(1);
      r.tracker.start();
      await flush();
      assert.equal(r.snapshots.length, 1);
      await r.clock.tick(3 * ACTIVE); // running time grows, nothing else
      assert.equal(r.snapshots.length, 1);
      r.asr.set('job-0', {
        tasks: [
          { name: 'T1', friendlyName: 'Step 1', state: 'Succeeded' },
          { name: 'T2', friendlyName: 'Step 2', state: 'InProgress' },
        ],
      });
      await r.clock.tick(ACTIVE);
      assert.equal(r.snapshots.length, 2);
      assert.equal(r.snapshots[1].active[0].currentStep, 'Step 2');
    });

    it('a disposed listener is not called; a throwing listener does not stop the others', async () => {
      const r = rig();
      const seen: number[] = [];
      const sub = r.tracker.onDidChange(() => seen.push(1));
      r.tracker.onDidChange(() => {
        throw new Error('listener bug');
      });
      sub.dispose();
      await r.tracker.refreshNow();
      assert.deepEqual(seen, []);
      assert.equal(r.snapshots.length, 1);
      assert.ok(r.logs.some((l) => l.includes('listener bug')));
    });
  });

  describe('errors', () => {
    it('a failed poll keeps the last snapshot, reports once per distinct message and backs off to idlePollMs', async () => {
      const r = rig();
      r.asr.jobs = running(2);
      r.tracker.start();
      await flush();
      const before = r.tracker.snapshot;
      r.asr.failWith = new Error('Throttled (429)');
      await r.clock.tick(ACTIVE);
      assert.equal(r.asr.calls.length, 2);
      assert.equal(r.tracker.snapshot, before);
      assert.equal(r.errors.length, 1);
      assert.deepEqual(r.clock.pending, [IDLE]);
      await r.clock.tick(IDLE);
      assert.equal(r.asr.calls.length, 3);
      assert.equal(r.errors.length, 1); // same message: not again
      r.asr.failWith = new Error('Token expired');
      await r.clock.tick(IDLE);
      assert.equal(r.errors.length, 2);
      assert.equal((r.errors[1] as Error).message, 'Token expired');
      assert.equal(r.snapshots.length, 1);
      assert.ok(r.logs.some((l) => l.includes('Token expired')));
    });

    it('after a successful poll the same error is reported again, and polling is fast again', async () => {
      const r = rig();
      r.asr.jobs = running(1);
      r.asr.failWith = new Error('boom');
      r.tracker.start();
      await flush();
      assert.equal(r.errors.length, 1);
      assert.equal(snapshotOf(r.tracker), undefined);
      r.asr.failWith = undefined;
      await r.clock.tick(IDLE);
      assert.equal(r.tracker.snapshot?.active.length, 1);
      assert.deepEqual(r.clock.pending, [ACTIVE]);
      r.asr.failWith = new Error('boom');
      await r.clock.tick(ACTIVE);
      assert.equal(r.errors.length, 2);
    });

    it('refreshNow resolves (does not reject) when the poll fails', async () => {
      const r = rig();
      r.asr.failWith = 'not an Error';
      await r.tracker.refreshNow();
      assert.deepEqual(r.errors, ['not an Error']);
    });

    it('a synchronous throw from listJobs is a failed poll too', async () => {
      const clock = new FakeClock();
      const errors: unknown[] = [];
      const tracker = new JobTracker({
        listJobs: () => {
          throw new Error('sync');
        },
        clock,
      });
      trackers.push(tracker);
      tracker.onError((e) => errors.push(e));
      tracker.start();
      await flush();
      assert.equal(errors.length, 1);
      assert.deepEqual(clock.pending, [120_000]);
    });
  });

  describe('failures since seen', () => {
    it('counts each failure once, resets on markFailuresSeen, counts a new failure after that', async () => {
      const r = rig();
      r.asr.jobs = [asrJob('f1', { state: 'Failed', error: 'disk', endTime: new Date('2026-11-25T09:58:00Z') }), ...running(1)];
      r.tracker.start();
      await flush();
      assert.equal(r.tracker.snapshot?.failedSinceSeen, 1);
      await r.clock.tick(3 * ACTIVE);
      assert.equal(r.tracker.snapshot?.failedSinceSeen, 1);
      r.tracker.markFailuresSeen();
      assert.equal(r.tracker.snapshot?.failedSinceSeen, 0);
      assert.equal(r.snapshots.at(-1)?.failedSinceSeen, 0);
      await r.clock.tick(ACTIVE);
      assert.equal(r.tracker.snapshot?.failedSinceSeen, 0);
      r.asr.set('job-0', { state: 'Failed', endTime: new Date(r.clock.now()) });
      await r.clock.tick(ACTIVE);
      assert.equal(r.tracker.snapshot?.failedSinceSeen, 1);
      assert.equal(r.tracker.failuresSeenUntil, Date.parse('2026-11-25T09:58:00Z'));
    });

    it('succeeded and cancelled jobs do not count', async () => {
      const r = rig();
      r.asr.jobs = [
        asrJob('ok', { state: 'Succeeded', tasks: [2, 2], endTime: new Date('2026-11-25T09:58:00Z') }),
        asrJob('stop', { state: 'Cancelled', endTime: new Date('2026-11-25T09:58:00Z') }),
      ];
      await r.tracker.refreshNow();
      assert.equal(r.tracker.snapshot?.failedSinceSeen, 0);
    });

    it('a persisted failuresSeenUntil survives a reload', async () => {
      const r = rig({ failuresSeenUntil: Date.parse('2026-11-25T09:30:00Z') });
      r.asr.jobs = [
        asrJob('seen', { state: 'Failed', startTime: new Date('2026-11-25T09:10:00Z'), endTime: new Date('2026-11-25T09:20:00Z') }),
        asrJob('new', { state: 'Failed', startTime: new Date('2026-11-25T09:10:00Z'), endTime: new Date('2026-11-25T09:40:00Z') }),
      ];
      await r.tracker.refreshNow();
      assert.equal(r.tracker.snapshot?.failedSinceSeen, 1);
    });

    it('markFailuresSeen before any poll does nothing', () => {
      const r = rig();
      r.tracker.markFailuresSeen();
      assert.equal(r.tracker.snapshot, undefined);
      assert.equal(r.tracker.failuresSeenUntil, undefined);
      assert.equal(r.snapshots.length, 0);
    });
  });

  describe('stop and dispose', () => {
    it('stop() clears the timer; start() again polls at once', async () => {
      const r = rig();
      r.asr.jobs = running(1);
      r.tracker.start();
      await flush();
      r.tracker.stop();
      assert.deepEqual(r.clock.pending, []);
      await r.clock.tick(HOUR);
      assert.equal(r.asr.calls.length, 1);
      r.tracker.start();
      await flush();
      assert.equal(r.asr.calls.length, 2);
      assert.deepEqual(r.clock.pending, [ACTIVE]);
    });

    it('stop() while a request is in flight schedules nothing after it', async () => {
      const r = rig();
      r.asr.hold = true;
      r.tracker.start();
      await flush();
      r.tracker.stop();
      await r.asr.release();
      assert.deepEqual(r.clock.pending, []);
    });

    it('dispose() clears timers, drops a late answer and silences every event', async () => {
      const r = rig();
      r.asr.jobs = running(1);
      r.tracker.watch('job-0');
      r.tracker.start();
      await flush();
      r.asr.hold = true;
      await r.clock.tick(ACTIVE);
      assert.equal(r.asr.heldCount, 1);
      r.tracker.dispose();
      assert.deepEqual(r.clock.pending, []);
      r.asr.set('job-0', { state: 'Succeeded', endTime: new Date(r.clock.now()) });
      await r.asr.release();
      assert.equal(r.snapshots.length, 1);
      assert.equal(r.ended.length, 0);
      await r.tracker.refreshNow();
      r.tracker.start();
      r.tracker.setFocused(false);
      r.tracker.setFocused(true);
      await r.clock.tick(HOUR);
      assert.equal(r.asr.calls.length, 2);
      assert.deepEqual(r.clock.pending, []);
    });
  });
});
