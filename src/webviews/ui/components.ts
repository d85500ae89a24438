// Our one thin layer of UI components. It is the ONLY file that knows @vscode/webview-ui-toolkit
// (archived upstream in January 2025): swapping the toolkit for another library changes this file
// and nothing else. Every control carries a visible label and an aria-label, and the toolkit's
// elements are focusable and operable by keyboard (Tab, Space/Enter, arrow keys).
// Text goes in through textContent only, never innerHTML.
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeDropdown,
  vsCodeOption,
  vsCodeProgressRing,
  vsCodeRadio,
  vsCodeRadioGroup,
  vsCodeTextField,
} from '@vscode/webview-ui-toolkit';

let registered = false;

/** Registers the toolkit's custom elements (once). */
export function registerComponents(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(
    vsCodeButton(),
    vsCodeCheckbox(),
    vsCodeDropdown(),
    vsCodeOption(),
    vsCodeProgressRing(),
    vsCodeRadio(),
    vsCodeRadioGroup(),
    vsCodeTextField(),
  );
}

/** A control that holds a value. */
export interface Control<V> {
  readonly element: HTMLElement;
  value(): V;
  setValue(value: V): void;
  setDisabled(disabled: boolean): void;
  onChange(listener: (value: V) => void): void;
}

export interface Choice<V extends string> {
  readonly value: V;
  readonly label: string;
  /** A second line (what the choice does, why it is unavailable). */
  readonly detail?: string;
  readonly disabled?: boolean;
}

