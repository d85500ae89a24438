import { readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';

/** Knobs for Azure Compute: put a family (or `cores`, the regional total) at its limit, restrict a size. */
export interface ScenarioCompute {
  regionalLimit?: number;
  regionalInUse?: number;
  families?: { name: string; limit?: number; inUse?: number }[];
  /** Sizes answered with a NotAvailableForSubscription restriction in every region. */
  restrictedSizes?: string[];
}

/** A lab scenario: the Azure side and the Hyper-V side of one organisation, as data. */
export interface Scenario {
  name: string;
  description?: string;
  tenantId: string;
  subscriptionId: string;
  subscriptionName: string;
  clientId: string;
  clientSecret: string;
  /** Regions the subscription offers. */
  locations: string[];
  resourceGroups: { name: string; location: string }[];
  storageAccounts: { resourceGroup: string; name: string; location: string; sku?: string }[];
  virtualNetworks: {
    resourceGroup: string;
    name: string;
    location: string;
    addressPrefix: string;
    /** usedAddresses: private IPs of NICs in the subnet (CheckIPAddressAvailability answers them taken). */
    subnets: { name: string; addressPrefix: string; usedAddresses?: string[] }[];
  }[];
  /** The regional vCPU quota (every region) and restricted VM sizes; defaults in lab/compute/computeCatalogue.ts. */
  compute?: ScenarioCompute;
  /** The Recovery Services vault the scenario starts with (optional: a journey may create it). */
  vault?: ScenarioVault;
  hosts: ScenarioHost[];
  /** Generates many hosts and VMs (the scale scenario) instead of listing them. */
  generate?: ScenarioGenerator;
  /**
   * Registration state of resource provider namespaces in the subscription. Namespaces not named
   * are Registered (as in a subscription that has been used); a fresh subscription has
   * Microsoft.RecoveryServices (often Storage, Network, Compute too) NotRegistered.
   */
  providers?: Record<string, 'NotRegistered' | 'Registered'>;
  /** Nominal seconds a provider registration takes (default 60; scaled by the lab's speed). */
  providerRegistrationSeconds?: number;
  /** Role assignments of the scenario's service principal (default: Owner on the subscription). */
  roleAssignments?: ScenarioRoleAssignment[];
  /** Other identities that may sign in (client credentials), with their role assignments. */
  principals?: ScenarioPrincipal[];
}

export interface ScenarioRoleAssignment {
  /** A built-in role: Owner, Contributor, Site Recovery Contributor, Site Recovery Operator, Virtual Machine Contributor. */
  role: string;
  /** Scope under the subscription: "/" (the subscription), "/resourceGroups/RAM-DR-RG", or a resource path. */
  scope: string;
}

export interface ScenarioPrincipal {
  name: string;
  clientId: string;
  clientSecret: string;
  roleAssignments: ScenarioRoleAssignment[];
}

export interface ScenarioVault {
  resourceGroup: string;
  name: string;
  location: string;
  /**
   * A Hyper-V site that already exists, with its registered hosts. Its protection container is
   * `cloud_<internalIdentifier>`, as ASR names it (recordings ListSite.json and
   * EnumerateProtectableItem.json: site internalIdentifier "eecac84c-1761-50ad-9624-a7092c581567",
   * container "cloud_eecac84c-1761-50ad-9624-a7092c581567"), unless `containerName` names it
   * otherwise: no recording shows another name; the knob tests the extension's fallback for a
   * container not named from its site (src/estate/siteProtectables.ts).
   */
  site?: { name: string; internalIdentifier?: string; containerName?: string };
  /** A replication policy that exists and is associated with the site's container. */
  policy?: {
    name: string;
    replicationIntervalSeconds: 30 | 300 | 900;
    recoveryPointHistoryHours: number;
    appConsistentFrequencyHours: number;
    storageAccount: string;
  };
  /** Defaults for VMs the scenario marks as protected. */
  targetResourceGroup?: string;
  targetStorageAccount?: string;
  targetVirtualNetwork?: string;
  /**
   * Recovery plans the vault starts with (lab/asr/recoveryPlanInput.ts seedRecoveryPlans): each
   * group lists VM names of protected VMs of the site, in order (Group 1 first).
   */
  recoveryPlans?: { name: string; groups: string[][] }[];
}

export type ScenarioProtection = 'none' | 'replicating' | 'protected' | 'testFailoverPending' | 'failedOver' | 'critical';

export interface ScenarioDisk {
  name: string;
  sizeGB: number;
  format?: 'VHD' | 'VHDX' | 'VHDSet';
  os?: boolean;
  controller?: 'IDE' | 'SCSI';
  shared?: boolean;
  passThrough?: boolean;
  logicalSectorSize?: number;
  physicalSectorSize?: number;
}

export interface ScenarioVm {
  name: string;
  vmId: string;
  generation: 1 | 2;
  osType: 'Windows' | 'Linux';
  osName?: string;
  state?: 'Running' | 'Off' | 'Saved' | 'Paused';
  processorCount?: number;
  memoryMB?: number;
  disks: ScenarioDisk[];
  networkAdapters?: { name: string; switchName: string; macAddress?: string }[];
  hasFibreChannelAdapter?: boolean;
  protection?: ScenarioProtection;
  /** For 'replicating': how far initial replication is when the lab starts. */
  initialReplicationPercent?: number;
}

export interface ScenarioHost {
  name: string;
  fqdn: string;
  osCaption: string;
  osBuild: number;
  isServerCore?: boolean;
  cluster?: string;
  /** Registered in the scenario vault's site with the Site Recovery provider. */
  registered?: boolean;
  /** Registered but its heartbeat is missing. */
  disconnected?: boolean;
  providerVersion?: string;
  /** The Essentials server itself, which also runs Hyper-V. */
  role?: 'hyperv' | 'essentials';
  /** The machine the stand-in PowerShell runs on (answers calls without a computer name). */
  local?: boolean;
  /** A host that misbehaves when the stand-in PowerShell reaches it. */
  fault?: 'timeout' | 'unreachable' | 'winrmDisabled' | 'accessDenied' | 'noHyperVModule';
  /** false: the host has no "Microsoft Hyper-V" service connection point in Active Directory. */
  inActiveDirectory?: boolean;
  /** false: the host cannot download the provider installer (give a local file or share). */
  internet?: boolean;
  /** Remote calls to this host must present these credentials, else access is denied. */
  credentials?: { userName: string; password: string };
  /** Win32_ComputerSystem.DomainRole (default 3, member server; 4 and 5 are domain controllers). */
  domainRole?: number;
  /** The .NET Framework 4.5+ Release DWORD (default 528049, 4.8; 0 = no 4.5 or later). */
  dotNetRelease?: number;
  /**
   * What Get-AuthenticodeSignature says about the provider installer this host gets (default
   * 'valid', signed by Microsoft): 'notSigned' or 'notMicrosoft' for a tampered or foreign file.
   */
  installerSignature?: 'valid' | 'notSigned' | 'notMicrosoft';
  vms: ScenarioVm[];
}

export interface ScenarioGenerator {
  hosts: number;
  vmsPerHost: number;
  /** Share of VMs protected (the rest are unprotected or replicating). */
  protectedShare: number;
  replicatingShare: number;
  seed: number;
}

/** The scenarios folder: beside this file, or (when the lab is bundled elsewhere) in the repo's lab/. */
function scenarioDir(): string {
  const candidates = [path.join(__dirname, 'scenarios'), path.resolve(__dirname, '..', '..', 'lab', 'scenarios'), path.join(process.cwd(), 'lab', 'scenarios')];
  return candidates.find((c) => existsSync(path.join(c, 'essentials.json'))) ?? candidates[0];
}

/** Loads a scenario by name (`essentials`, `scale`) or from a JSON file path. */
export function loadScenario(nameOrPath: string): Scenario {
  const file = existsSync(nameOrPath) ? nameOrPath : path.join(scenarioDir(), `${nameOrPath}.json`);
  if (!existsSync(file)) {
    throw new Error(`Unknown scenario "${nameOrPath}": give essentials, scale or the path of a scenario JSON file`);
  }
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Scenario;
  validateScenario(parsed, file);
  return parsed;
}

function validateScenario(s: Scenario, file: string): void {
  const missing = (['name', 'tenantId', 'subscriptionId', 'clientId', 'clientSecret'] as const).filter((k) => typeof s[k] !== 'string' || s[k] === '');
  if (missing.length > 0) throw new Error(`Scenario ${file} lacks ${missing.join(', ')}`);
  for (const key of ['locations', 'resourceGroups', 'storageAccounts', 'virtualNetworks', 'hosts'] as const) {
    if (!Array.isArray(s[key])) throw new Error(`Scenario ${file}: "${key}" must be an array`);
  }
}
