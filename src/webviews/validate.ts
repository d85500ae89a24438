// A tiny schema validator for messages that arrive from a webview (untrusted input).
// Pure: no vscode, no DOM. Every inbound message goes through `validateMessage`, which first
// scans the raw value with hard limits (depth, node count, total string size, plain data only,
// no prototype-pollution keys) and then checks it against a schema: type, fields, kinds, string
// lengths, enums, optional fields, no unknown keys. A rejection reason names only schema paths
// and rules, never the payload, so it can be logged as is.

export type ValidationResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** A validator for values of type T. Build them with the `s.*` helpers. */
export interface Validator<T> {
  readonly optional: boolean;
  /** Checks `value` (already scanned for limits); `path` names the position for the reason. */
  check(value: unknown, path: string): ValidationResult<T>;
}

/** A validator whose field may be absent. */
export interface OptionalValidator<T> extends Validator<T | undefined> {
  readonly optional: true;
}

export type Infer<V> = V extends Validator<infer T> ? T : never;

export type Shape = Readonly<Record<string, Validator<unknown>>>;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

export type InferShape<S extends Shape> = Simplify<
  { [K in keyof S as S[K] extends OptionalValidator<unknown> ? never : K]: Infer<S[K]> } & {
    [K in keyof S as S[K] extends OptionalValidator<unknown> ? K : never]?: Exclude<Infer<S[K]>, undefined>;
  }
>;

/** Keys that are never accepted anywhere in a message. */
export const forbiddenKeys: readonly string[] = ['__proto__', 'constructor', 'prototype'];

export interface ScanLimits {
  /** Deepest nesting of objects/arrays; the top-level message is depth 1. */
  readonly maxDepth: number;
  /** Most objects, arrays and primitives in the whole message. */
  readonly maxNodes: number;
  /** Most characters over all strings and keys in the message. */
  readonly maxTotalChars: number;
  /** Most keys in one object and items in one array. */
  readonly maxEntries: number;
}

export const defaultScanLimits: ScanLimits = { maxDepth: 8, maxNodes: 2000, maxTotalChars: 65536, maxEntries: 200 };

const ok = <T>(value: T): ValidationResult<T> => ({ ok: true, value });
const fail = <T>(path: string, rule: string): ValidationResult<T> => ({ ok: false, reason: `${path}: ${rule}` });

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isFinite(value)) return 'non-finite number';
  return typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isForbiddenKey(key: string): boolean {
  return forbiddenKeys.includes(key);
}

/**
 * Walks the raw value iteratively (no recursion, so hostile nesting cannot overflow the stack)
 * and rejects anything that is not plain JSON-like data within the limits. Accessor properties
 * are rejected without being called.
 */
export function scanLimits(value: unknown, limits: ScanLimits = defaultScanLimits): string | undefined {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  let nodes = 0;
  let chars = 0;
  while (stack.length > 0) {
    const item = stack.pop()!;
    nodes += 1;
    if (nodes > limits.maxNodes) return `message has more than ${limits.maxNodes} values`;
    const v = item.value;
    switch (typeof v) {
      case 'string':
        chars += v.length;
        if (chars > limits.maxTotalChars) return `message has more than ${limits.maxTotalChars} characters`;
        continue;
      case 'number':
        if (!Number.isFinite(v)) return 'message contains a non-finite number';
        continue;
      case 'boolean':
        continue;
      case 'object':
        break;
      default:
        return `message contains a value of kind ${typeof v}`;
    }
    if (v === null) continue;
    if (item.depth > limits.maxDepth) return `message is nested deeper than ${limits.maxDepth}`;
    if (Array.isArray(v)) {
      if (Object.getPrototypeOf(v) !== Array.prototype) return 'message contains an array with a foreign prototype';
      if (v.length > limits.maxEntries) return `message contains an array with more than ${limits.maxEntries} items`;
      const keys = Reflect.ownKeys(v);
      // An array's own keys are its indices plus "length"; anything else is smuggled data.
      if (keys.length !== v.length + 1) return 'message contains an array with extra properties';
      for (let i = 0; i < v.length; i++) {
        const d = Object.getOwnPropertyDescriptor(v, i);
        if (!d || !('value' in d)) return 'message contains a sparse array or an accessor';
        stack.push({ value: d.value, depth: item.depth + 1 });
      }
      continue;
    }
    if (!isPlainObject(v)) return 'message contains an object that is not plain data';
    const keys = Reflect.ownKeys(v);
    if (keys.length > limits.maxEntries) return `message contains an object with more than ${limits.maxEntries} keys`;
    for (const key of keys) {
      if (typeof key !== 'string') return 'message contains a symbol key';
      if (isForbiddenKey(key)) return 'message contains a forbidden key';
      chars += key.length;
      if (chars > limits.maxTotalChars) return `message has more than ${limits.maxTotalChars} characters`;
      const d = Object.getOwnPropertyDescriptor(v, key);
      if (!d || !('value' in d)) return 'message contains an accessor property';
      stack.push({ value: d.value, depth: item.depth + 1 });
    }
  }
  return undefined;
}

