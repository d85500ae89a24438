import assert from 'node:assert/strict';
import { defineWizardProtocol } from '../../../src/webviews/protocol';
import type { ValidationResult } from '../../../src/webviews/validate';
import { defaultScanLimits, s, scanLimits, validateMessage } from '../../../src/webviews/validate';

const SECRET = 'hunter2-SECRET-PAYLOAD';

function rejected<T>(r: ValidationResult<T>): string {
  assert.equal(r.ok, false, 'expected a rejection');
  if (r.ok) throw new Error('unreachable');
  assert.ok(!r.reason.includes(SECRET), `reason leaks payload: ${r.reason}`);
  return r.reason;
}

const protocol = defineWizardProtocol({
  next: { vmName: s.string({ maxLength: 15, minLength: 1 }), count: s.number({ min: 1, max: 10, integer: true }), note: s.optional(s.string({ maxLength: 20 })) },
  pick: { kind: s.enumOf(['test', 'planned', 'unplanned']), shutdown: s.boolean() },
  list: { ids: s.array(s.string({ maxLength: 10 }), { maxItems: 3 }) },
  nested: { target: s.object({ rg: s.string({ maxLength: 8 }), subnet: s.nullable(s.string({ maxLength: 8 })) }) },
  back: {},
});
const v = protocol.inbound;
const check = (raw: unknown) => validateMessage(v, raw);

describe('webviews/validate: accepts', () => {
  it('ready', () => assert.deepEqual(check({ type: 'ready' }), { ok: true, value: { type: 'ready' } }));
  it('an action with its payload', () => {
    const r = check({ type: 'action', name: 'next', payload: { vmName: 'vm1', count: 3 } });
    assert.deepEqual(r, { ok: true, value: { type: 'action', name: 'next', payload: { vmName: 'vm1', count: 3 } } });
  });
  it('an optional field when present', () => {
    const r = check({ type: 'action', name: 'next', payload: { vmName: 'vm1', count: 3, note: 'hi' } });
    assert.ok(r.ok && r.value.type === 'action' && r.value.name === 'next' && r.value.payload.note === 'hi');
  });
  it('an empty-payload action with payload omitted', () => assert.ok(check({ type: 'action', name: 'back' }).ok));
  it('an empty-payload action with {}', () => assert.ok(check({ type: 'action', name: 'back', payload: {} }).ok));
  it('enums and booleans', () => assert.ok(check({ type: 'action', name: 'pick', payload: { kind: 'planned', shutdown: false } }).ok));
  it('arrays up to maxItems', () => assert.ok(check({ type: 'action', name: 'list', payload: { ids: ['a', 'b', 'c'] } }).ok));
  it('nested objects and null where nullable', () => assert.ok(check({ type: 'action', name: 'nested', payload: { target: { rg: 'rg', subnet: null } } }).ok));
  it('an object with a null prototype', () => {
    const o = Object.create(null) as Record<string, unknown>;
    o.type = 'ready';
    assert.ok(check(o).ok);
  });
  it('returns a fresh object, not the input', () => {
    const input = { type: 'action', name: 'back', payload: {} };
    const r = check(input);
    assert.ok(r.ok);
    assert.notEqual(r.value, input);
  });
  it('a string exactly at maxLength', () => assert.ok(check({ type: 'action', name: 'next', payload: { vmName: 'x'.repeat(15), count: 1 } }).ok));
});

