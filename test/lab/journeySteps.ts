import type { ProtectableItem, SiteRecoveryManagementClient } from '@azure/arm-recoveryservices-siterecovery';
import { collect, eventually, fastPoll } from './support';

/** The vhdId of the protectable item's disk named `vhdName` (the VHD file name without extension); throws when absent. */
export function osDiskId(item: ProtectableItem, vhdName: string): string {
  const disks = (item.properties?.customDetails as { diskDetails?: { vhdId?: string; vhdName?: string }[] } | undefined)?.diskDetails ?? [];
  const found = disks.find((d) => d.vhdName?.toLowerCase() === vhdName.toLowerCase());
  if (!found?.vhdId) throw new Error(`No disk named ${vhdName} among ${disks.map((d) => d.vhdName).join(', ')}.`);
  return found.vhdId;
}

/**
 * The Hyper-V to Azure journey as plain SDK calls, for tests that need to run it under other
 * conditions (faults, other scenarios). Returns the protection state seen after each step.
 */
export async function runSdkJourney(
  asr: SiteRecoveryManagementClient,
  p: { subscriptionId: string; rg: string; vault: string; site: string; vmId: string; vmName: string; osDiskName: string; policy: string },
): Promise<string[]> {
  const { rg, vault, site, vmId } = p;
  const seen: string[] = [];
  const containers = await collect(asr.replicationProtectionContainers.listByReplicationFabrics(vault, rg, site));
  const container = containers[0].name!;
  const get = async (): Promise<string> => {
    const i = await asr.replicationProtectedItems.get(vault, rg, site, container, vmId);
    return `${i.properties?.protectionState}/${i.properties?.testFailoverState}/${(i.properties?.allowedOperations ?? []).join('+')}`;
  };
  const protectable = await asr.replicationProtectableItems.get(vault, rg, site, container, vmId);
  const custom = protectable.properties?.customDetails as { sourceItemId: string };
  // Azure lists every disk as "Data": the client names the OS disk (here: the scenario's).
  const osVhd = osDiskId(protectable, p.osDiskName);
  const policy = await asr.replicationPolicies.get(vault, rg, p.policy);
  const storage = `/subscriptions/${p.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/ramdrstorage01`;
  await asr.replicationProtectedItems.beginCreateAndWait(
    vault,
    rg,
    site,
    container,
    vmId,
    {
      properties: {
        policyId: policy.id,
        protectableItemId: protectable.id,
        providerSpecificDetails: {
          instanceType: 'HyperVReplicaAzure',
          hvHostVmId: custom.sourceItemId,
          vmName: p.vmName,
          osType: 'Windows',
          vhdId: osVhd,
          targetStorageAccountId: storage,
          targetAzureVmName: p.vmName,
          targetAzureV2ResourceGroupId: `/subscriptions/${p.subscriptionId}/resourceGroups/RAM-Recovery-RG`,
        },
      },
    },
    fastPoll,
  );
  seen.push(await get());
  await eventually('Protected', async () => ((await get()).startsWith('Protected/') ? true : undefined), 30000);
  seen.push(await get());
  await asr.replicationProtectedItems.beginTestFailoverAndWait(
    vault,
    rg,
    site,
    container,
    vmId,
    {
      properties: { failoverDirection: 'PrimaryToRecovery', networkType: 'NoNetworkAttachAsInput', providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } },
    },
    fastPoll,
  );
  seen.push(await get());
  await asr.replicationProtectedItems.beginTestFailoverCleanupAndWait(vault, rg, site, container, vmId, { properties: { comments: 'ok' } }, fastPoll);
  seen.push(await get());
  await asr.replicationProtectedItems.beginPlannedFailoverAndWait(
    vault,
    rg,
    site,
    container,
    vmId,
    {
      properties: { failoverDirection: 'PrimaryToRecovery', providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } },
    },
    fastPoll,
  );
  seen.push(await get());
  await asr.replicationProtectedItems.beginFailoverCommitAndWait(vault, rg, site, container, vmId, fastPoll);
  seen.push(await get());
  await asr.replicationProtectedItems.beginPlannedFailoverAndWait(
    vault,
    rg,
    site,
    container,
    vmId,
    {
      properties: {
        failoverDirection: 'RecoveryToPrimary',
        providerSpecificDetails: { instanceType: 'HyperVReplicaAzureFailback', dataSyncOption: 'ForDownTime', recoveryVmCreationOption: 'NoAction' },
      },
    },
    fastPoll,
  );
  // ForDownTime: the failback job waits (Suspended) after the first synchronisation until Resume.
  const failbackJob = (await asr.replicationProtectedItems.get(vault, rg, site, container, vmId)).properties?.currentScenario?.jobId?.split('/').pop() ?? '';
  await eventually('failback suspended', async () => ((await asr.replicationJobs.get(vault, rg, failbackJob)).properties?.state === 'Suspended' ? true : undefined), 30000);
  seen.push(`Suspended:${await get()}`);
  await asr.replicationJobs.beginResumeAndWait(vault, rg, failbackJob, { properties: { comments: ' ' } }, fastPoll);
  await eventually('failback done', async () => ((await asr.replicationJobs.get(vault, rg, failbackJob)).properties?.state === 'Succeeded' ? true : undefined), 30000);
  seen.push(await get());
  await asr.replicationProtectedItems.beginFailoverCommitAndWait(vault, rg, site, container, vmId, fastPoll);
  seen.push(await get());
  await asr.replicationProtectedItems.beginReprotectAndWait(
    vault,
    rg,
    site,
    container,
    vmId,
    {
      properties: {
        failoverDirection: 'PrimaryToRecovery',
        providerSpecificDetails: { instanceType: 'HyperVReplicaAzure', hvHostVmId: vmId, vmName: p.vmName, osType: 'Windows', vHDId: osVhd, storageAccountId: storage },
      },
    },
    fastPoll,
  );
  seen.push(await get());
  await eventually('Protected again', async () => ((await get()).startsWith('Protected/') ? true : undefined), 30000);
  await asr.replicationProtectedItems.beginDeleteAndWait(vault, rg, site, container, vmId, { properties: { disableProtectionReason: 'NotSpecified' } }, fastPoll);
  seen.push('Disabled');
  return seen;
}
