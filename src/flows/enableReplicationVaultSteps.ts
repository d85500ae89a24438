// The vault's side of an Enable Replication run (src/flows/enableReplication.ts): the permissions
// check, the Hyper-V sites, the vault credentials file the hosts register with, the replication
// policy (reused or created) and its association with each site. Each step's handler takes the run
// as a RunContext (src/flows/enableReplicationSteps.ts).

import * as l10n from '@vscode/l10n';
import { sameArmId, vaultId } from '../model/armId';
import { failureText } from '../model/failureText';
import { summarizeJob } from '../model/jobSummary';
import { equalsIgnoreCase } from '../model/wireValues';
import type { VaultContext } from '../services/azure/clients';
import { findMatchingPolicy } from '../services/azure/policies';
import type { VaultCredentialsFile } from '../services/azure/vaultCredentials';
import { siteSummary } from './enableReplicationServices';
import { followStepJob, jobOf, siteOf, type MutableStep, type RunContext } from './enableReplicationSteps';

// ---- permissions ----

/**
 * Before anything is created: may the signed-in identity do what the run and a later failover
 * need, on the vault, the target resource group, the storage account and the network (ARM's
 * permissions API)? Missing roles stop the run here, named with their scope. When the check
 * itself cannot be made (the permissions API is not reachable), the run goes on and says so.
 */
export async function checkPermissions(run: RunContext, vctx: VaultContext, s: MutableStep): Promise<void> {
  run.set(s, 'running', l10n.t('Checking what your account may do on the vault, the resource group, the storage account and the network…'));
  const t = run.plan.target;
  let problems: string[];
  try {
    problems = await run.env.services.checkEnableReplicationPermissions(vctx, {
      vaultId: vaultId(vctx.vault),
      targetResourceGroupId: t.resourceGroupId,
      storageAccountId: t.storageAccountId,
      ...(t.networkId !== undefined ? { networkId: t.networkId } : {}),
    });
  } catch (e) {
    run.set(
      s,
      'succeeded',
      l10n.t('Your permissions could not be checked ({0}); the run goes on, and Azure will refuse a step you may not do.', failureText(e).replace(/\.$/, '')),
    );
    return;
  }
  if (problems.length > 0) throw new Error(l10n.t('{0} Press Retry once the role is assigned. Nothing was created.', problems.join(' ')));
  run.set(s, 'succeeded', l10n.t('Your account may do every step.'));
}

// ---- site and credentials ----

export async function ensureSites(run: RunContext, vctx: VaultContext, s: MutableStep): Promise<void> {
  run.set(s, 'running', l10n.t('Reading the Hyper-V sites of the vault…'));
  const created: string[] = [];
  for (const planned of run.plan.sites) {
    let found = (await run.env.services.listHyperVSites(vctx)).map(siteSummary).find((x) => x !== undefined && equalsIgnoreCase(x.name, planned.name));
    if (!found) {
      run.set(s, 'running', l10n.t('Creating the Hyper-V site {0}…', planned.name));
      const op = await run.env.services.createHyperVSite(vctx, planned.name);
      await followStepJob(run, vctx, s, op.jobName);
      found = (await run.env.services.listHyperVSites(vctx)).map(siteSummary).find((x) => x !== undefined && equalsIgnoreCase(x.name, planned.name));
      if (!found) throw new Error(l10n.t('The Hyper-V site {0} was created but the vault does not list it yet. Press Retry in a minute.', planned.name));
      created.push(found.name);
    }
    run.results.sites = [...run.results.sites.filter((x) => !equalsIgnoreCase(x.name, found.name)), found];
  }
  const names = run.results.sites.map((x) => x.name).join(', ');
  run.set(s, 'succeeded', created.length > 0 ? l10n.t('Created {0}.', created.join(', ')) : l10n.t('Using the existing site {0}.', names));
}

async function freshCredentials(run: RunContext, vctx: VaultContext, siteName: string): Promise<VaultCredentialsFile> {
  const site = siteOf(run, siteName);
  const file = await run.env.services.createVaultCredentials(vctx, { fabricName: site.name, siteIdentifier: site.identifier, siteName: site.name });
  run.credentials.set(site.name.toLowerCase(), file);
  return file;
}

