// What every command gets: the connection, the estate, the job tracker, the log, and helpers to
// pick a VM, confirm, and run an ASR action with a transient state and job tracking.

import * as vscode from 'vscode';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { VmAction } from '../model/vmActions';
import type { VmReadiness } from '../model/readiness';
import { actionTitle } from '../model/vmActions';
import type { AsrOperation } from '../services/azure/asrOperation';
import type { VaultContext } from '../services/azure/clients';
import { NotSignedInError } from '../services/azure/errors';
import { getProtectedItem, refOfItemId } from '../services/azure/protection';
import { allVms, findVmByKey, type EstateHost, type EstateVm } from '../estate';
import type { EstateStore } from '../estate/store';
import type { HostCredentialStore } from '../services/hyperv/hostCredentials';
import type { ScriptRunner } from '../services/hyperv/powershellRunner';
import type { Connection } from '../connection/connection';
import { vaultKeyOf } from '../connection/vaultChange';
import type { VaultSet } from '../connection/vaultSet';
import type { VaultJobs } from '../jobs/vaultJobs';
import type { JobsSnapshot } from '../jobs/types';
import { startVmAction, type VmActionEnv } from '../flows/vmAction';
import type { WizardPanelContext } from '../webviews/panelHost';
import type { JobWatchInfo } from '../jobs/types';
import type { DrillHost } from '../drills/drillHost';
import type { DrillReports } from '../drills/drillRecorder';
import { nodeArgument } from './commandVault';

// Which vault a command acts on: moved to commandVault.ts (no vscode import); named here as before.
export { addedVaultKeyOf, contextForJob, contextForNode, contextForVault, nodeArgument, vaultKeyOfArgument } from './commandVault';

/** The part of the job tracker commands use (src/jobs/jobTracker.ts). */
export interface JobWatcher {
  watch(jobName: string, info?: JobWatchInfo): void;
  refreshNow(): Promise<void>;
  markFailuresSeen(): void;
}

export interface CommandContext {
  /** The extension's folder (webview panels load their bundle and styles from it). */
  extensionUri: vscode.Uri;
  connection: Connection;
  /** Every connected vault, the first (connection) and the added ones (connection/vaultSet.ts). */
  vaults: VaultSet<Connection>;
  /** The vault of each job the tracker lists (jobs/vaultJobs.ts). */
  vaultJobs: Pick<VaultJobs, 'vaultKeyOf'>;
  /** Each connected vault's estate store (connection/vaultEstates.ts): `store` is the first vault's. */
  vaultEstates: { storeFor(vaultKey: string | undefined): EstateStore | undefined; refreshAdded(): Promise<void> };
  store: EstateStore;
  jobs: JobWatcher;
  jobsSnapshot: () => JobsSnapshot | undefined;
  credentials: HostCredentialStore;
  /** The PowerShell session the Hyper-V scripts run in (created on first use). */
  runner: () => ScriptRunner;
  log: vscode.LogOutputChannel;
  /** The DR drill in flight (Run DR Drill; src/drills/drillHost.ts). */
  drills?: DrillHost;
  /** The DR drills' history and reports (src/drills/): Run DR Drill records into it, Show DR Drills reads it. */
  drillReports: DrillReports;
  /** The readiness monitor (src/readiness/): runs the checks now, and shows a report. */
  readiness?: { checkNow(): Promise<VmReadiness[]>; showReport(markdown: string): Promise<void> };
}

/** What a wizard panel needs from the command context. */
export function panelContext(ctx: CommandContext): WizardPanelContext {
  return { extensionUri: ctx.extensionUri, log: ctx.log };
}

/** A host node of the Protection tree (or a command argument shaped like one). */
export function isHostArgument(v: unknown): v is { kind: 'host'; hostKey: string } {
  return typeof v === 'object' && v !== null && Reflect.get(v, 'kind') === 'host' && typeof Reflect.get(v, 'hostKey') === 'string';
}

