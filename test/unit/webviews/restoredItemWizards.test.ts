/**
 * A Failover or Failback panel restored after a reload from a saved state the webview could have
 * changed (issue 12, finding 6): the state names its VM by id only; the id must be of the
 * connected vault and in the estate; the name on the page and the one the confirmation asks for
 * are read again from Azure; anything else opens on a page that says why, and no action is sent.
 * The saved states go through the same validation as the serializer's (restoredSnapshot).
 */
import assert from 'node:assert/strict';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { ProtectedItemRef } from '../../../src/model/armId';
import { parseVaultId, sameArmId } from '../../../src/model/armId';
import type { JobLike } from '../../../src/model/jobSummary';
import type { VaultContext } from '../../../src/services/azure/clients';
import { ensureAllowed } from '../../../src/services/azure/failover';
import { failbackSnapshotSchema } from '../../../src/webviews/failover/failbackWizard';
import type { FailoverDeps, FailoverServices, JobStart } from '../../../src/webviews/failover/failoverServices';
import { failoverSnapshotSchema } from '../../../src/webviews/failover/failoverWizard';
import { ItemJobWizard } from '../../../src/webviews/failover/itemJobWizard';
import { restoreFailbackWizard, restoreFailoverWizard, type EstateVmName, type ItemRestoreContext } from '../../../src/webviews/failover/restoredItemWizards';
import { restoredSnapshot } from '../../../src/webviews/form/formProtocol';
import type { FormWizard } from '../../../src/webviews/form/formWizard';
import { NoticeWizard } from '../../../src/webviews/form/noticeWizard';
import type { Validator } from '../../../src/webviews/validate';
import { FormHarness } from '../../support/formHarness';

const vault = '/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.RecoveryServices/vaults/v1';
const otherVault = '/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.RecoveryServices/vaults/v2';
const itemOf = (v: string, name: string): string => `${v}/replicationFabrics/site1/replicationProtectionContainers/cloud_1/replicationProtectedItems/${name}`;
const pi1 = itemOf(vault, 'pi1');
const pi2 = itemOf(vault, 'pi2');

const protectedOps = ['PlannedFailover', 'UnplannedFailover', 'TestFailover', 'DisableProtection'];
const failedOverOps = ['CompleteMigration', 'DisableProtection', 'Failback'];

/** Azure with two protected VMs of the vault, vm1 (pi1) and vm2 (pi2): every read and every action counted. */
class TwoVms implements FailoverServices {
  readonly reads: string[] = [];
  readonly actions: string[] = [];
  readonly items = new Map<string, ReplicationProtectedItem>();

  constructor(ops: string[] = protectedOps) {
    for (const [name, vm] of [
      ['pi1', 'vm1'],
      ['pi2', 'vm2'],
    ] as const) {
      this.items.set(name, { id: itemOf(vault, name), name, properties: { friendlyName: vm, protectionState: 'Protected', activeLocation: 'Primary', allowedOperations: ops } });
    }
  }

  private act(op: string, item: ReplicationProtectedItem): Promise<JobStart> {
    this.actions.push(`${op} ${item.name ?? ''}`);
    return Promise.resolve({ jobName: `job-${this.actions.length}` });
  }

  getProtectedItem(_v: VaultContext, ref: ProtectedItemRef): Promise<ReplicationProtectedItem> {
    this.reads.push(ref.protectedItemName);
    const item = this.items.get(ref.protectedItemName);
    return item ? Promise.resolve(item) : Promise.reject(new Error('not found'));
  }
  getJob(_v: VaultContext, jobName: string): Promise<JobLike> {
    return Promise.resolve({ name: jobName, properties: { state: 'InProgress', tasks: [] } });
  }
  resumeJob(_v: VaultContext, jobName: string): Promise<JobStart> {
    this.actions.push(`resumeJob ${jobName}`);
    return Promise.resolve({ jobName });
  }
  listRecoveryPoints(): Promise<never[]> {
    return Promise.resolve([]);
  }
  listVirtualNetworks(): Promise<never[]> {
    return Promise.resolve([]);
  }
  testFailover(_v: VaultContext, i: ReplicationProtectedItem): Promise<JobStart> {
    return this.act('testFailover', i);
  }
  testFailoverCleanup(_v: VaultContext, i: ReplicationProtectedItem): Promise<JobStart> {
    return this.act('testFailoverCleanup', i);
  }
  plannedFailover(_v: VaultContext, i: ReplicationProtectedItem): Promise<JobStart> {
    ensureAllowed(i, 'plannedFailover');
    return this.act('plannedFailover', i);
  }
  unplannedFailover(_v: VaultContext, i: ReplicationProtectedItem): Promise<JobStart> {
    return this.act('unplannedFailover', i);
  }
  commitFailover(_v: VaultContext, i: ReplicationProtectedItem): Promise<JobStart> {
    return this.act('commitFailover', i);
  }
  failback(_v: VaultContext, i: ReplicationProtectedItem): Promise<JobStart> {
    return this.act('failback', i);
  }
  reverseReplication(_v: VaultContext, i: ReplicationProtectedItem): Promise<JobStart> {
    return this.act('reverseReplication', i);
  }
}

