// The protectable items of the vault's Hyper-V sites, as a refresh reads them: each site's list
// under the container named from the site (its containers listed when ASR does not know that
// name), every site at once, and, from the second refresh on, started together with the sites
// list from the sites the previous refresh found (a site that is gone or changed is read again).

import * as l10n from '@vscode/l10n';
import type { Fabric, ProtectableItem, ProtectionContainer } from '@azure/arm-recoveryservices-siterecovery';
import type { VaultContext } from '../services/azure/clients';
import { listContainers, listProtectableItems } from '../services/azure/containers';
import { AzureOperationError } from '../services/azure/errors';
import type { CallOptions } from '../services/azure/paging';
import { hyperVSiteContainerName } from '../services/azure/sites';
import { armResourceName } from '../model/wireValues';

/**
 * What a site's protectable items are read by: the site's name and the container named from its
 * internalIdentifier (absent when the site has none: its containers are listed). Two sites with
 * the same key are read by the same requests.
 */
export interface SiteKey {
  name: string;
  container?: string;
}

/** A site's protectable items and what the user should know of them. */
interface SiteRead {
  items: ProtectableItem[];
  warnings: string[];
}

function keyText(key: SiteKey): string {
  return `${key.name.toLowerCase()}\n${key.container ?? ''}`;
}

/** The key of a site, or undefined when its name cannot be read (neither its name nor its id). */
export function siteKeyOf(site: Fabric): SiteKey | undefined {
  const name = armResourceName(site);
  if (name === undefined) return undefined;
  const container = hyperVSiteContainerName(site);
  return container !== undefined ? { name, container } : { name };
}

/**
 * ASR refused a list under a container it does not know. The REST spec gives no error for it and
 * no recording shows one; ARM answers a missing resource with 404 ResourceNotFound, and ASR has
 * answered a missing fabric with 400 BadRequest (Azure/azure-rest-api-specs issue 12759: "the
 * Site Recovery Fabric API returns a 400, rather than a 404 when a Fabric does not exist"), so
 * both are taken as "maybe not found" and the site's containers are listed to find out.
 */
function maybeMissingContainer(e: unknown): boolean {
  return e instanceof AzureOperationError && (e.statusCode === 404 || e.statusCode === 400);
}

async function readContainers(vctx: VaultContext, siteName: string, containers: ProtectionContainer[], call: CallOptions): Promise<SiteRead> {
  const warnings: string[] = [];
  const lists = containers.map(async (container) => {
    const containerName = armResourceName(container);
    if (containerName === undefined) {
      warnings.push(l10n.t('Azure answered with a protection container of site {0} that has no readable name, so its VMs that are not protected are not listed.', siteName));
      return [];
    }
    return listProtectableItems(vctx, siteName, containerName, call);
  });
  return { items: (await Promise.all(lists)).flat(), warnings };
}

/**
 * A site's protectable items: listed under the container named from the site; when ASR does not
 * know that container (its list answers 404 or 400), or the site has no internalIdentifier, the
 * site's containers are listed and each one's items read. If the site's containers include the
 * named one after all, the list's error was not about its name and is thrown.
 */
export async function readSiteProtectableItems(vctx: VaultContext, key: SiteKey, call: CallOptions): Promise<SiteRead> {
  const named = key.container;
  if (named === undefined) return readContainers(vctx, key.name, await listContainers(vctx, key.name, call), call);
  try {
    return { items: await listProtectableItems(vctx, key.name, named, call), warnings: [] };
  } catch (e) {
    if (!maybeMissingContainer(e)) throw e;
    const containers = await listContainers(vctx, key.name, call);
    if (containers.some((c) => armResourceName(c)?.toLowerCase() === named.toLowerCase())) throw e;
    return readContainers(vctx, key.name, containers, call);
  }
}

/** A read started ahead of the sites list, and how to stop it if the site is gone or changed. */
interface ReadAhead {
  read: Promise<SiteRead>;
  stop: AbortController;
}

function startAhead(vctx: VaultContext, key: SiteKey, signal: AbortSignal | undefined): ReadAhead {
  const stop = new AbortController();
  if (signal?.aborted === true) stop.abort(signal.reason);
  else signal?.addEventListener('abort', () => stop.abort(signal.reason), { once: true });
  const read = readSiteProtectableItems(vctx, key, { signal: stop.signal });
  read.catch(() => undefined); // seen when the site is read with it, else dropped
  return { read, stop };
}

/**
 * The protectable items of every site in `sites` (the sites list, under way), all sites at once.
 * The sites the previous refresh found (`previous`) are read at once, beside the sites list; when
 * it answers, a site with the same name and container uses that read, any other site is read
 * then, and the reads of sites no longer listed (or changed) are stopped and dropped.
 */
export async function readSitesProtectableItems(
  vctx: VaultContext,
  sites: Promise<Fabric[]>,
  previous: readonly SiteKey[] | undefined,
  warnings: string[],
  signal: AbortSignal | undefined,
): Promise<{ items: ProtectableItem[]; sites: SiteKey[] }> {
  const ahead = new Map<string, ReadAhead>();
  for (const key of previous ?? []) if (!ahead.has(keyText(key))) ahead.set(keyText(key), startAhead(vctx, key, signal));
  const stopAhead = (): void => {
    for (const a of ahead.values()) a.stop.abort();
    ahead.clear();
  };
  let listed: Fabric[];
  try {
    listed = await sites;
  } catch (e) {
    stopAhead();
    throw e;
  }
  const keys: SiteKey[] = [];
  const reads: Promise<SiteRead>[] = [];
  for (const site of listed) {
    const key = siteKeyOf(site);
    if (key === undefined) {
      warnings.push(l10n.t('Azure answered with a Hyper-V site that has no readable name, so its VMs that are not protected are not listed.'));
      continue;
    }
    keys.push(key);
    const started = ahead.get(keyText(key));
    ahead.delete(keyText(key));
    reads.push(started?.read ?? readSiteProtectableItems(vctx, key, { signal }));
  }
  stopAhead();
  const perSite = await Promise.all(reads);
  for (const r of perSite) warnings.push(...r.warnings);
  return { items: perSite.flatMap((r) => r.items), sites: keys };
}
