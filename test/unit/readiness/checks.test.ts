import assert from 'node:assert/strict';
import type { EstateVm } from '../../../src/estate/types';
import type { TargetFacts } from '../../../src/estate/targetFacts';
import { readinessCheckIds, readinessIssueCount, type ReadinessCheck, type ReadinessCheckId } from '../../../src/model/readiness';
import { checkVm, isCheckable } from '../../../src/readiness/checks';
import { ipKey, resourceKey, subnetId, type Existence, type ReadinessReadResults, type SkuInfo, type UsageInfo } from '../../../src/readiness/readResults';

const now = new Date('2026-12-05T10:00:00Z');
const day = 24 * 3600_000;
const rg = '/subscriptions/s/resourceGroups/dr-rg';
const net = '/subscriptions/s/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks/dr-vnet';
const sa = '/subscriptions/s/resourceGroups/dr-rg/providers/Microsoft.Storage/storageAccounts/drsa';
const target: TargetFacts = {
  resourceGroupId: rg,
  networkId: net,
  storageAccountId: sa,
  managedDisks: false,
  size: 'Standard_D2s_v3',
  nics: [{ networkId: net, ipConfigs: [{ subnet: 'servers', staticIp: '10.0.1.10' }] }],
};

type Vm = Pick<EstateVm, 'key' | 'status' | 'recovery' | 'protection'>;
function vm(over: Partial<Vm> = {}, t: TargetFacts = target): Vm {
  return {
    key: 'vm1',
    status: { kind: 'Protected', health: 'Normal', summary: 'Protected', healthErrors: [], activeLocation: 'Primary' },
    recovery: { readAt: now, lastRecoveryPoint: new Date(now.getTime() - 120_000), rpoSeconds: 120 },
    protection: { itemId: 'i', lastTestFailover: new Date(now.getTime() - 10 * day), target: t },
    ...over,
  };
}

const d2: SkuInfo = { name: 'Standard_D2s_v3', family: 'standardDSv3Family', vCpus: 2 };
function reads(over: Partial<ReadinessReadResults> = {}, missing: string[] = []): ReadinessReadResults {
  const resources = new Map<string, Existence>();
  for (const id of [rg, net, sa, subnetId(net, 'servers')]) resources.set(resourceKey(id), missing.includes(id) ? { kind: 'missing' } : { kind: 'exists' });
  const usages = new Map<string, UsageInfo>([
    ['cores', { name: 'cores', localizedName: 'Total Regional vCPUs', current: 0, limit: 20 }],
    ['standarddsv3family', { name: 'standardDSv3Family', localizedName: 'Standard DSv3 Family vCPUs', current: 0, limit: 10 }],
  ]);
  return {
    location: 'westeurope',
    resources,
    skus: new Map([['standard_d2s_v3', d2]]),
    usages,
    ips: new Map([[ipKey(net, '10.0.1.10'), { available: true, platformReserved: false, others: [] }]]),
    ...over,
  };
}

const options = { now, rpoTargetSeconds: 900, drillIntervalDays: 90 };
function check(v: Vm, r: ReadinessReadResults, id: ReadinessCheckId): ReadinessCheck {
  const c = checkVm(v, r, options).checks.find((x) => x.id === id);
  assert.ok(c, id);
  return c;
}

