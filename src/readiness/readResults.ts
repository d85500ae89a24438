// What one readiness run read from Azure (src/readiness/readinessReads.ts), reduced to the facts
// the checks judge (src/readiness/checks.ts): which target resources exist, the VM sizes offered in
// the region, its vCPU usages, and the answers on static IPs. Pure, no SDK types.

/** Whether a resource exists: its GET answered, answered 404, or failed otherwise (message: ARM's). */
export type Existence = { kind: 'exists' } | { kind: 'missing' } | { kind: 'error'; message: string };

/** A VM size as the resource SKUs list gives it for the region (resourceType virtualMachines). */
export interface SkuInfo {
  /** The size's name as Azure spells it, e.g. "Standard_D2s_v3". */
  name: string;
  /** ResourceSku.family, e.g. "standardDSv3Family" (the usage name of its quota). */
  family?: string;
  /** capabilities[name="vCPUs"].value, a string on the wire. */
  vCpus?: number;
  /** The reasonCode of a Location restriction covering the region, when there is one ("NotAvailableForSubscription"). */
  restriction?: string;
}

/** One Compute usage of the region (Usage_List): e.g. `cores` or `standardDSv3Family`. */
export interface UsageInfo {
  name: string;
  localizedName?: string;
  current: number;
  limit: number;
}

/** The answer to CheckIPAddressAvailability for one address. */
export interface IpAnswer {
  available: boolean;
  platformReserved: boolean;
  /** availableIPAddresses: "Contains other available private IP addresses if the asked for address is taken". */
  others: readonly string[];
}

/** A read that failed (not a 404 where one means "missing"): ARM's message. */
export interface ReadFailure {
  error: string;
}

export interface ReadinessReadResults {
  /** The region the failover goes to (the vault's location); undefined when unknown. */
  location?: string;
  /** Existence by lower-case ARM id (resource groups, networks, subnets, storage accounts). */
  resources: ReadonlyMap<string, Existence>;
  /** The VM sizes offered in the region, by lower-case name; or why they could not be read. */
  skus?: ReadonlyMap<string, SkuInfo> | ReadFailure;
  /** The region's vCPU usages, by lower-case usage name; or why they could not be read. */
  usages?: ReadonlyMap<string, UsageInfo> | ReadFailure;
  /** Static IP answers by ipKey(networkId, address). */
  ips: ReadonlyMap<string, IpAnswer | ReadFailure>;
}

export function isFailure<T>(value: T | ReadFailure | undefined): value is ReadFailure {
  return typeof value === 'object' && value !== null && 'error' in value;
}

/** The key of a static IP's answer. */
export function ipKey(networkId: string, address: string): string {
  return `${networkId.toLowerCase()}|${address}`;
}

/** The ARM id of a subnet of a network. */
export function subnetId(networkId: string, subnet: string): string {
  return `${networkId.replace(/\/+$/, '')}/subnets/${subnet}`;
}

/** The key of an ARM id in `resources`. */
export function resourceKey(id: string): string {
  return id.replace(/\/+$/, '').toLowerCase();
}
