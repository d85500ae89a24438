// Look-ups in a snapshot and the diff between two (what the views refresh).
// (Split from the former src/services/estate.ts.)

import type { EstateVm, EstateHost, EstateSnapshot, SnapshotDiff } from './types';
import { UNASSIGNED_HOST_KEY } from './types';
import { isFqdn, shortOf, normalizeVmId } from './names';

// ---------------------------------------------------------------------------------------------
// Look-ups and diff

/** Each snapshot's VMs by key, built once per snapshot (snapshots are never changed once built). */
const vmIndexes = new WeakMap<EstateSnapshot, ReadonlyMap<string, EstateVm>>();

/** Every VM of the snapshot, on a host or unassigned, by key (the lower-case VMId). */
export function vmIndex(snapshot: EstateSnapshot): ReadonlyMap<string, EstateVm> {
  let index = vmIndexes.get(snapshot);
  if (!index) {
    index = new Map(allVms(snapshot).map((v) => [v.key, v]));
    vmIndexes.set(snapshot, index);
  }
  return index;
}

/** The VM with this key (as tree nodes and commands carry it). */
export function findVmByKey(snapshot: EstateSnapshot, key: string): EstateVm | undefined {
  return vmIndex(snapshot).get(key);
}

/** The VM with this VMId (case-insensitive, braces ignored), on a host or unassigned. */
export function findVm(snapshot: EstateSnapshot, vmId: string): EstateVm | undefined {
  return findVmByKey(snapshot, normalizeVmId(vmId));
}

/** The host with this key (case-insensitive); else the one whose FQDN or name is this, or whose short name is. */
export function findHost(snapshot: EstateSnapshot, key: string): EstateHost | undefined {
  const lower = key.trim().replace(/\.$/, '').toLowerCase();
  return (
    snapshot.hosts.find((h) => h.key === lower) ??
    snapshot.hosts.find((h) => h.fqdn?.toLowerCase() === lower || h.name.toLowerCase() === lower) ??
    (isFqdn(lower) ? undefined : snapshot.hosts.find((h) => shortOf(h.key) === lower))
  );
}

/** JSON with sorted keys and dates as ISO strings, so equal content gives equal text. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown): unknown => {
    if (v instanceof Date) {
      return v.toISOString();
    }
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(o)
          .sort()
          .map((k) => [k, o[k]]),
      );
    }
    return v;
  });
}

export function hostFingerprint(h: EstateHost): string {
  // Probe times are not changes a view shows; the VMs count as their keys (their own changes are VM changes).
  const copy: Partial<EstateHost> & { vmKeys: string[] } = { ...h, vmKeys: h.vms.map((v) => v.key) };
  delete copy.vms;
  delete copy.lastSeen;
  return canonical(copy);
}

/** Each VM's fingerprint, computed once per VM object (a snapshot's VMs are never changed once built). */
const vmFingerprints = new WeakMap<EstateVm, string>();

/**
 * What the views show of a VM, as text: the fields the tree item (src/tree/presentVm.ts), its
 * decoration, its contextValue, its host's row and the status bar read, named one by one. Not the
 * wire objects the VM still carries (its protectable item, the rest of its Hyper-V inventory): a
 * change there shows nowhere, and fingerprinting them cost 0.86 s per poll at 5,000 VMs (issue 14).
 */
export function vmFingerprint(v: EstateVm): string {
  let fingerprint = vmFingerprints.get(v);
  if (fingerprint === undefined) {
    fingerprint = canonical(vmDisplayFacts(v));
    vmFingerprints.set(v, fingerprint);
  }
  return fingerprint;
}

/** The display facts of a VM (vmFingerprint). A field a view starts to read belongs here too. */
function vmDisplayFacts(v: EstateVm): unknown {
  const s = v.status;
  const p = v.protection;
  return [
    v.key,
    v.vmId,
    v.name,
    v.hostKey,
    v.stale,
    v.contextValue,
    v.actions,
    v.unsupported,
    v.unreadable,
    v.protectionUnknown,
    v.inventory?.state,
    [s.kind, s.health, s.progressPercent, s.summary, s.detail, s.runningJobId, s.activeLocation],
    s.healthErrors.map((e) => [e.errorCode, e.summaryMessage, e.errorMessage, e.possibleCauses, e.recommendedAction]),
    p === undefined ? undefined : [p.policyId, p.lastRecoveryPoint, p.azureVm?.name, p.azureVm?.id, p.azureVm?.size, p.azureVm?.resourceGroup],
  ];
}

/** Every VM of the snapshot: on the hosts, then unassigned. */
export function allVms(s: EstateSnapshot): EstateVm[] {
  return [...s.hosts.flatMap((h) => h.vms), ...s.unassignedVms];
}

/** Which hosts and VMs differ between two snapshots (added, removed or changed), so views refresh only those. */
export function diffSnapshots(a: EstateSnapshot, b: EstateSnapshot): SnapshotDiff {
  const changedHosts = new Set<string>();
  const aHosts = new Map(a.hosts.map((h) => [h.key, h]));
  const bHosts = new Map(b.hosts.map((h) => [h.key, h]));
  for (const [key, h] of aHosts) {
    const other = bHosts.get(key);
    if (other === undefined || hostFingerprint(h) !== hostFingerprint(other)) {
      changedHosts.add(key);
    }
  }
  for (const key of bHosts.keys()) {
    if (!aHosts.has(key)) {
      changedHosts.add(key);
    }
  }
  if (canonical(a.unassignedVms.map((v) => v.key)) !== canonical(b.unassignedVms.map((v) => v.key))) {
    changedHosts.add(UNASSIGNED_HOST_KEY);
  }

  const changedVms = new Set<string>();
  const aVms = vmIndex(a);
  const bVms = vmIndex(b);
  for (const [key, v] of aVms) {
    const other = bVms.get(key);
    if (other === undefined || vmFingerprint(v) !== vmFingerprint(other)) {
      changedVms.add(key);
    }
  }
  for (const key of bVms.keys()) {
    if (!aVms.has(key)) {
      changedVms.add(key);
    }
  }
  return { changedHostKeys: [...changedHosts].sort(), changedVmKeys: [...changedVms].sort() };
}
