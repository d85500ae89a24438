/**
 * Benchmark (issue 14 rows "estate refresh vs the floor" and "requests of a refresh"), on the
 * generated scale scenarios (1k, 5k, 20k VMs; BENCH_SIZES) with BENCH_LATENCY_MS (default 50) of
 * added latency per request, measured side by side in one run per size:
 *   refresh — refreshEstate (src/estate/refresh.ts) with the vault context, as the extension runs
 *             every refresh after the first: ASR's lists read, with what the previous refresh read
 *             (`previousAsr`, as the store passes it: its sites' protectable items start beside the
 *             sites list), the snapshot built. No Hyper-V host is reachable: this computer,
 *             the setting and Active Directory are off, and the vault's hosts fail at once (a
 *             runner that answers HostUnreachable), so host probing (another row) costs nothing.
 *   floor   — the same lists with raw paged GETs (node:https, one JSON.parse per page), every
 *             independent list at once: sites then the site's protectable items (its container
 *             named from the site), beside registered hosts, protected items and policies.
 * Each is timed BENCH_RUNS times (default 5 at 1k, 3 at 5k, 2 at 20k: a small run is cheap and the
 * shared machine's noise weighs most on it; after one untimed refresh that signs in and warms up)
 * and the best run is kept; a first refresh (no previous lists) is timed once and printed beside it. The requests of that first refresh are counted in the lab's log
 * (sign-in excluded); "before" is that count plus one container list per site, the list the former
 * refresh read first; the goal is what the view needs: one page per 100 of the sites, hosts,
 * protected items, policies and the protectable items that are not protected. The lab runs in a
 * process of its own (its work and the extension's do not share a thread).
 * Run: npm run bench:refresh
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { resolveCloud } from '../src/services/azure/cloud';
import { createServicePrincipalCredential } from '../src/services/azure/credentials';
import { siteRecoveryClient, type VaultContext } from '../src/services/azure/clients';
import { refreshEstate } from '../src/estate/refresh';
import type { AsrLists } from '../src/estate/asrRead';
import { listContainers } from '../src/services/azure/containers';
import { hyperVSiteContainerName, listHyperVSites } from '../src/services/azure/sites';
import { HyperVError } from '../src/services/hyperv/errors';
import type { ScriptRunner } from '../src/services/hyperv/powershellRunner';
import type { LabInfo } from '../lab/index';
import { emitRow, formatRatio } from './row';
import { benchLatencyMs, benchSizes, scaleScenario, type BenchSize } from './scenarios';

const PAGE = 100;

const unreachable: ScriptRunner = {
  run: () => Promise.reject(new HyperVError('HostUnreachable', 'No Hyper-V host is reachable in this benchmark.')),
};

/** The lab in a process of its own (npm run lab), so that its work and the extension's do not share a thread. */
interface LabProcess {
  info: LabInfo;
  caCertPem: string;
  /** Requests answered since the last reset, sign-in and the lab's own API excluded (/_lab/counters). */
  requests(): Promise<number>;
  reset(): Promise<void>;
  stop(): void;
}