let idCounter = 0;
function nextId(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

/** A toolkit element (custom elements have no entry in HTMLElementTagNameMap). */
function custom(tag: string, text?: string): HTMLElement {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Reads a string property that the toolkit's elements expose (value). */
function readString(element: HTMLElement, prop: 'value'): string {
  const v: unknown = Reflect.get(element, prop);
  return typeof v === 'string' ? v : '';
}

export function setDisabled(element: HTMLElement, disabled: boolean): void {
  if (disabled) element.setAttribute('disabled', '');
  else element.removeAttribute('disabled');
}

export interface ButtonOptions {
  readonly label: string;
  /** Screen-reader text when it should say more than the label. */
  readonly ariaLabel?: string;
  readonly appearance?: 'primary' | 'secondary';
  readonly onClick: () => void;
}

export function button(options: ButtonOptions): HTMLElement {
  const b = custom('vscode-button', options.label);
  b.setAttribute('appearance', options.appearance ?? 'primary');
  b.setAttribute('aria-label', options.ariaLabel ?? options.label);
  // The toolkit's button is a form-associated element: click fires on Enter and Space too.
  b.addEventListener('click', () => {
    if (!b.hasAttribute('disabled')) options.onClick();
  });
  return b;
}

export interface TextFieldOptions {
  readonly label: string;
  readonly value?: string;
  readonly placeholder?: string;
  readonly maxLength: number;
  readonly required?: boolean;
  readonly type?: 'text' | 'password';
}

export function textField(options: TextFieldOptions): Control<string> {
  const f = custom('vscode-text-field');
  f.textContent = options.label; // the toolkit slots this as the visible <label>
  f.setAttribute('aria-label', options.label);
  f.setAttribute('maxlength', String(options.maxLength));
  if (options.placeholder) f.setAttribute('placeholder', options.placeholder);
  if (options.required) f.setAttribute('required', '');
  if (options.type === 'password') f.setAttribute('type', 'password');
  if (options.value !== undefined) f.setAttribute('value', options.value);
  return {
    element: f,
    value: () => readString(f, 'value'),
    setValue: (v) => Reflect.set(f, 'value', v),
    setDisabled: (d) => setDisabled(f, d),
    onChange: (listener) => f.addEventListener('input', () => listener(readString(f, 'value'))),
  };
}

export interface DropdownOptions<V extends string> {
  readonly label: string;
  readonly choices: readonly Choice<V>[];
  readonly value?: V;
}

export function dropdown<V extends string>(options: DropdownOptions<V>): Control<V> {
  const wrap = el('div', undefined, 'asr-field');
  const labelId = nextId('asr-dropdown-label');
  const label = el('label', options.label, 'asr-label');
  label.id = labelId;
  const d = custom('vscode-dropdown');
  d.setAttribute('aria-labelledby', labelId);
  d.setAttribute('aria-label', options.label);
  for (const choice of options.choices) {
    const o = custom('vscode-option', choice.detail ? `${choice.label} — ${choice.detail}` : choice.label);
    o.setAttribute('value', choice.value);
    if (choice.value === options.value) o.setAttribute('selected', '');
    if (choice.disabled) o.setAttribute('disabled', '');
    d.appendChild(o);
  }
  label.addEventListener('click', () => d.focus());
  wrap.append(label, d);
  const current = (): V => {
    const v = readString(d, 'value');
    return options.choices.find((c) => c.value === v)?.value ?? options.choices[0].value;
  };
  return {
    element: wrap,
    value: current,
    setValue: (v) => Reflect.set(d, 'value', v),
    setDisabled: (dis) => setDisabled(d, dis),
    onChange: (listener) => d.addEventListener('change', () => listener(current())),
  };
}

export interface RadioGroupOptions<V extends string> {
  readonly label: string;
  readonly choices: readonly Choice<V>[];
  readonly value?: V;
}

export function radioGroup<V extends string>(options: RadioGroupOptions<V>): Control<V> {
  const g = custom('vscode-radio-group');
  g.setAttribute('aria-label', options.label);
  g.setAttribute('orientation', 'vertical');
  const legend = el('label', options.label);
  legend.setAttribute('slot', 'label');
  g.appendChild(legend);
  for (const choice of options.choices) {
    const r = custom('vscode-radio');
    r.append(el('span', choice.label, 'asr-choice-label'));
    if (choice.detail) r.append(el('span', choice.detail, 'asr-choice-detail'));
    r.setAttribute('value', choice.value);
    // The accessible name is the visible text (label, then detail).
    if (choice.value === options.value) r.setAttribute('checked', '');
    if (choice.disabled) r.setAttribute('disabled', '');
    g.appendChild(r);
  }
  const current = (): V => {
    const v = readString(g, 'value');
    return options.choices.find((c) => c.value === v)?.value ?? options.value ?? options.choices[0].value;
  };
  return {
    element: g,
    value: current,
    setValue: (v) => Reflect.set(g, 'value', v),
    setDisabled: (d) => setDisabled(g, d),
    onChange: (listener) => g.addEventListener('change', () => listener(current())),
  };
}

export interface CheckboxOptions {
  readonly label: string;
  readonly checked?: boolean;
  /** A second line under the label. */
  readonly detail?: string;
  readonly disabled?: boolean;
}

export function checkbox(options: CheckboxOptions): Control<boolean> {
  const c = custom('vscode-checkbox');
  c.append(el('span', options.label, 'asr-choice-label'));
  if (options.detail) c.append(el('span', options.detail, 'asr-choice-detail'));
  c.setAttribute('aria-label', options.detail ? `${options.label}: ${options.detail}` : options.label);
  if (options.checked) c.setAttribute('checked', '');
  if (options.disabled) c.setAttribute('disabled', '');
  const read = (): boolean => Reflect.get(c, 'checked') === true;
  return {
    element: c,
    value: read,
    setValue: (v) => Reflect.set(c, 'checked', v),
    setDisabled: (d) => setDisabled(c, d),
    onChange: (listener) => c.addEventListener('change', () => listener(read())),
  };
}

/** An indeterminate busy indicator, announced to screen readers. */
export function progressRing(label: string): HTMLElement {
  const wrap = el('div', undefined, 'asr-progress');
  wrap.setAttribute('role', 'status');
  const ring = custom('vscode-progress-ring');
  ring.setAttribute('aria-label', label);
  wrap.append(ring, el('span', label, 'asr-progress-label'));
  return wrap;
}

export function heading(text: string): HTMLElement {
  return el('h1', text);
}

export function paragraph(text: string, className?: string): HTMLElement {
  return el('p', text, className);
}

/** An alert line (role=alert so screen readers announce it). */
export function errorBanner(text: string): HTMLElement {
  const p = el('p', text, 'asr-error');
  p.setAttribute('role', 'alert');
  return p;
}

/** A row of buttons. */
export function actions(...buttons: HTMLElement[]): HTMLElement {
  const d = el('div', undefined, 'asr-actions');
  d.append(...buttons);
  return d;
}
