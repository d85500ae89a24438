// What a readiness run must read from Azure for a set of protected VMs, each thing once (issue 15
// §2): the distinct target resource groups, networks, subnets and storage accounts, and the
// distinct static IPs per network. At 5,000 VMs that share a few targets this is a handful of
// reads, not thousands. Pure.

import type { TargetFacts } from '../estate/targetFacts';
import { ipKey, resourceKey, subnetId } from './readResults';

export interface ReadPlan {
  /** ARM ids by lower-case key, so each resource is read once. */
  resourceGroups: Map<string, string>;
  networks: Map<string, string>;
  subnets: Map<string, string>;
  storageAccounts: Map<string, string>;
  /** Static IPs to ask about, by ipKey: the network's id and the address. */
  ips: Map<string, { networkId: string; address: string }>;
  /** Whether any VM names a size (the region's SKUs and usages are then read). */
  sizes: boolean;
}

/** The subnets and static IPs of a target, with the network each belongs to. */
export function targetSubnets(target: TargetFacts): { networkId: string; subnet?: string; staticIp?: string; replicaNicId?: string }[] {
  const out: { networkId: string; subnet?: string; staticIp?: string; replicaNicId?: string }[] = [];
  for (const nic of target.nics ?? []) {
    const networkId = nic.networkId ?? target.networkId;
    if (networkId === undefined) continue;
    for (const c of nic.ipConfigs) {
      const entry: { networkId: string; subnet?: string; staticIp?: string; replicaNicId?: string } = { networkId };
      if (c.subnet !== undefined) entry.subnet = c.subnet;
      if (c.staticIp !== undefined) entry.staticIp = c.staticIp;
      if (nic.replicaNicId !== undefined) entry.replicaNicId = nic.replicaNicId;
      out.push(entry);
    }
  }
  return out;
}

/** The networks a target names: the selected network and each NIC's. */
export function targetNetworks(target: TargetFacts): string[] {
  const ids = new Map<string, string>();
  if (target.networkId !== undefined) ids.set(resourceKey(target.networkId), target.networkId);
  for (const nic of target.nics ?? []) if (nic.networkId !== undefined) ids.set(resourceKey(nic.networkId), nic.networkId);
  return [...ids.values()];
}

/** The storage accounts a target names (the target account, and with managed disks the log account). */
export function targetStorageAccounts(target: TargetFacts): string[] {
  return [target.storageAccountId, target.logStorageAccountId].filter((s): s is string => s !== undefined);
}

function put(map: Map<string, string>, id: string): void {
  const k = resourceKey(id);
  if (!map.has(k)) map.set(k, id);
}

/** The plan of one run over the targets of the VMs to check. */
export function planReads(targets: Iterable<TargetFacts>): ReadPlan {
  const plan: ReadPlan = { resourceGroups: new Map(), networks: new Map(), subnets: new Map(), storageAccounts: new Map(), ips: new Map(), sizes: false };
  for (const t of targets) {
    if (t.resourceGroupId !== undefined) put(plan.resourceGroups, t.resourceGroupId);
    for (const n of targetNetworks(t)) put(plan.networks, n);
    for (const s of targetStorageAccounts(t)) put(plan.storageAccounts, s);
    for (const s of targetSubnets(t)) {
      if (s.subnet !== undefined) put(plan.subnets, subnetId(s.networkId, s.subnet));
      if (s.staticIp !== undefined) {
        const k = ipKey(s.networkId, s.staticIp);
        if (!plan.ips.has(k)) plan.ips.set(k, { networkId: s.networkId, address: s.staticIp });
      }
    }
    if (t.size !== undefined) plan.sizes = true;
  }
  return plan;
}
