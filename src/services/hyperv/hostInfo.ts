// Get-HostInfo: what a Hyper-V host is (name, OS, cluster, Hyper-V module, ASR provider).

import { PayloadReader, type PayloadContext } from './envelope';
import type { RunOptions, ScriptRunner } from './powershellRunner';
import { getHostInfoScript } from './scripts';
import { hostScriptInput, targetHost, type HyperVTarget } from './target';

export interface HostProviderInfo {
  /** The Azure Site Recovery provider is installed. */
  installed: boolean;
  version?: string;
  /** The provider is registered with a vault. */
  registered: boolean;
  vaultName?: string;
  siteName?: string;
}

export interface HostInfo {
  name: string;
  fqdn: string;
  osCaption: string;
  osBuild: number;
  isServerCore: boolean;
  /** The failover cluster the host belongs to. */
  cluster?: string;
  /** The Hyper-V PowerShell module is installed. */
  hyperVModule: boolean;
  provider: HostProviderInfo;
}

/** Validates and normalizes Get-HostInfo's envelope data (5.1 or 7 JSON). */
export function normalizeHostInfo(data: unknown, ctx: PayloadContext = { script: getHostInfoScript.name }): HostInfo {
  const r = new PayloadReader(ctx);
  // Invoke-Command may hand back a one-element array.
  const one = Array.isArray(data) && data.length === 1 ? (data[0] as unknown) : data;
  const d = r.object(one, 'data');
  const p = r.object(d.provider, 'data.provider');
  const osBuild = r.integer(d, 'osBuild', 'data');
  const cluster = r.optionalString(d, 'cluster', 'data');
  const version = r.optionalString(p, 'version', 'data.provider');
  const vaultName = r.optionalString(p, 'vaultName', 'data.provider');
  const siteName = r.optionalString(p, 'siteName', 'data.provider');
  return {
    name: r.string(d, 'name', 'data'),
    fqdn: r.string(d, 'fqdn', 'data'),
    osCaption: r.string(d, 'osCaption', 'data'),
    osBuild,
    isServerCore: r.boolean(d, 'isServerCore', 'data'),
    ...(cluster !== undefined ? { cluster } : {}),
    hyperVModule: r.boolean(d, 'hyperVModule', 'data'),
    provider: {
      installed: r.boolean(p, 'installed', 'data.provider'),
      ...(version !== undefined ? { version } : {}),
      registered: r.boolean(p, 'registered', 'data.provider'),
      ...(vaultName !== undefined ? { vaultName } : {}),
      ...(siteName !== undefined ? { siteName } : {}),
    },
  };
}

/** Runs Get-HostInfo on the target (or the local computer). Throws HyperVError. */
export async function getHostInfo(
  runner: ScriptRunner,
  target: HyperVTarget,
  options: Omit<RunOptions, 'host'> = {},
): Promise<HostInfo> {
  const host = targetHost(target);
  const data = await runner.run(getHostInfoScript, hostScriptInput(target), {
    ...options,
    ...(host !== undefined ? { host } : {}),
  });
  return normalizeHostInfo(data, { script: getHostInfoScript.name, ...(host !== undefined ? { host } : {}) });
}
