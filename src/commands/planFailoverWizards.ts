// Opens the Failover wizard for a recovery plan (issue 16 §2: the wizard "accepts a plan as its
// target"), with what it needs from the extension: the plan's vault, the job tracker (the status
// bar and the Jobs view follow the plan's job, group by group), the estate's view of the plan's
// VMs (their names, the static addresses they fail over to, their failover networks), a modal.
// Also restores its panel after a reload: the plan is named by its resource name only and read
// again from Azure; its saved network must be of the vault's subscription.
import * as vscode from 'vscode';
import { staticIpsOf, vmOfItem } from '../tree/planNodes';
import { scoped } from '../tree/nodeIds';
import type { RecoveryPlanSummary } from '../model/recoveryPlan';
import { failureText } from '../model/failureText';
import { NoticeWizard } from '../webviews/form/noticeWizard';
import type { FormWizardKind } from '../webviews/form/formPanel';
import { showFormWizard } from '../webviews/form/formPanel';
import type { FormWizard } from '../webviews/form/formWizard';
import type { FailoverKind } from '../webviews/failover/failoverModel';
import { isNetworkOf } from '../webviews/failover/restoredItemWizards';
import { PlanFailoverWizard, planFailoverSnapshotSchema, type PlanFailoverSnapshot } from '../webviews/failover/planFailoverWizard';
import { azurePlanFailoverServices, type PlanFailoverDeps } from '../webviews/failover/planFailoverServices';
import type { PlanVmLookup } from '../webviews/failover/planFailoverPages';
import type { CommandContext } from './context';
import { addedVaultKeyOf, boundVaultContext, confirm, panelContext } from './context';
import { contextForRestoredId } from './restoredVault';
import { failoverNetworkIds, nextStepOf } from './runRecoveryPlanAction';

export const planFailoverWizardKind: FormWizardKind<PlanFailoverSnapshot> = {
  viewType: 'azureSiteRecovery.planFailoverWizard',
  title: vscode.l10n.t('Failover of a recovery plan'),
  snapshot: planFailoverSnapshotSchema,
};

/** The estate's view of a plan's VMs (the context's vault): name, the static addresses they fail over to, what they allow now. */
export function planVmLookup(ctx: CommandContext): PlanVmLookup {
  return (itemId) => {
    const vm = vmOfItem(ctx.store, itemId);
    if (!vm) return undefined;
    return { name: vm.name, staticIps: staticIpsOf(vm), actions: vm.actions };
  };
}

/** What the plan Failover wizard needs from the extension (the context is the plan's vault's). */
export function planFailoverDeps(ctx: CommandContext): PlanFailoverDeps {
  return {
    vaultContext: boundVaultContext(ctx),
    vaultLocation: ctx.connection.saved?.vault?.location,
    watchJob(jobName, plan, action, owner) {
      const nextStep = nextStepOf(action, plan, addedVaultKeyOf(ctx));
      ctx.jobs.watch(jobName, { vmName: plan.friendlyName, owner, direction: 'toAzure', ...(nextStep ? { nextStep } : {}) });
      void ctx.jobs.refreshNow();
    },
    vmOf: planVmLookup(ctx),
    failoverNetworkIds: (plan) => failoverNetworkIds(ctx, plan),
    confirm: (question) => confirm(question.message, question.detail, question.button),
    async refresh() {
      const vctx = await ctx.connection.vaultContext();
      if (!vctx) return;
      await Promise.all([ctx.store.recoveryPlans.refresh(vctx), ctx.store.refreshProtection(vctx)]);
    },
  };
}

/** One panel per plan of a vault (names compare without case; an added vault's key before it, as its tree nodes have; restored panels use the same key). */
export function planWizardSubject(ctx: CommandContext, planName: string): string {
  return scoped(addedVaultKeyOf(ctx), planName.toLowerCase());
}

/** Opens the Failover wizard for a recovery plan (`plan` as just read, else the wizard reads it; `kind` pre-selects). */
export function openPlanFailoverWizard(ctx: CommandContext, planName: string, plan?: RecoveryPlanSummary, kind?: FailoverKind): void {
  showFormWizard(
    panelContext(ctx),
    planFailoverWizardKind,
    planWizardSubject(ctx, planName),
    vscode.l10n.t('Failover: {0}', plan?.friendlyName ?? planName),
    () => new PlanFailoverWizard(planFailoverDeps(ctx), { planName, ...(plan ? { plan } : {}), ...(kind ? { kind } : {}) }),
  );
}

/**
 * A plan Failover wizard restored after a reload, on the vault of its plan (when connected): its saved network must be of the vault's
 * subscription and its plan is read again from Azure (its name, what it allows); otherwise the
 * page says why, and nothing is sent.
 */
export async function restorePlanFailover(first: CommandContext, snapshot: PlanFailoverSnapshot | undefined): Promise<FormWizard<unknown>> {
  const ctx = contextForRestoredId(first, snapshot?.planId);
  const title = vscode.l10n.t('Failover of a recovery plan');
  const openAgain = vscode.l10n.t('Nothing was sent to Azure. Close this page and open the wizard again from the plan in the Protection view.');
  if (!snapshot) return new NoticeWizard(title, `${vscode.l10n.t('This page could not be restored after the reload: its saved state was not valid.')} ${openAgain}`);
  const deps = planFailoverDeps(ctx);
  try {
    const vctx = await deps.vaultContext();
    if (snapshot.networkId !== undefined && !isNetworkOf(snapshot.networkId, vctx.vault.subscriptionId)) {
      return new NoticeWizard(title, `${vscode.l10n.t('The choices saved with this page name resources outside the vault’s subscription.')} ${openAgain}`);
    }
    const plan = await azurePlanFailoverServices.getRecoveryPlan(vctx, snapshot.planName);
    return PlanFailoverWizard.restore(deps, snapshot, plan);
  } catch (e) {
    return new NoticeWizard(title, `${vscode.l10n.t('Could not read the recovery plan {0}: {1}', snapshot.planName, failureText(e))} ${openAgain}`);
  }
}

/** The restored panel's title: the plan's name as read from Azure. */
export function restoredPlanTitle(wizard: FormWizard<unknown>): string | undefined {
  return wizard instanceof PlanFailoverWizard ? vscode.l10n.t('Failover: {0}', wizard.displayName) : undefined;
}
