import { isObject } from './body';
import { SeededRandom } from './random';

/**
 * The response-mutation fault (`mutate=<rate>`, seeded by `seed`): Azure answering with a body its
 * clients did not expect. On a successful GET answer of a Resource Manager or Site Recovery route,
 * each field of the JSON body (and each entry of an array inside it) is, with probability <rate>,
 * dropped, set to null, or given a value of another type (string, number, object, array,
 * boolean); a field not hit is walked in turn, so nested fields are hit too.
 *
 * What paging needs stays intact: a list's `value` array and its `nextLink` are never mutated
 * themselves, and the items in `value` are never dropped or replaced (their fields are walked
 * like any other object's). So every item is still listed and every page still reached; what is
 * malformed is the inside of the items.
 *
 * Repeatable: each answer's random stream comes from the seed, the request (method and path; not
 * the query, which may carry the time, as the job list's filter does) and how many times that
 * path was answered since the faults were set, so concurrent requests mutate the same way
 * whatever their order.
 */
export class ResponseMutator {
  private readonly answered = new Map<string, number>();

  constructor(
    readonly rate: number,
    private readonly seed: number,
  ) {}

  /** A mutated copy of a JSON body answering `requestKey` (method and path), and how many fields were hit. */
  mutate(requestKey: string, body: unknown): { body: unknown; mutations: number } {
    if (this.rate <= 0 || typeof body !== 'object' || body === null) return { body, mutations: 0 };
    const n = this.answered.get(requestKey) ?? 0;
    this.answered.set(requestKey, n + 1);
    const walk = new MutationWalk(this.rate, new SeededRandom(streamSeed(this.seed, `${requestKey}#${n}`)));
    const copy = JSON.parse(JSON.stringify(body)) as unknown;
    return { body: walk.body(copy), mutations: walk.mutations };
  }
}

/** One answer's walk over its (copied) body. */
class MutationWalk {
  mutations = 0;

  constructor(
    private readonly rate: number,
    private readonly random: SeededRandom,
  ) {}

  /** The top of a body: a list keeps its `value` array (each item walked) and its `nextLink`. */
  body(value: unknown): unknown {
    if (isObject(value) && Array.isArray(value.value)) {
      const { value: items, nextLink, ...rest } = value;
      const mutated = this.object(rest);
      mutated.value = items.map((item) => this.walk(item));
      if (nextLink !== undefined) mutated.nextLink = nextLink;
      return mutated;
    }
    return this.walk(value);
  }

  private walk(value: unknown): unknown {
    if (Array.isArray(value)) return this.array(value);
    if (isObject(value)) return this.object(value);
    return value;
  }

  private object(value: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      const hit = this.hit(field);
      if (hit === 'drop') continue;
      out[key] = hit === 'keep' ? this.walk(field) : hit.value;
    }
    return out;
  }

  private array(value: unknown[]): unknown[] {
    const out: unknown[] = [];
    for (const entry of value) {
      const hit = this.hit(entry);
      if (hit === 'drop') continue;
      out.push(hit === 'keep' ? this.walk(entry) : hit.value);
    }
    return out;
  }

  /** Whether a field is hit and how: dropped, null, or a value of another type. */
  private hit(value: unknown): 'keep' | 'drop' | { value: unknown } {
    if (this.random.next() >= this.rate) return 'keep';
    this.mutations++;
    const how = Math.floor(this.random.next() * 3);
    if (how === 0) return 'drop';
    if (how === 1) return { value: null };
    const others = wrongTypes.filter((t) => t.type !== typeOf(value));
    const pick = others[Math.floor(this.random.next() * others.length)];
    return { value: pick ? pick.make() : null };
  }
}

/** The values a field of another type gets. */
const wrongTypes: readonly { type: string; make: () => unknown }[] = [
  { type: 'string', make: () => 'lab-mutated' },
  { type: 'number', make: () => 42 },
  { type: 'object', make: () => ({ labMutated: true }) },
  { type: 'array', make: () => ['lab-mutated', 42] },
  { type: 'boolean', make: () => true },
];

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}

/** A 32-bit seed from the fault seed and a text (FNV-1a). */
function streamSeed(seed: number, text: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
