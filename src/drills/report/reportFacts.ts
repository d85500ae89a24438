// What a drill report says (issue 15 §4), as plain data: the summary of a drill, each VM's row,
// and the earlier drills of the same VMs. The Markdown and the HTML report render these same facts
// (markdownReport.ts, htmlReport.ts), so both always hold the same content. Pure, no vscode.
// Only fields of the DrillRecord (src/model/drillRecord.ts) are read: a report can hold nothing the
// record does not, and the record holds no secret.

import type { DrillRecord, DrillVm } from '../../model/drillRecord';
import { formatDuration } from '../../tree/presentCommon';

/** How many earlier drills the report's history shows (the newest of them). */
export const reportHistoryLimit = 20;

/** The worst (largest) RTO or RPO of a drill, with the VM it belongs to, against its target. */
export interface WorstFigure {
  seconds: number;
  vmName: string;
  targetSeconds: number;
  aboveTarget: boolean;
}

export interface DrillSummary {
  drilled: number;
  passed: number;
  failed: number;
  cancelled: number;
  /** VMs still pending or running (a record read before it ended). */
  unfinished: number;
  /** VMs whose cleanup of the test failover failed. */
  cleanupFailed: number;
  worstRto?: WorstFigure;
  worstRpo?: WorstFigure;
}

/** A drill's result as a whole: passed when every VM passed, failed when one failed, cancelled when cancelled (and none failed). */
export type DrillOutcome = 'passed' | 'failed' | 'cancelled' | 'unfinished';

function worst(vms: readonly DrillVm[], pick: (vm: DrillVm) => number | undefined, targetSeconds: number): WorstFigure | undefined {
  let found: WorstFigure | undefined;
  for (const vm of vms) {
    const seconds = pick(vm);
    if (seconds !== undefined && Number.isFinite(seconds) && (found === undefined || seconds > found.seconds)) {
      found = { seconds, vmName: vm.name, targetSeconds, aboveTarget: seconds > targetSeconds };
    }
  }
  return found;
}

export function drillSummary(record: DrillRecord): DrillSummary {
  const count = (state: DrillVm['state']): number => record.vms.filter((vm) => vm.state === state).length;
  const summary: DrillSummary = {
    drilled: record.vms.length,
    passed: count('passed'),
    failed: count('failed'),
    cancelled: count('cancelled'),
    unfinished: count('pending') + count('running'),
    cleanupFailed: record.vms.filter((vm) => vm.cleanedUp === false).length,
  };
  const worstRto = worst(record.vms, (vm) => vm.rtoSeconds, record.rtoTargetSeconds);
  const worstRpo = worst(record.vms, (vm) => vm.rpoSeconds, record.rpoTargetSeconds);
  return { ...summary, ...(worstRto ? { worstRto } : {}), ...(worstRpo ? { worstRpo } : {}) };
}

export function drillOutcome(summary: DrillSummary): DrillOutcome {
  if (summary.failed > 0) return 'failed';
  if (summary.cancelled > 0) return 'cancelled';
  if (summary.unfinished > 0 || summary.drilled === 0) return 'unfinished';
  return 'passed';
}

/** One VM in one earlier drill: a row of the report's history. */
export interface HistoryRow {
  drillId: string;
  startedAt: Date;
  vmName: string;
  state: DrillVm['state'];
  rtoSeconds: number | undefined;
  rpoSeconds: number | undefined;
  rtoTargetSeconds: number;
  rpoTargetSeconds: number;
}

/**
 * The earlier drills of the record's VMs (by vmKey), newest first, at most `limit`; the record
 * itself and drills started after it are left out. `omitted`: how many more there were.
 */
export function earlierDrills(record: DrillRecord, history: readonly DrillRecord[], limit = reportHistoryLimit): { drills: DrillRecord[]; omitted: number } {
  const keys = new Set(record.vms.map((vm) => vm.vmKey));
  const earlier = history
    .filter((d) => d.id !== record.id && d.startedAt.getTime() < record.startedAt.getTime() && d.vms.some((vm) => keys.has(vm.vmKey)))
    .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
  return { drills: earlier.slice(0, limit), omitted: Math.max(0, earlier.length - limit) };
}

/** The history rows of the record's VMs in the given earlier drills (newest drill first, then by VM name). */
export function historyRows(record: DrillRecord, drills: readonly DrillRecord[]): HistoryRow[] {
  const keys = new Set(record.vms.map((vm) => vm.vmKey));
  return drills.flatMap((d) =>
    d.vms
      .filter((vm) => keys.has(vm.vmKey))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((vm) => ({
        drillId: d.id,
        startedAt: d.startedAt,
        vmName: vm.name,
        state: vm.state,
        rtoSeconds: vm.rtoSeconds,
        rpoSeconds: vm.rpoSeconds,
        rtoTargetSeconds: d.rtoTargetSeconds,
        rpoTargetSeconds: d.rpoTargetSeconds,
      })),
  );
}

/** A duration in whole seconds as the report shows it: "4 min 12 s", "1 h 5 min", "12 s". */
export function formatSeconds(seconds: number): string {
  return formatDuration(seconds * 1000);
}

function pad(n: number, width = 2): string {
  return String(Math.trunc(n)).padStart(width, '0');
}

/**
 * A date in ISO 8601 with the local UTC offset, to the second: "2026-12-05T10:01:02+01:00"
 * (unambiguous, and the time the administrator's clock showed).
 */
export function formatIsoDate(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const day = `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return `${day}T${time}${sign}${pad(abs / 60)}:${pad(abs % 60)}`;
}

/** The last segment of an ARM id (a vault's or a network's name); the id itself when it has none. */
export function armName(id: string): string {
  const last = id.split('/').filter((p) => p.length > 0);
  return last[last.length - 1] ?? id;
}

/** The VMs of a drill in the order the report lists them: by name. */
export function vmsByName(record: DrillRecord): DrillVm[] {
  return [...record.vms].sort((a, b) => a.name.localeCompare(b.name) || a.vmKey.localeCompare(b.vmKey));
}
