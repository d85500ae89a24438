// Keeps changing VMs current without re-reading the whole vault: a VM with an ASR operation
// running on it ("busy") is re-read at the jobs' fast interval; a VM in initial replication (its
// percentage rises over hours) at the slow one; every protected item only at the full interval (a
// setting; 0 = never). What a re-read costs is the store's choice (one GET per changing item when
// they are few, else one paged list). Nothing is read while nothing changes and no full re-read
// is due, nor while the window is unfocused.
// Pure (timers injected), so it is unit-tested with a fake clock.
import type { ProtectionKind } from '../model/protectionStatus';
import { transientKinds } from '../model/protectionStatus';

/** A VM in one of these kinds changes by itself: worth re-reading. */
export function isChanging(kind: ProtectionKind): boolean {
  return kind === 'Replicating' || transientKinds.has(kind);
}

/** A VM in one of these kinds has an operation running on it: re-read at the fast interval. */
export function isBusy(kind: ProtectionKind): boolean {
  return transientKinds.has(kind);
}

/** How many VMs change now, by how fast they change. */
export interface ChangingCounts {
  /** VMs with an operation running (transient kinds). */
  busy: number;
  /** VMs in initial replication. */
  replicating: number;
}

export interface ProtectionPollerOptions {
  /** Interval while some VM has an operation running (the jobs' fast interval). */
  busyIntervalMs: number;
  /** Interval while VMs replicate (the jobs' idle interval: initial replication takes hours). */
  replicatingIntervalMs: number;
  /** Interval of a re-read of every protected item; 0: never (only on demand and on a job's end). */
  fullIntervalMs: number;
  /** The changing VMs of the estate known now (cheap: called on every change of the estate). */
  changing: () => ChangingCounts;
  /**
   * Re-reads the busy VMs, and the replicating ones too when `withReplicating`. Resolves true
   * when it re-read every protected item instead (too many to read one by one).
   */
  reread: (withReplicating: boolean) => Promise<boolean>;
  /** Re-reads every protected item. */
  refreshAll: () => Promise<void>;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class ProtectionPoller {
  private handle: unknown;
  /** When the scheduled timer fires. */
  private dueAt = 0;
  private focused = true;
  private running = false;
  private stopped = false;
  /** Since when VMs have been busy / replicating (undefined: none is). */
  private busySince: number | undefined;
  private replicatingSince: number | undefined;
  /** When the last re-read of each kind ended (undefined: none yet). */
  private lastBusyRead: number | undefined;
  private lastReplicatingRead: number | undefined;
  private lastFullRead: number;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly options: ProtectionPollerOptions) {
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.lastFullRead = this.now();
  }

  /** The estate changed: schedule the next re-read that is due (sooner than the one scheduled, if any). */
  poke(): void {
    if (this.stopped || this.running || !this.focused) return;
    const due = this.nextDue();
    if (due === undefined) {
      this.cancel();
      return;
    }
    if (this.handle !== undefined && this.dueAt <= due) return;
    this.cancel();
    const now = this.now();
    this.dueAt = Math.max(due, now);
    this.handle = this.setTimer(() => void this.tick(), this.dueAt - now);
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

  /** When the next re-read is due, from what changes now; undefined when nothing is to be read. */
  private nextDue(): number | undefined {
    const { busy, replicating } = this.options.changing();
    const now = this.now();
    this.busySince = busy > 0 ? (this.busySince ?? now) : undefined;
    this.replicatingSince = replicating > 0 ? (this.replicatingSince ?? now) : undefined;
    const dues: number[] = [];
    if (this.busySince !== undefined) dues.push(Math.max(this.busySince, this.lastBusyRead ?? 0) + this.options.busyIntervalMs);
    if (this.replicatingSince !== undefined) dues.push(Math.max(this.replicatingSince, this.lastReplicatingRead ?? 0) + this.options.replicatingIntervalMs);
    if (this.options.fullIntervalMs > 0) dues.push(this.lastFullRead + this.options.fullIntervalMs);
    return dues.length > 0 ? Math.min(...dues) : undefined;
  }

  private async tick(): Promise<void> {
    this.handle = undefined;
    this.running = true;
    const now = this.now();
    const full = this.options.fullIntervalMs > 0 && now >= this.lastFullRead + this.options.fullIntervalMs;
    const withReplicating = this.replicatingSince !== undefined && now >= Math.max(this.replicatingSince, this.lastReplicatingRead ?? 0) + this.options.replicatingIntervalMs;
    try {
      const readAll = full ? (await this.options.refreshAll(), true) : await this.options.reread(withReplicating);
      const end = this.now();
      this.lastBusyRead = end;
      if (withReplicating || readAll) this.lastReplicatingRead = end;
      if (readAll) this.lastFullRead = end;
    } catch {
      // The next tick tries again; the store reports read failures itself.
      this.lastBusyRead = this.now();
      if (withReplicating) this.lastReplicatingRead = this.lastBusyRead;
      if (full) this.lastFullRead = this.lastBusyRead;
    } finally {
      this.running = false;
    }
    this.poke();
  }
}
