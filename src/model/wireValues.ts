// Defensive readers for loosely-typed wire values (SDK objects or raw JSON from Azure / the lab).
// Nothing here throws: an unusable value reads as undefined.

/** A date as the SDK gives it (Date) or as raw JSON carries it (ISO string). */
export type DateLike = Date | string;

/** Case-insensitive string equality; undefined never equals anything. */
export function equalsIgnoreCase(a: string | undefined | null, b: string | undefined | null): boolean {
  return typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
}

/** Reads one property of an unknown value, or undefined when it is not an object. */
export function readProp(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  return Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/** T with each key allowed to hold undefined: what compact() takes. */
export type Loose<T> = { [K in keyof T]: T[K] | undefined };

/**
 * Drops keys whose value is undefined, so an optional property is absent rather than present and
 * undefined (exactOptionalPropertyTypes), and results compare cleanly with deepEqual.
 */
export function compact<T extends object>(value: Loose<T>): T {
  // A loop, not Object.fromEntries(Object.entries(…).filter(…)): the snapshot calls this several
  // times per VM, and the arrays those make were most of a build's time at 5,000 VMs (issue 14).
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v: unknown = (value as Record<string, unknown>)[key];
    if (v !== undefined) result[key] = v;
  }
  return result as T;
}

/** A non-empty string, or undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** A non-empty string field of an object, or undefined (missing, null, empty, another type). */
export function readString(value: unknown, key: string): string | undefined {
  return asString(readProp(value, key));
}

/** The strings of an array (other entries dropped); undefined when the value is not an array. */
export function asStrings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

/** The entries of an array that are objects (others dropped); undefined when the value is not an array. */
export function asObjects(value: unknown): object[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is object => typeof v === 'object' && v !== null && !Array.isArray(v)) : undefined;
}

/** The name of an ARM resource: its `name`, else the last segment of its `id`; undefined when neither is readable. */
export function armResourceName(resource: unknown): string | undefined {
  const id = readString(resource, 'id');
  return readString(resource, 'name') ?? (id !== undefined ? lastPathSegment(id) : undefined);
}

/** A finite number from a number or a numeric string ("42", " 42.5 "), or undefined. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : undefined;
  }
  if (typeof value === 'string' && value.trim().length > 0) {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/**
 * ASR writes "no date" as 1753-01-01 (SQL Server's minimum datetime) or 0001-01-01.
 * Any date before 1900 is treated as unset.
 */
const FIRST_REAL_DATE_MS = Date.UTC(1900, 0, 1);

/** A valid, real Date from a Date or an ISO string; invalid values and ASR's "unset" sentinels read as undefined. */
export function asDate(value: unknown): Date | undefined {
  let d: Date | undefined;
  if (value instanceof Date) {
    d = value;
  } else if (typeof value === 'string' && value.trim().length > 0) {
    d = new Date(value);
  }
  if (d === undefined || Number.isNaN(d.getTime()) || d.getTime() < FIRST_REAL_DATE_MS) {
    return undefined;
  }
  return d;
}

/** A copy of a date (a Date or an ISO string), or undefined (not a date, or ASR's "unset"). */
export function dateCopy(value: unknown): Date | undefined {
  const d = asDate(value);
  return d === undefined ? undefined : new Date(d.getTime());
}

/** The last non-empty path segment of an id or path, query and fragment removed. */
export function lastPathSegment(value: string): string | undefined {
  const path = value.split(/[?#]/, 1)[0] ?? '';
  const parts = path.split('/').filter((p) => p.length > 0);
  return parts.length > 0 ? parts[parts.length - 1] : undefined;
}
