// The Recovery Plans branch of the Protection tree (issue 16 §2): its nodes, their children, and
// their tree items, from the plans the estate refresh read (one list per refresh: estate/asrRead.ts)
// and the estate's VMs (a plan names its VMs by protected item id). The presentation is in
// presentPlans.ts; this module only finds what each node shows.

import { allVms, type EstateSnapshot, type EstateVm } from '../estate';
import type { EstateStore } from '../estate/store';
import type { RecoveryPlanAction, RecoveryPlanSummary } from '../model/recoveryPlan';
import { allowedPlanActionsWithVms, type PlanVmActions } from '../model/recoveryPlanRules';
import { scoped } from './nodeIds';
import { presentMessage, type TreeItemModel } from './presentation';
import { presentPlan, presentPlanGroup, presentPlanItem, presentPlansFolder, shownGroups } from './presentPlans';

/**
 * `vaultKey`: the added vault the plan belongs to (issue 16 §3), as the tree's VM and host nodes
 * carry it, so a command run from the node acts on that vault; absent for the first vault's plans.
 */
export type PlanNode =
  | { kind: 'plans'; vaultKey?: string }
  | { kind: 'plan'; planName: string; vaultKey?: string }
  | { kind: 'planGroup'; planName: string; groupIndex: number; vaultKey?: string }
  | { kind: 'planItem'; planName: string; groupIndex: number; position: number; vaultKey?: string };

export interface PlanNodeSource {
  /** The plans as last read; undefined when they were not read (or could not be). */
  plans(): readonly RecoveryPlanSummary[] | undefined;
  /** The estate's VM of a protected item (by ARM id), if the estate knows it. */
  vmOfItem(itemId: string): EstateVm | undefined;
  /** The plan actions ASR allows now (model/recoveryPlanRules.ts). */
  actionsOf(plan: RecoveryPlanSummary): RecoveryPlanAction[];
  /** Hears when the plans change (the tree then redraws the Recovery Plans row and what is under it). */
  onDidChange?(listener: () => void): { dispose(): void };
}

/** The node's id within its vault. */
function localPlanNodeId(node: PlanNode): string {
  switch (node.kind) {
    case 'plans':
      return 'plans';
    case 'plan':
      return `plan:${node.planName.toLowerCase()}`;
    case 'planGroup':
      return `plan:${node.planName.toLowerCase()}:${node.groupIndex}`;
    case 'planItem':
      return `plan:${node.planName.toLowerCase()}:${node.groupIndex}:${node.position}`;
  }
}

/**
 * Node ids (the tree keeps one object per id, so refreshes and reveal find them again); an added
 * vault's prefixed with its key (two vaults may both have a plan "rp1").
 */
export function planNodeId(node: PlanNode): string {
  return scoped(node.vaultKey, localPlanNodeId(node));
}

/** The node's vault key, to hand on to its children and parent. */
function inVaultOf(node: PlanNode): { vaultKey?: string } {
  return node.vaultKey === undefined ? {} : { vaultKey: node.vaultKey };
}

function findPlan(source: PlanNodeSource, name: string): RecoveryPlanSummary | undefined {
  return source.plans()?.find((p) => p.name.toLowerCase() === name.toLowerCase());
}

/** The children of a node of the branch: plans by name, a plan's shown groups, a group's VMs in order. */
export function planChildren(source: PlanNodeSource, node: PlanNode): PlanNode[] {
  const inVault = inVaultOf(node);
  switch (node.kind) {
    case 'plans':
      return [...(source.plans() ?? [])].sort((a, b) => a.friendlyName.localeCompare(b.friendlyName)).map((p) => ({ kind: 'plan', planName: p.name, ...inVault }));
    case 'plan': {
      const plan = findPlan(source, node.planName);
      return plan ? shownGroups(plan).map((g) => ({ kind: 'planGroup', planName: plan.name, groupIndex: g.index, ...inVault })) : [];
    }
    case 'planGroup': {
      const group = findPlan(source, node.planName)?.groups[node.groupIndex];
      return (group?.itemIds ?? []).map((_, position) => ({ kind: 'planItem', planName: node.planName, groupIndex: node.groupIndex, position, ...inVault }));
    }
    case 'planItem':
      return [];
  }
}

