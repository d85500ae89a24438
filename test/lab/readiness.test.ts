/**
 * Readiness checks (issue 15 §2) against the lab, through the extension's SDK clients: each target
 * condition passes, then fails once the lab breaks it (a static IP taken, a vCPU quota at its limit,
 * a restricted size, a deleted subnet, storage account, network and resource group); replication
 * health, RPO and drill (before and after a test failover) from the lab's items; and at 5,000 VMs a run costs a handful of requests.
 */
import assert from 'node:assert/strict';
import { deriveVmFacts } from '../../src/estate/vmFacts';
import type { ReadinessCheckId, ReadinessOutcome, VmReadiness } from '../../src/model/readiness';
import { runReadiness, type ReadinessVm } from '../../src/readiness/readinessRun';
import { testFailover } from '../../src/services/azure/failover';
import { readProtectedItems } from '../../src/estate/asrRead';
import { labControl, openServices, type ServicesSession } from './servicesSupport';

const sub = (s: ServicesSession): string => `/subscriptions/${s.lab.subscriptionId}`;

async function protectedVms(s: ServicesSession): Promise<ReadinessVm[]> {
  // The facts as a refresh derives them: the RPO as of the items' read.
  const { items, readAt } = await readProtectedItems(s.vctx());
  return items.map((item) => ({ key: (item.name ?? '').toLowerCase(), ...deriveVmFacts(item, [], undefined, readAt) }));
}

async function run(s: ServicesSession, vms: readonly ReadinessVm[], rpoTargetSeconds = 3600): Promise<Map<string, VmReadiness>> {
  const results = await runReadiness(s.ctx, { vms, location: 'westeurope', now: new Date(), rpoTargetSecondsOf: () => rpoTargetSeconds, drillIntervalDays: 90 });
  return new Map(results.map((r) => [r.vmKey, r]));
}

function outcome(results: Map<string, VmReadiness>, vmKey: string, id: ReadinessCheckId): ReadinessOutcome {
  const c = results.get(vmKey)?.checks.find((x) => x.id === id);
  assert.ok(c, `${vmKey} ${id}`);
  return c.outcome;
}

