// The Enable Replication wizard's target page (resource group, storage account, network and
// subnet, VM size, licence) and policy page (copy frequency, retention, app-consistent snapshots,
// and whether a policy of the vault is reused). Pure page builders: no vscode.

import type { LicenseChoice } from '../../flows/enableReplicationPlan';
import { REPLICATION_INTERVALS_SECONDS } from '../../services/azure/policies';
import type { BlockView } from '../form/view';
import { pageProblem } from './pageFlow';
import { F, button, navButtons, withProblem, type PageBody, type PageState } from './pageParts';
import { frequencyLabel, policyDecision, policyDecisionText, policySettings } from './policyChoice';
import { AUTOMATIC_VM_SIZE, licenseChoices, subnetsOf, targetProblems, vmSizes } from './targetChoices';

const licenseLabels: Record<LicenseChoice, string> = {
  NoLicenseType: 'No: pay for Windows Server in Azure while a VM runs there',
  WindowsServer: 'Yes: use my Windows Server licences with Software Assurance (Azure Hybrid Benefit)',
};

export function targetPage(st: PageState): PageBody {
  const ch = st.ctx.choices;
  if (!ch) {
    return {
      blocks: [{ kind: 'textBlock', id: 'loading', text: 'Reading your Azure resources…' }],
      buttons: [button('back', 'Back'), button('cancel', 'Cancel'), button('reload', 'Read again'), button('next', 'Next', { primary: true, disabled: true })],
    };
  }
  const p = targetProblems(st.form, ch, st.ctx.vaultLocation);
  const subnets = subnetsOf(ch, st.form.networkId);
  const blocks: BlockView[] = [
    { kind: 'textBlock', id: 'intro', text: `The VMs are created in Azure (${st.ctx.vaultLocation}, the vault\u2019s region) only when they fail over; until then their disks replicate.` },
    withProblem(
      { kind: 'select', id: F.resourceGroup, label: 'Resource group', hint: 'Where the VMs, their disks and network interfaces are created at failover.', value: st.form.resourceGroupId, options: ch.resourceGroups.map((g) => ({ value: g.id, label: g.name, detail: g.location })) },
      p.resourceGroupId,
    ),
    withProblem(
      {
        kind: 'select',
        id: F.storageAccount,
        label: 'Storage account for replication logs',
        hint: `The disks replicate to managed disks that Azure Site Recovery creates in the resource group; this account keeps the replication logs. It must be in the vault\u2019s region (${st.ctx.vaultLocation}).`,
        value: st.form.storageAccountId,
        options: ch.storageAccounts.map((a) => ({ value: a.id, label: a.name, detail: `${a.resourceGroup} \u00b7 ${a.location}` })),
      },
      p.storageAccountId,
    ),
    withProblem(
      {
        kind: 'select',
        id: F.network,
        label: 'Virtual network',
        hint: `The network the VMs join in Azure (networks in ${st.ctx.vaultLocation}). You can also choose it at failover.`,
        value: st.form.networkId,
        options: [{ value: '', label: 'None now: choose the network at failover' }, ...ch.networks.map((n) => ({ value: n.id, label: n.name, detail: `${n.resourceGroup} \u00b7 ${n.addressPrefixes.join(', ')}` }))],
      },
      p.networkId,
    ),
    withProblem(
      st.form.networkId === ''
        ? { kind: 'select', id: F.subnet, label: 'Subnet', hint: 'Choose a virtual network first.', value: '', options: [{ value: '', label: 'No network chosen' }], disabled: true }
        : { kind: 'select', id: F.subnet, label: 'Subnet', hint: 'The subnet of the chosen network the VMs attach to.', value: st.form.subnetName, options: subnets.map((sn) => ({ value: sn.name, label: sn.name, ...(sn.addressPrefix ? { detail: sn.addressPrefix } : {}) })) },
      p.subnetName,
    ),
    withProblem(
      {
        kind: 'select',
        id: F.vmSize,
        label: 'VM size',
        hint: 'Automatic: Azure Site Recovery picks a size that matches each VM\u2019s processors and memory.',
        value: st.form.vmSize,
        options: [{ value: AUTOMATIC_VM_SIZE, label: 'Automatic' }, ...vmSizes.map((v) => ({ value: v.name, label: v.name, detail: v.detail }))],
      },
      p.vmSize,
    ),
  ];
  blocks.push({
    kind: 'select',
    id: F.license,
    label: 'Windows Server licence',
    hint: 'Applies to the Windows VMs only. Azure Hybrid Benefit lowers the cost of a VM running in Azure when you own licences with Software Assurance.',
    value: st.form.licenseType,
    options: licenseChoices.map((l) => ({ value: l, label: licenseLabels[l] })),
  });
  const problem = pageProblem(st.form, st.ctx);
  return { blocks, buttons: navButtons(st, problem) };
}

export function policyPage(st: PageState): PageBody {
  const { settings, problems } = policySettings(st.form);
  const blocks: BlockView[] = [
    withProblem(
      {
        kind: 'select',
        id: F.frequency,
        label: 'Copy frequency',
        hint: 'How often changes on the VMs are copied to Azure.',
        value: String(st.form.frequency),
        options: REPLICATION_INTERVALS_SECONDS.map((sec) => ({ value: String(sec), label: frequencyLabel(sec) })),
      },
      problems.frequency,
    ),
    withProblem(
      { kind: 'text', id: F.retention, label: 'Recovery point retention (hours)', hint: 'How far back you can fail over: 0 to 24 hours of recovery points are kept.', value: st.form.retentionHours, maxLength: 3 },
      problems.retentionHours,
    ),
    withProblem(
      {
        kind: 'text',
        id: F.appConsistent,
        label: 'App-consistent snapshot frequency (hours)',
        hint: 'How often an application-consistent snapshot (VSS) is taken: 0 (off) to 12 hours, and not longer than the retention.',
        value: st.form.appConsistentHours,
        maxLength: 3,
      },
      problems.appConsistentHours,
    ),
  ];
  if (settings && st.ctx.choices) blocks.push({ kind: 'textBlock', id: 'policyPlan', tone: 'info', text: policyDecisionText(policyDecision(settings, st.ctx.choices.policies)) });
  return { blocks, buttons: navButtons(st, pageProblem(st.form, st.ctx)) };
}
