/**
 * `npm run test:host:electron`: the same host suite (test/host) in desktop VS Code, through
 * @vscode/test-electron, where VS Code can be downloaded (it fetches the stable build into
 * .vscode-test/ on first use). This machine has no internet, so CI runs the suite in
 * code-server instead (`npm run test:host`); here this script stops with that explanation.
 * Expects dist/extension.js from `npm run build`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { buildHostBundles, HOST_OUT } from './bundle';

const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS_DIR = path.join(ROOT, 'test-results', 'host-electron');
const RESULTS_FILE = path.join(RESULTS_DIR, 'results.txt');

async function main(): Promise<number> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first');
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.rmSync(RESULTS_FILE, { force: true });
  const count = await buildHostBundles();
  process.stderr.write(`[host-electron] bundled the runner and ${count} test file(s)\n`);
  const configFile = path.join(HOST_OUT, 'run-config.json');
  fs.writeFileSync(configFile, JSON.stringify({ resultsFile: RESULTS_FILE, grep: process.env.ASR_HOST_GREP || undefined, noShot: true }, null, 2) + '\n');

  let vscodeExecutablePath: string;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode('stable');
  } catch (e) {
    process.stderr.write(
      `[host-electron] could not download VS Code (${e instanceof Error ? e.message : String(e)}).\n` +
        '[host-electron] Without internet, run the same suite in code-server: npm run test:host\n',
    );
    return 1;
  }
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'asr-host-electron-'));
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(HOST_OUT, 'index.js'),
      extensionTestsEnv: { ASR_HOST_CONFIG: configFile },
      launchArgs: [workspace, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } catch {
    // The results file says what failed; runTests rejects on a non-zero exit.
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  if (!fs.existsSync(RESULTS_FILE)) {
    process.stderr.write('[host-electron] VS Code exited without writing results\n');
    return 1;
  }
  const results = fs.readFileSync(RESULTS_FILE, 'utf8');
  process.stdout.write(results);
  const m = /^(\d+) passed, (\d+) failed, (\d+) skipped\s*$/m.exec(results);
  return m && Number(m[1]) > 0 && Number(m[2]) === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`[host-electron] ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
