// Virtual networks and subnets: where failed-over (and test failover) VMs attach.

import type { Subnet } from '@azure/arm-network';
import { tryParseArmId } from '../../model/armId';
import type { AzureContext } from './clients';
import { networkClient } from './clients';
import { InvalidInputError } from './errors';
import { resourceGroupOf, sameLocation } from './location';
import { collectAll } from './paging';

export interface SubnetSummary {
  id: string;
  name: string;
  addressPrefix?: string;
}

export interface VirtualNetworkSummary {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  addressPrefixes: string[];
  subnets: SubnetSummary[];
}

function summarizeSubnet(s: Subnet): SubnetSummary {
  const summary: SubnetSummary = { id: s.id ?? '', name: s.name ?? '' };
  const prefix = s.addressPrefix ?? s.addressPrefixes?.[0];
  if (prefix !== undefined) {
    summary.addressPrefix = prefix;
  }
  return summary;
}

/** All virtual networks of the subscription (one paged call), optionally only those in a region. */
export async function listVirtualNetworks(ctx: AzureContext, filter: { location?: string } = {}): Promise<VirtualNetworkSummary[]> {
  const vnets = await collectAll(networkClient(ctx).virtualNetworks.listAll());
  return vnets
    .filter((v) => typeof v.id === 'string' && typeof v.name === 'string')
    .filter((v) => filter.location === undefined || sameLocation(v.location, filter.location))
    .map((v) => ({
      id: v.id ?? '',
      name: v.name ?? '',
      resourceGroup: resourceGroupOf(v.id),
      location: v.location ?? '',
      addressPrefixes: v.addressSpace?.addressPrefixes ?? [],
      subnets: (v.subnets ?? []).map(summarizeSubnet),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The resource group and name of a virtual network id (…/providers/Microsoft.Network/virtualNetworks/{name}). */
export function parseVirtualNetworkId(vnetId: string): { subscriptionId: string; resourceGroup: string; name: string } {
  const p = tryParseArmId(vnetId);
  const segment = p?.segments[0];
  if (
    p === undefined ||
    p.resourceGroup === undefined ||
    p.provider?.toLowerCase() !== 'microsoft.network' ||
    p.segments.length !== 1 ||
    segment === undefined ||
    segment.type.toLowerCase() !== 'virtualnetworks'
  ) {
    throw new InvalidInputError(`"${vnetId}" is not a virtual network id.`, 'networkId');
  }
  return { subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup, name: segment.name };
}

export async function listSubnets(ctx: AzureContext, vnetId: string): Promise<SubnetSummary[]> {
  const { subscriptionId, resourceGroup, name } = parseVirtualNetworkId(vnetId);
  const client = networkClient(subscriptionId === ctx.subscriptionId ? ctx : { ...ctx, subscriptionId });
  const subnets = await collectAll(client.subnets.list(resourceGroup, name));
  return subnets.map(summarizeSubnet).filter((s) => s.name.length > 0);
}
