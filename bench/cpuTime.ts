/** How the snapshot benchmarks time their work: CPU milliseconds of this process, and medians. */

/** CPU milliseconds (user + system) of `run`: the machine's other processes do not count. */
export function cpuMs(run: () => void): number {
  const t = process.cpuUsage();
  run();
  const used = process.cpuUsage(t);
  return (used.user + used.system) / 1000;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}
