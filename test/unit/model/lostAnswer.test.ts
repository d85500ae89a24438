import assert from 'node:assert/strict';
import type { JobLike } from '../../../src/model/jobSummary';
import {
  actionScenarioNames,
  candidateJobs,
  CLOCK_SKEW_ALLOWANCE_MS,
  currentScenarioJob,
  decideAfterLostAnswer,
  isOperationInProgressRefusal,
  itemStillAllows,
  type LostActionProbe,
} from '../../../src/model/lostAnswer';
import type { ProtectedItemLike } from '../../../src/model/protectedItem';

const ITEM = '193ca098-991d-4a6f-be78-da2c6e7bd290';
const sentAt = new Date('2026-12-04T10:00:00.000Z');
const at = (seconds: number): string => new Date(sentAt.getTime() + seconds * 1000).toISOString();

function job(name: string, scenarioName: string, startSeconds: number, state = 'InProgress', target = ITEM): JobLike {
  return { name, properties: { scenarioName, state, startTime: at(startSeconds), targetObjectId: target, targetObjectName: 'ramh157v01', targetInstanceType: 'ProtectionEntity' } };
}

function item(allowedOperations: string[], currentScenario?: { scenarioName: string; jobId: string; startTime: string }): ProtectedItemLike {
  return { name: ITEM, properties: { friendlyName: 'ramh157v01', protectionState: 'Protected', allowedOperations, ...(currentScenario ? { currentScenario } : {}) } };
}

const probe = (action: LostActionProbe['action']): LostActionProbe => ({ action, itemName: ITEM, vmName: 'ramh157v01', sentAt });
const idle = ['PlannedFailover', 'UnplannedFailover', 'DisableProtection', 'TestFailover'];

