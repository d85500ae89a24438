import assert from 'node:assert/strict';
import type { EstateSnapshot } from '../../../src/estate/types';
import type { VmReadiness } from '../../../src/model/readiness';
import type { AzureContext } from '../../../src/services/azure/clients';
import { ReadinessMonitor, type ReadinessMonitorDeps } from '../../../src/readiness/readinessMonitor';
import { readinessMarkdown, readinessSummary } from '../../../src/readiness/readinessReport';

const snapshot: EstateSnapshot = { takenAt: new Date(0), hosts: [], unassignedVms: [], counts: { hosts: 0, vms: 0, protected: 0 } };
const ctx = {} as AzureContext;

function result(vmKey: string, failed: boolean): VmReadiness {
  return {
    vmKey,
    checkedAt: new Date(0),
    checks: [{ id: 'subnet', outcome: failed ? 'failed' : 'passed', summary: failed ? 'gone' : 'ok', evidence: 'GET x: 404', ...(failed ? { action: 'Recreate it' } : {}) }],
  };
}

function harness(over: Partial<ReadinessMonitorDeps> = {}) {
  let now = 0;
  let focused = true;
  const timers: { fn: () => void; at: number }[] = [];
  const snapshotListeners: (() => void)[] = [];
  const focusListeners: ((f: boolean) => void)[] = [];
  let snap: EstateSnapshot | undefined;
  let runs = 0;
  let answer: VmReadiness[] = [result('a', false)];
  const monitor = new ReadinessMonitor({
    snapshot: () => snap,
    onSnapshot: (l) => (snapshotListeners.push(l), { dispose: () => undefined }),
    target: () => Promise.resolve({ ctx, location: 'westeurope' }),
    settings: () => ({ intervalMinutes: 30, drillIntervalDays: 90 }),
    rpoTargetSecondsOf: () => 900,
    focused: () => focused,
    onFocus: (l) => (focusListeners.push(l), { dispose: () => undefined }),
    now: () => new Date(now),
    run: () => {
      runs++;
      return Promise.resolve(answer);
    },
    setTimer: (fn, ms) => {
      const t = { fn, at: now + ms };
      timers.push(t);
      return { dispose: () => timers.splice(timers.indexOf(t), 1) };
    },
    ...over,
  });
  return {
    monitor,
    runs: () => runs,
    setAnswer: (a: VmReadiness[]) => (answer = a),
    snapshot: () => {
      snap = snapshot;
      for (const l of snapshotListeners) l();
    },
    advance: async (ms: number) => {
      now += ms;
      for (const t of timers.filter((x) => x.at <= now)) t.fn();
      await new Promise((r) => setImmediate(r));
    },
    focus: async (f: boolean) => {
      focused = f;
      for (const l of focusListeners) l(f);
      await new Promise((r) => setImmediate(r));
    },
  };
}

describe('readiness monitor', () => {
  it('runs after the first snapshot, then every interval while focused; unfocused waits for focus', async () => {
    const h = harness();
    h.monitor.start();
    assert.equal(h.runs(), 0);
    h.snapshot();
    await new Promise((r) => setImmediate(r));
    assert.equal(h.runs(), 1);
    h.snapshot();
    await new Promise((r) => setImmediate(r));
    assert.equal(h.runs(), 1, 'not on every snapshot');
    await h.advance(29 * 60_000);
    assert.equal(h.runs(), 1);
    await h.advance(60_000);
    assert.equal(h.runs(), 2);
    await h.focus(false);
    await h.advance(31 * 60_000);
    assert.equal(h.runs(), 2, 'not while unfocused');
    await h.focus(true);
    assert.equal(h.runs(), 3, 'on focus, when due');
    h.monitor.dispose();
  });

  it('interval 0: only on demand; listeners hear which VMs changed', async () => {
    const h = harness({ settings: () => ({ intervalMinutes: 0, drillIntervalDays: 90 }) });
    h.monitor.start();
    h.snapshot();
    await h.advance(3600_000);
    assert.equal(h.runs(), 0);
    const heard: string[][] = [];
    h.monitor.onDidChange((keys) => heard.push([...keys]));
    await h.monitor.checkNow();
    assert.deepEqual(heard, [['a']]);
    assert.equal(h.monitor.get('a')?.checks[0]?.outcome, 'passed');
    await h.monitor.checkNow();
    assert.equal(heard.length, 1, 'unchanged results say nothing');
    h.setAnswer([result('a', true)]);
    await h.monitor.checkNow();
    assert.deepEqual(heard[1], ['a']);
  });

  it('on demand without a snapshot or a vault says what to do', async () => {
    const h = harness({ target: () => Promise.resolve(undefined) });
    await assert.rejects(h.monitor.checkNow(), /refresh the Protection view/);
    h.snapshot();
    await assert.rejects(h.monitor.checkNow(), /Connect to a Vault/);
  });

  it('the report lists not-ready VMs with evidence and action; the summary counts them', () => {
    const results = [result('a', true), result('b', false)];
    assert.equal(readinessSummary(results), '1 of 2 protected VMs not ready');
    const md = readinessMarkdown(results, snapshot, new Date('2026-12-05T10:00:00Z'));
    assert.match(md, /## a/);
    assert.doesNotMatch(md, /## b/);
    assert.match(md, /Evidence: GET x\\: 404/);
    assert.match(md, /Not ready \(1 issue\)/);
    assert.match(md, /What to do: Recreate it/);
  });
});
