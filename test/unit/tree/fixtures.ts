// Protected items and estate nodes for the tree presentation tests, shaped the way the ASR lab
// (lab/asr/wire.ts protectedItem, lab/asr/engine.ts allowedOperations) and real ASR
// (test/unit/model/fixtures) give them.
import type { HealthErrorLike, ProtectedItemLike } from '../../../src/model/protectedItem';
import type { ProtectionKind } from '../../../src/model/protectionStatus';
import type { EstateHost, EstateVm, ProtectionUnknownReason } from '../../../src/estate';
import { makeVm } from '../../../src/estate/vms';
import { hyperVFacts } from '../../../src/estate/vmFacts';
import type { HyperVVm } from '../../../src/services/hyperv/vmInventory';

export const SUB = '1f4c2b8e-6a3d-4e5f-9b7c-0d1e2f3a4b5c';
export const VAULT = `/Subscriptions/${SUB}/resourceGroups/RAM-DR-RG/providers/Microsoft.RecoveryServices/vaults/RAM-Vault`;
export const TARGET_RG = `/subscriptions/${SUB}/resourceGroups/RAM-DR-RG`;
export const VM_ID = '3f2a6c1e-8b4d-4e2f-9a1c-5d6e7f8a9b01';
export const NOW = new Date('2026-11-25T12:00:00Z');

/** The lab's allowedOperations per phase (lab/asr/engine.ts), with no job running. */
export const labOps = {
  enabling: [],
  initialReplication: ['DisableProtection'],
  protected: ['PlannedFailover', 'UnplannedFailover', 'DisableProtection', 'TestFailover'],
  waitingForCleanup: ['DisableProtection', 'TestFailoverCleanup'],
  markedForDeletion: [],
  commitPending: ['CompleteMigration', 'Commit', 'DisableProtection', 'ChangePit'],
  committed: ['CompleteMigration', 'DisableProtection', 'Failback'],
  failbackCommitPending: ['DisableProtection', 'FinalizeFailback'],
  failbackCommitted: ['ReverseReplicate', 'DisableProtection'],
  jobRunning: [],
} as const;

export interface LabItemOptions {
  protectionState: string;
  protectionStateDescription?: string;
  vmProtectionState?: string;
  activeLocation?: 'Primary' | 'Recovery';
  testFailoverState?: 'None' | 'WaitingForCompletion' | 'MarkedForDeletion';
  allowedOperations: readonly string[];
  replicationHealth?: 'Normal' | 'Warning' | 'Critical';
  healthErrors?: HealthErrorLike[];
  /** A running job's scenario ('TestFailover', 'PlannedFailover', 'Commit', 'DisableDr', …). */
  scenarioName?: string;
  progress?: number;
  lastRecoveryPointReceived?: string | null;
  recoveryAzureVmName?: string;
  recoveryAzureVMSize?: string;
  recoveryAzureResourceGroupId?: string;
}

/** A protected item as the lab's wire format gives it (raw JSON: dates as strings, nulls kept). */
export function labItem(o: LabItemOptions): ProtectedItemLike {
  const job = o.scenarioName ? 'a1b2c3d4-job' : 'None';
  return {
    id: `${VAULT}/replicationFabrics/RAM-Site/replicationProtectionContainers/cloud_eecac84c/replicationProtectedItems/${VM_ID}`,
    name: VM_ID,
    properties: {
      friendlyName: 'web-01',
      protectionState: o.protectionState,
      protectionStateDescription: o.protectionStateDescription ?? o.protectionState,
      activeLocation: o.activeLocation ?? 'Primary',
      testFailoverState: o.testFailoverState ?? 'None',
      allowedOperations: [...o.allowedOperations],
      replicationHealth: o.replicationHealth ?? 'Normal',
      failoverHealth: 'Normal',
      healthErrors: o.healthErrors ?? [],
      policyFriendlyName: 'policy-5min',
      currentScenario: {
        scenarioName: o.scenarioName ?? 'None',
        jobId: `${VAULT}/replicationJobs/${job}`,
        startTime: o.scenarioName ? '2026-11-25T11:58:00Z' : '1753-01-01T01:01:01Z',
      },
      providerSpecificDetails: {
        instanceType: 'HyperVReplicaAzure',
        vmId: VM_ID,
        vmProtectionState: o.vmProtectionState ?? o.protectionState,
        vmProtectionStateDescription: o.protectionStateDescription ?? o.protectionState,
        initialReplicationDetails: {
          initialReplicationType: 'InitialReplication',
          initialReplicationProgressPercentage: String(o.progress ?? 100),
        },
        recoveryAzureVmName: o.recoveryAzureVmName ?? 'web-01',
        recoveryAzureVMSize: o.recoveryAzureVMSize ?? 'Standard_D2s_v3',
        recoveryAzureResourceGroupId: o.recoveryAzureResourceGroupId ?? TARGET_RG,
        lastRecoveryPointReceived: o.lastRecoveryPointReceived === undefined ? '2026-11-25T11:56:00Z' : o.lastRecoveryPointReceived,
        lastReplicatedTime: o.lastRecoveryPointReceived === undefined ? '2026-11-25T11:56:00Z' : o.lastRecoveryPointReceived,
      } as { instanceType: string },
    },
  };
}

