/**
 * The Failover and Failback wizards driven through their real form protocol (FormHarness) against
 * the lab, with the real services and SDKs: ramh157v01 (Protected) through a test failover on
 * ram-test-vnet and its cleanup, a planned failover confirmed by typing the name, commit, failback
 * (ForSynchronization, create the VM if missing), commit and reverse replication back to
 * Protected. Then, on ramh157v05: a job that fails in the lab shows why and Retry runs it again,
 * and losing track of a job (every Azure request failing) offers Retry, which follows it again.
 */
import assert from 'node:assert/strict';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import type { ProtectedItemRef } from '../../src/model/armId';
import { deriveProtectionStatus, type ProtectionKind } from '../../src/model/protectionStatus';
import { allowedActions } from '../../src/model/vmActions';
import type { VaultContext } from '../../src/services/azure/clients';
import { getJob } from '../../src/services/azure/jobs';
import { getProtectedItem } from '../../src/services/azure/protection';
import { FailbackWizard, type FailbackSnapshot } from '../../src/webviews/failover/failbackWizard';
import type { FailoverDeps } from '../../src/webviews/failover/failoverServices';
import { FailoverWizard, type FailoverSnapshot } from '../../src/webviews/failover/failoverWizard';
import type { PageView } from '../../src/webviews/form/view';
import type { JobError, JobState } from '../../lab/state';
import { FormHarness } from '../support/formHarness';
import { eventually } from '../support/wait';
import { openServices, type ServicesSession } from './servicesSupport';

const container = 'cloud_eecac84c-1761-50ad-9624-a7092c581567';
const v01 = '193ca098-991d-4a6f-be78-da2c6e7bd290'; // ramh157v01, Protected
const v05 = '3c9a8b7d-6e5f-4a1b-9c2d-8e7f6a5b4c3d'; // ramh157v05, Protected (critical health)
const wait = 60_000;

/** The rows of "Where {vm} lands in Azure" (landing.ts), label: value. */
function landingOf(view: PageView): string[] {
  const b = view.blocks.find((x) => x.id === 'landing');
  return b?.kind === 'summary' ? b.rows.map((r) => `${r.label}: ${r.value}`) : [];
}

function textOf(view: PageView, id: string): string {
  const b = view.blocks.find((x) => x.id === id);
  return b?.kind === 'textBlock' ? b.text : '';
}

