import assert from 'node:assert/strict';
import { EstateStore, type EstateChange } from '../../../src/estate/store';
import type { ScriptRunner } from '../../../src/services/hyperv/powershellRunner';
import type { HyperVScript } from '../../../src/services/hyperv/scripts';
import { hostProbeData, inventoryVmData } from './hostProbeData';

/** A fake runner that answers like one local Hyper-V host with two VMs (one collaborator faked): Get-HostProbe's data. */
function fakeRunner(counter: { calls: number }, vmName = 'vm1'): ScriptRunner {
  return {
    run(script: HyperVScript): Promise<unknown> {
      counter.calls++;
      assert.equal(script.name, 'Get-HostProbe');
      const vms = [inventoryVmData(vmName, '11111111-1111-4111-8111-111111111111'), inventoryVmData('vm2', '22222222-2222-4222-8222-222222222222')];
      return Promise.resolve(hostProbeData('HV1', vms));
    },
  };
}

describe('estate store', () => {
  const options = () => ({ includeLocal: true, settingHosts: [], useActiveDirectory: false });

  it('refreshes, tells listeners everything changed the first time and only what changed after', async () => {
    const counter = { calls: 0 };
    let name = 'vm1';
    const store = new EstateStore(() => Promise.resolve({ runner: fakeRunner(counter, name) }), options);
    const changes: EstateChange[] = [];
    store.onDidChange((c) => changes.push(c));
    await store.refresh();
    assert.deepEqual(changes, [{}]);
    assert.deepEqual(
      store.snapshot?.hosts.map((h) => h.vms.map((v) => v.name)),
      [['vm1', 'vm2']],
    );
    name = 'vm1-renamed';
    await store.refresh();
    assert.deepEqual(changes[1].vmKeys, ['11111111-1111-4111-8111-111111111111']);
  });

  it('calls made during a refresh share one follow-up run that sees what changed before them', async () => {
    const counter = { calls: 0 };
    let name = 'vm1';
    const store = new EstateStore(() => Promise.resolve({ runner: fakeRunner(counter, name) }), options);
    const first = store.refresh();
    name = 'changed';
    await Promise.all([first, store.refresh(), store.refresh()]);
    assert.equal(counter.calls, 2, 'two runs of the host probe, not three');
    assert.equal(store.snapshot?.hosts[0].vms[0].name, 'changed');
  });

  it('a cancelled refresh stops the PowerShell call in flight, skips the follow-up and keeps the snapshot (issue 12 §8)', async () => {
    const counter = { calls: 0 };
    let hang = false;
    const answers = fakeRunner(counter);
    const runner: ScriptRunner = {
      run(script, input, options) {
        if (!hang) return answers.run(script, input, options);
        counter.calls++;
        // The real runner discards the shell and rejects with Cancelled when the signal aborts.
        return new Promise((_resolve, reject) => options?.signal?.addEventListener('abort', () => reject(new Error('Cancelled')), { once: true }));
      },
    };
    const store = new EstateStore(() => Promise.resolve({ runner }), options);
    await store.refresh();
    const before = store.snapshot;
    hang = true;
    counter.calls = 0;
    const control = new AbortController();
    const running = store.refresh(control.signal);
    const followUp = store.refresh(control.signal);
    await new Promise((r) => setTimeout(r, 10));
    control.abort();
    await assert.rejects(running);
    await assert.rejects(followUp);
    assert.equal(store.snapshot, before);
    assert.equal(counter.calls, 1, 'the follow-up did not run');
    hang = false;
    await store.refresh();
    assert.notEqual(store.snapshot, before, 'the next refresh runs');
  });

  it('keeps a transient state by item id until its job ends, and drops it after 5 minutes anyway', () => {
    let now = 0;
    const store = new EstateStore(
      () => Promise.resolve({ runner: fakeRunner({ calls: 0 }) }),
      options,
      undefined,
      () => now,
    );
    const changes: EstateChange[] = [];
    store.onDidChange((c) => changes.push(c));
    store.setTransient('vm-a', 'Starting test failover…', 'job-1');
    assert.equal(store.transientOf('vm-a')?.text, 'Starting test failover…');
    assert.deepEqual(changes, [{ vmKeys: ['vm-a'] }]);
    assert.deepEqual(store.jobEnded('JOB-1'), ['vm-a']);
    assert.equal(store.transientOf('vm-a'), undefined);
    store.setTransient('vm-b', 'Starting planned failover…');
    now = 5 * 60_000 + 1;
    assert.equal(store.transientOf('vm-b'), undefined);
  });

  it('reports each warning once', async () => {
    const warnings: string[] = [];
    const broken: ScriptRunner = { run: () => Promise.reject(new Error('no Hyper-V here')) };
    const store = new EstateStore(
      () => Promise.resolve({ runner: broken }),
      options,
      (w) => warnings.push(w),
    );
    await store.refresh();
    await store.refresh();
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /no Hyper-V here/);
  });
});

