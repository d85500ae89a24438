// The Enable Replication wizard's last pages: the review of the plan before Start, and the run page
// with every step, what to do when one failed (Retry; the host's credentials when its setup
// failed), and the end. Pure page builders: no vscode.

import type { RunPlan } from '../../flows/enableReplicationPlan';
import type { BlockView, ButtonView } from '../form/view';
import { failedRemoteHost, hostAccessOf, hostAccessProblem } from './hostAccess';
import { hostFields } from './hostAccessPage';
import { button, type PageBody, type PageState } from './pageParts';
import { frequencyLabel } from './policyChoice';
import { buildRunPlan } from './runPlan';

export function reviewPage(st: PageState): PageBody {
  let plan: RunPlan;
  try {
    plan = buildRunPlan(st.form, st.ctx);
  } catch (e) {
    return {
      blocks: [{ kind: 'textBlock', id: 'incomplete', tone: 'error', text: e instanceof Error ? e.message : 'A page is incomplete: go back and complete it.' }],
      buttons: [button('back', 'Back'), button('cancel', 'Cancel'), button('start', 'Start', { primary: true, disabled: true })],
    };
  }
  const ch = st.ctx.choices;
  const nameOf = (list: readonly { id: string; name: string }[] | undefined, id: string | undefined): string => list?.find((x) => x.id.toLowerCase() === (id ?? '').toLowerCase())?.name ?? id ?? '';
  const t = plan.target;
  const policy = plan.policy;
  const blocks: BlockView[] = [
    {
      kind: 'summary',
      id: 'reviewVms',
      label: 'Virtual machines',
      rows: plan.vms.map((v) => ({ label: v.name, value: `on ${plan.hosts.find((h) => h.key === v.hostKey)?.name ?? v.hostKey}, ${v.osType}, operating system disk ${v.osDiskName}` })),
    },
    {
      kind: 'summary',
      id: 'reviewHosts',
      label: 'Hyper-V hosts',
      rows: plan.hosts.map((h) => ({ label: h.name, value: h.setup ? `Install the Site Recovery provider and register the host in ${h.site}` : `Registered in ${h.site}` })),
    },
    {
      kind: 'summary',
      id: 'reviewTarget',
      label: 'In Azure',
      rows: [
        { label: 'Region', value: st.ctx.vaultLocation },
        { label: 'Resource group', value: nameOf(ch?.resourceGroups, t.resourceGroupId) },
        { label: 'Storage account for replication logs', value: nameOf(ch?.storageAccounts, t.storageAccountId) },
        { label: 'Disks in Azure', value: 'Managed disks (Standard HDD), created by Azure Site Recovery in the resource group' },
        { label: 'Virtual network', value: t.networkId ? nameOf(ch?.networks, t.networkId) : 'Chosen at failover' },
        ...(t.networkId ? [{ label: 'Subnet', value: t.subnetName ?? '' }] : []),
        { label: 'VM size', value: t.vmSize ?? 'Automatic' },
        { label: 'Windows Server licence', value: t.licenseType === 'WindowsServer' ? 'Azure Hybrid Benefit' : 'Pay in Azure' },
      ],
    },
    {
      kind: 'summary',
      id: 'reviewPolicy',
      label: 'Replication',
      rows: [
        { label: 'Hyper-V site', value: plan.sites.map((x) => (x.create ? `${x.name} (new)` : x.name)).join(', ') },
        { label: 'Policy', value: policy.kind === 'reuse' ? `${policy.name} (existing, reused)` : `${policy.name} (new)` },
        { label: 'Copy frequency', value: frequencyLabel(policy.settings.replicationIntervalSeconds) },
        { label: 'Recovery point retention', value: `${policy.settings.recoveryPointHistoryHours} hours` },
        { label: 'App-consistent snapshots', value: policy.settings.appConsistentFrequencyHours === 0 ? 'Off' : `Every ${policy.settings.appConsistentFrequencyHours} hours` },
      ],
    },
    { kind: 'textBlock', id: 'next', text: 'Start runs each step on the next page. You can close the page while it runs: the work goes on, and the status bar follows the replication jobs.' },
  ];
  return { blocks, buttons: [button('back', 'Back'), button('cancel', 'Cancel'), button('start', 'Start', { primary: true, disabled: st.busy })] };
}

export function runPage(st: PageState): PageBody {
  const run = st.run;
  if (!run) return { blocks: [], buttons: [button('close', 'Close', { primary: true })] };
  const blocks: BlockView[] = [{ kind: 'steps', id: 'steps', label: 'Progress', steps: run.view() }];
  const failed = run.failedStep;
  if (run.finished) {
    const n = run.plan.vms.length;
    blocks.push({
      kind: 'textBlock',
      id: 'done',
      tone: 'success',
      text: `Replication is enabled for ${n === 1 ? run.plan.vms[0]?.name ?? 'the VM' : `${n} VMs`}. Initial replication continues in Azure: the tree shows its progress and the status bar follows it. You can close this page.`,
    });
  } else if (failed && run.cancelled) {
    blocks.push({ kind: 'textBlock', id: 'cancelled', text: `Cancelled at "${failed.label}". Press Retry to resume from this step: the steps already done are not repeated.` });
  } else if (failed) {
    blocks.push({ kind: 'textBlock', id: 'failed', tone: 'error', text: `"${failed.label}" failed (the step above says why). Fix it, then press Retry: the run resumes from this step, and the steps already done are not repeated.` });
    const host = failedRemoteHost(failed.id, st.plan, st.ctx.candidates);
    if (host) {
      blocks.push({ kind: 'textBlock', id: 'fixAccess', text: `If the failure is about access to ${host.name}, correct the credentials below before you press Retry.` });
      blocks.push(...hostFields(st, host).filter((f) => f.kind === 'text'));
    }
  } else if (run.running) {
    blocks.push({ kind: 'textBlock', id: 'running', text: 'You can close this page: the work goes on, and the status bar follows the replication jobs.' });
  }
  const buttons: ButtonView[] = [];
  if (failed) {
    const host = failedRemoteHost(failed.id, st.plan, st.ctx.candidates);
    const p = host ? hostAccessProblem(host, hostAccessOf(st.form, host.key), st.ctx.passwordsFor.has(host.key)) : {};
    buttons.push(button('retry', 'Retry', { primary: true, disabled: p.userName !== undefined || p.password !== undefined }));
  }
  // Cancel stops the run (the work in flight ends; Retry resumes); Close only closes the page.
  if (run.running) buttons.push(button('cancelRun', 'Cancel'));
  buttons.push(button('close', 'Close', { primary: !failed }));
  return { blocks, buttons };
}
