/**
 * Recovery plans in the extension's UI against the lab (issue 16 §2), through the real SDK: the
 * plan editor (its page driven through the form protocol, saving with its real services) creates a
 * plan of two groups (ramh157v01 in Group 1, ramh157v02 in Group 2); the plan list the estate keeps
 * reads it and the tree's branch shows its groups and VMs in order; a test failover of the plan on
 * ram-test-vnet leaves it waiting for cleanup, its job's tasks (the Jobs view's) list Group 1's VM
 * before Group 2's; cleanup, planned failover and commit follow, each allowed only when the plan
 * says so.
 */
import assert from 'node:assert/strict';
import type { RecoveryPlanSummary } from '../../src/model/recoveryPlan';
import { allowedPlanActions } from '../../src/model/recoveryPlanRules';
import { planJobTasks } from '../../src/model/planJobTasks';
import { deriveProtectionStatus } from '../../src/model/protectionStatus';
import { RecoveryPlanList } from '../../src/estate/recoveryPlanList';
import type { VaultContext } from '../../src/services/azure/clients';
import { getJob } from '../../src/services/azure/jobs';
import { getProtectedItem } from '../../src/services/azure/protection';
import { getRecoveryPlan, startRecoveryPlanAction } from '../../src/services/azure/recoveryPlans';
import { planChildren, planTreeItem, type PlanNodeSource } from '../../src/tree/planNodes';
import { planStateText } from '../../src/tree/presentPlans';
import { newPlanState, type PlanCandidate } from '../../src/webviews/recoveryPlan/planEditorModel';
import { azurePlanEditorServices } from '../../src/webviews/recoveryPlan/planEditorServices';
import { PlanEditorWizard } from '../../src/webviews/recoveryPlan/planEditorWizard';
import type { AsrOperation } from '../../src/services/azure/asrOperation';
import type { EstateVm } from '../../src/estate';
import { eventually } from '../support/wait';
import { openServices, type ServicesSession } from './servicesSupport';

const container = 'cloud_eecac84c-1761-50ad-9624-a7092c581567';
const v01 = '193ca098-991d-4a6f-be78-da2c6e7bd290'; // ramh157v01, Protected
const v02 = 'e06c319f-5a90-4907-8606-6c15a92bcf22'; // ramh157v02, initial replication, then Protected
const planName = 'essentials-plan';

