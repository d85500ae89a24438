import assert from 'node:assert/strict';
import { buildDashboardState, dashboardLabels, dashboardRows, dashboardTiles, drillBars } from '../../../src/dashboard/dashboardModel';
import { dashboardRow, nextAction, type RowContext } from '../../../src/dashboard/dashboardRow';
import type { DrillRecord } from '../../../src/model/drillRecord';
import { defaultRecoveryTargets } from '../../../src/tree/presentRecovery';
import { FakeReadiness, host, now, readiness, snapshot, vm } from './fixtures';

const ctx = (extra: Partial<RowContext> = {}): RowContext => ({ now, targets: defaultRecoveryTargets, copyFrequencyOf: () => 300, ...extra });

describe('dashboard: rows and tiles', () => {
  it('says RPO now against the target, the last drill and whether one is due', () => {
    const row = dashboardRow(vm('a', { rpo: 1200, drilledDaysAgo: 10 }), 'HV1', ctx());
    assert.equal(row.rpo, 1200);
    assert.equal(row.rpoText, '20 min / 15 min');
    assert.equal(row.rpoAbove, true);
    assert.equal(row.drillDate, '2026-11-25');
    assert.equal(row.drillDays, 10);
    assert.equal(row.drillDue, undefined);
    assert.equal(row.attention, true);
    const due = dashboardRow(vm('b', { rpo: 60 }), 'HV1', ctx());
    assert.equal(due.drillDue, true);
    assert.equal(due.drillDate, undefined);
    assert.equal(due.rpoAbove, undefined);
  });

  it('says "not checked" without a readiness source, and Ready / Not ready (n) with one', () => {
    assert.equal(dashboardRow(vm('a', { rpo: 60, drilledDaysAgo: 1 }), 'HV1', ctx()).readiness, 'notChecked');
    const source = new FakeReadiness();
    source.set(readiness('a', 0));
    source.set(readiness('b', 2));
    assert.equal(dashboardRow(vm('a', { rpo: 60, drilledDaysAgo: 1 }), 'HV1', ctx({ readiness: source })).readiness, 'ready');
    const b = dashboardRow(vm('b', { rpo: 60, drilledDaysAgo: 1 }), 'HV1', ctx({ readiness: source }));
    assert.deepEqual([b.readiness, b.issues, b.action, b.attention], ['notReady', 2, 'checkReadiness', true]);
    assert.equal(dashboardRow(vm('c', { kind: 'NotProtected' }), 'HV1', ctx({ readiness: source })).readiness, 'none');
  });

  it('names the one thing to do next, most urgent first', () => {
    const source = new FakeReadiness();
    source.set(readiness('ready', 0));
    const action = (v: ReturnType<typeof vm>, busy = false): string | undefined => dashboardRow(v, 'HV1', ctx({ readiness: source, busy: () => busy })).action;
    assert.equal(action(vm('n', { kind: 'NotProtected' })), 'enableReplication');
    assert.equal(action(vm('t', { kind: 'TestFailoverCleanupPending', rpo: 60 })), 'cleanupTestFailover');
    assert.equal(action(vm('c', { kind: 'FailoverCommitPending' })), 'commitFailover');
    assert.equal(action(vm('r', { kind: 'ReverseReplicationPending' })), 'reverseReplication');
    assert.equal(action(vm('h', { rpo: 60, health: 'Critical', healthErrors: 1 })), 'resolveHealth');
    assert.equal(action(vm('ready', { rpo: 60 })), 'runDrill');
    // ASR's reminder that no test failover was done (161011, Warning, on a Normal item) asks for a drill, not a repair.
    const reminded = vm('ready', { rpo: 60, healthErrors: 1 });
    assert.equal(action(reminded), 'resolveHealth');
    reminded.status.healthErrors = [{ errorCode: '161011', errorLevel: 'Warning' }];
    assert.equal(action(reminded), 'runDrill');
    assert.equal(action(vm('ready', { rpo: 60, drilledDaysAgo: 3 })), undefined);
    assert.equal(action(vm('other', { rpo: 60, drilledDaysAgo: 3 })), 'checkReadiness');
    assert.equal(action(vm('f', { kind: 'FailingOver' })), undefined);
    assert.equal(action(vm('n', { kind: 'NotProtected' }), true), undefined);
    assert.equal(nextAction({ ...vm('u', { kind: 'NotProtected' }), unsupported: ['Generation 3'] }, {}, 'none', false), undefined);
  });

  it('counts the tiles: protected of all, RPO above, drills due, not ready, not checked, jobs running', () => {
    const source = new FakeReadiness();
    source.set(readiness('b', 1));
    const rows = dashboardRows(
      snapshot([host('h1', [vm('a', { rpo: 1200, drilledDaysAgo: 1 }), vm('b', { rpo: 60 }), vm('c', { kind: 'NotProtected' })])], [vm('d', { kind: 'ProtectionUnknown' })]),
      ctx({ readiness: source }),
    );
    assert.deepEqual(
      rows.map((r) => [r.id, r.host]),
      [
        ['a', 'H1'],
        ['b', 'H1'],
        ['c', 'H1'],
        ['d', '(unassigned)'],
      ],
    );
    assert.deepEqual(dashboardTiles(rows, 3), { protected: 2, total: 4, rpoAbove: 1, drillsDue: 1, notReady: 1, notChecked: 1, jobsRunning: 3 });
  });

  it('draws the newest drills, oldest first, as passed and failed VMs', () => {
    const record = (id: string, day: number, results: ('passed' | 'failed' | 'cancelled')[]): DrillRecord => ({
      id,
      vaultId: '/v',
      startedAt: new Date(Date.UTC(2026, 11, day)),
      testNetworkId: '/n',
      productionNetworkConfirmed: false,
      rpoTargetSeconds: 900,
      rtoTargetSeconds: 3600,
      readiness: {},
      vms: results.map((state, i) => ({ vmKey: `${id}-${i}`, name: 'x', itemId: '/i', state, errors: [] })),
    });
    assert.deepEqual(drillBars([record('d2', 4, ['passed', 'failed', 'cancelled']), record('d1', 2, ['passed', 'passed'])]), [
      { id: 'd1', t: Date.UTC(2026, 11, 2), passed: 2, failed: 0 },
      { id: 'd2', t: Date.UTC(2026, 11, 4), passed: 1, failed: 1 },
    ]);
  });

  it('builds the whole state: no history connected says so; labels localized on the extension side', () => {
    const state = buildDashboardState({
      ...ctx(),
      snapshot: undefined,
      jobsRunning: 0,
      rpoSamples: [{ t: 1, worst: 2, median: 1, above: 0 }],
      drills: undefined,
      labels: dashboardLabels(),
    });
    assert.deepEqual([state.rows, state.takenAt, state.drillHistory, state.rpo], [[], '', false, [[1, 2, 1, 0]]]);
    assert.equal(state.labels.actions.runDrill, 'Run DR drill');
    assert.equal(state.labels.readiness.notReady, 'Not ready ({0})');
  });
});
