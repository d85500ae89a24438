/**
 * The Failover and Failback wizards' state machines, driven through the real form protocol
 * (FormHarness) with fake Azure operations: what each page offers, the typed-name confirmation,
 * the recovery point sent, the run page following a job to its end, failures with Retry, and
 * restoring from a snapshot.
 */
import assert from 'node:assert/strict';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { ProtectedItemRef } from '../../../src/model/armId';
import { parseProtectedItemId, parseVaultId, sameArmId } from '../../../src/model/armId';
import type { JobOwner } from '../../../src/jobs/types';
import type { JobLike } from '../../../src/model/jobSummary';
import type { VmAction } from '../../../src/model/vmActions';
import type { AzureContext, VaultContext } from '../../../src/services/azure/clients';
import { AzureOperationError } from '../../../src/services/azure/errors';
import type { FailbackOptions } from '../../../src/services/azure/failover';
import { ensureAllowed } from '../../../src/services/azure/failover';
import type { VirtualNetworkSummary } from '../../../src/services/azure/networks';
import type { RecoveryPointSummary } from '../../../src/services/azure/recoveryPoints';
import { restoredSnapshot } from '../../../src/webviews/form/formProtocol';
import { FailbackWizard, failbackSnapshotSchema } from '../../../src/webviews/failover/failbackWizard';
import type { FailoverDeps, FailoverServices, JobStart } from '../../../src/webviews/failover/failoverServices';
import { FailoverWizard, failoverSnapshotSchema, type FailoverInput, type FailoverSnapshot } from '../../../src/webviews/failover/failoverWizard';
import { restoreFailbackWizard, restoreFailoverWizard } from '../../../src/webviews/failover/restoredItemWizards';
import type { BlockView, InputFieldView, OptionView, PageView } from '../../../src/webviews/form/view';
import { FormHarness } from '../../support/formHarness';
import { formatPointTime, type Confirmation } from '../../../src/webviews/failover/failoverModel';

/** A recovery point's time as the wizard writes it (the user's local time, with the zone). */
const at = (iso: string): string => formatPointTime(new Date(iso));

const vault = '/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.RecoveryServices/vaults/v1';
const itemId = `${vault}/replicationFabrics/site1/replicationProtectionContainers/cloud_1/replicationProtectedItems/pi1`;
const providerId = `${vault}/replicationFabrics/site1/replicationRecoveryServicesProviders/prov1`;
const testVnet = '/subscriptions/sub1/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/ram-test-vnet';

const ops = {
  protected: ['PlannedFailover', 'UnplannedFailover', 'DisableProtection', 'TestFailover'],
  cleanupPending: ['DisableProtection', 'TestFailoverCleanup'],
  commitPending: ['CompleteMigration', 'Commit', 'DisableProtection', 'ChangePit'],
  failedOver: ['CompleteMigration', 'DisableProtection', 'Failback'],
  failbackCommitPending: ['DisableProtection', 'FinalizeFailback'],
  reversePending: ['ReverseReplicate', 'DisableProtection'],
  replicating: ['DisableProtection'],
};

function item(allowedOperations: string[], extra: { provider?: boolean; tfo?: string } = {}): ReplicationProtectedItem {
  const props: NonNullable<ReplicationProtectedItem['properties']> & { recoveryServicesProviderId?: string } = {
    friendlyName: 'vm1',
    protectionState: 'Protected',
    activeLocation: 'Primary',
    testFailoverState: extra.tfo ?? 'None',
    allowedOperations,
  };
  if (extra.provider !== false) props.recoveryServicesProviderId = providerId;
  return { id: itemId, name: 'pi1', properties: props };
}

interface FakeJob {
  state: string;
  tasks: { friendlyName: string; state: string }[];
  error?: { message: string; recommendedAction?: string };
}

/** Azure as the wizards see it: the item, jobs the test moves on, and every call made. */
class FakeAzure implements FailoverServices {
  item: ReplicationProtectedItem;
  readonly calls: { op: string; args: unknown[] }[] = [];
  readonly jobs = new Map<string, FakeJob>();
  points: RecoveryPointSummary[] = [
    { id: `${itemId}/recoveryPoints/rp3`, name: 'rp3', time: new Date('2026-11-25T10:15:00Z'), type: 'CrashConsistent' },
    { id: `${itemId}/recoveryPoints/rp2`, name: 'rp2', time: new Date('2026-11-25T10:10:00Z'), type: 'ApplicationConsistent' },
    { id: `${itemId}/recoveryPoints/rp1`, name: 'rp1', time: new Date('2026-11-25T09:00:00Z'), type: 'CrashConsistent' },
  ];
  networks: VirtualNetworkSummary[] = [{ id: testVnet, name: 'ram-test-vnet', resourceGroup: 'net', location: 'westeurope', addressPrefixes: ['10.30.0.0/16'], subnets: [] }];
  /** While set, reading a job fails (the network). */
  jobReadError: Error | undefined;
  /** While set, reading lists fails. */
  listError: Error | undefined;
  private n = 0;

