// Runs the extension's scripts in one long-lived PowerShell (node-powershell), created when
// first needed and reused: node-powershell starts `<executable> -NoLogo -NoProfile
// -NonInteractive -ExecutionPolicy Bypass -NoExit -Command -` and talks to it over stdin.
//
// Calls are queued here, one at a time, so each call's timeout counts from when its command is
// sent. A call that times out or is cancelled keeps running inside PowerShell, so the shell is
// thrown away and the next call starts a fresh one; so is a shell whose process exited. An unused
// shell is disposed after idleMs. The input is never logged or put into an error message, and its
// secret fields never reach the command line: they go through a short-lived file only the user
// can read, written when the call's turn comes and deleted when it ends (secretInput.ts).

import { tmpdir } from 'node:os';
import type { InvocationResult, PowerShellOptions } from 'node-powershell';
import { buildScriptCommand, encodeScriptInput } from './command';
import { findEnvelopeLine, parseEnvelope } from './envelope';
import type { HyperVErrorContext } from './errors';
import { HyperVError, INVOKE_AFTER_EXIT, firstErrorLine, hyperVError, hyperVErrorFromEnvelope, hyperVErrorFromException } from './errors';
import { createNodePowerShell } from './nodePowerShell';
import type { HyperVScript } from './scripts';
import { withPrelude } from './scripts';
import { splitSecrets, writeSecretsFile, type SecretField, type SecretsFile } from './secretInput';

/** The part of node-powershell's PowerShell the runner uses; a fake in unit tests. */
export interface ShellLike {
  invoke(command: string): Promise<InvocationResult>;
  dispose(): Promise<void>;
}

export type CreateShell = (options: PowerShellOptions) => ShellLike;

export interface PowerShellRunnerOptions {
  /** 'pwsh', 'powershell' or the full path of a PowerShell executable; used exactly as given. */
  executable: string;
  /** Per call, unless the call says otherwise. Default 60 s. */
  timeoutMs?: number;
  /** Dispose the shell after it has been unused this long. Default 5 min. */
  idleMs?: number;
  /** The shell's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Builds the shell; injectable for tests. Default: node-powershell's PowerShell (nodePowerShell.ts). */
  createShell?: CreateShell;
  /** Where each call's secrets file goes, in a folder of its own (default: the user's temporary folder). */
  secretsDir?: string;
  /** Diagnostics (never the input, never secrets). */
  log?: (line: string) => void;
}

export interface RunOptions {
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  /** The Hyper-V host the script works on, for messages (absent: the local computer). */
  host?: string | undefined;
}

/** Anything that runs a script and returns its envelope data (the runner, or a fake). */
export interface ScriptRunner {
  run(script: HyperVScript, input: unknown, options?: RunOptions): Promise<unknown>;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_IDLE_MS = 5 * 60_000;

/** The longest delay Node's setTimeout honours (2^31-1 ms, about 24.8 days); a longer one fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A delay setTimeout honours: at most MAX_TIMER_MS (so a huge time limit is a long one, not one
 * that fires at once and fails every script), NaN is the fallback (never "no limit"); 0 or less
 * stays "no limit".
 */
export function timerSafeMs(ms: number, fallback: number): number {
  if (Number.isNaN(ms)) return fallback;
  return Math.min(ms, MAX_TIMER_MS);
}

/** The options PowerShell is started with (node-powershell adds -NoLogo, -NoExit, -Command -). */
export const EXECUTABLE_OPTIONS = {
  '-NoProfile': true,
  '-NonInteractive': true,
  '-ExecutionPolicy': 'Bypass',
} as const;

type Outcome = { kind: 'result'; result: InvocationResult } | { kind: 'error'; error: unknown } | { kind: 'timeout' } | { kind: 'aborted' };

function anyAborted(signals: readonly (AbortSignal | undefined)[]): boolean {
  return signals.some((s) => s?.aborted === true);
}

export class PowerShellRunner implements ScriptRunner {
  private readonly executable: string;
  private readonly timeoutMs: number;
  private readonly idleMs: number;
  private readonly env: NodeJS.ProcessEnv | undefined;
  private readonly createShell: CreateShell;
  private readonly secretsDir: string;
  private readonly log: (line: string) => void;

  private shell: ShellLike | undefined;
  private tail: Promise<void> = Promise.resolve();
  private active = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly lifetime = new AbortController();
  private shellsCreated = 0;

