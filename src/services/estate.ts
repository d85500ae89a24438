// The estate snapshot: Hyper-V hosts → guest VMs → protection, merged from what PowerShell found
// on the hosts and what the vault (ASR) knows. It is the only thing views read.
//
// buildEstateSnapshot is pure: the caller gathers host names, probe results and ASR lists, and
// passes the previous snapshot so that a host that cannot be reached now keeps its last known
// facts and VMs (marked stale) instead of disappearing.

import type { ProtectableItem, ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { PreflightFinding } from '../model/preflight';
import { preflightHost, preflightRules } from '../model/preflight';
import { hyperVReplicaDetails } from '../model/protectedItem';
import type { ProtectionStatus } from '../model/protectionStatus';
import { deriveProtectionStatus } from '../model/protectionStatus';
import type { VmAction } from '../model/vmActions';
import { allowedActions, contextValueTokens } from '../model/vmActions';
import { asString, equalsIgnoreCase, lastPathSegment, readProp } from '../model/wireValues';
import type { RegisteredHost } from './azure/providers';
import type { HyperVError } from './hyperv/errors';
import type { HostInfo } from './hyperv/hostInfo';
import type { HyperVVm } from './hyperv/vmInventory';

// ---------------------------------------------------------------------------------------------
// Types

/** Where the extension learned of a host. */
export type HostSource = 'local' | 'setting' | 'activeDirectory' | 'vault';

/** Display order of sources. */
export const hostSourceOrder: readonly HostSource[] = ['local', 'setting', 'activeDirectory', 'vault'];

export interface HostProbeOk {
  ok: true;
  info: HostInfo;
  vms: HyperVVm[];
  at: Date;
}

export interface HostProbeFailed {
  ok: false;
  error: HyperVError | Error;
  at: Date;
}

/** What PowerShell found on one host this round. */
export type HostProbe = HostProbeOk | HostProbeFailed;

export interface EstateInput {
  now: Date;
  hostSources: { name: string; source: HostSource }[];
  /**
   * Probe results by host key (FQDN or name; compared case-insensitively). A host with no entry
   * was not probed this round: it keeps what the previous snapshot knew of it.
   */
  probes: Map<string, HostProbe>;
  previous?: EstateSnapshot;
  registeredHosts: RegisteredHost[];
  protectedItems: ReplicationProtectedItem[];
  protectableItems?: ProtectableItem[];
}

export interface EstateProvider {
  /** The Site Recovery provider is installed on the host (host registry; implied by a vault registration). */
  installed?: boolean;
  version?: string;
  /** Registered in this vault (a RegisteredHost matched the host). */
  registered: boolean;
  /** The vault sees the provider as connected. */
  connected?: boolean;
  heartbeatMissing?: boolean;
  fabricName?: string;
  lastHeartbeat?: Date;
  /** The provider's name in the vault (a GUID). */
  providerName?: string;
  /** The registration the host itself reports (may name another vault). */
  hostRegistration?: { vaultName?: string; siteName?: string };
}

export interface EstateVm {
  /** Lower-case VMId. */
  key: string;
  /** Lower-case VMId (braces removed). */
  vmId: string;
  name: string;
  /** Key of the host the VM is on; UNASSIGNED_HOST_KEY for protected items whose host is unknown. */
  hostKey: string;
  /** Carried from a previous snapshot because the host could not be reached now. */
  stale: boolean;
  inventory?: HyperVVm;
  protectedItem?: ReplicationProtectedItem;
  /** ASR's protectable item for the VM, when listed (readiness checks, VMs PowerShell could not list). */
  protectableItem?: ProtectableItem;
  status: ProtectionStatus;
  actions: VmAction[];
  /** contextValue tokens joined by ';' ('vm;protected;testFailover;…'), plus 'stale' when stale. */
  contextValue: string;
}

export interface EstateHost {
  /** Stable id: lower-case FQDN when known, else lower-case name. */
  key: string;
  name: string;
  fqdn?: string;
  sources: HostSource[];
  /** The last probe (this round, or carried from the previous snapshot) succeeded. */
  reachable: boolean;
  /** A probe result exists (now or carried). False for hosts PowerShell has not been asked about yet. */
  probed: boolean;
  /** The message of the error of the last probe, when it failed. */
  unreachableReason?: string;
  /** The HyperVError code of the last probe, when it failed with one. */
  unreachableCode?: string;
  osCaption?: string;
  osBuild?: number;
  isServerCore?: boolean;
  hyperVModule?: boolean;
  /** Windows Server 2012 R2 or later; undefined while the OS is unknown. */
  supported: boolean | undefined;
  /** Why the host is not supported (or why support is unknown), from preflightHost findings. */
  supportReason?: string;
  cluster?: string;
  provider: EstateProvider;
  vms: EstateVm[];
  protectedCount: number;
  /** When a probe last succeeded. */
  lastSeen?: Date;
}

export interface EstateCounts {
  hosts: number;
  /** VMs under hosts plus unassigned ones. */
  vms: number;
  /** VMs with a protected item. */
  protected: number;
}

export interface EstateSnapshot {
  takenAt: Date;
  hosts: EstateHost[];
  /** Protected items whose host is unknown. */
  unassignedVms: EstateVm[];
  counts: EstateCounts;
}

export interface SnapshotDiff {
  /** Hosts added, removed or changed (own facts, protectedCount or their list of VMs); UNASSIGNED_HOST_KEY when that list changed. */
  changedHostKeys: string[];
  /** VMs added, removed, moved or changed. */
  changedVmKeys: string[];
}

/** hostKey of VMs in `unassignedVms` (no DNS name can contain parentheses). */
export const UNASSIGNED_HOST_KEY = '(unassigned)';

/** The contextValue token added to VMs carried from a previous snapshot. */
export const STALE_TOKEN = 'stale';

// ---------------------------------------------------------------------------------------------
// Names

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

function isFqdn(name: string): boolean {
  return name.includes('.') && !IPV4.test(name);
}

function cleanName(name: string | undefined): string | undefined {
  const t = name?.trim().replace(/\.$/, '');
  return t !== undefined && t.length > 0 ? t : undefined;
}

/** Lower-case short name: the first label of an FQDN, or the name itself. */
function shortOf(name: string): string {
  const lower = name.toLowerCase();
  return isFqdn(lower) ? (lower.split('.')[0] ?? lower) : lower;
}

/** Lower-case VMId without braces. */
export function normalizeVmId(id: string): string {
  return id.trim().replace(/^\{/, '').replace(/\}$/, '').toLowerCase();
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function byNameThenKey(a: { name: string; key: string }, b: { name: string; key: string }): number {
  return collator.compare(a.name, b.name) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

// ---------------------------------------------------------------------------------------------
// Host grouping

interface Group {
  order: number;
  fqdnLower?: string;
  shorts: Set<string>;
  /** Lower-case names and FQDNs to look probes up by. */
  aliases: string[];
  /** Names as given, in order (source names, vault friendly names). */
  names: string[];
  sources: Set<HostSource>;
  registered: RegisteredHost[];
  probes: HostProbe[];
  previous?: EstateHost;
}

interface Entry {
  names: string[];
  fqdnLower?: string;
  source: HostSource;
  registered?: RegisteredHost;
  probe?: HostProbe;
}

class HostIndex {
  readonly groups: Group[] = [];
  private readonly byFqdn = new Map<string, Group>();
  private readonly byShort = new Map<string, Group[]>();

  place(entry: Entry): void {
    const shorts = entryShorts(entry);
    let group: Group | undefined;
    if (entry.fqdnLower !== undefined) {
      group = this.byFqdn.get(entry.fqdnLower) ?? this.firstByShort(shorts, (g) => g.fqdnLower === undefined);
    } else {
      group = this.firstByShort(shorts, () => true);
    }
    if (group === undefined) {
      group = { order: this.groups.length, shorts: new Set(), aliases: [], names: [], sources: new Set(), registered: [], probes: [] };
      this.groups.push(group);
    }
    if (entry.fqdnLower !== undefined && group.fqdnLower === undefined) {
      group.fqdnLower = entry.fqdnLower;
      this.byFqdn.set(entry.fqdnLower, group);
    }
    for (const s of shorts) {
      if (!group.shorts.has(s)) {
        group.shorts.add(s);
        const list = this.byShort.get(s) ?? [];
        list.push(group);
        this.byShort.set(s, list);
      }
    }
    for (const n of entry.names) {
      group.names.push(n);
      pushUnique(group.aliases, n.toLowerCase());
    }
    if (entry.fqdnLower !== undefined) {
      pushUnique(group.aliases, entry.fqdnLower);
    }
    group.sources.add(entry.source);
    if (entry.registered !== undefined) {
      group.registered.push(entry.registered);
    }
    if (entry.probe !== undefined && !group.probes.includes(entry.probe)) {
      group.probes.push(entry.probe);
    }
  }

  hasFqdn(fqdnLower: string): boolean {
    return this.byFqdn.has(fqdnLower);
  }

  setFqdn(group: Group, fqdnLower: string): void {
    group.fqdnLower = fqdnLower;
    this.byFqdn.set(fqdnLower, group);
    pushUnique(group.aliases, fqdnLower);
  }

  private firstByShort(shorts: string[], accept: (g: Group) => boolean): Group | undefined {
    for (const s of shorts) {
      const found = (this.byShort.get(s) ?? []).find(accept);
      if (found !== undefined) {
        return found;
      }
    }
    return undefined;
  }
}

function pushUnique<T>(list: T[], value: T): void {
  if (!list.includes(value)) {
    list.push(value);
  }
}

function entryShorts(entry: Entry): string[] {
  const shorts: string[] = [];
  if (entry.fqdnLower !== undefined) {
    pushUnique(shorts, shortOf(entry.fqdnLower));
  }
  for (const n of entry.names) {
    if (!isFqdn(n)) {
      pushUnique(shorts, n.toLowerCase());
    }
  }
  return shorts;
}

/** Probe results by lower-case key, and by the short name of keys that are FQDNs. */
class ProbeIndex {
  private readonly byKey = new Map<string, HostProbe>();
  private readonly byShort = new Map<string, HostProbe[]>();

  constructor(probes: Map<string, HostProbe>) {
    for (const [k, v] of probes) {
      const key = k.trim().replace(/\.$/, '').toLowerCase();
      if (key.length === 0 || this.byKey.has(key)) {
        continue;
      }
      this.byKey.set(key, v);
      if (isFqdn(key)) {
        const list = this.byShort.get(shortOf(key)) ?? [];
        list.push(v);
        this.byShort.set(shortOf(key), list);
      }
    }
  }

  /**
   * The probe of a host name: by the name itself; an FQDN also by its short name; a short name
   * also by the one FQDN-keyed probe with that first label (none when several share it).
   */
  find(name: string): HostProbe | undefined {
    const lower = name.toLowerCase();
    const direct = this.byKey.get(lower);
    if (direct !== undefined) {
      return direct;
    }
    if (isFqdn(lower)) {
      return this.byKey.get(shortOf(lower));
    }
    const candidates = this.byShort.get(lower) ?? [];
    return candidates.length === 1 ? candidates[0] : undefined;
  }
}

function fqdnOfProbe(probe: HostProbe | undefined): string | undefined {
  if (probe?.ok !== true) {
    return undefined;
  }
  const fqdn = cleanName(probe.info.fqdn);
  return fqdn !== undefined && isFqdn(fqdn) ? fqdn.toLowerCase() : undefined;
}

/** The best of several probe results for one host: a success over a failure, then the newest. */
function bestProbe(probes: HostProbe[]): HostProbe | undefined {
  let best: HostProbe | undefined;
  for (const p of probes) {
    if (best === undefined || (p.ok && !best.ok) || (p.ok === best.ok && p.at.getTime() > best.at.getTime())) {
      best = p;
    }
  }
  return best;
}

class PreviousIndex {
  private readonly byFqdn = new Map<string, EstateHost>();
  private readonly byShort = new Map<string, EstateHost[]>();
  private readonly byKey = new Map<string, EstateHost>();

  constructor(previous: EstateSnapshot | undefined) {
    for (const h of previous?.hosts ?? []) {
      this.byKey.set(h.key, h);
      const fqdn = h.fqdn !== undefined && isFqdn(h.fqdn) ? h.fqdn.toLowerCase() : undefined;
      if (fqdn !== undefined && !this.byFqdn.has(fqdn)) {
        this.byFqdn.set(fqdn, h);
      }
      for (const s of new Set([shortOf(h.key), shortOf(h.name)])) {
        const list = this.byShort.get(s) ?? [];
        list.push(h);
        this.byShort.set(s, list);
      }
    }
  }

  /** The previous host for a host known by these facts (FQDN first; short names only where one side has no FQDN). */
  find(fqdnLower: string | undefined, shorts: Iterable<string>): EstateHost | undefined {
    if (fqdnLower !== undefined) {
      const byFqdn = this.byFqdn.get(fqdnLower) ?? this.byKey.get(fqdnLower);
      if (byFqdn !== undefined) {
        return byFqdn;
      }
    }
    for (const s of shorts) {
      const found = (this.byShort.get(s) ?? []).find((h) => fqdnLower === undefined || h.fqdn === undefined || !isFqdn(h.fqdn));
      if (found !== undefined) {
        return found;
      }
    }
    return undefined;
  }
}

function groupHosts(input: EstateInput, probes: ProbeIndex, previous: PreviousIndex): Group[] {
  const index = new HostIndex();
  const entries: Entry[] = [];
  for (const hs of input.hostSources) {
    const name = cleanName(hs.name);
    if (name === undefined) {
      continue;
    }
    const probe = probes.find(name);
    const names = [name];
    if (probe?.ok === true) {
      const infoName = cleanName(probe.info.name);
      if (infoName !== undefined) {
        names.push(infoName);
      }
    }
    const entry: Entry = { names, source: hs.source };
    const fqdn = fqdnOfProbe(probe) ?? (isFqdn(name) ? name.toLowerCase() : undefined);
    if (fqdn !== undefined) {
      entry.fqdnLower = fqdn;
    }
    if (probe !== undefined) {
      entry.probe = probe;
    }
    entries.push(entry);
  }
  for (const rh of input.registeredHosts) {
    const name = cleanName(rh.friendlyName) ?? cleanName(rh.name);
    if (name === undefined) {
      continue;
    }
    const entry: Entry = { names: [name], source: 'vault', registered: rh };
    const probe = probes.find(name);
    const fqdn = (isFqdn(name) ? name.toLowerCase() : undefined) ?? fqdnOfProbe(probe);
    if (fqdn !== undefined) {
      entry.fqdnLower = fqdn;
    }
    if (probe !== undefined) {
      entry.probe = probe;
    }
    entries.push(entry);
  }
  // A host named only by its short name now (e.g. unreachable) keeps the FQDN it had before, so its key is stable.
  for (const e of entries) {
    if (e.fqdnLower === undefined) {
      const prev = previous.find(undefined, entryShorts(e));
      const prevFqdn = prev?.fqdn !== undefined && isFqdn(prev.fqdn) ? prev.fqdn.toLowerCase() : undefined;
      if (prevFqdn !== undefined) {
        e.fqdnLower = prevFqdn;
      }
    }
  }
  for (const e of entries) {
    index.place(e);
  }
  for (const g of index.groups) {
    if (g.probes.length === 0) {
      // Probes keyed by another alias of the host (its FQDN or short name).
      for (const alias of [...(g.fqdnLower !== undefined ? [g.fqdnLower] : []), ...g.aliases, ...g.shorts]) {
        const p = probes.find(alias);
        if (p !== undefined) {
          g.probes.push(p);
          break;
        }
      }
      const fqdn = fqdnOfProbe(bestProbe(g.probes));
      if (fqdn !== undefined && g.fqdnLower === undefined && !index.hasFqdn(fqdn)) {
        index.setFqdn(g, fqdn);
        g.shorts.add(shortOf(fqdn));
      }
    }
    const prev = previous.find(g.fqdnLower, g.shorts);
    if (prev !== undefined) {
      g.previous = prev;
    }
  }
  return index.groups;
}

// ---------------------------------------------------------------------------------------------
// Host facts

interface HostFacts {
  name?: string;
  fqdn?: string;
  osCaption?: string;
  osBuild?: number;
  isServerCore?: boolean;
  hyperVModule?: boolean;
  cluster?: string;
  providerInstalled?: boolean;
  providerVersion?: string;
  hostRegistration?: { vaultName?: string; siteName?: string };
}

function factsFromInfo(info: HostInfo): HostFacts {
  const f: HostFacts = {};
  const name = cleanName(info.name);
  if (name !== undefined) {
    f.name = name;
  }
  const fqdn = cleanName(info.fqdn);
  if (fqdn !== undefined && isFqdn(fqdn)) {
    f.fqdn = fqdn;
  }
  const caption = cleanName(info.osCaption);
  if (caption !== undefined) {
    f.osCaption = caption;
  }
  if (Number.isFinite(info.osBuild) && info.osBuild > 0) {
    f.osBuild = info.osBuild;
  }
  f.isServerCore = info.isServerCore;
  f.hyperVModule = info.hyperVModule;
  const cluster = cleanName(info.cluster);
  if (cluster !== undefined) {
    f.cluster = cluster;
  }
  f.providerInstalled = info.provider.installed;
  const version = cleanName(info.provider.version);
  if (version !== undefined) {
    f.providerVersion = version;
  }
  if (info.provider.registered) {
    const reg: { vaultName?: string; siteName?: string } = {};
    const vaultName = cleanName(info.provider.vaultName);
    const siteName = cleanName(info.provider.siteName);
    if (vaultName !== undefined) {
      reg.vaultName = vaultName;
    }
    if (siteName !== undefined) {
      reg.siteName = siteName;
    }
    f.hostRegistration = reg;
  }
  return f;
}

function factsFromPrevious(h: EstateHost): HostFacts {
  const f: HostFacts = { name: h.name };
  if (h.fqdn !== undefined) {
    f.fqdn = h.fqdn;
  }
  if (h.osCaption !== undefined) {
    f.osCaption = h.osCaption;
  }
  if (h.osBuild !== undefined) {
    f.osBuild = h.osBuild;
  }
  if (h.isServerCore !== undefined) {
    f.isServerCore = h.isServerCore;
  }
  if (h.hyperVModule !== undefined) {
    f.hyperVModule = h.hyperVModule;
  }
  if (h.cluster !== undefined) {
    f.cluster = h.cluster;
  }
  if (h.provider.installed !== undefined) {
    f.providerInstalled = h.provider.installed;
  }
  if (h.provider.version !== undefined) {
    f.providerVersion = h.provider.version;
  }
  if (h.provider.hostRegistration !== undefined) {
    f.hostRegistration = { ...h.provider.hostRegistration };
  }
  return f;
}

function errorCode(error: Error): string | undefined {
  return asString(readProp(error, 'code'));
}

/** The vault's view of the host: a connected provider first, then the newest heartbeat. */
function bestRegistration(list: RegisteredHost[]): RegisteredHost | undefined {
  let best: RegisteredHost | undefined;
  const connected = (r: RegisteredHost): boolean => equalsIgnoreCase(r.connectionStatus, 'Connected');
  for (const r of list) {
    if (best === undefined) {
      best = r;
      continue;
    }
    if (connected(r) !== connected(best)) {
      best = connected(r) ? r : best;
    } else if ((r.lastHeartbeat?.getTime() ?? 0) > (best.lastHeartbeat?.getTime() ?? 0)) {
      best = r;
    }
  }
  return best;
}

function support(name: string, facts: HostFacts): { supported: boolean | undefined; reason?: string } {
  if (facts.osCaption === undefined && facts.osBuild === undefined) {
    return { supported: undefined };
  }
  const hostFacts: { name: string; osCaption?: string; osBuild?: number; isServerCore?: boolean } = { name };
  if (facts.osCaption !== undefined) {
    hostFacts.osCaption = facts.osCaption;
  }
  if (facts.osBuild !== undefined) {
    hostFacts.osBuild = facts.osBuild;
  }
  if (facts.isServerCore !== undefined) {
    hostFacts.isServerCore = facts.isServerCore;
  }
  const result = preflightHost(hostFacts);
  const errors = result.findings.filter((f: PreflightFinding) => f.severity === 'error');
  if (errors.length > 0) {
    return { supported: false, reason: errors.map((f) => f.message).join(' ') };
  }
  const unknown = result.findings.find((f) => f.ruleId === preflightRules.hostOsUnknown);
  if (unknown !== undefined) {
    return { supported: undefined, reason: unknown.message };
  }
  return { supported: true };
}

interface HostDraft {
  host: EstateHost;
  /** Inventory VMs claimed by this host. */
  claims: { vm: HyperVVm; stale: boolean }[];
  registered: RegisteredHost[];
  previous?: EstateHost;
}

function draftHost(g: Group): HostDraft {
  const probe = bestProbe(g.probes);
  const prev = g.previous;
  let facts: HostFacts = {};
  let reachable = false;
  let probed = false;
  let unreachableReason: string | undefined;
  let unreachableCode: string | undefined;
  let lastSeen: Date | undefined;
  const claims: { vm: HyperVVm; stale: boolean }[] = [];
  const previousInventory = (stale: (v: EstateVm) => boolean): void => {
    for (const v of prev?.vms ?? []) {
      if (v.inventory !== undefined) {
        claims.push({ vm: v.inventory, stale: stale(v) });
      }
    }
  };

  if (probe?.ok === true) {
    facts = factsFromInfo(probe.info);
    reachable = true;
    probed = true;
    lastSeen = probe.at;
    for (const vm of probe.vms) {
      claims.push({ vm, stale: false });
    }
  } else if (probe !== undefined) {
    // Unreachable now: last known facts and VMs (stale), with the reason.
    facts = prev !== undefined ? factsFromPrevious(prev) : {};
    probed = true;
    unreachableReason = probe.error.message;
    unreachableCode = errorCode(probe.error);
    lastSeen = prev?.lastSeen;
    previousInventory(() => true);
  } else if (prev !== undefined) {
    // Not probed this round: nothing new, keep what was known.
    facts = factsFromPrevious(prev);
    reachable = prev.reachable;
    probed = prev.probed;
    unreachableReason = prev.unreachableReason;
    unreachableCode = prev.unreachableCode;
    lastSeen = prev.lastSeen;
    previousInventory((v) => v.stale);
  }

  const reg = bestRegistration(g.registered);
  const nonFqdnName = g.names.find((n) => !isFqdn(n));
  const fqdnCandidates = [facts.fqdn, reg?.friendlyName, ...g.names, prev?.fqdn];
  const fqdn = g.fqdnLower !== undefined ? fqdnCandidates.find((c) => c !== undefined && c.toLowerCase() === g.fqdnLower) ?? g.fqdnLower : undefined;
  const name =
    facts.name ??
    (prev !== undefined && prev.name.length > 0 ? prev.name : undefined) ??
    nonFqdnName ??
    (fqdn !== undefined ? fqdn.split('.')[0] : undefined) ??
    g.names[0] ??
    '';
  const key = g.fqdnLower ?? name.toLowerCase();

  const provider: EstateProvider = { registered: reg !== undefined };
  const installed = facts.providerInstalled ?? (reg !== undefined ? true : undefined);
  if (installed !== undefined) {
    provider.installed = installed;
  }
  const version = facts.providerVersion ?? reg?.providerVersion;
  if (version !== undefined) {
    provider.version = version;
  }
  if (reg !== undefined) {
    provider.connected = equalsIgnoreCase(reg.connectionStatus, 'Connected');
    provider.heartbeatMissing = reg.heartbeatMissing;
    if (reg.fabricName.length > 0) {
      provider.fabricName = reg.fabricName;
    }
    if (reg.lastHeartbeat !== undefined) {
      provider.lastHeartbeat = reg.lastHeartbeat;
    }
    if (reg.name.length > 0) {
      provider.providerName = reg.name;
    }
  }
  if (facts.hostRegistration !== undefined) {
    provider.hostRegistration = facts.hostRegistration;
  }

  const sup = support(name, facts);
  const host: EstateHost = {
    key,
    name,
    sources: hostSourceOrder.filter((s) => g.sources.has(s)),
    reachable,
    probed,
    supported: sup.supported,
    provider,
    vms: [],
    protectedCount: 0,
  };
  if (fqdn !== undefined) {
    host.fqdn = fqdn;
  }
  if (unreachableReason !== undefined) {
    host.unreachableReason = unreachableReason;
  }
  if (unreachableCode !== undefined) {
    host.unreachableCode = unreachableCode;
  }
  if (facts.osCaption !== undefined) {
    host.osCaption = facts.osCaption;
  }
  if (facts.osBuild !== undefined) {
    host.osBuild = facts.osBuild;
  }
  if (facts.isServerCore !== undefined) {
    host.isServerCore = facts.isServerCore;
  }
  if (facts.hyperVModule !== undefined) {
    host.hyperVModule = facts.hyperVModule;
  }
  if (sup.reason !== undefined) {
    host.supportReason = sup.reason;
  }
  if (facts.cluster !== undefined) {
    host.cluster = facts.cluster;
  }
  if (lastSeen !== undefined) {
    host.lastSeen = lastSeen;
  }
  const draft: HostDraft = { host, claims, registered: g.registered };
  if (prev !== undefined) {
    draft.previous = prev;
  }
  return draft;
}

// ---------------------------------------------------------------------------------------------
// VMs

/** The VMIds a protected item stands for: its HyperVReplicaAzure vmId and its name. */
function protectedItemVmIds(item: ReplicationProtectedItem): string[] {
  const ids: string[] = [];
  const fromDetails = hyperVReplicaDetails(item)?.vmId;
  if (fromDetails !== undefined && fromDetails.trim().length > 0) {
    ids.push(normalizeVmId(fromDetails));
  }
  if (item.name !== undefined && item.name.trim().length > 0) {
    pushUnique(ids, normalizeVmId(item.name));
  }
  return ids;
}

function protectableSourceItemId(item: ProtectableItem): string | undefined {
  const id = asString(readProp(item.properties?.customDetails, 'sourceItemId')) ?? item.name;
  return id !== undefined && id.trim().length > 0 ? normalizeVmId(id) : undefined;
}

function makeVm(
  vmKey: string,
  hostKey: string,
  stale: boolean,
  parts: { inventory?: HyperVVm; protectedItem?: ReplicationProtectedItem; protectableItem?: ProtectableItem },
): EstateVm {
  const item = parts.protectedItem;
  const name =
    cleanName(parts.inventory?.name) ??
    cleanName(item?.properties?.friendlyName) ??
    cleanName(parts.protectableItem?.properties?.friendlyName) ??
    vmKey;
  const tokens = contextValueTokens(item);
  if (stale) {
    tokens.push(STALE_TOKEN);
  }
  const vm: EstateVm = {
    key: vmKey,
    vmId: vmKey,
    name,
    hostKey,
    stale,
    status: deriveProtectionStatus(item),
    actions: allowedActions(item),
    contextValue: tokens.join(';'),
  };
  if (parts.inventory !== undefined) {
    vm.inventory = parts.inventory;
  }
  if (item !== undefined) {
    vm.protectedItem = item;
  }
  if (parts.protectableItem !== undefined) {
    vm.protectableItem = parts.protectableItem;
  }
  return vm;
}

class ProviderIndex {
  private readonly byId = new Map<string, HostDraft>();
  private readonly byName = new Map<string, HostDraft>();

  constructor(drafts: HostDraft[]) {
    for (const d of drafts) {
      for (const r of d.registered) {
        if (r.id.length > 0 && !this.byId.has(r.id.toLowerCase())) {
          this.byId.set(r.id.toLowerCase(), d);
        }
        if (r.name.length > 0 && !this.byName.has(r.name.toLowerCase())) {
          this.byName.set(r.name.toLowerCase(), d);
        }
      }
    }
  }

  /** The host of a recoveryServicesProviderId (the provider's ARM id, or its name). */
  find(providerId: string | undefined): HostDraft | undefined {
    if (providerId === undefined || providerId.trim().length === 0) {
      return undefined;
    }
    const lower = providerId.trim().toLowerCase();
    const last = lastPathSegment(lower);
    return this.byId.get(lower) ?? (last !== undefined ? this.byName.get(last) : undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// The snapshot

/** Merges host sources, probe results, the previous snapshot and ASR's lists into one snapshot. Pure. */
export function buildEstateSnapshot(input: EstateInput): EstateSnapshot {
  const probes = new ProbeIndex(input.probes);
  const previous = new PreviousIndex(input.previous);
  const drafts = groupHosts(input, probes, previous).map(draftHost);
  drafts.sort((a, b) => byNameThenKey(a.host, b.host));
  const draftByKey = new Map(drafts.map((d) => [d.host.key, d]));

  // Protected items by every VMId they stand for (first item wins).
  const itemByVmId = new Map<string, ReplicationProtectedItem>();
  for (const item of input.protectedItems) {
    for (const id of protectedItemVmIds(item)) {
      if (!itemByVmId.has(id)) {
        itemByVmId.set(id, item);
      }
    }
  }
  const protectableByVmId = new Map<string, ProtectableItem>();
  for (const p of input.protectableItems ?? []) {
    const id = protectableSourceItemId(p);
    if (id !== undefined && !protectableByVmId.has(id)) {
      protectableByVmId.set(id, p);
    }
  }

  // Inventory claims: a current inventory beats a stale one; otherwise the first host in order.
  const claimed = new Map<string, { draft: HostDraft; vm: HyperVVm; stale: boolean }>();
  for (const d of drafts) {
    for (const c of d.claims) {
      const key = normalizeVmId(c.vm.vmId);
      if (key.length === 0) {
        continue;
      }
      const existing = claimed.get(key);
      if (existing === undefined || (existing.stale && !c.stale)) {
        claimed.set(key, { draft: d, vm: c.vm, stale: c.stale });
      }
    }
  }

  const vmsByHost = new Map<string, EstateVm[]>(drafts.map((d) => [d.host.key, []]));
  const unassigned: EstateVm[] = [];
  const placed = new Set<string>();
  const usedItems = new Set<ReplicationProtectedItem>();

  for (const [key, c] of claimed) {
    const protectedItem = itemByVmId.get(key);
    const protectableItem = protectableByVmId.get(key);
    const parts: { inventory: HyperVVm; protectedItem?: ReplicationProtectedItem; protectableItem?: ProtectableItem } = { inventory: c.vm };
    if (protectedItem !== undefined) {
      parts.protectedItem = protectedItem;
      usedItems.add(protectedItem);
    }
    if (protectableItem !== undefined) {
      parts.protectableItem = protectableItem;
    }
    vmsByHost.get(c.draft.host.key)?.push(makeVm(key, c.draft.host.key, c.stale, parts));
    placed.add(key);
  }

  // Protected items no inventory listed: on the host of their provider, else where they were before, else unassigned.
  const providers = new ProviderIndex(drafts);
  const previousHostOfVm = new Map<string, string>();
  for (const h of input.previous?.hosts ?? []) {
    for (const v of h.vms) {
      previousHostOfVm.set(v.key, h.key);
    }
  }
  for (const item of input.protectedItems) {
    if (usedItems.has(item)) {
      continue;
    }
    usedItems.add(item);
    const ids = protectedItemVmIds(item);
    const key = ids[0];
    if (key === undefined || placed.has(key)) {
      continue;
    }
    const protectableItem = ids.map((id) => protectableByVmId.get(id)).find((p) => p !== undefined);
    const prevHostKey = previousHostOfVm.get(key);
    const draft =
      providers.find(item.properties?.recoveryServicesProviderId) ??
      providers.find(protectableItem?.properties?.recoveryServicesProviderId) ??
      (prevHostKey !== undefined ? draftByKey.get(prevHostKey) : undefined);
    const parts: { protectedItem: ReplicationProtectedItem; protectableItem?: ProtectableItem } = { protectedItem: item };
    if (protectableItem !== undefined) {
      parts.protectableItem = protectableItem;
    }
    if (draft !== undefined) {
      vmsByHost.get(draft.host.key)?.push(makeVm(key, draft.host.key, false, parts));
    } else {
      unassigned.push(makeVm(key, UNASSIGNED_HOST_KEY, false, parts));
    }
    placed.add(key);
  }

  // VMs only ASR lists (protectable, not protected), on hosts PowerShell could not list now.
  for (const [key, p] of protectableByVmId) {
    if (placed.has(key) || equalsIgnoreCase(p.properties?.protectionStatus, 'Protected')) {
      continue;
    }
    const draft = providers.find(p.properties?.recoveryServicesProviderId);
    if (draft === undefined || draft.host.reachable) {
      continue;
    }
    vmsByHost.get(draft.host.key)?.push(makeVm(key, draft.host.key, false, { protectableItem: p }));
    placed.add(key);
  }

  const hosts = drafts.map((d) => {
    const vms = (vmsByHost.get(d.host.key) ?? []).sort(byNameThenKey);
    d.host.vms = vms;
    d.host.protectedCount = vms.filter((v) => v.protectedItem !== undefined).length;
    return d.host;
  });
  unassigned.sort(byNameThenKey);
  const vmCount = hosts.reduce((n, h) => n + h.vms.length, 0) + unassigned.length;
  const protectedCount = hosts.reduce((n, h) => n + h.protectedCount, 0) + unassigned.filter((v) => v.protectedItem !== undefined).length;
  return {
    takenAt: input.now,
    hosts,
    unassignedVms: unassigned,
    counts: { hosts: hosts.length, vms: vmCount, protected: protectedCount },
  };
}

// ---------------------------------------------------------------------------------------------
// Look-ups and diff

/** The VM with this VMId (case-insensitive, braces ignored), on a host or unassigned. */
export function findVm(snapshot: EstateSnapshot, vmId: string): EstateVm | undefined {
  const key = normalizeVmId(vmId);
  for (const h of snapshot.hosts) {
    const vm = h.vms.find((v) => v.key === key);
    if (vm !== undefined) {
      return vm;
    }
  }
  return snapshot.unassignedVms.find((v) => v.key === key);
}

/** The host with this key (case-insensitive); else the one whose FQDN or name is this, or whose short name is. */
export function findHost(snapshot: EstateSnapshot, key: string): EstateHost | undefined {
  const lower = key.trim().replace(/\.$/, '').toLowerCase();
  return (
    snapshot.hosts.find((h) => h.key === lower) ??
    snapshot.hosts.find((h) => h.fqdn?.toLowerCase() === lower || h.name.toLowerCase() === lower) ??
    (isFqdn(lower) ? undefined : snapshot.hosts.find((h) => shortOf(h.key) === lower))
  );
}

/** JSON with sorted keys and dates as ISO strings, so equal content gives equal text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown): unknown => {
    if (v instanceof Date) {
      return v.toISOString();
    }
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(o)
          .sort()
          .map((k) => [k, o[k]]),
      );
    }
    return v;
  });
}

function hostFingerprint(h: EstateHost): string {
  // Probe times are not changes a view shows; the VMs count as their keys (their own changes are VM changes).
  const copy: Partial<EstateHost> & { vmKeys: string[] } = { ...h, vmKeys: h.vms.map((v) => v.key) };
  delete copy.vms;
  delete copy.lastSeen;
  return canonical(copy);
}

function vmFingerprint(v: EstateVm): string {
  return canonical(v);
}

function allVms(s: EstateSnapshot): EstateVm[] {
  return [...s.hosts.flatMap((h) => h.vms), ...s.unassignedVms];
}

/** Which hosts and VMs differ between two snapshots (added, removed or changed), so views refresh only those. */
export function diffSnapshots(a: EstateSnapshot, b: EstateSnapshot): SnapshotDiff {
  const changedHosts = new Set<string>();
  const aHosts = new Map(a.hosts.map((h) => [h.key, h]));
  const bHosts = new Map(b.hosts.map((h) => [h.key, h]));
  for (const [key, h] of aHosts) {
    const other = bHosts.get(key);
    if (other === undefined || hostFingerprint(h) !== hostFingerprint(other)) {
      changedHosts.add(key);
    }
  }
  for (const key of bHosts.keys()) {
    if (!aHosts.has(key)) {
      changedHosts.add(key);
    }
  }
  if (canonical(a.unassignedVms.map((v) => v.key)) !== canonical(b.unassignedVms.map((v) => v.key))) {
    changedHosts.add(UNASSIGNED_HOST_KEY);
  }

  const changedVms = new Set<string>();
  const aVms = new Map(allVms(a).map((v) => [v.key, v]));
  const bVms = new Map(allVms(b).map((v) => [v.key, v]));
  for (const [key, v] of aVms) {
    const other = bVms.get(key);
    if (other === undefined || vmFingerprint(v) !== vmFingerprint(other)) {
      changedVms.add(key);
    }
  }
  for (const key of bVms.keys()) {
    if (!aVms.has(key)) {
      changedVms.add(key);
    }
  }
  return { changedHostKeys: [...changedHosts].sort(), changedVmKeys: [...changedVms].sort() };
}
