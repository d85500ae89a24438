import assert from 'node:assert/strict';
import { LabClock } from '../../../lab/core/clock';
import { recoveryPointsAt, rpoCalculationSeconds, rpoFields, wholeSecondsIso, type StreamContext } from '../../../lab/asr/replicationStream';
import type { PolicyState, ProtectedItemState, ReplicationOutage } from '../../../lab/state';

const t0 = Date.parse('2026-12-05T08:00:00.250Z');
const minute = 60_000;
const policy: PolicyState = { name: 'p', replicationInterval: 300, recoveryPointHistoryHours: 24, appConsistentFrequencyHours: 0 };

function item(anchor: number | undefined): ProtectedItemState {
  return { name: 'vm1', replicationAnchor: anchor } as ProtectedItemState;
}

function ctx(outages: ReplicationOutage[] = []): StreamContext {
  return { clock: new LabClock(1, () => 0), policy, outages };
}

describe('lab replication stream (virtual clock)', () => {
  it('has no point and no RPO fields during initial replication', () => {
    assert.deepEqual(recoveryPointsAt(item(undefined), ctx(), t0), []);
    assert.deepEqual(rpoFields(item(undefined), ctx(), t0), { lastRecoveryPoint: undefined, rpoInSeconds: null, lastRpoCalculatedTime: null });
  });

  it('receives a point every replicationInterval while the host is connected', () => {
    const points = recoveryPointsAt(item(t0), ctx(), t0 + 17 * minute);
    assert.deepEqual(
      points.map((p) => (p.time.getTime() - t0) / minute),
      [15, 10, 5, 0],
    );
  });

  it('recomputes rpoInSeconds only at each calculation tick, as floor(tick − last point then)', () => {
    const every = rpoCalculationSeconds * 1000;
    assert.equal(every, 12 * minute);
    // At 30 min: the last tick was at 24 min, the last point by then at 20 min.
    const r = rpoFields(item(t0), ctx(), t0 + 30 * minute);
    assert.equal(r.lastRpoCalculatedTime?.getTime(), t0 + 24 * minute);
    assert.equal(r.rpoInSeconds, 240);
    assert.equal(r.lastRecoveryPoint?.time.getTime(), t0 + 30 * minute);
    // Frozen until the next tick.
    assert.equal(rpoFields(item(t0), ctx(), t0 + 35 * minute + 59_000).rpoInSeconds, 240);
    assert.equal(rpoFields(item(t0), ctx(), t0 + 36 * minute).rpoInSeconds, 60);
  });

  it('freezes the points while the host is disconnected, and the RPO grows at each tick', () => {
    const outage = [{ from: t0 + 31 * minute }];
    const at = t0 + 3 * 60 * minute;
    const r = rpoFields(item(t0), ctx(outage), at);
    assert.equal(r.lastRecoveryPoint?.time.getTime(), t0 + 30 * minute);
    assert.equal(r.lastRpoCalculatedTime?.getTime(), t0 + 180 * minute);
    assert.equal(r.rpoInSeconds, 150 * 60);
  });

  it('resumes on the interval after a reconnect, leaving the gap empty', () => {
    const outage = [{ from: t0 + 31 * minute, to: t0 + 52 * minute }];
    const points = recoveryPointsAt(item(t0), ctx(outage), t0 + 61 * minute);
    assert.deepEqual(
      points.map((p) => (p.time.getTime() - t0) / minute),
      [60, 55, 30, 25, 20, 15, 10, 5, 0],
    );
  });

  it('keeps the points received before a long outage (retention counts back from its start)', () => {
    const outage = [{ from: t0 + 25 * 60 * minute }];
    const points = recoveryPointsAt(item(t0), ctx(outage), t0 + 60 * 60 * minute);
    assert.equal(points[0]?.time.getTime(), t0 + 25 * 60 * minute - 5 * minute);
    assert.ok(points.length > 200);
  });

  it('marks one point in every applicationConsistentSnapshotFrequencyInHours ApplicationConsistent, the others CrashConsistent', () => {
    const hourly: StreamContext = { ...ctx(), policy: { ...policy, appConsistentFrequencyHours: 1 } };
    const points = recoveryPointsAt(item(t0), hourly, t0 + 3 * 60 * minute);
    const app = points.filter((p) => p.type === 'ApplicationConsistent').map((p) => (p.time.getTime() - t0) / minute);
    assert.deepEqual(app, [180, 120, 60, 0]);
    assert.equal(points.filter((p) => p.type === 'CrashConsistent').length, points.length - 4);
  });

  it('drops the points older than recoveryPointHistoryDurationInHours', () => {
    const fourHours: StreamContext = { ...ctx(), policy: { ...policy, recoveryPointHistoryHours: 4 } };
    const points = recoveryPointsAt(item(t0), fourHours, t0 + 10 * 60 * minute);
    assert.equal(points.length, 4 * 12 + 1);
    assert.equal(points[points.length - 1]?.time.getTime(), t0 + 6 * 60 * minute);
  });

  it('writes lastReplicatedTime in whole seconds', () => {
    assert.equal(wholeSecondsIso(new Date('2021-03-18T09:53:13.3993206Z')), '2021-03-18T09:53:13Z');
  });
});
