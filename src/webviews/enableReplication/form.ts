// What the user chose so far in the Enable Replication wizard (the form its snapshot saves), its
// first values, and the chosen VMs and their hosts. Pure: no vscode and no SDK client.

import type { ReplicationIntervalSeconds } from '../../services/azure/policies';
import type { OsType } from '../../services/azure/protection';
import type { LicenseChoice } from '../../flows/enableReplicationPlan';
import type { CandidateHost, CandidateVm, Candidates } from './candidates';
import { defaultPolicy } from './policyChoice';
import { AUTOMATIC_VM_SIZE } from './targetChoices';

export type EnableReplicationPage = 'vms' | 'preflight' | 'vmSettings' | 'hostAccess' | 'target' | 'policy' | 'review' | 'run';
export const enableReplicationPages: readonly EnableReplicationPage[] = ['vms', 'preflight', 'vmSettings', 'hostAccess', 'target', 'policy', 'review', 'run'];

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
