import assert from 'node:assert/strict';
import type { JobLike, JobSummary } from '../../../src/model/jobSummary';
import { compareJobSummaries, jobStates, normalizeJobState, plainJob, summarizeJob } from '../../../src/model/jobSummary';

const NOW = new Date('2026-11-25T10:10:00Z');
const JOB_ID = '/Subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/replicationJobs/10f84032-df9b-476a-b7d7-95dc3375d5c0';

function testFailoverJob(extra: Partial<NonNullable<JobLike['properties']>> = {}): JobLike {
  return {
    id: JOB_ID,
    name: '10f84032-df9b-476a-b7d7-95dc3375d5c0',
    properties: {
      activityId: 'a1',
      scenarioName: 'TestFailover',
      friendlyName: 'Test failover',
      state: 'InProgress',
      stateDescription: 'InProgress',
      startTime: new Date('2026-11-25T10:00:00Z'),
      allowedActions: ['Cancel'],
      targetObjectId: 'vm-guid',
      targetObjectName: 'ramh157v01',
      targetInstanceType: 'ProtectionEntity',
      tasks: [
        { name: 'Prerequisite', friendlyName: 'Prerequisites check for test failover', state: 'Succeeded' },
        { name: 'CreateTestVm', friendlyName: 'Create test virtual machine', state: 'InProgress' },
        { name: 'StartVm', friendlyName: 'Start the virtual machine', state: 'NotStarted' },
      ],
      ...extra,
    },
  };
}

