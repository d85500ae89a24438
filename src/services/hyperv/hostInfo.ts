// Get-HostInfo: what a Hyper-V host is (name, OS, cluster, Hyper-V module, ASR provider).

import { PayloadReader, type PayloadContext } from './envelope';
import { hostLabel } from './errors';
import type { RunOptions, ScriptRunner } from './powershellRunner';
import { getHostInfoScript } from './scripts';
import { checkedHostName, hostScriptInput, targetHost, type HyperVTarget } from './target';

export interface HostProviderInfo {
  /**
   * The Azure Site Recovery provider is installed: DRConfigurator.exe is where
   * hyper-v-azure-tutorial.md puts it, or the "Microsoft Azure Site Recovery service" that
   * hyper-v-azure-troubleshoot.md names exists.
   */
  installed: boolean;
  /** DRConfigurator.exe's file version. */
  version?: string;
  /** The status of the Microsoft Azure Site Recovery Service (e.g. "Running"), when it exists. */
  serviceStatus?: string;
  /**
   * The host does not say whether it is registered (no documented sign on the host): the vault's
   * list of registered servers does. Kept for older callers; Get-HostInfo 2 and later never set it.
   */
  registered?: boolean;
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
  /** Win32_ComputerSystem.DomainRole: 4 backup, 5 primary domain controller. */
  domainRole?: number;
  /** The .NET Framework 4.5+ Release value (0: no 4.5 or later). */
  dotNetRelease?: number;
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
  const serviceStatus = r.optionalString(p, 'serviceStatus', 'data.provider');
  const registered = r.optionalBoolean(p, 'registered', 'data.provider');
  const domainRole = r.optionalNumber(d, 'domainRole', 'data');
  const dotNetRelease = r.optionalNumber(d, 'dotNetRelease', 'data');
  return {
    name: r.string(d, 'name', 'data'),
    // The FQDN becomes the provider's friendly name on DRConfigurator.exe's command line.
    fqdn: checkedHostName(r.string(d, 'fqdn', 'data'), `${ctx.script ?? getHostInfoScript.name} on ${hostLabel(ctx.host)} reported it as the host's FQDN`),
    osCaption: r.string(d, 'osCaption', 'data'),
    osBuild,
    isServerCore: r.boolean(d, 'isServerCore', 'data'),
    ...(cluster !== undefined ? { cluster } : {}),
    hyperVModule: r.boolean(d, 'hyperVModule', 'data'),
    provider: {
      installed: r.boolean(p, 'installed', 'data.provider'),
      ...(version !== undefined ? { version } : {}),
      ...(serviceStatus !== undefined ? { serviceStatus } : {}),
      ...(registered !== undefined ? { registered } : {}),
      ...(vaultName !== undefined ? { vaultName } : {}),
      ...(siteName !== undefined ? { siteName } : {}),
    },
    ...(domainRole !== undefined ? { domainRole } : {}),
    ...(dotNetRelease !== undefined ? { dotNetRelease } : {}),
  };
}

/** Runs Get-HostInfo on the target (or the local computer). Throws HyperVError. */
export async function getHostInfo(runner: ScriptRunner, target: HyperVTarget, options: Omit<RunOptions, 'host'> = {}): Promise<HostInfo> {
  const host = targetHost(target);
  const data = await runner.run(getHostInfoScript, hostScriptInput(target), {
    ...options,
    ...(host !== undefined ? { host } : {}),
  });
  return normalizeHostInfo(data, { script: getHostInfoScript.name, ...(host !== undefined ? { host } : {}) });
}
