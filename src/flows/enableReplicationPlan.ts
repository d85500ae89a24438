// The plan an Enable Replication run carries out: what the wizard decided (sites, hosts, VMs with
// their OS and OS disk, policy, target). Built by the wizard's model (buildRunPlan in
// src/webviews/enableReplication/runPlan.ts), executed by src/flows/enableReplication.ts.

import type { HyperVPolicySettings } from '../services/azure/policies';
import type { AzureLicenseType, OsType } from '../services/azure/protection';

export interface SiteSummary {
  name: string;
  /** The fabric's internalIdentifier (the SiteId of the vault credentials). */
  identifier: string;
  /** `cloud_<identifier>`. */
  containerName: string;
}

export type LicenseChoice = Extract<AzureLicenseType, 'NoLicenseType' | 'WindowsServer'>;

/** Reuse a policy or create one; the settings travel with both (the run checks again, see enableReplication.ts). */
export type PolicyDecision = { kind: 'reuse' | 'create'; name: string; settings: HyperVPolicySettings };

export interface PlanHost {
  key: string;
  name: string;
  /** What the provider registers as (and the vault shows): the FQDN when known. */
  fqdn: string;
  local: boolean;
  /** Install and register the provider first. */
  setup: boolean;
  /** The site the host is (or will be) registered in. */
  site: string;
}

export interface PlanVm {
  key: string;
  vmId: string;
  name: string;
  hostKey: string;
  osType: OsType;
  /** The OS disk's name (Azure's vhdName); the run finds its vhdId among the protectable item's disks. */
  osDiskName: string;
}

export interface RunPlan {
  /** The sites involved; `create`: the vault has no Hyper-V site yet. */
  sites: { name: string; create: boolean }[];
  hosts: PlanHost[];
  vms: PlanVm[];
  policy: PolicyDecision;
  target: {
    resourceGroupId: string;
    storageAccountId: string;
    networkId?: string;
    subnetName?: string;
    vmSize?: string;
    licenseType: LicenseChoice;
  };
}
