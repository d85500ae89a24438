import type { ScenarioHost, ScenarioVm } from './scenario';

/** Everything the lab knows: the Azure side (ARM + ASR) and the simulated Hyper-V hosts. */
export interface LabState {
  tenantId: string;
  subscriptionId: string;
  subscriptionName: string;
  clientId: string;
  clientSecret: string;
  locations: string[];
  resourceGroups: Map<string, ResourceGroupState>;
  storageAccounts: Map<string, StorageAccountState>;
  virtualNetworks: Map<string, VirtualNetworkState>;
  vaults: Map<string, VaultState>;
  hosts: HostState[];
  /** Resource provider namespaces of the subscription and their registration (key: lower-case namespace). */
  providerRegistrations: Map<string, ProviderRegistrationState>;
  /** Nominal seconds a registration takes (Registering, then Registered). */
  providerRegistrationSeconds: number;
  /** Identities that may sign in, with their role assignments (key: lower-case client id). */
  principals: Map<string, PrincipalState>;
  /** Azure Compute VMs the lab knows: the test failovers' test VMs (key: lower-case resource group/name). */
  computeVms: Map<string, ComputeVmState>;
  /** The subscription's regional vCPU quota and the VM sizes it may not use (lab/compute/computeCatalogue.ts). */
  computeQuota: ComputeQuotaState;
}

/** vCPU limits and use (besides the lab's own Compute VMs), the same in every region. */
export interface ComputeQuotaState {
  regionalLimit: number;
  regionalInUse: number;
  /** Key: lower-case family (usage) name. */
  families: Map<string, { name: string; limit: number; inUse: number }>;
  /** Lower-case VM size names restricted with NotAvailableForSubscription. */
  restrictedSizes: Set<string>;
}

/**
 * An Azure Compute VM: a test VM (lab/compute/testVms.ts), created by a test failover, deleted by its
 * cleanup; or a failover VM (lab/compute/failoverVms.ts), created by a failover, shut down by a
 * failback, deleted by the failback's commit.
 */
export interface ComputeVmState {
  name: string;
  resourceGroup: string;
  location: string;
  vmId: string;
  vmSize: string;
  osType: 'Windows' | 'Linux';
  /** Lab clock ms at which it was created (ProvisioningState/creating, PowerState/starting) and runs (succeeded, running). */
  createdAt: number;
  runningAt: number;
  /** Lab clock ms at which it was shut down (a failback shut the failover VM down). */
  stoppedAt?: number | undefined;
  /** The private IP of its NIC in the network it joined (lab/compute/testVms.ts, failoverVms.ts), if it joined one. */
  privateIp?: { vnetKey: string; subnet: string; address: string; allocation: 'Static' | 'Dynamic' } | undefined;
}

export interface ProviderRegistrationState {
  namespace: string;
  state: 'NotRegistered' | 'Registering' | 'Registered';
  /** While Registering: the real time (ms) at which it becomes Registered. */
  registeredAt?: number | undefined;
}

export interface RoleAssignmentState {
  /** A built-in role name (lab/arm/roles.ts). */
  role: string;
  /** Full ARM scope: /subscriptions/{id}[/resourceGroups/{rg}[/providers/...]]. */
  scope: string;
}

export interface PrincipalState {
  name: string;
  clientId: string;
  clientSecret: string;
  roleAssignments: RoleAssignmentState[];
}

export interface ResourceGroupState {
  name: string;
  location: string;
  tags: Record<string, string>;
}

export interface StorageAccountState {
  name: string;
  resourceGroup: string;
  location: string;
  sku: string;
  kind: string;
  created: Date;
}

export interface VirtualNetworkState {
  name: string;
  resourceGroup: string;
  location: string;
  addressPrefixes: string[];
  subnets: { name: string; addressPrefix: string; usedAddresses?: string[] | undefined }[];
  /** dhcpOptions.dnsServers (empty: Azure-provided DNS); lab/network/gatewayRoutes.ts. */
  dnsServers?: string[] | undefined;
  /** The virtual network gateways in its GatewaySubnet, with their connections (lab/network/gatewayRoutes.ts). */
  gateways?: GatewayState[] | undefined;
}

/** A virtual network gateway (VPN or ExpressRoute) in the GatewaySubnet of a virtual network, in the network's resource group. */
export interface GatewayState {
  name: string;
  /** gatewayType: "Vpn" or "ExpressRoute". */
  gatewayType: string;
  /** sku.name, e.g. "VpnGw1" or "ErGw1AZ". */
  sku: string;
  connections: GatewayConnectionState[];
}

/** A connection of a gateway (Microsoft.Network/connections), in the network's resource group. */
export interface GatewayConnectionState {
  name: string;
  /** connectionType: "IPsec" (site-to-site VPN), "ExpressRoute" or "Vnet2Vnet". */
  connectionType: string;
  /** connectionStatus: "Connected", "Connecting", "NotConnected" or "Unknown". */
  connectionStatus: string;
}

