// Installing and registering the Site Recovery provider on a Hyper-V host, step by step, with
// progress, resumable after a failure without redoing finished steps (asr-api-facts section 3):
//   install   - check the host first (support matrix, .NET Framework 4.6.2, domain controller),
//               get the installer (HTTPS download, or a local file or share), check that Microsoft
//               signed it, and install it silently
//   register  - unless the vault already lists the host in the site, create vault credentials,
//               write them to an admin-only file on the host, run DRConfigurator.exe /r (proxy
//               options when set) with its own timeout, delete the file whatever happens (and any
//               file a killed run left, at the next install or register on that host)
//   connected - wait until the host is a connected provider in the vault's site

import * as l10n from '@vscode/l10n';
import type { VaultContext } from '../services/azure/clients';
import { listRegisteredHosts, type RegisteredHost } from '../services/azure/providers';
import { createVaultCredentials, type VaultCredentialsFile } from '../services/azure/vaultCredentials';
import { preflightHost } from '../model/preflight';
import { HyperVError, hyperVError } from '../services/hyperv/errors';
import { getHostInfo } from '../services/hyperv/hostInfo';
import type { ScriptRunner } from '../services/hyperv/powershellRunner';
import { installAsrProviderScript, registerAsrProviderScript } from '../services/hyperv/scripts';
import { checkedHostName, hostScriptInput, type HyperVTarget } from '../services/hyperv/target';
import { abortableSleep } from '../services/abortableSleep';

export type ProviderSetupStep = 'install' | 'register' | 'connected';
export const providerSetupSteps: readonly ProviderSetupStep[] = ['install', 'register', 'connected'];

export type StepStatus = 'running' | 'done' | 'skipped' | 'failed';

export interface ProviderSetupProgress {
  step: ProviderSetupStep;
  status: StepStatus;
  /** A sentence for the progress view. */
  message: string;
}

/** What is done so far: pass it back as `resumeFrom` to carry on after a failure. */
export interface ProviderSetupState {
  host: string;
  completed: ProviderSetupStep[];
  providerVersion?: string | undefined;
  /** The installer asked for a restart of the host (exit code 3010) to finish. */
  rebootRequired?: boolean;
}

export interface ProviderSetupOptions {
  /** Installer on a local path or share, for hosts without internet. Else it is downloaded. */
  installerPath?: string;
  installerUrl?: string;
  proxy?: { address: string; port: number; userName?: string; password?: string };
  resumeFrom?: ProviderSetupState;
  onProgress?: (p: ProviderSetupProgress) => void;
  signal?: AbortSignal;
  /** How long to wait for the host to show as connected in the vault (default 30 min, as Azure documents). */
  waitTimeoutMs?: number;
  pollIntervalMs?: number;
  /** Timeout of the install script (the installer is large; default 20 min). */
  installTimeoutMs?: number;
  /** Timeout of the register script (DRConfigurator.exe /r often takes minutes; default 15 min). */
  registerTimeoutMs?: number;
  /**
   * Supplies the vault credentials for the register step, for a caller that creates the file as
   * a step of its own (and reuses it while it is valid). Default: a fresh file from
   * createVaultCredentials at each attempt.
   */
  vaultCredentials?: () => Promise<Pick<VaultCredentialsFile, 'xml'>>;
}

export interface ProviderSetupSite {
  fabricName: string;
  siteIdentifier: string;
  siteName: string;
}

/** A failed step, with the state to resume from. */
export class ProviderSetupError extends Error {
  constructor(
    readonly step: ProviderSetupStep,
    readonly state: ProviderSetupState,
    override readonly cause: unknown,
  ) {
    super(l10n.t('{0} failed on {1}: {2}', stepTitle(step), state.host, cause instanceof Error ? cause.message : String(cause)));
    this.name = 'ProviderSetupError';
  }
}

export function stepTitle(step: ProviderSetupStep): string {
  switch (step) {
    case 'install':
      return l10n.t('Installing the Site Recovery provider');
    case 'register':
      return l10n.t('Registering the host with the vault');
    case 'connected':
      return l10n.t('Waiting for the host to connect to the vault');
  }
}

