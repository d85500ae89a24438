// Each added vault's store polls its own changing VMs through its own connection (issue 16 §3):
// a poller per added vault, made when the vault is added and stopped when it is removed.
import assert from 'node:assert/strict';
import type { VaultContext } from '../../../src/services/azure/clients';
import type { ChangingCounts } from '../../../src/estate/poller';
import { AddedVaultPollers, type PolledStore, type PolledVault } from '../../../src/estate/vaultPollers';

/** A fake clock whose timers run when the test advances it. */
function fakeTimers() {
  let now = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let next = 1;
  return {
    now: () => now,
    setTimer: (fn: () => void, ms: number) => {
      timers.set(next, { at: now + ms, fn });
      return next++;
    },
    clearTimer: (h: unknown) => void timers.delete(h as number),
    async advance(ms: number) {
      now += ms;
      for (const [h, t] of [...timers]) {
        if (t.at > now) continue;
        timers.delete(h);
        t.fn();
      }
      await new Promise((r) => setImmediate(r));
    },
    get pending() {
      return timers.size;
    },
  };
}

class FakeStore implements PolledStore {
  snapshot = {};
  counts: ChangingCounts = { busy: 0, replicating: 1 };
  readonly rereads: (string | undefined)[] = [];
  private readonly listeners = new Set<() => void>();
  changingCounts(): ChangingCounts {
    return this.counts;
  }
  refreshChanging(vctx: VaultContext | undefined): Promise<boolean> {
    this.rereads.push(vctx?.vault.vaultName);
    return Promise.resolve(false);
  }
  async refreshProtection(): Promise<void> {}
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
}

function vault(name: string, store: FakeStore): PolledVault<FakeStore> {
  const vctx = { vault: { subscriptionId: 's', resourceGroup: 'rg', vaultName: name } } as unknown as VaultContext;
  return { key: `s/rg/${name}`.toLowerCase(), store, connection: { vaultContext: () => Promise.resolve(vctx) } };
}

describe('estate/vaultPollers: a protection poller per added vault', () => {
  it('re-reads the replicating VMs of each added vault through its own connection, and stops for a removed vault', async () => {
    const timers = fakeTimers();
    const a = new FakeStore();
    const b = new FakeStore();
    let vaults = [vault('VaultA', a), vault('VaultB', b)];
    const pollers = new AddedVaultPollers(() => vaults, { busyIntervalMs: 2_000, replicatingIntervalMs: 60_000, fullIntervalMs: 0, ...timers });
    assert.equal(pollers.size, 2);
    await timers.advance(60_000);
    assert.deepEqual(a.rereads, ['VaultA']);
    assert.deepEqual(b.rereads, ['VaultB']);

    vaults = vaults.slice(0, 1);
    pollers.sync();
    assert.equal(pollers.size, 1);
    assert.equal(b.listenerCount, 0, "the removed vault's store is no longer followed");
    await timers.advance(60_000);
    assert.deepEqual(a.rereads, ['VaultA', 'VaultA']);
    assert.deepEqual(b.rereads, ['VaultB'], 'nothing is read for a removed vault');
    pollers.dispose();
    assert.equal(timers.pending, 0);
  });

  it('reads nothing while the window is unfocused, and nothing when no VM changes', async () => {
    const timers = fakeTimers();
    const a = new FakeStore();
    const pollers = new AddedVaultPollers(() => [vault('VaultA', a)], { busyIntervalMs: 2_000, replicatingIntervalMs: 60_000, fullIntervalMs: 0, ...timers });
    pollers.setFocused(false);
    await timers.advance(120_000);
    assert.deepEqual(a.rereads, []);
    a.counts = { busy: 0, replicating: 0 };
    pollers.setFocused(true);
    await timers.advance(120_000);
    assert.deepEqual(a.rereads, []);
    pollers.dispose();
  });
});
