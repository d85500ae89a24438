/**
 * Issue 13, "An audit trail": every ASR write, driven through the real SDK against the lab by the
 * extension's own flows (the Enable Replication run, flows/vmAction.ts, followJob), gives exactly
 * one "requested" line (who, what, the VM, the vault, the job) and one "ended" line (the job and
 * how it ended) on the audit sink (services/azure/auditLog.ts), which the extension wires to
 * Show Log. A refusal before sending gives one "not sent" line. No line carries the secret.
 */
import assert from 'node:assert/strict';
import type { VmAction } from '../../src/model/vmActions';
import { auditActionNames, clearAuditJobs, setAuditSink } from '../../src/services/azure/auditLog';
import type { VaultContext } from '../../src/services/azure/clients';
import { commitFailover } from '../../src/services/azure/failover';
import { listJobs, waitForJob } from '../../src/services/azure/jobs';
import { associatePolicy, createHyperVPolicy } from '../../src/services/azure/policies';
import { getProtectedItem } from '../../src/services/azure/protection';
import { createHyperVSite, hyperVSiteContainerName } from '../../src/services/azure/sites';
import { createStorageAccount } from '../../src/services/azure/storage';
import { createResourceGroup } from '../../src/services/azure/subscriptions';
import { createVaultCredentials } from '../../src/services/azure/vaultCredentials';
import { createVault } from '../../src/services/azure/vaults';
import { itemRef, journeyVm, runAction, runEnable, waitKind, type JourneyEnv } from './actionJourneys';
import { openServices, type ServicesSession } from './servicesSupport';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('the audit trail: one line per request, one per end, for every write (lab)', function () {
  this.timeout(180000);
  let s: ServicesSession;
  let env: JourneyEnv;
  let v: VaultContext;
  let who: string;
  const lines: string[] = [];
  let sink: { dispose(): void };

  before(async () => {
    s = await openServices({ speed: 1000 });
    v = s.vctx();
    env = { v, watched: [], pollMs: 20 };
    who = `service principal ${s.lab.clientId} (tenant ${s.lab.tenantId})`;
    sink = setAuditSink((line) => lines.push(line));
  });
  after(async () => {
    sink.dispose();
    clearAuditJobs();
    await s.lab.stop();
  });

  /** The one "requested" line of `operation` on `target`, with its job; and the one "ended" line of that job. */
  function assertRequestedAndEnded(operation: string, target: string, jobName?: string): string {
    const requested = lines.filter((l) => l.startsWith(`[audit] ${operation} requested by ${who} on ${target} (vault ${v.vault.vaultName}) → job `));
    const job = jobName ?? /→ job (\S+)$/.exec(requested[requested.length - 1] ?? '')?.[1] ?? '';
    assert.deepEqual(
      requested.filter((l) => l.endsWith(`→ job ${job}`)),
      [`[audit] ${operation} requested by ${who} on ${target} (vault ${v.vault.vaultName}) → job ${job}`],
      `${operation}: one requested line\n${lines.join('\n')}`,
    );
    const ended = lines.filter((l) => l.startsWith(`[audit] ${operation} of ${target}: job ${job} `) && !l.includes(' Suspended '));
    assert.equal(ended.length, 1, `${operation}: one ended line\n${lines.join('\n')}`);
    assert.match(ended[0] ?? '', new RegExp(`^\\[audit\\] ${escape(operation)} of ${escape(target)}: job ${job} Succeeded \\(\\d+ (s|min \\d+ s)\\)$`));
    return job;
  }

  it('enable replication (the wizard run)', async () => {
    await runEnable(env, s.lab.subscriptionId);
    assertRequestedAndEnded(auditActionNames.enableProtection, journeyVm.name);
    await waitKind(env, 'Protected');
  });

  it('a refusal before sending: commit on a protected VM is "not sent", nothing reaches Azure', async () => {
    const before = lines.length;
    await assert.rejects(commitFailover(v, await getProtectedItem(v, itemRef(v))));
    assert.deepEqual(lines.slice(before).length, 1);
    assert.match(lines[before] ?? '', new RegExp(`^\\[audit\\] Commit requested by ${escape(who)} on ${journeyVm.name} \\(vault ${v.vault.vaultName}\\) → not sent: `));
  });

  const journey: Exclude<VmAction, 'enableProtection'>[] = [
    'testFailover',
    'testFailoverCleanup',
    'plannedFailover',
    'commit',
    'failback',
    'commit',
    'reverseReplication',
    'unplannedFailover',
    'disableProtection',
  ];
  const kindAfter: Partial<Record<string, Parameters<typeof waitKind>[1]>> = {
    testFailover: 'TestFailoverCleanupPending',
    testFailoverCleanup: 'Protected',
    plannedFailover: 'FailoverCommitPending',
    failback: 'FailbackCommitPending',
    reverseReplication: 'Replicating',
    unplannedFailover: 'FailoverCommitPending',
  };
  journey.forEach((action, i) => {
    it(`${action} (${i + 1} of ${journey.length}), as the commands and wizards start it`, async () => {
      if (action === 'unplannedFailover') await waitKind(env, 'Protected');
      const outcome = await runAction(env, action);
      // The job tracker's poll (one list call) is a read of the jobs too: it writes no second end.
      await listJobs(v, { startTime: new Date(Date.now() - 3600_000) });
      assertRequestedAndEnded(auditActionNames[action], journeyVm.name, outcome.jobName);
      const after = kindAfter[action];
      if (after !== undefined) await waitKind(env, after);
    });
  });

  it('a site, its vault credentials, a policy and its association', async () => {
    const site = await createHyperVSite(v, 'Audit-Site');
    await waitForJob(v, site.jobName, { intervalMs: 20 });
    assertRequestedAndEnded('Create Hyper-V site', 'site Audit-Site', site.jobName);
    const fabric = await site.result();

    const before = lines.length;
    const creds = await createVaultCredentials(v, { fabricName: 'Audit-Site', siteIdentifier: fabric.properties?.internalIdentifier ?? '', siteName: 'Audit-Site' });
    assert.deepEqual(lines.slice(before), [
      `[audit] Vault credentials for registering a Hyper-V host requested by ${who} on site Audit-Site (vault ${v.vault.vaultName}) → done (no job)`,
    ]);
    const key = /<ManagementCert>([^<]{40})/.exec(creds.xml)?.[1];
    assert.ok(key !== undefined && !lines.join('\n').includes(key), 'the certificate in the file is in no line');

    const policy = await createHyperVPolicy(v, 'Audit-Policy', { replicationIntervalSeconds: 300, recoveryPointHistoryHours: 4, appConsistentFrequencyHours: 1 });
    await waitForJob(v, policy.jobName, { intervalMs: 20 });
    assertRequestedAndEnded('Create replication policy', 'policy Audit-Policy', policy.jobName);
    const policyId = (await policy.result()).id ?? '';

    const mapping = await associatePolicy(v, 'Audit-Site', hyperVSiteContainerName(fabric) ?? '', 'Audit-Mapping', policyId);
    await waitForJob(v, mapping.jobName, { intervalMs: 20 });
    assertRequestedAndEnded('Associate replication policy', 'policy Audit-Policy with site Audit-Site (association Audit-Mapping)', mapping.jobName);
  });

  it("the Connect wizard's Azure Resource Manager writes: resource group, storage account, vault, each with its subscription; a bad name is not sent", async () => {
    const before = lines.length;
    const sub = v.subscriptionId;
    await createResourceGroup(v, 'Audit-RG', 'westeurope');
    await createStorageAccount(v, 'Audit-RG', 'auditstorage01', 'westeurope');
    await createVault(v, 'Audit-RG', 'Audit-Vault', 'westeurope');
    await assert.rejects(createVault(v, 'Audit-RG', 'no spaces allowed', 'westeurope'));
    const added = lines.slice(before);
    assert.deepEqual(added.slice(0, 3), [
      `[audit] Create resource group requested by ${who} on resource group Audit-RG (subscription ${sub}) → done (no job)`,
      `[audit] Create storage account requested by ${who} on storage account auditstorage01 (subscription ${sub}, resource group Audit-RG) → done (no job)`,
      `[audit] Create Recovery Services vault requested by ${who} on vault Audit-Vault (subscription ${sub}, resource group Audit-RG) → done (no job)`,
    ]);
    assert.equal(added.length, 4, added.join('\n'));
    assert.match(
      added[3] ?? '',
      new RegExp(
        `^\\[audit\\] Create Recovery Services vault requested by ${escape(who)} on vault no spaces allowed \\(subscription ${sub}, resource group Audit-RG\\) → not sent: `,
      ),
    );
  });

  it('no line carries the service principal secret or a token', () => {
    const all = lines.join('\n');
    assert.ok(!all.includes(s.lab.clientSecret));
    assert.ok(!/eyJ[\w-]+\.[\w-]+/.test(all));
  });
});
