/**
 * Our service layer against the ASR lab, through the real SDKs and a real @azure/identity
 * sign-in: a new vault, site, vault credentials, host registration, policy and association,
 * then the whole protection journey, asserting the status and allowed actions our model derives
 * after each step, the job id every action returns at once, and local refusals.
 */
import assert from 'node:assert/strict';
import { osDiskId } from './journeySteps';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { deriveProtectionStatus, type ProtectionKind } from '../../src/model/protectionStatus';
import { allowedActions } from '../../src/model/vmActions';
import type { VaultContext } from '../../src/services/azure/clients';
import { ActionNotAllowedError, AzureOperationError } from '../../src/services/azure/errors';
import { createHyperVSite, hyperVSiteContainerName, listHyperVSites } from '../../src/services/azure/sites';
import { createVault, listVaults } from '../../src/services/azure/vaults';
import { createVaultCredentials } from '../../src/services/azure/vaultCredentials';
import { listRegisteredHosts } from '../../src/services/azure/providers';
import { listProtectableItems } from '../../src/services/azure/containers';
import { associatePolicy, createHyperVPolicy, listMappings } from '../../src/services/azure/policies';
import { disableProtection, enableProtection, getProtectedItem, listProtectedItems } from '../../src/services/azure/protection';
import { commitFailover, failback, plannedFailover, reverseReplication, testFailover, testFailoverCleanup, unplannedFailover } from '../../src/services/azure/failover';
import { listRecoveryPoints } from '../../src/services/azure/recoveryPoints';
import { getJob, listJobs } from '../../src/services/azure/jobs';
import { eventually } from './support';
import { labControl, openServices, type ServicesSession } from './servicesSupport';

