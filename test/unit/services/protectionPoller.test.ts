import assert from 'node:assert/strict';
import { isBusy, isChanging, ProtectionPoller, type ChangingCounts, type ProtectionPollerOptions } from '../../../src/estate/poller';

/** A fake clock: timers fire only when the test says so, the earliest first, moving the time to theirs. */
function fakeTimers() {
  const timers = new Map<number, { fn: () => void; at: number }>();
  let next = 1;
  let now = 0;
  return {
    timers,
    now: () => now,
    setTimer: (fn: () => void, ms: number) => {
      const id = next++;
      timers.set(id, { fn, at: now + ms });
      return id;
    },
    clearTimer: (h: unknown) => void timers.delete(h as number),
    /** Milliseconds from now until the one pending timer fires. */
    get wait(): number | undefined {
      const t = [...timers.values()][0];
      return t === undefined ? undefined : t.at - now;
    },
    async fire(): Promise<void> {
      const [id, t] = [...timers.entries()].sort((a, b) => a[1].at - b[1].at)[0];
      timers.delete(id);
      now = Math.max(now, t.at);
      t.fn();
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    },
  };
}

interface Rig {
  t: ReturnType<typeof fakeTimers>;
  poller: ProtectionPoller;
  counts: ChangingCounts;
  /** What each read was: 'busy', 'busy+replicating' or 'all'. */
  reads: string[];
}

function rig(options: Partial<ProtectionPollerOptions> = {}, counts: ChangingCounts = { busy: 0, replicating: 0 }): Rig {
  const t = fakeTimers();
  const r: Rig = { t, counts, reads: [], poller: undefined as unknown as ProtectionPoller };
  r.poller = new ProtectionPoller({
    busyIntervalMs: 10_000,
    replicatingIntervalMs: 120_000,
    fullIntervalMs: 0,
    changing: () => r.counts,
    reread: (withReplicating) => {
      r.reads.push(withReplicating ? 'busy+replicating' : 'busy');
      return Promise.resolve(false);
    },
    refreshAll: () => {
      r.reads.push('all');
      return Promise.resolve();
    },
    now: t.now,
    setTimer: t.setTimer,
    clearTimer: t.clearTimer,
    ...options,
  });
  return r;
}

describe('estate/poller', () => {
  it('re-reads busy VMs at the fast interval and stops once all are settled', async () => {
    const r = rig({}, { busy: 2, replicating: 0 });
    r.poller.poke();
    r.poller.poke();
    assert.equal(r.t.timers.size, 1, 'one timer however often it is poked');
    assert.equal(r.t.wait, 10_000);
    await r.t.fire();
    assert.deepEqual(r.reads, ['busy']);
    assert.equal(r.t.wait, 10_000, 'still busy: scheduled again');
    r.counts = { busy: 0, replicating: 0 };
    await r.t.fire();
    assert.deepEqual(r.reads, ['busy', 'busy']);
    assert.equal(r.t.timers.size, 0, 'all settled: no more reads');
  });

  it('re-reads replicating VMs at the slow interval, with the busy ones when both are due', async () => {
    const r = rig({}, { busy: 0, replicating: 200 });
    r.poller.poke();
    assert.equal(r.t.wait, 120_000);
    await r.t.fire();
    assert.deepEqual(r.reads, ['busy+replicating']);
    r.counts = { busy: 1, replicating: 200 };
    r.poller.poke();
    assert.equal(r.t.wait, 10_000, 'a VM became busy: the sooner read replaces the later one');
    for (let i = 0; i < 12; i++) await r.t.fire();
    assert.deepEqual(r.reads.slice(1), [...Array<string>(11).fill('busy'), 'busy+replicating'], 'replicating ones again 120 s after their last read');
  });

  it('a re-read that read every item (too many changing) counts as a full one', async () => {
    let reads = 0;
    const r = rig({ fullIntervalMs: 900_000, reread: () => Promise.resolve(++reads > 0) }, { busy: 30, replicating: 200 });
    r.poller.poke();
    await r.t.fire();
    assert.equal(r.t.wait, 10_000);
    for (let i = 0; i < 100; i++) await r.t.fire();
    assert.equal(reads, 101);
    assert.deepEqual(r.reads, [], 'no separate full read: each re-read was one');
  });

  it('a settled estate is read only at the full interval, or never when it is 0', async () => {
    const never = rig({}, { busy: 0, replicating: 0 });
    never.poller.poke();
    assert.equal(never.t.timers.size, 0);
    const r = rig({ fullIntervalMs: 15 * 60_000 }, { busy: 0, replicating: 0 });
    r.poller.poke();
    assert.equal(r.t.wait, 15 * 60_000);
    await r.t.fire();
    assert.deepEqual(r.reads, ['all']);
    assert.equal(r.t.wait, 15 * 60_000);
  });

  it('reads nothing while the window is unfocused; focused again, what is overdue is read at once', async () => {
    const r = rig({ fullIntervalMs: 60_000 }, { busy: 1, replicating: 0 });
    r.poller.poke();
    r.poller.setFocused(false);
    assert.equal(r.t.timers.size, 0);
    r.poller.poke();
    assert.equal(r.t.timers.size, 0);
    r.t.setTimer(() => undefined, 120_000);
    await r.t.fire(); // two minutes pass, unfocused
    r.poller.setFocused(true);
    assert.equal(r.t.wait, 0);
    await r.t.fire();
    assert.deepEqual(r.reads, ['all']);
    r.poller.dispose();
    assert.equal(r.t.timers.size, 0);
  });

  it('a failed read is tried again at the next interval', async () => {
    let calls = 0;
    const r = rig({ reread: () => (calls++ === 0 ? Promise.reject(new Error('503')) : Promise.resolve(false)) }, { busy: 1, replicating: 0 });
    r.poller.poke();
    await r.t.fire();
    assert.equal(r.t.wait, 10_000);
    await r.t.fire();
    assert.equal(calls, 2);
  });

  it('knows which kinds change by themselves, and which have an operation running', () => {
    assert.equal(isChanging('Replicating'), true);
    assert.equal(isChanging('EnablingProtection'), true);
    assert.equal(isChanging('Protected'), false);
    assert.equal(isChanging('FailoverCommitPending'), false);
    assert.equal(isBusy('EnablingProtection'), true);
    assert.equal(isBusy('Replicating'), false);
  });
});
