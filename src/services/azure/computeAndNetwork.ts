// A protected VM's Compute and Network settings (issue 16 §1; docs/evidence/compute-network.md):
// the target VM name and size, the target network and, per network adapter, its subnet and static
// IP, changed through ASR's update of the protected item (ReplicationProtectedItems_Update, a job
// like the actions). The input is built from the item's current settings so that what is not
// changed — the other adapters above all — is sent back as it is, as Az PowerShell's
// Set-AzRecoveryServicesAsrReplicationProtectedItem does.

import type {
  HyperVReplicaAzureReplicationDetails,
  ReplicationProtectedItem,
  UpdateReplicationProtectedItemInput,
  VMNicDetails,
  VMNicInputDetails,
} from '@azure/arm-recoveryservices-siterecovery';
import { tryParseArmId } from '../../model/armId';
import { readProp, asStrings } from '../../model/wireValues';
import type { StaticIpClaim } from '../../model/computeNetworkRules';
import type { AsrOperation, AsrOperationOptions } from './asrOperation';
import { startAsrOperation } from './asrOperation';
import { auditAsrOperation } from './auditLog';
import type { VaultContext } from './clients';
import { siteRecoveryClient } from './clients';
import { ActionNotAllowedError, InvalidInputError } from './errors';
import { vmNameOf } from './failover';
import { refOfItem } from './protection';

/** One network adapter's new recovery settings. `staticIp` null: dynamic; undefined: unchanged. */
export interface NicChange {
  nicId: string;
  subnetName?: string;
  staticIp?: string | null;
}

/** What the Compute and Network page changes; what is left out stays as the item has it. */
export interface ComputeNetworkChange {
  vmName?: string;
  vmSize?: string;
  networkId?: string;
  nics?: readonly NicChange[];
}

export function hyperVAzureDetails(item: ReplicationProtectedItem): HyperVReplicaAzureReplicationDetails | undefined {
  const d = item.properties?.providerSpecificDetails;
  return d !== undefined && d.instanceType === 'HyperVReplicaAzure' ? (d as HyperVReplicaAzureReplicationDetails) : undefined;
}

/**
 * Whether the settings may be changed now: a Hyper-V to Azure item protected on the primary side
 * with nothing running, i.e. allowing a test failover or a planned failover (asr-api-facts 1.3: a
 * protected item allows `[PlannedFailover, UnplannedFailover, DisableProtection, TestFailover]`, a
 * running job none). The lab accepts an update during initial replication too; being stricter
 * sends nothing Azure would refuse.
 */
export function computeNetworkBlocker(item: ReplicationProtectedItem): string | undefined {
  const vm = vmNameOf(item);
  if (hyperVAzureDetails(item) === undefined) return `"${vm}" has no Hyper-V to Azure replication details, so its Compute and Network settings cannot be changed here.`;
  const allowed = (asStrings(readProp(readProp(item, 'properties'), 'allowedOperations')) ?? []).map((o) => o.toLowerCase());
  if (!allowed.includes('testfailover') && !allowed.includes('plannedfailover')) {
    return `The Compute and Network settings of "${vm}" can be changed once it is protected and no operation runs on it (it is ${item.properties?.protectionStateDescription ?? item.properties?.protectionState ?? 'busy'} now).`;
  }
  return undefined;
}

/** The first ipConfig of an adapter as the item lists it. */
function currentIpConfig(nic: VMNicDetails): { name?: string; isPrimary?: boolean; isSeletedForFailover?: boolean; recoverySubnetName?: string; recoveryStaticIPAddress?: string } {
  const c = nic.ipConfigs?.[0];
  const out: { name?: string; isPrimary?: boolean; isSeletedForFailover?: boolean; recoverySubnetName?: string; recoveryStaticIPAddress?: string } = {};
  if (c?.name) out.name = c.name;
  if (c?.isPrimary !== undefined) out.isPrimary = c.isPrimary;
  if (c?.isSeletedForFailover !== undefined) out.isSeletedForFailover = c.isSeletedForFailover;
  if (c?.recoverySubnetName) out.recoverySubnetName = c.recoverySubnetName;
  if (c?.recoveryStaticIPAddress) out.recoveryStaticIPAddress = c.recoveryStaticIPAddress;
  return out;
}

/**
 * One adapter of the input: its change if any, else what the item has (the cmdlet's getNicListToUpdate:
 * `vMNicInputDetails.NicId = nDetails.NicId; vMNicInputDetails.RecoveryVMSubnetName = nDetails.RecoveryVMSubnetName; …`).
 * The shape of SPEC-EX ReplicationProtectedItems_Update.json: `{"ipConfigs": [{"ipConfigName", "isPrimary",
 * "recoveryStaticIPAddress", "recoverySubnetName"}], "nicId", "selectionType": "SelectedByUser"}`; an
 * empty recoveryStaticIPAddress is dynamic (as the item reads back: `"recoveryStaticIPAddress": ""`).
 */
function nicInput(nic: VMNicDetails, change: NicChange | undefined): VMNicInputDetails {
  const c = currentIpConfig(nic);
  const subnet = change?.subnetName ?? c.recoverySubnetName;
  const ip = change?.staticIp === undefined ? c.recoveryStaticIPAddress : (change.staticIp ?? '');
  return {
    nicId: nic.nicId ?? '',
    selectionType: nic.selectionType ?? 'SelectedByUser',
    ipConfigs: [
      {
        ...(c.name !== undefined ? { ipConfigName: c.name } : {}),
        isPrimary: c.isPrimary ?? true,
        isSeletedForFailover: c.isSeletedForFailover ?? true,
        ...(subnet !== undefined ? { recoverySubnetName: subnet } : {}),
        ...(ip !== undefined ? { recoveryStaticIPAddress: ip } : {}),
      },
    ],
  };
}

