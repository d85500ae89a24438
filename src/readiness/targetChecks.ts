// The readiness checks that judge the failover target against what Azure said in this run
// (issue 15 §2): the target resource group, network, subnets and storage account exist (ARM GET:
// 404 → failed, any other error → unknown), the target size is offered in the region, the
// regional and family vCPU quotas have room for it, and the static IPs are free. Pure; each
// returns a ReadinessCheck naming its evidence and what to do. Sources:
// docs/evidence/recovery-confidence.md §5 (Compute) and §6 (Network).

import * as l10n from '@vscode/l10n';
import type { TargetFacts } from '../estate/targetFacts';
import type { ReadinessCheck, ReadinessCheckId } from '../model/readiness';
import { lastPathSegment } from '../model/wireValues';
import { isFailure, ipKey, resourceKey, subnetId, type Existence, type ReadinessReadResults, type SkuInfo, type UsageInfo } from './readResults';
import { targetNetworks, targetStorageAccounts, targetSubnets } from './readPlan';

type ExistenceId = Extract<ReadinessCheckId, 'resourceGroup' | 'network' | 'subnet' | 'storageAccount'>;

const kindNames = (): Record<ExistenceId, string> => ({
  resourceGroup: l10n.t('resource group'),
  network: l10n.t('virtual network'),
  subnet: l10n.t('subnet'),
  storageAccount: l10n.t('storage account'),
});

function nameOf(id: string): string {
  return lastPathSegment(id) ?? id;
}

const notRead = (): Existence => ({ kind: 'error', message: l10n.t('not read') });

/** What to do about a missing target resource of a kind. */
function missingAction(id: ExistenceId): string {
  return id === 'storageAccount'
    ? l10n.t("Recreate the storage account, or change the VM's target storage in the Azure portal (Replicated items > Compute and Network).")
    : l10n.t("Recreate it, or choose another target in the VM's Compute and Network settings in the Azure portal (Replicated items).");
}

/**
 * One existence check over the resources a VM's target names: failed when any is missing (404),
 * unknown when any could not be read (or none is named), else passed.
 */
export function existenceCheck(id: ExistenceId, ids: readonly string[], reads: ReadinessReadResults): ReadinessCheck {
  const kind = kindNames()[id];
  if (ids.length === 0) {
    return {
      id,
      outcome: 'unknown',
      summary: l10n.t('The protected item names no target {0}.', kind),
      evidence: l10n.t('Protected item: no target {0} in its replication settings', kind),
      action: l10n.t("Set the VM's target in its Compute and Network settings in the Azure portal (Replicated items)."),
    };
  }
  const found = ids.map((rid) => ({ rid, e: reads.resources.get(resourceKey(rid)) ?? notRead() }));
  const evidence = found.map(({ rid, e }) => `GET ${rid}: ${e.kind === 'exists' ? '200' : e.kind === 'missing' ? '404' : e.message}`).join('; ');
  const missing = found.filter((f) => f.e.kind === 'missing');
  if (missing.length > 0) {
    const names = missing.map((m) => nameOf(m.rid)).join(', ');
    return { id, outcome: 'failed', summary: l10n.t('The target {0} {1} no longer exists.', kind, names), evidence, action: missingAction(id) };
  }
  if (found.some((f) => f.e.kind === 'error')) {
    return {
      id,
      outcome: 'unknown',
      summary: l10n.t('The target {0} could not be read.', kind),
      evidence,
      action: l10n.t('Check your access to the target subscription (Reader at least), then check again.'),
    };
  }
  return { id, outcome: 'passed', summary: l10n.t('The target {0} {1} exists.', kind, found.map((f) => nameOf(f.rid)).join(', ')), evidence };
}

/** The four existence checks of a target. */
export function existenceChecks(target: TargetFacts, reads: ReadinessReadResults): ReadinessCheck[] {
  const subnets = targetSubnets(target)
    .filter((s) => s.subnet !== undefined)
    .map((s) => subnetId(s.networkId, s.subnet ?? ''));
  const storage = targetStorageAccounts(target);
  const storageCheck: ReadinessCheck =
    storage.length === 0 && target.managedDisks === true
      ? {
          id: 'storageAccount',
          outcome: 'passed',
          summary: l10n.t('The failover creates managed disks: no target storage account.'),
          evidence: l10n.t('Protected item: useManagedDisks "true", recoveryAzureStorageAccount null'),
        }
      : existenceCheck('storageAccount', storage, reads);
  return [
    existenceCheck('resourceGroup', target.resourceGroupId !== undefined ? [target.resourceGroupId] : [], reads),
    existenceCheck('network', targetNetworks(target), reads),
    existenceCheck('subnet', [...new Set(subnets)], reads),
    storageCheck,
  ];
}

