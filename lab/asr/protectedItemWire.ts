/**
 * The parts of a replication protected item's wire JSON below its top level (AsrWire.protectedItem):
 * its HyperVReplicaAzure replication details, its state texts and its health errors. Like the rest
 * of wire.ts, they follow the recorded traffic of the real service (shared/reference/asr-recordings).
 */
import type { AsrEngine } from './engine';
import { diskVhdId } from './engine';
import type { ProtectedItemState, VmState } from '../state';
import { nicId, vhdNameOf } from './hyperVNames';
import { wholeSecondsIso, type RpoFields } from './replicationStream';

/** The state of a protected item as ASR words it, for the item and for its VM. */
export interface ProtectionStateTexts {
  protectionState: string;
  description: string;
  vmProtectionState: string;
  vmDescription: string;
}

/** What the replication details show beside the item itself, worked out once by AsrWire.protectedItem. */
export interface ItemFacts {
  vm: VmState | undefined;
  rpo: RpoFields;
  state: ProtectionStateTexts;
}

/** The item's `providerSpecificDetails` (HyperVReplicaAzure). `inList`: as a list returns the item. */
export function replicationDetails(engine: AsrEngine, item: ProtectedItemState, facts: ItemFacts, inList: boolean | undefined): object {
  const { vm, rpo, state } = facts;
  const lastPoint = rpo.lastRecoveryPoint;
  return {
    instanceType: 'HyperVReplicaAzure',
    // After protection the disk the client named as the OS disk (vhdId of the enable
    // request) is labelled "OperatingSystem": CreateProtectedItem.json sent
    // `"vhdId": "5b9a6520-…"` for a protectable disk of `"vhdType": "Data"`, and the protected
    // item then lists `"vhdType": "OperatingSystem", "vhdId": "5b9a6520-…"` (entries 8, 9).
    azureVmDiskDetails: (vm?.disks ?? []).map((d, i) => ({
      vhdType: diskVhdId(item.vmId, d.name).toLowerCase() === item.osDiskVhdId.toLowerCase() ? 'OperatingSystem' : 'Data',
      vhdId: diskVhdId(item.vmId, d.name),
      diskId: `${item.vmId.toUpperCase()}_${diskVhdId(item.vmId, d.name).toUpperCase()}_0_${i}`,
      vhdName: vhdNameOf(d.name),
      maxSizeMB: String(d.sizeGB * 1024),
      targetDiskLocation: null,
      targetDiskName: null,
      lunId: String(i),
      diskEncryptionSetId: null,
    })),
    recoveryAzureVmName: item.targetAzureVmName,
    recoveryAzureVMSize: item.targetVmSize,
    // Replication to managed disks: `"recoveryAzureStorageAccount": null` and the log account in
    // `recoveryAzureLogStorageAccountId` (UpdateRPIWithMangedDisksForReplication.json @c953c8be);
    // the older form the other way round (CreateProtectedItem.json entries 8, 9).
    recoveryAzureStorageAccount: item.targetStorageAccountId ?? null,
    recoveryAzureLogStorageAccountId: item.logStorageAccountId ?? null,
    // The RPO fields (replicationStream.ts): all null during initial replication
    // (CreateProtectedItem.json entries 8-9: "rpoInSeconds": null, "lastRpoCalculatedTime": null,
    // "lastReplicatedTime": null with protectionState "InitialReplicationInProgress").
    lastReplicatedTime: lastPoint ? wholeSecondsIso(lastPoint.time) : null,
    rpoInSeconds: rpo.rpoInSeconds,
    lastRpoCalculatedTime: rpo.lastRpoCalculatedTime?.toISOString() ?? null,
    vmId: item.vmId,
    vmProtectionState: state.vmProtectionState,
    vmProtectionStateDescription: state.vmDescription,
    initialReplicationDetails: {
      initialReplicationType: 'InitialReplication',
      initialReplicationProgressPercentage: String(engine.initialReplicationPercent(item)),
    },
    vmNics: vmNics(item, vm),
    selectedRecoveryAzureNetworkId: item.targetNetworkId ?? null,
    selectedSourceNicId: vm?.networkAdapters?.[0] ? nicId(item.vmId, vm.networkAdapters[0].name) : null,
    encryption: 'Disabled',
    oSDetails: {
      osType: item.osType,
      productType: 'UNKNOWN',
      osEdition: vm?.osName ?? '',
      oSVersion: '',
      oSMajorVersion: '0',
      oSMinorVersion: '0',
    },
    sourceVmRamSizeInMB: vm?.memoryMB ?? 1024,
    sourceVmCpuCount: vm?.processorCount ?? 1,
    enableRdpOnTargetOption: 'Never',
    recoveryAzureResourceGroupId: item.targetResourceGroupId,
    recoveryAvailabilitySetId: null,
    targetAvailabilityZone: null,
    targetProximityPlacementGroupId: null,
    useManagedDisks: item.useManagedDisks ? 'true' : 'false',
    licenseType: item.licenseType,
    sqlServerLicenseType: 'NotSpecified',
    lastRecoveryPointReceived: lastPoint?.time.toISOString() ?? null,
    targetVmTags: {},
    seedManagedDiskTags: null,
    targetManagedDiskTags: null,
    targetNicTags: {},
    // One seed managed disk per replicated disk in a single-item GET; `[]` for the same item in
    // the container's list (UpdateRPIWithMangedDisksForReplication.json @c953c8be).
    protectedManagedDisks: item.managedDiskReplication && !inList ? seedManagedDisks(item, vm) : [],
  };
}

