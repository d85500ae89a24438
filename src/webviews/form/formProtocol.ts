// The one protocol every form wizard speaks (shared by the extension and the browser bundle).
// The webview reports what the user did; the extension answers with the page to show.
//   webview → extension: ready | set(field, value) | check(field, option, checked) | press(button)
//   extension → webview: FormState (the page view and the wizard's snapshot), whole on every
//   load (init), then patches of what changed (channel.ts, statePatch.ts)
// The validator checks shapes and lengths; the wizard then checks the ids and values against the
// page it is showing (formWizard.ts), so a message about a field that is not there is refused.
import type { WizardInbound } from '../protocol';
import { defineWizardProtocol } from '../protocol';
import type { ScanLimits, Validator } from '../validate';
import { s, validateMessage } from '../validate';
import type { PageView } from './view';
import { maxTextValueLength, viewIdPattern } from './view';

const id = s.string({ maxLength: 200, pattern: viewIdPattern });

export const formProtocol = defineWizardProtocol({
  set: { field: id, value: s.string({ maxLength: maxTextValueLength }) },
  check: { field: id, option: id, checked: s.boolean() },
  press: { button: id },
});
export type FormInbound = WizardInbound<typeof formProtocol.actions>;
export type FormAction = Exclude<FormInbound, { type: 'ready' }>;

/** What the panel keeps in sync with its webview (and the webview saves with setState). */
export interface FormState<Snapshot = unknown> {
  readonly view: PageView;
  /** The wizard's own state, from which it can be rebuilt after a reload. */
  readonly snapshot: Snapshot;
}

/**
 * Validates the part of a restored webview state the extension reads: the snapshot (the page it
 * shows is never read back). Its shape only: the wizard's restore checks what it names.
 */
export function restoredSnapshot<Snapshot>(saved: unknown, snapshot: Validator<Snapshot>, limits?: ScanLimits): { ok: true; value: Snapshot } | { ok: false; reason: string } {
  if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) return { ok: false, reason: 'state: expected object' };
  const raw: unknown = Reflect.get(saved, 'snapshot');
  const r = validateMessage(snapshot, raw, limits);
  return r.ok ? { ok: true, value: r.value } : { ok: false, reason: r.reason };
}
