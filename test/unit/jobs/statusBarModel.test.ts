import assert from 'node:assert/strict';
import { escapeMarkdown, replicatingVms, statusBarModel } from '../../../src/jobs/statusBarModel';
import type { EstateSnapshot } from '../../../src/estate';
import { estateHost, estateVm, lifecycle } from '../tree/fixtures';
import type { JobsSnapshot } from '../../../src/jobs/types';
import type { JobSummary } from '../../../src/model/jobSummary';
import { summarizeJob } from '../../../src/model/jobSummary';
import type { JobSpec } from './fakes';
import { asrJob } from './fakes';

const NOW = new Date('2026-11-25T10:00:00Z');

function summary(name: string, spec: JobSpec = {}): JobSummary {
  return summarizeJob(asrJob(name, spec), NOW);
}

function snapshot(active: JobSummary[], recent: JobSummary[] = [], failedSinceSeen = 0): JobsSnapshot {
  return { takenAt: NOW, active, recent, failedSinceSeen };
}

/** Markdown specials that are not preceded by a backslash. */
function unescaped(text: string, chars: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charAt(i);
    if (chars.includes(c)) {
      let slashes = 0;
      for (let j = i - 1; j >= 0 && text.charAt(j) === '\\'; j -= 1) {
        slashes += 1;
      }
      if (slashes % 2 === 0) {
        found.push(c);
      }
    }
  }
  return found;
}