describe('failover and failback wizards against the lab', function () {
  this.timeout(240_000);
  let s: ServicesSession;
  let v: VaultContext;
  const watched: [string, string][] = [];
  const portal: string[] = [];
  let refreshes = 0;
  /** Called when a wizard reports a job it started (before it reads the job). */
  let onWatch: ((jobName: string) => void) | undefined;
  /** POST bodies the SDK sent (action requests). */
  const posted: { url: string; body: string }[] = [];
  const open: { dispose(): void }[] = [];

  const ref = (vmId: string): ProtectedItemRef => ({ ...v.vault, fabricName: 'RAM-Site', containerName: container, protectedItemName: vmId });
  const current = (vmId: string): Promise<ReplicationProtectedItem> => getProtectedItem(v, ref(vmId));
  const kindNow = async (vmId: string): Promise<ProtectionKind> => deriveProtectionStatus(await current(vmId)).kind;
  const deps = (): FailoverDeps => ({
    vaultContext: () => Promise.resolve(v),
    vaultLocation: 'westeurope',
    watchJob: (jobName, vmName) => {
      watched.push([jobName, vmName]);
      onWatch?.(jobName);
    },
    openPortal: (armId) => portal.push(armId),
    // The user answers Commit's modal with Commit (the unit suite covers a declined one).
    confirm: () => Promise.resolve(true),
    refresh: () => {
      refreshes++;
      return Promise.resolve();
    },
    pollIntervalMs: 50,
  });
  const harness = <S>(h: FormHarness<S>): FormHarness<S> => {
    open.push(h);
    return h;
  };
  const lastPost = (action: string): unknown => {
    const hit = [...posted].reverse().find((p) => new URL(p.url).pathname.endsWith(`/${action}`));
    if (!hit) throw new Error(`no ${action} request was sent`);
    return JSON.parse(hit.body) as unknown;
  };
  const labJob = (jobName: string): JobState => {
    for (const vault of s.lab.state.vaults.values()) {
      const job = vault.jobs.get(jobName.toLowerCase());
      if (job) return job;
    }
    throw new Error(`the lab has no job ${jobName}`);
  };
  const ranAStep = <S>(h: FormHarness<S>): boolean =>
    h.shownStates.some((st) => st.view.blocks.some((b) => b.kind === 'steps' && b.steps.some((x) => x.state === 'running' && x.id.startsWith('task-'))));

  before(async () => {
    const capture: PipelinePolicy = {
      name: 'captureActionBodies',
      sendRequest: (request, next) => {
        if (request.method === 'POST' && typeof request.body === 'string') posted.push({ url: request.url, body: request.body });
        return next(request);
      },
    };
    // Few, quick retries: the last test makes every Azure request fail for a while.
    s = await openServices({}, { retryOptions: { maxRetries: 2, retryDelayInMs: 10, maxRetryDelayInMs: 40 }, additionalPolicies: [{ policy: capture, position: 'perCall' }] });
    v = s.vctx();
  });
  afterEach(() => {
    onWatch = undefined;
    s.lab.faults.update({ ...s.lab.faults.settings, errorRate: 0 });
    for (const h of open.splice(0)) h.dispose();
  });
  after(async () => s.lab.stop());

  it('test failover of ramh157v01 on ram-test-vnet from the latest processed point: steps, then cleanup with notes', async () => {
    const h = harness(new FormHarness<FailoverSnapshot>(new FailoverWizard(deps(), { vmName: 'ramh157v01', item: await current(v01) })));
    assert.equal(h.view.page, 'kind');
    const kinds = h.field('kind');
    assert.ok(kinds.kind === 'radio');
    assert.deepEqual(
      kinds.options.map((o) => o.value),
      ['test', 'planned', 'unplanned'],
    );
    await h.set('kind', 'test');
    await h.press('next');
    assert.equal(h.view.page, 'options');
    assert.equal(h.view.error, undefined);
    const network = h.field('network');
    assert.ok(network.kind === 'select');
    const testVnet = network.options.find((o) => o.label === 'ram-test-vnet');
    assert.ok(testVnet, `ram-test-vnet offered (${network.options.map((o) => o.label).join(', ')})`);
    assert.ok(network.options.some((o) => o.label === 'ram-dr-vnet'));
    const point = h.field('point');
    assert.ok(point.kind === 'radio' && point.value === 'latestProcessed');
    assert.match(point.options[0].detail ?? '', /\(now .*\d{4}.*\d{2}:\d{2}:\d{2}.* \S+\)/, 'the newest point has a local time, with its zone');
    // Its own failover network is production: warned on the page and in the review (issue 16 §1).
    const drVnet = network.options.find((o) => o.label === 'ram-dr-vnet');
    assert.ok(drVnet);
    await h.set('network', drVnet.value);
    assert.match(textOf(h.view, 'productionWarning'), /ram-dr-vnet is the network ramh157v01 fails over to: your production network/);
    await h.press('next');
    assert.match(textOf(h.view, 'productionWarning'), /your production network/);
    await h.press('back');
    await h.set('network', testVnet.value);
    assert.equal(textOf(h.view, 'productionWarning'), '');
    assert.deepEqual(landingOf(h.view), ['Network: ram-test-vnet', 'Subnet: isolated', 'IP address: Dynamic: the next free address of the subnet']);
    await h.press('next');
    assert.equal(h.view.page, 'confirm');
    assert.equal(h.buttonEnabled('start'), true, 'a test failover needs no typed name');
    await h.press('start');
    assert.equal(h.view.page, 'run');
    assert.equal(h.view.error, undefined);

    const [jobName, vmName] = watched[watched.length - 1];
    assert.equal(vmName, 'ramh157v01');
    assert.equal((await getJob(v, jobName)).properties?.scenarioName, 'TestFailover');
    assert.deepEqual(lastPost('testFailover'), {
      properties: {
        failoverDirection: 'PrimaryToRecovery',
        networkType: 'VmNetworkAsInput',
        networkId: testVnet.value,
        providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' },
      },
    });
    await h.until('the cleanup step', () => h.buttonEnabled('cleanup'), wait);
    assert.deepEqual(
      h.steps().map((st) => [st.label, st.state]),
      [
        ['Prerequisites check for test failover', 'succeeded'],
        ['Creating the test virtual machine', 'succeeded'],
        ['Preparing the virtual machine', 'succeeded'],
        ['Starting the virtual machine', 'succeeded'],
      ],
    );
    assert.ok(ranAStep(h), 'the page showed a step running while the job ran');
    assert.match(textOf(h.view, 'next'), /test VM is running in Azure in ram-test-vnet/);
    assert.equal(await kindNow(v01), 'TestFailoverCleanupPending');
    assert.ok(refreshes > 0, 'the tree was refreshed when the job ended');

    await h.press('portal');
    assert.equal(portal[portal.length - 1].toLowerCase(), (await current(v01)).id?.toLowerCase(), 'the protected item (ASR writes /Subscriptions/)');
    await h.set('notes', 'Signed in; the intranet site answered.');
    await h.press('cleanup');
    assert.equal(h.view.error, undefined);
    assert.deepEqual(lastPost('testFailoverCleanup'), { properties: { comments: 'Signed in; the intranet site answered.' } });
    assert.equal(watched[watched.length - 1][1], 'ramh157v01');
    await h.until('cleaned up', (view) => /cleaned up/.test(textOf(view, 'next')), wait);
    const item = await current(v01);
    assert.equal(deriveProtectionStatus(item).kind, 'Protected');
    assert.equal(item.properties?.testFailoverState, 'MarkedForDeletion', 'as recorded after a cleanup');
  });

  it('planned failover of ramh157v01 confirmed by typing its name; a wrong name keeps Start disabled; then commit', async () => {
    const h = harness(new FormHarness<FailoverSnapshot>(new FailoverWizard(deps(), { vmName: 'ramh157v01', item: await current(v01) })));
    await h.set('kind', 'planned');
    await h.press('next'); // a planned failover has no options page
    assert.equal(h.view.page, 'confirm');
    // Where it lands, and what lets clients reconnect there (essentials: a connected VPN and DNS on ram-dr-vnet).
    assert.deepEqual(landingOf(h.view), ['Network: ram-dr-vnet', 'Subnet: default', 'IP address: Dynamic: the next free address of the subnet']);
    const reconnection = h.view.blocks.find((b) => b.id === 'reconnection');
    assert.ok(reconnection?.kind === 'list');
    assert.deepEqual(
      reconnection.items.map((i) => i.tone),
      ['success', 'success'],
    );
    assert.match(reconnection.items[0].text, /^ram-dr-vnet: Connected to your site: ram-office-s2s/);
    await h.set('confirmName', 'ramh157v1');
    assert.equal(h.buttonEnabled('start'), false);
    assert.match(h.field('confirmName').problem ?? '', /not the name of this VM: type ramh157v01/);
    const before = s.lab.log.count('replicationProtectedItems.plannedFailover');
    assert.equal(await h.pressExpectingRefusal('start'), 'press: the button is disabled');
    assert.equal(h.view.page, 'confirm');
    assert.equal(s.lab.log.count('replicationProtectedItems.plannedFailover'), before, 'nothing was sent to Azure');

    await h.set('confirmName', 'ramh157v01');
    assert.equal(h.buttonEnabled('start'), true);
    await h.press('start');
    assert.equal(h.view.page, 'run');
    assert.equal(s.lab.log.count('replicationProtectedItems.plannedFailover'), before + 1);
    await h.until('commit offered', () => h.buttonEnabled('commit'), wait);
    assert.equal(await kindNow(v01), 'FailoverCommitPending');
    assert.equal(s.lab.engine.findVm(v01)?.vm.state, 'Off', 'the Hyper-V VM was shut down first');
    assert.deepEqual(
      h.steps().map((st) => st.state),
      ['succeeded', 'succeeded', 'succeeded', 'succeeded'],
    );

    await h.press('commit');
    assert.equal(h.view.error, undefined);
    await h.until('committed', (view) => /failover is committed/.test(textOf(view, 'next')), wait);
    const inAzure = deriveProtectionStatus(await current(v01));
    assert.equal(inAzure.kind, 'FailedOver');
    assert.equal(inAzure.summary, 'Running in Azure');
    assert.deepEqual(allowedActions(await current(v01)), ['failback', 'disableProtection']);
  });

  it('failback of ramh157v01 (ForDownTime, create the VM if missing) waits after the first copy until Continue; commit, reverse replication: Protected again', async () => {
    const h = harness(new FormHarness<FailbackSnapshot>(new FailbackWizard(deps(), { vmName: 'ramh157v01', item: await current(v01) })));
    assert.equal(h.view.page, 'options');
    await h.set('dataSync', 'ForDownTime');
    await h.set('createVm', 'true');
    await h.press('next');
    assert.equal(h.view.page, 'review');
    await h.press('start');
    assert.equal(h.view.error, undefined);
    assert.equal(h.view.page, 'run');
    const body = lastPost('plannedFailover') as { properties: { failoverDirection: string; providerSpecificDetails: Record<string, string> } };
    assert.equal(body.properties.failoverDirection, 'RecoveryToPrimary');
    assert.equal(body.properties.providerSpecificDetails.instanceType, 'HyperVReplicaAzureFailback');
    assert.equal(body.properties.providerSpecificDetails.dataSyncOption, 'ForDownTime');
    assert.equal(body.properties.providerSpecificDetails.recoveryVmCreationOption, 'CreateVmIfNotFound');
    assert.equal(body.properties.providerSpecificDetails.providerIdForAlternateRecovery, (await current(v01)).properties?.recoveryServicesProviderId);

    // The job suspends after the first synchronisation (Start-AzRecoveryServicesAsrPlannedFailoverJob -Optimize help).
    await h.until('Continue offered', () => h.buttonEnabled('resume'), wait);
    assert.match(textOf(h.view, 'next'), /Press Continue when the downtime suits you/);
    assert.deepEqual(
      h.steps().map((st) => st.state),
      ['succeeded', 'succeeded', 'running', 'pending', 'pending'],
    );
    assert.match(h.steps()[2].detail ?? '', /Continue/);
    assert.equal(s.lab.engine.findVm(v01)?.vm.state, 'Off', 'still running in Azure, not on the host');
    assert.equal(h.buttonEnabled('commit'), false);
    await h.press('resume');
    assert.equal(h.view.error, undefined);
    assert.equal(s.lab.log.count('replicationJobs.resume'), 1);

    await h.until('commit offered', () => h.buttonEnabled('commit'), wait);
    assert.deepEqual(
      h.steps().map((st) => st.state),
      ['succeeded', 'succeeded', 'succeeded', 'succeeded', 'succeeded'],
      'the same job ran to its end',
    );
    assert.equal(await kindNow(v01), 'FailbackCommitPending');
    assert.equal(s.lab.engine.findVm(v01)?.vm.state, 'Running');
    await h.press('commit');
    assert.equal(h.view.error, undefined);
    await h.until('reverse offered', () => h.buttonEnabled('reverse'), wait);
    assert.equal(await kindNow(v01), 'ReverseReplicationPending');
    await h.press('reverse');
    assert.equal(h.view.error, undefined);
    await h.until('reverse replication started', (view) => /Reverse replication has started/.test(textOf(view, 'next')), wait);
    const done = h.block('done');
    assert.ok(done.kind === 'list');
    assert.deepEqual(
      done.items.map((i) => i.text),
      ['Failback: finished', 'Commit: finished'],
    );
    await eventually('Protected', async () => ((await kindNow(v01)) === 'Protected' ? true : undefined), wait);
  });

  it('a test failover job that fails in the lab shows why; Retry runs it again', async () => {
    const failure: JobError = {
      code: '70094',
      message: 'Failed to create the test virtual machine: the subscription has no free cores in westeurope',
      possibleCauses: 'The regional vCPU quota is exhausted.',
      recommendedAction: 'Ask for a higher vCPU quota, or stop other virtual machines, then retry',
    };
    onWatch = (jobName) => {
      // The lab fails the job at the step now running, as ASR would.
      const job = labJob(jobName) as JobState & { failure?: JobError };
      job.failure = failure;
      job.endsAt = s.lab.engine.clock.now();
      onWatch = undefined;
    };
    const h = harness(new FormHarness<FailoverSnapshot>(new FailoverWizard(deps(), { vmName: 'ramh157v05', item: await current(v05), kind: 'test' })));
    await h.press('next');
    await h.set('network', 'none');
    await h.press('next');
    await h.press('start');
    const failedJob = watched[watched.length - 1][0];
    await h.until('the failure', (view) => view.blocks.some((b) => b.id === 'status' && b.kind === 'textBlock' && b.tone === 'error'), wait);
    assert.equal(
      textOf(h.view, 'status'),
      'Test failover failed: Failed to create the test virtual machine: the subscription has no free cores in westeurope. Ask for a higher vCPU quota, or stop other virtual machines, then retry. Press Retry to run it again.',
    );
    const failedStep = h.steps().find((st) => st.state === 'failed');
    assert.ok(failedStep, 'a step failed');
    assert.match(failedStep.detail ?? '', /no free cores/);
    assert.ok(h.steps().every((st) => st.state !== 'running'));
    assert.equal((await getJob(v, failedJob)).properties?.state, 'Failed');
    assert.equal(await kindNow(v05), 'Protected', 'Azure allows a test failover again');
    assert.equal(h.buttonEnabled('retry'), true);

    await h.press('retry');
    assert.equal(h.view.error, undefined);
    const retried = watched[watched.length - 1][0];
    assert.notEqual(retried, failedJob, 'Retry started a new job');
    await h.until('cleanup offered', () => h.buttonEnabled('cleanup'), wait);
    assert.equal(await kindNow(v05), 'TestFailoverCleanupPending');
    await h.set('notes', 'Checked after the retry.');
    await h.press('cleanup');
    await h.until('cleaned up', (view) => /cleaned up/.test(textOf(view, 'next')), wait);
    assert.equal(await kindNow(v05), 'Protected');
  });

  it('losing track of the job while Azure fails every request offers Retry, which follows the same job', async () => {
    const before = s.lab.log.count('replicationProtectedItems.testFailover');
    onWatch = () => {
      s.lab.faults.update({ ...s.lab.faults.settings, errorRate: 1 });
      onWatch = undefined;
    };
    const h = harness(new FormHarness<FailoverSnapshot>(new FailoverWizard(deps(), { vmName: 'ramh157v05', item: await current(v05), kind: 'test' })));
    await h.press('next');
    await h.set('network', 'none');
    await h.press('next');
    await h.press('start');
    await h.until('lost track', () => h.buttonEnabled('retry'), wait);
    assert.match(textOf(h.view, 'status'), /^Lost track of the test failover job: .+ The job goes on in Azure; press Retry to follow it again\.$/);
    assert.doesNotMatch(textOf(h.view, 'status'), /\n|at .+\.ts:\d+/, 'no stack trace');
    assert.ok(s.lab.log.entries.some((e) => e.fault === 'http500' || e.fault === 'http503'));

    s.lab.faults.update({ ...s.lab.faults.settings, errorRate: 0 });
    await h.press('retry');
    await h.until('cleanup offered', () => h.buttonEnabled('cleanup'), wait);
    assert.equal(s.lab.log.count('replicationProtectedItems.testFailover'), before + 1, 'Retry followed the job; it did not start another');
    await h.press('cleanup');
    await h.until('cleaned up', (view) => /cleaned up/.test(textOf(view, 'next')), wait);
    assert.equal(await kindNow(v05), 'Protected');
  });
});