/** The names a host's saved credential may be stored under (Add Hyper-V Host, the Enable Replication wizard, the estate probe). */
export function hostCredentialNames(host: EstateHost): string[] {
  return [...new Set([host.fqdn, host.name, host.key].filter((n): n is string => typeof n === 'string' && n !== ''))];
}

/** The hosts that have a credential saved under any of their names. */
export async function hostsWithSavedCredentials(ctx: CommandContext, hosts: readonly EstateHost[]): Promise<EstateHost[]> {
  const found: EstateHost[] = [];
  for (const host of hosts) {
    for (const name of hostCredentialNames(host)) {
      if (await ctx.credentials.get(name)) {
        found.push(host);
        break;
      }
    }
  }
  return found;
}

/** The connected vault for a wizard's services; a sentence saying what to do when there is none. */
export async function vaultContextOrThrow(ctx: CommandContext): Promise<VaultContext> {
  const vctx = await ctx.connection.vaultContext();
  if (!vctx) throw new NotSignedInError(vscode.l10n.t("Not connected to a vault. Run 'Azure Site Recovery: Connect to a Vault' first."));
  return vctx;
}

/**
 * For a wizard opened on the connected vault: that vault's context, each time it is asked, while
 * it stays connected; after Sign Out or a connection to another vault, an error that says so. A
 * wizard never acts on a vault it was not opened on (and extension.ts closes it on the change).
 */
export function boundVaultContext(ctx: CommandContext): () => Promise<VaultContext> {
  const openedOn = vaultKeyOf(ctx.connection.saved);
  return async () => {
    const vctx = await vaultContextOrThrow(ctx);
    if (vaultKeyOf(ctx.connection.saved) !== openedOn) {
      throw new NotSignedInError(vscode.l10n.t('This wizard was opened on another vault than the one connected now. Close it and start again.'));
    }
    return vctx;
  };
}

/** A tree node or a command argument that names a VM. */
export interface VmArgument {
  vmKey: string;
}

export function isVmArgument(v: unknown): v is VmArgument {
  return typeof v === 'object' && v !== null && typeof (v as { vmKey?: unknown }).vmKey === 'string';
}

const requirement: Record<VmAction, string> = {
  enableProtection: vscode.l10n.t('a VM that is not protected yet'),
  testFailover: vscode.l10n.t('a protected VM with no test failover waiting for cleanup'),
  testFailoverCleanup: vscode.l10n.t('a VM whose test failover waits for cleanup'),
  plannedFailover: vscode.l10n.t('a protected VM running on premises'),
  unplannedFailover: vscode.l10n.t('a protected VM running on premises'),
  commit: vscode.l10n.t('a VM that failed over or back and waits for commit'),
  failback: vscode.l10n.t('a VM running in Azure after a committed failover'),
  reverseReplication: vscode.l10n.t('a VM failed back and committed'),
  disableProtection: vscode.l10n.t('a protected VM'),
};

/** The VMs that allow any of `actions` now, with no action starting on them (what a palette pick offers). */
export function eligibleVms(ctx: CommandContext, vms: readonly EstateVm[], actions: readonly VmAction[]): EstateVm[] {
  return vms.filter((v) => actions.some((a) => v.actions.includes(a)) && !ctx.store.transientOf(v.key));
}

