/**
 * Recovery plans (issue 16 §2) through our service layer and the real SDK against the lab: create a
 * plan with two groups, test-fail it over (group 1's VM before group 2's), clean up, planned
 * failover and commit, failback and its commit, delete; every local refusal and the lab's own.
 */
import assert from 'node:assert/strict';
import type { Job, ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { planJobTasks } from '../../src/model/planJobTasks';
import type { PlanGroup, RecoveryPlanSummary } from '../../src/model/recoveryPlan';
import { operationUrlsFromResumeToken } from '../../src/services/azure/asrOperation';
import type { VaultContext } from '../../src/services/azure/clients';
import { siteRecoveryClient } from '../../src/services/azure/clients';
import { ActionNotAllowedError, InvalidInputError } from '../../src/services/azure/errors';
import { getJob } from '../../src/services/azure/jobs';
import { listProtectedItems } from '../../src/services/azure/protection';
import { createRecoveryPlan, deleteRecoveryPlan, getRecoveryPlan, listRecoveryPlans, startRecoveryPlanAction, updateRecoveryPlan } from '../../src/services/azure/recoveryPlans';
import { at, isJsonObject, jsonObject, rawRequest, type JsonObject, type JsonValue } from './rawHttp';
import { loadScenario } from '../../lab/scenario';
import { eventually } from './support';
import { labControl, openServices, type ServicesSession } from './servicesSupport';
import { labArmGet, vmPrivateAddress } from './labArm';

const v01 = '193ca098-991d-4a6f-be78-da2c6e7bd290'; // ramh157v01, Protected
const v05 = '3c9a8b7d-6e5f-4a1b-9c2d-8e7f6a5b4c3d'; // ramh157v05, Protected (Critical health)
const v02 = 'e06c319f-5a90-4907-8606-6c15a92bcf22'; // ramh157v02, in initial replication at the start
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function first(value: JsonValue | undefined): JsonValue | undefined {
  return Array.isArray(value) ? value[0] : undefined;
}

async function rejects(p: Promise<unknown>, status: number, code: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    const err = e as { statusCode?: number; code?: string };
    assert.equal(err.statusCode, status, String(e));
    assert.match(err.code ?? '', code);
    return true;
  });
}

