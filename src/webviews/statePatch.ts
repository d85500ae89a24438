// What changed between two states of a wizard panel, as a short list of operations the webview
// applies to the state it holds (issue 14: a keystroke in a wizard of 150 VMs sent the whole page
// and snapshot, 29–190 KB; its patch is a few hundred bytes). Shared by the extension, which
// computes the patch (channel.ts), and the browser bundle, which validates and applies it
// (ui/main.ts): no vscode, no DOM. States are plain JSON data; a key whose value is undefined is
// absent, as it is once posted.
//   set    — the value at `path` (an object's key or an array's index) is `value`; `path` [] is the whole state
//   del    — the object key at `path` is gone
//   splice — in the array at `path`, `remove` items from `start` are replaced by `items`
import type { ScanLimits, ValidationResult, Validator } from './validate';
import { defaultScanLimits, forbiddenKeys, s } from './validate';

export type PatchPath = readonly (string | number)[];

export type PatchOp =
  | { readonly op: 'set'; readonly path: PatchPath; readonly value: unknown }
  | { readonly op: 'del'; readonly path: PatchPath }
  | { readonly op: 'splice'; readonly path: PatchPath; readonly start: number; readonly remove: number; readonly items: readonly unknown[] };

type Obj = Readonly<Record<string, unknown>>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep equality of JSON data (an undefined key is an absent one). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (!isObj(a) || !isObj(b)) return false;
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => b[k] !== undefined && sameJson(a[k], b[k]));
}

/** Two items of an array stand for the same thing (a block, an option…): diff inside them rather than replace them. */
function sameIdentity(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return true;
  return isObj(a) && isObj(b) && a.id === b.id && a.kind === b.kind;
}

function diffArray(a: readonly unknown[], b: readonly unknown[], path: PatchPath, ops: PatchOp[]): void {
  let head = 0;
  while (head < a.length && head < b.length && sameJson(a[head], b[head])) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && sameJson(a[a.length - 1 - tail], b[b.length - 1 - tail])) tail++;
  const aMid = a.slice(head, a.length - tail);
  const bMid = b.slice(head, b.length - tail);
  if (aMid.length === bMid.length && aMid.every((x, i) => sameIdentity(x, bMid[i]))) {
    aMid.forEach((x, i) => diffValue(x, bMid[i], [...path, head + i], ops));
    return;
  }
  ops.push({ op: 'splice', path, start: head, remove: aMid.length, items: bMid });
}

function diffObject(a: Obj, b: Obj, path: PatchPath, ops: PatchOp[]): void {
  for (const k of Object.keys(a)) if (a[k] !== undefined && b[k] === undefined) ops.push({ op: 'del', path: [...path, k] });
  for (const k of Object.keys(b)) {
    if (b[k] === undefined) continue;
    if (a[k] === undefined) ops.push({ op: 'set', path: [...path, k], value: b[k] });
    else diffValue(a[k], b[k], [...path, k], ops);
  }
}

function diffValue(a: unknown, b: unknown, path: PatchPath, ops: PatchOp[]): void {
  if (a === b) return;
  if (Array.isArray(a) && Array.isArray(b)) diffArray(a, b, path, ops);
  else if (isObj(a) && isObj(b)) diffObject(a, b, path, ops);
  else if (!sameJson(a, b)) ops.push({ op: 'set', path, value: b });
}

/** The operations that turn `from` into `to` (none when they are the same). */
export function diffState(from: unknown, to: unknown): PatchOp[] {
  const ops: PatchOp[] = [];
  diffValue(from, to, [], ops);
  return ops;
}

export type ApplyResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string };

class PatchMismatch extends Error {}

