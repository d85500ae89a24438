import assert from 'node:assert/strict';
import { applyStatePatch, diffState, patchMessage, patchScanLimits, sameJson, type PatchOp } from '../../../src/webviews/statePatch';
import { validateMessage } from '../../../src/webviews/validate';
import { FollowedState } from '../../../src/webviews/ui/followedState';
import type { FormState } from '../../../src/webviews/form/formProtocol';

function roundTrip(from: unknown, to: unknown): PatchOp[] {
  const ops = diffState(from, to);
  const before = JSON.stringify(from);
  const r = applyStatePatch(from, ops);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  assert.ok(sameJson(r.value, to), `applied: ${JSON.stringify(r.value)} wanted: ${JSON.stringify(to)}`);
  assert.equal(JSON.stringify(from), before, 'the state it was applied to is left as it was');
  assert.ok(validateMessage(patchMessage, { type: 'patch', base: 0, rev: 1, ops }, patchScanLimits).ok);
  return ops;
}

const options = (n: number): { value: string; label: string }[] => Array.from({ length: n }, (_, i) => ({ value: `vm-${i}`, label: `VM ${i}` }));

function state(over: { values?: string[]; name?: string; busy?: string; page?: string } = {}): FormState<{ selected: string[]; name: string }> {
  const values = over.values ?? [];
  return {
    view: {
      page: over.page ?? 'vms',
      title: 'Choose',
      blocks: [
        { kind: 'textBlock', id: 'intro', text: 'Choose VMs.' },
        { kind: 'checklist', id: 'vms', label: 'VMs', values, options: options(150) },
        { kind: 'text', id: 'name', label: 'Name', value: over.name ?? '', maxLength: 20 },
      ],
      buttons: [{ id: 'next', label: 'Next', primary: true, disabled: values.length === 0 }],
      ...(over.busy !== undefined ? { busy: over.busy } : {}),
    },
    snapshot: { selected: values, name: over.name ?? '' },
  };
}

describe('webviews/statePatch', () => {
  it('a keystroke or a tick is a few small operations, not the page', () => {
    const ticked = roundTrip(state({ values: ['vm-1', 'vm-3'] }), state({ values: ['vm-1', 'vm-2', 'vm-3'] }));
    assert.deepEqual(
      ticked.find((o) => o.op === 'splice'),
      { op: 'splice', path: ['view', 'blocks', 1, 'values'], start: 1, remove: 0, items: ['vm-2'] },
    );
    const typed = roundTrip(state({ name: 'ab' }), state({ name: 'abc' }));
    assert.deepEqual(typed, [
      { op: 'set', path: ['view', 'blocks', 2, 'value'], value: 'abc' },
      { op: 'set', path: ['snapshot', 'name'], value: 'abc' },
    ]);
    assert.ok(JSON.stringify(typed).length < 200);
  });

  it('an absent or undefined key is deleted, a new one set; the same state is no operation', () => {
    assert.deepEqual(roundTrip(state({ busy: 'Reading…' }), state()), [{ op: 'del', path: ['view', 'busy'] }]);
    assert.deepEqual(roundTrip(state(), state({ busy: 'Reading…' })), [{ op: 'set', path: ['view', 'busy'], value: 'Reading…' }]);
    assert.deepEqual(diffState(state(), { ...state(), extra: undefined }), []);
  });

  it('turns any state into any other: new pages, removed and reordered items, other kinds, the root', () => {
    const cases: [unknown, unknown][] = [
      [state(), state({ page: 'preflight', values: ['vm-9'] })],
      [{ a: [1, 2, 3, 4, 5] }, { a: [5, 4, 3, 2, 1] }],
      [{ a: [1, 2, 3] }, { a: [] }],
      [{ a: [] }, { a: [{ id: 'x' }, 2, 'y'] }],
      [{ a: [{ id: 'x', kind: 'list', v: 1 }] }, { a: [{ id: 'y', kind: 'list', v: 1 }] }],
      [{ a: { b: 1 } }, { a: [1] }],
      [{ a: null }, { a: { b: null } }],
      [
        [1, [2, 3]],
        [1, [2, 4], 5],
      ],
      [{ a: 1 }, 'text'],
      [state({ values: options(150).map((o) => o.value) }), state()],
    ];
    for (const [from, to] of cases) roundTrip(from, to);
  });

  it('refuses a patch that does not fit the state, and never changes it', () => {
    const from = { a: [1, 2], b: { c: 'x' } };
    const refused: PatchOp[][] = [
      [{ op: 'set', path: ['a', 2], value: 3 }],
      [{ op: 'set', path: ['b', 'c', 'd'], value: 3 }],
      [{ op: 'set', path: ['z', 'y'], value: 3 }],
      [{ op: 'set', path: ['a', 'length'], value: 0 }],
      [{ op: 'splice', path: ['a'], start: 1, remove: 2, items: [] }],
      [{ op: 'splice', path: ['b'], start: 0, remove: 0, items: [] }],
      [{ op: 'del', path: ['a', 0] }],
      [{ op: 'del', path: [] }],
    ];
    for (const ops of refused) assert.equal(applyStatePatch(from, ops).ok, false, JSON.stringify(ops));
    assert.deepEqual(from, { a: [1, 2], b: { c: 'x' } });
  });

  it('the validator refuses a malformed patch message', () => {
    const ok = { type: 'patch', base: 1, rev: 2, ops: [{ op: 'set', path: ['view', 0], value: { any: ['json'] } }] };
    assert.ok(validateMessage(patchMessage, ok, patchScanLimits).ok);
    const bad: unknown[] = [
      { ...ok, ops: [{ op: 'set', path: ['__proto__', 'x'], value: 1 }] },
      { ...ok, ops: [{ op: 'set', path: ['constructor'], value: 1 }] },
      { ...ok, ops: [{ op: 'set', path: [-1], value: 1 }] },
      { ...ok, ops: [{ op: 'set', path: [1.5], value: 1 }] },
      { ...ok, ops: [{ op: 'set', path: ['a'] }] },
      { ...ok, ops: [{ op: 'move', path: ['a'], value: 1 }] },
      { ...ok, ops: [{ op: 'del', path: ['a'], extra: 1 }] },
      { ...ok, ops: [{ op: 'splice', path: ['a'], start: 0, remove: -1, items: [] }] },
      { ...ok, ops: [{ op: 'set', path: ['a'], value: JSON.parse('{"__proto__": {"polluted": true}}') as unknown }] },
      { ...ok, base: 'x' },
      { ...ok, type: 'update' },
    ];
    for (const m of bad) assert.equal(validateMessage(patchMessage, m, patchScanLimits).ok, false, JSON.stringify(m));
  });
});

