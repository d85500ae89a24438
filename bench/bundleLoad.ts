/**
 * Benchmark: loading the extension bundle (issue 14, "Lazy SDKs"), side by side in one run:
 *   on first use — dist/extension.js alone, as VS Code loads it at activation: each Azure SDK is a
 *                  file of its own in dist/sdks/, required when its first client is built;
 *   all at load  — dist/extension.js and then every dist/sdks/ file, in the same process: what
 *                  loading every SDK at activation costs.
 * Builds dist/ first with `node esbuild.mjs --production` (minified, as the .vsix carries it), then
 * times each BENCH_RUNS times (default 15), every time in a fresh Node process with a stand-in
 * `vscode` module. Prints the median time of those require()s for each and their ratio.
 * Activation itself (activate()) is not part of it.
 * Run: npm run bench:load
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { emitRow, formatRatio } from './row';

const root = resolve(__dirname, '..');
const bundle = join(root, 'dist/extension.js');
const sdkDir = join(root, 'dist/sdks');

/**
 * Any property, call or construction of it gives itself: enough for the bundle's top level. Its
 * prototype answers too, because esbuild's ESM interop copies a module onto an object inheriting it.
 */
const VSCODE_STUB = `const handler = {
  get: (_t, p) => (p === 'then' ? undefined : stub),
  apply: () => stub,
  construct: () => stub,
  getPrototypeOf: () => members,
};
const stub = new Proxy(function vscode() {}, handler);
const members = new Proxy({}, { get: (_t, p) => (p === 'then' ? undefined : stub) });
module.exports = stub;
`;

/** Milliseconds the require() of these files, in order, takes in a fresh Node process. */
function timeLoad(files: string[], stub: string): number {
  const script = `
const Module = require('node:module');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? ${JSON.stringify(stub)} : resolveFilename.call(this, request, ...rest);
};
const t = process.hrtime.bigint();
for (const f of ${JSON.stringify(files)}) require(f);
process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));
`;
  try {
    return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (err: unknown) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? err);
    const why = stderr.split('\n').find((line) => /^\w*Error\b/.test(line)) ?? stderr.slice(-500);
    throw new Error(`loading ${files.join(', ')} failed: ${why}`);
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function main(): void {
  const runs = Number(process.env.BENCH_RUNS ?? '15');
  const dir = mkdtempSync(join(tmpdir(), 'asr-bundle-load-'));
  try {
    const stub = join(dir, 'vscode.js');
    writeFileSync(stub, VSCODE_STUB);
    execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: root, stdio: 'inherit' });
    const sdks = readdirSync(sdkDir)
      .filter((f) => f.endsWith('.js'))
      .map((f) => join(sdkDir, f));
    const lazyMs: number[] = [];
    const eagerMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Alternated, so that whatever else the machine does weighs on both alike.
      lazyMs.push(timeLoad([bundle], stub));
      eagerMs.push(timeLoad([bundle, ...sdks], stub));
    }
    const l = median(lazyMs);
    const e = median(eagerMs);
    const mb = (files: string[]): string => `${(files.reduce((n, f) => n + statSync(f).size, 0) / 1024 ** 2).toFixed(2)} MB`;
    const rows = [
      ['dist/extension.js (minified)', mb([bundle])],
      [`dist/sdks/ (${sdks.length} files, minified)`, mb(sdks)],
      ['fresh processes for each', String(runs)],
      ['load, SDKs on first use: median', `${l.toFixed(1)} ms`],
      ['load, every SDK at load: median', `${e.toFixed(1)} ms`],
      ['every SDK at load / on first use', `${(e / l).toFixed(1)}x`],
      ['goal (issue 14)', `< 50 ms with SDKs on first use: ${l < 50 ? 'met' : 'not met'}`],
    ];
    for (const [k, val] of rows) process.stdout.write(`${k.padEnd(36)} ${val}\n`);
    emitRow({
      row: 'activation: loading the bundle',
      size: '',
      measured: `${l.toFixed(1)} ms`,
      baseline: `every SDK at load ${e.toFixed(1)} ms`,
      ratio: formatRatio(l, e),
      goal: '< 50 ms',
      pass: l < 50,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  main();
} catch (err: unknown) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
