import assert from 'node:assert/strict';
import { WizardChannel } from '../../../src/webviews/channel';
import type { WebviewMessage } from '../../../src/webviews/protocol';
import { applyStatePatch } from '../../../src/webviews/statePatch';
import type { WizardInbound } from '../../../src/webviews/protocol';
import { defineWizardProtocol } from '../../../src/webviews/protocol';
import type { Infer } from '../../../src/webviews/validate';
import { s, validateMessage } from '../../../src/webviews/validate';

// A small wizard of its own, so the channel is tested apart from any real wizard.
const shellState = s.object({
  title: s.string({ maxLength: 200 }),
  page: s.enumOf(['hello']),
  name: s.string({ maxLength: 100 }),
  busy: s.boolean(),
});
type ShellState = Infer<typeof shellState>;
const shellProtocol = defineWizardProtocol({
  hello: { name: s.string({ maxLength: 100 }), greeting: s.enumOf(['hello', 'welcome']), formal: s.boolean() },
  cancel: {},
});
type ShellInbound = WizardInbound<typeof shellProtocol.actions>;
function initialShellState(title: string): ShellState {
  return { title, page: 'hello', name: '', busy: false };
}

function setup() {
  const sent: WebviewMessage<ShellState>[] = [];
  const warnings: string[] = [];
  const channel = new WizardChannel<ShellState, ShellInbound>({
    viewType: 'asr.test',
    inbound: shellProtocol.inbound,
    initialState: initialShellState('T'),
    send: (m) => {
      sent.push(m);
      return true;
    },
    log: { warn: (m) => warnings.push(m) },
  });
  return { channel, sent, warnings };
}

describe('webviews/channel', () => {
  it('posts nothing before ready, then init with the folded state, last progress and queued errors', () => {
    const { channel, sent } = setup();
    channel.post({ type: 'update', patch: { name: 'a' } });
    channel.post({ type: 'progress', steps: [{ id: '1', label: 'one', state: 'running' }] });
    channel.post({ type: 'progress', steps: [{ id: '1', label: 'one', state: 'succeeded' }] });
    channel.postError('boom');
    assert.equal(sent.length, 0);
    assert.ok(channel.receive({ type: 'ready' }));
    assert.deepEqual(
      sent.map((m) => m.type),
      ['init', 'progress', 'error'],
    );
    assert.equal(sent[0].type === 'init' && sent[0].state.name, 'a');
    assert.equal(sent[1].type === 'progress' && sent[1].steps[0].state, 'succeeded');
  });
  it('posts straight away once ready, and re-inits after a reset', () => {
    const { channel, sent } = setup();
    channel.receive({ type: 'ready' });
    channel.post({ type: 'update', patch: { busy: true } });
    assert.deepEqual(sent.at(-1), { type: 'patch', base: 0, rev: 1, ops: [{ op: 'set', path: ['busy'], value: true }] });
    channel.reset();
    channel.post({ type: 'update', patch: { name: 'b' } });
    assert.equal(sent.length, 2);
    channel.receive({ type: 'ready' });
    const last = sent.at(-1)!;
    assert.ok(last.type === 'init' && last.state.busy && last.state.name === 'b' && last.rev === 2);
  });
  it('sends what changed as a patch from the revision the webview holds, and nothing when nothing changed', () => {
    const { channel, sent } = setup();
    channel.receive({ type: 'ready' });
    const init = sent[0];
    assert.ok(init.type === 'init');
    let held: unknown = init.state;
    let rev = init.rev;
    channel.post({ type: 'update', patch: { name: 'ab', title: 'U' } });
    channel.post({ type: 'update', patch: { name: 'ab' } });
    channel.post({ type: 'update', patch: { name: 'abc' } });
    const patches = sent.slice(1);
    assert.equal(patches.length, 2, 'an update that changes nothing is not sent');
    for (const m of patches) {
      assert.ok(m.type === 'patch' && m.base === rev);
      const r = applyStatePatch(held, m.ops);
      assert.ok(r.ok);
      held = r.value;
      rev = m.rev;
    }
    assert.deepEqual(held, channel.state);
    // A webview that could not apply a patch says ready again: the whole state, at the current revision.
    channel.receive({ type: 'ready' });
    const again = sent.at(-1)!;
    assert.ok(again.type === 'init' && again.rev === rev && again.state.name === 'abc');
  });
  it('delivers validated actions to handlers', () => {
    const { channel } = setup();
    const got: string[] = [];
    channel.onMessage((m) => got.push(m.name));
    assert.ok(channel.receive({ type: 'action', name: 'hello', payload: { name: 'x', greeting: 'welcome', formal: true } }));
    assert.deepEqual(got, ['hello']);
  });
  it('drops invalid messages and logs without the payload', () => {
    const { channel, warnings } = setup();
    const got: unknown[] = [];
    channel.onMessage((m) => got.push(m));
    assert.equal(channel.receive({ type: 'action', name: 'hello', payload: { name: 'SECRET'.repeat(50), greeting: 'hello', formal: true } }), false);
    assert.equal(channel.receive('SECRET'), false);
    assert.equal(got.length, 0);
    assert.equal(channel.rejectedCount, 2);
    assert.equal(warnings.length, 2);
    for (const w of warnings) assert.ok(!w.includes('SECRET'));
  });
  it('bounds the queued errors', () => {
    const { channel, sent } = setup();
    for (let i = 0; i < 100; i++) channel.postError(`e${i}`);
    channel.receive({ type: 'ready' });
    assert.equal(sent.filter((m) => m.type === 'error').length, 20);
  });
  it('a throwing handler is logged, not propagated', () => {
    const { channel, warnings } = setup();
    channel.onMessage(() => {
      throw new Error('bad');
    });
    assert.ok(channel.receive({ type: 'action', name: 'cancel', payload: {} }));
    assert.equal(warnings.length, 1);
  });
  it('the shell state schema accepts the initial state and rejects a tampered one', () => {
    assert.ok(validateMessage(shellState, initialShellState('x')).ok);
    assert.equal(validateMessage(shellState, { ...initialShellState('x'), page: 'evil' }).ok, false);
    assert.equal(validateMessage(shellState, { ...initialShellState('x'), extra: 1 }).ok, false);
  });
  it('shortens long error messages', () => {
    const { channel, sent } = setup();
    channel.receive({ type: 'ready' });
    channel.postError('x'.repeat(10_000));
    const last = sent.at(-1)!;
    assert.ok(last.type === 'error' && last.message.length === 2000);
  });
});
