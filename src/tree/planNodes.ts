// The Recovery Plans branch of the Protection tree (issue 16 §2): its nodes, their children, and
// their tree items, from the plans the estate refresh read (one list per refresh: estate/asrRead.ts)
// and the estate's VMs (a plan names its VMs by protected item id). The presentation is in
// presentPlans.ts; this module only finds what each node shows.

import { allVms, type EstateSnapshot, type EstateVm } from '../estate';
import type { EstateStore } from '../estate/store';
import type { RecoveryPlanAction, RecoveryPlanSummary } from '../model/recoveryPlan';
import { allowedPlanActions } from '../model/recoveryPlanRules';
import { presentMessage, type TreeItemModel } from './presentation';
import { presentPlan, presentPlanGroup, presentPlanItem, presentPlansFolder, shownGroups } from './presentPlans';

export type PlanNode =
  | { kind: 'plans' }
  | { kind: 'plan'; planName: string }
  | { kind: 'planGroup'; planName: string; groupIndex: number }
  | { kind: 'planItem'; planName: string; groupIndex: number; position: number };

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

/** Node ids (the tree keeps one object per id, so refreshes and reveal find them again). */
export function planNodeId(node: PlanNode): string {
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

function findPlan(source: PlanNodeSource, name: string): RecoveryPlanSummary | undefined {
  return source.plans()?.find((p) => p.name.toLowerCase() === name.toLowerCase());
}

/** The children of a node of the branch: plans by name, a plan's shown groups, a group's VMs in order. */
export function planChildren(source: PlanNodeSource, node: PlanNode): PlanNode[] {
  switch (node.kind) {
    case 'plans':
      return [...(source.plans() ?? [])].sort((a, b) => a.friendlyName.localeCompare(b.friendlyName)).map((p) => ({ kind: 'plan', planName: p.name }));
    case 'plan': {
      const plan = findPlan(source, node.planName);
      return plan ? shownGroups(plan).map((g) => ({ kind: 'planGroup', planName: plan.name, groupIndex: g.index })) : [];
    }
    case 'planGroup': {
      const group = findPlan(source, node.planName)?.groups[node.groupIndex];
      return (group?.itemIds ?? []).map((_, position) => ({ kind: 'planItem', planName: node.planName, groupIndex: node.groupIndex, position }));
    }
    case 'planItem':
      return [];
  }
}

/** The parent of a node of the branch (undefined for the Recovery Plans row: the vault's). */
export function planParent(node: PlanNode): PlanNode | undefined {
  switch (node.kind) {
    case 'plans':
      return undefined;
    case 'plan':
      return { kind: 'plans' };
    case 'planGroup':
      return { kind: 'plan', planName: node.planName };
    case 'planItem':
      return { kind: 'planGroup', planName: node.planName, groupIndex: node.groupIndex };
  }
}

/** What a node of the branch shows. */
export function planTreeItem(source: PlanNodeSource, node: PlanNode): TreeItemModel {
  const plans = source.plans();
  if (node.kind === 'plans') return presentPlansFolder(plans?.length);
  const plan = findPlan(source, node.planName);
  if (!plan) return presentMessage(node.planName, 'question', planNodeId(node));
  if (node.kind === 'plan') return presentPlan(plan, source.actionsOf(plan));
  const shown = shownGroups(plan).find((g) => g.index === node.groupIndex);
  if (node.kind === 'planGroup') return shown ? presentPlanGroup(plan.name, shown) : presentMessage('', 'question', planNodeId(node));
  const itemId = plan.groups[node.groupIndex]?.itemIds[node.position] ?? '';
  const vm = source.vmOfItem(itemId);
  const staticIps = (vm?.protection?.target?.nics ?? []).flatMap((nic) => nic.ipConfigs.flatMap((c) => (c.staticIp ? [c.staticIp] : [])));
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

/** The branch's source: the plans the store read, its VMs, and ASR's rules for the plan actions. */
export function storePlanSource(store: EstateStore): PlanNodeSource {
  return {
    plans: () => store.recoveryPlans.plans,
    onDidChange: (listener) => store.recoveryPlans.onDidChange(listener),
    vmOfItem: (itemId) => (store.snapshot ? vmsByItem(store.snapshot).get(itemId.toLowerCase()) : undefined),
    actionsOf: allowedPlanActions,
  };
}
