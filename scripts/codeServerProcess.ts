/**
 * Starting code-server on a port of 127.0.0.1 for one run, waiting until it answers, and
 * stopping it with everything it started (its process group).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { codeServerEnv, emptyConfigFile } from './codeServerUserData';
import { sleep } from './processes';

export interface StartCodeServerOptions {
  bin: string;
  /** 0 or absent: a free port picked here. */
  port?: number;
  /** The folder the workbench opens. */
  folder: string;
  extensionsDir: string;
  userDataDir: string;
  extraArgs?: string[];
  /** code-server's output is appended here too (default: kept in memory only). */
  logFile?: string;
  /** How long to wait for it to answer HTTP; default 60 s. */
  startTimeoutMs?: number;
  /** Extra environment for code-server (and so its extension host). */
  env?: NodeJS.ProcessEnv;
}

export interface RunningCodeServer {
  url: string;
  port: number;
  pid: number;
  /** The last lines code-server printed. */
  output(): string;
  /** Calls listener with each line code-server prints from now on. */
  onLine(listener: (line: string) => void): void;
  /** Why code-server exited, once it has (undefined while it runs). */
  exitReason(): string | undefined;
  /** Stops code-server and everything it started (its process group). Safe to call twice. */
  stop(): Promise<void>;
}

/** Whether nothing listens on 127.0.0.1:port (binding it there succeeds). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

export async function startCodeServer(options: StartCodeServerOptions): Promise<RunningCodeServer> {
  const attempts = options.port ? 1 : 3;
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    const port = options.port || (await freePort());
    try {
      return await startOnce(options, port);
    } catch (err) {
      lastError = err;
      // A port picked here can be taken before code-server binds it: try another.
      if (!/EADDRINUSE/.test(String(err))) break;
    }
  }
  throw lastError;
}

async function startOnce(options: StartCodeServerOptions, port: number): Promise<RunningCodeServer> {
  for (const dir of [options.extensionsDir, options.userDataDir]) fs.mkdirSync(dir, { recursive: true });
  const configFile = emptyConfigFile(options.userDataDir);
  const args = [
    '--config',
    configFile,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--extensions-dir',
    options.extensionsDir,
    '--user-data-dir',
    options.userDataDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    ...(options.extraArgs ?? []),
    options.folder,
  ];
  const env = codeServerEnv(configFile, options.env);
  const child = spawn(options.bin, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const listeners: Array<(line: string) => void> = [];
  const logFd = options.logFile ? fs.openSync(options.logFile, 'a') : undefined;
  const onData = (chunk: Buffer): void => {
    if (logFd !== undefined) fs.writeSync(logFd, chunk);
    const fresh = chunk
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim());
    lines.push(...fresh);
    if (lines.length > 200) lines.splice(0, lines.length - 200);
    for (const l of fresh) for (const listener of listeners) listener(l);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<string>((resolve) => {
    child.on('exit', (code, signal) => resolve(`code-server exited (${code ?? signal})`));
    child.on('error', (err) => resolve(`code-server could not start: ${err.message}`));
  });
  // Last resort when this process exits without stop() (an uncaught error, process.exit):
  // code-server runs in its own process group, so nothing else would end it.
  const killOnExit = (): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', killOnExit);
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await killGroup(child, exited);
    process.removeListener('exit', killOnExit);
    if (logFd !== undefined) fs.closeSync(logFd);
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  let exitReason: string | undefined;
  void exited.then((r) => (exitReason = r));
  while (Date.now() < deadline) {
    if (exitReason) break;
    if (await answers(`${url}/healthz`)) {
      return { url, port, pid: child.pid ?? 0, output: () => lines.join('\n'), onLine: (l) => listeners.push(l), exitReason: () => exitReason, stop };
    }
    await sleep(250);
  }
  await stop();
  throw new Error(`${exitReason ?? `code-server did not answer on ${url} in time`}; its output:\n${lines.join('\n')}`);
}

async function killGroup(child: ChildProcess, exited: Promise<string>): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-pid, sig); // its process group: code-server, its extension hosts, file watchers
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
  if (!done) {
    signal('SIGKILL');
    await Promise.race([exited, sleep(2000)]);
  } else {
    // code-server has gone; make sure nothing it started outlives it.
    signal('SIGKILL');
  }
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 500);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}
