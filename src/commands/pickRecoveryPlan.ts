// Which recovery plan a plan command acts on (issue 16 §2): the plan node it was run from, or one
// the user picks among the plans that allow the action; always read again from Azure first, so the
// action is checked against what the plan allows now (services/azure/recoveryPlans.ts refuses
// locally, with no request, what its allowedOperations do not allow). Several vaults (issue 16 §3):
// a plan node of an added vault carries its vault key, and the plan is read in that vault; from the
// palette, the plans listed are those of the context's vault (the one picked: commandVault.ts).

import * as vscode from 'vscode';
import type { RecoveryPlanAction, RecoveryPlanSummary } from '../model/recoveryPlan';
import { isPlanActionAllowed, planVmsAllow } from '../model/recoveryPlanRules';
import { estateVmActions } from '../tree/planNodes';
import type { VaultContext } from '../services/azure/clients';
import { getRecoveryPlan, listRecoveryPlans } from '../services/azure/recoveryPlans';
import { planStateText } from '../tree/presentPlans';
import { contextForNode, requireVault, type CommandContext } from './context';

/** A plan node of the Protection tree (or a command argument shaped like one; `vaultKey`: an added vault's plan). */
export function isPlanArgument(v: unknown): v is { planName: string; vaultKey?: string } {
  return typeof v === 'object' && v !== null && typeof Reflect.get(v, 'planName') === 'string';
}

/** The plans as the last refresh read them, else as Azure lists them now. */
async function knownPlans(ctx: CommandContext, vctx: VaultContext): Promise<readonly RecoveryPlanSummary[]> {
  return ctx.store.recoveryPlans.plans ?? (await listRecoveryPlans(vctx));
}

/**
 * The plan to act on, read again from Azure, with the vault; undefined when the user cancelled or
 * no plan allows `action` (then a message says so). Throws what Azure answered (or that the node's
 * vault is no longer connected). `vaultCtx`: the command context of the plan's vault (its store,
 * its connection): `ctx` itself, or the added vault's the plan node names.
 */
export async function resolveRecoveryPlan(
  ctx: CommandContext,
  arg: unknown,
  title: string,
  action?: RecoveryPlanAction,
): Promise<{ vctx: VaultContext; plan: RecoveryPlanSummary; vaultCtx: CommandContext } | undefined> {
  const vaultCtx = contextForNode(ctx, arg);
  const vctx = await requireVault(vaultCtx);
  if (!vctx) return undefined;
  let name = isPlanArgument(arg) ? arg.planName : undefined;
  if (name === undefined) {
    const plans = await knownPlans(vaultCtx, vctx);
    const vmActions = estateVmActions(vaultCtx.store);
    const eligible = action ? plans.filter((p) => isPlanActionAllowed(p, action) && planVmsAllow(p, vmActions, action)) : plans;
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
  return { vctx, plan: await getRecoveryPlan(vctx, name), vaultCtx };
}