describe('jobs/statusBarModel', () => {
  it('is hidden before the first poll', () => {
    const m = statusBarModel(undefined);
    assert.equal(m.visible, false);
    assert.equal(m.backgroundColorId, undefined);
    assert.equal(m.command, 'azureSiteRecovery.showJobs');
  });

  it('is hidden when nothing runs and no failure is unseen, even with recent jobs', () => {
    const m = statusBarModel(snapshot([], [summary('ok', { state: 'Succeeded', tasks: [4, 4], endTime: NOW }), summary('f', { state: 'Failed', endTime: NOW })], 0));
    assert.deepEqual(m, { visible: false, text: '', tooltip: '', command: 'azureSiteRecovery.showJobs' });
  });

  it('one running job: spinner, "1 job", its VM, step and progress in the tooltip', () => {
    const m = statusBarModel(snapshot([summary('a', { target: 'web01', tasks: [2, 4] })]));
    assert.equal(m.visible, true);
    assert.equal(m.text, '$(sync~spin) ASR: 1 job');
    assert.equal(m.backgroundColorId, undefined);
    assert.equal(m.command, 'azureSiteRecovery.showJobs');
    assert.match(m.tooltip, /^\*\*Azure Site Recovery: 1 job running\*\*/);
    assert.ok(m.tooltip.includes('- **Test failover** · web01 · Step 3 2/4'), m.tooltip);
  });

  it('two running jobs: "2 jobs", each listed', () => {
    const m = statusBarModel(snapshot([summary('a', { target: 'web01' }), summary('b', { target: 'sql02', friendlyName: 'Planned failover', tasks: [0, 3] })]));
    assert.equal(m.text, '$(sync~spin) ASR: 2 jobs');
    assert.ok(m.tooltip.includes('2 jobs running'));
    assert.ok(m.tooltip.includes('web01'));
    assert.ok(m.tooltip.includes('- **Planned failover** · sql02 · Step 1 0/3'), m.tooltip);
    assert.equal(m.tooltip.split('\n').filter((l) => l.startsWith('- ')).length, 2);
  });

  it('a job without tasks shows no "0/0"; a suspended job says it is waiting', () => {
    const m = statusBarModel(snapshot([summary('a', { tasks: [0, 0] }), summary('b', { state: 'Suspended', tasks: [1, 2] })]));
    assert.ok(!m.tooltip.includes('0/0'));
    assert.ok(m.tooltip.includes('*waiting*'));
  });

  it('an unseen failure with nothing running: error icon, "1 job failed", error background, the reason', () => {
    const failed = summary('f', { state: 'Failed', target: 'web01', error: 'The disk is full', endTime: NOW });
    const m = statusBarModel(snapshot([], [failed], 1));
    assert.equal(m.visible, true);
    assert.equal(m.text, '$(error) ASR: 1 job failed');
    assert.equal(m.backgroundColorId, 'statusBarItem.errorBackground');
    assert.ok(m.tooltip.includes('**1 job failed**'));
    assert.ok(m.tooltip.includes('web01: The disk is full'), m.tooltip);
  });

  it('two unseen failures: "2 jobs failed", only the unseen (newest) ones listed', () => {
    const f = (name: string, minute: number): JobSummary =>
      summary(name, { state: 'Failed', target: name, startTime: new Date('2026-11-25T09:00:00Z'), endTime: new Date(Date.parse('2026-11-25T09:00:00Z') + minute * 60_000) });
    const m = statusBarModel(snapshot([], [f('new1', 50), f('new2', 40), f('old', 10)], 2));
    assert.equal(m.text, '$(error) ASR: 2 jobs failed');
    assert.ok(m.tooltip.includes('new1') && m.tooltip.includes('new2'));
    assert.ok(!m.tooltip.includes('old'));
  });

  it('running jobs and an unseen failure: spinner with the count of failures, error background', () => {
    const m = statusBarModel(snapshot([summary('a')], [summary('f', { state: 'Failed', endTime: NOW })], 1));
    assert.equal(m.text, '$(sync~spin) ASR: 1 job, 1 failed');
    assert.equal(m.backgroundColorId, 'statusBarItem.errorBackground');
    assert.ok(m.tooltip.includes('1 job running') && m.tooltip.includes('1 job failed'));
  });

  it('escapes hostile VM names, titles, steps and errors', () => {
    const hostile = '**boss** [click](https://evil.example) <img src=x onerror=alert(1)> $(alert) _x_ `code` # h\nnext line';
    const active = summarizeJob(
      {
        name: 'h1',
        properties: {
          state: 'InProgress',
          friendlyName: hostile,
          targetObjectName: hostile,
          tasks: [{ friendlyName: hostile, state: 'InProgress' }],
        },
      },
      NOW,
    );
    const failed = summary('h2', { state: 'Failed', target: hostile, error: hostile, endTime: NOW });
    const m = statusBarModel(snapshot([active], [failed], 1));
    const escaped = escapeMarkdown(hostile);
    assert.equal(m.tooltip.split(escaped).length - 1, 5, m.tooltip); // title, VM, step; VM, error
    assert.deepEqual(unescaped(escaped, '[]()<>`$_#*!|'), []);
    assert.ok(!m.tooltip.includes('\nnext line'));
    assert.ok(!/(^|[^\\])\$\(alert/.test(m.tooltip));
    assert.ok(!/(^|[^\\])<img/.test(m.tooltip));
    assert.ok(!m.tooltip.includes('https://evil'));
    assert.ok(m.tooltip.includes('\\$\\(alert\\)'));
    assert.equal(m.text, '$(sync~spin) ASR: 1 job, 1 failed');
  });

  describe('escapeMarkdown', () => {
    it('backslash-escapes every ASCII punctuation character and flattens line breaks', () => {
      assert.equal(escapeMarkdown('a*b_c'), 'a\\*b\\_c');
      assert.equal(escapeMarkdown('[x](y)'), '\\[x\\]\\(y\\)');
      assert.equal(escapeMarkdown('\\'), '\\\\');
      assert.equal(escapeMarkdown('line1\r\nline2'), 'line1 line2');
      assert.equal(escapeMarkdown('vm-01.contoso.com'), 'vm\\-01\\.contoso\\.com');
      assert.equal(escapeMarkdown('plain name 42'), 'plain name 42');
    });
  });

  describe("initial replication (the estate's replicating VMs)", () => {
    it('one VM in initial replication, no job: "Replicating 1 VM · 42%", the VM named in the tooltip', () => {
      const m = statusBarModel(snapshot([]), [{ name: 'ramh157v03', percent: 42 }]);
      assert.equal(m.visible, true);
      assert.equal(m.text, '$(sync~spin) Replicating 1 VM · 42%');
      assert.match(m.tooltip, /\*\*Initial replication: 1 VM\*\*\n\n- ramh157v03 · 42%/);
      assert.equal(m.backgroundColorId, undefined);
    });

    it('two VMs: their mean percentage; a VM without one counts in the number only', () => {
      assert.equal(
        statusBarModel(undefined, [
          { name: 'a', percent: 40 },
          { name: 'b', percent: 61 },
        ]).text,
        '$(sync~spin) Replicating 2 VMs · 51%',
      );
      assert.equal(statusBarModel(undefined, [{ name: 'a' }, { name: 'b' }]).text, '$(sync~spin) Replicating 2 VMs');
    });

    it('with running jobs and an unseen failure: both counts, the jobs first', () => {
      const m = statusBarModel(snapshot([summary('a')], [], 1), [{ name: 'v', percent: 7 }]);
      assert.equal(m.text, '$(sync~spin) ASR: 1 job, 1 failed · Replicating 1 VM · 7%');
      assert.equal(m.backgroundColorId, 'statusBarItem.errorBackground');
      const quiet = statusBarModel(snapshot([], [], 1), [{ name: 'v', percent: 7 }]);
      assert.equal(quiet.text, '$(sync~spin) Replicating 1 VM · 7% · 1 job failed');
    });

    it('the VM name is escaped in the tooltip', () => {
      const m = statusBarModel(undefined, [{ name: 'vm_[x](y)', percent: 1 }]);
      assert.deepEqual(unescaped(m.tooltip.split('\n').find((l) => l.startsWith('- vm')) ?? '', '[]()_'), []);
    });

    it("replicatingVms: the estate's VMs of kind Replicating with the percentage the tree shows", () => {
      const vms = [
        estateVm(lifecycle.initialReplication, { name: 'ramh157v03', key: 'k3' }),
        estateVm(lifecycle.protected, { name: 'ramh157v01', key: 'k1' }),
        estateVm(undefined, { name: 'other', key: 'k9' }),
      ];
      const estate: EstateSnapshot = {
        takenAt: NOW,
        hosts: [estateHost({ vms })],
        unassignedVms: [],
        counts: { hosts: 1, vms: 3, protected: 1 },
      };
      assert.deepEqual(replicatingVms(estate), [{ name: 'ramh157v03', percent: 42 }]);
      assert.deepEqual(replicatingVms(undefined), []);
    });
  });
});
