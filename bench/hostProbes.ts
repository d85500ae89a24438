/**
 * Benchmark: probing the Hyper-V hosts of the scale scenario (issue 14, row "Hyper-V host
 * probing"), through real node-powershell and the lab's stand-in PowerShell with a WinRM latency
 * per script call (ASR_LAB_PWSH_LATENCY_MS = BENCH_LATENCY_MS, default 50), side by side in one run:
 *   serial — the old way: one PowerShell session, per host Get-HostInfo then Get-VmInventory;
 *            on more than BENCH_SERIAL_HOSTS hosts (default 200) timed on that many and scaled;
 *   pool   — the refresh's way (src/estate/hostProbes.ts): Get-HostProbe, one script per host,
 *            in a pool of 8 sessions (the setting's default): warm, as every refresh after the
 *            first finds it (the row's figure), and cold, its sessions starting (printed beside);
 *   slow   — a warm pool with one host taking 5 s (ASR_LAB_PWSH_SLOW_HOSTS): when had all the
 *            others answered?
 * Goals: 200 hosts in < 2 s (1k: < 2 s; 20k, 800 hosts: < 8 s, the same rate), one slow host
 * never holding the others.
 * Run: npm run bench:probes (BENCH_SIZES=1k,5k to choose sizes)
 */
import { startLab, type RunningLab } from '../lab/index';
import type { HostProbe } from '../src/estate';
import { probeRemoteHosts } from '../src/estate/hostProbes';
import { getHostInfo } from '../src/services/hyperv/hostInfo';
import { PowerShellRunner } from '../src/services/hyperv/powershellRunner';
import { DEFAULT_PROBE_CONCURRENCY, PowerShellPool } from '../src/services/hyperv/runnerPool';
import { getVmInventory } from '../src/services/hyperv/vmInventory';
import { emitRow, formatRatio } from './row';
import { benchLatencyMs, benchSizes, scaleScenario, type BenchSize } from './scenarios';

const ROW = 'Hyper-V host probing';
const SLOW_ROW = 'Hyper-V host probing, one slow host';
const SLOW_MS = 5000;
const serialHostsMax = Number(process.env.BENCH_SERIAL_HOSTS ?? '200');

function env(latencyMs: number, slowHost?: string): NodeJS.ProcessEnv {
  return { ...process.env, ASR_LAB_PWSH_LATENCY_MS: String(latencyMs), ...(slowHost ? { ASR_LAB_PWSH_SLOW_HOSTS: `${slowHost}=${SLOW_MS}` } : {}) };
}

/** The old way: one session, two scripts per host in turn. Milliseconds for `names`. */
async function serial(lab: RunningLab, names: readonly string[], latencyMs: number): Promise<number> {
  const runner = new PowerShellRunner({ executable: lab.pwsh, timeoutMs: 60_000, env: env(latencyMs) });
  try {
    const started = performance.now();
    for (const name of names) {
      const info = await getHostInfo(runner, { computerName: name });
      if (info.hyperVModule) await getVmInventory(runner, { computerName: name });
    }
    return performance.now() - started;
  } finally {
    await runner.dispose();
  }
}

/** Every session of the pool started (one call each, all at once, as a refresh's first hosts do). Milliseconds. */
async function startSessions(pool: PowerShellPool): Promise<number> {
  const started = performance.now();
  await Promise.all(Array.from({ length: pool.size }, () => getHostInfo(pool, {})));
  return performance.now() - started;
}

/** The refresh's way, in `pool`: milliseconds until every host answered, and when each did. */
async function probeAll(pool: PowerShellPool, names: readonly string[]): Promise<{ ms: number; at: Map<string, number>; failed: number }> {
  const at = new Map<string, number>();
  const probes = new Map<string, HostProbe>();
  const started = performance.now();
  const sources = names.map((name) => ({ name, source: 'setting' as const }));
  await probeRemoteHosts({ runner: pool }, { sources, localName: undefined, onlyHosts: undefined }, { timeoutMs: 60_000 }, () => new Date(), probes, {
    concurrency: pool.size,
    onHostProbed: (p) => at.set(p.name, performance.now() - started),
  });
  return { ms: performance.now() - started, at, failed: [...probes.values()].filter((p) => !p.ok).length };
}