/**
 * The update's body: every property from the item unless the change sets it (the cmdlet: `if
 * (string.IsNullOrEmpty(this.Name)) { vmName = providerSpecificDetails.RecoveryAzureVmName; }` and so
 * on), every adapter of the item, and the provider input the cmdlet sends for a resource manager
 * item (`RecoveryAzureV2ResourceGroupId = recoveryResourceGroupId, UseManagedDisks = useManagedDisk`).
 * Refuses (InvalidInputError) an adapter the item does not have (the cmdlet's
 * NicNotFoundInVMForUpdateVmProperties) and a change that changes nothing (ArgumentsMissingForUpdateVmProperties).
 */
export function buildComputeNetworkInput(item: ReplicationProtectedItem, change: ComputeNetworkChange): UpdateReplicationProtectedItemInput {
  const vm = vmNameOf(item);
  const d = hyperVAzureDetails(item);
  if (d === undefined) throw new InvalidInputError(`"${vm}" has no Hyper-V to Azure replication details.`, 'item');
  const nics = d.vmNics ?? [];
  for (const n of change.nics ?? []) {
    if (!nics.some((x) => x.nicId?.toLowerCase() === n.nicId.toLowerCase())) throw new InvalidInputError(`"${vm}" has no network adapter "${n.nicId}".`, 'nicId');
  }
  if (change.vmName === undefined && change.vmSize === undefined && change.networkId === undefined && (change.nics ?? []).length === 0) {
    throw new InvalidInputError(`Nothing to change in the Compute and Network settings of "${vm}".`, 'change');
  }
  if (change.networkId !== undefined && tryParseArmId(change.networkId) === undefined)
    throw new InvalidInputError(`"${change.networkId}" is not a virtual network id.`, 'networkId');
  const vmName = change.vmName ?? d.recoveryAzureVmName;
  const vmSize = change.vmSize ?? d.recoveryAzureVMSize;
  const networkId = change.networkId ?? d.selectedRecoveryAzureNetworkId;
  return {
    properties: {
      ...(vmName ? { recoveryAzureVMName: vmName } : {}),
      ...(vmSize ? { recoveryAzureVMSize: vmSize } : {}),
      ...(networkId ? { selectedRecoveryAzureNetworkId: networkId } : {}),
      ...(d.selectedSourceNicId ? { selectedSourceNicId: d.selectedSourceNicId } : {}),
      // The item's license type only when it is one the update takes (the cmdlet turns anything but
      // NoLicenseType into WindowsServer, which would change the VM's licensing: not copied).
      ...(d.licenseType === 'NoLicenseType' || d.licenseType === 'WindowsServer' ? { licenseType: d.licenseType } : {}),
      vmNics: nics.map((n) =>
        nicInput(
          n,
          (change.nics ?? []).find((c) => c.nicId.toLowerCase() === n.nicId?.toLowerCase()),
        ),
      ),
      providerSpecificDetails: {
        instanceType: 'HyperVReplicaAzure',
        ...(d.recoveryAzureResourceGroupId ? { recoveryAzureV2ResourceGroupId: d.recoveryAzureResourceGroupId } : {}),
        ...(d.useManagedDisks ? { useManagedDisks: d.useManagedDisks } : {}),
      },
    },
  };
}

/** The static IPs the given protected items ask for, per network (for the uniqueness rule), except `exceptItem`'s. */
export function staticIpClaims(items: readonly ReplicationProtectedItem[], exceptItem?: string): StaticIpClaim[] {
  const out: StaticIpClaim[] = [];
  for (const item of items) {
    const d = hyperVAzureDetails(item);
    if (!d || item.name?.toLowerCase() === exceptItem?.toLowerCase()) continue;
    for (const nic of d.vmNics ?? []) {
      const networkId = nic.recoveryVMNetworkId ?? d.selectedRecoveryAzureNetworkId;
      const address = nic.ipConfigs?.[0]?.recoveryStaticIPAddress;
      if (networkId && address) out.push({ vmName: vmNameOf(item), networkId, address });
    }
  }
  return out;
}

/**
 * Sends the update (PATCH; refused locally, nothing sent, unless computeNetworkBlocker allows it)
 * and returns its job at once (startAsrOperation). A PATCH is idempotent, so the SDK's own retries
 * apply (unlike the POST actions of failover.ts). The audit trail records it.
 */
export async function updateComputeAndNetwork(
  vctx: VaultContext,
  item: ReplicationProtectedItem,
  change: ComputeNetworkChange,
  operationOptions?: AsrOperationOptions,
): Promise<AsrOperation<ReplicationProtectedItem>> {
  const send = (): Promise<AsrOperation<ReplicationProtectedItem>> => {
    const blocker = computeNetworkBlocker(item);
    if (blocker !== undefined) throw new ActionNotAllowedError(blocker);
    const input = buildComputeNetworkInput(item, change);
    const ref = refOfItem(item);
    return startAsrOperation(
      vctx,
      (o) =>
        siteRecoveryClient(vctx).replicationProtectedItems.beginUpdate(
          vctx.vault.vaultName,
          vctx.vault.resourceGroup,
          ref.fabricName,
          ref.containerName,
          ref.protectedItemName,
          input,
          o,
        ),
      operationOptions,
    );
  };
  return auditAsrOperation(vctx, { operation: 'Update compute and network', target: vmNameOf(item) }, send, operationOptions?.abortSignal);
}
