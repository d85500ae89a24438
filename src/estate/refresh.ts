// One refresh of the estate: find the hosts (local machine, setting, Active Directory, vault),
// probe each over PowerShell (host facts and VM inventory), read ASR with one paged list per kind
// (never a call per VM; asrRead.ts), and merge it all into the snapshot the views read (estate.ts).

import * as l10n from '@vscode/l10n';
import type { VaultContext } from '../services/azure/clients';
import { readAsr, type AsrLists, type KeptAsr } from './asrRead';
import { buildEstateSnapshot, protectablesOf, protectionsOf, type EstateSnapshot, type HostProbe } from '.';
import { collectHostSources, findHostsInActiveDirectory, type DiscoveredHostName } from '../services/hyperv/discovery';
import type { ScriptRunner } from '../services/hyperv/powershellRunner';
import type { HyperVCredential } from '../services/hyperv/target';
import { cancelled, message, probeLocal, probeRemoteHosts, shortName, type HostProbed, type RemoteProbeOptions, type RunOptions } from './hostProbes';

export type { AsrLists, KeptAsr } from './asrRead';

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
  /**
   * The hosts (names or FQDNs) registered in another connected vault (issue 16 §3): that vault's
   * hosts, shown under it. A host's provider is registered in one vault at a time, so this estate
   * neither probes nor shows them when the local machine, the setting or Active Directory names
   * them (else they showed here too, as "Unregistered hosts"); those this vault's ASR lists stay.
   */
  hostsOfOtherVaults?: readonly string[];
  previous?: EstateSnapshot;
  /**
   * What is kept of ASR's last successful read, whose VMs' facts `previous` has: kept (with those
   * facts) when ASR cannot be read now.
   */
  previousAsr?: KeptAsr;
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

export interface EstateRefreshResult {
  snapshot: EstateSnapshot;
  /** ASR's lists as read by this refresh (absent when ASR was not read or could not be). */
  asr?: AsrLists;
  /** Things the user should know that did not stop the refresh (shown once, not as errors). */
  warnings: string[];
}

/** How remote hosts are probed: how many at once, and who hears of each as it answers. */
function poolOptions(options: EstateRefreshOptions): RemoteProbeOptions {
  return {
    ...(options.probeConcurrency !== undefined ? { concurrency: options.probeConcurrency } : {}),
    ...(options.onHostProbed ? { onHostProbed: options.onHostProbed } : {}),
  };
}

/** What refreshEstate learnt of the hosts known without ASR, and the warnings of finding them. */
interface KnownHosts {
  localName?: string;
  adHosts: DiscoveredHostName[];
  /** Short names of the remote hosts probed already. */
  probed: Set<string>;
  warnings: string[];
}

/** The sources without the hosts another connected vault has registered (but with this vault's own). */
function withoutOtherVaultsHosts<T extends { name: string; source: string }>(sources: T[], options: EstateRefreshOptions): T[] {
  const others = new Set((options.hostsOfOtherVaults ?? []).map(shortName));
  return others.size === 0 ? sources : sources.filter((s) => s.source === 'vault' || !others.has(shortName(s.name)));
}

/**
 * Finds and probes the hosts known without ASR: this computer, the setting's and Active
 * Directory's. It runs while Azure is read (the vault's own hosts are probed after it answers).
 */
async function probeKnownHosts(deps: EstateRefreshDeps, options: EstateRefreshOptions, run: RunOptions, now: () => Date, probes: Map<string, HostProbe>): Promise<KnownHosts> {
  const warnings: string[] = [];
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
  const { sources: found } = collectHostSources({
    includeLocal: localName !== undefined,
    ...(localName !== undefined ? { localName } : {}),
    settingHosts: options.settingHosts,
    activeDirectoryHosts: adHosts,
    registeredHosts: [],
  });
  const sources = withoutOtherVaultsHosts(found, options);
  await probeRemoteHosts(deps, { sources, localName, onlyHosts: options.onlyHosts }, run, now, probes, poolOptions(options));
  const probed = new Set(sources.filter((s) => s.source !== 'local').map((s) => shortName(s.name)));
  return { ...(localName !== undefined ? { localName } : {}), adHosts, probed, warnings };
}

/**
 * One refresh. ASR's lists and the hosts known without them (this computer, the setting, Active
 * Directory) are read at once; the hosts only the vault knows are probed when ASR has answered.
 * Aborting `options.signal` cancels the PowerShell call and the Azure requests in flight and
 * throws (the signal's reason): no snapshot is built from half a refresh.
 */
export async function refreshEstate(deps: EstateRefreshDeps, options: EstateRefreshOptions): Promise<EstateRefreshResult> {
  const now = options.now ?? ((): Date => new Date());
  const asrWarnings: string[] = [];
  const run = { ...(options.signal ? { signal: options.signal } : {}), ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) };
  const probes = new Map<string, HostProbe>();

  const [known, read] = await Promise.all([
    probeKnownHosts(deps, options, run, now, probes),
    deps.vctx ? readAsr(deps.vctx, options.previousAsr, asrWarnings, options.signal) : undefined,
  ]);
  const { localName } = known;
  const warnings = [...known.warnings, ...asrWarnings];
  const { registeredHosts, protectedItems, protectableItems } = read?.items ?? { registeredHosts: [], protectedItems: [], protectableItems: [] };
  const protectedItemsReadAt = read?.items.protectedItemsReadAt;

  const { sources: found, invalidSettingEntries } = collectHostSources({
    includeLocal: localName !== undefined,
    ...(localName !== undefined ? { localName } : {}),
    settingHosts: options.settingHosts,
    activeDirectoryHosts: known.adHosts,
    registeredHosts,
  });
  const sources = withoutOtherVaultsHosts(found, options);
  for (const bad of invalidSettingEntries) {
    warnings.push(l10n.t('"{0}" in azureSiteRecovery.hyperV.hosts is not a host name; use a name such as HV01 or HV01.contoso.local.', bad));
  }

  const vaultOnly = sources.filter((s) => s.source === 'vault' && !known.probed.has(shortName(s.name)));
  await probeRemoteHosts(deps, { sources: vaultOnly, localName, onlyHosts: options.onlyHosts }, run, now, probes, poolOptions(options));
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
    ...(protectedItemsReadAt ? { protectedItemsReadAt } : {}),
    protectableItems,
    // ASR not read now: its last read, as the previous snapshot's VMs have it.
    ...(read?.kept && options.previous ? { protections: protectionsOf(options.previous), protectables: protectablesOf(options.previous) } : {}),
  });
  return { snapshot, warnings, ...(read?.asr ? { asr: read.asr } : {}) };
}
