// The estate's types: where a host was learned of, probe results, hosts, VMs and their facts, the
// snapshot and its diff.
// (Split from the former src/services/estate.ts.)

import type { ProtectableItem, ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { ProtectableItemReadiness, VmFacts as PreflightVmFacts } from '../model/preflight';
import type { ProtectionStatus } from '../model/protectionStatus';
import type { RecoveryFacts } from '../model/recoveryFacts';
import type { TargetFacts } from './targetFacts';
import type { VmAction } from '../model/vmActions';
import type { RegisteredHost } from '../services/azure/providers';
import type { HyperVError } from '../services/hyperv/errors';
import type { HostInfo } from '../services/hyperv/hostInfo';
import type { HyperVVm } from '../services/hyperv/vmInventory';

// ---------------------------------------------------------------------------------------------
// Types

/** Where the extension learned of a host. */
import type { HostSource } from '../services/hyperv/discovery';
export type { HostSource };

/** Display order of sources. */
export const hostSourceOrder: readonly HostSource[] = ['local', 'setting', 'activeDirectory', 'vault'];

export interface HostProbeOk {
  ok: true;
  info: HostInfo;
  vms: HyperVVm[];
  at: Date;
}

export interface HostProbeFailed {
  ok: false;
  error: HyperVError | Error;
  at: Date;
}

/** What PowerShell found on one host this round. */
export type HostProbe = HostProbeOk | HostProbeFailed;

/**
 * Whether ASR's items were read for a snapshot: read (now, or kept from the last successful read),
 * or not, because no vault is connected or the vault could not be read (and never was).
 */
export type AsrReadState = 'read' | 'notConnected' | 'readFailed';

/** Why a VM's or host's protection is not known: ASR's items were not read. */
export type ProtectionUnknownReason = Exclude<AsrReadState, 'read'>;

export interface EstateInput {
  now: Date;
  /** Whether ASR's items were read (absent: they were, and the lists below are what ASR said). */
  asrRead?: AsrReadState;
  hostSources: { name: string; source: HostSource }[];
  /**
   * Probe results by host key (FQDN or name; compared case-insensitively). A host with no entry
   * was not probed this round: it keeps what the previous snapshot knew of it.
   */
  probes: Map<string, HostProbe>;
  previous?: EstateSnapshot;
  registeredHosts: RegisteredHost[];
  protectedItems: ReplicationProtectedItem[];
  /**
   * When `protectedItems` were read (the end of the call that returned them; issue 15: a VM's RPO
   * holds as of the read of its item): one time for a list, or one per item in their order (items
   * re-read one by one). Absent: not known, and their VMs have no RPO facts.
   */
  protectedItemsReadAt?: Date | readonly Date[];
  protectableItems?: ProtectableItem[];
  /**
   * Protectable items already reduced to their facts (a protection-only refresh carries them from
   * the previous snapshot); merged after `protectableItems` (the first item of a VM wins).
   */
  protectables?: readonly ProtectableFacts[];
  /**
   * Protected VMs' facts carried from the snapshot they were derived for, when ASR's items are not
   * read again (an interim snapshot, a refresh that could not read ASR, some items re-read): each
   * VM placed as its protected item was. A protected item of `protectedItems` that names the same
   * VM wins. The store keeps these facts, not ASR's items, between refreshes (issue 14).
   */
  protections?: readonly CarriedProtection[];
}

/** A protected VM's facts as a snapshot has them (EstateInput.protections). */
export interface CarriedProtection {
  key: string;
  /** Its host's key in that snapshot (UNASSIGNED_HOST_KEY when it had none). */
  hostKey: string;
  facts: VmFacts;
}

export interface EstateProvider {
  /** The Site Recovery provider is installed on the host (host registry; implied by a vault registration). */
  installed?: boolean;
  version?: string;
  /** Registered in this vault (a RegisteredHost matched the host). */
  registered: boolean;
  /** The vault sees the provider as connected. */
  connected?: boolean;
  heartbeatMissing?: boolean;
  fabricName?: string;
  lastHeartbeat?: Date;
  /** The provider's name in the vault (a GUID). */
  providerName?: string;
  /** The registration the host itself reports (may name another vault). */
  hostRegistration?: { vaultName?: string; siteName?: string };
  /** Set when Azure answered with a registration (provider) of fields of another type: which ones (the host then shows one error row). */
  unreadable?: string;
}

/** The VM a failover makes in Azure, as the protected item names it. */
export interface AzureVmFacts {
  /** recoveryAzureVmName, trimmed. */
  name: string;
  /**
   * Its ARM id, `<recoveryAzureResourceGroupId>/providers/Microsoft.Compute/virtualMachines/<name>`;
   * absent when the resource group id is missing or not one.
   */
  id?: string;
  /** recoveryAzureVMSize, e.g. "Standard_D2s_v3". */
  size?: string;
  /** The resource group's name. */
  resourceGroup?: string;
}

/** What is known of a VM's protected item: a reference to it and the facts read from it. */
export interface ProtectionFacts {
  /** The item's ARM id: what commands, wizards and flows re-read the item by (absent only if ASR gave none). */
  itemId?: string;
  /** The item's name (ASR names a Hyper-V VM's item by its VMId). */
  itemName?: string;
  /** ASR's name of the VM. */
  friendlyName?: string;
  /** The ARM id of the replication policy the VM replicates with. */
  policyId?: string;
  /** When the latest recovery point was received (else the last replication), from the HyperVReplicaAzure details. */
  lastRecoveryPoint?: Date;
  /** The VM in Azure after a failover, when ASR names it. */
  azureVm?: AzureVmFacts;
  /** When a test failover of the VM last succeeded (the item's lastSuccessfulTestFailoverTime; absent before the first one). */
  lastTestFailover?: Date;
  /** Where a failover would put the VM (resource group, network, subnets, static IPs, storage, size): src/estate/targetFacts.ts. */
  target?: TargetFacts;
}

/**
 * What the views and commands read of a VM's protection, derived once when the snapshot is built
 * (src/estate/vmFacts.ts). The protected item itself is not kept: nothing outside the estate reads
 * its wire fields, and what acts on it reads it again from Azure (src/flows/vmAction.ts).
 */
export interface VmFacts {
  /** Where the VM is in the ASR lifecycle, with its replication health and health errors. */
  status: ProtectionStatus;
  /** The actions ASR allows now (its allowedOperations), in stable order. */
  actions: VmAction[];
  /** The protected item; undefined when the VM is not protected. */
  protection?: ProtectionFacts;
  /**
   * Set when Azure answered with a protected item whose fields are not of their types: which ones
   * (the VM then shows one error row, status Error with no actions, and this in its tooltip).
   */
  unreadable?: string;
  /** Set when ASR's items were not read: the VM's status is then ProtectionUnknown, with no actions. */
  protectionUnknown?: ProtectionUnknownReason;
  /** The VM's RPO as of the read of its item, while it replicates past initial replication (model/recoveryFacts.ts). */
  recovery?: RecoveryFacts;
}

/**
 * What the views, the preflight and the Enable Replication wizard read of a VM's Hyper-V inventory
 * (src/services/hyperv/vmInventory.ts HyperVVm), derived once when the snapshot is built
 * (src/estate/vmFacts.ts hyperVFacts): the preflight facts (generation, OS, disks' paths, formats,
 * sizes and kinds, Fibre Channel), the power state and the boot disk. The inventory itself is not
 * kept (issue 14: processors, memory, adapters, controllers… are read by no view).
 */
export interface HyperVFacts extends PreflightVmFacts {
  /** Lower-case VMId. */
  vmId: string;
  /** A VMState name ('Running', 'Off', ...). */
  state: string;
  generation: 1 | 2;
  osType?: 'Windows' | 'Linux';
  /** Index in `disks` of the boot (OS) disk, as the inventory says it (HyperVVm.osDiskIndex). */
  osDiskIndex?: number;
}

/**
 * The disks of ASR's protectable item (customDetails.diskDetails) as the wizard offers them, in
 * lists of one entry per disk rather than an object per disk (at 5,000 VMs the objects were most
 * of the snapshot's memory).
 */
export interface ProtectableDisks {
  /** Each disk's vhdName (the VHD file's name without its extension); the vhdId of a disk ASR names not (see byId). */
  readonly names: readonly string[];
  /** Each disk's maxSizeMB, undefined where ASR gives none. */
  readonly maxSizesMB: readonly (number | undefined)[];
  /** The indexes in `names` that hold a vhdId, for disks ASR gives no vhdName. */
  readonly byId?: readonly number[];
}

/**
 * What the views, the preflight and the Enable Replication wizard read of ASR's protectable item
 * for a VM, derived once when the snapshot is built (src/estate/vmFacts.ts protectableFacts). The
 * item itself is not kept (issue 14: 12.7 KB per VM); the Enable Replication run lists the items
 * again before it enables a VM (src/flows/enableReplicationVmSteps.ts).
 */
export interface ProtectableFacts {
  /** The VMId the item stands for (customDetails.sourceItemId, else its name), normalized. */
  vmId: string;
  friendlyName?: string;
  /** ASR's protectionStatus ('Unprotected', 'Protected', ...). */
  protectionStatus?: string;
  /** recoveryServicesProviderId: the host's provider. */
  providerId?: string;
  readiness: ProtectableItemReadiness;
  /** customDetails.osDetails.osType, when ASR says it. */
  osType?: 'Windows' | 'Linux';
  /** customDetails.generation ("1"/"2"; "0" counts as unknown). */
  generation?: 1 | 2;
  /**
   * Its disks. Empty when the item's protectionStatus is set and is not Unprotected: the wizard
   * blocks such a VM (webviews/enableReplication/candidates.ts vmFindings) and shows no disk of it.
   */
  disks: ProtectableDisks;
}

export interface EstateVm extends VmFacts {
  /** Lower-case VMId. */
  key: string;
  /** Lower-case VMId (braces removed). */
  vmId: string;
  name: string;
  /** Key of the host the VM is on; UNASSIGNED_HOST_KEY for protected items whose host is unknown. */
  hostKey: string;
  /** Carried from a previous snapshot because the host could not be reached now. */
  stale: boolean;
  /** What the host's Hyper-V inventory says of the VM, when it listed it. */
  hyperV?: HyperVFacts;
  /**
   * Why the VM cannot be protected, when it is not and something blocks it: the support matrix's
   * and ASR's readiness errors (src/estate/vmFacts.ts unsupportedReasons), each a sentence saying what to do.
   */
  unsupported?: string[];
  /** ASR's protectable item for the VM, when listed (readiness checks, VMs PowerShell could not list). */
  protectable?: ProtectableFacts;
  /** contextValue tokens joined by ';' ('vm;protected;testFailover;…'), plus 'stale' when stale. */
  contextValue: string;
}

export interface EstateHost {
  /** Stable id: lower-case FQDN when known, else lower-case name. */
  key: string;
  name: string;
  fqdn?: string;
  sources: HostSource[];
  /** The last probe (this round, or carried from the previous snapshot) succeeded. */
  reachable: boolean;
  /** A probe result exists (now or carried). False for hosts PowerShell has not been asked about yet. */
  probed: boolean;
  /** The message of the error of the last probe, when it failed. */
  unreachableReason?: string;
  /** The HyperVError code of the last probe, when it failed with one. */
  unreachableCode?: string;
  osCaption?: string;
  osBuild?: number;
  isServerCore?: boolean;
  hyperVModule?: boolean;
  /** Windows Server 2012 R2 or later; undefined while the OS is unknown. */
  supported: boolean | undefined;
  /** Why the host is not supported (or why support is unknown), from preflightHost findings. */
  supportReason?: string;
  cluster?: string;
  provider: EstateProvider;
  vms: EstateVm[];
  protectedCount: number;
  /** Set when ASR's items were not read: how many of its VMs are protected is not known (protectedCount is 0). */
  protectionUnknown?: ProtectionUnknownReason;
  /** When a probe last succeeded. */
  lastSeen?: Date;
}

export interface EstateCounts {
  hosts: number;
  /** VMs under hosts plus unassigned ones. */
  vms: number;
  /** VMs with a protected item. */
  protected: number;
}

export interface EstateSnapshot {
  takenAt: Date;
  hosts: EstateHost[];
  /** Protected items whose host is unknown. */
  unassignedVms: EstateVm[];
  counts: EstateCounts;
}

export interface SnapshotDiff {
  /** Hosts added, removed or changed (own facts, protectedCount or their list of VMs); UNASSIGNED_HOST_KEY when that list changed. */
  changedHostKeys: string[];
  /** VMs added, removed, moved or changed. */
  changedVmKeys: string[];
}

/** hostKey of VMs in `unassignedVms` (no DNS name can contain parentheses). */
export const UNASSIGNED_HOST_KEY = '(unassigned)';

/** The contextValue token added to VMs carried from a previous snapshot. */
export const STALE_TOKEN = 'stale';
