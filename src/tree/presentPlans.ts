// The Recovery Plans part of the Protection tree (issue 16 §2) as plain data: the "Recovery Plans"
// row under the vault, a row per plan with its state ("Test failover — waiting for cleanup"), under
// it the plan's groups in order, and under each group its VMs in order. Pure: no vscode import;
// the plan's actions come in already derived from its allowedOperations (model/recoveryPlanRules.ts).

import * as l10n from '@vscode/l10n';
import type { PlanGroup, RecoveryPlanAction, RecoveryPlanSummary } from '../model/recoveryPlan';
import { groupLabel } from '../model/recoveryPlanRules';
import type { PlanJobVmTask } from '../model/planJobTasks';
import { blocks, escapeMarkdown, field, formatUtc, lines, type TreeItemModel } from './presentCommon';
import { jobStateLook } from './presentJobs';
import { strings } from './presentStrings';

/** The contextValue of the "Recovery Plans" row (menus: Create Recovery Plan). */
export const PLANS_CONTEXT = 'recoveryPlans';
/** The first contextValue token of a plan row; its allowed actions follow as `plan-<action>`. */
export const PLAN_CONTEXT = 'recoveryPlan';

/** The contextValue token of a plan action the plan allows now (package.json menus match it). */
export function planActionToken(action: RecoveryPlanAction): string {
  return `plan-${action}`;
}

/** The "Recovery Plans" row: how many plans, or that they could not be read. */
export function presentPlansFolder(count: number | undefined): TreeItemModel {
  const description = count === undefined ? l10n.t('not read') : count === 1 ? l10n.t('1 plan') : l10n.t('{0} plans', count);
  const about = l10n.t('Recovery plans fail over several VMs together, group by group, in the order you set.');
  return {
    id: 'recoveryPlans',
    label: l10n.t('Recovery Plans'),
    description,
    iconId: 'list-ordered',
    tooltip: blocks([
      `**${escapeMarkdown(l10n.t('Recovery Plans'))}**`,
      escapeMarkdown(about),
      count === undefined ? escapeMarkdown(l10n.t('The plans could not be read; refresh to try again.')) : undefined,
    ]),
    contextValue: PLANS_CONTEXT,
    collapsible: 'expanded',
  };
}

/**
 * ASR's scenario names (currentScenario.scenarioName) as the tree says them: "TestFailover"
 * (RPTestFailover.json), "TestFailoverCleanup" (RPTestFailoverCleanup.json entry 4),
 * "PlannedFailover" (RPFailback.json), "CommitFailover" (RPFailoverCommit.json's job, as
 * docs/evidence/recovery-plans.md quotes it). UNVERIFIED: the name of a plan's reprotect (no
 * recording copied shows it); another name shows as ASR sends it.
 */
function scenarioText(name: string): string {
  switch (name) {
    case 'TestFailover':
      return l10n.t('Test failover');
    case 'TestFailoverCleanup':
      return l10n.t('Test failover cleanup');
    case 'PlannedFailover':
      return l10n.t('Planned failover');
    case 'UnplannedFailover':
      return l10n.t('Unplanned failover');
    case 'CommitFailover':
    case 'Commit':
    case 'FailoverCommit':
      return l10n.t('Commit');
    case 'ReverseReplicate':
    case 'Reprotect':
      return l10n.t('Reverse replication');
    default:
      return name;
  }
}

/** The state of the scenario (currentScenarioStatus and its description), as the tree says it. */
function scenarioStatusText(status: string | undefined, description: string | undefined): string | undefined {
  // RPTestFailover.json: "currentScenarioStatus": "Suspended", "currentScenarioStatusDescription": "WaitingForStopTestFailover".
  if (description === 'WaitingForStopTestFailover') return l10n.t('waiting for cleanup');
  switch (status) {
    case undefined:
      return undefined;
    case 'Succeeded':
      return l10n.t('completed');
    case 'InProgress':
      return l10n.t('in progress');
    case 'Failed':
      return l10n.t('failed');
    case 'Cancelled':
      return l10n.t('cancelled');
    case 'Suspended':
      return l10n.t('waiting');
    default:
      return description ?? status;
  }
}

/** "Test failover — waiting for cleanup", "Planned failover — completed", or "No failover yet". */
export function planStateText(plan: Pick<RecoveryPlanSummary, 'currentScenario' | 'currentScenarioStatus' | 'currentScenarioStatusDescription'>): string {
  if (!plan.currentScenario) return l10n.t('No failover yet');
  const status = scenarioStatusText(plan.currentScenarioStatus, plan.currentScenarioStatusDescription);
  return status ? `${scenarioText(plan.currentScenario)} — ${status}` : scenarioText(plan.currentScenario);
}

function planLook(plan: RecoveryPlanSummary): { iconId: string; iconColorId?: string } {
  if (plan.currentScenarioStatusDescription === 'WaitingForStopTestFailover') return { iconId: 'beaker', iconColorId: 'charts.yellow' };
  switch (plan.currentScenarioStatus) {
    case 'InProgress':
      return { iconId: 'sync~spin' };
    case 'Failed':
      return { iconId: 'error', iconColorId: 'errorForeground' };
    default:
      return { iconId: 'list-ordered' };
  }
}

