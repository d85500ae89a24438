/**
 * Several vaults side by side (issue 16 §3), against the lab through the real SDK: a second vault
 * (created as the Connect wizard creates one) beside the scenario's; the job tracker reads every
 * vault with one list request per vault per poll, and each job is found in its own vault.
 */
import assert from 'node:assert/strict';
import { JobTracker, systemClock } from '../../src/jobs/jobTracker';
import { VaultJobs } from '../../src/jobs/vaultJobs';
import { getJob, listJobs } from '../../src/services/azure/jobs';
import { createHyperVSite } from '../../src/services/azure/sites';
import { createVault } from '../../src/services/azure/vaults';
import { createVaultCredentials } from '../../src/services/azure/vaultCredentials';
import { EstateStore } from '../../src/estate/store';
import { HyperVError } from '../../src/services/hyperv/errors';
import type { ScriptRunner } from '../../src/services/hyperv/powershellRunner';
import type { VaultContext } from '../../src/services/azure/clients';
import type { SavedConnection } from '../../src/connection/connection';
import { VaultSet, type KeyValueState, type VaultConnection } from '../../src/connection/vaultSet';
import { VaultEstates } from '../../src/connection/vaultEstates';
import { eventually } from './support';
import { labControl, openServices, type ServicesSession } from './servicesSupport';

const SECOND_RG = 'RAM-Recovery-RG';
const SECOND_VAULT = 'RAM-Branch-Vault';

/** No host answers: the hosts and VMs come from each vault's ASR (what these tests look at). */
const unreachable: ScriptRunner = { run: () => Promise.reject(new HyperVError('HostUnreachable', 'No host in this test.')) };

function memoryState(): KeyValueState {
  const data = new Map<string, unknown>();
  return {
    get: <T>(k: string) => data.get(k) as T | undefined,
    update: (k, value) => {
      data.set(k, value);
      return Promise.resolve();
    },
  };
}

/** A connection kept in memory that hands out the lab's vault context for its saved vault. */
class LabConnection implements VaultConnection {
  constructor(
    private readonly state: KeyValueState,
    private readonly key: string,
    private readonly session: ServicesSession,
  ) {}
  get saved(): SavedConnection | undefined {
    return this.state.get<SavedConnection>(this.key);
  }
  vaultContext(): VaultContext | undefined {
    const v = this.saved?.vault;
    return v ? this.session.vctx(v.vaultName, v.resourceGroup) : undefined;
  }
  onDidChange(): { dispose(): void } {
    return { dispose: () => undefined };
  }
  async adopt(saved: SavedConnection): Promise<void> {
    await this.state.update(this.key, saved);
  }
  async signOut(): Promise<void> {
    await this.state.update(this.key, undefined);
  }
  dispose(): void {}
}

/** An added vault's store, as extension.ts makes it: its registered hosts only, its own ASR. */
function addedStore(connection: LabConnection): EstateStore {
  return new EstateStore(
    () => Promise.resolve({ runner: unreachable, ...(connection.vaultContext() ? { vctx: connection.vaultContext()! } : {}) }),
    () => ({ includeLocal: false, settingHosts: [], useActiveDirectory: false }),
  );
}

