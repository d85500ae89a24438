// The Enable Replication wizard's state machine (issue 5 §3), pure: which VMs can be chosen and
// why not, the pages and what each needs before the next one, the target and policy choices, and
// the plan the run carries out. No vscode and no SDK client: the wizard (enableReplicationWizard.ts)
// draws pages from this, the run (enableReplicationRun.ts) executes the plan.

import type { Policy, ProtectableItem } from '@azure/arm-recoveryservices-siterecovery';
import { findDiskByName, vhdNameOfPath } from '../../model/osDisk';
import { messages } from '../../model/messages';
import { preflightVm, type PreflightFinding } from '../../model/preflight';
import { equalsIgnoreCase } from '../../model/wireValues';
import {
  findMatchingPolicy,
  MAX_APP_CONSISTENT_FREQUENCY_HOURS,
  MAX_RECOVERY_POINT_HISTORY_HOURS,
  REPLICATION_INTERVALS_SECONDS,
  validatePolicySettings,
  type HyperVPolicySettings,
  type ReplicationIntervalSeconds,
} from '../../services/azure/policies';
import { protectableDisks, type OsType } from '../../services/azure/protection';
import type { VirtualNetworkSummary } from '../../services/azure/networks';
import type { ResourceGroupSummary } from '../../services/azure/subscriptions';
import type { StorageAccountSummary } from '../../services/azure/storage';
import type { EstateHost, EstateSnapshot, EstateVm } from '../../estate';
import type { LicenseChoice, PlanHost, PolicyDecision, RunPlan, SiteSummary } from '../../flows/enableReplicationPlan';
export type { LicenseChoice, PlanHost, PlanVm, PolicyDecision, RunPlan, SiteSummary } from '../../flows/enableReplicationPlan';
import { toPreflightFacts } from '../../services/hyperv/vmInventory';

// ---------------------------------------------------------------------------------------------
// Candidates: the VMs the wizard offers, with their preflight findings

export interface CandidateHost {
  key: string;
  name: string;
  fqdn?: string;
  /** The machine VS Code runs on (scripts run without remoting, no credentials). */
  local: boolean;
  /** Registered with this vault (a provider of one of its Hyper-V sites). */
  registered: boolean;
  connected: boolean;
  /** The site the host is registered in. */
  fabricName?: string;
  /** The user saved credentials for this host (SecretStorage). */
  credentialSaved: boolean;
}

export type FindingTone = 'error' | 'warning';

export interface VmFinding {
  tone: FindingTone;
  /** A sentence that says what is wrong and what to do. */
  text: string;
}

/** A disk of a VM as the wizard offers it for the OS disk choice. */
export interface CandidateDisk {
  /** The name Azure Site Recovery matches (the VHD file name without its extension). */
  name: string;
  sizeGB?: number;
}

export interface CandidateVm {
  key: string;
  /** Hyper-V VMId (lower case): the protectable and protected item name. */
  vmId: string;
  name: string;
  hostKey: string;
  /** From the host's inventory (integration services of a running guest); undefined when it does not say. */
  osType?: OsType;
  /**
   * The disks to choose the OS disk from: as Azure Site Recovery lists them when it does (the
   * names it matches), else as the host's inventory does. Empty when neither is known.
   */
  disks: CandidateDisk[];
  /** The host's boot disk (see osDiskIndex in vmInventory.ts), as a name of `disks`. */
  suggestedOsDisk?: string;
  /** From the inventory, else Azure's protectable item ("1"/"2"; "0" counts as unknown). */
  generation?: 1 | 2;
  findings: VmFinding[];
  protectableItem?: ProtectableItem;
}

export interface Candidates {
  hosts: CandidateHost[];
  vms: CandidateVm[];
}

function osTypeOf(vm: EstateVm): OsType | undefined {
  if (vm.inventory?.osType !== undefined) return vm.inventory.osType;
  // Azure reports `osDetails: null` for Hyper-V protectable items (all 29 recorded); read it in case it ever says.
  const details = vm.protectableItem?.properties?.customDetails as { osDetails?: { osType?: string } | null } | undefined;
  const os = details?.osDetails?.osType;
  if (equalsIgnoreCase(os, 'Windows')) return 'Windows';
  if (equalsIgnoreCase(os, 'Linux')) return 'Linux';
  return undefined;
}

