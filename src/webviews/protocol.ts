// The one message protocol between a wizard panel (extension) and its webview (browser bundle).
// Imported by both sides: no vscode, no DOM. A wizard declares its actions as a small schema
// (`defineWizardProtocol`); the resulting validator accepts exactly
//   { type: 'ready' } | { type: 'action'; name: <declared name>; payload: <declared shape> }
// and the extension answers with `WebviewMessage<State>` (the panel posts `HostMessage<State>` to
// its channel, which turns state updates into patches).
import type { ProgressStep } from '../model/progressStep';
import type { PatchMessage } from './statePatch';
import type { InferShape, Shape, ValidationResult, Validator } from './validate';
import { s } from './validate';

/** Longest action name the protocol accepts. */
export const maxActionNameLength = 64;
/** Longest error text the host sends (it shortens longer ones). */
export const maxErrorMessageLength = 2000;

/** One step of long work (the run pages): defined in the model, where the flows make them. */
export { stepStates } from '../model/progressStep';
export type { ProgressStep, StepState } from '../model/progressStep';

// ---- extension → webview ----
export interface InitMessage<State> {
  readonly type: 'init';
  readonly state: State;
}
export interface UpdateMessage<State> {
  readonly type: 'update';
  /** Shallow patch merged into the state. */
  readonly patch: Partial<State>;
}
export interface ProgressMessage {
  readonly type: 'progress';
  readonly steps: readonly ProgressStep[];
}
export interface ErrorMessage {
  readonly type: 'error';
  readonly message: string;
}
/** What the panel posts to its channel (channel.ts). */
export type HostMessage<State> = InitMessage<State> | UpdateMessage<State> | ProgressMessage | ErrorMessage;

/**
 * What the channel sends to the webview: the whole state with its revision on (re)load, then
 * patches from one revision to the next (statePatch.ts), progress and errors.
 */
export type WebviewMessage<State> = (InitMessage<State> & { readonly rev: number }) | PatchMessage | ProgressMessage | ErrorMessage;

// ---- webview → extension ----
export interface ReadyMessage {
  readonly type: 'ready';
}
export type ActionMessage<Name extends string, Payload> = {
  readonly type: 'action';
  readonly name: Name;
  readonly payload: Payload;
};

/** Actions of one wizard: action name → payload shape. */
export type ActionShapes = Readonly<Record<string, Shape>>;

/** The inbound union that a wizard's action schema defines. */
export type WizardInbound<A extends ActionShapes> = ReadyMessage | { [K in keyof A & string]: ActionMessage<K, InferShape<A[K]>> }[keyof A & string];

export interface WizardProtocol<A extends ActionShapes> {
  readonly actions: A;
  /** Validates one inbound message (call through `validateMessage` for the limits scan). */
  readonly inbound: Validator<WizardInbound<A>>;
}

const actionNamePattern = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/** Declares a wizard's actions and builds the validator of its inbound messages. */
export function defineWizardProtocol<const A extends ActionShapes>(actions: A): WizardProtocol<A> {
  const payloads = new Map<string, Validator<unknown>>();
  for (const [name, shape] of Object.entries(actions)) {
    if (name.length > maxActionNameLength || !actionNamePattern.test(name)) throw new Error('invalid action name in a wizard protocol');
    payloads.set(name, s.object(shape));
  }
  const ready = s.object({ type: s.literal('ready') });
  const actionName = s.string({ maxLength: maxActionNameLength, pattern: actionNamePattern });
  const envelope = s.object({ type: s.literal('action'), name: actionName });

  const inbound: Validator<WizardInbound<A>> = {
    optional: false,
    check(value: unknown, path: string): ValidationResult<WizardInbound<A>> {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return { ok: false, reason: `${path}: expected object` };
      }
      const type = (value as Record<string, unknown>).type;
      if (type === 'ready') {
        const r = ready.check(value, path);
        return r.ok ? { ok: true, value: { type: 'ready' } } : r;
      }
      if (type !== 'action') return { ok: false, reason: `${path}.type: unknown message type` };
      const { payload, ...rest } = value as Record<string, unknown>;
      // Check the envelope (type, name, no extra keys) with the payload set aside.
      const env = envelope.check(rest, path);
      if (!env.ok) return env;
      const payloadValidator = payloads.get(env.value.name);
      if (!payloadValidator) return { ok: false, reason: `${path}.name: unknown action` };
      const p = payloadValidator.check(payload === undefined ? {} : payload, `${path}.payload`);
      if (!p.ok) return p;
      return { ok: true, value: { type: 'action', name: env.value.name, payload: p.value } as WizardInbound<A> };
    },
  };
  return { actions, inbound };
}

/** Shortens a text for an `error` message. */
export function errorMessage(text: string): ErrorMessage {
  const message = text.length > maxErrorMessageLength ? `${text.slice(0, maxErrorMessageLength - 1)}…` : text;
  return { type: 'error', message };
}

/** Applies an `update` patch (shallow) to a state. */
export function applyPatch<State extends object>(state: State, patch: Partial<State>): State {
  return { ...state, ...patch };
}
