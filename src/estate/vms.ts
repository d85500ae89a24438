// VMs: a host's guests merged with ASR's protected and protectable items.
// (Split from the former src/services/estate.ts.)

import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { HYPER_V_REPLICA_AZURE, type ProtectedItemLike } from '../model/protectedItem';
import type { ProtectionKind } from '../model/protectionStatus';
import { vmActions, vmContextTokens, type VmAction } from '../model/vmActions';
import { armResourceName, asString, equalsIgnoreCase, lastPathSegment, readProp, readString } from '../model/wireValues';
import type { EstateVm, HyperVFacts, ProtectableFacts, ProtectionUnknownReason, VmFacts } from './types';
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
  // The vmId read alone, as hyperVReplicaDetails reads it (a copy of all the details per item cost a build at 5,000 VMs ~10 ms).
  const details = readProp(readProp(item, 'properties'), 'providerSpecificDetails');
  const fromDetails = equalsIgnoreCase(asString(readProp(details, 'instanceType')), HYPER_V_REPLICA_AZURE) ? readString(details, 'vmId') : undefined;
  if (fromDetails !== undefined && fromDetails.trim().length > 0) {
    ids.push(normalizeVmId(fromDetails));
  }
  const name = armResourceName(item);
  if (name !== undefined && name.trim().length > 0) {
    pushUnique(ids, normalizeVmId(name));
  }
  return ids;
}

/** contextValues made so far, by kind, then by the actions (a bit each, in vmActions order) and staleness: a few, shared by the VMs of every build. */
const contextValues = new Map<ProtectionKind, Map<number, string>>();

/** A VM's tree contextValue: vmContextTokens of its kind and actions, plus the stale token, joined by ';'. */
function contextValueOf(kind: ProtectionKind, actions: readonly VmAction[], stale: boolean): string {
  let key = stale ? 1 << vmActions.length : 0;
  for (const a of actions) key |= 1 << vmActions.indexOf(a);
  let byKey = contextValues.get(kind);
  if (byKey === undefined) {
    byKey = new Map();
    contextValues.set(kind, byKey);
  }
  let value = byKey.get(key);
  if (value === undefined) {
    const tokens = vmContextTokens(kind, actions);
    if (stale) {
      tokens.push(STALE_TOKEN);
    }
    value = tokens.join(';');
    byKey.set(key, value);
  }
  return value;
}

/**
 * A VM of the snapshot: its facts derived from the protected item (src/estate/vmFacts.ts), which is
 * not kept, or carried (`facts`), and the facts of its inventory and protectable item (hyperVFacts, protectableFacts).
 * `problems`: what is already known to be wrong with the item (it then cannot be read);
 * `readAt`: when the item was read (deriveVmFacts).
 */
export function makeVm(
  vmKey: string,
  hostKey: string,
  stale: boolean,
  parts: { hyperV?: HyperVFacts; protectedItem?: ProtectedItemLike; readAt?: Date; facts?: VmFacts; protectable?: ProtectableFacts; protectionUnknown?: ProtectionUnknownReason },
  problems: readonly string[] = [],
): EstateVm {
  // `facts`: carried from a snapshot derived from the item before (EstateInput.protections).
  const facts = parts.facts ?? deriveVmFacts(parts.protectedItem, problems, parts.protectionUnknown, parts.readAt);
  const name = cleanName(parts.hyperV?.name) ?? cleanName(facts.protection?.friendlyName) ?? cleanName(parts.protectable?.friendlyName) ?? vmKey;
  const vm: EstateVm = {
    key: vmKey,
    vmId: vmKey,
    name,
    hostKey,
    stale,
    status: facts.status,
    actions: facts.actions,
    contextValue: contextValueOf(facts.status.kind, facts.actions, stale),
  };
  if (parts.hyperV !== undefined) {
    vm.hyperV = parts.hyperV;
  }
  if (facts.protection !== undefined) {
    vm.protection = facts.protection;
  }
  if (facts.unreadable !== undefined) {
    vm.unreadable = facts.unreadable;
  }
  if (facts.recovery !== undefined) {
    vm.recovery = facts.recovery;
  }
  if (facts.protectionUnknown !== undefined) {
    vm.protectionUnknown = facts.protectionUnknown;
  }
  const unsupported = facts.status.kind === 'NotProtected' ? unsupportedReasons(parts.hyperV, parts.protectable) : [];
  if (unsupported.length > 0) {
    vm.unsupported = unsupported;
  }
  if (parts.protectable !== undefined) {
    vm.protectable = parts.protectable;
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
