// The RPO of the last 24 hours (issue 15 §5): at each estate snapshot, a small aggregate of the
// VMs' RPO (the worst, the median, how many are above their target) is kept, at most one per 5
// minutes and at most 300, for 24 hours, in the extension's global state so it survives a reload.
// Pure (no vscode): the store is a Memento-like pair of get/update. What is read back is checked
// (a sample of the wrong shape is dropped), and samples of another vault are not shown.

import type { DashboardRow } from './dashboardTypes';

export interface RpoSample {
  /** When the snapshot was taken, ms since the epoch. */
  t: number;
  /** The worst RPO of the VMs, seconds. */
  worst: number;
  /** The median RPO, seconds. */
  median: number;
  /** How many VMs are above their RPO target. */
  above: number;
}

/** The part of vscode.Memento the history uses. */
export interface SampleStore {
  get(key: string): unknown;
  update(key: string, value: unknown): PromiseLike<void>;
}

export const RPO_HISTORY_KEY = 'azureSiteRecovery.dashboard.rpoHistory';
/** At most one sample per this many ms (5 minutes). */
export const SAMPLE_SPACING_MS = 5 * 60_000;
export const MAX_SAMPLES = 300;
export const HISTORY_WINDOW_MS = 24 * 3600_000;

interface Stored {
  vault: string;
  samples: RpoSample[];
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

function isSample(v: unknown): v is RpoSample {
  if (typeof v !== 'object' || v === null) return false;
  const { t, worst, median, above } = v as Record<string, unknown>;
  return isCount(t) && isCount(worst) && isCount(median) && isCount(above);
}

/** What the store holds, read through guards: a malformed value is an empty history. */
function readStored(value: unknown): Stored {
  if (typeof value !== 'object' || value === null) return { vault: '', samples: [] };
  const vault = (value as Record<string, unknown>).vault;
  const samples = (value as Record<string, unknown>).samples;
  return {
    vault: typeof vault === 'string' ? vault : '',
    samples: Array.isArray(samples) ? samples.filter(isSample).map((s) => ({ t: s.t, worst: s.worst, median: s.median, above: s.above })) : [],
  };
}

/** The aggregate of the rows that have an RPO; undefined when none has (nothing to sample). */
export function rpoAggregate(rows: readonly Pick<DashboardRow, 'rpo' | 'rpoAbove'>[]): Omit<RpoSample, 't'> | undefined {
  const values: number[] = [];
  let above = 0;
  for (const r of rows) {
    if (r.rpo === undefined) continue;
    values.push(r.rpo);
    if (r.rpoAbove) above++;
  }
  if (values.length === 0) return undefined;
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  const median = values.length % 2 === 1 ? values[mid] : Math.round((values[mid - 1] + values[mid]) / 2);
  return { worst: values[values.length - 1], median, above };
}

export class RpoHistory {
  private stored: Stored;

  constructor(
    private readonly store: SampleStore,
    private readonly key: string = RPO_HISTORY_KEY,
  ) {
    this.stored = readStored(store.get(key));
  }

  /** The samples of `vault` within 24 h of `now`, oldest first. */
  samples(vault: string, now: number): RpoSample[] {
    if (this.stored.vault !== vault) return [];
    return this.stored.samples.filter((s) => s.t > now - HISTORY_WINDOW_MS && s.t <= now + SAMPLE_SPACING_MS);
  }

  /** Whether a sample of `vault` taken at `t` would be recorded (none of that vault in the 5 minutes before). */
  wants(vault: string, t: number): boolean {
    if (this.stored.vault !== vault) return true;
    const last = this.stored.samples[this.stored.samples.length - 1];
    return last === undefined || t - last.t >= SAMPLE_SPACING_MS || t < last.t;
  }

  /**
   * Records a sample for `vault` unless the last one is less than 5 minutes older; another vault's
   * samples are forgotten. Returns whether it was recorded (then the store is written).
   */
  record(vault: string, sample: RpoSample): boolean {
    const kept = this.stored.vault === vault ? this.stored.samples.filter((s) => s.t > sample.t - HISTORY_WINDOW_MS && s.t <= sample.t) : [];
    const last = kept[kept.length - 1];
    if (last !== undefined && sample.t - last.t < SAMPLE_SPACING_MS) return false;
    kept.push({ t: sample.t, worst: sample.worst, median: sample.median, above: sample.above });
    this.stored = { vault, samples: kept.slice(-MAX_SAMPLES) };
    void Promise.resolve(this.store.update(this.key, this.stored)).catch(() => undefined);
    return true;
  }

  /** Forgets every sample (Sign Out). */
  clear(): void {
    this.stored = { vault: '', samples: [] };
    void Promise.resolve(this.store.update(this.key, undefined)).catch(() => undefined);
  }
}