  constructor(options: PowerShellRunnerOptions) {
    if (typeof options.executable !== 'string' || options.executable.trim().length === 0) {
      throw new TypeError('PowerShellRunner needs an executable.');
    }
    this.executable = options.executable;
    this.timeoutMs = timerSafeMs(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, DEFAULT_TIMEOUT_MS);
    this.idleMs = timerSafeMs(options.idleMs ?? DEFAULT_IDLE_MS, DEFAULT_IDLE_MS);
    this.env = options.env;
    this.createShell = options.createShell ?? createNodePowerShell;
    this.secretsDir = options.secretsDir ?? tmpdir();
    this.log = options.log ?? (() => undefined);
  }

  /** How many shells this runner has started (for diagnostics and tests). */
  get shellCount(): number {
    return this.shellsCreated;
  }

  /** Whether a shell is currently running. */
  get hasShell(): boolean {
    return this.shell !== undefined;
  }

  /** The options node-powershell gets for a new shell. */
  shellOptions(): PowerShellOptions {
    return {
      executable: this.executable,
      executableOptions: { ...EXECUTABLE_OPTIONS },
      spawnOptions: { windowsHide: true, ...(this.env !== undefined ? { env: this.env } : {}) },
      inputEncoding: 'utf-8',
      outputEncoding: 'utf-8',
      // Timeouts and errors are handled here (per call, with the output at hand).
      invocationTimeout: 0,
      throwOnInvocationError: false,
    };
  }

  /** Runs a script and returns its envelope data, or throws a HyperVError. */
  async run(script: HyperVScript, input: unknown, options: RunOptions = {}): Promise<unknown> {
    const timeoutMs = timerSafeMs(options.timeoutMs ?? this.timeoutMs, this.timeoutMs);
    const { open, secrets } = splitSecrets(input);
    const encodedInput = encodeScriptInput(open);
    const context: HyperVErrorContext = {
      script: script.name,
      executable: this.executable,
      timeoutMs,
      secrets: [...secrets.map((s) => s.value), encodedInput],
      ...(options.host !== undefined ? { host: options.host } : {}),
    };
    const signals = [options.signal, this.lifetime.signal];
    if (anyAborted(signals)) {
      throw hyperVError('Cancelled', context);
    }
    // The script runs after the prelude it relies on (scripts/prelude.ps1), in one script block.
    const command = (secretsFile: string): string => buildScriptCommand({ text: withPrelude(script) }, open, secretsFile);

    this.active++;
    this.clearIdleTimer();
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    try {
      const waited = await this.waitTurn(previous, signals);
      if (!waited) {
        throw hyperVError('Cancelled', context);
      }
      started = true;
      const file = await this.writeSecrets(secrets, context);
      try {
        if (anyAborted(signals)) {
          throw hyperVError('Cancelled', context);
        }
        return await this.execute(script, command(file?.path ?? ''), context, timeoutMs, signals);
      } finally {
        await file?.remove();
      }
    } finally {
      if (started) {
        release();
      } else {
        // Still queued behind `previous`: hand the turn on only when it is really over.
        void previous.then(release);
      }
      this.active--;
      if (this.active === 0) {
        this.scheduleIdleDispose();
      }
    }
  }

  /** Disposes the shell; calls in progress or queued end with Cancelled, later calls too. */
  async dispose(): Promise<void> {
    this.clearIdleTimer();
    this.lifetime.abort();
    const shell = this.shell;
    this.shell = undefined;
    if (shell) {
      await shell.dispose().catch(() => undefined);
    }
  }

  /** The call's secrets file, or undefined when the input has no secret. */
  private async writeSecrets(secrets: readonly SecretField[], context: HyperVErrorContext): Promise<SecretsFile | undefined> {
    if (secrets.length === 0) {
      return undefined;
    }
    try {
      return await writeSecretsFile(secrets, this.secretsDir);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw hyperVError('ScriptFailed', context, `its credentials could not be written to a private file in ${this.secretsDir}: ${why}`);
    }
  }

