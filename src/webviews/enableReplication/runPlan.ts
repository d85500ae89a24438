// The plan an Enable Replication run carries out (flows/enableReplicationPlan.ts), built from the
// form once every page is complete: the sites (the hosts' own, else the vault's first, else a new
// one), the hosts with whether the provider is set up first, the VMs with their OS and OS disk,
// the policy decision and the target. Pure: no vscode and no SDK client.

import * as l10n from '@vscode/l10n';
import { equalsIgnoreCase } from '../../model/wireValues';
import type { PlanHost, RunPlan } from '../../flows/enableReplicationPlan';
import { needsProviderSetup, selectedHosts, selectedVms, type EnableReplicationForm } from './form';
import { hostsNeedingAccess } from './hostAccess';
import { pageProblem, type ModelContext } from './pageFlow';
import { policyDecision, policySettings } from './policyChoice';
import { AUTOMATIC_VM_SIZE } from './targetChoices';
import { osDiskFor, osTypeFor } from './vmSettings';

/** Name of the Hyper-V site created when the vault has none. */
export const DEFAULT_SITE_NAME = 'Hyper-V-Site';

/** The plan for the review page and the run (throws with the page's problem when incomplete). */
export function buildRunPlan(form: EnableReplicationForm, ctx: ModelContext): RunPlan {
  const choices = ctx.choices;
  if (!choices) throw new Error(l10n.t('The lists of Azure resources are not loaded yet: go back to the target page.'));
  for (const page of ['vms', 'preflight', 'vmSettings', 'hostAccess', 'target', 'policy'] as const) {
    if (page === 'hostAccess' && hostsNeedingAccess(form, ctx.candidates).length === 0) continue;
    const problem = pageProblem({ ...form, page }, ctx);
    if (problem !== undefined) throw new Error(problem);
  }
  const { settings } = policySettings(form);
  if (!settings) throw new Error(l10n.t('The replication policy settings are not valid: go back to the policy page.'));
  const hosts = selectedHosts(form, ctx.candidates);
  const registeredSite = hosts.find((h) => h.registered && h.fabricName)?.fabricName;
  const existing = [...choices.sites].sort((a, b) => a.name.localeCompare(b.name));
  const mainSite = registeredSite ?? existing[0]?.name ?? DEFAULT_SITE_NAME;
  const planHosts: PlanHost[] = hosts.map((h) => ({
    key: h.key,
    name: h.name,
    fqdn: h.fqdn ?? h.name,
    local: h.local,
    setup: needsProviderSetup(h),
    site: h.registered && h.fabricName ? h.fabricName : mainSite,
  }));
  const siteNames: string[] = [];
  for (const h of planHosts) if (!siteNames.some((n) => equalsIgnoreCase(n, h.site))) siteNames.push(h.site);
  const target: RunPlan['target'] = {
    resourceGroupId: form.resourceGroupId,
    storageAccountId: form.storageAccountId,
    licenseType: form.licenseType,
    ...(form.networkId !== '' ? { networkId: form.networkId, subnetName: form.subnetName } : {}),
    ...(form.vmSize !== AUTOMATIC_VM_SIZE ? { vmSize: form.vmSize } : {}),
  };
  return {
    sites: siteNames.map((name) => ({ name, create: !existing.some((s) => equalsIgnoreCase(s.name, name)) })),
    hosts: planHosts,
    vms: selectedVms(form, ctx.candidates).map((v) => {
      const osType = osTypeFor(form, v);
      const osDiskName = osDiskFor(form, v);
      // pageProblem('vmSettings') above refused a VM without either: this only satisfies the types.
      if (osType === undefined || osDiskName === undefined) throw new Error(l10n.t('The operating system or its disk is not chosen for {0}.', v.name));
      return { key: v.key, vmId: v.vmId, name: v.name, hostKey: v.hostKey, osType, osDiskName };
    }),
    policy: policyDecision(settings, choices.policies),
    target,
  };
}
