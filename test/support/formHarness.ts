// Drives a form wizard through its real message protocol, as its webview does: raw messages go
// into a WizardChannel (validated exactly like the panel's), the wizard answers with pages.
// The harness reads what the webview would show: fields, buttons, errors, steps.
import { WizardChannel } from '../../src/webviews/channel';
import { bindForm, type FormBinding } from '../../src/webviews/form/formSession';
import { formProtocol, type FormInbound, type FormState } from '../../src/webviews/form/formProtocol';
import type { FormWizard } from '../../src/webviews/form/formWizard';
import type { ProgressStep, WebviewMessage } from '../../src/webviews/protocol';
import { applyStatePatch } from '../../src/webviews/statePatch';
import type { BlockView, InputFieldView, PageView } from '../../src/webviews/form/view';
import { findButton, findField } from '../../src/webviews/form/view';
import { eventually } from './wait';

export class FormHarness<Snapshot> {
  readonly channel: WizardChannel<FormState<Snapshot>, FormInbound>;
  readonly warnings: string[] = [];
  /** Every message the webview was sent (an init, then patches). */
  readonly sent: WebviewMessage<FormState<Snapshot>>[] = [];
  /** Every state the webview held, one per init or patch, in order. */
  readonly shownStates: FormState<Snapshot>[] = [];
  /** The reason of every action the wizard refused (the binding logs them as warnings too). */
  readonly refusals: { action: string; reason: string }[] = [];
  private readonly binding: FormBinding;
  private shown: FormState<Snapshot> | undefined;

  constructor(readonly wizard: FormWizard<Snapshot>) {
    this.channel = new WizardChannel<FormState<Snapshot>, FormInbound>({
      viewType: 'test.form',
      inbound: formProtocol.inbound,
      initialState: wizard.state(),
      send: (m) => {
        this.sent.push(m);
        if (m.type === 'init') this.show(m.state);
        else if (m.type === 'patch') {
          // As the webview does (ui/followedState.ts), without its resync: a patch must fit.
          const r = applyStatePatch(this.shown, m.ops);
          if (r.ok) this.show(r.value as FormState<Snapshot>);
          else this.warnings.push(`a patch did not fit the state the webview holds: ${r.reason}`);
        }
        return true;
      },
      log: { warn: (w) => this.warnings.push(w) },
    });
    this.binding = bindForm(wizard, this.channel, { warn: (w) => this.logged(w) }, 'test.form');
    this.raw({ type: 'ready' });
  }

  private show(state: FormState<Snapshot>): void {
    this.shown = state;
    this.shownStates.push(state);
  }

  /** Sends one raw message, as the webview's postMessage would; returns whether the gate took it. */
  raw(message: unknown): boolean {
    return this.channel.receive(message);
  }

  /** What the webview shows now. */
  get view(): PageView {
    if (!this.shown) throw new Error('the webview has not been initialised');
    return this.shown.view;
  }

  get snapshot(): Snapshot {
    if (!this.shown) throw new Error('the webview has not been initialised');
    return this.shown.snapshot;
  }

  field(id: string): InputFieldView {
    const f = findField(this.view, id);
    if (!f) throw new Error(`page "${this.view.page}" has no field "${id}" (has: ${this.view.blocks.map((b) => b.id).join(', ')})`);
    return f;
  }

  block(id: string): BlockView {
    const b = this.view.blocks.find((x) => x.id === id);
    if (!b) throw new Error(`page "${this.view.page}" has no block "${id}"`);
    return b;
  }

  steps(id = 'steps'): readonly ProgressStep[] {
    const b = this.block(id);
    if (b.kind !== 'steps') throw new Error(`block "${id}" is not a steps block`);
    return b.steps;
  }

  buttonEnabled(id: string): boolean {
    const b = findButton(this.view, id);
    return b !== undefined && b.disabled !== true;
  }

