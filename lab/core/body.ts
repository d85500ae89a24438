import { ArmError, invalidField } from './armError';

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The request body as an object, or 400 InvalidRequestContent. */
export function bodyObject(body: unknown): Json {
  if (!isObject(body)) {
    throw new ArmError(400, 'InvalidRequestContent', 'The request content was invalid: a JSON object body is required.');
  }
  return body;
}

/** A nested object field (e.g. `properties`), or 400 naming it. */
export function objectField(o: Json, name: string, target: string, required = true): Json | undefined {
  const v = o[name];
  if (v === undefined || v === null) {
    if (required) throw invalidField(target, `The field '${target}' is required.`);
    return undefined;
  }
  if (!isObject(v)) throw invalidField(target, `The field '${target}' must be an object.`);
  return v;
}

export function stringField(o: Json, name: string, target: string, required: true): string;
export function stringField(o: Json, name: string, target: string, required?: false): string | undefined;
export function stringField(o: Json, name: string, target: string, required = false): string | undefined {
  const v = o[name];
  if (v === undefined || v === null) {
    if (required) throw invalidField(target, `The field '${target}' is required.`);
    return undefined;
  }
  if (typeof v !== 'string') throw invalidField(target, `The field '${target}' must be a string.`);
  if (required && v.trim() === '') throw invalidField(target, `The field '${target}' must not be empty.`);
  return v;
}

export function numberField(o: Json, name: string, target: string, required = false): number | undefined {
  const v = o[name];
  if (v === undefined || v === null) {
    if (required) throw invalidField(target, `The field '${target}' is required.`);
    return undefined;
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalidField(target, `The field '${target}' must be a number.`);
  return v;
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], target: string, required = false): T | undefined {
  if (value === undefined) {
    if (required) throw invalidField(target, `The field '${target}' is required; use one of ${allowed.join(', ')}.`);
    return undefined;
  }
  const found = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (!found) throw invalidField(target, `The value '${value}' of '${target}' is not valid; use one of ${allowed.join(', ')}.`);
  return found;
}
