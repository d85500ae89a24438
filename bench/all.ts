/**
 * `npm run bench`: every benchmark of issue 14, each in its own Node process (one lab per script,
 * no warm caches shared), then one table of their rows: measured, floor or baseline measured in the
 * same run, ratio, goal, pass/fail. Prints only: CI runs it for the record, not as a gate (absolute
 * times on shared 2-core machines vary; the ratios are what the goals judge where they can). A
 * script that crashes makes it exit 1.
 * BENCH_SIZES=1k,5k limits the generated scenarios; BENCH_ONLY=refresh,idle limits the scripts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BENCH_ROW_PREFIX, type BenchRow } from './row';

const root = resolve(__dirname, '..');

/** The scripts, in the order of issue 14's table, then issue 15's dashboard. `loader`: they import .ps1 files. */
const SCRIPTS: readonly { name: string; file: string; loader?: boolean }[] = [
  { name: 'refresh', file: 'estateRefresh.ts', loader: true },
  { name: 'idle', file: 'idle.ts', loader: true },
  { name: 'snapshot', file: 'snapshotDiff.ts', loader: true },
  { name: 'snapshotBuild', file: 'snapshotBuild.ts', loader: true },
  { name: 'memory', file: 'refreshMemory.ts', loader: true },
  { name: 'load', file: 'bundleLoad.ts' },
  { name: 'reload', file: 'reload.ts', loader: true },
  { name: 'probes', file: 'hostProbes.ts', loader: true },
  { name: 'wizard', file: 'wizardPatches.ts', loader: true },
  { name: 'dashboard', file: 'dashboard.ts', loader: true },
];

interface ScriptResult {
  name: string;
  rows: BenchRow[];
  seconds: number;
  failed?: string;
}

function runScript(script: (typeof SCRIPTS)[number]): ScriptResult {
  const t = performance.now();
  const args = [...(script.loader ? ['--require', './test/ps1Loader.js'] : []), join('bench', script.file)];
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const r = spawnSync(tsx, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: process.env });
  const seconds = (performance.now() - t) / 1000;
  const rows: BenchRow[] = [];
  for (const line of (r.stdout ?? '').split('\n')) {
    if (line.startsWith(BENCH_ROW_PREFIX)) rows.push(JSON.parse(line.slice(BENCH_ROW_PREFIX.length)) as BenchRow);
    else if (line.trim() !== '') process.stdout.write(`  ${script.name} | ${line}\n`);
  }
  if (r.status !== 0) {
    const why = (r.stderr ?? '').trim().split('\n').slice(-5).join(' / ') || `exit ${String(r.status ?? r.signal)}`;
    return { name: script.name, rows, seconds, failed: why };
  }
  return { name: script.name, rows, seconds };
}

function table(rows: readonly BenchRow[]): string {
  const head = ['what', 'size', 'measured', 'floor / baseline', 'ratio', 'goal', 'result'];
  const body = rows.map((r) => [r.row, r.size, r.measured, r.baseline, r.ratio, r.goal, r.pass ? 'pass' : 'FAIL']);
  const lines = [head, head.map(() => '---'), ...body].map((cells) => `| ${cells.join(' | ')} |`);
  return lines.join('\n');
}

function main(): void {
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
  const chosen = SCRIPTS.filter((s) => (!only || only.includes(s.name)) && existsSync(join(root, 'bench', s.file)));
  const results: ScriptResult[] = [];
  for (const script of chosen) {
    process.stdout.write(`== bench ${script.name} (bench/${script.file})\n`);
    results.push(runScript(script));
  }
  const rows = results.flatMap((r) => r.rows);
  process.stdout.write(`\n${table(rows)}\n\n`);
  for (const r of results) process.stdout.write(`${r.name}: ${r.rows.length} rows in ${r.seconds.toFixed(0)} s${r.failed ? ` — FAILED: ${r.failed}` : ''}\n`);
  const passed = rows.filter((r) => r.pass).length;
  const failed = results.filter((r) => r.failed).length;
  process.stdout.write(`${passed} of ${rows.length} rows meet their goal${failed ? `; ${failed} script(s) failed (above)` : ''}.\n`);
  // A goal not met is printed, not fatal (absolute times on shared machines); a script that crashed is.
  if (failed) process.exitCode = 1;
}

main();