  constructor(ops: string[], extra: { provider?: boolean; tfo?: string } = {}) {
    this.item = item(ops, extra);
  }

  get lastJob(): string {
    return `job-${this.n}`;
  }

  count(op: string): number {
    return this.calls.filter((c) => c.op === op).length;
  }

  args(op: string): unknown[] {
    const c = [...this.calls].reverse().find((x) => x.op === op);
    if (!c) throw new Error(`${op} was not called`);
    return c.args;
  }

  /** Ends the last job (or one by name) and moves the item on. */
  finish(state: 'Succeeded' | 'Failed' | 'Cancelled' | 'Suspended', nextOps?: string[], error?: FakeJob['error'], name = this.lastJob): void {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`no job ${name}`);
    job.state = state;
    job.tasks = job.tasks.map((t, i) => ({
      ...t,
      state:
        state === 'Succeeded' ? 'Succeeded' : i === 0 ? 'Succeeded' : i === 1 ? (state === 'Suspended' ? 'Suspended' : state === 'Cancelled' ? 'Cancelled' : 'Failed') : 'Skipped',
    }));
    if (error) job.error = error;
    if (nextOps) this.item = item(nextOps);
  }

  private start(op: string, action: VmAction, i: ReplicationProtectedItem, args: unknown[]): Promise<JobStart> {
    this.calls.push({ op, args });
    ensureAllowed(i, action); // the real local refusal (ActionNotAllowedError)
    this.n++;
    this.jobs.set(this.lastJob, {
      state: 'InProgress',
      tasks: [
        { friendlyName: 'Prerequisites check', state: 'InProgress' },
        { friendlyName: `Run ${op}`, state: 'NotStarted' },
      ],
    });
    this.item = item(ops.replicating); // busy while the job runs
    return Promise.resolve({ jobName: this.lastJob });
  }

  getProtectedItem(_v: VaultContext, ref: ProtectedItemRef): Promise<ReplicationProtectedItem> {
    this.calls.push({ op: 'getProtectedItem', args: [ref.protectedItemName] });
    return Promise.resolve(this.item);
  }
  getJob(_v: VaultContext, jobName: string): Promise<JobLike> {
    if (this.jobReadError) return Promise.reject(this.jobReadError);
    const j = this.jobs.get(jobName);
    if (!j) return Promise.reject(new Error(`no job ${jobName}`));
    return Promise.resolve({
      name: jobName,
      properties: {
        state: j.state,
        tasks: j.tasks,
        ...(j.error
          ? { errors: [{ serviceErrorDetails: { message: j.error.message, ...(j.error.recommendedAction ? { recommendedAction: j.error.recommendedAction } : {}) } }] }
          : {}),
      },
    });
  }
  resumeJob(_v: VaultContext, jobName: string): Promise<JobStart> {
    this.calls.push({ op: 'resumeJob', args: [jobName] });
    const j = this.jobs.get(jobName);
    if (j) j.state = 'InProgress';
    // Azure names the resume operation with an id of its own (spec example ReplicationJobs_Resume.json).
    return Promise.resolve({ jobName: `resume-of-${jobName}` });
  }
  listRecoveryPoints(): Promise<RecoveryPointSummary[]> {
    this.calls.push({ op: 'listRecoveryPoints', args: [] });
    return this.listError ? Promise.reject(this.listError) : Promise.resolve(this.points);
  }
  listVirtualNetworks(_c: AzureContext, filter: { location?: string }): Promise<VirtualNetworkSummary[]> {
    this.calls.push({ op: 'listVirtualNetworks', args: [filter] });
    return this.listError ? Promise.reject(this.listError) : Promise.resolve(this.networks);
  }
  testFailover(_v: VaultContext, i: ReplicationProtectedItem, options: { networkId?: string; recoveryPointId?: string }): Promise<JobStart> {
    return this.start('testFailover', 'testFailover', i, [options]);
  }
  testFailoverCleanup(_v: VaultContext, i: ReplicationProtectedItem, comments: string): Promise<JobStart> {
    return this.start('testFailoverCleanup', 'testFailoverCleanup', i, [comments]);
  }
  plannedFailover(_v: VaultContext, i: ReplicationProtectedItem): Promise<JobStart> {
    return this.start('plannedFailover', 'plannedFailover', i, []);
  }
  unplannedFailover(_v: VaultContext, i: ReplicationProtectedItem, options: { recoveryPointId?: string; shutDownSource: boolean }): Promise<JobStart> {
    return this.start('unplannedFailover', 'unplannedFailover', i, [options]);
  }
  commitFailover(_v: VaultContext, i: ReplicationProtectedItem): Promise<JobStart> {
    return this.start('commitFailover', 'commit', i, []);
  }
  failback(_v: VaultContext, i: ReplicationProtectedItem, options: FailbackOptions): Promise<JobStart> {
    return this.start('failback', 'failback', i, [options]);
  }
  reverseReplication(_v: VaultContext, i: ReplicationProtectedItem): Promise<JobStart> {
    return this.start('reverseReplication', 'reverseReplication', i, []);
  }
}

