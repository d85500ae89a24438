/**
 * code-server for the real-workbench tests (DESIGN.md section 5): install it offline into a cache,
 * and start it for one test run.
 *
 *   npm run codeserver:install            installs (once) and prints the code-server bin path
 *   tsx scripts/codeServer.ts start [dir]  serves [dir] at a free port until Ctrl+C (for a person)
 *
 * The install follows DESIGN.md section 5 ("seen working here"):
 *   1. Debian packages: libkrb5-dev (the `kerberos` native module), ripgrep (its `rg` replaces
 *      @vscode/ripgrep's download), and the node-gyp toolchain (python3, make, g++). Installed
 *      with apt-get when missing and running as root; otherwise this fails naming them.
 *   2. `npm install --ignore-scripts code-server@4.100.3` into a temporary folder beside the cache
 *      (code-server 4.100.3 = VS Code 1.100.3 is the newest that runs on Node 20).
 *   3. `npm install --omit=dev --ignore-scripts` in lib/vscode (what its postinstall.sh does, minus
 *      the scripts), Debian's rg copied to lib/vscode/node_modules/@vscode/ripgrep/bin/rg (that
 *      package's postinstall then finds bin/ and downloads nothing), then `npm rebuild` there,
 *      which builds kerberos, node-pty, @vscode/spdlog, native-watchdog... against /usr's headers.
 *   4. `npm install --omit=dev` in lib/vscode/extensions, and `npm rebuild argon2` at the top.
 *   5. The links postinstall.sh makes on Linux: lib/vscode/node_modules.asar -> node_modules,
 *      lib/vscode/bin/remote-cli/code-server -> code-linux.sh,
 *      lib/vscode/bin/helpers/browser.sh -> browser-linux.sh.
 *   All npm commands run with npm_config_unsafe_perm=true and npm_config_yes=true.
 *
 * Additions to that recipe (not deviations from it):
 *   - Every step runs in `<cache>.partial-<pid>`; a marker file is written last and the folder is
 *     renamed onto the cache path, so an interrupted install never looks installed, and leftovers
 *     of dead installers are swept on the next run. A cache without a valid marker (or built for
 *     another Node ABI) is removed and installed again.
 *   - Before the rename, the native modules are loaded once and `code-server --version` is run, so
 *     a broken build fails here rather than as a blank workbench later.
 *   - npm's own output goes to `<cache>.install.log` (its tail is printed when a step fails);
 *     npm_* variables inherited from an outer `npm run` are dropped so they cannot point the inner
 *     npm at this repository.
 *   - The cache's own package.json lists allowScripts { argon2: true, code-server: false }: npm 11
 *     here warns about unreviewed install scripts, and code-server's postinstall.sh is replaced by
 *     the steps above. npm still prints "N packages have install scripts not yet covered by
 *     allowScripts" for lib/vscode's `npm rebuild`; the scripts run all the same (seen here).
 *   - code-server is started with an explicit empty --config (and CODE_SERVER_CONFIG) so that it
 *     never writes ~/.config/code-server/config.yaml.
 *   - npm 11 on this machine reports "Unknown env config unsafe-perm"; harmless, kept as asked.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
const MARKER = '.asr-code-server-installed.json';

/** Debian packages the install needs (build of native modules, ripgrep). */
export const INSTALL_PACKAGES = ['libkrb5-dev', 'ripgrep', 'python3', 'make', 'g++'];
/** Debian package for the browser that drives the workbench. */
export const BROWSER_PACKAGES = ['chromium'];
export const CHROMIUM_PATH = '/usr/bin/chromium';

export interface EnsureCodeServerOptions {
  /** Default: $ASR_CODE_SERVER_CACHE or ~/.cache/asr-hyperv/code-server-4.100.3. */
  cacheDir?: string;
  /** Progress lines; default: stderr with a `[code-server]` prefix. */
  log?: (line: string) => void;
}

interface Marker {
  version: string;
  nodeAbi: string;
  installedAt: string;
  seconds: number;
}

const defaultLog = (line: string): void => {
  process.stderr.write(`[code-server] ${line}\n`);
};

export function defaultCacheDir(): string {
  return (
    process.env.ASR_CODE_SERVER_CACHE ||
    path.join(os.homedir(), '.cache', 'asr-hyperv', `code-server-${CODE_SERVER_VERSION}`)
  );
}

