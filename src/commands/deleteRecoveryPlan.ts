import * as vscode from 'vscode';
import { deleteRecoveryPlan } from '../services/azure/recoveryPlans';
import type { CommandSpec } from './command';
import { confirm, showError } from './context';
import { resolveRecoveryPlan } from './pickRecoveryPlan';

/** Delete Recovery Plan…: after a modal that names the plan; its VMs stay protected. */
export const deleteRecoveryPlanCommand: CommandSpec = {
  id: 'azureSiteRecovery.deleteRecoveryPlan',
  async run(ctx, arg) {
    const title = vscode.l10n.t('Delete Recovery Plan');
    try {
      const found = await resolveRecoveryPlan(ctx, arg, title);
      if (!found) return;
      const { vctx, plan, vaultCtx } = found;
      const go = await confirm(
        vscode.l10n.t('Delete the recovery plan {0}?', plan.friendlyName),
        vscode.l10n.t('The plan and its groups are deleted. Its VMs stay protected and keep replicating.'),
        vscode.l10n.t('Delete'),
      );
      if (!go) return;
      const op = await deleteRecoveryPlan(vctx, plan.name);
      if (op.jobName !== '') {
        ctx.jobs.watch(op.jobName, { vmName: plan.friendlyName });
        void ctx.jobs.refreshNow();
      }
      await op.result();
      // The plan's vault lists its plans again.
      await vaultCtx.store.recoveryPlans.refresh(vctx);
    } catch (e) {
      showError(ctx, e, title);
    }
  },
};
