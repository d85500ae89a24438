import assert from 'node:assert/strict';
import type { ProtectionKind } from '../../../src/model/protectionStatus';
import { isChanging, ProtectionPoller } from '../../../src/estate/poller';

/** A fake clock: timers fire only when the test says so. */
function fakeTimers() {
  const timers = new Map<number, { fn: () => void; ms: number }>();
  let next = 1;
  return {
    timers,
    setTimer: (fn: () => void, ms: number) => {
      const id = next++;
      timers.set(id, { fn, ms });
      return id;
    },
    clearTimer: (h: unknown) => void timers.delete(h as number),
    async fire(): Promise<void> {
      const [id, t] = [...timers.entries()][0];
      timers.delete(id);
      t.fn();
      await new Promise((r) => setImmediate(r));
    },
  };
}

describe('estate/poller', () => {
  it('re-reads while a VM is replicating or an operation runs, and stops once all are settled', async () => {
    const t = fakeTimers();
    let kinds: ProtectionKind[] = ['Protected', 'Replicating'];
    let refreshes = 0;
    const p = new ProtectionPoller({ intervalMs: 10_000, kinds: () => kinds, refresh: () => Promise.resolve(void refreshes++), setTimer: t.setTimer, clearTimer: t.clearTimer });
    p.poke();
    p.poke();
    assert.equal(t.timers.size, 1, 'one timer however often it is poked');
    assert.equal([...t.timers.values()][0].ms, 10_000);
    await t.fire();
    assert.equal(refreshes, 1);
    assert.equal(t.timers.size, 1, 'still replicating: scheduled again');
    kinds = ['Protected', 'Protected'];
    await t.fire();
    assert.equal(refreshes, 2);
    assert.equal(t.timers.size, 0, 'all settled: no more reads');
  });

  it('reads nothing while every VM is settled, or while the window is unfocused', () => {
    const t = fakeTimers();
    let refreshes = 0;
    const kinds: ProtectionKind[] = ['FailingOver'];
    const idle = new ProtectionPoller({
      intervalMs: 5,
      kinds: () => ['NotProtected', 'Protected', 'FailedOver', 'TestFailoverCleanupPending'],
      refresh: () => Promise.resolve(void refreshes++),
      setTimer: t.setTimer,
      clearTimer: t.clearTimer,
    });
    idle.poke();
    assert.equal(t.timers.size, 0);
    const p = new ProtectionPoller({ intervalMs: 5, kinds: () => kinds, refresh: () => Promise.resolve(void refreshes++), setTimer: t.setTimer, clearTimer: t.clearTimer });
    p.poke();
    p.setFocused(false);
    assert.equal(t.timers.size, 0);
    p.poke();
    assert.equal(t.timers.size, 0);
    p.setFocused(true);
    assert.equal(t.timers.size, 1);
    p.dispose();
    assert.equal(t.timers.size, 0);
    assert.equal(refreshes, 0);
  });

  it('a failed read is tried again at the next interval', async () => {
    const t = fakeTimers();
    let calls = 0;
    const p = new ProtectionPoller({
      intervalMs: 5,
      kinds: () => ['EnablingProtection'],
      refresh: () => (calls++ === 0 ? Promise.reject(new Error('503')) : Promise.resolve()),
      setTimer: t.setTimer,
      clearTimer: t.clearTimer,
    });
    p.poke();
    await t.fire();
    assert.equal(t.timers.size, 1);
    await t.fire();
    assert.equal(calls, 2);
  });

  it('knows which kinds change by themselves', () => {
    assert.equal(isChanging('Replicating'), true);
    assert.equal(isChanging('EnablingProtection'), true);
    assert.equal(isChanging('Protected'), false);
    assert.equal(isChanging('FailoverCommitPending'), false);
  });
});
