// Draws a wizard page (PageView, computed by the extension) with our components, and reports
// what the user does as protocol actions. A new page is built afresh and focus moves to its
// heading; an update of the same page is applied in place, so typing, focus and the screen
// reader's position survive the extension's answers. Controls report a change only when it
// differs from what the page says, so redrawing never echoes a message back.
//
// When a field's problem shows: never before the user has done anything to an empty field. An
// empty field's problem ("Type a name…") waits until the field is touched (it loses focus, or its
// value changes) or the user presses a button that acts on the page (Next, Start…); a field that
// holds a value (typed, restored, chosen by default) shows its problem at once.
import type { ProgressStep } from '../protocol';
import type { BlockView, ButtonView, CheckboxFieldView, ChecklistFieldView, InputFieldView, PageView, RadioFieldView, SelectFieldView, TextFieldView, Tone } from '../form/view';
import { isDismissButton, isInputField } from '../form/view';
import type { Control } from './components';
import { actions, button, checkbox, dropdown, errorBanner, heading, paragraph, progressRing, radioGroup, setDisabled, textField } from './components';

export type FormOutbound =
  | { type: 'action'; name: 'set'; payload: { field: string; value: string } }
  | { type: 'action'; name: 'check'; payload: { field: string; option: string; checked: boolean } }
  | { type: 'action'; name: 'press'; payload: { button: string } };

interface MountedField {
  readonly view: InputFieldView;
  readonly element: HTMLElement;
  readonly note: HTMLElement;
  /** Sets the value shown without reporting it. */
  readonly apply: (view: InputFieldView) => void;
  readonly focusTarget: HTMLElement;
  /** The control marked invalid while its problem shows. */
  readonly control: HTMLElement;
}

/** What every field's builder gets: the field's wrapper, its note, and the field's view as the page says now. */
interface FieldParts {
  readonly wrap: HTMLElement;
  readonly note: HTMLElement;
  readonly current: () => InputFieldView;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

/** What makes two views of a page the same layout (ids, kinds, choices). */
function layoutKey(view: PageView): string {
  const parts: unknown[] = [view.page];
  for (const b of view.blocks) {
    if (b.kind === 'select' || b.kind === 'radio' || b.kind === 'checklist') {
      const unchosen = b.kind === 'select' && b.value === '';
      parts.push([b.id, b.kind, unchosen, b.options.map((o) => [o.value, o.label, o.detail ?? '', o.disabled === true])]);
    } else {
      parts.push([b.id, b.kind]);
    }
  }
  parts.push(view.buttons.map((b) => b.id));
  return JSON.stringify(parts);
}

const toneClass: Readonly<Record<Tone, string>> = { info: 'asr-tone-info', success: 'asr-tone-success', warning: 'asr-tone-warning', error: 'asr-tone-error' };
const stepWord: Readonly<Record<ProgressStep['state'], string>> = { pending: 'waiting', running: 'in progress', succeeded: 'done', failed: 'failed', skipped: 'skipped' };
const SVG_NS = 'http://www.w3.org/2000/svg';
/** The icons of the steps that are not running, drawn as small inline SVG (no icon font, nothing loaded). */
const stepShapes: Readonly<Record<Exclude<ProgressStep['state'], 'running'>, { tag: 'path' | 'circle'; attrs: Record<string, string> }>> = {
  pending: { tag: 'circle', attrs: { cx: '8', cy: '8', r: '5' } },
  succeeded: { tag: 'path', attrs: { d: 'M3 8.5l3.2 3.2L13 4.8' } },
  failed: { tag: 'path', attrs: { d: 'M4 4l8 8M12 4l-8 8' } },
  skipped: { tag: 'path', attrs: { d: 'M3.5 8h9M9.5 5l3 3-3 3' } },
};

/** A step's icon, named by its state for assistive technology ("done", "failed", "skipped"…); a running step has a spinner. */
function stepIcon(state: ProgressStep['state']): Element {
  if (state === 'running') {
    const spinner = el('span', undefined, 'asr-step-icon asr-step-spinner');
    spinner.setAttribute('role', 'img');
    spinner.setAttribute('aria-label', stepWord.running);
    return spinner;
  }
  const shape = stepShapes[state];
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'asr-step-icon');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', stepWord[state]);
  const part = document.createElementNS(SVG_NS, shape.tag);
  for (const [k, v] of Object.entries(shape.attrs)) part.setAttribute(k, v);
  svg.append(part);
  return svg;
}

