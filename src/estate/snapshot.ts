// The snapshot: host sources, probe results, the previous snapshot and ASR's lists merged into one. Pure.
// (Split from the former src/services/estate.ts.)

import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { messages } from '../model/messages';
import { equalsIgnoreCase, readProp, readString } from '../model/wireValues';
import type { CarriedProtection, EstateInput, EstateVm, EstateSnapshot, HyperVFacts, ProtectableFacts, ProtectionUnknownReason, VmFacts } from './types';
import { UNASSIGNED_HOST_KEY } from './types';
import { normalizeVmId, byNameThenKey } from './names';
import { ProbeIndex, PreviousIndex, groupHosts } from './grouping';
import type { HostDraft } from './hostFacts';
import { draftHost } from './hostFacts';
import { protectedItemVmIds, makeVm, ProviderIndex } from './vms';
import { protectableFacts } from './vmFacts';
import { allVms } from './diff';

// ---------------------------------------------------------------------------------------------
// The snapshot

/**
 * Where the VMs go: each host's list, the unassigned ones, and the VM keys already placed: those
 * of the inventory claims (`claimed`, placed first, not copied into another set) and the others.
 */
interface Placement {
  vmsByHost: Map<string, EstateVm[]>;
  unassigned: EstateVm[];
  claimed: ReadonlyMap<string, unknown>;
  placed: Set<string>;
}

function isPlaced(placement: Placement, key: string): boolean {
  return placement.claimed.has(key) || placement.placed.has(key);
}

/** ASR's items by the VMIds they stand for (first item wins), the protectable ones as their facts. */
function itemsByVmId(input: EstateInput): { protectedByVmId: Map<string, ReplicationProtectedItem>; protectableByVmId: Map<string, ProtectableFacts> } {
  const protectedByVmId = new Map<string, ReplicationProtectedItem>();
  for (const item of input.protectedItems) {
    for (const id of protectedItemVmIds(item)) {
      if (!protectedByVmId.has(id)) {
        protectedByVmId.set(id, item);
      }
    }
  }
  const protectableByVmId = new Map<string, ProtectableFacts>();
  const add = (p: ProtectableFacts | undefined): void => {
    if (p !== undefined && !protectableByVmId.has(p.vmId)) {
      protectableByVmId.set(p.vmId, p);
    }
  };
  for (const p of input.protectableItems ?? []) {
    add(protectableFacts(p));
  }
  for (const p of input.protectables ?? []) {
    add(p);
  }
  return { protectedByVmId, protectableByVmId };
}

/** When each protected item of the input was read (EstateInput.protectedItemsReadAt; undefined: not known). */
function readTimes(input: EstateInput): (item: ReplicationProtectedItem) => Date | undefined {
  const at = input.protectedItemsReadAt;
  if (at === undefined || at instanceof Date) {
    return () => at;
  }
  const byItem = new Map<ReplicationProtectedItem, Date | undefined>(input.protectedItems.map((item, i) => [item, at[i]]));
  return (item) => byItem.get(item);
}

/** Inventory claims: a current inventory beats a stale one; otherwise the first host in order. */
function claimedInventory(drafts: HostDraft[]): Map<string, { draft: HostDraft; vm: HyperVFacts; stale: boolean }> {
  const claimed = new Map<string, { draft: HostDraft; vm: HyperVFacts; stale: boolean }>();
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

/** The recoveryServicesProviderId of a protected item (read through a guard). */
function providerIdOf(item: ReplicationProtectedItem | undefined): string | undefined {
  return readString(readProp(item, 'properties'), 'recoveryServicesProviderId');
}

/** Protected items no inventory listed: on the host of their provider, else where they were before, else unassigned. */
function placeUnlistedProtectedItems(
  input: EstateInput,
  items: { usedItems: Set<ReplicationProtectedItem>; protectableByVmId: Map<string, ProtectableFacts>; readAt: (item: ReplicationProtectedItem) => Date | undefined },
  hosts: { providers: ProviderIndex; draftByKey: Map<string, HostDraft> },
  placement: Placement,
): void {
  // Made when first needed: most refreshes have every protected VM listed by its host.
  let previousHost: Map<string, string> | undefined;
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
    if (isPlaced(placement, key)) {
      continue;
    }
    const protectable = ids.map((id) => items.protectableByVmId.get(id)).find((p) => p !== undefined);
    previousHost ??= previousHostOfVm(input.previous);
    const prevHostKey = previousHost.get(key);
    const draft =
      hosts.providers.find(providerIdOf(item)) ?? hosts.providers.find(protectable?.providerId) ?? (prevHostKey !== undefined ? hosts.draftByKey.get(prevHostKey) : undefined);
    const readAt = items.readAt(item);
    placeOnHost(placement, key, draft, readAt ? { protectedItem: item, readAt } : { protectedItem: item }, protectable);
  }
}

/** A protected VM no inventory listed: made on `draft`'s host, else among the unassigned VMs, with its protectable facts if any. */
function placeOnHost(
  placement: Placement,
  key: string,
  draft: HostDraft | undefined,
  from: { protectedItem: ReplicationProtectedItem; readAt?: Date } | { facts: VmFacts },
  protectable: ProtectableFacts | undefined,
): void {
  const parts: { protectedItem?: ReplicationProtectedItem; readAt?: Date; facts?: VmFacts; protectable?: ProtectableFacts } = { ...from };
  if (protectable !== undefined) {
    parts.protectable = protectable;
  }
  if (draft !== undefined) {
    placement.vmsByHost.get(draft.host.key)?.push(makeVm(key, draft.host.key, false, parts));
  } else {
    placement.unassigned.push(makeVm(key, UNASSIGNED_HOST_KEY, false, parts));
  }
  placement.placed.add(key);
}

