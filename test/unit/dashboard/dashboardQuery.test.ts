import assert from 'node:assert/strict';
import { dashboardRows } from '../../../src/dashboard/dashboardModel';
import { defaultQuery, queryRows, readQuery } from '../../../src/dashboard/dashboardQuery';
import type { DashboardRow } from '../../../src/dashboard/dashboardTypes';
import { defaultRecoveryTargets } from '../../../src/tree/presentRecovery';
import { host, now, scaleSnapshot, snapshot, vm } from './fixtures';

const ctx = { now, targets: defaultRecoveryTargets, copyFrequencyOf: () => 300 };

describe('dashboard: sorting and filtering (in the webview)', () => {
  const rows = dashboardRows(
    snapshot([
      host('hv2', [vm('b', { rpo: 1200, drilledDaysAgo: 5, host: 'hv2' }), vm('a', { kind: 'NotProtected', host: 'hv2' })]),
      host('hv1', [vm('c', { rpo: 60 }), vm('d', { rpo: 300, drilledDaysAgo: 100 })]),
    ]),
    ctx,
  );
  const names = (q: Partial<typeof defaultQuery>): string[] => queryRows(rows, { ...defaultQuery, ...q }).map((i) => rows[i].name);

  it('sorts by name, host, RPO and last drill, either way', () => {
    assert.deepEqual(names({}), ['A', 'B', 'C', 'D']);
    assert.deepEqual(names({ descending: true }), ['D', 'C', 'B', 'A']);
    assert.deepEqual(names({ sort: 'host' }), ['C', 'D', 'A', 'B']);
    assert.deepEqual(names({ sort: 'rpo', descending: true }), ['B', 'D', 'C', 'A']);
    // Never drilled is the oldest; a VM that cannot be drilled sorts first.
    assert.deepEqual(names({ sort: 'drill', descending: true }), ['C', 'D', 'B', 'A']);
  });

  it('filters by text (name or host), status group and "needs attention"', () => {
    assert.deepEqual(names({ text: 'HV2' }), ['A', 'B']);
    assert.deepEqual(names({ text: ' c ' }), ['C']);
    assert.deepEqual(names({ group: 'notProtected' }), ['A']);
    assert.deepEqual(names({ attention: true }), ['B', 'C', 'D']);
  });

  it('stays fast at 5,000 VMs: a sort and a filter each well under 100 ms', () => {
    const big: DashboardRow[] = dashboardRows(scaleSnapshot(5000), ctx);
    let t = performance.now();
    const sorted = queryRows(big, { ...defaultQuery, sort: 'rpo', descending: true });
    const sortMs = performance.now() - t;
    t = performance.now();
    const filtered = queryRows(big, { ...defaultQuery, text: 'vm-01', attention: true });
    const filterMs = performance.now() - t;
    assert.equal(sorted.length, 5000);
    assert.equal(big[sorted[0]].rpo, 3600);
    assert.ok(filtered.length > 0 && filtered.length < 1000);
    assert.ok(sortMs < 100 && filterMs < 100, `sort ${sortMs.toFixed(1)} ms, filter ${filterMs.toFixed(1)} ms`);
  });

  it('reads a saved query through guards', () => {
    assert.deepEqual(readQuery({ text: 'x', group: 'failover', attention: true, sort: 'rpo', descending: true }), {
      text: 'x',
      group: 'failover',
      attention: true,
      sort: 'rpo',
      descending: true,
    });
    assert.deepEqual(readQuery({ group: '__proto__', sort: 'evil', attention: 'yes', text: 3 }), defaultQuery);
    assert.deepEqual(readQuery(null), defaultQuery);
  });
});
