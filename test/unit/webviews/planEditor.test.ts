/**
 * The plan editor (issue 16 §2): its edits as pure functions of the state, and the wizard driven
 * through the form protocol's actions (refusing what its page does not offer), saving only a plan
 * the rules find nothing wrong with. The rules and the save are the collaborator faked here.
 */
import assert from 'node:assert/strict';
import type { PlanGroup } from '../../../src/model/recoveryPlan';
import {
  addGroup,
  addTicked,
  existingPlanState,
  moveToGroup,
  moveWithinGroup,
  newPlanState,
  planGroupsOf,
  removeEmptyGroups,
  removeSelected,
  withSite,
  type PlanCandidate,
  type PlanEditorState,
} from '../../../src/webviews/recoveryPlan/planEditorModel';
import { PlanEditorWizard, planEditorSnapshotSchema, type PlanEditorServices } from '../../../src/webviews/recoveryPlan/planEditorWizard';
import { validateMessage } from '../../../src/webviews/validate';
import { findButton, findField } from '../../../src/webviews/form/view';

const fabric = (site: string): string => `/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/replicationFabrics/${site}`;
const item = (site: string, vm: string): string => `${fabric(site)}/replicationProtectionContainers/c/replicationProtectedItems/${vm}`;
const a = item('site1', 'a');
const b = item('site1', 'b');
const c = item('site1', 'c');
const other = item('site2', 'x');

const candidates: PlanCandidate[] = [
  { itemId: a, name: 'ramh157v01', fabricId: fabric('site1'), siteName: 'site1', status: 'Protected' },
  { itemId: b, name: 'ramh157v02', fabricId: fabric('site1'), siteName: 'site1', status: 'Protected' },
  { itemId: c, name: 'ramh157v03', fabricId: fabric('site1'), siteName: 'site1', status: 'Replicating', problem: 'Not protected yet' },
  { itemId: other, name: 'elsewhere', fabricId: fabric('site2'), siteName: 'site2', status: 'Protected' },
];

function state(groups: string[][], selected = ''): PlanEditorState {
  return { ...newPlanState(fabric('site1')), groups, selected };
}

describe('plan editor model', () => {
  it('adds the ticked VMs to the chosen group, once', () => {
    const s1 = addTicked({ ...state([[a], []]), adding: [a, b], addTo: 1 });
    assert.deepEqual(s1.groups, [[a], [b]]);
    assert.deepEqual(s1.adding, []);
  });

  it('moves a VM within its group and between groups, and not past the ends', () => {
    assert.deepEqual(moveWithinGroup(state([[a, b]], b), -1).groups, [[b, a]]);
    assert.deepEqual(moveWithinGroup(state([[a, b]], a), -1).groups, [[a, b]]);
    assert.deepEqual(moveWithinGroup(state([[a, b]], b), 1).groups, [[a, b]]);
    assert.deepEqual(moveToGroup(state([[a, b], [c]], a), 1).groups, [[b], [c, a]]);
    assert.deepEqual(moveToGroup(state([[a, b], [c]], a), -1).groups, [[a, b], [c]]);
  });

  it('removes a VM, adds a group, drops the empty groups but always keeps one', () => {
    assert.deepEqual(removeSelected(state([[a, b]], a)).groups, [[b]]);
    assert.deepEqual(addGroup(state([[a]])).groups, [[a], []]);
    assert.deepEqual(removeEmptyGroups(state([[], [a], []])).groups, [[a]]);
    assert.deepEqual(removeEmptyGroups(state([[], []])).groups, [[]]);
  });

  it('starts the groups again on another site (a plan holds the VMs of one site)', () => {
    assert.deepEqual(withSite(state([[a]]), fabric('site2')).groups, [[]]);
    assert.deepEqual(withSite(state([[a]]), fabric('SITE1')).groups, [[a]]);
  });

  it('reads the Boot groups of an existing plan, and sends Shutdown and Failover groups before them', () => {
    const groups: PlanGroup[] = [
      { groupType: 'Shutdown', itemIds: [] },
      { groupType: 'Failover', itemIds: [] },
      { groupType: 'Boot', itemIds: [a] },
      { groupType: 'Boot', itemIds: [b] },
    ];
    const st = existingPlanState('plan1', fabric('site1'), groups);
    assert.deepEqual(st.groups, [[a], [b]]);
    assert.deepEqual(planGroupsOf(st), groups);
  });
});

function services(problems: (st: PlanEditorState) => string[] = () => []): PlanEditorServices & { saves: { state: PlanEditorState; groups: PlanGroup[] }[] } {
  const saves: { state: PlanEditorState; groups: PlanGroup[] }[] = [];
  return {
    saves,
    problems,
    groupsOf: planGroupsOf,
    save: (st, groups) => {
      saves.push({ state: st, groups });
      return Promise.resolve();
    },
  };
}