describe('lab: recovery plans through the service layer and the real SDK', function () {
  this.timeout(180000);
  let s: ServicesSession;
  let v: VaultContext;
  let items: ReplicationProtectedItem[] = [];
  let siteId = '';
  const idOf = (name: string): string => items.find((i) => i.name === name)!.id!;
  const item = async (name: string): Promise<ReplicationProtectedItem> => (await listProtectedItems(v)).find((i) => i.name === name)!;
  const groups = (...names: string[][]): PlanGroup[] => names.map((n) => ({ groupType: 'Boot', itemIds: n.map(idOf) }));
  const plan = (): Promise<RecoveryPlanSummary> => getRecoveryPlan(v, 'rp1');
  const failoverVmId = (name: string): string => `/subscriptions/${s.lab.subscriptionId}/resourceGroups/RAM-Recovery-RG/providers/Microsoft.Compute/virtualMachines/${name}`;
  const ops = (): typeof siteRecoveryClient extends (...a: never[]) => infer C ? C : never => siteRecoveryClient(v);

  before(async () => {
    s = await openServices();
    v = s.vctx();
    items = await listProtectedItems(v);
    siteId = idOf(v01).replace(/\/replicationProtectionContainers\/.*$/, '');
  });
  after(async () => s.lab.stop());

  it('creates a plan of two groups; ASR adds Shutdown and Failover (spec example Create)', async () => {
    assert.deepEqual(await listRecoveryPlans(v), []);
    const op = await createRecoveryPlan(v, { name: 'rp1', primaryFabricId: siteId, recoveryFabricId: 'Microsoft Azure', groups: groups([v01], [v05]) });
    assert.match(op.jobName, guid);
    const created = await op.result();
    assert.deepEqual(
      created.groups.map((g) => [g.groupType, g.itemIds.map((id) => id.split('/').pop())]),
      [
        ['Shutdown', []],
        ['Failover', []],
        ['Boot', [v01]],
        ['Boot', [v05]],
      ],
    );
    assert.deepEqual(created.allowedOperations, ['PlannedFailover', 'UnplannedFailover', 'TestFailover']);
    assert.deepEqual(
      (await listRecoveryPlans(v)).map((p) => p.name),
      ['rp1'],
    );
  });

  it('refuses locally what ASR refuses, and the lab refuses it too', async () => {
    const draft = { name: 'rp2', primaryFabricId: siteId, recoveryFabricId: 'Microsoft Azure' };
    await assert.rejects(createRecoveryPlan(v, { ...draft, groups: groups([v01], [v01]) }), InvalidInputError);
    await assert.rejects(createRecoveryPlan(v, { ...draft, groups: groups([]) }), InvalidInputError);
    const tooMany = Array.from({ length: 8 }, () => ({ groupType: 'Boot', replicationProtectedItems: [] }));
    const body = (g: unknown[]): never => ({ properties: { primaryFabricId: siteId, recoveryFabricId: 'Microsoft Azure', groups: g } }) as never;
    const vault = [v.vault.vaultName, v.vault.resourceGroup] as const;
    const twice = { groupType: 'Boot', replicationProtectedItems: [{ id: idOf(v01) }, { id: idOf(v01).toUpperCase() }] };
    await rejects(ops().replicationRecoveryPlans.beginCreate(...vault, 'rp2', body([twice])), 400, /Invalid/);
    await rejects(ops().replicationRecoveryPlans.beginCreate(...vault, 'rp2', body(tooMany)), 400, /Invalid/);
    const missing = { groupType: 'Boot', replicationProtectedItems: [{ id: `${siteId}/replicationProtectionContainers/x/replicationProtectedItems/nope` }] };
    await rejects(ops().replicationRecoveryPlans.beginCreate(...vault, 'rp2', body([missing])), 400, /Invalid/);
    assert.deepEqual(
      (await listRecoveryPlans(v)).map((p) => p.name),
      ['rp1'],
    );
  });

  it('updates the groups (order of groups and VMs kept as sent)', async () => {
    const swapped = await (await updateRecoveryPlan(v, 'rp1', groups([v05], [v01]))).result();
    assert.deepEqual(
      swapped.groups.filter((g) => g.groupType === 'Boot').map((g) => g.itemIds.map((id) => id.split('/').pop())),
      [[v05], [v01]],
    );
    const back = await (await updateRecoveryPlan(v, 'rp1', groups([v01], [v05]))).result();
    assert.deepEqual(
      back.groups.filter((g) => g.groupType === 'Boot').map((g) => g.itemIds.map((id) => id.split('/').pop())),
      [[v01], [v05]],
    );
  });

  it('the plan and its job carry every key real ASR sends (RPTestFailover entry 6, RPFailoverCommit job read)', async () => {
    await (await createRecoveryPlan(v, { name: 'rp3', primaryFabricId: siteId, recoveryFabricId: 'Microsoft Azure', groups: groups([v05]) })).result();
    const vaultUrl = `${s.lab.endpoint}/subscriptions/${s.lab.subscriptionId}/resourceGroups/${v.vault.resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${v.vault.vaultName}`;
    const get = async (path: string): Promise<JsonObject> =>
      jsonObject(await rawRequest(`${vaultUrl}/${path}?api-version=2023-06-01`, { token: s.lab.token, ca: s.lab.caCertPem }));
    const op = await startRecoveryPlanAction(v, await getRecoveryPlan(v, 'rp3'), 'testFailover', {});
    await op.result();
    const planKeys = [
      'friendlyName',
      'primaryFabricId',
      'primaryFabricFriendlyName',
      'recoveryFabricId',
      'recoveryFabricFriendlyName',
      'failoverDeploymentModel',
      'replicationProviders',
      'allowedOperations',
      'lastTestFailoverTime',
      'currentScenario',
      'currentScenarioStatus',
      'currentScenarioStatusDescription',
      'groups',
      'providerSpecificDetails',
    ];
    const props = at(await get('replicationRecoveryPlans/rp3'), 'properties');
    assert.ok(isJsonObject(props));
    assert.deepEqual(
      planKeys.filter((k) => !(k in props)),
      [],
    );
    const group = first(at(props, 'groups'));
    assert.ok(isJsonObject(group));
    assert.deepEqual(
      ['groupType', 'replicationProtectedItems', 'startGroupActions', 'endGroupActions'].filter((k) => !(k in group)),
      [],
    );
    const task = first(at(await get(`replicationJobs/${op.jobName}`), 'properties.tasks'));
    assert.ok(isJsonObject(task));
    assert.equal(task.taskType, 'RecoveryPlanGroupTaskDetails');
    const details = at(task, 'groupTaskCustomDetails');
    assert.ok(isJsonObject(details));
    assert.deepEqual(
      ['name', 'groupId', 'rpGroupType', 'instanceType', 'childTasks'].filter((k) => !(k in details)),
      [],
    );
    const child = first(at(details, 'childTasks'));
    assert.ok(isJsonObject(child));
    assert.deepEqual(
      [
        'taskId',
        'name',
        'startTime',
        'endTime',
        'allowedActions',
        'friendlyName',
        'state',
        'stateDescription',
        'taskType',
        'customDetails',
        'groupTaskCustomDetails',
        'errors',
      ].filter((k) => !(k in child)),
      [],
    );
    assert.equal(at(child, 'customDetails.jobTask.targetObjectName'), 'ramh157v05');
    await (await startRecoveryPlanAction(v, await getRecoveryPlan(v, 'rp3'), 'testFailoverCleanup', {})).result();
    await (await deleteRecoveryPlan(v, 'rp3')).result();
  });

  it('test failover runs group 1 before group 2, then waits for the cleanup (RPTestFailover)', async () => {
    const network = `/subscriptions/${s.lab.subscriptionId}/resourceGroups/RAM-Network-RG/providers/Microsoft.Network/virtualNetworks/ram-test-vnet`;
    const op = await startRecoveryPlanAction(v, await plan(), 'testFailover', { networkId: network });
    // The job the plan names, not the operation id of the 202 (RPTestFailover entries 0-4).
    assert.equal((await plan()).currentJobId?.split('/').pop(), op.jobName);
    const operationId = operationUrlsFromResumeToken(op.resumeToken).operationLocation?.split('/').pop()?.split('?')[0];
    assert.match(operationId ?? '', guid);
    assert.notEqual(operationId, op.jobName);
    const job: Job = await getJob(v, op.jobName);
    assert.equal(job.properties?.targetInstanceType, 'RecoveryPlan');
    // While group 2 runs, group 1's VM is already up in test, group 2's is not yet.
    await eventually('group 1 done, group 2 running', async () => {
      const tasks = planJobTasks(await getJob(v, op.jobName));
      return tasks[0]?.state === 'Succeeded' && tasks[1]?.state === 'InProgress' ? tasks : undefined;
    });
    assert.equal((await item(v01)).properties?.testFailoverState, 'WaitingForCompletion');
    assert.notEqual((await item(v05)).properties?.testFailoverState, 'WaitingForCompletion');
    const waiting = await op.result();
    assert.equal(waiting.currentScenarioStatus, 'Suspended');
    assert.equal(waiting.currentScenarioStatusDescription, 'WaitingForStopTestFailover');
    assert.deepEqual(waiting.allowedOperations, ['TestFailoverCleanup']);
    const tasks = planJobTasks(await getJob(v, op.jobName));
    assert.deepEqual(
      tasks.map((t) => [t.title, t.vms.map((m) => m.name)]),
      [
        ['Group 1: Test failover (1)', ['ramh157v01']],
        ['Group 2: Test failover (1)', ['ramh157v05']],
        ['Complete test failover', []],
      ],
    );
    const raw = await getJob(v, op.jobName);
    const [g1, g2] = raw.properties?.tasks ?? [];
    assert.ok(g1?.endTime && g2?.startTime && g1.endTime <= g2.startTime, 'group 1 ends before group 2 starts');
    // Each VM reads as after a test failover of its own (TestFailover.json entry 6), not as locked by the waiting plan job.
    for (const name of [v01, v05]) {
      const after = (await item(name)).properties;
      assert.equal(after?.testFailoverState, 'WaitingForCompletion');
      assert.equal(after?.currentScenario?.scenarioName ?? 'None', 'None');
      assert.ok(after?.allowedOperations?.includes('TestFailoverCleanup'), `${name}: ${JSON.stringify(after?.allowedOperations)}`);
    }
  });

  it('refuses a planned failover while the test waits, locally and in the lab', async () => {
    await assert.rejects(startRecoveryPlanAction(v, await plan(), 'plannedFailover', {}), ActionNotAllowedError);
    const input = { properties: { failoverDirection: 'PrimaryToRecovery', providerSpecificDetails: [{ instanceType: 'HyperVReplicaAzure' }] } } as never;
    await rejects(ops().replicationRecoveryPlans.beginPlannedFailover(v.vault.vaultName, v.vault.resourceGroup, 'rp1', input), 409, /OperationNotAllowed/);
  });

  it('cleanup ends the wait; the plan allows failovers again (RPTestFailoverCleanup)', async () => {
    const tfoJob = (await plan()).currentJobId!.split('/').pop()!;
    const done = await (await startRecoveryPlanAction(v, await plan(), 'testFailoverCleanup', { comments: 'Cleaning up' })).result();
    assert.equal(done.currentScenario, 'TestFailoverCleanup');
    assert.equal(done.currentScenarioStatus, 'Succeeded');
    assert.deepEqual(done.allowedOperations, ['PlannedFailover', 'UnplannedFailover', 'TestFailover']);
    assert.equal((await getJob(v, tfoJob)).properties?.state, 'Succeeded');
    assert.equal((await item(v01)).properties?.testFailoverState, 'MarkedForDeletion');
  });

  it('planned failover then commit, group by group (RPPlannedFailover, RPFailoverCommit)', async () => {
    // ramh157v01 asks for a static address (Compute and Network); ramh157v05 for none.
    assert.equal((await labControl(s.lab, 'POST', '/_lab/items/staticIp', { vm: 'ramh157v01', address: '10.20.0.10' })).status, 200);
    const failedOver = await (await startRecoveryPlanAction(v, await plan(), 'plannedFailover', {})).result();
    assert.deepEqual(failedOver.allowedOperations, ['PlannedFailover', 'UnplannedFailover', 'TestFailover', 'Commit']);
    assert.ok(failedOver.lastPlannedFailoverTime instanceof Date);
    for (const vm of [v01, v05]) assert.equal((await item(vm)).properties?.protectionState, 'PlannedFailoverCommitRequired');
    // Each VM's Azure VM in the recovery network: the static address asked for, else a free one of the subnet.
    const first = await vmPrivateAddress(s.lab, failoverVmId('ramh157v01'));
    const second = await vmPrivateAddress(s.lab, failoverVmId('ramh157v05'));
    assert.deepEqual([first.address, first.allocation], ['10.20.0.10', 'Static']);
    assert.match(second.address, /^10\.20\.0\./);
    assert.equal(second.allocation, 'Dynamic');
    assert.notEqual(second.address, first.address);
    assert.ok(first.created <= second.created, "group 1's VM first");
    // No Hyper-V to Azure VM allows CancelFailover (the recordings): the plan refuses it too.
    await rejects(ops().replicationRecoveryPlans.beginFailoverCancel(v.vault.vaultName, v.vault.resourceGroup, 'rp1'), 409, /OperationNotAllowed/);
    assert.equal((await plan()).currentScenario, 'PlannedFailover', 'the refused cancel changed nothing');
    const op = await startRecoveryPlanAction(v, failedOver, 'commit', {});
    const committed = await op.result();
    assert.equal(committed.currentScenario, 'CommitFailover');
    const tasks = planJobTasks(await getJob(v, op.jobName));
    assert.deepEqual(
      tasks.map((t) => [t.title, t.groupType, t.state]),
      [
        ['Group 1: Commit (1)', 'CommitGroup', 'Succeeded'],
        ['Group 2: Commit (1)', 'CommitGroup', 'Succeeded'],
      ],
    );
    for (const vm of [v01, v05]) assert.equal((await item(vm)).properties?.protectionState, 'PlannedFailoverCommitted');
  });

  it('failback answers 204 on its operation result (RPFailback); commit finalizes it; reverse replication', async () => {
    const op = await startRecoveryPlanAction(v, await plan(), 'failback', { dataSyncOption: 'ForSynchronization', recoveryVmCreationOption: 'NoAction' });
    const back = await op.result();
    const location = operationUrlsFromResumeToken(op.resumeToken).resourceLocation ?? '';
    assert.match(location, /\/replicationRecoveryPlans\/rp1\/operationresults\//);
    const answer = await rawRequest(location, { token: s.lab.token, ca: s.lab.caCertPem });
    assert.equal(answer.status, 204);
    assert.equal(answer.text, '');
    assert.ok(back.allowedOperations.includes('Commit'));
    // The failback shut the Azure VMs down; its commit deletes them (hyper-v-azure-failback.md).
    const view = jsonObject(await labArmGet(s.lab, `${failoverVmId('ramh157v01')}/instanceView`, '2024-07-01'));
    assert.equal(at((at(view, 'statuses') as JsonValue[])[1], 'code'), 'PowerState/deallocated');
    const finalized = await (await startRecoveryPlanAction(v, back, 'commit', {})).result();
    assert.equal((await item(v01)).properties?.protectionState, 'RestoreFinalized');
    for (const name of ['ramh157v01', 'ramh157v05']) assert.equal((await labArmGet(s.lab, failoverVmId(name), '2024-07-01')).status, 404, name);
    assert.ok(finalized.allowedOperations.includes('ReverseReplicate'));
    const reprotected = await (await startRecoveryPlanAction(v, finalized, 'reverseReplication', {})).result();
    assert.equal(reprotected.currentScenario, 'Reprotect');
    for (const vm of [v01, v05]) assert.match((await item(vm)).properties?.protectionState ?? '', /^(InitialReplicationInProgress|Protected)$/);
  });

  it('refuses a plan action one of its VMs does not allow (lab), and deletes the plan', async () => {
    await assert.rejects(updateRecoveryPlan(v, 'rp1', [{ groupType: 'Boot', itemIds: [`${siteId}/x`] }]), InvalidInputError);
    // The plan allows PlannedFailover, but ramh157v01 replicates to Azure: nothing to fail back.
    await (await updateRecoveryPlan(v, 'rp1', groups([v01]))).result();
    const input = {
      properties: {
        failoverDirection: 'RecoveryToPrimary',
        providerSpecificDetails: [{ instanceType: 'HyperVReplicaAzureFailback', dataSyncOption: 'ForSynchronization', recoveryVmCreationOption: 'NoAction' }],
      },
    } as never;
    await rejects(ops().replicationRecoveryPlans.beginPlannedFailover(v.vault.vaultName, v.vault.resourceGroup, 'rp1', input), 409, /OperationNotAllowed/);
    await (await deleteRecoveryPlan(v, 'rp1')).result();
    assert.deepEqual(await listRecoveryPlans(v), []);
    await rejects(ops().replicationRecoveryPlans.get(v.vault.vaultName, v.vault.resourceGroup, 'rp1'), 404, /NotFound/);
  });

  it('unplanned failover of a plan, shutting the source down first, then commit', async () => {
    // ramh157v02 ends its initial replication in a few seconds of lab time.
    await eventually('ramh157v02 protected', async () => ((await item(v02)).properties?.protectionState === 'Protected' ? true : undefined), 60000);
    await (await createRecoveryPlan(v, { name: 'rp2', primaryFabricId: siteId, recoveryFabricId: 'Microsoft Azure', groups: groups([v02]) })).result();
    const op = await startRecoveryPlanAction(v, await getRecoveryPlan(v, 'rp2'), 'unplannedFailover', { shutDownSource: true });
    const failedOver = await op.result();
    assert.equal(failedOver.currentScenario, 'UnplannedFailover');
    assert.ok(failedOver.lastUnplannedFailoverTime instanceof Date);
    assert.ok(failedOver.allowedOperations.includes('Commit'));
    assert.equal((await item(v02)).properties?.protectionState, 'UnplannedFailoverCommitPendingStatesBegin');
    assert.match((await vmPrivateAddress(s.lab, failoverVmId('ramh157v02'))).address, /^10\.20\.0\./, 'the unplanned failover created the Azure VM too');
    await (await startRecoveryPlanAction(v, failedOver, 'commit', {})).result();
    assert.equal((await item(v02)).properties?.protectionState, 'UnplannedFailoverCommitted');
    await (await deleteRecoveryPlan(v, 'rp2')).result();
  });
});

describe('lab: a scenario may seed recovery plans', function () {
  this.timeout(60000);
  let s: ServicesSession;
  before(async () => {
    const scenario = loadScenario('essentials');
    scenario.vault = { ...scenario.vault!, recoveryPlans: [{ name: 'Branch office', groups: [['ramh157v01'], ['ramh157v05']] }] };
    s = await openServices({ scenario });
  });
  after(async () => s.lab.stop());

  it('lists the seeded plan with its groups in order, ready for a test failover', async () => {
    const [seeded] = await listRecoveryPlans(s.vctx());
    assert.equal(seeded?.name, 'Branch office');
    assert.deepEqual(
      seeded.groups.map((g) => [g.groupType, g.itemIds.map((id) => id.split('/').pop())]),
      [
        ['Shutdown', []],
        ['Failover', []],
        ['Boot', [v01]],
        ['Boot', [v05]],
      ],
    );
    assert.deepEqual(seeded.allowedOperations, ['PlannedFailover', 'UnplannedFailover', 'TestFailover']);
  });
});
