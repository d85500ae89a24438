// What the Compute and Network page needs from the outside: the glue's callbacks and the Azure
// reads and write (the real ones by default, fakes in unit tests). Pure: no vscode.
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { ProtectedItemRef } from '../../model/armId';
import type { OfferedSize } from '../../model/computeNetworkRules';
import type { JobLike } from '../../model/jobSummary';
import { readIp, readSkus } from '../../readiness/readinessReads';
import { isFailure } from '../../readiness/readResults';
import type { AzureContext, VaultContext } from '../../services/azure/clients';
import { updateComputeAndNetwork, type ComputeNetworkChange } from '../../services/azure/computeAndNetwork';
import { getJob } from '../../services/azure/jobs';
import { listVirtualNetworks, type VirtualNetworkSummary } from '../../services/azure/networks';
import { getProtectedItem, listProtectedItems } from '../../services/azure/protection';

/** What the extension gives the page (the connection, the job tracker, the tree). */
export interface ComputeNetworkDeps {
  /** The connected vault; throws a sentence when there is none. */
  vaultContext(): Promise<VaultContext>;
  /** The vault's region: the target region of the VM (its networks and sizes). */
  vaultLocation?: string | undefined;
  /** A job was started: the status bar and the Jobs view follow it. */
  watchJob(jobName: string, vmName: string): void;
  /** Refreshes the tree after the update. */
  refresh(): Promise<void>;
  /** How often the page reads the job (default 5 s). */
  pollIntervalMs?: number;
}

/** CheckIPAddressAvailability's answer, or why it could not be read. */
export type IpAvailability = { available: boolean; availableIPAddresses: string[] } | { error: string };

export interface ComputeNetworkServices {
  getProtectedItem(vctx: VaultContext, ref: ProtectedItemRef): Promise<ReplicationProtectedItem>;
  /** The vault's protected items (the static IPs the other VMs ask for). */
  listProtectedItems(vctx: VaultContext): Promise<ReplicationProtectedItem[]>;
  listVirtualNetworks(ctx: AzureContext, filter: { location?: string }): Promise<VirtualNetworkSummary[]>;
  /** The region's VM sizes by lower-case name, or why they could not be read. */
  offeredSizes(ctx: AzureContext, location: string): Promise<ReadonlyMap<string, OfferedSize> | { error: string }>;
  checkIp(ctx: AzureContext, networkId: string, address: string): Promise<IpAvailability>;
  update(vctx: VaultContext, item: ReplicationProtectedItem, change: ComputeNetworkChange): Promise<{ jobName: string }>;
  getJob(vctx: VaultContext, jobName: string): Promise<JobLike>;
}

export const azureComputeNetworkServices: ComputeNetworkServices = {
  getProtectedItem: (vctx, ref) => getProtectedItem(vctx, ref),
  listProtectedItems: (vctx) => listProtectedItems(vctx),
  listVirtualNetworks: (ctx, filter) => listVirtualNetworks(ctx, filter),
  offeredSizes: (ctx, location) => readSkus(ctx, location),
  async checkIp(ctx, networkId, address) {
    const a = await readIp(ctx, networkId, address);
    return isFailure(a) ? a : { available: a.available, availableIPAddresses: [...a.others] };
  },
  update: (vctx, item, change) => updateComputeAndNetwork(vctx, item, change),
  getJob: (vctx, jobName) => getJob(vctx, jobName),
};
