// Which recovery plan a plan command acts on (issue 16 §2): the plan node it was run from, or one
// the user picks among the plans that allow the action; always read again from Azure first, so the
// action is checked against what the plan allows now (services/azure/recoveryPlans.ts refuses
// locally, with no request, what its allowedOperations do not allow).

import * as vscode from 'vscode';
import type { RecoveryPlanAction, RecoveryPlanSummary } from '../model/recoveryPlan';
import { isPlanActionAllowed } from '../model/recoveryPlanRules';
import type { VaultContext } from '../services/azure/clients';
import { getRecoveryPlan, listRecoveryPlans } from '../services/azure/recoveryPlans';
import { planStateText } from '../tree/presentPlans';
import { requireVault, type CommandContext } from './context';

/** A plan node of the Protection tree (or a command argument shaped like one). */
export function isPlanArgument(v: unknown): v is { planName: string } {
  return typeof v === 'object' && v !== null && typeof Reflect.get(v, 'planName') === 'string';
}

/** The plans as the last refresh read them, else as Azure lists them now. */
async function knownPlans(ctx: CommandContext, vctx: VaultContext): Promise<readonly RecoveryPlanSummary[]> {
  return ctx.store.recoveryPlans.plans ?? (await listRecoveryPlans(vctx));
}

/**
 * The plan to act on, read again from Azure, with the vault; undefined when the user cancelled or
 * no plan allows `action` (then a message says so). Throws what Azure answered.
 */
export async function resolveRecoveryPlan(
  ctx: CommandContext,
  arg: unknown,
  title: string,
  action?: RecoveryPlanAction,
): Promise<{ vctx: VaultContext; plan: RecoveryPlanSummary } | undefined> {
  const vctx = await requireVault(ctx);
  if (!vctx) return undefined;
  let name = isPlanArgument(arg) ? arg.planName : undefined;
  if (name === undefined) {
    const plans = await knownPlans(ctx, vctx);
    const eligible = action ? plans.filter((p) => isPlanActionAllowed(p, action)) : plans;
    if (eligible.length === 0) {
      void vscode.window.showInformationMessage(
        plans.length === 0
          ? vscode.l10n.t('The vault has no recovery plan yet. Create one with "Create Recovery Plan…".')
          : vscode.l10n.t('{0}: no recovery plan allows it now.', title),
      );
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      eligible.map((p) => ({ label: p.friendlyName, description: planStateText(p), name: p.name })),
      { title, placeHolder: vscode.l10n.t('Recovery plan') },
    );
    if (!picked) return undefined;
    name = picked.name;
  }
  return { vctx, plan: await getRecoveryPlan(vctx, name) };
}
