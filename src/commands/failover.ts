// Failover…: the wizard with the three kinds (Test, Planned, Unplanned) its target allows now. The
// target is a VM (its node, or picked) or a recovery plan (its node, or picked beside the VMs from
// the palette: issue 16 §2, the Failover wizard "accepts a plan as its target").
import * as vscode from 'vscode';
import { allVms, type EstateVm } from '../estate';
import type { RecoveryPlanSummary } from '../model/recoveryPlan';
import { isPlanActionAllowed } from '../model/recoveryPlanRules';
import type { VmAction } from '../model/vmActions';
import { planStateText } from '../tree/presentPlans';
import type { CommandSpec } from './command';
import { eligibleVms, requireVault, resolveVm, type CommandContext } from './context';
import { openFailoverWizard } from './failoverWizards';
import { isPlanArgument } from './pickRecoveryPlan';
import { openPlanFailoverWizard, planVmLookup } from './planFailoverWizards';
import { offeredPlanKinds } from '../webviews/failover/planFailoverPages';

const failoverActions: readonly VmAction[] = ['plannedFailover', 'unplannedFailover', 'testFailover'];

/** The plans the wizard can act on now: a kind of failover (the plan and its VMs allow it), or the cleanup or commit they wait for. */
function failoverPlans(ctx: CommandContext): readonly RecoveryPlanSummary[] {
  const vmOf = planVmLookup(ctx);
  return (ctx.store.recoveryPlans.plans ?? []).filter(
    (p) => offeredPlanKinds(p, vmOf).length > 0 || isPlanActionAllowed(p, 'testFailoverCleanup') || isPlanActionAllowed(p, 'commit'),
  );
}

type Target = { vm: EstateVm } | { plan: RecoveryPlanSummary };

/** From the palette, when plans can fail over too: one pick with the VMs, then the recovery plans. */
async function pickVmOrPlan(ctx: CommandContext, plans: readonly RecoveryPlanSummary[]): Promise<Target | undefined> {
  const snapshot = ctx.store.snapshot ?? (await ctx.store.refresh().then(() => ctx.store.snapshot));
  const vms = eligibleVms(ctx, snapshot ? allVms(snapshot) : [], failoverActions);
  type Item = vscode.QuickPickItem & { target?: Target };
  const separator = (label: string): Item => ({ label, kind: vscode.QuickPickItemKind.Separator });
  const items: Item[] = [
    ...(vms.length > 0 ? [separator(vscode.l10n.t('Virtual machines'))] : []),
    ...vms.map((vm) => ({ label: vm.name, description: vm.status.summary, detail: vm.hostKey, target: { vm } })),
    separator(vscode.l10n.t('Recovery plans')),
    ...plans.map((plan) => ({ label: plan.friendlyName, iconPath: new vscode.ThemeIcon('list-ordered'), description: planStateText(plan), target: { plan } })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Failover'),
    placeHolder: vscode.l10n.t('A virtual machine or a recovery plan'),
    matchOnDescription: true,
  });
  return picked?.target;
}

export const failoverCommand: CommandSpec = {
  id: 'azureSiteRecovery.failover',
  async run(ctx, arg) {
    if (isPlanArgument(arg)) {
      if (await requireVault(ctx)) openPlanFailoverWizard(ctx, arg.planName);
      return;
    }
    const plans = arg === undefined ? failoverPlans(ctx) : [];
    if (plans.length > 0) {
      const target = await pickVmOrPlan(ctx, plans);
      if (!target || !(await requireVault(ctx))) return;
      if ('vm' in target) openFailoverWizard(ctx, target.vm);
      else openPlanFailoverWizard(ctx, target.plan.name);
      return;
    }
    const vm = await resolveVm(ctx, arg, failoverActions);
    if (!vm || !(await requireVault(ctx))) return;
    openFailoverWizard(ctx, vm);
  },
};