const rg = 'RAM-DR-RG';
const vmId = '5b9a6520-4754-46f7-bdfa-95cb3a52972f'; // ramh12v01 on RAM-H1-2, a host not yet registered
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('services against the lab: a new vault, end to end', function () {
  this.timeout(180000);
  let s: ServicesSession;
  let v: VaultContext;
  let fabricName = '';
  let containerName = '';
  let policyId = '';
  const started = new Date();
  const ref = (): { subscriptionId: string; resourceGroup: string; vaultName: string; fabricName: string; containerName: string; protectedItemName: string } => ({
    ...v.vault,
    fabricName,
    containerName,
    protectedItemName: vmId,
  });
  const current = (): Promise<ReplicationProtectedItem> => getProtectedItem(v, ref());
  const kindNow = async (): Promise<ProtectionKind> => deriveProtectionStatus(await current()).kind;
  const waitKind = (kind: ProtectionKind): Promise<ReplicationProtectedItem> =>
    eventually(
      kind,
      async () => {
        const item = await current();
        return deriveProtectionStatus(item).kind === kind ? item : undefined;
      },
      60000,
    );

  before(async () => {
    s = await openServices();
  });
  after(async () => s.lab.stop());

  it('creates a vault and finds it in the list', async () => {
    const vault = await createVault(s.ctx, rg, 'Journey-Vault', 'westeurope');
    assert.equal(vault.name, 'Journey-Vault');
    const names = (await listVaults(s.ctx)).map((x) => x.name);
    assert.deepEqual(names.sort(), ['Journey-Vault', 'RAM-Vault']);
    v = s.vctx('Journey-Vault', rg);
  });

  it('creates a Hyper-V site, returning its job at once', async () => {
    const op = await createHyperVSite(v, 'Journey-Site');
    assert.match(op.jobName, guid);
    assert.ok(op.jobId.endsWith(`/replicationJobs/${op.jobName}`));
    const job = await getJob(v, op.jobName);
    assert.equal(job.properties?.scenarioName, 'CreateSite');
    const fabric = await op.result();
    fabricName = fabric.name!;
    containerName = hyperVSiteContainerName(fabric)!;
    assert.equal(containerName, `cloud_${fabric.properties?.internalIdentifier}`);
    assert.deepEqual(
      (await listHyperVSites(v)).map((f) => f.name),
      ['Journey-Site'],
    );
  });

  it('makes a vault credentials file that registers a host; a tampered one is refused', async () => {
    const fabric = (await listHyperVSites(v))[0];
    const creds = await createVaultCredentials(v, { fabricName, siteIdentifier: fabric.properties!.internalIdentifier!, siteName: fabricName });
    assert.match(creds.fileName, /^Journey-Site_Journey-Vault_\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.VaultCredentials$/);
    assert.match(creds.xml, /<SiteId>[0-9a-f-]{36}<\/SiteId>/);
    assert.ok(creds.expiresOn.getTime() - Date.now() > 119 * 3600_000);

    const forged = creds.xml.replace(/<ManagementCert>[^<]+<\/ManagementCert>/, `<ManagementCert>${Buffer.from('not a cert').toString('base64')}</ManagementCert>`);
    const refused = await labControl(s.lab, 'POST', '/_lab/hosts/RAM-H1-2/register', { vaultCredentials: forged });
    assert.equal(refused.status, 400);

    const registered = await labControl(s.lab, 'POST', '/_lab/hosts/RAM-H1-2/register', { vaultCredentials: creds.xml });
    assert.equal(registered.status, 202);
    const hosts = await eventually('host registered', async () => {
      const h = await listRegisteredHosts(v, fabricName);
      return h.length === 1 ? h : undefined;
    });
    assert.equal(hosts[0].friendlyName, 'RAM-H1-2.contoso.local');
    assert.equal(hosts[0].connectionStatus, 'Connected');
    assert.equal(hosts[0].heartbeatMissing, false);
  });

  it('creates a policy and associates it with the site', async () => {
    const op = await createHyperVPolicy(v, 'Journey-Policy', {
      replicationIntervalSeconds: 300,
      recoveryPointHistoryHours: 4,
      appConsistentFrequencyHours: 1,
      storageAccountId: `/subscriptions/${s.lab.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/ramdrstorage01`,
    });
    assert.match(op.jobName, guid);
    const policy = await op.result();
    policyId = policy.id!;
    const mapping = await (await associatePolicy(v, fabricName, containerName, 'Journey-Mapping', policyId)).result();
    assert.equal(mapping.properties?.state, 'Paired');
    assert.equal((await listMappings(v, fabricName, containerName)).length, 1);
  });

  it('enables protection: job id at once, Enabling, then Replicating with a rising %, then Protected', async () => {
    const items = await listProtectableItems(v, fabricName, containerName);
    assert.deepEqual(items.map((i) => i.properties?.friendlyName).sort(), ['ramh12v01', 'ramh12v02', 'ramh12v03']);
    const protectable = items.find((i) => i.name === vmId)!;
    const op = await enableProtection(v, {
      fabricName,
      containerName,
      protectedItemName: vmId,
      policyId,
      protectableItem: protectable,
      vmName: 'ramh12v01',
      osType: 'Windows',
      osDiskVhdId: osDiskId(protectable, 'ramh12v01'),
      logStorageAccountId: `/subscriptions/${s.lab.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/ramdrstorage01`,
      targetResourceGroupId: `/subscriptions/${s.lab.subscriptionId}/resourceGroups/RAM-Recovery-RG`,
      targetNetworkId: `/subscriptions/${s.lab.subscriptionId}/resourceGroups/RAM-Network-RG/providers/Microsoft.Network/virtualNetworks/ram-dr-vnet`,
      targetSubnetName: 'servers',
    });
    assert.match(op.jobName, guid);
    assert.equal((await getJob(v, op.jobName)).properties?.state, 'InProgress');
    const during = deriveProtectionStatus(await current());
    assert.equal(during.kind, 'EnablingProtection');
    assert.equal(during.runningJobId, op.jobName);
    assert.deepEqual(allowedActions(await current()), []);
    await op.result();
    const progress: number[] = [];
    await eventually(
      'Protected',
      async () => {
        const st = deriveProtectionStatus(await current());
        if (st.kind === 'Replicating' && st.progressPercent !== undefined) progress.push(st.progressPercent);
        return st.kind === 'Protected' ? true : undefined;
      },
      60000,
    );
    assert.ok(progress.length >= 2, `saw progress ${progress.join(',')}`);
    assert.ok(progress[progress.length - 1] > progress[0], `progress rose: ${progress.join(',')}`);
    assert.deepEqual(allowedActions(await current()), ['testFailover', 'plannedFailover', 'unplannedFailover', 'disableProtection']);
  });

  it('lists recovery points newest first', async () => {
    const points = await eventually('recovery points', async () => {
      const p = await listRecoveryPoints(v, ref());
      return p.length >= 2 ? p : undefined;
    });
    assert.ok(points[0].time.getTime() > points[1].time.getTime());
  });

  it('test failover then cleanup; a planned failover is refused locally while cleanup is pending', async () => {
    const op = await testFailover(v, await current(), {
      networkId: `/subscriptions/${s.lab.subscriptionId}/resourceGroups/RAM-Network-RG/providers/Microsoft.Network/virtualNetworks/ram-test-vnet`,
    });
    assert.equal(deriveProtectionStatus(await current()).kind, 'TestFailoverRunning');
    assert.equal((await getJob(v, op.jobName)).properties?.scenarioName, 'TestFailover');
    await op.result();
    const waiting = await current();
    assert.equal(deriveProtectionStatus(waiting).kind, 'TestFailoverCleanupPending');
    assert.deepEqual(allowedActions(waiting), ['testFailoverCleanup', 'disableProtection']);

    const before = s.lab.log.count('replicationProtectedItems.plannedFailover');
    await assert.rejects(plannedFailover(v, waiting), (e: unknown) => {
      assert.ok(e instanceof ActionNotAllowedError);
      assert.match(e.message, /ramh12v01/);
      return true;
    });
    assert.equal(s.lab.log.count('replicationProtectedItems.plannedFailover'), before, 'no request was sent');

    await (await testFailoverCleanup(v, waiting, 'Test failover verified')).result();
    assert.equal(await kindNow(), 'Protected');
  });

  it('an action Azure refuses on a stale item comes back as one error type with the recommended action', async () => {
    const stale = await current();
    const op = await testFailover(v, stale, {});
    await assert.rejects(unplannedFailover(v, stale, { shutDownSource: false }), (e: unknown) => {
      assert.ok(e instanceof AzureOperationError);
      assert.equal(e.statusCode, 409);
      assert.equal(e.code, 'OperationNotAllowed');
      assert.match(e.recommendedAction ?? '', /Wait for the running job/);
      return true;
    });
    await op.result();
    await (await testFailoverCleanup(v, await current(), 'done')).result();
  });

  it('planned failover, commit: running in Azure; failback, commit; reverse replication to Protected', async () => {
    await (await plannedFailover(v, await current())).result();
    assert.equal(await kindNow(), 'FailoverCommitPending');
    assert.equal(s.lab.engine.findVm(vmId)?.vm.state, 'Off', 'the Hyper-V VM was shut down first');
    await (await commitFailover(v, await current())).result();
    const inAzure = deriveProtectionStatus(await current());
    assert.equal(inAzure.kind, 'FailedOver');
    assert.equal(inAzure.summary, 'Running in Azure');
    assert.equal(inAzure.activeLocation, 'Recovery');
    assert.deepEqual(allowedActions(await current()), ['failback', 'disableProtection']);

    await (await failback(v, await current(), { dataSyncOption: 'ForSynchronization', recoveryVmCreationOption: 'NoAction' })).result();
    assert.equal(await kindNow(), 'FailbackCommitPending');
    assert.equal(s.lab.engine.findVm(vmId)?.vm.state, 'Running');
    await (await commitFailover(v, await current())).result();
    assert.equal(await kindNow(), 'ReverseReplicationPending');
    assert.deepEqual(allowedActions(await current()), ['reverseReplication', 'disableProtection']);

    await (await reverseReplication(v, await current())).result();
    assert.equal(await kindNow(), 'Replicating');
    await waitKind('Protected');
  });

  it('unplanned failover and commit, then disable protection removes the item', async () => {
    await (await unplannedFailover(v, await current(), { shutDownSource: true })).result();
    assert.equal(await kindNow(), 'FailoverCommitPending');
    await (await disableProtection(v, await current())).result();
    await assert.rejects(current(), (e: unknown) => e instanceof AzureOperationError && e.statusCode === 404 && e.code === 'ResourceNotFound');
    assert.deepEqual(await listProtectedItems(v), []);
  });

  it('lists the jobs of this run with a time filter and a state filter', async () => {
    const jobs = await listJobs(v, { startTime: started });
    const scenarios = new Set(jobs.map((j) => j.properties?.scenarioName));
    for (const sc of [
      'CreateSite',
      'RegisterDra',
      'AddProtectionProfile',
      'AssociateProtectionProfile',
      'EnableDr',
      'TestFailover',
      'TestFailoverCleanup',
      'PlannedFailover',
      'UnplannedFailover',
      'Commit',
      'ReverseReplication',
      'DisableDr',
    ]) {
      assert.ok(scenarios.has(sc), `job ${sc} listed`);
    }
    assert.deepEqual(await listJobs(v, { jobStatus: 'InProgress' }), []);
    const succeeded = await listJobs(v, { jobStatus: 'Succeeded' });
    assert.equal(succeeded.length, jobs.length);
  });
});
