/**
 * Run DR Drill against the lab through the real SDK clients (issue 15 §3): the runner's services
 * over @azure/arm-recoveryservices-siterecovery and @azure/arm-compute, the real clock.
 * - which VMs can be drilled (the essentials scenario: ramh157v01 Protected and healthy, ramh157v05
 *   Critical, ramh157v02 still in initial replication);
 * - a drill: the test failover, the test VM read running from Compute, RTO and RPO from the TFO
 *   job's recovery point, the cleanup with a note naming the drill, the test VM gone (404);
 * - a runner stopped mid-way (a window reload) and resumed by a new instance from the kept JSON:
 *   one test failover, one cleanup;
 * - cancel: the test failover it started is cleaned up once its job ended.
 */
import assert from 'node:assert/strict';
import type { DrillRecord } from '../../src/model/drillRecord';
import { azureDrillServices, systemDrillClock } from '../../src/drills/drillServices';
import { checkDrillable, DrillRunner, newDrillRecord, type DrillCandidate, type DrillRunnerOptions, type DrillStore } from '../../src/drills/drillRunner';
import { drillRecordFromJson, drillRecordToJson } from '../../src/drills/drillRecordJson';
import { listJobs } from '../../src/services/azure/jobs';
import { computeClient } from '../../src/services/azure/clients';
import { AzureOperationError, callAzure } from '../../src/services/azure/errors';
import { openServices, type ServicesSession } from './servicesSupport';

const container = 'cloud_eecac84c-1761-50ad-9624-a7092c581567';
const v01 = '193ca098-991d-4a6f-be78-da2c6e7bd290'; // ramh157v01, Protected, Normal
const v05 = '3c9a8b7d-6e5f-4a1b-9c2d-8e7f6a5b4c3d'; // ramh157v05, Protected, Critical
const v02 = 'e06c319f-5a90-4907-8606-6c15a92bcf22'; // ramh157v02, initial replication

class MemoryStore implements DrillStore {
  kept: unknown;
  save(record: DrillRecord): Promise<void> {
    this.kept = drillRecordToJson(record);
    return Promise.resolve();
  }
  clear(): Promise<void> {
    this.kept = undefined;
    return Promise.resolve();
  }
}

