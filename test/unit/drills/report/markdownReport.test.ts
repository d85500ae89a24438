import assert from 'node:assert/strict';
import { drillReportMarkdown } from '../../../../src/drills/report/markdownReport';
import { drillOutcome, drillSummary, earlierDrills, formatIsoDate, formatSeconds } from '../../../../src/drills/report/reportFacts';
import { asrError, bigDrill, drill, failedVm, mixedDrill, passedVm, t0 } from './fixtures';

const day = 24 * 3600_000;

/** The lines of the table that follows a heading. */
function tableAfter(md: string, heading: string): string[] {
  const start = md.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `no heading ${heading}`);
  const rest = md.slice(start + heading.length + 2).trimStart();
  return rest.split('\n').filter((l, i, all) => l.startsWith('|') && all.slice(0, i).every((p) => p.startsWith('|')));
}

/** Markdown's backslash escapes undone: the text a reader sees. */
function unescape(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** The cells of a table line, split on unescaped pipes, as escaped (raw) or as read. */
function rawCells(line: string): string[] {
  return line
    .slice(2, -2)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

function cells(line: string): string[] {
  return rawCells(line).map(unescape);
}

describe('drill report facts', () => {
  it('counts passed, failed, cancelled and failed cleanups, and finds the worst RTO and RPO against the targets', () => {
    const s = drillSummary(mixedDrill());
    assert.deepEqual([s.drilled, s.passed, s.failed, s.cancelled, s.unfinished, s.cleanupFailed], [4, 2, 1, 1, 0, 1]);
    assert.deepEqual(s.worstRto, { seconds: 2460, vmName: 'app01', targetSeconds: 1800, aboveTarget: true });
    assert.deepEqual(s.worstRpo, { seconds: 1200, vmName: 'app01', targetSeconds: 900, aboveTarget: true });
    assert.equal(drillOutcome(s), 'failed');
    assert.equal(drillOutcome(drillSummary(drill('d', t0, [passedVm('a', t0, 10, 10)]))), 'passed');
  });

  it('writes durations as "4 min 12 s" and dates in ISO 8601 with the UTC offset', () => {
    assert.equal(formatSeconds(252), '4 min 12 s');
    assert.equal(formatSeconds(42), '42 s');
    assert.match(formatIsoDate(t0), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    const offsetMin = -t0.getTimezoneOffset();
    const shown = formatIsoDate(t0);
    const back = new Date(shown);
    assert.equal(back.getTime(), t0.getTime(), `${shown} (offset ${offsetMin} min) is not the same instant`);
  });

  it('takes the earlier drills of the same VMs only, newest first, bounded', () => {
    const record = mixedDrill();
    const web = record.vms[0];
    const older = drill('old', new Date(t0.getTime() - 30 * day), [passedVm('web01', t0, 100, 10)]);
    const newer = drill('new', new Date(t0.getTime() - 2 * day), [{ ...passedVm('web01', t0, 100, 10), vmKey: web.vmKey }]);
    const other = drill('other', new Date(t0.getTime() - day), [passedVm('elsewhere', t0, 100, 10)]);
    const later = drill('later', new Date(t0.getTime() + day), [passedVm('web01', t0, 100, 10)]);
    const { drills, omitted } = earlierDrills(record, [older, record, other, later, newer]);
    assert.deepEqual(
      drills.map((d) => d.id),
      ['new', 'old'],
    );
    assert.equal(omitted, 0);
    const many = Array.from({ length: 25 }, (_, i) => drill(`d${i}`, new Date(t0.getTime() - (i + 1) * day), [passedVm('web01', t0, 100, 10)]));
    const bounded = earlierDrills(record, many);
    assert.equal(bounded.drills.length, 20);
    assert.equal(bounded.omitted, 5);
    assert.equal(bounded.drills[0].id, 'd0');
  });
});

describe('drillReportMarkdown', () => {
  it('summarizes the drill: counts, worst RTO and RPO against the targets, test network, production network not used', () => {
    const md = drillReportMarkdown(mixedDrill(), []);
    assert.match(unescape(md), /^# DR drill report: contoso-vault\n/);
    const summary = tableAfter(md, '## Summary').map(cells);
    const value = (label: string): string | undefined => summary.find((r) => r[0] === label)?.[1];
    assert.deepEqual(Object.fromEntries(summary.slice(2, 7)), { 'VMs drilled': '4', Passed: '2', Failed: '1', Cancelled: '1', 'Cleanups failed': '1' });
    assert.deepEqual(Object.fromEntries(summary.slice(7, 9)), {
      'Worst RTO (start of the test failover to the test VM running)': '41 min, above the target of 30 min (app01)',
      'Worst RPO (age of the recovery point used)': '20 min, above the target of 15 min (app01)',
    });
    assert.match(value('Test network') ?? '', /^vnet-drill \(\/subscriptions\//);
    assert.equal(value('Production network used'), 'No');
    assert.match(unescape(md), /\*\*Result:\*\* Failed: at least one VM could not be recovered/);
  });

  it('gives each VM its recovery point (time and id), RPO, RTO, result, test VM and cleanup', () => {
    const md = drillReportMarkdown(mixedDrill(), []);
    const rows = tableAfter(md, '## Virtual machines').map(cells);
    assert.deepEqual(rows[0], ['VM', 'Host', 'Result', 'Recovery point', 'RPO', 'RTO', 'Test VM', 'Cleanup']);
    assert.deepEqual(
      rows.slice(2).map((r) => r[0]),
      ['app01', 'db01', 'file01', 'web01'],
    );
    const web = rows.find((r) => r[0] === 'web01')!;
    assert.equal(web[2], 'Passed');
    assert.equal(web[3], `${formatIsoDate(new Date(t0.getTime() - 40_000))} (id rp-web01-key)`);
    assert.equal(web[4], '40 s, within the target of 15 min');
    assert.equal(web[5], '4 min 12 s, within the target of 30 min');
    assert.match(web[6], /^web01-test \(\/subscriptions\/.*\/virtualMachines\/web01-key-test\)$/);
    assert.equal(web[7], 'Cleaned up');
    const db = rows.find((r) => r[0] === 'db01')!;
    assert.deepEqual([db[2], db[5], db[6]], ['Failed', 'not measured', 'none']);
    assert.equal(rows.find((r) => r[0] === 'app01')![7], 'Cleanup failed: clean up the test failover in the vault');
    assert.equal(rows.find((r) => r[0] === 'file01')![2], 'Cancelled');
  });

  it("lists each VM's errors with ASR's recommended action", () => {
    const md = drillReportMarkdown(mixedDrill(), []);
    const u = unescape(md);
    const errors = u.slice(u.indexOf('## Errors and recommended actions'), u.indexOf('## Readiness at drill time'));
    assert.ok(errors.includes('### db01'));
    assert.ok(errors.includes(`**${asrError.code}**: ${asrError.message}`));
    assert.ok(errors.includes(`*Recommended action:* ${asrError.recommendedAction}`));
    assert.ok(errors.includes('### app01\n\n- The cleanup of the test failover failed.'));
    assert.ok(!errors.includes('### web01'));
    assert.match(drillReportMarkdown(drill('d', t0, [passedVm('a', t0, 1, 1)]), []), /## Errors and recommended actions\n\nNo VM met an error\\\./);
  });

  it('has a readiness section with every check of each VM at drill time: outcome, summary, evidence, action', () => {
    const md = drillReportMarkdown(mixedDrill(), []);
    const readiness = md.slice(md.indexOf('## Readiness at drill time'), md.indexOf('## Earlier drills'));
    const db = readiness.slice(readiness.indexOf('### db01'), readiness.indexOf('### file01'));
    const rows = db
      .split('\n')
      .filter((l) => l.startsWith('|'))
      .map(cells);
    assert.deepEqual(rows[0], ['Check', 'Outcome', 'Finding', 'Evidence', 'Action']);
    assert.deepEqual(rows[3], [
      'Target subnet',
      'Failed',
      'Subnet default was deleted',
      'Network subnets of vnet-prod',
      'Choose another subnet in the VM’s Compute and Network settings.',
    ]);
    assert.deepEqual(rows[4].slice(0, 2), ['vCPU quota', 'Unknown']);
    const none = drillReportMarkdown({ ...mixedDrill(), readiness: {} }, []);
    assert.ok(none.includes('### web01\n\nNo readiness check was recorded for this VM\\.'));
  });

  it('shows the earlier drills of the same VMs: date, drill, VM, result, RTO, RPO', () => {
    const record = mixedDrill();
    const old = drill('20261101T090000Z-old', new Date(t0.getTime() - 34 * day), [passedVm('web01', t0, 300, 50), failedVm('db01', t0), passedVm('unrelated', t0, 5, 5)]);
    const md = drillReportMarkdown(record, [old, record]);
    const rows = tableAfter(md, '## Earlier drills of these VMs').map(cells);
    assert.deepEqual(rows[0], ['Date', 'Drill', 'VM', 'Result', 'RTO', 'RPO']);
    assert.deepEqual(
      rows.slice(2).map((r) => [r[2], r[3], r[4], r[5]]),
      [
        ['db01', 'Failed', 'not measured', '3 min, within the target of 15 min'],
        ['web01', 'Passed', '5 min, within the target of 30 min', '50 s, within the target of 15 min'],
      ],
    );
    assert.match(drillReportMarkdown(record, []), /## Earlier drills of these VMs\n\nNo earlier drill of these VMs is in the drill history\\\.\n$/);
  });

  it('escapes every text: a VM name with |, *, <, & stays in its cell and forms no markup', () => {
    const evil = 'a|b*c<script>&amp;[x](javascript:y)';
    const record = drill('d', t0, [passedVm(evil, t0, 60, 60, { host: 'h|*', errors: [{ code: '<b>', message: '| ** |', recommendedAction: '<img src=x>' }] })]);
    const md = drillReportMarkdown(record, []);
    const row = tableAfter(md, '## Virtual machines').map(rawCells)[2];
    assert.equal(row.length, 8);
    assert.equal(row[0], 'a\\|b\\*c\\<script\\>\\&amp\\;\\[x\\]\\(javascript\\:y\\)');
    assert.equal(unescape(row[0]), evil);
    assert.equal(unescape(row[1]), 'h|*');
    assert.ok(!/(?<!\\)<(script|img|b)\b/.test(md));
    assert.ok(!md.includes('](javascript'));
    assert.ok(!/(?<!\\)[*&<]/.test(md.slice(md.indexOf('## Virtual machines'), md.indexOf('## Errors'))));
  });

  it('is a cancelled drill when the user cancelled, and says so', () => {
    const base = drill('c', t0, [passedVm('a', t0, 60, 60), { ...passedVm('b', t0, 60, 60), state: 'cancelled', rtoSeconds: undefined }], { cancelled: true });
    assert.match(drillReportMarkdown(base, []), /\*\*Result:\*\* Cancelled by the user/);
  });

  it('holds only what the record holds: a field the record type does not have never reaches the report', () => {
    const record = mixedDrill();
    const tainted = { ...record, password: 'hunter2-secret', vms: record.vms.map((vm) => ({ ...vm, token: 'eyJ0eXAi-secret' })) };
    const md = drillReportMarkdown(tainted, [tainted]);
    assert.ok(!md.includes('secret'));
    assert.ok(!md.includes('hunter2'));
  });

  it('renders a drill of 200 VMs whole, quickly', () => {
    const record = bigDrill();
    const started = Date.now();
    const md = drillReportMarkdown(record, []);
    assert.ok(Date.now() - started < 1000);
    assert.equal(tableAfter(md, '## Virtual machines').length, 202);
    assert.equal(md.split('\n### vm').length - 1, 200);
  });
});
