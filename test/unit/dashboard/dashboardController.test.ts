import assert from 'node:assert/strict';
import { dashboardLabels } from '../../../src/dashboard/dashboardModel';
import { RpoHistory } from '../../../src/dashboard/rpoHistory';
import type { DashboardState } from '../../../src/dashboard/dashboardTypes';
import type { EstateSnapshot } from '../../../src/estate/types';
import type { DrillHistorySource, DrillRecord } from '../../../src/model/drillRecord';
import { defaultRecoveryTargets } from '../../../src/tree/presentRecovery';
import { DashboardController, type DashboardDeps } from '../../../src/webviews/dashboard/dashboardController';
import { dashboardProtocol } from '../../../src/webviews/dashboard/dashboardProtocol';
import { sampleRpo } from '../../../src/webviews/dashboard/rpoSampler';
import { diffState } from '../../../src/webviews/statePatch';
import { validateMessage } from '../../../src/webviews/validate';
import { FakeReadiness, host, now, readiness, scaleSnapshot, snapshot, vm } from './fixtures';

class Emitter {
  private readonly listeners = new Set<() => void>();
  on(l: () => void): { dispose(): void } {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  }
  fire(): void {
    for (const l of this.listeners) l();
  }
}

function memory(): { get(k: string): unknown; update(k: string, v: unknown): Promise<void> } {
  const m = new Map<string, unknown>();
  return { get: (k) => m.get(k), update: (k, v) => (m.set(k, v), Promise.resolve()) };
}

