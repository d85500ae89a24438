// A stand-in for node-powershell's PowerShell in unit tests: records what the runner sends and
// answers like child-shell does (InvocationResult with Buffers; 'invoke called after process
// exited' after dispose or exit; a pending call settles as "stopped" when the shell is disposed).
// The responder gets the input as the script would (Read-ScriptInput): the command's input with
// the secret fields read from the secrets file the command names, which is left for the runner
// to delete (its text is kept in secretsFiles).

import type { InvocationResult, PowerShellOptions } from 'node-powershell';
import { InvocationError } from 'node-powershell';
import { readFileSync } from 'node:fs';
import { decodeScriptCommand } from '../../../src/services/hyperv/command';
import { applySecrets, decodeSecretsFile } from '../../../src/services/hyperv/secretInput';
import type { ShellLike } from '../../../src/services/hyperv/powershellRunner';

export type Reply = InvocationResult | Error | 'hang';
export type Responder = (command: string, input: unknown, shell: FakeShell) => Reply | Promise<Reply>;

export function result(stdout: string, stderr = ''): InvocationResult {
  return {
    command: '',
    raw: stderr.length > 0 ? stderr : stdout,
    hadErrors: stderr.length > 0,
    startTime: 0,
    stdout: Buffer.from(stdout, 'utf8'),
    stderr: Buffer.from(stderr, 'utf8'),
  };
}

export function envelopeLine(envelope: unknown): string {
  return `ASR-ENVELOPE:${JSON.stringify(envelope)}`;
}

export function ok(data: unknown): InvocationResult {
  return result(`${envelopeLine({ ok: true, data })}\n`);
}

export function fail(code: string, message: string): InvocationResult {
  return result(`${envelopeLine({ ok: false, error: { code, message } })}\n`);
}

/** Echoes the decoded input back as the envelope data. */
export const echo: Responder = (_command, input) => ok({ echo: input });

/** The input the script would read: the command's, with the secret fields from its secrets file. */
export function scriptInput(command: string, secretsFiles: string[] = []): unknown {
  const decoded = decodeScriptCommand(command);
  if (decoded.secretsFile === '') {
    return decoded.input;
  }
  const text = readFileSync(decoded.secretsFile, 'utf8');
  secretsFiles.push(text);
  return applySecrets(decoded.input, decodeSecretsFile(text));
}

export class FakeShell implements ShellLike {
  readonly commands: string[] = [];
  /** The text of each secrets file a command named, read while the command ran. */
  readonly secretsFiles: string[] = [];
  disposed = false;
  exited = false;
  running = 0;
  maxRunning = 0;
  private readonly pending: ((r: InvocationResult) => void)[] = [];

  constructor(
    readonly options: PowerShellOptions,
    private readonly respond: Responder,
  ) {}

  async invoke(command: string): Promise<InvocationResult> {
    if (this.exited || this.disposed) {
      throw new InvocationError('invoke called after process exited');
    }
    this.commands.push(command);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      const reply = await this.respond(command, scriptInput(command, this.secretsFiles), this);
      if (reply === 'hang') {
        // Like child-shell: the call settles only when the process goes away ("stopped").
        return await new Promise<InvocationResult>((resolve) => this.pending.push(resolve));
      }
      if (reply instanceof Error) {
        throw reply;
      }
      return reply;
    } finally {
      this.running--;
    }
  }

  dispose(): Promise<void> {
    this.disposed = true;
    for (const settle of this.pending.splice(0)) {
      settle({ command: '', raw: '', hadErrors: false, startTime: 0 });
    }
    return Promise.resolve();
  }
}

/** Creates FakeShells and remembers them. */
export class FakePowerShell {
  readonly shells: FakeShell[] = [];
  constructor(public respond: Responder = echo) {}

  readonly create = (options: PowerShellOptions): FakeShell => {
    const shell = new FakeShell(options, (c, i, s) => this.respond(c, i, s));
    this.shells.push(shell);
    return shell;
  };

  get last(): FakeShell {
    const shell = this.shells[this.shells.length - 1];
    if (!shell) {
      throw new Error('no shell was created');
    }
    return shell;
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
