/**
 * The protection poller against the lab with more changing VMs than it reads one by one
 * (REREAD_ONE_BY_ONE_MAX, 20): never more than 20 GETs a round, and every changing VM read within
 * ceil(n / 20) rounds. The poller's timers are driven by hand (each round fires the timer it set);
 * the reads are real requests to the lab, counted in its request log.
 */
import assert from 'node:assert/strict';
import { allVms } from '../../src/estate';
import { ProtectionPoller } from '../../src/estate/poller';
import { EstateStore, REREAD_ONE_BY_ONE_MAX } from '../../src/estate/store';
import { testFailover } from '../../src/services/azure/failover';
import { listProtectedItems } from '../../src/services/azure/protection';
import { HyperVError } from '../../src/services/hyperv/errors';
import type { ScriptRunner } from '../../src/services/hyperv/powershellRunner';
import { loadScenario } from '../../lab/scenario';
import { key } from '../../lab/state';
import { openServices, type ServicesSession } from './servicesSupport';

const BUSY_MS = 10_000;
const REPLICATING_MS = 120_000;

/** No host answers: the VMs come from ASR's lists. */
const unreachable: ScriptRunner = { run: () => Promise.reject(new HyperVError('HostUnreachable', 'No host in this test.')) };

/** A store on the lab's vault and a poller whose timer fires only when round() says so. */
function pollerRig(s: ServicesSession): { store: EstateStore; poller: ProtectionPoller; pending: () => number | undefined; round: () => Promise<string[]> } {
  const vctx = s.vctx();
  const store = new EstateStore(
    () => Promise.resolve({ runner: unreachable, vctx }),
    () => ({ includeLocal: false, settingHosts: [], useActiveDirectory: false }),
  );
  let now = Date.now();
  let timer: { fn: () => void; ms: number } | undefined;
  let lastRead: Promise<unknown> = Promise.resolve();
  const track = <T>(read: Promise<T>): Promise<T> => ((lastRead = read), read);
  const poller = new ProtectionPoller({
    busyIntervalMs: BUSY_MS,
    replicatingIntervalMs: REPLICATING_MS,
    fullIntervalMs: 0,
    changing: () => store.changingCounts(),
    reread: (withReplicating) => track(store.refreshChanging(vctx, withReplicating)),
    refreshAll: () => track(store.refreshProtection(vctx)),
    now: () => now,
    setTimer: (fn, ms) => (timer = { fn, ms }),
    clearTimer: (handle) => {
      if (handle === timer) timer = undefined;
    },
  });
  return {
    store,
    poller,
    pending: () => timer?.ms,
    /** Fires the timer set (its interval passes) and waits for the round's reads; the operations the lab logged. */
    round: async () => {
      const t = timer;
      assert.ok(t, 'a round is scheduled');
      timer = undefined;
      now += t.ms;
      s.lab.log.reset();
      t.fn();
      await lastRead;
      await new Promise((resolve) => setImmediate(resolve));
      return s.lab.log.entries.map((e) => e.operation);
    },
  };
}

/** The protected items the lab's log shows GET one by one in the last round. */
function itemsRead(s: ServicesSession): string[] {
  return s.lab.log.entries.filter((e) => e.operation === 'replicationProtectedItems.get').map((e) => e.path.split('/').pop()!.toLowerCase());
}

describe(`the protection poller with more than ${REREAD_ONE_BY_ONE_MAX} changing VMs (lab)`, function () {
  this.timeout(120000);
  let s: ServicesSession | undefined;

  afterEach(async () => {
    await s?.lab.stop();
    s = undefined;
  });

  it(`25 VMs with a test failover running: each round at the busy interval reads them all with the paged list (no GET), until their jobs end`, async () => {
    const scale = loadScenario('scale');
    s = await openServices({ speed: 1, scenario: { ...scale, generate: { ...scale.generate!, hosts: 2, protectedShare: 0.9, replicatingShare: 0 } } });
    const vctx = s.vctx();
    const items = (await listProtectedItems(vctx)).filter((i) => i.properties?.allowedOperations?.includes('TestFailover')).slice(0, 25);
    assert.equal(items.length, 25);
    const jobs = await Promise.all(items.map((i) => testFailover(vctx, i)));
    const { store, poller, pending, round } = pollerRig(s);
    try {
      await store.refresh();
      assert.deepEqual(store.changingCounts(), { busy: 25, replicating: 0 });
      poller.poke();
      assert.equal(pending(), BUSY_MS);

      const first = await round();
      assert.ok(itemsRead(s).length <= REREAD_ONE_BY_ONE_MAX, first.join(', '));
      assert.ok(first.includes('replicationProtectedItems.list'), `every item in the paged list: ${first.join(', ')}`);
      assert.deepEqual(store.changingCounts(), { busy: 25, replicating: 0 }, 'still running');
      assert.equal(pending(), BUSY_MS, 'the next round at the busy interval');

      // The jobs end (the lab's clock passes their end): one round reads every VM's new state.
      const vault = s.lab.state.vaults.get(key(s.lab.resourceGroup, s.lab.vault))!;
      for (const { jobName } of jobs) vault.jobs.get(jobName.toLowerCase())!.endsAt = Date.now() - 1;
      const second = await round();
      assert.ok(itemsRead(s).length <= REREAD_ONE_BY_ONE_MAX, second.join(', '));
      assert.deepEqual(store.changingCounts(), { busy: 0, replicating: 0 }, `every VM read in ${Math.ceil(25 / REREAD_ONE_BY_ONE_MAX)} rounds or fewer`);
      const kinds = new Set(
        allVms(store.snapshot!)
          .filter((vm) => items.some((i) => i.id?.toLowerCase() === vm.protection?.itemId?.toLowerCase()))
          .map((vm) => vm.status.kind),
      );
      assert.deepEqual([...kinds], ['TestFailoverCleanupPending']);
      assert.equal(pending(), undefined, 'nothing changes: no round scheduled');
    } finally {
      poller.dispose();
    }
  });

  it(`more than ${REREAD_ONE_BY_ONE_MAX} VMs in initial replication: at most ${REREAD_ONE_BY_ONE_MAX} GETs a round, every one read within ceil(n / ${REREAD_ONE_BY_ONE_MAX}) rounds`, async () => {
    const scale = loadScenario('scale');
    s = await openServices({ speed: 1, scenario: { ...scale, generate: { ...scale.generate!, hosts: 2, protectedShare: 0.1, replicatingShare: 0.85 } } });
    const { store, poller, pending, round } = pollerRig(s);
    try {
      await store.refresh();
      const replicating = store.changingVms().replicating.map((vm) => vm.protection!.itemId!.split('/').pop()!.toLowerCase());
      const n = replicating.length;
      assert.ok(n > REREAD_ONE_BY_ONE_MAX, `${n} replicating`);
      poller.poke();
      const read = new Set<string>();
      const rounds = Math.ceil(n / REREAD_ONE_BY_ONE_MAX);
      for (let r = 1; r <= rounds; r++) {
        assert.equal(pending(), REPLICATING_MS, `round ${r} at the replicating interval`);
        const operations = await round();
        assert.ok(operations.length <= REREAD_ONE_BY_ONE_MAX, `round ${r}: ${operations.length} requests`);
        assert.deepEqual([...new Set(operations)], ['replicationProtectedItems.get'], `round ${r}: GETs only`);
        for (const name of itemsRead(s)) read.add(name);
      }
      assert.deepEqual(
        replicating.filter((name) => !read.has(name)),
        [],
        `all ${n} read in ${rounds} rounds`,
      );
    } finally {
      poller.dispose();
    }
  });
});