/**
 * A protected item that names no VM (neither its name nor its vmId can be read): one error row, on
 * the host of its provider or else among the unassigned VMs, keyed by its ARM id (or its place in the list).
 */
function placeUnnamedItem(item: ReplicationProtectedItem, providers: ProviderIndex, placement: Placement): void {
  const key = `(unnamed item)${(readString(item, 'id') ?? String(placement.claimed.size + placement.placed.size)).toLowerCase()}`;
  if (isPlaced(placement, key)) {
    return;
  }
  const draft = providers.find(providerIdOf(item));
  const vm = makeVm(key, draft?.host.key ?? UNASSIGNED_HOST_KEY, false, { protectedItem: item }, [messages.wire.namesNoVm]);
  (draft !== undefined ? placement.vmsByHost.get(draft.host.key) : placement.unassigned)?.push(vm);
  placement.placed.add(key);
}

/**
 * Protected VMs carried from the previous snapshot (EstateInput.protections) that no inventory
 * claimed and no protected item named: on the host of their protectable item's provider, else on
 * the host they were on, else unassigned (as placeUnlistedProtectedItems places an item).
 */
function placeCarriedProtections(
  carried: ReadonlyMap<string, CarriedProtection>,
  items: { protectableByVmId: Map<string, ProtectableFacts> },
  hosts: { providers: ProviderIndex; draftByKey: Map<string, HostDraft> },
  placement: Placement,
): void {
  for (const [key, c] of carried) {
    if (isPlaced(placement, key)) {
      continue;
    }
    const protectable = items.protectableByVmId.get(key);
    const draft = hosts.providers.find(protectable?.providerId) ?? hosts.draftByKey.get(c.hostKey);
    placeOnHost(placement, key, draft, { facts: c.facts }, protectable);
  }
}

/** The protected VMs of a snapshot as EstateInput.protections carries them, but those of `except` (their items read again). */
export function protectionsOf(snapshot: EstateSnapshot, except?: ReadonlySet<string>): CarriedProtection[] {
  const carried: CarriedProtection[] = [];
  for (const vm of allVms(snapshot)) {
    // A VM has protection facts exactly when a protected item was derived for it (vmFacts.ts).
    if (vm.protection === undefined || except?.has(vm.key) === true) continue;
    const facts: VmFacts = { status: vm.status, actions: vm.actions, protection: vm.protection };
    if (vm.unreadable !== undefined) facts.unreadable = vm.unreadable;
    // Its RPO as of the read it was derived from (issue 15): carried with the rest, not lost until the next read.
    if (vm.recovery !== undefined) facts.recovery = vm.recovery;
    carried.push({ key: vm.key, hostKey: vm.hostKey, facts });
  }
  return carried;
}

/** The protectable facts of a snapshot's VMs (EstateInput.protectables). */
export function protectablesOf(snapshot: EstateSnapshot): ProtectableFacts[] {
  return allVms(snapshot).flatMap((v) => (v.protectable ? [v.protectable] : []));
}

/** VMs only ASR lists (protectable, not protected), on hosts PowerShell could not list now. */
function placeProtectableOnly(protectableByVmId: Map<string, ProtectableFacts>, providers: ProviderIndex, placement: Placement): void {
  for (const [key, p] of protectableByVmId) {
    if (isPlaced(placement, key) || equalsIgnoreCase(p.protectionStatus, 'Protected')) {
      continue;
    }
    const draft = providers.find(p.providerId);
    if (draft === undefined || draft.host.reachable) {
      continue;
    }
    placement.vmsByHost.get(draft.host.key)?.push(makeVm(key, draft.host.key, false, { protectable: p }));
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
  const readAt = readTimes(input);

  const claimed = claimedInventory(drafts);
  const placement: Placement = { vmsByHost: new Map(drafts.map((d) => [d.host.key, []])), unassigned: [], claimed, placed: new Set() };
  const usedItems = new Set<ReplicationProtectedItem>();
  const carried = new Map((input.protections ?? []).map((c) => [c.key, c]));
  for (const [key, c] of claimed) {
    const protectedItem = protectedByVmId.get(key);
    const carriedFacts = protectedItem === undefined ? carried.get(key)?.facts : undefined;
    const protectable = protectableByVmId.get(key);
    const parts: {
      hyperV: HyperVFacts;
      protectedItem?: ReplicationProtectedItem;
      readAt?: Date;
      facts?: VmFacts;
      protectable?: ProtectableFacts;
      protectionUnknown?: ProtectionUnknownReason;
    } = {
      hyperV: c.vm,
    };
    if (carriedFacts !== undefined) {
      parts.facts = carriedFacts;
    }
    if (unknown !== undefined) {
      parts.protectionUnknown = unknown;
    }
    if (protectedItem !== undefined) {
      parts.protectedItem = protectedItem;
      const at = readAt(protectedItem);
      if (at !== undefined) {
        parts.readAt = at;
      }
      usedItems.add(protectedItem);
    }
    if (protectable !== undefined) {
      parts.protectable = protectable;
    }
    placement.vmsByHost.get(c.draft.host.key)?.push(makeVm(key, c.draft.host.key, c.stale, parts));
  }
  const providers = new ProviderIndex(drafts);
  placeUnlistedProtectedItems(input, { usedItems, protectableByVmId, readAt }, { providers, draftByKey }, placement);
  placeCarriedProtections(carried, { protectableByVmId }, { providers, draftByKey }, placement);
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
