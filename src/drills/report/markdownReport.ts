// A drill's report in Markdown (issue 15 §4): readable in VS Code's preview and in any repository.
// The same rows as the HTML report (htmlReport.ts), from reportRows.ts. Every text is escaped
// (escapeMarkdown: a VM name may hold `|`, `*`, `<`, `&`), so nothing from the record can form a
// table cell, a link, emphasis or HTML. Pure, no vscode.

import type { DrillRecord } from '../../model/drillRecord';
import { escapeMarkdown } from '../../tree/presentCommon';
import { armName, earlierDrills, historyRows, vmsByName } from './reportFacts';
import { checkCells, checkHeads, headerRows, historyCells, historyHeads, summaryRows, vmCells, vmHeads } from './reportRows';
import { reportLabels } from './reportText';

const e = escapeMarkdown;

/** A table row of escaped cells. */
function row(cells: readonly string[]): string {
  return `| ${cells.map((c) => (c.length > 0 ? e(c) : ' ')).join(' | ')} |`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [row(head), `|${head.map(() => ' --- ').join('|')}|`, ...rows.map(row)].join('\n');
}

function heading(level: 2 | 3, text: string): string {
  return `${'#'.repeat(level)} ${e(text)}`;
}

function errorsSection(record: DrillRecord): string {
  const t = reportLabels();
  const withErrors = vmsByName(record).filter((vm) => vm.errors.length > 0);
  if (withErrors.length === 0) return `${heading(2, t.errors)}\n\n${e(t.noErrors)}`;
  const parts = withErrors.map((vm) => {
    const items = vm.errors.map((err) => {
      const head = err.code !== undefined ? `**${e(err.code)}**: ${e(err.message)}` : e(err.message);
      return err.recommendedAction !== undefined ? `- ${head}  \n  *${e(t.recommendedAction)}:* ${e(err.recommendedAction)}` : `- ${head}`;
    });
    return `${heading(3, vm.name)}\n\n${items.join('\n')}`;
  });
  return [heading(2, t.errors), ...parts].join('\n\n');
}

function readinessSection(record: DrillRecord): string {
  const parts = vmsByName(record).map((vm) => {
    const checks = record.readiness[vm.vmKey] ?? [];
    const body = checks.length > 0 ? table(checkHeads(), checks.map(checkCells)) : e(reportLabels().noReadiness);
    return `${heading(3, vm.name)}\n\n${body}`;
  });
  return [heading(2, reportLabels().readiness), ...parts].join('\n\n');
}

function historySection(record: DrillRecord, history: readonly DrillRecord[]): string {
  const t = reportLabels();
  const { drills, omitted } = earlierDrills(record, history);
  if (drills.length === 0) return `${heading(2, t.history)}\n\n${e(t.noHistory)}`;
  const more = omitted > 0 ? `\n\n${e(t.olderOmitted(omitted))}` : '';
  return `${heading(2, t.history)}\n\n${table(historyHeads(), historyRows(record, drills).map(historyCells))}${more}`;
}

/**
 * The drill's report in Markdown: summary, each VM (recovery point, RPO, RTO, result, test VM,
 * cleanup), errors with ASR's recommended actions, readiness at drill time, and the earlier drills
 * of the same VMs found in `history` (any order; the record itself is left out).
 */
export function drillReportMarkdown(record: DrillRecord, history: readonly DrillRecord[]): string {
  const t = reportLabels();
  const sections = [
    `# ${e(t.title(armName(record.vaultId)))}`,
    headerRows(record)
      .map(([label, value]) => `**${e(label)}:** ${e(value)}`)
      .join('  \n'),
    `${heading(2, t.summary)}\n\n${table([t.summary, ''], summaryRows(record))}`,
    `${heading(2, t.vms)}\n\n${table(
      vmHeads(),
      vmsByName(record).map((vm) => vmCells(record, vm)),
    )}`,
    errorsSection(record),
    readinessSection(record),
    historySection(record, history),
  ];
  return `${sections.join('\n\n')}\n`;
}
