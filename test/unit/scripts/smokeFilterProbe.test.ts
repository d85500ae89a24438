import assert from 'node:assert/strict';
import type { ProtectableItem } from '@azure/arm-recoveryservices-siterecovery';
import { compareFilteredList, describeFilterProbe } from '../../../scripts/smokeFilterProbe';

const item = (name: string, protectionStatus: string): ProtectableItem => ({ name, properties: { protectionStatus } });
const all = [item('a', 'Unprotected'), item('b', 'Protected'), item('c', 'Unprotected')];

describe('smoke:azure protectable-items filter probe (scripts/smokeFilterProbe.ts)', () => {
  it('says the filter is exact only when it returns the Unprotected items, no more, no fewer', () => {
    const exact = compareFilteredList(all, [item('C', 'Unprotected'), item('a', 'Unprotected')]);
    assert.equal(exact.exact, true);
    assert.equal(describeFilterProbe(exact), 'exactly the Unprotected items: 2 Unprotected (unfiltered: 2 Unprotected, 1 Protected)');
    assert.equal(compareFilteredList(all, all).exact, false, 'a filter the service ignores returns everything');
    assert.equal(compareFilteredList(all, []).exact, false, 'a filter that matches nothing is not exact');
    assert.equal(compareFilteredList(all, [item('a', 'Unprotected')]).exact, false);
  });

  it('reports a refusal with the service error, and the unfiltered counts', () => {
    const refused = compareFilteredList(all, Object.assign(new Error('The filter is not valid.'), { name: 'RestError' }));
    assert.equal(refused.exact, undefined);
    assert.equal(describeFilterProbe(refused), 'refused (RestError: The filter is not valid.); unfiltered: 2 Unprotected, 1 Protected');
  });
});