function binPath(root: string): string {
  return path.join(root, 'node_modules', '.bin', 'code-server');
}

function readMarker(root: string): Marker | undefined {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(root, MARKER), 'utf8')) as Partial<Marker>;
    if (
      m.version === CODE_SERVER_VERSION &&
      m.nodeAbi === process.versions.modules &&
      fs.existsSync(binPath(root))
    ) {
      return m as Marker;
    }
  } catch {
    // no marker or unreadable: not installed
  }
  return undefined;
}

/** Installs code-server 4.100.3 into the cache unless it is already there; returns its bin. */
export async function ensureCodeServer(options: EnsureCodeServerOptions = {}): Promise<{ bin: string }> {
  const log = options.log ?? defaultLog;
  const cacheDir = path.resolve(options.cacheDir ?? defaultCacheDir());
  const found = readMarker(cacheDir);
  if (found) {
    log(`code-server ${CODE_SERVER_VERSION} already installed in ${cacheDir} (${found.installedAt})`);
    return { bin: binPath(cacheDir) };
  }

  const started = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} into ${cacheDir}`);
  const parent = path.dirname(cacheDir);
  fs.mkdirSync(parent, { recursive: true });
  sweepLeftovers(cacheDir, log);
  const work = `${cacheDir}.partial-${process.pid}`;
  const logFile = `${cacheDir}.install.log`;
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work);
  fs.writeFileSync(logFile, `code-server ${CODE_SERVER_VERSION} install, ${new Date().toISOString()}\n`);

  try {
    await step(log, 'Debian packages (libkrb5-dev, ripgrep, build tools)', () =>
      ensureDebianPackages(INSTALL_PACKAGES, 'installing code-server', log),
    );
    const rg = findOnPath('rg');
    if (!rg) throw new Error('ripgrep is installed but `rg` is not on PATH');

    fs.writeFileSync(
      path.join(work, 'package.json'),
      JSON.stringify(
        { name: 'asr-code-server-cache', private: true, description: 'code-server for the host and e2e tests', allowScripts: { argon2: true, 'code-server': false } },
        null,
        2,
      ) + '\n',
    );
    await step(log, `npm install --ignore-scripts code-server@${CODE_SERVER_VERSION}`, () =>
      npm(['install', '--ignore-scripts', '--omit=dev', '--save-exact', `code-server@${CODE_SERVER_VERSION}`], work, logFile),
    );
    const pkg = path.join(work, 'node_modules', 'code-server');
    const vscodeDir = path.join(pkg, 'lib', 'vscode');

    await step(log, 'npm install --omit=dev --ignore-scripts in lib/vscode', () =>
      npm(['install', '--omit=dev', '--ignore-scripts'], vscodeDir, logFile),
    );
    await step(log, `copy Debian's rg (${rg}) into @vscode/ripgrep/bin`, () => {
      const binDir = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
      fs.mkdirSync(binDir, { recursive: true });
      fs.copyFileSync(rg, path.join(binDir, 'rg'));
      fs.chmodSync(path.join(binDir, 'rg'), 0o755);
      return Promise.resolve();
    });
    await step(log, 'npm rebuild in lib/vscode (native modules)', () => npm(['rebuild'], vscodeDir, logFile));
    await step(log, 'npm install --omit=dev in lib/vscode/extensions', () =>
      npm(['install', '--omit=dev'], path.join(vscodeDir, 'extensions'), logFile),
    );
    await step(log, 'npm rebuild argon2', () => npm(['rebuild', 'argon2'], work, logFile));
    await step(log, "links that code-server's postinstall.sh makes", () => {
      symlink('node_modules', path.join(vscodeDir, 'node_modules.asar'));
      symlink('code-linux.sh', path.join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
      symlink('browser-linux.sh', path.join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
      return Promise.resolve();
    });
    await step(log, 'check native modules and `code-server --version`', () => verify(work, logFile, log));

    const marker: Marker = {
      version: CODE_SERVER_VERSION,
      nodeAbi: process.versions.modules,
      installedAt: new Date().toISOString(),
      seconds: Math.round((Date.now() - started) / 1000),
    };
    fs.writeFileSync(path.join(work, MARKER), JSON.stringify(marker, null, 2) + '\n');
    commit(work, cacheDir, log);
  } catch (err) {
    fs.rmSync(work, { recursive: true, force: true });
    throw err;
  }
  log(`installed code-server ${CODE_SERVER_VERSION} in ${seconds(started)} (npm output: ${logFile})`);
  return { bin: binPath(cacheDir) };
}

