// Hosts show as they answer (probeStream.ts): during a full refresh the store publishes an interim
// snapshot at most once per INTERIM_SNAPSHOT_MS (400 ms), and the refresh's own snapshot replaces
// it at the end, with no interim one after it. On a fake clock: the global setTimeout the stream
// uses is the fake clock's during each test (mocha keeps its own timers).
import assert from 'node:assert/strict';
import type { HostProbed } from '../../../src/estate/hostProbes';
import { INTERIM_SNAPSHOT_MS, ProbeStream } from '../../../src/estate/probeStream';
import { EstateStore, type EstateChange } from '../../../src/estate/store';
import { FakeClock } from '../jobs/fakes';
import { hostProbeData, inventoryVmData } from './hostProbeData';

const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

/** Installs the fake clock as the global setTimeout / clearTimeout until afterEach. */
function fakeTimers(): FakeClock {
  const clock = new FakeClock();
  globalThis.setTimeout = ((fn: () => void, ms?: number) => clock.setTimeout(fn, ms ?? 0)) as unknown as typeof setTimeout;
  globalThis.clearTimeout = (handle: unknown) => clock.clearTimeout(handle);
  return clock;
}

function probed(name: string): HostProbed {
  return { name, sources: [{ name, source: 'setting' }], probe: { ok: false, error: new Error('unreachable in this test'), at: new Date(0) } };
}

/** A runner whose hosts answer when the test says so. */
function heldRunner(): { run: (script: unknown, input: unknown) => Promise<unknown>; answer: (name: string) => void } {
  const waiting = new Map<string, () => void>();
  const answered = new Set<string>();
  return {
    run: (_script, input) => {
      const name = String((input as { computerName: string | null }).computerName);
      const data = hostProbeData(name, [inventoryVmData(`${name.toLowerCase()}-vm`, `${name === 'HV1' ? '1' : '2'}1111111-1111-4111-8111-111111111111`)]);
      if (answered.has(name)) return Promise.resolve(data);
      return new Promise((resolve) => waiting.set(name, () => resolve(data)));
    },
    answer: (name) => {
      answered.add(name);
      waiting.get(name)?.();
      waiting.delete(name);
    },
  };
}

function storeWith(runner: ReturnType<typeof heldRunner>, clock: FakeClock): EstateStore {
  return new EstateStore(
    () => Promise.resolve({ runner }),
    () => ({ includeLocal: false, settingHosts: ['HV1', 'HV2'], useActiveDirectory: false }),
    () => undefined,
    () => clock.now(),
  );
}

/** A refresh of HV1 and HV2 begun on the fake clock, HV1 answering at once and HV2 when the test says. */
function refreshWithHv1Answered(): { clock: FakeClock; runner: ReturnType<typeof heldRunner>; store: EstateStore; changes: EstateChange[]; refreshed: Promise<void> } {
  const clock = fakeTimers();
  const runner = heldRunner();
  const store = storeWith(runner, clock);
  const changes: EstateChange[] = [];
  store.onDidChange((c) => changes.push(c));
  runner.answer('HV1');
  return { clock, runner, store, changes, refreshed: store.refresh() };
}

function probedHosts(store: EstateStore): string[] {
  return (store.snapshot?.hosts ?? []).filter((h) => h.vms.length > 0).map((h) => h.name);
}

describe('estate/interim snapshots while hosts are probed (fake clock)', () => {
  afterEach(() => {
    globalThis.setTimeout = realSetTimeout;
    globalThis.clearTimeout = realClearTimeout;
  });

  it(`hosts answering every 50 ms for 2 s: at most one interim snapshot per ${INTERIM_SNAPSHOT_MS} ms, each with every host answered before it`, async () => {
    const clock = fakeTimers();
    const start = clock.now();
    const published: { at: number; hosts: number }[] = [];
    const stream = new ProbeStream((probes) => published.push({ at: clock.now() - start, hosts: probes.size }));
    for (let i = 0; i < 40; i++) {
      stream.add(probed(`HV${i}`));
      await clock.tick(50);
    }
    stream.stop();
    assert.ok(published.length >= 2 && published.length <= 2000 / INTERIM_SNAPSHOT_MS, `${published.length} interim snapshots`);
    assert.ok(published[0].at >= INTERIM_SNAPSHOT_MS, 'none before the interval after the first answer');
    for (let i = 1; i < published.length; i++) assert.ok(published[i].at - published[i - 1].at >= INTERIM_SNAPSHOT_MS, JSON.stringify(published));
    for (const p of published) assert.equal(p.hosts, Math.ceil(p.at / 50), `every host answered before ${p.at} ms`);
  });

  it('a refresh shorter than the interval publishes no interim snapshot; none once it stopped', async () => {
    const clock = fakeTimers();
    let published = 0;
    const stream = new ProbeStream(() => published++);
    stream.add(probed('HV1'));
    await clock.tick(INTERIM_SNAPSHOT_MS - 1);
    stream.stop();
    stream.add(probed('HV2'));
    await clock.tick(10 * INTERIM_SNAPSHOT_MS);
    assert.equal(published, 0);
  });

  it("the store: an interim snapshot shows the host that answered; the refresh's own snapshot replaces it, and no interim one comes after", async () => {
    const { clock, runner, store, changes, refreshed } = refreshWithHv1Answered();
    await clock.tick(INTERIM_SNAPSHOT_MS);
    assert.equal(changes.length, 1, 'one interim snapshot');
    assert.deepEqual(probedHosts(store), ['HV1'], 'HV2 has not answered');
    const interim = store.snapshot;
    await clock.tick(10 * INTERIM_SNAPSHOT_MS);
    assert.equal(changes.length, 1, 'no other interim snapshot while nothing more answered');

    runner.answer('HV2');
    await refreshed;
    assert.notEqual(store.snapshot, interim);
    assert.deepEqual(probedHosts(store), ['HV1', 'HV2']);
    assert.equal(changes.length, 2, 'the refresh landing');
    const final = store.snapshot;
    await clock.tick(10 * INTERIM_SNAPSHOT_MS);
    assert.equal(store.snapshot, final, 'still the final snapshot');
    assert.equal(changes.length, 2);
  });

  it('a host that answers just before the refresh ends: its interim snapshot, due later, never replaces the final one', async () => {
    const { clock, runner, store, changes, refreshed } = refreshWithHv1Answered();
    await clock.tick(INTERIM_SNAPSHOT_MS / 4);
    runner.answer('HV2');
    await refreshed;
    const final = store.snapshot;
    assert.deepEqual(probedHosts(store), ['HV1', 'HV2']);
    await clock.tick(10 * INTERIM_SNAPSHOT_MS);
    assert.equal(store.snapshot, final);
    assert.equal(changes.length, 1, 'only the refresh landing');
  });
});
