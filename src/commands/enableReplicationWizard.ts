// Opens the Enable Replication wizard with what it needs from the extension: the estate's hosts
// and VMs, the vault, the PowerShell session, saved host credentials, the provider settings,
// and the job tracker (the status bar follows every job the run starts).
import * as vscode from 'vscode';
import { readHyperVSettings } from '../connection/settings';
import { findVmByKey, type EstateHost, type EstateSnapshot } from '../estate';
import { notifyWhenProtected, type ProtectionSource } from '../jobs/notifier';
import type { ReplicationWatch } from '../webviews/enableReplication/initialReplication';
import type { NoticeWizard } from '../webviews/form/noticeWizard';
import { planEstateOf, restoredEnableReplicationWizard } from '../webviews/enableReplication/restoredWizard';
import { parseProviderProxy } from '../services/hyperv/executable';
import { checkedHostName } from '../services/hyperv/target';
import type { EnableReplicationDeps } from '../webviews/enableReplication/enableReplicationWizard';
import { EnableReplicationWizard } from '../webviews/enableReplication/enableReplicationWizard';
import { candidatesFromEstate, preselection } from '../webviews/enableReplication/candidates';
import { enableReplicationSnapshot, enableReplicationSnapshotLimits, type EnableReplicationSnapshot } from '../webviews/enableReplication/snapshot';
import type { FormWizardKind } from '../webviews/form/formPanel';
import { showFormWizard } from '../webviews/form/formPanel';
import type { CommandContext } from './context';
import { hostCredentialNames, hostsWithSavedCredentials, panelContext, boundVaultContext } from './context';

export const enableReplicationWizardKind: FormWizardKind<EnableReplicationSnapshot> = {
  viewType: 'azureSiteRecovery.enableReplicationWizard',
  title: vscode.l10n.t('Enable replication'),
  snapshot: enableReplicationSnapshot,
  limits: enableReplicationSnapshotLimits,
};

/** Where the wizard was opened from. */
export type EnableReplicationOrigin = { vmKey: string } | { hostKey: string } | Record<string, never>;

function findHost(snapshot: EstateSnapshot | undefined, hostKey: string): EstateHost | undefined {
  const key = hostKey.toLowerCase();
  return snapshot?.hosts.find((h) => h.key.toLowerCase() === key);
}

export function enableReplicationDeps(ctx: CommandContext, vaultLocation: string): EnableReplicationDeps {
  return {
    vaultContext: boundVaultContext(ctx),
    vaultLocation,
    ...(ctx.connection.saved?.storageAccountId ? { storageAccountId: ctx.connection.saved.storageAccountId } : {}),
    runner: ctx.runner(),
    async hostTarget(hostKey, credential) {
      const host = findHost(ctx.store.snapshot, hostKey);
      if (!host) throw new Error(vscode.l10n.t('The host {0} is no longer in the estate: refresh the Protection view and try again.', hostKey));
      let use = credential;
      for (const name of hostCredentialNames(host)) use ??= await ctx.credentials.get(name);
      const local = host.sources.includes('local');
      // The name is Invoke-Command's -ComputerName and DRConfigurator.exe's /Friendlyname: a DNS name only.
      const name = checkedHostName(host.fqdn ?? host.name);
      return { ...(local ? {} : { computerName: name }), ...(use ? { credential: use } : {}), hostFqdn: name };
    },
    async saveHostCredential(hostKey, credential) {
      const host = findHost(ctx.store.snapshot, hostKey);
      await ctx.credentials.set(host?.fqdn ?? host?.name ?? hostKey, credential);
    },
    providerOptions() {
      const s = readHyperVSettings();
      const proxy = parseProviderProxy(s.providerProxy);
      return {
        ...(s.providerInstallerPath ? { installerPath: s.providerInstallerPath } : {}),
        ...(s.providerInstallerUrl ? { installerUrl: s.providerInstallerUrl } : {}),
        ...(proxy ? { proxy } : {}),
      };
    },
    watchJob(jobName, vmName, owner) {
      ctx.jobs.watch(jobName, { ...(vmName ? { vmName } : {}), ...(owner ? { owner } : {}) });
      void ctx.jobs.refreshNow();
    },
    refreshEstate: () => ctx.store.refresh(),
    replication: replicationWatch(ctx),
  };
}

/** The estate store as the wizard follows its VMs' initial replication, and the "is protected" notification. */
function replicationWatch(ctx: CommandContext): ReplicationWatch {
  const source: ProtectionSource = {
    statusOf: (vmKey) => {
      const snapshot = ctx.store.snapshot;
      return snapshot ? findVmByKey(snapshot, vmKey)?.status : undefined;
    },
    onDidChange: (listener) => ctx.store.onDidChange(() => listener()),
  };
  return {
    statusOf: (vmKey) => source.statusOf(vmKey),
    onDidChange: (listener) => {
      const sub = source.onDidChange(listener);
      return () => sub.dispose();
    },
    awaitProtected: (vm) => {
      ctx.store.follow(vm.key);
      notifyWhenProtected(source, vm);
    },
  };
}

