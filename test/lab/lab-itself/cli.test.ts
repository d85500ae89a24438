/**
 * `npm run lab` (lab/cli.ts) as a user or script runs it: one JSON line on stdout when ready,
 * a token and CA that work, a clean exit on SIGTERM, and clear refusals of bad options.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { jsonObject, rawRequest, str, type JsonObject } from '../rawHttp';

const root = path.resolve(__dirname, '..', '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

function startCli(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(tsx, ['lab/cli.ts', ...args], { cwd: root, stdio: 'pipe', env: { ...process.env, NODE_OPTIONS: '' } });
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to its end (killing it after `timeoutMs`). */
function runCli(args: string[], timeoutMs = 20000): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = startCli(args);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`lab/cli.ts ${args.join(' ')} still running after ${timeoutMs} ms; stdout: ${stdout} stderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function firstLine(child: ChildProcessWithoutNullStreams, timeoutMs = 20000): Promise<{ line: string; rest: () => string }> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    let done = false;
    const timer = setTimeout(() => finish(new Error(`no line on stdout after ${timeoutMs} ms; stderr: ${err}`)), timeoutMs);
    const finish = (e?: Error): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (e) {
        reject(e);
        return;
      }
      const nl = out.indexOf('\n');
      resolve({ line: out.slice(0, nl), rest: () => out.slice(nl + 1) });
    };
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      if (out.includes('\n')) finish();
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('close', (code) => finish(new Error(`exited (${str(code)}) before printing a line; stderr: ${err}`)));
  });
}

describe('lab CLI (lab/cli.ts)', function () {
  this.timeout(30000);
  let child: ChildProcessWithoutNullStreams | undefined;

  after(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('prints one JSON line, serves with its token and CA, and exits 0 on SIGTERM removing the CA directory', async () => {
    child = startCli(['--port', '0', '--scenario', 'essentials', '--speed', '50']);
    const started = firstLine(child);
    const { line, rest } = await started;
    const info = JSON.parse(line) as JsonObject;
    assert.deepEqual(Object.keys(info).sort(), ['caCertPath', 'clientId', 'clientSecret', 'endpoint', 'pwsh', 'resourceGroup', 'subscriptionId', 'tenantId', 'token', 'vault']);
    for (const [k, v] of Object.entries(info)) assert.ok(typeof v === 'string' && v.length > 0, `${k} is a non-empty string`);
    assert.match(str(info.endpoint), /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(info.resourceGroup, 'RAM-DR-RG');
    assert.equal(info.vault, 'RAM-Vault');
    const caPath = str(info.caCertPath);
    const ca = readFileSync(caPath, 'utf8');
    assert.match(ca, /^-----BEGIN CERTIFICATE-----\r?\n[\s\S]+-----END CERTIFICATE-----\s*$/);

    const res = await rawRequest(`${str(info.endpoint)}/subscriptions?api-version=2022-12-01`, { token: str(info.token), ca });
    assert.equal(res.status, 200, res.text);
    const subs = jsonObject(res).value;
    assert.ok(Array.isArray(subs) && subs.length === 1);
    assert.equal((subs[0] as JsonObject).subscriptionId, info.subscriptionId);

    const running = child;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) => {
      const t0 = Date.now();
      running.on('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - t0 }));
    });
    running.kill('SIGTERM');
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('still running 5 s after SIGTERM')), 5000));
    const exit = await Promise.race([exited, timeout]);
    assert.equal(exit.signal, null, 'exits by itself, not killed by the signal');
    assert.equal(exit.code, 0);
    assert.ok(exit.ms < 5000);
    assert.equal(rest().trim(), '', 'nothing more on stdout than the one line');
    assert.equal(existsSync(caPath), false, 'the CA file is removed');
    assert.equal(existsSync(path.dirname(caPath)), false, 'its temporary directory is removed');
  });

  it('--speed 0 exits with code 2 and says why on stderr', async () => {
    const r = await runCli(['--port', '0', '--speed', '0']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /--speed/);
  });

  it('an unknown option exits with code 2 and a usage message on stderr', async () => {
    const r = await runCli(['--port', '0', '--frobnicate']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /--frobnicate/);
    assert.match(r.stderr, /Usage/i);
  });

  it('--scenario nope exits non-zero naming the scenario', async () => {
    const r = await runCli(['--port', '0', '--scenario', 'nope']);
    assert.notEqual(r.code, 0);
    assert.notEqual(r.code, null);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /nope/);
  });

  it('--faults bogus=1 exits non-zero naming the fault', async () => {
    const r = await runCli(['--port', '0', '--faults', 'bogus=1']);
    assert.notEqual(r.code, 0);
    assert.notEqual(r.code, null);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /bogus/);
  });
});