/** Every lifecycle state the lab produces (protectionState, location, test failover state, running scenario). */
export const lifecycle = {
  notProtected: undefined,
  enabling: labItem({
    protectionState: 'UnprotectedStatesBegin',
    protectionStateDescription: 'Enabling protection',
    allowedOperations: labOps.jobRunning,
    scenarioName: 'EnableDr',
    progress: 0,
  }),
  initialReplication: labItem({
    protectionState: 'InitialReplicationInProgress',
    protectionStateDescription: 'Initial replication is in progress',
    vmProtectionState: 'UnprotectedStatesBegin',
    allowedOperations: labOps.initialReplication,
    progress: 42,
    lastRecoveryPointReceived: null,
  }),
  protected: labItem({ protectionState: 'Protected', allowedOperations: labOps.protected }),
  protectedWaitingForCompletion: labItem({
    protectionState: 'Protected',
    protectionStateDescription: 'Cleanup test failover pending',
    testFailoverState: 'WaitingForCompletion',
    allowedOperations: labOps.waitingForCleanup,
  }),
  testFailoverRunning: labItem({ protectionState: 'Protected', allowedOperations: labOps.jobRunning, scenarioName: 'TestFailover' }),
  testFailoverCleaningUp: labItem({
    protectionState: 'Protected',
    testFailoverState: 'MarkedForDeletion',
    allowedOperations: labOps.jobRunning,
    scenarioName: 'TestFailoverCleanup',
  }),
  plannedFailoverRunning: labItem({ protectionState: 'Protected', allowedOperations: labOps.jobRunning, scenarioName: 'PlannedFailover' }),
  unplannedFailoverRunning: labItem({ protectionState: 'Protected', allowedOperations: labOps.jobRunning, scenarioName: 'UnplannedFailover' }),
  plannedFailoverCommitPending: labItem({
    protectionState: 'PlannedFailoverCommitRequired',
    protectionStateDescription: 'Planned failover finished',
    activeLocation: 'Recovery',
    allowedOperations: labOps.commitPending,
  }),
  unplannedFailoverCommitPending: labItem({
    protectionState: 'UnplannedFailoverCommitPendingStatesBegin',
    protectionStateDescription: 'Failover completed',
    activeLocation: 'Recovery',
    allowedOperations: labOps.commitPending,
  }),
  committingFailover: labItem({
    protectionState: 'PlannedFailoverCommitRequired',
    activeLocation: 'Recovery',
    allowedOperations: labOps.jobRunning,
    scenarioName: 'Commit',
  }),
  plannedFailoverCommitted: labItem({
    protectionState: 'PlannedFailoverCommitted',
    protectionStateDescription: 'Failover committed',
    activeLocation: 'Recovery',
    allowedOperations: labOps.committed,
  }),
  unplannedFailoverCommitted: labItem({
    protectionState: 'UnplannedFailoverCommitted',
    protectionStateDescription: 'Failover committed',
    activeLocation: 'Recovery',
    allowedOperations: labOps.committed,
  }),
  failingBack: labItem({
    protectionState: 'PlannedFailoverCommitted',
    activeLocation: 'Recovery',
    allowedOperations: labOps.jobRunning,
    scenarioName: 'PlannedFailover',
  }),
  failbackCommitPending: labItem({
    protectionState: 'FinalizeRestorePending',
    protectionStateDescription: 'Finalize failback pending',
    allowedOperations: labOps.failbackCommitPending,
  }),
  committingFailback: labItem({ protectionState: 'FinalizeRestorePending', allowedOperations: labOps.jobRunning, scenarioName: 'Commit' }),
  failbackCommitted: labItem({
    protectionState: 'RestoreFinalized',
    protectionStateDescription: 'Failback finalized',
    allowedOperations: labOps.failbackCommitted,
  }),
  reverseReplicationRunning: labItem({ protectionState: 'RestoreFinalized', allowedOperations: labOps.jobRunning, scenarioName: 'ReverseReplication' }),
  disabling: labItem({
    protectionState: 'DisablingProtection',
    protectionStateDescription: 'Disabling protection',
    allowedOperations: labOps.jobRunning,
    scenarioName: 'DisableDr',
  }),
  protectedCritical: labItem({
    protectionState: 'Protected',
    allowedOperations: labOps.protected,
    replicationHealth: 'Critical',
    healthErrors: [
      {
        errorCode: '70094',
        errorLevel: 'Error',
        summaryMessage: 'Replication is paused',
        errorMessage: 'Replication for the virtual machine is paused.',
        possibleCauses: 'The Hyper-V host lost its connection.',
        recommendedAction: 'Resume replication on the host.',
      },
    ],
  }),
  protectedWarning: labItem({
    protectionState: 'Protected',
    allowedOperations: labOps.protected,
    replicationHealth: 'Warning',
    healthErrors: [
      {
        errorCode: '70179',
        errorLevel: 'Warning',
        summaryMessage: 'Data change rate beyond supported limits',
        recommendedAction: 'Review the Azure Site Recovery supported limits.',
      },
    ],
  }),
  failed: labItem({
    protectionState: 'PlannedFailoverFailed',
    protectionStateDescription: 'Planned failover failed',
    allowedOperations: labOps.protected,
    replicationHealth: 'Critical',
  }),
} as const;