/** The VM a command acts on: the tree node it was run from, or one the user picks among those that allow the action (any of them, given several). */
export async function resolveVm(ctx: CommandContext, arg: unknown, actionOrAny: VmAction | readonly VmAction[]): Promise<EstateVm | undefined> {
  const actions = typeof actionOrAny === 'string' ? [actionOrAny] : actionOrAny;
  const action = actions[0];
  const snapshot = ctx.store.snapshot ?? (await ctx.store.refresh().then(() => ctx.store.snapshot));
  if (isVmArgument(arg)) return snapshot ? findVmByKey(snapshot, arg.vmKey) : undefined;
  const vms = snapshot ? allVms(snapshot) : [];
  const eligible = eligibleVms(ctx, vms, actions);
  if (eligible.length === 0) {
    void vscode.window.showInformationMessage(
      vms.length === 0
        ? vscode.l10n.t('No virtual machines are known yet. Connect to a vault and add a Hyper-V host, then refresh.')
        : vscode.l10n.t('{0}: no virtual machine allows it now. It needs {1}.', actionTitle(action), requirement[action]),
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    eligible.map((v) => ({ label: v.name, description: v.status.summary, detail: v.hostKey, vm: v })),
    { title: actionTitle(action), placeHolder: vscode.l10n.t('Virtual machine'), matchOnDescription: true },
  );
  return picked?.vm;
}

/** A modal that names the VM and says what will happen; true when the user goes ahead. */
export async function confirm(message: string, detail: string, button: string): Promise<boolean> {
  const answer = await vscode.window.showWarningMessage(message, { modal: true, detail }, button);
  return answer === button;
}

export async function requireVault(ctx: CommandContext): Promise<VaultContext | undefined> {
  const vctx = await ctx.connection.vaultContext();
  if (!vctx) {
    const connect = vscode.l10n.t('Connect to a vault');
    const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Connect to a vault first.'), connect);
    if (answer === connect) await vscode.commands.executeCommand('azureSiteRecovery.connect');
  }
  return vctx;
}

/** Shows an error without a stack trace and logs it. */
export function showError(ctx: CommandContext, e: unknown, what: string): void {
  const text = e instanceof Error ? e.message : String(e);
  ctx.log.error(`${what}: ${text}`);
  void vscode.window.showErrorMessage(text);
}

export interface VmActionRun {
  action: VmAction;
  transientText: string;
  start: (vctx: VaultContext, item: ReplicationProtectedItem) => Promise<AsrOperation<unknown>>;
  nextStep?: { title: string; command: string };
}

/**
 * Runs an ASR action on a VM through the one flow the wizards use too (src/flows/vmAction.ts):
 * re-reads the item, checks what Azure allows now, shows the transient state, starts the action,
 * follows its job in the tracker, refreshes the node. Refusals and Azure errors become one
 * message, never a stack trace.
 */
export async function runVmAction(ctx: CommandContext, vm: EstateVm, run: VmActionRun): Promise<string | undefined> {
  const vctx = await requireVault(ctx);
  const protection = vm.protection;
  if (!vctx || !protection) return undefined;
  try {
    const { started } = await startVmAction(vmActionEnv(ctx, vctx, vm, protection.itemId, run.nextStep), {
      action: run.action,
      vmName: vm.name,
      transientText: run.transientText,
      start: (item) => run.start(vctx, item),
    });
    return started.jobName;
  } catch (e) {
    showError(ctx, e, actionTitle(run.action));
    return undefined;
  }
}

/** What the VM action flow needs from the extension, for one VM: its item (by ARM id), its tree node, the job tracker, the log. */
function vmActionEnv(
  ctx: CommandContext,
  vctx: VaultContext,
  vm: Pick<EstateVm, 'key' | 'name'>,
  itemId: string | undefined,
  nextStep?: { title: string; command: string },
): VmActionEnv {
  return {
    readItem: () => getProtectedItem(vctx, refOfItemId(itemId)),
    setTransient: (text, jobName) => ctx.store.setTransient(vm.key, text, jobName),
    clearTransient: () => ctx.store.clearTransient(vm.key),
    watchJob: (jobName) => {
      ctx.jobs.watch(jobName, { vmName: vm.name, ...(nextStep ? { nextStep: { ...nextStep, args: [nodeArgument(ctx, vm.key)] } } : {}) });
      void ctx.jobs.refreshNow();
    },
    refresh: () => ctx.store.refreshProtection(vctx),
    log: (line) => ctx.log.info(line),
  };
}