/** Moves the finished install onto the cache path; a concurrent installer that won keeps its copy. */
function commit(work: string, cacheDir: string, log: (l: string) => void): void {
  if (fs.existsSync(cacheDir)) {
    if (readMarker(cacheDir)) {
      log('another run finished the install first; keeping its copy');
      fs.rmSync(work, { recursive: true, force: true });
      return;
    }
    const stale = `${cacheDir}.stale-${process.pid}`;
    log(`removing an incomplete install at ${cacheDir}`);
    fs.renameSync(cacheDir, stale);
    fs.rmSync(stale, { recursive: true, force: true });
  }
  try {
    fs.renameSync(work, cacheDir);
  } catch (err) {
    if (readMarker(cacheDir)) {
      fs.rmSync(work, { recursive: true, force: true });
      return;
    }
    throw err;
  }
}

/** Removes `<cache>.partial-<pid>` / `.stale-<pid>` folders whose process is gone. */
function sweepLeftovers(cacheDir: string, log: (l: string) => void): void {
  const parent = path.dirname(cacheDir);
  const base = path.basename(cacheDir);
  for (const name of fs.readdirSync(parent)) {
    const m = /^(.*)\.(partial|stale)-(\d+)$/.exec(name);
    if (!m || m[1] !== base) continue;
    const pid = Number(m[3]);
    if (pid !== process.pid && isAlive(pid)) continue;
    log(`removing leftover ${name} from an earlier, interrupted install`);
    fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  }
}

/** Whether a process with this pid exists (EPERM: it exists but is not ours). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function symlink(target: string, linkPath: string): void {
  fs.rmSync(linkPath, { recursive: true, force: true });
  fs.symlinkSync(target, linkPath);
}

async function verify(work: string, logFile: string, log: (l: string) => void): Promise<void> {
  const pkg = path.join(work, 'node_modules', 'code-server');
  const vscodeDir = path.join(pkg, 'lib', 'vscode');
  // Each native module code-server or its server loads at start-up or on first use.
  const checks: Array<[string, string]> = [
    [pkg, 'argon2'],
    [vscodeDir, 'kerberos'],
    [vscodeDir, 'node-pty'],
    [vscodeDir, '@vscode/spdlog'],
    [vscodeDir, '@parcel/watcher'],
    [vscodeDir, 'native-watchdog'],
  ];
  const script = `
    const { createRequire } = require('node:module');
    const path = require('node:path');
    for (const [dir, mod] of ${JSON.stringify(checks)}) {
      createRequire(path.join(dir, 'noop.js'))(mod);
    }`;
  await run(process.execPath, ['-e', script], work, logFile);
  const rg = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  await run(rg, ['--version'], work, logFile);
  // CODE_SERVER_CONFIG: otherwise it writes a default ~/.config/code-server/config.yaml.
  const config = path.join(work, 'version-check-config.yaml');
  fs.writeFileSync(config, '');
  const env = { ...process.env, CODE_SERVER_CONFIG: config };
  const out = spawnSync(binPath(work), ['--version'], { encoding: 'utf8', timeout: 60_000, env });
  fs.rmSync(config, { force: true });
  if (out.status !== 0 || !out.stdout.includes(CODE_SERVER_VERSION)) {
    throw new Error(`code-server --version failed: ${out.stdout}${out.stderr}${out.error?.message ?? ''}`);
  }
  log(`code-server --version: ${out.stdout.split('\n').find((l) => l.includes(CODE_SERVER_VERSION))?.trim() ?? ''}`);
}

async function step(log: (l: string) => void, name: string, fn: () => Promise<void>): Promise<void> {
  const t0 = Date.now();
  log(`${name} ...`);
  try {
    await fn();
  } catch (err) {
    log(`${name} FAILED after ${seconds(t0)}`);
    throw err;
  }
  log(`${name}: done in ${seconds(t0)}`);
}

function seconds(t0: number): string {
  return `${((Date.now() - t0) / 1000).toFixed(1)} s`;
}

/** The environment for the inner npm: the outer `npm run`'s npm_* variables removed. */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) && !/^npm_config_(cache|registry|cafile|nodedir|userconfig|globalconfig|proxy|https_proxy|noproxy)$/i.test(k)) {
      continue;
    }
    env[k] = v;
  }
  return {
    ...env,
    npm_config_unsafe_perm: 'true',
    npm_config_yes: 'true',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
    npm_config_progress: 'false',
  };
}

