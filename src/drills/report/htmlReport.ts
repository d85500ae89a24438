// A drill's report as one standalone HTML file (issue 15 §4): it opens from disk in any browser,
// holds the same rows as the Markdown report (reportRows.ts) and its charts as inline SVG
// (htmlCharts.ts). No script at all; the only style is one <style> element, allowed by its hash in
// the page's Content-Security-Policy (no 'unsafe-inline', nothing loaded from anywhere). Light and
// dark follow prefers-color-scheme; printing gives black on white. Every text is escaped
// (escapeHtml). Pure, no vscode.

import { createHash } from 'node:crypto';
import type { DrillRecord } from '../../model/drillRecord';
import { escapeHtml } from '../../webviews/html';
import { resultsChart, rtoChart } from './htmlCharts';
import { reportStyle } from './htmlStyle';
import { armName, earlierDrills, formatSeconds, historyRows, vmsByName } from './reportFacts';
import { checkCells, checkHeads, headerRows, historyCells, historyHeads, summaryRows, vmCells, vmHeads } from './reportRows';
import { reportLabels } from './reportText';

const e = escapeHtml;

/** A table; `mark` gives one column's cells a class (a VM's result, a check's outcome) for its colour. */
function table(head: readonly string[], rows: readonly (readonly string[])[], mark?: { column: number; cls: (row: number) => string }): string {
  const th = head.map((h) => `<th scope="col">${e(h)}</th>`).join('');
  const body = rows.map((r, i) => `<tr>${r.map((c, j) => (mark?.column === j ? `<td class="${e(mark.cls(i))}">${e(c)}</td>` : `<td>${e(c)}</td>`)).join('')}</tr>`);
  return `<table>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${body.join('\n')}\n</tbody>\n</table>`;
}

function pairs(rows: readonly (readonly [string, string])[]): string {
  return `<table class="pairs">\n<tbody>\n${rows.map(([k, v]) => `<tr><th scope="row">${e(k)}</th><td>${e(v)}</td></tr>`).join('\n')}\n</tbody>\n</table>`;
}

function errorsSection(record: DrillRecord): string {
  const t = reportLabels();
  const withErrors = vmsByName(record).filter((vm) => vm.errors.length > 0);
  if (withErrors.length === 0) return `<h2>${e(t.errors)}</h2>\n<p>${e(t.noErrors)}</p>`;
  const parts = withErrors.map((vm) => {
    const items = vm.errors.map((err) => {
      const head = err.code !== undefined ? `<strong>${e(err.code)}</strong>: ${e(err.message)}` : e(err.message);
      const action = err.recommendedAction !== undefined ? `<br><em>${e(t.recommendedAction)}:</em> ${e(err.recommendedAction)}` : '';
      return `<li>${head}${action}</li>`;
    });
    return `<h3>${e(vm.name)}</h3>\n<ul>\n${items.join('\n')}\n</ul>`;
  });
  return [`<h2>${e(t.errors)}</h2>`, ...parts].join('\n');
}

function readinessSection(record: DrillRecord): string {
  const parts = vmsByName(record).map((vm) => {
    const checks = record.readiness[vm.vmKey] ?? [];
    const body =
      checks.length > 0
        ? table(checkHeads(), checks.map(checkCells), { column: 1, cls: (i) => `outcome-${checks[i]?.outcome ?? 'unknown'}` })
        : `<p>${e(reportLabels().noReadiness)}</p>`;
    return `<h3>${e(vm.name)}</h3>\n${body}`;
  });
  return [`<h2>${e(reportLabels().readiness)}</h2>`, ...parts].join('\n');
}

function historySection(record: DrillRecord, history: readonly DrillRecord[]): string {
  const t = reportLabels();
  const { drills, omitted } = earlierDrills(record, history);
  const chart = `<figure>\n${resultsChart(record, drills)}\n<figcaption>${e(t.resultsChart)}</figcaption>\n</figure>`;
  if (drills.length === 0) return `<h2>${e(t.history)}</h2>\n<p>${e(t.noHistory)}</p>\n${chart}`;
  const rows = historyRows(record, drills);
  const more = omitted > 0 ? `\n<p>${e(t.olderOmitted(omitted))}</p>` : '';
  return `<h2>${e(t.history)}</h2>\n${chart}\n${table(historyHeads(), rows.map(historyCells), { column: 3, cls: (i) => `result-${rows[i]?.state ?? 'pending'}` })}${more}`;
}

/** The page's Content-Security-Policy: nothing but its one style element (by hash). */
export function reportCsp(style: string): string {
  const hash = createHash('sha256').update(style, 'utf8').digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`;
}

function body(record: DrillRecord, history: readonly DrillRecord[]): string[] {
  const t = reportLabels();
  const vms = vmsByName(record);
  return [
    `<h1>${e(t.title(armName(record.vaultId)))}</h1>`,
    pairs(headerRows(record)),
    `<h2>${e(t.summary)}</h2>`,
    pairs(summaryRows(record)),
    `<h2>${e(t.vms)}</h2>`,
    `<figure>\n${rtoChart(record)}\n<figcaption>${e(t.rtoChart(formatSeconds(record.rtoTargetSeconds)))}</figcaption>\n</figure>`,
    table(
      vmHeads(),
      vms.map((vm) => vmCells(record, vm)),
      { column: 2, cls: (i) => `result-${vms[i]?.state ?? 'pending'}` },
    ),
    errorsSection(record),
    readinessSection(record),
    historySection(record, history),
  ];
}

/**
 * The drill's report as a standalone HTML page: the same content as drillReportMarkdown, with an
 * RTO chart (each VM against the target) and a chart of drill results over time. `lang`: the
 * page's language (the display language the strings were given in).
 */
export function drillReportHtml(record: DrillRecord, history: readonly DrillRecord[], lang = 'en'): string {
  const title = reportLabels().title(armName(record.vaultId));
  const head = `<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="${e(reportCsp(reportStyle))}">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="color-scheme" content="light dark">\n<title>${e(title)}</title>\n<style>${reportStyle}</style>`;
  return `<!DOCTYPE html>\n<html lang="${e(lang)}">\n<head>\n${head}\n</head>\n<body>\n<main>\n${body(record, history).join('\n')}\n</main>\n</body>\n</html>\n`;
}
