// The HTML drill report's one style sheet (issue 15 §4), inlined in its <style> element and
// allowed by its hash in the page's CSP (htmlReport.ts). Light by default, dark when the reader's
// system prefers it, black on white when printed. The charts' colours are classes here
// (htmlCharts.ts), so they follow the scheme too.

export const reportStyle = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1b1b; --muted: #5a5a5a; --border: #c8c8c8; --head: #f0f0f0;
  --pass: #2e7d32; --fail: #c62828; --cancel: #8a6a00; --target: #1f4e9c;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #1e1e1e; --fg: #e4e4e4; --muted: #a6a6a6; --border: #4a4a4a; --head: #2b2b2b;
    --pass: #66bb6a; --fail: #ef6b6b; --cancel: #d9b23a; --target: #7fb0ff;
  }
}
body { margin: 2rem auto; max-width: 72rem; padding: 0 1rem; background: var(--bg); color: var(--fg);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 14px; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 1rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid var(--border); padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin-top: 1.25rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid var(--border); padding: .3rem .5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; min-width: 9ch; }
td:first-child { min-width: 10ch; }
thead th, table.pairs th { background: var(--head); }
table.pairs th { width: 22rem; font-weight: 600; }
td.result-passed, td.outcome-passed { color: var(--pass); font-weight: 600; }
td.result-failed, td.outcome-failed { color: var(--fail); font-weight: 600; }
td.result-cancelled, td.outcome-unknown { color: var(--cancel); font-weight: 600; }
figure { margin: 1rem 0; overflow-x: auto; }
figcaption { color: var(--muted); font-size: .9rem; }
svg.chart { max-width: 100%; height: auto; }
svg.chart text { fill: var(--fg); font-size: 11px; font-family: inherit; }
svg.chart text.muted { fill: var(--muted); }
svg.chart text.small { font-size: 10px; }
svg.chart .axis { stroke: var(--border); stroke-width: 1; }
svg.chart .target { stroke: var(--target); stroke-width: 2; stroke-dasharray: 5 3; }
svg.chart .bar-pass { fill: var(--pass); }
svg.chart .bar-fail { fill: var(--fail); }
svg.chart .bar-cancel { fill: var(--cancel); }
@media print {
  :root { --bg: #ffffff; --fg: #000000; --muted: #444444; --border: #999999; --head: #eeeeee;
    --pass: #2e7d32; --fail: #b71c1c; --cancel: #7a5c00; --target: #0d3b8c; }
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2, h3 { break-after: avoid; }
  tr, figure { break-inside: avoid; }
  thead { display: table-header-group; }
  figure { overflow: visible; }
}
`;
