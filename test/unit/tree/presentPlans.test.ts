// The Recovery Plans branch of the Protection tree (issue 16 §2): a plan's state as the recordings
// show it, its groups and VMs in order, and package.json's plan menus showing exactly the actions
// the plan's allowedOperations allow.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecoveryPlanSummary } from '../../../src/model/recoveryPlan';
import { recoveryPlanActions } from '../../../src/model/recoveryPlan';
import { allowedPlanActions } from '../../../src/model/recoveryPlanRules';
import { planChildren, planTreeItem, type PlanNodeSource } from '../../../src/tree/planNodes';
import { planJobTasks } from '../../../src/model/planJobTasks';
import { planActionToken, planStateText, presentPlan, presentPlanItem, presentPlanVmTask, presentPlansFolder } from '../../../src/tree/presentPlans';
import { evaluateWhen } from './whenClause';

const item = (vm: string): string =>
  `/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/replicationFabrics/site1/replicationProtectionContainers/c/replicationProtectedItems/${vm}`;

// The plan as RPTestFailover.json's entry 5 reads it (its groups reduced to two Boot groups).
const waiting: RecoveryPlanSummary = {
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/replicationRecoveryPlans/rpTest1',
  name: 'rpTest1',
  friendlyName: 'rpTest1',
  groups: [
    { groupType: 'Shutdown', itemIds: [] },
    { groupType: 'Failover', itemIds: [] },
    { groupType: 'Boot', itemIds: [item('v01')] },
    { groupType: 'Boot', itemIds: [item('v02'), item('v03')] },
  ],
  currentScenario: 'TestFailover',
  currentScenarioStatus: 'Suspended',
  currentScenarioStatusDescription: 'WaitingForStopTestFailover',
  allowedOperations: ['TestFailoverCleanup'],
};

function source(plans: RecoveryPlanSummary[] | undefined): PlanNodeSource {
  return {
    plans: () => plans,
    vmOfItem: () => undefined,
    actionsOf: allowedPlanActions,
  };
}

describe('tree: recovery plans', () => {
  it('says the plan’s scenario and its state', () => {
    assert.equal(planStateText(waiting), 'Test failover — waiting for cleanup');
    // RPFailback.json's last read: PlannedFailover, Succeeded, Completed.
    assert.equal(
      planStateText({ currentScenario: 'PlannedFailover', currentScenarioStatus: 'Succeeded', currentScenarioStatusDescription: 'Completed' }),
      'Planned failover — completed',
    );
    // RPFailoverCommit: the plan after its commit.
    assert.equal(planStateText({ currentScenario: 'CommitFailover', currentScenarioStatus: 'Succeeded', currentScenarioStatusDescription: 'Completed' }), 'Commit — completed');
    assert.equal(planStateText({}), 'No failover yet');
  });

  it('lists the plans, a plan’s Boot groups in order (the empty Shutdown and Failover steps hidden), a group’s VMs in order', () => {
    const src = source([waiting]);
    const plans = planChildren(src, { kind: 'plans' });
    assert.deepEqual(plans, [{ kind: 'plan', planName: 'rpTest1' }]);
    const groups = planChildren(src, plans[0]);
    assert.deepEqual(
      groups.map((g) => planTreeItem(src, g).label),
      ['Group 1', 'Group 2'],
    );
    const vms = planChildren(src, groups[1]);
    assert.deepEqual(
      vms.map((v) => planTreeItem(src, v).label),
      ['1. v02', '2. v03'],
    );
  });

  it('shows each VM’s task of a plan job’s group with its state (RPFailoverCommit’s shape)', () => {
    const job = {
      name: 'j1',
      properties: {
        targetInstanceType: 'RecoveryPlan',
        tasks: [
          {
            friendlyName: 'Group 1: Commit (1)',
            state: 'InProgress',
            groupTaskCustomDetails: {
              instanceType: 'RecoveryPlanGroupTaskDetails',
              childTasks: [{ friendlyName: 'vm1', state: 'Succeeded', stateDescription: 'Completed', taskType: 'VirtualMachineTaskDetails' }],
            },
          },
        ],
      },
    };
    const vm = planJobTasks(job)[0]?.vms[0];
    assert.ok(vm);
    const model = presentPlanVmTask(vm, 'j1', 0, 0);
    assert.equal(model.label, 'vm1');
    assert.equal(model.description, 'Succeeded · Completed');
    assert.equal(model.id, 'job:j1/task:0/vm:0');
  });

  it('a VM of a group says the static addresses it fails over to (Compute and Network), and nothing of addresses when dynamic', () => {
    const fixed = presentPlanItem('rp', 2, 0, { name: 'ramh157v01', status: 'Protected', staticIps: ['10.20.0.10'] });
    assert.equal(fixed.label, '1. ramh157v01');
    assert.equal(fixed.description, 'Protected · fails over to 10.20.0.10');
    assert.match(String(fixed.tooltip).replace(/\\/g, ''), /Static address in Azure \(Compute and Network\): 10\.20\.0\.10/);
    const dynamic = presentPlanItem('rp', 2, 1, { name: 'ramh157v02', status: 'Protected', staticIps: [] });
    assert.equal(dynamic.description, 'Protected');
    assert.doesNotMatch(String(dynamic.tooltip), /Static address/);
  });

  it('says when the plans could not be read', () => {
    assert.equal(presentPlansFolder(undefined).description, 'not read');
    assert.equal(presentPlansFolder(2).description, '2 plans');
  });

  it('package.json shows on a plan exactly the action commands its allowedOperations allow', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      contributes: { menus: Record<string, { command: string; when?: string }[]> };
    };
    const menus = manifest.contributes.menus['view/item/context'] ?? [];
    const commandOf: Record<string, string> = {
      testFailover: 'azureSiteRecovery.testFailoverRecoveryPlan',
      testFailoverCleanup: 'azureSiteRecovery.cleanupTestFailoverRecoveryPlan',
      plannedFailover: 'azureSiteRecovery.plannedFailoverRecoveryPlan',
      unplannedFailover: 'azureSiteRecovery.unplannedFailoverRecoveryPlan',
      commit: 'azureSiteRecovery.commitRecoveryPlan',
      failback: 'azureSiteRecovery.failbackRecoveryPlan',
      reverseReplication: 'azureSiteRecovery.reverseReplicationRecoveryPlan',
    };
    const operations = [['TestFailoverCleanup'], ['PlannedFailover', 'UnplannedFailover', 'TestFailover', 'Commit'], [], ['ReverseReplicate']];
    for (const allowedOperations of operations) {
      const plan = { ...waiting, allowedOperations };
      const model = presentPlan(plan, allowedPlanActions(plan));
      const shown = new Set(menus.filter((m) => evaluateWhen(m.when, { view: 'azureSiteRecovery.protection', viewItem: model.contextValue })).map((m) => m.command));
      for (const action of recoveryPlanActions) {
        assert.equal(shown.has(commandOf[action] ?? ''), allowedPlanActions(plan).includes(action), `${action} with ${allowedOperations.join(',')}`);
      }
      assert.ok(shown.has('azureSiteRecovery.editRecoveryPlan') && shown.has('azureSiteRecovery.deleteRecoveryPlan'));
      // No VM action shows on a plan (its tokens are plan-…).
      assert.ok(!shown.has('azureSiteRecovery.testFailover'), model.contextValue);
    }
    assert.equal(planActionToken('commit'), 'plan-commit');
  });
});
