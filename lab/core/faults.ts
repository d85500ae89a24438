import { ProcessedDropFault } from './processedDrop';
import { SeededRandom } from './random';
import { ResponseMutator } from './mutationFault';
import type { LabResponse } from './router';

/**
 * Faults a lab can be started with. SPEC is a comma-separated list, for example
 * `latency=200,throttle=0.2,error=0.05,drop=0.01,tokenLifetime=30,seed=7`:
 * - latency: added milliseconds on every Azure request (real time, not scaled);
 * - throttle: share of Azure requests answered 429 with Retry-After;
 * - error: share answered 500 or 503 (alternately);
 * - drop: share whose connection is closed with no answer;
 * - processedDrop: share that the lab processes (the write happens, its job starts) and then
 *   closes with no answer (core/processedDrop.ts);
 * - tokenLifetime: seconds an issued access token lives (default 3600);
 * - mutate: share of the fields of successful GET answers dropped, nulled or given another type
 *   (see mutationFault.ts; a list's `value` array and `nextLink` stay intact);
 * - seed: seed of the random choice (default 1).
 * Faults hit requests before the lab acts on them, as a gateway would, so a retried request
 * never does its work twice; processedDrop and mutate are the exceptions, after the lab acted
 * (processedDrop drops the connection, mutate changes the answer). Sign-in and the lab's own
 * control endpoints are never faulted.
 */
export interface FaultSettings {
  latencyMs: number;
  throttleRate: number;
  errorRate: number;
  dropRate: number;
  processedDropRate: number;
  tokenLifetimeSeconds: number;
  mutateRate: number;
  seed: number;
}

export const noFaults: FaultSettings = {
  latencyMs: 0,
  throttleRate: 0,
  errorRate: 0,
  dropRate: 0,
  processedDropRate: 0,
  tokenLifetimeSeconds: 3600,
  mutateRate: 0,
  seed: 1,
};

export function parseFaultSpec(spec: string | undefined): FaultSettings {
  const settings = { ...noFaults };
  if (!spec || spec.trim() === '') return settings;
  for (const part of spec.split(',')) {
    const [rawKey, rawValue] = part.split('=');
    const key = rawKey?.trim();
    const value = Number(rawValue);
    if (!key || rawValue === undefined || !Number.isFinite(value) || value < 0) {
      throw new Error(`Invalid fault "${part}": expected name=number, e.g. throttle=0.2`);
    }
    const rate = (name: string): number => {
      if (value > 1) throw new Error(`Fault ${name} is a share between 0 and 1, got ${value}`);
      return value;
    };
    switch (key) {
      case 'latency':
        settings.latencyMs = value;
        break;
      case 'throttle':
        settings.throttleRate = rate(key);
        break;
      case 'error':
        settings.errorRate = rate(key);
        break;
      case 'drop':
        settings.dropRate = rate(key);
        break;
      case 'processedDrop':
        settings.processedDropRate = rate(key);
        break;
      case 'tokenLifetime':
        if (value < 1) throw new Error('Fault tokenLifetime must be at least 1 second');
        settings.tokenLifetimeSeconds = value;
        break;
      case 'mutate':
        settings.mutateRate = rate(key);
        break;
      case 'seed':
        settings.seed = Math.floor(value);
        break;
      default:
        throw new Error(`Unknown fault "${key}": use latency, throttle, error, drop, processedDrop, tokenLifetime, mutate or seed`);
    }
  }
  return settings;
}

export type FaultDecision = { kind: 'none' } | { kind: 'throttle' } | { kind: 'error'; status: 500 | 503 } | { kind: 'drop' };

export class FaultInjector {
  private random: SeededRandom;
  private mutator: ResponseMutator;
  private errorToggle = false;
  /** The fault after processing (processedDrop). */
  readonly processedDrop: ProcessedDropFault;

  constructor(public settings: FaultSettings) {
    this.random = new SeededRandom(settings.seed);
    this.mutator = new ResponseMutator(settings.mutateRate, settings.seed);
    this.processedDrop = new ProcessedDropFault(settings.processedDropRate, settings.seed);
  }

  update(settings: FaultSettings): void {
    this.settings = settings;
    this.random = new SeededRandom(settings.seed);
    this.mutator = new ResponseMutator(settings.mutateRate, settings.seed);
    this.processedDrop.update(settings.processedDropRate, settings.seed);
  }

  /** A successful GET answer with the mutate fault applied (requestKey: method and path), and how many fields it hit. */
  mutateAnswer(requestKey: string, response: LabResponse): { response: LabResponse; mutations: number } {
    if (response.status !== 200 || response.body === undefined) return { response, mutations: 0 };
    const { body, mutations } = this.mutator.mutate(requestKey, response.body);
    return { response: { ...response, body }, mutations };
  }

  decide(): FaultDecision {
    const { dropRate, throttleRate, errorRate } = this.settings;
    if (dropRate + throttleRate + errorRate === 0) return { kind: 'none' };
    const r = this.random.next();
    if (r < dropRate) return { kind: 'drop' };
    if (r < dropRate + throttleRate) return { kind: 'throttle' };
    if (r < dropRate + throttleRate + errorRate) {
      this.errorToggle = !this.errorToggle;
      return { kind: 'error', status: this.errorToggle ? 503 : 500 };
    }
    return { kind: 'none' };
  }
}
