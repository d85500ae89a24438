/**
 * Benchmark: the snapshot work of a poll where nothing changed (issue 14), at 5,000 and 20,000 VMs,
 * measured side by side in one run (medians, CPU only, no network):
 *   diff, whole VM    — diffSnapshots with the former fingerprint: canonical() of the whole EstateVm,
 *                       wire objects included;
 *   diff, display     — diffSnapshots as the store runs it (sameDisplayFacts: the facts the views
 *                       show, compared field by field; host fingerprints kept per host object);
 *   decorations, scan — the badge of 30 rows, each VM found by a scan of a fresh list of the estate's VMs;
 *   decorations, keyed — the same 30 rows as VmDecorations finds them (findVmByKey: the snapshot's index).
 * The VMs are made as the estate makes them (src/estate/vms.ts makeVm), 25 per host, 4 in 5 protected,
 * each with its Hyper-V inventory and a protectable item of the lab's wire shape (lab/asr/wire.ts)
 * whose diskDetails are repeated until the VM's JSON is about 12.7 KB, the size issue 14 measured.
 * Run: npm run bench:snapshot
 */
import type { ProtectableItem } from '@azure/arm-recoveryservices-siterecovery';
import type { EstateHost, EstateSnapshot, EstateVm } from '../src/estate';
import { diffSnapshots, findVmByKey } from '../src/estate';
import { canonical } from '../src/estate/diff';
import { makeVm } from '../src/estate/vms';
import type { ProtectedItemLike } from '../src/model/protectedItem';
import type { HyperVVm } from '../src/services/hyperv/vmInventory';
import { estateHost, hostKey, inventory, vmId } from './estateParts';
import { presentVm } from '../src/tree/presentation';

const VMS_PER_HOST = 25;
const DISKS_PER_PROTECTABLE_ITEM = 90;
const VAULT = '/subscriptions/2e5d3c9f-7b4e-4f60-8c8d-1e2f3a4b5c6d/resourceGroups/FAB-DR-RG/providers/Microsoft.RecoveryServices/vaults/FAB-Vault';
const CONTAINER = `${VAULT}/replicationFabrics/FAB-Site/replicationProtectionContainers/cloud_4b1d6c2e-8f3a-5b7c-9d0e-1f2a3b4c5d6e`;

/** What a poll re-reads of one VM (shared by the snapshots, as the store carries them). */
interface VmParts {
  key: string;
  inventory: HyperVVm;
  protectedItem?: ProtectedItemLike;
  protectableItem: ProtectableItem;
}

function protectedItem(name: string, id: string): ProtectedItemLike {
  return {
    id: `${CONTAINER}/replicationProtectedItems/${id}`,
    name: id,
    properties: {
      friendlyName: name,
      protectionState: 'Protected',
      protectionStateDescription: 'Protected',
      activeLocation: 'Primary',
      testFailoverState: 'None',
      allowedOperations: ['DisableProtection', 'TestFailover', 'PlannedFailover', 'UnplannedFailover'],
      replicationHealth: 'Normal',
      healthErrors: [],
      policyId: `${VAULT}/replicationPolicies/FAB-Policy`,
      currentScenario: { scenarioName: 'None', jobId: `${VAULT}/replicationJobs/None`, startTime: '1753-01-01T01:01:01Z' },
      providerSpecificDetails: {
        instanceType: 'HyperVReplicaAzure',
        vmId: id,
        recoveryAzureVmName: name,
        recoveryAzureVMSize: 'Standard_D2s_v3',
        recoveryAzureResourceGroupId: '/subscriptions/2e5d3c9f-7b4e-4f60-8c8d-1e2f3a4b5c6d/resourceGroups/FAB-Recovery-RG',
        lastRecoveryPointReceived: '2026-11-25T11:56:00Z',
      } as { instanceType: string },
    },
  };
}

function protectableItem(name: string, id: string, isProtected: boolean): ProtectableItem {
  const diskDetails = Array.from({ length: DISKS_PER_PROTECTABLE_ITEM }, (_, i) => ({
    maxSizeMB: 130048,
    vhdType: 'Data',
    vhdId: `6f0c${String(i).padStart(4, '0')}-1a2b-4c3d-8e4f-${id.slice(-12)}`,
    vhdName: `${name}-disk${i}`,
  }));
  return {
    id: `${CONTAINER}/replicationProtectableItems/${id}`,
    name: id,
    type: 'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectableItems',
    properties: {
      friendlyName: name,
      protectionStatus: isProtected ? 'Protected' : 'Unprotected',
      protectionReadinessErrors: [],
      supportedReplicationProviders: ['HyperVReplicaAzure'],
      customDetails: { instanceType: 'HyperVVirtualMachine', sourceItemId: id, generation: '2', osDetails: null, diskDetails, hasPhysicalDisk: 'NotPresent' } as {
        instanceType: 'HyperVVirtualMachine';
      },
    },
  };
}

