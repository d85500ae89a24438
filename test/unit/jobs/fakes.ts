// Test doubles for the job tracker: a fake clock whose timers fire only on tick(), and a fake
// ASR jobs endpoint that counts list calls and can hold or fail them.

import type { ASRTask, Job } from '@azure/arm-recoveryservices-siterecovery';
import type { JobTrackerClock } from '../../../src/jobs/jobTracker';

/** Lets every pending promise callback run (several macrotask turns). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i += 1) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

export class FakeClock implements JobTrackerClock {
  private t: number;
  private nextId = 1;
  private timers: Timer[] = [];

  constructor(start: number = Date.parse('2026-11-25T10:00:00Z')) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId;
    this.nextId += 1;
    this.timers.push({ id, at: this.t + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== handle);
  }

  /** Milliseconds until each pending timer fires. */
  get pending(): number[] {
    return this.timers.map((x) => x.at - this.t);
  }

  /** Advances time by ms, firing due timers in order and awaiting what they started. */
  async tick(ms: number): Promise<void> {
    const end = this.t + ms;
    await flush();
    for (;;) {
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at || a.id - b.id);
      const next = due[0];
      if (!next) {
        break;
      }
      this.timers = this.timers.filter((x) => x !== next);
      this.t = next.at;
      next.fn();
      await flush();
    }
    this.t = end;
    await flush();
  }
}

interface Held {
  /** The jobs as they were when the request was sent. */
  jobs: Job[];
  resolve: (jobs: Job[]) => void;
  reject: (e: unknown) => void;
}

export class FakeAsr {
  jobs: Job[] = [];
  readonly calls: { startTime: Date; at: number }[] = [];
  /** When set, every list call rejects with it. */
  failWith: unknown = undefined;
  /** When true, list calls wait for release() / rejectHeld(). */
  hold = false;
  /**
   * When true, a list leaves out the jobs that started before its startTime, as ASR does ("This
   * cmdlet gets all jobs that started after the specified time.", Get-AzRecoveryServicesAsrJob.md).
   */
  startedAfterOnly = false;
  private held: Held[] = [];

  constructor(private readonly clock: FakeClock) {}

  readonly listJobs = (filter: { startTime: Date }): Promise<Job[]> => {
    this.calls.push({ startTime: filter.startTime, at: this.clock.now() });
    if (this.hold) {
      const jobs = structuredClone(this.jobs);
      return new Promise<Job[]>((resolve, reject) => this.held.push({ jobs, resolve, reject }));
    }
    if (this.failWith !== undefined) {
      // Rejects with whatever the test chose (also non-Error values, as an SDK might).
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      return Promise.reject(this.failWith);
    }
    const from = filter.startTime.getTime();
    const listed = this.startedAfterOnly ? this.jobs.filter((j) => (j.properties?.startTime?.getTime() ?? from) >= from) : this.jobs;
    return Promise.resolve(structuredClone(listed));
  };

  get heldCount(): number {
    return this.held.length;
  }

  /** Answers the held calls with the jobs as they were when each was sent. */
  async release(): Promise<void> {
    const held = this.held;
    this.held = [];
    this.hold = false;
    for (const h of held) {
      h.resolve(h.jobs);
    }
    await flush();
  }

  async rejectHeld(e: unknown): Promise<void> {
    const held = this.held;
    this.held = [];
    this.hold = false;
    for (const h of held) {
      h.reject(e);
    }
    await flush();
  }

  set(name: string, patch: Partial<NonNullable<Job['properties']>>): void {
    const job = this.jobs.find((j) => j.name === name);
    if (!job) {
      throw new Error(`no job ${name}`);
    }
    job.properties = { ...job.properties, ...patch };
  }
}

export interface JobSpec {
  state?: string;
  scenarioName?: string;
  friendlyName?: string;
  target?: string;
  /** [done, total] tasks; the first not-done task is InProgress while the job is active. */
  tasks?: [number, number];
  startTime?: Date;
  endTime?: Date;
  error?: string;
  recommendedAction?: string;
}

export function asrJob(name: string, spec: JobSpec = {}): Job {
  const state = spec.state ?? 'InProgress';
  const [done, total] = spec.tasks ?? [1, 4];
  const tasks: ASRTask[] = [];
  for (let i = 0; i < total; i += 1) {
    const taskState = i < done ? 'Succeeded' : i === done && (state === 'InProgress' || state === 'Failed') ? (state === 'Failed' ? 'Failed' : 'InProgress') : 'NotStarted';
    tasks.push({ name: `Task${i + 1}`, friendlyName: `Step ${i + 1}`, state: taskState });
  }
  const job: Job = {
    id: `/Subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/replicationJobs/${name}`,
    name,
    properties: {
      scenarioName: spec.scenarioName ?? 'TestFailover',
      friendlyName: spec.friendlyName ?? 'Test failover',
      state,
      stateDescription: state,
      tasks,
      startTime: spec.startTime ?? new Date('2026-11-25T09:55:00Z'),
      targetObjectName: spec.target ?? `vm-${name}`,
      targetInstanceType: 'ProtectionEntity',
      allowedActions: state === 'InProgress' ? ['Cancel'] : state === 'Failed' ? ['Restart'] : [],
    },
  };
  if (spec.endTime) {
    job.properties!.endTime = spec.endTime;
  }
  if (spec.error !== undefined) {
    job.properties!.errors = [{ serviceErrorDetails: { code: 'E1', message: spec.error, recommendedAction: spec.recommendedAction } }];
  }
  return job;
}
