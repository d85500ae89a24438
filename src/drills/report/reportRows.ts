// The rows of a drill report (issue 15 §4) as plain, unescaped text: the Markdown and the HTML
// report lay out these same rows (each escapes them its own way), so both hold the same content.
// Pure, no vscode.

import type { DrillRecord, DrillVm } from '../../model/drillRecord';
import type { ReadinessCheck } from '../../model/readiness';
import { armName, drillOutcome, drillSummary, formatIsoDate, type HistoryRow } from './reportFacts';
import { checkName, cleanupText, drillOutcomeText, figureText, outcomeText, productionNetworkText, reportLabels, vmResultText, worstText } from './reportText';

/** The drill's facts under the title: id, vault, start, end, result. */
export function headerRows(record: DrillRecord): [string, string][] {
  const t = reportLabels();
  return [
    [t.drill, record.id],
    [t.vault, record.vaultId],
    [t.started, formatIsoDate(record.startedAt)],
    [t.ended, record.endedAt ? formatIsoDate(record.endedAt) : t.notEnded],
    [t.result, drillOutcomeText(drillOutcome(drillSummary(record)))],
  ];
}

/** The summary: counts, worst RTO and RPO against the targets, the test network. */
export function summaryRows(record: DrillRecord): [string, string][] {
  const t = reportLabels();
  const s = drillSummary(record);
  return [
    [t.vmsDrilled, String(s.drilled)],
    [t.passed, String(s.passed)],
    [t.failed, String(s.failed)],
    [t.cancelled, String(s.cancelled)],
    ...(s.unfinished > 0 ? [[t.unfinished, String(s.unfinished)] as [string, string]] : []),
    ...(s.cleanupFailed > 0 ? [[t.cleanupFailed, String(s.cleanupFailed)] as [string, string]] : []),
    [t.worstRto, worstText(s.worstRto)],
    [t.worstRpo, worstText(s.worstRpo)],
    [t.testNetwork, `${armName(record.testNetworkId)} (${record.testNetworkId})`],
    [t.productionNetwork, productionNetworkText(record.productionNetworkConfirmed)],
  ];
}

export function vmHeads(): string[] {
  const t = reportLabels();
  return [t.vm, t.host, t.result, t.recoveryPoint, t.rpo, t.rto, t.testVm, t.cleanup];
}

/** One VM's row: name, host, result, recovery point (time and id), RPO, RTO, test VM, cleanup. */
export function vmCells(record: DrillRecord, vm: DrillVm): string[] {
  const t = reportLabels();
  const point = vm.recoveryPoint ? t.pointText(formatIsoDate(vm.recoveryPoint.time), vm.recoveryPoint.id) : t.none;
  const testVm = vm.testVm ? (vm.testVm.id ? `${vm.testVm.name} (${vm.testVm.id})` : vm.testVm.name) : t.none;
  return [
    vm.name,
    vm.host ?? '',
    vmResultText(vm.state),
    point,
    figureText(vm.rpoSeconds, record.rpoTargetSeconds),
    figureText(vm.rtoSeconds, record.rtoTargetSeconds),
    testVm,
    cleanupText(vm.cleanedUp),
  ];
}

export function checkHeads(): string[] {
  const t = reportLabels();
  return [t.check, t.outcome, t.checkSummary, t.evidence, t.action];
}

/** A readiness check's row: name, outcome, summary, evidence, action. */
export function checkCells(c: ReadinessCheck): string[] {
  return [checkName(c.id), outcomeText(c.outcome), c.summary, c.evidence, c.action ?? ''];
}

export function historyHeads(): string[] {
  const t = reportLabels();
  return [t.date, t.drill, t.vm, t.result, t.rto, t.rpo];
}

/** One VM in one earlier drill: date, drill, VM, result, RTO, RPO. */
export function historyCells(r: HistoryRow): string[] {
  return [formatIsoDate(r.startedAt), r.drillId, r.vmName, vmResultText(r.state), figureText(r.rtoSeconds, r.rtoTargetSeconds), figureText(r.rpoSeconds, r.rpoTargetSeconds)];
}
