// The plan editor's state and its edits (issue 16 §2): the plan's name, its Hyper-V site, and its
// groups of VMs in order (ASR's Boot groups: "Group 1" starts first). Every edit is a pure
// function of the state, so the unit tests drive them without a webview. Pure: no vscode.

import type { PlanGroup } from '../../model/recoveryPlan';
import { normalizePlanGroups } from '../../model/recoveryPlanRules';

/** A protected VM the editor may put in a plan (from the estate). */
export interface PlanCandidate {
  /** The protected item's ARM id (what the plan holds). */
  itemId: string;
  name: string;
  /** The Hyper-V site's (fabric's) ARM id. */
  fabricId: string;
  siteName: string;
  /** Its protection state, e.g. "Protected". */
  status: string;
  /** Why it cannot join a plan now, when it cannot. */
  problem?: string;
}

/** What the editor holds (and saves for a reload). */
export interface PlanEditorState {
  mode: 'create' | 'edit';
  /** The plan's name (a new plan's is typed; an existing plan's stays). */
  name: string;
  /** The Hyper-V site (fabric ARM id) of the plan's VMs; '' until chosen. */
  fabricId: string;
  /** The Boot groups in order, each its items' ARM ids in order. */
  groups: string[][];
  /** The VM chosen in the plan (its item id), or ''. */
  selected: string;
  /** The VMs ticked to add. */
  adding: string[];
  /** The group the ticked VMs join (0-based). */
  addTo: number;
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** A new plan: one empty group. */
export function newPlanState(fabricId = ''): PlanEditorState {
  return { mode: 'create', name: '', fabricId, groups: [[]], selected: '', adding: [], addTo: 0 };
}

/** An existing plan: its Boot groups (at least one). */
export function existingPlanState(name: string, fabricId: string, groups: readonly PlanGroup[]): PlanEditorState {
  const boot = groups.filter((g) => g.groupType === 'Boot').map((g) => [...g.itemIds]);
  return { mode: 'edit', name, fabricId, groups: boot.length > 0 ? boot : [[]], selected: '', adding: [], addTo: 0 };
}

/** Where an item is: its group and position, or undefined. */
export function positionOf(state: PlanEditorState, itemId: string): { group: number; index: number } | undefined {
  for (let group = 0; group < state.groups.length; group++) {
    const index = (state.groups[group] ?? []).findIndex((id) => same(id, itemId));
    if (index >= 0) return { group, index };
  }
  return undefined;
}

/** Every item of the plan, in order. */
export function planItems(state: PlanEditorState): string[] {
  return state.groups.flat();
}

/** Another site: the groups start again (a plan's VMs are of one site). */
export function withSite(state: PlanEditorState, fabricId: string): PlanEditorState {
  if (same(state.fabricId, fabricId)) return state;
  return { ...state, fabricId, groups: [[]], selected: '', adding: [], addTo: 0 };
}

/** The ticked VMs join group `addTo` (the ones already in the plan are skipped). */
export function addTicked(state: PlanEditorState): PlanEditorState {
  const fresh = state.adding.filter((id) => positionOf(state, id) === undefined);
  const groups = state.groups.map((g, i) => (i === state.addTo ? [...g, ...fresh] : g));
  return { ...state, groups, adding: [] };
}

/** The chosen VM leaves the plan. */
export function removeSelected(state: PlanEditorState): PlanEditorState {
  const groups = state.groups.map((g) => g.filter((id) => !same(id, state.selected)));
  return { ...state, groups, selected: '' };
}

/** The chosen VM one place up (-1) or down (+1) in its group. */
export function moveWithinGroup(state: PlanEditorState, delta: -1 | 1): PlanEditorState {
  const at = positionOf(state, state.selected);
  if (!at) return state;
  const group = [...(state.groups[at.group] ?? [])];
  const to = at.index + delta;
  if (to < 0 || to >= group.length) return state;
  [group[at.index], group[to]] = [group[to] ?? '', group[at.index] ?? ''];
  return { ...state, groups: state.groups.map((g, i) => (i === at.group ? group : g)) };
}

/** The chosen VM to the end of the previous (-1) or next (+1) group. */
export function moveToGroup(state: PlanEditorState, delta: -1 | 1): PlanEditorState {
  const at = positionOf(state, state.selected);
  if (!at) return state;
  const to = at.group + delta;
  if (to < 0 || to >= state.groups.length) return state;
  const item = state.groups[at.group]?.[at.index] ?? state.selected;
  const groups = state.groups.map((g, i) => (i === at.group ? g.filter((_, j) => j !== at.index) : i === to ? [...g, item] : g));
  return { ...state, groups };
}

/** One more (empty) group at the end. */
export function addGroup(state: PlanEditorState): PlanEditorState {
  return { ...state, groups: [...state.groups, []] };
}

/** The empty groups go (one group always stays). */
export function removeEmptyGroups(state: PlanEditorState): PlanEditorState {
  const kept = state.groups.filter((g) => g.length > 0);
  const groups = kept.length > 0 ? kept : [[]];
  return { ...state, groups, addTo: Math.min(state.addTo, groups.length - 1) };
}

/**
 * The plan's groups as ASR holds them: the Shutdown and Failover groups (an edited plan's as they
 * were, else empty, as a plan the portal creates has them), then the Boot groups in order.
 */
export function planGroupsOf(state: PlanEditorState, existing: readonly PlanGroup[] = []): PlanGroup[] {
  const steps = existing.filter((g) => g.groupType !== 'Boot');
  return normalizePlanGroups([...steps, ...state.groups.map((itemIds): PlanGroup => ({ groupType: 'Boot', itemIds }))]);
}
