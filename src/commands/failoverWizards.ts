// Opens the Failover and Failback wizards for a VM, with what they need from the extension: the
// vault, the job tracker (the status bar follows every job they start), the tree, the portal.
import * as vscode from 'vscode';
import { refOfItemId } from '../services/azure/protection';
import { openResourceInPortal } from './openInPortal';
import { allVms, findVmByKey, type EstateVm } from '../estate';
import type { FailbackSnapshot } from '../webviews/failover/failbackWizard';
import { FailbackWizard, failbackSnapshotSchema } from '../webviews/failover/failbackWizard';
import type { FailoverKind } from '../webviews/failover/failoverModel';
import type { FailoverDeps } from '../webviews/failover/failoverServices';
import type { FailoverSnapshot } from '../webviews/failover/failoverWizard';
import { FailoverWizard, failoverSnapshotSchema } from '../webviews/failover/failoverWizard';
import type { FormWizardKind } from '../webviews/form/formPanel';
import type { FormWizard } from '../webviews/form/formWizard';
import { ItemJobWizard } from '../webviews/failover/itemJobWizard';
import { restoreFailbackWizard, restoreFailoverWizard } from '../webviews/failover/restoredItemWizards';
import { showFormWizard } from '../webviews/form/formPanel';
import type { CommandContext } from './context';
import { contextForRestoredId } from './restoredVault';
import { confirm, panelContext, showError, boundVaultContext } from './context';

export const failoverWizardKind: FormWizardKind<FailoverSnapshot> = {
  viewType: 'azureSiteRecovery.failoverWizard',
  title: vscode.l10n.t('Failover'),
  snapshot: failoverSnapshotSchema,
};

export const failbackWizardKind: FormWizardKind<FailbackSnapshot> = {
  viewType: 'azureSiteRecovery.failbackWizard',
  title: vscode.l10n.t('Failback'),
  snapshot: failbackSnapshotSchema,
};

/** The estate key of the VM whose protected item this is (the tree node to mark), if the estate knows it. */
function vmKeyOfItem(ctx: CommandContext, itemId: string): string | undefined {
  const snapshot = ctx.store.snapshot;
  if (!snapshot) return undefined;
  const id = itemId.toLowerCase();
  return allVms(snapshot).find((v) => v.protection?.itemId?.toLowerCase() === id)?.key;
}

/**
 * The estate's name of the VM of this protected item, undefined when the estate (the connected
 * vault's) does not hold it; the estate is read first when there is none yet (just after a reload).
 */
async function estateVmName(ctx: CommandContext, itemId: string): Promise<string | undefined> {
  if (!ctx.store.snapshot) await ctx.store.refresh();
  const snapshot = ctx.store.snapshot;
  const key = vmKeyOfItem(ctx, itemId);
  return snapshot && key !== undefined ? findVmByKey(snapshot, key)?.name : undefined;
}

/** A Failover wizard restored after a reload, on the vault of its item (its target checked and read again: restoredItemWizards.ts). */
export function restoreFailover(first: CommandContext, snapshot: FailoverSnapshot | undefined): Promise<FormWizard<unknown>> {
  const ctx = contextForRestoredId(first, snapshot?.itemId);
  return restoreFailoverWizard({ deps: failoverDeps(ctx, snapshot?.itemId ?? ''), estateVmName: (itemId) => estateVmName(ctx, itemId) }, snapshot);
}

/** A Failback wizard restored after a reload, on the vault of its item (its target checked and read again: restoredItemWizards.ts). */
export function restoreFailback(first: CommandContext, snapshot: FailbackSnapshot | undefined): Promise<FormWizard<unknown>> {
  const ctx = contextForRestoredId(first, snapshot?.itemId);
  return restoreFailbackWizard({ deps: failoverDeps(ctx, snapshot?.itemId ?? ''), estateVmName: (itemId) => estateVmName(ctx, itemId) }, snapshot);
}

/** The restored panel's title: the name read from Azure, not the one the panel had. */
export function restoredTitle(kind: 'failover' | 'failback'): (wizard: FormWizard<unknown>) => string | undefined {
  return (wizard) =>
    wizard instanceof ItemJobWizard ? (kind === 'failover' ? vscode.l10n.t('Failover: {0}', wizard.vmName) : vscode.l10n.t('Failback: {0}', wizard.vmName)) : undefined;
}

/** What the Failover and Failback wizards of one protected item need from the extension. */
export function failoverDeps(ctx: CommandContext, itemId: string): FailoverDeps {
  const refresh = async (): Promise<void> => {
    const vctx = await ctx.connection.vaultContext();
    if (vctx) await ctx.store.refreshProtection(vctx);
  };
  return {
    vaultContext: boundVaultContext(ctx),
    vaultLocation: ctx.connection.saved?.vault?.location,
    watchJob(jobName, vmName, owner) {
      ctx.jobs.watch(jobName, { vmName, ...(owner ? { owner } : {}) });
      void ctx.jobs.refreshNow();
    },
    // The tree shows "Starting …" on the VM's node, as for the commands (src/flows/vmAction.ts).
    transient: {
      set(text, jobName) {
        const key = vmKeyOfItem(ctx, itemId);
        if (key) ctx.store.setTransient(key, text, jobName);
      },
      clear() {
        const key = vmKeyOfItem(ctx, itemId);
        if (key) ctx.store.clearTransient(key);
      },
    },
    openPortal(armId) {
      // A sign-in that fails here is shown, not left as an unhandled rejection.
      openResourceInPortal(ctx, armId).catch((e: unknown) => showError(ctx, e, 'Open in Azure Portal'));
    },
    // The modal the commands ask in (Commit asks the same question from the wizards).
    confirm: (question) => confirm(question.message, question.detail, question.button),
    refresh,
  };
}

/** One panel per protected item (ARM ids compare without case; restored panels use the same key). */
export function wizardSubject(itemId: string): string {
  return itemId.toLowerCase();
}

// The wizards get the item's ref, not the snapshot's view of it: they read the item from Azure
// when they open (what it allows now), as the run reads it again before each action.

/** Opens the Failover wizard for a protected VM (`kind` pre-selects Test, Planned or Unplanned). */
export function openFailoverWizard(ctx: CommandContext, vm: EstateVm, kind?: FailoverKind): void {
  const itemId = vm.protection?.itemId;
  if (!vm.protection) return;
  showFormWizard(
    panelContext(ctx),
    failoverWizardKind,
    wizardSubject(itemId ?? vm.key),
    vscode.l10n.t('Failover: {0}', vm.name),
    () => new FailoverWizard(failoverDeps(ctx, itemId ?? ''), { vmName: vm.name, item: refOfItemId(itemId), ...(kind ? { kind } : {}) }),
  );
}

/** Opens the Failback wizard for a VM running in Azure. */
export function openFailbackWizard(ctx: CommandContext, vm: EstateVm): void {
  const itemId = vm.protection?.itemId;
  if (!vm.protection) return;
  showFormWizard(
    panelContext(ctx),
    failbackWizardKind,
    wizardSubject(itemId ?? vm.key),
    vscode.l10n.t('Failback: {0}', vm.name),
    () => new FailbackWizard(failoverDeps(ctx, itemId ?? ''), { vmName: vm.name, item: refOfItemId(itemId) }),
  );
}
