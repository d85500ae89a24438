import assert from 'node:assert/strict';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { JobLike } from '../../../src/model/jobSummary';
import { MAX_CLEANUP_COMMENTS_LENGTH } from '../../../src/services/azure/failover';
import type { RecoveryPointSummary } from '../../../src/services/azure/recoveryPoints';
import { maxTextValueLength } from '../../../src/webviews/form/view';
import {
  cleanupNotesProblem,
  dataSyncChoices,
  failbackProviderId,
  formatPointTime,
  kindOptions,
  maxCleanupNotesLength,
  nameConfirmationProblem,
  networkOptions,
  networkProblem,
  noKindReason,
  offeredKinds,
  pointChoiceOptions,
  pointLabel,
  pointTypeLabel,
  resolveRecoveryPoint,
  specificPointOptions,
} from '../../../src/webviews/failover/failoverModel';
import { jobEnd, jobFailureText, stepsOfJob } from '../../../src/webviews/failover/jobProgress';

function item(allowedOperations: string[], props: Partial<NonNullable<ReplicationProtectedItem['properties']>> = {}): ReplicationProtectedItem {
  return { id: '/x', name: 'pi', properties: { friendlyName: 'vm1', protectionState: 'Protected', activeLocation: 'Primary', allowedOperations, ...props } };
}

const protectedOps = ['PlannedFailover', 'UnplannedFailover', 'DisableProtection', 'TestFailover'];
const points: RecoveryPointSummary[] = [
  { id: '/rp/3', name: '3', time: new Date('2026-11-25T10:15:00Z'), type: 'CrashConsistent' },
  { id: '/rp/2', name: '2', time: new Date('2026-11-25T10:10:00Z'), type: 'ApplicationConsistent' },
  { id: '/rp/1', name: '1', time: new Date('2026-11-25T09:05:07Z'), type: 'CrashConsistent' },
];

