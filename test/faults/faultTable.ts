/**
 * What the fault suite measures per journey and seed, and the table it prints. The counts come
 * from two sides: the lab's request log (every request it received, faults included) and two
 * pipeline policies of the extension's own clients (each call, each attempt of a call).
 */
import type { AdditionalPolicy } from '../../src/services/azure/clients';
import { isProtectedItemAction } from '../../src/services/azure/actionAnswerPolicy';

/** Counts calls (once per call, before the retry policy) and attempts (each send, after it). */
export class PipelineCounter {
  calls = 0;
  attempts = 0;
  actionCalls = 0;

  policies(): AdditionalPolicy[] {
    return [
      {
        position: 'perCall',
        policy: {
          name: 'faultSuiteCalls',
          sendRequest: (request, next) => {
            this.calls += 1;
            if (isProtectedItemAction(request.method, request.url)) this.actionCalls += 1;
            return next(request);
          },
        },
      },
      {
        position: 'perRetry',
        policy: {
          name: 'faultSuiteAttempts',
          sendRequest: (request, next) => {
            this.attempts += 1;
            return next(request);
          },
        },
      },
    ];
  }

  snapshot(): { calls: number; attempts: number; actionCalls: number } {
    return { calls: this.calls, attempts: this.attempts, actionCalls: this.actionCalls };
  }
}

export interface JourneyRow {
  journey: string;
  seed: number;
  /** Requests the lab received (sign-in excluded). */
  requests: number;
  /** Sends beyond the first of a call (the SDK's retries) plus actions sent again after a lost answer. */
  retries: number;
  /** Answers to actions that were lost (no answer, or a 500/503). */
  lostAnswers: number;
  /** Of those, requests the lab had carried out (processedDrop): the extension found their job and followed it. */
  carriedOut: number;
  /** Jobs of the same scenario on the VM beyond one. */
  duplicates: number;
  /** The journey failed (every action here succeeds in Azure, so any failure is a false one). */
  falseFailures: number;
  endState: string;
  expected: string;
  error?: string;
}

const columns: [string, (r: JourneyRow) => string][] = [
  ['journey', (r) => r.journey],
  ['seed', (r) => String(r.seed)],
  ['requests', (r) => String(r.requests)],
  ['retries', (r) => String(r.retries)],
  ['lost answers', (r) => String(r.lostAnswers)],
  ['of them carried out', (r) => String(r.carriedOut)],
  ['duplicates', (r) => String(r.duplicates)],
  ['false failures', (r) => String(r.falseFailures)],
  ['end state', (r) => `${r.endState}${r.endState === r.expected ? ' (as expected)' : ` (expected ${r.expected})`}`],
];

/** The table, one block per journey (a row per seed, then the totals). */
export function formatTable(rows: readonly JourneyRow[], spec: string): string {
  const journeys = [...new Set(rows.map((r) => r.journey))];
  const lines: string[][] = [columns.map(([h]) => h)];
  for (const j of journeys) {
    const mine = rows.filter((r) => r.journey === j);
    for (const r of mine) lines.push(columns.map(([, f]) => f(r)));
    const sum = (f: (r: JourneyRow) => number): string => String(mine.reduce((a, r) => a + f(r), 0));
    const ok = mine.filter((r) => r.endState === r.expected).length;
    lines.push([
      `${j}: all`,
      '',
      sum((r) => r.requests),
      sum((r) => r.retries),
      sum((r) => r.lostAnswers),
      sum((r) => r.carriedOut),
      sum((r) => r.duplicates),
      sum((r) => r.falseFailures),
      `${ok} of ${mine.length} correct`,
    ]);
  }
  const widths = columns.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length)));
  const text = lines.map((l) =>
    l
      .map((cell, i) => (i === 0 || i === l.length - 1 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
  const errors = rows.filter((r) => r.error !== undefined).map((r) => `  ${r.journey}, seed ${r.seed}: ${r.error ?? ''}`);
  return [`Fault suite: ${spec}`, ...text, ...(errors.length > 0 ? ['Failures:', ...errors] : [])].join('\n');
}