interface FakeDeps extends FailoverDeps {
  watched: [string, string][];
  /** The owners the wizard gave with its jobs (whether it shows their end). */
  owners: JobOwner[];
  portal: string[];
  refreshes: number;
  /** The tree's transient state of the VM, as the wizard sets and clears it. */
  transients: string[];
  /** The questions asked in a modal, and the answer the next ones get. */
  asked: Confirmation[];
  answer: boolean;
}

function fakeDeps(): FakeDeps {
  const deps: FakeDeps = {
    watched: [],
    owners: [],
    portal: [],
    refreshes: 0,
    transients: [],
    asked: [],
    answer: true,
    confirm: (question) => {
      deps.asked.push(question);
      return Promise.resolve(deps.answer);
    },
    transient: {
      set: (text, jobName) => deps.transients.push(jobName ? `${text} (${jobName})` : text),
      clear: () => deps.transients.push('(cleared)'),
    },
    vaultLocation: 'westeurope',
    pollIntervalMs: 2,
    vaultContext: () => Promise.resolve({ subscriptionId: 'sub1', vault: parseVaultId(vault) } as VaultContext),
    watchJob: (jobName, vmName, owner) => {
      deps.watched.push([jobName, vmName]);
      if (owner) deps.owners.push(owner);
    },
    openPortal: (armId) => deps.portal.push(armId),
    refresh: () => {
      deps.refreshes++;
      return Promise.resolve();
    },
  };
  return deps;
}

const soon = 3000;

/** The estate of a restore: it holds pi1, named vm1. */
const inEstate = (id: string): Promise<string | undefined> => Promise.resolve(sameArmId(id, itemId) ? 'vm1' : undefined);

/** Every harness of a test, disposed after it (a failed test must not leave a job being read). */
const open: { dispose(): void }[] = [];
function track<T extends { dispose(): void }>(h: T): T {
  open.push(h);
  return h;
}
afterEach(() => {
  for (const h of open.splice(0)) h.dispose();
});

function failover(azure: FakeAzure, deps = fakeDeps(), input: Partial<FailoverInput> = {}): { h: FormHarness<FailoverSnapshot>; deps: FakeDeps; wizard: FailoverWizard } {
  const wizard = new FailoverWizard(deps, { vmName: 'vm1', item: azure.item, ...input }, azure);
  return { h: track(new FormHarness(wizard)), deps, wizard };
}

/** What the helpers read of a harness (whatever its snapshot type). */
interface PageReader {
  readonly view: PageView;
  field(id: string): InputFieldView;
  block(id: string): BlockView;
}

function options(h: PageReader, id: string): OptionView[] {
  const f = h.field(id);
  if (f.kind !== 'radio' && f.kind !== 'select') throw new Error(`${id} is a ${f.kind}`);
  return [...f.options];
}

function value(h: PageReader, id: string): string {
  const f = h.field(id);
  if (f.kind === 'checkbox' || f.kind === 'checklist') throw new Error(`${id} is a ${f.kind}`);
  return f.value;
}

function checked(h: PageReader, id: string): boolean {
  const f = h.field(id);
  if (f.kind !== 'checkbox') throw new Error(`${id} is a ${f.kind}`);
  return f.checked;
}

function radioValues(h: PageReader, id: string): string[] {
  return options(h, id).map((o) => o.value);
}

function text(h: PageReader, id: string): string {
  const b = h.block(id);
  if (b.kind !== 'textBlock') throw new Error(`${id} is a ${b.kind}`);
  return b.text;
}

const untilStepsDone = (h: FormHarness<FailoverSnapshot>): Promise<PageView> =>
  h.until('the job to end', (v) => v.blocks.some((b) => b.kind === 'steps' && b.steps.every((s) => s.state !== 'running' && s.state !== 'pending')), soon);