export interface HostState extends Omit<ScenarioHost, 'vms'> {
  vms: VmState[];
  /** When the host's provider was disconnected (`to` absent: still is): no recovery points arrive then. */
  replicationOutages?: ReplicationOutage[] | undefined;
}

/** A stretch of lab time (clock ms) in which a host's provider was disconnected. */
export interface ReplicationOutage {
  from: number;
  to?: number | undefined;
}

export interface VmState extends ScenarioVm {
  state: 'Running' | 'Off' | 'Saved' | 'Paused';
}

export interface VaultCertificateState {
  name: string;
  certificateBase64: string;
  thumbprint: string;
  subject: string;
  validFrom: Date;
  validTo: Date;
  resourceId: number;
}

export interface VaultState {
  name: string;
  resourceGroup: string;
  location: string;
  created: Date;
  tags: Record<string, string>;
  /** ARM's int64 id used by the vault credentials file. */
  resourceId: number;
  certificates: Map<string, VaultCertificateState>;
  extendedInfo?: { integrityKey: string; algorithm: string; encryptionKey?: string | undefined } | undefined;
  fabrics: Map<string, FabricState>;
  policies: Map<string, PolicyState>;
  jobs: Map<string, JobState>;
  /** Jobs in creation order (newest last), for lists. */
  jobOrder: string[];
  /** Recovery plans (lab/asr/recoveryPlanRoutes.ts), by lower-case name; created on first use. */
  recoveryPlans?: Map<string, RecoveryPlanState> | undefined;
  /**
   * Operation ids that are not the job's name, lower-case → job name: a plan action's 202 names an
   * operation whose status reads another job id (recordings RPTestFailover, RPFailback).
   */
  operationJobs?: Map<string, string> | undefined;
}

/** A recovery plan of the lab (issue 16 §2; lab/asr/recoveryPlanRoutes.ts). */
export interface RecoveryPlanState {
  name: string;
  /** The Hyper-V site's fabric name (primaryFabricId's last segment). */
  primaryFabricName: string;
  /** Groups in ASR's order (Shutdown, Failover, Boot…); items as ARM ids, as sent. */
  groups: { groupType: 'Shutdown' | 'Failover' | 'Boot'; itemIds: string[] }[];
  currentScenario?: { scenarioName: string; jobName: string; startTime: Date } | undefined;
  /** currentScenarioStatus / …Description of the last scenario (e.g. Suspended / WaitingForStopTestFailover). */
  scenarioStatus?: { status: string; description: string } | undefined;
  /** The test failover job waiting for its cleanup (suspended), if any. */
  testFailoverJob?: string | undefined;
  lastTestFailoverTime?: Date | undefined;
  lastPlannedFailoverTime?: Date | undefined;
  lastUnplannedFailoverTime?: Date | undefined;
}

export interface FabricState {
  name: string;
  internalIdentifier: string;
  providers: Map<string, ProviderState>;
  container: ContainerState;
}

export interface ProviderState {
  /** The provider's id (its ARM name). */
  id: string;
  hostFqdn: string;
  providerVersion: string;
  registeredAt: Date;
  connected: boolean;
  lastHeartbeat: Date;
}

export interface ContainerState {
  name: string;
  mappings: Map<string, MappingState>;
  protectedItems: Map<string, ProtectedItemState>;
}

export interface MappingState {
  name: string;
  policyName: string;
  state: 'Pairing' | 'Paired' | 'Unpairing';
}

export interface PolicyState {
  name: string;
  replicationInterval: 30 | 300 | 900;
  recoveryPointHistoryHours: number;
  appConsistentFrequencyHours: number;
  storageAccountId?: string | undefined;
}

/** Where a protected item is in its life (ASR's protectionState and what goes with it). */
export type ItemPhase =
  | 'Enabling'
  | 'InitialReplication'
  | 'Protected'
  | 'PlannedFailoverCommitPending'
  | 'UnplannedFailoverCommitPending'
  | 'PlannedFailoverCommitted'
  | 'UnplannedFailoverCommitted'
  | 'FailbackCommitPending'
  | 'FailbackCommitted'
  | 'Disabling';

