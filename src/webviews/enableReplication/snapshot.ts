// What the Enable Replication wizard saves for a reload, checked like any message from the webview
// when the panel is restored: the form, and from Start on the plan and the run's steps and
// results. No password, ever.

import { providerSetupSteps } from '../../flows/hostSetup';
import { REPLICATION_INTERVALS_SECONDS, type ReplicationIntervalSeconds } from '../../services/azure/policies';
import { s, type Infer } from '../validate';
import { licenseChoices } from './targetChoices';

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
  sites: s.array(s.object({ name: key, create: s.boolean() }), { maxItems: 20 }),
  hosts: s.array(s.object({ key, name: key, fqdn: key, local: s.boolean(), setup: s.boolean(), site: key }), { maxItems: 50 }),
  vms: s.array(s.object({ key, vmId: key, name: key, hostKey: key, osType, osDiskName: s.string({ maxLength: 260 }) }), { maxItems: 200 }),
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
  detail: s.optional(s.string({ maxLength: 4000 })),
  percent: s.optional(s.number({ min: 0, max: 100 })),
});
const runSchema = s.object({
  steps: s.array(stepSchema, { maxItems: 200 }),
  results: s.object({
    sites: s.array(s.object({ name: key, identifier: key, containerName: key }), { maxItems: 20 }),
    providers: s.array(s.object({ hostKey: key, completed: s.array(s.enumOf(providerSetupSteps), { maxItems: 3 }), providerVersion: s.optional(key) }), { maxItems: 50 }),
    policy: s.optional(s.object({ id: text, name: key, created: s.boolean() })),
    jobs: s.array(s.object({ stepId: key, jobName: key }), { maxItems: 200 }),
  }),
});

export const enableReplicationSnapshot = s.object({
  form: s.object({
    page: s.enumOf(['vms', 'preflight', 'vmSettings', 'hostAccess', 'target', 'policy', 'review', 'run'] as const),
    selected: s.array(key, { maxItems: 200 }),
    hostAccess: s.array(s.object({ hostKey: key, userName: s.string({ maxLength: 256 }), save: s.boolean() }), { maxItems: 50 }),
    resourceGroupId: text,
    storageAccountId: text,
    networkId: text,
    subnetName: key,
    vmSize: key,
    licenseType: s.enumOf(licenseChoices),
    osTypes: s.array(s.object({ vmKey: key, osType }), { maxItems: 200 }),
    osDisks: s.array(s.object({ vmKey: key, diskName: s.string({ maxLength: 260 }) }), { maxItems: 200 }),
    frequency: s.number({ integer: true, min: 0, max: 86400 }),
    retentionHours: s.string({ maxLength: 10 }),
    appConsistentHours: s.string({ maxLength: 10 }),
  }),
  plan: s.optional(planSchema),
  run: s.optional(runSchema),
});
export type EnableReplicationSnapshot = Infer<typeof enableReplicationSnapshot>;

/** A restored interval: one ASR accepts, else the default (the schema only says it is a number). */
export function asInterval(n: number): ReplicationIntervalSeconds {
  return REPLICATION_INTERVALS_SECONDS.find((x) => x === n) ?? 300;
}
