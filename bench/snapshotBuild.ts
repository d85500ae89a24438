/**
 * Benchmark: building the estate snapshot, the tree items of the whole estate, and the memory the
 * snapshot keeps (issue 14), at 1,000, 5,000 and 20,000 VMs (BENCH_SIZES), CPU time (process.cpuUsage:
 * what the extension host spends, whatever else the machine runs), no network,
 * from the lab-shaped inputs of bench/estateParts.ts (12.7 KB per VM):
 *   snapshot build — buildEstateSnapshot of a full refresh's input (every host probed and
 *                    registered, ASR's protected and protectable items) with the previous snapshot,
 *                    as a refresh gives it; median of BENCH_ROUNDS (default 5), after BENCH_WARMUP
 *                    builds (default 2) that are not counted. Printed beside it, timed in the same
 *                    rounds (alternately): the same build bundled as the extension ships it
 *                    (bench/bundledEstate.ts: no getter per call of an imported function).
 *                    The row judges the modules as tsx loads them.
 *   tree items     — what the Protection view's provider (src/tree/protectionTree.ts, run with the
 *                    stand-in vscode module of bench/vscodeStub.ts) does to show the whole estate:
 *                    getChildren of the root, the vault, the site and every host, getTreeItem of
 *                    every node (each host and each VM), on a new provider; median. Also printed:
 *                    what VS Code asks first (the top level down to the hosts, and one expanded host).
 *   memory         — heapUsed after gc() with the snapshot retained, minus heapUsed before its
 *                    inputs were made (the inputs released); baseline: the same snapshot with its
 *                    VMs in their former shape (the inventory and the protectable item themselves,
 *                    bench/estateParts.ts formerVm), measured the same way in the same run.
 * Goals: < 100 ms (build, tree items) and < 15 MB (memory) at 5,000 VMs (and at 1,000); at 20,000
 * linear: the baseline of the build and tree rows is the size before, and 20k/5k must be ≤ 5 (4× the VMs).
 * Run: npm run bench:snapshot (with bench/snapshotDiff.ts)
 */
import './vscodeStub';
import { buildEstateSnapshot, type EstateSnapshot } from '../src/estate';
import { EstateStore } from '../src/estate/store';
import { resolveCloud } from '../src/services/azure/cloud';
import { ProtectionTree, type ProtectionNode } from '../src/tree/protectionTree';
import { estateInput, estateParts, formerVm, type VmParts } from './estateParts';
import { cpuMs, median } from './cpuTime';
import { bundledBuildEstateSnapshot, type BuildEstateSnapshot } from './bundledEstate';
import { heapAfterGc } from './heap';
import { emitRow, formatRatio } from './row';
import { BENCH_VMS, benchSizes, type BenchSize } from './scenarios';

/** The snapshot of a refresh of `vms` VMs; its inputs are unreachable once this returns. */
function displaySnapshot(vms: number): EstateSnapshot {
  return buildEstateSnapshot(estateInput(estateParts(vms)));
}

/** The same snapshot with its VMs in their former shape (what the snapshot kept before issue 14). */
function formerSnapshot(vms: number): { hosts: { key: string; vms: object[] }[] } {
  const parts = estateParts(vms);
  const byKey = new Map<string, VmParts>(parts.map((p) => [p.key, p]));
  const snapshot = buildEstateSnapshot(estateInput(parts));
  return { ...snapshot, hosts: snapshot.hosts.map((h) => ({ ...h, vms: h.vms.map((v) => formerVm(v, byKey.get(v.key))) })) };
}

/** MB retained by what `make` returns (heapUsed after gc, with it, minus before it). */
function retainedMb(make: () => { hosts: readonly unknown[] }): number {
  const before = heapAfterGc();
  const kept = make();
  const after = heapAfterGc();
  if (kept.hosts.length === 0) throw new Error('nothing was built');
  return (after - before) / 1024 ** 2;
}

/** The provider over a store holding `snapshot` (set as a refresh leaves it). */
function treeOver(snapshot: EstateSnapshot): ProtectionTree {
  const store = new EstateStore(
    () => Promise.reject(new Error('a benchmark does not refresh')),
    () => ({ includeLocal: false, settingHosts: [], useActiveDirectory: false }),
  );
  Reflect.set(store, 'current', snapshot);
  return new ProtectionTree({
    store,
    vault: () => ({ name: 'FAB-Vault', location: 'westeurope', resourceGroup: 'FAB-DR-RG' }),
    cloud: () => resolveCloud('AzureCloud'),
    policyIntervalSeconds: (vm) => store.policyIntervalSeconds(vm),
  });
}

/** getChildren and getTreeItem down the tree; `expand` says which nodes are opened. Returns the items made. */
function showTree(tree: ProtectionTree, expand: (node: ProtectionNode) => boolean): number {
  let items = 0;
  const visit = (node: ProtectionNode | undefined): void => {
    for (const child of tree.getChildren(node)) {
      tree.getTreeItem(child);
      items++;
      if (expand(child)) visit(child);
    }
  };
  visit(undefined);
  return items;
}