describe('failover wizard', () => {
  it('offers only the kinds allowedOperations allow now; a choice not offered is refused', async () => {
    const onlyTest = new FakeAzure(['TestFailover', 'DisableProtection']);
    const { h } = failover(onlyTest);
    assert.equal(h.view.page, 'kind');
    assert.deepEqual(radioValues(h, 'kind'), ['test']);
    assert.equal(h.buttonEnabled('next'), false);
    assert.equal(h.field('kind').problem, 'Choose a kind of failover.');
    assert.equal(await h.setExpectingRefusal('kind', 'planned'), 'set: not one of the offered choices');
    await h.set('kind', 'test');
    assert.equal(h.buttonEnabled('next'), true);

    const waiting = new FakeAzure(ops.cleanupPending, { tfo: 'WaitingForCompletion' });
    const w = failover(waiting).h;
    assert.throws(() => w.field('kind'));
    assert.match(text(w, 'notAllowed'), /Clean up the test failover first/);
    assert.equal(w.buttonEnabled('next'), false);
  });

  it('reads the item first when given only its ref, and can try again after a failure', async () => {
    const azure = new FakeAzure(ops.protected);
    const deps = fakeDeps();
    let fail = true;
    deps.vaultContext = () => (fail ? Promise.reject(new Error('Not signed in to Azure. Run Connect.')) : Promise.resolve({} as VaultContext));
    const wizard = new FailoverWizard(deps, { vmName: 'vm1', item: parseProtectedItemId(itemId) }, azure);
    await wizard.ready;
    const h = track(new FormHarness(wizard));
    assert.equal(h.view.error, 'Not signed in to Azure. Run Connect.');
    assert.equal(h.buttonEnabled('reload'), true);
    fail = false;
    await h.press('reload');
    assert.deepEqual(radioValues(h, 'kind'), ['test', 'planned', 'unplanned']);
    assert.equal(h.view.error, undefined);
  });

  it('test failover: network and latest point, no typed name, steps, then cleanup with notes', async () => {
    const azure = new FakeAzure(ops.protected);
    const { h, deps } = failover(azure);
    await h.set('kind', 'test');
    await h.press('next');
    assert.equal(h.view.page, 'options');
    assert.deepEqual(azure.args('listVirtualNetworks'), [{ location: 'westeurope' }]);
    assert.deepEqual(radioValues(h, 'point'), ['latestProcessed', 'latestAppConsistent', 'specific']);
    assert.deepEqual(radioValues(h, 'network'), ['none', testVnet]);
    assert.equal(h.buttonEnabled('next'), false, 'a network must be chosen');
    assert.match(h.field('network').problem ?? '', /Choose the network/);
    await h.set('network', testVnet);
    assert.equal(h.buttonEnabled('next'), true);
    await h.press('next');
    assert.equal(h.view.page, 'confirm');
    assert.throws(() => h.field('confirmName'), /no field/);
    assert.equal(h.buttonEnabled('start'), true);
    await h.press('start');
    assert.equal(h.view.page, 'run');
    assert.deepEqual(azure.args('testFailover'), [{ networkId: testVnet }]);
    assert.deepEqual(deps.watched, [['job-1', 'vm1']]);
    // The wizard path shows the tree's transient state as the commands do (src/flows/vmAction.ts).
    assert.deepEqual(deps.transients, ['Starting test failover…', 'Starting test failover… (job-1)']);
    await h.until('steps from the job', () => h.steps().length === 2, soon);
    assert.deepEqual(
      h.steps().map((s) => s.state),
      ['running', 'pending'],
    );
    assert.match(text(h, 'status'), /running in Azure; the Jobs view/);
    assert.equal(h.buttonEnabled('cleanup'), false, 'no cleanup while the job runs');

    azure.finish('Succeeded', ops.cleanupPending);
    await untilStepsDone(h);
    await h.until('the next step', () => h.buttonEnabled('cleanup'), soon);
    assert.match(text(h, 'next'), /test VM is running in Azure in ram-test-vnet/);
    assert.ok(deps.refreshes >= 1);
    await h.press('portal');
    assert.deepEqual(deps.portal, [itemId]);

    const field = h.field('notes');
    assert.equal(field.kind === 'text' && field.maxLength, 1000);
    await assert.rejects(h.set('notes', 'x'.repeat(1001)), /rejected by the gate/, 'longer notes never reach the wizard');
    await h.set('notes', 'x'.repeat(1000));
    assert.equal(h.buttonEnabled('cleanup'), true);
    await h.set('notes', ' Signed in; the web site answered. ');
    await h.press('cleanup');
    assert.deepEqual(azure.args('testFailoverCleanup'), ['Signed in; the web site answered.']);
    assert.deepEqual(deps.watched[1], ['job-2', 'vm1']);
    azure.finish('Succeeded', ops.protected);
    await h.until('cleaned up', (v) => v.blocks.some((b) => b.id === 'next' && b.kind === 'textBlock' && /cleaned up/.test(b.text)), soon);
    const done = h.block('done');
    assert.ok(done.kind === 'list' && done.items[0].text === 'Test failover: finished');
    assert.equal(h.buttonEnabled('cleanup'), false);
    let closed = 0;
    h.wizard.onDidRequestClose(() => closed++);
    await h.press('close');
    assert.equal(closed, 1);
    h.dispose();
  });

  it('planned failover: start stays disabled until the exact name is typed; a press is refused', async () => {
    const azure = new FakeAzure(ops.protected);
    const deps = fakeDeps();
    const { h } = failover(azure, deps, { kind: 'planned' });
    assert.equal(value(h, 'kind'), 'planned', 'pre-selected');
    assert.equal(h.view.stepLabel, 'Step 1 of 3', 'the options page, with nothing to choose, is not counted');
    await h.press('next');
    assert.equal(h.view.page, 'confirm', 'a planned failover has no options page');
    assert.equal(h.view.stepLabel, 'Step 2 of 3');
    assert.equal(azure.count('listRecoveryPoints'), 0, 'a planned failover uses the latest data');
    assert.match(text(h, 'effect'), /shut down in order/);
    assert.equal(h.buttonEnabled('start'), false);
    assert.match(h.field('confirmName').problem ?? '', /Type vm1/);
    await h.set('confirmName', 'vm2');
    assert.equal(h.buttonEnabled('start'), false);
    assert.match(h.field('confirmName').problem ?? '', /not the name of this VM/);
    assert.equal(await h.pressExpectingRefusal('start'), 'press: the button is disabled');
    assert.equal(azure.count('plannedFailover'), 0);
    assert.equal(h.view.page, 'confirm');
    await h.set('confirmName', 'vm1');
    assert.equal(h.field('confirmName').problem, undefined);
    await h.press('start');
    assert.equal(azure.count('plannedFailover'), 1);

    assert.equal(h.view.stepLabel, 'Step 3 of 3');
    azure.finish('Succeeded', ops.commitPending);
    await h.until('commit offered', () => h.buttonEnabled('commit'), soon);
    assert.equal(h.buttonEnabled('portal'), true);
    // Commit asks first, in the modal the Commit command uses; "no" commits nothing.
    deps.answer = false;
    await h.press('commit');
    assert.deepEqual(deps.asked, [
      { message: 'Commit the failover of vm1?', detail: 'vm1 keeps running in Azure; other recovery points can no longer be chosen.', button: 'Commit' },
    ]);
    assert.equal(azure.count('commitFailover'), 0);
    assert.equal(h.buttonEnabled('commit'), true, 'still offered');
    deps.answer = true;
    await h.press('commit');
    assert.equal(azure.count('commitFailover'), 1);
    azure.finish('Succeeded', ops.failedOver);
    await h.until('committed', (v) => v.blocks.some((b) => b.id === 'next' && b.kind === 'textBlock' && /failover is committed/.test(b.text)), soon);
    h.dispose();
  });

  it('going back to another kind clears the typed name', async () => {
    const azure = new FakeAzure(ops.protected);
    const { h } = failover(azure, fakeDeps(), { kind: 'planned' });
    await h.press('next');
    await h.set('confirmName', 'vm1');
    assert.equal(h.buttonEnabled('start'), true);
    await h.press('back');
    assert.equal(h.view.page, 'kind', 'Back skips the options page a planned failover does not show');
    await h.set('kind', 'unplanned');
    await h.press('next');
    await h.press('next');
    assert.equal(h.buttonEnabled('start'), false);
    h.dispose();
  });

  it('unplanned failover: sends the chosen recovery point and the shutdown choice', async () => {
    const azure = new FakeAzure(ops.protected);
    const { h } = failover(azure, fakeDeps(), { kind: 'unplanned' });
    await h.press('next');
    assert.equal(azure.count('listVirtualNetworks'), 0, 'no network for an unplanned failover');
    assert.throws(() => h.field('network'));
    assert.equal(checked(h, 'shutDownSource'), true);
    await h.set('point', 'specific');
    assert.equal(h.buttonEnabled('next'), false);
    assert.match(h.field('pointId').problem ?? '', /Choose a recovery point/);
    assert.deepEqual(
      options(h, 'pointId').map((o) => o.label),
      [`${at('2026-11-25T10:15:00Z')} (Crash-consistent)`, `${at('2026-11-25T10:10:00Z')} (App-consistent)`, `${at('2026-11-25T09:00:00Z')} (Crash-consistent)`],
    );
    await h.set('pointId', `${itemId}/recoveryPoints/rp1`);
    await h.set('shutDownSource', 'false');
    await h.press('next');
    const summary = h.block('summary');
    assert.ok(summary.kind === 'summary');
    assert.deepEqual(
      summary.rows.map((r) => r.value),
      ['vm1', 'Unplanned failover', `${at('2026-11-25T09:00:00Z')} (Crash-consistent)`, 'No'],
    );
    await h.set('confirmName', 'vm1');
    await h.press('start');
    assert.deepEqual(azure.args('unplannedFailover'), [{ recoveryPointId: `${itemId}/recoveryPoints/rp1`, shutDownSource: false }]);
    h.dispose();

    const again = new FakeAzure(ops.protected);
    const second = failover(again, fakeDeps(), { kind: 'test' }).h;
    await second.press('next');
    await second.set('point', 'latestAppConsistent');
    await second.set('network', 'none');
    await second.press('next');
    await second.press('start');
    assert.deepEqual(again.args('testFailover'), [{ recoveryPointId: `${itemId}/recoveryPoints/rp2` }]);
    second.dispose();
  });

  it('a list that cannot be read shows why and can be read again', async () => {
    const azure = new FakeAzure(ops.protected);
    azure.listError = new AzureOperationError('Azure did not answer (503). Try again in a minute.', { code: 'ServiceUnavailable' });
    const { h } = failover(azure, fakeDeps(), { kind: 'test' });
    await h.press('next');
    assert.equal(h.view.page, 'options');
    assert.equal(h.view.error, 'Azure did not answer (503). Try again in a minute.');
    assert.equal(h.buttonEnabled('next'), false);
    azure.listError = undefined;
    await h.press('reload');
    assert.equal(h.view.error, undefined);
    assert.deepEqual(radioValues(h, 'network'), ['none', testVnet]);
    h.dispose();
  });

  it('a refusal at start shows its sentence and stays on the confirm page', async () => {
    const azure = new FakeAzure(ops.protected);
    const { h, deps } = failover(azure, fakeDeps(), { kind: 'test' });
    await h.press('next');
    await h.set('network', 'none');
    await h.press('next');
    azure.item = item(ops.cleanupPending, { tfo: 'WaitingForCompletion' }); // someone else started a test failover meanwhile
    await h.press('start');
    assert.equal(h.view.page, 'confirm');
    assert.match(h.view.error ?? '', /^Cannot start a test failover for "vm1": a test failover is waiting for cleanup/);
    assert.equal(azure.jobs.size, 0);
    assert.deepEqual(deps.transients, ['Starting test failover…', '(cleared)'], 'the tree is not left saying "Starting…"');
    h.dispose();
  });

  it('a failed job says why; Retry appears when Azure allows the action again and starts it again', async () => {
    const azure = new FakeAzure(ops.protected);
    const { h, deps } = failover(azure, fakeDeps(), { kind: 'test' });
    await h.press('next');
    await h.set('network', testVnet);
    await h.press('next');
    await h.press('start');
    azure.finish('Failed', ops.replicating, { message: 'The quota of cores is exhausted', recommendedAction: 'Ask for more quota' });
    await h.until('the failure', (v) => v.blocks.some((b) => b.id === 'status' && b.kind === 'textBlock' && b.tone === 'error'), soon);
    assert.match(text(h, 'status'), /^Test failover failed: The quota of cores is exhausted\. Ask for more quota\. Retry is not possible now\./);
    assert.equal(h.steps()[1].state, 'failed');
    assert.equal(h.steps()[1].detail, 'The quota of cores is exhausted');
    assert.equal(h.buttonEnabled('retry'), false);
    assert.equal(h.buttonEnabled('recheck'), true);

    azure.item = item(ops.protected);
    await h.press('recheck');
    assert.equal(h.buttonEnabled('retry'), true);
    assert.match(text(h, 'status'), /Press Retry to run it again\./);
    await h.press('retry');
    assert.equal(azure.count('testFailover'), 2);
    assert.deepEqual(azure.args('testFailover'), [{ networkId: testVnet }], 'the same options again');
    assert.deepEqual(
      deps.watched.map((w) => w[0]),
      ['job-1', 'job-2'],
    );
    azure.finish('Succeeded', ops.cleanupPending);
    await h.until('cleanup offered', () => h.buttonEnabled('cleanup'), soon);
    h.dispose();
  });

  it('a test failover job that Azure suspends until the cleanup counts as done', async () => {
    const azure = new FakeAzure(ops.protected);
    const { h } = failover(azure, fakeDeps(), { kind: 'test' });
    await h.press('next');
    await h.set('network', 'none');
    await h.press('next');
    await h.press('start');
    azure.finish('Suspended', ops.cleanupPending);
    await h.until('cleanup offered', () => h.buttonEnabled('cleanup'), soon);
    assert.equal(h.steps()[1].detail, 'Waiting for the cleanup of the test failover.');
    assert.equal(h.buttonEnabled('resume'), false);
    assert.equal(azure.count('resumeJob'), 0);
  });

  it('losing track of the job offers Retry, which follows the same job again', async () => {
    const azure = new FakeAzure(ops.protected);
    const { h } = failover(azure, fakeDeps(), { kind: 'planned' });
    await h.press('next'); // a planned failover has no options page
    await h.set('confirmName', 'vm1');
    azure.jobReadError = new AzureOperationError('Could not reach Azure: the connection was reset.', { code: 'ECONNRESET' });
    await h.press('start');
    await h.until('lost', () => h.buttonEnabled('retry'), soon);
    assert.match(text(h, 'status'), /^Lost track of the planned failover job: Could not reach Azure: the connection was reset\. The job goes on in Azure; press Retry/);
    azure.jobReadError = undefined;
    azure.finish('Succeeded', ops.commitPending);
    await h.press('retry');
    await h.until('commit offered', () => h.buttonEnabled('commit'), soon);
    assert.equal(azure.count('plannedFailover'), 1, 'Retry did not start a second failover');
    h.dispose();
  });

  it('its jobs notify while its tab is behind another one or once it is closed, not while it shows', async () => {
    const { h, deps, wizard } = failover(new FakeAzure(ops.protected), fakeDeps(), { kind: 'test' });
    await h.press('next');
    await h.set('network', 'none');
    await h.press('next');
    await h.press('start');
    await h.until('the job watched', () => deps.owners.length > 0, soon);
    const owner = deps.owners[0];
    assert.equal(owner.showsEnd(), true);
    wizard.setShown(false);
    assert.equal(owner.showsEnd(), false, 'a hidden wizard would swallow the notification');
    wizard.setShown(true);
    assert.equal(owner.showsEnd(), true);
    h.dispose();
    assert.equal(owner.showsEnd(), false);
  });

  it('stops reading the job when the wizard is closed', async () => {
    const azure = new FakeAzure(ops.protected);
    let reads = 0;
    const getJob = azure.getJob.bind(azure);
    azure.getJob = (v, j) => {
      reads++;
      return getJob(v, j);
    };
    const { h } = failover(azure, fakeDeps(), { kind: 'test' });
    await h.press('next');
    await h.set('network', 'none');
    await h.press('next');
    await h.press('start');
    await h.until('a read', () => reads > 0, soon);
    h.dispose();
    const after = reads;
    await new Promise((r) => setTimeout(r, 30));
    assert.ok(reads <= after + 1, `reads went on after closing: ${after} then ${reads}`);
  });

  it('snapshots validate; a restored run page follows its job again; other pages go back to the kind', async () => {
    const azure = new FakeAzure(ops.protected);
    const { h } = failover(azure, fakeDeps(), { kind: 'planned' });
    await h.press('next'); // a planned failover has no options page
    await h.set('confirmName', 'vm1');
    await h.press('start');
    const snap = restoredSnapshot({ snapshot: h.snapshot }, failoverSnapshotSchema);
    assert.ok(snap.ok, snap.ok ? '' : snap.reason);
    assert.deepEqual(snap.value.stage, { action: 'plannedFailover', jobName: 'job-1', status: 'running' });
    h.dispose();

    const deps = fakeDeps();
    const restored = await restoreFailoverWizard({ deps, estateVmName: inEstate, services: azure }, snap.value);
    assert.ok(restored instanceof FailoverWizard);
    const r = track(new FormHarness(restored));
    await restored.ready;
    assert.equal(r.view.page, 'run');
    await r.until('steps', () => r.steps().length === 2, soon);
    assert.match(text(r, 'status'), /This page was reloaded\. The job is running in Azure; the Jobs view follows it\./);
    azure.finish('Succeeded', ops.commitPending);
    await r.until('commit offered', () => r.buttonEnabled('commit'), soon);
    r.dispose();

    const atConfirm = track(await restoreFailoverWizard({ deps: fakeDeps(), estateVmName: inEstate, services: azure }, { ...snap.value, page: 'confirm', stage: undefined }));
    assert.ok(atConfirm instanceof FailoverWizard);
    await atConfirm.ready;
    assert.equal(atConfirm.view().page, 'kind');
    atConfirm.dispose();

    for (const bad of [
      { ...snap.value, itemId: '/subscriptions/x/resourceGroups/y' },
      { ...snap.value, page: 'elsewhere' },
      { ...snap.value, stage: { action: 'deleteEverything', jobName: 'j', status: 'running' } },
      { ...snap.value, stage: { action: 'commit', jobName: '../../x', status: 'running' } },
      { ...snap.value, extra: 1 },
      { ...snap.value, notes: 'x'.repeat(1001) },
    ]) {
      assert.equal(restoredSnapshot({ snapshot: bad }, failoverSnapshotSchema).ok, false, JSON.stringify(bad).slice(0, 120));
    }
  });
});

