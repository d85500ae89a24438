/**
 * The "connect" half of the service layer against the lab: subscriptions, regions, resource
 * groups, storage accounts (the modular storage SDK), virtual networks and subnets, and the job
 * operations (cancel, restart, wait).
 */
import assert from 'node:assert/strict';
import { listLocations, listResourceGroups, listSubscriptions, createResourceGroup } from '../../src/services/azure/subscriptions';
import { checkStorageAccountName, createStorageAccount, listStorageAccounts } from '../../src/services/azure/storage';
import { listSubnets, listVirtualNetworks } from '../../src/services/azure/networks';
import { cancelJob, getJob, listJobs, restartJob, waitForJob } from '../../src/services/azure/jobs';
import { getProtectedItem } from '../../src/services/azure/protection';
import { testFailover } from '../../src/services/azure/failover';
import { AzureOperationError, InvalidInputError } from '../../src/services/azure/errors';
import { summarizeJob } from '../../src/model/jobSummary';
import { allowedActions } from '../../src/model/vmActions';
import { openServices, type ServicesSession } from './servicesSupport';

describe('services: subscriptions, regions, groups, storage, networks', function () {
  this.timeout(60000);
  let s: ServicesSession;
  before(async () => {
    s = await openServices();
  });
  after(async () => s.lab.stop());

  it('lists the subscription and its physical regions', async () => {
    const subs = await listSubscriptions(s.ctx);
    assert.deepEqual(
      subs.map((x) => [x.subscriptionId, x.displayName, x.state]),
      [[s.lab.subscriptionId, 'Contoso DR (lab)', 'Enabled']],
    );
    const regions = await listLocations(s.ctx);
    assert.ok(regions.some((r) => r.name === 'westeurope' && r.displayName === 'West Europe'));
    // Each region in its own geography group, as ARM's locations list names them (not all "(Europe)").
    const regional = new Map(regions.map((r) => [r.name, r.regionalDisplayName]));
    assert.equal(regional.get('westeurope'), '(Europe) West Europe');
    assert.equal(regional.get('eastus'), '(US) East US');
    assert.equal(regional.get('chinaeast2'), '(Asia Pacific) China East 2');
  });

  it('lists and creates resource groups, refusing a bad name before any request', async () => {
    const before = (await listResourceGroups(s.ctx)).map((g) => g.name);
    assert.deepEqual(before, ['RAM-DR-RG', 'RAM-Network-RG', 'RAM-Recovery-RG']);
    const created = await createResourceGroup(s.ctx, 'New-DR-RG', 'northeurope');
    assert.equal(created.location, 'northeurope');
    assert.ok((await listResourceGroups(s.ctx)).some((g) => g.name === 'New-DR-RG'));
    const count = s.lab.log.count('resourceGroups.createOrUpdate');
    await assert.rejects(createResourceGroup(s.ctx, 'bad name.', 'westeurope'), InvalidInputError);
    assert.equal(s.lab.log.count('resourceGroups.createOrUpdate'), count);
  });

  it('lists storage accounts by region, checks names and creates one', async () => {
    const inWest = await listStorageAccounts(s.ctx, { location: 'westeurope' });
    assert.deepEqual(inWest.map((a) => a.name).sort(), ['ramdrlogs01', 'ramdrstorage01']);
    assert.deepEqual((await checkStorageAccountName(s.ctx, 'ramdrstorage01')).available, false);
    assert.deepEqual((await checkStorageAccountName(s.ctx, 'newdrstore42')).available, true);
    const created = await createStorageAccount(s.ctx, 'RAM-DR-RG', 'newdrstore42', 'westeurope');
    assert.equal(created.name, 'newdrstore42');
    assert.equal((await checkStorageAccountName(s.ctx, 'newdrstore42')).available, false);
    await assert.rejects(createStorageAccount(s.ctx, 'RAM-DR-RG', 'Bad_Name', 'westeurope'), InvalidInputError);
  });

  it('lists virtual networks by region and their subnets', async () => {
    const vnets = await listVirtualNetworks(s.ctx, { location: 'westeurope' });
    assert.deepEqual(vnets.map((n) => n.name).sort(), ['ram-dr-vnet', 'ram-test-vnet']);
    const dr = vnets.find((n) => n.name === 'ram-dr-vnet')!;
    const subnets = await listSubnets(s.ctx, dr.id);
    assert.deepEqual(
      subnets.map((x) => [x.name, x.addressPrefix]),
      [
        ['default', '10.20.0.0/24'],
        ['servers', '10.20.1.0/24'],
      ],
    );
  });

  it('cancels a running job and restarts it; the item follows', async () => {
    const v = s.vctx();
    const ref = { ...v.vault, fabricName: 'RAM-Site', containerName: 'cloud_eecac84c-1761-50ad-9624-a7092c581567', protectedItemName: '193ca098-991d-4a6f-be78-da2c6e7bd290' };
    // The lab runs at speed 100: a test failover takes about a second and a half.
    const op = await testFailover(v, await getProtectedItem(v, ref), {});
    const running = summarizeJob(await getJob(v, op.jobName), new Date());
    assert.equal(running.isActive, true);
    assert.equal(running.canCancel, true);
    assert.deepEqual(
      (await listJobs(v, { jobStatus: 'InProgress' })).map((j) => j.name),
      [op.jobName],
    );

    const cancelled = await (await cancelJob(v, op.jobName)).result();
    assert.equal(cancelled.properties?.state, 'Cancelled');
    assert.deepEqual(allowedActions(await getProtectedItem(v, ref)), ['testFailover', 'plannedFailover', 'unplannedFailover', 'disableProtection']);
    await assert.rejects(op.result(), (e: unknown) => e instanceof AzureOperationError);
    await assert.rejects(
      (async () => (await cancelJob(v, op.jobName)).result())(),
      (e: unknown) => e instanceof AzureOperationError && e.statusCode === 409 && e.code === 'JobNotCancellable',
    );

    const again = await restartJob(v, op.jobName);
    const restarted = await again.result();
    assert.notEqual(restarted.name, op.jobName);
    const finished = await waitForJob(v, restarted.name!, { intervalMs: 50 });
    assert.equal(finished.properties?.state, 'Succeeded');
    assert.deepEqual(allowedActions(await getProtectedItem(v, ref)), ['testFailoverCleanup', 'disableProtection']);
  });
});
