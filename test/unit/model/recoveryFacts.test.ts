import assert from 'node:assert/strict';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { hyperVReplicaDetails } from '../../../src/model/protectedItem';
import { drillFacts, recoveryFacts, rpoAboveTarget, rpoTargetSeconds, sameRecoveryDisplay } from '../../../src/model/recoveryFacts';
import { deriveVmFacts } from '../../../src/estate/vmFacts';

const readAt = new Date('2021-03-18T15:32:40Z');
const day = 24 * 3600_000;

/** The H2A details of REC/TestFailover e1 (the RPO fields as recorded). */
const recorded = {
  lastReplicatedTime: new Date('2021-03-18T09:53:13Z'),
  lastRecoveryPointReceived: new Date('2021-03-18T09:53:13.3993206Z'),
  rpoInSeconds: 19786,
  lastRpoCalculatedTime: new Date('2021-03-18T15:23:00.2955648Z'),
};

describe('recovery facts: RPO as of the read', () => {
  it('is the read time minus the last recovery point, with ASR’s frozen figure beside it', () => {
    const f = recoveryFacts(recorded, 'Primary', readAt);
    assert.equal(f?.rpoSeconds, 20366); // 15:32:40 − 09:53:13.4, not the 19786 computed at 15:23:00
    assert.equal(f?.asrRpoSeconds, 19786);
    assert.equal(f?.asrRpoCalculatedAt?.toISOString(), '2021-03-18T15:23:00.295Z');
    assert.equal(f?.readAt.getTime(), readAt.getTime());
  });

  it('falls back to lastReplicatedTime', () => {
    assert.equal(recoveryFacts({ lastReplicatedTime: new Date('2021-03-18T15:30:40Z') }, undefined, readAt)?.rpoSeconds, 120);
  });

  it('has none during initial replication, after a failover, or without a read time', () => {
    assert.equal(recoveryFacts({ rpoInSeconds: undefined }, 'Primary', readAt), undefined);
    assert.equal(recoveryFacts(recorded, 'Recovery', readAt), undefined);
    assert.equal(recoveryFacts(recorded, 'Primary', undefined), undefined);
  });

  it('counts a point after the read (clock skew) as 0', () => {
    assert.equal(recoveryFacts({ lastRecoveryPointReceived: new Date(readAt.getTime() + 5000) }, 'Primary', readAt)?.rpoSeconds, 0);
  });

  it('does not grow with the wall clock between reads', () => {
    const f = recoveryFacts(recorded, 'Primary', readAt)!;
    // Later, with no re-read, the same facts: nothing in them depends on "now".
    assert.deepEqual(recoveryFacts(recorded, 'Primary', readAt), f);
  });
});

describe('recovery facts: the RPO target', () => {
  it('uses the setting when above 0', () => {
    assert.equal(rpoTargetSeconds(300, 30), 1800);
  });
  it('is automatically three copy intervals, at least 15 minutes', () => {
    assert.equal(rpoTargetSeconds(30, 0), 900);
    assert.equal(rpoTargetSeconds(300, 0), 900);
    assert.equal(rpoTargetSeconds(900, 0), 2700);
    assert.equal(rpoTargetSeconds(undefined, 0), 900);
  });
  it('flags an RPO above the target only', () => {
    const f = recoveryFacts({ lastRecoveryPointReceived: new Date(readAt.getTime() - 901_000) }, 'Primary', readAt);
    assert.equal(rpoAboveTarget(f, 900), true);
    assert.equal(rpoAboveTarget(f, 901), false);
    assert.equal(rpoAboveTarget(undefined, 900), false);
  });
});

describe('recovery facts: drills', () => {
  const now = new Date('2026-12-05T07:00:00Z');
  it('is due when never drilled', () => {
    assert.deepEqual(drillFacts(undefined, now, 90), { due: true });
  });
  it('counts whole days and is due from the interval on (<= ago(90d))', () => {
    assert.deepEqual(drillFacts(new Date(now.getTime() - 89.5 * day), now, 90), { lastDrill: new Date(now.getTime() - 89.5 * day), daysSince: 89, due: false });
    assert.equal(drillFacts(new Date(now.getTime() - 90 * day), now, 90).due, true);
    assert.equal(drillFacts(new Date(now.getTime() - 8 * day), now, 7).due, true);
  });
  it('takes the default for an interval below a day', () => {
    assert.equal(drillFacts(new Date(now.getTime() - 30 * day), now, 0).due, false);
  });
});

describe('recovery facts on the snapshot’s VM', () => {
  function item(details: object): ReplicationProtectedItem {
    return {
      id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/replicationFabrics/f/replicationProtectionContainers/c/replicationProtectedItems/vm1',
      name: 'vm1',
      properties: {
        friendlyName: 'vm1',
        protectionState: 'Protected',
        activeLocation: 'Primary',
        providerSpecificDetails: { instanceType: 'HyperVReplicaAzure', ...details },
      },
    };
  }

  it('derives them from an item as of its read', () => {
    const it1 = item({ lastRecoveryPointReceived: new Date(readAt.getTime() - 240_000), rpoInSeconds: 100, lastRpoCalculatedTime: new Date(readAt.getTime() - 60_000) });
    const facts = deriveVmFacts(it1, [], undefined, readAt);
    assert.equal(facts.recovery?.readAt.getTime(), readAt.getTime());
    assert.equal(facts.recovery?.rpoSeconds, 240);
    assert.equal(facts.recovery?.asrRpoSeconds, 100);
  });

  it('reads the RPO fields of HyperVReplicaAzure details only', () => {
    const other = { ...item({}), properties: { providerSpecificDetails: { instanceType: 'InMageAzureV2', rpoInSeconds: 5 } } };
    assert.equal(hyperVReplicaDetails(other), undefined);
    const details = hyperVReplicaDetails(item({ rpoInSeconds: 7, lastRpoCalculatedTime: '2021-03-18T15:23:00Z' }));
    assert.equal(details?.rpoInSeconds, 7);
    assert.deepEqual(details?.lastRpoCalculatedTime, new Date('2021-03-18T15:23:00Z'));
  });

  it('has none for an item of unknown read time', () => {
    assert.equal(deriveVmFacts(item({ lastRecoveryPointReceived: readAt })).recovery, undefined);
  });

  it('looks the same when only the read moved within the minute', () => {
    const a = recoveryFacts(recorded, 'Primary', readAt)!;
    const b = recoveryFacts(recorded, 'Primary', new Date(readAt.getTime() + 10_000))!;
    const c = recoveryFacts(recorded, 'Primary', new Date(readAt.getTime() + 70_000))!;
    assert.equal(sameRecoveryDisplay(a, b), true);
    assert.equal(sameRecoveryDisplay(a, c), false);
  });
});
