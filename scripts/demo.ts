/**
 * `npm run demo` (or `npm run demo -- --no-package`): the packaged extension on the built-in ASR
 * lab, in a real VS Code workbench (code-server) that you open in a browser. Ctrl+C stops it all.
 *
 *   1. `npm run package` builds and packages dist/azure-site-recovery-hyperv.vsix
 *      (`--no-package`: skipped when that file exists).
 *   2. Installs code-server 4.100.3 on first use into its cache outside the repository
 *      (~/.cache/asr-hyperv/code-server-4.100.3, or ASR_CODE_SERVER_CACHE; scripts/codeServer.ts;
 *      as root it apt-get installs the Debian packages it needs). Measured: a first start 42 s
 *      (38.5 s of it the install, with npm's cache holding code-server's packages; a few minutes
 *      more when npm downloads them), a second start 3.4 s; README.md says the same.
 *   3. Starts the lab in this process: `essentials` scenario, every duration ASR_LAB_SPEED times
 *      shorter (default 20), on ASR_LAB_PORT (default 0: a free port).
 *   4. Makes fresh folders for this run under ~/.cache/asr-hyperv/demo/run-<pid>/ (or
 *      ASR_DEMO_DIR): workspace/, extensions/, user-data/. Nothing of an earlier run (a connection,
 *      a sign-in) carries over; folders of runs that are no longer alive are removed.
 *   5. Installs the .vsix into extensions/ (as "Install from VSIX…" does) and writes
 *      user-data/Machine/settings.json, the remote machine's settings: the extension pointed at
 *      the lab (scripts/labSettings.ts; machine-scoped settings, which a remote window reads
 *      from there only), and user-data/User/settings.json: a quiet, offline workbench.
 *   6. Starts code-server on 127.0.0.1:ASR_DEMO_PORT (default 8080; when that port is taken it
 *      says so and takes a free one) and prints the address to open and the lab's service
 *      principal for the Connect wizard's "Service principal" sign-in (lab-only values).
 *
 * Ctrl+C, SIGTERM or SIGHUP (also while installing): stops code-server with everything it
 * started (its process group), then the lab, and removes this run's folder (ASR_DEMO_KEEP=1
 * keeps it, with code-server.log). The same when npm or tsx above it is gone (a SIGTERM sent to
 * npm alone stops npm and its `sh -c` but nothing below them), and, with exit 1, when
 * code-server exits by itself.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { labInfo, startLab } from '../lab/index';
import type { RunningLab } from '../lab/index';
import { ensureCodeServer, freePort, installVsix, portIsFree, startCodeServer } from './codeServer';
import type { RunningCodeServer } from './codeServer';
import { labSettings, quietWorkbenchSettings, writeCodeServerSettings } from './labSettings';
import { isAlive, numberFromEnv, onLauncherExit, sleep } from './processes';

const ROOT = path.resolve(__dirname, '..');
const VSIX = path.join(ROOT, 'dist', 'azure-site-recovery-hyperv.vsix');
const DEFAULT_PORT = 8080;

const t0 = Date.now();
const log = (line: string): void => {
  process.stderr.write(`[demo ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${line}\n`);
};

/** What has to be undone, newest first; run once, whatever ends the demo. */
const cleanups: Array<{ name: string; done: string; fn: () => Promise<void> }> = [];

function demoRoot(): string {
  return path.resolve(process.env.ASR_DEMO_DIR || path.join(os.homedir(), '.cache', 'asr-hyperv', 'demo'));
}

/** A fresh folder for this run; folders of earlier runs whose process is gone are removed. */
function freshRunDir(): string {
  const root = demoRoot();
  fs.mkdirSync(root, { recursive: true });
  for (const name of fs.readdirSync(root)) {
    const m = /^run-(\d+)$/.exec(name);
    if (!m || (Number(m[1]) !== process.pid && isAlive(Number(m[1])))) continue;
    log(`removing ${path.join(root, name)} (an earlier demo that is no longer running)`);
    fs.rmSync(path.join(root, name), { recursive: true, force: true });
  }
  const dir = path.join(root, `run-${process.pid}`);
  fs.mkdirSync(dir);
  return dir;
}

