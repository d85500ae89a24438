// The actions of a recovery plan (issue 16 §2), from its node's menu (only the actions its
// allowedOperations allow: the node's contextValue) or the palette (a plan quick pick): test
// failover (network: isolated first, production after a modal warning, as Run DR Drill asks),
// cleanup, planned and unplanned failover, commit, failback, reverse replication. Each asks what
// it needs, starts the plan's job (refused locally when the plan does not allow it now), and hands
// the job to the tracker: the status bar and the Jobs view follow it, group by group.

import * as vscode from 'vscode';
import { allVms } from '../estate';
import type { RecoveryPlanAction, RecoveryPlanActionOptions, RecoveryPlanSummary } from '../model/recoveryPlan';
import { MAX_PLAN_CLEANUP_COMMENTS_LENGTH, planVmsRefusal } from '../model/recoveryPlanRules';
import { estateVmActions, vmOfItem } from '../tree/planNodes';
import type { VaultContext } from '../services/azure/clients';
import { listVirtualNetworks } from '../services/azure/networks';
import { startRecoveryPlanAction } from '../services/azure/recoveryPlans';
import { dataSyncChoices } from '../webviews/failover/failoverModel';
import { planCommitQuestion } from '../webviews/failover/planFailoverServices';
import type { CommandSpec } from './command';
import { addedVaultKeyOf, confirm, showError, type CommandContext } from './context';
import { resolveRecoveryPlan } from './pickRecoveryPlan';
import { pickTestNetwork } from './runDrillPicks';

function actionTitle(action: RecoveryPlanAction): string {
  switch (action) {
    case 'testFailover':
      return vscode.l10n.t('Test failover of a recovery plan');
    case 'testFailoverCleanup':
      return vscode.l10n.t('Clean up the test failover of a recovery plan');
    case 'plannedFailover':
      return vscode.l10n.t('Planned failover of a recovery plan');
    case 'unplannedFailover':
      return vscode.l10n.t('Unplanned failover of a recovery plan');
    case 'commit':
      return vscode.l10n.t('Commit a recovery plan');
    case 'failback':
      return vscode.l10n.t('Failback of a recovery plan');
    case 'reverseReplication':
      return vscode.l10n.t('Reverse replication of a recovery plan');
  }
}

/** The failover (production) networks of the plan's VMs, as the estate knows them. */
export function failoverNetworkIds(ctx: CommandContext, plan: RecoveryPlanSummary): string[] {
  const ids = new Set(plan.groups.flatMap((g) => g.itemIds.map((id) => id.toLowerCase())));
  const snapshot = ctx.store.snapshot;
  const vms = snapshot ? allVms(snapshot).filter((vm) => ids.has(vm.protection?.itemId?.toLowerCase() ?? '')) : [];
  return vms.flatMap((vm) => (vm.protection?.target?.networkId ? [vm.protection.target.networkId] : []));
}

async function testFailoverOptions(ctx: CommandContext, vctx: VaultContext, plan: RecoveryPlanSummary): Promise<RecoveryPlanActionOptions | undefined> {
  const location = ctx.connection.saved?.vault?.location;
  const networks = await listVirtualNetworks(vctx, location ? { location } : {});
  const network = await pickTestNetwork(networks, failoverNetworkIds(ctx, plan), {
    noNetwork: vscode.l10n.t('There is no virtual network in the target region. Create an isolated virtual network there for test failovers, then test the plan again.'),
    title: vscode.l10n.t('Test failover of {0}: network for the test VMs', plan.friendlyName),
    question: (name) => vscode.l10n.t('Test the plan {0} in the production network {1}?', plan.friendlyName, name),
  });
  return network ? { networkId: network.id } : undefined;
}

async function cleanupOptions(plan: RecoveryPlanSummary): Promise<RecoveryPlanActionOptions | undefined> {
  const comments = await vscode.window.showInputBox({
    title: vscode.l10n.t('Clean up the test failover of {0}', plan.friendlyName),
    prompt: vscode.l10n.t('Notes: what the test showed (kept with the plan’s job). The test VMs are deleted.'),
    validateInput: (v) => (v.length > MAX_PLAN_CLEANUP_COMMENTS_LENGTH ? vscode.l10n.t('At most {0} characters.', MAX_PLAN_CLEANUP_COMMENTS_LENGTH) : undefined),
  });
  return comments === undefined ? undefined : { comments: comments.trim() };
}

