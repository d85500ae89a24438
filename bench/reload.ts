/**
 * Benchmark: "window reload → estate on screen" (issue 14), in process, at the bench sizes, with
 * the bench latency on every request, measured side by side in one run:
 *   refresh (baseline) — what a window without a saved estate waits for before its first host
 *                        shows: one full refresh of the estate store against the lab (PowerShell
 *                        probes through the stand-in, ASR through the real SDKs);
 *   cached             — what the window does instead (src/estate/snapshotCache.ts): read and parse
 *                        the vault's saved file, show it in a new store, and build the tree items
 *                        the Protection view asks for at once (the vault row with its cached mark,
 *                        the site, every host of the site). Median of 5 rounds.
 * Not counted in either: activation itself (loading the bundle is its own row, bench/bundleLoad.ts)
 * and the workbench's drawing; the end-to-end journey (test/e2e/scale.test.ts) prints those times.
 * Also printed: the file's size and the time to write it.
 * Run: npm run bench:reload (BENCH_SIZES=5k for one size)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startLab } from '../lab/index';
import { EstateStore } from '../src/estate/store';
import { estateCacheFile, loadEstateCache, saveEstateCache } from '../src/estate/snapshotCache';
import type { VaultContext } from '../src/services/azure/clients';
import { resolveCloud } from '../src/services/azure/cloud';
import { createServicePrincipalCredential } from '../src/services/azure/credentials';
import { PowerShellRunner } from '../src/services/hyperv/powershellRunner';
import { withCachedMark } from '../src/tree/presentCached';
import { presentHost, presentSite, presentVault } from '../src/tree/presentation';
import { emitRow, formatRatio } from './row';
import { median } from './cpuTime';
import { benchLatencyMs, benchSizes, scaleScenario, type BenchSize } from './scenarios';

const ROUNDS = 5;
const GOAL_MS = 1000;

/** One round of the cached path: file → store → the first screen's tree items. Returns ms and how many host rows were built. */
async function showCached(folder: string, vaultKey: string): Promise<{ ms: number; hosts: number }> {
  const t = performance.now();
  const cached = await loadEstateCache(folder, vaultKey);
  if (!cached) throw new Error('the saved estate did not load');
  const store = new EstateStore(
    () => Promise.reject(new Error('not refreshed here')),
    () => ({ includeLocal: false, settingHosts: [], useActiveDirectory: false }),
  );
  if (!store.showCached(cached.snapshot, cached.savedAt)) throw new Error('the saved estate was not shown');
  const snapshot = store.snapshot;
  const savedAt = store.cachedAt;
  if (!snapshot || !savedAt) throw new Error('no cached snapshot in the store');
  withCachedMark(presentVault({ name: 'FAB-Vault', location: 'West Europe', resourceGroup: 'FAB-DR-RG' }), savedAt, new Date());
  const sites = new Set(snapshot.hosts.map((h) => h.provider.fabricName ?? ''));
  for (const site of sites) presentSite({ name: site, hostCount: snapshot.hosts.filter((h) => (h.provider.fabricName ?? '') === site).length });
  const rows = snapshot.hosts.map((h) => presentHost(h));
  return { ms: performance.now() - t, hosts: rows.length };
}

async function benchSize(size: BenchSize, latencyMs: number): Promise<void> {
  const lab = await startLab({ scenario: scaleScenario(size), speed: 10, faults: `latency=${latencyMs}` });
  const runner = new PowerShellRunner({ executable: lab.pwsh, timeoutMs: 120_000 });
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'asr-bench-reload-'));
  try {
    const cloud = resolveCloud('Custom', { resourceManagerEndpoint: lab.endpoint, caCertificatePem: lab.caCertPem });
    const credential = createServicePrincipalCredential(cloud, { tenantId: lab.tenantId, clientId: lab.clientId, clientSecret: lab.clientSecret });
    const vault = { subscriptionId: lab.subscriptionId, resourceGroup: lab.resourceGroup, vaultName: lab.vault };
    const vctx: VaultContext = { credential, cloud, subscriptionId: lab.subscriptionId, vault };
    const vaultKey = `${vault.subscriptionId}/${vault.resourceGroup}/${vault.vaultName}`.toLowerCase();
    // The extension's default Hyper-V settings: the local machine and Active Directory, beside the vault's hosts.
    const store = new EstateStore(
      () => Promise.resolve({ runner, vctx, credentialsFor: () => Promise.resolve(undefined) }),
      () => ({ includeLocal: true, settingHosts: [], useActiveDirectory: true, timeoutMs: 120_000 }),
    );
    let t = performance.now();
    await store.refresh();
    const refreshMs = performance.now() - t;
    const snapshot = store.snapshot;
    if (!snapshot) throw new Error('the refresh left no snapshot');
    t = performance.now();
    await saveEstateCache(folder, vaultKey, snapshot, new Date());
    const saveMs = performance.now() - t;
    const bytes = fs.statSync(estateCacheFile(folder, vaultKey)).size;
    const rounds: number[] = [];
    let hosts = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const round = await showCached(folder, vaultKey);
      rounds.push(round.ms);
      hosts = round.hosts;
    }
    const cachedMs = median(rounds);
    const rows = [
      ['VMs / hosts', `${snapshot.counts.vms} / ${snapshot.counts.hosts} (${hosts} host rows built)`],
      ['full refresh (baseline)', `${(refreshMs / 1000).toFixed(2)} s`],
      ['cached file', `${(bytes / 1024 / 1024).toFixed(2)} MB, written in ${saveMs.toFixed(0)} ms`],
      [`cached → first screen (median of ${ROUNDS})`, `${cachedMs.toFixed(0)} ms (rounds: ${rounds.map((x) => x.toFixed(0)).join(', ')})`],
      ['cached / refresh', formatRatio(cachedMs, refreshMs)],
    ];
    process.stdout.write(`\nwindow reload → estate on screen, ${size}, latency ${latencyMs} ms\n`);
    for (const [k, v] of rows) process.stdout.write(`  ${k.padEnd(40)} ${v}\n`);
    emitRow({
      row: 'window reload → estate on screen',
      size,
      measured: `${cachedMs.toFixed(0)} ms`,
      baseline: `refresh ${(refreshMs / 1000).toFixed(1)} s`,
      ratio: formatRatio(cachedMs, refreshMs),
      goal: '< 1 s from a cached snapshot',
      pass: cachedMs < GOAL_MS,
    });
  } finally {
    await runner.dispose();
    await lab.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  for (const size of benchSizes()) await benchSize(size, benchLatencyMs());
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