async function startLabProcess(size: BenchSize, latencyMs: number): Promise<LabProcess> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'bench-refresh-')), `scale-${size}.json`);
  writeFileSync(file, JSON.stringify(scaleScenario(size)));
  const args = ['--import', 'tsx', path.join(__dirname, '..', 'lab', 'cli.ts'), '--port', '0', '--scenario', file, '--speed', '10', '--faults', `latency=${latencyMs}`];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the lab exited (${code})`)));
  });
  const info = JSON.parse(line) as LabInfo;
  const caCertPem = readFileSync(info.caCertPath, 'utf8');
  const control = (method: string, area: string): Promise<{ byOperation?: Record<string, number> }> =>
    new Promise((resolve, reject) => {
      const req = https.request(`${info.endpoint}/_lab/${area}`, { method, ca: caCertPem, agent: false, headers: { authorization: `Bearer ${info.token}` } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { byOperation?: Record<string, number> }) : {}));
      });
      req.on('error', reject);
      req.end();
    });
  return {
    info,
    caCertPem,
    requests: async () => {
      await new Promise((r) => setTimeout(r, 100)); // the lab logs a request once it has answered it
      const { byOperation = {} } = await control('GET', 'counters');
      return Object.entries(byOperation).reduce((n, [op, c]) => (op === 'identity' || op.startsWith('lab.') ? n : n + c), 0);
    },
    reset: async () => {
      await control('POST', 'counters/reset');
    },
    stop: () => {
      child.kill('SIGTERM');
    },
  };
}

function vaultContext(lab: LabInfo, caCertPem: string): VaultContext {
  const cloud = resolveCloud('Custom', { resourceManagerEndpoint: lab.endpoint, caCertificatePem: caCertPem });
  const credential = createServicePrincipalCredential(cloud, { tenantId: lab.tenantId, clientId: lab.clientId, clientSecret: lab.clientSecret });
  return { credential, cloud, subscriptionId: lab.subscriptionId, vault: { subscriptionId: lab.subscriptionId, resourceGroup: lab.resourceGroup, vaultName: lab.vault } };
}

/** One raw GET, its JSON parsed; sent once more if the connection drops (as the SDK's retry would). */
async function getJson(url: string, caCertPem: string, token: string, agent: https.Agent): Promise<{ nextLink?: string | null }> {
  try {
    return await getJsonOnce(url, caCertPem, token, agent);
  } catch {
    return getJsonOnce(url, caCertPem, token, agent);
  }
}

function getJsonOnce(url: string, caCertPem: string, token: string, agent: https.Agent): Promise<{ nextLink?: string | null }> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca: caCertPem, agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`${url}: ${res.statusCode}`));
        else resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { nextLink?: string | null });
      });
    });
    req.on('error', reject);
  });
}

/** A paged list: each nextLink followed as soon as its page arrives. */
async function pagedList(url: string, get: (url: string) => Promise<{ nextLink?: string | null; value?: unknown[] }>): Promise<unknown[]> {
  const items: unknown[] = [];
  let next: string | null | undefined = url;
  while (next) {
    const page: { nextLink?: string | null; value?: unknown[] } = await get(next);
    items.push(...(page.value ?? []));
    next = page.nextLink;
  }
  return items;
}

/** The floor: the refresh's lists as raw paged GETs, every independent one at once. */
async function floor(lab: LabProcess, apiVersion: string, agent: https.Agent): Promise<void> {
  const get = (url: string): Promise<{ nextLink?: string | null; value?: unknown[] }> => getJson(url, lab.caCertPem, lab.info.token, agent);
  const { endpoint, subscriptionId, resourceGroup, vault: vaultName } = lab.info;
  const vault = `${endpoint}/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${vaultName}`;
  const list = (path: string): Promise<unknown[]> => pagedList(`${vault}/${path}?api-version=${apiVersion}`, get);
  const protectable = async (): Promise<void> => {
    const sites = (await list('replicationFabrics')) as { name: string; properties: { internalIdentifier: string } }[];
    await Promise.all(sites.map((s) => list(`replicationFabrics/${s.name}/replicationProtectionContainers/cloud_${s.properties.internalIdentifier}/replicationProtectableItems`)));
  };
  await Promise.all([protectable(), list('replicationRecoveryServicesProviders'), list('replicationProtectedItems'), list('replicationPolicies')]);
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

/** The requests the view needs: a page per 100 of each list (the recovery plans' too, issue 16), the protectable items not protected only. */
function needed(asr: AsrLists, sites: number): number {
  const pages = (n: number): number => Math.max(1, Math.ceil(n / PAGE));
  const unprotected = asr.protectableItems.filter((i) => i.properties?.protectionStatus !== 'Protected').length;
  return (
    pages(sites) +
    pages(asr.registeredHosts.length) +
    pages(asr.protectedItems.length) +
    pages(asr.policies.length) +
    pages(asr.recoveryPlans?.length ?? 0) +
    sites * pages(unprotected / Math.max(1, sites))
  );
}

async function benchSize(size: BenchSize, latencyMs: number, runs: number): Promise<void> {
  const lab = await startLabProcess(size, latencyMs);
  const agent = new https.Agent({ keepAlive: true });
  try {
    const vctx = vaultContext(lab.info, lab.caCertPem);
    const refresh = (previousAsr?: AsrLists): ReturnType<typeof refreshEstate> =>
      refreshEstate({ runner: unreachable, vctx }, { includeLocal: false, settingHosts: [], useActiveDirectory: false, ...(previousAsr ? { previousAsr } : {}) });
    // The first refresh signs in and warms up (untimed); its requests are counted (sign-in aside).
    await lab.reset();
    const first = await refresh();
    const requests = await lab.requests();
    const apiVersion = siteRecoveryClient(vctx).apiVersion;
    const asr = first.asr;
    if (!asr) throw new Error(`ASR was not read: ${first.warnings.join(' ')}`);
    const sites = await listHyperVSites(vctx);
    await lab.reset();
    await Promise.all(sites.map((s) => listContainers(vctx, s.name ?? '')));
    const before = requests + (await lab.requests());

    const floorMs: number[] = [];
    const refreshMs: number[] = [];
    for (let r = 0; r < runs; r++) {
      floorMs.push(await timed(() => floor(lab, apiVersion, agent)));
      refreshMs.push(await timed(() => refresh(asr)));
    }
    // A first refresh (no previous lists: the protectable items wait for the sites), timed once, for the reader.
    const firstMs = await timed(() => refresh());
    const best = { floor: Math.min(...floorMs) / 1000, refresh: Math.min(...refreshMs) / 1000 };
    const goal = needed(asr, sites.length);
    const s = (x: number): string => `${x.toFixed(2)} s`;
    process.stdout.write(
      `${size}: ${asr.protectableItems.length} VMs, ${asr.protectedItems.length} protected, ${asr.registeredHosts.length} hosts, ${sites.length} site(s) (container ${hyperVSiteContainerName(sites[0]) ?? '?'}), ${latencyMs} ms latency\n` +
        `  refresh ${s(best.refresh)}  floor ${s(best.floor)}  ratio ${formatRatio(best.refresh, best.floor)}  (best of ${runs}: refresh ${refreshMs.map((x) => s(x / 1000)).join(', ')}; floor ${floorMs.map((x) => s(x / 1000)).join(', ')})\n` +
        `  a first refresh (no previous lists) ${s(firstMs / 1000)}: ${formatRatio(firstMs / 1000, best.floor)} the floor\n` +
        `  requests ${requests} (before: ${before}; what the view needs: ${goal})\n`,
    );
    emitRow({
      row: 'estate refresh vs the floor',
      size,
      measured: s(best.refresh),
      baseline: `floor ${s(best.floor)}`,
      ratio: formatRatio(best.refresh, best.floor),
      goal: '≤ 1.2×',
      pass: best.refresh / best.floor <= 1.2,
    });
    emitRow({
      row: 'requests of a refresh',
      size,
      measured: `${requests} requests`,
      baseline: `before ${before}`,
      ratio: formatRatio(requests, before),
      goal: `≤ ${goal}`,
      pass: requests <= goal,
    });
  } finally {
    agent.destroy();
    lab.stop();
  }
}

async function main(): Promise<void> {
  const latencyMs = benchLatencyMs();
  const runs: Record<BenchSize, number> = { '1k': 5, '5k': 3, '20k': 2 };
  for (const size of benchSizes()) await benchSize(size, latencyMs, Number(process.env.BENCH_RUNS ?? runs[size]));
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${(e as Error).message}\n`);
  process.exit(1);
});
