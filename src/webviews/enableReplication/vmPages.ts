// The Enable Replication wizard's first pages: choose the VMs, their check against the Azure
// support matrix, and each VM's operating system and OS disk where the host does not say. Pure
// page builders: no vscode.

import * as l10n from '@vscode/l10n';
import type { BlockView, InputFieldView, OptionView } from '../form/view';
import { hasError } from './candidates';
import { hostOf, needsProviderSetup, selectedVms } from './form';
import { pageProblem } from './pageFlow';
import { F, idPart, navButtons, button, withProblem, type PageBody, type PageState } from './pageParts';
import { needsVmSettings, osDiskFor, osTypeFor, osTypes, vmSettingsProblems } from './vmSettings';

export function vmsPage(st: PageState): PageBody {
  const c = st.ctx.candidates;
  const problem = pageProblem(st.form, st.ctx);
  if (c.vms.length === 0) {
    return {
      blocks: [
        {
          kind: 'textBlock',
          id: 'noVms',
          tone: 'info',
          text: l10n.t(
            'Every VM the extension knows of is protected already, or no Hyper-V host is known. Add a host (Azure Site Recovery: Add Hyper-V Host) or refresh the view, then open this wizard again.',
          ),
        },
      ],
      buttons: [button('cancel', l10n.t('Close')), button('next', l10n.t('Next'), { primary: true, disabled: true })],
    };
  }
  const options: OptionView[] = c.vms.map((vm) => {
    const host = hostOf(c, vm.hostKey);
    const error = vm.findings.find((f) => f.tone === 'error');
    const hostName = host?.name ?? vm.hostKey;
    const detail = error
      ? l10n.t('on {0}. Cannot be protected: {1}', hostName, error.text)
      : host && needsProviderSetup(host)
        ? l10n.t('on {0}. The Site Recovery provider is installed on the host first.', hostName)
        : l10n.t('on {0}', hostName);
    // A VM that fails cannot be ticked; one ticked already (opened on it) stays clearable.
    return { value: vm.key, label: vm.name, detail, ...(error && !st.form.selected.includes(vm.key) ? { disabled: true } : {}) };
  });
  const list: InputFieldView = withProblem(
    {
      kind: 'checklist',
      id: F.vms,
      label: l10n.t('Virtual machines'),
      hint: l10n.t('Unprotected VMs of the Hyper-V hosts. A VM that fails the Azure support matrix cannot be chosen; its reason is shown.'),
      values: [...st.form.selected],
      options,
    },
    problem,
  );
  return {
    blocks: [
      {
        kind: 'textBlock',
        id: 'intro',
        text: l10n.t('Replication copies each VM’s disks to Azure, so that you can fail over to Azure when the site is down. Choose one or more VMs.'),
      },
      list,
    ],
    buttons: navButtons(st, problem, true),
  };
}

export function preflightPage(st: PageState): PageBody {
  const c = st.ctx.candidates;
  const blocks: BlockView[] = [];
  for (const vm of selectedVms(st.form, c)) {
    const host = hostOf(c, vm.hostKey);
    const items: { text: string; detail?: string; tone: 'info' | 'success' | 'warning' | 'error' }[] = vm.findings.map((f) => ({ text: f.text, tone: f.tone }));
    if (!hasError(vm)) {
      if (host && needsProviderSetup(host)) {
        items.push({
          text: l10n.t(
            '{0} is not registered with the vault yet: the run installs the Site Recovery provider on it and registers it, then Azure Site Recovery checks the VM too.',
            host.name,
          ),
          tone: 'info',
        });
      } else if (!vm.listedByAsr) {
        items.push({ text: l10n.t('Azure Site Recovery has not listed this VM yet; it checks it again when replication is enabled.'), tone: 'info' });
      }
      if (!vm.findings.some((f) => f.tone === 'warning')) items.unshift({ text: l10n.t('Meets the Azure support matrix.'), tone: 'success' });
    }
    blocks.push({ kind: 'list', id: `preflight:${idPart(vm.key)}`, label: l10n.t('{0} (on {1})', vm.name, host?.name ?? vm.hostKey), items });
  }
  const problem = pageProblem(st.form, st.ctx);
  if (problem !== undefined) blocks.push({ kind: 'textBlock', id: 'blocked', tone: 'error', text: problem });
  return { blocks, buttons: navButtons(st, problem) };
}

export function vmSettingsPage(st: PageState): PageBody {
  const c = st.ctx.candidates;
  const blocks: BlockView[] = [
    {
      kind: 'textBlock',
      id: 'intro',
      text: l10n.t(
        'Azure Site Recovery needs to know each VM’s operating system and which disk it boots from: Azure does not detect them for Hyper-V VMs. The host’s answer is selected where it gave one; check it.',
      ),
    },
  ];
  for (const vm of selectedVms(st.form, c).filter(needsVmSettings)) {
    const p = vmSettingsProblems(st.form, vm);
    const os = osTypeFor(st.form, vm);
    blocks.push(
      withProblem(
        {
          kind: 'radio',
          id: `os:${idPart(vm.key)}`,
          label: l10n.t('Operating system of {0}', vm.name),
          hint: vm.osType
            ? l10n.t('Hyper-V reports {0}.', vm.osType)
            : l10n.t('Hyper-V does not report the guest OS (the VM is off, or its integration services do not say): choose it.'),
          value: os ?? '',
          options: osTypes.map((o) => ({ value: o, label: o })),
        },
        p.osType,
      ),
    );
    if (vm.disks.length > 0) {
      const disk = osDiskFor(st.form, vm);
      blocks.push(
        withProblem(
          {
            kind: 'radio',
            id: `osDisk:${idPart(vm.key)}`,
            label: l10n.t('Operating system disk of {0}', vm.name),
            hint:
              vm.suggestedOsDisk !== undefined
                ? l10n.t('{0} is the disk the VM boots from, as its host reports.', vm.suggestedOsDisk)
                : l10n.t('The host does not say which disk the VM boots from: choose its operating system disk.'),
            value: disk ?? '',
            options: vm.disks.map((d) => ({
              value: d.name,
              label: d.name,
              ...(d.sizeGB !== undefined || d.name === vm.suggestedOsDisk
                ? {
                    detail: [d.sizeGB !== undefined ? l10n.t('{0} GB', d.sizeGB) : '', d.name === vm.suggestedOsDisk ? l10n.t('boot disk') : '']
                      .filter((x) => x !== '')
                      .join(' \u00b7 '),
                  }
                : {}),
            })),
          },
          p.osDisk,
        ),
      );
    } else if (p.osDisk !== undefined) {
      blocks.push({ kind: 'textBlock', id: `noDisks:${idPart(vm.key)}`, tone: 'error', text: p.osDisk });
    }
  }
  const problem = pageProblem(st.form, st.ctx);
  return { blocks, buttons: navButtons(st, problem) };
}