function runNpm(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`\`npm ${args.join(' ')}\` exited with ${code ?? signal}`))));
  });
}

async function packageExtension(): Promise<void> {
  if (process.argv.includes('--no-package')) {
    if (!fs.existsSync(VSIX)) throw new Error(`--no-package, but ${path.relative(ROOT, VSIX)} does not exist: run without --no-package once`);
    log(`--no-package: using ${path.relative(ROOT, VSIX)} (${new Date(fs.statSync(VSIX).mtimeMs).toISOString()})`);
    return;
  }
  log('npm run package ...');
  await runNpm(['run', '--silent', 'package']);
  if (!fs.existsSync(VSIX)) throw new Error(`npm run package did not write ${path.relative(ROOT, VSIX)}`);
  log(`packaged ${path.relative(ROOT, VSIX)} (${Math.round(fs.statSync(VSIX).size / 1024)} KB)`);
}

/** ASR_DEMO_PORT, or 8080; a free port, said clearly, when that one is taken. */
async function choosePort(): Promise<number> {
  const wanted = numberFromEnv('ASR_DEMO_PORT', DEFAULT_PORT, (n) => Number.isInteger(n) && n >= 0 && n < 65536);
  if (wanted === 0) return freePort();
  if (await portIsFree(wanted)) return wanted;
  const other = await freePort();
  log(`port ${wanted} is already in use on 127.0.0.1 (another program, or another demo); using port ${other} instead (set ASR_DEMO_PORT to choose)`);
  return other;
}

async function startWorkbench(options: Omit<Parameters<typeof startCodeServer>[0], 'port'>): Promise<RunningCodeServer> {
  const port = await choosePort();
  try {
    return await startCodeServer({ ...options, port });
  } catch (err) {
    // Taken between the check and code-server's bind: once more on a port picked now.
    if (!/EADDRINUSE/.test(String(err))) throw err;
    log(`port ${port} was taken just now; trying a free one`);
    return startCodeServer({ ...options, port: 0 });
  }
}