const controlChars = /[\u0000-\u001f\u007f]/;

const controlCharsExceptLineBreaks = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface StringRules {
  /** Required: every string has a maximum length. */
  readonly maxLength: number;
  readonly minLength?: number;
  /** Whole-string pattern (anchor it). */
  readonly pattern?: RegExp;
  /** Allow \n, \r and \t (other control characters are always rejected). */
  readonly multiline?: boolean;
}

export interface NumberRules {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

function required<T>(check: (value: unknown, path: string) => ValidationResult<T>): Validator<T> {
  return { optional: false, check };
}

function string(rules: StringRules): Validator<string> {
  if (!Number.isInteger(rules.maxLength) || rules.maxLength < 0) throw new Error('maxLength must be a non-negative integer');
  return required((value, path) => {
    if (typeof value !== 'string') return fail(path, `expected string, got ${kindOf(value)}`);
    if (value.length > rules.maxLength) return fail(path, `string longer than ${rules.maxLength}`);
    if (rules.minLength !== undefined && value.length < rules.minLength) return fail(path, `string shorter than ${rules.minLength}`);
    if ((rules.multiline ? controlCharsExceptLineBreaks : controlChars).test(value)) return fail(path, 'string contains control characters');
    if (loneSurrogate.test(value)) return fail(path, 'string contains a lone surrogate');
    if (rules.pattern) {
      rules.pattern.lastIndex = 0;
      if (!rules.pattern.test(value)) return fail(path, 'string does not match the expected format');
    }
    return ok(value);
  });
}

function number(rules: NumberRules = {}): Validator<number> {
  return required((value, path) => {
    if (typeof value !== 'number') return fail(path, `expected number, got ${kindOf(value)}`);
    if (!Number.isFinite(value)) return fail(path, 'number is not finite');
    if (rules.integer && !Number.isInteger(value)) return fail(path, 'expected an integer');
    if (rules.min !== undefined && value < rules.min) return fail(path, `number below ${rules.min}`);
    if (rules.max !== undefined && value > rules.max) return fail(path, `number above ${rules.max}`);
    return ok(value);
  });
}

function boolean(): Validator<boolean> {
  return required((value, path) => (typeof value === 'boolean' ? ok(value) : fail(path, `expected boolean, got ${kindOf(value)}`)));
}

function literal<const L extends string | number | boolean>(expected: L): Validator<L> {
  return required((value, path) => (value === expected ? ok(expected) : fail(path, 'unexpected value')));
}

function enumOf<const E extends readonly string[]>(values: E): Validator<E[number]> {
  const allowed = new Set<string>(values);
  return required((value, path) => {
    if (typeof value !== 'string') return fail(path, `expected string, got ${kindOf(value)}`);
    return allowed.has(value) ? ok(value) : fail(path, 'value is not one of the allowed values');
  });
}

function array<T>(items: Validator<T>, rules: { maxItems: number; minItems?: number }): Validator<T[]> {
  return required((value, path) => {
    if (!Array.isArray(value)) return fail(path, `expected array, got ${kindOf(value)}`);
    if (value.length > rules.maxItems) return fail(path, `more than ${rules.maxItems} items`);
    if (rules.minItems !== undefined && value.length < rules.minItems) return fail(path, `fewer than ${rules.minItems} items`);
    const out: T[] = [];
    for (let i = 0; i < value.length; i++) {
      const r = items.check(value[i], `${path}[${i}]`);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return ok(out);
  });
}

function assertShapeKeys(shape: Shape): void {
  for (const key of Object.keys(shape)) {
    if (isForbiddenKey(key)) throw new Error('a schema may not declare a forbidden key');
  }
}

function checkObject<S extends Shape>(shape: S, value: unknown, path: string, skip?: string): ValidationResult<InferShape<S>> {
  if (!isPlainObject(value)) return fail(path, `expected object, got ${kindOf(value)}`);
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== 'string') return fail(path, 'symbol key');
    if (isForbiddenKey(key)) return fail(path, 'forbidden key');
    // The key itself is payload: do not echo it.
    if (key !== skip && !Object.prototype.hasOwnProperty.call(shape, key)) return fail(path, 'unknown key');
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(shape)) {
    const field = shape[key];
    const present = Object.prototype.hasOwnProperty.call(value, key);
    if (!present || value[key] === undefined) {
      if (field.optional) continue;
      return fail(`${path}.${key}`, 'missing');
    }
    const r = field.check(value[key], `${path}.${key}`);
    if (!r.ok) return r;
    out[key] = r.value;
  }
  return ok(out as InferShape<S>);
}