describe('lab: Run DR Drill through the real SDK clients', function () {
  this.timeout(120000);
  let s: ServicesSession;
  let candidate: (name: string, vmName: string) => DrillCandidate;
  let networkId: string;
  const options = (store: DrillStore, extra: Partial<DrillRunnerOptions> = {}): DrillRunnerOptions => ({
    services: azureDrillServices(s.vctx()),
    clock: systemDrillClock,
    store,
    concurrency: 4,
    jobPollMs: 100,
    powerPollMs: 100,
    runningTimeoutMs: 60_000,
    ...extra,
  });
  const plan = (id: string): DrillRecord =>
    newDrillRecord(
      { vaultId: vaultArmId(), testNetworkId: networkId, productionNetworkConfirmed: false, rpoTargetSeconds: 900, rtoTargetSeconds: 7200, vms: [candidate(v01, 'ramh157v01')] },
      new Date(),
      id,
    );
  const vaultArmId = (): string => `/subscriptions/${s.lab.subscriptionId}/resourceGroups/${s.lab.resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${s.lab.vault}`;
  /** A runner that calls `act` on itself once the VM's test failover job is known (to stop or cancel it there). */
  const runnerActingAtStart = (record: DrillRecord, store: DrillStore, act: (runner: DrillRunner) => void): DrillRunner => {
    const runner = new DrillRunner(
      record,
      options(store, {
        onChange: (r) => {
          if (r.vms[0]?.testFailoverJobId) act(runner);
        },
      }),
    );
    return runner;
  };
  const tfoJobs = async (scenario: string): Promise<number> =>
    (await listJobs(s.vctx())).filter((j) => j.properties?.scenarioName === scenario && j.properties.targetObjectId === v01).length;

  before(async () => {
    s = await openServices({ speed: 100 });
    networkId = `/subscriptions/${s.lab.subscriptionId}/resourceGroups/RAM-Network-RG/providers/Microsoft.Network/virtualNetworks/ram-test-vnet`;
    const fabric = `${vaultArmId()}/replicationFabrics/RAM-Site/replicationProtectionContainers/${container}/replicationProtectedItems`;
    candidate = (name, vmName) => ({ vmKey: name, name: vmName, host: 'RAM-H157', itemId: `${fabric}/${name}` });
  });
  after(async () => s.lab.stop());

  it('checks which VMs can be drilled and says why the others cannot', async () => {
    const { drillable, skipped } = await checkDrillable(azureDrillServices(s.vctx()), [candidate(v01, 'ramh157v01'), candidate(v05, 'ramh157v05'), candidate(v02, 'ramh157v02')]);
    assert.deepEqual(
      drillable.map((d) => d.name),
      ['ramh157v01'],
    );
    const why = Object.fromEntries(skipped.map((x) => [x.candidate.name, x.reason]));
    assert.match(why.ramh157v05 ?? '', /Critical/);
    assert.match(why.ramh157v02 ?? '', /not in a state that allows a test failover/);
  });

  it('drills a VM: its test VM runs in Azure, RTO and RPO are recorded, the cleanup names the drill and deletes the test VM', async () => {
    const store = new MemoryStore();
    const record = plan('lab-drill-1');
    assert.equal(await new DrillRunner(record, options(store)).run(), true);
    const [vm] = record.vms;
    assert.ok(vm);
    assert.deepEqual(vm.errors, []);
    assert.equal(vm.state, 'passed');
    assert.equal(vm.testVm?.name, 'ramh157v01-test');
    assert.ok(vm.startedAt && vm.runningAt && vm.runningAt >= vm.startedAt);
    assert.equal(typeof vm.rtoSeconds, 'number');
    assert.ok(vm.recoveryPoint?.id && vm.recoveryPoint.time instanceof Date, 'the point the TFO job names');
    assert.ok(vm.rpoSeconds !== undefined && vm.rpoSeconds >= 0);
    assert.equal(vm.cleanedUp, true);
    assert.equal(store.kept, undefined);
    const item = await azureDrillServices(s.vctx()).getItem(vm.itemId);
    assert.ok(item.properties?.allowedOperations?.includes('TestFailover'), 'a test failover is allowed again');
    assert.ok(item.properties?.lastSuccessfulTestFailoverTime, 'ASR keeps the last successful test failover');
    await assert.rejects(
      callAzure(() => computeClient(s.vctx()).virtualMachines.instanceView('RAM-Recovery-RG', 'ramh157v01-test')),
      (e: unknown) => e instanceof AzureOperationError && e.statusCode === 404,
    );
  });

  it('resumes after a reload: a runner stopped mid-way, a new one from the kept record; one test failover, one cleanup', async () => {
    const before = { tfo: await tfoJobs('TestFailover'), cleanup: await tfoJobs('TestFailoverCleanup') };
    const store = new MemoryStore();
    const record = plan('lab-drill-2');
    const first = runnerActingAtStart(record, store, (r) => r.stop());
    assert.equal(await first.run(), false);
    const kept = drillRecordFromJson(store.kept);
    assert.ok(kept);
    assert.equal(kept.vms[0]?.state, 'running');
    assert.ok(kept.vms[0]?.testFailoverJobId);
    assert.equal(await new DrillRunner(kept, options(store)).run(), true);
    assert.equal(kept.vms[0]?.state, 'passed');
    assert.equal(kept.vms[0]?.cleanedUp, true);
    assert.equal(await tfoJobs('TestFailover'), before.tfo + 1);
    assert.equal(await tfoJobs('TestFailoverCleanup'), before.cleanup + 1);
  });

  it('cancel: the test failover it started is cleaned up after its job ended', async () => {
    const store = new MemoryStore();
    const record = plan('lab-drill-3');
    const runner = runnerActingAtStart(record, store, (r) => r.cancel());
    assert.equal(await runner.run(), true);
    assert.equal(record.cancelled, true);
    const [vm] = record.vms;
    assert.equal(vm?.state, 'cancelled');
    assert.equal(vm?.cleanedUp, true);
    const item = await azureDrillServices(s.vctx()).getItem(vm.itemId);
    assert.ok(item.properties?.allowedOperations?.includes('TestFailover'));
  });
});
