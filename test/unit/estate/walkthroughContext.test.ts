// The Get Started walkthrough's context keys (src/estate/walkthroughContext.ts): from a snapshot,
// for every kind of VM and the recorded ASR items; set only when they change.
import assert from 'node:assert/strict';
import type { ProtectedItemLike } from '../../../src/model/protectedItem';
import { protectionKinds, type ProtectionKind } from '../../../src/model/protectionStatus';
import type { EstateSnapshot, EstateVm } from '../../../src/estate';
import { walkthroughContext, walkthroughContextKeys, watchWalkthroughContext, type WalkthroughContextKey } from '../../../src/estate/walkthroughContext';
import { recordedItem, type RecordedItemName } from '../model/recordings';
import { estateHost, estateVm, itemForKind, NOW } from '../tree/fixtures';

const { hasHosts, hasProtectedVm, testFailoverDone } = walkthroughContextKeys;

function snapshot(hostVms: EstateVm[][], unassignedVms: EstateVm[] = []): EstateSnapshot {
  const hosts = hostVms.map((vms, i) => estateHost({ key: `hv0${i + 1}.contoso.local`, name: `HV0${i + 1}`, vms }));
  return { takenAt: NOW, hosts, unassignedVms, counts: { hosts: hosts.length, vms: hostVms.flat().length + unassignedVms.length, protected: 0 } };
}

function keysFor(item: ProtectedItemLike | undefined): Record<WalkthroughContextKey, boolean> {
  return walkthroughContext(snapshot([[estateVm(item)]]));
}

describe('estate/walkthroughContext', () => {
  it('before the first snapshot, and with no host, every key is false', () => {
    const none = { [hasHosts]: false, [hasProtectedVm]: false, [testFailoverDone]: false };
    assert.deepEqual(walkthroughContext(undefined), none);
    assert.deepEqual(walkthroughContext(snapshot([])), none);
  });

  it('a host with no VM, or with VMs not protected, is a host and nothing more', () => {
    assert.deepEqual(walkthroughContext(snapshot([[]])), { [hasHosts]: true, [hasProtectedVm]: false, [testFailoverDone]: false });
    assert.deepEqual(keysFor(undefined), { [hasHosts]: true, [hasProtectedVm]: false, [testFailoverDone]: false });
  });

  it('protected items of unknown hosts are no host, but count for replication and drills', () => {
    const keys = walkthroughContext(snapshot([], [estateVm(recordedItem('testFailoverWaitingForCleanup'))]));
    assert.deepEqual(keys, { [hasHosts]: false, [hasProtectedVm]: true, [testFailoverDone]: true });
  });

  it('replication is enabled once the enable job is over, in every later kind; not while enabling, disabling, unreadable, or unknown', () => {
    const notYet: ProtectionKind[] = ['NotProtected', 'EnablingProtection', 'DisablingProtection', 'Error', 'ProtectionUnknown'];
    for (const kind of protectionKinds) {
      assert.equal(keysFor(itemForKind[kind])[hasProtectedVm], !notYet.includes(kind), kind);
    }
  });

  it('a test failover is done while its test VM waits for (or goes through) cleanup, and stays done once ASR records it', () => {
    for (const kind of protectionKinds) {
      const expected = kind === 'TestFailoverCleanupPending' || kind === 'TestFailoverCleaningUp';
      assert.equal(keysFor(itemForKind[kind])[testFailoverDone], expected, kind);
    }
    const recorded: [RecordedItemName, boolean][] = [
      ['protected', false],
      ['initialReplication', false],
      ['testFailoverWaitingForCleanup', true],
      ['testFailoverCleanedUp', true],
      ['failoverCommitted', true],
      ['reprotected', true],
      ['plannedFailoverFailed', false],
    ];
    for (const [name, expected] of recorded) assert.equal(keysFor(recordedItem(name))[testFailoverDone], expected, name);
  });

  it('ASR\'s "unset" date (1753) is no test failover', () => {
    const item = recordedItem('protected');
    (item.properties as Record<string, unknown>).lastSuccessfulTestFailoverTime = '1753-01-01T01:01:01Z';
    assert.equal(keysFor(item)[testFailoverDone], false);
  });

  it('sets every key at once, then only the keys that changed, and stops when disposed', () => {
    let current: EstateSnapshot | undefined;
    const listeners = new Set<() => void>();
    const store = {
      get snapshot() {
        return current;
      },
      onDidChange: (l: () => void) => (listeners.add(l), { dispose: () => listeners.delete(l) }),
    };
    const set: [string, boolean][] = [];
    const watch = watchWalkthroughContext(store, (key, value) => set.push([key, value]));
    assert.deepEqual(set, [
      [hasHosts, false],
      [hasProtectedVm, false],
      [testFailoverDone, false],
    ]);
    set.length = 0;
    current = snapshot([[estateVm(undefined)]]);
    listeners.forEach((l) => l());
    listeners.forEach((l) => l());
    assert.deepEqual(set, [[hasHosts, true]]);
    set.length = 0;
    current = snapshot([[estateVm(recordedItem('testFailoverCleanedUp'))]]);
    listeners.forEach((l) => l());
    assert.deepEqual(set, [
      [hasProtectedVm, true],
      [testFailoverDone, true],
    ]);
    watch.dispose();
    assert.equal(listeners.size, 0);
  });
});
