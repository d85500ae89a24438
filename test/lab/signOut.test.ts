/**
 * Sign Out and Connect against the lab, with the real estate store, job tracker and PowerShell
 * stand-in wired as extension.ts wires them (connection/vaultChange.ts): in the same tick as the
 * connection changes, the jobs of the old vault are gone (the status bar hides), the Protection
 * view keeps the hosts with their Hyper-V facts and no protection, and nothing read for the old
 * vault lands afterwards. Connecting again shows the vault's jobs and protection.
 */
import assert from 'node:assert/strict';
import { allVms } from '../../src/estate';
import { EstateStore } from '../../src/estate/store';
import { JobTracker, systemClock } from '../../src/jobs/jobTracker';
import { statusBarModel } from '../../src/jobs/statusBarModel';
import { followVaultChanges, type SessionState } from '../../src/connection/vaultChange';
import { listJobs } from '../../src/services/azure/jobs';
import { testFailover } from '../../src/services/azure/failover';
import { listProtectedItems } from '../../src/services/azure/protection';
import { PowerShellRunner } from '../../src/services/hyperv/powershellRunner';
import type { VaultContext } from '../../src/services/azure/clients';
import { openServices, type ServicesSession } from './servicesSupport';

describe('Sign Out and Connect: every view follows at once (lab)', function () {
  this.timeout(120000);
  let s: ServicesSession;
  let runner: PowerShellRunner;
  let vault: VaultContext | undefined;
  let store: EstateStore;
  let tracker: JobTracker;
  let changed: () => void;
  const shown: SessionState[] = [];
  const closed: string[] = [];

  const state = (): SessionState =>
    vault ? { signedIn: true, vaultKey: vault.vault.vaultName.toLowerCase(), vaultName: vault.vault.vaultName } : { signedIn: false, vaultKey: undefined };
  const hostSummary = (): [string, boolean, number, number][] =>
    (store.snapshot?.hosts ?? []).map((h) => [h.name, h.reachable, h.vms.length, h.vms.filter((v) => v.protection !== undefined).length]);

  before(async () => {
    s = await openServices({ speed: 50 });
    runner = new PowerShellRunner({ executable: s.lab.pwsh, timeoutMs: 5000 });
    vault = s.vctx();
    store = new EstateStore(
      () => Promise.resolve({ runner, ...(vault ? { vctx: vault } : {}) }),
      () => ({ includeLocal: true, settingHosts: ['RAM-H1-2'], useActiveDirectory: true }),
    );
    tracker = new JobTracker({ listJobs: (filter) => (vault ? listJobs(vault, filter) : Promise.resolve([])), clock: systemClock });
    changed = followVaultChanges(state, {
      estate: store,
      jobs: tracker,
      showSession: (st) => shown.push(st),
      closeVaultWizards: (previous) => closed.push(previous.vaultName ?? ''),
      log: () => undefined,
    });
    tracker.start();
  });

  after(async () => {
    tracker?.dispose();
    await runner?.dispose();
    await s?.lab.stop();
  });

  it('connected: the estate shows protected VMs and the tracker a running job of the vault', async () => {
    await store.refresh();
    const v = s.vctx();
    const item = (await listProtectedItems(v)).find((i) => i.properties?.friendlyName === 'ramh157v01');
    assert.ok(item, 'ramh157v01 is protected in the essentials scenario');
    const op = await testFailover(v, item, {});
    tracker.watch(op.jobName);
    await tracker.refreshNow();
    assert.ok((tracker.snapshot?.active.length ?? 0) + (tracker.snapshot?.recent.length ?? 0) > 0);
    assert.ok(allVms(store.snapshot!).some((vm) => vm.protection !== undefined));
  });

  it('Sign Out: in the same tick, no job, no status bar, the hosts kept with their VMs and no protection; nothing of the vault lands later', async () => {
    const hostsBefore = hostSummary().map(([name, reachable, vms]) => [name, reachable, vms]);
    // A refresh and a poll begun before the sign-out, still reading the vault.
    const lateRefresh = store.refresh();
    const latePoll = tracker.refreshNow();

    vault = undefined;
    changed();

    assert.equal(tracker.snapshot, undefined, 'the Jobs view is empty (its welcome shows)');
    assert.equal(statusBarModel(tracker.snapshot).visible, false, 'the status bar item is hidden');
    assert.equal(tracker.isWatching('anything'), false);
    assert.deepEqual(
      hostSummary().map(([name, reachable, vms]) => [name, reachable, vms]),
      hostsBefore,
      'the hosts stay, with their VMs',
    );
    assert.equal(store.snapshot?.counts.protected, 0, 'no VM shows a protection read from the vault');
    assert.deepEqual(shown.at(-1), { signedIn: false, vaultKey: undefined });
    assert.deepEqual(closed, ['RAM-Vault']);

    await Promise.allSettled([lateRefresh, latePoll]);
    assert.equal(tracker.snapshot, undefined, 'the poll begun before the sign-out was dropped');
    assert.equal(store.snapshot?.counts.protected, 0, 'the refresh begun before the sign-out was dropped');
  });

  it('Connect again: the vault’s jobs and protection come back', async () => {
    vault = s.vctx();
    changed();
    await tracker.refreshNow();
    await store.refresh();
    assert.ok((tracker.snapshot?.active.length ?? 0) + (tracker.snapshot?.recent.length ?? 0) > 0);
    assert.ok((store.snapshot?.counts.protected ?? 0) > 0);
    assert.deepEqual(shown.at(-1), { signedIn: true, vaultKey: 'ram-vault', vaultName: 'RAM-Vault' });
  });
});
