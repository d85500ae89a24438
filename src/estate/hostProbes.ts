// The host probes of an estate refresh (refresh.ts): the local machine, then each remote host
// over PowerShell (host facts and VM inventory in one script, several hosts at once), each answer
// kept as a HostProbe for the snapshot and reported as it comes.

import * as l10n from '@vscode/l10n';
import type { HostProbe } from '.';
import { HyperVError } from '../services/hyperv/errors';
import type { HostSource } from '../services/hyperv/discovery';
import { probeHyperVHost } from '../services/hyperv/hostProbe';
import type { ScriptRunner } from '../services/hyperv/powershellRunner';
import type { HyperVCredential } from '../services/hyperv/target';

/** What probing needs of a refresh's dependencies (EstateRefreshDeps). */
export interface HostProbeDeps {
  runner: ScriptRunner;
  /** Credentials for a remote host (from SecretStorage), when the user gave some. */
  credentialsFor?: (host: string) => Promise<HyperVCredential | undefined>;
}

/** A host name's first label, lower case: names that share it are one host. */
export function shortName(name: string): string {
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
    const { info, vms, inventoryError } = await probeHyperVHost(deps.runner, {}, run);
    if (!info.hyperVModule) return {};
    localName = info.fqdn || info.name;
    if (inventoryError) throw inventoryError;
    return { localName, probe: { ok: true, info, vms: vms ?? [], at: now() } };
  } catch (e) {
    if (!cancelled(e)) warnings.push(l10n.t('This computer was not added as a Hyper-V host: {0}', message(e)));
    return localName !== undefined ? { localName } : {};
  }
}

/** A remote host's probe as it answers (before the others): its name, the probe and where the host was found. */
export interface HostProbed {
  name: string;
  probe: HostProbe;
  sources: { name: string; source: HostSource }[];
}

/** How the remote hosts are probed: how many at once, and who hears of each answer. */
export interface RemoteProbeOptions {
  /** Hosts probed at once (default 1); the runner bounds its own sessions too (runnerPool.ts). */
  concurrency?: number;
  onHostProbed?: (probed: HostProbed) => void;
}

/** One remote host, in one script (Get-HostProbe): its facts and VMs, or the error that stopped it. */
async function probeRemoteHost(deps: HostProbeDeps, name: string, run: RunOptions, now: () => Date): Promise<HostProbe> {
  const credential = deps.credentialsFor ? await deps.credentialsFor(name) : undefined;
  const target = { computerName: name, ...(credential ? { credential } : {}) };
  try {
    const { info, vms, inventoryError } = await probeHyperVHost(deps.runner, target, run);
    if (inventoryError) throw inventoryError;
    return { ok: true, info, vms: vms ?? [], at: now() };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e : new Error(message(e)), at: now() };
  }
}

/**
 * Probes each remote host once: names that share a first label are one host; prefer its FQDN.
 * Up to `concurrency` hosts at once, each reported as it answers; `probes` gets them in the
 * hosts' order once all have answered.
 */
export async function probeRemoteHosts(
  deps: HostProbeDeps,
  hosts: { sources: readonly { name: string; source: HostSource }[]; localName: string | undefined; onlyHosts: readonly string[] | undefined },
  run: RunOptions,
  now: () => Date,
  probes: Map<string, HostProbe>,
  options: RemoteProbeOptions = {},
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
  const names = [...byShort.values()].filter((name) => !only || only.includes(shortName(name)));
  const results: (HostProbe | undefined)[] = names.map(() => undefined);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < names.length; i = next++) {
      run.signal?.throwIfAborted();
      const name = names[i];
      const probe = await probeRemoteHost(deps, name, run, now);
      results[i] = probe;
      options.onHostProbed?.({ name, probe, sources: hosts.sources.filter((s) => s.source !== 'local' && shortName(s.name) === shortName(name)) });
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 1, names.length));
  await Promise.all(Array.from({ length: workers }, worker));
  names.forEach((name, i) => {
    const probe = results[i];
    if (probe) probes.set(name.toLowerCase(), probe);
  });
}
