/**
 * The protection journeys of one VM through the extension's own flows and services, for the tests
 * that run them under faults (lostAnswers.test.ts, faults/faultSuite.test.ts): Enable Replication
 * as the wizard's run does it (flows/enableReplication.ts), and each action as the commands and
 * wizards start it (flows/vmAction.ts), its job followed to the end (flows/followJob.ts).
 */
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { resourceGroupId, storageAccountId, type ProtectedItemRef } from '../../src/model/armId';
import { deriveProtectionStatus, type ProtectionKind } from '../../src/model/protectionStatus';
import { summarizeJob } from '../../src/model/jobSummary';
import { actionTitle, type VmAction } from '../../src/model/vmActions';
import { EnableReplicationRun } from '../../src/flows/enableReplication';
import type { RunPlan } from '../../src/flows/enableReplicationPlan';
import { azureServices } from '../../src/flows/enableReplicationServices';
import { followJob } from '../../src/flows/followJob';
import { startVmAction } from '../../src/flows/vmAction';
import type { AsrOperation } from '../../src/services/azure/asrOperation';
import type { VaultContext } from '../../src/services/azure/clients';
import { commitFailover, failback, plannedFailover, reverseReplication, testFailover, testFailoverCleanup, unplannedFailover } from '../../src/services/azure/failover';
import { getJob } from '../../src/services/azure/jobs';
import { disableProtection, getProtectedItem } from '../../src/services/azure/protection';
import { eventually } from './support';

/** The VM the journeys protect: ramh157v03 on RAM-H1-7 (registered), not protected in the essentials scenario. */
export const journeyVm = { vmId: '04e4fe1f-bfa6-407f-8db7-4fe897d4c40b', name: 'ramh157v03', osDiskName: 'ramh157v03-os', host: 'RAM-H1-7' };
const site = 'RAM-Site';
const container = 'cloud_eecac84c-1761-50ad-9624-a7092c581567';

export interface JourneyEnv {
  v: VaultContext;
  /** Jobs handed to the job tracker (what the status bar would show). */
  watched: string[];
  pollMs: number;
}

export function itemRef(v: VaultContext): ProtectedItemRef {
  return { ...v.vault, fabricName: site, containerName: container, protectedItemName: journeyVm.vmId };
}

export async function kindNow(env: JourneyEnv): Promise<ProtectionKind> {
  return deriveProtectionStatus(await getProtectedItem(env.v, itemRef(env.v))).kind;
}

/** Waits until the VM is `kind`, reading it as the estate's poller does: a failed read is only a read missed. */
export function waitKind(env: JourneyEnv, kind: ProtectionKind, timeoutMs = 60000): Promise<true> {
  return eventually(kind, async () => ((await kindNow(env).catch(() => undefined)) === kind ? true : undefined), timeoutMs);
}

/** How each action is started on the item (the failback "for synchronization": no job waits for a person). */
export const startAction: Readonly<Record<Exclude<VmAction, 'enableProtection'>, (v: VaultContext, item: ReplicationProtectedItem) => Promise<AsrOperation<unknown>>>> = {
  testFailover: (v, item) => testFailover(v, item, {}),
  testFailoverCleanup: (v, item) => testFailoverCleanup(v, item, 'Checked.'),
  plannedFailover: (v, item) => plannedFailover(v, item),
  unplannedFailover: (v, item) => unplannedFailover(v, item, { shutDownSource: true }),
  commit: (v, item) => commitFailover(v, item),
  failback: (v, item) => failback(v, item, { dataSyncOption: 'ForSynchronization', recoveryVmCreationOption: 'NoAction' }),
  reverseReplication: (v, item) => reverseReplication(v, item),
  disableProtection: (v, item) => disableProtection(v, item),
};

/** What an action did: its job (found after a lost answer or not) and how the job ended. */
export interface ActionOutcome {
  jobName: string;
  recovered: boolean;
  state: string;
}

/** Starts an action the way the commands do (flows/vmAction.ts) and follows its job to the end; throws unless the job succeeded. */
export async function runAction(env: JourneyEnv, action: Exclude<VmAction, 'enableProtection'>): Promise<ActionOutcome> {
  const ref = itemRef(env.v);
  const { started } = await startVmAction(
    {
      readItem: () => getProtectedItem(env.v, ref),
      setTransient: () => undefined,
      clearTransient: () => undefined,
      watchJob: (jobName) => env.watched.push(jobName),
      refresh: () => Promise.resolve(),
    },
    { action, vmName: journeyVm.name, transientText: `${actionTitle(action)}…`, start: (item) => startAction[action](env.v, item) },
  );
  const job = await followJob(env.v, started.jobName, { read: getJob, intervalMs: env.pollMs });
  const state = summarizeJob(job, new Date()).state;
  if (state !== 'Succeeded') throw new Error(`${actionTitle(action)}: its job ${started.jobName} ended ${state}.`);
  return { jobName: started.jobName, recovered: started.recovered === true, state };
}

/** The Enable Replication run's plan for the journey VM: the existing site, host and policy. */
export function enablePlan(subscriptionId: string): RunPlan {
  return {
    sites: [{ name: site, create: false }],
    hosts: [{ key: 'ram-h1-7', name: journeyVm.host, fqdn: `${journeyVm.host}.contoso.local`, local: false, setup: false, site }],
    vms: [{ key: journeyVm.vmId, vmId: journeyVm.vmId, name: journeyVm.name, hostKey: 'ram-h1-7', osType: 'Windows', osDiskName: journeyVm.osDiskName }],
    policy: {
      kind: 'reuse',
      name: 'RAM-Policy',
      settings: {
        replicationIntervalSeconds: 300,
        recoveryPointHistoryHours: 4,
        appConsistentFrequencyHours: 1,
        storageAccountId: storageAccountId(subscriptionId, 'RAM-DR-RG', 'ramdrstorage01'),
      },
    },
    target: {
      resourceGroupId: resourceGroupId(subscriptionId, 'RAM-Recovery-RG'),
      storageAccountId: storageAccountId(subscriptionId, 'RAM-DR-RG', 'ramdrstorage01'),
      licenseType: 'NoLicenseType',
    },
  };
}

/** Runs Enable Replication for the journey VM as the wizard's run page does; throws with the failed step's reason. */
export async function runEnable(env: JourneyEnv, subscriptionId: string): Promise<void> {
  const run = new EnableReplicationRun(enablePlan(subscriptionId), {
    vaultContext: () => Promise.resolve(env.v),
    services: azureServices,
    // The host is registered already: the run needs no PowerShell.
    runner: { run: () => Promise.reject(new Error('No script runs in this run.')) },
    hostTarget: () => Promise.reject(new Error('No host needs PowerShell in this run.')),
    watchJob: (jobName) => env.watched.push(jobName),
    pollIntervalMs: env.pollMs,
    connectTimeoutMs: 30000,
  });
  await run.start();
  const failed = run.failedStep;
  if (failed) throw new Error(`Enable Replication stopped at "${failed.label}": ${failed.detail ?? ''}`);
}
