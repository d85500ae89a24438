// The VMs' side of an Enable Replication run (src/flows/enableReplication.ts): enable replication
// for each VM (its OS disk found among the disks the vault lists), then follow the protected items
// until initial replication is under way for all of them. Each step's handler takes the run as a
// RunContext (src/flows/enableReplicationSteps.ts).

import * as l10n from '@vscode/l10n';
import type { ProtectableItem } from '@azure/arm-recoveryservices-siterecovery';
import { summarizeJob } from '../model/jobSummary';
import { findDiskByName, type NamedDisk } from '../model/osDisk';
import { hyperVReplicaDetails } from '../model/protectedItem';
import { equalsIgnoreCase } from '../model/wireValues';
import type { VaultContext } from '../services/azure/clients';
import { protectableDisks, protectableItemRefusal } from '../services/azure/protection';
import type { PlanVm } from './enableReplicationPlan';
import { listProtectable, rememberProtectable } from './enableReplicationHostSteps';
import { followStepJob, jobOf, siteOf, sleep, type MutableStep, type RunContext } from './enableReplicationSteps';

export async function enableVm(run: RunContext, vctx: VaultContext, s: MutableStep, vm: PlanVm): Promise<void> {
  const policy = run.results.policy;
  const host = run.plan.hosts.find((h) => h.key === vm.hostKey);
  if (!policy || !host) throw new Error(l10n.t('The replication policy or the host is not known yet: press Retry.'));
  const site = siteOf(run, host.site);
  const previous = jobOf(run, s.id);
  if (previous) {
    const job = await run.env.services.getJob(vctx, previous).catch(() => undefined);
    const state = job ? summarizeJob(job, new Date()).state : undefined;
    if (state === 'Succeeded' || state === 'InProgress' || state === 'NotStarted') {
      // Reported again: after a reload the status bar may not know it any more.
      if (state !== 'Succeeded') run.env.watchJob(previous, vm.name);
      await followStepJob(run, vctx, s, previous, false);
      run.set(s, 'succeeded', l10n.t('Replication is enabled for {0}.', vm.name));
      return;
    }
  }
  run.set(s, 'running', l10n.t('Reading {0} from the vault…', vm.name));
  const items = await listProtectable(run, vctx, host.site);
  rememberProtectable(run, items);
  const item = run.protectable.get(vm.key);
  if (!item)
    throw new Error(l10n.t('The vault does not list {0} as a VM it can protect. Check that {1} is connected and the VM still exists, then press Retry.', vm.name, host.name));
  if (!equalsIgnoreCase(item.properties?.protectionStatus ?? 'Unprotected', 'Unprotected')) {
    run.set(s, 'succeeded', l10n.t('Replication was already enabled for {0}.', vm.name));
    return;
  }
  const refusal = protectableItemRefusal(item, vm.name);
  if (refusal !== undefined) throw new Error(l10n.t('{0} Fix this on the VM, then press Retry.', refusal));
  const osDisk = osDiskOf(item, vm);
  const t = run.plan.target;
  run.set(s, 'running', l10n.t('Enabling replication for {0}…', vm.name));
  const op = await run.env.services.enableProtection(vctx, {
    fabricName: site.name,
    containerName: site.containerName,
    protectedItemName: item.name ?? vm.vmId,
    policyId: policy.id,
    protectableItem: item,
    vmName: vm.name,
    osType: vm.osType,
    osDiskVhdId: osDisk.vhdId,
    logStorageAccountId: t.storageAccountId,
    targetResourceGroupId: t.resourceGroupId,
    ...(t.networkId !== undefined ? { targetNetworkId: t.networkId, ...(t.subnetName ? { targetSubnetName: t.subnetName } : {}) } : {}),
    ...(t.vmSize !== undefined ? { targetVmSize: t.vmSize } : {}),
    // Azure Hybrid Benefit only when chosen (the spec's enum; no H2A recording sends licenseType).
    ...(vm.osType === 'Windows' && t.licenseType === 'WindowsServer' ? { licenseType: t.licenseType } : {}),
  });
  run.env.watchJob(op.jobName, vm.name);
  await followStepJob(run, vctx, s, op.jobName, false);
  run.set(s, 'succeeded', l10n.t('Replication is enabled for {0}.', vm.name));
}

export async function followReplication(run: RunContext, vctx: VaultContext, s: MutableStep): Promise<void> {
  run.set(s, 'running', l10n.t('Reading the protected items…'));
  const deadline = Date.now() + run.env.connectTimeoutMs;
  for (;;) {
    const parts: string[] = [];
    const percents: number[] = [];
    let waiting = 0;
    for (const vm of run.plan.vms) {
      const host = run.plan.hosts.find((h) => h.key === vm.hostKey);
      if (!host) continue;
      const site = siteOf(run, host.site);
      const item = await run.env.services.getProtectedItem(vctx, {
        ...vctx.vault,
        fabricName: site.name,
        containerName: site.containerName,
        protectedItemName: run.protectable.get(vm.key)?.name ?? vm.vmId,
      });
      const state = item.properties?.protectionState ?? '';
      const pct = hyperVReplicaDetails(item)?.initialReplicationProgressPercentage;
      if (equalsIgnoreCase(state, 'Protected')) {
        parts.push(l10n.t('{0}: protected', vm.name));
        percents.push(100);
      } else if (equalsIgnoreCase(state, 'InitialReplicationInProgress')) {
        parts.push(l10n.t('{0}: initial replication {1}%', vm.name, pct ?? 0));
        percents.push(pct ?? 0);
      } else {
        waiting++;
        parts.push(`${vm.name}: ${item.properties?.protectionStateDescription ?? (state || l10n.t('starting'))}`);
        percents.push(0);
      }
    }
    const average = percents.length > 0 ? Math.round(percents.reduce((a, b) => a + b, 0) / percents.length) : 0;
    if (waiting === 0) {
      run.set(s, 'succeeded', l10n.t('{0}. Initial replication goes on in Azure; the status bar and the tree follow it.', parts.join('; ')), average);
      return;
    }
    if (Date.now() > deadline) throw new Error(l10n.t('Initial replication has not started yet ({0}). Look at the jobs in the Jobs view, then press Retry.', parts.join('; ')));
    run.set(s, 'running', parts.join('; '), average);
    await sleep(run.env.pollIntervalMs, run.signal);
  }
}

/**
 * The OS disk chosen for the VM among the disks the vault lists for it, by name as Az PowerShell
 * matches -OSDiskName (src/model/osDisk.ts). A VM with one disk: that disk.
 */
export function osDiskOf(item: ProtectableItem, vm: PlanVm): NamedDisk {
  const disks = protectableDisks(item);
  const found = findDiskByName(disks, vm.osDiskName) ?? (disks.length === 1 ? disks[0] : undefined);
  if (found) return found;
  const names = disks.map((d) => d.vhdName || d.vhdId).join(', ');
  throw new Error(
    l10n.t(
      'The vault lists the disks of {0} as {1}, and none of them is the operating system disk chosen ({2}). Close this page, open Enable Replication for {0} again and choose its operating system disk among these.',
      vm.name,
      names || l10n.t('none'),
      vm.osDiskName,
    ),
  );
}
