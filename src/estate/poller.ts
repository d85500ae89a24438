// Keeps changing VMs current: while any VM is replicating (its percentage rises) or has an ASR
// operation running on it, the vault's protected items are re-read (one paged list) every
// interval; nothing is read while every VM is settled, or while the window is unfocused.
// Pure (timers injected), so it is unit-tested with a fake clock.
import type { ProtectionKind } from '../model/protectionStatus';
import { transientKinds } from '../model/protectionStatus';

/** A VM in one of these kinds changes by itself: worth re-reading. */
export function isChanging(kind: ProtectionKind): boolean {
  return kind === 'Replicating' || transientKinds.has(kind);
}

export interface ProtectionPollerOptions {
  intervalMs: number;
  /** The kinds of the VMs known now. */
  kinds: () => readonly ProtectionKind[];
  /** Re-reads the protected items. */
  refresh: () => Promise<void>;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class ProtectionPoller {
  private handle: unknown;
  private focused = true;
  private running = false;
  private stopped = false;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly options: ProtectionPollerOptions) {
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  /** The estate changed: start polling if some VM is changing (no-op if already scheduled). */
  poke(): void {
    if (this.stopped || this.handle !== undefined || this.running || !this.focused) return;
    if (!this.options.kinds().some(isChanging)) return;
    this.handle = this.setTimer(() => void this.tick(), this.options.intervalMs);
  }

  setFocused(focused: boolean): void {
    this.focused = focused;
    if (!focused) this.cancel();
    else this.poke();
  }

  dispose(): void {
    this.stopped = true;
    this.cancel();
  }

  private cancel(): void {
    if (this.handle !== undefined) this.clearTimer(this.handle);
    this.handle = undefined;
  }

  private async tick(): Promise<void> {
    this.handle = undefined;
    this.running = true;
    try {
      await this.options.refresh();
    } catch {
      // The next tick tries again; the store reports read failures itself.
    } finally {
      this.running = false;
    }
    this.poke();
  }
}
