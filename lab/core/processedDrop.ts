import { SeededRandom } from './random';

/**
 * The one fault that hits a request AFTER the lab has acted on it (`processedDrop=<share>`): the
 * request is processed — a write happens, its job starts — and then the connection is destroyed
 * without an answer, as when a connection breaks while Azure's answer is on its way. The client
 * cannot tell this from a request that never arrived (`drop`, before processing): a blind resend
 * of an action would then meet the first action's job. Only requests the lab answered with
 * success are dropped so; a refusal changed nothing.
 *
 * Its random stream is its own (seeded from the fault seed), so switching it on leaves the
 * choices of the other faults for a seed as they were. Tests can also arm it for the next request
 * of one operation (`armOnce`), which makes a single lost answer deterministic.
 */
export class ProcessedDropFault {
  private random: SeededRandom;
  private readonly armed: string[] = [];

  constructor(
    private rate: number,
    seed: number,
  ) {
    this.random = new SeededRandom(streamSeed(seed));
  }

  update(rate: number, seed: number): void {
    this.rate = rate;
    this.random = new SeededRandom(streamSeed(seed));
  }

  /** The next successful request of `operation` (e.g. `replicationProtectedItems.testFailover`) is processed, then dropped. */
  armOnce(operation: string): void {
    this.armed.push(operation);
  }

  /** Whether to drop the answer to a request of `operation` that the lab has just processed. */
  decide(operation: string): boolean {
    const i = this.armed.indexOf(operation);
    if (i >= 0) {
      this.armed.splice(i, 1);
      return true;
    }
    return this.rate > 0 && this.random.next() < this.rate;
  }
}

function streamSeed(seed: number): number {
  return (seed ^ 0x5bd1e995) >>> 0;
}