/** One step of a run page: its icon, its label, its percentage (a bar while it runs) and its detail. */
function stepItem(step: ProgressStep): HTMLElement {
  const li = el('li', undefined, `asr-step asr-step-${step.state}`);
  li.dataset.stepId = step.id;
  const line = el('div', undefined, 'asr-step-line');
  line.append(stepIcon(step.state), el('span', step.label, 'asr-step-label-text'));
  const percent = step.percent !== undefined ? Math.max(0, Math.min(100, Math.round(step.percent))) : undefined;
  if (percent !== undefined) line.append(el('span', `${percent}%`, 'asr-step-percent'));
  li.append(line);
  if (step.state === 'running' && percent !== undefined) {
    const bar = el('progress', undefined, 'asr-step-bar');
    bar.max = 100;
    bar.value = percent;
    bar.setAttribute('aria-label', step.label);
    bar.setAttribute('aria-valuenow', String(percent));
    li.append(bar);
  }
  if (step.detail) li.append(paragraph(step.detail, 'asr-step-detail'));
  return li;
}

/** Whether a field holds nothing yet (its problem waits until it is touched). */
function isEmpty(v: InputFieldView): boolean {
  switch (v.kind) {
    case 'text':
      return v.value === '' && !(v.secret === true && v.held === true);
    case 'select':
    case 'radio':
      return v.value === '';
    case 'checklist':
      return v.values.length === 0;
    case 'checkbox':
      return false;
  }
}

/** The line under a field: its problem (announced, when shown) and its hint; marks the control invalid. */
function writeNote(note: HTMLElement, v: InputFieldView, control: HTMLElement | undefined, showProblem: boolean): void {
  note.replaceChildren();
  const problem = showProblem ? v.problem : undefined;
  if (problem) {
    const p = el('span', problem, 'asr-problem');
    p.setAttribute('role', 'alert');
    note.append(p);
  }
  if (v.hint) note.append(el('span', v.hint, 'asr-hint'));
  note.hidden = !problem && !v.hint;
  if (control) {
    if (problem) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  }
}

