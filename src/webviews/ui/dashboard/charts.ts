// The dashboard's charts as SVG drawn by hand (docs/dashboard.md says why not a chart library):
// the RPO of the last 24 hours and the drills over time. The geometry is computed by the pure
// src/dashboard/charts.ts; here it becomes elements, with a <title> per point of interest and an
// aria-label that says the latest figures, so a screen reader has the chart's content.
import { drillChart, rpoChart } from '../../../dashboard/charts';
import type { DashboardLabels, DashboardState } from '../../../dashboard/dashboardTypes';
import { format, h, svg } from './dom';

const BOX = { width: 480, height: 120 };
const PAD = { left: 56, bottom: 18, top: 8 };

/** A duration on the axis: minutes below two hours, else hours. */
export function axisDuration(seconds: number, labels: DashboardLabels): string {
  return seconds < 7200 ? format(labels.units.minutes, Math.round(seconds / 60)) : format(labels.units.hours, Math.round(seconds / 3600));
}

function frame(label: string, children: readonly Node[]): SVGElement {
  const w = BOX.width + PAD.left;
  const hgt = BOX.height + PAD.bottom + PAD.top;
  return svg('svg', { viewBox: `0 0 ${w} ${hgt}`, role: 'img', 'aria-label': label, class: 'chart', preserveAspectRatio: 'xMidYMid meet' }, [
    svg('g', { transform: `translate(${PAD.left},${PAD.top})` }, children),
  ]);
}

function axes(top: string, bottomLeft: string, bottomRight: string): SVGElement[] {
  return [
    svg('line', { x1: 0, y1: 0, x2: 0, y2: BOX.height, class: 'axis' }),
    svg('line', { x1: 0, y1: BOX.height, x2: BOX.width, y2: BOX.height, class: 'axis' }),
    svg('text', { x: -6, y: 10, 'text-anchor': 'end', class: 'tick' }, [top]),
    svg('text', { x: -6, y: BOX.height, 'text-anchor': 'end', class: 'tick' }, ['0']),
    svg('text', { x: 0, y: BOX.height + 14, class: 'tick' }, [bottomLeft]),
    svg('text', { x: BOX.width, y: BOX.height + 14, 'text-anchor': 'end', class: 'tick' }, [bottomRight]),
  ];
}

/** "12-05 09:40" (UTC, as the rest of the dashboard). */
const hhmm = (t: number): string => new Date(t).toISOString().slice(5, 16).replace('T', ' ');

/** The RPO chart, or a sentence when there is no sample yet. */
export function rpoFigure(state: DashboardState, now: number): HTMLElement {
  const labels = state.labels;
  const chart = rpoChart(state.rpo, now, BOX);
  const title = h('h2', {}, [labels.charts.rpoTitle]);
  if (!chart) return h('section', { class: 'figure' }, [title, h('p', { class: 'empty' }, [labels.charts.rpoEmpty])]);
  const last = state.rpo[state.rpo.length - 1];
  const summary = `${labels.charts.worst} ${axisDuration(last[1], labels)}, ${labels.charts.median} ${axisDuration(last[2], labels)}, ${labels.charts.above} ${last[3]}`;
  // A dot on each line's latest sample: with a single sample (the first minutes) the line is only that point.
  const dot = (points: string, kind: 'worst' | 'median'): SVGElement => {
    const [cx = '0', cy = '0'] = (points.split(' ').at(-1) ?? '').split(',');
    return svg('circle', { cx, cy, r: 3, class: `dot ${kind}` }, [svg('title', {}, [labels.charts[kind]])]);
  };
  const lines = [
    svg('polyline', { points: chart.worst, class: 'line worst', fill: 'none' }, [svg('title', {}, [labels.charts.worst])]),
    svg('polyline', { points: chart.median, class: 'line median', fill: 'none' }, [svg('title', {}, [labels.charts.median])]),
    dot(chart.worst, 'worst'),
    dot(chart.median, 'median'),
  ];
  const legend = h('p', { class: 'legend' }, [h('span', { class: 'key worst' }, [labels.charts.worst]), h('span', { class: 'key median' }, [labels.charts.median]), summary]);
  return h('section', { class: 'figure' }, [title, frame(summary, [...axes(axisDuration(chart.yMaxSeconds, labels), hhmm(chart.from), hhmm(chart.to)), ...lines]), legend]);
}

/** The drills chart: a bar per drill, failed VMs stacked on passed ones. */
export function drillFigure(state: DashboardState): HTMLElement {
  const labels = state.labels;
  const title = h('h2', {}, [labels.charts.drillsTitle]);
  if (state.drills.length === 0) return h('section', { class: 'figure' }, [title, h('p', { class: 'empty' }, [labels.charts.drillsEmpty])]);
  const { bars, yMax } = drillChart(state.drills, BOX);
  const rects = state.drills.flatMap((d, i) => {
    const b = bars[i];
    const tip = `${new Date(d.t).toISOString().slice(0, 16).replace('T', ' ')} UTC: ${d.passed} ${labels.charts.passed}, ${d.failed} ${labels.charts.failed}`;
    return [
      svg('rect', { x: b.x, y: b.passedY, width: b.width, height: b.passedHeight, class: 'bar passed' }, [svg('title', {}, [tip])]),
      svg('rect', { x: b.x, y: b.failedY, width: b.width, height: b.failedHeight, class: 'bar failed' }, [svg('title', {}, [tip])]),
    ];
  });
  const first = state.drills[0];
  const latest = state.drills[state.drills.length - 1];
  const summary = `${labels.charts.drillsTitle}: ${state.drills.length}; ${labels.charts.passed} ${latest.passed}, ${labels.charts.failed} ${latest.failed}`;
  const legend = h('p', { class: 'legend' }, [h('span', { class: 'key passed' }, [labels.charts.passed]), h('span', { class: 'key failed' }, [labels.charts.failed])]);
  const day = (t: number): string => new Date(t).toISOString().slice(0, 10);
  return h('section', { class: 'figure' }, [title, frame(summary, [...axes(String(yMax), day(first.t), day(latest.t)), ...rects]), legend]);
}
