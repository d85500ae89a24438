// The Enable Replication wizard's target page (resource group, storage account, network and
// subnet, VM size, licence) and policy page (copy frequency, retention, app-consistent snapshots,
// and whether a policy of the vault is reused). Pure page builders: no vscode.

import * as l10n from '@vscode/l10n';
import type { AzureChoices } from '../../flows/enableReplicationChoices';
import type { LicenseChoice } from '../../flows/enableReplicationPlan';
import { REPLICATION_INTERVALS_SECONDS } from '../../services/azure/policies';
import type { BlockView } from '../form/view';
import { pageProblem } from './pageFlow';
import { F, button, navButtons, withProblem, type PageBody, type PageState } from './pageParts';
import { frequencyLabel, policyDecision, policyDecisionText, policySettings } from './policyChoice';
import { AUTOMATIC_VM_SIZE, licenseChoices, subnetsOf, targetProblems, vmSizes, type TargetProblems } from './targetChoices';

const licenseLabels: Record<LicenseChoice, string> = {
  get NoLicenseType() {
    return l10n.t('No: pay for Windows Server in Azure while a VM runs there');
  },
  get WindowsServer() {
    return l10n.t('Yes: use my Windows Server licences with Software Assurance (Azure Hybrid Benefit)');
  },
};

export function targetPage(st: PageState): PageBody {
  const ch = st.ctx.choices;
  if (!ch) return loadingPage();
  const p = targetProblems(st.form, ch, st.ctx.vaultLocation);
  const blocks: BlockView[] = [
    {
      kind: 'textBlock',
      id: 'intro',
      text: l10n.t('The VMs are created in Azure ({0}, the vault’s region) only when they fail over; until then their disks replicate.', st.ctx.vaultLocation),
    },
    ...placementBlocks(st, ch, p),
    ...networkBlocks(st, ch, p),
    ...sizeAndLicenceBlocks(st, p),
  ];
  const problem = pageProblem(st.form, st.ctx);
  return { blocks, buttons: navButtons(st, problem) };
}

/** The target page while the Azure resources are read. */
function loadingPage(): PageBody {
  return {
    blocks: [{ kind: 'textBlock', id: 'loading', text: l10n.t('Reading your Azure resources…') }],
    buttons: [
      button('back', l10n.t('Back')),
      button('cancel', l10n.t('Cancel')),
      button('reload', l10n.t('Read again')),
      button('next', l10n.t('Next'), { primary: true, disabled: true }),
    ],
  };
}

/** The target page's resource group (where the VMs are created at failover) and storage account. */
function placementBlocks(st: PageState, ch: AzureChoices, p: TargetProblems): BlockView[] {
  return [
    withProblem(
      {
        kind: 'select',
        id: F.resourceGroup,
        label: l10n.t('Resource group'),
        hint: l10n.t('Where the VMs, their disks and network interfaces are created at failover.'),
        value: st.form.resourceGroupId,
        options: ch.resourceGroups.map((g) => ({ value: g.id, label: g.name, detail: g.location })),
      },
      p.resourceGroupId,
    ),
    withProblem(
      {
        kind: 'select',
        id: F.storageAccount,
        label: l10n.t('Storage account for replication logs'),
        hint: l10n.t(
          'The disks replicate to managed disks that Azure Site Recovery creates in the resource group; this account keeps the replication logs. It must be in the vault’s region ({0}).',
          st.ctx.vaultLocation,
        ),
        value: st.form.storageAccountId,
        options: ch.storageAccounts.map((a) => ({ value: a.id, label: a.name, detail: `${a.resourceGroup} \u00b7 ${a.location}` })),
      },
      p.storageAccountId,
    ),
  ];
}

