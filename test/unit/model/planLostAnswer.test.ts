import assert from 'node:assert/strict';
import type { JobLike } from '../../../src/model/jobSummary';
import { CLOCK_SKEW_ALLOWANCE_MS } from '../../../src/model/lostAnswer';
import { decidePlanAfterLostAnswer, isPlanJobOf, planActionScenarioNames, planStillAllows, type LostPlanActionProbe, type PlanLike } from '../../../src/model/planLostAnswer';

const sentAt = new Date('2026-12-05T10:00:00.000Z');
const at = (seconds: number): string => new Date(sentAt.getTime() + seconds * 1000).toISOString();

/** A plan job as SDK-REC/RPFailoverCommit.json's job read shows it: targetObjectId an id of its own, targetObjectName the plan's. */
function job(name: string, scenarioName: string, startSeconds: number, state = 'InProgress', planName = 'rpTest1'): JobLike {
  return {
    name,
    properties: {
      scenarioName,
      state,
      startTime: at(startSeconds),
      targetObjectId: 'bc06a2b0-c8b0-47ae-af1c-0dae26a8b61e',
      targetObjectName: planName,
      targetInstanceType: 'RecoveryPlan',
    },
  };
}

function plan(allowedOperations: string[], currentScenario?: { scenarioName: string; jobId: string; startTime: string }): PlanLike {
  return { name: 'rpTest1', properties: { friendlyName: 'rpTest1', allowedOperations, ...(currentScenario ? { currentScenario } : {}) } };
}

const probe = (action: LostPlanActionProbe['action']): LostPlanActionProbe => ({ action, planName: 'rpTest1', friendlyName: 'rpTest1', sentAt });
const idle = ['PlannedFailover', 'UnplannedFailover', 'TestFailover'];

describe('model/planLostAnswer: which job a lost recovery plan action started', () => {
  it("names each action's job as the recordings show the plan's currentScenario", () => {
    assert.deepEqual(planActionScenarioNames.testFailover, ['TestFailover']);
    assert.equal(planActionScenarioNames.commit[0], 'CommitFailover', 'SDK-REC/RPFailoverCommit.json');
    assert.equal(planActionScenarioNames.failback[0], 'PlannedFailover', 'REC/RPFailback.json entry 12');
  });

  it("a plan's job: by targetObjectName (the plan), of type RecoveryPlan, of the action's scenario", () => {
    assert.equal(isPlanJobOf(job('j', 'CommitFailover', 1), probe('commit')), true);
    assert.equal(isPlanJobOf(job('j', 'commitfailover', 1, 'InProgress', 'RPTEST1'), probe('commit')), true);
    assert.equal(isPlanJobOf(job('j', 'CommitFailover', 1, 'InProgress', 'rpOther'), probe('commit')), false);
    assert.equal(isPlanJobOf(job('j', 'TestFailover', 1), probe('commit')), false);
    const onVm: JobLike = { name: 'vm', properties: { scenarioName: 'CommitFailover', startTime: at(1), targetObjectName: 'rpTest1', targetInstanceType: 'ProtectionEntity' } };
    assert.equal(isPlanJobOf(onVm, probe('commit')), false, "a VM's job named like the plan is not the plan's");
  });

  it('follows a running job of the action on the plan started since the request', () => {
    const d = decidePlanAfterLostAnswer([job('other', 'TestFailover', 1, 'InProgress', 'rp2'), job('j1', 'TestFailover', 1)], probe('testFailover'), plan([]));
    assert.equal(d.kind === 'follow' && d.job.name, 'j1');
  });

  it('follows a finished job once the plan no longer allows the action (RPTestFailover: only TestFailoverCleanup)', () => {
    const d = decidePlanAfterLostAnswer([job('j1', 'TestFailover', 1, 'Succeeded')], probe('testFailover'), plan(['TestFailoverCleanup']));
    assert.equal(d.kind === 'follow' && d.job.name, 'j1');
  });

  it('the planned failover just before a failback is an earlier run while the plan allows the failback: resend', () => {
    const d = decidePlanAfterLostAnswer([job('planned', 'PlannedFailover', -2, 'Succeeded')], probe('failback'), plan([...idle, 'Commit']));
    assert.deepEqual(d, { kind: 'resend' });
  });

  it('no job: resend while the plan allows the action (checkPlanAction), else the real error', () => {
    assert.deepEqual(decidePlanAfterLostAnswer([], probe('plannedFailover'), plan(idle)), { kind: 'resend' });
    assert.deepEqual(decidePlanAfterLostAnswer([], probe('plannedFailover'), plan(['TestFailoverCleanup'])), { kind: 'fail' });
    assert.deepEqual(decidePlanAfterLostAnswer([], probe('plannedFailover'), undefined), { kind: 'fail' }, 'the plan is gone');
    const theirs = job('theirs', 'PlannedFailover', -CLOCK_SKEW_ALLOWANCE_MS / 1000 - 60);
    assert.deepEqual(decidePlanAfterLostAnswer([theirs], probe('plannedFailover'), plan([])), { kind: 'fail' }, 'running since before the request: not ours');
  });

  it("finds the running job in the plan's currentScenario when the list does not show it yet (RPTestFailover entry 5)", () => {
    const running = plan(['TestFailoverCleanup'], {
      scenarioName: 'TestFailover',
      jobId: '/Subscriptions/s/resourceGroups/r/providers/Microsoft.RecoveryServices/vaults/h2atest/replicationJobs/a144f484-7657-4ccc-b47c-26156fe64a46',
      startTime: at(9),
    });
    const d = decidePlanAfterLostAnswer([], probe('testFailover'), running);
    assert.equal(d.kind === 'follow' && d.job.name, 'a144f484-7657-4ccc-b47c-26156fe64a46');
  });

  it('planStillAllows reads allowedOperations as checkPlanAction does (failback = PlannedFailover, commit = Commit)', () => {
    assert.equal(planStillAllows('failback', plan(idle)), true);
    assert.equal(planStillAllows('commit', plan(idle)), false);
    assert.equal(planStillAllows('commit', plan([...idle, 'Commit'])), true);
    assert.equal(planStillAllows('testFailover', undefined), false);
  });
});
