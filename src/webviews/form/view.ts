// What a wizard page shows, as plain data. The extension computes it from the wizard's state
// (every decision lives there, in testable TypeScript) and the browser bundle draws it with our
// components (src/webviews/ui). Shared by both sides: no vscode, no DOM.
import type { ProgressStep } from '../protocol';

/** Ids of fields, options and buttons: short, plain, safe as DOM ids and message values. */
export const viewIdPattern = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,199}$/;
/** Longest value a text field may hold. */
export const maxTextValueLength = 1000;

export interface OptionView {
  readonly value: string;
  readonly label: string;
  /** A second line (a location, a time, why it cannot be chosen). */
  readonly detail?: string;
  readonly disabled?: boolean;
}

interface FieldBase {
  readonly id: string;
  readonly label: string;
  /** Help under the control. */
  readonly hint?: string;
  /** What is wrong with the current value (shown and announced). */
  readonly problem?: string;
  readonly disabled?: boolean;
}

export interface TextFieldView extends FieldBase {
  readonly kind: 'text';
  readonly value: string;
  readonly maxLength: number;
  readonly placeholder?: string;
  /**
   * A password or client secret: its value is never sent to the webview (FormWizard.view blanks
   * it), so it is never in the webview's saved state either.
   */
  readonly secret?: boolean;
  /** For a secret: the extension holds one, so the box keeps what was typed. Else it is cleared. */
  readonly held?: boolean;
}

export interface SelectFieldView extends FieldBase {
  readonly kind: 'select';
  readonly value: string;
  readonly options: readonly OptionView[];
}

export interface RadioFieldView extends FieldBase {
  readonly kind: 'radio';
  readonly value: string;
  readonly options: readonly OptionView[];
}

export interface CheckboxFieldView extends FieldBase {
  readonly kind: 'checkbox';
  readonly checked: boolean;
}

/** Several of a list (VMs to protect). */
export interface ChecklistFieldView extends FieldBase {
  readonly kind: 'checklist';
  readonly values: readonly string[];
  readonly options: readonly OptionView[];
}

export type Tone = 'info' | 'success' | 'warning' | 'error';

/** A paragraph. */
export interface TextBlockView {
  readonly kind: 'textBlock';
  readonly id: string;
  readonly text: string;
  readonly tone?: Tone;
}

/** Label/value rows (the review page). */
export interface SummaryView {
  readonly kind: 'summary';
  readonly id: string;
  readonly label: string;
  readonly rows: readonly { readonly label: string; readonly value: string }[];
}

/** A list of findings or items, each with a tone (preflight results). */
export interface ListView {
  readonly kind: 'list';
  readonly id: string;
  readonly label: string;
  readonly items: readonly { readonly text: string; readonly detail?: string; readonly tone: Tone }[];
}

/** The run page's steps. */
export interface StepsView {
  readonly kind: 'steps';
  readonly id: string;
  readonly label: string;
  readonly steps: readonly ProgressStep[];
}

export type InputFieldView = TextFieldView | SelectFieldView | RadioFieldView | CheckboxFieldView | ChecklistFieldView;
export type BlockView = InputFieldView | TextBlockView | SummaryView | ListView | StepsView;

export interface ButtonView {
  readonly id: string;
  readonly label: string;
  readonly primary?: boolean;
  readonly disabled?: boolean;
}

export interface PageView {
  /** Page id: a new id means a new page (focus moves to its heading). */
  readonly page: string;
  readonly title: string;
  /** "Step 2 of 6" when the wizard has steps. */
  readonly stepLabel?: string;
  readonly blocks: readonly BlockView[];
  readonly buttons: readonly ButtonView[];
  /** Work in progress (a spinner with this text; buttons stay as the view says). */
  readonly busy?: string;
  /** The last failure, for the banner. */
  readonly error?: string;
}

export function isInputField(block: BlockView): block is InputFieldView {
  return block.kind === 'text' || block.kind === 'select' || block.kind === 'radio' || block.kind === 'checkbox' || block.kind === 'checklist';
}

/** The input field with this id, if the page has it. */
export function findField(view: PageView, id: string): InputFieldView | undefined {
  for (const b of view.blocks) if (isInputField(b) && b.id === id) return b;
  return undefined;
}

/** The buttons that leave the wizard (Cancel, Close): last in the row, at its right end. */
export function isDismissButton(button: ButtonView): boolean {
  return button.id === 'cancel' || button.id === 'close';
}

/**
 * One order of buttons in every wizard (docs/architecture.md, "The wizards"): Back, then the
 * primary action (Next, Start, Sign in, Retry…), then the other actions (Try again, Open in the
 * Azure portal…), then Cancel or Close (even a primary Close). The order within each group is the page's.
 */
export function orderButtons(buttons: readonly ButtonView[]): ButtonView[] {
  const rank = (b: ButtonView): number => (b.id === 'back' ? 0 : isDismissButton(b) ? 3 : b.primary ? 1 : 2);
  return buttons
    .map((b, i) => ({ b, i }))
    .sort((x, y) => rank(x.b) - rank(y.b) || x.i - y.i)
    .map((x) => x.b);
}

export function findButton(view: PageView, id: string): ButtonView | undefined {
  return view.buttons.find((b) => b.id === id);
}