function npm(args: string[], cwd: string, logFile: string): Promise<void> {
  return run('npm', args, cwd, logFile, npmEnv());
}

/** Runs a command with its output appended to logFile; rejects with the log's tail on failure. */
function run(cmd: string, args: string[], cwd: string, logFile: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  fs.appendFileSync(logFile, `\n$ (cd ${cwd} && ${cmd} ${args.join(' ')})\n`);
  const fd = fs.openSync(logFile, 'a');
  return new Promise<void>((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', fd, fd] });
    child.on('error', (err) => {
      fs.closeSync(fd);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      fs.closeSync(fd);
      if (code === 0) {
        resolve();
        return;
      }
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-60).join('\n');
      reject(new Error(`\`${cmd} ${args.join(' ')}\` in ${cwd} exited with ${code ?? signal}; last lines of ${logFile}:\n${tail}`));
    });
  });
}

function findOnPath(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

function missingDebianPackages(pkgs: string[]): string[] {
  if (!findOnPath('dpkg-query')) {
    throw new Error(`dpkg-query not found: this needs a Debian-based machine with ${pkgs.join(', ')}`);
  }
  return pkgs.filter((p) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

/**
 * Makes sure the Debian packages are installed: as root, `apt-get update` and `apt-get install -y`
 * the missing ones; otherwise fails naming them.
 */
export async function ensureDebianPackages(pkgs: string[], purpose: string, log: (l: string) => void = defaultLog): Promise<void> {
  const missing = missingDebianPackages(pkgs);
  if (missing.length === 0) {
    log(`Debian packages present: ${pkgs.join(', ')}`);
    return;
  }
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !findOnPath('apt-get')) {
    throw new Error(
      `${purpose} needs these Debian packages, which are not installed: ${missing.join(' ')}\n` +
        `Install them with: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  log(`installing missing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const aptLog = path.join(os.tmpdir(), `asr-apt-${process.pid}.log`);
  fs.writeFileSync(aptLog, '');
  try {
    await run('apt-get', ['update'], '/', aptLog, env);
    await run('apt-get', ['install', '-y', ...missing], '/', aptLog, env);
  } catch (err) {
    throw new Error(`${purpose}: could not install ${missing.join(' ')} with apt-get: ${(err as Error).message}`);
  } finally {
    fs.rmSync(aptLog, { force: true });
  }
  const still = missingDebianPackages(missing);
  if (still.length > 0) throw new Error(`${purpose}: apt-get did not install ${still.join(' ')}`);
}

// ---------------------------------------------------------------------------------------------
// Starting code-server

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

/** Where code-server reads its config: an explicit, empty file keeps it from creating ~/.config/code-server/config.yaml. */
function emptyConfigFile(userDataDir: string): string {
  const configFile = path.join(userDataDir, 'code-server-config.yaml');
  if (!fs.existsSync(configFile)) fs.writeFileSync(configFile, '');
  return configFile;
}

/**
 * The environment for a code-server process: variables of an enclosing VS Code / code-server
 * (VSCODE_IPC_HOOK_CLI and the like) would make it hand its work to that one, and an outer
 * `npm run`'s npm_* variables are dropped.
 */
function codeServerEnv(configFile: string, extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(VSCODE_|CODE_SERVER_)/.test(k) || /^npm_/i.test(k)) continue;
    env[k] = v;
  }
  env.CODE_SERVER_CONFIG = configFile;
  return Object.assign(env, extra);
}

export interface ExtensionDirs {
  bin: string;
  extensionsDir: string;
  userDataDir: string;
}

/** A number from an environment variable, or `fallback` when unset; throws when it is not valid. */
export function numberFromEnv(name: string, fallback: number, valid: (n: number) => boolean): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || !valid(n)) throw new Error(`${name}=${raw} is not valid`);
  return n;
}

/**
 * Installs a packaged extension (.vsix) into a code-server extensions folder, as a user does
 * with "Install from VSIX…" (offline: the file is local and has no dependencies). code-server's
 * output goes to logFile (default: install-extension.log in the user-data folder).
 */
