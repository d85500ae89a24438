/**
 * The plan Failover wizard's state machine (issue 16 §2), driven through the real form protocol
 * (FormHarness) with fake Azure operations: a plan waiting for its cleanup offers it on the first
 * page; the options sent for each kind; a failed job with Retry only when the plan allows the
 * action again; losing track of a job; the run page's VM tasks of each group; what a restored
 * snapshot may hold. The lab suite (test/lab/planFailoverWizard.test.ts) runs it against the lab.
 */
import assert from 'node:assert/strict';
import type { JobLike } from '../../../src/model/jobSummary';
import type { RecoveryPlanActionOptions, RecoveryPlanSummary } from '../../../src/model/recoveryPlan';
import { checkPlanAction } from '../../../src/model/recoveryPlanRules';
import type { VaultContext } from '../../../src/services/azure/clients';
import { ActionNotAllowedError } from '../../../src/services/azure/errors';
import type { VirtualNetworkSummary } from '../../../src/services/azure/networks';
import type { JobStart } from '../../../src/webviews/failover/failoverServices';
import { planVmTaskBlocks } from '../../../src/webviews/failover/planFailoverPages';
import type { PlanFailoverDeps, PlanFailoverServices, PlanRunAction } from '../../../src/webviews/failover/planFailoverServices';
import { PlanFailoverWizard, planFailoverSnapshotSchema } from '../../../src/webviews/failover/planFailoverWizard';
import { restoredSnapshot } from '../../../src/webviews/form/formProtocol';
import type { PageView } from '../../../src/webviews/form/view';
import { FormHarness } from '../../support/formHarness';

const vaultId = '/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.RecoveryServices/vaults/v1';
const item = (n: string): string => `${vaultId}/replicationFabrics/site1/replicationProtectionContainers/c1/replicationProtectedItems/${n}`;
const testVnet = '/subscriptions/sub1/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/test-vnet';
const vctx = { vault: { subscriptionId: 'sub1', resourceGroup: 'rg1', vaultName: 'v1' } } as unknown as VaultContext;

function plan(allowedOperations: string[]): RecoveryPlanSummary {
  return {
    id: `${vaultId}/replicationRecoveryPlans/rp1`,
    name: 'rp1',
    friendlyName: 'rp1',
    groups: [
      { groupType: 'Shutdown', itemIds: [] },
      { groupType: 'Failover', itemIds: [] },
      { groupType: 'Boot', itemIds: [item('a')] },
      { groupType: 'Boot', itemIds: [item('b')] },
    ],
    allowedOperations,
  };
}

/** A plan job as ASR answers it (RPFailoverCommit.json's shape): a task per group, its VMs' child tasks. */
function planJob(state: string, vmState: string): JobLike {
  const group = (n: number, vm: string): object => ({
    friendlyName: `Group ${n}: Test failover (1)`,
    state,
    groupTaskCustomDetails: {
      instanceType: 'RecoveryPlanGroupTaskDetails',
      groupId: `Group${n}`,
      rpGroupType: 'TestFailoverGroup',
      childTasks: [{ friendlyName: vm, state: vmState }],
    },
  });
  return { name: 'job-1', properties: { state, targetInstanceType: 'RecoveryPlan', tasks: [group(1, 'vm-a'), group(2, 'vm-b')] } };
}

class FakePlanAzure implements PlanFailoverServices {
  plan: RecoveryPlanSummary;
  job: JobLike = planJob('InProgress', 'InProgress');
  jobReadError: Error | undefined;
  readonly started: { action: PlanRunAction; options: RecoveryPlanActionOptions }[] = [];
  networks: VirtualNetworkSummary[] = [{ id: testVnet, name: 'test-vnet', resourceGroup: 'net', location: 'westeurope', addressPrefixes: ['10.30.0.0/16'], subnets: [] }];

