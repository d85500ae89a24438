// The dashboard's two charts as SVG geometry (issue 15 §5): the RPO of the last 24 hours (two
// lines, worst and median) and the drills over time (a bar per drill, passed VMs stacked on failed
// ones). Drawn by hand as SVG elements whose look is set by attributes and CSS classes (no style
// attribute: the webview's CSP has no 'unsafe-inline'), not by a chart library: see docs/dashboard.md.
// Pure (no DOM): the webview turns these numbers into elements; unit-tested in Node.

/** The plot area in SVG user units (the SVG scales it to its box through its viewBox). */
export interface ChartBox {
  width: number;
  height: number;
}

export interface RpoChart {
  /** `points` of the worst-RPO polyline ("x,y x,y …"). */
  worst: string;
  median: string;
  /** The top of the y axis, seconds (a round figure above the worst sample). */
  yMaxSeconds: number;
  /** Left and right ends of the x axis, ms since the epoch. */
  from: number;
  to: number;
}

const niceSteps = [60, 300, 900, 1800, 3600, 2 * 3600, 6 * 3600, 12 * 3600, 24 * 3600];

/** A round axis maximum at or above `seconds` (one of the steps, or whole days above them). */
export function niceMax(seconds: number): number {
  const step = niceSteps.find((s) => s >= seconds);
  return step ?? Math.ceil(seconds / 86_400) * 86_400;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** The RPO lines of samples `[t, worst, median, above]` over the 24 h before `now`; undefined when there are none. */
export function rpoChart(samples: readonly (readonly [number, number, number, number])[], now: number, box: ChartBox): RpoChart | undefined {
  if (samples.length === 0) return undefined;
  const from = now - 24 * 3600_000;
  const yMax = niceMax(Math.max(60, ...samples.map((s) => s[1])));
  const x = (t: number): number => round1(Math.min(box.width, Math.max(0, ((t - from) / (now - from)) * box.width)));
  const y = (v: number): number => round1(box.height - (Math.min(v, yMax) / yMax) * box.height);
  // The last sample holds until now: each line goes on flat to the right edge (so one sample is a line too).
  const last = samples[samples.length - 1];
  const line = (i: 1 | 2): string => [...samples.map((s) => `${x(s[0])},${y(s[i])}`), ...(last && x(last[0]) < box.width ? [`${box.width},${y(last[i])}`] : [])].join(' ');
  return { worst: line(1), median: line(2), yMaxSeconds: yMax, from, to: now };
}

export interface BarGeometry {
  x: number;
  width: number;
  /** The passed part (bottom). */
  passedY: number;
  passedHeight: number;
  /** The failed part (on top of the passed one). */
  failedY: number;
  failedHeight: number;
}

/** One bar per drill, left to right in the order given, scaled to the largest drill. */
export function drillChart(drills: readonly { passed: number; failed: number }[], box: ChartBox): { bars: BarGeometry[]; yMax: number } {
  const yMax = Math.max(1, ...drills.map((d) => d.passed + d.failed));
  const slot = drills.length > 0 ? box.width / drills.length : box.width;
  const width = round1(Math.max(1, slot * 0.7));
  const bars = drills.map((d, i) => {
    const passedHeight = round1((d.passed / yMax) * box.height);
    const failedHeight = round1((d.failed / yMax) * box.height);
    const passedY = round1(box.height - passedHeight);
    return { x: round1(i * slot + (slot - width) / 2), width, passedY, passedHeight, failedY: round1(passedY - failedHeight), failedHeight };
  });
  return { bars, yMax };
}