function setup(initial: EstateSnapshot, extra: Partial<DashboardDeps> = {}) {
  const storeChanged = new Emitter();
  const jobsChanged = new Emitter();
  let current = initial;
  const transient = new Set<string>();
  const states: DashboardState[] = [];
  const deps: DashboardDeps = {
    store: {
      get snapshot() {
        return current;
      },
      onDidChange: (l) => storeChanged.on(l),
      transientOf: (k) => (transient.has(k) ? { text: 'Starting…' } : undefined),
      policyIntervalSeconds: () => 300,
    },
    jobs: { activeCount: 2, onDidChange: (l) => jobsChanged.on(l) },
    rpoHistory: new RpoHistory(memory()),
    vaultKey: () => 'sub/rg/vault',
    targets: () => defaultRecoveryTargets,
    labels: dashboardLabels,
    now: () => now,
    coalesceMs: 0,
    ...extra,
  };
  const controller = new DashboardController(deps, (s) => states.push(s));
  return {
    controller,
    deps,
    states,
    transient,
    setSnapshot: (s: EstateSnapshot) => {
      current = s;
      storeChanged.fire();
    },
    jobsChanged,
  };
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

describe('dashboard: the panel’s controller', () => {
  const estate = snapshot([host('hv1', [vm('a', { rpo: 1200, drilledDaysAgo: 5 }), vm('b', { kind: 'NotProtected' })])]);

  it('builds the state with the jobs running and the RPO samples the sampler took, once per snapshot and 5 minutes', () => {
    const { controller, deps, setSnapshot } = setup(estate);
    const sampler = sampleRpo(deps);
    const state = controller.state();
    assert.equal(state.tiles.jobsRunning, 2);
    assert.deepEqual(state.rpo, [[estate.takenAt.getTime(), 1200, 1200, 1]]);
    setSnapshot({ ...estate, takenAt: new Date(estate.takenAt.getTime() + 60_000) });
    assert.equal(controller.state().rpo.length, 1, 'a minute later: no second sample');
    setSnapshot({ ...estate, takenAt: new Date(estate.takenAt.getTime() + 5 * 60_000) });
    assert.equal(controller.state().rpo.length, 2);
    assert.equal(state.drillHistory, false);
    sampler.dispose();
    controller.dispose();
  });

  it('rebuilds once per burst of changes from the store, the jobs and readiness', async () => {
    const source = new FakeReadiness();
    const { controller, states, setSnapshot, jobsChanged } = setup(estate, { readiness: source });
    setSnapshot(estate);
    jobsChanged.fire();
    source.set(readiness('a', 1));
    await tick();
    assert.equal(states.length, 1);
    assert.equal(states[0].rows[0].readiness, 'notReady');
    controller.dispose();
    setSnapshot(estate);
    await tick();
    assert.equal(states.length, 1);
  });

  it('reads the drill history and follows it', async () => {
    const record: DrillRecord = {
      id: 'd1',
      vaultId: '/v',
      startedAt: now,
      testNetworkId: '/n',
      productionNetworkConfirmed: false,
      rpoTargetSeconds: 900,
      rtoTargetSeconds: 3600,
      readiness: {},
      vms: [{ vmKey: 'a', name: 'A', itemId: '/i', state: 'passed', errors: [] }],
    };
    const changed = new Emitter();
    const history: DrillHistorySource = { list: () => Promise.resolve([record]), onDidChange: (l) => changed.on(l) };
    const { controller, states } = setup(estate, { drillHistory: history });
    await tick();
    assert.deepEqual(states[states.length - 1].drills, [{ id: 'd1', t: now.getTime(), passed: 1, failed: 0 }]);
    assert.equal(states[states.length - 1].drillHistory, true);
    controller.dispose();
  });

  it('runs the tree’s command with the VM’s tree node, and refuses an action the row no longer offers', () => {
    const { controller, transient } = setup(estate);
    assert.deepEqual(controller.commandFor('b', 'enableReplication'), {
      command: 'azureSiteRecovery.enableReplication',
      arg: { kind: 'vm', vmKey: 'b', hostKey: 'h1', siteName: '' },
    });
    assert.deepEqual(controller.commandFor('a', 'checkReadiness'), { command: 'azureSiteRecovery.checkReadiness', arg: { kind: 'vm', vmKey: 'a', hostKey: 'h1', siteName: '' } });
    assert.deepEqual(controller.commandFor('a', 'runDrill'), { refused: 'changed' });
    assert.deepEqual(controller.commandFor('zz', 'runDrill'), { refused: 'gone' });
    transient.add('b');
    assert.deepEqual(controller.commandFor('b', 'enableReplication'), { refused: 'changed' });
    controller.dispose();
  });

  it('patches only the changed row and tiles when one VM of 5,000 changes (well under 2 KB)', () => {
    const big = scaleSnapshot(5000);
    const { controller, setSnapshot } = setup(big);
    const before = controller.state();
    const hosts = big.hosts.map((h, i) => (i === 3 ? { ...h, vms: h.vms.map((v, j) => (j === 4 ? { ...v, recovery: { ...v.recovery!, rpoSeconds: 7200 } } : v)) } : h));
    setSnapshot({ ...big, hosts });
    const after = controller.state();
    // The RPO chart gains a sample per new snapshot (at most every 5 minutes): not this patch's subject.
    const ops = diffState({ ...before, rpo: [] }, { ...after, rpo: [] });
    const bytes = JSON.stringify({ type: 'patch', base: 1, rev: 2, ops }).length;
    assert.ok(
      ops.every((op) => op.path[0] === 'rows' || op.path[0] === 'tiles'),
      JSON.stringify(ops),
    );
    assert.ok(bytes < 2048, `${bytes} bytes`);
    controller.dispose();
  });
});

describe('dashboard: messages from the webview', () => {
  const check = (m: unknown) => validateMessage(dashboardProtocol.inbound, m).ok;

  it('accepts ready, a run of a declared action on a VM key, and refresh', () => {
    assert.ok(check({ type: 'ready' }));
    assert.ok(check({ type: 'action', name: 'run', payload: { vmKey: '1d2c-ab', action: 'runDrill' } }));
    assert.ok(check({ type: 'action', name: 'refresh', payload: {} }));
  });

  it('refuses any other action, command or shape', () => {
    const bad: unknown[] = [
      { type: 'action', name: 'run', payload: { vmKey: 'a', action: 'workbench.action.terminal.new' } },
      { type: 'action', name: 'run', payload: { vmKey: 'a', action: 'runDrill', extra: 1 } },
      { type: 'action', name: 'run', payload: { vmKey: '', action: 'runDrill' } },
      { type: 'action', name: 'run', payload: { vmKey: 'a b<', action: 'runDrill' } },
      { type: 'action', name: 'run', payload: { vmKey: 'x'.repeat(201), action: 'runDrill' } },
      { type: 'action', name: 'executeCommand', payload: { command: 'x' } },
      { type: 'action', name: 'refresh', payload: { now: true } },
      { type: 'init' },
      JSON.parse('{"type":"action","name":"run","payload":{"__proto__":{},"vmKey":"a","action":"runDrill"}}'),
    ];
    for (const m of bad) assert.equal(check(m), false, JSON.stringify(m));
  });
});