function unknownCheck(id: ReadinessCheckId, summary: string, evidence: string, action: string): ReadinessCheck {
  return { id, outcome: 'unknown', summary, evidence, action };
}

/** The SKU of the target size, or a check saying why it cannot be judged. */
function skuOf(target: TargetFacts, reads: ReadinessReadResults, id: ReadinessCheckId): SkuInfo | ReadinessCheck {
  const region = reads.location ?? '?';
  if (target.size === undefined) {
    return unknownCheck(
      id,
      l10n.t('The protected item names no target VM size.'),
      l10n.t('Protected item: no recoveryAzureVMSize'),
      l10n.t("Set the VM's target size in its Compute and Network settings in the Azure portal."),
    );
  }
  if (reads.skus === undefined || isFailure(reads.skus)) {
    const why = reads.skus?.error ?? l10n.t('the region is not known');
    return unknownCheck(
      id,
      l10n.t('The VM sizes offered in {0} could not be read.', region),
      l10n.t('Resource SKUs, {0}: {1}', region, why),
      l10n.t('Check your access to the subscription, then check again.'),
    );
  }
  return reads.skus.get(target.size.toLowerCase()) ?? { name: target.size, restriction: 'NotListed' };
}

/**
 * Target size offered: a resource SKU of resourceType virtualMachines with that name for the region,
 * with no Location restriction (skus.json: restrictions "The restrictions because of which SKU cannot
 * be used. This is empty if there are no restrictions.").
 */
export function vmSizeCheck(target: TargetFacts, reads: ReadinessReadResults): ReadinessCheck {
  const sku = skuOf(target, reads, 'vmSize');
  if ('id' in sku) return sku;
  const region = reads.location ?? '?';
  const action = l10n.t("Choose a size offered in {0} in the VM's Compute and Network settings in the Azure portal, or ask Microsoft support to lift the restriction.", region);
  if (sku.restriction === 'NotListed') {
    return {
      id: 'vmSize',
      outcome: 'failed',
      summary: l10n.t('The size {0} is not offered in {1}.', sku.name, region),
      evidence: l10n.t('Resource SKUs, {0}: no virtualMachines SKU {1}', region, sku.name),
      action,
    };
  }
  if (sku.restriction !== undefined) {
    return {
      id: 'vmSize',
      outcome: 'failed',
      summary: l10n.t('The size {0} is restricted in {1} ({2}).', sku.name, region, sku.restriction),
      evidence: l10n.t('Resource SKUs, {0}: {1} has a Location restriction, reasonCode {2}', region, sku.name, sku.restriction),
      action,
    };
  }
  return {
    id: 'vmSize',
    outcome: 'passed',
    summary: l10n.t('The size {0} is offered in {1}.', sku.name, region),
    evidence: l10n.t('Resource SKUs, {0}: {1}, no restriction', region, sku.name),
  };
}

function usageText(u: UsageInfo): string {
  return l10n.t('{0} {1} of {2}', u.name, u.current, u.limit);
}

/**
 * vCPU quota: both tiers must have room for the size's vCPUs — Microsoft's quotas.md: "the vCPUs for
 * the VM must not exceed the vCPU quota for the VM size family or the total regional vCPU quota".
 * The family's usage name is the SKU's `family` (evidence §5, UNVERIFIED that it always is); the
 * regional total is the usage `cores`. Judged per VM: the room one failover needs.
 */
