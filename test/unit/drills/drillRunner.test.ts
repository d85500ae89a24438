import assert from 'node:assert/strict';
import type { DrillRecord } from '../../../src/model/drillRecord';
import { checkDrillable, DrillRunner, newDrillId, newDrillRecord, type DrillCandidate, type DrillRunnerOptions, type DrillStore } from '../../../src/drills/drillRunner';
import { drillRecordFromJson, drillRecordToJson } from '../../../src/drills/drillRecordJson';
import { FakeClock, FakeDrillAzure, itemId, vaultId } from './fakeDrillAzure';

const network = '/subscriptions/s1/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/isolated';
const candidate = (name: string): DrillCandidate => ({ vmKey: name.toLowerCase(), name, host: 'hv01', itemId: itemId(name) });

/** A store that keeps the JSON, as global state does. */
class MemoryStore implements DrillStore {
  kept: unknown;
  saves = 0;
  save(record: DrillRecord): Promise<void> {
    this.kept = drillRecordToJson(record);
    this.saves += 1;
    return Promise.resolve();
  }
  clear(): Promise<void> {
    this.kept = undefined;
    return Promise.resolve();
  }
}

function setup(names: string[], concurrency = 4): { azure: FakeDrillAzure; clock: FakeClock; store: MemoryStore; options: DrillRunnerOptions; record: DrillRecord } {
  const clock = new FakeClock();
  const azure = new FakeDrillAzure(clock, names);
  const store = new MemoryStore();
  const options: DrillRunnerOptions = { services: azure, clock, store, concurrency, jobPollMs: 0, powerPollMs: 15_000, runningTimeoutMs: 30 * 60_000 };
  const record = newDrillRecord(
    { vaultId, testNetworkId: network, productionNetworkConfirmed: false, rpoTargetSeconds: 900, rtoTargetSeconds: 7200, vms: names.map(candidate) },
    clock.now(),
    'drill-1',
  );
  return { azure, clock, store, options, record };
}

