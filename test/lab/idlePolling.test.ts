/**
 * Idle is idle (issue 14), against the lab: the store re-reads only the changing VMs (one GET each,
 * at most 20 a round, in turn), merged into the snapshot; the job tracker keeps a job
 * that started more than 24 h ago, with one request per poll.
 */
import assert from 'node:assert/strict';
import { findVm } from '../../src/estate';
import { EstateStore, REREAD_ONE_BY_ONE_MAX, type EstateChange } from '../../src/estate/store';
import { JobTracker, systemClock, type JobTrackerClock } from '../../src/jobs/jobTracker';
import { listJobs } from '../../src/services/azure/jobs';
import { rememberedTrackerDeps, rememberTracker, type TrackerMemoryStore } from '../../src/jobs/trackerMemory';
import { HyperVError } from '../../src/services/hyperv/errors';
import type { ScriptRunner } from '../../src/services/hyperv/powershellRunner';
import type { VaultContext } from '../../src/services/azure/clients';
import { loadScenario } from '../../lab/scenario';
import { key, type JobState, type ProtectedItemState, type VaultState } from '../../lab/state';
import type { RunningLab } from '../../lab/index';
import { openServices, type ServicesSession } from './servicesSupport';

const HOUR = 3600_000;

/** No host answers: the VMs come from ASR's lists (what these tests look at). */
const unreachable: ScriptRunner = { run: () => Promise.reject(new HyperVError('HostUnreachable', 'No host in this test.')) };

function newStore(vctx: VaultContext): EstateStore {
  return new EstateStore(
    () => Promise.resolve({ runner: unreachable, vctx }),
    () => ({ includeLocal: false, settingHosts: [], useActiveDirectory: false }),
  );
}

function replicatingItems(lab: RunningLab): ProtectedItemState[] {
  const vault = lab.state.vaults.get(key(lab.resourceGroup, lab.vault));
  return [...(vault?.fabrics.values() ?? [])].flatMap((f) => [...f.container.protectedItems.values()]).filter((i) => i.phase === 'InitialReplication');
}

describe('idle is idle: re-reading only what changes (lab)', function () {
  this.timeout(60000);
  let s: ServicesSession | undefined;

  afterEach(async () => {
    await s?.lab.stop();
    s = undefined;
  });

  it('re-reads the one replicating VM with one GET, merged into the snapshot; nothing once it is protected', async () => {
    s = await openServices({ speed: 1 });
    const store = newStore(s.vctx());
    await store.refresh();
    assert.deepEqual(store.changingCounts(), { busy: 0, replicating: 1 });
    const [item] = replicatingItems(s.lab);
    const changes: EstateChange[] = [];
    store.onDidChange((c) => changes.push(c));

    s.lab.log.reset();
    assert.equal(await store.refreshChanging(s.vctx(), false), false, 'no busy VM: nothing to read');
    assert.equal(s.lab.log.count(), 0);
    // Initial replication moves on (the lab's clock): 20 points further.
    item.initialReplicationStart -= item.initialReplicationDurationMs * 0.2;
    const before = findVm(store.snapshot!, item.vmId)!.status.progressPercent ?? 0;
    assert.equal(await store.refreshChanging(s.vctx(), true), false);
    assert.deepEqual(s.lab.log.counters(), { 'replicationProtectedItems.get': 1 });
    const after = findVm(store.snapshot!, item.vmId)!;
    assert.ok((after.status.progressPercent ?? 0) >= before + 19, `${before}% → ${String(after.status.progressPercent)}%`);
    assert.deepEqual(changes, [{ hostKeys: [], vmKeys: [after.key] }]);

    item.initialReplicationStart -= item.initialReplicationDurationMs;
    const reread = Date.now();
    await store.refreshChanging(s.vctx(), true);
    const done = findVm(store.snapshot!, item.vmId)!;
    assert.equal(done.status.kind, 'Protected');
    // Its RPO as of the GET that re-read it (issue 15), not of the refresh before.
    assert.ok(done.recovery !== undefined && done.recovery.readAt.getTime() >= reread, 'RPO facts as of the re-read');
    assert.deepEqual(store.changingCounts(), { busy: 0, replicating: 0 });
    assert.equal(s.lab.log.count(), 2);
  });

  it('a followed VM (its Enable Replication run watches it) is re-read with the busy VMs while it replicates', async () => {
    s = await openServices({ speed: 1 });
    const store = newStore(s.vctx());
    await store.refresh();
    const [item] = replicatingItems(s.lab);
    const vm = findVm(store.snapshot!, item.vmId)!;
    const changes: EstateChange[] = [];
    store.onDidChange((c) => changes.push(c));
    store.follow(vm.key);
    assert.deepEqual(store.changingCounts(), { busy: 1, replicating: 0 });
    assert.deepEqual(changes, [{ vmKeys: [vm.key] }], 'the poller hears of it (it schedules the fast re-read)');
    s.lab.log.reset();
    item.initialReplicationStart -= item.initialReplicationDurationMs * 2;
    assert.equal(await store.refreshChanging(s.vctx(), false), false, 'read without the replicating ones');
    assert.deepEqual(s.lab.log.counters(), { 'replicationProtectedItems.get': 1 });
    assert.equal(findVm(store.snapshot!, item.vmId)!.status.kind, 'Protected');
    assert.deepEqual(store.changingCounts(), { busy: 0, replicating: 0 });
    store.forgetVault();
    await store.refresh();
    assert.equal(store.changingCounts().busy, 0, 'forgotten with the vault');
  });

  it(`more than ${REREAD_ONE_BY_ONE_MAX} replicating VMs: a GET for each of the ${REREAD_ONE_BY_ONE_MAX} read longest ago, in turn`, async () => {
    const scale = loadScenario('scale');
    s = await openServices({ speed: 1, scenario: { ...scale, generate: { ...scale.generate!, hosts: 2, protectedShare: 0.1, replicatingShare: 0.85 } } });
    const store = newStore(s.vctx());
    await store.refresh();
    const { replicating } = store.changingCounts();
    assert.ok(replicating > REREAD_ONE_BY_ONE_MAX, `${replicating} replicating`);
    const read = (): string[] => s!.lab.log.entries.filter((e) => e.operation === 'replicationProtectedItems.get').map((e) => e.path.split('/').pop()!.toLowerCase());
    s.lab.log.reset();
    assert.equal(await store.refreshChanging(s.vctx(), true), false);
    const first = read();
    assert.deepEqual(s.lab.log.counters(), { 'replicationProtectedItems.get': REREAD_ONE_BY_ONE_MAX });
    s.lab.log.reset();
    await store.refreshChanging(s.vctx(), true);
    const second = read();
    assert.equal(second.length, REREAD_ONE_BY_ONE_MAX);
    const all = new Set([...first, ...second]);
    assert.equal(all.size, Math.min(replicating, 2 * REREAD_ONE_BY_ONE_MAX), 'the second round reads those the first did not first');
  });
});

