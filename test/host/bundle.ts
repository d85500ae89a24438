/**
 * Bundles the host-suite runner (test/host/index.ts) and every test/host/**\/*.test.ts into
 * out/host/ (esbuild, node/cjs, `vscode` and `mocha` external; out/ is git- and eslint-ignored).
 * Shared by the code-server launcher (run.ts) and the desktop one (runElectron.ts).
 */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const HOST_DIR = path.join(ROOT, 'test', 'host');
export const HOST_OUT = path.join(ROOT, 'out', 'host');

/** Builds the bundles; returns how many test files went in. */
export async function buildHostBundles(): Promise<number> {
  const tests = fs
    .readdirSync(HOST_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(HOST_DIR, f));
  if (tests.length === 0) throw new Error(`no *.test.ts under ${HOST_DIR}`);
  fs.rmSync(HOST_OUT, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [path.join(HOST_DIR, 'index.ts'), ...tests],
    outdir: HOST_OUT,
    outbase: HOST_DIR,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // The lab builds its stand-in PowerShell with esbuild at start: resolved from node_modules.
    external: ['vscode', 'mocha', 'esbuild'],
    sourcemap: 'inline',
    loader: { '.ps1': 'text' },
    logLevel: 'warning',
  });
  return tests.length;
}
