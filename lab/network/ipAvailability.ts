/**
 * Private IP availability in a virtual network, as VirtualNetworks_CheckIPAddressAvailability answers
 * it (docs/evidence/recovery-confidence.md §6): the 5 addresses Azure reserves in each subnet, the
 * addresses of the NICs the lab knows, and a few free ones. IPv4 only. Pure.
 */
import type { VirtualNetworkState } from '../state';

/** How many free addresses an answer suggests (the spec example lists five). */
const suggestions = 5;

export function ipv4ToNumber(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function numberToIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** The first and last address of a CIDR prefix (`10.0.1.0/24`), or undefined when it is not one. */
export function prefixRange(prefix: string): { first: number; last: number } | undefined {
  const [ip, bits] = prefix.split('/');
  const base = ipv4ToNumber(ip ?? '');
  const length = Number(bits);
  if (base === undefined || !Number.isInteger(length) || length < 0 || length > 32) return undefined;
  const size = 2 ** (32 - length);
  const first = Math.floor(base / size) * size;
  return { first, last: first + size - 1 };
}

/**
 * azure-docs virtual-network/virtual-networks-faq.md @004ec532: "Azure reserves 5 IP addresses within
 * each subnet. These are x.x.x.0-x.x.x.3 and the last address of the subnet." ("x.x.x.0: Network
 * address", "x.x.x.1: Reserved by Azure for the default gateway", "x.x.x.2, x.x.x.3: Reserved by Azure
 * to map the Azure DNS IPs to the VNet space", "x.x.x.255: Network broadcast address").
 */
export function isPlatformReserved(address: number, range: { first: number; last: number }): boolean {
  return address - range.first <= 3 || address === range.last;
}

/**
 * The answer to `CheckIPAddressAvailability?ipAddress=…` (IPAddressAvailabilityResult: `available`,
 * `availableIPAddresses` "Contains other available private IP addresses if the asked for address is
 * taken", `isPlatformReserved`). SPEC-EX VirtualNetworkCheckIPAddressAvailability.json @0d881d21:
 * `{"available": false, "availableIPAddresses": ["10.0.1.5","10.0.1.6","10.0.1.7","10.0.1.8","10.0.1.9"]}`.
 * The check is scoped to the VNet; the subnet is the one whose prefix holds the address. An address in
 * no subnet answers `available: false` with no suggestion: UNVERIFIED (the lab's own).
 */
export function checkIpAddress(vnet: VirtualNetworkState, ip: number): { available: boolean; availableIPAddresses?: string[]; isPlatformReserved?: boolean } {
  for (const subnet of vnet.subnets) {
    const range = prefixRange(subnet.addressPrefix);
    if (!range || ip < range.first || ip > range.last) continue;
    const used = new Set((subnet.usedAddresses ?? []).map(ipv4ToNumber).filter((n): n is number => n !== undefined));
    const free = (n: number): boolean => !isPlatformReserved(n, range) && !used.has(n);
    const reserved = isPlatformReserved(ip, range);
    if (!reserved && !used.has(ip)) return { available: true };
    const others: string[] = [];
    for (let n = ip + 1; n <= range.last && others.length < suggestions; n++) if (free(n)) others.push(numberToIpv4(n));
    for (let n = range.first; n < ip && others.length < suggestions; n++) if (free(n)) others.push(numberToIpv4(n));
    return reserved ? { available: false, availableIPAddresses: others, isPlatformReserved: true } : { available: false, availableIPAddresses: others };
  }
  return { available: false, availableIPAddresses: [] };
}
