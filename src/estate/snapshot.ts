// The snapshot: host sources, probe results, the previous snapshot and ASR's lists merged into one. Pure.
// (Split from the former src/services/estate.ts.)

import type { ProtectableItem, ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { equalsIgnoreCase } from '../model/wireValues';
import type { HyperVVm } from '../services/hyperv/vmInventory';
import type { EstateInput, EstateVm, EstateSnapshot } from './types';
import { UNASSIGNED_HOST_KEY } from './types';
import { normalizeVmId, byNameThenKey } from './names';
import { ProbeIndex, PreviousIndex, groupHosts } from './grouping';
import type { HostDraft } from './hostFacts';
import { draftHost } from './hostFacts';
import { protectedItemVmIds, protectableSourceItemId, makeVm, ProviderIndex } from './vms';

// ---------------------------------------------------------------------------------------------
// The snapshot

/** Merges host sources, probe results, the previous snapshot and ASR's lists into one snapshot. Pure. */
export function buildEstateSnapshot(input: EstateInput): EstateSnapshot {
  const probes = new ProbeIndex(input.probes);
  const previous = new PreviousIndex(input.previous);
  const drafts = groupHosts(input, probes, previous).map(draftHost);
  drafts.sort((a, b) => byNameThenKey(a.host, b.host));
  const draftByKey = new Map(drafts.map((d) => [d.host.key, d]));

  // Protected items by every VMId they stand for (first item wins).
  const itemByVmId = new Map<string, ReplicationProtectedItem>();
  for (const item of input.protectedItems) {
    for (const id of protectedItemVmIds(item)) {
      if (!itemByVmId.has(id)) {
        itemByVmId.set(id, item);
      }
    }
  }
  const protectableByVmId = new Map<string, ProtectableItem>();
  for (const p of input.protectableItems ?? []) {
    const id = protectableSourceItemId(p);
    if (id !== undefined && !protectableByVmId.has(id)) {
      protectableByVmId.set(id, p);
    }
  }

  // Inventory claims: a current inventory beats a stale one; otherwise the first host in order.
  const claimed = new Map<string, { draft: HostDraft; vm: HyperVVm; stale: boolean }>();
  for (const d of drafts) {
    for (const c of d.claims) {
      const key = normalizeVmId(c.vm.vmId);
      if (key.length === 0) {
        continue;
      }
      const existing = claimed.get(key);
      if (existing === undefined || (existing.stale && !c.stale)) {
        claimed.set(key, { draft: d, vm: c.vm, stale: c.stale });
      }
    }
  }

  const vmsByHost = new Map<string, EstateVm[]>(drafts.map((d) => [d.host.key, []]));
  const unassigned: EstateVm[] = [];
  const placed = new Set<string>();
  const usedItems = new Set<ReplicationProtectedItem>();

  for (const [key, c] of claimed) {
    const protectedItem = itemByVmId.get(key);
    const protectableItem = protectableByVmId.get(key);
    const parts: { inventory: HyperVVm; protectedItem?: ReplicationProtectedItem; protectableItem?: ProtectableItem } = { inventory: c.vm };
    if (protectedItem !== undefined) {
      parts.protectedItem = protectedItem;
      usedItems.add(protectedItem);
    }
    if (protectableItem !== undefined) {
      parts.protectableItem = protectableItem;
    }
    vmsByHost.get(c.draft.host.key)?.push(makeVm(key, c.draft.host.key, c.stale, parts));
    placed.add(key);
  }

  // Protected items no inventory listed: on the host of their provider, else where they were before, else unassigned.
  const providers = new ProviderIndex(drafts);
  const previousHostOfVm = new Map<string, string>();
  for (const h of input.previous?.hosts ?? []) {
    for (const v of h.vms) {
      previousHostOfVm.set(v.key, h.key);
    }
  }
  for (const item of input.protectedItems) {
    if (usedItems.has(item)) {
      continue;
    }
    usedItems.add(item);
    const ids = protectedItemVmIds(item);
    const key = ids[0];
    if (key === undefined || placed.has(key)) {
      continue;
    }
    const protectableItem = ids.map((id) => protectableByVmId.get(id)).find((p) => p !== undefined);
    const prevHostKey = previousHostOfVm.get(key);
    const draft =
      providers.find(item.properties?.recoveryServicesProviderId) ??
      providers.find(protectableItem?.properties?.recoveryServicesProviderId) ??
      (prevHostKey !== undefined ? draftByKey.get(prevHostKey) : undefined);
    const parts: { protectedItem: ReplicationProtectedItem; protectableItem?: ProtectableItem } = { protectedItem: item };
    if (protectableItem !== undefined) {
      parts.protectableItem = protectableItem;
    }
    if (draft !== undefined) {
      vmsByHost.get(draft.host.key)?.push(makeVm(key, draft.host.key, false, parts));
    } else {
      unassigned.push(makeVm(key, UNASSIGNED_HOST_KEY, false, parts));
    }
    placed.add(key);
  }

  // VMs only ASR lists (protectable, not protected), on hosts PowerShell could not list now.
  for (const [key, p] of protectableByVmId) {
    if (placed.has(key) || equalsIgnoreCase(p.properties?.protectionStatus, 'Protected')) {
      continue;
    }
    const draft = providers.find(p.properties?.recoveryServicesProviderId);
    if (draft === undefined || draft.host.reachable) {
      continue;
    }
    vmsByHost.get(draft.host.key)?.push(makeVm(key, draft.host.key, false, { protectableItem: p }));
    placed.add(key);
  }

  const hosts = drafts.map((d) => {
    const vms = (vmsByHost.get(d.host.key) ?? []).sort(byNameThenKey);
    d.host.vms = vms;
    d.host.protectedCount = vms.filter((v) => v.protection !== undefined).length;
    return d.host;
  });
  unassigned.sort(byNameThenKey);
  const vmCount = hosts.reduce((n, h) => n + h.vms.length, 0) + unassigned.length;
  const protectedCount = hosts.reduce((n, h) => n + h.protectedCount, 0) + unassigned.filter((v) => v.protection !== undefined).length;
  return {
    takenAt: input.now,
    hosts,
    unassignedVms: unassigned,
    counts: { hosts: hosts.length, vms: vmCount, protected: protectedCount },
  };
}
