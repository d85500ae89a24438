/**
 * `npm run test:host`: runs test/host/**\/*.test.ts inside a real extension host, code-server's,
 * driven by Debian's Chromium through playwright-core (DESIGN.md section 5). Expects
 * dist/extension.js from `npm run build`; builds only the test bundles.
 *
 *   1. bundles test/host/index.ts (the runner) and every test/host/**\/*.test.ts into out/host/
 *      (esbuild, node/cjs, `vscode` and `mocha` external; out/ is git- and eslint-ignored),
 *   2. installs code-server once into its cache (scripts/codeServer.ts) and starts it on a free
 *      port over a fresh workspace (whose .vscode/settings.json is hostile: hostileWorkspace.ts),
 *      extensions and user-data folder,
 *   3. opens the workbench in Chromium with the extension under development and the runner as
 *      `extensionTestsPath` in the `payload` query parameter,
 *   4. waits for the runner's results file, screenshots the workbench into test-results/host/,
 *      stops Chromium and code-server (also on Ctrl+C and after the overall timeout), prints the
 *      runner's output and exits 0 only if tests ran and none failed.
 *
 * Environment: ASR_HOST_GREP (mocha grep), ASR_HOST_TIMEOUT_MS (overall, default 10 min),
 * ASR_HOST_KEEP=1 (keep the temporary workspace / profile folders), ASR_CODE_SERVER_CACHE.
 * test-results/host/ also gets code-server.log and browser-console.log for diagnosis.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { BROWSER_PACKAGES, CHROMIUM_PATH, ensureCodeServer, ensureDebianPackages, sleep, startCodeServer } from '../../scripts/codeServer';
import type { RunningCodeServer } from '../../scripts/codeServer';
import { quietWorkbenchSettings, writeCodeServerSettings } from '../../scripts/labSettings';
import { buildHostBundles, HOST_OUT } from './bundle';
import { hostileWorkspaceSettings, machineSettingsMarker } from './hostileWorkspace';

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = HOST_OUT;
const RESULTS_DIR = path.join(ROOT, 'test-results', 'host');
const RESULTS_FILE = path.join(RESULTS_DIR, 'results.txt');
const TIMEOUT_MS = Number(process.env.ASR_HOST_TIMEOUT_MS || 10 * 60_000);
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

const t0 = Date.now();
const log = (line: string): void => {
  process.stderr.write(`[host ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${line}\n`);
};

/** What has to be undone, newest first; run once whatever ends the run. */
const cleanups: Array<{ name: string; fn: () => Promise<void> }> = [];
let page: Page | undefined;
let screenshotTaken = false;
/** The runner's results, printed last so that its closing counts line ends the output. */
let runnerOutput: string | undefined;

async function buildBundles(): Promise<void> {
  const count = await buildHostBundles();
  log(`bundled the runner and ${count} test file(s) into ${path.relative(ROOT, OUT)}/`);
}

/** User settings, and the remote machine's settings where machine-scoped ones apply from. */
function writeUserSettings(userDataDir: string): void {
  writeCodeServerSettings(userDataDir, { ...quietWorkbenchSettings, ...machineSettingsMarker });
}

/** The tests run in a workspace whose settings try to redirect credentials and programs (hostileWorkspace.ts). */
function writeHostileWorkspace(workspace: string): void {
  const dir = path.join(workspace, '.vscode');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(hostileWorkspaceSettings, null, 2) + '\n');
}

