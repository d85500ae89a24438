// The shape an answer of Azure must have for the extension to read it, and the fields of an answer
// that do not have it (issue 12: a malformed item is one error row, the rest renders). Pure.
//
// A missing or null field is absent, not malformed: Azure leaves out or nulls the fields it has no
// value for, and the guards of wireValues.ts read them as absent; only the fields every answer has
// (an ARM resource's id and properties) are required. A field of another type is malformed.
// Fields a shape does not name are not looked at.

import { messages } from './messages';
import { asNumber } from './wireValues';

export type WireScalar = 'text' | 'number' | 'boolean' | 'date';

export type WireShape = WireScalar | { readonly listOf: WireShape } | { readonly fields: Readonly<Record<string, WireShape>> } | { readonly required: WireShape };

export function listOf(shape: WireShape): WireShape {
  return { listOf: shape };
}

/** A field that must be there (an ARM resource's id and properties): missing or null, it is malformed too. */
export function required(shape: WireShape): WireShape {
  return { required: shape };
}

export function fields(shape: Readonly<Record<string, WireShape>>): WireShape {
  return { fields: shape };
}

/** At most this many problems are named; the others are counted. */
const MAX_NAMED_PROBLEMS = 3;

type Kind = 'text' | 'number' | 'boolean' | 'date' | 'invalidDate' | 'list' | 'object' | 'empty';

function kindOf(value: unknown): Kind {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'invalidDate' : 'date';
  switch (typeof value) {
    case 'string':
      return 'text';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'object';
  }
}

/** A scalar as Azure sends it: numbers may come as numeric text, booleans as "True"/"false", dates as ISO text. */
function fitsScalar(value: unknown, shape: WireScalar): boolean {
  switch (shape) {
    case 'text':
      return typeof value === 'string';
    case 'number':
      return asNumber(value) !== undefined;
    case 'boolean':
      return typeof value === 'boolean' || (typeof value === 'string' && /^(true|false)$/i.test(value));
    case 'date':
      return value instanceof Date ? !Number.isNaN(value.getTime()) : typeof value === 'string' && !Number.isNaN(new Date(value).getTime());
  }
}

function expectedKind(shape: WireShape): Kind {
  if (typeof shape === 'string') return shape;
  if ('required' in shape) return expectedKind(shape.required);
  return 'listOf' in shape ? 'list' : 'object';
}

function problem(path: string, value: unknown, shape: WireShape): string {
  const kinds = messages.wire.kinds;
  return messages.wire.wrongType(path === '' ? messages.wire.theItem : path, kinds[kindOf(value)], kinds[expectedKind(shape)]);
}

function collect(value: unknown, shape: WireShape, path: string, out: string[]): void {
  const absent = value === undefined || value === null || value === '';
  if (typeof shape === 'object' && 'required' in shape) {
    if (absent) out.push(messages.wire.missing(path));
    else collect(value, shape.required, path, out);
    return;
  }
  if (absent) return;
  if (typeof shape === 'string') {
    if (!fitsScalar(value, shape)) out.push(problem(path, value, shape));
    return;
  }
  if ('listOf' in shape) {
    if (!Array.isArray(value)) {
      out.push(problem(path, value, shape));
      return;
    }
    const entryShape = shape.listOf;
    value.forEach((entry: unknown, i) => {
      if (entry === null || entry === undefined) out.push(problem(`${path}[${i}]`, entry, entryShape));
      // A scalar entry of its type needs no path (the allowed operations of every protected item, issue 14).
      else if (typeof entryShape !== 'string' || (entry !== '' && !fitsScalar(entry, entryShape))) collect(entry, entryShape, `${path}[${i}]`, out);
    });
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value) || value instanceof Date) {
    out.push(problem(path, value, shape));
    return;
  }
  for (const [key, fieldShape] of entriesOf(shape.fields)) {
    const field = (value as Record<string, unknown>)[key];
    // A scalar field that is absent or of its type needs no path: most fields of most items (the
    // snapshot checks every protected item of every refresh, issue 14).
    if (typeof fieldShape === 'string' && (field === undefined || field === null || field === '' || fitsScalar(field, fieldShape))) continue;
    collect(field, fieldShape, path === '' ? key : `${path}.${key}`, out);
  }
}

/** Each shape's fields as entries, listed once per shape rather than once per object checked. */
const fieldEntries = new WeakMap<object, readonly (readonly [string, WireShape])[]>();

function entriesOf(shapeFields: Readonly<Record<string, WireShape>>): readonly (readonly [string, WireShape])[] {
  let entries = fieldEntries.get(shapeFields);
  if (!entries) {
    entries = Object.entries(shapeFields);
    fieldEntries.set(shapeFields, entries);
  }
  return entries;
}

/**
 * Where a value does not have the shape, one text per field ("properties.currentScenario.scenarioName
 * is a number, not text"); empty when every field the shape names is absent or of its type.
 */
export function wireProblems(value: unknown, shape: WireShape): string[] {
  const out: string[] = [];
  collect(value, shape, '', out);
  return out;
}

/** The problems as one text: the first few, then how many more. */
export function describeWireProblems(problems: readonly string[]): string {
  const named = problems.slice(0, MAX_NAMED_PROBLEMS).join('; ');
  const more = problems.length - MAX_NAMED_PROBLEMS;
  return more > 0 ? messages.wire.andMore(named, more) : named;
}