describe('plan editor wizard', () => {
  it('creates a plan with two groups through the page’s own fields and buttons', async () => {
    const svc = services();
    const w = new PlanEditorWizard(svc, candidates, newPlanState());
    let closed = false;
    w.onDidRequestClose(() => (closed = true));
    assert.equal(findButton(w.view(), 'save')?.disabled, true, 'no site yet');
    assert.equal(await w.handle({ type: 'action', name: 'set', payload: { field: 'name', value: 'Essentials' } }), undefined);
    assert.equal(await w.handle({ type: 'action', name: 'set', payload: { field: 'site', value: 'site-0' } }), undefined);
    // The replicating VM is offered disabled; the other site's VM not at all.
    const add = findField(w.view(), 'add');
    assert.ok(add?.kind === 'checklist');
    assert.deepEqual(
      add.options.map((o) => [o.label, o.disabled === true]),
      [
        ['ramh157v01', false],
        ['ramh157v02', false],
        ['ramh157v03', true],
      ],
    );
    assert.match((await w.handle({ type: 'action', name: 'check', payload: { field: 'add', option: 'vm-2', checked: true } })) ?? '', /cannot be chosen/);
    await w.handle({ type: 'action', name: 'check', payload: { field: 'add', option: 'vm-0', checked: true } });
    await w.handle({ type: 'action', name: 'press', payload: { button: 'addVms' } });
    await w.handle({ type: 'action', name: 'press', payload: { button: 'addGroup' } });
    await w.handle({ type: 'action', name: 'set', payload: { field: 'addTo', value: 'group-1' } });
    await w.handle({ type: 'action', name: 'check', payload: { field: 'add', option: 'vm-1', checked: true } });
    await w.handle({ type: 'action', name: 'press', payload: { button: 'addVms' } });
    assert.deepEqual(w.current.groups, [[a], [b]]);
    assert.equal(await w.handle({ type: 'action', name: 'press', payload: { button: 'save' } }), undefined);
    assert.equal(svc.saves.length, 1);
    assert.equal(svc.saves[0]?.state.name, 'Essentials');
    assert.deepEqual(
      svc.saves[0]?.groups.map((g) => [g.groupType, g.itemIds]),
      [
        ['Shutdown', []],
        ['Failover', []],
        ['Boot', [a]],
        ['Boot', [b]],
      ],
    );
    assert.ok(closed);
  });

  it('shows the rules’ problems and keeps Save disabled while there are some', async () => {
    const svc = services((st) => (st.groups.flat().length === 0 ? ['Add at least one VM.'] : []));
    const w = new PlanEditorWizard(svc, candidates, existingPlanState('plan1', fabric('site1'), [{ groupType: 'Boot', itemIds: [] }]));
    const view = w.view();
    assert.equal(findButton(view, 'save')?.disabled, true);
    assert.ok(view.blocks.some((b) => b.kind === 'list' && b.id === 'problems'));
    assert.match((await w.handle({ type: 'action', name: 'press', payload: { button: 'save' } })) ?? '', /disabled/);
    // An existing plan keeps its name and site.
    assert.match((await w.handle({ type: 'action', name: 'set', payload: { field: 'name', value: 'other' } })) ?? '', /disabled/);
    assert.equal(svc.saves.length, 0);
  });

  it('moves and removes the chosen VM; refuses a VM the page does not offer', async () => {
    const w = new PlanEditorWizard(services(), candidates, existingPlanState('plan1', fabric('site1'), [{ groupType: 'Boot', itemIds: [a, b] }]));
    assert.match((await w.handle({ type: 'action', name: 'set', payload: { field: 'selected', value: 'vm-3' } })) ?? '', /offered/);
    assert.equal(findButton(w.view(), 'up')?.disabled, true, 'nothing chosen');
    await w.handle({ type: 'action', name: 'set', payload: { field: 'selected', value: 'vm-1' } });
    await w.handle({ type: 'action', name: 'press', payload: { button: 'up' } });
    assert.deepEqual(w.current.groups, [[b, a]]);
    await w.handle({ type: 'action', name: 'press', payload: { button: 'remove' } });
    assert.deepEqual(w.current.groups, [[a]]);
  });

  it('saves a snapshot its schema accepts, and the schema refuses what is not an ARM id', () => {
    const w = new PlanEditorWizard(services(), candidates, state([[a], [b]]));
    assert.equal(validateMessage(planEditorSnapshotSchema, w.snapshot()).ok, true);
    assert.equal(validateMessage(planEditorSnapshotSchema, { ...w.snapshot(), groups: [['javascript:alert(1)']] }).ok, false);
  });
});