describe('failback wizard', () => {
  function failback(azure: FakeAzure, deps = fakeDeps()): { h: FormHarness<ReturnType<FailbackWizard['snapshot']>>; deps: FakeDeps } {
    return { h: track(new FormHarness(new FailbackWizard(deps, { vmName: 'vm1', item: azure.item }, azure))), deps };
  }

  it('failback, commit, reverse replication: each with its job, in order', async () => {
    const azure = new FakeAzure(ops.failedOver);
    const { h, deps } = failback(azure);
    assert.equal(h.view.page, 'options');
    assert.deepEqual(radioValues(h, 'dataSync'), ['ForDownTime', 'ForSynchronization']);
    assert.equal(value(h, 'dataSync'), 'ForDownTime');
    await h.set('dataSync', 'ForSynchronization');
    await h.set('createVm', 'true');
    await h.press('next');
    const summary = h.block('summary');
    assert.ok(summary.kind === 'summary');
    assert.deepEqual(
      summary.rows.map((r) => r.value),
      ['vm1', 'Copy once (shut the Azure VM down first)', 'Yes'],
    );
    await h.press('start');
    assert.equal(h.view.page, 'run');
    assert.deepEqual(azure.args('failback'), [{ dataSyncOption: 'ForSynchronization', recoveryVmCreationOption: 'CreateVmIfNotFound', alternateProviderId: providerId }]);

    azure.finish('Succeeded', ops.failbackCommitPending);
    await h.until('commit offered', () => h.buttonEnabled('commit'), soon);
    await h.press('commit');
    assert.deepEqual(
      deps.asked.map((q) => q.message),
      ['Commit the failback of vm1?'],
      "the Commit command's question",
    );
    azure.finish('Succeeded', ops.reversePending);
    await h.until('reverse offered', () => h.buttonEnabled('reverse'), soon);
    await h.press('reverse');
    assert.equal(azure.count('reverseReplication'), 1);
    azure.finish('Succeeded', ops.replicating);
    await h.until('done', (v) => v.blocks.some((b) => b.id === 'next' && b.kind === 'textBlock' && /Reverse replication has started/.test(b.text)), soon);
    const done = h.block('done');
    assert.ok(done.kind === 'list');
    assert.deepEqual(
      done.items.map((i) => i.text),
      ['Failback: finished', 'Commit: finished'],
    );
    assert.deepEqual(
      deps.watched.map((w) => w[0]),
      ['job-1', 'job-2', 'job-3'],
    );
    h.dispose();
  });

  it('a suspended failback (synchronised while the Azure VM runs) waits for Continue', async () => {
    const azure = new FakeAzure(ops.failedOver);
    const { h } = failback(azure);
    await h.press('next');
    await h.press('start');
    assert.deepEqual(azure.args('failback'), [{ dataSyncOption: 'ForDownTime', recoveryVmCreationOption: 'NoAction' }]);
    azure.finish('Suspended');
    await h.until('continue offered', () => h.buttonEnabled('resume'), soon);
    assert.match(text(h, 'next'), /Press Continue when the downtime suits you/);
    await h.press('resume');
    assert.deepEqual(azure.args('resumeJob'), ['job-1']);
    assert.equal(h.view.error, undefined);
    azure.finish('Succeeded', ops.failbackCommitPending);
    await h.until('commit offered', () => h.buttonEnabled('commit'), soon);
    assert.ok(!h.view.blocks.some((b) => b.kind === 'textBlock' && /Lost track/.test(b.text)), 'follows the resumed job itself, not the resume operation');
    h.dispose();
  });

  it('a suspended failback resumed elsewhere (Jobs view, notification): the page follows it again without Continue', async () => {
    const azure = new FakeAzure(ops.failedOver);
    const { h } = failback(azure);
    await h.press('next');
    await h.press('start');
    azure.finish('Suspended');
    await h.until('continue offered', () => h.buttonEnabled('resume'), soon);
    const job = azure.jobs.get('job-1');
    assert.ok(job);
    job.state = 'InProgress';
    job.tasks = job.tasks.map((t, i) => ({ ...t, state: i === 0 ? 'Succeeded' : 'InProgress' }));
    await h.until('running again', () => !h.buttonEnabled('resume') && /running in Azure/.test(text(h, 'status')), soon);
    azure.finish('Succeeded', ops.failbackCommitPending);
    await h.until('commit offered', () => h.buttonEnabled('commit'), soon);
    assert.equal(azure.count('resumeJob'), 0);
    h.dispose();
  });

  it('refuses locally what allowedOperations do not allow, with the service sentence', async () => {
    const notInAzure = new FakeAzure(ops.protected);
    const first = failback(notInAzure).h;
    assert.match(text(first, 'notAllowed'), /^Cannot fail back for "vm1": the VM is not running in Azure/);
    assert.equal(first.buttonEnabled('next'), false);
    first.dispose();

    const azure = new FakeAzure(ops.failedOver);
    const { h } = failback(azure);
    await h.press('next');
    await h.press('start');
    azure.finish('Succeeded', ops.replicating); // Azure does not allow Commit (yet)
    await h.until('commit offered', () => h.buttonEnabled('commit'), soon);
    await h.press('commit');
    assert.match(h.view.error ?? '', /^Cannot commit for "vm1"/);
    assert.equal(azure.jobs.size, 1, 'no commit job was started');
    h.dispose();
  });

  it('create-VM-if-missing is unavailable without the host provider', async () => {
    const azure = new FakeAzure(ops.failedOver, { provider: false });
    const { h } = failback(azure);
    const f = h.field('createVm');
    assert.equal(f.disabled, true);
    assert.match(f.hint ?? '', /Not available/);
    assert.equal(await h.setExpectingRefusal('createVm', 'true'), 'set: the field is disabled');
    h.dispose();
  });

  it('snapshots validate and a restored run page follows its job', async () => {
    const azure = new FakeAzure(ops.failedOver);
    const { h } = failback(azure);
    await h.press('next');
    await h.press('start');
    const snap = restoredSnapshot({ snapshot: h.snapshot }, failbackSnapshotSchema);
    assert.ok(snap.ok);
    h.dispose();
    azure.finish('Failed', ops.failedOver, { message: 'The host is not connected' });
    const w = await restoreFailbackWizard({ deps: fakeDeps(), estateVmName: inEstate, services: azure }, snap.value);
    const r = track(new FormHarness<unknown>(w));
    await r.until('the failure', () => r.buttonEnabled('retry'), soon);
    assert.match(text(r, 'status'), /^Failback failed: The host is not connected\. Press Retry/);
    r.dispose();
    assert.equal(restoredSnapshot({ snapshot: { ...snap.value, dataSync: 'Sometimes' } }, failbackSnapshotSchema).ok, false);
  });
});