function estateParts(vmCount: number): VmParts[] {
  return Array.from({ length: vmCount }, (_, n) => {
    const id = vmId(n);
    const name = `fab-vm-${String(n).padStart(5, '0')}`;
    const isProtected = n % 5 !== 0;
    return { key: id, inventory: inventory(name, id), ...(isProtected ? { protectedItem: protectedItem(name, id) } : {}), protectableItem: protectableItem(name, id, isProtected) };
  });
}

/** A snapshot of new EstateVm objects over the same wire objects: what a poll where nothing changed builds. */
function snapshotOf(parts: VmParts[]): EstateSnapshot {
  const hosts: EstateHost[] = [];
  for (let i = 0; i < parts.length; i += VMS_PER_HOST) {
    const key = hostKey(i / VMS_PER_HOST);
    hosts.push(
      estateHost(
        i / VMS_PER_HOST,
        parts.slice(i, i + VMS_PER_HOST).map((p) => makeVm(p.key, key, false, p)),
      ),
    );
  }
  const protectedVms = hosts.reduce((sum, h) => sum + h.protectedCount, 0);
  return { takenAt: new Date(), hosts, unassignedVms: [], counts: { hosts: hosts.length, vms: parts.length, protected: protectedVms } };
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}

function timed(run: () => void): number {
  const t = performance.now();
  run();
  return performance.now() - t;
}

/**
 * Medians (ms) of the diffs, each on new snapshots (nothing cached from another diff):
 * `display` as in the store, whose previous snapshot was the new one of the last diff (its VM
 * index and host fingerprints are known); `displayCold` on two snapshots never diffed before.
 */
function diffMedians(parts: VmParts[], rounds: number): { whole: number; display: number; displayCold: number } {
  const whole: number[] = [];
  const display: number[] = [];
  const displayCold: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const [a, b] = [snapshotOf(parts), snapshotOf(parts)];
    whole.push(timed(() => assertNoChange(diffSnapshots(a, b, (x, y) => canonical(x) === canonical(y)))));
    const [c, d, e] = [snapshotOf(parts), snapshotOf(parts), snapshotOf(parts)];
    displayCold.push(timed(() => assertNoChange(diffSnapshots(c, d))));
    display.push(timed(() => assertNoChange(diffSnapshots(d, e))));
  }
  return { whole: median(whole), display: median(display), displayCold: median(displayCold) };
}

function assertNoChange(diff: { changedHostKeys: string[]; changedVmKeys: string[] }): void {
  if (diff.changedHostKeys.length + diff.changedVmKeys.length > 0) throw new Error('a poll where nothing changed found changes');
}

/** Medians (ms) of the badges of 30 rows spread over the estate: found by a scan, and by key (the index built, as the diff leaves it). */
function decorationMedians(parts: VmParts[], rounds: number): { scan: number; keyed: number } {
  const snapshot = snapshotOf(parts);
  const keys = Array.from({ length: 30 }, (_, i) => parts[Math.floor(((i + 0.5) * parts.length) / 30)].key);
  const badges = (find: (key: string) => EstateVm | undefined): void => {
    const now = new Date();
    for (const key of keys) {
      const vm = find(key);
      if (vm === undefined || presentVm(vm, { now }).badge === undefined) throw new Error(`no badge for ${key}`);
    }
  };
  findVmByKey(snapshot, keys[0]);
  const scan: number[] = [];
  const keyed: number[] = [];
  for (let r = 0; r < rounds; r++) {
    scan.push(timed(() => badges((key) => [...snapshot.hosts.flatMap((h) => h.vms), ...snapshot.unassignedVms].find((v) => v.key === key))));
    keyed.push(timed(() => badges((key) => findVmByKey(snapshot, key))));
  }
  return { scan: median(scan), keyed: median(keyed) };
}

function main(): void {
  const sizes = (process.env.BENCH_VMS ?? '5000,20000').split(',').map(Number);
  const rounds = Number(process.env.BENCH_ROUNDS ?? '5');
  const ms = (x: number): string => `${x.toFixed(x < 10 ? 2 : 0)} ms`;
  for (const vms of sizes) {
    const parts = estateParts(vms);
    const vmBytes = JSON.stringify(snapshotOf(parts.slice(0, 1)).hosts[0].vms[0]).length;
    const diff = diffMedians(parts, rounds);
    const deco = decorationMedians(parts, 51);
    console.log(`${vms} VMs (${(vmBytes / 1024).toFixed(1)} KB of JSON per VM), median of ${rounds} diffs, 51 decoration rounds:`);
    console.log(
      `  diff, nothing changed:  whole VM ${ms(diff.whole)}  display facts ${ms(diff.display)} (${ms(diff.displayCold)} on two snapshots never diffed)  ratio ${(diff.whole / diff.display).toFixed(1)}×`,
    );
    console.log(`  decorations, 30 rows:   scan ${ms(deco.scan)}  keyed ${ms(deco.keyed)}  ratio ${(deco.scan / deco.keyed).toFixed(1)}×`);
  }
}

main();
