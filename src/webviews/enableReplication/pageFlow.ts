// Moving through the Enable Replication wizard: the pages for the current choice, what keeps the
// user on a page, Next and Back, and ticking a VM. Pure: no vscode and no SDK client.

import * as l10n from '@vscode/l10n';
import type { AzureChoices } from '../../flows/enableReplicationChoices';
import { hasError, type Candidates } from './candidates';
import { enableReplicationPages, selectedVms, type EnableReplicationForm, type EnableReplicationPage } from './form';
import { hostAccessOf, hostAccessProblem, hostsNeedingAccess } from './hostAccess';
import { policySettings } from './policyChoice';
import { targetProblems } from './targetChoices';
import { needsVmSettings, vmSettingsProblems } from './vmSettings';

export interface ModelContext {
  candidates: Candidates;
  choices?: AzureChoices;
  vaultLocation: string;
  /** Hosts for which a password was typed (the password itself stays with the wizard). */
  passwordsFor: ReadonlySet<string>;
}

/** The pages in order for the current choice (host access only when a chosen VM's host needs it; OS and disks only when a VM needs a choice). */
export function pageSequence(form: EnableReplicationForm, candidates: Candidates): EnableReplicationPage[] {
  const access = hostsNeedingAccess(form, candidates).length > 0;
  const settings = selectedVms(form, candidates).some(needsVmSettings);
  return enableReplicationPages.filter((p) => (p !== 'hostAccess' || access) && (p !== 'vmSettings' || settings));
}

/** What keeps the user on the current page (undefined when `next` may go on). */
export function pageProblem(form: EnableReplicationForm, ctx: ModelContext): string | undefined {
  switch (form.page) {
    case 'vms':
      return form.selected.length === 0 ? l10n.t('Choose at least one virtual machine.') : undefined;
    case 'preflight': {
      const blocked = selectedVms(form, ctx.candidates).filter(hasError);
      if (blocked.length === 0) return undefined;
      const names = blocked.map((v) => v.name).join(', ');
      return blocked.length === 1
        ? l10n.t('{0} cannot be protected as it is: fix what is listed, or go back and clear it from the list.', names)
        : l10n.t('{0} cannot be protected as they are: fix what is listed, or go back and clear them from the list.', names);
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
