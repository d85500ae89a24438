import assert from 'node:assert/strict';
import { drillChart, niceMax, rpoChart } from '../../../src/dashboard/charts';

describe('dashboard: charts as SVG geometry', () => {
  const now = Date.UTC(2026, 11, 5, 12);
  const box = { width: 240, height: 100 };

  it('draws the worst and median RPO over 24 h, under a round maximum', () => {
    const chart = rpoChart(
      [
        [now - 24 * 3600_000 + 1, 600, 60, 0],
        [now - 12 * 3600_000, 1200, 300, 2],
        [now, 1800, 900, 3],
      ],
      now,
      box,
    );
    assert.ok(chart);
    assert.equal(chart.yMaxSeconds, 1800);
    assert.equal(chart.worst, '0,66.7 120,33.3 240,0');
    assert.equal(chart.median, '0,96.7 120,83.3 240,50');
    assert.equal(rpoChart([], now, box), undefined);
    // One sample, 6 h ago: a flat line from it to now, not a single invisible point.
    assert.equal(rpoChart([[now - 6 * 3600_000, 300, 60, 0]], now, box)?.worst, '180,0 240,0');
  });

  it('rounds the axis up to a readable figure', () => {
    assert.deepEqual([niceMax(30), niceMax(61), niceMax(3601), niceMax(100_000)], [60, 300, 7200, 172_800]);
  });

  it('stacks each drill’s failed VMs on its passed ones, scaled to the largest drill', () => {
    const { bars, yMax } = drillChart(
      [
        { passed: 2, failed: 0 },
        { passed: 1, failed: 3 },
      ],
      box,
    );
    assert.equal(yMax, 4);
    assert.deepEqual(bars[0], { x: 18, width: 84, passedY: 50, passedHeight: 50, failedY: 50, failedHeight: 0 });
    assert.deepEqual(bars[1], { x: 138, width: 84, passedY: 75, passedHeight: 25, failedY: 0, failedHeight: 75 });
  });
});
