/**
 * Benchmark: reading the protection state of the whole estate on the scale scenario (200 hosts,
 * 5,000 VMs), with 20 ms of added latency per request, measured side by side in one run:
 *   paged  — what the service layer does: one vault-wide paged list (listProtectedItems);
 *   per VM — the naive way: one GET per protected item (timed on a sample, then per item).
 * Prints requests and milliseconds per protected item for each, and their ratio.
 * Run: npm run bench
 */
import { resolveCloud } from '../src/services/azure/cloud';
import { createServicePrincipalCredential } from '../src/services/azure/credentials';
import type { VaultContext } from '../src/services/azure/clients';
import { getProtectedItem, listProtectedItems } from '../src/services/azure/protection';
import { parseProtectedItemId } from '../src/model/armId';
import { startLab } from '../lab/index';

async function main(): Promise<void> {
  const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? '20');
  const sample = Number(process.env.BENCH_SAMPLE ?? '200');
  const lab = await startLab({ scenario: 'scale', speed: 10, faults: `latency=${latencyMs}` });
  try {
    const cloud = resolveCloud('Custom', { resourceManagerEndpoint: lab.endpoint, caCertificatePem: lab.caCertPem });
    const credential = createServicePrincipalCredential(cloud, { tenantId: lab.tenantId, clientId: lab.clientId, clientSecret: lab.clientSecret });
    const v: VaultContext = {
      credential,
      cloud,
      subscriptionId: lab.subscriptionId,
      vault: { subscriptionId: lab.subscriptionId, resourceGroup: lab.resourceGroup, vaultName: lab.vault },
    };
    await listProtectedItems(v); // warm up: sign-in, TLS, JIT

    lab.log.reset();
    let t = performance.now();
    const items = await listProtectedItems(v);
    const pagedMs = performance.now() - t;
    const pagedRequests = lab.log.count();

    const ids = items.slice(0, sample).map((i) => parseProtectedItemId(i.id!));
    lab.log.reset();
    t = performance.now();
    for (const ref of ids) await getProtectedItem(v, ref);
    const perVmMs = performance.now() - t;
    const perVmRequests = lab.log.count();

    const n = items.length;
    const pagedPerItem = pagedMs / n;
    const perVmPerItem = perVmMs / ids.length;
    const rows = [
      ['protected items', String(n)],
      ['added latency per request', `${latencyMs} ms`],
      ['paged list: requests', `${pagedRequests} (${(pagedRequests / n).toFixed(3)} per item)`],
      ['paged list: time', `${pagedMs.toFixed(0)} ms (${pagedPerItem.toFixed(2)} ms per item)`],
      [`per-VM GET (sample of ${ids.length}): requests`, `${perVmRequests} (${(perVmRequests / ids.length).toFixed(3)} per item)`],
      [`per-VM GET (sample of ${ids.length}): time`, `${perVmMs.toFixed(0)} ms (${perVmPerItem.toFixed(2)} ms per item)`],
      ['per-VM / paged, requests per item', `${(perVmRequests / ids.length / (pagedRequests / n)).toFixed(1)}x`],
      ['per-VM / paged, time per item', `${(perVmPerItem / pagedPerItem).toFixed(1)}x`],
    ];
    for (const [k, val] of rows) process.stdout.write(`${k.padEnd(46)} ${val}\n`);
  } finally {
    await lab.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${(e as Error).message}\n`);
  process.exit(1);
});
