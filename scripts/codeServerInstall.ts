/**
 * Installing code-server 4.100.3 offline into a cache, once (DESIGN.md section 5).
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
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDebianPackages } from './debianPackages';
import { defaultLog, findOnPath, run, seconds } from './loggedCommand';
import { isAlive } from './processes';

export const CODE_SERVER_VERSION = '4.100.3';
const MARKER = '.asr-code-server-installed.json';

/** Debian packages the install needs (build of native modules, ripgrep). */
export const INSTALL_PACKAGES = ['libkrb5-dev', 'ripgrep', 'python3', 'make', 'g++'];

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

export function defaultCacheDir(): string {
  return process.env.ASR_CODE_SERVER_CACHE || path.join(os.homedir(), '.cache', 'asr-hyperv', `code-server-${CODE_SERVER_VERSION}`);
}

function binPath(root: string): string {
  return path.join(root, 'node_modules', '.bin', 'code-server');
}

function readMarker(root: string): Marker | undefined {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(root, MARKER), 'utf8')) as Partial<Marker>;
    if (m.version === CODE_SERVER_VERSION && m.nodeAbi === process.versions.modules && fs.existsSync(binPath(root))) {
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
    await step(log, 'Debian packages (libkrb5-dev, ripgrep, build tools)', () => ensureDebianPackages(INSTALL_PACKAGES, 'installing code-server', log));
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

    await step(log, 'npm install --omit=dev --ignore-scripts in lib/vscode', () => npm(['install', '--omit=dev', '--ignore-scripts'], vscodeDir, logFile));
    await step(log, `copy Debian's rg (${rg}) into @vscode/ripgrep/bin`, () => {
      const binDir = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
      fs.mkdirSync(binDir, { recursive: true });
      fs.copyFileSync(rg, path.join(binDir, 'rg'));
      fs.chmodSync(path.join(binDir, 'rg'), 0o755);
      return Promise.resolve();
    });
    await step(log, 'npm rebuild in lib/vscode (native modules)', () => npm(['rebuild'], vscodeDir, logFile));
    await step(log, 'npm install --omit=dev in lib/vscode/extensions', () => npm(['install', '--omit=dev'], path.join(vscodeDir, 'extensions'), logFile));
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
  log(
    `code-server --version: ${
      out.stdout
        .split('\n')
        .find((l) => l.includes(CODE_SERVER_VERSION))
        ?.trim() ?? ''
    }`,
  );
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
