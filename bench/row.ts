/**
 * One row of the issue 14 benchmark table, as every bench script reports it: besides its own
 * human-readable output, a script prints each row as one line `BENCH_ROW <json>` on stdout;
 * `npm run bench` (bench/all.ts) runs the scripts in separate processes and prints one table.
 */
export interface BenchRow {
  /** What is measured, as the table names it ("estate refresh vs the floor"). */
  row: string;
  /** Scenario size ("1k", "5k", "20k"), or "" when the row has none. */
  size: string;
  /** What was measured, with its unit ("4.1 s", "12 requests", "0.3 ms"). */
  measured: string;
  /** The floor or baseline measured in the same run, with its unit ("floor 3.8 s", "before 1096 ms"), or "". */
  baseline: string;
  /** measured / baseline ("1.08×"), or "". */
  ratio: string;
  /** The goal ("≤ 1.2×", "< 50 ms"). */
  goal: string;
  pass: boolean;
}

export const BENCH_ROW_PREFIX = 'BENCH_ROW ';

/** Prints one row for bench/all.ts to collect. */
export function emitRow(row: BenchRow): void {
  process.stdout.write(`${BENCH_ROW_PREFIX}${JSON.stringify(row)}\n`);
}

/** "1.08×"; a small ratio keeps two significant digits ("0.0026×"), not "0.00×". */
export function formatRatio(measured: number, baseline: number): string {
  const r = measured / baseline;
  return `${r >= 0.1 ? r.toFixed(2) : r.toPrecision(2)}×`;
}
