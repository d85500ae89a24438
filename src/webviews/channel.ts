// The message gate between a panel and its webview. Pure (no vscode) so it is unit-tested:
// - nothing is posted before the webview says `ready`; state messages are folded into the current
//   state and re-sent as one `init` on every `ready` (a hidden panel's webview is destroyed and
//   reloads; a webview that cannot apply a patch says `ready` again), the last `progress` is
//   replayed, errors are queued (bounded);
// - once the webview has the state, a change goes out as a `patch` from the revision it holds
//   (statePatch.ts: what changed, not the whole page and snapshot);
// - every inbound message is validated; invalid ones are dropped and logged without payload.
import type { HostMessage, ProgressMessage, WebviewMessage } from './protocol';
import { applyPatch, errorMessage } from './protocol';
import { diffState } from './statePatch';
import type { ScanLimits, Validator } from './validate';
import { defaultScanLimits, validateMessage } from './validate';

export interface ChannelLog {
  warn(message: string): void;
  debug?(message: string): void;
}

export interface WizardChannelOptions<State extends object, In extends { type: string }> {
  readonly viewType: string;
  readonly inbound: Validator<In>;
  readonly initialState: State;
  /** Sends to the webview (`webview.postMessage`). */
  readonly send: (message: WebviewMessage<State>) => PromiseLike<boolean> | boolean;
  readonly log: ChannelLog;
  readonly limits?: ScanLimits;
  /** Errors kept while the webview is not ready. */
  readonly maxQueuedErrors?: number;
}

export class WizardChannel<State extends object, In extends { type: string }> {
  private ready = false;
  private current: State;
  /** The revision of `current`: a patch names the one it applies to. */
  private rev = 0;
  private lastProgress: ProgressMessage | undefined;
  private queuedErrors: WebviewMessage<State>[] = [];
  private rejected = 0;
  private readonly handlers = new Set<(message: Exclude<In, { type: 'ready' }>) => void>();

  constructor(private readonly options: WizardChannelOptions<State, In>) {
    this.current = options.initialState;
  }

  get isReady(): boolean {
    return this.ready;
  }

  get state(): State {
    return this.current;
  }

  /** How many inbound messages were rejected so far. */
  get rejectedCount(): number {
    return this.rejected;
  }

  /** Registers a handler for validated messages other than `ready`. Returns an unsubscribe. */
  onMessage(handler: (message: Exclude<In, { type: 'ready' }>) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** Posts now if ready; otherwise keeps what is needed to catch up on `ready`. */
  post(message: HostMessage<State>): void {
    switch (message.type) {
      case 'init':
        this.current = message.state;
        this.rev += 1;
        if (this.ready) this.send({ type: 'init', state: this.current, rev: this.rev });
        return;
      case 'update': {
        const next = applyPatch(this.current, message.patch);
        const ops = this.ready ? diffState(this.current, next) : [];
        this.current = next;
        if (!this.ready) this.rev += 1;
        else if (ops.length > 0) this.send({ type: 'patch', base: this.rev, rev: ++this.rev, ops });
        return;
      }
      case 'progress':
        this.lastProgress = message;
        break;
      case 'error':
        if (!this.ready) {
          this.queuedErrors.push(message);
          const max = this.options.maxQueuedErrors ?? 20;
          if (this.queuedErrors.length > max) this.queuedErrors.splice(0, this.queuedErrors.length - max);
          return;
        }
        break;
    }
    if (this.ready) this.send(message);
  }

  /** Shorthand for an `error` message. */
  postError(text: string): void {
    this.post(errorMessage(text));
  }

  /** The webview went away (hidden without retained context, or disposed). */
  reset(): void {
    this.ready = false;
  }

  /** Feeds one raw inbound message. Returns whether it was accepted. */
  receive(raw: unknown): boolean {
    const result = validateMessage(this.options.inbound, raw, this.options.limits ?? defaultScanLimits);
    if (!result.ok) {
      this.rejected += 1;
      this.options.log.warn(`[${this.options.viewType}] rejected a webview message: ${result.reason}`);
      return false;
    }
    const message = result.value;
    if (message.type === 'ready') {
      this.ready = true;
      this.send({ type: 'init', state: this.current, rev: this.rev });
      if (this.lastProgress) this.send(this.lastProgress);
      const errors = this.queuedErrors;
      this.queuedErrors = [];
      for (const e of errors) this.send(e);
      return true;
    }
    for (const handler of [...this.handlers]) {
      try {
        handler(message as Exclude<In, { type: 'ready' }>);
      } catch (err) {
        this.options.log.warn(`[${this.options.viewType}] a message handler failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return true;
  }

  private send(message: WebviewMessage<State>): void {
    try {
      const r = this.options.send(message);
      if (typeof r !== 'boolean') {
        r.then(
          (delivered) => {
            if (!delivered) this.options.log.debug?.(`[${this.options.viewType}] a ${message.type} message was not delivered`);
          },
          () => this.options.log.debug?.(`[${this.options.viewType}] posting a ${message.type} message failed`),
        );
      }
    } catch {
      this.options.log.debug?.(`[${this.options.viewType}] posting a ${message.type} message failed`);
    }
  }
}
