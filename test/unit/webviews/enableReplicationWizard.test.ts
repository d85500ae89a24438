/**
 * The Enable Replication wizard through the real form protocol (FormHarness) with fake Azure and
 * Hyper-V operations: the pages to the run, secrets kept out of the page and the snapshot, the
 * run resuming from a failed step without redoing finished ones, a reload in the middle of a run,
 * and closing the panel while the run goes on.
 */
import assert from 'node:assert/strict';
import type { Fabric, Job, Policy, ProtectableItem, ProtectionContainerMapping, ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { AsrOperation } from '../../../src/services/azure/asrOperation';
import type { VaultContext } from '../../../src/services/azure/clients';
import { AzureOperationError } from '../../../src/services/azure/errors';
import type { VaultCredentialsFile } from '../../../src/services/azure/vaultCredentials';
import { ProviderSetupError, type ProviderSetupStep } from '../../../src/flows/hostSetup';
import type { HyperVCredential } from '../../../src/services/hyperv/target';
import { restoredSnapshot } from '../../../src/webviews/form/formProtocol';
import { candidatesFromEstate } from '../../../src/webviews/enableReplication/candidates';
import type { EnableReplicationServices } from '../../../src/flows/enableReplicationServices';
import { EnableReplicationWizard, type EnableReplicationDeps } from '../../../src/webviews/enableReplication/enableReplicationWizard';
import { enableReplicationSnapshot, enableReplicationSnapshotLimits, type EnableReplicationSnapshot, type SavedPlan } from '../../../src/webviews/enableReplication/snapshot';
import { planEstateOf, restoredEnableReplicationWizard } from '../../../src/webviews/enableReplication/restoredWizard';
import { NoticeWizard } from '../../../src/webviews/form/noticeWizard';
import { validateMessage } from '../../../src/webviews/validate';
import { FormHarness } from '../../support/formHarness';
import type { EstateSnapshot } from '../../../src/estate';
import type { HyperVVm } from '../../../src/services/hyperv/vmInventory';
import { choices, estate, ids, inventory, netId, policy, rgId, storageId, vm } from './enableReplicationFixtures';
import type { ReplicationWatch } from '../../../src/webviews/enableReplication/initialReplication';
import { deriveProtectionStatus, type ProtectionStatus } from '../../../src/model/protectionStatus';
import type { StepsView } from '../../../src/webviews/form/view';
import { lifecycle } from '../tree/fixtures';

const SECRET = 'S3cret-p@ss!';
const hv2 = 'hv2.contoso.local';
const siteA = choices().sites[0];

function fabric(name: string, identifier: string): Fabric {
  return { name, properties: { internalIdentifier: identifier, customDetails: { instanceType: 'HyperVSite' } } };
}

function protectable(vmId: string, name: string, disks: readonly string[] = ['os']): ProtectableItem {
  return {
    id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/replicationFabrics/Site-A/replicationProtectionContainers/${siteA.containerName}/replicationProtectableItems/${vmId}`,
    name: vmId,
    properties: {
      friendlyName: name,
      protectionStatus: 'Unprotected',
      // As recorded: Azure lists the disks as "Data" with the VHD file names; it does not know the OS disk.
      // (osDetails is null on the wire; the SDK's type has no null, so it is left out here.)
      customDetails: {
        instanceType: 'HyperVVirtualMachine',
        sourceItemId: vmId,
        diskDetails: disks.map((d) => ({ vhdId: `${vmId}-${d}`, vhdType: 'Data', vhdName: d === 'os' ? name : `${name}-${d}` })),
      },
    },
  };
}

/** Fake ASR + provider setup with failures on demand; records every call. */
class Fake {
  readonly calls: string[] = [];
  readonly setupCalls: { host: string; completed: ProviderSetupStep[]; credential?: HyperVCredential; xml?: string }[] = [];
  readonly enableRequests: { vmName: string; targetVmSize?: string; licenseType?: string; subnet?: string }[] = [];
  /** The OS disk (vhdId) and OS type each enable request named, by VM. */
  readonly osChoices = new Map<string, { osDiskVhdId: string; osType: string }>();
  /** Provider steps that fail once. */
  readonly failStepOnce = new Set<ProviderSetupStep>();
  /** Enable jobs start InProgress (until finishJob). */
  enableInProgress = false;
  /** VM names whose enable job fails once. */
  readonly failEnableOnce = new Set<string>();
  /** Provider step that waits for `release()` (a run caught in the middle). */
  holdAt: ProviderSetupStep | undefined;
  private releaseHold: (() => void) | undefined;
  readonly jobs = new Map<string, Job>();
  sites: Fabric[] = [fabric('Site-A', siteA.identifier)];
  policies: Policy[] = [policy('Existing-5min', 300, 4, 1, storageId)];
  mappings: ProtectionContainerMapping[] = [];
  readonly registered = new Set<string>();
  readonly items = new Map<string, ProtectableItem>([
    [ids.web, protectable(ids.web, 'web')],
    [ids.db, protectable(ids.db, 'db')],
  ]);
  private n = 0;

  count(name: string): number {
    return this.calls.filter((c) => c === name).length;
  }

  release(): void {
    this.releaseHold?.();
  }

  finishJob(jobName: string): void {
    const job = this.jobs.get(jobName) ?? { name: jobName, properties: { friendlyName: 'Enable replication', tasks: [] } };
    this.jobs.set(jobName, { ...job, properties: { ...job.properties, state: 'Succeeded' } });
  }

  private op<T>(scenario: string, target: string, fail?: string, running = false): AsrOperation<T> {
    const jobName = `job-${++this.n}`;
    this.jobs.set(jobName, {
      name: jobName,
      properties: {
        friendlyName: scenario,
        targetObjectName: target,
        state: fail ? 'Failed' : running ? 'InProgress' : 'Succeeded',
        tasks: [{ name: 't', state: fail ? 'Failed' : 'Succeeded' }],
        ...(fail ? { errors: [{ serviceErrorDetails: { message: fail, recommendedAction: 'Restart the job.' } }] } : {}),
      },
    });
    return { jobName, jobId: `id/${jobName}`, resumeToken: '', result: () => Promise.reject(new Error('not used')) };
  }

  /** What the permissions check answers (sentences naming a missing role), or an error to throw. */
  permissionProblems: string[] | Error = [];

  services(): EnableReplicationServices {
    const s: Partial<EnableReplicationServices> = {
      checkEnableReplicationPermissions: () => {
        this.calls.push('checkPermissions');
        return this.permissionProblems instanceof Error ? Promise.reject(this.permissionProblems) : Promise.resolve(this.permissionProblems);
      },
      listHyperVSites: () => {
        this.calls.push('listHyperVSites');
        return Promise.resolve(this.sites);
      },
      createHyperVSite: (_v, name) => {
        this.calls.push('createHyperVSite');
        this.sites.push(fabric(name, 'bbbbbbbb-0000-4000-8000-000000000000'));
        return Promise.resolve(this.op<Fabric>('Create site', name));
      },
      createVaultCredentials: () => {
        this.calls.push('createVaultCredentials');
        const file: VaultCredentialsFile = {
          fileName: 'x.VaultCredentials',
          xml: `<creds n="${this.count('createVaultCredentials')}"/>`,
          expiresOn: new Date(Date.now() + 5 * 86400_000),
        };
        return Promise.resolve(file);
      },
      setupProvider: async (_runner, _vctx, _site, target, options = {}) => {
        this.calls.push('setupProvider');
        const completed = [...(options.resumeFrom?.completed ?? [])];
        const call: Fake['setupCalls'][number] = { host: target.hostFqdn, completed: [...completed], ...(target.credential ? { credential: target.credential } : {}) };
        this.setupCalls.push(call);
        for (const step of ['install', 'register', 'connected'] as const) {
          if (completed.includes(step)) {
            options.onProgress?.({ step, status: 'skipped', message: `${step}: already done.` });
            continue;
          }
          options.onProgress?.({ step, status: 'running', message: `${step}…` });
          if (this.holdAt === step) {
            this.holdAt = undefined;
            await new Promise<void>((r) => (this.releaseHold = r));
          }
          if (step === 'install') this.calls.push('install');
          if (step === 'register') call.xml = (await options.vaultCredentials!()).xml;
          if (this.failStepOnce.delete(step)) {
            options.onProgress?.({ step, status: 'failed', message: `${step} broke` });
            throw new ProviderSetupError(step, { host: target.hostFqdn, completed: [...completed] }, new Error(`${step} broke on purpose`));
          }
          completed.push(step);
          options.onProgress?.({ step, status: 'done', message: `${step}: done.` });
        }
        this.registered.add(target.hostFqdn.toLowerCase());
        this.items.set(ids.newA, protectable(ids.newA, 'newA'));
        return { host: target.hostFqdn, completed };
      },
      waitUntilConnected: (_v, fabricName, hostFqdn) => {
        this.calls.push('waitUntilConnected');
        return Promise.resolve({ id: 'p', name: 'p', friendlyName: hostFqdn, fabricName, connectionStatus: 'Connected', heartbeatMissing: false, healthErrors: [] });
      },
      listPolicies: () => {
        this.calls.push('listPolicies');
        return Promise.resolve(this.policies);
      },
      createHyperVPolicy: (_v, name, settings) => {
        this.calls.push('createHyperVPolicy');
        this.policies.push(policy(name, settings.replicationIntervalSeconds, settings.recoveryPointHistoryHours, settings.appConsistentFrequencyHours, settings.storageAccountId));
        return Promise.resolve(this.op<Policy>('Create policy', name));
      },
      listMappings: () => {
        this.calls.push('listMappings');
        return Promise.resolve(this.mappings);
      },
      associatePolicy: (_v, _f, _c, name, policyId) => {
        this.calls.push('associatePolicy');
        this.mappings.push({ name, properties: { policyId, state: 'Paired' } });
        return Promise.resolve(this.op<ProtectionContainerMapping>('Associate', name));
      },
      listProtectableItems: () => {
        this.calls.push('listProtectableItems');
        return Promise.resolve([...this.items.values()]);
      },
      enableProtection: (_v, req) => {
        this.calls.push(`enable:${req.vmName}`);
        this.osChoices.set(req.vmName, { osDiskVhdId: req.osDiskVhdId, osType: req.osType });
        this.enableRequests.push({
          vmName: req.vmName,
          ...(req.targetVmSize ? { targetVmSize: req.targetVmSize } : {}),
          ...(req.licenseType ? { licenseType: req.licenseType } : {}),
          ...(req.targetSubnetName ? { subnet: req.targetSubnetName } : {}),
        });
        const fail = this.failEnableOnce.delete(req.vmName) ? `The host ${req.vmName} lost its connection during Enable replication.` : undefined;
        return Promise.resolve(this.op<ReplicationProtectedItem>('Enable replication', req.vmName, fail, this.enableInProgress));
      },
      getJob: (_v, jobName) => {
        const job = this.jobs.get(jobName);
        return job ? Promise.resolve(job) : Promise.reject(new AzureOperationError('no such job', { code: 'NotFound', statusCode: 404 }));
      },
      getProtectedItem: (_v, ref) => {
        this.calls.push('getProtectedItem');
        return Promise.resolve({
          name: ref.protectedItemName,
          properties: {
            protectionState: 'InitialReplicationInProgress',
            providerSpecificDetails: { instanceType: 'HyperVReplicaAzure', initialReplicationDetails: { initialReplicationProgressPercentage: 10 } },
          },
        } as ReplicationProtectedItem);
      },
      listResourceGroups: () => Promise.resolve(choices().resourceGroups),
      listStorageAccounts: () => Promise.resolve(choices().storageAccounts),
      listVirtualNetworks: () => Promise.resolve(choices().networks),
    };
    return s as EnableReplicationServices;
  }
}

interface Setup {
  fake: Fake;
  deps: EnableReplicationDeps;
  watched: { jobName: string; vmName?: string }[];
  saved: { hostKey: string; credential: HyperVCredential }[];
  refreshed: { n: number };
}

function setup(fake = new Fake()): Setup {
  const watched: Setup['watched'] = [];
  const saved: Setup['saved'] = [];
  const refreshed = { n: 0 };
  const deps: EnableReplicationDeps = {
    vaultContext: () => Promise.resolve({ vault: { subscriptionId: 's', resourceGroup: 'rg', vaultName: 'v' } } as unknown as VaultContext),
    vaultLocation: 'westeurope',
    storageAccountId: storageId,
    runner: { run: () => Promise.reject(new Error('the fake setupProvider runs no script')) },
    hostTarget: (hostKey, credential) => Promise.resolve({ computerName: hostKey, hostFqdn: hostKey, ...(credential ? { credential } : {}) }),
    saveHostCredential: (hostKey, credential) => {
      saved.push({ hostKey, credential });
      return Promise.resolve();
    },
    watchJob: (jobName, vmName) => watched.push({ jobName, ...(vmName !== undefined ? { vmName } : {}) }),
    refreshEstate: () => {
      refreshed.n++;
      return Promise.resolve();
    },
    timing: { pollIntervalMs: 1, connectTimeoutMs: 1000 },
    services: fake.services(),
  };
  return { fake, deps, watched, saved, refreshed };
}

const connectedVault = { subscriptionId: '00000000-0000-4000-8000-000000000000', resourceGroup: 'rg', vaultName: 'v' };

/** The wizard on the fixture estate; with `restore`, as the serializer rebuilds it (restoredWizard.ts). */
function open(
  env: Setup,
  preselected: string[],
  restore?: EnableReplicationSnapshot,
  on: EstateSnapshot = estate(),
): { h: FormHarness<EnableReplicationSnapshot>; wizard: EnableReplicationWizard } {
  const input = { candidates: candidatesFromEstate(on), preselected };
  const wizard = restore
    ? restoredEnableReplicationWizard(env.deps, input, restore, { vault: connectedVault, estate: planEstateOf(on) })
    : new EnableReplicationWizard(env.deps, input);
  assert.ok(wizard instanceof EnableReplicationWizard, wizard instanceof NoticeWizard ? wizard.text : 'not restored');
  return { h: new FormHarness(wizard), wizard };
}

function openOn(env: Setup, snapshot: EstateSnapshot, preselected: string[]): { h: FormHarness<EnableReplicationSnapshot>; wizard: EnableReplicationWizard } {
  const wizard = new EnableReplicationWizard(env.deps, { candidates: candidatesFromEstate(snapshot), preselected });
  return { h: new FormHarness(wizard), wizard };
}

/**
 * The fixture estate plus "app" on HV1: generation 2, off (Hyper-V does not report its OS), two
 * disks, the OS disk second (SCSI 0:1) and first in the firmware boot order when `bootDiskKnown`.
 */
function appEstate(o: { bootDiskKnown: boolean }): EstateSnapshot {
  const snapshot = estate();
  const hv1 = snapshot.hosts.find((x) => x.name === 'HV1')!;
  const disk = (file: string, location: number): HyperVVm['disks'][number] => ({
    path: `C:\\VMs\\${file}`,
    controllerType: 'SCSI',
    controllerNumber: 0,
    controllerLocation: location,
    vhdFormat: 'VHDX',
    sizeBytes: 64 * 1024 ** 3,
    shared: false,
  });
  const inv = inventory('app', ids.app, {
    state: 'Off',
    osType: undefined,
    disks: [disk('app-data.vhdx', 0), disk('app.vhdx', 1)],
    ...(o.bootDiskKnown ? { firmwareBootDisk: { controllerNumber: 0, controllerLocation: 1, path: 'C:\\VMs\\app.vhdx' }, osDiskIndex: 1 } : { osDiskIndex: undefined }),
  });
  if (!o.bootDiskKnown) delete inv.osDiskIndex;
  hv1.vms.push(vm('app', ids.app, hv1.key, { inventory: inv }));
  return snapshot;
}

function states(wizard: EnableReplicationWizard): Record<string, string> {
  return Object.fromEntries(wizard.runSteps.map((x) => [x.id, x.state]));
}

/** web (HV1, registered) and newA (HV2, needs the provider), to the review page. */
async function toReview(h: FormHarness<EnableReplicationSnapshot>, password = SECRET): Promise<void> {
  await h.press('next');
  assert.equal(h.view.page, 'preflight');
  await h.press('next');
  assert.equal(h.view.page, 'hostAccess');
  await h.set(`user:${hv2}`, 'CONTOSO\\admin');
  await h.set(`password:${hv2}`, password);
  await h.set(`save:${hv2}`, 'true');
  await h.press('next');
  assert.equal(h.view.page, 'target');
  await h.set('resourceGroup', rgId);
  await h.set('network', netId);
  await h.set('subnet', 'servers');
  await h.set('vmSize', 'Standard_D2s_v3');
  await h.set('license', 'WindowsServer');
  await h.press('next');
  assert.equal(h.view.page, 'policy');
  await h.set('frequency', '30');
  await h.press('next');
  assert.equal(h.view.page, 'review');
}

/** A run for web, saved while its enable job runs (the job then finishes, the first panel closes). */
async function savedDuringEnableJob(): Promise<{ saved: EnableReplicationSnapshot; jobName: string }> {
  const first = setup();
  first.fake.enableInProgress = true;
  const a = open(first, [ids.web]);
  await a.h.press('next');
  await a.h.press('next');
  assert.equal(a.h.view.page, 'target');
  await a.h.press('next');
  await a.h.press('next');
  await a.h.press('start');
  await a.h.until(
    'the enable job runs',
    () =>
      a.wizard.runSteps.some((x) => x.id === `enable:${ids.web}` && x.state === 'running') && a.h.snapshot.run?.results.jobs.some((j) => j.stepId === `enable:${ids.web}`) === true,
  );
  const saved = a.h.snapshot;
  const jobName = saved.run?.results.jobs.find((j) => j.stepId === `enable:${ids.web}`)?.jobName ?? '';
  first.fake.finishJob(jobName);
  await a.wizard.whenIdle();
  a.h.dispose();
  return { saved, jobName };
}

describe('enable replication wizard (fake services)', () => {
  it('goes from the first page to the run; Retry resumes at the failed step and redoes nothing finished', async () => {
    const env = setup();
    env.fake.failStepOnce.add('register');
    env.fake.failEnableOnce.add('newA');
    const { h, wizard } = open(env, [ids.web, ids.newA]);
    await toReview(h);
    const hosts = h.block('reviewHosts');
    assert.ok(hosts.kind === 'summary');
    assert.deepEqual(
      hosts.rows.map((r) => `${r.label}: ${r.value}`),
      ['HV1: Registered in Site-A', 'HV2: Install the Site Recovery provider and register the host in Site-A'],
    );

    await h.press('start');
    assert.equal(h.view.page, 'run');
    await wizard.whenIdle();
    assert.deepEqual(states(wizard), {
      permissions: 'succeeded',
      site: 'succeeded',
      credentials: 'succeeded',
      [`install:hv1.contoso.local`]: 'skipped',
      [`register:hv1.contoso.local`]: 'skipped',
      [`connected:hv1.contoso.local`]: 'succeeded',
      [`install:${hv2}`]: 'succeeded',
      [`register:${hv2}`]: 'failed',
      [`connected:${hv2}`]: 'pending',
      policy: 'pending',
      'association:0': 'pending',
      [`enable:${ids.web}`]: 'pending',
      [`enable:${ids.newA}`]: 'pending',
      replication: 'pending',
    });
    assert.match(h.steps().find((x) => x.id === `register:${hv2}`)?.detail ?? '', /Registering the host with the vault failed on hv2\.contoso\.local: register broke on purpose/);
    assert.ok(h.buttonEnabled('retry'));
    assert.ok(h.view.blocks.some((b) => b.id === 'failed' && b.kind === 'textBlock' && b.tone === 'error'));
    assert.equal(h.field(`user:${hv2}`).kind, 'text', 'the credentials of the failed host can be corrected on the run page');

    await h.press('retry');
    await wizard.whenIdle();
    let now = states(wizard);
    assert.equal(now[`register:${hv2}`], 'succeeded');
    assert.equal(now.policy, 'succeeded');
    assert.equal(now[`enable:${ids.web}`], 'succeeded');
    assert.equal(now[`enable:${ids.newA}`], 'failed');
    assert.match(
      h.steps().find((x) => x.id === `enable:${ids.newA}`)?.detail ?? '',
      /The job "Enable replication" failed: The host newA lost its connection during Enable replication\. Restart the job\./,
    );
    // The second setup call resumed after the install; the credentials file was made once and reused.
    assert.deepEqual(
      env.fake.setupCalls.map((c) => c.completed),
      [[], ['install']],
    );
    assert.equal(env.fake.count('install'), 1);
    assert.equal(env.fake.count('createVaultCredentials'), 1);
    assert.deepEqual(
      env.fake.setupCalls.map((c) => c.xml),
      ['<creds n="1"/>', '<creds n="1"/>'],
    );
    assert.deepEqual(env.fake.setupCalls[0]?.credential, { userName: 'CONTOSO\\admin', password: SECRET });

    await h.press('retry');
    await wizard.whenIdle();
    now = states(wizard);
    assert.ok(
      Object.values(now).every((x) => x === 'succeeded' || x === 'skipped'),
      JSON.stringify(h.steps(), null, 1),
    );
    assert.equal(env.fake.count('enable:web'), 1, 'web was not enabled twice');
    assert.equal(env.fake.count('enable:newA'), 2);
    assert.equal(env.fake.count('createHyperVPolicy'), 1, 'a new policy (30 s) once');
    assert.equal(env.fake.count('associatePolicy'), 1);
    assert.equal(env.fake.count('setupProvider'), 2, 'provider setup was not run again after it finished');
    assert.equal(env.fake.count('createHyperVSite'), 0);
    assert.deepEqual(env.fake.enableRequests[0], { vmName: 'web', targetVmSize: 'Standard_D2s_v3', licenseType: 'WindowsServer', subnet: 'servers' });
    // One disk: it is the OS disk, chosen without asking (no "Operating system and disks" page).
    assert.deepEqual(env.fake.osChoices.get('web'), { osDiskVhdId: `${ids.web}-os`, osType: 'Windows' });
    assert.deepEqual(
      env.watched.filter((w) => w.vmName !== undefined).map((w) => w.vmName),
      ['web', 'newA', 'newA'],
      'every enable job went to the status bar',
    );
    assert.equal(env.watched.length, 5, 'plus the policy and association jobs');
    assert.deepEqual(env.saved, [{ hostKey: hv2, credential: { userName: 'CONTOSO\\admin', password: SECRET } }]);
    assert.equal(env.refreshed.n, 1);
    assert.equal(h.steps().find((x) => x.id === 'replication')?.percent, 10);
    assert.ok(!h.buttonEnabled('retry'));
    assert.deepEqual(h.warnings, []);
    h.dispose();
  });

  it('creates the Hyper-V site when the vault has none, and reuses a matching policy', async () => {
    const env = setup();
    env.fake.sites = [];
    const { h, wizard } = open(env, [ids.newA]);
    await h.press('next');
    await h.press('next');
    await h.press('next');
    assert.equal(h.view.page, 'target', 'empty credentials: the saved ones or the own account');
    await h.press('next');
    await h.set('retention', '4');
    assert.match((h.block('policyPlan') as { text: string }).text, /"Existing-5min" has these settings: it will be reused/);
    await h.press('next');
    await h.press('start');
    await wizard.whenIdle();
    assert.ok(
      Object.values(states(wizard)).every((x) => x === 'succeeded' || x === 'skipped'),
      JSON.stringify(h.steps(), null, 1),
    );
    assert.equal(env.fake.count('createHyperVSite'), 1);
    assert.equal(env.fake.count('createHyperVPolicy'), 0);
    assert.match(h.steps().find((x) => x.id === 'site')?.detail ?? '', /Created Hyper-V-Site/);
    assert.equal(env.fake.setupCalls[0]?.credential, undefined, 'no credential typed: the deps decide (saved or own account)');
    assert.deepEqual(env.saved, []);
    h.dispose();
  });

  it('never puts a password in the page or the snapshot; the snapshot validates and restores', async () => {
    const env = setup();
    const { h } = open(env, [ids.web, ids.newA]);
    await toReview(h);
    const everything = JSON.stringify(h.sent) + JSON.stringify(h.snapshot);
    assert.ok(!everything.includes(SECRET), 'the password stays in the extension');
    const valid = validateMessage(enableReplicationSnapshot, h.snapshot);
    assert.ok(valid.ok, valid.ok ? '' : valid.reason);
    const restored = restoredSnapshot({ snapshot: h.snapshot }, enableReplicationSnapshot);
    assert.ok(restored.ok);
    h.dispose();

    // After a reload the wizard is on the same page; the password must be typed again.
    const again = open(setup(), [], restored.value);
    await again.h.until('the lists are read again', (v) => v.busy === undefined && v.blocks.some((b) => b.id === 'incomplete' && b.kind === 'textBlock' && /HV2/.test(b.text)));
    assert.equal(again.h.buttonEnabled('start'), false, 'the password is missing');
    assert.match((again.h.block('incomplete') as { text: string }).text, /HV2: Enter the password of CONTOSO\\admin/);
    await again.h.press('back');
    await again.h.press('back');
    await again.h.press('back');
    assert.equal(again.h.view.page, 'hostAccess');
    assert.equal((again.h.field(`user:${hv2}`) as { value: string }).value, 'CONTOSO\\admin', 'the user name is kept');
    again.h.dispose();
  });

  it('a run interrupted by a reload shows the step as interrupted; Retry resumes from it', async () => {
    const first = setup();
    first.fake.holdAt = 'register';
    const a = open(first, [ids.web, ids.newA]);
    await toReview(a.h);
    await a.h.press('start');
    await a.h.until('registration under way', () => a.wizard.runSteps.some((x) => x.id === `register:${hv2}` && x.state === 'running'));
    const saved = a.h.snapshot;
    const check = validateMessage(enableReplicationSnapshot, saved);
    assert.ok(check.ok, check.ok ? '' : check.reason);
    first.fake.release();
    await a.wizard.whenIdle();
    a.h.dispose();

    const second = setup();
    const b = open(second, [], saved);
    assert.equal(b.h.view.page, 'run');
    const step = b.h.steps().find((x) => x.id === `register:${hv2}`);
    assert.equal(step?.state, 'failed');
    assert.match(step?.detail ?? '', /Interrupted.*Press Retry/);
    assert.ok(b.h.buttonEnabled('retry') === false, 'the password must be typed again first');
    await b.h.set(`password:${hv2}`, SECRET);
    await b.h.press('retry');
    await b.wizard.whenIdle();
    assert.ok(
      Object.values(states(b.wizard)).every((x) => x === 'succeeded' || x === 'skipped'),
      JSON.stringify(b.h.steps(), null, 1),
    );
    assert.deepEqual(
      second.fake.setupCalls.map((c) => c.completed),
      [['install']],
      'the install finished before the reload is not redone',
    );
    assert.equal(second.fake.count('listHyperVSites'), 0, 'the site read before the reload is not read again');
    assert.equal(second.fake.count('createVaultCredentials'), 1, 'the credentials file (memory only) is made again for the registration');
    b.h.dispose();
  });

  it('after a reload during an enable job, the run follows that job instead of enabling again', async () => {
    const { saved, jobName } = await savedDuringEnableJob();
    const second = setup();
    second.fake.finishJob(jobName);
    const b = open(second, [], saved);
    assert.equal(b.h.steps().find((x) => x.id === `enable:${ids.web}`)?.state, 'failed');
    await b.h.press('retry');
    await b.wizard.whenIdle();
    assert.ok(
      Object.values(states(b.wizard)).every((x) => x === 'succeeded' || x === 'skipped'),
      JSON.stringify(b.h.steps(), null, 1),
    );
    assert.equal(second.fake.count('enable:web'), 0, 'replication was not enabled a second time');
    assert.equal(second.fake.count('listPolicies'), 0, 'the policy found before the reload is kept');
    b.h.dispose();
  });

  it('closing the panel does not stop the run', async () => {
    const env = setup();
    env.fake.holdAt = 'install';
    const { h, wizard } = open(env, [ids.web, ids.newA]);
    let closeRequests = 0;
    wizard.onDidRequestClose(() => closeRequests++);
    await toReview(h);
    await h.press('start');
    await h.until('install under way', () => wizard.runSteps.some((x) => x.id === `install:${hv2}` && x.state === 'running'));
    await h.press('close');
    assert.equal(closeRequests, 1);
    h.dispose();
    env.fake.release();
    await wizard.whenIdle();
    assert.ok(Object.values(states(wizard)).every((x) => x === 'succeeded' || x === 'skipped'));
    assert.equal(env.fake.count('enable:newA'), 1);
    assert.equal(env.refreshed.n, 1);
  });

  describe('initial replication followed in the estate to Protected', () => {
    /** A fake estate: the statuses the glue would read, its change event, the VMs awaited for the notification. */
    function fakeEstate(): { watch: ReplicationWatch; set(key: string, status: ProtectionStatus | undefined): void; awaited: string[]; listeners: Set<() => void> } {
      const statuses = new Map<string, ProtectionStatus>();
      const listeners = new Set<() => void>();
      const awaited: string[] = [];
      return {
        watch: {
          statusOf: (key) => statuses.get(key),
          onDidChange: (l) => {
            listeners.add(l);
            return () => listeners.delete(l);
          },
          awaitProtected: (v) => awaited.push(v.name),
        },
        set(key, status) {
          if (status) statuses.set(key, status);
          else statuses.delete(key);
          for (const l of [...listeners]) l();
        },
        awaited,
        listeners,
      };
    }

    function lastStep(h: FormHarness<EnableReplicationSnapshot>): { state: string; percent?: number; detail?: string } {
      const steps = h.view.blocks.find((b): b is StepsView => b.kind === 'steps')?.steps ?? [];
      const last = steps.at(-1);
      assert.equal(last?.id, 'replication');
      return { state: last.state, ...(last.percent !== undefined ? { percent: last.percent } : {}), ...(last.detail !== undefined ? { detail: last.detail } : {}) };
    }

    async function startWeb(env: Setup): Promise<{ h: FormHarness<EnableReplicationSnapshot>; wizard: EnableReplicationWizard }> {
      const opened = open(env, [ids.web]);
      await opened.h.press('next');
      await opened.h.press('next');
      await opened.h.press('next');
      await opened.h.press('next');
      assert.equal(opened.h.view.page, 'review');
      await opened.h.press('start');
      await opened.wizard.whenIdle();
      return opened;
    }

    it("the last step stays running with the tree's percentage until the VM is protected; then the heading says so; the VM is awaited once", async () => {
      const env = setup();
      const fake = fakeEstate();
      env.deps.replication = fake.watch;
      const { h, wizard } = await startWeb(env);
      assert.ok(
        Object.values(states(wizard)).every((x) => x === 'succeeded' || x === 'skipped'),
        'the run itself has finished',
      );
      assert.equal(h.view.title, 'Enabling replication', 'initial replication still runs');
      assert.deepEqual(lastStep(h), { state: 'running', percent: 10, detail: 'web: initial replication under way' }, "before the estate shows it: the run's own figure");
      assert.ok(h.view.blocks.some((b) => b.id === 'following' && b.kind === 'textBlock' && /closing it stops nothing in Azure/.test(b.text)));
      fake.set(ids.web, deriveProtectionStatus(lifecycle.initialReplication));
      assert.deepEqual(lastStep(h), { state: 'running', percent: 42, detail: 'web: initial replication 42%' });
      assert.equal(h.view.title, 'Enabling replication');
      fake.set(ids.web, deriveProtectionStatus(lifecycle.protected));
      assert.deepEqual(lastStep(h), { state: 'succeeded', percent: 100, detail: 'web: protected' });
      assert.equal(h.view.title, 'web is protected');
      assert.ok(h.view.blocks.some((b) => b.id === 'done' && b.kind === 'textBlock' && b.tone === 'success' && /Run a test failover/.test(b.text)));
      assert.deepEqual(fake.awaited, ['web'], 'awaited once, when its enable step succeeded');
      h.dispose();
      assert.equal(fake.listeners.size, 0, 'the closed page stops following the estate');
    });

    it('a failed run has a failure heading; a restored run awaits its enabled VMs again and follows the estate', async () => {
      const env = setup();
      env.fake.failEnableOnce.add('web');
      const fake = fakeEstate();
      env.deps.replication = fake.watch;
      const { h } = await startWeb(env);
      assert.equal(h.view.title, 'Enabling replication failed');
      assert.deepEqual(fake.awaited, []);
      h.dispose();

      const { saved } = await savedDuringEnableJob();
      const again = setup();
      const estateNow = fakeEstate();
      again.deps.replication = estateNow.watch;
      estateNow.set(ids.web, deriveProtectionStatus(lifecycle.initialReplication));
      const r = open(again, [], saved);
      await r.h.press('retry');
      await r.wizard.whenIdle();
      assert.deepEqual(lastStep(r.h), { state: 'running', percent: 42, detail: 'web: initial replication 42%' });
      assert.deepEqual(estateNow.awaited, ['web']);
      r.h.dispose();
    });

    it('without the estate (no watch), the page ends when initial replication is under way, as the run does', async () => {
      const { h } = await startWeb(setup());
      assert.equal(lastStep(h).state, 'succeeded');
      assert.equal(h.view.title, 'Replication enabled for web');
    });
  });

  it('asks for the OS and the OS disk when the host does not say the OS and the VM has several disks; the host\u2019s boot disk is preselected', async () => {
    const env = setup();
    env.fake.items.set(ids.app, protectable(ids.app, 'app', ['data', 'os']));
    const { h, wizard } = openOn(env, appEstate({ bootDiskKnown: true }), [ids.app]);
    await h.press('next');
    assert.equal(h.view.page, 'preflight');
    await h.press('next');
    assert.equal(h.view.page, 'vmSettings');
    const os = h.field(`os:${ids.app}`);
    const disk = h.field(`osDisk:${ids.app}`);
    assert.ok(os.kind === 'radio' && disk.kind === 'radio');
    assert.equal(os.value, '', 'no OS is assumed');
    assert.match(os.problem ?? '', /Choose the operating system of app: Hyper-V does not report it/);
    // Azure's names, with the host's boot disk (SCSI 0:1 in the firmware boot order) selected.
    assert.deepEqual(
      disk.options.map((o) => o.value),
      ['app-data', 'app'],
    );
    assert.equal(disk.value, 'app');
    assert.match(disk.hint ?? '', /app is the disk the VM boots from/);
    assert.ok(!h.buttonEnabled('next'));
    await h.set(`os:${ids.app}`, 'Windows');
    assert.ok(h.buttonEnabled('next'));
    // The user overrides the host's suggestion.
    await h.set(`osDisk:${ids.app}`, 'app-data');
    await h.press('next');
    assert.equal(h.view.page, 'target');
    await h.set('resourceGroup', rgId);
    await h.press('next');
    await h.press('next');
    assert.equal(h.view.page, 'review');
    const vms = h.block('reviewVms');
    assert.ok(vms.kind === 'summary');
    assert.match(vms.rows[0]?.value ?? '', /Windows, operating system disk app-data/);
    await h.press('start');
    await wizard.whenIdle();
    assert.deepEqual(env.fake.osChoices.get('app'), { osDiskVhdId: `${ids.app}-data`, osType: 'Windows' });
    h.dispose();
  });

  it('without the host\u2019s boot disk nothing is preselected and Next waits for a choice; the snapshot keeps it', async () => {
    const env = setup();
    env.fake.items.set(ids.app, protectable(ids.app, 'app', ['data', 'os']));
    const { h } = openOn(env, appEstate({ bootDiskKnown: false }), [ids.app]);
    await h.press('next');
    await h.press('next');
    assert.equal(h.view.page, 'vmSettings');
    const disk = h.field(`osDisk:${ids.app}`);
    assert.ok(disk.kind === 'radio');
    assert.equal(disk.value, '');
    assert.match(disk.problem ?? '', /Choose the operating system disk of app: the host does not say which disk it boots from/);
    // app is a generation 2 VM: Linux there is outside the support matrix, now that the OS is said.
    await h.set(`os:${ids.app}`, 'Linux');
    const os = h.field(`os:${ids.app}`);
    assert.match(os.problem ?? '', /Generation 2 VM running Linux, which Azure Site Recovery does not support/);
    await h.set(`os:${ids.app}`, 'Windows');
    assert.ok(!h.buttonEnabled('next'));
    // A disk name that is not offered is refused by the form gate and changes nothing.
    await h.set(`osDisk:${ids.app}`, 'not-a-disk').catch(() => undefined);
    assert.ok(!h.buttonEnabled('next'));
    await h.set(`osDisk:${ids.app}`, 'app');
    assert.ok(h.buttonEnabled('next'));
    const snap = validateMessage(enableReplicationSnapshot, h.snapshot);
    assert.ok(snap.ok, snap.ok ? '' : snap.reason);
    assert.deepEqual(snap.value.form.osDisks, [{ vmKey: ids.app, diskName: 'app' }]);
    assert.deepEqual(snap.value.form.osTypes, [{ vmKey: ids.app, osType: 'Windows' }]);
    h.dispose();
  });

  it('a missing role stops the run before anything is created, naming it; Retry checks again; an unanswerable check does not block', async () => {
    const env = setup();
    env.fake.permissionProblems = ['To create the virtual machines of a failover you need Virtual Machine Contributor (or Contributor) on the resource group recovery.'];
    const { h, wizard } = open(env, [ids.web, ids.newA]);
    await toReview(h);
    await h.press('start');
    await wizard.whenIdle();
    const first = states(wizard);
    assert.equal(first.permissions, 'failed');
    assert.ok(
      Object.entries(first).every(([id, st]) => id === 'permissions' || st === 'pending' || st === 'skipped'),
      JSON.stringify(first),
    );
    assert.match(
      h.steps().find((x) => x.id === 'permissions')?.detail ?? '',
      /Virtual Machine Contributor \(or Contributor\) on the resource group recovery\. Press Retry once the role is assigned\. Nothing was created\./,
    );
    for (const call of ['createHyperVSite', 'createVaultCredentials', 'setupProvider', 'createHyperVPolicy', 'enable:web'])
      assert.equal(env.fake.count(call), 0, `${call} before the permissions`);

    env.fake.permissionProblems = new Error('The permissions API did not answer.');
    await h.press('retry');
    await wizard.whenIdle();
    assert.equal(env.fake.count('checkPermissions'), 2);
    assert.equal(states(wizard).permissions, 'succeeded');
    assert.match(h.steps().find((x) => x.id === 'permissions')?.detail ?? '', /could not be checked .* the run goes on/);
    assert.equal(states(wizard)[`enable:${ids.web}`], 'succeeded');
    h.dispose();
  });

  it('cancel closes; the review cannot start while a page is incomplete', async () => {
    const env = setup();
    const { h, wizard } = open(env, []);
    let closes = 0;
    wizard.onDidRequestClose(() => closes++);
    assert.equal(h.buttonEnabled('next'), false);
    assert.equal(h.field('vms').problem, 'Choose at least one virtual machine.');
    assert.equal(await h.pressExpectingRefusal('next'), 'press: the button is disabled');
    await h.check('vms', ids.web, true);
    assert.ok(h.buttonEnabled('next'));
    await h.press('cancel');
    assert.equal(closes, 1);
    h.dispose();
  });

  describe('a reload: the saved state keeps what resumes the run, and only what the estate still holds', () => {
    /** The fixture estate plus n VMs on HV1 (registered, one disk, Windows). */
    function bulkEstate(n: number): { on: EstateSnapshot; keys: string[] } {
      const on = estate();
      const hv1 = on.hosts.find((x) => x.name === 'HV1')!;
      const keys: string[] = [];
      for (let i = 1; i <= n; i++) {
        const id = `bbbbbbbb-0000-4000-8000-${String(i).padStart(12, '0')}`;
        hv1.vms.push(vm(`bulk-${String(i).padStart(3, '0')}`, id, hv1.key));
        keys.push(id);
      }
      return { on, keys };
    }

    function protectableAll(fake: Fake, on: EstateSnapshot, keys: readonly string[]): void {
      const hv1 = on.hosts.find((x) => x.name === 'HV1')!;
      for (const k of keys) fake.items.set(k, protectable(k, hv1.vms.find((v) => v.key === k)!.name));
    }

    /** The webview's state as VS Code keeps it (JSON), validated as the serializer does. */
    function reloaded(h: FormHarness<EnableReplicationSnapshot>): EnableReplicationSnapshot {
      const r = restoredSnapshot(JSON.parse(JSON.stringify({ view: h.view, snapshot: h.snapshot })) as unknown, enableReplicationSnapshot, enableReplicationSnapshotLimits);
      assert.ok(r.ok, r.ok ? '' : r.reason);
      return r.value;
    }

    it('a run of 150 VMs stopped at the 100th resumes after a reload, without enabling the first 99 again', async () => {
      const { on, keys } = bulkEstate(150);
      const first = setup();
      protectableAll(first.fake, on, keys);
      first.fake.failEnableOnce.add('bulk-100');
      const a = open(first, keys, undefined, on);
      await a.h.press('next');
      await a.h.press('next');
      assert.equal(a.h.view.page, 'target');
      await a.h.press('next');
      await a.h.press('next');
      assert.equal(a.h.view.page, 'review');
      await a.h.press('start');
      await a.wizard.whenIdle();
      assert.equal(states(a.wizard)[`enable:${keys[99]}`], 'failed');
      assert.equal(first.fake.enableRequests.length, 100);
      const saved = reloaded(a.h);
      assert.deepEqual(Object.keys(saved.plan?.vms[0] ?? {}).sort(), ['key', 'osDiskName', 'osType'], 'the plan keeps ids and choices, not names');
      assert.ok(
        saved.run?.steps.every((x) => x.detail === undefined || x.state === 'failed'),
        'only a failed step keeps its detail',
      );
      a.h.dispose();

      const second = setup();
      protectableAll(second.fake, on, keys);
      const b = open(second, [], saved, on);
      assert.equal(b.h.view.page, 'run');
      const step = b.h.steps().find((x) => x.id === `enable:${keys[99]}`);
      assert.equal(step?.label, 'Enable replication for bulk-100', 'the label names the VM as the estate does');
      assert.equal(step?.state, 'failed');
      assert.match(step?.detail ?? '', /bulk-100 lost its connection/);
      assert.equal(b.h.steps().find((x) => x.id === 'install:hv1.contoso.local')?.detail, 'Already installed.', 'a skipped step says why, from the plan');
      await b.h.press('retry');
      await b.wizard.whenIdle();
      assert.ok(
        Object.values(states(b.wizard)).every((x) => x === 'succeeded' || x === 'skipped'),
        JSON.stringify(b.h.steps().filter((x) => x.state !== 'succeeded' && x.state !== 'skipped')),
      );
      assert.equal(second.fake.enableRequests.length, 51, 'bulk-100 to bulk-150');
      assert.equal(second.fake.count('enable:bulk-001'), 0);
      b.h.dispose();
    });

    it('the largest run the wizard allows (200 VMs, each OS chosen by hand) fits the restored snapshot\u2019s limits', () => {
      const { on, keys } = bulkEstate(200);
      const plan: SavedPlan = {
        sites: [{ name: 'Site-A', create: false }],
        hosts: [{ key: 'hv1.contoso.local', setup: false, site: 'Site-A' }],
        vms: keys.map((k) => ({ key: k, osType: 'Windows' as const, osDiskName: `disk-of-${k}` })),
        policy: {
          kind: 'reuse',
          name: 'Existing-5min',
          settings: { replicationIntervalSeconds: 300, recoveryPointHistoryHours: 4, appConsistentFrequencyHours: 1, storageAccountId: storageId },
        },
        target: { resourceGroupId: rgId, storageAccountId: storageId, networkId: netId, subnetName: 'servers', licenseType: 'NoLicenseType' },
      };
      const snapshot: EnableReplicationSnapshot = {
        form: {
          ...open(setup(), keys, undefined, on).h.snapshot.form,
          page: 'run',
          osTypes: keys.map((k) => ({ vmKey: k, osType: 'Windows' as const })),
          osDisks: keys.map((k) => ({ vmKey: k, diskName: `disk-of-${k}` })),
        },
        plan,
        run: {
          steps: keys.map((k) => ({ id: `enable:${k}`, state: 'succeeded' as const })),
          results: { sites: [], providers: [], jobs: keys.map((k, i) => ({ stepId: `enable:${k}`, jobName: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` })) },
        },
      };
      const r = restoredSnapshot({ snapshot: JSON.parse(JSON.stringify(snapshot)) as unknown }, enableReplicationSnapshot, enableReplicationSnapshotLimits);
      assert.ok(r.ok, r.ok ? '' : r.reason);
    });

    it('a plan naming a VM or host the estate no longer holds, or Azure resources outside the vault, opens on a page that says so; nothing is sent', async () => {
      const { saved: state } = await savedDuringEnableJob();
      const check = restoredSnapshot({ snapshot: JSON.parse(JSON.stringify(state)) as unknown }, enableReplicationSnapshot, enableReplicationSnapshotLimits);
      assert.ok(check.ok, check.ok ? '' : check.reason);
      const saved = check.value;
      const plan = saved.plan!;
      const tampered: [string, EnableReplicationSnapshot, RegExp][] = [
        [
          'a VM of no host of the estate',
          { ...saved, plan: { ...plan, vms: [{ ...plan.vms[0], key: 'cccccccc-0000-4000-8000-000000000000' }] } },
          /no longer in the estate of the vault v\./,
        ],
        ['a VM of another host than the plan\u2019s', { ...saved, plan: { ...plan, vms: [{ ...plan.vms[0], key: ids.newA }] } }, /no longer in the estate/],
        ['a host the estate does not hold', { ...saved, plan: { ...plan, hosts: [{ ...plan.hosts[0], key: 'elsewhere.contoso.local' }] } }, /no longer in the estate/],
        [
          'a storage account of another subscription',
          {
            ...saved,
            plan: {
              ...plan,
              target: {
                ...plan.target,
                storageAccountId: '/subscriptions/99999999-0000-4000-8000-000000000000/resourceGroups/x/providers/Microsoft.Storage/storageAccounts/theirs',
              },
            },
          },
          /outside the vault you are connected to \(v\)/,
        ],
        [
          'a policy of another vault',
          {
            ...saved,
            run: {
              ...saved.run!,
              results: { ...saved.run!.results, policy: { id: policy('x', 300, 4, 1).id!.replace('/vaults/v/', '/vaults/other/'), name: 'x', created: false } },
            },
          },
          /outside the vault/,
        ],
      ];
      for (const [what, snapshot, why] of tampered) {
        const second = setup();
        const input = { candidates: candidatesFromEstate(estate()), preselected: [] };
        const wizard = restoredEnableReplicationWizard(second.deps, input, snapshot, { vault: connectedVault, estate: planEstateOf(estate()) });
        assert.ok(wizard instanceof NoticeWizard, what);
        assert.match(wizard.text, why, what);
        assert.match(wizard.text, /Nothing was sent to Azure\./);
        const h = new FormHarness<unknown>(wizard);
        await h.press('close');
        h.dispose();
        assert.deepEqual(second.fake.calls, [], what);
        assert.deepEqual(second.watched, [], what);
      }
      // A saved plan that names its VMs is not the shape the wizard saves: not restored (a fresh wizard opens).
      const named = { ...saved, plan: { ...plan, vms: [{ ...plan.vms[0], name: 'db' }] } };
      assert.equal(restoredSnapshot({ snapshot: named }, enableReplicationSnapshot, enableReplicationSnapshotLimits).ok, false);
    });
  });
});