export class FormRenderer {
  private view: PageView | undefined;
  private key = '';
  private readonly fields = new Map<string, MountedField>();
  private readonly buttons = new Map<string, HTMLElement>();
  private readonly staticBlocks = new Map<string, HTMLElement>();
  private busyArea!: HTMLElement;
  private errorArea!: HTMLElement;
  /** The fields of this page the user has touched (left, or changed). */
  private readonly touched = new Set<string>();
  /** The user pressed a button that acts on this page: every problem shows. */
  private attempted = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly post: (message: FormOutbound) => void,
  ) {}

  render(view: PageView): void {
    const key = layoutKey(view);
    const samePage = this.view?.page === view.page;
    if (this.view && key === this.key) {
      this.patch(view);
      this.view = view;
      return;
    }
    const focusedId = samePage ? this.focusedFieldId() : undefined;
    if (!samePage) {
      this.touched.clear();
      this.attempted = false;
    }
    this.view = view;
    this.key = key;
    this.build(view);
    if (focusedId && this.fields.has(focusedId)) this.fields.get(focusedId)!.focusTarget.focus();
    else if (focusedId && this.buttons.has(focusedId)) this.buttons.get(focusedId)!.focus();
    else if (!samePage) this.root.querySelector<HTMLElement>('h1')?.focus();
  }

  private focusedFieldId(): string | undefined {
    const active = document.activeElement;
    if (!(active instanceof HTMLElement)) return undefined;
    const holder = active.closest<HTMLElement>('[data-field-id]');
    return holder?.dataset.fieldId;
  }

  private build(view: PageView): void {
    this.fields.clear();
    this.buttons.clear();
    this.staticBlocks.clear();
    const title = heading(view.title);
    title.tabIndex = -1;
    const children: HTMLElement[] = [title];
    if (view.stepLabel) children.push(paragraph(view.stepLabel, 'asr-step-label'));
    this.errorArea = el('div', undefined, 'asr-error-area');
    this.busyArea = el('div', undefined, 'asr-busy-area');
    children.push(this.errorArea);
    const form = el('div', undefined, 'asr-section');
    for (const block of view.blocks) form.append(this.buildBlock(block));
    children.push(form, this.busyArea);
    const row = actions(...view.buttons.map((b) => this.buildButton(b)));
    children.push(row);
    this.root.replaceChildren(...children);
    this.applyStatus(view);
  }

  private patch(view: PageView): void {
    // The same page may change its heading ("Enabling replication" → "ramh157v03 is protected").
    const title = this.root.querySelector('h1');
    if (title && title.textContent !== view.title) title.textContent = view.title;
    for (const block of view.blocks) {
      if (isInputField(block)) {
        const mounted = this.fields.get(block.id);
        if (mounted) {
          // Record the new view first: a control may report the programmatic change at once,
          // and it must compare with what the page says now (no echo).
          this.fields.set(block.id, { ...mounted, view: block });
          mounted.apply(block);
        }
      } else {
        const old = this.staticBlocks.get(block.id);
        if (old) {
          const fresh = this.buildBlock(block);
          old.replaceWith(fresh);
        }
      }
    }
    for (const b of view.buttons) {
      const e = this.buttons.get(b.id);
      if (e) {
        setDisabled(e, b.disabled === true);
        if (e.textContent !== b.label) e.textContent = b.label;
      }
    }
    this.applyStatus(view);
  }

  private applyStatus(view: PageView): void {
    this.errorArea.replaceChildren(...(view.error ? [errorBanner(view.error)] : []));
    this.busyArea.replaceChildren(...(view.busy ? [progressRing(view.busy)] : []));
    this.root.setAttribute('aria-busy', view.busy ? 'true' : 'false');
  }

  /** Whether a field's problem shows now (see the top of this file). */
  private showsProblem(v: InputFieldView): boolean {
    return this.attempted || this.touched.has(v.id) || !isEmpty(v);
  }

  private writeFieldNote(m: MountedField): void {
    writeNote(m.note, m.view, m.control, this.showsProblem(m.view));
  }

  /** The user touched a field: its problem shows from now on. */
  private touch(id: string): void {
    if (this.touched.has(id)) return;
    this.touched.add(id);
    const m = this.fields.get(id);
    if (m) this.writeFieldNote(m);
  }

  private press(b: ButtonView): void {
    // Back, Cancel and Close leave the page as it is; any other button acts on what it holds.
    if (b.id !== 'back' && !isDismissButton(b) && !this.attempted) {
      this.attempted = true;
      for (const m of this.fields.values()) this.writeFieldNote(m);
    }
    this.post({ type: 'action', name: 'press', payload: { button: b.id } });
  }

  private buildButton(b: ButtonView): HTMLElement {
    const e = button({ label: b.label, appearance: b.primary ? 'primary' : 'secondary', onClick: () => this.press(b) });
    e.dataset.fieldId = b.id;
    // Cancel and Close stand apart, at the right end of the row (media/webview.css).
    if (isDismissButton(b)) e.classList.add('asr-dismiss');
    setDisabled(e, b.disabled === true);
    this.buttons.set(b.id, e);
    return e;
  }

  private buildBlock(block: BlockView): HTMLElement {
    if (isInputField(block)) return this.buildField(block);
    let e: HTMLElement;
    switch (block.kind) {
      case 'textBlock':
        e = paragraph(block.text, block.tone ? `asr-text ${toneClass[block.tone]}` : 'asr-text');
        if (block.tone === 'error' || block.tone === 'warning') e.setAttribute('role', 'note');
        break;
      case 'summary': {
        e = el('div', undefined, 'asr-summary');
        e.append(el('h2', block.label));
        const dl = el('dl');
        for (const row of block.rows) dl.append(el('dt', row.label), el('dd', row.value));
        e.append(dl);
        break;
      }
      case 'list': {
        e = el('div', undefined, 'asr-list');
        e.append(el('h2', block.label));
        const ul = el('ul');
        for (const item of block.items) {
          const li = el('li', undefined, toneClass[item.tone]);
          li.append(el('span', item.text, 'asr-list-text'));
          if (item.detail) li.append(el('span', item.detail, 'asr-list-detail'));
          ul.append(li);
        }
        e.append(ul);
        break;
      }
      case 'steps': {
        e = el('div', undefined, 'asr-steps-block');
        e.append(el('h2', block.label));
        const ol = el('ol', undefined, 'asr-steps');
        for (const step of block.steps) ol.append(stepItem(step));
        e.append(ol);
        break;
      }
    }
    e.dataset.blockId = block.id;
    this.staticBlocks.set(block.id, e);
    return e;
  }

  private buildField(view: InputFieldView): HTMLElement {
    const wrap = el('div', undefined, 'asr-field');
    wrap.dataset.fieldId = view.id;
    const note = el('p', undefined, 'asr-field-note');
    note.id = `note-${view.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    const field = { wrap, note, current: (): InputFieldView => this.fields.get(view.id)?.view ?? view };
    // Leaving a field touches it (Tab through an empty one, and its problem shows).
    wrap.addEventListener('focusout', (event) => {
      if (!(event.relatedTarget instanceof Node && wrap.contains(event.relatedTarget))) this.touch(view.id);
    });
    let mounted: MountedField;
    switch (view.kind) {
      case 'text':
        mounted = this.buildTextField(view, field);
        break;
      case 'select':
      case 'radio':
        mounted = this.buildChoiceField(view, field);
        break;
      case 'checkbox':
        mounted = this.buildCheckboxField(view, field);
        break;
      case 'checklist':
        mounted = this.buildChecklistField(view, field);
        break;
    }
    wrap.append(note);
    this.fields.set(view.id, mounted);
    this.writeFieldNote(mounted);
    return wrap;
  }

  private postSet(field: string, value: string): void {
    this.touched.add(field);
    this.post({ type: 'action', name: 'set', payload: { field, value } });
  }

  private buildTextField(view: TextFieldView, field: FieldParts): MountedField {
    const c = textField({
      label: view.label,
      value: view.value,
      maxLength: view.maxLength,
      ...(view.placeholder ? { placeholder: view.placeholder } : {}),
      ...(view.secret ? { type: 'password' as const } : {}),
    });
    c.onChange((v) => {
      const now = field.current();
      if (now.kind === 'text' && (now.secret || v !== now.value)) this.postSet(view.id, v);
    });
    const mounted = this.mount(view, field, c, (v) => {
      if (v.kind !== 'text' || document.activeElement === c.element) return;
      // Never overwrite what the user is typing; the extension echoes it anyway. A secret is
      // never sent back: the box keeps it while the extension holds it, else it is cleared.
      if (v.secret) {
        if (!v.held && c.value() !== '') c.setValue('');
      } else if (c.value() !== v.value) c.setValue(v.value);
    });
    field.wrap.append(c.element);
    return mounted;
  }

  /** A select (a dropdown) or a radio group: one value among options. */
  private buildChoiceField(view: SelectFieldView | RadioFieldView, field: FieldParts): MountedField {
    let c: Control<string>;
    if (view.kind === 'select') {
      // Nothing chosen yet: say so, instead of showing the first option as if it were chosen.
      const choices = view.value === '' && !view.options.some((o) => o.value === '') ? [{ value: '', label: 'Choose…' }, ...view.options] : view.options;
      c = dropdown({ label: view.label, value: view.value, choices });
    } else {
      c = radioGroup({ label: view.label, value: view.value, choices: view.options });
    }
    c.onChange((v) => {
      const now = field.current();
      if (now.kind === view.kind && v !== now.value) this.postSet(view.id, v);
    });
    const mounted = this.mount(view, field, c, (v) => {
      if (v.kind === view.kind && c.value() !== v.value) c.setValue(v.value);
    });
    field.wrap.append(c.element);
    return mounted;
  }

  private buildCheckboxField(view: CheckboxFieldView, field: FieldParts): MountedField {
    const c = checkbox({ label: view.label, checked: view.checked });
    c.onChange((v) => {
      const now = field.current();
      if (now.kind === 'checkbox' && v !== now.checked) this.postSet(view.id, v ? 'true' : 'false');
    });
    const mounted = this.mount(view, field, c, (v) => {
      if (v.kind === 'checkbox' && c.value() !== v.checked) c.setValue(v.checked);
    });
    field.wrap.append(c.element);
    return mounted;
  }

  private buildChecklistField(view: ChecklistFieldView, field: FieldParts): MountedField {
    const { note } = field;
    const group = el('fieldset', undefined, 'asr-checklist');
    group.append(el('legend', view.label));
    const boxes = new Map<string, Control<boolean>>();
    for (const option of view.options) {
      const box = checkbox({
        label: option.label,
        checked: view.values.includes(option.value),
        ...(option.detail ? { detail: option.detail } : {}),
        ...(option.disabled ? { disabled: true } : {}),
      });
      box.onChange((checked) => {
        const now = field.current();
        if (now.kind === 'checklist' && checked !== now.values.includes(option.value)) {
          this.touched.add(view.id);
          this.post({ type: 'action', name: 'check', payload: { field: view.id, option: option.value, checked } });
        }
      });
      boxes.set(option.value, box);
      group.append(box.element);
    }
    const apply = (v: InputFieldView): void => {
      if (v.kind !== 'checklist') return;
      for (const [value, box] of boxes) {
        const want = v.values.includes(value);
        if (box.value() !== want) box.setValue(want);
      }
    };
    const first = boxes.values().next().value;
    group.setAttribute('aria-describedby', note.id);
    field.wrap.append(group);
    return {
      view,
      element: group,
      note,
      apply: (v) => {
        apply(v);
        writeNote(note, v, group, this.showsProblem(v));
      },
      focusTarget: first ? first.element : group,
      control: group,
    };
  }

  private mount(view: InputFieldView, { wrap, note }: FieldParts, c: Control<string> | Control<boolean>, apply: (v: InputFieldView) => void): MountedField {
    c.element.setAttribute('aria-describedby', note.id);
    c.setDisabled(view.disabled === true);
    return {
      view,
      element: wrap,
      note,
      focusTarget: c.element,
      control: c.element,
      apply: (v) => {
        apply(v);
        c.setDisabled(v.disabled === true);
        writeNote(note, v, c.element, this.showsProblem(v));
      },
    };
  }
}