/** The target page's virtual network and subnet. */
function networkBlocks(st: PageState, ch: AzureChoices, p: TargetProblems): BlockView[] {
  const subnets = subnetsOf(ch, st.form.networkId);
  return [
    withProblem(
      {
        kind: 'select',
        id: F.network,
        label: l10n.t('Virtual network'),
        hint: l10n.t('The network the VMs join in Azure (networks in {0}). You can also choose it at failover.', st.ctx.vaultLocation),
        value: st.form.networkId,
        options: [
          { value: '', label: l10n.t('None now: choose the network at failover') },
          ...ch.networks.map((n) => ({ value: n.id, label: n.name, detail: `${n.resourceGroup} \u00b7 ${n.addressPrefixes.join(', ')}` })),
        ],
      },
      p.networkId,
    ),
    withProblem(
      st.form.networkId === ''
        ? {
            kind: 'select',
            id: F.subnet,
            label: l10n.t('Subnet'),
            hint: l10n.t('Choose a virtual network first.'),
            value: '',
            options: [{ value: '', label: l10n.t('No network chosen') }],
            disabled: true,
          }
        : {
            kind: 'select',
            id: F.subnet,
            label: l10n.t('Subnet'),
            hint: l10n.t('The subnet of the chosen network the VMs attach to.'),
            value: st.form.subnetName,
            options: subnets.map((sn) => ({ value: sn.name, label: sn.name, ...(sn.addressPrefix ? { detail: sn.addressPrefix } : {}) })),
          },
      p.subnetName,
    ),
  ];
}

/** The target page's VM size and Windows Server licence. */
function sizeAndLicenceBlocks(st: PageState, p: TargetProblems): BlockView[] {
  return [
    withProblem(
      {
        kind: 'select',
        id: F.vmSize,
        label: l10n.t('VM size'),
        hint: l10n.t('Automatic: Azure Site Recovery picks a size that matches each VM’s processors and memory.'),
        value: st.form.vmSize,
        options: [{ value: AUTOMATIC_VM_SIZE, label: l10n.t('Automatic') }, ...vmSizes().map((v) => ({ value: v.name, label: v.name, detail: v.detail }))],
      },
      p.vmSize,
    ),
    {
      kind: 'select',
      id: F.license,
      label: l10n.t('Windows Server licence'),
      hint: l10n.t('Applies to the Windows VMs only. Azure Hybrid Benefit lowers the cost of a VM running in Azure when you own licences with Software Assurance.'),
      value: st.form.licenseType,
      options: licenseChoices.map((l) => ({ value: l, label: licenseLabels[l] })),
    },
  ];
}

export function policyPage(st: PageState): PageBody {
  const { settings, problems } = policySettings(st.form);
  const blocks: BlockView[] = [
    withProblem(
      {
        kind: 'select',
        id: F.frequency,
        label: l10n.t('Copy frequency'),
        hint: l10n.t('How often changes on the VMs are copied to Azure.'),
        value: String(st.form.frequency),
        options: REPLICATION_INTERVALS_SECONDS.map((sec) => ({ value: String(sec), label: frequencyLabel(sec) })),
      },
      problems.frequency,
    ),
    withProblem(
      {
        kind: 'text',
        id: F.retention,
        label: l10n.t('Recovery point retention (hours)'),
        hint: l10n.t('How far back you can fail over: 0 to 24 hours of recovery points are kept.'),
        value: st.form.retentionHours,
        maxLength: 3,
      },
      problems.retentionHours,
    ),
    withProblem(
      {
        kind: 'text',
        id: F.appConsistent,
        label: l10n.t('App-consistent snapshot frequency (hours)'),
        hint: l10n.t('How often an application-consistent snapshot (VSS) is taken: 0 (off) to 12 hours, and not longer than the retention.'),
        value: st.form.appConsistentHours,
        maxLength: 3,
      },
      problems.appConsistentHours,
    ),
  ];
  if (settings && st.ctx.choices) blocks.push({ kind: 'textBlock', id: 'policyPlan', tone: 'info', text: policyDecisionText(policyDecision(settings, st.ctx.choices.policies)) });
  return { blocks, buttons: navButtons(st, pageProblem(st.form, st.ctx)) };
}
