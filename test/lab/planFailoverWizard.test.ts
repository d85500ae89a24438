/**
 * The Failover wizard with a recovery plan as its target (issue 16 §2), driven through its real
 * form protocol (FormHarness) against the lab with the real services and SDKs: a plan of two
 * groups (ramh157v01, then ramh157v05) through a test failover on ram-test-vnet (the run page
 * shows each group's VM tasks), its cleanup with notes, a planned
 * failover confirmed by typing the plan's name, and its commit. A production network is warned
 * about, and declining the modal sends nothing. A wizard restored mid-run follows the job again.
 */
import assert from 'node:assert/strict';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { PlanGroup, RecoveryPlanSummary } from '../../src/model/recoveryPlan';
import type { VaultContext } from '../../src/services/azure/clients';
import { getJob } from '../../src/services/azure/jobs';
import { listProtectedItems } from '../../src/services/azure/protection';
import { allowedActions, type VmAction } from '../../src/model/vmActions';
import { createRecoveryPlan, getRecoveryPlan } from '../../src/services/azure/recoveryPlans';
import type { Confirmation } from '../../src/webviews/failover/failoverModel';
import type { PlanFailoverDeps, PlanRunAction } from '../../src/webviews/failover/planFailoverServices';
import { PlanFailoverWizard, type PlanFailoverSnapshot } from '../../src/webviews/failover/planFailoverWizard';
import type { PageView } from '../../src/webviews/form/view';
import { FormHarness } from '../support/formHarness';
import { openServices, type ServicesSession } from './servicesSupport';

const v01 = '193ca098-991d-4a6f-be78-da2c6e7bd290'; // ramh157v01, Protected
const v05 = '3c9a8b7d-6e5f-4a1b-9c2d-8e7f6a5b4c3d'; // ramh157v05, Protected
const wait = 60_000;

function listTexts(view: PageView, id: string): string[] {
  const b = view.blocks.find((x) => x.id === id);
  return b?.kind === 'list' ? b.items.map((i) => (i.detail ? `${i.text}: ${i.detail}` : i.text)) : [];
}

function stepLabels(view: PageView, id: string): string[] {
  const b = view.blocks.find((x) => x.id === id);
  return b?.kind === 'steps' ? b.steps.map((st) => `${st.label} ${st.state}`) : [];
}