/**
 * The disks offered for the OS disk choice and the host's suggestion among them. Azure's names
 * win (they are what the enable request is matched against); the inventory's boot disk is found
 * among them by name as Az PowerShell matches -OSDiskName (see src/model/osDisk.ts).
 */
export function candidateDisks(vm: EstateVm): { disks: CandidateDisk[]; suggestedOsDisk?: string } {
  const inventory = vm.inventory;
  const bootPath = inventory?.osDiskIndex !== undefined ? inventory.disks[inventory.osDiskIndex]?.path : undefined;
  const bootName = bootPath !== undefined ? vhdNameOfPath(bootPath) : undefined;
  const azure = vm.protectableItem ? protectableDisks(vm.protectableItem) : [];
  if (azure.length > 0) {
    const disks = azure.map((d) => ({ name: d.vhdName || d.vhdId, ...(d.maxSizeMB !== undefined ? { sizeGB: Math.round(d.maxSizeMB / 1024) } : {}) }));
    const match = bootName !== undefined ? findDiskByName(azure, bootName) : undefined;
    return { disks, ...(match ? { suggestedOsDisk: match.vhdName || match.vhdId } : {}) };
  }
  if (!inventory) return { disks: [] };
  const disks = inventory.disks
    .filter((d) => d.diskNumber === undefined)
    .map((d) => ({ name: vhdNameOfPath(d.path), ...(d.sizeBytes !== undefined ? { sizeGB: Math.round(d.sizeBytes / 1024 ** 3) } : {}) }));
  return { disks, ...(bootName !== undefined && disks.some((d) => d.name === bootName) ? { suggestedOsDisk: bootName } : {}) };
}

function generationOf(vm: EstateVm): 1 | 2 | undefined {
  if (vm.inventory) return vm.inventory.generation;
  const g = (vm.protectableItem?.properties?.customDetails as { generation?: string } | undefined)?.generation;
  return g === '1' ? 1 : g === '2' ? 2 : undefined;
}

function hostTitle(host: EstateHost): string {
  return host.name || host.fqdn || host.key;
}

/** Support-matrix findings and ASR's readiness for one VM on its host (errors block it). */
export function vmFindings(vm: EstateVm, host: EstateHost): VmFinding[] {
  const out: VmFinding[] = [];
  const add = (tone: FindingTone, text: string): void => {
    if (!out.some((f) => f.text === text)) out.push({ tone, text });
  };
  const hostName = hostTitle(host);
  if (vm.stale || !host.reachable) {
    const why = host.unreachableReason ? ` (${host.unreachableReason.replace(/\.$/, '')})` : '';
    if (host.provider.registered && host.provider.connected === true && vm.protectableItem !== undefined) {
      // Nothing has to run on a registered, connected host: Azure lists the VM and its disks, so
      // it can be protected; only what the host would have told (OS, boot disk) must be chosen.
      add('warning', `${hostName} could not be reached at the last refresh${why}, so its OS and boot disk are not known: choose them on the next pages. Azure Site Recovery lists the VM, so it can be protected.`);
    } else {
      add('error', `${hostName} could not be reached at the last refresh${why}. Make sure the host is on and reachable, refresh it, then try again.`);
    }
  }
  if (host.supported === false) {
    add('error', host.supportReason ?? `${hostName} does not run a Windows Server version Azure Site Recovery supports (2012 R2 or later). Upgrade the host first.`);
  }
  if (host.provider.registered && host.provider.connected === false) {
    add(
      'error',
      `${hostName} is registered with the vault but not connected (its Site Recovery provider heartbeat is missing). Make sure the host is running and reaches Azure over HTTPS (port 443), restart the "Microsoft Azure Site Recovery Provider" service if needed, then refresh.`,
    );
  }
  const status = vm.protectableItem?.properties?.protectionStatus;
  if (status !== undefined && !equalsIgnoreCase(status, 'Unprotected')) {
    add('error', `Azure Site Recovery reports the protection status of "${vm.name}" as ${status}. Refresh the estate; if it stays so, look at the VM in the vault.`);
  }
  const item = vm.protectableItem?.properties;
  const custom = item?.customDetails as { hasPhysicalDisk?: string; hasFibreChannelAdapter?: string; hasSharedVhd?: string } | undefined;
  const facts = vm.inventory
    ? toPreflightFacts(
        {
          name: hostName,
          fqdn: host.fqdn ?? host.key,
          osCaption: host.osCaption ?? '',
          osBuild: host.osBuild ?? 0,
          isServerCore: host.isServerCore ?? false,
          hyperVModule: true,
          provider: { installed: true, registered: true },
        },
        vm.inventory,
      ).vm
    : { name: vm.name, disks: [] };
  const result = preflightVm({ name: hostName }, facts, {
    ...(item?.protectionReadinessErrors ? { protectionReadinessErrors: item.protectionReadinessErrors } : {}),
    ...(custom?.hasPhysicalDisk ? { hasPhysicalDisk: custom.hasPhysicalDisk } : {}),
    ...(custom?.hasFibreChannelAdapter ? { hasFibreChannelAdapter: custom.hasFibreChannelAdapter } : {}),
    ...(custom?.hasSharedVhd ? { hasSharedVhd: custom.hasSharedVhd } : {}),
  });
  const relevant = (f: PreflightFinding): boolean =>
    // Host rules are judged above from the host's own facts; without an inventory the disks are
    // unknown, not missing, and the generation is unknown, not wrong.
    f.target !== 'host' && (vm.inventory !== undefined || (f.ruleId !== 'vm.osDisk.count' && f.ruleId !== 'vm.generation'));
  for (const f of result.findings.filter(relevant)) add(f.severity, f.message);
  return out.sort((a, b) => (a.tone === b.tone ? 0 : a.tone === 'error' ? -1 : 1));
}

