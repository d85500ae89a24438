// The base of every form wizard (connect, enable replication, failover, failback). Pure: no
// vscode, no DOM; the wizard's services come in through its constructor, so the lab suite drives
// a wizard through the real protocol against the lab.
//
// A wizard says what its current page shows (`page()`), and reacts to what the user did
// (`onSet`, `onCheck`, `onPress`). This base checks every action against the page on show
// before the wizard sees it (the field or button exists and is enabled, a choice is one of the
// offered options, a text fits), runs one press at a time, shows work in progress, and turns a
// failure into a sentence on the page (never a stack trace).
import type { FormAction, FormState } from './formProtocol';
import type { InputFieldView, PageView } from './view';
import { findButton, findField, orderButtons } from './view';

/** The sentence a failure shows: the error's message (our services' errors say what to do). */
import { failureText } from '../../model/failureText';
export { failureText };

export type PageContent = Omit<PageView, 'busy' | 'error'>;

export abstract class FormWizard<Snapshot> {
  private busyText: string | undefined;
  private errorText: string | undefined;
  private pressing = false;
  private readonly listeners = new Set<() => void>();
  private readonly closeListeners = new Set<() => void>();
  private readonly disposeListeners = new Set<() => void>();
  private disposedFlag = false;
  private hiddenFlag = false;

  /** What the current page shows (without the busy and error parts the base adds). */
  protected abstract page(): PageContent;
  /** The state to save for a reload (validated by the wizard's snapshot schema on restore). */
  abstract snapshot(): Snapshot;
  /** A text, select, radio or checkbox field changed (already checked against the page). */
  protected abstract onSet(field: InputFieldView, value: string): void;
  /** A button was pressed (already checked against the page; one at a time). */
  protected abstract onPress(button: string): Promise<void>;
  /** An option of a checklist was ticked or cleared. */
  protected onCheck(_field: InputFieldView, _option: string, _checked: boolean): void {
    // wizards with a checklist override this
  }

  /** The page as the webview shows it. */
  view(): PageView {
    const content = this.page();
    return {
      ...content,
      // A secret never leaves the extension, whatever the wizard put in its view.
      blocks: content.blocks.map((b) => (b.kind === 'text' && b.secret && b.value !== '' ? { ...b, value: '' } : b)),
      // Every wizard's buttons in one order: Back, the primary action, the others, Cancel or Close.
      buttons: orderButtons(content.buttons),
      ...(this.busyText !== undefined ? { busy: this.busyText } : {}),
      ...(this.errorText !== undefined ? { error: this.errorText } : {}),
    };
  }

  state(): FormState<Snapshot> {
    return { view: this.view(), snapshot: this.snapshot() };
  }

  get busy(): boolean {
    return this.busyText !== undefined || this.pressing;
  }

  get error(): string | undefined {
    return this.errorText;
  }

  get disposed(): boolean {
    return this.disposedFlag;
  }

  /** The wizard's panel is open and visible in an editor group (not a background tab). */
  get shown(): boolean {
    return !this.disposedFlag && !this.hiddenFlag;
  }

  /** Told by the panel (formPanel.ts) when it is shown or goes behind another tab. */
  setShown(visible: boolean): void {
    this.hiddenFlag = !visible;
  }

  /** Called after every change of what the page shows. Returns an unsubscribe. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called when the wizard asks its panel to close (Cancel, Close). Returns an unsubscribe. */
  onDidRequestClose(listener: () => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** Called once when the wizard's panel has closed. Returns an unsubscribe. */
  onDidDispose(listener: () => void): () => void {
    this.disposeListeners.add(listener);
    return () => this.disposeListeners.delete(listener);
  }

  dispose(): void {
    if (this.disposedFlag) return;
    this.disposedFlag = true;
    this.listeners.clear();
    this.closeListeners.clear();
    for (const l of [...this.disposeListeners]) l();
    this.disposeListeners.clear();
  }

  /**
   * Handles one action from the webview. Resolves with the reason when it is refused (nothing
   * changed), or undefined when it was taken (a press resolves when its work is done).
   */
  async handle(action: FormAction): Promise<string | undefined> {
    if (this.disposedFlag) return 'the wizard is closed';
    const view = this.view();
    switch (action.name) {
      case 'set': {
        const field = findField(view, action.payload.field);
        const reason = checkSet(field, action.payload.value);
        if (reason) return reason;
        this.onSet(field!, action.payload.value);
        this.changed();
        return undefined;
      }
      case 'check': {
        const field = findField(view, action.payload.field);
        if (!field || field.kind !== 'checklist') return 'check: no such list on this page';
        if (field.disabled) return 'check: the list is disabled';
        const option = field.options.find((o) => o.value === action.payload.option);
        if (!option) return 'check: no such option';
        if (option.disabled && action.payload.checked) return 'check: the option cannot be chosen';
        this.onCheck(field, option.value, action.payload.checked);
        this.changed();
        return undefined;
      }
      case 'press': {
        const button = findButton(view, action.payload.button);
        if (!button) return 'press: no such button on this page';
        if (button.disabled) return 'press: the button is disabled';
        if (this.pressing) return 'press: busy with the previous action';
        this.pressing = true;
        try {
          await this.onPress(button.id);
        } catch (e) {
          this.errorText = failureText(e);
        } finally {
          this.pressing = false;
          this.changed();
        }
        return undefined;
      }
    }
  }

  /** Tells the panel that the page changed. */
  protected changed(): void {
    if (this.disposedFlag) return;
    for (const l of [...this.listeners]) l();
  }

  /** Asks the panel to close (the work the wizard started goes on; the status bar follows it). */
  protected requestClose(): void {
    for (const l of [...this.closeListeners]) l();
  }

  protected setError(text: string | undefined): void {
    this.errorText = text;
    this.changed();
  }

  /**
   * Runs work with a busy indicator; a failure becomes the page's error and resolves false.
   * Clears the previous error first.
   */
  protected async work(text: string, fn: () => Promise<void>): Promise<boolean> {
    this.busyText = text;
    this.errorText = undefined;
    this.changed();
    try {
      await fn();
      return true;
    } catch (e) {
      this.errorText = failureText(e);
      return false;
    } finally {
      this.busyText = undefined;
      this.changed();
    }
  }
}

function checkSet(field: InputFieldView | undefined, value: string): string | undefined {
  if (!field) return 'set: no such field on this page';
  if (field.disabled) return 'set: the field is disabled';
  switch (field.kind) {
    case 'text':
      return value.length > field.maxLength ? 'set: the text is too long' : undefined;
    case 'select':
    case 'radio': {
      const option = field.options.find((o) => o.value === value);
      if (!option) return 'set: not one of the offered choices';
      return option.disabled ? 'set: the choice cannot be chosen' : undefined;
    }
    case 'checkbox':
      return value === 'true' || value === 'false' ? undefined : 'set: a checkbox is "true" or "false"';
    case 'checklist':
      return 'set: use check for a list';
  }
}
