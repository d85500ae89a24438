// Compute and Network…: the page of a protected VM's target name, size, network and IP addresses
// (issue 16 §1), from the VM's node in the tree or the palette (a quick pick of the VMs that allow it);
// restored after a window reload.
import * as vscode from 'vscode';
import { allVms, findVmByKey, type EstateVm } from '../estate';
import { refOfItemId } from '../services/azure/protection';
import type { ComputeNetworkSnapshot } from '../webviews/computeNetwork/computeNetworkWizard';
import { ComputeNetworkWizard, computeNetworkSnapshotSchema } from '../webviews/computeNetwork/computeNetworkWizard';
import type { FormWizardKind } from '../webviews/form/formPanel';
import { showFormWizard } from '../webviews/form/formPanel';
import type { FormWizard } from '../webviews/form/formWizard';
import { NoticeWizard } from '../webviews/form/noticeWizard';
import type { CommandSpec } from './command';
import type { CommandContext } from './context';
import { boundVaultContext, isVmArgument, panelContext, requireVault } from './context';
import { wizardSubject } from './failoverWizards';
import { contextForRestoredId } from './restoredVault';

export const computeNetworkWizardKind: FormWizardKind<ComputeNetworkSnapshot> = {
  viewType: 'azureSiteRecovery.computeNetworkWizard',
  title: vscode.l10n.t('Compute and Network'),
  snapshot: computeNetworkSnapshotSchema,
};

/** A protected VM whose settings may change now: protected, nothing running (computeAndNetwork.ts computeNetworkBlocker). */
function editable(vm: EstateVm): boolean {
  return vm.protection !== undefined && (vm.actions.includes('testFailover') || vm.actions.includes('plannedFailover'));
}

async function pickVm(ctx: CommandContext, arg: unknown): Promise<EstateVm | undefined> {
  const snapshot = ctx.store.snapshot ?? (await ctx.store.refresh().then(() => ctx.store.snapshot));
  if (isVmArgument(arg)) return snapshot ? findVmByKey(snapshot, arg.vmKey) : undefined;
  const eligible = (snapshot ? allVms(snapshot) : []).filter((v) => editable(v) && !ctx.store.transientOf(v.key));
  if (eligible.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Compute and Network: no protected virtual machine allows it now. It needs a VM that is protected with no operation running.'),
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    eligible.map((v) => ({ label: v.name, description: v.status.summary, detail: v.hostKey, vm: v })),
    { title: vscode.l10n.t('Compute and Network'), placeHolder: vscode.l10n.t('Virtual machine'), matchOnDescription: true },
  );
  return picked?.vm;
}

/** The page of one protected VM, with what it needs from the extension (the context's vault). */
function computeNetworkWizard(ctx: CommandContext, vm: EstateVm, itemId: string): ComputeNetworkWizard {
  const refresh = async (): Promise<void> => {
    const vctx = await ctx.connection.vaultContext();
    if (vctx) await ctx.store.refreshProtection(vctx);
  };
  const deps = {
    vaultContext: boundVaultContext(ctx),
    vaultLocation: ctx.connection.saved?.vault?.location,
    watchJob: (jobName: string, vmName: string) => {
      ctx.jobs.watch(jobName, { vmName });
      void ctx.jobs.refreshNow();
    },
    refresh,
  };
  return new ComputeNetworkWizard(deps, vm.name, { ...refOfItemId(itemId), id: itemId });
}

export function openComputeNetworkWizard(ctx: CommandContext, vm: EstateVm): void {
  const itemId = vm.protection?.itemId;
  if (!itemId) return;
  showFormWizard(panelContext(ctx), computeNetworkWizardKind, wizardSubject(itemId), vscode.l10n.t('Compute and Network: {0}', vm.name), () =>
    computeNetworkWizard(ctx, vm, itemId),
  );
}

/**
 * The page restored after a reload. Its saved state names the VM by its protected item's id only:
 * the VM must be in the estate of its vault (one of those connected); the page then reads the item's settings from
 * Azure again (as when it opens). Otherwise a page says why, and nothing is sent.
 */
export async function restoreComputeNetwork(first: CommandContext, snapshot: ComputeNetworkSnapshot | undefined): Promise<FormWizard<unknown>> {
  const ctx = contextForRestoredId(first, snapshot?.itemId);
  const title = vscode.l10n.t('Compute and Network');
  const again = vscode.l10n.t('Nothing was sent to Azure. Close this page and open Compute and Network again from the VM in the Protection view.');
  if (!snapshot) return new NoticeWizard(title, `${vscode.l10n.t('This page could not be restored after the reload: its saved state was not valid.')} ${again}`);
  if (!ctx.store.snapshot) await ctx.store.refresh();
  const id = snapshot.itemId.toLowerCase();
  const vm = ctx.store.snapshot ? allVms(ctx.store.snapshot).find((v) => v.protection?.itemId?.toLowerCase() === id) : undefined;
  if (!vm?.protection?.itemId) return new NoticeWizard(title, `${vscode.l10n.t('The VM this page was for is not in the vault you are connected to.')} ${again}`);
  return computeNetworkWizard(ctx, vm, vm.protection.itemId);
}

export const computeAndNetworkCommand: CommandSpec = {
  id: 'azureSiteRecovery.computeAndNetwork',
  async run(ctx, arg) {
    const vm = await pickVm(ctx, arg);
    if (!vm || !(await requireVault(ctx))) return;
    openComputeNetworkWizard(ctx, vm);
  },
};