/**
 * The VMs the wizard can offer (every VM on a host without a protected item) and their hosts.
 * `savedCredentialHosts`: host keys, names or FQDNs that have saved credentials.
 */
export function candidatesFromEstate(snapshot: EstateSnapshot, options: { savedCredentialHosts?: readonly string[] } = {}): Candidates {
  const saved = new Set((options.savedCredentialHosts ?? []).map((h) => h.toLowerCase()));
  const hosts: CandidateHost[] = [];
  const vms: CandidateVm[] = [];
  for (const h of snapshot.hosts) {
    const offered = h.vms.filter((v) => v.protection === undefined);
    if (offered.length === 0) continue;
    hosts.push({
      key: h.key,
      name: hostTitle(h),
      ...(h.fqdn !== undefined ? { fqdn: h.fqdn } : {}),
      local: h.sources.includes('local'),
      registered: h.provider.registered,
      connected: h.provider.connected === true,
      ...(h.provider.fabricName !== undefined ? { fabricName: h.provider.fabricName } : {}),
      credentialSaved: [h.key, h.name, h.fqdn].some((n) => n !== undefined && saved.has(n.toLowerCase())),
    });
    for (const v of offered) {
      const os = osTypeOf(v);
      const { disks, suggestedOsDisk } = candidateDisks(v);
      const generation = generationOf(v);
      vms.push({
        key: v.key,
        vmId: v.vmId,
        name: v.name,
        hostKey: h.key,
        ...(os !== undefined ? { osType: os } : {}),
        disks,
        ...(suggestedOsDisk !== undefined ? { suggestedOsDisk } : {}),
        ...(generation !== undefined ? { generation } : {}),
        findings: vmFindings(v, h),
        ...(v.protectableItem !== undefined ? { protectableItem: v.protectableItem } : {}),
      });
    }
  }
  return { hosts, vms };
}

export function hasError(vm: CandidateVm): boolean {
  return vm.findings.some((f) => f.tone === 'error');
}

