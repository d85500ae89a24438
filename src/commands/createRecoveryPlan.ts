// Create Recovery Plan… and Edit Recovery Plan… (issue 16 §2): the plan editor (a page in the form
// engine: webviews/recoveryPlan/) on the connected vault's protected VMs, saving through the plan
// service (services/azure/recoveryPlans.ts) only what ASR's rules (model/recoveryPlanRules.ts) accept.
// Several vaults (issue 16 §3): the editor works on the vault of the command's context, the one of
// the Recovery Plans row or plan node it was run from (or picked in the palette): its VMs, its plans.

import * as vscode from 'vscode';
import { allVms, findHostByKey, type EstateSnapshot, type EstateVm } from '../estate';
import { fabricId, parseProtectedItemId, type ProtectedItemRef } from '../model/armId';
import type { RecoveryPlanSummary } from '../model/recoveryPlan';
import type { FormWizardKind } from '../webviews/form/formPanel';
import { showFormWizard } from '../webviews/form/formPanel';
import type { FormWizard } from '../webviews/form/formWizard';
import { NoticeWizard } from '../webviews/form/noticeWizard';
import { existingPlanState, newPlanState, type PlanCandidate } from '../webviews/recoveryPlan/planEditorModel';
import { azurePlanEditorServices } from '../webviews/recoveryPlan/planEditorServices';
import { PlanEditorWizard, planEditorSnapshotSchema, type PlanEditorServices, type PlanEditorSnapshot } from '../webviews/recoveryPlan/planEditorWizard';
import type { CommandSpec } from './command';
import { addedVaultKeyOf, boundVaultContext, panelContext, requireVault, showError, type CommandContext } from './context';
import { resolveRecoveryPlan } from './pickRecoveryPlan';
import { contextForRestoredId } from './restoredVault';
import { scoped } from '../tree/nodeIds';

export const recoveryPlanEditorKind: FormWizardKind<PlanEditorSnapshot> = {
  viewType: 'azureSiteRecovery.recoveryPlanEditor',
  title: vscode.l10n.t('Recovery Plan'),
  snapshot: planEditorSnapshotSchema,
};

/**
 * Failover, planned or unplanned, or a test: what a VM must allow to join a plan now. UNVERIFIED:
 * what ASR answers when a plan names an item still in initial replication (no source found); the
 * editor offers such a VM disabled, saying why.
 */
const planReady = (vm: EstateVm): boolean => vm.actions.some((a) => a === 'plannedFailover' || a === 'unplannedFailover' || a === 'testFailover');

/** A protected item's ref; undefined for an id that is not one (never offered). */
function refOf(itemId: string): ProtectedItemRef | undefined {
  try {
    return parseProtectedItemId(itemId);
  } catch {
    return undefined;
  }
}

/** The vault's protected VMs as the editor offers them (those of `keep`, a plan's items, always). */
export function planCandidates(snapshot: EstateSnapshot | undefined, keep: readonly string[] = []): PlanCandidate[] {
  const kept = new Set(keep.map((id) => id.toLowerCase()));
  const vms = snapshot ? allVms(snapshot) : [];
  return vms
    .flatMap((vm) => {
      const itemId = vm.protection?.itemId;
      const ref = itemId ? refOf(itemId) : undefined;
      if (!itemId || !ref || !snapshot) return [];
      const siteName = findHostByKey(snapshot, vm.hostKey)?.provider.fabricName ?? ref.fabricName;
      const ready = planReady(vm) || kept.has(itemId.toLowerCase());
      const problem = ready ? {} : { problem: vscode.l10n.t('{0}: it can join a plan once it is protected and no failover is under way.', vm.status.summary) };
      return [{ itemId, name: vm.name, fabricId: fabricId(ref), siteName, status: vm.status.summary, ...problem }];
    })
    .sort((a, b) => a.siteName.localeCompare(b.siteName) || a.name.localeCompare(b.name));
}

/** What the editor needs from the extension: the vault it was opened on, the tracker, the plans. */
function editorServices(ctx: CommandContext, existing: RecoveryPlanSummary | undefined): PlanEditorServices {
  return azurePlanEditorServices({
    vaultContext: boundVaultContext(ctx),
    ...(existing ? { existing } : {}),
    planNames: (ctx.store.recoveryPlans.plans ?? []).map((p) => p.name),
    watchJob(jobName, planName) {
      ctx.jobs.watch(jobName, { vmName: planName });
      void ctx.jobs.refreshNow();
    },
    // The plans are listed again when the save's job has ended (the tree then shows the plan as saved).
    started(op) {
      op.result().then(
        () => ctx.connection.vaultContext().then((vctx) => ctx.store.recoveryPlans.refresh(vctx)),
        (e: unknown) => showError(ctx, e, vscode.l10n.t('Recovery plan')),
      );
    },
  });
}

