// Where the extension keeps the drill in flight (issue 15 §3): its record in global state (small,
// no secret: names, ids, times, figures), the one runner of this window, and the listeners that
// follow it (the notification, the status bar, the Jobs view). One drill at a time. vscode-free:
// global state comes in as a Memento-shaped object.

import type { DrillRecord, DrillRecorder } from '../model/drillRecord';
import type { ReadinessSource } from '../model/readiness';
import { lastPathSegment } from '../model/wireValues';
import type { DrillInFlight, DrillSource } from '../jobs/statusBarModel';
import { drillRecordFromJson, drillRecordToJson } from './drillRecordJson';
import type { DrillRunner, DrillStore } from './drillRunner';

/** The part of vscode.Memento the host uses. */
export interface StateMemento {
  get(key: string): unknown;
  update(key: string, value: unknown): Thenable<void>;
}

/** The global state key of the drill in flight. */
export const inFlightDrillKey = 'azureSiteRecovery.drills.inFlight';

export class DrillHost implements DrillStore, DrillSource {
  private runner: DrillRunner | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly state: StateMemento,
    /** The readiness of each VM at the start, when the readiness monitor runs (issue 15 §2). */
    readonly readiness?: ReadinessSource,
    /** The drill history and report (issue 15 §4); absent: a summary notification. */
    readonly recorder?: DrillRecorder,
  ) {}

  /** The drill kept by an earlier window that did not end (a reload): to resume. */
  kept(): DrillRecord | undefined {
    return drillRecordFromJson(this.state.get(inFlightDrillKey));
  }

  save(record: DrillRecord): Promise<void> {
    return Promise.resolve(this.state.update(inFlightDrillKey, drillRecordToJson(record)));
  }

  clear(id: string): Promise<void> {
    if (this.kept()?.id !== id) return Promise.resolve();
    return Promise.resolve(this.state.update(inFlightDrillKey, undefined));
  }

  /** The drill this window runs, if any. */
  get active(): DrillRecord | undefined {
    return this.runner?.record;
  }

  /** The ASR jobs of the drill in flight (its test failovers and cleanups): the status bar and Jobs view show them as the drill. */
  jobNames(): Set<string> {
    const ids = (this.active?.vms ?? []).flatMap((v) => [v.testFailoverJobId, v.cleanupJobId]);
    return new Set(ids.filter((id): id is string => id !== undefined).map((id) => (lastPathSegment(id) ?? id).toLowerCase()));
  }

  drillInFlight(): DrillInFlight | undefined {
    const record = this.active;
    return record ? { record, jobNames: this.jobNames() } : undefined;
  }

  /** Follows `runner` until it ends or stops; false when a drill is already running here. */
  track(runner: DrillRunner): boolean {
    if (this.runner) return false;
    this.runner = runner;
    this.changed();
    return true;
  }

  untrack(runner: DrillRunner): void {
    if (this.runner !== runner) return;
    this.runner = undefined;
    this.changed();
  }

  /** Called on every change of the drill in flight. */
  changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  onDidChange(listener: () => void): { dispose(): void } {
    const entry = (): void => listener();
    this.listeners.add(entry);
    return { dispose: () => this.listeners.delete(entry) };
  }

  /** The window closes: the runner stops sending, the kept record lets the next window resume. */
  dispose(): void {
    this.runner?.stop();
    this.listeners.clear();
  }
}
