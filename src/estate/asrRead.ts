// The ASR part of an estate refresh: the vault's lists (registered hosts, protected items, the
// sites' protectable items, policies), one paged list per kind (never a call per VM), and what is
// kept when they cannot be read.

import * as l10n from '@vscode/l10n';
import type { Policy, ProtectableItem, ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { ProtectedItemRef } from '../model/armId';
import type { RecoveryPlanSummary } from '../model/recoveryPlan';
import type { VaultContext } from '../services/azure/clients';
import type { CallOptions } from '../services/azure/paging';
import { listRegisteredHosts, type RegisteredHost } from '../services/azure/providers';
import { getProtectedItem, listProtectedItems } from '../services/azure/protection';
import { listPolicies } from '../services/azure/policies';
import { listRecoveryPlans } from '../services/azure/recoveryPlans';
import { listHyperVSites } from '../services/azure/sites';
import { readSitesProtectableItems, type SiteKey } from './siteProtectables';

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The vault's lists a refresh reads from ASR. */
export interface AsrLists {
  registeredHosts: RegisteredHost[];
  protectedItems: ReplicationProtectedItem[];
  /** When `protectedItems` were read (the end of the list call): their VMs' RPO holds as of then (model/recoveryFacts.ts). */
  protectedItemsReadAt?: Date;
  protectableItems: ProtectableItem[];
  /** The vault's replication policies (their copy frequency tells when a recovery point is late). */
  policies: Policy[];
  /**
   * The vault's Hyper-V sites as this read found them (name and container): the next refresh
   * lists their protectable items while it reads the sites again (siteProtectables.ts).
   */
  sites?: SiteKey[];
  /** The vault's recovery plans (one list per refresh); undefined when they could not be read (the tree says so). */
  recoveryPlans?: RecoveryPlanSummary[];
}

/** ASR's lists a snapshot is built from. */
export type AsrItems = Omit<AsrLists, 'policies' | 'sites' | 'recoveryPlans'>;

/**
 * What is kept of ASR's last successful read between refreshes (the store's): the registered
 * hosts, and the sites (the next refresh lists their protectable items at once); the VMs' facts are
 * in the snapshot built from it (EstateInput.protections, protectables).
 */
export type KeptAsr = Pick<AsrLists, 'registeredHosts' | 'sites'>;

/** What the store keeps of a successful read: the KeptAsr part and the policies, not the item lists (issue 14: memory). */
export type StoredAsr = KeptAsr & Pick<AsrLists, 'policies'>;

/** The StoredAsr of a successful read. */
export function keptOf(asr: AsrLists): StoredAsr {
  return { registeredHosts: asr.registeredHosts, policies: asr.policies, ...(asr.sites ? { sites: asr.sites } : {}) };
}

/**
 * The vault's recovery plans (one paged list, beside the other lists): a failure to read them
 * does not fail the read of the VMs' protection; it is a warning, and the plans show as not read.
 */
async function readRecoveryPlans(vctx: VaultContext, call: CallOptions, warnings: string[]): Promise<RecoveryPlanSummary[] | undefined> {
  try {
    return await listRecoveryPlans(vctx, call);
  } catch (e) {
    call.signal?.throwIfAborted();
    warnings.push(l10n.t('The recovery plans could not be read: {0}', message(e)));
    return undefined;
  }
}

/**
 * The vault's protected items (one paged list) and when they were read: the end of the call, as
 * of which their VMs' RPO holds (issue 15; EstateInput.protectedItemsReadAt).
 */
export async function readProtectedItems(vctx: VaultContext, call?: CallOptions): Promise<{ items: ReplicationProtectedItem[]; readAt: Date }> {
  const items = await listProtectedItems(vctx, call);
  return { items, readAt: new Date() };
}

/** One protected item (a GET) and when it was read, as readProtectedItems. */
export async function readProtectedItem(vctx: VaultContext, ref: ProtectedItemRef): Promise<{ item: ReplicationProtectedItem; readAt: Date }> {
  const item = await getProtectedItem(vctx, ref);
  return { item, readAt: new Date() };
}

/**
 * Reads ASR's lists (one paged list per kind, every one started at once; a site's protectable
 * items as soon as the sites are read, or at once for the sites `previousAsr` found); on a failure, what it said last time (with a warning
 * saying so), else nothing. Aborting `signal` ends the requests in flight and throws.
 */
export async function readAsr(
  vctx: VaultContext,
  previousAsr: KeptAsr | undefined,
  warnings: string[],
  signal: AbortSignal | undefined,
): Promise<{ items: AsrItems; asr?: AsrLists; failed?: true; kept?: true }> {
  const call = { signal };
  // The sites' warnings count only when the whole read succeeds (a failed read says why instead).
  const siteWarnings: string[] = [];
  try {
    const [hosts, items, protectable, policies, recoveryPlans] = await Promise.all([
      listRegisteredHosts(vctx, undefined, call),
      readProtectedItems(vctx, call),
      readSitesProtectableItems(vctx, listHyperVSites(vctx, call), previousAsr?.sites, siteWarnings, signal),
      listPolicies(vctx, call),
      readRecoveryPlans(vctx, call, siteWarnings),
    ]);
    warnings.push(...siteWarnings);
    const asr: AsrLists = {
      registeredHosts: hosts,
      protectedItems: items.items,
      protectedItemsReadAt: items.readAt,
      protectableItems: protectable.items,
      policies,
      sites: protectable.sites,
      ...(recoveryPlans ? { recoveryPlans } : {}),
    };
    return { items: asr, asr };
  } catch (e) {
    // A cancelled refresh ends here: it is not a failure to read ASR.
    signal?.throwIfAborted();
    if (previousAsr) {
      // A passing failure (throttling past the retries, a dropped connection) must not turn
      // every VM into "Not protected": keep what ASR said last time, and say so.
      warnings.push(l10n.t('Azure Site Recovery could not be read just now, so the protection states shown are from the last successful read: {0}', message(e)));
      // The items themselves are not kept: the snapshot of that read carries the VMs' facts (refresh.ts).
      return { items: { registeredHosts: previousAsr.registeredHosts, protectedItems: [], protectableItems: [] }, kept: true };
    }
    warnings.push(l10n.t('Azure Site Recovery could not be read, so protection states are not shown: {0}', message(e)));
    return { items: { registeredHosts: [], protectedItems: [], protectableItems: [] }, failed: true };
  }
}