function object<const S extends Shape>(shape: S): Validator<InferShape<S>> {
  assertShapeKeys(shape);
  return required((value, path) => checkObject(shape, value, path));
}

function optional<T>(inner: Validator<T>): OptionalValidator<T> {
  return {
    optional: true,
    check: (value, path) => (value === undefined ? ok(undefined) : inner.check(value, path)),
  };
}

function nullable<T>(inner: Validator<T>): Validator<T | null> {
  return required((value, path) => (value === null ? ok(null) : inner.check(value, path)));
}

/**
 * A discriminated union of objects keyed by `tag` (for example `type`): `{ [tagValue]: shape }`.
 * An unknown tag is rejected without echoing it.
 */
function tagged<const Tag extends string, const M extends Readonly<Record<string, Shape>>>(
  tag: Tag,
  members: M,
): Validator<{ [K in keyof M & string]: Simplify<{ [P in Tag]: K } & InferShape<M[K]>> }[keyof M & string]> {
  for (const shape of Object.values(members)) assertShapeKeys(shape);
  type Out = { [K in keyof M & string]: Simplify<{ [P in Tag]: K } & InferShape<M[K]>> }[keyof M & string];
  return required((value, path) => {
    if (!isPlainObject(value)) return fail(path, `expected object, got ${kindOf(value)}`);
    if (!Object.prototype.hasOwnProperty.call(value, tag)) return fail(`${path}.${tag}`, 'missing');
    const t = value[tag];
    if (typeof t !== 'string') return fail(`${path}.${tag}`, `expected string, got ${kindOf(t)}`);
    if (isForbiddenKey(t) || !Object.prototype.hasOwnProperty.call(members, t)) return fail(`${path}.${tag}`, 'unknown value');
    const r = checkObject(members[t], value, path, tag);
    if (!r.ok) return r;
    return ok({ [tag]: t, ...r.value } as Out);
  });
}

/** Schema builders. */
export const s = { string, number, boolean, literal, enumOf, array, object, optional, nullable, tagged };

/** Scans limits, then checks the schema. The reason never contains any part of `raw`. */
export function validateMessage<T>(validator: Validator<T>, raw: unknown, limits: ScanLimits = defaultScanLimits): ValidationResult<T> {
  const limitReason = scanLimits(raw, limits);
  if (limitReason !== undefined) return { ok: false, reason: limitReason };
  return validator.check(raw, '$');
}