export function vcpuQuotaCheck(target: TargetFacts, reads: ReadinessReadResults): ReadinessCheck {
  const sku = skuOf(target, reads, 'vcpuQuota');
  if ('id' in sku) return sku;
  const region = reads.location ?? '?';
  const retry = l10n.t('Check your access to the subscription, then check again.');
  if (sku.vCpus === undefined || sku.family === undefined) {
    return unknownCheck(
      'vcpuQuota',
      l10n.t('The vCPUs of the size {0} are not known.', sku.name),
      l10n.t('Resource SKUs, {0}: no family or vCPUs capability for {1}', region, sku.name),
      retry,
    );
  }
  if (reads.usages === undefined || isFailure(reads.usages)) {
    const why = reads.usages?.error ?? l10n.t('the region is not known');
    return unknownCheck('vcpuQuota', l10n.t('The vCPU usage in {0} could not be read.', region), l10n.t('Compute usages, {0}: {1}', region, why), retry);
  }
  const family = reads.usages.get(sku.family.toLowerCase());
  const cores = reads.usages.get('cores');
  if (family === undefined || cores === undefined) {
    return unknownCheck(
      'vcpuQuota',
      l10n.t('The vCPU quota for {0} is not listed.', sku.family),
      l10n.t('Compute usages, {0}: no {1}', region, family === undefined ? sku.family : 'cores'),
      retry,
    );
  }
  const evidence = l10n.t('Compute usages, {0}: {1}; {2}; {3} needs {4} vCPUs', region, usageText(cores), usageText(family), sku.name, sku.vCpus);
  const short = [cores, family].filter((u) => u.limit - u.current < (sku.vCpus ?? 0));
  if (short.length === 0) return { id: 'vcpuQuota', outcome: 'passed', summary: l10n.t('The vCPU quota has room for {0} ({1} vCPUs).', sku.name, sku.vCpus), evidence };
  return {
    id: 'vcpuQuota',
    outcome: 'failed',
    summary: l10n.t('No vCPU quota left for {0} ({1} vCPUs): {2}.', sku.name, sku.vCpus, short.map((u) => u.localizedName ?? u.name).join(', ')),
    evidence,
    action: l10n.t(
      'Request a quota increase for {0} in {1} (Azure portal > Quotas > Compute), or free vCPUs in the region.',
      short.map((u) => u.localizedName ?? u.name).join(', '),
      region,
    ),
  };
}

/**
 * Static IPs free: CheckIPAddressAvailability on the target network for each recoveryStaticIPAddress
 * (no static IP: passed, Azure assigns one). An address Azure says is taken fails, unless the NIC
 * already exists in Azure (vmNics[].replicaNicId set): the address may then be the VM's own replica
 * NIC's, which the answer cannot tell, so the check is unknown and says so.
 */
export function staticIpCheck(target: TargetFacts, reads: ReadinessReadResults): ReadinessCheck {
  const ips = targetSubnets(target).filter((s) => s.staticIp !== undefined);
  if (ips.length === 0) {
    return {
      id: 'staticIp',
      outcome: 'passed',
      summary: l10n.t('No static IP is set: Azure assigns an address at failover.'),
      evidence: l10n.t('Protected item: no vmNics[].ipConfigs[].recoveryStaticIPAddress'),
    };
  }
  const results = ips.map((s) => ({ s, a: reads.ips.get(ipKey(s.networkId, s.staticIp ?? '')) }));
  const evidence = results
    .map(
      ({ s, a }) =>
        `CheckIPAddressAvailability ${nameOf(s.networkId)} ${s.staticIp ?? ''}: ${a === undefined ? l10n.t('not read') : isFailure(a) ? a.error : `available ${String(a.available)}`}`,
    )
    .join('; ');
  const taken = results.filter((r) => r.a !== undefined && !isFailure(r.a) && !r.a.available && r.s.replicaNicId === undefined);
  if (taken.length > 0) {
    const others = taken.flatMap((r) => (r.a !== undefined && !isFailure(r.a) ? r.a.others : [])).slice(0, 5);
    return {
      id: 'staticIp',
      outcome: 'failed',
      summary: l10n.t('The static IP {0} is not free in its network.', taken.map((r) => r.s.staticIp ?? '').join(', ')),
      evidence,
      action:
        others.length > 0
          ? l10n.t("Free the address, or set another in the VM's Compute and Network settings (free now: {0}).", others.join(', '))
          : l10n.t("Free the address, or set another in the VM's Compute and Network settings."),
    };
  }
  const unclear = results.filter((r) => r.a === undefined || isFailure(r.a) || !r.a.available);
  if (unclear.length > 0) {
    return unknownCheck(
      'staticIp',
      l10n.t('Whether the static IP {0} is free could not be told.', unclear.map((r) => r.s.staticIp ?? '').join(', ')),
      evidence,
      l10n.t("If the address is held by another resource than the VM's own replica NIC, free it; else check again later."),
    );
  }
  return { id: 'staticIp', outcome: 'passed', summary: l10n.t('The static IP {0} is free.', ips.map((s) => s.staticIp ?? '').join(', ')), evidence };
}
