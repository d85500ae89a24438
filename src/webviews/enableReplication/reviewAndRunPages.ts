// The Enable Replication wizard's last pages: the review of the plan before Start, and the run page
// with every step, what to do when one failed (Retry; the host's credentials when its setup
// failed), initial replication followed to Protected (initialReplication.ts), and the end, with
// its heading. Pure page builders: no vscode.

import * as l10n from '@vscode/l10n';
import type { RunPlan } from '../../flows/enableReplicationPlan';
import type { BlockView, ButtonView } from '../form/view';
import { failedRemoteHost, hostAccessOf, hostAccessProblem } from './hostAccess';
import { hostFields } from './hostAccessPage';
import { button, type PageBody, type PageState } from './pageParts';
import type { EnableReplicationRun } from '../../flows/enableReplication';
import { frequencyLabel } from './policyChoice';
import { buildRunPlan } from './runPlan';

export function reviewPage(st: PageState): PageBody {
  let plan: RunPlan;
  try {
    plan = buildRunPlan(st.form, st.ctx);
  } catch (e) {
    return {
      blocks: [{ kind: 'textBlock', id: 'incomplete', tone: 'error', text: e instanceof Error ? e.message : l10n.t('A page is incomplete: go back and complete it.') }],
      buttons: [button('back', l10n.t('Back')), button('cancel', l10n.t('Cancel')), button('start', l10n.t('Start'), { primary: true, disabled: true })],
    };
  }
  const ch = st.ctx.choices;
  const nameOf = (list: readonly { id: string; name: string }[] | undefined, id: string | undefined): string =>
    list?.find((x) => x.id.toLowerCase() === (id ?? '').toLowerCase())?.name ?? id ?? '';
  const t = plan.target;
  const policy = plan.policy;
  const blocks: BlockView[] = [
    {
      kind: 'summary',
      id: 'reviewVms',
      label: l10n.t('Virtual machines'),
      rows: plan.vms.map((v) => ({
        label: v.name,
        value: l10n.t('on {0}, {1}, operating system disk {2}', plan.hosts.find((h) => h.key === v.hostKey)?.name ?? v.hostKey, v.osType, v.osDiskName),
      })),
    },
    {
      kind: 'summary',
      id: 'reviewHosts',
      label: l10n.t('Hyper-V hosts'),
      rows: plan.hosts.map((h) => ({
        label: h.name,
        value: h.setup ? l10n.t('Install the Site Recovery provider and register the host in {0}', h.site) : l10n.t('Registered in {0}', h.site),
      })),
    },
    {
      kind: 'summary',
      id: 'reviewTarget',
      label: l10n.t('In Azure'),
      rows: [
        { label: l10n.t('Region'), value: st.ctx.vaultLocation },
        { label: l10n.t('Resource group'), value: nameOf(ch?.resourceGroups, t.resourceGroupId) },
        { label: l10n.t('Storage account for replication logs'), value: nameOf(ch?.storageAccounts, t.storageAccountId) },
        { label: l10n.t('Disks in Azure'), value: l10n.t('Managed disks (Standard HDD), created by Azure Site Recovery in the resource group') },
        { label: l10n.t('Virtual network'), value: t.networkId ? nameOf(ch?.networks, t.networkId) : l10n.t('Chosen at failover') },
        ...(t.networkId ? [{ label: l10n.t('Subnet'), value: t.subnetName ?? '' }] : []),
        { label: l10n.t('VM size'), value: t.vmSize ?? l10n.t('Automatic') },
        { label: l10n.t('Windows Server licence'), value: t.licenseType === 'WindowsServer' ? l10n.t('Azure Hybrid Benefit') : l10n.t('Pay in Azure') },
      ],
    },
    {
      kind: 'summary',
      id: 'reviewPolicy',
      label: l10n.t('Replication'),
      rows: [
        { label: l10n.t('Hyper-V site'), value: plan.sites.map((x) => (x.create ? l10n.t('{0} (new)', x.name) : x.name)).join(', ') },
        { label: l10n.t('Policy'), value: policy.kind === 'reuse' ? l10n.t('{0} (existing, reused)', policy.name) : l10n.t('{0} (new)', policy.name) },
        { label: l10n.t('Copy frequency'), value: frequencyLabel(policy.settings.replicationIntervalSeconds) },
        { label: l10n.t('Recovery point retention'), value: l10n.t('{0} hours', policy.settings.recoveryPointHistoryHours) },
        {
          label: l10n.t('App-consistent snapshots'),
          value: policy.settings.appConsistentFrequencyHours === 0 ? l10n.t('Off') : l10n.t('Every {0} hours', policy.settings.appConsistentFrequencyHours),
        },
      ],
    },
    {
      kind: 'textBlock',
      id: 'next',
      text: l10n.t('Start runs each step on the next page. You can close the page while it runs: the work goes on, and the status bar follows the replication jobs.'),
    },
  ];
  return { blocks, buttons: [button('back', l10n.t('Back')), button('cancel', l10n.t('Cancel')), button('start', l10n.t('Start'), { primary: true, disabled: st.busy })] };
}