async function screenshot(name: string): Promise<void> {
  if (!page || screenshotTaken) return;
  screenshotTaken = true;
  const file = path.join(RESULTS_DIR, name);
  try {
    await page.screenshot({ path: file, timeout: 15_000 });
    log(`screenshot: ${path.relative(ROOT, file)}`);
  } catch (err) {
    log(`screenshot failed: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** Resolves with the results text, or rejects when code-server or the page is gone. */
async function waitForResults(cs: RunningCodeServer, context: BrowserContext): Promise<string> {
  let closed = false;
  context.on('close', () => (closed = true));
  // The workbench ends the extension host once run() has returned; if it ends before the results
  // file exists (the runner did not load, the host crashed), waiting longer is pointless.
  let hostExitedAt: number | undefined;
  cs.onLine((line) => {
    if (/Extension Host Process exited/.test(line)) hostExitedAt ??= Date.now();
  });
  let lastNote = Date.now();
  for (;;) {
    if (fs.existsSync(RESULTS_FILE)) return fs.readFileSync(RESULTS_FILE, 'utf8');
    const reason = cs.exitReason();
    if (reason) throw new Error(`${reason} before the host suite finished`);
    if (closed) throw new Error('Chromium closed before the host suite finished');
    if (hostExitedAt !== undefined && Date.now() - hostExitedAt > 10_000) {
      throw new Error('the extension host exited without writing results: see test-results/host/code-server.log and browser-console.log');
    }
    if (Date.now() - lastNote > 30_000) {
      lastNote = Date.now();
      log('still waiting for the host suite ...');
    }
    await sleep(500);
  }
}

async function main(): Promise<number> {
  const extensionMain = path.join(ROOT, 'dist', 'extension.js');
  if (!fs.existsSync(extensionMain)) {
    throw new Error(`${path.relative(ROOT, extensionMain)} is missing: run \`npm run build\` first`);
  }
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  for (const f of ['results.txt', 'results.txt.shot', 'workbench.png', 'code-server.log', 'browser-console.log']) {
    fs.rmSync(path.join(RESULTS_DIR, f), { force: true });
  }
  await buildBundles();
  const configFile = path.join(OUT, 'run-config.json');
  const grep = process.env.ASR_HOST_GREP || undefined;
  fs.writeFileSync(configFile, JSON.stringify({ resultsFile: RESULTS_FILE, grep }, null, 2) + '\n');

  await ensureDebianPackages(BROWSER_PACKAGES, 'the host tests (Chromium)', (l) => log(l));
  const { bin } = await ensureCodeServer({ log: (l) => log(`code-server: ${l}`) });

  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'asr-host-'));
  if (process.env.ASR_HOST_KEEP === '1') {
    log(`keeping ${state}`);
  } else {
    cleanups.push({ name: 'temporary folders', fn: () => Promise.resolve(fs.rmSync(state, { recursive: true, force: true })) });
  }
  const workspace = path.join(state, 'workspace');
  fs.mkdirSync(workspace);
  writeHostileWorkspace(workspace);
  const userDataDir = path.join(state, 'user-data');
  writeUserSettings(userDataDir);

  const cs = await startCodeServer({
    bin,
    folder: workspace,
    extensionsDir: path.join(state, 'extensions'),
    userDataDir,
    logFile: path.join(RESULTS_DIR, 'code-server.log'),
    env: { ASR_HOST_CONFIG: configFile },
  });
  cleanups.push({ name: 'code-server', fn: () => cs.stop() });
  log(`code-server ${cs.url} (pid ${cs.pid})`);

  const context = await chromium.launchPersistentContext(path.join(state, 'chromium-profile'), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  cleanups.push({
    name: 'Chromium',
    fn: async () => {
      await Promise.race([context.close(), sleep(15_000)]);
    },
  });
  log(`Chromium ${context.browser()?.version() ?? ''} started`);
  page = context.pages()[0] ?? (await context.newPage());
  const consoleLog = fs.openSync(path.join(RESULTS_DIR, 'browser-console.log'), 'a');
  cleanups.push({ name: 'browser console log', fn: () => Promise.resolve(fs.closeSync(consoleLog)) });
  page.on('console', (m) => fs.writeSync(consoleLog, `[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => fs.writeSync(consoleLog, `[pageerror] ${e.stack ?? e.message}\n`));

  const authority = `127.0.0.1:${cs.port}`;
  const remote = (p: string): string => `vscode-remote://${authority}${pathToFileURL(p).pathname}`;
  const payload = [
    ['extensionDevelopmentPath', remote(ROOT)],
    ['extensionTestsPath', remote(path.join(OUT, 'index.js'))],
  ];
  const url = `${cs.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  log(`opening the workbench: ${url}`);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

  const results = await waitForResults(cs, context);
  log('host suite finished');
  await sleep(1000); // let the workbench paint what the tests left open
  await screenshot('workbench.png');
  // Tells the runner it may let the extension host exit (see test/host/index.ts).
  fs.writeFileSync(`${RESULTS_FILE}.shot`, '');

  runnerOutput = results.trimEnd();
  const m = /^(\d+) passed, (\d+) failed, (\d+) skipped\s*$/m.exec(results);
  if (!m) {
    log('the results file has no "N passed, N failed, N skipped" line');
    return 1;
  }
  const [passed, failed] = [Number(m[1]), Number(m[2])];
  if (passed + failed === 0) {
    log('the host suite ran no test');
    return 1;
  }
  return failed > 0 ? 1 : 0;
}

async function cleanup(): Promise<void> {
  while (cleanups.length > 0) {
    const c = cleanups.pop()!;
    try {
      await c.fn();
    } catch (err) {
      log(`stopping ${c.name} failed: ${(err as Error).message}`);
    }
  }
}

let finishing = 0;
async function finish(code: number, why?: string): Promise<void> {
  if (finishing) {
    // Ctrl+C reaches this process twice (from the terminal and relayed by npm/tsx): ignore repeats
    // for a moment, but a later one while cleaning up leaves at once.
    if (Date.now() - finishing < 3000) return;
    log('stopping at once');
    process.exit(code);
  }
  finishing = Date.now();
  if (why) log(why);
  if (code !== 0) await screenshot('workbench.png');
  await cleanup();
  log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s, exit ${code}`);
  if (runnerOutput !== undefined) process.stdout.write(`\n${runnerOutput}\n`);
  process.exit(code);
}

const timer = setTimeout(() => {
  void finish(1, `timed out after ${TIMEOUT_MS / 1000} s (ASR_HOST_TIMEOUT_MS); see test-results/host/`);
}, TIMEOUT_MS);
timer.unref();
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => void finish(130, `${sig}: stopping`));
}

main().then(
  (code) => finish(code),
  (err: unknown) => finish(1, `host suite failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
);
