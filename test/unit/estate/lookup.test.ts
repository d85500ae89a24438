import assert from 'node:assert/strict';
import { allVms, findHostByKey, findVm, findVmByKey, vmIndex } from '../../../src/estate/diff';
import type { EstateSnapshot } from '../../../src/estate';
import { estateHost, estateVm } from '../tree/fixtures';

const a = '11111111-1111-4111-8111-111111111111';
const b = '22222222-2222-4222-8222-222222222222';
const lost = '33333333-3333-4333-8333-333333333333';

function snapshot(): EstateSnapshot {
  const host = estateHost({ vms: [estateVm(undefined, { key: a, name: 'a' }), estateVm(undefined, { key: b, name: 'b' })] });
  return { takenAt: new Date(0), hosts: [host], unassignedVms: [estateVm(undefined, { key: lost, name: 'lost' })], counts: { hosts: 1, vms: 3, protected: 0 } };
}

describe('estate look-ups: one VM index per snapshot', () => {
  it('finds VMs on hosts and unassigned ones by key, and by VMId in any case or with braces', () => {
    const s = snapshot();
    assert.equal(findVmByKey(s, b)?.name, 'b');
    assert.equal(findVmByKey(s, lost)?.name, 'lost');
    assert.equal(findVmByKey(s, 'nope'), undefined);
    assert.equal(findVm(s, `{${a.toUpperCase()}}`)?.name, 'a');
    assert.deepEqual(
      allVms(s).map((v) => v.name),
      ['a', 'b', 'lost'],
    );
  });

  it('builds the index once per snapshot (snapshots never change once built), a new one for the next snapshot', () => {
    const s = snapshot();
    assert.equal(vmIndex(s), vmIndex(s));
    const next = snapshot();
    assert.notEqual(vmIndex(next), vmIndex(s));
    assert.equal(vmIndex(next).size, 3);
  });

  it('lists every VM once per snapshot too (the status bar and the walkthrough read the list on every change)', () => {
    const s = snapshot();
    assert.equal(allVms(s), allVms(s));
    assert.notEqual(allVms(snapshot()), allVms(s));
  });

  it('finds a host by its key exactly, from an index built once per snapshot (the tree asks for each node)', () => {
    const s = snapshot();
    assert.equal(findHostByKey(s, 'hv01.contoso.local'), s.hosts[0]);
    assert.equal(findHostByKey(s, 'HV01.contoso.local'), undefined, 'keys are lower case; findHost is the lenient one');
    assert.equal(findHostByKey(s, 'nope'), undefined);
  });
});
