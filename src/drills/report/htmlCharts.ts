// The charts of the HTML drill report (issue 15 §4) as inline SVG: no script, no external file,
// so the report opens from disk in any browser and prints. Colours come from the report's style
// element through classes (light and dark); every bar has a <title> with its figures, and the
// tables beside the charts hold the same numbers, so colour is never the only carrier. Every text
// is escaped. Pure, no vscode.

import type { DrillRecord, DrillVm } from '../../model/drillRecord';
import { escapeHtml } from '../../webviews/html';
import { formatIsoDate, formatSeconds, vmsByName } from './reportFacts';
import { figureText, reportLabels, vmResultText } from './reportText';

const width = 760;
const labelWidth = 190;
const plotWidth = width - labelWidth - 90;
const rowHeight = 20;
const barHeight = 14;

/** A label that fits the chart's label column (the full name is in the bar's title). */
function shortLabel(text: string, max = 28): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function svgOpen(height: number, label: string): string {
  return `<svg class="chart" role="img" aria-label="${escapeHtml(label)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">`;
}

/** Round ends of the RTO scale, in seconds (1 min to 1 day). */
const scaleEnds = [60, 120, 300, 600, 900, 1200, 1800, 2400, 3600, 5400, 7200, 10800, 14400, 21600, 43200, 86400];

/** A round scale maximum at least `seconds`: one of scaleEnds, else whole days. */
function niceMax(seconds: number): number {
  return scaleEnds.find((end) => end >= seconds) ?? Math.ceil(seconds / 86400) * 86400;
}

/** RTO per VM (horizontal bars) against the drill's RTO target (a dashed line); VMs without an RTO say "not measured". */
export function rtoChart(record: DrillRecord): string {
  const vms = vmsByName(record);
  const title = reportLabels().rtoChart(formatSeconds(record.rtoTargetSeconds));
  const measured = vms.filter((vm) => vm.rtoSeconds !== undefined);
  if (measured.length === 0) return `<p>${escapeHtml(reportLabels().noRtoMeasured)}</p>`;
  const max = niceMax(Math.max(record.rtoTargetSeconds * 1.2, ...measured.map((vm) => vm.rtoSeconds ?? 0)));
  const x = (seconds: number): number => labelWidth + Math.round((seconds / max) * plotWidth);
  const top = 24;
  const height = top + vms.length * rowHeight + 24;
  const rows = vms.map((vm, i) => rtoRow(record, vm, top + i * rowHeight, x));
  const targetX = x(record.rtoTargetSeconds);
  const bottom = top + vms.length * rowHeight;
  return [
    svgOpen(height, title),
    `<title>${escapeHtml(title)}</title>`,
    `<line class="axis" x1="${labelWidth}" y1="${top - 4}" x2="${labelWidth}" y2="${bottom}"/>`,
    ...rows,
    `<line class="target" x1="${targetX}" y1="${top - 8}" x2="${targetX}" y2="${bottom + 4}"><title>${escapeHtml(title)}</title></line>`,
    `<text x="${targetX}" y="${top - 10}" text-anchor="middle">${escapeHtml(`${reportLabels().target} ${formatSeconds(record.rtoTargetSeconds)}`)}</text>`,
    `<text x="${labelWidth}" y="${bottom + 18}">0</text>`,
    `<text x="${labelWidth + plotWidth}" y="${bottom + 18}" text-anchor="end">${escapeHtml(formatSeconds(max))}</text>`,
    '</svg>',
  ].join('\n');
}

function rtoRow(record: DrillRecord, vm: DrillVm, y: number, x: (seconds: number) => number): string {
  const label = `<text x="${labelWidth - 8}" y="${y + barHeight - 3}" text-anchor="end">${escapeHtml(shortLabel(vm.name))}</text>`;
  const figure = figureText(vm.rtoSeconds, record.rtoTargetSeconds);
  if (vm.rtoSeconds === undefined) {
    return `${label}\n<text class="muted" x="${labelWidth + 6}" y="${y + barHeight - 3}">${escapeHtml(figure)}</text>`;
  }
  const end = x(vm.rtoSeconds);
  const kind = vm.rtoSeconds > record.rtoTargetSeconds ? 'bar-fail' : 'bar-pass';
  const tip = reportLabels().barTitle(vm.name, figure);
  return [
    label,
    `<rect class="${kind}" x="${labelWidth}" y="${y}" width="${Math.max(1, end - labelWidth)}" height="${barHeight}"><title>${escapeHtml(tip)}</title></rect>`,
    `<text x="${end + 4}" y="${y + barHeight - 3}">${escapeHtml(formatSeconds(vm.rtoSeconds))}</text>`,
  ].join('\n');
}