/**
 * The run page's heading: "Enabling replication" while anything runs (initial replication
 * included), "ramh157v03 is protected" or "Replication enabled for 2 VMs" when all is done, and
 * a failure heading when a step failed or the run was cancelled.
 */
export function runHeading(st: PageState): string {
  const run = st.run;
  if (!run) return l10n.t('Enabling replication');
  if (run.failedStep) return run.cancelled ? l10n.t('Enabling replication cancelled') : l10n.t('Enabling replication failed');
  if (!run.finished || (st.followed !== undefined && !st.followed.protected)) return l10n.t('Enabling replication');
  const vms = run.plan.vms;
  const only = vms.length === 1 ? vms[0] : undefined;
  if (only && st.followed?.protected) return l10n.t('{0} is protected', only.name);
  return only ? l10n.t('Replication enabled for {0}', only.name) : l10n.t('Replication enabled for {0} VMs', vms.length);
}

/** What the page says once the run has finished: initial replication followed, then protected. */
function finishedText(st: PageState, run: EnableReplicationRun): BlockView {
  const n = run.plan.vms.length;
  const name = run.plan.vms[0]?.name ?? l10n.t('the VM');
  if (st.followed?.protected) {
    return {
      kind: 'textBlock',
      id: 'done',
      tone: 'success',
      text:
        n === 1
          ? l10n.t('{0} is protected: Azure Site Recovery keeps its copy in Azure up to date. Run a test failover to prove it can recover.', name)
          : l10n.t('The {0} VMs are protected: Azure Site Recovery keeps their copies in Azure up to date. Run a test failover of each to prove it can recover.', n),
    };
  }
  // While initial replication is followed here, the page says so; without the estate, the run's end is the page's.
  const following = st.followed !== undefined;
  const text = following
    ? n === 1
      ? l10n.t(
          'Replication is enabled for {0}. Initial replication copies its disks to Azure: this page and the status bar follow it until {0} is protected. You can close this page: closing it stops nothing in Azure.',
          name,
        )
      : l10n.t(
          'Replication is enabled for {0} VMs. Initial replication copies their disks to Azure: this page and the status bar follow it until they are protected. You can close this page: closing it stops nothing in Azure.',
          n,
        )
    : n === 1
      ? l10n.t('Replication is enabled for {0}. Initial replication continues in Azure: the tree shows its progress and the status bar follows it. You can close this page.', name)
      : l10n.t(
          'Replication is enabled for {0} VMs. Initial replication continues in Azure: the tree shows its progress and the status bar follows it. You can close this page.',
          n,
        );
  return following ? { kind: 'textBlock', id: 'following', text } : { kind: 'textBlock', id: 'done', tone: 'success', text };
}

export function runPage(st: PageState): PageBody {
  const run = st.run;
  if (!run) return { blocks: [], buttons: [button('close', l10n.t('Close'), { primary: true })] };
  const blocks: BlockView[] = [{ kind: 'steps', id: 'steps', label: l10n.t('Progress'), steps: st.followed?.steps ?? run.view() }];
  const failed = run.failedStep;
  if (run.finished) {
    blocks.push(finishedText(st, run));
  } else if (failed && run.cancelled) {
    blocks.push({
      kind: 'textBlock',
      id: 'cancelled',
      text: l10n.t('Cancelled at "{0}". Press Retry to resume from this step: the steps already done are not repeated.', failed.label),
    });
  } else if (failed) {
    blocks.push({
      kind: 'textBlock',
      id: 'failed',
      tone: 'error',
      text: l10n.t('"{0}" failed (the step above says why). Fix it, then press Retry: the run resumes from this step, and the steps already done are not repeated.', failed.label),
    });
    const host = failedRemoteHost(failed.id, st.plan, st.ctx.candidates);
    if (host) {
      blocks.push({ kind: 'textBlock', id: 'fixAccess', text: l10n.t('If the failure is about access to {0}, correct the credentials below before you press Retry.', host.name) });
      blocks.push(...hostFields(st, host).filter((f) => f.kind === 'text'));
    }
  } else if (run.running) {
    blocks.push({ kind: 'textBlock', id: 'running', text: l10n.t('You can close this page: closing it stops nothing in Azure. The work goes on, and the status bar follows it.') });
  }
  const buttons: ButtonView[] = [];
  if (failed) {
    const host = failedRemoteHost(failed.id, st.plan, st.ctx.candidates);
    const p = host ? hostAccessProblem(host, hostAccessOf(st.form, host.key), st.ctx.passwordsFor.has(host.key)) : {};
    buttons.push(button('retry', l10n.t('Retry'), { primary: true, disabled: p.userName !== undefined || p.password !== undefined }));
  }
  // Cancel stops the run (the work in flight ends; Retry resumes); Close only closes the page.
  if (run.running) buttons.push(button('cancelRun', l10n.t('Cancel')));
  buttons.push(button('close', l10n.t('Close'), { primary: !failed }));
  return { blocks, buttons };
}