async function unplannedOptions(plan: RecoveryPlanSummary): Promise<RecoveryPlanActionOptions | undefined> {
  const shutDown = vscode.l10n.t('Shut down the VMs on their hosts first');
  const keep = vscode.l10n.t('Do not shut them down (the hosts are lost)');
  const picked = await vscode.window.showQuickPick([shutDown, keep], { title: vscode.l10n.t('Unplanned failover of {0}', plan.friendlyName) });
  if (picked === undefined) return undefined;
  const go = await confirm(
    vscode.l10n.t('Fail over every VM of {0} to Azure now?', plan.friendlyName),
    vscode.l10n.t('The VMs start in Azure group by group from their latest recovery points; changes not yet replicated are lost.'),
    vscode.l10n.t('Fail over'),
  );
  return go ? { shutDownSource: picked === shutDown } : undefined;
}

async function failbackOptions(plan: RecoveryPlanSummary): Promise<RecoveryPlanActionOptions | undefined> {
  const choices = dataSyncChoices(plan.friendlyName);
  const picked = await vscode.window.showQuickPick(
    choices.map((c) => ({ label: c.label, ...(c.detail !== undefined ? { detail: c.detail } : {}), value: c.value })),
    { title: vscode.l10n.t('Failback of {0}', plan.friendlyName) },
  );
  if (!picked) return undefined;
  // The plan's failback input (spec RecoveryPlanHyperVReplicaAzureFailbackInput) takes the VM creation
  // option with no host provider (an item's failback names one: services/azure/failover.ts).
  // RPFailback.json sends "NoAction", the answer when the VMs are still on their hosts.
  const keep = vscode.l10n.t('The VMs are still on their hosts');
  const create = vscode.l10n.t('Create the VMs that are missing on their hosts');
  const vms = await vscode.window.showQuickPick(
    [
      { label: keep, detail: vscode.l10n.t('Azure Site Recovery brings each VM back into its existing VM on the host (the usual case).'), value: 'NoAction' as const },
      {
        label: create,
        detail: vscode.l10n.t('For a VM deleted on its host since the failover: Azure Site Recovery creates it again there.'),
        value: 'CreateVmIfNotFound' as const,
      },
    ],
    { title: vscode.l10n.t('Failback of {0}: the VMs on premises', plan.friendlyName) },
  );
  if (!vms) return undefined;
  return { dataSyncOption: picked.value === 'ForSynchronization' ? 'ForSynchronization' : 'ForDownTime', recoveryVmCreationOption: vms.value };
}

/** A modal for the actions that ask nothing else: true when the user goes ahead. */
function confirmSimple(action: 'plannedFailover' | 'commit' | 'reverseReplication', plan: RecoveryPlanSummary): Promise<boolean> {
  switch (action) {
    case 'plannedFailover':
      return confirm(
        vscode.l10n.t('Fail over every VM of {0} to Azure?', plan.friendlyName),
        vscode.l10n.t('The VMs shut down on their hosts, their last changes replicate, and they start in Azure group by group, in the plan’s order. No data is lost.'),
        vscode.l10n.t('Fail over'),
      );
    case 'commit': {
      // The question the plan Failover wizard asks before its Commit.
      const q = planCommitQuestion(plan.friendlyName);
      return confirm(q.message, q.detail, q.button);
    }
    case 'reverseReplication':
      return confirm(
        vscode.l10n.t('Reverse the replication of {0}?', plan.friendlyName),
        vscode.l10n.t('Every VM of the plan replicates again in the other direction.'),
        vscode.l10n.t('Reverse replication'),
      );
  }
}

/** What the action needs from the user; undefined when they cancelled. */
async function askOptions(ctx: CommandContext, vctx: VaultContext, plan: RecoveryPlanSummary, action: RecoveryPlanAction): Promise<RecoveryPlanActionOptions | undefined> {
  switch (action) {
    case 'testFailover':
      return testFailoverOptions(ctx, vctx, plan);
    case 'testFailoverCleanup':
      return cleanupOptions(plan);
    case 'unplannedFailover':
      return unplannedOptions(plan);
    case 'failback':
      return failbackOptions(plan);
    default:
      return (await confirmSimple(action, plan)) ? {} : undefined;
  }
}

