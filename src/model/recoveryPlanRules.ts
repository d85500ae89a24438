// The rules of a recovery plan that hold before any request (issue 16 §2): which plan actions ASR's
// allowedOperations allow, and what a plan's groups may hold. The service
// (src/services/azure/recoveryPlans.ts) refuses locally with them; the plan editor and the
// palette (the UI) use the same functions, so a button shows only when the request would be sent.
// Sources, quoted in docs/evidence/recovery-plans.md:
// - Microsoft docs recovery-plan-overview.md: "Up to 100 protected instances can be added to one
//   recovery plan." / "Machines in different groups fail over in group order, so that Group 2
//   machines start their failover only after all the machines in Group 1 have failed over and started."
// - Microsoft docs site-recovery-create-recovery-plans.md: "By default a new group is numbered in
//   the order in which it's added. You can have up to seven groups." / "A machine or replication
//   group can only belong to one group in a recovery plan." / "A recovery plan can contain machines
//   with the same source and target."
// - The spec example ReplicationRecoveryPlans_Create.json sends one "Boot" group; ASR answers with
//   "Shutdown", "Failover", "Boot" in that order (so do the recordings RPTestFailover, RPFailback).
//   Az PowerShell New-AzRecoveryServicesAsrRecoveryPlan (NewAzureRmRecoveryServicesAsrRecoveryPlan.cs)
//   sends `GroupType = RecoveryPlanGroupType.Boot` with the items; Edit-…RecoveryPlan -AppendGroup
//   adds `GroupType = RecoveryPlanGroupType.Boot` named `"Group " + (this.InputObject.Groups.Count - 1)`,
//   and refuses an item already in a group (Resources.VMAlreadyPartOfGroup).
//
// Pure module: no vscode, no SDK.

import * as l10n from '@vscode/l10n';
import { tryParseArmId } from './armId';
import type { PlanGroup, PlanGroupType, RecoveryPlanAction, RecoveryPlanDraft, RecoveryPlanSummary } from './recoveryPlan';
import type { VmAction } from './vmActions';
import { recoveryPlanActions } from './recoveryPlan';
import { equalsIgnoreCase } from './wireValues';

/** recovery-plan-overview.md: "Up to 100 protected instances can be added to one recovery plan." */
export const MAX_ITEMS_PER_PLAN = 100;
/** site-recovery-create-recovery-plans.md: "You can have up to seven groups." (the numbered Boot groups). */
export const MAX_BOOT_GROUPS = 7;
/** Test failover cleanup notes: the same limit as for one VM (src/services/azure/failover.ts). */
export const MAX_PLAN_CLEANUP_COMMENTS_LENGTH = 1024;
/** The recovery "fabric" of a Hyper-V site to Azure plan (spec example Create; every recording). */
export const AZURE_RECOVERY_FABRIC_ID = 'Microsoft Azure';

/**
 * The plan's allowedOperations that permit each action (any one is enough). Seen on plans:
 * "TestFailover", "PlannedFailover", "UnplannedFailover" (spec example Create, RPTestFailoverCleanup
 * entry 4), "TestFailoverCleanup" (RPTestFailover entry 5), "Commit" (RPPlannedFailover and
 * RPFailback last entries). A failback is ASR's PlannedFailover with failoverDirection
 * RecoveryToPrimary (RPFailback entry 0), so it needs "PlannedFailover"; the plan's
 * allowedOperations do not say the direction. UNVERIFIED: the name ASR lists for a plan's reprotect
 * (no recording copied shows it): "ReverseReplicate" (the item's name) or "Reprotect" are accepted.
 */
export const planOperationsForAction: Readonly<Record<RecoveryPlanAction, readonly string[]>> = {
  testFailover: ['TestFailover'],
  testFailoverCleanup: ['TestFailoverCleanup'],
  plannedFailover: ['PlannedFailover'],
  unplannedFailover: ['UnplannedFailover'],
  commit: ['Commit'],
  failback: ['PlannedFailover'],
  reverseReplication: ['ReverseReplicate', 'Reprotect'],
};

