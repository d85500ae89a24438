// Host facts: what a host is (from its probe, or carried from the previous snapshot), its registration and support.
// (Split from the former src/services/estate.ts.)

import type { PreflightFinding } from '../model/preflight';
import { preflightHost, preflightRules } from '../model/preflight';
import { asString, equalsIgnoreCase, readProp } from '../model/wireValues';
import type { RegisteredHost } from '../services/azure/providers';
import type { HostInfo } from '../services/hyperv/hostInfo';
import type { EstateProvider, EstateVm, EstateHost, HostProbe, HyperVFacts } from './types';
import { hostSourceOrder } from './types';
import { isFqdn, cleanName } from './names';
import type { Group } from './grouping';
import { bestProbe } from './grouping';
import { hyperVFacts } from './vmFacts';

// ---------------------------------------------------------------------------------------------
// Host facts

export interface HostFacts {
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

export function factsFromInfo(info: HostInfo): HostFacts {
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

export function factsFromPrevious(h: EstateHost): HostFacts {
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

export function errorCode(error: Error): string | undefined {
  return asString(readProp(error, 'code'));
}

/** The vault's view of the host: a connected provider first, then the newest heartbeat. */
export function bestRegistration(list: RegisteredHost[]): RegisteredHost | undefined {
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

export function support(name: string, facts: HostFacts): { supported: boolean | undefined; reason?: string } {
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

export interface HostDraft {
  host: EstateHost;
  /** Inventory VMs claimed by this host. */
  claims: { vm: HyperVFacts; stale: boolean }[];
  registered: RegisteredHost[];
  previous?: EstateHost;
}

/** What this round says of a host's reachability, and the VMs it claims: from its probe, else the previous snapshot. */
interface HostState {
  facts: HostFacts;
  reachable: boolean;
  probed: boolean;
  unreachableReason: string | undefined;
  unreachableCode: string | undefined;
  lastSeen: Date | undefined;
  claims: { vm: HyperVFacts; stale: boolean }[];
}

function hostState(probe: HostProbe | undefined, prev: EstateHost | undefined): HostState {
  const claims: { vm: HyperVFacts; stale: boolean }[] = [];
  const previousInventory = (stale: (v: EstateVm) => boolean): void => {
    for (const v of prev?.vms ?? []) {
      if (v.hyperV !== undefined) {
        claims.push({ vm: v.hyperV, stale: stale(v) });
      }
    }
  };

  if (probe?.ok === true) {
    for (const vm of probe.vms) {
      claims.push({ vm: hyperVFacts(vm), stale: false });
    }
    return { facts: factsFromInfo(probe.info), reachable: true, probed: true, unreachableReason: undefined, unreachableCode: undefined, lastSeen: probe.at, claims };
  }
  if (probe !== undefined) {
    // Unreachable now: last known facts and VMs (stale), with the reason.
    previousInventory(() => true);
    const facts = prev !== undefined ? factsFromPrevious(prev) : {};
    return { facts, reachable: false, probed: true, unreachableReason: probe.error.message, unreachableCode: errorCode(probe.error), lastSeen: prev?.lastSeen, claims };
  }
  if (prev !== undefined) {
    // Not probed this round: nothing new, keep what was known.
    previousInventory((v) => v.stale);
    const { reachable, probed, unreachableReason, unreachableCode, lastSeen } = prev;
    return { facts: factsFromPrevious(prev), reachable, probed, unreachableReason, unreachableCode, lastSeen, claims };
  }
  return { facts: {}, reachable: false, probed: false, unreachableReason: undefined, unreachableCode: undefined, lastSeen: undefined, claims };
}

/** The host's key, display name and FQDN, from what it says of itself, the vault, its sources and the previous snapshot. */
function hostNames(g: Group, facts: HostFacts, reg: RegisteredHost | undefined): { key: string; name: string; fqdn?: string } {
  const prev = g.previous;
  const nonFqdnName = g.names.find((n) => !isFqdn(n));
  const fqdnCandidates = [facts.fqdn, reg?.friendlyName, ...g.names, prev?.fqdn];
  const fqdn = g.fqdnLower !== undefined ? (fqdnCandidates.find((c) => c !== undefined && c.toLowerCase() === g.fqdnLower) ?? g.fqdnLower) : undefined;
  const name =
    facts.name ?? (prev !== undefined && prev.name.length > 0 ? prev.name : undefined) ?? nonFqdnName ?? (fqdn !== undefined ? fqdn.split('.')[0] : undefined) ?? g.names[0] ?? '';
  const key = g.fqdnLower ?? name.toLowerCase();
  return fqdn !== undefined ? { key, name, fqdn } : { key, name };
}

/** The Site Recovery provider on the host: what the host says (installed, version, its registration) and what the vault says. */
function providerOf(facts: HostFacts, reg: RegisteredHost | undefined): EstateProvider {
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
    if (reg.unreadable !== undefined) {
      provider.unreadable = reg.unreadable;
    }
  }
  if (facts.hostRegistration !== undefined) {
    provider.hostRegistration = facts.hostRegistration;
  }
  return provider;
}

export function draftHost(g: Group): HostDraft {
  const prev = g.previous;
  const state = hostState(bestProbe(g.probes), prev);
  const facts = state.facts;
  const reg = bestRegistration(g.registered);
  const { key, name, fqdn } = hostNames(g, facts, reg);

  const sup = support(name, facts);
  const host: EstateHost = {
    key,
    name,
    sources: hostSourceOrder.filter((s) => g.sources.has(s)),
    reachable: state.reachable,
    probed: state.probed,
    supported: sup.supported,
    provider: providerOf(facts, reg),
    vms: [],
    protectedCount: 0,
  };
  if (fqdn !== undefined) {
    host.fqdn = fqdn;
  }
  if (state.unreachableReason !== undefined) {
    host.unreachableReason = state.unreachableReason;
  }
  if (state.unreachableCode !== undefined) {
    host.unreachableCode = state.unreachableCode;
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
  if (state.lastSeen !== undefined) {
    host.lastSeen = state.lastSeen;
  }
  const draft: HostDraft = { host, claims: state.claims, registered: g.registered };
  if (prev !== undefined) {
    draft.previous = prev;
  }
  return draft;
}
