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
import { dashboardRow, type RowContext } from './dashboardRow';
import { dashboardActionIds, type DashboardActionId, type DashboardLabels, type DashboardRow, type DashboardState, type DashboardTiles, type DrillBar } from './dashboardTypes';
import type { RpoSample } from './rpoHistory';

/** Most drills the chart shows (the newest). */
export const maxDrillBars = 30;

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
    healthError: l10n.t('1 error'),
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
    units: { minutes: l10n.t('{0} min'), hours: l10n.t('{0} h') },
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
