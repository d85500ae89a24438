import assert from 'node:assert/strict';
import type { ProtectedItemLike } from '../../../src/model/protectedItem';
import { hyperVReplicaDetails } from '../../../src/model/protectedItem';
import { recordedItem } from './recordings';

function withDetails(details: Record<string, unknown>): ProtectedItemLike {
  return {
    properties: { providerSpecificDetails: { instanceType: 'HyperVReplicaAzure', ...details } },
  };
}

function progressOf(value: unknown): number | undefined {
  return hyperVReplicaDetails(withDetails({ initialReplicationDetails: { initialReplicationProgressPercentage: value } }))?.initialReplicationProgressPercentage;
}

describe('model/protectedItem hyperVReplicaDetails', () => {
  it('reads the details of a real item right after enable protection', () => {
    const d = hyperVReplicaDetails(recordedItem('initialReplication'));
    assert.ok(d);
    assert.equal(d.vmId, 'e06c319f-5a90-4907-8606-6c15a92bcf22');
    assert.equal(d.initialReplicationProgressPercentage, 0, 'the wire value is the string "0"');
    assert.equal(d.recoveryAzureVmName, 'VMforSDK');
    assert.equal(d.recoveryAzureVMSize, 'Standard_B1s');
    assert.equal(d.osType, 'Windows');
    assert.equal(d.vmProtectionState, 'UnprotectedStatesBegin');
    assert.equal(d.vmProtectionStateDescription, 'Enabling protection');
    assert.equal(d.lastReplicatedTime, undefined, 'null on the wire');
    assert.equal(d.rpoInSeconds, undefined, 'null on the wire');
    assert.equal(d.selectedRecoveryAzureNetworkId, undefined, 'null on the wire');
    assert.match(d.recoveryAzureStorageAccount ?? '', /storageAccounts\/sah2atest2$/);
    assert.match(d.recoveryAzureResourceGroupId ?? '', /resourceGroups\/prakccyrg$/);
  });

  it('reads lastReplicatedTime from an ISO string (raw JSON) as a Date', () => {
    const d = hyperVReplicaDetails(recordedItem('protected'));
    assert.ok(d?.lastReplicatedTime instanceof Date);
    assert.equal(d.lastReplicatedTime.toISOString(), '2021-03-18T09:53:13.000Z');
  });

  it('passes Date values (SDK objects) through', () => {
    const when = new Date('2026-11-25T10:00:00Z');
    const d = hyperVReplicaDetails(withDetails({ lastReplicatedTime: when, lastRecoveryPointReceived: when }));
    assert.equal(d?.lastReplicatedTime?.getTime(), when.getTime());
    assert.equal(d?.lastRecoveryPointReceived?.getTime(), when.getTime());
  });

  it('ignores invalid dates and ASR "no date" sentinels', () => {
    const d = hyperVReplicaDetails(withDetails({ lastReplicatedTime: 'yesterday', lastRecoveryPointReceived: '1753-01-01T01:01:01Z' }));
    assert.equal(d?.lastReplicatedTime, undefined);
    assert.equal(d?.lastRecoveryPointReceived, undefined);
  });

  it('parses the progress percentage defensively and clamps it to 0..100', () => {
    assert.equal(progressOf('42'), 42);
    assert.equal(progressOf(' 42.5 '), 42.5);
    assert.equal(progressOf(73), 73);
    assert.equal(progressOf('150'), 100);
    assert.equal(progressOf(-5), 0);
    assert.equal(progressOf('abc'), undefined);
    assert.equal(progressOf(''), undefined);
    assert.equal(progressOf(null), undefined);
    assert.equal(progressOf(Number.NaN), undefined);
  });

  it('reads rpoInSeconds from a number or a numeric string', () => {
    assert.equal(hyperVReplicaDetails(withDetails({ rpoInSeconds: 300 }))?.rpoInSeconds, 300);
    assert.equal(hyperVReplicaDetails(withDetails({ rpoInSeconds: '30' }))?.rpoInSeconds, 30);
  });

  it('returns only the keys that have values', () => {
    assert.deepEqual(hyperVReplicaDetails(withDetails({ vmId: 'v1', recoveryAzureVmName: 42 })), { vmId: 'v1' });
  });

  it('returns undefined for other providers, missing details and no item', () => {
    assert.equal(hyperVReplicaDetails({ properties: { providerSpecificDetails: { instanceType: 'A2A' } } }), undefined);
    assert.equal(hyperVReplicaDetails({ properties: {} }), undefined);
    assert.equal(hyperVReplicaDetails({}), undefined);
    assert.equal(hyperVReplicaDetails(undefined), undefined);
  });

  it('matches the instance type case-insensitively', () => {
    const item: ProtectedItemLike = { properties: { providerSpecificDetails: { instanceType: 'hypervreplicaazure' } } };
    assert.deepEqual(hyperVReplicaDetails(item), {});
  });
});
