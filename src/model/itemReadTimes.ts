// When each protected item was read from Azure (issue 15: a VM's RPO holds as of the read of its
// item, not as of "now"). The items themselves carry no time: the two calls that read them
// (services/azure/protection.ts listProtectedItems, getProtectedItem) note it here, by object, and
// the estate looks it up when it derives the VM's facts (estate/vmFacts.ts). Weakly held: an item
// dropped is forgotten. Pure apart from that map.

const readTimes = new WeakMap<object, number>();

/** Notes that these items were read at `at` (the end of the call that returned them). */
export function noteItemsRead<T extends object>(items: readonly T[], at: Date = new Date()): void {
  const ms = at.getTime();
  for (const item of items) readTimes.set(item, ms);
}

/** When this item object was read; undefined for an object no read call returned (a test's fixture, a copy). */
export function itemReadTime(item: object | undefined): Date | undefined {
  const ms = item === undefined ? undefined : readTimes.get(item);
  return ms === undefined ? undefined : new Date(ms);
}