describe('drills/drillRunner: Run DR Drill without vscode', () => {
  it('drills each VM: test failover to the latest point in the test network, RTO and RPO, cleanup with a note naming the drill', async () => {
    const { azure, store, options, record } = setup(['vm1', 'vm2'], 1);
    const done = await new DrillRunner(record, options).run();
    assert.equal(done, true);
    assert.ok(record.endedAt);
    assert.equal(store.kept, undefined, 'the in-flight state is cleared at the end');
    assert.ok(store.saves > 4, 'the record is kept at each step');
    for (const vm of record.vms) {
      assert.equal(vm.state, 'passed', vm.name);
      assert.equal(vm.rpoSeconds, 42);
      assert.equal(vm.recoveryPoint?.id, 'point-1');
      // Two starting reads, 15 s apart, then running: 30 s after the start on the fake clock (one at a time, so the other's waits do not count).
      assert.equal(vm.rtoSeconds, 30);
      assert.equal(vm.testVm?.name, `${vm.name}-test`);
      assert.equal(vm.cleanedUp, true);
      assert.match(vm.testFailoverJobId ?? '', /replicationJobs\/job-\d+$/);
      assert.match(vm.cleanupJobId ?? '', /replicationJobs\/job-\d+$/);
      assert.deepEqual(vm.errors, []);
    }
    assert.deepEqual(
      azure.started.filter((s) => s.kind === 'TestFailover').map((s) => s.networkId),
      [network, network],
    );
    const comments = azure.started.filter((s) => s.kind === 'TestFailoverCleanup').map((s) => s.comment);
    assert.deepEqual(comments, ['DR drill drill-1: passed, RTO 30 s, RPO 42 s', 'DR drill drill-1: passed, RTO 30 s, RPO 42 s']);
  });

  it('runs at most `concurrency` test failovers at once', async () => {
    const { azure, options, record } = setup(['a', 'b', 'c', 'd', 'e'], 2);
    await new DrillRunner(record, options).run();
    assert.equal(azure.maxRunning, 2);
    assert.ok(record.vms.every((v) => v.state === 'passed'));
  });

  it('skips the VMs that cannot be drilled, saying why', async () => {
    const { azure } = setup(['ok', 'busy', 'sick', 'gone', 'refused']);
    azure.item('busy').testFailoverState = 'WaitingForCompletion';
    azure.item('busy').allowedOperations = ['TestFailoverCleanup'];
    azure.item('sick').replicationHealth = 'Critical';
    azure.item('refused').allowedOperations = ['DisableProtection'];
    azure.items.delete('gone');
    const { drillable, skipped } = await checkDrillable(azure, ['ok', 'busy', 'sick', 'gone', 'refused'].map(candidate));
    assert.deepEqual(
      drillable.map((d) => d.name),
      ['ok'],
    );
    const why = Object.fromEntries(skipped.map((s) => [s.candidate.name, s.reason]));
    assert.match(why.busy ?? '', /already running or waits for cleanup/);
    assert.match(why.sick ?? '', /Critical/);
    assert.match(why.gone ?? '', /cannot be read: no item gone/);
    assert.match(why.refused ?? '', /does not allow a test failover/);
  });

  it('a failed test failover is recorded with ASR recommended action and never stops the others', async () => {
    const { azure, options, record } = setup(['bad', 'good'], 1);
    azure.failing.set('bad', { message: 'The VM could not boot.', recommendedAction: ' Check the VM size. ' });
    await new DrillRunner(record, options).run();
    const [bad, good] = record.vms;
    assert.equal(bad?.state, 'failed');
    assert.deepEqual(bad?.errors, [{ message: 'The VM could not boot.', recommendedAction: 'Check the VM size.' }]);
    assert.equal(bad?.cleanupJobId, undefined, 'nothing to clean up: ASR does not allow it after a failed test failover');
    assert.equal(good?.state, 'passed');
  });

  it('a test VM that never runs fails the VM after the wait, and is still cleaned up', async () => {
    const { azure, options, record } = setup(['slow']);
    azure.bootReads = 1000;
    await new DrillRunner(record, { ...options, runningTimeoutMs: 60_000 }).run();
    const [vm] = record.vms;
    assert.equal(vm?.state, 'failed');
    assert.match(vm?.errors[0]?.message ?? '', /not running 1 minutes after .*PowerState\/starting/);
    assert.equal(vm?.cleanedUp, true);
    assert.match(azure.started.find((s) => s.kind === 'TestFailoverCleanup')?.comment ?? '', /^DR drill drill-1: failed, RPO 42 s$/);
  });

  it('cancel: no new test failover starts, and every one it started is cleaned up after its job ends', async () => {
    const { azure, options, record } = setup(['first', 'second', 'third'], 1);
    azure.bootReads = 1000;
    const runner = new DrillRunner(record, {
      ...options,
      onChange: (r) => {
        if (r.vms[0]?.testFailoverJobId) runner.cancel();
      },
    });
    assert.equal(await runner.run(), true);
    assert.equal(record.cancelled, true);
    assert.deepEqual(
      record.vms.map((v) => v.state),
      ['cancelled', 'cancelled', 'cancelled'],
    );
    assert.deepEqual(
      azure.started.map((s) => `${s.kind} ${s.item}`),
      ['TestFailover first', 'TestFailoverCleanup first'],
    );
    const tfo = azure.jobs.get('job-1');
    assert.ok(tfo && tfo.reads >= azure.tfoReads, 'the cleanup waited for the test failover job to end');
    assert.equal(record.vms[0]?.cleanedUp, true);
    assert.match(azure.started[1]?.comment ?? '', /^DR drill drill-1: cancelled, RPO 42 s$/);
  });

  it('resumes after a reload from the kept record, without starting anything twice', async () => {
    const { azure, store, options, record } = setup(['vm1', 'vm2', 'vm3'], 2);
    const first = new DrillRunner(record, {
      ...options,
      onChange: (r) => {
        if (r.vms.some((v) => v.cleanupJobId !== undefined)) first.stop();
      },
    });
    assert.equal(await first.run(), false, 'stopped mid-way');
    const kept = drillRecordFromJson(store.kept);
    assert.ok(kept, 'the record was kept');
    assert.ok(kept.vms.some((v) => v.state === 'running'));
    const second = new DrillRunner(kept, options);
    assert.equal(await second.run(), true);
    assert.deepEqual(
      kept.vms.map((v) => v.state),
      ['passed', 'passed', 'passed'],
    );
    for (const name of ['vm1', 'vm2', 'vm3']) {
      assert.equal(azure.started.filter((s) => s.item === name && s.kind === 'TestFailover').length, 1, `${name}: one test failover`);
      assert.equal(azure.started.filter((s) => s.item === name && s.kind === 'TestFailoverCleanup').length, 1, `${name}: one cleanup`);
    }
    assert.equal(store.kept, undefined);
  });

  it('resumes a start asked before the reload by adopting the test failover ASR runs', async () => {
    const { azure, options, record } = setup(['vm1']);
    const vm = record.vms[0];
    assert.ok(vm);
    // The runner kept startedAt, sent the request, and the window closed before the job id was kept.
    vm.startedAt = options.clock.now();
    await azure.startTestFailover(await azure.getItem(vm.itemId), network);
    await new DrillRunner(record, options).run();
    assert.equal(vm.state, 'passed');
    assert.equal(azure.started.filter((s) => s.kind === 'TestFailover').length, 1);
    assert.equal(vm.testFailoverJobId, `${vaultId}/replicationJobs/job-1`);
  });

  it('a cancelled drill resumed after a reload starts nothing new and cleans up', async () => {
    const { azure, store, options, record } = setup(['vm1', 'vm2'], 1);
    azure.bootReads = 1000;
    const first = new DrillRunner(record, {
      ...options,
      onChange: (r) => {
        if (r.vms[0]?.testFailoverJobId && !r.cancelled) {
          first.cancel();
          first.stop();
        }
      },
    });
    await first.run();
    const kept = drillRecordFromJson(store.kept);
    assert.equal(kept?.cancelled, true);
    assert.ok(kept);
    await new DrillRunner(kept, options).run();
    assert.deepEqual(
      kept.vms.map((v) => v.state),
      ['cancelled', 'cancelled'],
    );
    assert.deepEqual(
      azure.started.map((s) => `${s.kind} ${s.item}`),
      ['TestFailover vm1', 'TestFailoverCleanup vm1'],
    );
  });
});

