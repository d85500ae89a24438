// Fixtures change a base object with overrides; an override of undefined means "absent" (the
// project compiles with exactOptionalPropertyTypes, so a present-but-undefined key is not the same
// as an absent one).

/** Overrides for a fixture of type T: any key, undefined to remove it. */
export type Overrides<T> = { [K in keyof T]?: T[K] | undefined };

/** `base` with `extra` applied; a key whose override is undefined is removed. */
export function withOverrides<T extends object>(base: T, extra: Overrides<T>): T {
  const out: Record<string, unknown> = { ...base, ...extra };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete out[key];
  }
  return out as T;
}
