import assert from 'node:assert/strict';
import { summarizeJob, type JobLike } from '../../../src/model/jobSummary';
import { isPlanJob, planJobTasks } from '../../../src/model/planJobTasks';

// The job read of RPFailoverCommit.json (azure-sdk-for-net SessionRecords/ASRTests), trimmed.
const commitJob = {
  id: '/Subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/replicationJobs/c3b0cd39',
  name: 'c3b0cd39',
  properties: {
    scenarioName: 'CommitFailover',
    friendlyName: 'Commit',
    state: 'Succeeded',
    stateDescription: 'Completed',
    targetObjectName: 'rpTest1',
    targetInstanceType: 'RecoveryPlan',
    tasks: [
      {
        taskId: '6eadfa52',
        name: 'Unknown',
        friendlyName: 'Group 1: Commit (1)',
        state: 'Succeeded',
        stateDescription: 'Completed',
        taskType: 'RecoveryPlanGroupTaskDetails',
        groupTaskCustomDetails: {
          name: 'Group1',
          groupId: 'Group1',
          rpGroupType: 'CommitGroup',
          instanceType: 'RecoveryPlanGroupTaskDetails',
          childTasks: [
            {
              taskId: '05bf85f2',
              name: 'Unknown',
              friendlyName: 'vm1',
              state: 'Succeeded',
              stateDescription: 'Completed',
              taskType: 'VirtualMachineTaskDetails',
              customDetails: { instanceType: 'VirtualMachineTaskDetails', jobTask: { jobId: '/x/replicationJobs/d9ee5f62', targetObjectName: 'vm1' } },
            },
          ],
        },
      },
    ],
  },
} as unknown as JobLike;

describe('model/planJobTasks', () => {
  it('reads a plan job (RPFailoverCommit) as groups with their VMs', () => {
    assert.equal(isPlanJob(commitJob), true);
    assert.deepEqual(planJobTasks(commitJob), [
      {
        title: 'Group 1: Commit (1)',
        groupType: 'CommitGroup',
        groupId: 'Group1',
        state: 'Succeeded',
        stateDescription: 'Completed',
        vms: [{ name: 'vm1', state: 'Succeeded', stateDescription: 'Completed', jobId: '/x/replicationJobs/d9ee5f62' }],
      },
    ]);
  });
  it('the job summary (status bar, Jobs view, tracker) reads a plan job: the plan as its target, groups as steps', () => {
    const summary = summarizeJob(commitJob, new Date('2017-05-14T00:00:00Z'));
    assert.equal(summary.title, 'Commit');
    assert.equal(summary.targetName, 'rpTest1');
    assert.equal(summary.state, 'Succeeded');
    assert.deepEqual(summary.progress, { done: 1, total: 1 });
    assert.equal(summary.currentStep, 'Group 1: Commit (1)');
  });

  it('a VM job or a job without tasks gives no groups, and non-group tasks have no VMs', () => {
    assert.equal(isPlanJob({ properties: { targetInstanceType: 'ProtectionEntity' } }), false);
    assert.deepEqual(planJobTasks({}), []);
    assert.deepEqual(planJobTasks({ properties: { tasks: [{ name: 'Prerequisites check', state: 'InProgress' }] } }), [
      { title: 'Prerequisites check', state: 'InProgress', vms: [] },
    ]);
  });
});