  constructor(ops: string[]) {
    this.plan = plan(ops);
  }
  getRecoveryPlan(): Promise<RecoveryPlanSummary> {
    return Promise.resolve(this.plan);
  }
  startPlanAction(_v: VaultContext, p: RecoveryPlanSummary, action: PlanRunAction, options: RecoveryPlanActionOptions): Promise<JobStart> {
    const check = checkPlanAction(p, action); // the service's local refusal
    if (!check.allowed) return Promise.reject(new ActionNotAllowedError(check.reason));
    this.started.push({ action, options });
    this.plan = plan([]);
    return Promise.resolve({ jobName: 'job-1' });
  }
  getJob(): Promise<JobLike> {
    return this.jobReadError ? Promise.reject(this.jobReadError) : Promise.resolve(this.job);
  }
  resumeJob(): Promise<JobStart> {
    return Promise.resolve({ jobName: 'job-1' });
  }
  listVirtualNetworks(): Promise<VirtualNetworkSummary[]> {
    return Promise.resolve(this.networks);
  }
}

function deps(vmActions: Record<string, string[]> = {}): PlanFailoverDeps {
  return {
    vaultContext: () => Promise.resolve(vctx),
    watchJob: () => undefined,
    vmOf: (id) => {
      const n = id.split('/').pop() ?? '';
      return { name: `vm-${n}`, ...(vmActions[n] ? { actions: vmActions[n] as never } : {}) };
    },
    failoverNetworkIds: () => [],
    confirm: () => Promise.resolve(true),
    refresh: () => Promise.resolve(),
    pollIntervalMs: 5,
  };
}

const text = (view: PageView, id: string): string => {
  const b = view.blocks.find((x) => x.id === id);
  return b?.kind === 'textBlock' ? b.text : '';
};

