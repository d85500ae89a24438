import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { drillReportHtml } from '../../../../src/drills/report/htmlReport';
import { reportStyle } from '../../../../src/drills/report/htmlStyle';
import { drillReportMarkdown } from '../../../../src/drills/report/markdownReport';
import { earlierDrills, historyRows, vmsByName } from '../../../../src/drills/report/reportFacts';
import { checkCells, headerRows, historyCells, summaryRows, vmCells } from '../../../../src/drills/report/reportRows';
import { escapeMarkdown } from '../../../../src/tree/presentCommon';
import { escapeHtml } from '../../../../src/webviews/html';
import { bigDrill, drill, failedVm, mixedDrill, passedVm, t0 } from './fixtures';

const day = 24 * 3600_000;

function withHistory(): { record: ReturnType<typeof mixedDrill>; history: ReturnType<typeof mixedDrill>[] } {
  const record = mixedDrill();
  const history = [1, 2, 3].map((n) => drill(`old${n}`, new Date(t0.getTime() - n * 30 * day), [passedVm('web01', t0, 200 + n, 20), failedVm('db01', t0)]));
  return { record, history: [record, ...history] };
}

/** The elements of a tag in an SVG/HTML text. */
function count(html: string, pattern: RegExp): number {
  return (html.match(pattern) ?? []).length;
}

describe('drillReportHtml', () => {
  it('is standalone: no script, nothing loaded, its one style element allowed by hash in its CSP', () => {
    const { record, history } = withHistory();
    const html = drillReportHtml(record, history);
    assert.ok(html.startsWith('<!DOCTYPE html>\n<html lang="en">'));
    assert.ok(!/<script/i.test(html));
    assert.ok(!/\son[a-z]+=/i.test(html), 'no inline handler');
    assert.ok(!/\sstyle=/i.test(html), 'no style attribute');
    assert.ok(!/(src|href)=/i.test(html), 'nothing loaded or linked');
    assert.ok(!html.includes('unsafe-inline'));
    assert.equal(count(html, /<style>/g), 1);
    const hash = createHash('sha256').update(reportStyle, 'utf8').digest('base64');
    assert.ok(html.includes(`content="default-src &#39;none&#39;; style-src &#39;sha256-${hash}&#39;;`), 'the CSP allows the style by its hash');
    assert.ok(html.includes(`<style>${reportStyle}</style>`));
  });

  it('reads in light and dark and prints', () => {
    assert.match(reportStyle, /@media \(prefers-color-scheme: dark\)/);
    assert.match(reportStyle, /@media print/);
    assert.match(reportStyle, /color-scheme: light dark/);
  });

  it('holds the same content as the Markdown report: every row of every section', () => {
    const { record, history } = withHistory();
    const html = drillReportHtml(record, history);
    const md = drillReportMarkdown(record, history);
    const rows = [
      ...headerRows(record),
      ...summaryRows(record),
      ...vmsByName(record).map((vm) => vmCells(record, vm)),
      ...Object.values(record.readiness).flatMap((checks) => checks.map(checkCells)),
      ...historyRows(record, earlierDrills(record, history).drills).map(historyCells),
    ];
    for (const row of rows) {
      for (const cell of row.filter((c) => c.length > 0)) {
        assert.ok(html.includes(escapeHtml(cell)), `HTML lacks ${cell}`);
        assert.ok(md.includes(escapeMarkdown(cell)), `Markdown lacks ${cell}`);
      }
    }
    for (const text of [
      'Test failover failed because the recovery point could not be applied.',
      'Retry the operation with a different recovery point. If the issue persists, contact support.',
    ]) {
      assert.ok(html.includes(text));
    }
  });

  it('draws the RTO of each VM against the target, and the drill results over time, as inline SVG', () => {
    const { record, history } = withHistory();
    const html = drillReportHtml(record, history);
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    assert.equal(svgs.length, 2);
    const [rto, results] = svgs as [string, string];
    assert.match(rto, /role="img" aria-label="RTO per VM against the target of 30 min"/);
    assert.equal(count(rto, /<rect class="bar-(pass|fail)"/g), 2, 'a bar per VM with an RTO (web01, app01)');
    assert.match(rto, /<rect class="bar-fail"[^>]*><title>app01: 41 min, above the target of 30 min<\/title>/);
    assert.match(rto, /<rect class="bar-pass"[^>]*><title>web01: 4 min 12 s, within the target of 30 min<\/title>/);
    assert.match(rto, /<line class="target"/);
    assert.match(rto, />not measured</, 'db01 has no bar, and says so');
    assert.match(results, /aria-label="Drill results over time"/);
    assert.equal(count(results, /<rect class="bar-pass"[^>]*><title>/g), 4, 'web01 passed in each of the 4 drills (app01 too in this one)');
    assert.equal(count(results, /<rect class="bar-fail"[^>]*><title>/g), 4, 'db01 failed in each');
    assert.equal(count(results, /<rect class="bar-cancel"[^>]*><title>/g), 1, 'file01 cancelled in this one');
    assert.match(results, /<title>[^<]+: Passed 2<\/title>/, 'this drill: web01 and app01 passed');
  });

  it('escapes every text of the record', () => {
    const evil = '<script>alert(1)</script>&"\'`|*';
    const record = drill('d<x>', t0, [
      passedVm(evil, t0, 60, 60, { host: '<b>', errors: [{ code: '<i>', message: '<img src=x onerror=y>', recommendedAction: '"><svg onload=z>' }] }),
    ]);
    const html = drillReportHtml(record, []);
    assert.ok(!/<(script|img|b|i)[\s>]/.test(html));
    assert.ok(!/<svg onload/.test(html));
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;&#96;|*'));
    assert.ok(html.includes('&lt;img src=x onerror=y&gt;'));
    assert.ok(!/<[a-z]+ [^>]*(src|href|onerror|onload)=/i.test(html));
  });

  it('holds only what the record holds', () => {
    const record = mixedDrill();
    const tainted = { ...record, secret: 'hunter2', vms: record.vms.map((vm) => ({ ...vm, clientSecret: 'hunter2' })) };
    assert.ok(!drillReportHtml(tainted, [tainted]).includes('hunter2'));
  });

  it('says so when no VM reached running', () => {
    const html = drillReportHtml(drill('d', t0, [failedVm('db01', t0)]), []);
    assert.ok(html.includes('No VM reached running: no RTO was measured.'));
  });

  it('renders a drill of 200 VMs whole, with a bar each', () => {
    const html = drillReportHtml(bigDrill(), []);
    const rto = (html.match(/<svg[\s\S]*?<\/svg>/g) ?? [])[0] ?? '';
    assert.equal(count(rto, /<rect class="bar-(pass|fail)"/g), 200);
    assert.equal(count(html, /<td class="result-passed">/g), 200);
  });
});