/** The part of a plan the action rules read. */
export interface PlanOperationsLike {
  friendlyName?: string;
  name?: string;
  allowedOperations: readonly string[];
}

export function isRecoveryPlanAction(value: string): value is RecoveryPlanAction {
  return (recoveryPlanActions as readonly string[]).includes(value);
}

/** Whether the plan's allowedOperations allow `action` now. */
export function isPlanActionAllowed(plan: PlanOperationsLike, action: RecoveryPlanAction): boolean {
  return planOperationsForAction[action].some((op) => plan.allowedOperations.some((allowed) => equalsIgnoreCase(allowed, op)));
}

/** The actions the plan allows now, in menu order (recoveryPlanActions). */
export function allowedPlanActions(plan: PlanOperationsLike): RecoveryPlanAction[] {
  return recoveryPlanActions.filter((a) => isPlanActionAllowed(plan, a));
}

/** The name of each action: in refusals, and as the plan Failover wizard's step titles. */
export function planActionLabel(action: RecoveryPlanAction): string {
  switch (action) {
    case 'testFailover':
      return l10n.t('Test failover');
    case 'testFailoverCleanup':
      return l10n.t('Test failover cleanup');
    case 'plannedFailover':
      return l10n.t('Planned failover');
    case 'unplannedFailover':
      return l10n.t('Unplanned failover');
    case 'commit':
      return l10n.t('Commit');
    case 'failback':
      return l10n.t('Failback');
    case 'reverseReplication':
      return l10n.t('Reverse replication');
  }
}

/** What each VM of a plan allows now, by protected item id, as the estate read it (undefined: not known). */
export type PlanVmActions = (itemId: string) => readonly VmAction[] | undefined;

/**
 * The plan actions whose way the plan's allowedOperations do not tell: "PlannedFailover" permits a
 * failover to Azure and a failback alike (RPFailback entry 0 sends it with failoverDirection
 * RecoveryToPrimary), and after a committed failover a plan lists "PlannedFailover",
 * "UnplannedFailover", "TestFailover" again (RPFailoverCommit; lab/asr/recoveryPlanJobs.ts) while
 * its VMs run in Azure and allow a failback only. For these, the plan's VMs decide.
 */
const directionalPlanActions: readonly RecoveryPlanAction[] = ['testFailover', 'plannedFailover', 'unplannedFailover', 'failback'];

/**
 * Whether the plan's VMs allow `action`: for a directional action, every VM whose allowed actions
 * are known allows it (a plan action runs on each VM, and one that does not allow it fails the
 * plan's request: the lab refuses it, requireMembersAllow); other actions are the plan's to say.
 */
export function planVmsAllow(plan: Pick<RecoveryPlanSummary, 'groups'>, vmActions: PlanVmActions, action: RecoveryPlanAction): boolean {
  return planItemsRefusing(plan, vmActions, action).length === 0;
}

/** The plan's protected items (ids, in the plan's order) whose known allowed actions lack a directional `action`. */
export function planItemsRefusing(plan: Pick<RecoveryPlanSummary, 'groups'>, vmActions: PlanVmActions, action: RecoveryPlanAction): string[] {
  if (!directionalPlanActions.includes(action)) return [];
  return plan.groups.flatMap((g) => g.itemIds.filter((id) => !(vmActions(id)?.includes(action) ?? true)));
}

/** Why the plan's VMs refuse `action` (their names), for a message; undefined when they allow it. */
export function planVmsRefusal(
  plan: Pick<RecoveryPlanSummary, 'groups' | 'friendlyName'>,
  vmActions: PlanVmActions,
  action: RecoveryPlanAction,
  nameOf: (itemId: string) => string,
): string | undefined {
  const refusing = planItemsRefusing(plan, vmActions, action);
  if (refusing.length === 0) return undefined;
  return l10n.t(
    '{0} is not possible on recovery plan "{1}" now: its VMs {2} do not allow it (a failover to Azure needs them protected on premises, a failback needs them running in Azure after a committed failover). Refresh the view if they changed.',
    planActionLabel(action),
    plan.friendlyName,
    refusing.map(nameOf).join(', '),
  );
}