function deps(): FailoverDeps {
  return {
    vaultContext: () => Promise.resolve({ subscriptionId: 'sub1', vault: parseVaultId(vault) } as VaultContext),
    vaultLocation: 'westeurope',
    watchJob: () => undefined,
    openPortal: () => undefined,
    confirm: () => Promise.resolve(true),
    refresh: () => Promise.resolve(),
    pollIntervalMs: 2,
  };
}

/** The estate: both VMs, under the names the host gives them (Azure's win on the page). */
const estate = (id: string): Promise<string | undefined> => Promise.resolve(sameArmId(id, pi1) ? 'vm1 (host)' : sameArmId(id, pi2) ? 'vm2 (host)' : undefined);
const emptyEstate = (): Promise<string | undefined> => Promise.resolve(undefined);

const open: { dispose(): void }[] = [];
afterEach(() => {
  for (const h of open.splice(0)) h.dispose();
});

/** The serializer's path: the webview's raw state validated, then the wizard's restore. */
async function restoreWith<S>(
  raw: unknown,
  schema: Validator<S>,
  restore: (ctx: ItemRestoreContext, snapshot: S | undefined) => Promise<FormWizard<unknown>>,
  azure: TwoVms,
  inEstate: EstateVmName,
): Promise<FormHarness<unknown>> {
  const r = restoredSnapshot(raw, schema);
  const wizard = await restore({ deps: deps(), estateVmName: inEstate, services: azure }, r.ok ? r.value : undefined);
  if (wizard instanceof ItemJobWizard) await wizard.ready;
  const h = new FormHarness<unknown>(wizard);
  open.push(h);
  return h;
}

const restoreFailover = (raw: unknown, azure: TwoVms, inEstate = estate): Promise<FormHarness<unknown>> =>
  restoreWith(raw, failoverSnapshotSchema, restoreFailoverWizard, azure, inEstate);
const restoreFailback = (raw: unknown, azure: TwoVms, inEstate = estate): Promise<FormHarness<unknown>> =>
  restoreWith(raw, failbackSnapshotSchema, restoreFailbackWizard, azure, inEstate);

function notice(h: FormHarness<unknown>): string {
  assert.ok(h.wizard instanceof NoticeWizard, `a notice page, not ${h.view.page}`);
  assert.equal(h.view.page, 'notice');
  assert.deepEqual(
    h.view.buttons.map((b) => b.id),
    ['close'],
  );
  const b = h.block('notice');
  assert.ok(b.kind === 'textBlock');
  assert.match(b.text, /Nothing was sent to Azure\./);
  return b.text;
}

/** A failover page saved on the kind page, for pi1. */
const saved = (over: Record<string, unknown> = {}): unknown => ({
  view: { page: 'kind', title: 'Fail over vm1', blocks: [], buttons: [] },
  snapshot: { itemId: pi1, page: 'kind', point: 'latestProcessed', shutDownSource: true, notes: '', done: [], ...over },
});

