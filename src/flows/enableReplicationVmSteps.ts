// The VMs' side of an Enable Replication run (src/flows/enableReplication.ts): enable replication
// for each VM (its OS disk found among the disks the vault lists), then follow the protected items
// until initial replication is under way for all of them. Each step's handler takes the run as a
// RunContext (src/flows/enableReplicationSteps.ts).

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
  if (!policy || !host) throw new Error('The replication policy or the host is not known yet: press Retry.');
  const site = siteOf(run, host.site);
  const previous = jobOf(run, s.id);
  if (previous) {
    const job = await run.env.services.getJob(vctx, previous).catch(() => undefined);
    const state = job ? summarizeJob(job, new Date()).state : undefined;
    if (state === 'Succeeded' || state === 'InProgress' || state === 'NotStarted') {
      // Reported again: after a reload the status bar may not know it any more.
      if (state !== 'Succeeded') run.env.watchJob(previous, vm.name);
      await followStepJob(run, vctx, s, previous, false);
      run.set(s, 'succeeded', `Replication is enabled for ${vm.name}.`);
      return;
    }
  }
  run.set(s, 'running', `Reading ${vm.name} from the vault…`);
  const items = await listProtectable(run, vctx, host.site);
  rememberProtectable(run, items);
  const item = run.protectable.get(vm.key);
  if (!item) throw new Error(`The vault does not list ${vm.name} as a VM it can protect. Check that ${host.name} is connected and the VM still exists, then press Retry.`);
  if (!equalsIgnoreCase(item.properties?.protectionStatus ?? 'Unprotected', 'Unprotected')) {
    run.set(s, 'succeeded', `Replication was already enabled for ${vm.name}.`);
    return;
  }
  const refusal = protectableItemRefusal(item, vm.name);
  if (refusal !== undefined) throw new Error(`${refusal} Fix this on the VM, then press Retry.`);
  const osDisk = osDiskOf(item, vm);
  const t = run.plan.target;
  run.set(s, 'running', `Enabling replication for ${vm.name}…`);
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
  run.set(s, 'succeeded', `Replication is enabled for ${vm.name}.`);
}

export async function followReplication(run: RunContext, vctx: VaultContext, s: MutableStep): Promise<void> {
  run.set(s, 'running', 'Reading the protected items…');
  const deadline = Date.now() + run.env.connectTimeoutMs;
  for (;;) {
    const parts: string[] = [];
    const percents: number[] = [];
    let waiting = 0;
    for (const vm of run.plan.vms) {
      const host = run.plan.hosts.find((h) => h.key === vm.hostKey);
      if (!host) continue;
      const site = siteOf(run, host.site);
      const item = await run.env.services.getProtectedItem(vctx, { ...vctx.vault, fabricName: site.name, containerName: site.containerName, protectedItemName: run.protectable.get(vm.key)?.name ?? vm.vmId });
      const state = item.properties?.protectionState ?? '';
      const pct = hyperVReplicaDetails(item)?.initialReplicationProgressPercentage;
      if (equalsIgnoreCase(state, 'Protected')) {
        parts.push(`${vm.name}: protected`);
        percents.push(100);
      } else if (equalsIgnoreCase(state, 'InitialReplicationInProgress')) {
        parts.push(`${vm.name}: initial replication ${pct ?? 0}%`);
        percents.push(pct ?? 0);
      } else {
        waiting++;
        parts.push(`${vm.name}: ${item.properties?.protectionStateDescription ?? (state || 'starting')}`);
        percents.push(0);
      }
    }
    const average = percents.length > 0 ? Math.round(percents.reduce((a, b) => a + b, 0) / percents.length) : 0;
    if (waiting === 0) {
      run.set(s, 'succeeded', `${parts.join('; ')}. Initial replication goes on in Azure; the status bar and the tree follow it.`, average);
      return;
    }
    if (Date.now() > deadline) throw new Error(`Initial replication has not started yet (${parts.join('; ')}). Look at the jobs in the Jobs view, then press Retry.`);
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
    `The vault lists the disks of ${vm.name} as ${names || 'none'}, and none of them is the operating system disk chosen (${vm.osDiskName}). Close this page, open Enable Replication for ${vm.name} again and choose its operating system disk among these.`,
  );
}