describe('webviews/validate: rejects malformed messages', () => {
  const cases: [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['a string', SECRET],
    ['a number', 42],
    ['an array', [{ type: 'ready' }]],
    ['no type', { name: 'next' }],
    ['an unknown type', { type: SECRET }],
    ['a numeric type', { type: 1 }],
    ['ready with extra keys', { type: 'ready', extra: SECRET }],
    ['an unknown action', { type: 'action', name: SECRET }],
    ['an action without name', { type: 'action', payload: {} }],
    ['an action name that is a number', { type: 'action', name: 7, payload: {} }],
    ['an extra envelope key', { type: 'action', name: 'back', payload: {}, extra: 1 }],
    ['a payload that is an array', { type: 'action', name: 'back', payload: [] }],
    ['a payload that is a string', { type: 'action', name: 'back', payload: SECRET }],
    ['a payload that is null', { type: 'action', name: 'back', payload: null }],
    ['an unknown payload key', { type: 'action', name: 'back', payload: { [SECRET]: 1 } }],
    ['a missing required field', { type: 'action', name: 'next', payload: { vmName: 'a' } }],
    ['a string too long', { type: 'action', name: 'next', payload: { vmName: SECRET, count: 1 } }],
    ['a string too short', { type: 'action', name: 'next', payload: { vmName: '', count: 1 } }],
    ['a number where a string is expected', { type: 'action', name: 'next', payload: { vmName: 5, count: 1 } }],
    ['a string where a number is expected', { type: 'action', name: 'next', payload: { vmName: 'a', count: '1' } }],
    ['NaN', { type: 'action', name: 'next', payload: { vmName: 'a', count: NaN } }],
    ['Infinity', { type: 'action', name: 'next', payload: { vmName: 'a', count: Infinity } }],
    ['-Infinity', { type: 'action', name: 'next', payload: { vmName: 'a', count: -Infinity } }],
    ['a non-integer', { type: 'action', name: 'next', payload: { vmName: 'a', count: 1.5 } }],
    ['a number below min', { type: 'action', name: 'next', payload: { vmName: 'a', count: 0 } }],
    ['a number above max', { type: 'action', name: 'next', payload: { vmName: 'a', count: 11 } }],
    ['a value outside the enum', { type: 'action', name: 'pick', payload: { kind: SECRET, shutdown: true } }],
    ['a string boolean', { type: 'action', name: 'pick', payload: { kind: 'test', shutdown: 'true' } }],
    ['a number boolean', { type: 'action', name: 'pick', payload: { kind: 'test', shutdown: 1 } }],
    ['an object where an array is expected', { type: 'action', name: 'list', payload: { ids: { 0: 'a', length: 1 } } }],
    ['too many array items', { type: 'action', name: 'list', payload: { ids: ['a', 'b', 'c', 'd'] } }],
    ['a wrong array item', { type: 'action', name: 'list', payload: { ids: ['a', 2] } }],
    ['an array where an object is expected', { type: 'action', name: 'nested', payload: { target: ['rg', null] } }],
    ['an extra nested key', { type: 'action', name: 'nested', payload: { target: { rg: 'r', subnet: null, x: SECRET } } }],
    ['null where not nullable', { type: 'action', name: 'nested', payload: { target: { rg: null, subnet: null } } }],
    ['an optional field of the wrong kind', { type: 'action', name: 'next', payload: { vmName: 'a', count: 1, note: 3 } }],
    ['control characters in a string', { type: 'action', name: 'next', payload: { vmName: 'a\u0000b', count: 1 } }],
    ['a newline in a single-line string', { type: 'action', name: 'next', payload: { vmName: 'a\nb', count: 1 } }],
    ['a lone surrogate', { type: 'action', name: 'next', payload: { vmName: 'a\ud800', count: 1 } }],
    ['a bigint', { type: 'action', name: 'next', payload: { vmName: 'a', count: 1n } }],
    ['a function', { type: 'action', name: 'next', payload: { vmName: () => SECRET, count: 1 } }],
    ['a Date', { type: 'action', name: 'next', payload: { vmName: new Date(), count: 1 } }],
    ['a Map', { type: 'action', name: 'back', payload: new Map([[SECRET, 1]]) }],
    ['a class instance', { type: 'action', name: 'back', payload: new (class X {})() }],
    ['a symbol value', { type: 'action', name: 'next', payload: { vmName: Symbol(SECRET), count: 1 } }],
    ['a symbol key', { type: 'ready', [Symbol('x')]: 1 }],
    ['an inherited action name', { type: 'action', name: 'toString', payload: {} }],
    ['action name "hasOwnProperty"', { type: 'action', name: 'hasOwnProperty', payload: {} }],
  ];
  for (const [name, raw] of cases) {
    it(name, () => {
      rejected(check(raw));
    });
  }
});

