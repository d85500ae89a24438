// The rules of a protected VM's Compute and Network settings (docs/evidence/compute-network.md):
// the target VM name, its size in the region, and each network adapter's static IP in its subnet.
// Pure: facts in, a refusal that says what to do (or undefined) out. The Compute and Network page
// and the service check with them before anything is sent; a later plan check uses the same ones.

import * as l10n from '@vscode/l10n';

/** An IPv4 address as a number (0 … 2^32-1), or undefined unless it is four decimal octets. */
export function parseIpv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (!m) return undefined;
  const octets = m.slice(1).map(Number);
  return octets.some((o) => o > 255) ? undefined : octets.reduce((n, o) => n * 256 + o, 0);
}

/** The first and last address of a CIDR prefix ("10.20.0.0/24"), or undefined. */
export function cidrBounds(prefix: string): { first: number; last: number } | undefined {
  const slash = prefix.indexOf('/');
  if (slash < 0) return undefined;
  const base = parseIpv4(prefix.slice(0, slash));
  const bits = Number(prefix.slice(slash + 1));
  if (base === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return undefined;
  const size = 2 ** (32 - bits);
  const first = base - (base % size);
  return { first, last: first + size - 1 };
}

/** Whether `address` lies inside the CIDR `prefix`. */
export function prefixContains(prefix: string | undefined, address: string): boolean {
  const bounds = prefix !== undefined ? cidrBounds(prefix) : undefined;
  const ip = parseIpv4(address);
  return bounds !== undefined && ip !== undefined && ip >= bounds.first && ip <= bounds.last;
}

/**
 * azure-docs virtual-network/virtual-networks-faq.md @004ec532: "Azure reserves 5 IP addresses within
 * each subnet. These are x.x.x.0-x.x.x.3 and the last address of the subnet."
 */
export function isAzureReserved(ip: number, bounds: { first: number; last: number }): boolean {
  return ip < bounds.first + 4 || ip === bounds.last;
}

/** A static IP another protected VM asks for (vmNics[].ipConfigs[].recoveryStaticIPAddress) in a network. */
export interface StaticIpClaim {
  vmName: string;
  networkId: string;
  address: string;
}

/** What a static IP is checked against. */
export interface StaticIpFacts {
  subnetName: string;
  /** The subnet's prefix (undefined: not known, the prefix checks are skipped). */
  subnetPrefix?: string | undefined;
  networkId: string;
  /** The static IPs the estate's other protected VMs ask for. */
  claims: readonly StaticIpClaim[];
  /** Network CheckIPAddressAvailability's answer, when it was read. */
  availability?: { available: boolean; availableIPAddresses?: string[] | undefined } | undefined;
}

/** Why `address` cannot be the adapter's static IP, with what to do; undefined when it can. */
export function staticIpProblem(address: string, facts: StaticIpFacts): string | undefined {
  const ip = parseIpv4(address);
  if (ip === undefined) return l10n.t('"{0}" is not an IPv4 address. Type four numbers from 0 to 255 separated by dots, for example 10.20.0.10.', address);
  const bounds = facts.subnetPrefix !== undefined ? cidrBounds(facts.subnetPrefix) : undefined;
  if (bounds !== undefined && (ip < bounds.first || ip > bounds.last)) {
    return l10n.t('{0} is not in the subnet {1} ({2}). Choose an address inside {2}, or another subnet.', address, facts.subnetName, facts.subnetPrefix ?? '');
  }
  if (bounds !== undefined && isAzureReserved(ip, bounds)) {
    return l10n.t('{0} is one of the five addresses Azure reserves in the subnet {1} (the first four and the last). Choose another address.', address, facts.subnetName);
  }
  const claim = facts.claims.find((c) => sameId(c.networkId, facts.networkId) && parseIpv4(c.address) === ip);
  if (claim) return l10n.t('{0} is already the failover address of the VM {1} in this network. Choose another address, or change {1} first.', address, claim.vmName);
  if (facts.availability && !facts.availability.available) {
    const others = facts.availability.availableIPAddresses ?? [];
    return others.length > 0
      ? l10n.t('{0} is in use in the subnet {1}. Free addresses include {2}.', address, facts.subnetName, others.join(', '))
      : l10n.t('{0} is in use in the subnet {1}. Choose a free address.', address, facts.subnetName);
  }
  return undefined;
}

/**
 * azure-docs site-recovery/hyper-v-azure-support-matrix.md: "VM name | Between 1 and 63 characters.
 * Restricted to letters, numbers, and hyphens. The VM name must start and end with a letter or
 * number."
 */
export function targetVmNameProblem(name: string): string | undefined {
  if (name.length === 0) return l10n.t('Give the Azure VM a name.');
  if (name.length > 63) return l10n.t('The Azure VM name has {0} characters; use at most 63.', name.length);
  if (/[^A-Za-z0-9-]/.test(name)) return l10n.t('The Azure VM name may contain only letters, digits and hyphens.');
  if (!/^[A-Za-z0-9].*[A-Za-z0-9]$|^[A-Za-z0-9]$/.test(name)) return l10n.t('The Azure VM name must start and end with a letter or digit.');
  return undefined;
}

/** A VM size as the region's resource SKUs offer it (src/readiness/readinessReads.ts skuInfo). */
export interface OfferedSize {
  name: string;
  restriction?: string | undefined;
}

/** Why `size` cannot be the target size in `region`: not a virtualMachines SKU there, or restricted. */
export function targetSizeProblem(size: string, offered: ReadonlyMap<string, OfferedSize>, region: string): string | undefined {
  const sku = offered.get(size.toLowerCase());
  if (!sku) return l10n.t('The size {0} is not offered in {1}. Choose one of the sizes listed for the region.', size, region);
  if (sku.restriction !== undefined)
    return l10n.t('The size {0} is restricted in {1} ({2}). Choose another size, or ask Microsoft support to lift the restriction.', sku.name, region, sku.restriction);
  return undefined;
}

function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
