// A recovery plan job's current step names the group and the VM whose task runs now (issue 16 §2).
import assert from 'node:assert/strict';
import { summarizeJob, type JobLike } from '../../../src/model/jobSummary';
import { withPlanJobStep } from '../../../src/jobs/planJobStep';

const vmTask = (name: string, state: string): object => ({ friendlyName: name, state, taskType: 'VirtualMachineTaskDetails' });
const group = (title: string, state: string, vms: object[]): object => ({
  friendlyName: title,
  state,
  groupTaskCustomDetails: { instanceType: 'RecoveryPlanGroupTaskDetails', childTasks: vms },
});

describe('jobs: a recovery plan job’s step', () => {
  const job = {
    name: 'j1',
    properties: {
      friendlyName: 'Test failover',
      state: 'InProgress',
      targetInstanceType: 'RecoveryPlan',
      tasks: [
        group('Group 1: Test failover (1)', 'Succeeded', [vmTask('ramh157v01', 'Succeeded')]),
        group('Group 2: Test failover (1)', 'InProgress', [vmTask('ramh157v02', 'InProgress')]),
      ],
    },
  } as JobLike;

  it('names the group and the VM whose task runs', () => {
    assert.equal(withPlanJobStep(summarizeJob(job, new Date()), job).currentStep, 'Group 2: Test failover (1) · ramh157v02');
  });

  it('names every VM of the group whose task runs (a group’s VMs fail over together)', () => {
    const two = {
      ...job,
      properties: {
        ...job.properties,
        tasks: [group('Group 1: Failover (3)', 'InProgress', [vmTask('dc1', 'Succeeded'), vmTask('fs1', 'InProgress'), vmTask('app1', 'InProgress')])],
      },
    } as JobLike;
    assert.equal(withPlanJobStep(summarizeJob(two, new Date()), two).currentStep, 'Group 1: Failover (3) · fs1, app1');
  });

  it('leaves other jobs, and a plan job with no VM running, as summarized', () => {
    const item = { ...job, properties: { ...job.properties, targetInstanceType: 'ProtectionEntity' } } as JobLike;
    assert.equal(withPlanJobStep(summarizeJob(item, new Date()), item).currentStep, 'Group 2: Test failover (1)');
    const done = { ...job, properties: { ...job.properties, tasks: [group('Group 1: Test failover (1)', 'Succeeded', [vmTask('ramh157v01', 'Succeeded')])] } } as JobLike;
    assert.equal(withPlanJobStep(summarizeJob(done, new Date()), done).currentStep, 'Group 1: Test failover (1)');
  });
});
