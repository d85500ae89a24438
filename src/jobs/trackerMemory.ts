// What the job tracker keeps across a window reload, in the extension's global state (no secret):
// the end of the newest failure the user looked at, and the start of the oldest job it tracked
// (so a job that started more than a day ago and still runs is listed again after the reload).
// No vscode import: the state is anything with get and update (vscode.Memento), so it is tested
// with a Map.

import type { JobTracker, JobTrackerDeps } from './jobTracker';
import type { Disposable } from './types';

/** vscode.Memento's get and update. */
export interface TrackerMemoryStore {
  get(key: string): unknown;
  update(key: string, value: number | undefined): PromiseLike<void>;
}

const FAILURES_SEEN_KEY = 'azureSiteRecovery.jobs.failuresSeenUntil';
const TRACKED_SINCE_KEY = 'azureSiteRecovery.jobs.trackedSince';

function numberAt(store: TrackerMemoryStore, key: string): number | undefined {
  const value = store.get(key);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The tracker's deps as remembered before the reload. */
export function rememberedTrackerDeps(store: TrackerMemoryStore): Pick<JobTrackerDeps, 'failuresSeenUntil' | 'trackedSince'> {
  const failuresSeenUntil = numberAt(store, FAILURES_SEEN_KEY);
  const trackedSince = numberAt(store, TRACKED_SINCE_KEY);
  return { ...(failuresSeenUntil !== undefined ? { failuresSeenUntil } : {}), ...(trackedSince !== undefined ? { trackedSince } : {}) };
}

/** Writes what the tracker will need after a reload whenever its snapshot changes (and only what changed). */
export function rememberTracker(tracker: JobTracker, store: TrackerMemoryStore): Disposable {
  return tracker.onDidChange(() => {
    for (const [key, value] of [
      [FAILURES_SEEN_KEY, tracker.failuresSeenUntil],
      [TRACKED_SINCE_KEY, tracker.trackedSince],
    ] as const) {
      if (value !== numberAt(store, key)) void store.update(key, value);
    }
  });
}
