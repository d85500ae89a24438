import assert from 'node:assert/strict';
import { FormWizard, failureText, type PageContent } from '../../../src/webviews/form/formWizard';
import type { ButtonView, InputFieldView } from '../../../src/webviews/form/view';
import { orderButtons } from '../../../src/webviews/form/view';
import { s } from '../../../src/webviews/validate';
import { FormHarness } from '../../support/formHarness';

const snapshotSchema = s.object({
  name: s.string({ maxLength: 20 }),
  colour: s.enumOf(['red', 'blue']),
  agree: s.boolean(),
  vms: s.array(s.string({ maxLength: 20 }), { maxItems: 5 }),
});
type Snap = { name: string; colour: 'red' | 'blue'; agree: boolean; vms: string[] };

/** A small wizard: one page with every kind of field, a button that fails once. */
class TestWizard extends FormWizard<Snap> {
  state_: Snap = { name: '', colour: 'red', agree: false, vms: [] };
  presses: string[] = [];
  failNext = false;
  closed = 0;
  protected page(): PageContent {
    return {
      page: 'one',
      title: 'Test',
      blocks: [
        { kind: 'text', id: 'name', label: 'Name', value: this.state_.name, maxLength: 20 },
        {
          kind: 'select',
          id: 'colour',
          label: 'Colour',
          value: this.state_.colour,
          options: [
            { value: 'red', label: 'Red' },
            { value: 'blue', label: 'Blue' },
            { value: 'green', label: 'Green', disabled: true },
          ],
        },
        { kind: 'checkbox', id: 'agree', label: 'Agree', checked: this.state_.agree },
        { kind: 'checkbox', id: 'locked', label: 'Locked', checked: false, disabled: true },
        {
          kind: 'checklist',
          id: 'vms',
          label: 'VMs',
          values: this.state_.vms,
          options: [
            { value: 'a', label: 'a' },
            { value: 'b', label: 'b', disabled: true },
          ],
        },
      ],
      buttons: [
        { id: 'go', label: 'Go', primary: true, disabled: this.state_.name === '' },
        { id: 'cancel', label: 'Cancel' },
        { id: 'fail', label: 'Fail' },
      ],
    };
  }
  snapshot(): Snap {
    return this.state_;
  }
  protected onSet(field: InputFieldView, value: string): void {
    if (field.id === 'name') this.state_ = { ...this.state_, name: value };
    if (field.id === 'colour') this.state_ = { ...this.state_, colour: value === 'blue' ? 'blue' : 'red' };
    if (field.id === 'agree') this.state_ = { ...this.state_, agree: value === 'true' };
  }
  protected override onCheck(_field: InputFieldView, option: string, checked: boolean): void {
    this.state_ = { ...this.state_, vms: checked ? [...this.state_.vms, option] : this.state_.vms.filter((v) => v !== option) };
  }
  protected async onPress(button: string): Promise<void> {
    this.presses.push(button);
    if (button === 'cancel') this.requestClose();
    if (button === 'fail') {
      await this.work('Failing…', () => Promise.reject(new Error('The vault is locked.\n    at secret (file.ts:1)')));
    }
    if (button === 'go') await new Promise((r) => setTimeout(r, 20));
  }
}