export type LifecycleName = keyof typeof lifecycle;

/** One item per ProtectionKind (undefined: no protected item; ProtectionUnknown has none either: ASR was not read). */
export const itemForKind: Readonly<Record<ProtectionKind, ProtectedItemLike | undefined>> = {
  NotProtected: lifecycle.notProtected,
  ProtectionUnknown: undefined,
  EnablingProtection: lifecycle.enabling,
  Replicating: lifecycle.initialReplication,
  Protected: lifecycle.protected,
  TestFailoverRunning: lifecycle.testFailoverRunning,
  TestFailoverCleanupPending: lifecycle.protectedWaitingForCompletion,
  TestFailoverCleaningUp: lifecycle.testFailoverCleaningUp,
  FailingOver: lifecycle.plannedFailoverRunning,
  FailoverCommitPending: lifecycle.plannedFailoverCommitPending,
  Committing: lifecycle.committingFailover,
  FailedOver: lifecycle.plannedFailoverCommitted,
  FailingBack: lifecycle.failingBack,
  FailbackCommitPending: lifecycle.failbackCommitPending,
  ReverseReplicationPending: lifecycle.failbackCommitted,
  DisablingProtection: lifecycle.disabling,
  Error: lifecycle.failed,
};

export function inventoryVm(o: Partial<HyperVVm> = {}): HyperVVm {
  return {
    name: 'web-01',
    vmId: VM_ID,
    state: 'Running',
    generation: 2,
    processorCount: 2,
    memoryStartupBytes: 4 * 1024 ** 3,
    replicationState: 'Replicating',
    replicationHealth: 'Normal',
    isClustered: false,
    hasFibreChannelAdapter: false,
    osName: 'Windows Server 2022 Datacenter',
    osType: 'Windows',
    disks: [{ path: 'C:\\VMs\\web-01.vhdx', controllerType: 'SCSI', controllerNumber: 0, controllerLocation: 0, vhdFormat: 'VHDX', sizeBytes: 127 * 1024 ** 3, shared: false }],
    networkAdapters: [],
    ...o,
  };
}

export interface VmOptions {
  name?: string;
  stale?: boolean;
  inventory?: HyperVVm | null;
  key?: string;
  /** ASR's items were not read (the VM's protection is unknown). */
  protectionUnknown?: ProtectionUnknownReason;
}

/** The fixture VM of a kind: the kind's item, or for ProtectionUnknown no item and ASR not read. */
export function vmOfKind(kind: ProtectionKind, o: VmOptions = {}): EstateVm {
  return estateVm(itemForKind[kind], kind === 'ProtectionUnknown' ? { protectionUnknown: 'notConnected', ...o } : o);
}

/** An EstateVm the way buildEstateSnapshot makes one (src/estate/vms.ts makeVm), named `o.name`. */
export function estateVm(item: ProtectedItemLike | undefined, o: VmOptions = {}): EstateVm {
  const key = o.key ?? VM_ID;
  const name = o.name ?? 'web-01';
  const inventory = o.inventory === undefined ? inventoryVm({ name, vmId: key }) : o.inventory;
  const parts = {
    ...(inventory !== null ? { hyperV: hyperVFacts(inventory) } : {}),
    ...(item !== undefined ? { protectedItem: item } : {}),
    ...(o.protectionUnknown !== undefined ? { protectionUnknown: o.protectionUnknown } : {}),
  };
  return { ...makeVm(key, 'hv01.contoso.local', o.stale === true, parts), name };
}

export function estateHost(o: Partial<EstateHost> = {}): EstateHost {
  return {
    key: 'hv01.contoso.local',
    name: 'HV01',
    fqdn: 'HV01.contoso.local',
    sources: ['setting'],
    reachable: true,
    probed: true,
    osCaption: 'Microsoft Windows Server 2022 Datacenter',
    osBuild: 20348,
    isServerCore: false,
    hyperVModule: true,
    supported: true,
    provider: {
      installed: true,
      version: '5.24.0814.2',
      registered: true,
      connected: true,
      heartbeatMissing: false,
      fabricName: 'RAM-Site',
      lastHeartbeat: new Date('2026-11-25T11:59:00Z'),
    },
    vms: [],
    protectedCount: 0,
    lastSeen: new Date('2026-11-25T11:59:30Z'),
    ...o,
  };
}

/** Removes markdown backslash escapes, the inverse of escapeMarkdown on single-line text. */
export function unescapeMarkdown(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** The markdown with every escaped character (a backslash and the next one) removed. */
export function withoutEscapes(text: string): string {
  return text.replace(/\\[\s\S]/g, '');
}