/**
 * The estate snapshot, refreshed first if there is none yet, or while the one shown is the cached
 * one from before a window reload (estate/snapshotCache.ts): the wizard's disks and checks are
 * chosen from what the hosts and ASR say now, not from facts that may be hours old.
 */
async function estateSnapshot(ctx: CommandContext): Promise<EstateSnapshot | undefined> {
  if (ctx.store.snapshot && !ctx.store.cachedAt) return ctx.store.snapshot;
  await ctx.store.refresh();
  return ctx.store.snapshot;
}

/** The candidates of an estate snapshot, with which hosts have saved credentials. */
async function candidatesOf(ctx: CommandContext, snapshot: EstateSnapshot): Promise<ReturnType<typeof candidatesFromEstate>> {
  const saved = await hostsWithSavedCredentials(ctx, snapshot.hosts);
  return candidatesFromEstate(snapshot, { savedCredentialHosts: saved.map((h) => h.key) });
}

/** The estate (refreshed first if there is none yet) and which hosts have saved credentials. */
async function candidates(ctx: CommandContext): Promise<ReturnType<typeof candidatesFromEstate> | undefined> {
  const snapshot = await estateSnapshot(ctx);
  return snapshot ? candidatesOf(ctx, snapshot) : undefined;
}

function vaultLocationOf(ctx: CommandContext): string | undefined {
  return ctx.connection.saved?.vault?.location;
}

/** Opens the wizard, with the VM or the host's VMs chosen when opened from their node. */
export async function openEnableReplicationWizard(ctx: CommandContext, origin: EnableReplicationOrigin): Promise<void> {
  const location = vaultLocationOf(ctx);
  if (!location) {
    const connect = vscode.l10n.t('Connect to a vault');
    if ((await vscode.window.showWarningMessage(vscode.l10n.t('Connect to a vault first.'), connect)) === connect) {
      await vscode.commands.executeCommand('azureSiteRecovery.connect');
    }
    return;
  }
  const found = await candidates(ctx);
  if (!found || found.vms.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No virtual machine can be protected now: add a Hyper-V host (Azure Site Recovery: Add Hyper-V Host) and refresh.'));
    return;
  }
  const preselected = preselection(found, origin);
  const subject = 'vmKey' in origin ? `vm:${origin.vmKey}` : 'hostKey' in origin ? `host:${origin.hostKey}` : 'palette';
  showFormWizard(panelContext(ctx), enableReplicationWizardKind, subject.toLowerCase(), enableReplicationWizardKind.title, () =>
    reportWhenClosed(ctx, new EnableReplicationWizard(enableReplicationDeps(ctx, location), { candidates: found, preselected })),
  );
}

/**
 * Closing the panel does not stop a run (the status bar follows its jobs), but a step that runs
 * on the host (the provider install, registration) has no job: if the run then fails, say so.
 */
function reportWhenClosed(ctx: CommandContext, wizard: EnableReplicationWizard): EnableReplicationWizard {
  wizard.onDidDispose(() => {
    if (!wizard.runSteps.some((s) => s.state === 'running')) return;
    void wizard.whenIdle().then(() => {
      const failed = wizard.runSteps.find((s) => s.state === 'failed');
      if (!failed) return;
      const text = vscode.l10n.t('Enable replication stopped at "{0}"{1}. Run Enable Replication again to retry.', failed.label, failed.detail ? `: ${failed.detail}` : '');
      ctx.log.warn(text);
      void vscode.window.showWarningMessage(text);
    });
  });
  return wizard;
}

/**
 * Rebuilds the wizard after a reload (the run, if any, shows as interrupted: Retry resumes it),
 * its run's hosts and VMs named from the estate and checked against it (restoredWizard.ts).
 */
export async function restoreEnableReplicationWizard(
  ctx: CommandContext,
  snapshot: EnableReplicationSnapshot | undefined,
): Promise<EnableReplicationWizard | NoticeWizard | undefined> {
  const vault = ctx.connection.saved?.vault;
  const location = vault?.location;
  const estate = location ? await estateSnapshot(ctx) : undefined;
  if (!vault || !location || !estate) return undefined;
  const input = { candidates: await candidatesOf(ctx, estate), preselected: [] };
  const wizard = restoredEnableReplicationWizard(enableReplicationDeps(ctx, location), input, snapshot, { vault, estate: planEstateOf(estate) });
  return wizard instanceof EnableReplicationWizard ? reportWhenClosed(ctx, wizard) : wizard;
}