  private waitTurn(previous: Promise<void>, signals: readonly (AbortSignal | undefined)[]): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const onAbort = (): void => {
        cleanup();
        resolve(false);
      };
      const cleanup = (): void => {
        for (const s of signals) {
          s?.removeEventListener('abort', onAbort);
        }
      };
      for (const s of signals) {
        s?.addEventListener('abort', onAbort, { once: true });
      }
      void previous.then(() => {
        cleanup();
        resolve(!anyAborted(signals));
      });
    });
  }

  private ensureShell(context: HyperVErrorContext): ShellLike {
    if (this.shell) {
      return this.shell;
    }
    try {
      this.shell = this.createShell(this.shellOptions());
    } catch (e) {
      throw hyperVErrorFromException(e, context);
    }
    this.shellsCreated++;
    this.log(`Started PowerShell "${this.executable}".`);
    return this.shell;
  }

  private discardShell(shell: ShellLike, why: string): void {
    if (this.shell === shell) {
      this.shell = undefined;
    }
    this.log(`Closing PowerShell: ${why}.`);
    // A timed-out command keeps running; killing the process is the only way to stop it.
    void shell.dispose().catch(() => undefined);
  }

  private scheduleIdleDispose(): void {
    this.clearIdleTimer();
    if (!this.shell || this.lifetime.signal.aborted) {
      return;
    }
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.active === 0 && this.shell) {
        this.discardShell(this.shell, 'idle');
      }
    }, this.idleMs);
    this.idleTimer.unref?.();
  }

  private clearIdleTimer(): void {
    if (this.idleTimer !== undefined) {
      clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
    }
  }

  private invokeWithLimits(shell: ShellLike, command: string, timeoutMs: number, signals: readonly (AbortSignal | undefined)[]): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (outcome: Outcome): void => {
        if (timer !== undefined) {
          clearTimeout(timer);
        }
        for (const s of signals) {
          s?.removeEventListener('abort', onAbort);
        }
        resolve(outcome);
      };
      const onAbort = (): void => finish({ kind: 'aborted' });
      for (const s of signals) {
        s?.addEventListener('abort', onAbort, { once: true });
      }
      if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
        timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
      }
      let invocation: Promise<InvocationResult>;
      try {
        invocation = shell.invoke(command);
      } catch (error) {
        finish({ kind: 'error', error });
        return;
      }
      invocation.then(
        (result) => finish({ kind: 'result', result }),
        (error: unknown) => finish({ kind: 'error', error }),
      );
    });
  }

  private async execute(script: HyperVScript, command: string, context: HyperVErrorContext, timeoutMs: number, signals: readonly (AbortSignal | undefined)[]): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const shell = this.ensureShell(context);
      const outcome = await this.invokeWithLimits(shell, command, timeoutMs, signals);
      switch (outcome.kind) {
        case 'timeout':
          this.discardShell(shell, `${script.name} timed out`);
          throw hyperVError('Timeout', context);
        case 'aborted':
          this.discardShell(shell, `${script.name} was cancelled`);
          throw hyperVError('Cancelled', context);
        case 'error': {
          const e = outcome.error;
          const exited = e instanceof Error && e.message === INVOKE_AFTER_EXIT;
          if (exited || !(e instanceof Error) || e.name !== 'InvocationError' || e.message.length === 0) {
            // The process is gone (or in an unknown state): never reuse it.
            this.discardShell(shell, exited ? 'the process had exited' : 'the process failed');
          }
          if (exited && attempt === 0) {
            // Nothing ran: retry once in a fresh shell.
            continue;
          }
          throw hyperVErrorFromException(e, context);
        }
        case 'result':
          return this.interpret(shell, outcome.result, context);
      }
    }
  }

  private interpret(shell: ShellLike, result: InvocationResult, context: HyperVErrorContext): unknown {
    const stdout = result.stdout !== undefined ? result.stdout.toString('utf8') : undefined;
    const stderr = result.stderr !== undefined ? result.stderr.toString('utf8') : '';
    const payloadContext = {
      ...(context.script !== undefined ? { script: context.script } : {}),
      ...(context.host !== undefined ? { host: context.host } : {}),
      ...(context.secrets !== undefined ? { secrets: context.secrets } : {}),
    };
    if (stdout !== undefined && findEnvelopeLine(stdout) !== undefined) {
      const envelope = parseEnvelope(stdout, payloadContext);
      if (envelope.ok) {
        return envelope.data;
      }
      throw hyperVErrorFromEnvelope(envelope.error, context.host, context);
    }
    if (stderr.trim().length > 0) {
      throw hyperVError('ScriptFailed', context, firstErrorLine(stderr));
    }
    if (stdout === undefined) {
      // No output was read at all: node-powershell's own timeout (hadErrors) or the process
      // stopped during the call.
      if (result.hadErrors) {
        this.discardShell(shell, 'the command timed out');
        throw hyperVError('Timeout', context);
      }
      this.discardShell(shell, 'the process stopped');
      throw hyperVError('PowerShellExited', context);
    }
    // Throws the ProtocolError (no envelope), with a bounded, redacted excerpt of the output.
    parseEnvelope(stdout, payloadContext);
    throw new HyperVError('ProtocolError', `${context.script ?? 'The script'} produced no result.`);
  }
}
