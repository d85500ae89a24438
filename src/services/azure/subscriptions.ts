// Subscriptions, regions and resource groups.

import type { AzureContext } from './clients';
import { resourceClient, subscriptionClient } from './clients';
import { auditArmWrite, auditWrites } from './auditLog';
import { callAzure, InvalidInputError } from './errors';
import { collectAll } from './paging';

export interface SubscriptionSummary {
  id: string;
  subscriptionId: string;
  displayName: string;
  tenantId?: string;
  /** Enabled, Disabled, Warned, PastDue, Deleted. */
  state?: string;
}

export interface LocationSummary {
  /** Programmatic name, e.g. "westeurope". */
  name: string;
  displayName: string;
  regionalDisplayName?: string;
  geographyGroup?: string;
}

export interface ResourceGroupSummary {
  id: string;
  name: string;
  location: string;
}

function byName<T>(key: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => key(a).localeCompare(key(b), undefined, { sensitivity: 'base' });
}

export async function listSubscriptions(ctx: AzureContext): Promise<SubscriptionSummary[]> {
  const subs = await collectAll(subscriptionClient(ctx).subscriptions.list());
  return subs
    .filter((s) => typeof s.subscriptionId === 'string' && s.subscriptionId.length > 0)
    .map((s) => {
      const subscriptionId = s.subscriptionId ?? '';
      const summary: SubscriptionSummary = {
        id: s.id ?? `/subscriptions/${subscriptionId}`,
        subscriptionId,
        displayName: s.displayName ?? subscriptionId,
      };
      if (s.tenantId !== undefined) {
        summary.tenantId = s.tenantId;
      }
      if (s.state !== undefined) {
        summary.state = s.state;
      }
      return summary;
    })
    .sort(byName((s) => s.displayName));
}

/** Regions of the context's subscription; logical regions are left out when Azure says which ones they are. */
export async function listLocations(ctx: AzureContext): Promise<LocationSummary[]> {
  const locations = await collectAll(subscriptionClient(ctx).subscriptions.listLocations(ctx.subscriptionId));
  return locations
    .filter((l) => typeof l.name === 'string' && l.name.length > 0)
    .filter((l) => {
      const regionType = l.metadata?.regionType;
      return regionType === undefined || regionType.toLowerCase() === 'physical';
    })
    .map((l) => {
      const name = l.name ?? '';
      const summary: LocationSummary = { name, displayName: l.displayName ?? name };
      if (l.regionalDisplayName !== undefined) {
        summary.regionalDisplayName = l.regionalDisplayName;
      }
      if (l.metadata?.geographyGroup !== undefined) {
        summary.geographyGroup = l.metadata.geographyGroup;
      }
      return summary;
    })
    .sort(byName((l) => l.displayName));
}

export async function listResourceGroups(ctx: AzureContext): Promise<ResourceGroupSummary[]> {
  const groups = await collectAll(resourceClient(ctx).resourceGroups.list());
  return groups
    .filter((g) => typeof g.name === 'string' && g.name.length > 0)
    .map((g) => ({
      id: g.id ?? `/subscriptions/${ctx.subscriptionId}/resourceGroups/${g.name ?? ''}`,
      name: g.name ?? '',
      location: g.location,
    }))
    .sort(byName((g) => g.name));
}

/** ARM rule: 1-90 characters: letters, digits, underscores, parentheses, hyphens, periods; not ending in a period. */
export function validateResourceGroupName(name: string): string | undefined {
  if (name.length === 0 || name.length > 90) {
    return 'A resource group name must be 1 to 90 characters long.';
  }
  if (!/^[-\p{L}\p{N}_.()]+$/u.test(name)) {
    return 'A resource group name may contain only letters, digits, underscores, parentheses, hyphens and periods.';
  }
  if (name.endsWith('.')) {
    return 'A resource group name must not end with a period.';
  }
  return undefined;
}

/** A region name as ARM expects it ("westeurope"); rejects empty values. */
export function requireLocation(location: string): string {
  const value = location.trim();
  if (value.length === 0 || !/^[A-Za-z0-9 -]+$/.test(value)) {
    throw new InvalidInputError(`"${location}" is not an Azure region name (for example "westeurope").`, 'location');
  }
  return value;
}

export function createResourceGroup(ctx: AzureContext, name: string, location: string): Promise<ResourceGroupSummary> {
  return auditArmWrite(ctx, undefined, auditWrites.createResourceGroup(name), () => sendCreateResourceGroup(ctx, name, location));
}

async function sendCreateResourceGroup(ctx: AzureContext, name: string, location: string): Promise<ResourceGroupSummary> {
  const problem = validateResourceGroupName(name);
  if (problem !== undefined) {
    throw new InvalidInputError(problem, 'name');
  }
  const region = requireLocation(location);
  const group = await callAzure(() => resourceClient(ctx).resourceGroups.createOrUpdate(name, { location: region }));
  return {
    id: group.id ?? `/subscriptions/${ctx.subscriptionId}/resourceGroups/${name}`,
    name: group.name ?? name,
    location: group.location,
  };
}
