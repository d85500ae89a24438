// What the plan Failover wizard (planFailoverWizard.ts) needs from the outside: the glue's
// callbacks (`PlanFailoverDeps`), the Azure operations (`PlanFailoverServices`, the real ones by
// default, fakes in unit tests), the actions it starts and how it names them. Pure: no vscode.
import * as l10n from '@vscode/l10n';
import type { JobOwner } from '../../jobs/types';
import type { JobLike } from '../../model/jobSummary';
import type { RecoveryPlanAction, RecoveryPlanActionOptions, RecoveryPlanSummary } from '../../model/recoveryPlan';
import type { AzureContext, VaultContext } from '../../services/azure/clients';
import { getJob, resumeJob } from '../../services/azure/jobs';
import { listVirtualNetworks, type VirtualNetworkSummary } from '../../services/azure/networks';
import { getRecoveryPlan, startRecoveryPlanAction } from '../../services/azure/recoveryPlans';
import type { Confirmation } from './failoverModel';
import { noNetwork } from './failoverModel';
import type { JobStart } from './failoverServices';
import type { PlanVmView } from './planFailoverPages';

/** The plan actions the wizard starts. */
export type PlanRunAction = Extract<RecoveryPlanAction, 'testFailover' | 'plannedFailover' | 'unplannedFailover' | 'testFailoverCleanup' | 'commit'>;
export const planRunActions: readonly PlanRunAction[] = ['testFailover', 'plannedFailover', 'unplannedFailover', 'testFailoverCleanup', 'commit'];

/** What the extension gives the wizard. */
export interface PlanFailoverDeps {
  /** The plan's vault; throws a sentence when it is not connected. */
  vaultContext(): Promise<VaultContext>;
  /** The vault's region: the test failover offers the virtual networks there. */
  vaultLocation?: string | undefined;
  /** A plan job started: the status bar and the Jobs view follow it; `owner` is this page. */
  watchJob(jobName: string, plan: RecoveryPlanSummary, action: PlanRunAction, owner: JobOwner): void;
  /** The estate's view of a plan's VM (by protected item id), if it knows it. */
  vmOf(itemId: string): PlanVmView | undefined;
  /** The failover (production) networks of the plan's VMs, as the estate knows them. */
  failoverNetworkIds(plan: RecoveryPlanSummary): string[];
  /** A modal before what cannot be undone; resolves true to go ahead. */
  confirm(question: Confirmation): Promise<boolean>;
  /** Reads the vault's plans and VMs again for the tree. */
  refresh(): Promise<void>;
  pollIntervalMs?: number;
}

/** The Azure operations of the wizard (the real ones by default, fakes in unit tests). */
export interface PlanFailoverServices {
  getRecoveryPlan(vctx: VaultContext, name: string): Promise<RecoveryPlanSummary>;
  startPlanAction(vctx: VaultContext, plan: RecoveryPlanSummary, action: PlanRunAction, options: RecoveryPlanActionOptions): Promise<JobStart>;
  getJob(vctx: VaultContext, jobName: string): Promise<JobLike>;
  resumeJob(vctx: VaultContext, jobName: string): Promise<JobStart>;
  listVirtualNetworks(ctx: AzureContext, filter: { location?: string }): Promise<VirtualNetworkSummary[]>;
}

export const azurePlanFailoverServices: PlanFailoverServices = {
  getRecoveryPlan: (vctx, name) => getRecoveryPlan(vctx, name),
  startPlanAction: (vctx, plan, action, options) => startRecoveryPlanAction(vctx, plan, action, options),
  getJob: (vctx, jobName) => getJob(vctx, jobName),
  resumeJob: (vctx, jobName) => resumeJob(vctx, jobName),
  listVirtualNetworks: (ctx, filter) => listVirtualNetworks(ctx, filter),
};

export function planCommitQuestion(planName: string): Confirmation {
  return {
    message: l10n.t('Commit the failover of {0}?', planName),
    detail: l10n.t('The VMs of the plan keep running where they failed over to; other recovery points can no longer be chosen.'),
    button: l10n.t('Commit'),
  };
}

/** What the action sends from the user's choices (the ones the action does not take are left out). */
export function planActionOptions(action: PlanRunAction, c: { networkId: string | undefined; shutDownSource: boolean; notes: string }): RecoveryPlanActionOptions {
  switch (action) {
    case 'testFailover':
      return c.networkId && c.networkId !== noNetwork ? { networkId: c.networkId } : {};
    case 'unplannedFailover':
      return { shutDownSource: c.shutDownSource };
    case 'testFailoverCleanup':
      return { comments: c.notes.trim() };
    default:
      return {};
  }
}