describe('recovery plans in the UI against the lab', function () {
  this.timeout(240_000);
  let s: ServicesSession;
  let v: VaultContext;
  const fabricId = (): string =>
    `/subscriptions/${s.lab.subscriptionId}/resourceGroups/${s.lab.resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${s.lab.vault}/replicationFabrics/RAM-Site`;
  const itemId = (vmId: string): string => `${fabricId()}/replicationProtectionContainers/${container}/replicationProtectedItems/${vmId}`;
  const names: Record<string, string> = { [v01]: 'ramh157v01', [v02]: 'ramh157v02' };

  /** Runs an action the plan allows, waits for its job, and reads the plan again. */
  async function act(
    action: Parameters<typeof startRecoveryPlanAction>[2],
    options: Parameters<typeof startRecoveryPlanAction>[3] = {},
  ): Promise<{ plan: RecoveryPlanSummary; jobName: string }> {
    const before = await getRecoveryPlan(v, planName);
    assert.ok(allowedPlanActions(before).includes(action), `${action} allowed by ${before.allowedOperations.join(', ')}`);
    const op = await startRecoveryPlanAction(v, before, action, options, { updateIntervalInMs: 20 });
    const plan = await op.result();
    return { plan, jobName: op.jobName };
  }

  before(async () => {
    s = await openServices({ speed: 100 });
    v = s.vctx();
  });
  after(async () => s.lab.stop());

  it('the plan editor creates a plan of two groups, and the tree shows them in order', async () => {
    await eventually(
      'ramh157v02 protected',
      async () => {
        const item = await getProtectedItem(v, { ...v.vault, fabricName: 'RAM-Site', containerName: container, protectedItemName: v02 });
        return deriveProtectionStatus(item).kind === 'Protected' || undefined;
      },
      180_000,
      250,
    );
    const candidates: PlanCandidate[] = [v01, v02].map((vm) => ({ itemId: itemId(vm), name: names[vm] ?? vm, fabricId: fabricId(), siteName: 'RAM-Site', status: 'Protected' }));
    let saved: AsrOperation<RecoveryPlanSummary> | undefined;
    const watched: string[] = [];
    const services = azurePlanEditorServices({ vaultContext: () => Promise.resolve(v), planNames: [], watchJob: (job) => watched.push(job), started: (op) => (saved = op) });
    const w = new PlanEditorWizard(services, candidates, newPlanState());
    const steps: [string, Record<string, string | boolean>][] = [
      ['set', { field: 'name', value: planName }],
      ['set', { field: 'site', value: 'site-0' }],
      ['check', { field: 'add', option: 'vm-0', checked: true }],
      ['press', { button: 'addVms' }],
      ['press', { button: 'addGroup' }],
      ['set', { field: 'addTo', value: 'group-1' }],
      ['check', { field: 'add', option: 'vm-1', checked: true }],
      ['press', { button: 'addVms' }],
      ['press', { button: 'save' }],
    ];
    for (const [name, payload] of steps) {
      const refused = await w.handle({ type: 'action', name, payload } as Parameters<typeof w.handle>[0]);
      assert.equal(refused, undefined, `${name} ${JSON.stringify(payload)}: ${w.view().error ?? ''}`);
    }
    assert.equal(w.view().error, undefined);
    assert.ok(saved, 'the editor started the save');
    assert.equal(watched.length, 1, 'its job went to the tracker');
    const plan = await saved.result();
    assert.deepEqual(
      plan.groups.filter((g) => g.groupType === 'Boot').map((g) => g.itemIds.map((id) => id.split('/').pop()?.toLowerCase())),
      [[v01], [v02]],
    );

    // The estate's list (one request) and the tree's branch.
    const list = new RecoveryPlanList();
    await list.refresh(v);
    const source: PlanNodeSource = {
      plans: () => list.plans,
      vmOfItem: (id) => ({ name: names[id.split('/').pop() ?? ''] ?? id, status: { summary: 'Protected' } }) as EstateVm,
      actionsOf: allowedPlanActions,
    };
    const [planNode] = planChildren(source, { kind: 'plans' });
    assert.ok(planNode);
    assert.equal(planTreeItem(source, planNode).label, planName);
    const groups = planChildren(source, planNode);
    assert.deepEqual(
      groups.map((g) => [planTreeItem(source, g).label, planChildren(source, g).map((n) => planTreeItem(source, n).label)]),
      [
        ['Group 1', ['1. ramh157v01']],
        ['Group 2', ['1. ramh157v02']],
      ],
    );
  });

  it('test failover of the plan on ram-test-vnet: Group 1’s VM before Group 2’s, then the plan waits for cleanup', async () => {
    const networkId = `/subscriptions/${s.lab.subscriptionId}/resourceGroups/RAM-Network-RG/providers/Microsoft.Network/virtualNetworks/ram-test-vnet`;
    const { plan, jobName } = await act('testFailover', { networkId });
    assert.equal(planStateText(plan), 'Test failover — waiting for cleanup');
    assert.deepEqual(allowedPlanActions(plan), ['testFailoverCleanup']);
    const tasks = planJobTasks(await getJob(v, jobName));
    const vms = tasks.flatMap((t) => t.vms.map((vm) => vm.name));
    assert.ok(vms.indexOf('ramh157v01') >= 0 && vms.indexOf('ramh157v01') < vms.indexOf('ramh157v02'), `VM tasks in order: ${vms.join(', ')}`);
  });

  it('cleanup, then planned failover and commit of the plan', async () => {
    const cleaned = await act('testFailoverCleanup', { comments: 'Both servers answered.' });
    assert.ok(!allowedPlanActions(cleaned.plan).includes('testFailoverCleanup'));
    const failedOver = await act('plannedFailover');
    assert.ok(allowedPlanActions(failedOver.plan).includes('commit'), failedOver.plan.allowedOperations.join(', '));
    const committed = await act('commit');
    assert.ok(!allowedPlanActions(committed.plan).includes('commit'), committed.plan.allowedOperations.join(', '));
  });
});
