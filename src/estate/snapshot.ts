// The snapshot: host sources, probe results, the previous snapshot and ASR's lists merged into one. Pure.
// (Split from the former src/services/estate.ts.)

import type { ProtectableItem, ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { messages } from '../model/messages';
import { equalsIgnoreCase, readProp, readString } from '../model/wireValues';
import type { HyperVVm } from '../services/hyperv/vmInventory';
import type { EstateInput, EstateVm, EstateSnapshot, ProtectionUnknownReason } from './types';
import { UNASSIGNED_HOST_KEY } from './types';
import { normalizeVmId, byNameThenKey } from './names';
import { ProbeIndex, PreviousIndex, groupHosts } from './grouping';
import type { HostDraft } from './hostFacts';
import { draftHost } from './hostFacts';
import { protectedItemVmIds, protectableSourceItemId, makeVm, ProviderIndex } from './vms';

// ---------------------------------------------------------------------------------------------
// The snapshot

/** Where the VMs go: each host's list, the unassigned ones, and the VM keys already placed. */
interface Placement {
  vmsByHost: Map<string, EstateVm[]>;
  unassigned: EstateVm[];
  placed: Set<string>;
}

/** ASR's items by the VMIds they stand for (first item wins). */
function itemsByVmId(input: EstateInput): { protectedByVmId: Map<string, ReplicationProtectedItem>; protectableByVmId: Map<string, ProtectableItem> } {
  const protectedByVmId = new Map<string, ReplicationProtectedItem>();
  for (const item of input.protectedItems) {
    for (const id of protectedItemVmIds(item)) {
      if (!protectedByVmId.has(id)) {
        protectedByVmId.set(id, item);
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
  return { protectedByVmId, protectableByVmId };
}

/** Inventory claims: a current inventory beats a stale one; otherwise the first host in order. */
function claimedInventory(drafts: HostDraft[]): Map<string, { draft: HostDraft; vm: HyperVVm; stale: boolean }> {
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
  return claimed;
}

/** The host each VM of the previous snapshot was on. */
function previousHostOfVm(previous: EstateSnapshot | undefined): Map<string, string> {
  const hostOfVm = new Map<string, string>();
  for (const h of previous?.hosts ?? []) {
    for (const v of h.vms) {
      hostOfVm.set(v.key, h.key);
    }
  }
  return hostOfVm;
}

/** The recoveryServicesProviderId of a protected or protectable item (read through a guard). */
function providerIdOf(item: ReplicationProtectedItem | ProtectableItem | undefined): string | undefined {
  return readString(readProp(item, 'properties'), 'recoveryServicesProviderId');
}

/** Protected items no inventory listed: on the host of their provider, else where they were before, else unassigned. */
function placeUnlistedProtectedItems(
  input: EstateInput,
  items: { usedItems: Set<ReplicationProtectedItem>; protectableByVmId: Map<string, ProtectableItem> },
  hosts: { providers: ProviderIndex; draftByKey: Map<string, HostDraft> },
  placement: Placement,
): void {
  const previousHost = previousHostOfVm(input.previous);
  for (const item of input.protectedItems) {
    if (items.usedItems.has(item)) {
      continue;
    }
    items.usedItems.add(item);
    const ids = protectedItemVmIds(item);
    const key = ids[0];
    if (key === undefined) {
      placeUnnamedItem(item, hosts.providers, placement);
      continue;
    }
    if (placement.placed.has(key)) {
      continue;
    }
    const protectableItem = ids.map((id) => items.protectableByVmId.get(id)).find((p) => p !== undefined);
    const prevHostKey = previousHost.get(key);
    const draft =
      hosts.providers.find(providerIdOf(item)) ??
      hosts.providers.find(providerIdOf(protectableItem)) ??
      (prevHostKey !== undefined ? hosts.draftByKey.get(prevHostKey) : undefined);
    const parts: { protectedItem: ReplicationProtectedItem; protectableItem?: ProtectableItem } = { protectedItem: item };
    if (protectableItem !== undefined) {
      parts.protectableItem = protectableItem;
    }
    if (draft !== undefined) {
      placement.vmsByHost.get(draft.host.key)?.push(makeVm(key, draft.host.key, false, parts));
    } else {
      placement.unassigned.push(makeVm(key, UNASSIGNED_HOST_KEY, false, parts));
    }
    placement.placed.add(key);
  }
}

/**
 * A protected item that names no VM (neither its name nor its vmId can be read): one error row, on
 * the host of its provider or else among the unassigned VMs, keyed by its ARM id (or its place in the list).
 */
function placeUnnamedItem(item: ReplicationProtectedItem, providers: ProviderIndex, placement: Placement): void {
  const key = `(unnamed item)${(readString(item, 'id') ?? String(placement.placed.size)).toLowerCase()}`;
  if (placement.placed.has(key)) {
    return;
  }
  const draft = providers.find(providerIdOf(item));
  const vm = makeVm(key, draft?.host.key ?? UNASSIGNED_HOST_KEY, false, { protectedItem: item }, [messages.wire.namesNoVm]);
  (draft !== undefined ? placement.vmsByHost.get(draft.host.key) : placement.unassigned)?.push(vm);
  placement.placed.add(key);
}

/** VMs only ASR lists (protectable, not protected), on hosts PowerShell could not list now. */
function placeProtectableOnly(protectableByVmId: Map<string, ProtectableItem>, providers: ProviderIndex, placement: Placement): void {
  for (const [key, p] of protectableByVmId) {
    if (placement.placed.has(key) || equalsIgnoreCase(p.properties?.protectionStatus, 'Protected')) {
      continue;
    }
    const draft = providers.find(providerIdOf(p));
    if (draft === undefined || draft.host.reachable) {
      continue;
    }
    placement.vmsByHost.get(draft.host.key)?.push(makeVm(key, draft.host.key, false, { protectableItem: p }));
    placement.placed.add(key);
  }
}

/** Merges host sources, probe results, the previous snapshot and ASR's lists into one snapshot. Pure. */
export function buildEstateSnapshot(input: EstateInput): EstateSnapshot {
  const probes = new ProbeIndex(input.probes);
  const previous = new PreviousIndex(input.previous);
  const drafts = groupHosts(input, probes, previous).map(draftHost);
  drafts.sort((a, b) => byNameThenKey(a.host, b.host));
  const draftByKey = new Map(drafts.map((d) => [d.host.key, d]));
  const { protectedByVmId, protectableByVmId } = itemsByVmId(input);
  const unknown = input.asrRead === undefined || input.asrRead === 'read' ? undefined : input.asrRead;

  const placement: Placement = { vmsByHost: new Map(drafts.map((d) => [d.host.key, []])), unassigned: [], placed: new Set() };
  const usedItems = new Set<ReplicationProtectedItem>();
  for (const [key, c] of claimedInventory(drafts)) {
    const protectedItem = protectedByVmId.get(key);
    const protectableItem = protectableByVmId.get(key);
    const parts: { inventory: HyperVVm; protectedItem?: ReplicationProtectedItem; protectableItem?: ProtectableItem; protectionUnknown?: ProtectionUnknownReason } = {
      inventory: c.vm,
    };
    if (unknown !== undefined) {
      parts.protectionUnknown = unknown;
    }
    if (protectedItem !== undefined) {
      parts.protectedItem = protectedItem;
      usedItems.add(protectedItem);
    }
    if (protectableItem !== undefined) {
      parts.protectableItem = protectableItem;
    }
    placement.vmsByHost.get(c.draft.host.key)?.push(makeVm(key, c.draft.host.key, c.stale, parts));
    placement.placed.add(key);
  }
  const providers = new ProviderIndex(drafts);
  placeUnlistedProtectedItems(input, { usedItems, protectableByVmId }, { providers, draftByKey }, placement);
  placeProtectableOnly(protectableByVmId, providers, placement);

  const hosts = drafts.map((d) => {
    const vms = (placement.vmsByHost.get(d.host.key) ?? []).sort(byNameThenKey);
    d.host.vms = vms;
    d.host.protectedCount = vms.filter((v) => v.protection !== undefined).length;
    if (unknown !== undefined) {
      d.host.protectionUnknown = unknown;
    }
    return d.host;
  });
  const unassigned = placement.unassigned.sort(byNameThenKey);
  const vmCount = hosts.reduce((n, h) => n + h.vms.length, 0) + unassigned.length;
  const protectedCount = hosts.reduce((n, h) => n + h.protectedCount, 0) + unassigned.filter((v) => v.protection !== undefined).length;
  return {
    takenAt: input.now,
    hosts,
    unassignedVms: unassigned,
    counts: { hosts: hosts.length, vms: vmCount, protected: protectedCount },
  };
}