export async function makeCredentials(run: RunContext, vctx: VaultContext, s: MutableStep): Promise<void> {
  run.set(s, 'running', l10n.t('Creating the vault credentials file…'));
  const sites = [...new Set(run.plan.hosts.filter((h) => h.setup).map((h) => h.site))];
  let until: Date | undefined;
  for (const name of sites) until = (await freshCredentials(run, vctx, name)).expiresOn;
  run.set(
    s,
    'succeeded',
    until
      ? l10n.t('Created (valid until {0} UTC); it is copied to each host only while it registers, then deleted.', until.toISOString().slice(0, 16).replace('T', ' '))
      : l10n.t('Created; it is copied to each host only while it registers, then deleted.'),
  );
}

/** The credentials for a site: the ones made by the credentials step while valid for another hour, else fresh ones. */
export async function credentialsFor(run: RunContext, vctx: VaultContext, siteName: string): Promise<VaultCredentialsFile> {
  const file = run.credentials.get(siteName.toLowerCase());
  if (file && file.expiresOn.getTime() - Date.now() > 60 * 60_000) return file;
  return freshCredentials(run, vctx, siteName);
}

// ---- policy and association ----

export async function ensurePolicy(run: RunContext, vctx: VaultContext, s: MutableStep): Promise<void> {
  run.set(s, 'running', l10n.t('Looking for a replication policy with these settings…'));
  const settings = run.plan.policy.settings;
  let policies = await run.env.services.listPolicies(vctx);
  const match = findMatchingPolicy(policies, settings);
  if (match?.id && match.name) {
    const created = run.results.policy?.created === true && equalsIgnoreCase(run.results.policy.name, match.name);
    run.results.policy = { id: match.id, name: match.name, created };
    run.set(s, 'succeeded', created ? l10n.t('Created {0}.', match.name) : l10n.t('Reusing the existing policy {0}, which has these settings.', match.name));
    return;
  }
  let name = run.plan.policy.name;
  for (let i = 2; policies.some((p) => equalsIgnoreCase(p.name, name)); i++) name = `${run.plan.policy.name}-${i}`;
  run.set(s, 'running', l10n.t('Creating the replication policy {0}…', name));
  const op = await run.env.services.createHyperVPolicy(vctx, name, settings);
  await followStepJob(run, vctx, s, op.jobName);
  policies = await run.env.services.listPolicies(vctx);
  const made = policies.find((p) => equalsIgnoreCase(p.name, name));
  if (!made?.id) throw new Error(l10n.t('The policy {0} was created but the vault does not list it yet. Press Retry in a minute.', name));
  run.results.policy = { id: made.id, name, created: true };
  run.set(s, 'succeeded', l10n.t('Created {0}.', name));
}

export async function associate(run: RunContext, vctx: VaultContext, s: MutableStep, index: number): Promise<void> {
  const planned = run.plan.sites[index];
  const policy = run.results.policy;
  if (!planned || !policy) throw new Error(l10n.t('The replication policy is not known yet: press Retry.'));
  const site = siteOf(run, planned.name);
  run.set(s, 'running', l10n.t('Checking whether {0} is associated with {1}…', policy.name, site.name));
  const mappings = await run.env.services.listMappings(vctx, site.name, site.containerName);
  const paired = mappings.find((m) => sameArmId(m.properties?.policyId, policy.id) && equalsIgnoreCase(m.properties?.state, 'Paired'));
  if (paired) {
    run.set(s, 'succeeded', l10n.t('{0} is already associated with {1}.', policy.name, site.name));
    return;
  }
  const previous = jobOf(run, s.id);
  const job = previous ? await run.env.services.getJob(vctx, previous).catch(() => undefined) : undefined;
  if (job && summarizeJob(job, new Date()).isActive) {
    await followStepJob(run, vctx, s, previous ?? '', false);
  } else {
    run.set(s, 'running', l10n.t('Associating {0} with {1}…', policy.name, site.name));
    const op = await run.env.services.associatePolicy(vctx, site.name, site.containerName, mappingName(policy.name), policy.id);
    await followStepJob(run, vctx, s, op.jobName);
  }
  run.set(s, 'succeeded', l10n.t('{0} is associated with {1}.', policy.name, site.name));
}

/** The association's name: the policy's, so one policy maps once per container. */
export function mappingName(policyName: string): string {
  return `${policyName}-mapping`.slice(0, 128);
}
