// Where Hyper-V hosts come from: the local machine, the azureSiteRecovery.hyperV.hosts setting,
// Active Directory (the "Microsoft Hyper-V" service connection points) and the hosts already
// registered in the vault. Names are merged case-insensitively; the first source wins the order.

import type { RegisteredHost } from '../azure/providers';
import { asArray } from './envelope';
import type { RunOptions, ScriptRunner } from './powershellRunner';
import { findHyperVHostsScript } from './scripts';

/** Where the extension learned of a host. */
export type HostSource = 'local' | 'setting' | 'activeDirectory' | 'vault';

export interface DiscoveredHostName {
  name: string;
  fqdn?: string;
}

/** Hosts that publish a Hyper-V service connection point in Active Directory. */
export async function findHostsInActiveDirectory(runner: ScriptRunner, options: Omit<RunOptions, 'host'> = {}): Promise<DiscoveredHostName[]> {
  const data = (await runner.run(findHyperVHostsScript, {}, options)) as { hosts?: unknown } | null;
  const hosts = asArray(data?.hosts as DiscoveredHostName | DiscoveredHostName[] | null | undefined);
  return hosts
    .filter((h): h is DiscoveredHostName => typeof h === 'object' && h !== null && typeof h.name === 'string' && h.name.length > 0)
    .map((h) => (typeof h.fqdn === 'string' && h.fqdn.length > 0 ? { name: h.name, fqdn: h.fqdn } : { name: h.name }));
}

/** A host name from a setting: trimmed, without a leading \\, not empty, no spaces or slashes. */
export function normalizeHostName(raw: string): string | undefined {
  const name = raw.trim().replace(/^\\\\/, '');
  return /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/.test(name) ? name : undefined;
}

export interface HostSourcesInput {
  /** Probe the machine the extension runs on (when it is a Hyper-V host). */
  includeLocal: boolean;
  localName?: string;
  settingHosts: readonly string[];
  activeDirectoryHosts: readonly DiscoveredHostName[];
  registeredHosts: readonly RegisteredHost[];
}

export interface HostSourceList {
  sources: { name: string; source: HostSource }[];
  /** Setting entries that are not host names (shown to the user, not probed). */
  invalidSettingEntries: string[];
}

/** Every host to show, once, with where it was found. */
export function collectHostSources(input: HostSourcesInput): HostSourceList {
  const sources: { name: string; source: HostSource }[] = [];
  const invalidSettingEntries: string[] = [];
  const add = (name: string, source: HostSource): void => {
    sources.push({ name, source });
  };
  if (input.includeLocal && input.localName) add(input.localName, 'local');
  for (const raw of input.settingHosts) {
    const name = normalizeHostName(raw);
    if (name) add(name, 'setting');
    else invalidSettingEntries.push(raw);
  }
  for (const h of input.activeDirectoryHosts) add(h.fqdn ?? h.name, 'activeDirectory');
  for (const h of input.registeredHosts) if (h.friendlyName) add(h.friendlyName, 'vault');
  return { sources, invalidSettingEntries };
}