/** The parent of a node of the branch (undefined for the Recovery Plans row: the vault's). */
export function planParent(node: PlanNode): PlanNode | undefined {
  const inVault = inVaultOf(node);
  switch (node.kind) {
    case 'plans':
      return undefined;
    case 'plan':
      return { kind: 'plans', ...inVault };
    case 'planGroup':
      return { kind: 'plan', planName: node.planName, ...inVault };
    case 'planItem':
      return { kind: 'planGroup', planName: node.planName, groupIndex: node.groupIndex, ...inVault };
  }
}

/** What a node of the branch shows. */
export function planTreeItem(source: PlanNodeSource, node: PlanNode): TreeItemModel {
  const plans = source.plans();
  if (node.kind === 'plans') return presentPlansFolder(plans?.length);
  const plan = findPlan(source, node.planName);
  if (!plan) return presentMessage(node.planName, 'question', localPlanNodeId(node));
  if (node.kind === 'plan') return presentPlan(plan, source.actionsOf(plan));
  const shown = shownGroups(plan).find((g) => g.index === node.groupIndex);
  if (node.kind === 'planGroup') return shown ? presentPlanGroup(plan.name, shown) : presentMessage('', 'question', localPlanNodeId(node));
  const itemId = plan.groups[node.groupIndex]?.itemIds[node.position] ?? '';
  const vm = source.vmOfItem(itemId);
  const staticIps = vm ? staticIpsOf(vm) : [];
  return presentPlanItem(plan.name, node.groupIndex, node.position, vm ? { name: vm.name, status: vm.status.summary, staticIps } : { name: itemId.split('/').pop() ?? itemId });
}

/** The estate's VMs by protected item id (lower case), built once per snapshot. */
const itemIndex = new WeakMap<EstateSnapshot, Map<string, EstateVm>>();

function vmsByItem(snapshot: EstateSnapshot): Map<string, EstateVm> {
  let index = itemIndex.get(snapshot);
  if (!index) {
    index = new Map(allVms(snapshot).flatMap((vm): [string, EstateVm][] => (vm.protection?.itemId ? [[vm.protection.itemId.toLowerCase(), vm]] : [])));
    itemIndex.set(snapshot, index);
  }
  return index;
}

/** The static addresses a VM fails over to, as its Compute and Network settings set them. */
export function staticIpsOf(vm: EstateVm): string[] {
  return (vm.protection?.target?.nics ?? []).flatMap((nic) => nic.ipConfigs.flatMap((c) => (c.staticIp ? [c.staticIp] : [])));
}

/** The store's VM of a protected item (by ARM id), if its estate knows it. */
export function vmOfItem(store: EstateStore, itemId: string): EstateVm | undefined {
  return store.snapshot ? vmsByItem(store.snapshot).get(itemId.toLowerCase()) : undefined;
}

/** What each VM of the store's estate allows now, by protected item id (for the plan actions its VMs decide). */
export function estateVmActions(store: EstateStore): PlanVmActions {
  return (itemId) => vmOfItem(store, itemId)?.actions;
}

/** The branch's source: the plans the store read, its VMs, and ASR's rules for the plan actions (the plan's, and its VMs' for those whose way the plan does not tell). */
export function storePlanSource(store: EstateStore): PlanNodeSource {
  return {
    plans: () => store.recoveryPlans.plans,
    onDidChange: (listener) => store.recoveryPlans.onDidChange(listener),
    vmOfItem: (itemId) => vmOfItem(store, itemId),
    actionsOf: (plan) => allowedPlanActionsWithVms(plan, estateVmActions(store)),
  };
}