/** How the record's VMs ended in one drill: passed, failed, cancelled (the others: not finished). */
function resultCounts(drill: DrillRecord, keys: ReadonlySet<string>): { passed: number; failed: number; cancelled: number } {
  const vms = drill.vms.filter((vm) => keys.has(vm.vmKey));
  return {
    passed: vms.filter((vm) => vm.state === 'passed').length,
    failed: vms.filter((vm) => vm.state === 'failed').length,
    cancelled: vms.filter((vm) => vm.state === 'cancelled').length,
  };
}

/**
 * Drill results over time: one stacked column per drill (the earlier drills given, then this one),
 * oldest on the left, counting the record's VMs that passed, failed or were cancelled in it.
 */
export function resultsChart(record: DrillRecord, earlier: readonly DrillRecord[]): string {
  const keys = new Set(record.vms.map((vm) => vm.vmKey));
  const drills = [...earlier, record].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  const counts = drills.map((d) => resultCounts(d, keys));
  const max = Math.max(1, ...counts.map((c) => c.passed + c.failed + c.cancelled));
  const top = 16;
  const plotHeight = 160;
  const left = 40;
  const step = Math.min(60, Math.floor((width - left - 20) / drills.length));
  const scale = (n: number): number => Math.round((n / max) * plotHeight);
  const bottom = top + plotHeight;
  const columns = drills.map((d, i) => resultColumn(d, counts[i] ?? { passed: 0, failed: 0, cancelled: 0 }, left + i * step + 4, Math.max(6, step - 8), bottom, scale));
  const title = reportLabels().resultsChart;
  return [
    svgOpen(bottom + 90, title),
    `<title>${escapeHtml(title)}</title>`,
    `<line class="axis" x1="${left}" y1="${bottom}" x2="${width - 10}" y2="${bottom}"/>`,
    `<text x="${left - 6}" y="${top + 4}" text-anchor="end">${max}</text>`,
    `<text x="${left - 6}" y="${bottom}" text-anchor="end">0</text>`,
    ...columns,
    legend(bottom + 80),
    '</svg>',
  ].join('\n');
}

function resultColumn(drill: DrillRecord, c: { passed: number; failed: number; cancelled: number }, x: number, w: number, bottom: number, scale: (n: number) => number): string {
  const date = formatIsoDate(drill.startedAt);
  const parts: string[] = [];
  let y = bottom;
  for (const [state, n, kind] of [
    ['passed', c.passed, 'bar-pass'],
    ['failed', c.failed, 'bar-fail'],
    ['cancelled', c.cancelled, 'bar-cancel'],
  ] as const) {
    if (n === 0) continue;
    const h = scale(n);
    y -= h;
    parts.push(`<rect class="${kind}" x="${x}" y="${y}" width="${w}" height="${h}"><title>${escapeHtml(reportLabels().countTitle(date, vmResultText(state), n))}</title></rect>`);
  }
  const labelX = x + w / 2;
  parts.push(`<text class="small" x="${labelX}" y="${bottom + 12}" text-anchor="end" transform="rotate(-45 ${labelX} ${bottom + 12})">${escapeHtml(date.slice(0, 10))}</text>`);
  return parts.join('\n');
}

function legend(y: number): string {
  const items = [
    ['bar-pass', vmResultText('passed')],
    ['bar-fail', vmResultText('failed')],
    ['bar-cancel', vmResultText('cancelled')],
  ] as const;
  return items
    .map(([kind, text], i) => `<rect class="${kind}" x="${40 + i * 130}" y="${y - 10}" width="12" height="12"/><text x="${58 + i * 130}" y="${y}">${escapeHtml(text)}</text>`)
    .join('\n');
}
