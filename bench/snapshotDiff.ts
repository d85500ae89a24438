/**
 * Benchmark: the snapshot work of a poll where nothing changed (issue 14), at 1,000, 5,000 and
 * 20,000 VMs (BENCH_SIZES), measured side by side in one run (medians of CPU time, process.cpuUsage;
 * no network):
 *   diff, whole VM    — diffSnapshots with the former fingerprint: canonical() of the whole VM in
 *                       its former shape, wire objects included (bench/estateParts.ts formerVm; the
 *                       former VM is made from the new one during the comparison, a copy of a dozen
 *                       fields beside canonical() of 12.7 KB);
 *   diff, display     — diffSnapshots as the store runs it (sameDisplayFacts: the facts the views
 *                       show, compared field by field; host fingerprints kept per host object);
 *   decorations, scan — the badge of 30 rows, each VM found by a scan of a fresh list of the estate's VMs;
 *   decorations, keyed — the same 30 rows as VmDecorations finds them (findVmByKey: the snapshot's index).
 * The VMs are made as the estate makes them (src/estate/vms.ts makeVm) from bench/estateParts.ts.
 * Rows (bench/row.ts): "snapshot diff of a poll where nothing changed" and "decorations for one screen (30 rows)".
 * Run: npm run bench:snapshot (with bench/snapshotBuild.ts)
 */
import type { EstateHost, EstateSnapshot, EstateVm } from '../src/estate';
import { diffSnapshots, findVmByKey } from '../src/estate';
import { canonical } from '../src/estate/diff';
import { hyperVFacts, protectableFacts } from '../src/estate/vmFacts';
import { makeVm } from '../src/estate/vms';
import { presentVm } from '../src/tree/presentation';
import { estateHost, estateParts, formerVm, hostKeyOf, VMS_PER_HOST, type VmParts } from './estateParts';
import { cpuMs, median } from './cpuTime';
import { emitRow, formatRatio } from './row';
import { BENCH_VMS, benchSizes } from './scenarios';

/** A snapshot of new EstateVm objects over the same wire objects: what a poll where nothing changed builds. */
function snapshotOf(parts: VmParts[]): EstateSnapshot {
  const hosts: EstateHost[] = [];
  for (let i = 0; i < parts.length; i += VMS_PER_HOST) {
    const key = hostKeyOf(i / VMS_PER_HOST);
    const vms = parts.slice(i, i + VMS_PER_HOST).map((p) => {
      const protectable = protectableFacts(p.protectableItem);
      return makeVm(p.key, key, false, {
        hyperV: hyperVFacts(p.inventory),
        ...(p.protectedItem ? { protectedItem: p.protectedItem } : {}),
        ...(protectable ? { protectable } : {}),
      });
    });
    hosts.push(estateHost(i / VMS_PER_HOST, vms));
  }
  const protectedVms = hosts.reduce((sum, h) => sum + h.protectedCount, 0);
  return { takenAt: new Date(), hosts, unassignedVms: [], counts: { hosts: hosts.length, vms: parts.length, protected: protectedVms } };
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
  const partsByKey = new Map(parts.map((p) => [p.key, p]));
  const former = (vm: EstateVm): string => canonical(formerVm(vm, partsByKey.get(vm.key)));
  for (let r = 0; r < rounds; r++) {
    const [a, b] = [snapshotOf(parts), snapshotOf(parts)];
    whole.push(cpuMs(() => assertNoChange(diffSnapshots(a, b, (x, y) => former(x) === former(y)))));
    const [c, d, e] = [snapshotOf(parts), snapshotOf(parts), snapshotOf(parts)];
    displayCold.push(cpuMs(() => assertNoChange(diffSnapshots(c, d))));
    display.push(cpuMs(() => assertNoChange(diffSnapshots(d, e))));
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
    scan.push(cpuMs(() => badges((key) => [...snapshot.hosts.flatMap((h) => h.vms), ...snapshot.unassignedVms].find((v) => v.key === key))));
    keyed.push(cpuMs(() => badges((key) => findVmByKey(snapshot, key))));
  }
  return { scan: median(scan), keyed: median(keyed) };
}

function main(): void {
  const rounds = Number(process.env.BENCH_ROUNDS ?? '5');
  const ms = (x: number): string => `${x.toFixed(x < 10 ? 2 : 0)} ms`;
  for (const size of benchSizes()) {
    const vms = BENCH_VMS[size];
    const parts = estateParts(vms);
    const first = parts.slice(0, 1);
    const vmBytes = JSON.stringify(formerVm(snapshotOf(first).hosts[0].vms[0], first[0])).length;
    const diff = diffMedians(parts, rounds);
    const deco = decorationMedians(parts, 51);
    console.log(`${vms} VMs (${(vmBytes / 1024).toFixed(1)} KB of JSON per VM in its former shape), median of ${rounds} diffs, 51 decoration rounds:`);
    console.log(
      `  diff, nothing changed:  whole VM ${ms(diff.whole)}  display facts ${ms(diff.display)} (${ms(diff.displayCold)} on two snapshots never diffed)  ratio ${(diff.whole / diff.display).toFixed(1)}×`,
    );
    console.log(`  decorations, 30 rows:   scan ${ms(deco.scan)}  keyed ${ms(deco.keyed)}  ratio ${(deco.scan / deco.keyed).toFixed(1)}×`);
    const diffGoal = vms <= 5000 ? 30 : (30 * vms) / 5000;
    emitRow({
      row: 'snapshot diff of a poll where nothing changed',
      size,
      measured: ms(diff.display),
      baseline: `whole VM ${ms(diff.whole)}`,
      ratio: formatRatio(diff.display, diff.whole),
      goal: `< ${diffGoal} ms`,
      pass: diff.display < diffGoal,
    });
    emitRow({
      row: 'decorations for one screen (30 rows)',
      size,
      measured: ms(deco.keyed),
      baseline: `scan ${ms(deco.scan)}`,
      ratio: formatRatio(deco.keyed, deco.scan),
      goal: '< 1 ms',
      pass: deco.keyed < 1,
    });
  }
}

main();