/** The VM's network adapters, as the item lists them. */
function vmNics(item: ProtectedItemState, vm: VmState | undefined): object[] {
  return (vm?.networkAdapters ?? []).map((nic, index) => vmNic(item, nicId(item.vmId, nic.name), nic.switchName, index === 0));
}

/**
 * One adapter as the item lists it. Its recovery subnet and static IP: what an update set
 * (item.nicTargets, lab/asr/itemUpdateRoutes.ts), else the item's own for the first adapter
 * (enable time's subnet, the static IP of /_lab/items/staticIp) and the enable-time subnet for the others.
 */
function vmNic(item: ProtectedItemState, id: string, switchName: string, first: boolean): object {
  const target = item.nicTargets?.get(id.toLowerCase());
  const staticIp = first ? item.targetStaticIp : target?.staticIp;
  return {
    nicId: id,
    replicaNicId: null,
    sourceNicArmId: null,
    vMNetworkName: switchName,
    recoveryVMNetworkId: item.targetNetworkId ?? null,
    ipConfigs: [
      {
        name: null,
        isPrimary: true,
        subnetName: switchName,
        staticIPAddress: null,
        ipAddressType: 'Dynamic',
        isSeletedForFailover: true,
        recoverySubnetName: (first ? item.targetSubnetName : (target?.subnetName ?? item.targetSubnetName)) ?? null,
        // Dynamic as recorded (TestFailover.json entry 1: "recoveryStaticIPAddress": "", "recoveryIPAddressType": "Dynamic");
        // with a static IP set through the lab, "Static": UNVERIFIED (docs/azure-fidelity.md).
        recoveryStaticIPAddress: staticIp ?? '',
        recoveryIPAddressType: staticIp ? 'Static' : 'Dynamic',
        recoveryPublicIPAddressId: null,
        recoveryLBBackendAddressPoolIds: null,
        tfoSubnetName: null,
        tfoStaticIPAddress: null,
        tfoPublicIPAddressId: null,
        tfoLBBackendAddressPoolIds: null,
      },
    ],
    selectionType: target?.selectionType ?? 'SelectedByUser',
    recoveryNetworkSecurityGroupId: null,
    enableAcceleratedNetworkingOnRecovery: null,
    tfoVMNetworkId: null,
    tfoNetworkSecurityGroupId: null,
    enableAcceleratedNetworkingOnTfo: null,
    recoveryNicName: null,
    recoveryNicResourceGroupName: null,
    reuseExistingNic: false,
    tfoRecoveryNicName: null,
    tfoRecoveryNicResourceGroupName: null,
    tfoReuseExistingNic: false,
  };
}

/** The seed managed disks of an item replicating to managed disks: one per replicated disk. */
function seedManagedDisks(item: ProtectedItemState, vm: VmState | undefined): object[] {
  return (vm?.disks ?? []).map((d) => ({
    diskId: diskVhdId(item.vmId, d.name),
    seedManagedDiskId: `${item.targetResourceGroupId}/providers/Microsoft.Compute/disks/asrseeddisk-${vhdNameOf(d.name).toLowerCase().slice(0, 8)}-${diskVhdId(item.vmId, d.name)}`,
    replicaDiskType: item.diskType ?? 'Standard_LRS',
    diskEncryptionSetId: null,
  }));
}