describe('readiness checks', () => {
  it('a healthy VM on an intact target passes every check, in order, each naming its evidence', () => {
    const result = checkVm(vm(), reads(), options);
    assert.deepEqual(
      result.checks.map((c) => c.id),
      [...readinessCheckIds],
    );
    for (const c of result.checks) {
      assert.equal(c.outcome, 'passed', `${c.id}: ${c.summary}`);
      assert.ok(c.evidence.length > 0);
      assert.equal(c.action, undefined);
    }
    assert.equal(readinessIssueCount(result), 0);
  });

  it('replication health: Warning fails with the errors and ASR’s recommended action, lines joined', () => {
    const status = {
      kind: 'Protected' as const,
      health: 'Critical' as const,
      summary: 'x',
      activeLocation: 'Primary' as const,
      healthErrors: [{ errorCode: '78052', errorMessage: 'Replication is paused', recommendedAction: '\n  1. Check port 443.\n  2. Resume-VMReplication.\n' }],
    };
    const c = check(vm({ status }), reads(), 'replicationHealth');
    assert.equal(c.outcome, 'failed');
    assert.match(c.evidence, /78052: Replication is paused/);
    assert.equal(c.action, '1. Check port 443. 2. Resume-VMReplication.');
  });

  it('RPO: above target fails, below passes, none (initial replication) is unknown', () => {
    assert.equal(check(vm({ recovery: { readAt: now, lastRecoveryPoint: new Date(now.getTime() - 3600_000), rpoSeconds: 3600 } }), reads(), 'rpo').outcome, 'failed');
    const noRecovery: Vm = vm();
    delete noRecovery.recovery;
    assert.equal(check(noRecovery, reads(), 'rpo').outcome, 'unknown');
  });

  it('existence: 404 fails naming the resource; another error is unknown; nothing named is unknown', () => {
    const gone = check(vm(), reads({}, [subnetId(net, 'servers')]), 'subnet');
    assert.equal(gone.outcome, 'failed');
    assert.match(gone.summary, /servers/);
    assert.ok(gone.action);
    assert.equal(check(vm(), reads({}, [rg]), 'resourceGroup').outcome, 'failed');
    assert.equal(check(vm(), reads({}, [net]), 'network').outcome, 'failed');
    assert.equal(check(vm(), reads({}, [sa]), 'storageAccount').outcome, 'failed');
    const r = reads();
    (r.resources as Map<string, Existence>).set(resourceKey(rg), { kind: 'error', message: 'AuthorizationFailed' });
    const denied = check(vm(), r, 'resourceGroup');
    assert.equal(denied.outcome, 'unknown');
    assert.match(denied.evidence, /AuthorizationFailed/);
    assert.equal(check(vm({}, { size: 'Standard_D2s_v3' }), reads(), 'resourceGroup').outcome, 'unknown');
  });

  it('storage: managed disks with no account pass; with a log account it must exist', () => {
    assert.equal(check(vm({}, { resourceGroupId: rg, managedDisks: true }), reads(), 'storageAccount').outcome, 'passed');
    const logged = { ...target, managedDisks: true, logStorageAccountId: `${sa}2` };
    assert.equal(check(vm({}, logged), reads(), 'storageAccount').outcome, 'unknown'); // not read: never passed
  });

  it('size: not listed or Location-restricted fails; SKUs unreadable is unknown', () => {
    assert.equal(check(vm({}, { ...target, size: 'Standard_X99' }), reads(), 'vmSize').outcome, 'failed');
    const restricted = check(vm(), reads({ skus: new Map([['standard_d2s_v3', { ...d2, restriction: 'NotAvailableForSubscription' }]]) }), 'vmSize');
    assert.equal(restricted.outcome, 'failed');
    assert.match(restricted.evidence, /NotAvailableForSubscription/);
    assert.equal(check(vm(), reads({ skus: { error: 'throttled' } }), 'vmSize').outcome, 'unknown');
  });

  it('vCPU quota: the family and the regional total must both have room', () => {
    const full = (name: string, current: number, limit: number): UsageInfo => ({ name, current, limit });
    const familyFull = reads({
      usages: new Map([
        ['cores', full('cores', 0, 20)],
        ['standarddsv3family', full('standardDSv3Family', 9, 10)],
      ]),
    });
    const c = check(vm(), familyFull, 'vcpuQuota');
    assert.equal(c.outcome, 'failed');
    assert.match(c.evidence, /standardDSv3Family 9 of 10/);
    const quota = (cores: number, family: number): ReadinessCheck =>
      check(
        vm(),
        reads({
          usages: new Map([
            ['cores', full('cores', cores, 20)],
            ['standarddsv3family', full('standardDSv3Family', family, 10)],
          ]),
        }),
        'vcpuQuota',
      );
    assert.equal(quota(19, 0).outcome, 'failed');
    assert.equal(quota(18, 8).outcome, 'passed');
    assert.equal(check(vm(), reads({ usages: new Map([['cores', full('cores', 0, 20)]]) }), 'vcpuQuota').outcome, 'unknown');
  });

  it('static IP: taken fails with free suggestions; taken with a replica NIC is unknown; none set passes', () => {
    const taken = reads({ ips: new Map([[ipKey(net, '10.0.1.10'), { available: false, platformReserved: false, others: ['10.0.1.11'] }]]) });
    const c = check(vm(), taken, 'staticIp');
    assert.equal(c.outcome, 'failed');
    assert.match(c.action ?? '', /10\.0\.1\.11/);
    const own = { ...target, nics: [{ networkId: net, replicaNicId: 'nic', ipConfigs: [{ subnet: 'servers', staticIp: '10.0.1.10' }] }] };
    assert.equal(check(vm({}, own), taken, 'staticIp').outcome, 'unknown');
    assert.equal(check(vm({}, { ...target, nics: [{ networkId: net, ipConfigs: [{ subnet: 'servers' }] }] }), reads(), 'staticIp').outcome, 'passed');
  });

  it('drill: never or older than the interval fails; within passes', () => {
    assert.equal(check(vm({ protection: { target } }), reads(), 'drill').outcome, 'failed');
    assert.equal(check(vm({ protection: { target, lastTestFailover: new Date(now.getTime() - 91 * day) } }), reads(), 'drill').outcome, 'failed');
  });

  it('only protected VMs on their primary side with a readable item are checked', () => {
    const base = { ...vm(), unsupported: undefined };
    assert.equal(isCheckable(base), true);
    assert.equal(isCheckable({ ...base, status: { ...base.status, activeLocation: 'Recovery' } }), false);
    assert.equal(isCheckable({ ...base, protection: undefined }), false);
    assert.equal(isCheckable({ ...base, unreadable: 'x' }), false);
  });
});