describe('plan failover wizard', () => {
  const open: { dispose(): void }[] = [];
  const harness = (azure: FakePlanAzure, d = deps()): FormHarness<unknown> => {
    const h = new FormHarness(new PlanFailoverWizard(d, { planName: 'rp1', plan: azure.plan }, azure));
    open.push(h);
    return h as FormHarness<unknown>;
  };
  afterEach(() => {
    for (const h of open.splice(0)) h.dispose();
  });

  it('a plan that waits for its cleanup offers the cleanup (with notes) on its first page', async () => {
    const azure = new FakePlanAzure(['TestFailoverCleanup']);
    const h = harness(azure);
    assert.match(text(h.view, 'pending'), /waits for its cleanup/);
    await h.set('notes', '  Signed in  ');
    azure.job = planJob('Succeeded', 'Succeeded');
    await h.press('cleanup');
    assert.deepEqual(azure.started, [{ action: 'testFailoverCleanup', options: { comments: 'Signed in' } }]);
    await h.until('the cleanup ends', (p) => /cleaned up/.test(text(p, 'next')));
  });

  it('sends no network for "No network", and the shut-down choice for an unplanned failover', async () => {
    const azure = new FakePlanAzure(['PlannedFailover', 'UnplannedFailover', 'TestFailover']);
    const h = harness(azure);
    await h.set('kind', 'test');
    await h.press('next');
    await h.until('the networks', (p) => p.blocks.some((b) => b.id === 'network'));
    await h.set('network', 'none');
    await h.press('next');
    await h.press('start');
    assert.deepEqual(azure.started.at(-1), { action: 'testFailover', options: {} });

    const azure2 = new FakePlanAzure(['PlannedFailover', 'UnplannedFailover', 'TestFailover']);
    const h2 = harness(azure2);
    await h2.set('kind', 'unplanned');
    await h2.press('next');
    await h2.set('shutDownSource', 'false');
    await h2.press('next');
    await h2.set('confirmName', 'rp1');
    await h2.press('start');
    assert.deepEqual(azure2.started.at(-1), { action: 'unplannedFailover', options: { shutDownSource: false } });
  });

  it('offers only the kinds every VM of the plan allows (a VM in Azure allows no planned failover)', () => {
    const azure = new FakePlanAzure(['PlannedFailover', 'UnplannedFailover', 'TestFailover']);
    const h = harness(azure, deps({ a: ['testFailover', 'plannedFailover', 'unplannedFailover'], b: ['failback'] }));
    assert.equal(
      h.view.blocks.some((b) => b.id === 'kind'),
      false,
    );
    assert.match(text(h.view, 'notAllowed'), /fail the plan back/);
  });

  it('a failed job says why; Retry only when the plan allows the action again', async () => {
    const azure = new FakePlanAzure(['PlannedFailover', 'UnplannedFailover', 'TestFailover']);
    const h = harness(azure);
    await h.set('kind', 'planned');
    await h.press('next');
    await h.set('confirmName', 'rp1');
    azure.job = {
      name: 'job-1',
      properties: { state: 'Failed', targetInstanceType: 'RecoveryPlan', errors: [{ serviceErrorDetails: { message: 'The VM vm-b could not start' } }] },
    };
    await h.press('start');
    await h.until('the failure', (p) => /could not start/.test(text(p, 'status')));
    assert.match(text(h.view, 'status'), /Retry is not possible now/);
    assert.equal(h.buttonEnabled('recheck'), true);
    assert.equal(
      h.view.buttons.some((b) => b.id === 'retry'),
      false,
    );
    azure.plan = plan(['PlannedFailover', 'UnplannedFailover', 'TestFailover']);
    await h.press('recheck');
    assert.equal(h.buttonEnabled('retry'), true);
    azure.job = planJob('Succeeded', 'Succeeded');
    await h.press('retry');
    assert.equal(azure.started.length, 2);
  });

  it('losing track of the job offers Retry, which follows it again', async () => {
    const azure = new FakePlanAzure(['PlannedFailover', 'UnplannedFailover', 'TestFailover']);
    azure.jobReadError = new Error('getaddrinfo ENOTFOUND management.azure.com');
    const h = harness(azure);
    await h.set('kind', 'planned');
    await h.press('next');
    await h.set('confirmName', 'rp1');
    await h.press('start');
    await h.until('lost', (p) => /Lost track/.test(text(p, 'status')));
    azure.jobReadError = undefined;
    azure.job = planJob('Succeeded', 'Succeeded');
    azure.plan = plan(['PlannedFailover', 'UnplannedFailover', 'TestFailover', 'Commit']);
    await h.press('retry');
    await h.until('the job ends', (p) => p.buttons.some((b) => b.id === 'commit'));
    assert.equal(azure.started.length, 1, 'Retry after a lost job follows it; it starts nothing');
  });

  it('shows each group’s VM tasks from the plan job (RPFailoverCommit.json’s childTasks)', () => {
    const blocks = planVmTaskBlocks(planJob('InProgress', 'InProgress'));
    assert.deepEqual(
      blocks.map((b) => (b.kind === 'steps' ? [b.label, b.steps.map((st) => `${st.label}:${st.state}`)] : [])),
      [
        ['Group 1: Test failover (1)', ['vm-a:running']],
        ['Group 2: Test failover (1)', ['vm-b:running']],
      ],
    );
    assert.deepEqual(planVmTaskBlocks(undefined), []);
  });

  it('a restored snapshot names its plan by one name segment only', () => {
    const base = { page: 'kind', shutDownSource: true, notes: '', done: [] };
    assert.equal(restoredSnapshot({ snapshot: { ...base, planName: 'rp1' } }, planFailoverSnapshotSchema).ok, true);
    assert.equal(restoredSnapshot({ snapshot: { ...base, planName: '../vaults/other' } }, planFailoverSnapshotSchema).ok, false);
    assert.equal(restoredSnapshot({ snapshot: { ...base, planName: '' } }, planFailoverSnapshotSchema).ok, false);
  });
});
