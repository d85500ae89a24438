// One refresh of the estate: find the hosts (local machine, setting, Active Directory, vault),
// probe each over PowerShell (host facts and VM inventory), read ASR with one paged list per kind
// (never a call per VM), and merge it all into the snapshot the views read (estate.ts).

import * as l10n from '@vscode/l10n';
import type { Policy, ProtectableItem, ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { VaultContext } from '../services/azure/clients';
import { listContainers, listProtectableItems } from '../services/azure/containers';
import { listRegisteredHosts, type RegisteredHost } from '../services/azure/providers';
import { listProtectedItems } from '../services/azure/protection';
import { listPolicies } from '../services/azure/policies';
import { listHyperVSites } from '../services/azure/sites';
import { armResourceName } from '../model/wireValues';
import { buildEstateSnapshot, type EstateSnapshot, type HostProbe } from '.';
import { collectHostSources, findHostsInActiveDirectory, type DiscoveredHostName } from '../services/hyperv/discovery';
import type { ScriptRunner } from '../services/hyperv/powershellRunner';
import type { HyperVCredential } from '../services/hyperv/target';
import { cancelled, message, probeLocal, probeRemoteHosts, type HostProbed } from './hostProbes';

export interface EstateRefreshDeps {
  runner: ScriptRunner;
  /** The connected vault; absent before the user connects (the estate then shows Hyper-V only). */
  vctx?: VaultContext;
  /** Credentials for a remote host (from SecretStorage), when the user gave some. */
  credentialsFor?: (host: string) => Promise<HyperVCredential | undefined>;
}

export interface EstateRefreshOptions {
  includeLocal: boolean;
  settingHosts: readonly string[];
  useActiveDirectory: boolean;
  previous?: EstateSnapshot;
  /** What ASR said at the last successful read: kept when ASR cannot be read now. */
  previousAsr?: AsrLists;
  /** Probe only these hosts (names or FQDNs); the others keep what `previous` knew. */
  onlyHosts?: readonly string[];
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Remote hosts probed at once (default 1; the azureSiteRecovery.hyperV.probeConcurrency setting). */
  probeConcurrency?: number;
  /** Hears of each remote host's probe as it answers, before the refresh ends (e.g. to show it at once). */
  onHostProbed?: (probed: HostProbed) => void;
  now?: () => Date;
}

/** The vault's lists a refresh reads from ASR. */
export interface AsrLists {
  registeredHosts: RegisteredHost[];
  protectedItems: ReplicationProtectedItem[];
  protectableItems: ProtectableItem[];
  /** The vault's replication policies (their copy frequency tells when a recovery point is late). */
  policies: Policy[];
}

export interface EstateRefreshResult {
  snapshot: EstateSnapshot;
  /** ASR's lists as read by this refresh (absent when ASR was not read or could not be). */
  asr?: AsrLists;
  /** Things the user should know that did not stop the refresh (shown once, not as errors). */
  warnings: string[];
}

/** ASR's lists a snapshot is built from. */
type AsrItems = Omit<AsrLists, 'policies'>;

/**
 * Reads ASR's lists (one paged list per kind); on a failure, what it said last time (with a
 * warning saying so), else nothing. Aborting `signal` ends the requests in flight and throws.
 */
async function readAsr(
  vctx: VaultContext,
  previousAsr: AsrLists | undefined,
  warnings: string[],
  signal: AbortSignal | undefined,
): Promise<{ items: AsrItems; asr?: AsrLists; failed?: true }> {
  const call = { signal };
  try {
    const [hosts, items, sites, policies] = await Promise.all([
      listRegisteredHosts(vctx, undefined, call),
      listProtectedItems(vctx, call),
      listHyperVSites(vctx, call),
      listPolicies(vctx, call),
    ]);
    const protectable: ProtectableItem[] = [];
    // A site or container whose name cannot be read (neither its name nor its id) cannot be listed.
    for (const site of sites) {
      const siteName = armResourceName(site);
      if (siteName === undefined) {
        warnings.push(l10n.t('Azure answered with a Hyper-V site that has no readable name, so its VMs that are not protected are not listed.'));
        continue;
      }
      for (const container of await listContainers(vctx, siteName, call)) {
        const containerName = armResourceName(container);
        if (containerName === undefined) {
          warnings.push(l10n.t('Azure answered with a protection container of site {0} that has no readable name, so its VMs that are not protected are not listed.', siteName));
          continue;
        }
        protectable.push(...(await listProtectableItems(vctx, siteName, containerName, call)));
      }
    }
    const asr: AsrLists = { registeredHosts: hosts, protectedItems: items, protectableItems: protectable, policies };
    return { items: asr, asr };
  } catch (e) {
    // A cancelled refresh ends here: it is not a failure to read ASR.
    signal?.throwIfAborted();
    if (previousAsr) {
      // A passing failure (throttling past the retries, a dropped connection) must not turn
      // every VM into "Not protected": keep what ASR said last time, and say so.
      warnings.push(l10n.t('Azure Site Recovery could not be read just now, so the protection states shown are from the last successful read: {0}', message(e)));
      return { items: previousAsr };
    }
    warnings.push(l10n.t('Azure Site Recovery could not be read, so protection states are not shown: {0}', message(e)));
    return { items: { registeredHosts: [], protectedItems: [], protectableItems: [] }, failed: true };
  }
}

/**
 * One refresh. Aborting `options.signal` cancels the PowerShell call and the Azure requests in
 * flight and throws (the signal's reason) before the next phase: no snapshot is built from half a
 * refresh.
 */
export async function refreshEstate(deps: EstateRefreshDeps, options: EstateRefreshOptions): Promise<EstateRefreshResult> {
  const now = options.now ?? ((): Date => new Date());
  const warnings: string[] = [];
  const run = { ...(options.signal ? { signal: options.signal } : {}), ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) };
  const probes = new Map<string, HostProbe>();

  const { localName, probe: localProbe } = options.includeLocal ? await probeLocal(deps, run, now, warnings) : {};
  options.signal?.throwIfAborted();
  if (localName !== undefined && localProbe) probes.set(localName.toLowerCase(), localProbe);

  let adHosts: DiscoveredHostName[] = [];
  if (options.useActiveDirectory) {
    try {
      adHosts = await findHostsInActiveDirectory(deps.runner, run);
    } catch (e) {
      if (!cancelled(e)) warnings.push(message(e));
    }
  }

  options.signal?.throwIfAborted();
  const read = deps.vctx ? await readAsr(deps.vctx, options.previousAsr, warnings, options.signal) : undefined;
  const { registeredHosts, protectedItems, protectableItems } = read?.items ?? { registeredHosts: [], protectedItems: [], protectableItems: [] };

  const { sources, invalidSettingEntries } = collectHostSources({
    includeLocal: localName !== undefined,
    ...(localName !== undefined ? { localName } : {}),
    settingHosts: options.settingHosts,
    activeDirectoryHosts: adHosts,
    registeredHosts,
  });
  for (const bad of invalidSettingEntries) {
    warnings.push(l10n.t('"{0}" in azureSiteRecovery.hyperV.hosts is not a host name; use a name such as HV01 or HV01.contoso.local.', bad));
  }

  await probeRemoteHosts(deps, { sources, localName, onlyHosts: options.onlyHosts }, run, now, probes, {
    ...(options.probeConcurrency !== undefined ? { concurrency: options.probeConcurrency } : {}),
    ...(options.onHostProbed ? { onHostProbed: options.onHostProbed } : {}),
  });
  options.signal?.throwIfAborted();

  const snapshot = buildEstateSnapshot({
    now: now(),
    // Until ASR's items have been read, no VM is "Not protected": its protection is unknown.
    asrRead: read === undefined ? 'notConnected' : read.failed ? 'readFailed' : 'read',
    hostSources: sources,
    probes,
    ...(options.previous ? { previous: options.previous } : {}),
    registeredHosts,
    protectedItems,
    protectableItems,
  });
  return { snapshot, warnings, ...(read?.asr ? { asr: read.asr } : {}) };
}