describe('restored failover and failback wizards (a saved state the webview could change)', () => {
  it('another VM\u2019s id under the first VM\u2019s page: the page names the VM Azure names, and typing the first name starts nothing', async () => {
    const azure = new TwoVms();
    // The page the webview kept says vm1; the id is vm2's.
    const h = await restoreFailover(saved({ itemId: pi2 }), azure);
    assert.equal(h.view.title, 'Fail over vm2');
    assert.deepEqual(azure.reads, ['pi2'], 'vm2 was read again from Azure');
    await h.set('kind', 'planned');
    await h.press('next'); // a planned failover has no options page
    assert.equal(h.view.page, 'confirm');
    await h.set('confirmName', 'vm1');
    assert.equal(h.buttonEnabled('start'), false, 'the name of the page the webview kept does not confirm');
    assert.match(h.field('confirmName').problem ?? '', /That is not the name of this VM: type vm2\./);
    assert.equal(await h.pressExpectingRefusal('start'), 'press: the button is disabled');
    assert.deepEqual(azure.actions, []);
    // The name read from Azure confirms the failover of the VM the page names.
    await h.set('confirmName', 'vm2');
    await h.press('start');
    assert.deepEqual(azure.actions, ['plannedFailover pi2']);
  });

  it('a saved state that carries a VM name is not restored: the page says so and sends nothing', async () => {
    const azure = new TwoVms();
    const h = await restoreFailover(saved({ itemId: pi2, vmName: 'vm1' }), azure);
    assert.match(notice(h), /could not be restored after the reload: its saved state was not valid/);
    assert.deepEqual(azure.reads, []);
    assert.deepEqual(azure.actions, []);
  });

  it('an id from another vault opens on a page that says so; nothing is read or sent', async () => {
    const azure = new TwoVms();
    const h = await restoreFailover(saved({ itemId: itemOf(otherVault, 'pi1') }), azure);
    assert.match(notice(h), /^The VM this page was for is not in the vault you are connected to \(v1\)\./);
    assert.deepEqual(azure.reads, []);
    await h.press('close');
    assert.deepEqual(azure.actions, []);
  });

  it('a VM no longer in the estate opens on a page that says so; a run page does not follow or resume its job', async () => {
    const azure = new TwoVms(failedOverOps);
    const h = await restoreFailback(
      { snapshot: { itemId: pi1, page: 'run', dataSync: 'ForDownTime', createVm: false, stage: { action: 'failback', jobName: 'job-7', status: 'waiting' }, done: [] } },
      azure,
      emptyEstate,
    );
    assert.match(notice(h), /^The VM this wizard was for is no longer in the vault v1\./);
    assert.deepEqual(azure.reads, []);
    assert.deepEqual(azure.actions, []);
  });

  it('ids that do not belong to the VM (a recovery point of another VM, a network of another subscription) are refused', async () => {
    const azure = new TwoVms();
    const otherPoint = await restoreFailover(
      saved({ page: 'run', kind: 'unplanned', startedPointId: `${pi2}/recoveryPoints/rp1`, stage: { action: 'unplannedFailover', jobName: 'j', status: 'failed' } }),
      azure,
    );
    assert.match(notice(otherPoint), /^The choices saved with this page name resources that do not belong to its VM\./);
    const otherNetwork = await restoreFailover(saved({ kind: 'test', networkId: '/subscriptions/sub9/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/x' }), azure);
    notice(otherNetwork);
    assert.deepEqual(azure.reads, []);
    // The item's own point and a network of the vault's subscription are fine.
    const own = await restoreFailover(
      saved({ kind: 'test', pointId: `${pi1}/recoveryPoints/rp1`, networkId: '/subscriptions/sub1/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/x' }),
      azure,
    );
    assert.equal(own.view.title, 'Fail over vm1');
    assert.deepEqual(azure.actions, []);
  });

  it('garbage in the saved state opens on a page that says so', async () => {
    const azure = new TwoVms();
    for (const raw of [
      null,
      'x',
      [],
      { snapshot: 5 },
      { snapshot: { itemId: '../../replicationProtectedItems/pi1' } },
      saved({ itemId: `${vault}/replicationFabrics/site1` }),
      saved({ page: 'run', stage: { action: 'deleteEverything', jobName: 'j', status: 'running' } }),
      { snapshot: JSON.parse('{"__proto__": {"polluted": true}}') as unknown },
    ]) {
      const h = await restoreFailover(raw, azure);
      notice(h);
    }
    const fb = await restoreFailback({ snapshot: { itemId: pi1, page: 'options', dataSync: 'Sometimes', createVm: false, done: [] } }, azure);
    notice(fb);
    assert.deepEqual(azure.reads, []);
    assert.deepEqual(azure.actions, []);
  });

  it('when Azure cannot be read, the page says so and sends nothing', async () => {
    const azure = new TwoVms();
    azure.items.delete('pi1');
    const h = await restoreFailover(saved(), azure);
    assert.match(notice(h), /^Could not read vm1 \(host\) from Azure Site Recovery: not found/);
    assert.deepEqual(azure.actions, []);
  });

  it('a failback of another VM\u2019s id names that VM, as Azure does', async () => {
    const azure = new TwoVms(failedOverOps);
    const h = await restoreFailback({ snapshot: { itemId: pi2, page: 'options', dataSync: 'ForDownTime', createVm: false, done: [] } }, azure);
    assert.equal(h.view.title, 'Fail back vm2');
    assert.deepEqual(azure.actions, []);
  });
});
