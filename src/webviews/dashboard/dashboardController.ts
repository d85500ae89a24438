// What the recovery dashboard panel shows and does, without vscode (issue 15 §5): it builds the
// state (src/dashboard/dashboardModel.ts) from the estate store, the job tracker, the readiness and
// drill history sources (optional: other parts of issue 15 provide them) and the RPO history; it
// rebuilds it when one of them changes (coalesced: one rebuild per burst of changes), samples the
// RPO at each new snapshot, and says which command a row's action runs with which argument.
import { buildDashboardState } from '../../dashboard/dashboardModel';
import { dashboardRow, type RowContext } from '../../dashboard/dashboardRow';
import { dashboardActionCommands, type DashboardActionId, type DashboardLabels, type DashboardState } from '../../dashboard/dashboardTypes';
import type { RpoHistory } from '../../dashboard/rpoHistory';
import { findVmByKey } from '../../estate/diff';
import type { EstateSnapshot, EstateVm } from '../../estate/types';
import type { DrillHistorySource, DrillRecord } from '../../model/drillRecord';
import type { ReadinessSource } from '../../model/readiness';
import type { RecoveryTargets } from '../../tree/presentRecovery';

interface Subscription {
  dispose(): void;
}

export interface DashboardDeps {
  store: {
    readonly snapshot: EstateSnapshot | undefined;
    onDidChange(listener: () => void): Subscription;
    transientOf(vmKey: string): unknown;
    policyIntervalSeconds(vm: EstateVm): number | undefined;
  };
  jobs: { readonly activeCount: number; onDidChange(listener: () => void): Subscription };
  readiness?: ReadinessSource | undefined;
  drillHistory?: DrillHistorySource | undefined;
  rpoHistory: RpoHistory;
  /** The connected vault's key ('' when none): RPO samples are kept per vault. */
  vaultKey: () => string;
  targets: () => RecoveryTargets;
  labels: () => DashboardLabels;
  now?: () => Date;
  /** Rebuilds wait this long for more changes (ms; 0 in tests). */
  coalesceMs?: number;
  log?: (line: string) => void;
}

/** A command to run for a row's action: the same one, with the same argument, as the Protection tree's. */
export interface DashboardCommand {
  command: string;
  /** The VM's tree node, as the tree passes it (commands read its vmKey). */
  arg: { kind: 'vm'; vmKey: string; hostKey: string; siteName: string };
}

/** What every row is computed with, at `now`. */
export function rowContextOf(deps: Pick<DashboardDeps, 'store' | 'targets' | 'readiness'>, now: Date): RowContext {
  const store = deps.store;
  return {
    now,
    targets: deps.targets(),
    copyFrequencyOf: (vm) => store.policyIntervalSeconds(vm),
    readiness: deps.readiness,
    busy: (key) => store.transientOf(key) !== undefined,
  };
}

export class DashboardController {
  private readonly subscriptions: Subscription[] = [];
  private drills: DrillRecord[] | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(
    private readonly deps: DashboardDeps,
    /** Gets each new state (the panel posts it as an `update`: its channel sends what changed). */
    private readonly onState: (state: DashboardState) => void,
  ) {
    const changed = (): void => this.schedule();
    this.subscriptions.push(deps.store.onDidChange(changed), deps.jobs.onDidChange(changed));
    if (deps.readiness) this.subscriptions.push(deps.readiness.onDidChange(changed));
    if (deps.drillHistory) {
      this.subscriptions.push(deps.drillHistory.onDidChange(() => void this.loadDrills()));
      void this.loadDrills();
    }
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private rowContext(): RowContext {
    return rowContextOf(this.deps, this.now());
  }

  /** The state now, with the RPO samples of the last 24 hours (taken by the sampler, rpoSampler.ts). */
  state(): DashboardState {
    const ctx = this.rowContext();
    const snapshot = this.deps.store.snapshot;
    const vault = this.deps.vaultKey();
    const state = buildDashboardState({
      ...ctx,
      snapshot,
      jobsRunning: this.deps.jobs.activeCount,
      rpoSamples: [],
      drills: this.deps.drillHistory ? (this.drills ?? []) : undefined,
      labels: this.deps.labels(),
    });
    state.rpo = this.deps.rpoHistory.samples(vault, ctx.now.getTime()).map((s) => [s.t, s.worst, s.median, s.above]);
    return state;
  }

  /** Rebuilds now and hands the state on. */
  refresh(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.disposed) this.onState(this.state());
  }

  private schedule(): void {
    if (this.disposed || this.timer !== undefined) return;
    this.timer = setTimeout(() => this.refresh(), this.deps.coalesceMs ?? 250);
  }

  private async loadDrills(): Promise<void> {
    try {
      this.drills = await this.deps.drillHistory?.list();
    } catch (e) {
      this.deps.log?.(`The drill history could not be read: ${e instanceof Error ? e.message : String(e)}`);
      this.drills = [];
    }
    this.schedule();
  }

  /**
   * The command a row's action runs, when the VM is still in the estate and its row still offers
   * that action (the webview may show a state a moment old); otherwise a sentence saying why not.
   */
  commandFor(vmKey: string, action: DashboardActionId): DashboardCommand | { refused: string } {
    const snapshot = this.deps.store.snapshot;
    const vm = snapshot ? findVmByKey(snapshot, vmKey) : undefined;
    if (!snapshot || !vm) return { refused: 'gone' };
    const host = snapshot.hosts.find((h) => h.key === vm.hostKey);
    const row = dashboardRow(vm, host?.name ?? vm.hostKey, this.rowContext());
    if (row.action !== action) return { refused: 'changed' };
    const siteName = host?.provider.registered && host.provider.fabricName ? host.provider.fabricName : '';
    return { command: dashboardActionCommands[action], arg: { kind: 'vm', vmKey: vm.key, hostKey: vm.hostKey, siteName } };
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }
}