describe('model/lostAnswer: which job a lost action started', () => {
  it("names each action's job as the job list reports it", () => {
    assert.deepEqual(actionScenarioNames.testFailover, ['TestFailover']);
    assert.equal(actionScenarioNames.failback[0], 'PlannedFailover', 'a failback is a planned failover (REC/PlannedFailover.json)');
    assert.equal(actionScenarioNames.enableProtection[0], 'EnableDr');
    assert.equal(actionScenarioNames.disableProtection[0], 'DisableDr');
  });

  it("candidates: the action's scenario, on the item, started since the request (less the skew), newest first", () => {
    const jobs = [
      job('old', 'TestFailover', -CLOCK_SKEW_ALLOWANCE_MS / 1000 - 1, 'Succeeded'),
      job('skewed', 'TestFailover', -5),
      job('other-item', 'TestFailover', 1, 'InProgress', 'another-item'),
      job('other-scenario', 'PlannedFailover', 1),
      job('mine', 'testfailover', 2),
    ];
    assert.deepEqual(
      candidateJobs(jobs, probe('testFailover')).map((j) => j.name),
      ['mine', 'skewed'],
    );
    assert.deepEqual(
      candidateJobs(jobs, { ...probe('testFailover'), skewMs: 0 }).map((j) => j.name),
      ['mine'],
    );
  });

  it('a job without targetObjectId matches by the VM name; without a start time it never matches', () => {
    const byName: JobLike = { name: 'n', properties: { scenarioName: 'Commit', startTime: at(1), targetObjectName: 'RAMH157V01' } };
    const noTime: JobLike = { name: 't', properties: { scenarioName: 'Commit', targetObjectId: ITEM } };
    assert.deepEqual(
      candidateJobs([byName, noTime], probe('commit')).map((j) => j.name),
      ['n'],
    );
  });

  it('follows a running job of the action started since the request', () => {
    const d = decideAfterLostAnswer([job('j1', 'TestFailover', 1)], probe('testFailover'), item([]));
    assert.deepEqual(d, { kind: 'follow', job: job('j1', 'TestFailover', 1) });
  });

  it('follows a finished job once the item no longer allows the action (it moved on)', () => {
    const d = decideAfterLostAnswer([job('j1', 'TestFailover', 1, 'Succeeded')], probe('testFailover'), item(['DisableProtection', 'TestFailoverCleanup']));
    assert.equal(d.kind === 'follow' && d.job.name, 'j1');
  });

  it('a finished job while the item allows the action again is an earlier run: resend', () => {
    // The planned failover just before a failback: same scenario, ended, the item allows Failback.
    const d = decideAfterLostAnswer([job('planned', 'PlannedFailover', -2, 'Succeeded')], probe('failback'), item(['CompleteMigration', 'DisableProtection', 'Failback']));
    assert.deepEqual(d, { kind: 'resend' });
  });

  it('no job: resend while the item allows the action, else the real error', () => {
    assert.deepEqual(decideAfterLostAnswer([], probe('plannedFailover'), item(idle)), { kind: 'resend' });
    assert.deepEqual(decideAfterLostAnswer([], probe('plannedFailover'), item([])), { kind: 'fail' });
    // Someone else's job, running since before the request: not ours, and the item is busy.
    assert.deepEqual(decideAfterLostAnswer([job('theirs', 'PlannedFailover', -120)], probe('plannedFailover'), item([])), { kind: 'fail' });
  });

  it("finds the running job in the item's currentScenario when the list does not show it yet", () => {
    const running = item([], {
      scenarioName: 'PlannedFailover',
      jobId: '/subscriptions/s/resourceGroups/r/providers/Microsoft.RecoveryServices/vaults/v/replicationJobs/j9',
      startTime: at(1),
    });
    const d = decideAfterLostAnswer([], probe('plannedFailover'), running);
    assert.equal(d.kind === 'follow' && d.job.name, 'j9');
    assert.equal(currentScenarioJob(item([], { scenarioName: 'None', jobId: '/x/replicationJobs/None', startTime: '1753-01-01T01:01:01Z' }), ITEM), undefined);
    assert.equal(currentScenarioJob(undefined, ITEM), undefined);
  });

  it('enable: the item must not exist yet; disable: it must exist and allow it', () => {
    assert.equal(itemStillAllows('enableProtection', undefined), true);
    assert.equal(itemStillAllows('enableProtection', item([])), false);
    assert.equal(itemStillAllows('disableProtection', undefined), false);
    assert.equal(itemStillAllows('disableProtection', item(['DisableProtection'])), true);
    const enabled = decideAfterLostAnswer([job('e1', 'EnableDr', 0, 'Succeeded')], probe('enableProtection'), item(['DisableProtection']));
    assert.equal(enabled.kind === 'follow' && enabled.job.name, 'e1');
    const disabled = decideAfterLostAnswer([job('d1', 'DisableDr', 0, 'Succeeded')], probe('disableProtection'), undefined);
    assert.equal(disabled.kind === 'follow' && disabled.job.name, 'd1');
  });

  it('a 409 or 400 that says an operation runs, or the action is not allowed, is what a resend meets', () => {
    assert.equal(
      isOperationInProgressRefusal({
        statusCode: 409,
        code: 'OperationNotAllowed',
        message: "The operation 'PlannedFailover' is not allowed on the replicated item 'x' in its current state.",
      }),
      true,
    );
    assert.equal(isOperationInProgressRefusal({ statusCode: 409, code: '28042', message: 'Another operation is in progress on web01.' }), true);
    assert.equal(isOperationInProgressRefusal({ statusCode: 409, code: 'ProtectionAlreadyEnabled', message: 'Replication is already enabled.' }), true);
    assert.equal(isOperationInProgressRefusal({ statusCode: 400, code: 'InvalidInput', message: 'The recovery point does not exist.' }), false);
    assert.equal(isOperationInProgressRefusal({ statusCode: 404, code: 'NotFound', message: 'not allowed' }), false);
    assert.equal(isOperationInProgressRefusal({ code: 'ECONNRESET' }), false);
  });
});