/** The step offered when the plan's job ends well (on the plan's vault: an added vault's key with it). */
export function nextStepOf(action: RecoveryPlanAction, plan: RecoveryPlanSummary, vaultKey: string | undefined): { title: string; command: string; args: unknown[] } | undefined {
  const args = [vaultKey === undefined ? { planName: plan.name } : { planName: plan.name, vaultKey }];
  if (action === 'testFailover') return { title: vscode.l10n.t('Clean up test failover'), command: 'azureSiteRecovery.cleanupTestFailoverRecoveryPlan', args };
  if (action === 'plannedFailover' || action === 'unplannedFailover' || action === 'failback')
    return { title: vscode.l10n.t('Commit'), command: 'azureSiteRecovery.commitRecoveryPlan', args };
  return undefined;
}

/** Runs one plan action from a node or the palette; every failure is one message, never a stack trace. */
async function runPlanAction(ctx: CommandContext, arg: unknown, action: RecoveryPlanAction): Promise<void> {
  const title = actionTitle(action);
  try {
    const found = await resolveRecoveryPlan(ctx, arg, title, action);
    if (!found) return;
    // The plan's vault: its estate (the plan's VMs' networks) and its plans list.
    const { vctx, plan, vaultCtx } = found;
    // The plan's allowedOperations do not tell a failover from a failback: its VMs do (refused here, with no request).
    const refusal = planVmsRefusal(plan, estateVmActions(vaultCtx.store), action, (id) => vmOfItem(vaultCtx.store, id)?.name ?? id.split('/').pop() ?? id);
    if (refusal !== undefined) {
      void vscode.window.showWarningMessage(refusal);
      return;
    }
    const options = await askOptions(vaultCtx, vctx, plan, action);
    if (!options) return;
    const op = await startRecoveryPlanAction(vctx, plan, action, options);
    const nextStep = nextStepOf(action, plan, addedVaultKeyOf(vaultCtx));
    if (op.jobName !== '') {
      ctx.jobs.watch(op.jobName, { vmName: plan.friendlyName, ...(nextStep ? { nextStep } : {}), direction: action === 'failback' ? 'fromAzure' : 'toAzure' });
      void ctx.jobs.refreshNow();
    }
    await vaultCtx.store.recoveryPlans.refresh(vctx);
  } catch (e) {
    showError(ctx, e, title);
  }
}

export const testFailoverRecoveryPlanCommand: CommandSpec = {
  id: 'azureSiteRecovery.testFailoverRecoveryPlan',
  run: (ctx, arg) => runPlanAction(ctx, arg, 'testFailover'),
};

export const cleanupTestFailoverRecoveryPlanCommand: CommandSpec = {
  id: 'azureSiteRecovery.cleanupTestFailoverRecoveryPlan',
  run: (ctx, arg) => runPlanAction(ctx, arg, 'testFailoverCleanup'),
};

export const plannedFailoverRecoveryPlanCommand: CommandSpec = {
  id: 'azureSiteRecovery.plannedFailoverRecoveryPlan',
  run: (ctx, arg) => runPlanAction(ctx, arg, 'plannedFailover'),
};

export const unplannedFailoverRecoveryPlanCommand: CommandSpec = {
  id: 'azureSiteRecovery.unplannedFailoverRecoveryPlan',
  run: (ctx, arg) => runPlanAction(ctx, arg, 'unplannedFailover'),
};

export const commitRecoveryPlanCommand: CommandSpec = {
  id: 'azureSiteRecovery.commitRecoveryPlan',
  run: (ctx, arg) => runPlanAction(ctx, arg, 'commit'),
};

export const failbackRecoveryPlanCommand: CommandSpec = {
  id: 'azureSiteRecovery.failbackRecoveryPlan',
  run: (ctx, arg) => runPlanAction(ctx, arg, 'failback'),
};

export const reverseReplicationRecoveryPlanCommand: CommandSpec = {
  id: 'azureSiteRecovery.reverseReplicationRecoveryPlan',
  run: (ctx, arg) => runPlanAction(ctx, arg, 'reverseReplication'),
};
