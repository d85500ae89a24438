// Look-ups in a snapshot and the diff between two (what the views refresh).
// (Split from the former src/services/estate.ts.)

import type { EstateVm, EstateHost, EstateSnapshot, ProtectionFacts, SnapshotDiff } from './types';
import { UNASSIGNED_HOST_KEY } from './types';
import { isFqdn, shortOf, normalizeVmId } from './names';
import { sameRecoveryDisplay } from '../model/recoveryFacts';

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

/** Each snapshot's hosts by key, built once per snapshot. */
const hostIndexes = new WeakMap<EstateSnapshot, ReadonlyMap<string, EstateHost>>();

/** The host with this key exactly (as tree nodes carry it): a keyed look-up, not a scan of the hosts. */
export function findHostByKey(snapshot: EstateSnapshot, key: string): EstateHost | undefined {
  let index = hostIndexes.get(snapshot);
  if (!index) {
    index = new Map(snapshot.hosts.map((h) => [h.key, h]));
    hostIndexes.set(snapshot, index);
  }
  return index.get(key);
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

/** Each host's fingerprint, computed once per host object (a snapshot's hosts are never changed once built). */
const hostFingerprints = new WeakMap<EstateHost, string>();

export function hostFingerprint(h: EstateHost): string {
  let fingerprint = hostFingerprints.get(h);
  if (fingerprint === undefined) {
    // Probe times are not changes a view shows; the VMs count as their keys (their own changes are VM changes).
    const copy: Partial<EstateHost> & { vmKeys: string[] } = { ...h, vmKeys: h.vms.map((v) => v.key) };
    delete copy.vms;
    delete copy.lastSeen;
    fingerprint = canonical(copy);
    hostFingerprints.set(h, fingerprint);
  }
  return fingerprint;
}

// What the views show of a VM: the fields the tree item (src/tree/presentVm.ts), its decoration,
// its contextValue, its host's row and the status bar read, named one by one. Not the facts only
// the Enable Replication wizard reads (its protectable item's, the rest of its Hyper-V inventory's):
// a change there shows in no view, and comparing the whole VM (canonical(), when it still carried
// the wire objects) cost 0.86 s per poll at 5,000 VMs (issue 14). A field a view starts to read
// belongs here too.
const vmFields = ['key', 'vmId', 'name', 'hostKey', 'stale', 'contextValue', 'unreadable', 'protectionUnknown'] as const;
const statusFields = ['kind', 'health', 'progressPercent', 'summary', 'detail', 'runningJobId', 'activeLocation'] as const;
const healthErrorFields = ['errorCode', 'summaryMessage', 'errorMessage', 'possibleCauses', 'recommendedAction'] as const;
const protectionFields = ['policyId'] as const;
const azureVmFields = ['name', 'id', 'size', 'resourceGroup'] as const;

/** Whether two VMs look the same in every view (the fields above, compared one by one). */
export function sameDisplayFacts(a: EstateVm, b: EstateVm): boolean {
  return (
    sameFields(a, b, vmFields) &&
    sameList(a.actions, b.actions, (x, y) => x === y) &&
    sameList(a.unsupported, b.unsupported, (x, y) => x === y) &&
    a.hyperV?.state === b.hyperV?.state &&
    sameFields(a.status, b.status, statusFields) &&
    sameList(a.status.healthErrors, b.status.healthErrors, (x, y) => sameFields(x, y, healthErrorFields)) &&
    sameOptional(a.protection, b.protection, sameProtection) &&
    sameOptional(a.recovery, b.recovery, sameRecoveryDisplay)
  );
}

function sameProtection(a: ProtectionFacts, b: ProtectionFacts): boolean {
  return (
    sameFields(a, b, protectionFields) &&
    a.lastRecoveryPoint?.getTime() === b.lastRecoveryPoint?.getTime() &&
    a.lastTestFailover?.getTime() === b.lastTestFailover?.getTime() &&
    sameOptional(a.azureVm, b.azureVm, (x, y) => sameFields(x, y, azureVmFields))
  );
}

function sameFields<T>(a: T, b: T, fields: readonly (keyof T)[]): boolean {
  return fields.every((f) => a[f] === b[f]);
}

function sameOptional<T>(a: T | undefined, b: T | undefined, same: (x: T, y: T) => boolean): boolean {
  return a === undefined || b === undefined ? a === b : same(a, b);
}

function sameList<T>(a: readonly T[] | undefined, b: readonly T[] | undefined, same: (x: T, y: T) => boolean): boolean {
  return sameOptional(a, b, (x, y) => x.length === y.length && x.every((item, i) => same(item, y[i])));
}

/** Each snapshot's list of every VM, built once per snapshot (the status bar and the walkthrough read it on every change). */
const vmLists = new WeakMap<EstateSnapshot, readonly EstateVm[]>();

/** Every VM of the snapshot: on the hosts, then unassigned. */
export function allVms(s: EstateSnapshot): readonly EstateVm[] {
  let vms = vmLists.get(s);
  if (!vms) {
    vms = [...s.hosts.flatMap((h) => h.vms), ...s.unassignedVms];
    vmLists.set(s, vms);
  }
  return vms;
}

/**
 * Which hosts and VMs differ between two snapshots (added, removed or changed), so views refresh only those.
 * `same`: when a VM has not changed (bench/snapshotDiff.ts compares the former whole-VM fingerprint).
 */
export function diffSnapshots(a: EstateSnapshot, b: EstateSnapshot, same: (x: EstateVm, y: EstateVm) => boolean = sameDisplayFacts): SnapshotDiff {
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
    if (other === undefined || !same(v, other)) {
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
