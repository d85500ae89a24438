// Which fields of an answer of Azure are malformed (src/model/wireShape.ts, issue 12): absent and
// null are fine, other types are not, required fields must be there; the texts name the field.
import assert from 'node:assert/strict';
import { describeWireProblems, fields, listOf, required, wireProblems } from '../../../src/model/wireShape';

const shape = fields({
  id: required('text'),
  count: 'number',
  flag: 'boolean',
  at: 'date',
  tags: listOf('text'),
  inner: fields({ name: 'text' }),
});

describe('model/wireShape', () => {
  it('absent and null fields are fine; fields the shape does not name are not looked at', () => {
    assert.deepEqual(wireProblems({ id: 'x', count: null, inner: null, other: 42 }, shape), []);
  });

  it('takes the forms Azure sends: numbers as text, booleans as "True", dates as ISO text or Date', () => {
    assert.deepEqual(wireProblems({ id: 'x', count: '42', flag: 'True', at: '2026-11-25T10:00:00Z', tags: [] }, shape), []);
    assert.deepEqual(wireProblems({ id: 'x', count: 4.5, flag: false, at: new Date(0) }, shape), []);
  });

  it('names each field of another type, with its path, what it holds and what it should', () => {
    assert.deepEqual(wireProblems({ id: 5, count: 'many', flag: 'yes', at: new Date(Number.NaN), tags: ['a', 3, null], inner: { name: {} } }, shape), [
      'id is a number instead of text',
      'count is text instead of a number',
      'flag is text instead of true or false',
      'at is an invalid date instead of a date',
      'tags[1] is a number instead of text',
      'tags[2] is empty instead of text',
      'inner.name is an object instead of text',
    ]);
    assert.deepEqual(wireProblems({ id: 'x', tags: 'a', inner: ['b'] }, shape), ['tags is text instead of a list', 'inner is a list instead of an object']);
  });

  it('a required field must be there; a value that is no object at all is named as the item', () => {
    assert.deepEqual(wireProblems({ count: 1 }, shape), ['id is missing']);
    assert.deepEqual(wireProblems('x', shape), ['the item is text instead of an object']);
  });

  it('describes the first three problems and counts the others', () => {
    assert.equal(describeWireProblems(['a', 'b']), 'a; b');
    assert.equal(describeWireProblems(['a', 'b', 'c', 'd', 'e']), 'a; b; c; and 2 more');
  });
});
