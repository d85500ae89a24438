// What the Enable Replication wizard saves for a reload, checked like any message from the webview
// when the panel is restored: the form, and from Start on the plan and the run's steps and
// results. No password, ever. The webview keeps it (setState), so it is untrusted: it holds what
// the run needs to resume and nothing a page only shows — the plan's hosts and VMs by key (their
// names, FQDNs and VMIds are read again from the estate on restore, restoredPlan below), the
// steps' states (a failed step's reason too), not their labels, details or progress. That keeps a
// run of the 200 VMs the wizard allows within the limits below (the message limits of
// validate.ts held about 99 VMs of the whole page's worth, and the panel lost the run).

import { parsePolicyId, sameArmId, tryParseArmId, vaultId, type VaultRef } from '../../model/armId';
import { equalsIgnoreCase } from '../../model/wireValues';
import { providerSetupSteps } from '../../flows/hostSetup';
import type { PlanHost, PlanVm, RunPlan } from '../../flows/enableReplicationPlan';
import type { RunSaved } from '../../flows/enableReplicationSteps';
import { REPLICATION_INTERVALS_SECONDS, type ReplicationIntervalSeconds } from '../../services/azure/policies';
import { defaultScanLimits, s, type Infer, type ScanLimits } from '../validate';
import { licenseChoices } from './targetChoices';

/** The most VMs one run enables (the VM list of the first page). */
export const maxRunVms = 200;
const maxHosts = 50;
const maxSites = 20;
/** Every step of the largest run: per VM, per host (install, register, connected), per site, and the vault's. */
const maxSteps = maxRunVms + 3 * maxHosts + maxSites + 8;

const key = s.string({ maxLength: 300 });
const text = s.string({ maxLength: 1000 });
const osType = s.enumOf(['Windows', 'Linux'] as const);
const settingsSchema = s.object({
  replicationIntervalSeconds: s.number({ integer: true, min: 0, max: 86400 }),
  recoveryPointHistoryHours: s.number({ integer: true, min: 0, max: 1000 }),
  appConsistentFrequencyHours: s.number({ integer: true, min: 0, max: 1000 }),
  storageAccountId: s.optional(text),
});
const planSchema = s.object({
  sites: s.array(s.object({ name: key, create: s.boolean() }), { maxItems: maxSites }),
  hosts: s.array(s.object({ key, setup: s.boolean(), site: key }), { maxItems: maxHosts }),
  vms: s.array(s.object({ key, osType, osDiskName: s.string({ maxLength: 260 }) }), { maxItems: maxRunVms }),
  policy: s.object({ kind: s.enumOf(['reuse', 'create'] as const), name: key, settings: settingsSchema }),
  target: s.object({
    resourceGroupId: text,
    storageAccountId: text,
    networkId: s.optional(text),
    subnetName: s.optional(key),
    vmSize: s.optional(key),
    licenseType: s.enumOf(licenseChoices),
  }),
});
const stepSchema = s.object({
  id: key,
  state: s.enumOf(['pending', 'running', 'succeeded', 'failed', 'skipped'] as const),
  /** Why a failed step failed (the other steps' details come back from the plan or the run). */
  detail: s.optional(s.string({ maxLength: 4000 })),
});
const runSchema = s.object({
  steps: s.array(stepSchema, { maxItems: maxSteps }),
  results: s.object({
    sites: s.array(s.object({ name: key, identifier: key, containerName: key }), { maxItems: maxSites }),
    providers: s.array(s.object({ hostKey: key, completed: s.array(s.enumOf(providerSetupSteps), { maxItems: 3 }), providerVersion: s.optional(key) }), { maxItems: maxHosts }),
    policy: s.optional(s.object({ id: text, name: key, created: s.boolean() })),
    jobs: s.array(s.object({ stepId: key, jobName: key }), { maxItems: maxSteps }),
  }),
});

export const enableReplicationSnapshot = s.object({
  form: s.object({
    page: s.enumOf(['vms', 'preflight', 'vmSettings', 'hostAccess', 'target', 'policy', 'review', 'run'] as const),
    selected: s.array(key, { maxItems: maxRunVms }),
    hostAccess: s.array(s.object({ hostKey: key, userName: s.string({ maxLength: 256 }), save: s.boolean() }), { maxItems: maxHosts }),
    resourceGroupId: text,
    storageAccountId: text,
    networkId: text,
    subnetName: key,
    vmSize: key,
    licenseType: s.enumOf(licenseChoices),
    osTypes: s.array(s.object({ vmKey: key, osType }), { maxItems: maxRunVms }),
    osDisks: s.array(s.object({ vmKey: key, diskName: s.string({ maxLength: 260 }) }), { maxItems: maxRunVms }),
    frequency: s.number({ integer: true, min: 0, max: 86400 }),
    retentionHours: s.string({ maxLength: 10 }),
    appConsistentHours: s.string({ maxLength: 10 }),
  }),
  plan: s.optional(planSchema),
  run: s.optional(runSchema),
});
export type EnableReplicationSnapshot = Infer<typeof enableReplicationSnapshot>;
export type SavedPlan = Infer<typeof planSchema>;
export type SavedRun = Infer<typeof runSchema>;