/** A job of one step that takes two days in the lab's vault. */
function startTwoDayJob(lab: RunningLab, scenarioName: string, friendlyName: string): { vault: VaultState; job: JobState } {
  const vault = lab.state.vaults.get(key(lab.resourceGroup, lab.vault))!;
  const job = lab.engine.startJob(vault, {
    scenarioName,
    friendlyName,
    targetObjectId: 'long-item',
    targetObjectName: 'long-vm',
    targetInstanceType: 'ProtectionEntity',
    tasks: [[friendlyName, friendlyName, 48 * 3600]],
  });
  return { vault, job };
}

/** One poll, one request, and the running jobs it lists are exactly this one. */
async function assertOnePollLists(lab: RunningLab, tracker: JobTracker, jobName: string): Promise<void> {
  lab.log.reset();
  await tracker.refreshNow();
  assert.equal(lab.log.count(), 1, 'one request');
  assert.deepEqual(
    tracker.snapshot?.active.map((j) => j.jobName),
    [jobName],
  );
}

describe('the job tracker keeps a job that started more than 24 h ago (lab)', function () {
  this.timeout(60000);

  it('a job running for 25 h stays tracked and watched, one request per poll, and its end is noticed', async () => {
    const s = await openServices({ speed: 1 });
    try {
      const { vault, job } = startTwoDayJob(s.lab, 'UnplannedFailover', 'Failover');
      // The tracker's clock runs ahead: 25 h have passed for it since the job started.
      let ahead = 0;
      const clock: JobTrackerClock = { ...systemClock, now: () => Date.now() + ahead };
      const tracker = new JobTracker({ listJobs: (filter) => listJobs(s.vctx(), filter), clock });
      const ended: string[] = [];
      tracker.onJobEnded((e) => ended.push(e.summary.jobName));
      try {
        tracker.watch(job.name);
        await tracker.refreshNow();
        assert.deepEqual(
          tracker.snapshot?.active.map((j) => j.jobName),
          [job.name],
        );
        ahead = 25 * HOUR;
        await assertOnePollLists(s.lab, tracker, job.name);
        assert.equal(tracker.isWatching(job.name), true);
        s.lab.engine.cancelJob(vault, job);
        await tracker.refreshNow();
        assert.deepEqual(ended, [job.name]);
      } finally {
        tracker.dispose();
      }
    } finally {
      await s.lab.stop();
    }
  });

  it('after a window reload, a fresh tracker (given what the last one remembered) still lists the job running for 25 h', async () => {
    const s = await openServices({ speed: 1 });
    try {
      // A test failover left waiting for its cleanup, the job that runs longest in practice.
      const { vault, job } = startTwoDayJob(s.lab, 'TestFailover', 'Test failover');
      // The global state of the window, kept across the reload.
      const saved = new Map<string, unknown>();
      const memory: TrackerMemoryStore = {
        get: (k) => saved.get(k),
        update: (k, value) => {
          saved.set(k, value);
          return Promise.resolve();
        },
      };
      // The virtual clock: 25 h pass between the two windows.
      let ahead = 0;
      const clock: JobTrackerClock = { ...systemClock, now: () => Date.now() + ahead };
      const before = new JobTracker({ listJobs: (filter) => listJobs(s.vctx(), filter), clock, ...rememberedTrackerDeps(memory) });
      const remembering = rememberTracker(before, memory);
      await before.refreshNow();
      assert.deepEqual(
        before.snapshot?.active.map((j) => j.jobName),
        [job.name],
      );
      remembering.dispose();
      before.dispose();

      ahead = 25 * HOUR;
      const after = new JobTracker({ listJobs: (filter) => listJobs(s.vctx(), filter), clock, ...rememberedTrackerDeps(memory) });
      try {
        await assertOnePollLists(s.lab, after, job.name);
        await after.refreshNow();
        assert.deepEqual(
          after.snapshot?.active.map((j) => j.jobName),
          [job.name],
          'and on the polls after',
        );
        assert.equal(after.trackedSince, job.startTime.getTime(), 'remembered again');
        // Its end: no longer active, and the list starts at the window again. (Its end time is the
        // lab's, 25 h before the tracker's clock: it is not among the recent jobs of this test.)
        s.lab.engine.cancelJob(vault, job);
        await after.refreshNow();
        assert.deepEqual(after.snapshot?.active, []);
        assert.equal(after.trackedSince, undefined);
      } finally {
        after.dispose();
      }
    } finally {
      await s.lab.stop();
    }
  });
});