describe('readiness checks against the lab (essentials)', function () {
  this.timeout(120000);
  let s: ServicesSession;
  let vms: ReadinessVm[];
  let web: string; // ramh157v01: protected, Standard_D2s_v3
  let critical: string; // ramh157v05: replicationHealth Critical
  const control = async (path: string, body: unknown): Promise<void> => {
    const res = await labControl(s.lab, 'POST', path, body);
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };
  const check = async (id: ReadinessCheckId, vm = web): Promise<ReadinessOutcome> => outcome(await run(s, await protectedVms(s)), vm, id);

  before(async () => {
    s = await openServices({ scenario: 'essentials', speed: 100 });
    vms = await protectedVms(s);
    const byName = (n: string): string => vms.find((v) => v.protection?.friendlyName === n)?.key ?? '';
    web = byName('ramh157v01');
    critical = byName('ramh157v05');
    assert.ok(web && critical);
  });
  after(async () => s.lab.stop());

  it('an intact target passes every target check; the item names its resource group, network, subnet, log storage and size', async () => {
    const r = await run(s, vms);
    for (const id of ['resourceGroup', 'network', 'subnet', 'storageAccount', 'vmSize', 'vcpuQuota', 'staticIp'] as const) assert.equal(outcome(r, web, id), 'passed', id);
    const t = vms.find((v) => v.key === web)?.protection?.target;
    assert.equal(t?.size, 'Standard_D2s_v3');
    assert.deepEqual(t?.nics?.[0]?.ipConfigs, [{ subnet: 'default' }]);
  });

  it('replication health: the Critical item fails with its error and recommended action; RPO against the target; never drilled fails', async () => {
    const r = await run(s, vms);
    assert.equal(outcome(r, critical, 'replicationHealth'), 'failed');
    assert.ok(r.get(critical)?.checks.find((c) => c.id === 'replicationHealth')?.action);
    assert.equal(outcome(r, web, 'replicationHealth'), 'passed');
    assert.equal(outcome(r, web, 'rpo'), 'passed');
    // A target just below the VM's RPO as of the read (the lab's points move with its clock).
    const rpo = vms.find((v) => v.key === web)?.recovery?.rpoSeconds ?? 0;
    assert.equal(outcome(await run(s, vms, rpo - 1), web, 'rpo'), 'failed');
    assert.equal(outcome(r, web, 'drill'), 'failed');
  });

  it('drill: passes once a test failover of the VM has succeeded (lastSuccessfulTestFailoverTime set)', async () => {
    const item = (await readProtectedItems(s.vctx())).items.find((i) => i.name?.toLowerCase() === web);
    assert.ok(item);
    const op = await testFailover(s.vctx(), item, { networkId: `${sub(s)}/resourceGroups/RAM-Network-RG/providers/Microsoft.Network/virtualNetworks/ram-test-vnet` });
    await op.result();
    assert.equal(await check('drill'), 'passed');
  });

  it('static IP: free passes; taken in the subnet fails', async () => {
    await control('/_lab/items/staticIp', { vm: 'ramh157v01', address: '10.20.0.10' });
    assert.equal(await check('staticIp'), 'passed');
    await control('/_lab/subnets', { resourceGroup: 'RAM-Network-RG', virtualNetwork: 'ram-dr-vnet', subnet: 'default', usedAddresses: ['10.20.0.10'] });
    assert.equal(await check('staticIp'), 'failed');
    await control('/_lab/items/staticIp', { vm: 'ramh157v01', address: null });
    assert.equal(await check('staticIp'), 'passed');
  });

  it('vCPU quota: the family at its limit fails, and so does the regional total', async () => {
    await control('/_lab/compute/quota', { family: 'standardDSv3Family', inUse: 10, limit: 10 });
    assert.equal(await check('vcpuQuota'), 'failed');
    await control('/_lab/compute/quota', { family: 'standardDSv3Family', inUse: 0 });
    assert.equal(await check('vcpuQuota'), 'passed');
    await control('/_lab/compute/quota', { family: 'cores', inUse: 19, limit: 20 });
    assert.equal(await check('vcpuQuota'), 'failed');
    await control('/_lab/compute/quota', { family: 'cores', inUse: 0 });
  });

  it('size: a NotAvailableForSubscription restriction fails', async () => {
    await control('/_lab/compute/sku', { size: 'Standard_D2s_v3', restricted: true });
    assert.equal(await check('vmSize'), 'failed');
    await control('/_lab/compute/sku', { size: 'Standard_D2s_v3', restricted: false });
    assert.equal(await check('vmSize'), 'passed');
  });

  it('a deleted subnet, storage account, network and resource group each fail their check (404)', async () => {
    await control('/_lab/subnets', { resourceGroup: 'RAM-Network-RG', virtualNetwork: 'ram-dr-vnet', subnet: 'default', deleted: true });
    assert.equal(await check('subnet'), 'failed');
    const t = vms.find((v) => v.key === web)?.protection?.target;
    assert.ok(t?.logStorageAccountId);
    await control('/_lab/resources/delete', { id: t.logStorageAccountId });
    assert.equal(await check('storageAccount'), 'failed');
    await control('/_lab/resources/delete', { id: `${sub(s)}/resourceGroups/RAM-Network-RG/providers/Microsoft.Network/virtualNetworks/ram-dr-vnet` });
    assert.equal(await check('network'), 'failed');
    assert.equal(await check('resourceGroup'), 'passed');
    await control('/_lab/resources/delete', { id: `${sub(s)}/resourceGroups/RAM-Recovery-RG` });
    assert.equal(await check('resourceGroup'), 'failed');
  });
});

describe('readiness checks at 5,000 VMs (scale)', () => {
  it('a run over every protected VM costs a handful of requests, each distinct thing read once', async function () {
    this.timeout(180000);
    const s = await openServices({ scenario: 'scale', speed: 10 });
    try {
      const vms = await protectedVms(s);
      assert.ok(vms.length > 4000, `${vms.length} protected VMs`);
      s.lab.log.reset();
      const results = await run(s, vms);
      assert.ok(results.size > 4000);
      const counters = s.lab.log.counters();
      delete counters.identity;
      const total = Object.values(counters).reduce((a, b) => a + b, 0);
      // One resource group, one network, one subnet, one log storage account, the SKUs and the usages.
      assert.equal(total, 6, `${total} requests: ${JSON.stringify(counters)}`);
      assert.equal(counters['resourceSkus.list'], 1);
      assert.equal(counters['usage.list'], 1);
      assert.equal(counters['subnets.get'], 1);
    } finally {
      await s.lab.stop();
    }
  });
});