export function protectionStateOf(item: ProtectedItemState): ProtectionStateTexts {
  const pair = (s: string, d: string, vs = s, vd = d): ProtectionStateTexts => ({ protectionState: s, description: d, vmProtectionState: vs, vmDescription: vd });
  switch (item.phase) {
    case 'Enabling':
      return pair('UnprotectedStatesBegin', 'Enabling protection');
    case 'InitialReplication':
      return pair('InitialReplicationInProgress', 'Initial replication is in progress', 'UnprotectedStatesBegin', 'Enabling protection');
    case 'Protected':
      return pair('Protected', item.testFailoverState === 'WaitingForCompletion' ? 'Cleanup test failover pending' : 'Protected', 'Protected', 'Protected');
    case 'PlannedFailoverCommitPending':
      return pair('PlannedFailoverCommitRequired', 'Planned failover finished');
    case 'UnplannedFailoverCommitPending':
      return pair('UnplannedFailoverCommitPendingStatesBegin', 'Failover completed');
    case 'PlannedFailoverCommitted':
      return pair('PlannedFailoverCommitted', 'Failover committed');
    case 'UnplannedFailoverCommitted':
      return pair('UnplannedFailoverCommitted', 'Failover committed');
    case 'FailbackCommitPending':
      return pair('FinalizeRestorePending', 'Finalize failback pending');
    case 'FailbackCommitted':
      return pair('RestoreFinalized', 'Failback finalized');
    case 'Disabling':
      return pair('DisablingProtection', 'Disabling protection');
  }
}

export function isRecoverySide(item: ProtectedItemState): boolean {
  return (
    item.phase === 'PlannedFailoverCommitPending' ||
    item.phase === 'UnplannedFailoverCommitPending' ||
    item.phase === 'PlannedFailoverCommitted' ||
    item.phase === 'UnplannedFailoverCommitted'
  );
}

export function testFailoverDescription(s: ProtectedItemState['testFailoverState']): string {
  return s === 'WaitingForCompletion' ? 'Waiting for user input' : s === 'MarkedForDeletion' ? 'Cleaning up test environment' : 'None';
}

const healthErrorTexts: Record<string, { level: string; category: string; summary: string; message: string; causes: string; action: string }> = {
  '70179': {
    level: 'Warning',
    category: 'Replication',
    summary: 'Data change rate beyond supported limits',
    message: 'The data change rate (churn) for the virtual machine has exceeded the Azure Site Recovery supported limits: https://aka.ms/asr-h2a-target-limits.',
    causes: 'The data change rate (write bytes/sec) of the virtual machine is more than the Azure Site Recovery supported limits for the selected replication target storage type.',
    action:
      'Review the Azure Site Recovery supported limits https://aka.ms/asr-h2a-target-limits. If the problem persists, use the deployment planner to plan target storage https://aka.ms/asr-h2a-deployment-planner.',
  },
  '78052': {
    level: 'Error',
    category: 'Replication',
    summary: 'Replication is paused for the virtual machine',
    message: 'Hyper-V replication for the virtual machine is in a critical state and recovery points are not being created.',
    causes: 'The Hyper-V host cannot send replication data to Azure, or replication was paused on the host.',
    action: 'Check that the host can reach Azure on port 443, then resume replication with Resume-VMReplication on the host.',
  },
};

/** A replicated item (past initial replication) that no test failover has succeeded on yet. */
export function awaitsFirstTestFailover(item: ProtectedItemState): boolean {
  return item.replicationAnchor !== undefined && item.lastSuccessfulTestFailoverTime === undefined;
}

/**
 * Health error 161011 on an item no test failover has succeeded on, with failoverHealth "Warning",
 * as recorded in TestFailover.json entry 1 (before the test failover; gone with "healthErrors": []
 * and failoverHealth "Normal" in entry 6, once the test VM is up). Not during initial replication
 * (CreateProtectedItem.json entries 8-9 have none). Created when replication completed.
 */
export function noTestFailoverError(item: ProtectedItemState): object {
  return {
    innerHealthErrors: [],
    errorSource: 'ReplicationUnitFailoverValidatorError',
    errorType: '8010',
    errorLevel: 'Warning',
    errorCategory: 'TestFailover',
    errorCode: '161011',
    summaryMessage: '',
    errorMessage: `No successful test failover has been done on the virtual machine '${item.vmName}'.`,
    possibleCauses: 'No successful test failover has been done on the virtual machine after it was replicated.',
    recommendedAction: 'Do a test failover on the virtual machine.',
    creationTimeUtc: new Date(item.replicationAnchor ?? item.created.getTime()).toISOString(),
    recoveryProviderErrorMessage: null,
    entityId: item.vmId,
    errorId: '6:8010',
    customerResolvability: 'NotAllowed',
  };
}

export function healthError(code: string, entityId: string): object {
  const t = healthErrorTexts[code] ?? healthErrorTexts['78052'];
  return {
    innerHealthErrors: [],
    errorSource: 'ReplicationUnitProviderErrorOnReplica',
    errorType: '305',
    errorLevel: t.level,
    errorCategory: t.category,
    errorCode: code,
    summaryMessage: t.summary,
    errorMessage: t.message,
    possibleCauses: t.causes,
    recommendedAction: t.action,
    creationTimeUtc: new Date().toISOString(),
    recoveryProviderErrorMessage: null,
    entityId,
    errorId: `3:${code}`,
    customerResolvability: 'NotAllowed',
  };
}
