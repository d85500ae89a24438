// The ASR part of an estate refresh: the vault's lists (registered hosts, protected items, the
// sites' protectable items, policies), one paged list per kind (never a call per VM), and what is
// kept when they cannot be read.

import * as l10n from '@vscode/l10n';
import type { Fabric, Policy, ProtectableItem, ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { VaultContext } from '../services/azure/clients';
import { listContainers, listProtectableItems } from '../services/azure/containers';
import { listRegisteredHosts, type RegisteredHost } from '../services/azure/providers';
import { listProtectedItems } from '../services/azure/protection';
import { listPolicies } from '../services/azure/policies';
import { hyperVSiteContainerName, listHyperVSites } from '../services/azure/sites';
import type { CallOptions } from '../services/azure/paging';
import { armResourceName } from '../model/wireValues';

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The vault's lists a refresh reads from ASR. */
export interface AsrLists {
  registeredHosts: RegisteredHost[];
  protectedItems: ReplicationProtectedItem[];
  protectableItems: ProtectableItem[];
  /** The vault's replication policies (their copy frequency tells when a recovery point is late). */
  policies: Policy[];
}

/** ASR's lists a snapshot is built from. */
export type AsrItems = Omit<AsrLists, 'policies'>;

/**
 * What is kept of ASR's last successful read between refreshes (the store's): the registered
 * hosts; the VMs' facts are in the snapshot built from it (EstateInput.protections, protectables).
 */
export type KeptAsr = Pick<AsrLists, 'registeredHosts'>;

/**
 * The protectable items of every site, all sites at once. A site's container is named from the
 * site (`cloud_<internalIdentifier>`, hyperVSiteContainerName), so its items are listed as soon as
 * the sites are read; only a site without an internalIdentifier has its containers listed first.
 */
async function listSitesProtectableItems(vctx: VaultContext, sites: Fabric[], warnings: string[], call: CallOptions): Promise<ProtectableItem[]> {
  const perSite = await Promise.all(
    sites.map(async (site) => {
      // A site or container whose name cannot be read (neither its name nor its id) cannot be listed.
      const siteName = armResourceName(site);
      if (siteName === undefined) {
        warnings.push(l10n.t('Azure answered with a Hyper-V site that has no readable name, so its VMs that are not protected are not listed.'));
        return [];
      }
      const derived = hyperVSiteContainerName(site);
      if (derived !== undefined) return listProtectableItems(vctx, siteName, derived, call);
      const lists = (await listContainers(vctx, siteName, call)).map(async (container) => {
        const containerName = armResourceName(container);
        if (containerName === undefined) {
          warnings.push(l10n.t('Azure answered with a protection container of site {0} that has no readable name, so its VMs that are not protected are not listed.', siteName));
          return [];
        }
        return listProtectableItems(vctx, siteName, containerName, call);
      });
      return (await Promise.all(lists)).flat();
    }),
  );
  return perSite.flat();
}

/**
 * Reads ASR's lists (one paged list per kind, every one started at once; a site's protectable
 * items as soon as the sites are read); on a failure, what it said last time (with a warning
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
    const [hosts, items, protectable, policies] = await Promise.all([
      listRegisteredHosts(vctx, undefined, call),
      listProtectedItems(vctx, call),
      listHyperVSites(vctx, call).then((sites) => listSitesProtectableItems(vctx, sites, siteWarnings, call)),
      listPolicies(vctx, call),
    ]);
    warnings.push(...siteWarnings);
    const asr: AsrLists = { registeredHosts: hosts, protectedItems: items, protectableItems: protectable, policies };
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