  /**
   * Sets a field and waits until the wizard has handled it. Fails when the wizard refuses the value
   * (the field is disabled or not on the page, the choice is not offered or cannot be chosen, the
   * text is too long): a test that means to check a refusal says so with `setExpectingRefusal`.
   */
  async set(field: string, value: string): Promise<void> {
    const reason = await this.send('set', { field, value });
    if (reason !== undefined) throw new Error(`set ${field} was refused on page "${this.pageName()}": ${reason} (use setExpectingRefusal to test a refusal)`);
  }

  /** Sets a field the wizard must refuse; resolves with the reason it gave, fails when the value was taken. */
  async setExpectingRefusal(field: string, value: string): Promise<string> {
    const reason = await this.send('set', { field, value });
    if (reason === undefined) throw new Error(`set ${field} on page "${this.pageName()}" was taken, but a refusal was expected`);
    return reason;
  }

  /**
   * Ticks or clears an option of a checklist and waits until the wizard has handled it. Fails when
   * the wizard refuses it (no such list or option, the list is disabled, the option cannot be
   * chosen): a test that means to check a refusal says so with `checkExpectingRefusal`.
   */
  async check(field: string, option: string, checked: boolean): Promise<void> {
    const reason = await this.send('check', { field, option, checked });
    if (reason !== undefined) throw new Error(`check ${field} ${option} was refused on page "${this.pageName()}": ${reason} (use checkExpectingRefusal to test a refusal)`);
  }

  /** Ticks or clears an option the wizard must refuse; resolves with the reason it gave, fails when it was taken. */
  async checkExpectingRefusal(field: string, option: string, checked: boolean): Promise<string> {
    const reason = await this.send('check', { field, option, checked });
    if (reason === undefined) throw new Error(`check ${field} ${option} on page "${this.pageName()}" was taken, but a refusal was expected`);
    return reason;
  }

  /**
   * Presses a button and waits until its work is done. Fails when the wizard refuses the press (the
   * button is disabled, not on the page, or the wizard is busy): a test that means to check a
   * refusal says so with `pressExpectingRefusal`.
   */
  async press(button: string): Promise<void> {
    const reason = await this.send('press', { button });
    if (reason !== undefined) {
      throw new Error(`press ${button} was refused on page "${this.pageName()}": ${reason} (use pressExpectingRefusal to test a refusal)`);
    }
  }

  /** Presses a button the wizard must refuse; resolves with the reason it gave, fails when the press was taken. */
  async pressExpectingRefusal(button: string): Promise<string> {
    const reason = await this.send('press', { button });
    if (reason === undefined) throw new Error(`press ${button} on page "${this.pageName()}" was taken, but a refusal was expected`);
    return reason;
  }

  /**
   * Sends one action and waits for it; the reason of its refusal, if the wizard refused it. An
   * action the message gate rejects (its payload does not fit the protocol) fails at once.
   */
  private async send(name: 'set' | 'check' | 'press', payload: Record<string, unknown>): Promise<string | undefined> {
    const before = this.refusals.length;
    const target = String(payload.field ?? payload.button);
    if (!this.raw({ type: 'action', name, payload })) throw new Error(`${name} ${target} was rejected by the gate`);
    await this.binding.settled();
    return this.refusals.slice(before).find((r) => r.action === name)?.reason;
  }

  private pageName(): string {
    return this.shown?.view.page ?? '?';
  }

  private logged(warning: string): void {
    this.warnings.push(warning);
    // bindForm's words: `[<name>] refused a webview action (<action>): <reason>`
    const m = /^\[test\.form\] refused a webview action \(([a-z]+)\): (.*)$/s.exec(warning);
    if (m) this.refusals.push({ action: m[1] ?? '', reason: m[2] ?? '' });
  }

  /** Waits until the page shows what `predicate` wants. */
  async until(what: string, predicate: (view: PageView) => boolean, timeoutMs = 30_000): Promise<PageView> {
    return eventually(what, () => (predicate(this.view) ? this.view : undefined), timeoutMs);
  }

  dispose(): void {
    this.binding.dispose();
    this.wizard.dispose();
  }
}