describe('webviews/form/formWizard', () => {
  it("shows every wizard's buttons in one order: Back, the primary action, the others, Cancel or Close", () => {
    const ids = (buttons: ButtonView[]): string[] => orderButtons(buttons).map((b) => b.id);
    // Connect's order was Cancel, Back, Try again, Next; Failover's Back, Cancel, Next.
    assert.deepEqual(
      ids([
        { id: 'cancel', label: 'Cancel' },
        { id: 'back', label: 'Back' },
        { id: 'reload', label: 'Try again' },
        { id: 'next', label: 'Next', primary: true },
      ]),
      ['back', 'next', 'reload', 'cancel'],
    );
    assert.deepEqual(
      ids([
        { id: 'back', label: 'Back' },
        { id: 'cancel', label: 'Cancel' },
        { id: 'start', label: 'Start', primary: true, disabled: true },
      ]),
      ['back', 'start', 'cancel'],
    );
    // A primary Close stays last; the order within a group is the page's.
    assert.deepEqual(
      ids([
        { id: 'retry', label: 'Retry', primary: true },
        { id: 'cancelRun', label: 'Cancel' },
        { id: 'close', label: 'Close', primary: true },
      ]),
      ['retry', 'cancelRun', 'close'],
    );
    assert.deepEqual(
      ids([
        { id: 'cleanup', label: 'Clean up', primary: true },
        { id: 'portal', label: 'Portal' },
        { id: 'close', label: 'Close' },
      ]),
      ['cleanup', 'portal', 'close'],
    );
    const w = new TestWizard();
    assert.deepEqual(
      w.view().buttons.map((b) => b.id),
      ['go', 'fail', 'cancel'],
      'the view a wizard shows is in that order',
    );
  });

  it('takes actions that match the page and refuses the rest without changing anything', async () => {
    const w = new TestWizard();
    const h = new FormHarness(w);
    await h.set('name', 'x');
    await h.set('colour', 'blue');
    await h.set('agree', 'true');
    await h.check('vms', 'a', true);
    assert.deepEqual(w.snapshot(), { name: 'x', colour: 'blue', agree: true, vms: ['a'] });
    assert.equal(h.warnings.length, 0);

    const before = JSON.stringify(w.snapshot());
    assert.equal(await h.setExpectingRefusal('colour', 'green'), 'set: the choice cannot be chosen'); // offered but disabled
    assert.equal(await h.setExpectingRefusal('colour', 'purple'), 'set: not one of the offered choices');
    assert.equal(await h.setExpectingRefusal('agree', 'yes'), 'set: a checkbox is "true" or "false"');
    assert.equal(await h.setExpectingRefusal('locked', 'true'), 'set: the field is disabled');
    assert.equal(await h.setExpectingRefusal('nope', 'x'), 'set: no such field on this page');
    assert.equal(await h.setExpectingRefusal('name', 'x'.repeat(21)), 'set: the text is too long');
    assert.equal(await h.checkExpectingRefusal('vms', 'b', true), 'check: the option cannot be chosen'); // disabled option
    assert.equal(await h.checkExpectingRefusal('vms', 'zzz', true), 'check: no such option');
    assert.equal(await h.checkExpectingRefusal('name', 'a', true), 'check: no such list on this page');
    assert.equal(JSON.stringify(w.snapshot()), before);
    assert.equal(h.warnings.length, 9);
    for (const warning of h.warnings) assert.match(warning, /refused a webview action/);
  });

  it('refuses a disabled or unknown button, and a second press while one runs', async () => {
    const w = new TestWizard();
    const h = new FormHarness(w);
    assert.equal(await h.pressExpectingRefusal('go'), 'press: the button is disabled'); // no name yet
    assert.equal(await h.pressExpectingRefusal('missing'), 'press: no such button on this page');
    assert.deepEqual(w.presses, []);
    await h.set('name', 'x');
    h.raw({ type: 'action', name: 'press', payload: { button: 'go' } });
    assert.equal(await h.pressExpectingRefusal('go'), 'press: busy with the previous action');
    assert.deepEqual(w.presses, ['go']);
    assert.equal(h.warnings.length, 3);
    assert.match(h.warnings[2] ?? '', /busy/);
  });

  it('the harness fails a test that presses a refused button, and one that expects a refusal that does not come', async () => {
    const w = new TestWizard();
    const h = new FormHarness(w);
    await assert.rejects(h.press('go'), /^Error: press go was refused on page "one": press: the button is disabled/);
    await assert.rejects(h.press('missing'), /press missing was refused on page "one": press: no such button on this page/);
    await h.set('name', 'x');
    await assert.rejects(h.pressExpectingRefusal('go'), /press go on page "one" was taken, but a refusal was expected/);
    await h.press('go');
    assert.deepEqual(w.presses, ['go', 'go']);
    assert.deepEqual(h.refusals, [
      { action: 'press', reason: 'press: the button is disabled' },
      { action: 'press', reason: 'press: no such button on this page' },
    ]);
  });

  it('the harness fails a test whose set or check is refused, and one that expects a refusal that does not come', async () => {
    const w = new TestWizard();
    const h = new FormHarness(w);
    await assert.rejects(h.set('locked', 'true'), /^Error: set locked was refused on page "one": set: the field is disabled \(use setExpectingRefusal/);
    await assert.rejects(h.set('colour', 'purple'), /set colour was refused on page "one": set: not one of the offered choices/);
    await assert.rejects(h.set('name', 'x'.repeat(1001)), /^Error: set name was rejected by the gate$/);
    await assert.rejects(h.check('vms', 'b', true), /^Error: check vms b was refused on page "one": check: the option cannot be chosen \(use checkExpectingRefusal/);
    await assert.rejects(h.setExpectingRefusal('name', 'x'), /set name on page "one" was taken, but a refusal was expected/);
    await assert.rejects(h.checkExpectingRefusal('vms', 'a', true), /check vms a on page "one" was taken, but a refusal was expected/);
    assert.deepEqual(w.snapshot(), { name: 'x', colour: 'red', agree: false, vms: ['a'] });
    assert.deepEqual(h.refusals, [
      { action: 'set', reason: 'set: the field is disabled' },
      { action: 'set', reason: 'set: not one of the offered choices' },
      { action: 'check', reason: 'check: the option cannot be chosen' },
    ]);
  });

  it('the gate drops malformed messages before the wizard sees them', () => {
    const w = new TestWizard();
    const h = new FormHarness(w);
    assert.equal(h.raw({ type: 'action', name: 'set', payload: { field: 'name' } }), false);
    assert.equal(h.raw({ type: 'action', name: 'set', payload: { field: 'name', value: 'x', extra: 1 } }), false);
    assert.equal(h.raw({ type: 'action', name: 'set', payload: { field: '<img src=x>', value: 'x' } }), false);
    assert.equal(h.raw({ type: 'action', name: 'set', payload: { field: 'name', value: 'x'.repeat(1001) } }), false);
    assert.equal(h.raw({ type: 'action', name: 'press', payload: { button: 'go', __proto__: { polluted: true } } }), false);
    assert.equal(h.raw({ type: 'action', name: 'eval', payload: {} }), false);
    assert.equal(h.raw({ type: 'action', name: 'check', payload: { field: 'vms', option: 'a', checked: 'yes' } }), false);
    assert.equal(w.snapshot().name, '');
  });

  it('shows work in progress, then a failure as one sentence without a stack trace', async () => {
    const w = new TestWizard();
    const h = new FormHarness(w);
    const busy: (string | undefined)[] = [];
    w.onDidChange(() => busy.push(w.view().busy));
    await h.press('fail');
    assert.ok(busy.includes('Failing…'));
    assert.equal(h.view.busy, undefined);
    assert.equal(h.view.error, 'The vault is locked.');
    assert.equal(failureText('not an error'), 'Something went wrong; see the "Azure Site Recovery" output for details.');
  });

  it('cancel asks the panel to close; a disposed wizard takes nothing', async () => {
    const w = new TestWizard();
    const h = new FormHarness(w);
    w.onDidRequestClose(() => w.closed++);
    await h.press('cancel');
    assert.equal(w.closed, 1);
    let disposed = 0;
    w.onDidDispose(() => disposed++);
    w.dispose();
    w.dispose();
    assert.equal(disposed, 1, 'dispose listeners run once');
    assert.equal(await w.handle({ type: 'action', name: 'set', payload: { field: 'name', value: 'x' } }), 'the wizard is closed');
  });

  it('never sends a secret to the webview, whatever the wizard puts in its view', async () => {
    class Leaky extends TestWizard {
      protected override page(): PageContent {
        const p = super.page();
        return { ...p, blocks: [...p.blocks, { kind: 'text', id: 'pw', label: 'Password', value: 'hunter2', secret: true, held: true, maxLength: 20 }] };
      }
    }
    const h = new FormHarness(new Leaky());
    await h.set('name', 'x');
    assert.ok(h.sent.length > 0);
    for (const m of h.sent) assert.ok(!JSON.stringify(m).includes('hunter2'));
    const pw = h.field('pw');
    assert.ok(pw.kind === 'text' && pw.value === '' && pw.held === true);
  });

  it('every change reaches the webview as a patch of the page and the snapshot', async () => {
    const w = new TestWizard();
    const h = new FormHarness(w);
    await h.set('name', 'abc');
    const last = h.sent.at(-1)!;
    assert.equal(last.type, 'patch');
    assert.deepEqual(h.shownStates.at(-1), w.state());
    assert.deepEqual(h.warnings, []);
    const name = h.field('name');
    assert.equal(name.kind === 'text' ? name.value : undefined, 'abc');
    assert.equal(h.snapshot.name, 'abc');
    assert.ok(h.buttonEnabled('go'));
    assert.ok(snapshotSchema.check(h.snapshot, '$').ok);
  });
});
