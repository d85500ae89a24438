// A bounded pool of PowerShell sessions: up to `size` runners (powershellRunner.ts), each with
// its own long-lived shell, so that several hosts are probed at once and one slow host holds only
// its own session. A call takes a free session (the one used last first, its shell already warm),
// starts a new one while fewer than `size` exist, or waits for one; each runner still runs one
// call at a time, with its own timeout from when the command is sent, and disposes its idle shell.
// Disposing the pool disposes every session: calls running or waiting end with Cancelled.

import { hyperVError } from './errors';
import type { PowerShellRunnerOptions, RunOptions, ScriptRunner } from './powershellRunner';
import { PowerShellRunner } from './powershellRunner';
import type { HyperVScript } from './scripts';

/** A session of the pool: a runner that can be disposed (a PowerShellRunner, or a fake in tests). */
export interface PooledRunner extends ScriptRunner {
  dispose(): Promise<void>;
}

export interface PowerShellPoolOptions extends PowerShellRunnerOptions {
  /** How many sessions may run at once (at least 1). */
  size: number;
  /** Builds a session; injectable for tests. Default: a PowerShellRunner with the options above. */
  createRunner?: (options: PowerShellRunnerOptions) => PooledRunner;
}

export const DEFAULT_PROBE_CONCURRENCY = 8;
export const MAX_PROBE_CONCURRENCY = 32;

/** The pool size for a setting's value: a whole number from 1 to MAX_PROBE_CONCURRENCY, else the default. */
export function poolSize(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return DEFAULT_PROBE_CONCURRENCY;
  return Math.min(MAX_PROBE_CONCURRENCY, Math.max(1, Math.floor(value)));
}

type Waiter = { resolve: (runner: PooledRunner | undefined) => void };

export class PowerShellPool implements ScriptRunner {
  readonly size: number;
  private readonly runnerOptions: PowerShellRunnerOptions;
  private readonly createRunner: (options: PowerShellRunnerOptions) => PooledRunner;
  private readonly all: PooledRunner[] = [];
  /** Free sessions; the last one is the one used last. */
  private readonly free: PooledRunner[] = [];
  private readonly waiting: Waiter[] = [];
  private disposed = false;

  constructor(options: PowerShellPoolOptions) {
    const { size, createRunner, ...runnerOptions } = options;
    this.size = poolSize(size);
    this.runnerOptions = runnerOptions;
    this.createRunner = createRunner ?? ((o) => new PowerShellRunner(o));
  }

  /** How many sessions exist (for diagnostics and tests). */
  get sessionCount(): number {
    return this.all.length;
  }

  /** Runs a script in a free session (waiting for one if all are busy); see PowerShellRunner.run. */
  async run(script: HyperVScript, input: unknown, options: RunOptions = {}): Promise<unknown> {
    const runner = await this.acquire(options.signal);
    if (!runner) {
      throw hyperVError('Cancelled', { script: script.name, executable: this.runnerOptions.executable, ...(options.host !== undefined ? { host: options.host } : {}) });
    }
    try {
      return await runner.run(script, input, options);
    } finally {
      this.release(runner);
    }
  }

  /** Disposes every session; calls in progress or waiting end with Cancelled, later calls too. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const w of this.waiting.splice(0)) w.resolve(undefined);
    this.free.length = 0;
    await Promise.all(this.all.map((r) => r.dispose().catch(() => undefined)));
  }

  /** A session for one call, or undefined when the call was cancelled or the pool disposed first. */
  private acquire(signal: AbortSignal | undefined): Promise<PooledRunner | undefined> {
    if (this.disposed || signal?.aborted === true) return Promise.resolve(undefined);
    const free = this.free.pop();
    if (free) return Promise.resolve(free);
    if (this.all.length < this.size) {
      const runner = this.createRunner(this.runnerOptions);
      this.all.push(runner);
      return Promise.resolve(runner);
    }
    return new Promise<PooledRunner | undefined>((resolve) => {
      const onAbort = (): void => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        resolve(undefined);
      };
      const waiter: Waiter = {
        resolve: (runner) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(runner);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  private release(runner: PooledRunner): void {
    if (this.disposed) return;
    const next = this.waiting.shift();
    if (next) next.resolve(runner);
    else this.free.push(runner);
  }
}
