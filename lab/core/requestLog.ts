/** One line per request the lab answered: for tests and benchmarks. */
export interface RequestLogEntry {
  time: number;
  method: string;
  path: string;
  query: string;
  operation: string;
  status: number;
  fault?: string | undefined;
  durationMs: number;
}

export class RequestLog {
  readonly entries: RequestLogEntry[] = [];
  private readonly counts = new Map<string, number>();

  constructor(private readonly maxEntries = 20000) {}

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.maxEntries) this.entries.splice(0, this.entries.length - this.maxEntries);
    this.counts.set(entry.operation, (this.counts.get(entry.operation) ?? 0) + 1);
  }

  /** Requests by operation name, e.g. `{ "replicationProtectedItems.list": 3 }`. */
  counters(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  count(operation?: string): number {
    if (operation === undefined) return [...this.counts.values()].reduce((a, b) => a + b, 0);
    return this.counts.get(operation) ?? 0;
  }

  reset(): void {
    this.entries.length = 0;
    this.counts.clear();
  }
}
