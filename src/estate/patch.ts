// A snapshot with some VMs' protected items re-read (the protection poller's GET per changing
// item): only those VMs are made again and only their hosts copied, not the whole estate rebuilt.
// Pure.

import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { canonical } from './diff';
import type { EstateHost, EstateSnapshot, EstateVm } from './types';
import { UNASSIGNED_HOST_KEY } from './types';
import { makeVm, protectedItemVmIds } from './vms';

export interface ItemUpdate {
  /** The VM as the snapshot has it. */
  vm: EstateVm;
  /** Its protected item as ASR gives it now. */
  item: ReplicationProtectedItem;
  /** When the item was read (its RPO holds as of then). */
  readAt: Date;
}

export interface PatchResult {
  snapshot: EstateSnapshot;
  /** VMs whose facts changed (their hosts' protected counts changed too when hostKeys is not empty). */
  vmKeys: string[];
  /** Those VMs as the patched snapshot has them (in vmKeys' order). */
  vms: EstateVm[];
  hostKeys: string[];
}

/** What a VM's protected item decides (compared to tell whether a re-read changed anything). */
function itemFacts(vm: EstateVm): string {
  return canonical([vm.status, vm.actions, vm.protection, vm.unreadable, vm.contextValue, vm.recovery]);
}

/** A host's VMs (or the unassigned ones) with some of them replaced, in the same order. */
function withVms(vms: readonly EstateVm[], replaced: ReadonlyMap<string, EstateVm>): EstateVm[] {
  return vms.map((v) => replaced.get(v.key) ?? v);
}

/**
 * The snapshot with these VMs made again from their items, as buildEstateSnapshot would make them
 * (same host, Hyper-V facts, protectable-item facts and staleness). Undefined when that would not be the
 * same as a rebuild: an item that no longer names its VM, a VM whose name (and so its place in
 * its host's order) changes, or a row that is not a VM's. `unchanged` when no VM's facts changed.
 */
export function patchProtectedItems(snapshot: EstateSnapshot, updates: readonly ItemUpdate[], now: Date): PatchResult | 'unchanged' | undefined {
  const replaced = new Map<string, EstateVm>();
  for (const { vm, item, readAt } of updates) {
    if (!protectedItemVmIds(item).includes(vm.key)) return undefined;
    const parts = {
      ...(vm.hyperV !== undefined ? { hyperV: vm.hyperV } : {}),
      protectedItem: item,
      readAt,
      ...(vm.protectable !== undefined ? { protectable: vm.protectable } : {}),
    };
    const next = makeVm(vm.key, vm.hostKey, vm.stale, parts);
    if (next.name !== vm.name) return undefined;
    if (itemFacts(next) !== itemFacts(vm)) replaced.set(vm.key, next);
  }
  if (replaced.size === 0) return 'unchanged';
  const touched = new Set([...replaced.values()].map((v) => v.hostKey));
  const hostKeys: string[] = [];
  const hosts = snapshot.hosts.map((h): EstateHost => {
    if (!touched.has(h.key)) return h;
    const vms = withVms(h.vms, replaced);
    const protectedCount = vms.filter((v) => v.protection !== undefined).length;
    if (protectedCount !== h.protectedCount) hostKeys.push(h.key);
    return { ...h, vms, protectedCount };
  });
  const unassignedVms = touched.has(UNASSIGNED_HOST_KEY) ? withVms(snapshot.unassignedVms, replaced) : snapshot.unassignedVms;
  const protectedTotal = hosts.reduce((n, h) => n + h.protectedCount, 0) + unassignedVms.filter((v) => v.protection !== undefined).length;
  return {
    snapshot: { takenAt: now, hosts, unassignedVms, counts: { ...snapshot.counts, protected: protectedTotal } },
    vmKeys: [...replaced.keys()],
    vms: [...replaced.values()],
    hostKeys,
  };
}
