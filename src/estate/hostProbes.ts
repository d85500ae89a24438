// The host probes of an estate refresh (refresh.ts): the local machine, then each remote host
// over PowerShell (host facts and VM inventory), each answer kept as a HostProbe for the snapshot.

import * as l10n from '@vscode/l10n';
import type { HostProbe } from '.';
import { HyperVError } from '../services/hyperv/errors';
import { getHostInfo } from '../services/hyperv/hostInfo';
import type { ScriptRunner } from '../services/hyperv/powershellRunner';
import type { HyperVCredential } from '../services/hyperv/target';
import { getVmInventory } from '../services/hyperv/vmInventory';

/** What probing needs of a refresh's dependencies (EstateRefreshDeps). */
export interface HostProbeDeps {
  runner: ScriptRunner;
  /** Credentials for a remote host (from SecretStorage), when the user gave some. */
  credentialsFor?: (host: string) => Promise<HyperVCredential | undefined>;
}

function shortName(name: string): string {
  return name.toLowerCase().split('.')[0] ?? name.toLowerCase();
}

/** An error's message, or the thrown value as text. */
export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A call cancelled on purpose (PowerShell replaced, refresh stopped) is not news for the user. */
export function cancelled(e: unknown): boolean {
  return e instanceof HyperVError && e.code === 'Cancelled';
}

/** How each PowerShell call of a refresh runs: its cancellation and timeout. */
export type RunOptions = { signal?: AbortSignal; timeoutMs?: number };

/**
 * The local machine: probed without a computer name (no remoting needed). Its name once it
 * answered as a Hyper-V host (kept when its inventory then fails), and its probe.
 */
export async function probeLocal(deps: HostProbeDeps, run: RunOptions, now: () => Date, warnings: string[]): Promise<{ localName?: string; probe?: HostProbe }> {
  let localName: string | undefined;
  try {
    const info = await getHostInfo(deps.runner, {}, run);
    if (!info.hyperVModule) return {};
    localName = info.fqdn || info.name;
    const vms = await getVmInventory(deps.runner, {}, run);
    return { localName, probe: { ok: true, info, vms, at: now() } };
  } catch (e) {
    if (!cancelled(e)) warnings.push(l10n.t('This computer was not added as a Hyper-V host: {0}', message(e)));
    return localName !== undefined ? { localName } : {};
  }
}

/** Probes each remote host once: names that share a first label are one host; prefer its FQDN. */
export async function probeRemoteHosts(
  deps: HostProbeDeps,
  hosts: { sources: readonly { name: string; source: string }[]; localName: string | undefined; onlyHosts: readonly string[] | undefined },
  run: RunOptions,
  now: () => Date,
  probes: Map<string, HostProbe>,
): Promise<void> {
  const byShort = new Map<string, string>();
  for (const { name, source } of hosts.sources) {
    if (source === 'local') continue;
    const key = shortName(name);
    const known = byShort.get(key);
    if (!known || (!known.includes('.') && name.includes('.'))) byShort.set(key, name);
  }
  if (hosts.localName) byShort.delete(shortName(hosts.localName));
  const only = hosts.onlyHosts?.map(shortName);
  for (const name of byShort.values()) {
    run.signal?.throwIfAborted();
    if (only && !only.includes(shortName(name))) continue;
    const credential = deps.credentialsFor ? await deps.credentialsFor(name) : undefined;
    const target = { computerName: name, ...(credential ? { credential } : {}) };
    try {
      const info = await getHostInfo(deps.runner, target, run);
      const vms = info.hyperVModule ? await getVmInventory(deps.runner, target, run) : [];
      probes.set(name.toLowerCase(), { ok: true, info, vms, at: now() });
    } catch (e) {
      probes.set(name.toLowerCase(), { ok: false, error: e instanceof Error ? e : new Error(message(e)), at: now() });
    }
  }
}