/**
 * The size limits of a restored snapshot: room for a run of maxRunVms VMs with every VM's OS and
 * OS disk chosen by hand (about 4,600 values and 110,000 characters), with a margin.
 */
export const enableReplicationSnapshotLimits: ScanLimits = { ...defaultScanLimits, maxNodes: 12_000, maxTotalChars: 262_144, maxEntries: maxSteps };

/** A restored interval: one ASR accepts, else the default (the schema only says it is a number). */
export function asInterval(n: number): ReplicationIntervalSeconds {
  return REPLICATION_INTERVALS_SECONDS.find((x) => x === n) ?? 300;
}

// ---- saving: what the run needs to resume ----

export function savedPlan(plan: RunPlan): SavedPlan {
  return {
    sites: plan.sites.map((x) => ({ ...x })),
    hosts: plan.hosts.map((h) => ({ key: h.key, setup: h.setup, site: h.site })),
    vms: plan.vms.map((v) => ({ key: v.key, osType: v.osType, osDiskName: v.osDiskName })),
    policy: structuredClone(plan.policy),
    target: { ...plan.target },
  };
}

export function savedRun(run: RunSaved): SavedRun {
  return {
    steps: run.steps.map((x) => ({ id: x.id, state: x.state, ...(x.state === 'failed' && x.detail !== undefined ? { detail: x.detail } : {}) })),
    results: structuredClone(run.results),
  };
}

// ---- restoring: the names from the estate, the ids checked ----

/** What the estate says of the plan's hosts and VMs now (undefined: not in the estate). */
export interface PlanEstate {
  host(key: string): Pick<PlanHost, 'name' | 'fqdn' | 'local'> | undefined;
  vm(key: string): Pick<PlanVm, 'vmId' | 'name' | 'hostKey'> | undefined;
}

export type RestoredPlan = { ok: true; plan: RunPlan } | { ok: false; problem: 'notInEstate' | 'notInVault' };

function inSubscription(id: string | undefined, subscriptionId: string): boolean {
  if (id === undefined) return true;
  const p = tryParseArmId(id);
  return p !== undefined && equalsIgnoreCase(p.subscriptionId, subscriptionId);
}

function inVault(policyId: string | undefined, vault: VaultRef): boolean {
  if (policyId === undefined) return true;
  try {
    return sameArmId(vaultId(parsePolicyId(policyId)), vaultId(vault));
  } catch {
    return false;
  }
}

/**
 * The plan of a restored run: its hosts and VMs must still be in the estate (their names, FQDNs
 * and VMIds are the estate's, each VM on one of the plan's hosts), and the Azure resources it
 * names must be in the connected vault (the policy) or its subscription (the target).
 */
export function restoredPlan(saved: SavedPlan, results: SavedRun['results'], estate: PlanEstate | undefined, vault: VaultRef): RestoredPlan {
  const t = saved.target;
  const ids = [t.resourceGroupId, t.storageAccountId, t.networkId, saved.policy.settings.storageAccountId];
  if (!ids.every((id) => inSubscription(id, vault.subscriptionId)) || !inVault(results.policy?.id, vault)) {
    return { ok: false, problem: 'notInVault' };
  }
  const hosts: PlanHost[] = [];
  for (const h of saved.hosts) {
    const now = estate?.host(h.key);
    if (!now) return { ok: false, problem: 'notInEstate' };
    hosts.push({ key: h.key, name: now.name, fqdn: now.fqdn, local: now.local, setup: h.setup, site: h.site });
  }
  const vms: PlanVm[] = [];
  for (const v of saved.vms) {
    const now = estate?.vm(v.key);
    if (!now || !hosts.some((h) => h.key === now.hostKey)) return { ok: false, problem: 'notInEstate' };
    vms.push({ key: v.key, vmId: now.vmId, name: now.name, hostKey: now.hostKey, osType: v.osType, osDiskName: v.osDiskName });
  }
  const settings = saved.policy.settings;
  const policy = { ...saved.policy, settings: { ...settings, replicationIntervalSeconds: asInterval(settings.replicationIntervalSeconds) } };
  return { ok: true, plan: { sites: saved.sites.map((x) => ({ ...x })), hosts, vms, policy, target: { ...t } } };
}