describe('several vaults (lab)', function () {
  this.timeout(60000);
  let s: ServicesSession | undefined;
  let tracker: JobTracker | undefined;

  /** The lab, and a second vault beside the scenario's (created as the Connect wizard creates one). */
  async function openWithSecondVault(): Promise<{ session: ServicesSession; second: VaultContext }> {
    const session = await openServices({ speed: 100 });
    s = session;
    await createVault(session.ctx, SECOND_RG, SECOND_VAULT, 'westeurope');
    return { session, second: session.vctx(SECOND_VAULT, SECOND_RG) };
  }

  afterEach(async () => {
    tracker?.dispose();
    tracker = undefined;
    await s?.lab.stop();
    s = undefined;
  });

  it('polls each vault with one list request, merges the jobs, and knows the vault of each', async () => {
    const { session, second } = await openWithSecondVault();
    const first = session.vctx();
    const site = await createHyperVSite(second, 'Branch-Site');

    const vaultJobs = new VaultJobs(() => Promise.resolve([first, second]), listJobs);
    tracker = new JobTracker({ listJobs: vaultJobs.listJobs, clock: systemClock, activePollMs: 60_000, idlePollMs: 60_000 });
    session.lab.log.reset();
    await tracker.refreshNow();
    assert.equal(session.lab.log.count('replicationJobs.list'), 2, JSON.stringify(session.lab.log.counters()));
    assert.deepEqual(
      session.lab.log.entries.map((e) => e.path.split('/vaults/')[1]?.split('/')[0]),
      [first.vault.vaultName, SECOND_VAULT],
    );

    const jobs = [...(tracker.snapshot?.active ?? []), ...(tracker.snapshot?.recent ?? [])];
    const siteJob = jobs.find((j) => j.jobName === site.jobName);
    assert.ok(siteJob, 'the second vault’s job is listed');
    assert.ok(jobs.length > 1, 'the first vault’s jobs are listed too');
    assert.equal(vaultJobs.vaultKeyOf(site.jobName), `${session.lab.subscriptionId}/${SECOND_RG}/${SECOND_VAULT}`.toLowerCase());
    const firstJob = jobs.find((j) => j.jobName !== site.jobName)!;
    assert.equal(vaultJobs.vaultKeyOf(firstJob.jobName), `${session.lab.subscriptionId}/${first.vault.resourceGroup}/${first.vault.vaultName}`.toLowerCase());
    // The job is read in its own vault; the other vault does not know it (ASR answers 404).
    assert.equal((await getJob(second, site.jobName)).name, site.jobName);
    await assert.rejects(getJob(first, site.jobName));
  });

  it('an added vault shows only the hosts registered in it; the first vault’s store keeps its own; a removed vault’s store is cleared', async () => {
    // The second vault as a user makes one: a vault, a site, a vault credentials file, a host registered with it.
    const { session, second } = await openWithSecondVault();
    const fabric = await (await createHyperVSite(second, 'Branch-Site')).result();
    const creds = await createVaultCredentials(second, { fabricName: fabric.name!, siteIdentifier: fabric.properties!.internalIdentifier!, siteName: fabric.name! });
    assert.equal((await labControl(session.lab, 'POST', '/_lab/hosts/RAM-H1-2/register', { vaultCredentials: creds.xml })).status, 202);

    const state = memoryState();
    const first = new LabConnection(state, 'azureSiteRecovery.connection', session);
    await first.adopt({
      signIn: { kind: 'servicePrincipal', tenantId: session.lab.tenantId, clientId: session.lab.clientId },
      vault: { subscriptionId: session.lab.subscriptionId, resourceGroup: session.lab.resourceGroup, vaultName: session.lab.vault },
    });
    const set = new VaultSet(state, first, (k) => new LabConnection(state, k, session));
    const firstStore = addedStore(first);
    const estates = new VaultEstates(set, firstStore, addedStore, () => undefined);
    await firstStore.refresh();
    const added = await set.add({ signIn: first.saved!.signIn, subscriptionId: session.lab.subscriptionId, vault: second.vault });
    const secondKey = `${session.lab.subscriptionId}/${SECOND_RG}/${SECOND_VAULT}`.toLowerCase();
    const store = estates.storeFor(secondKey)!;
    assert.ok(store !== firstStore);
    assert.equal(estates.added()[0]?.connection, added);

    const secondHosts = await eventually('the second vault’s host', async () => {
      await store.refresh();
      const hosts = store.snapshot?.hosts ?? [];
      return hosts.length === 1 ? hosts : undefined;
    });
    assert.match(secondHosts[0].name, /^RAM-H1-2/i);
    assert.equal(secondHosts[0].provider.fabricName, fabric.name);
    const firstHosts = firstStore.snapshot!.hosts.map((h) => h.key);
    assert.ok(firstHosts.length >= 1);
    assert.ok(!firstHosts.includes(secondHosts[0].key), 'a host is in one vault’s estate only');

    await set.remove(secondKey);
    assert.equal(estates.storeFor(secondKey), undefined);
    assert.equal(store.snapshot, undefined, 'the removed vault’s estate is cleared');
    assert.deepEqual(estates.added(), []);
  });
});