/** The plan's groups the tree shows: the Boot groups ("Group 1", …), and the Shutdown and Failover groups when they hold VMs. */
export function shownGroups(plan: Pick<RecoveryPlanSummary, 'groups'>): { group: PlanGroup; index: number; label: string }[] {
  return plan.groups.flatMap((group, index) => (group.groupType === 'Boot' || group.itemIds.length > 0 ? [{ group, index, label: groupLabel(plan.groups, index) }] : []));
}

/** A plan's row: its name, its state, the actions it allows now (menus), its groups under it. */
export function presentPlan(plan: RecoveryPlanSummary, actions: readonly RecoveryPlanAction[]): TreeItemModel {
  const state = planStateText(plan);
  const vmCount = plan.groups.reduce((n, g) => n + g.itemIds.length, 0);
  const times: [string, Date | undefined][] = [
    [l10n.t('Last test failover'), plan.lastTestFailoverTime],
    [l10n.t('Last planned failover'), plan.lastPlannedFailoverTime],
    [l10n.t('Last unplanned failover'), plan.lastUnplannedFailoverTime],
  ];
  return {
    id: `plan:${plan.name.toLowerCase()}`,
    label: plan.friendlyName,
    description: state,
    ...planLook(plan),
    tooltip: blocks([
      `**${escapeMarkdown(plan.friendlyName)}**`,
      lines([field(l10n.t('State'), state), field(l10n.t('Virtual machines'), String(vmCount)), ...times.flatMap(([label, at]) => (at ? [field(label, formatUtc(at))] : []))]),
      plan.allowedOperations.length > 0 ? field(l10n.t('Azure allows now'), plan.allowedOperations.join(', ')) : undefined,
    ]),
    contextValue: [PLAN_CONTEXT, ...actions.map(planActionToken)].join(';'),
    collapsible: 'collapsed',
  };
}

/** A group's row under its plan: "Group 1", "2 VMs". */
export function presentPlanGroup(planName: string, shown: { group: PlanGroup; index: number; label: string }): TreeItemModel {
  const count = shown.group.itemIds.length;
  const description = count === 1 ? l10n.t('1 VM') : l10n.t('{0} VMs', count);
  return {
    id: `plan:${planName.toLowerCase()}:group:${shown.index}`,
    label: shown.label,
    description,
    iconId: 'layers',
    tooltip: blocks([`**${escapeMarkdown(shown.label)}**`, escapeMarkdown(l10n.t('The VMs of a group start together, after those of the groups above.'))]),
    contextValue: 'recoveryPlanGroup',
    collapsible: 'expanded',
  };
}

/**
 * A VM of a group: "1. ramh157v01", its protection state as the estate knows it and, when its
 * Compute and Network settings ask for static addresses, the addresses it fails over to.
 */
export function presentPlanItem(planName: string, groupIndex: number, position: number, vm: { name: string; status?: string; staticIps?: readonly string[] }): TreeItemModel {
  const label = `${position + 1}. ${vm.name}`;
  const ips = vm.staticIps ?? [];
  const landing = ips.length > 0 ? l10n.t('fails over to {0}', ips.join(', ')) : undefined;
  const description = [vm.status, landing].filter((t): t is string => t !== undefined).join(strings.common.separator);
  return {
    id: `plan:${planName.toLowerCase()}:group:${groupIndex}:item:${position}`,
    label,
    ...(description !== '' ? { description } : {}),
    iconId: 'vm',
    tooltip: blocks([
      `**${escapeMarkdown(vm.name)}**`,
      vm.status !== undefined ? escapeMarkdown(vm.status) : undefined,
      landing !== undefined ? escapeMarkdown(l10n.t('Static address in Azure (Compute and Network): {0}', ips.join(', '))) : undefined,
    ]),
    contextValue: 'recoveryPlanItem',
    collapsible: 'none',
  };
}

/** A VM's task in a plan job's group (Jobs view): its name and state, e.g. "ramh157v02 · In progress". */
export function presentPlanVmTask(vm: PlanJobVmTask, jobName: string, groupIndex: number, vmIndex: number): TreeItemModel {
  const look = jobStateLook[vm.state];
  const state = strings.job.state[vm.state];
  return {
    id: `job:${jobName}/task:${groupIndex}/vm:${vmIndex}`,
    label: vm.name,
    description: vm.stateDescription && vm.stateDescription !== state ? `${state}${strings.common.separator}${vm.stateDescription}` : state,
    iconId: look.iconId,
    ...(look.iconColorId !== undefined ? { iconColorId: look.iconColorId } : {}),
    tooltip: blocks([`**${escapeMarkdown(vm.name)}**`, field(strings.job.stateLabel, vm.stateDescription ?? state)]),
    contextValue: 'jobTaskVm',
    collapsible: 'none',
  };
}
