/**
 * Discovery and the estate snapshot end to end: the essentials estate found from the local
 * machine, the setting, Active Directory and the vault, probed over real node-powershell against
 * the stand-in, merged with ASR read through the real SDKs. A host that stops answering stays,
 * with its reason and its last VMs marked stale.
 */
import assert from 'node:assert/strict';
import { findHost, findVm } from '../../src/estate';
import { refreshEstate } from '../../src/estate/refresh';
import { EstateStore } from '../../src/estate/store';
import { presentVm } from '../../src/tree/presentation';
import { HostCredentialStore } from '../../src/services/hyperv/hostCredentials';
import { PowerShellRunner } from '../../src/services/hyperv/powershellRunner';
import { labControl, openServices, type ServicesSession } from './servicesSupport';
import { MemorySecrets } from '../support/memorySecrets';

describe('estate: discovery, probes and ASR merged', function () {
  this.timeout(120000);
  let s: ServicesSession;
  let runner: PowerShellRunner;
  const secrets = new MemorySecrets();
  const store = new HostCredentialStore(secrets);
  before(async () => {
    s = await openServices({ speed: 50 });
    runner = new PowerShellRunner({ executable: s.lab.pwsh, timeoutMs: 5000 });
  });
  after(async () => {
    await runner.dispose();
    await s.lab.stop();
  });

  it('finds every host once, from all sources; probes them; merges ASR, with one list per kind', async () => {
    s.lab.log.reset();
    const { snapshot, warnings } = await refreshEstate(
      { runner, vctx: s.vctx(), credentialsFor: (h) => store.get(h) },
      { includeLocal: true, settingHosts: ['RAM-H1-2', 'not a host!'], useActiveDirectory: true },
    );
    assert.deepEqual(
      snapshot.hosts.map((h) => h.name),
      ['RAM-ESS', 'RAM-H1-2', 'RAM-H1-7'],
    );
    assert.deepEqual(warnings, ['"not a host!" in azureSiteRecovery.hyperV.hosts is not a host name; use a name such as HV01 or HV01.contoso.local.']);

    const h7 = findHost(snapshot, 'RAM-H1-7')!;
    assert.ok(h7.sources.includes('vault') && h7.sources.includes('activeDirectory'), h7.sources.join(','));
    assert.equal(h7.reachable, true);
    assert.equal(h7.supported, true);
    assert.equal(h7.provider.registered, true);
    assert.equal(h7.provider.connected, true);
    assert.equal(h7.vms.length, 5);
    assert.equal(h7.protectedCount, 3);

    const ess = findHost(snapshot, 'RAM-ESS')!;
    assert.ok(ess.sources.includes('local'));
    assert.equal(ess.provider.heartbeatMissing, true);

    const h2 = findHost(snapshot, 'RAM-H1-2')!;
    assert.equal(h2.reachable, false);
    assert.match(h2.unreachableReason ?? '', /Access denied on RAM-H1-2/);
    assert.equal(h2.provider.registered, false);

    assert.equal(findVm(snapshot, '193CA098-991D-4A6F-BE78-DA2C6E7BD290')?.status.kind, 'Protected');
    assert.equal(findVm(snapshot, 'e06c319f-5a90-4907-8606-6c15a92bcf22')?.status.kind, 'Replicating');
    const v03 = findVm(snapshot, '04e4fe1f-bfa6-407f-8db7-4fe897d4c40b')!;
    assert.equal(v03.status.kind, 'NotProtected');
    assert.ok(v03.actions.includes('enableProtection'));
    assert.equal(findVm(snapshot, '3c9a8b7d-6e5f-4a1b-9c2d-8e7f6a5b4c3d')?.status.health, 'Critical');

    // ASR: one paged list per kind, never a call per VM.
    assert.equal(s.lab.log.count('replicationProtectedItems.list'), 1);
    assert.equal(s.lab.log.count('replicationProtectedItems.get'), 0);
  });

  it('with credentials stored for RAM-H1-2 (SecretStorage), its VMs appear', async () => {
    await store.set('RAM-H1-2', { userName: 'CONTOSO\\asradmin', password: 'lab-only-not-a-real-password' });
    assert.ok(![...secrets.values.values()].some((v) => v.includes('RAM-H1-2')), 'the key holds the host, the value only the credential');
    const { snapshot } = await refreshEstate(
      { runner, vctx: s.vctx(), credentialsFor: (h) => store.get(h) },
      { includeLocal: true, settingHosts: ['RAM-H1-2'], useActiveDirectory: false },
    );
    const h2 = findHost(snapshot, 'RAM-H1-2')!;
    assert.equal(h2.reachable, true);
    assert.deepEqual(
      h2.vms.map((v) => v.name),
      ['ramh12v01', 'ramh12v02', 'ramh12v03'],
    );
    assert.ok(h2.vms.every((v) => v.status.kind === 'NotProtected' && !v.stale));
  });

  it('a host that stops answering keeps its last VMs, marked stale, with the reason', async () => {
    const first = await refreshEstate({ runner, vctx: s.vctx() }, { includeLocal: false, settingHosts: [], useActiveDirectory: true });
    await labControl(s.lab, 'POST', '/_lab/hosts/RAM-H1-7/fault', { fault: 'unreachable' });
    try {
      const second = await refreshEstate({ runner, vctx: s.vctx() }, { includeLocal: false, settingHosts: [], useActiveDirectory: true, previous: first.snapshot });
      const h7 = findHost(second.snapshot, 'RAM-H1-7')!;
      assert.equal(h7.reachable, false);
      assert.match(h7.unreachableReason ?? '', /Cannot reach RAM-H1-7/);
      assert.equal(h7.vms.length, 5);
      const stale = h7.vms.filter((v) => v.stale).map((v) => v.name);
      assert.ok(stale.includes('ramh157v03'), `stale: ${stale.join(',')}`);
      assert.ok(
        h7.vms
          .find((v) => v.name === 'ramh157v03')!
          .contextValue.split(';')
          .includes('stale'),
      );
      // Protected VMs still show their ASR status.
      assert.equal(h7.vms.find((v) => v.name === 'ramh157v01')!.status.kind, 'Protected');
    } finally {
      await labControl(s.lab, 'POST', '/_lab/hosts/RAM-H1-7/fault', { fault: null });
    }
  });

  it('when ASR cannot be read, keeps the protection states of the last successful read and says so', async () => {
    const first = await refreshEstate({ runner, vctx: s.vctx() }, { includeLocal: false, settingHosts: [], useActiveDirectory: true });
    assert.ok(first.asr, 'the first refresh read ASR');
    // Every Azure request fails (503), and the retries give up at once.
    const failing = { ...s.vctx(), clientOptions: { ...s.ctx.clientOptions, retryOptions: { maxRetries: 0 } } };
    s.lab.faults.update({ ...s.lab.faults.settings, errorRate: 1 });
    try {
      const options = { includeLocal: false, settingHosts: [], useActiveDirectory: true, previous: first.snapshot };
      const kept = await refreshEstate({ runner, vctx: failing }, { ...options, previousAsr: first.asr });
      assert.equal(kept.asr, undefined);
      assert.match(kept.warnings.join('\n'), /could not be read just now, so the protection states shown are from the last successful read/);
      const v01 = findHost(kept.snapshot, 'RAM-H1-7')!.vms.find((v) => v.name === 'ramh157v01')!;
      assert.equal(v01.status.kind, 'Protected');
      // Without a previous read there is nothing to keep: the warning says the states are not shown.
      const none = await refreshEstate({ runner, vctx: failing }, options);
      assert.match(none.warnings.join('\n'), /could not be read, so protection states are not shown/);
    } finally {
      s.lab.faults.update({ ...s.lab.faults.settings, errorRate: 0 });
    }
  });

  it("a VM's tree item judges its last recovery point by its policy: the store's policies and the VM's facts (RAM-Policy: 5 minutes)", async () => {
    const estate = new EstateStore(
      () => Promise.resolve({ runner, vctx: s.vctx() }),
      () => ({ includeLocal: false, settingHosts: [], useActiveDirectory: true }),
    );
    const started = Date.now();
    await estate.refresh();
    const v01 = findVm(estate.snapshot!, '193ca098-991d-4a6f-be78-da2c6e7bd290')!;
    assert.match(v01.protection?.policyId ?? '', /\/replicationPolicies\//i);
    // Its RPO as of the read of its item (issue 15): the list's read time came with the items.
    assert.ok(v01.recovery !== undefined && v01.recovery.readAt.getTime() >= started, 'RPO facts as of the list read');
    const interval = estate.policyIntervalSeconds(v01);
    assert.equal(interval, 300);
    // The vault row names the region as the portal does, from ARM's locations list (issue 13).
    assert.equal(estate.regionDisplayName('westeurope'), 'West Europe');
    const tooltip = presentVm(v01, { now: new Date(), policyIntervalSeconds: interval }).tooltip.replace(/\\/g, '');
    assert.match(tooltip, /\(policy: every 5 min\)/, tooltip);
  });

  it('a cancelled refresh ends the Azure lists in flight, starts no more and keeps the previous snapshot (issue 12 §8)', async () => {
    const estate = new EstateStore(
      () => Promise.resolve({ runner, vctx: s.vctx() }),
      () => ({ includeLocal: false, settingHosts: [], useActiveDirectory: false }),
    );
    await estate.refresh();
    const before = estate.snapshot;
    assert.ok(before && before.hosts.length > 0);
    s.lab.faults.update({ ...s.lab.faults.settings, latencyMs: 400 });
    try {
      s.lab.log.reset();
      const control = new AbortController();
      const refresh = estate.refresh(control.signal);
      await new Promise((r) => setTimeout(r, 150));
      const abortedAt = Date.now();
      control.abort();
      await assert.rejects(refresh);
      assert.ok(Date.now() - abortedAt < 300, 'the refresh ends at once, not when Azure answers');
      assert.equal(estate.snapshot, before, 'the snapshot stays what it was');
      // The lab logs a request when it has answered (after the latency): wait for the aborted ones.
      await new Promise((r) => setTimeout(r, 1000));
      const requests = s.lab.log.entries.filter((e) => e.operation.startsWith('replication'));
      // At most the six lists a refresh after the first starts at once (its known sites' protectable items beside the sites list; the recovery plans, issue 16).
      assert.ok(requests.length > 0 && requests.length <= 6, requests.map((e) => e.operation).join(', '));
      assert.deepEqual(
        requests.filter((e) => e.time >= abortedAt).map((e) => e.operation),
        [],
        'no request after the abort',
      );
    } finally {
      s.lab.faults.update({ ...s.lab.faults.settings, latencyMs: 0 });
    }
    await estate.refresh();
    assert.ok(estate.snapshot && estate.snapshot.hosts.length === before.hosts.length, 'the next refresh works');
  });

  it('without a vault the estate shows Hyper-V alone', async () => {
    const { snapshot } = await refreshEstate({ runner }, { includeLocal: true, settingHosts: ['RAM-H1-7'], useActiveDirectory: false });
    assert.deepEqual(
      snapshot.hosts.map((h) => h.name),
      ['RAM-ESS', 'RAM-H1-7'],
    );
    // Until ASR has been read, no VM is "Not protected": its protection is unknown, with no actions (issue 13).
    assert.ok(snapshot.hosts.every((h) => h.protectionUnknown === 'notConnected' && h.vms.every((v) => v.status.kind === 'ProtectionUnknown' && v.actions.length === 0)));
  });
});
