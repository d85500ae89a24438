// Host grouping: the names a host is known by (this computer, the setting, AD, the vault) gathered into one host.
// (Split from the former src/services/estate.ts.)

import type { RegisteredHost } from '../services/azure/providers';
import type { HostSource, HostProbe, EstateInput, EstateHost, EstateSnapshot } from './types';
import { isFqdn, cleanName, shortOf } from './names';

// ---------------------------------------------------------------------------------------------
// Host grouping

export interface Group {
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

export interface Entry {
  names: string[];
  fqdnLower?: string;
  source: HostSource;
  registered?: RegisteredHost;
  probe?: HostProbe;
}

export class HostIndex {
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

export function pushUnique<T>(list: T[], value: T): void {
  if (!list.includes(value)) {
    list.push(value);
  }
}

export function entryShorts(entry: Entry): string[] {
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
export class ProbeIndex {
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

export function fqdnOfProbe(probe: HostProbe | undefined): string | undefined {
  if (probe?.ok !== true) {
    return undefined;
  }
  const fqdn = cleanName(probe.info.fqdn);
  return fqdn !== undefined && isFqdn(fqdn) ? fqdn.toLowerCase() : undefined;
}

/** The best of several probe results for one host: a success over a failure, then the newest. */
export function bestProbe(probes: HostProbe[]): HostProbe | undefined {
  let best: HostProbe | undefined;
  for (const p of probes) {
    if (best === undefined || (p.ok && !best.ok) || (p.ok === best.ok && p.at.getTime() > best.at.getTime())) {
      best = p;
    }
  }
  return best;
}

export class PreviousIndex {
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

export function groupHosts(input: EstateInput, probes: ProbeIndex, previous: PreviousIndex): Group[] {
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
