// The job tracker over several vaults (issue 16 §3): one list request per vault per poll, sent
// together and merged; each job's vault is known by its name afterwards.
import assert from 'node:assert/strict';
import type { Job } from '@azure/arm-recoveryservices-siterecovery';
import type { VaultContext } from '../../../src/services/azure/clients';
import { VaultJobs } from '../../../src/jobs/vaultJobs';

function vctx(subscriptionId: string, vaultName: string): VaultContext {
  return { subscriptionId, vault: { subscriptionId, resourceGroup: 'RG', vaultName } } as VaultContext;
}
function job(v: VaultContext, name: string): Job {
  return { id: `/subscriptions/${v.vault.subscriptionId}/resourceGroups/RG/providers/Microsoft.RecoveryServices/vaults/${v.vault.vaultName}/replicationJobs/${name}`, name };
}

describe('jobs/vaultJobs: one job list across the connected vaults', () => {
  it('one request per vault per poll, all in flight together, merged; each job names its vault', async () => {
    const a = vctx('S1', 'Vault-A');
    const b = vctx('S2', 'Vault-B');
    const requests: string[] = [];
    let inFlight = 0;
    let most = 0;
    const vaultJobs = new VaultJobs(
      () => Promise.resolve([a, b]),
      async (v, filter) => {
        requests.push(`${v.vault.vaultName} ${filter.startTime.toISOString()}`);
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return v === a ? [job(a, 'ja1'), job(a, 'ja2')] : [job(b, 'jb1')];
      },
    );
    const from = new Date('2026-12-05T10:00:00Z');
    const jobs = await vaultJobs.listJobs({ startTime: from });
    assert.deepEqual(requests, [`Vault-A ${from.toISOString()}`, `Vault-B ${from.toISOString()}`]);
    assert.equal(most, 2);
    assert.deepEqual(
      jobs.map((j) => j.name),
      ['ja1', 'ja2', 'jb1'],
    );
    assert.equal(vaultJobs.vaultKeyOf('JB1'), 's2/rg/vault-b');
    assert.equal(vaultJobs.vaultKeyOf('ja2'), 's1/rg/vault-a');
    assert.equal(vaultJobs.vaultKeyOf('unknown'), undefined);
  });

  it('with one vault: its list as it is; with none: no request, no job', async () => {
    const a = vctx('S1', 'Vault-A');
    let vaults: VaultContext[] = [a];
    let requests = 0;
    const vaultJobs = new VaultJobs(
      () => Promise.resolve(vaults),
      (v) => {
        requests++;
        return Promise.resolve([job(v, 'ja1')]);
      },
    );
    assert.equal((await vaultJobs.listJobs({ startTime: new Date(0) })).length, 1);
    vaults = [];
    assert.deepEqual(await vaultJobs.listJobs({ startTime: new Date(0) }), []);
    assert.equal(requests, 1);
    assert.equal(vaultJobs.vaultKeyOf('ja1'), undefined);
  });

  it('a vault that cannot be read fails the poll (the tracker keeps what it showed)', async () => {
    const vaultJobs = new VaultJobs(
      () => Promise.resolve([vctx('S1', 'Vault-A'), vctx('S2', 'Vault-B')]),
      (v) => (v.vault.vaultName === 'Vault-B' ? Promise.reject(new Error('403')) : Promise.resolve([])),
    );
    await assert.rejects(vaultJobs.listJobs({ startTime: new Date(0) }), /403/);
  });
});
