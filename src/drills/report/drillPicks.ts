// The past drills as Show DR Drills lists them (issue 15 §4): one quick pick entry per drill with
// its date, its VMs, how many passed and failed, and its worst RTO and RPO. Pure, no vscode: the
// command (src/commands/showDrills.ts) wraps these in quick pick items.

import * as l10n from '@vscode/l10n';
import type { DrillRecord } from '../../model/drillRecord';
import { drillOutcome, drillSummary, formatIsoDate, formatSeconds, vmsByName, type WorstFigure } from './reportFacts';
import { drillOutcomeText } from './reportText';

export interface DrillPick {
  drillId: string;
  label: string;
  description: string;
  detail: string;
}

/** How many VM names an entry spells out before "and n more". */
const namesShown = 3;

function vmNames(record: DrillRecord): string {
  const names = vmsByName(record).map((vm) => vm.name);
  const shown = names.slice(0, namesShown).join(', ');
  return names.length > namesShown ? l10n.t('{0} and {1} more', shown, names.length - namesShown) : shown;
}

function worst(figure: WorstFigure | undefined): string {
  if (figure === undefined) return l10n.t('not measured');
  return figure.aboveTarget ? l10n.t('{0} (above target)', formatSeconds(figure.seconds)) : formatSeconds(figure.seconds);
}

/** A drill's entry: "2026-12-05T10:00:00+01:00 · Failed…", "3 VMs: a, b, c · 2 passed, 1 failed", "Worst RTO … · worst RPO …". */
export function drillPick(record: DrillRecord): DrillPick {
  const s = drillSummary(record);
  const counts = l10n.t('{0} passed, {1} failed, {2} cancelled', s.passed, s.failed, s.cancelled);
  const vms = s.drilled === 1 ? l10n.t('1 VM: {0}', vmNames(record)) : l10n.t('{0} VMs: {1}', s.drilled, vmNames(record));
  return {
    drillId: record.id,
    label: `${formatIsoDate(record.startedAt)} · ${drillOutcomeText(drillOutcome(s))}`,
    description: `${vms} · ${counts}`,
    detail: l10n.t('Worst RTO {0} · worst RPO {1}', worst(s.worstRto), worst(s.worstRpo)),
  };
}
