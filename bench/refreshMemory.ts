/**
 * Benchmark (issue 14 row "memory kept after a refresh"): the heap the estate store retains after a
 * full refresh against the lab (its generated scale scenarios, 1k, 5k and 20k VMs, BENCH_SIZES;
 * BENCH_LATENCY_MS of added latency; the lab in a process of its own, bench/labProcess.ts), beside
 * what the store kept before in the same run: the refresh's snapshot and ASR's lists as read
 * (refreshEstate's `snapshot` and `asr`, the SDK's protected and protectable items among them).
 * Each figure is heapUsed after gc() with the object held, minus heapUsed after gc() once it is let
 * go (so the caches a refresh fills, the sign-in's token, the SDK clients, are not counted). No
 * Hyper-V host is reachable (the VMs come from ASR's lists), as in bench/estateRefresh.ts.
 * Goal: < 15 MB at 5,000 VMs (and at 1,000); at 20,000 linear (≤ 5× the 5k figure).
 * Run: npm run bench:memory
 */
import './vscodeStub';
import { EstateStore } from '../src/estate/store';
import { refreshEstate, type EstateRefreshDeps } from '../src/estate/refresh';
import { resolveCloud } from '../src/services/azure/cloud';
import { createServicePrincipalCredential } from '../src/services/azure/credentials';
import { HyperVError } from '../src/services/hyperv/errors';
import { startLabProcess } from './labProcess';
import { heapAfterGc } from './heap';
import { emitRow, formatRatio } from './row';
import { benchLatencyMs, benchSizes, scaleScenario, type BenchSize } from './scenarios';

/** MB that what `make` resolves to retains: heapUsed with it, minus heapUsed once it is let go. */
async function retainedMb(make: () => Promise<object>): Promise<number> {
  const holder: { kept?: object } = {};
  // Filled in a function of its own: no frame of this one holds the value awaited.
  await (async (): Promise<void> => {
    holder.kept = await make();
  })();
  const withIt = heapAfterGc();
  if (holder.kept === undefined) throw new Error('nothing was kept');
  delete holder.kept;
  return (withIt - heapAfterGc()) / 1024 ** 2;
}

const options = (): { includeLocal: boolean; settingHosts: string[]; useActiveDirectory: boolean } => ({ includeLocal: false, settingHosts: [], useActiveDirectory: false });

async function measure(size: BenchSize): Promise<{ storeMb: number; formerMb: number; vms: number }> {
  const lab = await startLabProcess(scaleScenario(size), `latency=${benchLatencyMs()}`);
  try {
    const { info } = lab;
    const cloud = resolveCloud('Custom', { resourceManagerEndpoint: info.endpoint, caCertificatePem: lab.caCertPem });
    const credential = createServicePrincipalCredential(cloud, { tenantId: info.tenantId, clientId: info.clientId, clientSecret: info.clientSecret });
    const vault = { subscriptionId: info.subscriptionId, resourceGroup: info.resourceGroup, vaultName: info.vault };
    const deps: EstateRefreshDeps = {
      runner: { run: () => Promise.reject(new HyperVError('HostUnreachable', 'The benchmark probes no host.')) },
      vctx: { credential, cloud, subscriptionId: info.subscriptionId, vault },
    };
    let vms = 0;
    // What the store kept before: the snapshot and ASR's lists of the last read.
    const formerMb = await retainedMb(async () => {
      const { snapshot, asr } = await refreshEstate(deps, options());
      vms = snapshot.counts.vms;
      return { snapshot, asr };
    });
    const storeMb = await retainedMb(async () => {
      const store = new EstateStore(() => Promise.resolve(deps), options);
      await store.refresh();
      return store;
    });
    return { storeMb, formerMb, vms };
  } finally {
    await lab.stop();
  }
}

async function main(): Promise<void> {
  let fiveK: number | undefined;
  for (const size of benchSizes()) {
    const { storeMb, formerMb, vms } = await measure(size);
    console.log(`${size} (${vms} VMs): the store keeps ${storeMb.toFixed(1)} MB after a refresh (before: the snapshot and ASR's lists, ${formerMb.toFixed(1)} MB)`);
    const judged =
      size === '20k' && fiveK !== undefined
        ? { goal: 'linear: ≤ 5× the 5k figure', pass: storeMb <= 5 * fiveK }
        : { goal: `< 15 MB${size === '5k' ? '' : ' (the 5k goal)'}`, pass: storeMb < 15 };
    emitRow({
      row: 'memory kept after a refresh',
      size,
      measured: `${storeMb.toFixed(1)} MB`,
      baseline: `before ${formerMb.toFixed(1)} MB`,
      ratio: formatRatio(storeMb, formerMb),
      ...judged,
    });
    if (size === '5k') fiveK = storeMb;
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
