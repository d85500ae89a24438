/**
 * What `smoke:azure` learns about the protectable-items `$filter` (issue 14: a refresh lists every
 * VM's protectable item, protected or not, because the values ASR accepts for
 * ProtectableItemQueryParameter.state are documented nowhere: docs/azure-fidelity.md). The probe
 * lists a site's protectable items twice, without a filter and with `state eq 'Unprotected'`, and
 * compares: a report from a real vault is the evidence that would let a refresh send the filter.
 */
import type { ProtectableItem } from '@azure/arm-recoveryservices-siterecovery';

/** The filter the lab accepts (lab/asr/fabricRoutes.ts) and the probe asks the real service about. */
export const UNPROTECTED_FILTER = "state eq 'Unprotected'";

export interface FilterProbeResult {
  filter: string;
  /** The unfiltered list, by protectionStatus. */
  unfiltered: Record<string, number>;
  /** The service refused the filter (its error), or undefined when it answered. */
  refused?: string;
  /** With the filter: how many items came back, by protectionStatus. */
  filtered?: Record<string, number>;
  /** The filtered list is exactly the unfiltered list's Unprotected items (by name). */
  exact?: boolean;
}

function countByStatus(items: readonly ProtectableItem[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const i of items) {
    const status = i.properties?.protectionStatus ?? '(none)';
    counts[status] = (counts[status] ?? 0) + 1;
  }
  return counts;
}

/** Compares the two lists (`filtered` an Error when the service refused the filter). */
export function compareFilteredList(all: readonly ProtectableItem[], filtered: readonly ProtectableItem[] | Error, filter = UNPROTECTED_FILTER): FilterProbeResult {
  const unfiltered = countByStatus(all);
  if (filtered instanceof Error) return { filter, unfiltered, refused: `${filtered.name}: ${filtered.message}` };
  const names = (items: readonly ProtectableItem[]): string => [...new Set(items.map((i) => (i.name ?? '').toLowerCase()))].sort().join('\n');
  const unprotected = all.filter((i) => (i.properties?.protectionStatus ?? '').toLowerCase() === 'unprotected');
  return { filter, unfiltered, filtered: countByStatus(filtered), exact: names(filtered) === names(unprotected) && filtered.length === unprotected.length };
}

/** One line for the console. */
export function describeFilterProbe(r: FilterProbeResult): string {
  const counts = (c: Record<string, number>): string =>
    Object.entries(c)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ') || 'none';
  if (r.refused !== undefined) return `refused (${r.refused}); unfiltered: ${counts(r.unfiltered)}`;
  return `${r.exact ? 'exactly the Unprotected items' : 'NOT the Unprotected items'}: ${counts(r.filtered ?? {})} (unfiltered: ${counts(r.unfiltered)})`;
}