/** The VM keys to pre-select: from a VM node that VM, from a host node its unprotected VMs. */
export function preselection(candidates: Candidates, from: { vmKey?: string; hostKey?: string }): string[] {
  if (from.vmKey !== undefined) {
    const key = from.vmKey.toLowerCase();
    return candidates.vms.filter((v) => v.key === key).map((v) => v.key);
  }
  if (from.hostKey !== undefined) {
    const key = from.hostKey.toLowerCase();
    return candidates.vms.filter((v) => v.hostKey === key && !hasError(v)).map((v) => v.key);
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// Azure choices (loaded when the wizard leaves the preflight page)

export interface AzureChoices {
  resourceGroups: ResourceGroupSummary[];
  /** In the vault's region. */
  storageAccounts: StorageAccountSummary[];
  /** In the vault's region. */
  networks: VirtualNetworkSummary[];
  sites: SiteSummary[];
  policies: Policy[];
}

// ---------------------------------------------------------------------------------------------
// The form

export type EnableReplicationPage = 'vms' | 'preflight' | 'vmSettings' | 'hostAccess' | 'target' | 'policy' | 'review' | 'run';
export const enableReplicationPages: readonly EnableReplicationPage[] = ['vms', 'preflight', 'vmSettings', 'hostAccess', 'target', 'policy', 'review', 'run'];

export const licenseChoices: readonly LicenseChoice[] = ['NoLicenseType', 'WindowsServer'];
export const osTypes: readonly OsType[] = ['Windows', 'Linux'];

/** "Automatic": no targetVmSize, Azure Site Recovery picks a size matching the VM. */
export const AUTOMATIC_VM_SIZE = 'automatic';

/** Common sizes offered. */
export const vmSizes: readonly { name: string; detail: string }[] = [
  { name: 'Standard_B2s', detail: '2 vCPUs, 4 GB memory (burstable)' },
  { name: 'Standard_B2ms', detail: '2 vCPUs, 8 GB memory (burstable)' },
  { name: 'Standard_A2_v2', detail: '2 vCPUs, 4 GB memory' },
  { name: 'Standard_D2s_v3', detail: '2 vCPUs, 8 GB memory' },
  { name: 'Standard_D4s_v3', detail: '4 vCPUs, 16 GB memory' },
  { name: 'Standard_D8s_v3', detail: '8 vCPUs, 32 GB memory' },
  { name: 'Standard_E2s_v3', detail: '2 vCPUs, 16 GB memory (memory optimised)' },
  { name: 'Standard_E4s_v3', detail: '4 vCPUs, 32 GB memory (memory optimised)' },
  { name: 'Standard_F2s_v2', detail: '2 vCPUs, 4 GB memory (compute optimised)' },
  { name: 'Standard_F4s_v2', detail: '4 vCPUs, 8 GB memory (compute optimised)' },
];

export interface HostAccessForm {
  hostKey: string;
  userName: string;
  /** Save the credentials for the host once they worked. */
  save: boolean;
}

export interface EnableReplicationForm {
  page: EnableReplicationPage;
  /** VM keys, in the order of the candidates. */
  selected: string[];
  hostAccess: HostAccessForm[];
  resourceGroupId: string;
  storageAccountId: string;
  /** '' = no network now (chosen at failover). */
  networkId: string;
  subnetName: string;
  vmSize: string;
  licenseType: LicenseChoice;
  /** The OS type chosen per VM (needed when the host does not report it). */
  osTypes: { vmKey: string; osType: OsType }[];
  /** The OS disk chosen per VM (a name of CandidateVm.disks). */
  osDisks: { vmKey: string; diskName: string }[];
  frequency: ReplicationIntervalSeconds;
  /** As typed (whole hours). */
  retentionHours: string;
  appConsistentHours: string;
}

export const defaultPolicy = { frequency: 300 as ReplicationIntervalSeconds, retentionHours: '2', appConsistentHours: '1' };

export function initialForm(candidates: Candidates, selected: readonly string[]): EnableReplicationForm {
  const keys = new Set(selected.map((k) => k.toLowerCase()));
  return {
    page: 'vms',
    selected: candidates.vms.filter((v) => keys.has(v.key)).map((v) => v.key),
    hostAccess: [],
    resourceGroupId: '',
    storageAccountId: '',
    networkId: '',
    subnetName: '',
    vmSize: AUTOMATIC_VM_SIZE,
    licenseType: 'NoLicenseType',
    osTypes: [],
    osDisks: [],
    frequency: defaultPolicy.frequency,
    retentionHours: defaultPolicy.retentionHours,
    appConsistentHours: defaultPolicy.appConsistentHours,
  };
}

export function selectedVms(form: EnableReplicationForm, candidates: Candidates): CandidateVm[] {
  const keys = new Set(form.selected);
  return candidates.vms.filter((v) => keys.has(v.key));
}

export function hostOf(candidates: Candidates, hostKey: string): CandidateHost | undefined {
  return candidates.hosts.find((h) => h.key === hostKey);
}

/** The hosts of the chosen VMs, in candidate order. */
export function selectedHosts(form: EnableReplicationForm, candidates: Candidates): CandidateHost[] {
  const keys = new Set(selectedVms(form, candidates).map((v) => v.hostKey));
  return candidates.hosts.filter((h) => keys.has(h.key));
}

/** The provider must be installed and registered on the host before its VMs can be protected. */
export function needsProviderSetup(host: CandidateHost): boolean {
  return !host.registered;
}

/** Hosts of the chosen VMs that the run reaches over remoting to install the provider. */
export function hostsNeedingAccess(form: EnableReplicationForm, candidates: Candidates): CandidateHost[] {
  return selectedHosts(form, candidates).filter((h) => needsProviderSetup(h) && !h.local);
}

/**
 * A chosen VM needs the "Operating system and disks" page when the host does not say its OS, or
 * it has more than one disk (one disk is its OS disk: chosen silently), or no disk is known.
 */
export function needsVmSettings(vm: CandidateVm): boolean {
  return vm.osType === undefined || vm.disks.length !== 1;
}

/** The pages in order for the current choice (host access only when a chosen VM's host needs it; OS and disks only when a VM needs a choice). */
export function pageSequence(form: EnableReplicationForm, candidates: Candidates): EnableReplicationPage[] {
  const access = hostsNeedingAccess(form, candidates).length > 0;
  const settings = selectedVms(form, candidates).some(needsVmSettings);
  return enableReplicationPages.filter((p) => (p !== 'hostAccess' || access) && (p !== 'vmSettings' || settings));
}

export function hostAccessOf(form: EnableReplicationForm, hostKey: string): HostAccessForm {
  return form.hostAccess.find((a) => a.hostKey === hostKey) ?? { hostKey, userName: '', save: false };
}

export function withHostAccess(form: EnableReplicationForm, access: HostAccessForm): EnableReplicationForm {
  return { ...form, hostAccess: [...form.hostAccess.filter((a) => a.hostKey !== access.hostKey), access] };
}

/** What is wrong with one host's credentials (`hasPassword`: a password was typed). */
export function hostAccessProblem(host: CandidateHost, access: HostAccessForm, hasPassword: boolean): { userName?: string; password?: string } {
  const user = access.userName.trim();
  if (user === '' && !hasPassword) {
    // Empty: the saved credentials, or the account VS Code runs as (it reached the host already).
    return {};
  }
  if (user === '') return { userName: `Enter the user name that goes with the password, for example CONTOSO\\admin, or clear the password to use ${host.credentialSaved ? 'the saved credentials' : 'your own account'}.` };
  if (!hasPassword) return { password: `Enter the password of ${user}.` };
  return {};
}

/** The OS type the form holds for a VM: the one chosen, else the host's. Never a default: undefined until someone says. */
export function osTypeFor(form: EnableReplicationForm, vm: CandidateVm): OsType | undefined {
  return form.osTypes.find((o) => o.vmKey === vm.key)?.osType ?? vm.osType;
}

export function withOsType(form: EnableReplicationForm, vmKey: string, osType: OsType): EnableReplicationForm {
  return { ...form, osTypes: [...form.osTypes.filter((o) => o.vmKey !== vmKey), { vmKey, osType }] };
}

/** The OS disk the form holds for a VM: the one chosen, else its only disk, else the host's boot disk; undefined when none. */
export function osDiskFor(form: EnableReplicationForm, vm: CandidateVm): string | undefined {
  const chosen = form.osDisks.find((o) => o.vmKey === vm.key)?.diskName;
  if (chosen !== undefined && vm.disks.some((d) => d.name === chosen)) return chosen;
  if (vm.disks.length === 1) return vm.disks[0]?.name;
  return vm.suggestedOsDisk;
}

export function withOsDisk(form: EnableReplicationForm, vmKey: string, diskName: string): EnableReplicationForm {
  return { ...form, osDisks: [...form.osDisks.filter((o) => o.vmKey !== vmKey), { vmKey, diskName }] };
}

/** What is missing for a VM on the "Operating system and disks" page. */
export function vmSettingsProblems(form: EnableReplicationForm, vm: CandidateVm): { osType?: string; osDisk?: string } {
  const out: { osType?: string; osDisk?: string } = {};
  const os = osTypeFor(form, vm);
  if (os === undefined) out.osType = `Choose the operating system of ${vm.name}: Hyper-V does not report it (the VM is off, or its integration services do not say).`;
  // The support matrix: no generation 2 VM running Linux (the preflight could not tell before the OS was known).
  else if (os === 'Linux' && vm.generation === 2) out.osType = messages.preflight.linuxGen2(vm.name);
  if (vm.disks.length === 0) out.osDisk = `The disks of ${vm.name} are not known: make sure its host is reachable, refresh the view, then open this wizard again.`;
  else if (osDiskFor(form, vm) === undefined) out.osDisk = `Choose the operating system disk of ${vm.name}: the host does not say which disk it boots from.`;
  return out;
}

/** Target defaults once the Azure lists are known (keeps what is still valid). */
export function withTargetDefaults(form: EnableReplicationForm, choices: AzureChoices, preferredStorageAccountId?: string): EnableReplicationForm {
  const has = <T extends { id: string }>(list: readonly T[], id: string): boolean => list.some((x) => x.id.toLowerCase() === id.toLowerCase());
  const resourceGroupId = form.resourceGroupId !== '' && has(choices.resourceGroups, form.resourceGroupId) ? form.resourceGroupId : (choices.resourceGroups[0]?.id ?? '');
  const storageAccountId =
    form.storageAccountId !== '' && has(choices.storageAccounts, form.storageAccountId)
      ? form.storageAccountId
      : preferredStorageAccountId !== undefined && has(choices.storageAccounts, preferredStorageAccountId)
        ? (choices.storageAccounts.find((a) => a.id.toLowerCase() === preferredStorageAccountId.toLowerCase())?.id ?? '')
        : (choices.storageAccounts[0]?.id ?? '');
  const networkId = form.networkId !== '' && has(choices.networks, form.networkId) ? form.networkId : '';
  return withNetwork({ ...form, resourceGroupId, storageAccountId }, choices, networkId);
}

/** Chooses a network; the subnet follows it (kept if the new network has it, else its first subnet). */
export function withNetwork(form: EnableReplicationForm, choices: AzureChoices, networkId: string): EnableReplicationForm {
  const subnets = subnetsOf(choices, networkId);
  const subnetName = subnets.some((s) => s.name === form.subnetName) ? form.subnetName : (subnets[0]?.name ?? '');
  return { ...form, networkId, subnetName };
}

export function subnetsOf(choices: AzureChoices, networkId: string): { name: string; addressPrefix?: string }[] {
  if (networkId === '') return [];
  return choices.networks.find((n) => n.id.toLowerCase() === networkId.toLowerCase())?.subnets ?? [];
}

export interface TargetProblems {
  resourceGroupId?: string;
  storageAccountId?: string;
  networkId?: string;
  subnetName?: string;
  vmSize?: string;
}

export function targetProblems(form: EnableReplicationForm, choices: AzureChoices | undefined, vaultLocation: string): TargetProblems {
  const out: TargetProblems = {};
  if (!choices) return { resourceGroupId: 'The lists of Azure resources are not loaded yet.' };
  if (choices.resourceGroups.length === 0) out.resourceGroupId = 'The subscription has no resource group: create one in the Azure portal (or with the Connect wizard), then come back.';
  else if (form.resourceGroupId === '') out.resourceGroupId = 'Choose the resource group the VMs are created in when they fail over.';
  if (choices.storageAccounts.length === 0) {
    out.storageAccountId = `There is no storage account in the vault's region (${vaultLocation}): create one there (Connect wizard or Azure portal), then come back.`;
  } else if (form.storageAccountId === '') out.storageAccountId = 'Choose the storage account replication keeps its logs in.';
  if (form.networkId !== '') {
    const subnets = subnetsOf(choices, form.networkId);
    if (subnets.length === 0) out.subnetName = 'This virtual network has no subnet: add one in the Azure portal, or choose another network.';
    else if (!subnets.some((s) => s.name === form.subnetName)) out.subnetName = 'Choose the subnet the VMs attach to.';
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Policy

export interface PolicyProblems {
  frequency?: string;
  retentionHours?: string;
  appConsistentHours?: string;
}

function wholeHours(text: string): number | undefined {
  const t = text.trim();
  return /^\d{1,3}$/.test(t) ? Number(t) : undefined;
}

/** The policy settings the form asks for, or the problems of each field. */
export function policySettings(form: EnableReplicationForm): { settings?: HyperVPolicySettings; problems: PolicyProblems } {
  const problems: PolicyProblems = {};
  const retention = wholeHours(form.retentionHours);
  const app = wholeHours(form.appConsistentHours);
  if (retention === undefined) problems.retentionHours = `Enter a whole number of hours from 0 to ${MAX_RECOVERY_POINT_HISTORY_HOURS}.`;
  if (app === undefined) problems.appConsistentHours = `Enter a whole number of hours from 0 (off) to ${MAX_APP_CONSISTENT_FREQUENCY_HOURS}.`;
  if (!(REPLICATION_INTERVALS_SECONDS as readonly number[]).includes(form.frequency)) problems.frequency = 'Choose 30 seconds, 5 minutes or 15 minutes.';
  if (retention === undefined || app === undefined || problems.frequency !== undefined) return { problems };
  const settings: HyperVPolicySettings = {
    replicationIntervalSeconds: form.frequency,
    recoveryPointHistoryHours: retention,
    appConsistentFrequencyHours: app,
    ...(form.storageAccountId !== '' ? { storageAccountId: form.storageAccountId } : {}),
  };
  for (const p of validatePolicySettings(settings)) {
    if (/^The replication frequency/.test(p)) problems.frequency ??= p;
    else if (/^Recovery point retention/.test(p)) problems.retentionHours ??= p;
    else if (/^App-consistent/.test(p)) problems.appConsistentHours ??= p;
  }
  return problems.frequency || problems.retentionHours || problems.appConsistentHours ? { problems } : { settings, problems };
}

export function frequencyLabel(seconds: number): string {
  return seconds < 60 ? `${seconds} seconds` : `${seconds / 60} minutes`;
}

/** A name for a new policy that says its settings, unique among the vault's policies. */
export function newPolicyName(settings: HyperVPolicySettings, existing: readonly Policy[]): string {
  const f = settings.replicationIntervalSeconds < 60 ? `${settings.replicationIntervalSeconds}s` : `${settings.replicationIntervalSeconds / 60}min`;
  const base = `HyperV-${f}-${settings.recoveryPointHistoryHours}h-${settings.appConsistentFrequencyHours}h`;
  const taken = new Set(existing.map((p) => (p.name ?? '').toLowerCase()));
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}-${i}`;
  return name;
}

/** Reuse an existing policy with the same settings (findMatchingPolicy), else create one. */
export function policyDecision(settings: HyperVPolicySettings, policies: readonly Policy[]): PolicyDecision {
  const match = findMatchingPolicy(policies, settings);
  if (match?.id && match.name) return { kind: 'reuse', name: match.name, settings };
  return { kind: 'create', name: newPolicyName(settings, policies), settings };
}

export function policyDecisionText(d: PolicyDecision): string {
  return d.kind === 'reuse'
    ? `The existing replication policy "${d.name}" has these settings: it will be reused.`
    : `No replication policy of the vault has these settings: a new policy "${d.name}" will be created.`;
}

// ---------------------------------------------------------------------------------------------
// Page problems and moving between pages

export interface ModelContext {
  candidates: Candidates;
  choices?: AzureChoices;
  vaultLocation: string;
  /** Hosts for which a password was typed (the password itself stays with the wizard). */
  passwordsFor: ReadonlySet<string>;
}

/** What keeps the user on the current page (undefined when `next` may go on). */
export function pageProblem(form: EnableReplicationForm, ctx: ModelContext): string | undefined {
  switch (form.page) {
    case 'vms':
      return form.selected.length === 0 ? 'Choose at least one virtual machine.' : undefined;
    case 'preflight': {
      const blocked = selectedVms(form, ctx.candidates).filter(hasError);
      if (blocked.length === 0) return undefined;
      const names = blocked.map((v) => v.name).join(', ');
      return `${names} cannot be protected as ${blocked.length === 1 ? 'it is' : 'they are'}: fix what is listed, or go back and clear ${blocked.length === 1 ? 'it' : 'them'} from the list.`;
    }
    case 'vmSettings': {
      for (const vm of selectedVms(form, ctx.candidates)) {
        const p = vmSettingsProblems(form, vm);
        const first = p.osType ?? p.osDisk;
        if (first !== undefined) return first;
      }
      return undefined;
    }
    case 'hostAccess': {
      for (const h of hostsNeedingAccess(form, ctx.candidates)) {
        const p = hostAccessProblem(h, hostAccessOf(form, h.key), ctx.passwordsFor.has(h.key));
        const first = p.userName ?? p.password;
        if (first !== undefined) return `${h.name}: ${first}`;
      }
      return undefined;
    }
    case 'target': {
      const p = targetProblems(form, ctx.choices, ctx.vaultLocation);
      return p.resourceGroupId ?? p.storageAccountId ?? p.networkId ?? p.subnetName ?? p.vmSize;
    }
    case 'policy': {
      const p = policySettings(form).problems;
      return p.frequency ?? p.retentionHours ?? p.appConsistentHours;
    }
    case 'review':
    case 'run':
      return undefined;
  }
}

export function nextPage(form: EnableReplicationForm, ctx: ModelContext): { form: EnableReplicationForm; problem?: string } {
  const problem = pageProblem(form, ctx);
  if (problem !== undefined) return { form, problem };
  const pages = pageSequence(form, ctx.candidates);
  const i = pages.indexOf(form.page);
  const to = pages[Math.min(i + 1, pages.length - 1)] ?? form.page;
  // Never into the run by `next`: `start` does that.
  return { form: to === 'run' ? form : { ...form, page: to } };
}

export function previousPage(form: EnableReplicationForm, candidates: Candidates): EnableReplicationForm {
  if (form.page === 'run') return form;
  const pages = pageSequence(form, candidates);
  const i = pages.indexOf(form.page);
  return { ...form, page: pages[Math.max(0, i - 1)] ?? 'vms' };
}

/** Ticks or clears a VM (a VM with an error cannot be ticked). */
export function withVm(form: EnableReplicationForm, candidates: Candidates, vmKey: string, checked: boolean): EnableReplicationForm {
  const vm = candidates.vms.find((v) => v.key === vmKey);
  if (!vm) return form;
  if (checked && hasError(vm)) return form;
  const keys = new Set(form.selected);
  if (checked) keys.add(vmKey);
  else keys.delete(vmKey);
  return { ...form, selected: candidates.vms.filter((v) => keys.has(v.key)).map((v) => v.key) };
}

// ---------------------------------------------------------------------------------------------
// The plan the run carries out

/** Name of the Hyper-V site created when the vault has none. */
export const DEFAULT_SITE_NAME = 'Hyper-V-Site';

/** The plan for the review page and the run (throws with the page's problem when incomplete). */
export function buildRunPlan(form: EnableReplicationForm, ctx: ModelContext): RunPlan {
  const choices = ctx.choices;
  if (!choices) throw new Error('The lists of Azure resources are not loaded yet: go back to the target page.');
  for (const page of ['vms', 'preflight', 'vmSettings', 'hostAccess', 'target', 'policy'] as const) {
    if (page === 'hostAccess' && hostsNeedingAccess(form, ctx.candidates).length === 0) continue;
    const problem = pageProblem({ ...form, page }, ctx);
    if (problem !== undefined) throw new Error(problem);
  }
  const { settings } = policySettings(form);
  if (!settings) throw new Error('The replication policy settings are not valid: go back to the policy page.');
  const hosts = selectedHosts(form, ctx.candidates);
  const registeredSite = hosts.find((h) => h.registered && h.fabricName)?.fabricName;
  const existing = [...choices.sites].sort((a, b) => a.name.localeCompare(b.name));
  const mainSite = registeredSite ?? existing[0]?.name ?? DEFAULT_SITE_NAME;
  const planHosts: PlanHost[] = hosts.map((h) => ({
    key: h.key,
    name: h.name,
    fqdn: h.fqdn ?? h.name,
    local: h.local,
    setup: needsProviderSetup(h),
    site: h.registered && h.fabricName ? h.fabricName : mainSite,
  }));
  const siteNames: string[] = [];
  for (const h of planHosts) if (!siteNames.some((n) => equalsIgnoreCase(n, h.site))) siteNames.push(h.site);
  const target: RunPlan['target'] = {
    resourceGroupId: form.resourceGroupId,
    storageAccountId: form.storageAccountId,
    licenseType: form.licenseType,
    ...(form.networkId !== '' ? { networkId: form.networkId, subnetName: form.subnetName } : {}),
    ...(form.vmSize !== AUTOMATIC_VM_SIZE ? { vmSize: form.vmSize } : {}),
  };
  return {
    sites: siteNames.map((name) => ({ name, create: !existing.some((s) => equalsIgnoreCase(s.name, name)) })),
    hosts: planHosts,
    vms: selectedVms(form, ctx.candidates).map((v) => {
      const osType = osTypeFor(form, v);
      const osDiskName = osDiskFor(form, v);
      // pageProblem('vmSettings') above refused a VM without either: this only satisfies the types.
      if (osType === undefined || osDiskName === undefined) throw new Error(`The operating system or its disk is not chosen for ${v.name}.`);
      return { key: v.key, vmId: v.vmId, name: v.name, hostKey: v.hostKey, osType, osDiskName };
    }),
    policy: policyDecision(settings, choices.policies),
    target,
  };
}
