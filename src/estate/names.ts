// Host and VM names: FQDNs, short names, VMIds, the order of the tree.
// (Split from the former src/services/estate.ts.)

// ---------------------------------------------------------------------------------------------
// Names

export const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

export function isFqdn(name: string): boolean {
  return name.includes('.') && !IPV4.test(name);
}

export function cleanName(name: string | undefined): string | undefined {
  const trimmed = name?.trim();
  // One trailing dot dropped, without a regex: a build cleans every VM's name.
  const t = trimmed?.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
  return t !== undefined && t.length > 0 ? t : undefined;
}

/** Lower-case short name: the first label of an FQDN, or the name itself. */
export function shortOf(name: string): string {
  const lower = name.toLowerCase();
  return isFqdn(lower) ? (lower.split('.')[0] ?? lower) : lower;
}

/** Lower-case VMId without braces (one each side). */
export function normalizeVmId(id: string): string {
  // Without regexes: a build normalises several ids per VM (issue 14).
  const t = id.trim();
  const start = t.startsWith('{') ? 1 : 0;
  const end = t.length > start && t.endsWith('}') ? t.length - 1 : t.length;
  return (start === 0 && end === t.length ? t : t.slice(start, end)).toLowerCase();
}

export const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

export function byNameThenKey(a: { name: string; key: string }, b: { name: string; key: string }): number {
  return collator.compare(a.name, b.name) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