function banner(cs: RunningCodeServer, lab: RunningLab, speed: number, runDir: string, settingsFile: string): string {
  const info = labInfo(lab);
  const hostCredentials = lab.state.hosts
    .filter((h) => h.credentials)
    .map((h) => `    ${h.name}: user ${h.credentials?.userName ?? ''}, password ${h.credentials?.password ?? ''}`);
  return [
    '',
    '  Azure Site Recovery for Hyper-V: demo on the built-in lab',
    '',
    `  Open in a browser:  ${cs.url}/`,
    `  (on this machine; from another one, forward the port first: ssh -L ${cs.port}:127.0.0.1:${cs.port} <this host>)`,
    '',
    '  In the workbench: the Azure Site Recovery icon in the activity bar, then Connect, and sign in',
    '  with "Service principal" (lab-only values, never real credentials):',
    `    Tenant ID      ${info.tenantId}`,
    `    Client ID      ${info.clientId}`,
    `    Client secret  ${info.clientSecret}`,
    `  Subscription ${info.subscriptionId}, vault ${info.vault} in resource group ${info.resourceGroup}.`,
    ...(hostCredentials.length > 0 ? ['  Hyper-V hosts that ask for credentials (unreachable in the tree until you give them):', ...hostCredentials] : []),
    '',
    `  Lab: ${info.endpoint} (essentials scenario, ${speed}x faster than Azure)`,
    `  Settings: ${settingsFile}`,
    `  This run's folders and code-server.log: ${runDir}`,
    '',
    '  Press Ctrl+C to stop code-server and the lab.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const speed = numberFromEnv('ASR_LAB_SPEED', 20, (n) => n > 0);
  const labPort = numberFromEnv('ASR_LAB_PORT', 0, (n) => Number.isInteger(n) && n >= 0 && n < 65536);

  await packageExtension();

  // Before the lab, so that a first-run install (minutes) does not run the lab's sped-up clock.
  const { bin } = await ensureCodeServer({ log: (l) => log(`code-server: ${l}`) });

  const lab = await startLab({ scenario: 'essentials', speed, port: labPort });
  cleanups.push({ name: 'the lab', done: 'stopped the lab', fn: () => lab.stop() });
  log(`lab running at ${lab.endpoint} (essentials, ${speed}x faster than Azure)`);

  const runDir = freshRunDir();
  if (process.env.ASR_DEMO_KEEP === '1') {
    log(`ASR_DEMO_KEEP=1: keeping ${runDir}`);
  } else {
    cleanups.push({ name: "this run's folder", done: `removed ${runDir}`, fn: () => Promise.resolve(fs.rmSync(runDir, { recursive: true, force: true })) });
  }
  const workspace = path.join(runDir, 'workspace');
  const extensionsDir = path.join(runDir, 'extensions');
  const userDataDir = path.join(runDir, 'user-data');
  fs.mkdirSync(workspace, { recursive: true });

  await installVsix({ bin, vsix: VSIX, extensionsDir, userDataDir, logFile: path.join(runDir, 'install-extension.log') });
  log(`installed ${path.relative(ROOT, VSIX)} into ${extensionsDir}`);

  // The lab's settings are machine-scoped: they go to the remote machine's settings (Machine/settings.json).
  const settingsFile = writeCodeServerSettings(userDataDir, { ...quietWorkbenchSettings, ...labSettings(labInfo(lab)) }).machine;

  const cs = await startWorkbench({
    bin,
    folder: workspace,
    extensionsDir,
    userDataDir,
    logFile: path.join(runDir, 'code-server.log'),
  });
  cleanups.push({ name: 'code-server', done: 'stopped code-server', fn: () => cs.stop() });
  log(`code-server ${cs.url} (pid ${cs.pid}), ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  process.stdout.write(banner(cs, lab, speed, runDir, settingsFile));

  for (;;) {
    const reason = cs.exitReason();
    if (reason) {
      await finish(1, `${reason}; see ${path.join(runDir, 'code-server.log')}`);
      return;
    }
    await sleep(1000);
  }
}

/** Undoes everything, newest first; returns what it stopped or removed. */
async function cleanup(): Promise<string[]> {
  const done: string[] = [];
  while (cleanups.length > 0) {
    const c = cleanups.pop();
    if (!c) break;
    try {
      await Promise.race([c.fn(), sleep(15_000).then(() => Promise.reject(new Error('timed out after 15 s')))]);
      done.push(c.done);
    } catch (err) {
      log(`stopping ${c.name} failed: ${(err as Error).message}`);
    }
  }
  return done;
}

let finishing = 0;
async function finish(code: number, why?: string): Promise<void> {
  if (finishing) {
    // Ctrl+C reaches this process twice (from the terminal and relayed by npm/tsx): ignore
    // repeats for a moment; a later one while stopping leaves at once (code-server is still
    // killed by its exit handler).
    if (Date.now() - finishing < 3000) return;
    log('stopping at once');
    process.exit(code);
  }
  finishing = Date.now();
  if (why) log(why);
  const done = await cleanup();
  log(`${done.length > 0 ? done.join('; ') : 'nothing was running yet'}${code === 1 ? ' (exit 1)' : ''}`);
  process.exit(code);
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => void finish(130, `${sig}: stopping`));
}
// A SIGTERM to npm alone does not reach this process: stop when npm (or tsx) is gone.
onLauncherExit((pid) => void finish(143, `the process that started the demo (pid ${pid}) has exited: stopping`));

main().catch((err: unknown) => finish(1, `demo failed: ${err instanceof Error ? err.message : String(err)}`));