describe('failover wizard model', () => {
  describe('kinds offered per allowedOperations', () => {
    it('offers test, planned and unplanned for a protected VM, each saying what happens on premises', () => {
      assert.deepEqual(offeredKinds(item(protectedOps)), ['test', 'planned', 'unplanned']);
      const [test, planned, unplanned] = kindOptions(item(protectedOps), 'vm1');
      assert.match(test.detail ?? '', /vm1 keeps running on premises/);
      assert.match(test.detail ?? '', /isolated network/);
      assert.match(planned.detail ?? '', /shut down in order.*synchronised.*No data is lost/);
      assert.match(unplanned.detail ?? '', /site is down.*recovery point.*lost/);
    });
    it('offers only what Azure allows now, in a stable order, case-insensitively', () => {
      assert.deepEqual(offeredKinds(item(['testfailover', 'DisableProtection'])), ['test']);
      assert.deepEqual(offeredKinds(item(['UnplannedFailover', 'PlannedFailover'])), ['planned', 'unplanned']);
      assert.deepEqual(offeredKinds(undefined), []);
    });
    it('offers nothing while a test failover waits for cleanup, and says what to do', () => {
      const waiting = item(['DisableProtection', 'TestFailoverCleanup'], { testFailoverState: 'WaitingForCompletion' });
      assert.deepEqual(offeredKinds(waiting), []);
      const reason = noKindReason(waiting, 'vm1');
      assert.match(reason, /^Cannot fail over for "vm1"/);
      assert.match(reason, /Clean up the test failover first\./);
    });
  });

  describe('typed-name confirmation', () => {
    it('accepts only the exact name (surrounding spaces ignored)', () => {
      assert.equal(nameConfirmationProblem('ramh157v01', 'ramh157v01'), undefined);
      assert.equal(nameConfirmationProblem('  ramh157v01 ', 'ramh157v01'), undefined);
      assert.match(nameConfirmationProblem('', 'ramh157v01') ?? '', /Type ramh157v01/);
      assert.match(nameConfirmationProblem('RAMH157V01', 'ramh157v01') ?? '', /exactly, including upper and lower case/);
      assert.match(nameConfirmationProblem('ramh157v0', 'ramh157v01') ?? '', /not the name of this VM/);
      assert.match(nameConfirmationProblem('ramh157v011', 'ramh157v01') ?? '', /not the name/);
    });
  });

  describe('recovery point choices', () => {
    it("writes a point's time in the user's local time with the zone, and its type as ASR's portal does", () => {
      const paris = { locale: 'en-GB', timeZone: 'Europe/Paris' };
      assert.equal(formatPointTime(new Date('2026-12-05T00:05:09Z'), paris), '5 Dec 2026, 01:05:09 CET');
      assert.equal(formatPointTime(new Date('2026-07-05T00:05:09Z'), paris), '5 Jul 2026, 02:05:09 CEST');
      assert.equal(formatPointTime(new Date('2026-12-05T00:05:09Z'), { locale: 'en-US', timeZone: 'UTC' }), 'Dec 5, 2026, 12:05:09 AM UTC');
      assert.equal(pointTypeLabel('CrashConsistent'), 'Crash-consistent');
      assert.equal(pointTypeLabel('ApplicationConsistent'), 'App-consistent');
      assert.equal(pointTypeLabel(''), 'Type unknown');
      assert.equal(pointLabel(points[1], paris), '25 Nov 2026, 11:10:00 CET (App-consistent)');
    });
    it('labels points with their time and type, newest first', () => {
      assert.deepEqual(
        specificPointOptions(points).map((o) => [o.value, o.label]),
        [
          ['/rp/3', `${formatPointTime(points[0].time)} (Crash-consistent)`],
          ['/rp/2', `${formatPointTime(points[1].time)} (App-consistent)`],
          ['/rp/1', `${formatPointTime(points[2].time)} (Crash-consistent)`],
        ],
      );
    });
    it('resolves latest processed to no id, latest app-consistent and a specific point to their ids', () => {
      assert.deepEqual(resolveRecoveryPoint('latestProcessed', undefined, points), { ok: true, label: `Latest processed (now ${formatPointTime(points[0].time)})` });
      assert.deepEqual(resolveRecoveryPoint('latestAppConsistent', undefined, points), {
        ok: true,
        recoveryPointId: '/rp/2',
        label: `Latest app-consistent (${formatPointTime(points[1].time)})`,
      });
      assert.deepEqual(resolveRecoveryPoint('specific', '/rp/1', points), { ok: true, recoveryPointId: '/rp/1', label: `${formatPointTime(points[2].time)} (Crash-consistent)` });
    });
    it('says what is missing: no point chosen, an expired point, no app-consistent point', () => {
      assert.deepEqual(resolveRecoveryPoint('specific', undefined, points), { ok: false, problem: 'Choose a recovery point from the list.' });
      const gone = resolveRecoveryPoint('specific', '/rp/gone', points);
      assert.match(gone.ok ? '' : gone.problem, /no longer in the list/);
      const crashOnly = points.filter((p) => p.type === 'CrashConsistent');
      assert.equal(resolveRecoveryPoint('latestAppConsistent', undefined, crashOnly).ok, false);
    });
    it('disables the choices that have no point', () => {
      const none = pointChoiceOptions([]);
      assert.deepEqual(
        none.map((o) => [o.value, o.disabled === true]),
        [
          ['latestProcessed', false],
          ['latestAppConsistent', true],
          ['specific', true],
        ],
      );
      const some = pointChoiceOptions(points);
      assert.ok(some.every((o) => o.disabled !== true));
      assert.ok((some[0].detail ?? '').includes(formatPointTime(points[0].time)));
    });
  });

  describe('network of a test failover', () => {
    const nets = [{ id: '/vnet/test', name: 'ram-test-vnet', resourceGroup: 'RAM-Network-RG', location: 'westeurope', addressPrefixes: ['10.30.0.0/16'], subnets: [] }];
    it('offers no network and the listed networks, and needs a choice', () => {
      assert.deepEqual(
        networkOptions(nets).map((o) => o.value),
        ['none', '/vnet/test'],
      );
      assert.equal(networkOptions(nets)[1].detail, 'RAM-Network-RG · 10.30.0.0/16');
      assert.match(networkProblem(undefined, nets) ?? '', /Choose the network/);
      assert.equal(networkProblem('none', nets), undefined);
      assert.equal(networkProblem('/vnet/test', nets), undefined);
      assert.match(networkProblem('/vnet/other', nets) ?? '', /no longer in the list/);
    });
  });

  describe('cleanup notes', () => {
    it(`allow up to ${maxCleanupNotesLength} characters: what Azure takes, within what a form text field carries`, () => {
      assert.equal(maxCleanupNotesLength, Math.min(MAX_CLEANUP_COMMENTS_LENGTH, maxTextValueLength));
      assert.equal(maxCleanupNotesLength, 1000);
      assert.equal(cleanupNotesProblem(''), undefined);
      assert.equal(cleanupNotesProblem('x'.repeat(1000)), undefined);
      assert.match(cleanupNotesProblem('x'.repeat(1001)) ?? '', /1001 characters.*at most 1000/);
    });
  });

  describe('failback options', () => {
    it('says what each data sync option does (ForDownTime synchronises while the Azure VM runs)', () => {
      const [downTime, sync] = dataSyncChoices('vm1');
      assert.equal(downTime.value, 'ForDownTime');
      assert.match(downTime.detail ?? '', /while vm1 keeps running in Azure; then the Azure VM shuts down, only the last changes/);
      assert.equal(sync.value, 'ForSynchronization');
      assert.match(sync.detail ?? '', /vm1 shuts down in Azure at once, then the changes are copied/);
    });
    it('finds the host provider needed to create a missing VM', () => {
      assert.equal(failbackProviderId(item([], { recoveryServicesProviderId: '/prov/p1' })), '/prov/p1');
      assert.equal(failbackProviderId(item([])), undefined);
      assert.equal(failbackProviderId(undefined), undefined);
    });
  });

  describe('job progress', () => {
    const job = (state: string, tasks: { friendlyName: string; state: string }[], errors: JobLike['properties'] = {}): JobLike => ({
      name: 'j1',
      properties: { friendlyName: 'Test failover', state, tasks, ...errors },
    });
    it('shows the tasks as steps with their states', () => {
      const steps = stepsOfJob(
        job('InProgress', [
          { friendlyName: 'Prerequisites check', state: 'Succeeded' },
          { friendlyName: 'Create test VM', state: 'InProgress' },
          { friendlyName: 'Start', state: 'NotStarted' },
        ]),
        'Test failover',
      );
      assert.deepEqual(
        steps.map((s) => [s.id, s.label, s.state]),
        [
          ['task-1', 'Prerequisites check', 'succeeded'],
          ['task-2', 'Create test VM', 'running'],
          ['task-3', 'Start', 'pending'],
        ],
      );
      assert.deepEqual(stepsOfJob(job('InProgress', []), 'Commit'), [{ id: 'job', label: 'Commit', state: 'running' }]);
    });
    it('puts the reason on the failed step and in the failure text, with the recommended action', () => {
      const failed = job(
        'Failed',
        [
          { friendlyName: 'Prerequisites check', state: 'Succeeded' },
          { friendlyName: 'Create test VM', state: 'Failed' },
          { friendlyName: 'Start', state: 'Skipped' },
        ],
        {
          errors: [{ serviceErrorDetails: { message: 'The quota of cores is exhausted', recommendedAction: 'Ask for more quota, then retry' } }],
        },
      );
      const steps = stepsOfJob(failed, 'Test failover');
      assert.deepEqual(
        steps.map((s) => s.state),
        ['succeeded', 'failed', 'skipped'],
      );
      assert.equal(steps[1].detail, 'The quota of cores is exhausted');
      assert.equal(jobEnd(failed), 'failed');
      assert.equal(jobFailureText(failed, 'Test failover'), 'Test failover failed: The quota of cores is exhausted. Ask for more quota, then retry.');
      assert.equal(jobFailureText(job('Cancelled', []), 'Commit'), 'Commit was cancelled in Azure before it finished.');
      assert.match(jobFailureText(job('Failed', []), 'Commit'), /gave no reason/);
    });
    it('a suspended job: its Suspended task waits, or (no task says so) the first task not started', () => {
      const marked = stepsOfJob(
        job('Suspended', [
          { friendlyName: 'Sync', state: 'Succeeded' },
          { friendlyName: 'Shut down', state: 'Suspended' },
          { friendlyName: 'Start', state: 'NotStarted' },
        ]),
        'Failback',
        'Press Continue.',
      );
      assert.deepEqual(
        marked.map((s) => [s.state, s.detail]),
        [
          ['succeeded', undefined],
          ['running', 'Press Continue.'],
          ['pending', undefined],
        ],
      );
      const unmarked = stepsOfJob(
        job('Suspended', [
          { friendlyName: 'Sync', state: 'Succeeded' },
          { friendlyName: 'Shut down', state: 'NotStarted' },
          { friendlyName: 'Start', state: 'NotStarted' },
        ]),
        'Failback',
        'Press Continue.',
      );
      assert.deepEqual(
        unmarked.map((s) => [s.state, s.detail]),
        [
          ['succeeded', undefined],
          ['running', 'Press Continue.'],
          ['pending', undefined],
        ],
      );
      const running = stepsOfJob(
        job('InProgress', [
          { friendlyName: 'Sync', state: 'Succeeded' },
          { friendlyName: 'Shut down', state: 'NotStarted' },
        ]),
        'Failback',
        'Press Continue.',
      );
      assert.deepEqual(
        running.map((s) => s.state),
        ['succeeded', 'pending'],
      );
    });
    it('knows when a job has ended', () => {
      assert.equal(jobEnd(job('InProgress', [])), 'running');
      assert.equal(jobEnd(job('NotStarted', [])), 'running');
      assert.equal(jobEnd(job('Succeeded', [])), 'succeeded');
      assert.equal(jobEnd(job('Suspended', [])), 'suspended');
    });
  });
});