describe('webviews/validate: hostile messages', () => {
  it('rejects __proto__ as an own key (JSON.parse)', () => {
    const raw: unknown = JSON.parse(`{"type":"action","name":"back","payload":{"__proto__":{"polluted":"${SECRET}"}}}`);
    rejected(check(raw));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
  it('rejects __proto__ at the top level', () => rejected(check(JSON.parse('{"type":"ready","__proto__":{"x":1}}'))));
  it('rejects constructor keys', () => rejected(check({ type: 'action', name: 'back', payload: { constructor: { prototype: {} } } })));
  it('rejects prototype keys deep inside', () => rejected(check({ type: 'action', name: 'nested', payload: { target: { rg: 'a', subnet: null, prototype: 1 } } })));
  it('rejects a forbidden key as a type value', () => assert.match(rejected(check({ type: '__proto__' })), /unknown/));
  it('rejects a forbidden action name', () => rejected(check({ type: 'action', name: '__proto__', payload: {} })));
  it('rejects a huge string without echoing it', () => {
    const reason = rejected(check({ type: 'action', name: 'next', payload: { vmName: SECRET.repeat(100_000), count: 1 } }));
    assert.ok(reason.length < 200);
  });
  it('rejects a huge number of keys', () => {
    const payload: Record<string, number> = {};
    for (let i = 0; i < 10_000; i++) payload[`k${i}`] = i;
    rejected(check({ type: 'action', name: 'back', payload }));
  });
  it('rejects a huge array', () => rejected(check({ type: 'action', name: 'list', payload: { ids: new Array<string>(100_000).fill('a') } })));
  it('rejects very deep nesting without a stack overflow', () => {
    let deep: Record<string, unknown> = {};
    const top = deep;
    for (let i = 0; i < 100_000; i++) {
      const next: Record<string, unknown> = {};
      deep.a = next;
      deep = next;
    }
    assert.match(rejected(check({ type: 'action', name: 'back', payload: top })), /nested deeper/);
  });
  it('rejects deep arrays', () => {
    let a: unknown[] = [];
    const top = a;
    for (let i = 0; i < 50; i++) {
      const n: unknown[] = [];
      a.push(n);
      a = n;
    }
    rejected(check({ type: 'action', name: 'list', payload: { ids: top } }));
  });
  it('rejects a cyclic object', () => {
    const payload: Record<string, unknown> = {};
    payload.self = payload;
    rejected(check({ type: 'action', name: 'back', payload }));
  });
  it('never calls a getter', () => {
    let called = false;
    const payload = {
      get vmName(): string {
        called = true;
        return 'a';
      },
      count: 1,
    };
    rejected(check({ type: 'action', name: 'next', payload }));
    assert.equal(called, false);
  });
  it('rejects an array with smuggled properties', () => {
    const ids: string[] & { extra?: string } = ['a'];
    ids.extra = SECRET;
    rejected(check({ type: 'action', name: 'list', payload: { ids } }));
  });
  it('rejects sparse arrays', () => {
    const ids = new Array<string>(2);
    ids[1] = 'a';
    rejected(check({ type: 'action', name: 'list', payload: { ids } }));
  });
  it('rejects an object whose prototype is another object', () => {
    const raw = Object.create({ type: 'ready' }) as object;
    rejected(check(raw));
  });
  it('rejects total characters over the limit even when each string is short', () => {
    const limits = { ...defaultScanLimits, maxTotalChars: 10 };
    assert.match(scanLimits({ a: 'xxxxxx', b: 'yyyyyy' }, limits) ?? '', /characters/);
  });
  it('counts nodes', () => {
    const limits = { ...defaultScanLimits, maxNodes: 3 };
    assert.match(scanLimits({ a: 1, b: 2, c: 3 }, limits) ?? '', /values/);
  });
  it('names the field in the reason', () => {
    assert.match(rejected(check({ type: 'action', name: 'next', payload: { vmName: SECRET, count: 1 } })), /^\$\.payload\.vmName: string longer than 15$/);
  });
  it('does not echo an unknown key', () => {
    assert.equal(rejected(check({ type: 'action', name: 'back', payload: { [SECRET]: 1 } })), '$.payload: unknown key');
  });
});

describe('webviews/validate: schema definitions', () => {
  it('refuses a schema with a forbidden key', () => {
    assert.throws(() => s.object({ constructor: s.boolean() }));
  });
  it('refuses a string without a sane maxLength', () => {
    assert.throws(() => s.string({ maxLength: -1 }));
  });
  it('refuses an invalid action name', () => {
    assert.throws(() => defineWizardProtocol({ 'bad name': {} }));
  });
  it('string patterns are whole-string checks', () => {
    const name = s.string({ maxLength: 10, pattern: /^[a-z]+$/ });
    assert.ok(name.check('abc', '$').ok);
    assert.equal(name.check('ab1', '$').ok, false);
  });
  it('multiline strings allow line breaks but not NUL', () => {
    const text = s.string({ maxLength: 10, multiline: true });
    assert.ok(text.check('a\nb\tc', '$').ok);
    assert.equal(text.check('a\u0000', '$').ok, false);
  });
  it('tagged unions', () => {
    const t = s.tagged('kind', { a: { x: s.number() }, b: {} });
    assert.deepEqual(t.check({ kind: 'a', x: 1 }, '$'), { ok: true, value: { kind: 'a', x: 1 } });
    assert.ok(t.check({ kind: 'b' }, '$').ok);
    assert.equal(t.check({ kind: 'c' }, '$').ok, false);
    assert.equal(t.check({ kind: 'b', x: 1 }, '$').ok, false);
  });
  it('literal', () => {
    assert.ok(s.literal(3).check(3, '$').ok);
    assert.equal(s.literal(3).check('3', '$').ok, false);
  });
  it('array minItems', () => {
    assert.equal(s.array(s.boolean(), { maxItems: 2, minItems: 1 }).check([], '$').ok, false);
  });
});
