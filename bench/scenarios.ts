/**
 * The generated scenarios the benchmarks run on: the lab's `scale` scenario (25 VMs per host, its
 * protected and replicating shares) with as many hosts as the size needs.
 */
import { loadScenario, type Scenario } from '../lab/scenario';

export type BenchSize = '1k' | '5k' | '20k';

export const BENCH_SIZES: readonly BenchSize[] = ['1k', '5k', '20k'];

/** The VMs of a bench size. */
export const BENCH_VMS: Record<BenchSize, number> = { '1k': 1000, '5k': 5000, '20k': 20000 };

/** Sizes to run: BENCH_SIZES=1k,5k in the environment, else all three. */
export function benchSizes(): BenchSize[] {
  const wanted = process.env.BENCH_SIZES?.split(',').map((s) => s.trim());
  return wanted ? BENCH_SIZES.filter((s) => wanted.includes(s)) : [...BENCH_SIZES];
}

/** The scale scenario with `size` VMs (hosts of 25 VMs each). */
export function scaleScenario(size: BenchSize): Scenario {
  const base = loadScenario('scale');
  if (!base.generate) throw new Error('The scale scenario has no generator.');
  const hosts = Math.ceil(BENCH_VMS[size] / base.generate.vmsPerHost);
  return { ...base, generate: { ...base.generate, hosts } };
}

/** The latency the benchmarks add to every request (BENCH_LATENCY_MS, default 50). */
export function benchLatencyMs(): number {
  return Number(process.env.BENCH_LATENCY_MS ?? '50');
}
