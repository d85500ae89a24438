/**
 * Our service layer on the scale scenario and under faults: a whole-estate refresh costs a number
 * of requests that grows with pages, not with VMs; the journey completes with the service
 * layer's own retry settings while 20% of requests are throttled and 5% fail with 500/503.
 */
import assert from 'node:assert/strict';
import { osDiskId } from './journeySteps';
import { listContainers, listProtectableItems } from '../../src/services/azure/containers';
import { listRegisteredHosts } from '../../src/services/azure/providers';
import { disableProtection, enableProtection, getProtectedItem, listProtectedItems } from '../../src/services/azure/protection';
import { listHyperVSites } from '../../src/services/azure/sites';
import { listJobs, resumeJob, waitForJob } from '../../src/services/azure/jobs';
import { listPolicies } from '../../src/services/azure/policies';
import { commitFailover, failback, plannedFailover, reverseReplication, testFailover, testFailoverCleanup } from '../../src/services/azure/failover';
import { deriveProtectionStatus } from '../../src/model/protectionStatus';
import type { VaultContext } from '../../src/services/azure/clients';
import { eventually } from './support';
import { openServices, type ServicesSession } from './servicesSupport';

async function refreshEstate(v: VaultContext): Promise<{ hosts: number; vms: number; protectedItems: number }> {
  const [sites, hosts, items, running] = await Promise.all([listHyperVSites(v), listRegisteredHosts(v), listProtectedItems(v), listJobs(v, { jobStatus: 'InProgress' })]);
  let vms = 0;
  for (const site of sites) {
    for (const c of await listContainers(v, site.name!)) vms += (await listProtectableItems(v, site.name!, c.name!)).length;
  }
  void running;
  return { hosts: hosts.length, vms, protectedItems: items.length };
}

describe('services on the scale scenario', function () {
  this.timeout(120000);
  for (const pageSize of [100, 50]) {
    describe(`pages of ${pageSize}`, () => {
      let s: ServicesSession;
      before(async () => {
        s = await openServices({ scenario: 'scale', speed: 10, pageSize });
      });
      after(async () => s.lab.stop());

      it('refreshes the whole estate in requests that grow with pages, not with VMs', async () => {
        s.lab.log.reset();
        const estate = await refreshEstate(s.vctx());
        assert.equal(estate.hosts, 200);
        assert.equal(estate.vms, 5000);
        const pages = (n: number): number => Math.max(1, Math.ceil(n / pageSize));
        const expected = 1 /* sites */ + pages(200) /* hosts */ + 1 /* containers */ + pages(5000) /* VMs */ + pages(estate.protectedItems) + 1; /* jobs */
        const counters = s.lab.log.counters();
        delete counters.identity;
        const total = Object.values(counters).reduce((a, b) => a + b, 0);
        assert.equal(total, expected, JSON.stringify(counters));
        assert.equal(s.lab.log.count('replicationProtectedItems.get'), 0, 'no call per VM');
        assert.ok(total < estate.vms / 20, `${total} requests for ${estate.vms} VMs`);
      });
    });
  }
});

describe('services under faults', function () {
  this.timeout(240000);
  let s: ServicesSession;
  before(async () => {
    s = await openServices({ speed: 200, faults: 'throttle=0.2,error=0.05,seed=5' });
  });
  after(async () => s.lab.stop());

  it('completes the journey with the default retry settings, each operation done once', async () => {
    const v = s.vctx();
    const site = (await listHyperVSites(v))[0];
    const container = (await listContainers(v, site.name!))[0];
    const vmId = '04e4fe1f-bfa6-407f-8db7-4fe897d4c40b';
    const protectable = (await listProtectableItems(v, site.name!, container.name!)).find((i) => i.name === vmId)!;
    const policy = (await listPolicies(v))[0];
    const ref = { ...v.vault, fabricName: site.name!, containerName: container.name!, protectedItemName: vmId };
    const current = () => getProtectedItem(v, ref);
    const kind = async () => deriveProtectionStatus(await current()).kind;
    await (
      await enableProtection(v, {
        fabricName: site.name!,
        containerName: container.name!,
        protectedItemName: vmId,
        policyId: policy.id!,
        protectableItem: protectable,
        vmName: 'ramh157v03',
        osType: 'Windows',
        osDiskVhdId: osDiskId(protectable, 'ramh157v03-os'),
        logStorageAccountId: `/subscriptions/${s.lab.subscriptionId}/resourceGroups/RAM-DR-RG/providers/Microsoft.Storage/storageAccounts/ramdrstorage01`,
        targetResourceGroupId: `/subscriptions/${s.lab.subscriptionId}/resourceGroups/RAM-Recovery-RG`,
      })
    ).result();
    await eventually('Protected', async () => ((await kind()) === 'Protected' ? true : undefined), 60000);
    await (await testFailover(v, await current(), {})).result();
    await (await testFailoverCleanup(v, await current(), 'ok')).result();
    await (await plannedFailover(v, await current())).result();
    await (await commitFailover(v, await current())).result();
    assert.equal(await kind(), 'FailedOver');
    const back = await failback(v, await current(), { dataSyncOption: 'ForDownTime', recoveryVmCreationOption: 'NoAction' });
    // ForDownTime suspends the job after the first synchronisation; resume it and wait for the end.
    assert.equal((await waitForJob(v, back.jobName, { intervalMs: 50 })).properties?.state, 'Suspended');
    await (await resumeJob(v, back.jobName)).result();
    assert.equal((await waitForJob(v, back.jobName, { intervalMs: 50 })).properties?.state, 'Succeeded');
    await (await commitFailover(v, await current())).result();
    await (await reverseReplication(v, await current())).result();
    await eventually('Protected again', async () => ((await kind()) === 'Protected' ? true : undefined), 60000);
    await (await disableProtection(v, await current())).result();

    const faults = s.lab.log.entries.filter((e) => e.fault !== undefined);
    assert.ok(faults.filter((e) => e.fault === 'throttle').length > 5, 'throttled');
    assert.ok(
      faults.some((e) => e.fault === 'http503' || e.fault === 'http500'),
      '5xx',
    );
    const jobs = (await listJobs(v)).filter((j) => j.properties?.targetObjectId === vmId).map((j) => j.properties!.scenarioName!);
    const count = (n: string): number => jobs.filter((j) => j === n).length;
    assert.deepEqual(['EnableDr', 'TestFailover', 'TestFailoverCleanup', 'PlannedFailover', 'Commit', 'ReverseReplication', 'DisableDr'].map(count), [1, 1, 1, 2, 2, 1, 1]);
  });
});