describe('webviews/ui/followedState', () => {
  function follow(): { f: FollowedState; asked: () => number } {
    let asked = 0;
    const f = new FollowedState(undefined, () => (asked += 1));
    return { f, asked: () => asked };
  }
  const patch = (base: number, rev: number, ops: PatchOp[]) => ({ type: 'patch', base, rev, ops });

  it('applies each patch to the state of its revision', () => {
    const { f, asked } = follow();
    assert.equal(f.receive(patch(0, 1, [])), undefined, 'nothing before the init');
    assert.equal(f.receive({ type: 'init', state: state(), rev: 4 })?.kind, 'state');
    const changed = f.receive(patch(4, 5, diffState(state(), state({ name: 'a' }))));
    assert.ok(changed?.kind === 'state' && sameJson(changed.state, state({ name: 'a' })));
    assert.ok(f.receive(patch(5, 6, diffState(state({ name: 'a' }), state({ name: 'ab' })))));
    assert.ok(sameJson(f.current, state({ name: 'ab' })));
    assert.equal(asked(), 0);
  });

  it('a malformed patch, or one of another revision, is dropped and the whole state asked for once', () => {
    for (const wrong of [
      patch(3, 5, []),
      { ...patch(4, 5, []), ops: [{ op: 'set', path: ['__proto__'], value: 1 }] },
      patch(4, 5, [{ op: 'set', path: ['nothing', 'here'], value: 1 }]),
      patch(4, 5, [{ op: 'set', path: ['view'], value: 'x' }]),
    ]) {
      const { f, asked } = follow();
      f.receive({ type: 'init', state: state(), rev: 4 });
      assert.equal(f.receive(wrong), undefined);
      assert.equal(f.receive(patch(5, 6, [])), undefined, 'later patches wait for the init');
      assert.equal(asked(), 1);
      assert.ok(sameJson(f.current, state()), 'the state shown is kept');
      assert.equal(f.receive({ type: 'init', state: state({ name: 'z' }), rev: 6 })?.kind, 'state');
      assert.ok(f.receive(patch(6, 7, [{ op: 'set', path: ['snapshot', 'name'], value: 'y' }])));
    }
  });

  it('an error shows on the page without changing the state it follows', () => {
    const { f } = follow();
    assert.equal(f.receive({ type: 'error', message: 'boom' }), undefined, 'no page yet');
    f.receive({ type: 'init', state: state(), rev: 1 });
    assert.deepEqual(f.receive({ type: 'error', message: 'boom' }), { kind: 'error', message: 'boom' });
    assert.ok(sameJson(f.current, state()));
  });
});
