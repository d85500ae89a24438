// The job tracker: reads ASR's jobs with ONE filtered list call per poll, whatever the number of
// jobs; polls fast while jobs run, slowly when none do, not at all while the window is unfocused.
// Everything it knows comes from ASR (a new tracker after a reload sees the running jobs on its
// first poll); the only memory is which jobs the user is waiting for and which failures were seen.
// No vscode import: the clock and the list call are injected, so it runs on a fake clock in tests.

import type { Job } from '@azure/arm-recoveryservices-siterecovery';
import type { JobSummary } from '../model/jobSummary';
import { compareJobSummaries, summarizeJob } from '../model/jobSummary';
import { withPlanJobStep } from './planJobStep';
import { errorMessage, ListenerSet } from './listenerSet';
import type { Disposable, JobEndedEvent, JobsSnapshot, JobWatchInfo } from './types';

export type { Disposable, JobAction, JobEndedEvent, JobsSnapshot, JobWatchInfo } from './types';

export interface JobTrackerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock (the extension's composition root passes this). */
export const systemClock: JobTrackerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface JobTrackerDeps {
  /** One call = one filtered list request (services/azure/jobs.ts listJobs bound to the vault). */
  listJobs: (filter: { startTime: Date }) => Promise<Job[]>;
  clock: JobTrackerClock;
  /** Interval while any job is active (NotStarted, InProgress, Suspended). Default 10 s. */
  activePollMs?: number;
  /** Interval while no job is active, and after a failed poll. Default 120 s. */
  idlePollMs?: number;
  /** How far back "recent" goes; the list's startTime filter is now − windowMs. Default 24 h. */
  windowMs?: number;
  /**
   * End time (ms, ASR's clock) of the newest failure the user had looked at, as persisted from
   * `failuresSeenUntil` before a reload; failures that ended at or before it are not counted.
   */
  failuresSeenUntil?: number | undefined;
  /**
   * Start time (ms, ASR's clock) of the oldest job tracked before a reload, as persisted from
   * `trackedSince`: the list starts there until a poll succeeds, so a job that started more than
   * windowMs ago and still runs is listed again.
   */
  trackedSince?: number | undefined;
  log?: (line: string) => void;
}

export const defaultActivePollMs = 10_000;
export const defaultIdlePollMs = 120_000;
export const defaultJobWindowMs = 24 * 60 * 60 * 1000;

function positiveOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

function jobKey(jobName: string): string {
  return jobName.toLowerCase();
}

function isTerminal(s: JobSummary): boolean {
  return s.state === 'Succeeded' || s.state === 'Failed' || s.state === 'Cancelled';
}

/** What onDidChange compares: everything a view shows, except takenAt and running durations. */
function snapshotKey(s: JobsSnapshot): string {
  const strip = (j: JobSummary): unknown => ({ ...j, durationMs: undefined });
  return JSON.stringify([s.active.map(strip), s.recent.map(strip), s.failedSinceSeen]);
}

interface Watched {
  info?: JobWatchInfo;
  since: number;
  /** When the job started, as ASR said once it listed it (undefined until then). */
  startedAt?: number;
  /** onJobWaiting fired for the current suspension (reset when the job runs again). */
  waiting?: boolean;
}

export class JobTracker implements Disposable {
  readonly activePollMs: number;
  readonly idlePollMs: number;
  readonly windowMs: number;

  private readonly clock: JobTrackerClock;
  private readonly log: (line: string) => void;
  private readonly changeListeners: ListenerSet<JobsSnapshot | undefined>;
  private readonly endedListeners: ListenerSet<JobEndedEvent>;
  private readonly waitingListeners: ListenerSet<JobEndedEvent>;
  private readonly errorListeners: ListenerSet<unknown>;
  private readonly watched = new Map<string, Watched>();
  private readonly seenFailures = new Set<string>();
  private seenUntil: number | undefined;
  /** deps.trackedSince, until a poll succeeds (then the jobs it listed say what is tracked). */
  private trackedBeforeReload: number | undefined;

  private started = false;
  private focused = true;
  private disposed = false;
  private timer: unknown;
  private hasTimer = false;
  private inFlight: { promise: Promise<void>; startedAt: number; generation: number } | undefined;
  private followUp: Promise<void> | undefined;
  private lastPollFailed = false;
  private lastErrorMessage: string | undefined;
  private lastDelay: number | undefined;
  private current: JobsSnapshot | undefined;
  private currentKey: string | undefined;
  /** Raised by forget(): a poll sent before it answers for a vault that is no longer the one shown. */
  private generation = 0;

  constructor(private readonly deps: JobTrackerDeps) {
    this.clock = deps.clock;
    this.log = deps.log ?? ((): void => undefined);
    this.activePollMs = positiveOr(deps.activePollMs, defaultActivePollMs);
    this.idlePollMs = positiveOr(deps.idlePollMs, defaultIdlePollMs);
    this.windowMs = positiveOr(deps.windowMs, defaultJobWindowMs);
    this.seenUntil = deps.failuresSeenUntil !== undefined && Number.isFinite(deps.failuresSeenUntil) ? deps.failuresSeenUntil : undefined;
    this.trackedBeforeReload = deps.trackedSince !== undefined && Number.isFinite(deps.trackedSince) ? deps.trackedSince : undefined;
    this.changeListeners = new ListenerSet(this.log);
    this.endedListeners = new ListenerSet(this.log);
    this.waitingListeners = new ListenerSet(this.log);
    this.errorListeners = new ListenerSet(this.log);
  }

  /** The last successful poll's view of the jobs; undefined before the first one. */
  get snapshot(): JobsSnapshot | undefined {
    return this.current;
  }

  /** Persist this (e.g. in globalState) and pass it back as deps.failuresSeenUntil after a reload. */
  get failuresSeenUntil(): number | undefined {
    return this.seenUntil;
  }

  /**
   * When the oldest job tracked started (watched, or active when last listed); undefined when none
   * is. Persist this with failuresSeenUntil and pass it back as deps.trackedSince after a reload.
   */
  get trackedSince(): number | undefined {
    const oldest = this.listFrom(Number.POSITIVE_INFINITY);
    return Number.isFinite(oldest) ? oldest : undefined;
  }

  get isPolling(): boolean {
    return this.inFlight !== undefined;
  }

  /** The snapshot changed; undefined after forget() (signed out, another vault). */
  onDidChange(listener: (snapshot: JobsSnapshot | undefined) => void): Disposable {
    return this.changeListeners.add(listener);
  }

  /** A watched job reached Succeeded, Failed or Cancelled; fired once per watched job. */
  onJobEnded(listener: (event: JobEndedEvent) => void): Disposable {
    return this.endedListeners.add(listener);
  }

  /**
   * A watched job is Suspended: it waits for the user (a failback with data sync "for downtime"
   * until Resume; a test failover until its cleanup). Not an end: the job stays watched and
   * onJobEnded fires when it ends. Fired once per suspension.
   */
  onJobWaiting(listener: (event: JobEndedEvent) => void): Disposable {
    return this.waitingListeners.add(listener);
  }

  /** A poll failed; reported once per distinct message until a poll succeeds again. */
  onError(listener: (e: unknown) => void): Disposable {
    return this.errorListeners.add(listener);
  }

  /** Starts polling: one poll now (if focused), then on the adaptive interval. */
  start(): void {
    if (this.disposed || this.started) {
      return;
    }
    this.started = true;
    if (this.focused) {
      this.pollSoon();
    }
  }

  /** Stops the timer; a request already sent still updates the snapshot. */
  stop(): void {
    this.started = false;
    this.clearTimer();
  }

  /** Unfocused: no requests at all. Focused again: one poll at once, then the interval resumes. */
  setFocused(focused: boolean): void {
    if (this.disposed || focused === this.focused) {
      return;
    }
    this.focused = focused;
    if (!focused) {
      this.clearTimer();
    } else if (this.started) {
      this.pollSoon();
    }
  }

  /**
   * Polls now (after a user action). Calls at the same instant share one request; calls made
   * while an older request is in flight share one follow-up request, sent when that one ends, so
   * the result always reflects the state after the call. Never rejects: errors go to onError.
   */
  refreshNow(): Promise<void> {
    if (this.disposed) {
      return Promise.resolve();
    }
    const inFlight = this.inFlight;
    if (!inFlight) {
      return this.startPoll();
    }
    if (inFlight.startedAt === this.clock.now() && inFlight.generation === this.generation) {
      return inFlight.promise;
    }
    if (!this.followUp) {
      this.followUp = inFlight.promise.then(() => {
        this.followUp = undefined;
        return this.disposed ? undefined : this.startPoll();
      });
    }
    return this.followUp;
  }

  /** The user started this job: fire onJobEnded({ summary, info }) once when it ends. */
  watch(jobName: string, info?: JobWatchInfo): void {
    if (this.disposed || jobName.length === 0) {
      return;
    }
    // Watched again (Resume Job from the Jobs view on a job a wizard follows): what the first
    // watcher said stays unless the new one says otherwise — above all its owner, so a job the
    // open wizard shows still raises no notification of its own.
    const previous = this.watched.get(jobKey(jobName));
    const entry: Watched = { since: previous?.since ?? this.clock.now() };
    if (previous?.info !== undefined || info !== undefined) {
      entry.info = { ...previous?.info, ...info };
    }
    this.watched.set(jobKey(jobName), entry);
  }

  unwatch(jobName: string): void {
    this.watched.delete(jobKey(jobName));
  }

  isWatching(jobName: string): boolean {
    return this.watched.has(jobKey(jobName));
  }

  /** The user looked at the failures: failedSinceSeen drops to 0 until another job fails. */
  markFailuresSeen(): void {
    const snapshot = this.current;
    if (this.disposed || !snapshot) {
      return;
    }
    for (const s of snapshot.recent) {
      if (s.state !== 'Failed') {
        continue;
      }
      this.seenFailures.add(jobKey(s.jobName));
      const end = s.endTime?.getTime();
      if (end !== undefined && (this.seenUntil === undefined || end > this.seenUntil)) {
        this.seenUntil = end;
      }
    }
    this.publish({ ...snapshot, failedSinceSeen: this.countUnseenFailures(snapshot.recent) });
  }

  /**
   * Signed out, or another vault connected: the jobs, the watched jobs and the failures seen are
   * forgotten at once and the listeners told (the Jobs view empties, the status bar hides). A poll
   * already sent is ignored when it answers; the next poll (refreshNow, or start) reads the vault
   * connected then. Keeps polling only if started: call stop() too when there is no vault.
   */
  forget(): void {
    if (this.disposed) {
      return;
    }
    this.generation++;
    this.watched.clear();
    this.seenFailures.clear();
    this.trackedBeforeReload = undefined;
    this.lastPollFailed = false;
    this.lastErrorMessage = undefined;
    const had = this.current !== undefined;
    this.current = undefined;
    this.currentKey = undefined;
    if (had) {
      this.changeListeners.fire(undefined);
    }
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.stop();
    this.disposed = true;
    this.watched.clear();
    this.changeListeners.clear();
    this.endedListeners.clear();
    this.waitingListeners.clear();
    this.errorListeners.clear();
  }

  private pollSoon(): void {
    if (this.inFlight) {
      return; // its end schedules the next poll
    }
    void this.startPoll();
  }

  private startPoll(): Promise<void> {
    this.clearTimer();
    const startedAt = this.clock.now();
    const generation = this.generation;
    // Answers for a vault forgotten meanwhile (forget) are dropped.
    const current = (): boolean => !this.disposed && generation === this.generation;
    const run = async (): Promise<void> => {
      try {
        const jobs = await this.deps.listJobs({ startTime: new Date(this.listFrom(startedAt)) });
        if (current()) {
          this.applyJobs(jobs);
        }
      } catch (e) {
        if (current()) {
          this.applyFailure(e);
        }
      }
    };
    const promise = run().finally(() => {
      this.inFlight = undefined;
      this.scheduleNext();
    });
    this.inFlight = { promise, startedAt, generation };
    return promise;
  }

  /**
   * Where the list's startTime filter starts: the window (now − windowMs), or earlier, at the
   * start of the oldest job still tracked (watched, running when last listed, or tracked before a
   * reload: deps.trackedSince). ASR lists the
   * jobs that started after that time ("This cmdlet gets all jobs that started after the
   * specified time.", azure-powershell Get-AzRecoveryServicesAsrJob.md, -StartTime), so a job
   * that runs for more than a day would drop out of a list that starts a day ago.
   */
  private listFrom(now: number): number {
    let from = Math.min(now - this.windowMs, this.trackedBeforeReload ?? Number.POSITIVE_INFINITY);
    for (const entry of this.watched.values()) {
      if (entry.startedAt !== undefined) from = Math.min(from, entry.startedAt);
    }
    for (const job of this.current?.active ?? []) {
      const started = job.startTime?.getTime();
      if (started !== undefined && Number.isFinite(started)) from = Math.min(from, started);
    }
    return from;
  }

  private applyJobs(jobs: readonly Job[]): void {
    const nowMs = this.clock.now();
    const now = new Date(nowMs);
    const byName = new Map<string, JobSummary>();
    for (const job of jobs) {
      const summary = withPlanJobStep(summarizeJob(job, now), job);
      byName.set(jobKey(summary.jobName), summary);
    }
    const all = [...byName.values()];
    const cutoff = nowMs - this.windowMs;
    const active = all.filter((s) => s.isActive).sort(compareJobSummaries);
    const recent = all.filter((s) => !s.isActive && ((s.endTime ?? s.startTime)?.getTime() ?? nowMs) >= cutoff).sort(compareJobSummaries);

    if (this.lastPollFailed) {
      this.log('Reading ASR jobs works again.');
    }
    this.trackedBeforeReload = undefined;
    this.lastPollFailed = false;
    this.lastErrorMessage = undefined;
    this.publish({ takenAt: now, active, recent, failedSinceSeen: this.countUnseenFailures(recent) });

    const ended: JobEndedEvent[] = [];
    const waiting: JobEndedEvent[] = [];
    for (const [key, entry] of this.watched) {
      const summary = byName.get(key);
      const event = (s: JobSummary): JobEndedEvent => (entry.info !== undefined ? { summary: s, info: entry.info } : { summary: s });
      const started = summary?.startTime?.getTime();
      if (started !== undefined && Number.isFinite(started)) entry.startedAt = started;
      if (summary && isTerminal(summary)) {
        this.watched.delete(key);
        ended.push(event(summary));
      } else if (summary && summary.state === 'Suspended') {
        if (!entry.waiting) {
          entry.waiting = true;
          waiting.push(event(summary));
        }
        // A test failover job stays suspended until its cleanup ("The test failover job is
        // suspended after creating the test VM in Azure.", azure-docs
        // hyper-v-azure-powershell-resource-manager.md; spec example ReplicationJobs_Resume.json:
        // "WaitingForStopTestFailover"): its waiting is the end the user waits for.
        if ((summary.scenarioName ?? '').toLowerCase() === 'testfailover') this.watched.delete(key);
      } else if (summary) {
        entry.waiting = false;
      } else if (entry.startedAt !== undefined || nowMs - entry.since > this.windowMs) {
        // Listed before and no longer, though the list starts before it did: ASR has it no more.
        // Or never showed up within the window: stop waiting for it.
        this.watched.delete(key);
      }
    }
    for (const event of waiting) {
      this.waitingListeners.fire(event);
    }
    for (const event of ended) {
      this.endedListeners.fire(event);
    }
  }

  private applyFailure(e: unknown): void {
    this.lastPollFailed = true;
    const message = errorMessage(e);
    this.log(`Reading ASR jobs failed: ${message}`);
    if (message !== this.lastErrorMessage) {
      this.lastErrorMessage = message;
      this.errorListeners.fire(e);
    }
  }

  private countUnseenFailures(recent: readonly JobSummary[]): number {
    const seenUntil = this.seenUntil;
    return recent.filter((s) => {
      if (s.state !== 'Failed' || this.seenFailures.has(jobKey(s.jobName))) {
        return false;
      }
      const end = s.endTime?.getTime();
      return seenUntil === undefined || end === undefined || end > seenUntil;
    }).length;
  }

  private publish(snapshot: JobsSnapshot): void {
    const key = snapshotKey(snapshot);
    const changed = key !== this.currentKey;
    this.current = snapshot;
    this.currentKey = key;
    if (changed) {
      this.changeListeners.fire(snapshot);
    }
  }

  private scheduleNext(): void {
    if (this.disposed || !this.started || !this.focused || this.inFlight || this.followUp) {
      return;
    }
    const running = this.current?.active.length ?? 0;
    const delay = this.lastPollFailed || running === 0 ? this.idlePollMs : this.activePollMs;
    if (delay !== this.lastDelay) {
      this.lastDelay = delay;
      this.log(`Polling ASR jobs every ${Math.round(delay / 1000)} s (${running} running${this.lastPollFailed ? ', last poll failed' : ''}).`);
    }
    this.clearTimer();
    this.timer = this.clock.setTimeout(() => {
      this.hasTimer = false;
      this.timer = undefined;
      this.pollSoon();
    }, delay);
    this.hasTimer = true;
  }

  private clearTimer(): void {
    if (this.hasTimer) {
      this.clock.clearTimeout(this.timer);
      this.hasTimer = false;
      this.timer = undefined;
    }
  }
}