describe('estate store: forgetting the vault (signed out, another vault)', () => {
  const options = () => ({ includeLocal: true, settingHosts: [], useActiveDirectory: false });

  it('keeps the hosts and their VMs from the last probe, drops the transient states, tells the views at once', async () => {
    const counter = { calls: 0 };
    const store = new EstateStore(() => Promise.resolve({ runner: fakeRunner(counter) }), options);
    await store.refresh();
    const vmKey = store.snapshot!.hosts[0].vms[0].key;
    store.setTransient(vmKey, 'Starting test failover…', 'job-1');
    const changes: EstateChange[] = [];
    store.onDidChange((c) => changes.push(c));
    const calls = counter.calls;

    store.forgetVault();

    assert.deepEqual(changes, [{}], 'one change, everything may have changed');
    assert.equal(counter.calls, calls, 'no probe: the hosts are known already');
    assert.deepEqual(
      store.snapshot?.hosts.flatMap((h) => h.vms.map((v) => [v.status.kind, v.protectionUnknown])),
      store.snapshot?.hosts.flatMap((h) => h.vms.map(() => ['ProtectionUnknown', 'notConnected'])),
      'no vault: protection unknown, never "Not protected"',
    );
    assert.deepEqual(
      store.snapshot?.hosts.map((h) => [h.name, h.reachable, h.osBuild, h.provider.registered, h.vms.map((v) => [v.name, v.stale, v.protection])]),
      [
        [
          'HV1',
          true,
          17763,
          false,
          [
            ['vm1', false, undefined],
            ['vm2', false, undefined],
          ],
        ],
      ],
    );
    assert.equal(store.transientOf(vmKey), undefined);
  });

  it('a refresh begun before (reading the old vault) is not shown; one asked for after is', async () => {
    const counter = { calls: 0 };
    let name = 'old';
    let release: () => void = () => undefined;
    let held = false;
    const store = new EstateStore(async () => {
      const runner = fakeRunner(counter, name);
      if (held) await new Promise<void>((resolve) => (release = resolve));
      return { runner };
    }, options);
    await store.refresh();
    held = true;
    name = 'from-the-old-vault';
    const before = store.refresh();
    await new Promise((resolve) => setImmediate(resolve));
    held = false;
    store.forgetVault();
    name = 'after';
    const after = store.refresh();
    release();
    await before;
    assert.notEqual(store.snapshot?.hosts[0].vms[0].name, 'from-the-old-vault');
    await after;
    assert.equal(store.snapshot?.hosts[0].vms[0].name, 'after');
  });

  it('with nothing read yet, tells nobody', () => {
    const store = new EstateStore(() => Promise.resolve({ runner: fakeRunner({ calls: 0 }) }), options);
    const changes: EstateChange[] = [];
    store.onDidChange((c) => changes.push(c));
    store.forgetVault();
    assert.equal(store.snapshot, undefined);
    assert.deepEqual(changes, []);
  });
});
