// VMs: a host's guests merged with ASR's protected and protectable items.
// (Split from the former src/services/estate.ts.)

import type { ProtectableItem, ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { hyperVReplicaDetails, type ProtectedItemLike } from '../model/protectedItem';
import { vmContextTokens } from '../model/vmActions';
import { armResourceName, lastPathSegment, readProp, readString } from '../model/wireValues';
import type { HyperVVm } from '../services/hyperv/vmInventory';
import type { EstateVm, ProtectionUnknownReason } from './types';
import { STALE_TOKEN } from './types';
import { cleanName, normalizeVmId } from './names';
import { pushUnique } from './grouping';
import type { HostDraft } from './hostFacts';
import { deriveVmFacts, unsupportedReasons } from './vmFacts';

// ---------------------------------------------------------------------------------------------
// VMs

/** The VMIds a protected item stands for: its HyperVReplicaAzure vmId and its name (else the last segment of its id: ASR names the item by the VMId). */
export function protectedItemVmIds(item: ReplicationProtectedItem): string[] {
  const ids: string[] = [];
  const fromDetails = hyperVReplicaDetails(item)?.vmId;
  if (fromDetails !== undefined && fromDetails.trim().length > 0) {
    ids.push(normalizeVmId(fromDetails));
  }
  const name = armResourceName(item);
  if (name !== undefined && name.trim().length > 0) {
    pushUnique(ids, normalizeVmId(name));
  }
  return ids;
}

export function protectableSourceItemId(item: ProtectableItem): string | undefined {
  const id = readString(readProp(readProp(item, 'properties'), 'customDetails'), 'sourceItemId') ?? readString(item, 'name');
  return id !== undefined && id.trim().length > 0 ? normalizeVmId(id) : undefined;
}

/**
 * A VM of the snapshot: its facts derived from the protected item (src/estate/vmFacts.ts), which is
 * not kept. `problems`: what is already known to be wrong with the item (it then cannot be read).
 */
export function makeVm(
  vmKey: string,
  hostKey: string,
  stale: boolean,
  parts: { inventory?: HyperVVm; protectedItem?: ProtectedItemLike; protectableItem?: ProtectableItem; protectionUnknown?: ProtectionUnknownReason },
  problems: readonly string[] = [],
): EstateVm {
  const facts = deriveVmFacts(parts.protectedItem, problems, parts.protectionUnknown);
  const name =
    cleanName(parts.inventory?.name) ?? cleanName(facts.protection?.friendlyName) ?? cleanName(readString(readProp(parts.protectableItem, 'properties'), 'friendlyName')) ?? vmKey;
  const tokens = vmContextTokens(facts.status.kind, facts.actions);
  if (stale) {
    tokens.push(STALE_TOKEN);
  }
  const vm: EstateVm = {
    key: vmKey,
    vmId: vmKey,
    name,
    hostKey,
    stale,
    status: facts.status,
    actions: facts.actions,
    contextValue: tokens.join(';'),
  };
  if (parts.inventory !== undefined) {
    vm.inventory = parts.inventory;
  }
  if (facts.protection !== undefined) {
    vm.protection = facts.protection;
  }
  if (facts.unreadable !== undefined) {
    vm.unreadable = facts.unreadable;
  }
  if (facts.protectionUnknown !== undefined) {
    vm.protectionUnknown = facts.protectionUnknown;
  }
  const unsupported = facts.status.kind === 'NotProtected' ? unsupportedReasons(parts.inventory, parts.protectableItem) : [];
  if (unsupported.length > 0) {
    vm.unsupported = unsupported;
  }
  if (parts.protectableItem !== undefined) {
    vm.protectableItem = parts.protectableItem;
  }
  return vm;
}

export class ProviderIndex {
  private readonly byId = new Map<string, HostDraft>();
  private readonly byName = new Map<string, HostDraft>();

  constructor(drafts: HostDraft[]) {
    for (const d of drafts) {
      for (const r of d.registered) {
        if (r.id.length > 0 && !this.byId.has(r.id.toLowerCase())) {
          this.byId.set(r.id.toLowerCase(), d);
        }
        if (r.name.length > 0 && !this.byName.has(r.name.toLowerCase())) {
          this.byName.set(r.name.toLowerCase(), d);
        }
      }
    }
  }

  /** The host of a recoveryServicesProviderId (the provider's ARM id, or its name). */
  find(providerId: string | undefined): HostDraft | undefined {
    if (providerId === undefined || providerId.trim().length === 0) {
      return undefined;
    }
    const lower = providerId.trim().toLowerCase();
    const last = lastPathSegment(lower);
    return this.byId.get(lower) ?? (last !== undefined ? this.byName.get(last) : undefined);
  }
}