describe('drills/drillRecordJson and ids', () => {
  it('round-trips a record through JSON, dates included, and refuses a damaged one', () => {
    const record = newDrillRecord(
      {
        vaultId,
        testNetworkId: network,
        productionNetworkConfirmed: true,
        rpoTargetSeconds: 900,
        rtoTargetSeconds: 7200,
        vms: [candidate('vm1')],
        readiness: { vm1: [{ id: 'rpo', outcome: 'passed', summary: 'RPO 1 min', evidence: 'item' }] },
      },
      new Date('2026-12-05T09:00:00Z'),
      'd1',
    );
    const vm = record.vms[0];
    assert.ok(vm);
    Object.assign(vm, {
      state: 'running',
      startedAt: new Date('2026-12-05T09:00:01Z'),
      recoveryPoint: { id: 'p', time: new Date('2026-12-05T08:59:00Z') },
      errors: [{ message: 'm', recommendedAction: 'a' }],
      cleanedUp: false,
    });
    assert.deepEqual(drillRecordFromJson(JSON.parse(JSON.stringify(drillRecordToJson(record)))), record);
    assert.equal(drillRecordFromJson({ id: 'x' }), undefined);
    assert.equal(drillRecordFromJson('nonsense'), undefined);
    const json = drillRecordToJson(record) as { drill: object };
    assert.equal(drillRecordFromJson({ ...json, drill: { ...json.drill, vms: [{ name: 'no key' }] } }), undefined);
  });

  it('ids are time-ordered and safe as file names', () => {
    assert.equal(
      newDrillId(new Date('2026-12-05T09:15:00.123Z'), () => 0.5),
      '20261205T091500Z-8000',
    );
  });
});
