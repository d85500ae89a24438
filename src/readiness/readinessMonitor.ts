// The readiness monitor (issue 15 §2): checks every protected VM after the first estate snapshot,
// then again on a slow interval while the window is focused, and on demand. The precedent the
// issue names: VMware Cloud DR runs its compliance checks every 30 minutes, hence the default of
// azureSiteRecovery.readiness.intervalMinutes (0: only on demand). It keeps the last result per
// VM and tells its listeners which VMs' readiness changed. vscode-free: the window's focus, the
// settings, the connection and the timers come in (src/readiness/readinessCommand.ts wires them).

import * as l10n from '@vscode/l10n';
import { allVms } from '../estate/diff';
import type { EstateSnapshot, EstateVm } from '../estate/types';
import type { ReadinessSource, VmReadiness } from '../model/readiness';
import type { AzureContext } from '../services/azure/clients';
import { runReadiness, type ReadinessRunInput } from './readinessRun';

/** The default of azureSiteRecovery.readiness.intervalMinutes: VMware Cloud DR's 30-minute compliance checks. */
export const defaultReadinessIntervalMinutes = 30;

export interface ReadinessMonitorDeps {
  /** The current estate snapshot (undefined before the first). */
  snapshot: () => EstateSnapshot | undefined;
  /** Called whenever the estate changes. */
  onSnapshot: (listener: () => void) => { dispose(): void };
  /** The Azure context and the vault's location, when connected. */
  target: () => Promise<{ ctx: AzureContext; location: string | undefined } | undefined>;
  /** azureSiteRecovery.readiness.intervalMinutes and azureSiteRecovery.drills.intervalDays. */
  settings: () => { intervalMinutes: number; drillIntervalDays: number };
  /** A VM's RPO target, seconds. */
  rpoTargetSecondsOf: (vm: EstateVm) => number;
  /** Whether the window is focused now, and when that changes. */
  focused: () => boolean;
  onFocus: (listener: (focused: boolean) => void) => { dispose(): void };
  log?: (line: string) => void;
  now?: () => Date;
  run?: (ctx: AzureContext, input: ReadinessRunInput<EstateVm>) => Promise<VmReadiness[]>;
  setTimer?: (fn: () => void, ms: number) => { dispose(): void };
}

type Listener = (vmKeys: readonly string[]) => void;

function sameReadiness(a: VmReadiness, b: VmReadiness): boolean {
  return a.checks.length === b.checks.length && a.checks.every((c, i) => c.outcome === b.checks[i]?.outcome && c.summary === b.checks[i]?.summary);
}

export class ReadinessMonitor implements ReadinessSource {
  private results = new Map<string, VmReadiness>();
  private readonly listeners = new Set<Listener>();
  private readonly subscriptions: { dispose(): void }[] = [];
  private timer: { dispose(): void } | undefined;
  private running: Promise<VmReadiness[]> | undefined;
  private lastRun: number | undefined;
  private started = false;
  private disposed = false;

  constructor(private readonly deps: ReadinessMonitorDeps) {
    this.subscriptions.push(
      deps.onSnapshot(() => this.firstSnapshot()),
      deps.onFocus((focused) => {
        if (focused && this.due()) void this.runQuietly();
      }),
    );
  }

  get(vmKey: string): VmReadiness | undefined {
    return this.results.get(vmKey);
  }

  /** Every VM's last readiness. */
  all(): VmReadiness[] {
    return [...this.results.values()];
  }

  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Starts the automatic runs: after the first snapshot (now if there is one), then on the interval. */
  start(): void {
    this.started = true;
    this.firstSnapshot();
  }

  /** The settings changed: the next automatic run is timed again. */
  reschedule(): void {
    this.schedule();
  }

  /**
   * Checks every protected VM of the current snapshot now (a run already under way is joined).
   * Rejects when not connected or no snapshot exists yet (the message says what to do).
   */
  checkNow(): Promise<VmReadiness[]> {
    this.running ??= this.runOnce().finally(() => {
      this.running = undefined;
      this.schedule();
    });
    return this.running;
  }

  dispose(): void {
    this.disposed = true;
    this.timer?.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.listeners.clear();
  }

  private intervalMs(): number {
    const minutes = this.deps.settings().intervalMinutes;
    return Number.isFinite(minutes) && minutes > 0 ? minutes * 60_000 : 0;
  }

  private nowMs(): number {
    return (this.deps.now?.() ?? new Date()).getTime();
  }

  /** An automatic run is due: the interval is on and has passed since the last run (or none ran yet). */
  private due(): boolean {
    const interval = this.intervalMs();
    return this.started && !this.disposed && interval > 0 && this.deps.snapshot() !== undefined && (this.lastRun === undefined || this.nowMs() - this.lastRun >= interval);
  }

  private firstSnapshot(): void {
    if (this.lastRun === undefined && this.running === undefined && this.deps.focused() && this.due()) void this.runQuietly();
  }

  private schedule(): void {
    this.timer?.dispose();
    this.timer = undefined;
    const interval = this.intervalMs();
    if (this.disposed || interval === 0) return;
    const wait = this.lastRun === undefined ? interval : Math.max(1000, this.lastRun + interval - this.nowMs());
    const set = this.deps.setTimer ?? ((fn: () => void, ms: number) => ({ dispose: clearTimeout.bind(undefined, setTimeout(fn, ms)) }));
    // While unfocused nothing runs: the focus listener runs it when the window is focused again.
    this.timer = set(() => {
      if (this.deps.focused() && this.due()) void this.runQuietly();
    }, wait);
  }

  private async runQuietly(): Promise<void> {
    try {
      await this.checkNow();
    } catch (e) {
      this.deps.log?.(`Readiness check skipped: ${(e as Error).message}`);
    }
  }

  private async runOnce(): Promise<VmReadiness[]> {
    const snapshot = this.deps.snapshot();
    const target = await this.deps.target();
    if (snapshot === undefined) throw new Error(l10n.t('No estate is known yet: refresh the Protection view, then check again.'));
    if (target === undefined) throw new Error(l10n.t("Not connected to a vault. Run 'Azure Site Recovery: Connect to a Vault' first."));
    const { drillIntervalDays } = this.deps.settings();
    const input: ReadinessRunInput<EstateVm> = {
      vms: allVms(snapshot),
      location: target.location,
      now: this.deps.now?.() ?? new Date(),
      rpoTargetSecondsOf: this.deps.rpoTargetSecondsOf,
      drillIntervalDays,
    };
    const results = await (this.deps.run ?? runReadiness)(target.ctx, input);
    this.lastRun = this.nowMs();
    this.store(results);
    return results;
  }

  private store(results: readonly VmReadiness[]): void {
    const next = new Map(results.map((r) => [r.vmKey, r]));
    const changed: string[] = [];
    for (const [k, r] of next) {
      const before = this.results.get(k);
      if (!before || !sameReadiness(before, r)) changed.push(k);
    }
    for (const k of this.results.keys()) if (!next.has(k)) changed.push(k);
    this.results = next;
    if (changed.length > 0) for (const l of [...this.listeners]) l(changed);
  }
}
