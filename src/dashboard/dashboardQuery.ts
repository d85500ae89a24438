// Sorting and filtering the dashboard's rows (issue 15 §5). Done in the webview, over the rows it
// holds: a new sort, a letter typed in the filter or a status chosen changes only what is shown,
// so it costs no round trip to the extension and no message (at 5,000 VMs a query here takes a few
// milliseconds: one pass to filter, one sort of indexes by a precomputed key; the virtualized
// table then draws only the visible rows). Pure (no vscode, no DOM, no l10n): imported by the
// webview bundle and unit-tested in Node.

import type { DashboardRow, StatusGroup } from './dashboardTypes';

export const sortKeys = ['name', 'host', 'status', 'rpo', 'drill', 'readiness', 'health', 'action'] as const;
export type SortKey = (typeof sortKeys)[number];

export interface DashboardQuery {
  /** Shown are the rows whose name or host contains it (case-insensitive). */
  text: string;
  group: StatusGroup | 'all';
  /** Only the rows that need attention. */
  attention: boolean;
  sort: SortKey;
  descending: boolean;
}

export const defaultQuery: DashboardQuery = { text: '', group: 'all', attention: false, sort: 'name', descending: false };

const readinessOrder: Record<DashboardRow['readiness'], number> = { notReady: 0, notChecked: 1, ready: 2, none: 3 };
const healthOrder: Record<DashboardRow['health'], number> = { Critical: 0, Warning: 1, Normal: 2 };

/** The key a row sorts by (numbers ascending = worst or smallest first for the figures). */
function keyOf(row: DashboardRow, sort: SortKey): string | number {
  switch (sort) {
    case 'name':
      return row.name.toLowerCase();
    case 'host':
      return row.host.toLowerCase();
    case 'status':
      return row.status.toLowerCase();
    case 'rpo':
      return row.rpo ?? -1;
    case 'drill':
      // Never drilled counts as the oldest; not drillable after every drillable VM.
      return row.drillable ? (row.drillDays ?? Number.MAX_SAFE_INTEGER) : -1;
    case 'readiness':
      return readinessOrder[row.readiness] * 1000 - (row.issues ?? 0);
    case 'health':
      return healthOrder[row.health] * 1000 - (row.healthErrors ?? 0);
    case 'action':
      return row.action ?? '\uffff';
  }
}

function matches(row: DashboardRow, q: DashboardQuery, needle: string): boolean {
  if (q.group !== 'all' && row.group !== q.group) return false;
  if (q.attention && !row.attention) return false;
  return needle === '' || row.name.toLowerCase().includes(needle) || row.host.toLowerCase().includes(needle);
}

/** The indexes (into `rows`) of the rows shown, in the order shown; ties keep the name order. */
export function queryRows(rows: readonly DashboardRow[], q: DashboardQuery): number[] {
  const needle = q.text.trim().toLowerCase();
  const shown: number[] = [];
  const keys: (string | number)[] = [];
  const names: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!matches(row, q, needle)) continue;
    shown.push(i);
    keys[i] = keyOf(row, q.sort);
    names[i] = row.name.toLowerCase();
  }
  const dir = q.descending ? -1 : 1;
  shown.sort((a, b) => {
    const ka = keys[a];
    const kb = keys[b];
    if (ka !== kb) return (ka < kb ? -1 : 1) * dir;
    return names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : a - b;
  });
  return shown;
}

/** A query read from an untrusted place (the webview's saved state): its known fields, checked; the rest default. */
export function readQuery(value: unknown): DashboardQuery {
  if (typeof value !== 'object' || value === null) return { ...defaultQuery };
  const v = value as Record<string, unknown>;
  const groups: readonly string[] = ['all', 'protected', 'replicating', 'notProtected', 'failover', 'unknown'];
  return {
    text: typeof v.text === 'string' ? v.text.slice(0, 200) : '',
    group: typeof v.group === 'string' && groups.includes(v.group) ? (v.group as DashboardQuery['group']) : 'all',
    attention: v.attention === true,
    sort: typeof v.sort === 'string' && (sortKeys as readonly string[]).includes(v.sort) ? (v.sort as SortKey) : 'name',
    descending: v.descending === true,
  };
}
