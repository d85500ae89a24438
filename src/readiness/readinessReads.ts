// The Azure reads of one readiness run (issue 15 §2), through the extension's SDK clients
// (services/azure/clients.ts): each distinct target resource group, network, subnet and storage
// account once (ARM GET: 404 → missing, any other error → its message), the region's resource
// SKUs and Compute usages once, and CheckIPAddressAvailability once per distinct static IP; at
// most `concurrency` requests at a time. Sources: docs/evidence/recovery-confidence.md §5, §6.

import type { ResourceSku } from '@azure/arm-compute';
import { tryParseArmId } from '../model/armId';
import { computeClient, networkClient, resourceClient, storageClient, type AzureContext } from '../services/azure/clients';
import { toAzureOperationError } from '../services/azure/errors';
import { sameLocation } from '../services/azure/location';
import type { ReadPlan } from './readPlan';
import type { Existence, IpAnswer, ReadFailure, ReadinessReadResults, SkuInfo, UsageInfo } from './readResults';

/** Requests in flight at once, by default. */
export const defaultReadConcurrency = 4;

/** Runs the tasks, at most `limit` at a time. */
async function inPool(tasks: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const task = tasks[next++];
      await task();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
}

/** An error's readable message (no stack, no token: services/azure/errors.ts). */
function failure(e: unknown): ReadFailure {
  return { error: toAzureOperationError(e).message };
}

/** The answer of a GET as an existence: a 404 is "missing" (a deleted subnet answers 404, evidence §6). */
async function existence(get: () => Promise<unknown>): Promise<Existence> {
  try {
    await get();
    return { kind: 'exists' };
  } catch (e) {
    const err = toAzureOperationError(e);
    return err.statusCode === 404 ? { kind: 'missing' } : { kind: 'error', message: err.message };
  }
}

/** The context for a resource's own subscription (a target may be in another one than the vault's). */
function contextFor(ctx: AzureContext, subscriptionId: string): AzureContext {
  return subscriptionId.toLowerCase() === ctx.subscriptionId.toLowerCase() ? ctx : { ...ctx, subscriptionId };
}

/** The GET that proves a resource of the plan exists, by its ARM id; undefined when the id is not one. */
function getterFor(ctx: AzureContext, kind: 'resourceGroup' | 'network' | 'subnet' | 'storageAccount', id: string): (() => Promise<unknown>) | undefined {
  const p = tryParseArmId(id);
  const rg = p?.resourceGroup;
  if (p === undefined || rg === undefined) return undefined;
  const c = contextFor(ctx, p.subscriptionId);
  const names = p.segments.map((s) => s.name);
  switch (kind) {
    case 'resourceGroup':
      return () => resourceClient(c).resourceGroups.get(rg);
    case 'network':
      return names[0] !== undefined ? () => networkClient(c).virtualNetworks.get(rg, names[0] ?? '') : undefined;
    case 'subnet':
      return names.length >= 2 ? () => networkClient(c).subnets.get(rg, names[0] ?? '', names[1] ?? '') : undefined;
    case 'storageAccount':
      return names[0] !== undefined ? () => storageClient(c).storageAccounts.getProperties(rg, names[0] ?? '') : undefined;
  }
}

/**
 * A VM size as the checks read it: resourceType virtualMachines, its family, its vCPUs (a string
 * capability, "vCPUs": "2" in ListAvailableResourceSkusForARegion.json) and a Location restriction
 * covering the region (restrictionInfo.locations, else values).
 */
export function skuInfo(sku: ResourceSku, location: string): SkuInfo | undefined {
  if (sku.resourceType?.toLowerCase() !== 'virtualmachines' || !sku.name) return undefined;
  const info: SkuInfo = { name: sku.name };
  if (sku.family) info.family = sku.family;
  const vCpus = Number(sku.capabilities?.find((c) => c.name === 'vCPUs')?.value);
  if (Number.isFinite(vCpus) && vCpus > 0) info.vCpus = vCpus;
  const restriction = sku.restrictions?.find((r) => r.type === 'Location' && [...(r.restrictionInfo?.locations ?? []), ...(r.values ?? [])].some((l) => sameLocation(l, location)));
  if (restriction) info.restriction = restriction.reasonCode ?? 'Location';
  return info;
}

export async function readSkus(ctx: AzureContext, location: string): Promise<ReadonlyMap<string, SkuInfo> | ReadFailure> {
  try {
    const out = new Map<string, SkuInfo>();
    // skus.json: "$filter … Only **location** filter is supported currently."
    for await (const sku of computeClient(ctx).resourceSkus.list({ filter: `location eq '${location}'` })) {
      const info = skuInfo(sku, location);
      if (info && !out.has(info.name.toLowerCase())) out.set(info.name.toLowerCase(), info);
    }
    return out;
  } catch (e) {
    return failure(e);
  }
}

async function readUsages(ctx: AzureContext, location: string): Promise<ReadonlyMap<string, UsageInfo> | ReadFailure> {
  try {
    const out = new Map<string, UsageInfo>();
    for await (const u of computeClient(ctx).usageOperations.list(location)) {
      const name = u.name.value;
      if (!name) continue;
      const info: UsageInfo = { name, current: u.currentValue, limit: u.limit };
      if (u.name.localizedValue) info.localizedName = u.name.localizedValue;
      out.set(name.toLowerCase(), info);
    }
    return out;
  } catch (e) {
    return failure(e);
  }
}

export async function readIp(ctx: AzureContext, networkId: string, address: string): Promise<IpAnswer | ReadFailure> {
  const p = tryParseArmId(networkId);
  const vnet = p?.segments[0]?.name;
  if (p?.resourceGroup === undefined || vnet === undefined) return { error: `'${networkId}' is not a virtual network id.` };
  try {
    const a = await networkClient(contextFor(ctx, p.subscriptionId)).virtualNetworks.checkIPAddressAvailability(p.resourceGroup, vnet, address);
    return { available: a.available === true, platformReserved: a.isPlatformReserved === true, others: a.availableIPAddresses ?? [] };
  } catch (e) {
    return failure(e);
  }
}

/** Performs a plan's reads; `location` is the region failovers go to (the vault's). */
export async function readForPlan(ctx: AzureContext, plan: ReadPlan, location: string | undefined, concurrency = defaultReadConcurrency): Promise<ReadinessReadResults> {
  const resources = new Map<string, Existence>();
  const ips = new Map<string, IpAnswer | ReadFailure>();
  const results: { -readonly [K in keyof ReadinessReadResults]: ReadinessReadResults[K] } = { resources, ips };
  if (location !== undefined) results.location = location;
  const tasks: (() => Promise<void>)[] = [];
  const kinds = [
    ['resourceGroup', plan.resourceGroups],
    ['network', plan.networks],
    ['subnet', plan.subnets],
    ['storageAccount', plan.storageAccounts],
  ] as const;
  for (const [kind, ids] of kinds) {
    for (const [key, id] of ids) {
      const get = getterFor(ctx, kind, id);
      tasks.push(async () => {
        resources.set(key, get ? await existence(get) : { kind: 'error', message: `'${id}' is not an Azure resource id.` });
      });
    }
  }
  for (const [key, { networkId, address }] of plan.ips) tasks.push(async () => void ips.set(key, await readIp(ctx, networkId, address)));
  if (plan.sizes && location !== undefined) {
    tasks.push(async () => void (results.skus = await readSkus(ctx, location)));
    tasks.push(async () => void (results.usages = await readUsages(ctx, location)));
  }
  await inPool(tasks, concurrency);
  return results;
}
