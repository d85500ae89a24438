/**
 * The recovery points of a protected item on the virtual clock, as the evidence says
 * (docs/evidence/recovery-confidence.md §3): one CrashConsistent point per replication cycle, an
 * ApplicationConsistent one every applicationConsistentSnapshotFrequencyInHours, none older than
 * recoveryPointHistoryDurationInHours, none while the host's provider is disconnected; each as
 * recorded (REC/ListRecoveryPoints entry 1: recoveryPointTime, recoveryPointType, providerSpecificDetails null).
 */
import assert from 'node:assert/strict';
import type { RecoveryPoint } from '@azure/arm-recoveryservices-siterecovery';
import { labControl } from '../servicesSupport';
import { collect, openLab, sleep, type LabSession } from '../support';

const rg = 'RAM-DR-RG';
const vault = 'RAM-Vault';
const site = 'RAM-Site';
const container = 'cloud_eecac84c-1761-50ad-9624-a7092c581567';
const v01 = '193ca098-991d-4a6f-be78-da2c6e7bd290'; // ramh157v01 on RAM-H1-7, Protected
const speed = 1000;
// The essentials policy: replicationInterval 300 s, recoveryPointHistoryDuration 4 h, app-consistent every 1 h.
const cycleMs = (300 * 1000) / speed;
const retentionMs = (4 * 3600 * 1000) / speed;

describe('lab: recovery points per replication cycle, app-consistent on the policy frequency, pruned, frozen while the host is away', function () {
  this.timeout(60000);
  let s: LabSession;
  const points = async (): Promise<{ time: number; type: string }[]> =>
    (await collect<RecoveryPoint>(s.asr.recoveryPoints.listByReplicationProtectedItems(vault, rg, site, container, v01)))
      .map((p) => ({ time: p.properties?.recoveryPointTime?.getTime() ?? Number.NaN, type: p.properties?.recoveryPointType ?? '' }))
      .sort((a, b) => b.time - a.time);

  before(async () => {
    s = await openLab({ speed });
  });
  after(async () => s.lab.stop());

  it('lists one point per cycle within the retention, every twelfth (1 h of 5 min cycles) ApplicationConsistent', async () => {
    const listedAt = Date.now();
    const list = await points();
    assert.ok(list.length >= 48 && list.length <= 49, `4 h of 5 min cycles: ${list.length}`);
    for (let i = 1; i < list.length; i++) assert.equal(list[i - 1].time - list[i].time, cycleMs, 'one point per replication cycle');
    assert.ok(list[list.length - 1].time >= listedAt - retentionMs - cycleMs, 'none older than the retention');
    assert.ok(list.every((p) => p.type === 'CrashConsistent' || p.type === 'ApplicationConsistent'));
    const app = list.map((p, i) => (p.type === 'ApplicationConsistent' ? i : -1)).filter((i) => i >= 0);
    assert.ok(app.length >= 4, `one app-consistent point an hour over 4 h: ${app.length}`);
    for (let i = 1; i < app.length; i++) assert.equal(app[i] - app[i - 1], 12);
  });

  it('prunes the oldest as new points arrive, and receives none while the host is disconnected', async () => {
    const first = await points();
    await sleep(3 * cycleMs);
    const later = await points();
    assert.ok(later[0].time >= first[0].time + 2 * cycleMs, 'new points arrived');
    assert.ok(later[later.length - 1].time > first[first.length - 1].time, 'the oldest ones were pruned');

    await labControl(s.lab, 'POST', '/_lab/hosts/RAM-H1-7/heartbeat', { connected: false });
    const frozen = (await points())[0].time;
    await sleep(4 * cycleMs);
    assert.equal((await points())[0].time, frozen, 'no point while the host is away');
    await labControl(s.lab, 'POST', '/_lab/hosts/RAM-H1-7/heartbeat', { connected: true });
    await sleep(2 * cycleMs);
    assert.ok((await points())[0].time > frozen, 'points again once it is back');
  });
});