interface Figures {
  buildMs: number;
  /** The same build bundled as the extension ships it. */
  bundledMs: number;
  treeMs: number;
  treeItems: number;
  firstScreenMs: number;
  snapshotMb: number;
  formerMb: number;
}

/** Builds made before the timed ones (BENCH_WARMUP, default 2). */
const WARMUP_BUILDS = Number(process.env.BENCH_WARMUP ?? '2');

function measure(vms: number, rounds: number, bundled: BuildEstateSnapshot): Figures {
  const snapshotMb = retainedMb(() => displaySnapshot(vms));
  const formerMb = retainedMb(() => formerSnapshot(vms));
  const parts = estateParts(vms);
  const previous = buildEstateSnapshot(estateInput(parts));
  // Warm-up builds, not counted: the steady state is timed (the extension builds a snapshot on
  // every refresh and interim snapshot); the first builds after the inputs are made run cold (the
  // JIT, and the just-made inputs the collector still moves) and took up to 1.4× the median.
  for (let r = 0; r < WARMUP_BUILDS; r++) {
    buildEstateSnapshot(estateInput(parts, previous));
    bundled(estateInput(parts, previous));
  }
  const builds: number[] = [];
  const bundledBuilds: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const input = estateInput(parts, previous);
    builds.push(cpuMs(() => buildEstateSnapshot(input)));
    const again = estateInput(parts, previous);
    bundledBuilds.push(cpuMs(() => bundled(again)));
  }
  let treeItems = 0;
  const everything = (node: ProtectionNode): boolean => node.kind !== 'vm' && node.kind !== 'message';
  const trees: number[] = [];
  const firstScreens: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const tree = treeOver(previous);
    trees.push(cpuMs(() => (treeItems = showTree(tree, everything))));
    let opened = false;
    const firstHost = (node: ProtectionNode): boolean => node.kind === 'vault' || node.kind === 'site' || (node.kind === 'host' && !opened && (opened = true));
    const fresh = treeOver(previous);
    firstScreens.push(cpuMs(() => showTree(fresh, firstHost)));
  }
  return { buildMs: median(builds), bundledMs: median(bundledBuilds), treeMs: median(trees), treeItems, firstScreenMs: median(firstScreens), snapshotMb, formerMb };
}

/**
 * The rows of one size. The goals are the at 5k (< 100 ms, < 15 MB); at 1k the same
 * figures; at 20k "linear": at most 5× the 5k figure (4× the VMs).
 */
function emitRows(size: BenchSize, f: Figures, before: { size: BenchSize; f: Figures } | undefined): void {
  const ms = (x: number): string => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
  const mb = (x: number): string => `${x.toFixed(1)} MB`;
  const vsBefore = (pick: (x: Figures) => number, unit: (x: number) => string): { baseline: string; ratio: string } =>
    before ? { baseline: `${before.size} ${unit(pick(before.f))}`, ratio: formatRatio(pick(f), pick(before.f)) } : { baseline: '', ratio: '' };
  const judged = (pick: (x: Figures) => number, limit: number, unit: string): { goal: string; pass: boolean } =>
    size === '20k' && before?.size === '5k'
      ? { goal: `linear: ≤ 5× the 5k figure`, pass: pick(f) <= 5 * pick(before.f) }
      : { goal: `< ${limit} ${unit}${size === '5k' ? '' : ' (the 5k goal)'}`, pass: pick(f) < limit };
  const build = (x: Figures): number => x.buildMs;
  const tree = (x: Figures): number => x.treeMs;
  emitRow({ row: 'snapshot build', size, measured: `${ms(f.buildMs)} (bundled as shipped: ${ms(f.bundledMs)})`, ...vsBefore(build, ms), ...judged(build, 100, 'ms') });
  emitRow({ row: 'tree items', size, measured: ms(f.treeMs), ...vsBefore(tree, ms), ...judged(tree, 100, 'ms') });
  const memory = judged((x) => x.snapshotMb, 15, 'MB');
  emitRow({
    row: 'memory of the snapshot',
    size,
    measured: mb(f.snapshotMb),
    baseline: `former shape ${mb(f.formerMb)}`,
    ratio: formatRatio(f.snapshotMb, f.formerMb),
    ...memory,
  });
}

async function main(): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? '5');
  const bundled = await bundledBuildEstateSnapshot();
  let before: { size: BenchSize; f: Figures } | undefined;
  for (const size of benchSizes()) {
    const vms = BENCH_VMS[size];
    const f = measure(vms, rounds, bundled);
    console.log(`${vms} VMs, medians of ${rounds}:`);
    console.log(`  snapshot build: ${f.buildMs.toFixed(1)} ms (bundled as the extension ships it: ${f.bundledMs.toFixed(1)} ms)`);
    console.log(`  tree items: the whole estate (${f.treeItems} items) ${f.treeMs.toFixed(1)} ms; the top level and one host expanded ${f.firstScreenMs.toFixed(1)} ms`);
    console.log(`  memory of the snapshot: ${f.snapshotMb.toFixed(1)} MB (former shape ${f.formerMb.toFixed(1)} MB)`);
    emitRows(size, f, before);
    before = { size, f };
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${(e as Error).message}\n`);
  process.exit(1);
});
