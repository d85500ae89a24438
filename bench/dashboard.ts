/**
 * Benchmark: the recovery dashboard (issue 15 §5) at 1k, 5k and 20k VMs, on the estate the snapshot
 * benchmarks build (bench/estateParts.ts: 25 VMs per host, 4 in 5 protected), each protected VM
 * given RPO and drill facts (a few above target, a few drills due) and a readiness (1 in 13 not ready):
 *   model build   — buildDashboardState: every row, the tiles, the labels (median of 5 runs);
 *   first message — the `init` the webview gets on (re)load, JSON bytes (every row: the webview
 *                   sorts and filters them itself, src/dashboard/dashboardQuery.ts);
 *   one VM change — the `patch` the channel sends when one VM's RPO changes (diffState between the
 *                   two states, as src/webviews/channel.ts does), JSON bytes; goal < 2 KB.
 * Run: npm run bench:dashboard
 */
import { buildDashboardState, dashboardLabels } from '../src/dashboard/dashboardModel';
import type { RowContext } from '../src/dashboard/dashboardRow';
import type { DashboardState } from '../src/dashboard/dashboardTypes';
import { buildEstateSnapshot, type EstateSnapshot, type EstateVm } from '../src/estate';
import { readinessCheckIds, type ReadinessCheck, type VmReadiness } from '../src/model/readiness';
import { defaultRecoveryTargets } from '../src/tree/presentRecovery';
import { diffState } from '../src/webviews/statePatch';
import { median } from './cpuTime';
import { estateInput, estateParts } from './estateParts';
import { emitRow } from './row';
import { BENCH_VMS, benchSizes } from './scenarios';

const PATCH_GOAL_BYTES = 2048;
const BUILD_GOAL_MS: Record<string, number> = { '1k': 50, '5k': 250, '20k': 1000 };
const now = new Date('2026-11-25T12:00:00Z');
const day = 24 * 3600_000;

/** Every protected VM with an RPO as of the read and a last drill; 1 in 7 above target, 1 in 11 drill due. */
function withRecovery(snapshot: EstateSnapshot): EstateSnapshot {
  let n = 0;
  const facts = (vm: EstateVm): EstateVm => {
    if (!vm.protection) return vm;
    n++;
    const rpoSeconds = n % 7 === 0 ? 3600 : 60 + (n % 240);
    const readAt = new Date(now.getTime() - 60_000);
    const lastTestFailover = new Date(now.getTime() - (n % 11 === 0 ? 120 : 5 + (n % 60)) * day);
    return { ...vm, recovery: { readAt, lastRecoveryPoint: new Date(readAt.getTime() - rpoSeconds * 1000), rpoSeconds }, protection: { ...vm.protection, lastTestFailover } };
  };
  return { ...snapshot, hosts: snapshot.hosts.map((h) => ({ ...h, vms: h.vms.map(facts) })) };
}

function readinessOf(vmKey: string, index: number): VmReadiness {
  const checks: ReadinessCheck[] = readinessCheckIds.map((id, i) => ({ id, outcome: index % 13 === 0 && i === 4 ? 'failed' : 'passed', summary: id, evidence: id }));
  return { vmKey, checkedAt: now, checks };
}

const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');
const kb = (n: number): string => `${(n / 1024).toFixed(n < 10_240 ? 2 : 0)} KB`;

function build(snapshot: EstateSnapshot, ctx: RowContext): DashboardState {
  return buildDashboardState({ ...ctx, snapshot, jobsRunning: 3, rpoSamples: [], drills: [], labels: dashboardLabels() });
}

/** The snapshot with one VM (the middle host's first protected VM) read again with a larger RPO. */
function oneVmChanged(snapshot: EstateSnapshot): EstateSnapshot {
  const at = snapshot.hosts.length >> 1;
  const hosts = snapshot.hosts.map((h, i) => {
    if (i !== at) return h;
    const j = h.vms.findIndex((v) => v.recovery);
    return { ...h, vms: h.vms.map((v, k) => (k === j && v.recovery ? { ...v, recovery: { ...v.recovery, rpoSeconds: 7200 } } : v)) };
  });
  return { ...snapshot, hosts };
}

function main(): void {
  for (const size of benchSizes()) {
    const snapshot = withRecovery(buildEstateSnapshot(estateInput(estateParts(BENCH_VMS[size]))));
    const keys = new Map(snapshot.hosts.flatMap((h) => h.vms).map((v, i) => [v.key, i]));
    const ctx: RowContext = {
      now,
      targets: defaultRecoveryTargets,
      copyFrequencyOf: () => 300,
      readiness: { get: (key) => (keys.has(key) ? readinessOf(key, keys.get(key) ?? 0) : undefined) },
    };
    build(snapshot, ctx); // warm
    const times: number[] = [];
    let state: DashboardState | undefined;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      state = build(snapshot, ctx);
      times.push(performance.now() - t);
    }
    if (!state) throw new Error('no state');
    const buildMs = median(times);
    const first = bytes({ type: 'init', state, rev: 1 });
    const next = build(oneVmChanged(snapshot), ctx);
    const t = performance.now();
    const ops = diffState(state, next);
    const diffMs = performance.now() - t;
    const patch = bytes({ type: 'patch', base: 1, rev: 2, ops });
    console.log(
      `${size}: ${state.rows.length} rows; build ${buildMs.toFixed(1)} ms; first message ${kb(first)}; one VM changed: ${ops.length} ops, ${kb(patch)} (diff ${diffMs.toFixed(1)} ms)`,
    );
    const goal = BUILD_GOAL_MS[size] ?? 1000;
    emitRow({ row: 'dashboard model build', size, measured: `${buildMs.toFixed(1)} ms`, baseline: '', ratio: '', goal: `< ${goal} ms`, pass: buildMs < goal });
    emitRow({ row: 'dashboard first message', size, measured: kb(first), baseline: '', ratio: '', goal: 'printed (every row, once)', pass: true });
    emitRow({
      row: 'dashboard patch, one VM changed',
      size,
      measured: kb(patch),
      baseline: `first message ${kb(first)}`,
      ratio: '',
      goal: '< 2 KB',
      pass: patch < PATCH_GOAL_BYTES,
    });
  }
}

main();