/** What a finished step says (the install also says when the host must restart to finish). */
export function doneMessage(step: ProviderSetupStep, state: ProviderSetupState, hostFqdn: string): string {
  if (step === 'connected') return l10n.t('{0} is connected to the vault.', hostFqdn);
  if (step === 'install' && state.rebootRequired) {
    return l10n.t('{0}: done. The installer asks for a restart of {1} to finish: restart it when convenient to finish the installation.', stepTitle(step), hostFqdn);
  }
  return l10n.t('{0}: done.', stepTitle(step));
}

/** Default timeout of the register step: DRConfigurator.exe /r often takes minutes. */
export const DEFAULT_REGISTER_TIMEOUT_MS = 15 * 60_000;

/**
 * Refuses an installer URL that is not https:// (the script refuses it too). Undefined or empty:
 * the default https://aka.ms/downloaddra (hyper-v-azure-powershell-resource-manager.md).
 */
export function checkInstallerUrl(url: string | undefined, host: string): void {
  if (url === undefined || url.trim() === '') return;
  let protocol: string | undefined;
  try {
    protocol = new URL(url.trim()).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'https:') {
    throw hyperVError('InstallerUrlNotHttps', { host }, l10n.t('"{0}" is not an https:// URL.', url));
  }
}

function sameHost(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x === y || x.split('.')[0] === y.split('.')[0];
}

/** Waits `ms`; aborting `signal` ends the wait at once (HyperVError Cancelled). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return abortableSleep(ms, signal, () => new HyperVError({ code: 'Cancelled', message: l10n.t('Cancelled.') }));
}

type Report = (step: ProviderSetupStep, status: StepStatus, message: string) => void;

/** What one step works with. */
interface StepInput {
  runner: ScriptRunner;
  vctx: VaultContext;
  site: ProviderSetupSite;
  target: HyperVTarget & { hostFqdn: string };
  options: ProviderSetupOptions;
  state: ProviderSetupState;
  report: Report;
  /** The host the scripts run on (its computer name, else its FQDN). */
  host: string;
}

/** The install step: 'skipped' when the provider is installed already (reported as such). */
async function installStep({ runner, target, options, state, report, host }: StepInput): Promise<'done' | 'skipped'> {
  const step = 'install';
  if (options.installerPath === undefined || options.installerPath === '') checkInstallerUrl(options.installerUrl, host);
  const info = await getHostInfo(runner, target, { signal: options.signal });
  // Refuse before anything is installed: an OS outside the support matrix, .NET Framework
  // older than 4.6.2; warn about a domain controller (no source either way).
  const support = preflightHost({
    name: info.name,
    osCaption: info.osCaption,
    osBuild: info.osBuild,
    isServerCore: info.isServerCore,
    ...(info.domainRole !== undefined ? { domainRole: info.domainRole } : {}),
    ...(info.dotNetRelease !== undefined ? { dotNetRelease: info.dotNetRelease } : {}),
  });
  const blocker = support.findings.find((f) => f.severity === 'error');
  if (blocker) {
    throw blocker.ruleId.startsWith('host.os.') ? hyperVError('HostOsNotSupported', { host }, blocker.message) : hyperVError('HostNotReady', { host }, blocker.message);
  }
  for (const warning of support.findings.filter((f) => f.severity === 'warning')) report(step, 'running', warning.message);
  if (info.provider.installed) {
    state.providerVersion = info.provider.version;
    report(
      step,
      'skipped',
      info.provider.version ? l10n.t('The provider {0} is already installed on {1}.', info.provider.version, host) : l10n.t('The provider is already installed on {0}.', host),
    );
    return 'skipped';
  }
  const data = (await runner.run(
    installAsrProviderScript,
    {
      ...hostScriptInput(target),
      installerUrl: options.installerUrl ?? null,
      installerPath: options.installerPath ?? null,
    },
    { signal: options.signal, host, timeoutMs: options.installTimeoutMs ?? 20 * 60_000 },
  )) as { version?: unknown; rebootRequired?: unknown };
  state.providerVersion = typeof data.version === 'string' ? data.version : undefined;
  if (data.rebootRequired === true) state.rebootRequired = true;
  return 'done';
}

