// Where the VMs run in Azure (the target page): the VM sizes and licence choices offered, the
// defaults once the Azure lists are read (flows/enableReplicationChoices.ts), the subnet that follows
// the network, and what is wrong with the choice. Pure: no vscode and no SDK client.

import * as l10n from '@vscode/l10n';
import type { AzureChoices } from '../../flows/enableReplicationChoices';
import type { LicenseChoice } from '../../flows/enableReplicationPlan';
import type { EnableReplicationForm } from './form';

export const licenseChoices: readonly LicenseChoice[] = ['NoLicenseType', 'WindowsServer'];

/** "Automatic": no targetVmSize, Azure Site Recovery picks a size matching the VM. */
export const AUTOMATIC_VM_SIZE = 'automatic';

/** Common sizes offered: vCPUs, memory (GB) and the family, for the option's detail. */
const offeredSizes: readonly { name: string; vcpus: number; memoryGb: number; family?: 'burstable' | 'memory' | 'compute' }[] = [
  { name: 'Standard_B2s', vcpus: 2, memoryGb: 4, family: 'burstable' },
  { name: 'Standard_B2ms', vcpus: 2, memoryGb: 8, family: 'burstable' },
  { name: 'Standard_A2_v2', vcpus: 2, memoryGb: 4 },
  { name: 'Standard_D2s_v3', vcpus: 2, memoryGb: 8 },
  { name: 'Standard_D4s_v3', vcpus: 4, memoryGb: 16 },
  { name: 'Standard_D8s_v3', vcpus: 8, memoryGb: 32 },
  { name: 'Standard_E2s_v3', vcpus: 2, memoryGb: 16, family: 'memory' },
  { name: 'Standard_E4s_v3', vcpus: 4, memoryGb: 32, family: 'memory' },
  { name: 'Standard_F2s_v2', vcpus: 2, memoryGb: 4, family: 'compute' },
  { name: 'Standard_F4s_v2', vcpus: 4, memoryGb: 8, family: 'compute' },
];

/** "2 vCPUs, 8 GB memory (burstable)": read when the page is built, so it is in the display language. */
function sizeDetail(s: (typeof offeredSizes)[number]): string {
  switch (s.family) {
    case 'burstable':
      return l10n.t('{0} vCPUs, {1} GB memory (burstable)', s.vcpus, s.memoryGb);
    case 'memory':
      return l10n.t('{0} vCPUs, {1} GB memory (memory optimised)', s.vcpus, s.memoryGb);
    case 'compute':
      return l10n.t('{0} vCPUs, {1} GB memory (compute optimised)', s.vcpus, s.memoryGb);
    default:
      return l10n.t('{0} vCPUs, {1} GB memory', s.vcpus, s.memoryGb);
  }
}

/** Common sizes offered, with their detail. */
export function vmSizes(): { name: string; detail: string }[] {
  return offeredSizes.map((s) => ({ name: s.name, detail: sizeDetail(s) }));
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
  if (!choices) return { resourceGroupId: l10n.t('The lists of Azure resources are not loaded yet.') };
  if (choices.resourceGroups.length === 0)
    out.resourceGroupId = l10n.t('The subscription has no resource group: create one in the Azure portal (or with the Connect wizard), then come back.');
  else if (form.resourceGroupId === '') out.resourceGroupId = l10n.t('Choose the resource group the VMs are created in when they fail over.');
  if (choices.storageAccounts.length === 0) {
    out.storageAccountId = l10n.t("There is no storage account in the vault's region ({0}): create one there (Connect wizard or Azure portal), then come back.", vaultLocation);
  } else if (form.storageAccountId === '') out.storageAccountId = l10n.t('Choose the storage account replication keeps its logs in.');
  if (form.networkId !== '') {
    const subnets = subnetsOf(choices, form.networkId);
    if (subnets.length === 0) out.subnetName = l10n.t('This virtual network has no subnet: add one in the Azure portal, or choose another network.');
    else if (!subnets.some((s) => s.name === form.subnetName)) out.subnetName = l10n.t('Choose the subnet the VMs attach to.');
  }
  return out;
}
