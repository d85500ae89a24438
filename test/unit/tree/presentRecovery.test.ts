import assert from 'node:assert/strict';
import type { EstateHost, EstateVm } from '../../../src/estate/types';
import type { RecoveryFacts } from '../../../src/model/recoveryFacts';
import { presentHost, presentVault } from '../../../src/tree/presentHost';
import { countRecovery, recoveryBadge, recoveryCountsText, recoveryTooltipLines, recoveryVerdict, type RecoveryTargets } from '../../../src/tree/presentRecovery';
import { presentVm } from '../../../src/tree/presentation';

const now = new Date('2026-12-05T07:00:00Z');
const readAt = new Date('2026-12-05T06:50:00Z');
const day = 24 * 3600_000;
const auto: RecoveryTargets = { rpoTargetMinutes: 0, drillIntervalDays: 90 };

function facts(rpoSeconds: number): RecoveryFacts {
  return { readAt, lastRecoveryPoint: new Date(readAt.getTime() - rpoSeconds * 1000), rpoSeconds };
}

function vm(key: string, rpoSeconds: number | undefined, lastTestFailover?: Date): EstateVm {
  return {
    key,
    vmId: key,
    name: key,
    hostKey: 'h1',
    stale: false,
    contextValue: 'vm;protected',
    status: { kind: 'Protected', health: 'Normal', summary: 'Protected', healthErrors: [], activeLocation: 'Primary' },
    actions: [],
    protection: { itemId: `/x/${key}`, ...(lastTestFailover ? { lastTestFailover } : {}) },
    ...(rpoSeconds !== undefined ? { recovery: facts(rpoSeconds) } : {}),
  };
}

describe('tree: recovery facts per VM', () => {
  it('says the RPO as of the read against the target, and the last drill', () => {
    const v = recoveryVerdict(vm('a', 1200, new Date(now.getTime() - 10 * day)), auto, 300, now);
    assert.deepEqual(recoveryTooltipLines(v), [
      'RPO 20 min as of 2026-12-05 06:50 UTC (target 15 min) — RPO above target',
      'Last drill (successful test failover): 2026-11-25 07:00 UTC, 10 days ago',
    ]);
    assert.deepEqual(recoveryBadge(v), { letters: 'R', tooltip: 'RPO above target' });
  });

  it('says never drilled and drill due; both letters when both apply', () => {
    const v = recoveryVerdict(vm('b', 1200), auto, 300, now);
    assert.equal(recoveryTooltipLines(v)[1], 'Last drill (successful test failover): never — drill due');
    assert.deepEqual(recoveryBadge(v), { letters: 'RD', tooltip: 'RPO above target, drill due' });
    assert.deepEqual(recoveryBadge(recoveryVerdict(vm('c', 60), auto, 300, now))?.letters, 'D');
  });

  it('uses the setting as the target, and shows nothing for a VM without RPO facts', () => {
    assert.equal(recoveryVerdict(vm('a', 1200), { rpoTargetMinutes: 30, drillIntervalDays: 90 }, 300, now).rpo?.above, false);
    assert.deepEqual(recoveryVerdict(vm('d', undefined), auto, 300, now), {});
    assert.equal(recoveryBadge({}), undefined);
  });

  it('puts the lines in the VM tooltip when the settings are given', () => {
    const tooltip = presentVm(vm('a', 1200), { now, policyIntervalSeconds: 300, recovery: auto }).tooltip;
    assert.match(tooltip ?? '', /RPO 20 min as of 2026\\-12\\-05 06\\:50 UTC \\\(target 15 min\\\) — RPO above target/);
    assert.match(tooltip ?? '', /never — drill due/);
    assert.doesNotMatch(presentVm(vm('a', 1200), { now }).tooltip ?? '', /drill due/);
  });

  it('counts them for the host and vault rows', () => {
    const vms = [vm('a', 1200), vm('b', 60, new Date(now.getTime() - day)), vm('c', 60), vm('d', undefined)];
    const counts = countRecovery(vms, auto, () => 300, now);
    assert.deepEqual(counts, { rpoAbove: 1, drillsDue: 2 });
    const text = recoveryCountsText(counts);
    assert.equal(text, '1 RPO above target, 2 drills due');
    assert.equal(recoveryCountsText({ rpoAbove: 0, drillsDue: 1 }), '1 drill due');
    assert.equal(recoveryCountsText({ rpoAbove: 0, drillsDue: 0 }), undefined);
    const host = { key: 'h1', name: 'h1', sources: [], reachable: true, probed: true, vms, protectedCount: 3, provider: { registered: true } } as unknown as EstateHost;
    // In the tooltips: the descriptions stay as short as before (nothing cut at the sidebar's width).
    assert.match(presentHost(host, text).tooltip ?? '', /1 RPO above target\\, 2 drills due$/);
    assert.equal(presentHost(host, text).description, presentHost(host).description);
    const vault = presentVault({ name: 'v', location: 'westeurope', resourceGroup: 'rg' }, text);
    assert.match(vault.tooltip ?? '', /1 RPO above target\\, 2 drills due$/);
    assert.equal(vault.description, 'westeurope');
  });
});