describe('model/jobSummary summarizeJob', () => {
  it('summarizes a running job: title, target, current step, progress, duration, actions', () => {
    const s = summarizeJob(testFailoverJob(), NOW);
    const expected: JobSummary = {
      jobName: '10f84032-df9b-476a-b7d7-95dc3375d5c0',
      title: 'Test failover',
      targetName: 'ramh157v01',
      state: 'InProgress',
      stateDescription: 'InProgress',
      scenarioName: 'TestFailover',
      isActive: true,
      currentStep: 'Create test virtual machine',
      progress: { done: 1, total: 3 },
      canCancel: true,
      canRestart: false,
      canResume: false,
      startTime: new Date('2026-11-25T10:00:00Z'),
      durationMs: 10 * 60 * 1000,
    };
    assert.deepEqual(s, expected);
  });

  it('a finished job: last finished step, end − start duration, not active', () => {
    const s = summarizeJob(
      testFailoverJob({
        state: 'Succeeded',
        stateDescription: 'Completed',
        endTime: new Date('2026-11-25T10:04:30Z'),
        allowedActions: [],
        tasks: [
          { friendlyName: 'Prerequisites check', state: 'Succeeded' },
          { friendlyName: 'Create test virtual machine', state: 'Succeeded' },
          { friendlyName: 'Start the virtual machine', state: 'Succeeded' },
        ],
      }),
      NOW,
    );
    assert.equal(s.isActive, false);
    assert.equal(s.currentStep, 'Start the virtual machine');
    assert.deepEqual(s.progress, { done: 3, total: 3 });
    assert.equal(s.durationMs, 270_000);
    assert.equal(s.endTime?.toISOString(), '2026-11-25T10:04:30.000Z');
    assert.equal(s.canCancel, false);
  });

  it('a failed job gives the service error message and recommended action', () => {
    const s = summarizeJob(
      testFailoverJob({
        state: 'Failed',
        errors: [
          {
            serviceErrorDetails: {
              code: '70094',
              message: 'Failover failed for the virtual machine.',
              recommendedAction: 'Retry the operation.',
            },
            errorLevel: 'Error',
          },
        ],
      }),
      NOW,
    );
    assert.equal(s.state, 'Failed');
    assert.equal(s.errorMessage, 'Failover failed for the virtual machine.');
    assert.equal(s.recommendedAction, 'Retry the operation.');
  });

  it('falls back to the provider error, then to errors of tasks', () => {
    const provider = summarizeJob(
      testFailoverJob({
        state: 'Failed',
        errors: [{ serviceErrorDetails: { message: '' }, providerErrorDetails: { errorCode: 31, errorMessage: 'Host not reachable', recommendedAction: 'Check the host.' } }],
      }),
      NOW,
    );
    assert.equal(provider.errorMessage, 'Host not reachable');
    assert.equal(provider.recommendedAction, 'Check the host.');

    const task = summarizeJob(
      testFailoverJob({
        state: 'Failed',
        errors: [],
        tasks: [{ friendlyName: 'Create test VM', state: 'Failed', errors: [{ serviceErrorDetails: { message: 'Quota exceeded' } }] }],
      }),
      NOW,
    );
    assert.equal(task.errorMessage, 'Quota exceeded');
    assert.equal(task.recommendedAction, undefined);
    assert.equal(task.currentStep, 'Create test VM');
  });

  it('normalizes every state, case-insensitively, with unknown as Other', () => {
    for (const state of jobStates) {
      assert.equal(normalizeJobState(state), state);
      assert.equal(normalizeJobState(state.toUpperCase()), state);
    }
    assert.equal(normalizeJobState('Paused'), 'Other');
    assert.equal(normalizeJobState(undefined), 'Other');
  });

  it('NotStarted, InProgress and Suspended are active; the rest are not', () => {
    const active = jobStates.filter((state) => summarizeJob(testFailoverJob({ state }), NOW).isActive);
    assert.deepEqual(active, ['NotStarted', 'InProgress', 'Suspended']);
  });

  it('reads Cancel / Restart / Resume from allowedActions case-insensitively', () => {
    const s = summarizeJob(testFailoverJob({ scenarioName: 'PlannedFailover', state: 'Suspended', allowedActions: ['cancel', 'RESTART', 'Resume'] }), NOW);
    assert.deepEqual([s.canCancel, s.canRestart, s.canResume], [true, true, true]);
    const none = summarizeJob(testFailoverJob({ allowedActions: undefined }), NOW);
    assert.deepEqual([none.canCancel, none.canRestart, none.canResume], [false, false, false]);
  });

  it('a suspended test failover job lists Resume (spec example) but is not offered it: the cmdlet refuses, the cleanup ends it', () => {
    const tfo = summarizeJob(testFailoverJob({ state: 'Suspended', stateDescription: 'WaitingForStopTestFailover', allowedActions: ['Cancel', 'Resume'] }), NOW);
    assert.deepEqual([tfo.canCancel, tfo.canResume], [true, false]);
  });

  it('titles: friendlyName, else scenarioName, else the job name', () => {
    assert.equal(summarizeJob(testFailoverJob({ friendlyName: undefined }), NOW).title, 'TestFailover');
    assert.equal(summarizeJob(testFailoverJob({ friendlyName: '', scenarioName: undefined }), NOW).title, '10f84032-df9b-476a-b7d7-95dc3375d5c0');
  });

  it('takes the job name from the id when the name is missing, and copes with an empty job', () => {
    assert.equal(summarizeJob({ id: JOB_ID }, NOW).jobName, '10f84032-df9b-476a-b7d7-95dc3375d5c0');
    const empty = summarizeJob({}, NOW);
    assert.equal(empty.jobName, '');
    assert.equal(empty.title, 'Site Recovery job');
    assert.equal(empty.state, 'Other');
    assert.equal(empty.targetName, '');
    assert.deepEqual(empty.progress, { done: 0, total: 0 });
    assert.equal(empty.currentStep, undefined);
    assert.equal(empty.durationMs, undefined);
  });

  it('accepts ISO strings for dates and ignores ASR "no date" end times', () => {
    const s = summarizeJob(testFailoverJob({ state: 'InProgress', startTime: '2026-11-25T10:05:00Z', endTime: '1753-01-01T01:01:01Z' }), NOW);
    assert.equal(s.durationMs, 5 * 60 * 1000);
    assert.equal(s.endTime, undefined);
  });

  it('a finished job without an end time has no duration (not "until now")', () => {
    const s = summarizeJob(testFailoverJob({ state: 'Failed', endTime: undefined }), NOW);
    assert.equal(s.isActive, false);
    assert.equal(s.durationMs, undefined);
    assert.equal(s.endTime, undefined);
  });

  it('never reports a negative duration', () => {
    const s = summarizeJob(testFailoverJob({ startTime: new Date('2026-11-25T11:00:00Z') }), NOW);
    assert.equal(s.durationMs, 0);
  });

  it('a job with only unstarted tasks has no current step', () => {
    const s = summarizeJob(testFailoverJob({ state: 'NotStarted', tasks: [{ friendlyName: 'A', state: 'NotStarted' }] }), NOW);
    assert.equal(s.currentStep, undefined);
    assert.deepEqual(s.progress, { done: 0, total: 1 });
  });

  it('sorts active jobs first, newest first', () => {
    const running = summarizeJob(testFailoverJob({ startTime: new Date('2026-11-25T10:00:00Z') }), NOW);
    const older = summarizeJob({ name: 'old', properties: { state: 'Succeeded', startTime: '2026-11-24T09:00:00Z', endTime: '2026-11-24T09:30:00Z' } }, NOW);
    const newer = summarizeJob({ name: 'new', properties: { state: 'Failed', startTime: '2026-11-25T09:00:00Z', endTime: '2026-11-25T09:30:00Z' } }, NOW);
    assert.deepEqual(
      [older, newer, running].sort(compareJobSummaries).map((s) => s.jobName),
      [running.jobName, 'new', 'old'],
    );
  });

  it('reads a malformed job through guards: wrong types are absent, never a throw (issue 12)', () => {
    const odd = {
      id: 42,
      name: ['x'],
      properties: {
        scenarioName: 7,
        friendlyName: null,
        state: { s: 1 },
        stateDescription: true,
        startTime: 'not a date',
        allowedActions: 'Cancel',
        targetObjectName: 5,
        tasks: [null, 'task', { friendlyName: 3, name: 'Step', state: 'InProgress', errors: [null, { serviceErrorDetails: 'x' }] }],
        errors: [{ serviceErrorDetails: { message: 9 }, providerErrorDetails: { errorMessage: 'Disk full', errorCode: 'n/a' } }],
      },
    } as unknown as JobLike;
    const { jobName, title, targetName, state, currentStep, progress, canCancel, errorMessage, startTime } = summarizeJob(odd, NOW);
    assert.deepEqual(
      { jobName, title, targetName, state, currentStep, progress, canCancel, errorMessage, startTime },
      {
        jobName: '',
        title: 'Site Recovery job',
        targetName: '',
        state: 'Other',
        currentStep: 'Step',
        progress: { done: 0, total: 1 },
        canCancel: false,
        errorMessage: 'Disk full',
        startTime: undefined,
      },
    );
    assert.deepEqual(plainJob(odd).properties?.tasks, [{ name: 'Step', state: 'InProgress', errors: [{}] }]);
    assert.doesNotThrow(() => summarizeJob({ properties: 'x' } as unknown as JobLike, NOW));
    assert.doesNotThrow(() => summarizeJob(null as unknown as JobLike, NOW));
  });
});
