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
import { openServices, type ServicesSession } from './servicesSupport';

const SECOND_RG = 'RAM-Recovery-RG';
const SECOND_VAULT = 'RAM-Branch-Vault';

describe('several vaults: one job list across the vaults (lab)', function () {
  this.timeout(60000);
  let s: ServicesSession | undefined;
  let tracker: JobTracker | undefined;

  afterEach(async () => {
    tracker?.dispose();
    tracker = undefined;
    await s?.lab.stop();
    s = undefined;
  });

  it('polls each vault with one list request, merges the jobs, and knows the vault of each', async () => {
    s = await openServices({ speed: 100 });
    const session = s;
    await createVault(session.ctx, SECOND_RG, SECOND_VAULT, 'westeurope');
    const first = session.vctx();
    const second = session.vctx(SECOND_VAULT, SECOND_RG);
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
});