export async function installVsix(options: ExtensionDirs & { vsix: string; logFile?: string }): Promise<void> {
  for (const dir of [options.extensionsDir, options.userDataDir]) fs.mkdirSync(dir, { recursive: true });
  const logFile = options.logFile ?? path.join(options.userDataDir, 'install-extension.log');
  const configFile = emptyConfigFile(options.userDataDir);
  await run(
    options.bin,
    ['--config', configFile, '--extensions-dir', options.extensionsDir, '--user-data-dir', options.userDataDir, '--install-extension', path.resolve(options.vsix), '--force'],
    path.dirname(path.resolve(options.vsix)),
    logFile,
    codeServerEnv(configFile),
  );
}

/** The extensions installed in a code-server extensions folder, as `publisher.name@version`. */
export function listExtensions(options: ExtensionDirs): string[] {
  fs.mkdirSync(options.userDataDir, { recursive: true });
  const configFile = emptyConfigFile(options.userDataDir);
  const out = spawnSync(
    options.bin,
    ['--config', configFile, '--extensions-dir', options.extensionsDir, '--user-data-dir', options.userDataDir, '--list-extensions', '--show-versions'],
    { encoding: 'utf8', timeout: 60_000, env: codeServerEnv(configFile) },
  );
  if (out.status !== 0) throw new Error(`code-server --list-extensions failed: ${out.stdout}${out.stderr}${out.error?.message ?? ''}`);
  return out.stdout.split('\n').map((l) => l.trim()).filter((l) => /^[\w.-]+\.[\w.-]+@/.test(l));
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
    '--config', configFile,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--extensions-dir', options.extensionsDir,
    '--user-data-dir', options.userDataDir,
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
    const fresh = chunk.toString('utf8').split('\n').filter((l) => l.trim());
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

/** A process's parent and start time from /proc (Linux); undefined when it is gone or a zombie. */
function procStat(pid: number): { ppid: number; start: string } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "pid (comm) ": state, ppid, ... the 22nd field of the line is the start time.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
    return { ppid: Number(fields[1]), start: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}

function isNpmLauncher(pid: number): boolean {
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    return /^(npm|npx)( |$)|[/\\](npm|npx)(-cli\.js)?( |$)/.test(cmd);
  } catch {
    return false;
  }
}

/**
 * Calls onGone once when a process that launched this one has exited, and returns a function
 * that stops watching. `npm run x` runs `sh -c`, which runs tsx, which runs node: a SIGTERM to
 * npm alone (not to the terminal's process group, as Ctrl+C does) ends npm and sh but reaches
 * nothing below them, which would linger with what it started. Watched: the ancestors up to the
 * nearest npm/npx, or only the parent when there is none within five levels. Linux (/proc);
 * elsewhere, only whether the parent changes.
 */
export function onLauncherExit(onGone: (pid: number) => void, intervalMs = 1000): () => void {
  const watched: Array<{ pid: number; start: string }> = [];
  let pid = process.ppid;
  for (let level = 0; level < 5 && pid > 1; level++) {
    const st = procStat(pid);
    if (!st) break;
    watched.push({ pid, start: st.start });
    if (isNpmLauncher(pid)) break;
    pid = st.ppid;
  }
  if (!watched.some((w) => isNpmLauncher(w.pid))) watched.splice(1);
  const parent = process.ppid;
  const timer = setInterval(() => {
    const gone =
      process.ppid !== parent
        ? { pid: parent }
        : watched.find((w) => procStat(w.pid)?.start !== w.start);
    if (gone) {
      clearInterval(timer);
      onGone(gone.pid);
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------------------------
// CLI

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === 'install') {
    const t0 = Date.now();
    const { bin } = await ensureCodeServer();
    defaultLog(`ready in ${seconds(t0)}`);
    console.log(bin);
    return 0;
  }
  if (cmd === 'start') {
    const { bin } = await ensureCodeServer();
    const folder = path.resolve(rest[0] ?? process.cwd());
    const state = fs.mkdtempSync(path.join(os.tmpdir(), 'asr-code-server-'));
    const cs = await startCodeServer({
      bin,
      folder,
      extensionsDir: path.join(state, 'extensions'),
      userDataDir: path.join(state, 'user-data'),
      port: Number(process.env.PORT ?? '0'),
    });
    console.log(`code-server serving ${folder} at ${cs.url}/ (Ctrl+C stops it)`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await cs.stop();
    fs.rmSync(state, { recursive: true, force: true });
    return 0;
  }
  console.error('usage: tsx scripts/codeServer.ts install | start [folder]');
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`[code-server] ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