/** The actions the plan and its VMs allow now, in menu order. */
export function allowedPlanActionsWithVms(plan: PlanOperationsLike & Pick<RecoveryPlanSummary, 'groups'>, vmActions: PlanVmActions): RecoveryPlanAction[] {
  return allowedPlanActions(plan).filter((a) => planVmsAllow(plan, vmActions, a));
}

export type PlanActionCheck = { allowed: true } | { allowed: false; reason: string };

/** Whether `action` may run on the plan now; if not, a sentence saying why and what ASR allows. */
export function checkPlanAction(plan: PlanOperationsLike, action: RecoveryPlanAction): PlanActionCheck {
  if (isPlanActionAllowed(plan, action)) {
    return { allowed: true };
  }
  const name = plan.friendlyName ?? plan.name ?? l10n.t('the recovery plan');
  const allowed = allowedPlanActions(plan).map(planActionLabel);
  return {
    allowed: false,
    reason:
      allowed.length > 0
        ? l10n.t('{0} is not possible on recovery plan "{1}" now. Azure Site Recovery allows: {2}.', planActionLabel(action), name, allowed.join(', '))
        : l10n.t('{0} is not possible on recovery plan "{1}" now: Azure Site Recovery allows no action on it at the moment (a job may be running).', planActionLabel(action), name),
  };
}

// ---------------------------------------------------------------------------------------------
// Groups.

/** The Boot groups of a plan, in order (what the UI calls Group 1, Group 2, …). */
export function bootGroups(groups: readonly PlanGroup[]): PlanGroup[] {
  return groups.filter((g) => g.groupType === 'Boot');
}

/** "Group N" for a Boot group (its 1-based place among the Boot groups), else the group type. */
export function groupLabel(groups: readonly PlanGroup[], index: number): string {
  const group = groups[index];
  if (group === undefined) {
    return '';
  }
  if (group.groupType !== 'Boot') {
    return group.groupType === 'Shutdown' ? l10n.t('Shutdown') : l10n.t('Failover');
  }
  const n = groups.slice(0, index + 1).filter((g) => g.groupType === 'Boot').length;
  return l10n.t('Group {0}', n);
}

/**
 * The groups as ASR keeps them: Shutdown, Failover, then the Boot groups in order (the order of
 * every plan read back: spec example Create's response, the recordings). Items in a Shutdown or
 * Failover group are kept where they are (validatePlanGroups refuses them).
 */
export function normalizePlanGroups(groups: readonly PlanGroup[]): PlanGroup[] {
  const of = (type: PlanGroupType): PlanGroup => {
    const found = groups.find((g) => g.groupType === type);
    return { groupType: type, itemIds: found ? [...found.itemIds] : [] };
  };
  return [of('Shutdown'), of('Failover'), ...bootGroups(groups).map((g) => ({ groupType: g.groupType, itemIds: [...g.itemIds] }))];
}

/** The fabric (Hyper-V site) name of a protected item's or fabric's ARM id, lower-cased. */
export function fabricNameOf(id: string): string | undefined {
  const parsed = tryParseArmId(id);
  const fabric = parsed?.segments.find((s) => s.type.toLowerCase() === 'replicationfabrics');
  return fabric?.name.toLowerCase();
}

function isProtectedItemId(id: string): boolean {
  const parsed = tryParseArmId(id);
  const last = parsed?.segments[parsed.segments.length - 1];
  return parsed !== undefined && last !== undefined && last.type.toLowerCase() === 'replicationprotecteditems' && fabricNameOf(id) !== undefined;
}

/** A problem of a plan's groups; `code` is stable for tests and the lab. */
export interface PlanProblem {
  code:
    | 'BadName'
    | 'BadSource'
    | 'BadTarget'
    | 'NoItems'
    | 'TooManyItems'
    | 'TooManyGroups'
    | 'NoBootGroup'
    | 'DuplicateItem'
    | 'NotAnItem'
    | 'OtherFabric'
    | 'ItemsOutsideBootGroups'
    | 'RepeatedGroupType';
  message: string;
}

