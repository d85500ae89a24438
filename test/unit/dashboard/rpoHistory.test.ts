import assert from 'node:assert/strict';
import { HISTORY_WINDOW_MS, MAX_SAMPLES, RpoHistory, rpoAggregate, SAMPLE_SPACING_MS, type SampleStore } from '../../../src/dashboard/rpoHistory';

class MemoryStore implements SampleStore {
  readonly values = new Map<string, unknown>();
  writes = 0;
  get(key: string): unknown {
    return this.values.get(key);
  }
  update(key: string, value: unknown): Promise<void> {
    this.writes++;
    // As globalState: what is kept is JSON.
    this.values.set(key, value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

const t0 = Date.UTC(2026, 11, 5, 0, 0);
const sample = (t: number, worst = 600): { t: number; worst: number; median: number; above: number } => ({ t, worst, median: 120, above: 1 });

describe('dashboard: RPO history (24 h in global state)', () => {
  it('aggregates the worst and median RPO and the VMs above target, over the VMs that have an RPO', () => {
    assert.deepEqual(rpoAggregate([{ rpo: 60 }, { rpo: 300, rpoAbove: true }, {}, { rpo: 120 }]), { worst: 300, median: 120, above: 1 });
    assert.deepEqual(rpoAggregate([{ rpo: 60 }, { rpo: 100 }]), { worst: 100, median: 80, above: 0 });
    assert.equal(rpoAggregate([{}]), undefined);
  });

  it('keeps at most one sample per 5 minutes, and survives a reload (a new history over the same store)', () => {
    const store = new MemoryStore();
    const h = new RpoHistory(store);
    assert.equal(h.record('v1', sample(t0)), true);
    assert.equal(h.record('v1', sample(t0 + SAMPLE_SPACING_MS - 1)), false);
    assert.equal(h.record('v1', sample(t0 + SAMPLE_SPACING_MS)), true);
    assert.equal(store.writes, 2);
    const reloaded = new RpoHistory(store);
    assert.deepEqual(
      reloaded.samples('v1', t0 + SAMPLE_SPACING_MS).map((s) => s.t),
      [t0, t0 + SAMPLE_SPACING_MS],
    );
  });

  it('drops samples older than 24 h and keeps at most 300', () => {
    const store = new MemoryStore();
    const h = new RpoHistory(store);
    for (let i = 0; i < 400; i++) h.record('v1', sample(t0 + i * SAMPLE_SPACING_MS));
    const last = t0 + 399 * SAMPLE_SPACING_MS;
    const kept = h.samples('v1', last);
    assert.ok(kept.length <= MAX_SAMPLES);
    assert.equal(kept.length, HISTORY_WINDOW_MS / SAMPLE_SPACING_MS);
    assert.ok(kept.every((s) => s.t > last - HISTORY_WINDOW_MS));
    assert.ok((store.get('azureSiteRecovery.dashboard.rpoHistory') as { samples: unknown[] }).samples.length <= MAX_SAMPLES);
  });

  it('shows no other vault’s samples, and starts afresh when the vault changes', () => {
    const store = new MemoryStore();
    const h = new RpoHistory(store);
    h.record('v1', sample(t0));
    assert.deepEqual(h.samples('v2', t0), []);
    h.record('v2', sample(t0 + 60_000));
    assert.deepEqual(h.samples('v1', t0 + 60_000), []);
    assert.equal(h.samples('v2', t0 + 60_000).length, 1);
    h.clear();
    assert.deepEqual(new RpoHistory(store).samples('v2', t0 + 60_000), []);
  });

  it('reads a malformed store as an empty history, and drops malformed samples', () => {
    assert.deepEqual(new RpoHistory({ get: () => 'x', update: () => Promise.resolve() }).samples('', t0), []);
    const mixed = { vault: 'v1', samples: [sample(t0), { t: 'x' }, { t: t0 + 1, worst: -1, median: 0, above: 0 }, null] };
    assert.equal(new RpoHistory({ get: () => mixed, update: () => Promise.resolve() }).samples('v1', t0 + 1).length, 1);
  });
});
