// The state a webview shows, as it follows the extension's messages (no DOM, so it is unit-tested
// in Node): an `init` brings the whole state and its revision; a `patch` is validated
// (statePatch.ts) and applied to the state of the revision it names. A patch that is malformed,
// does not fit, or names another revision is dropped, and the webview asks for the whole state
// again by saying `ready` (once, until the `init` arrives); patches sent meanwhile are dropped too.
import type { FormState } from '../form/formProtocol';
import type { PageView } from '../form/view';
import { applyStatePatch, patchMessage, patchScanLimits } from '../statePatch';
import { validateMessage } from '../validate';

function isPageView(v: unknown): v is PageView {
  if (typeof v !== 'object' || v === null) return false;
  return (
    typeof Reflect.get(v, 'page') === 'string' && typeof Reflect.get(v, 'title') === 'string' && Array.isArray(Reflect.get(v, 'blocks')) && Array.isArray(Reflect.get(v, 'buttons'))
  );
}

export function isFormState(v: unknown): v is FormState {
  return typeof v === 'object' && v !== null && isPageView(Reflect.get(v, 'view'));
}

function field(data: unknown, key: string): unknown {
  return typeof data === 'object' && data !== null ? Reflect.get(data, key) : undefined;
}

export type FollowedChange<S = FormState> = { readonly kind: 'state'; readonly state: S } | { readonly kind: 'error'; readonly message: string };

export class FollowedState<S = FormState> {
  private rev: number | undefined;
  /** `ready` was said and its `init` has not arrived yet. */
  private awaitingInit = true;

  /**
   * `state`: what the webview shows before the extension answers (its saved state), if anything.
   * `askForState`: says `ready` to the extension, which answers with an `init`.
   */
  constructor(
    private state: NoInfer<S> | undefined,
    private readonly askForState: () => void,
    /** What a state must look like (the wizards' form state unless told; the recovery dashboard's otherwise). */
    private readonly isState: (v: unknown) => v is S = isFormState as unknown as (v: unknown) => v is S,
  ) {}

  get current(): S | undefined {
    return this.state;
  }

  /** Follows one message from the extension; what to show, if it changes anything. */
  receive(data: unknown): FollowedChange<S> | undefined {
    switch (field(data, 'type')) {
      case 'init': {
        const state = field(data, 'state');
        const rev = field(data, 'rev');
        if (!this.isState(state) || typeof rev !== 'number') return undefined;
        this.rev = rev;
        this.awaitingInit = false;
        this.state = state;
        return { kind: 'state', state };
      }
      case 'patch':
        return this.patch(data);
      case 'error': {
        const message = field(data, 'message');
        return typeof message === 'string' && this.state ? { kind: 'error', message } : undefined;
      }
      default:
        return undefined;
    }
  }

  private patch(data: unknown): FollowedChange<S> | undefined {
    if (this.awaitingInit) return undefined;
    const r = validateMessage(patchMessage, data, patchScanLimits);
    if (!r.ok || r.value.base !== this.rev || !this.state) return this.resync();
    const applied = applyStatePatch(this.state, r.value.ops);
    if (!applied.ok || !this.isState(applied.value)) return this.resync();
    this.rev = r.value.rev;
    this.state = applied.value;
    return { kind: 'state', state: applied.value };
  }

  private resync(): undefined {
    this.awaitingInit = true;
    this.rev = undefined;
    this.askForState();
    return undefined;
  }
}