/** The pool cold (a refresh right after activation: its sessions start), then warm (every later refresh). */
async function pooled(lab: RunningLab, names: readonly string[], latencyMs: number): Promise<{ cold: number; warm: number; failed: number }> {
  const pool = new PowerShellPool({ executable: lab.pwsh, timeoutMs: 60_000, size: DEFAULT_PROBE_CONCURRENCY, env: env(latencyMs) });
  try {
    const cold = await probeAll(pool, names);
    const warm = await probeAll(pool, names);
    return { cold: cold.ms, warm: warm.ms, failed: cold.failed + warm.failed };
  } finally {
    await pool.dispose();
  }
}

/** A warm pool with `slowHost` taking SLOW_MS: when the others had all answered, and the slow one. */
async function withSlowHost(lab: RunningLab, names: readonly string[], latencyMs: number, slowHost: string): Promise<{ othersMs: number; slowMs: number; failed: number }> {
  const pool = new PowerShellPool({ executable: lab.pwsh, timeoutMs: 60_000, size: DEFAULT_PROBE_CONCURRENCY, env: env(latencyMs, slowHost) });
  try {
    await startSessions(pool);
    const run = await probeAll(pool, names);
    const othersMs = Math.max(...[...run.at].filter(([n]) => n !== slowHost).map(([, ms]) => ms));
    return { othersMs, slowMs: run.at.get(slowHost) ?? Number.NaN, failed: run.failed };
  } finally {
    await pool.dispose();
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

async function benchSize(size: BenchSize, latencyMs: number): Promise<void> {
  const lab = await startLab({ scenario: scaleScenario(size), speed: 1000, faults: `latency=${latencyMs}` });
  try {
    const names = lab.state.hosts.map((h) => h.name);
    const goalMs = Math.max(2000, (names.length / 200) * 2000);
    const goal = `${names.length === 200 ? '200 hosts' : `${names.length} hosts`} < ${seconds(goalMs).replace('.00', '')}`;
    const sample = names.slice(0, Math.min(names.length, serialHostsMax));
    const serialSampleMs = await serial(lab, sample, latencyMs);
    const serialMs = (serialSampleMs / sample.length) * names.length;
    const pool = await pooled(lab, names, latencyMs);
    const slowHost = names[0];
    const { othersMs, slowMs, failed: slowFailed } = await withSlowHost(lab, names, latencyMs, slowHost);

    const scaled = sample.length < names.length ? ` (timed on ${sample.length}, scaled)` : '';
    process.stdout.write(`\n${size}: ${names.length} hosts, ${lab.state.hosts.reduce((n, h) => n + h.vms.length, 0)} VMs, WinRM latency ${latencyMs} ms per script\n`);
    process.stdout.write(`  serial, 2 scripts per host, 1 session   ${seconds(serialMs)}${scaled} = ${(serialMs / names.length).toFixed(1)} ms per host\n`);
    process.stdout.write(
      `  pool of ${DEFAULT_PROBE_CONCURRENCY}, 1 script per host, warm    ${seconds(pool.warm)} = ${(pool.warm / names.length).toFixed(1)} ms per host, ${pool.failed} failed (both runs)\n`,
    );
    process.stdout.write(`  the same, cold (sessions starting)     ${seconds(pool.cold)}\n`);
    process.stdout.write(`  one host ${SLOW_MS / 1000} s slow: the others by      ${seconds(othersMs)}, the slow host at ${seconds(slowMs)}, ${slowFailed} failed\n`);

    emitRow({
      row: ROW,
      size,
      measured: `${seconds(pool.warm)} (cold ${seconds(pool.cold)})`,
      baseline: `serial 2 scripts ${seconds(serialMs)}${scaled}`,
      ratio: formatRatio(pool.warm, serialMs),
      goal,
      pass: pool.warm < goalMs && pool.failed === 0,
    });
    emitRow({
      row: SLOW_ROW,
      size,
      measured: `others ${seconds(othersMs)}`,
      baseline: `slow host ${seconds(slowMs)}`,
      ratio: '',
      goal: `others < ${seconds(goalMs).replace('.00', '')} while one takes ${SLOW_MS / 1000} s`,
      pass: othersMs < goalMs && slowMs >= SLOW_MS && slowFailed === 0,
    });
  } finally {
    await lab.stop();
  }
}

async function main(): Promise<void> {
  const latencyMs = benchLatencyMs();
  for (const size of benchSizes()) await benchSize(size, latencyMs);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