export interface PlanGroupsContext {
  /** The plan's Hyper-V site (fabric) ARM id: every item must come from it. */
  primaryFabricId?: string;
  /** Whether a plan without items is refused (Create: the cmdlet's -ReplicationProtectedItem is Mandatory). */
  requireItems?: boolean;
}

function structureProblems(groups: readonly PlanGroup[]): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const boots = bootGroups(groups).length;
  if (boots === 0) {
    problems.push({ code: 'NoBootGroup', message: l10n.t('A recovery plan needs at least one group of VMs (Group 1).') });
  }
  if (boots > MAX_BOOT_GROUPS) {
    problems.push({ code: 'TooManyGroups', message: l10n.t('A recovery plan can have up to {0} groups; this one has {1}.', MAX_BOOT_GROUPS, boots) });
  }
  for (const type of ['Shutdown', 'Failover'] as const) {
    const same = groups.filter((g) => g.groupType === type);
    if (same.length > 1) {
      problems.push({ code: 'RepeatedGroupType', message: l10n.t('A recovery plan has one {0} step, not {1}.', type, same.length) });
    }
    if (same.some((g) => g.itemIds.length > 0)) {
      problems.push({ code: 'ItemsOutsideBootGroups', message: l10n.t('VMs belong in the numbered groups (Group 1, Group 2, …), not in the {0} step.', type) });
    }
  }
  return problems;
}

function itemProblems(groups: readonly PlanGroup[], context: PlanGroupsContext): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const all = groups.flatMap((g) => g.itemIds);
  if (context.requireItems === true && all.length === 0) {
    problems.push({ code: 'NoItems', message: l10n.t('Add at least one protected VM to the recovery plan.') });
  }
  if (all.length > MAX_ITEMS_PER_PLAN) {
    problems.push({ code: 'TooManyItems', message: l10n.t('A recovery plan can hold up to {0} protected VMs; this one has {1}.', MAX_ITEMS_PER_PLAN, all.length) });
  }
  const seen = new Set<string>();
  const planFabric = context.primaryFabricId !== undefined ? fabricNameOf(context.primaryFabricId) : undefined;
  for (const id of all) {
    const key = id.toLowerCase();
    const vm = id.split('/').pop() ?? id;
    if (seen.has(key)) {
      problems.push({ code: 'DuplicateItem', message: l10n.t('"{0}" is in the plan twice: a VM can belong to only one group of a recovery plan.', vm) });
      continue;
    }
    seen.add(key);
    if (!isProtectedItemId(id)) {
      problems.push({ code: 'NotAnItem', message: l10n.t('"{0}" is not a protected item of the vault.', id) });
    } else if (planFabric !== undefined && fabricNameOf(id) !== planFabric) {
      problems.push({ code: 'OtherFabric', message: l10n.t('"{0}" replicates from another Hyper-V site: the VMs of a plan share one source site.', vm) });
    }
  }
  return problems;
}

/** Every problem of a plan's groups (empty when ASR would accept them). */
export function validatePlanGroups(groups: readonly PlanGroup[], context: PlanGroupsContext = {}): PlanProblem[] {
  return [...structureProblems(groups), ...itemProblems(groups, context)];
}

/** Every problem of a new plan: its name, its source and target, its groups. */
export function validatePlanDraft(draft: RecoveryPlanDraft, nameProblem: (name: string) => string | undefined): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const badName = nameProblem(draft.name);
  if (badName !== undefined) {
    problems.push({ code: 'BadName', message: badName });
  }
  if (fabricNameOf(draft.primaryFabricId) === undefined) {
    problems.push({ code: 'BadSource', message: l10n.t("Choose the Hyper-V site the plan's VMs replicate from.") });
  }
  if (draft.recoveryFabricId !== AZURE_RECOVERY_FABRIC_ID) {
    problems.push({ code: 'BadTarget', message: l10n.t('A Hyper-V to Azure recovery plan fails over to "{0}".', AZURE_RECOVERY_FABRIC_ID) });
  }
  return [...problems, ...validatePlanGroups(draft.groups, { primaryFabricId: draft.primaryFabricId, requireItems: true })];
}
