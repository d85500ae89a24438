// The recovery dashboard's state (issue 15 §5): tiles, one row per VM, the RPO samples of the
// last 24 hours and the drills over time, and the labels the webview shows. Pure (no vscode); the
// panel (src/webviews/dashboard/) builds it again on every change of its inputs and posts it as an
// `update`, which the channel turns into a patch of what changed (src/webviews/statePatch.ts):
// the rows keep their order (host, then name) and their identity (`id`), so one VM's change is a
// patch of that row's changed fields, and the tiles' changed counts.

import * as l10n from '@vscode/l10n';
import type { EstateSnapshot } from '../estate/types';
import { UNASSIGNED_HOST_KEY } from '../estate/types';
import type { DrillRecord } from '../model/drillRecord';
import { dashboardActionIds, dashboardRow, type DashboardActionId, type DashboardRow, type RowContext, type StatusGroup } from './dashboardRow';
import type { RpoSample } from './rpoHistory';

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

/** Most drills the chart shows (the newest). */
export const maxDrillBars = 30;

export interface DashboardLabels {
  title: string;
  tiles: Record<keyof Omit<DashboardTiles, 'total'>, string>;
  /** "{0} of {1}". */
  ofTotal: string;
  columns: Record<'name' | 'host' | 'status' | 'rpo' | 'drill' | 'readiness' | 'health' | 'action', string>;
  readiness: { ready: string; notReady: string; notChecked: string; none: string };
  health: { Normal: string; Warning: string; Critical: string };
  /** "{0} errors". */
  healthErrors: string;
  actions: Record<DashboardActionId, string>;
  groups: Record<StatusGroup | 'all', string>;
  drill: { never: string; due: string; daysAgo: string; notApplicable: string };
  filter: { text: string; group: string; attention: string; shown: string };
  charts: { rpoTitle: string; rpoEmpty: string; worst: string; median: string; above: string; drillsTitle: string; drillsEmpty: string; passed: string; failed: string };
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

/** The labels, localized where the extension runs (the webview has no l10n bundle). */
export function dashboardLabels(): DashboardLabels {
  const actionLabels: Record<DashboardActionId, string> = {
    enableReplication: l10n.t('Enable replication'),
    cleanupTestFailover: l10n.t('Clean up test failover'),
    commitFailover: l10n.t('Commit'),
    reverseReplication: l10n.t('Reverse replication'),
    resolveHealth: l10n.t('Resolve health error'),
    checkReadiness: l10n.t('Check readiness'),
    runDrill: l10n.t('Run DR drill'),
  };
  return {
    title: l10n.t('Recovery Dashboard'),
    tiles: {
      protected: l10n.t('Protected'),
      rpoAbove: l10n.t('RPO above target'),
      drillsDue: l10n.t('Drills due'),
      notReady: l10n.t('Not ready'),
      notChecked: l10n.t('Readiness not checked'),
      jobsRunning: l10n.t('Jobs running'),
    },
    ofTotal: l10n.t('{0} of {1}'),
    columns: {
      name: l10n.t('VM'),
      host: l10n.t('Host'),
      status: l10n.t('Status'),
      rpo: l10n.t('RPO now / target'),
      drill: l10n.t('Last drill'),
      readiness: l10n.t('Readiness'),
      health: l10n.t('Health'),
      action: l10n.t('Next action'),
    },
    readiness: { ready: l10n.t('Ready'), notReady: l10n.t('Not ready ({0})'), notChecked: l10n.t('Not checked'), none: '—' },
    health: { Normal: l10n.t('Normal'), Warning: l10n.t('Warning'), Critical: l10n.t('Critical') },
    healthErrors: l10n.t('{0} errors'),
    actions: Object.fromEntries(dashboardActionIds.map((id) => [id, actionLabels[id]])) as Record<DashboardActionId, string>,
    groups: {
      all: l10n.t('All statuses'),
      protected: l10n.t('Protected'),
      replicating: l10n.t('Replicating'),
      notProtected: l10n.t('Not protected'),
      failover: l10n.t('Failed over or failing'),
      unknown: l10n.t('Unknown or error'),
    },
    drill: { never: l10n.t('never'), due: l10n.t('due'), daysAgo: l10n.t('{0} d ago'), notApplicable: '—' },
    filter: { text: l10n.t('Filter by VM or host'), group: l10n.t('Status'), attention: l10n.t('Needs attention'), shown: l10n.t('{0} of {1} VMs') },
    charts: {
      rpoTitle: l10n.t('RPO over the last 24 hours'),
      rpoEmpty: l10n.t('No RPO samples yet: one is taken at each refresh, at most every 5 minutes.'),
      worst: l10n.t('Worst RPO'),
      median: l10n.t('Median RPO'),
      above: l10n.t('VMs above target'),
      drillsTitle: l10n.t('DR drills'),
      drillsEmpty: l10n.t('No drills yet'),
      passed: l10n.t('Passed'),
      failed: l10n.t('Failed'),
    },
    noVms: l10n.t('No VMs yet: add a Hyper-V host or connect to a vault.'),
    refresh: l10n.t('Refresh'),
    updated: l10n.t('Updated {0}'),
  };
}

/** Every row of the snapshot, host by host (hosts in the snapshot's order, VMs by name), then the VMs whose host is unknown. */
export function dashboardRows(snapshot: EstateSnapshot | undefined, ctx: RowContext): DashboardRow[] {
  if (!snapshot) return [];
  const rows: DashboardRow[] = [];
  for (const host of snapshot.hosts) {
    for (const vm of host.vms) rows.push(dashboardRow(vm, host.name, ctx));
  }
  for (const vm of snapshot.unassignedVms) rows.push(dashboardRow(vm, UNASSIGNED_HOST_KEY, ctx));
  return rows;
}

/** The tiles of these rows. */
export function dashboardTiles(rows: readonly DashboardRow[], jobsRunning: number): DashboardTiles {
  const tiles: DashboardTiles = { protected: 0, total: rows.length, rpoAbove: 0, drillsDue: 0, notReady: 0, notChecked: 0, jobsRunning };
  for (const r of rows) {
    if (r.group !== 'notProtected' && r.group !== 'unknown') tiles.protected++;
    if (r.rpoAbove) tiles.rpoAbove++;
    if (r.drillDue) tiles.drillsDue++;
    if (r.readiness === 'notReady') tiles.notReady++;
    else if (r.readiness === 'notChecked') tiles.notChecked++;
  }
  return tiles;
}

/** The newest drills (the history lists newest first) as bars, oldest first. */
export function drillBars(drills: readonly DrillRecord[]): DrillBar[] {
  return drills
    .slice(0, maxDrillBars)
    .map((d) => ({ id: d.id, t: d.startedAt.getTime(), passed: d.vms.filter((v) => v.state === 'passed').length, failed: d.vms.filter((v) => v.state === 'failed').length }))
    .reverse();
}

export interface DashboardInputs extends RowContext {
  snapshot: EstateSnapshot | undefined;
  jobsRunning: number;
  rpoSamples: readonly RpoSample[];
  /** The drill history's records, newest first; undefined when no history is connected. */
  drills: readonly DrillRecord[] | undefined;
  labels: DashboardLabels;
}

/** The whole state. */
export function buildDashboardState(inputs: DashboardInputs): DashboardState {
  const rows = dashboardRows(inputs.snapshot, inputs);
  return {
    labels: inputs.labels,
    takenAt: inputs.snapshot ? inputs.snapshot.takenAt.toISOString() : '',
    tiles: dashboardTiles(rows, inputs.jobsRunning),
    rows,
    rpo: inputs.rpoSamples.map((s) => [s.t, s.worst, s.median, s.above]),
    drills: drillBars(inputs.drills ?? []),
    drillHistory: inputs.drills !== undefined,
  };
}