export interface ProtectedItemState {
  /** The ARM name: the Hyper-V VMId. */
  name: string;
  vmId: string;
  vmName: string;
  hostFqdn: string;
  providerId: string;
  policyName: string;
  osType: 'Windows' | 'Linux';
  osDiskVhdId: string;
  targetAzureVmName: string;
  /** Older form: the storage account the disks replicate to (read back as recoveryAzureStorageAccount). */
  targetStorageAccountId?: string | undefined;
  /** Replication to managed disks: the storage account for logs (read back as recoveryAzureLogStorageAccountId). */
  logStorageAccountId?: string | undefined;
  /** Enabled with useManagedDisksForReplication "True". */
  managedDiskReplication: boolean;
  targetResourceGroupId: string;
  targetNetworkId?: string | undefined;
  targetSubnetName?: string | undefined;
  /** The static IP the failover VM's NIC asks for (recoveryStaticIPAddress), set through /_lab/items/staticIp. */
  targetStaticIp?: string | undefined;
  /** Per network adapter (key: lower-case nicId), what an update of the item set (lab/asr/itemUpdateRoutes.ts). */
  nicTargets?: Map<string, NicTargetState> | undefined;
  targetVmSize: string;
  useManagedDisks: boolean;
  diskType?: string | undefined;
  licenseType: string;
  phase: ItemPhase;
  testFailoverState: 'None' | 'WaitingForCompletion' | 'MarkedForDeletion';
  /** Job name of the scenario running on the item, if any. */
  runningJob?: string | undefined;
  runningScenario?: string | undefined;
  /** Initial replication timing (real ms). */
  initialReplicationStart: number;
  initialReplicationDurationMs: number;
  /** Recovery points are produced from this moment on, on the policy interval. */
  replicationAnchor?: number | undefined;
  /** While failed over, no new recovery points: the stream stops here. */
  replicationStoppedAt?: number | undefined;
  replicationHealth: 'Normal' | 'Warning' | 'Critical';
  healthErrorCodes: string[];
  failoverRecoveryPointId?: string | undefined;
  lastSuccessfulFailoverTime?: Date | undefined;
  lastSuccessfulTestFailoverTime?: Date | undefined;
  /** Which kind of failover produced the current Recovery-side state. */
  lastFailoverKind?: 'Planned' | 'Unplanned' | undefined;
  created: Date;
}

/** One network adapter's recovery settings, as ReplicationProtectedItems_Update sets them (vmNics[].ipConfigs[0]). */
export interface NicTargetState {
  subnetName?: string | undefined;
  /** Absent: dynamic. */
  staticIp?: string | undefined;
  selectionType: string;
}

export interface TaskState {
  taskId: string;
  name: string;
  friendlyName: string;
  /** Nominal (Azure) seconds; scaled by the clock. */
  durationMs: number;
  startTime?: Date | undefined;
  endTime?: Date | undefined;
  state: 'NotStarted' | 'InProgress' | 'Succeeded' | 'Failed' | 'Cancelled' | 'Skipped';
  /** A recovery plan job's group task: its group and one child task per VM (RecoveryPlanGroupTaskDetails). */
  group?: { groupId: string; rpGroupType: string; vms: { itemName: string; vmName: string }[] } | undefined;
}

export type JobStateName = 'NotStarted' | 'InProgress' | 'Succeeded' | 'Failed' | 'Cancelled' | 'Suspended';

export interface JobError {
  code: string;
  message: string;
  possibleCauses: string;
  recommendedAction: string;
}

export interface JobState {
  name: string;
  activityId: string;
  scenarioName: string;
  friendlyName: string;
  state: JobStateName;
  stateDescription: string;
  tasks: TaskState[];
  startTime: Date;
  endTime?: Date | undefined;
  targetObjectId: string;
  targetObjectName: string;
  targetInstanceType: string;
  fabricName?: string | undefined;
  errors: JobError[];
  /** Path (under the vault) of the resource the operation-results endpoint returns. */
  resultPath?: string | undefined;
  /** Applied when the job finishes successfully (at its end time). */
  onSuccess?: ((at: number) => void) | undefined;
  /** Applied when the job is cancelled or fails. */
  onAbort?: ((at: number) => void) | undefined;
  /** Real ms at which the job ends (all tasks done). */
  endsAt: number;
  /** For restart: how to run it again. */
  restart?: (() => JobState) | undefined;
  /** A test failover's `customDetails` (TestFailoverJobDetails), filled once its test VM is up. */
  testFailoverDetails?: TestFailoverJobDetailsState | undefined;
}

/** ASR's TestFailoverJobDetails of a test failover job (docs/evidence/recovery-confidence.md §7). */
export interface TestFailoverJobDetailsState {
  testFailoverStatus: string;
  comments: string | null;
  networkName: string | null;
  networkFriendlyName: string | null;
  networkType: string;
  protectedItemDetails: FailoverProtectedItemDetailsState[];
}

/** One FailoverReplicationProtectedItemDetails entry of a test failover job. */
export interface FailoverProtectedItemDetailsState {
  name: string;
  friendlyName: string;
  testVmName: string;
  testVmFriendlyName: string;
  networkConnectionStatus: string;
  networkFriendlyName: string | null;
  subnet: string | null;
  recoveryPointId: string | null;
  recoveryPointTime: string | null;
}

export function key(...parts: string[]): string {
  return parts.map((p) => p.toLowerCase()).join('/');
}