/** A copy of `container` with `change` made at `path[at]`, copying only the containers on the path. */
function updateAt(container: unknown, path: PatchPath, at: number, change: (parent: unknown[] | Record<string, unknown>, key: string | number) => void): unknown {
  const key = path[at];
  let copy: unknown[] | Record<string, unknown>;
  if (Array.isArray(container) && typeof key === 'number') {
    if (key >= container.length) throw new PatchMismatch(`path[${at}]: no such item`);
    copy = [...(container as unknown[])];
  } else if (isObj(container) && typeof key === 'string') {
    copy = { ...container };
  } else {
    throw new PatchMismatch(`path[${at}]: not a container of that kind`);
  }
  if (at === path.length - 1) {
    change(copy, key);
    return copy;
  }
  if (!Array.isArray(copy) && !Object.prototype.hasOwnProperty.call(copy, key)) throw new PatchMismatch(`path[${at}]: no such key`);
  const parent = copy as Record<string | number, unknown>;
  parent[key] = updateAt(parent[key], path, at + 1, change);
  return copy;
}

function applyOp(state: unknown, op: PatchOp): unknown {
  if (op.op === 'splice') {
    const splice = (target: unknown): unknown[] => {
      if (!Array.isArray(target) || op.start + op.remove > target.length) throw new PatchMismatch('splice: not an array of that length');
      const next = [...(target as unknown[])];
      next.splice(op.start, op.remove, ...op.items);
      return next;
    };
    if (op.path.length === 0) return splice(state);
    return updateAt(state, op.path, 0, (parent, key) => {
      (parent as Record<string | number, unknown>)[key] = splice((parent as Record<string | number, unknown>)[key]);
    });
  }
  if (op.path.length === 0) {
    if (op.op === 'del') throw new PatchMismatch('del: the whole state');
    return op.value;
  }
  return updateAt(state, op.path, 0, (parent, key) => {
    if (op.op === 'set') (parent as Record<string | number, unknown>)[key] = op.value;
    else if (Array.isArray(parent)) throw new PatchMismatch('del: an array item');
    else delete parent[key as string];
  });
}

/** `state` with the operations applied (it is left as it was); a patch that does not fit it is refused. */
export function applyStatePatch(state: unknown, ops: readonly PatchOp[]): ApplyResult {
  let value = state;
  try {
    for (const op of ops) value = applyOp(value, op);
  } catch (e) {
    if (e instanceof PatchMismatch) return { ok: false, reason: e.message };
    throw e;
  }
  return { ok: true, value };
}

// ---- the message and its validator (the webview checks every patch before applying it) ----

/** extension → webview: the state changed from revision `base` to `rev`. */
export interface PatchMessage {
  readonly type: 'patch';
  readonly base: number;
  readonly rev: number;
  readonly ops: readonly PatchOp[];
}

/** Any JSON data (validateMessage's scan has already refused what is not plain data, and forbidden keys). */
const anyJson: Validator<unknown> = { optional: false, check: (value: unknown): ValidationResult<unknown> => ({ ok: true, value }) };

const pathSegment: Validator<string | number> = {
  optional: false,
  check(value: unknown, path: string): ValidationResult<string | number> {
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 100_000) return { ok: true, value };
    if (typeof value === 'string' && value.length <= 200 && !forbiddenKeys.includes(value)) return { ok: true, value };
    return { ok: false, reason: `${path}: expected a key or an index` };
  },
};
const patchPath = s.array(pathSegment, { maxItems: 32 });
const count = s.number({ integer: true, min: 0, max: 100_000 });
const revision = s.number({ integer: true, min: 0 });

export const patchMessage = s.object({
  type: s.literal('patch'),
  base: revision,
  rev: revision,
  ops: s.array(
    s.tagged('op', {
      set: { path: patchPath, value: anyJson },
      del: { path: patchPath },
      splice: { path: patchPath, start: count, remove: count, items: s.array(anyJson, { maxItems: 100_000 }) },
    }),
    { maxItems: 100_000 },
  ),
});

/**
 * The limits the webview scans a patch with: room for a whole page of the largest wizard (the
 * preflight page of 200 VMs, about 250 KB), which a page change sends.
 */
export const patchScanLimits: ScanLimits = { ...defaultScanLimits, maxDepth: 32, maxNodes: 200_000, maxTotalChars: 4_000_000, maxEntries: 100_000 };
