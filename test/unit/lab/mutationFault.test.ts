// The lab's response-mutation fault (lab/core/mutationFault.ts): fields dropped, nulled or given
// another type at the rate asked, repeatably; a list's value array and nextLink stay intact.
import assert from 'node:assert/strict';
import { ResponseMutator } from '../../../lab/core/mutationFault';
import { FaultInjector, parseFaultSpec } from '../../../lab/core/faults';

function list(n: number): { value: unknown[]; nextLink: string } {
  return {
    value: Array.from({ length: n }, (_, i) => ({
      id: `/items/${i}`,
      name: `item${i}`,
      properties: { state: 'Protected', count: i, ok: true, tags: ['a', 'b'], inner: { x: 'y' } },
    })),
    nextLink: 'https://lab/items?$skiptoken=2',
  };
}

function leaves(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + 1 + leaves(v), 0);
  if (typeof value === 'object' && value !== null) return Object.values(value).reduce((n: number, v) => n + 1 + leaves(v), 0);
  return 0;
}

describe('lab mutation fault', () => {
  it('keeps every item of value and the nextLink; mutates fields inside the items', () => {
    const body = list(50);
    const { body: out, mutations } = new ResponseMutator(0.2, 3).mutate('GET /items', body);
    const mutated = out as { value: unknown[]; nextLink: string };
    assert.equal(mutated.value.length, 50);
    assert.ok(mutated.value.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v)));
    assert.equal(mutated.nextLink, body.nextLink);
    assert.ok(mutations > 0);
    assert.notDeepEqual(mutated, body);
    assert.deepEqual(body, list(50), 'the answer given is not changed (a copy is mutated)');
  });

  it('hits about the share of fields asked for, each dropped, null or of another type', () => {
    const body = list(200);
    const fieldsTotal = leaves(body.value) - 200;
    const { mutations } = new ResponseMutator(0.1, 5).mutate('GET /items', body);
    const share = mutations / fieldsTotal;
    assert.ok(share > 0.05 && share < 0.15, `share ${share}`);
    const { body: all } = new ResponseMutator(1, 5).mutate('GET /one', { a: 'text', b: 1, c: true, d: [1], e: { f: 1 } });
    for (const [key, before] of Object.entries({ a: 'text', b: 1, c: true, d: [1], e: { f: 1 } })) {
      const after = (all as Record<string, unknown>)[key];
      assert.ok(after === undefined || after === null || typeof after !== typeof before || Array.isArray(after) !== Array.isArray(before), `${key}: ${JSON.stringify(after)}`);
    }
  });

  it('is repeatable for a seed and a request, whatever the order of requests', () => {
    const a = new ResponseMutator(0.3, 7);
    const b = new ResponseMutator(0.3, 7);
    const first = a.mutate('GET /x', list(10));
    a.mutate('GET /y', list(10));
    b.mutate('GET /y', list(10));
    assert.deepEqual(b.mutate('GET /x', list(10)), first);
    assert.notDeepEqual(new ResponseMutator(0.3, 8).mutate('GET /x', list(10)), first);
  });

  it('is off by default and touches only successful answers with a body', () => {
    const f = new FaultInjector(parseFaultSpec('seed=2'));
    assert.equal(f.settings.mutateRate, 0);
    assert.deepEqual(f.mutateAnswer('GET /x', { status: 200, body: list(3) }).mutations, 0);
    const on = new FaultInjector(parseFaultSpec('mutate=1,seed=2'));
    const refused = { status: 404, body: { error: { code: 'NotFound', message: 'x' } } };
    assert.deepEqual(on.mutateAnswer('GET /x', refused), { response: refused, mutations: 0 });
    assert.ok(on.mutateAnswer('GET /x', { status: 200, body: list(3) }).mutations > 0);
  });
});
