import assert from 'node:assert/strict';
import { allVms, buildEstateSnapshot, findVmByKey, type EstateInput } from '../../../src/estate';
import { patchProtectedItems } from '../../../src/estate/patch';
import { estateInput, estateParts } from '../../../bench/estateParts';

// Issue 15: a VM's RPO holds as of the read of its protected item. The read time travels with the
// items, from the call that read them to the facts (EstateInput.protectedItemsReadAt,
// ItemUpdate.readAt): a build or a patch that lost it would show no RPO at all.

/** 10 VMs on one host, 8 protected; their last recovery point 11:56, the build at 12:00 (bench/estateParts.ts); no read time. */
function input(): EstateInput {
  const full = estateInput(estateParts(10));
  delete full.protectedItemsReadAt;
  return full;
}
const point = Date.parse('2026-11-25T11:56:00Z');

describe('estate: the read time of the protected items', () => {
  it('a list read at one time: every protected VM’s RPO as of then', () => {
    const readAt = new Date(point + 300_000);
    const snapshot = buildEstateSnapshot({ ...input(), protectedItemsReadAt: readAt });
    const recovery = allVms(snapshot).flatMap((v) => (v.recovery ? [v.recovery] : []));
    assert.equal(recovery.length, 8);
    for (const r of recovery) {
      assert.equal(r.readAt.getTime(), readAt.getTime());
      assert.equal(r.rpoSeconds, 300);
    }
  });

  it('items read one by one: each VM’s RPO as of its own read, in the items’ order', () => {
    const base = input();
    const readAt = base.protectedItems.map((_, i) => new Date(point + (i + 1) * 60_000));
    const snapshot = buildEstateSnapshot({ ...base, protectedItemsReadAt: readAt });
    base.protectedItems.forEach((item, i) => assert.equal(findVmByKey(snapshot, item.name!)?.recovery?.rpoSeconds, (i + 1) * 60));
  });

  it('without a read time, no RPO facts', () => {
    assert.deepEqual(
      allVms(buildEstateSnapshot(input())).filter((v) => v.recovery !== undefined),
      [],
    );
  });

  it('an item re-read (the poller’s GET) patched in: its RPO as of that read', () => {
    const base = input();
    const previous = buildEstateSnapshot({ ...base, protectedItemsReadAt: new Date(point + 60_000) });
    const item = base.protectedItems[0];
    const vm = findVmByKey(previous, item.name!)!;
    const patched = patchProtectedItems(previous, [{ vm, item, readAt: new Date(point + 600_000) }], base.now);
    assert.ok(patched !== undefined && patched !== 'unchanged', 'the RPO moved from 1 to 10 minutes: a change');
    assert.equal(findVmByKey(patched.snapshot, item.name!)?.recovery?.rpoSeconds, 600);
  });
});