/** Opens the editor on a new plan, or on `plan`, in the context's vault (one panel per plan of each vault). */
export function openPlanEditor(ctx: CommandContext, plan?: RecoveryPlanSummary): void {
  const snapshot = ctx.store.snapshot;
  const keep = plan ? plan.groups.flatMap((g) => g.itemIds) : [];
  const candidates = planCandidates(snapshot, keep);
  const sites = [...new Set(candidates.map((c) => c.fabricId))];
  const state = plan ? existingPlanState(plan.name, plan.primaryFabricId ?? '', plan.groups) : newPlanState(sites.length === 1 ? sites[0] : '');
  showFormWizard(
    panelContext(ctx),
    recoveryPlanEditorKind,
    scoped(addedVaultKeyOf(ctx), plan ? plan.name.toLowerCase() : 'new'),
    plan ? vscode.l10n.t('Recovery Plan: {0}', plan.friendlyName) : vscode.l10n.t('New Recovery Plan'),
    () => new PlanEditorWizard(editorServices(ctx, plan), candidates, state),
  );
}

export const createRecoveryPlanCommand: CommandSpec = {
  id: 'azureSiteRecovery.createRecoveryPlan',
  async run(ctx) {
    if (!(await requireVault(ctx))) return;
    if (!ctx.store.snapshot) await ctx.store.refresh();
    if (planCandidates(ctx.store.snapshot).length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('A recovery plan holds protected VMs: enable replication of a VM first.'));
      return;
    }
    openPlanEditor(ctx);
  },
};

export const editRecoveryPlanCommand: CommandSpec = {
  id: 'azureSiteRecovery.editRecoveryPlan',
  async run(ctx, arg) {
    try {
      const found = await resolveRecoveryPlan(ctx, arg, vscode.l10n.t('Edit Recovery Plan'));
      if (found) openPlanEditor(found.vaultCtx, found.plan);
    } catch (e) {
      showError(ctx, e, vscode.l10n.t('Edit Recovery Plan'));
    }
  },
};

/**
 * The editor restored after a reload, on the vault of its site: the saved name, site and groups, keeping only the VMs the
 * connected vault's estate holds (the saved state is untrusted); an edited plan must still be one
 * of the vault's, else the page says so and sends nothing.
 */
export async function restorePlanEditor(first: CommandContext, saved: PlanEditorSnapshot | undefined): Promise<FormWizard<unknown>> {
  // On the vault of the plan's site (an ARM id in that vault) when it is connected, else the first's.
  const ctx = contextForRestoredId(first, saved?.fabricId);
  const title = vscode.l10n.t('Recovery Plan');
  if (!saved) return new NoticeWizard(title, vscode.l10n.t('The recovery plan editor could not be restored. Open it again from the Recovery Plans node.'));
  if (!ctx.store.snapshot) await ctx.store.refresh();
  const plan = saved.mode === 'edit' ? ctx.store.recoveryPlans.plans?.find((p) => p.name.toLowerCase() === saved.name.toLowerCase()) : undefined;
  if (saved.mode === 'edit' && !plan) return new NoticeWizard(title, vscode.l10n.t('The recovery plan "{0}" is not in the connected vault any more.', saved.name));
  const candidates = planCandidates(ctx.store.snapshot, plan ? plan.groups.flatMap((g) => g.itemIds) : []);
  const known = (id: string): boolean => candidates.some((c) => c.itemId.toLowerCase() === id.toLowerCase());
  const site = candidates.find((c) => c.fabricId.toLowerCase() === saved.fabricId.toLowerCase())?.fabricId ?? '';
  const base = plan ? existingPlanState(plan.name, plan.primaryFabricId ?? site, plan.groups) : { ...newPlanState(site), name: saved.name };
  const groups = saved.groups.map((g) => g.filter(known));
  return new PlanEditorWizard(editorServices(ctx, plan), candidates, { ...base, groups: groups.length > 0 ? groups : [[]] });
}
