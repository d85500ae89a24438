// Host and VM names: FQDNs, short names, VMIds, the order of the tree.
// (Split from the former src/services/estate.ts.)

// ---------------------------------------------------------------------------------------------
// Names

export const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

export function isFqdn(name: string): boolean {
  return name.includes('.') && !IPV4.test(name);
}

export function cleanName(name: string | undefined): string | undefined {
  const t = name?.trim().replace(/\.$/, '');
  return t !== undefined && t.length > 0 ? t : undefined;
}

/** Lower-case short name: the first label of an FQDN, or the name itself. */
export function shortOf(name: string): string {
  const lower = name.toLowerCase();
  return isFqdn(lower) ? (lower.split('.')[0] ?? lower) : lower;
}

/** Lower-case VMId without braces. */
export function normalizeVmId(id: string): string {
  return id.trim().replace(/^\{/, '').replace(/\}$/, '').toLowerCase();
}

export const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

export function byNameThenKey(a: { name: string; key: string }, b: { name: string; key: string }): number {
  return collator.compare(a.name, b.name) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
