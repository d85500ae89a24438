// The recovery dashboard's state as both sides see it (issue 15 §5): the rows, tiles, charts' data
// and labels the extension builds (dashboardModel.ts, dashboardRow.ts) and the webview draws
// (src/webviews/ui/dashboard/). Types and constants only, importing nothing: the webview bundle
// and its type check take this file without the estate behind it.

/**
 * What a row's action runs: the same command, with the same argument (the VM's tree node), as the
 * Protection tree. Each is contributed in package.json (test/unit/dashboard/dashboardCommands.test.ts).
 */
export const dashboardActionCommands = {
  enableReplication: 'azureSiteRecovery.enableReplication',
  cleanupTestFailover: 'azureSiteRecovery.cleanupTestFailover',
  commitFailover: 'azureSiteRecovery.commitFailover',
  reverseReplication: 'azureSiteRecovery.reverseReplication',
  // ASR's health errors, with their recommended actions, are on the protected item's page.
  resolveHealth: 'azureSiteRecovery.openInPortal',
  checkReadiness: 'azureSiteRecovery.checkReadiness',
  runDrill: 'azureSiteRecovery.runDrill',
} as const;

export type DashboardActionId = keyof typeof dashboardActionCommands;

export const dashboardActionIds = Object.keys(dashboardActionCommands) as DashboardActionId[];

/** The status filter's groups. */
export const statusGroups = ['protected', 'replicating', 'notProtected', 'failover', 'unknown'] as const;
export type StatusGroup = (typeof statusGroups)[number];

/** Readiness as the row shows it: 'none' for a VM that is not checked because it is not protected. */
export type RowReadiness = 'ready' | 'notReady' | 'notChecked' | 'none';

export type RowHealth = 'Normal' | 'Warning' | 'Critical';

/** A row: plain JSON, short keys where the webview formats (labels), texts where the figure needs it. */
export interface DashboardRow {
  /** The VM's key (lower-case VMId): the row's identity in patches and in actions. */
  id: string;
  name: string;
  host: string;
  group: StatusGroup;
  /** The status in a word or two ("Protected", "Replicating 42%"). */
  status: string;
  /** The RPO as of the read of the item, seconds (absent: not replicating past initial replication, or failed over). */
  rpo?: number;
  /** "12 min / 15 min": the RPO against its target. */
  rpoText?: string;
  rpoAbove?: true;
  /** Whole days since the last successful test failover; absent when never drilled or not drillable. */
  drillDays?: number;
  /** The last drill's date (yyyy-mm-dd, UTC); absent when never drilled. */
  drillDate?: string;
  /** Set for drillable VMs (replicating past initial replication). */
  drillable?: true;
  drillDue?: true;
  readiness: RowReadiness;
  /** Failed readiness checks, when not ready. */
  issues?: number;
  health: RowHealth;
  /** ASR's health errors on the item. */
  healthErrors?: number;
  action?: DashboardActionId;
  /** Needs attention: RPO above target, drill due, not ready, health not normal, an error, or a step waiting for the user. */
  attention?: true;
}

export interface DashboardTiles {
  /** VMs with a protected item, of all VMs. */
  protected: number;
  total: number;
  rpoAbove: number;
  drillsDue: number;
  notReady: number;
  /** Protected VMs whose readiness was never checked. */
  notChecked: number;
  /** ASR jobs running (the job tracker's active jobs). */
  jobsRunning: number;
}

/** One drill of the history, as the chart draws it. */
export interface DrillBar {
  id: string;
  /** When it started, ms since the epoch. */
  t: number;
  passed: number;
  failed: number;
}

export interface DashboardLabels {
  title: string;
  tiles: Record<keyof Omit<DashboardTiles, 'total'>, string>;
  /** "{0} of {1}". */
  ofTotal: string;
  columns: Record<'name' | 'host' | 'status' | 'rpo' | 'drill' | 'readiness' | 'health' | 'action', string>;
  readiness: { ready: string; notReady: string; notChecked: string; none: string };
  health: { Normal: string; Warning: string; Critical: string };
  /** "1 error" and "{0} errors". */
  healthError: string;
  healthErrors: string;
  actions: Record<DashboardActionId, string>;
  groups: Record<StatusGroup | 'all', string>;
  drill: { never: string; due: string; daysAgo: string; notApplicable: string };
  filter: { text: string; group: string; attention: string; shown: string };
  charts: { rpoTitle: string; rpoEmpty: string; worst: string; median: string; above: string; drillsTitle: string; drillsEmpty: string; passed: string; failed: string };
  /** Axis figures: "{0} min", "{0} h". */
  units: { minutes: string; hours: string };
  noVms: string;
  refresh: string;
  /** "Updated {0}". */
  updated: string;
}

export interface DashboardState {
  labels: DashboardLabels;
  /** When the estate shown was read (ISO), or '' before the first read. */
  takenAt: string;
  tiles: DashboardTiles;
  rows: DashboardRow[];
  /** The RPO samples of the last 24 h, oldest first: [time ms, worst s, median s, VMs above target]. */
  rpo: [number, number, number, number][];
  drills: DrillBar[];
  /** Whether a drill history is connected (else the chart says "no drills yet"). */
  drillHistory: boolean;
}
