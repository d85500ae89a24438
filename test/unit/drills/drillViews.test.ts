import assert from 'node:assert/strict';
import { DrillHost, inFlightDrillKey, type StateMemento } from '../../../src/drills/drillHost';
import { drillSummary, drillTitle, drillVmLine } from '../../../src/drills/drillPresentation';
import { DrillRunner, newDrillRecord } from '../../../src/drills/drillRunner';
import { orderTestNetworks } from '../../../src/drills/testNetworks';
import { statusBarModel } from '../../../src/jobs/statusBarModel';
import type { JobsSnapshot } from '../../../src/jobs/types';
import { summarizeJob } from '../../../src/model/jobSummary';
import type { DrillRecord } from '../../../src/model/drillRecord';
import type { VirtualNetworkSummary } from '../../../src/services/azure/networks';
import { FakeClock, FakeDrillAzure, itemId, vaultId } from './fakeDrillAzure';

class Memento implements StateMemento {
  readonly values = new Map<string, unknown>();
  get(key: string): unknown {
    return this.values.get(key);
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
    return Promise.resolve();
  }
}

function record(): DrillRecord {
  const r = newDrillRecord(
    {
      vaultId,
      testNetworkId: 'n',
      productionNetworkConfirmed: false,
      rpoTargetSeconds: 900,
      rtoTargetSeconds: 7200,
      vms: ['web01', 'db01'].map((n) => ({ vmKey: n, name: n, itemId: itemId(n) })),
    },
    new Date('2026-12-05T09:00:00Z'),
    'd1',
  );
  Object.assign(r.vms[0] ?? {}, {
    state: 'passed',
    rtoSeconds: 200,
    rpoSeconds: 42,
    testFailoverJobId: `${vaultId}/replicationJobs/TFO-1`,
    cleanupJobId: `${vaultId}/replicationJobs/cln-1`,
  });
  Object.assign(r.vms[1] ?? {}, { state: 'running', testFailoverJobId: `${vaultId}/replicationJobs/tfo-2` });
  return r;
}

const job = (name: string): ReturnType<typeof summarizeJob> =>
  summarizeJob({ name, properties: { state: 'InProgress', friendlyName: 'Test failover', targetObjectName: 'x' } }, new Date());

describe('drills: the drill as one entry in the status bar and the Jobs view', () => {
  it('words: the title, a VM line with RTO and RPO, the summary against the targets', () => {
    const r = record();
    assert.equal(drillTitle(r), 'DR drill 1/2');
    assert.equal(drillVmLine(r.vms[0]), 'web01 · passed · RTO 3 min 20 s · RPO 42 s');
    assert.equal(drillVmLine(r.vms[1]), 'db01 · test failover running');
    assert.equal(drillSummary(r), 'DR drill d1: 1 passed, 0 failed, 0 cancelled; worst RTO 3 min 20 s (target 2 h); worst RPO 42 s (target 15 min).');
  });

  it('the status bar shows the drill with its VMs and does not count its jobs again', () => {
    const r = record();
    const host = new DrillHost(new Memento());
    const runner = new DrillRunner(r, {
      services: new FakeDrillAzure(new FakeClock(), []),
      clock: new FakeClock(),
      concurrency: 1,
      jobPollMs: 0,
      powerPollMs: 0,
      runningTimeoutMs: 0,
    });
    assert.equal(host.drillInFlight(), undefined);
    assert.equal(host.track(runner), true);
    assert.equal(host.track(runner), false, 'one drill at a time');
    const snapshot: JobsSnapshot = { takenAt: new Date(), active: [job('tfo-1'), job('other')], recent: [], failedSinceSeen: 0 };
    const m = statusBarModel(snapshot, [], host.drillInFlight());
    assert.equal(m.text, '$(sync~spin) DR drill 1/2 · ASR: 1 job');
    assert.match(m.tooltip, /\*\*DR drill 1\\\/2\*\*\n\n- web01 · passed · RTO 3 min 20 s · RPO 42 s\n- db01 · test failover running/);
    assert.match(m.tooltip, /1 job running/, "the drill's own job (TFO-1, any case) is not listed again");
    host.untrack(runner);
    assert.equal(statusBarModel({ ...snapshot, active: [] }, [], host.drillInFlight()).visible, false);
  });

  it('the host keeps the record in global state and clears only its own', async () => {
    const memento = new Memento();
    const host = new DrillHost(memento);
    const r = record();
    await host.save(r);
    assert.deepEqual(host.kept(), r);
    await host.clear('another');
    assert.ok(memento.values.has(inFlightDrillKey));
    await host.clear('d1');
    assert.equal(host.kept(), undefined);
    memento.values.set(inFlightDrillKey, { damaged: true });
    assert.equal(host.kept(), undefined);
  });
});

describe('drills/testNetworks: an isolated network by default', () => {
  const vnet = (name: string): VirtualNetworkSummary => ({
    id: `/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/${name}`,
    name,
    resourceGroup: 'net',
    location: 'westeurope',
    addressPrefixes: [],
    subnets: [],
  });
  it('puts the chosen VMs’ failover networks last, marked production (ids compared without case)', () => {
    const ordered = orderTestNetworks([vnet('prod'), vnet('test-a'), vnet('test-b')], ['/subscriptions/s/resourceGroups/NET/providers/Microsoft.Network/virtualNetworks/PROD']);
    assert.deepEqual(
      ordered.map((o) => `${o.network.name}${o.production ? ' (production)' : ''}`),
      ['test-a', 'test-b', 'prod (production)'],
    );
  });
});
