import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { InvocationError, ProcessError } from 'node-powershell';
import { SCRIPT_COMMAND_PATTERN, decodeScriptCommand } from '../../../src/services/hyperv/command';
import { HyperVError, type HyperVErrorCode } from '../../../src/services/hyperv/errors';
import { MAX_TIMER_MS, PowerShellRunner, timerSafeMs, type PowerShellRunnerOptions } from '../../../src/services/hyperv/powershellRunner';
import { decodeSecretsFile } from '../../../src/services/hyperv/secretInput';
import { getHostInfoScript, getVmInventoryScript, hostScriptPrelude } from '../../../src/services/hyperv/scripts';
import { FakePowerShell, delay, echo, envelopeLine, fail, ok, result } from './fakeShell';

const HOST = 'RAM-H1-2';
const PASSWORD = 'Pa$$w0rd-\'"`;|&';
const input = { computerName: HOST, userName: 'CONTOSO\\asr', password: PASSWORD };

async function rejectsWith(p: Promise<unknown>, code: HyperVErrorCode, pattern?: RegExp): Promise<HyperVError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof HyperVError, `expected HyperVError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (pattern) {
      assert.match(e.message, pattern);
    }
    assert.ok(!e.message.includes(PASSWORD), 'the message leaks the password');
    return e;
  }
  assert.fail(`expected ${code}`);
}

describe('services/hyperv/powershellRunner', () => {
  let fake: FakePowerShell;
  const runners: PowerShellRunner[] = [];
  const logLines: string[] = [];
  let secretsDir: string;

  function runner(options: Partial<PowerShellRunnerOptions> = {}): PowerShellRunner {
    const r = new PowerShellRunner({
      executable: 'pwsh',
      createShell: fake.create,
      log: (line) => logLines.push(line),
      secretsDir,
      ...options,
    });
    runners.push(r);
    return r;
  }

  beforeEach(() => {
    fake = new FakePowerShell();
    logLines.length = 0;
    secretsDir = mkdtempSync(path.join(tmpdir(), 'asr-runner-test-'));
  });

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.dispose()));
    for (const line of logLines) {
      assert.ok(!line.includes(PASSWORD), `log leaks the password: ${line}`);
    }
    const left = readdirSync(secretsDir);
    rmSync(secretsDir, { recursive: true, force: true });
    assert.deepEqual(left, [], 'every secrets file is deleted when its call ends');
  });

  it('starts node-powershell with the executable as given and the fixed options', async () => {
    const exe = 'C:\\Program Files\\PowerShell\\7\\pwsh.exe';
    const env = { PATH: '/usr/bin', LANG: 'C.UTF-8' };
    await runner({ executable: exe, env }).run(getHostInfoScript, input);
    const options = fake.last.options;
    assert.equal(options.executable, exe);
    assert.deepEqual(options.executableOptions, { '-NoProfile': true, '-NonInteractive': true, '-ExecutionPolicy': 'Bypass' });
    assert.equal(options.throwOnInvocationError, false);
    assert.equal(options.spawnOptions?.env, env);
    assert.equal(options.spawnOptions?.windowsHide, true);
    assert.ok(!options.disposeTimeout, 'idle disposal is the runner’s own, not disposeTimeout');
  });

  it('sends one contract-shaped line that decodes to the script and the input, and returns the envelope data', async () => {
    const data = await runner().run(getVmInventoryScript, input, { host: HOST });
    assert.deepEqual(data, { echo: input }, 'the script reads the whole input, the password from the secrets file');
    const [command] = fake.last.commands;
    assert.ok(command !== undefined);
    assert.match(command, SCRIPT_COMMAND_PATTERN);
    const decoded = decodeScriptCommand(command);
    assert.equal(decoded.scriptText, hostScriptPrelude + getVmInventoryScript.text, 'the prelude, then the script');
    assert.deepEqual(decoded.input, { ...input, password: null }, 'the secret field is null in the command line');
    assert.ok(decoded.secretsFile.startsWith(secretsDir), decoded.secretsFile);
    assert.deepEqual(decodeSecretsFile(fake.last.secretsFiles[0] ?? ''), [{ path: ['password'], value: PASSWORD }]);
  });

  it('never puts a secret in the command line, in clear or base64 (UTF-8 or UTF-16LE)', async () => {
    const proxy = { address: 'http://proxy', port: 8080, userName: 'p', password: 'proxy-secret-1' };
    const full = { ...input, vaultCredentials: '<Xml><ManagementCert>MIIKcAIBAzCCCiwGCSqGSIb3DQEHAaCCCh0E</ManagementCert></Xml>', proxy };
    assert.deepEqual(await runner().run(getVmInventoryScript, full), { echo: full });
    const command = fake.last.commands[0] ?? '';
    const inputJson = JSON.stringify(decodeScriptCommand(command).input);
    for (const secret of [PASSWORD, full.vaultCredentials, 'MIIKcAIBAzCCCiwGCSqGSIb3DQEHAaCCCh0E', proxy.password]) {
      for (const form of [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret, 'utf16le').toString('base64')]) {
        assert.ok(!command.includes(form), `the command carries ${form}`);
      }
      assert.ok(!inputJson.includes(JSON.stringify(secret).slice(1, -1)), 'the encoded input carries a secret');
    }
    assert.deepEqual(
      decodeSecretsFile(fake.last.secretsFiles[0] ?? '').map((f) => f.path.join('.')),
      ['password', 'vaultCredentials', 'proxy.password'],
    );
  });

  it('the secrets file: only the user can read it, in a folder of its own, while the call runs; deleted when it ends, however it ends', async () => {
    const seen: { file: string; mode: number; dirMode: number }[] = [];
    fake.respond = (c, i) => {
      const file = decodeScriptCommand(c).secretsFile;
      seen.push({ file, mode: statSync(file).mode & 0o777, dirMode: statSync(path.dirname(file)).mode & 0o777 });
      const how = (i as { how?: string }).how;
      return how === 'hang' ? 'hang' : how === 'fail' ? fail('AccessDenied', 'Access is denied.') : echo(c, i, fake.last);
    };
    const r = runner({ timeoutMs: 50 });
    await r.run(getHostInfoScript, { ...input, how: 'ok' });
    await rejectsWith(r.run(getHostInfoScript, { ...input, how: 'fail' }), 'AccessDenied');
    await rejectsWith(r.run(getHostInfoScript, { ...input, how: 'hang' }), 'Timeout');
    const ac = new AbortController();
    const cancelled = r.run(getHostInfoScript, { ...input, how: 'hang' }, { signal: ac.signal, timeoutMs: 0 });
    await delay(20);
    ac.abort();
    await rejectsWith(cancelled, 'Cancelled');
    assert.equal(seen.length, 4);
    assert.equal(new Set(seen.map((s) => path.dirname(s.file))).size, 4, 'a new folder for each call');
    for (const s of seen) {
      assert.equal(path.dirname(path.dirname(s.file)), secretsDir);
      if (process.platform !== 'win32') {
        assert.equal(s.mode, 0o600);
        assert.equal(s.dirMode, 0o700);
      }
      assert.equal(existsSync(path.dirname(s.file)), false, 'deleted with its folder');
    }
  });

  it('an input without secret fields names no secrets file', async () => {
    await runner().run(getHostInfoScript, { computerName: HOST, userName: null, password: null });
    assert.equal(decodeScriptCommand(fake.last.commands[0] ?? '').secretsFile, '');
    assert.deepEqual(fake.last.secretsFiles, []);
  });

  it('a secrets file that cannot be written: ScriptFailed saying so, and nothing is sent', async () => {
    const r = runner({ secretsDir: path.join(secretsDir, 'missing', 'folder') });
    await rejectsWith(r.run(getHostInfoScript, input, { host: HOST }), 'ScriptFailed', /could not be written to a private file/);
    assert.equal(fake.shells.length, 0);
  });

  it('reuses one shell across calls and never overlaps invocations', async () => {
    fake.respond = async (c, i) => {
      await delay(5);
      return echo(c, i, fake.last);
    };
    const r = runner();
    const results = await Promise.all([1, 2, 3, 4].map((n) => r.run(getHostInfoScript, { n })));
    assert.deepEqual(
      results,
      [1, 2, 3, 4].map((n) => ({ echo: { n } })),
    );
    await r.run(getHostInfoScript, { n: 5 });
    assert.equal(fake.shells.length, 1);
    assert.equal(r.shellCount, 1);
    assert.equal(fake.last.commands.length, 5);
    assert.equal(fake.last.maxRunning, 1);
  });

  it('creates the shell lazily', async () => {
    const r = runner();
    assert.equal(fake.shells.length, 0);
    assert.equal(r.hasShell, false);
    await r.run(getHostInfoScript, {});
    assert.equal(r.hasShell, true);
  });

  it('disposes the shell after idleMs unused and starts a new one on the next call', async () => {
    const r = runner({ idleMs: 20 });
    await r.run(getHostInfoScript, {});
    const first = fake.last;
    await delay(80);
    assert.equal(first.disposed, true);
    assert.equal(r.hasShell, false);
    await r.run(getHostInfoScript, {});
    assert.equal(fake.shells.length, 2);
    assert.equal(fake.last.disposed, false);
  });

  it('resets the idle timer on each use (not counted from creation like disposeTimeout)', async () => {
    const r = runner({ idleMs: 250 });
    for (let i = 0; i < 3; i++) {
      await r.run(getHostInfoScript, {});
      await delay(120);
    }
    // 360 ms after creation, but only 120 ms after the last use.
    assert.equal(fake.shells.length, 1);
    assert.equal(fake.last.disposed, false);
    await delay(300);
    assert.equal(fake.last.disposed, true);
  });

  it('never disposes the shell for idleness while a call is running', async () => {
    fake.respond = async (c, i) => {
      await delay(100);
      return echo(c, i, fake.last);
    };
    const r = runner({ idleMs: 10 });
    await r.run(getHostInfoScript, {});
    assert.equal(fake.shells.length, 1);
    assert.equal(fake.last.disposed, false);
  });

  it('on timeout: Timeout naming the host, the shell is disposed, the next call gets a fresh shell', async () => {
    fake.respond = (c, i) => ((i as { hang?: boolean }).hang ? 'hang' : echo(c, i, fake.last));
    const r = runner({ timeoutMs: 30 });
    await rejectsWith(r.run(getHostInfoScript, { hang: true, password: PASSWORD }, { host: HOST }), 'Timeout', /^RAM-H1-2 did not answer within 30 ms/);
    assert.equal(fake.shells[0].disposed, true);
    assert.deepEqual(await r.run(getHostInfoScript, { n: 1 }), { echo: { n: 1 } });
    assert.equal(fake.shells.length, 2);
  });

  it('a per-call timeoutMs overrides the default', async () => {
    fake.respond = async (c, i) => {
      await delay(60);
      return echo(c, i, fake.last);
    };
    const r = runner({ timeoutMs: 10 });
    assert.deepEqual(await r.run(getHostInfoScript, { n: 1 }, { timeoutMs: 2000 }), { echo: { n: 1 } });
    await rejectsWith(r.run(getHostInfoScript, { n: 2 }, { host: HOST }), 'Timeout', /within 10 ms/);
  });

  it("a time limit over 2^31-1 ms is a long limit, not one that fires at once (Node's setTimeout limit)", async () => {
    fake.respond = async (c, i) => {
      await delay(30);
      return echo(c, i, fake.last);
    };
    assert.deepEqual(await runner({ timeoutMs: 2 ** 32 }).run(getHostInfoScript, { n: 1 }), { echo: { n: 1 } });
    assert.deepEqual(await runner().run(getHostInfoScript, { n: 2 }, { timeoutMs: 2 ** 31 * 1000 }), { echo: { n: 2 } });
    assert.deepEqual(await runner().run(getHostInfoScript, { n: 3 }, { timeoutMs: Infinity }), { echo: { n: 3 } });
    assert.deepEqual(await runner({ idleMs: 2 ** 40 }).run(getHostInfoScript, { n: 4 }), { echo: { n: 4 } });
  });

  it("a NaN time limit is the runner's limit, never none", async () => {
    fake.respond = () => 'hang';
    await rejectsWith(runner({ timeoutMs: 30 }).run(getHostInfoScript, {}, { timeoutMs: NaN, host: HOST }), 'Timeout', /within 30 ms/);
    assert.equal(timerSafeMs(NaN, 60_000), 60_000);
    assert.equal(timerSafeMs(2 ** 31, 60_000), MAX_TIMER_MS);
    assert.equal(MAX_TIMER_MS, 2 ** 31 - 1);
    assert.equal(timerSafeMs(0, 60_000), 0);
    assert.equal(timerSafeMs(5000, 60_000), 5000);
  });

  it('the timeout counts from when the command is sent, not while queued', async () => {
    fake.respond = async (c, i) => {
      await delay(40);
      return echo(c, i, fake.last);
    };
    const r = runner({ timeoutMs: 70 });
    const all = await Promise.all([1, 2, 3].map((n) => r.run(getHostInfoScript, { n })));
    assert.equal(all.length, 3);
  });

  it("maps node-powershell's own timeout (hadErrors, no output) to Timeout and replaces the shell", async () => {
    fake.respond = () => ({ command: '', raw: '', hadErrors: true, startTime: 0 });
    const r = runner();
    await rejectsWith(r.run(getHostInfoScript, {}, { host: HOST }), 'Timeout', /RAM-H1-2/);
    assert.equal(fake.last.disposed, true);
  });

  it('abort during a call: Cancelled, the shell is disposed and replaced', async () => {
    fake.respond = (c, i) => ((i as { hang?: boolean }).hang ? 'hang' : echo(c, i, fake.last));
    const r = runner();
    const ac = new AbortController();
    const p = r.run(getHostInfoScript, { hang: true }, { signal: ac.signal, host: HOST });
    await delay(10);
    ac.abort();
    await rejectsWith(p, 'Cancelled', /RAM-H1-2/);
    assert.equal(fake.shells[0].disposed, true);
    await r.run(getHostInfoScript, {});
    assert.equal(fake.shells.length, 2);
  });

  it('an already aborted signal: Cancelled without starting PowerShell', async () => {
    const r = runner();
    await rejectsWith(r.run(getHostInfoScript, {}, { signal: AbortSignal.abort() }), 'Cancelled');
    assert.equal(fake.shells.length, 0);
  });

  it('abort while queued: only that call is cancelled; the running one and the shell carry on', async () => {
    fake.respond = async (c, i) => {
      await delay(50);
      return echo(c, i, fake.last);
    };
    const r = runner();
    const first = r.run(getHostInfoScript, { n: 1 });
    const ac = new AbortController();
    const second = r.run(getHostInfoScript, { n: 2 }, { signal: ac.signal });
    const third = r.run(getHostInfoScript, { n: 3 });
    ac.abort();
    await rejectsWith(second, 'Cancelled');
    assert.deepEqual(await first, { echo: { n: 1 } });
    assert.deepEqual(await third, { echo: { n: 3 } });
    assert.equal(fake.shells.length, 1);
    assert.equal(fake.last.disposed, false);
    assert.equal(fake.last.maxRunning, 1);
    assert.equal(fake.last.commands.length, 2);
  });

  it('a shell whose process exited while idle is recreated and the call succeeds', async () => {
    const r = runner();
    await r.run(getHostInfoScript, {});
    fake.last.exited = true;
    assert.deepEqual(await r.run(getHostInfoScript, { n: 2 }), { echo: { n: 2 } });
    assert.equal(fake.shells.length, 2);
  });

  it('a process that dies during a call: PowerShellExited, and the next call gets a fresh shell', async () => {
    let calls = 0;
    fake.respond = (c, i) => {
      calls++;
      if (calls === 1) {
        return new ProcessError({ pid: 1, exitCode: 1, signalCode: null } as unknown as ChildProcess);
      }
      return echo(c, i, fake.last);
    };
    const r = runner({ executable: 'powershell' });
    await rejectsWith(r.run(getHostInfoScript, {}, { host: HOST }), 'PowerShellExited', /exit code 1/);
    assert.equal(fake.shells[0].disposed, true);
    await r.run(getHostInfoScript, {});
    assert.equal(fake.shells.length, 2);
  });

  it('a call that ends with no output at all (the process stopped): PowerShellExited', async () => {
    fake.respond = () => ({ command: '', raw: '', hadErrors: false, startTime: 0 });
    const r = runner();
    await rejectsWith(r.run(getHostInfoScript, {}), 'PowerShellExited');
    assert.equal(r.hasShell, false);
  });

  it('maps spawn ENOENT to PowerShellNotFound naming the configured path', async () => {
    const enoent = Object.assign(new Error('spawn /opt/pwsh ENOENT'), { code: 'ENOENT' });
    fake.respond = () => new ProcessError({ exitCode: null, signalCode: null } as unknown as ChildProcess, enoent);
    const r = runner({ executable: '/opt/pwsh' });
    await rejectsWith(r.run(getHostInfoScript, input), 'PowerShellNotFound', /^PowerShell was not found at "\/opt\/pwsh"\. Set azureSiteRecovery\.hyperV\.powershellPath/);
  });

  it('maps a shell that cannot even be constructed to PowerShellNotFound', async () => {
    const r = runner({
      createShell: () => {
        throw Object.assign(new Error('spawn EACCES'), { code: 'EACCES' });
      },
    });
    await rejectsWith(r.run(getHostInfoScript, {}), 'PowerShellNotFound');
  });

  it('with the real node-powershell, a non-existent executable is PowerShellNotFound (path used as given)', async () => {
    const previous = process.env.NODE_POWERSHELL;
    process.env.NODE_POWERSHELL = '/bin/sh'; // must not override the configured path
    try {
      const missing = '/nonexistent-asr-test/pwsh';
      const r = new PowerShellRunner({ executable: missing, timeoutMs: 5000 });
      runners.push(r);
      const e = await rejectsWith(r.run(getHostInfoScript, input), 'PowerShellNotFound');
      assert.match(e.message, /"\/nonexistent-asr-test\/pwsh"/);
    } finally {
      if (previous === undefined) {
        delete process.env.NODE_POWERSHELL;
      } else {
        process.env.NODE_POWERSHELL = previous;
      }
    }
  });

  it('stderr without an envelope: ScriptFailed with the first line; the shell is kept', async () => {
    fake.respond = () => result('', "Get-VM : Hyper-V was unable to find a virtual machine with name 'x'.\r\nAt line:1 char:1\r\n+ Get-VM x\r\n");
    const r = runner();
    await rejectsWith(
      r.run(getVmInventoryScript, input, { host: HOST }),
      'ScriptFailed',
      /^Get-VmInventory failed on RAM-H1-2: Get-VM : Hyper-V was unable to find a virtual machine with name 'x'\.$/,
    );
    assert.equal(fake.last.disposed, false);
  });

  it('a thrown InvocationError with stderr text (throwOnInvocationError shells) is ScriptFailed too', async () => {
    fake.respond = () => new InvocationError('Import-Module : The specified module was not loaded.\nAt line:1');
    await rejectsWith(runner().run(getHostInfoScript, {}, { host: HOST }), 'ScriptFailed', /Import-Module : The specified module was not loaded\.$/);
  });

  it('an envelope wins over stray stderr text', async () => {
    fake.respond = () => result(`${envelopeLine({ ok: true, data: 7 })}\n`, 'WARNING: something on stderr');
    assert.equal(await runner().run(getHostInfoScript, {}), 7);
  });

  it('an error envelope becomes the mapped HyperVError naming the host, without the echoed password', async () => {
    fake.respond = () => fail('AccessDenied', `Access is denied for CONTOSO\\asr with password ${PASSWORD}`);
    const e = await rejectsWith(runner().run(getHostInfoScript, input, { host: HOST }), 'AccessDenied', /administrator rights on RAM-H1-2/);
    assert.equal(e.host, HOST);
    assert.ok(!(e.detail ?? '').includes(PASSWORD));
    assert.match(e.detail ?? '', /Access is denied for CONTOSO\\asr/);
  });

  it('no envelope: ProtocolError with a short excerpt of the output and never the input', async () => {
    const encoded = Buffer.from(JSON.stringify(input)).toString('base64');
    fake.respond = () => result(`PS> ${encoded}\n${'garbage '.repeat(100)}\n${PASSWORD}`);
    const e = await rejectsWith(runner().run(getHostInfoScript, input, { host: HOST }), 'ProtocolError', /^Get-HostInfo on RAM-H1-2 produced no result\./);
    assert.ok(!e.message.includes(encoded));
    assert.ok(e.message.length < 400);
  });

  it('depth-truncated data: ProtocolError', async () => {
    fake.respond = () => ok({ vms: 'System.Object[]' });
    await rejectsWith(runner().run(getVmInventoryScript, {}, { host: HOST }), 'ProtocolError', /depth limit at data\.vms/);
  });

  it('dispose(): the running call ends Cancelled, the shell is disposed, later calls are refused', async () => {
    fake.respond = () => 'hang';
    const r = runner();
    const p = r.run(getHostInfoScript, {}, { host: HOST });
    await delay(10);
    await r.dispose();
    await rejectsWith(p, 'Cancelled');
    assert.equal(fake.last.disposed, true);
    await rejectsWith(r.run(getHostInfoScript, {}), 'Cancelled');
    assert.equal(fake.shells.length, 1);
  });
});
