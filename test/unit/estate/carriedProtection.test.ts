import assert from 'node:assert/strict';
import { buildEstateSnapshot, findVmByKey, protectablesOf, protectionsOf, type EstateInput } from '../../../src/estate';
import { interimSnapshot } from '../../../src/estate/probeStream';
import { estateInput, estateParts, hostKeyOf } from '../../../bench/estateParts';

// Issue 14: the store keeps no SDK item list between refreshes; what ASR said last time is the
// snapshot's own facts, carried into interim snapshots, a refresh that cannot read ASR and rebuilds.

/**
 * 75 VMs on 3 hosts (4 in 5 protected); the last host not probed, so its protected VMs are placed
 * from their items alone; the items read at the build's time (their VMs have RPO facts).
 */
function input(): EstateInput {
  const full = estateInput(estateParts(75));
  const probes = new Map(full.probes);
  probes.delete(hostKeyOf(2));
  return { ...full, probes, protectedItemsReadAt: full.now };
}

describe('estate: protected VMs carried without their items', () => {
  it('a snapshot built from the facts of the one before, with no ASR item, is the one built from the items', () => {
    const fromItems = buildEstateSnapshot(input());
    assert.ok(fromItems.unassignedVms.length > 0, 'protected VMs no inventory lists');
    const carried = buildEstateSnapshot({
      ...input(),
      previous: fromItems,
      protectedItems: [],
      protectableItems: [],
      protections: protectionsOf(fromItems),
      protectables: protectablesOf(fromItems),
    });
    assert.deepEqual(carried, fromItems);
  });

  it('an item given wins over carried facts, and the VMs re-read are not carried', () => {
    const base = input();
    const fromItems = buildEstateSnapshot(base);
    const [first, second] = base.protectedItems;
    const firstKey = first.name!;
    const secondKey = second.name!;
    const renamed = { ...first, properties: { ...first.properties, protectionState: 'UnprotectedStatesBegin' } };
    const rebuilt = buildEstateSnapshot({
      ...base,
      previous: fromItems,
      protectedItems: [renamed],
      protectableItems: [],
      protections: protectionsOf(fromItems, new Set([secondKey])),
      protectables: protectablesOf(fromItems),
    });
    assert.equal(findVmByKey(fromItems, firstKey)?.status.kind, 'Protected');
    assert.equal(findVmByKey(rebuilt, firstKey)?.status.kind, 'EnablingProtection');
    assert.equal(findVmByKey(rebuilt, secondKey)?.status.kind, 'NotProtected');
    assert.equal(findVmByKey(rebuilt, base.protectedItems[2].name!)?.status.kind, 'Protected');
  });

  it("an interim snapshot keeps the protection of ASR's last read from the snapshot on screen, with no item kept", () => {
    const base = input();
    const previous = buildEstateSnapshot(base);
    const interim = interimSnapshot({ now: base.now, previous, probes: new Map(), sources: [], asr: { registeredHosts: base.registeredHosts } });
    assert.deepEqual(interim.counts, previous.counts);
    assert.deepEqual(protectionsOf(interim), protectionsOf(previous));
    // With no read kept, protection is unknown, as before.
    const unread = interimSnapshot({ now: base.now, previous, probes: new Map(), sources: [], asr: undefined });
    assert.equal(unread.counts.protected, 0);
  });
});