describe('plan failover wizard against the lab', function () {
  this.timeout(240_000);
  let s: ServicesSession;
  let v: VaultContext;
  let items: ReplicationProtectedItem[] = [];
  let testVnet = '';
  const watched: [string, PlanRunAction][] = [];
  const asked: Confirmation[] = [];
  let answer = true;
  let productionIds: string[] = [];
  const open: { dispose(): void }[] = [];
  const idOf = (name: string): string => items.find((i) => i.name === name)!.id!;
  const names: Record<string, string> = { [v01]: 'ramh157v01', [v05]: 'ramh157v05' };
  /** What each VM allows, as the estate would have read it (read again after each job, as the glue's refresh does). */
  const actions = new Map<string, VmAction[]>();
  const readActions = async (): Promise<void> => {
    for (const i of await listProtectedItems(v)) actions.set(i.name!, allowedActions(i));
  };

  const deps = (): PlanFailoverDeps => ({
    vaultContext: () => Promise.resolve(v),
    vaultLocation: 'westeurope',
    watchJob: (jobName, _plan, action) => watched.push([jobName, action]),
    vmOf: (itemId) => {
      const name = names[itemId.split('/').pop() ?? ''];
      const id = itemId.split('/').pop() ?? '';
      return name ? { name, actions: actions.get(id) ?? [], ...(name === 'ramh157v01' ? { staticIps: ['10.20.0.10'] } : {}) } : undefined;
    },
    failoverNetworkIds: () => productionIds,
    confirm: (q) => {
      asked.push(q);
      return Promise.resolve(answer);
    },
    refresh: readActions,
    pollIntervalMs: 50,
  });
  const wizard = (plan?: RecoveryPlanSummary): FormHarness<PlanFailoverSnapshot> => {
    const h = new FormHarness(new PlanFailoverWizard(deps(), { planName: 'rp-wiz', ...(plan ? { plan } : {}) }));
    open.push(h);
    return h;
  };

  before(async () => {
    s = await openServices();
    v = s.vctx();
    items = await listProtectedItems(v);
    const siteId = idOf(v01).replace(/\/replicationProtectionContainers\/.*$/, '');
    const groups: PlanGroup[] = [
      { groupType: 'Boot', itemIds: [idOf(v01)] },
      { groupType: 'Boot', itemIds: [idOf(v05)] },
    ];
    await (await createRecoveryPlan(v, { name: 'rp-wiz', primaryFabricId: siteId, recoveryFabricId: 'Microsoft Azure', groups })).result();
    await readActions();
  });
  afterEach(() => {
    for (const h of open.splice(0)) h.dispose();
  });
  after(async () => s.lab.stop());

  it('offers the kinds the plan allows, with its groups in order (read from Azure when opened)', async () => {
    const h = wizard();
    await (h.wizard as PlanFailoverWizard).ready;
    const view = await h.until('the kind page', (p) => p.blocks.some((b) => b.id === 'kind'));
    const kind = h.field('kind');
    assert.equal(kind.kind, 'radio');
    assert.deepEqual(kind.kind === 'radio' ? kind.options.map((o) => o.value) : [], ['test', 'planned', 'unplanned']);
    assert.deepEqual(listTexts(view, 'groups'), ['Group 1: ramh157v01 (fails over to 10.20.0.10)', 'Group 2: ramh157v05']);
    assert.equal(h.buttonEnabled('next'), false);
    await h.set('kind', 'test');
    assert.equal(h.buttonEnabled('next'), true);
  });

  it('warns about a production network; declining the modal sends nothing', async () => {
    const h = wizard(await getRecoveryPlan(v, 'rp-wiz'));
    await h.set('kind', 'test');
    await h.press('next');
    await h.until('the networks', (p) => p.blocks.some((b) => b.id === 'network'));
    const network = h.field('network');
    testVnet = network.kind === 'select' ? (network.options.find((o) => o.label === 'ram-test-vnet')?.value ?? '') : '';
    assert.notEqual(testVnet, '');
    productionIds = [testVnet];
    await h.set('network', testVnet);
    assert.match(JSON.stringify(h.block('production')), /ram-test-vnet/);
    await h.press('next');
    assert.equal(h.view.page, 'confirm');
    answer = false;
    await h.press('start');
    assert.match(asked.at(-1)?.message ?? '', /production network/);
    assert.equal(h.view.page, 'confirm');
    assert.deepEqual(watched, []);
    assert.deepEqual((await getRecoveryPlan(v, 'rp-wiz')).allowedOperations, ['PlannedFailover', 'UnplannedFailover', 'TestFailover']);
    answer = true;
    productionIds = [];
  });

  it("test-fails the plan over on ram-test-vnet: group tasks and each VM's task; then cleans up with notes", async () => {
    const h = wizard(await getRecoveryPlan(v, 'rp-wiz'));
    await h.set('kind', 'test');
    await h.press('next');
    await h.until('the networks', (p) => p.blocks.some((b) => b.id === 'network'));
    await h.set('network', testVnet);
    await h.press('next');
    assert.deepEqual(listTexts(h.view, 'groups').length, 2);
    await h.press('start');
    const done = await h.until('the test failover ends', (p) => p.buttons.some((b) => b.id === 'cleanup'), wait);
    assert.equal(watched.at(-1)?.[1], 'testFailover');
    const job = await getJob(v, watched.at(-1)![0]);
    assert.equal(job.properties?.targetInstanceType, 'RecoveryPlan');
    // One steps block per group with VMs, in the plan's order, each VM's task done.
    const groupBlocks = done.blocks.filter((b) => b.kind === 'steps' && b.id.startsWith('group-'));
    assert.deepEqual(
      groupBlocks.map((b) => (b.kind === 'steps' ? b.steps.map((st) => st.label) : [])),
      [['ramh157v01'], ['ramh157v05']],
    );
    assert.ok(groupBlocks.every((b) => b.kind === 'steps' && b.steps.every((st) => st.state === 'succeeded')));
    assert.ok(stepLabels(done, 'steps').length >= 2, stepLabels(done, 'steps').join(' | '));
    await h.set('notes', 'Both VMs answered');
    await h.press('cleanup');
    await h.until('the cleanup ends', (p) => p.blocks.some((b) => b.id === 'next' && b.kind === 'textBlock' && /cleaned up/.test(b.text)), wait);
    assert.deepEqual(listTexts(h.view, 'done'), ['Test failover: finished']);
    assert.equal(watched.at(-1)?.[1], 'testFailoverCleanup');
    assert.deepEqual((await getRecoveryPlan(v, 'rp-wiz')).allowedOperations, ['PlannedFailover', 'UnplannedFailover', 'TestFailover']);
  });

  it('a planned failover needs the plan’s exact name; then Commit (after a modal) commits it', async () => {
    const h = wizard(await getRecoveryPlan(v, 'rp-wiz'));
    await h.set('kind', 'planned');
    await h.press('next');
    assert.equal(h.view.page, 'confirm', 'a planned failover has no options page');
    assert.equal(h.buttonEnabled('start'), false);
    await h.set('confirmName', 'RP-WIZ');
    assert.match(JSON.stringify(h.field('confirmName')), /exactly/);
    assert.equal(h.buttonEnabled('start'), false);
    await h.set('confirmName', 'rp-wiz');
    assert.equal(h.buttonEnabled('start'), true);
    await h.press('start');
    await h.until('the planned failover ends', (p) => p.buttons.some((b) => b.id === 'commit'), wait);
    assert.equal(watched.at(-1)?.[1], 'plannedFailover');
    assert.deepEqual((await getRecoveryPlan(v, 'rp-wiz')).allowedOperations.includes('Commit'), true);
    await h.press('commit');
    assert.match(asked.at(-1)?.message ?? '', /Commit the failover of rp-wiz/);
    await h.until('the commit ends', (p) => p.blocks.some((b) => b.id === 'next' && b.kind === 'textBlock' && /committed/.test(b.text)), wait);
    assert.equal(watched.at(-1)?.[1], 'commit');
    assert.deepEqual(listTexts(h.view, 'done'), ['Planned failover: finished']);
  });

  it('after the commit (the plan lists the failovers again, its VMs run in Azure) no failover is offered; a restored run page follows its job again', async () => {
    const plan = await getRecoveryPlan(v, 'rp-wiz');
    // RPFailoverCommit: a committed plan lists the three failovers again; its VMs allow a failback only.
    assert.deepEqual(plan.allowedOperations, ['PlannedFailover', 'UnplannedFailover', 'TestFailover']);
    assert.equal(actions.get(v01)?.includes('plannedFailover'), false);
    const h = wizard(plan);
    assert.equal(
      h.view.blocks.some((b) => b.id === 'kind'),
      false,
    );
    assert.match(JSON.stringify(h.block('notAllowed')), /fail the plan back/);
    assert.equal(
      h.view.buttons.some((b) => b.id === 'next'),
      false,
    );
    const last = watched.at(-1)![0];
    const snapshot: PlanFailoverSnapshot = {
      planName: 'rp-wiz',
      page: 'run',
      kind: 'planned',
      shutDownSource: true,
      notes: '',
      stage: { action: 'commit', jobName: last, status: 'running' },
      done: ['plannedFailover'],
    };
    const restored = new FormHarness(PlanFailoverWizard.restore(deps(), snapshot, plan));
    open.push(restored);
    await restored.until('the restored job ends', (p) => p.blocks.some((b) => b.id === 'next' && b.kind === 'textBlock' && /committed/.test(b.text)), wait);
    assert.deepEqual(listTexts(restored.view, 'done'), ['Planned failover: finished']);
  });
});