/** The register step: 'skipped' when the vault lists the host in the site already (reported as such). */
async function registerStep({ runner, vctx, site, target, options, report, host }: StepInput): Promise<'done' | 'skipped'> {
  // A retry (or a run after one that was killed mid-way) must not register again: the
  // vault's list of registered servers says whether the host is already in the site.
  const already = await findRegistered(vctx, site.fabricName, target.hostFqdn, options.signal);
  if (already) {
    report('register', 'skipped', l10n.t("{0} is already registered in the vault's site {1}.", target.hostFqdn, site.siteName));
    return 'skipped';
  }
  // A fresh credentials file each attempt (they expire after 5 days), unless the caller supplies it.
  const credentials = options.vaultCredentials ? await options.vaultCredentials() : await createVaultCredentials(vctx, site);
  await runner.run(
    registerAsrProviderScript,
    {
      ...hostScriptInput(target),
      friendlyName: checkedHostName(target.hostFqdn),
      vaultCredentials: credentials.xml,
      proxy: options.proxy ?? null,
    },
    { signal: options.signal, host, timeoutMs: options.registerTimeoutMs ?? DEFAULT_REGISTER_TIMEOUT_MS },
  );
  return 'done';
}

/**
 * Runs the steps not yet completed. Returns the final state; throws ProviderSetupError naming the
 * failed step (and the state to resume from) otherwise.
 */
export async function setupProvider(
  runner: ScriptRunner,
  vctx: VaultContext,
  site: ProviderSetupSite,
  target: HyperVTarget & { hostFqdn: string },
  options: ProviderSetupOptions = {},
): Promise<ProviderSetupState> {
  const state: ProviderSetupState = {
    host: target.hostFqdn,
    completed: [...(options.resumeFrom?.completed ?? [])],
    ...(options.resumeFrom?.providerVersion !== undefined ? { providerVersion: options.resumeFrom.providerVersion } : {}),
  };
  const report: Report = (step, status, message) => options.onProgress?.({ step, status, message });
  const input: StepInput = { runner, vctx, site, target, options, state, report, host: target.computerName ?? target.hostFqdn };

  for (const step of providerSetupSteps) {
    if (state.completed.includes(step)) {
      report(step, 'skipped', l10n.t('{0}: already done.', stepTitle(step)));
      continue;
    }
    report(step, 'running', `${stepTitle(step)}…`);
    let outcome: 'done' | 'skipped';
    try {
      if (step === 'install') outcome = await installStep(input);
      else if (step === 'register') outcome = await registerStep(input);
      else {
        await waitUntilConnected(vctx, site.fabricName, target.hostFqdn, options);
        outcome = 'done';
      }
    } catch (e) {
      report(step, 'failed', e instanceof Error ? e.message : String(e));
      throw new ProviderSetupError(step, state, e);
    }
    state.completed.push(step);
    if (outcome === 'done') report(step, 'done', doneMessage(step, state, target.hostFqdn));
  }
  return state;
}

/**
 * The host as the vault's site lists it, or undefined (also when the list cannot be read: then
 * registering is the way to find out). A cancelled read is not a reason to register: it throws.
 */
async function findRegistered(vctx: VaultContext, fabricName: string, hostFqdn: string, signal: AbortSignal | undefined): Promise<RegisteredHost | undefined> {
  try {
    return (await listRegisteredHosts(vctx, fabricName, { signal })).find((h) => sameHost(h.friendlyName, hostFqdn));
  } catch (e) {
    if (signal?.aborted) throw e;
    return undefined;
  }
}

/** Polls the vault's registered hosts until this host is a connected provider of the site. */
export async function waitUntilConnected(
  vctx: VaultContext,
  fabricName: string,
  hostFqdn: string,
  options: Pick<ProviderSetupOptions, 'waitTimeoutMs' | 'pollIntervalMs' | 'signal'> = {},
): Promise<RegisteredHost> {
  const deadline = Date.now() + (options.waitTimeoutMs ?? 30 * 60_000);
  for (;;) {
    const hosts = await listRegisteredHosts(vctx, fabricName, { signal: options.signal });
    const found = hosts.find((h) => sameHost(h.friendlyName, hostFqdn));
    if (found && found.connectionStatus === 'Connected') return found;
    if (Date.now() > deadline) {
      const seen = found ? l10n.t('it is registered but {0}', found.connectionStatus ?? l10n.t('not connected')) : l10n.t('it does not appear in the vault yet');
      throw new HyperVError({
        code: 'Timeout',
        host: hostFqdn,
        message: l10n.t(
          '{0} did not connect to the vault in time: {1}. Check that the host reaches Azure over HTTPS (port 443) and that the Microsoft Azure Site Recovery Provider service runs, then retry.',
          hostFqdn,
          seen,
        ),
      });
    }
    await sleep(options.pollIntervalMs ?? 10_000, options.signal);
  }
}
