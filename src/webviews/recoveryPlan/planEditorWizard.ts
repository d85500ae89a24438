// The plan editor (issue 16 §2): one page in the form engine to create or edit a recovery plan —
// its name, its Hyper-V site, and its groups of protected VMs in order (add VMs to a group, remove
// one, move one up or down in its group or to the group before or after, add a group, drop the
// empty ones). Save sends the plan only when the rules of ASR (model/recoveryPlanRules.ts) find
// nothing wrong. Pure: no vscode; saving comes in through PlanEditorServices.
import * as l10n from '@vscode/l10n';
import type { PlanGroup } from '../../model/recoveryPlan';
import { FormWizard, type PageContent } from '../form/formWizard';
import type { BlockView, ButtonView, InputFieldView, OptionView } from '../form/view';
import type { Infer } from '../validate';
import { s } from '../validate';
import {
  addGroup,
  addTicked,
  moveToGroup,
  moveWithinGroup,
  planItems,
  positionOf,
  removeEmptyGroups,
  removeSelected,
  withSite,
  type PlanCandidate,
  type PlanEditorState,
} from './planEditorModel';

/** Longest plan name the editor takes (the names ASR takes: 1 to 128 characters, services/azure/names.ts). */
export const maxPlanNameLength = 128;
const armIdText = s.string({ maxLength: 1000, pattern: /^\/subscriptions\/[^\s]+$/i });

/** The saved state, checked like any message from the webview when the panel is restored. */
export const planEditorSnapshotSchema = s.object({
  mode: s.enumOf(['create', 'edit'] as const),
  name: s.string({ maxLength: maxPlanNameLength }),
  fabricId: s.string({ maxLength: 1000 }),
  groups: s.array(s.array(armIdText, { maxItems: 200 }), { maxItems: 20 }),
});
export type PlanEditorSnapshot = Infer<typeof planEditorSnapshotSchema>;

/** What the editor needs from the extension. */
export interface PlanEditorServices {
  /** What is wrong with the plan as it would be sent (ASR's limits), each a sentence; none: it may be saved. */
  problems(state: PlanEditorState, groups: PlanGroup[]): string[];
  /** The plan's groups as ASR will hold them (an edited plan keeps its Shutdown and Failover groups). */
  groupsOf(state: PlanEditorState): PlanGroup[];
  /** Creates or updates the plan; resolves when ASR has taken the request (its job then follows in the status bar). */
  save(state: PlanEditorState, groups: PlanGroup[]): Promise<void>;
}

const vmValue = (i: number): string => `vm-${i}`;
const indexOf = (value: string, prefix: string): number => (value.startsWith(prefix) ? Number(value.slice(prefix.length)) : -1);

export class PlanEditorWizard extends FormWizard<PlanEditorSnapshot> {
  private saved = false;

  constructor(
    private readonly services: PlanEditorServices,
    /** The protected VMs of the vault (the plan's and the others), in a stable order. */
    private readonly candidates: readonly PlanCandidate[],
    private plan: PlanEditorState,
  ) {
    super();
  }

  snapshot(): PlanEditorSnapshot {
    return { mode: this.plan.mode, name: this.plan.name, fabricId: this.plan.fabricId, groups: this.plan.groups.map((g) => [...g]) };
  }

  /** The plan's state now (tests). */
  get current(): PlanEditorState {
    return this.plan;
  }

  private candidateIndex(itemId: string): number {
    return this.candidates.findIndex((c) => c.itemId.toLowerCase() === itemId.toLowerCase());
  }

  private nameOf(itemId: string): string {
    return this.candidates[this.candidateIndex(itemId)]?.name ?? itemId.split('/').pop() ?? itemId;
  }

  private sites(): OptionView[] {
    const seen = new Map<string, OptionView>();
    for (const c of this.candidates) if (!seen.has(c.fabricId.toLowerCase())) seen.set(c.fabricId.toLowerCase(), { value: `site-${seen.size}`, label: c.siteName });
    return [...seen.values()];
  }

  private siteFabric(value: string): string | undefined {
    const i = indexOf(value, 'site-');
    const fabrics = [...new Set(this.candidates.map((c) => c.fabricId.toLowerCase()))];
    const fabric = fabrics[i];
    return fabric === undefined ? undefined : this.candidates.find((c) => c.fabricId.toLowerCase() === fabric)?.fabricId;
  }

  private groupBlocks(): BlockView[] {
    return this.plan.groups.map((group, g) => ({
      kind: 'list',
      id: `group-${g}`,
      label: l10n.t('Group {0}', g + 1),
      items:
        group.length === 0
          ? [{ text: l10n.t('No VM yet: add VMs below, or remove the empty groups.'), tone: 'info' as const }]
          : group.map((id, i) => ({ text: `${i + 1}. ${this.nameOf(id)}`, ...this.statusDetail(id), tone: 'info' as const })),
    }));
  }

  private statusDetail(itemId: string): { detail?: string } {
    const c = this.candidates[this.candidateIndex(itemId)];
    return c ? { detail: c.status } : {};
  }

  private editFields(): InputFieldView[] {
    const st = this.plan;
    const inPlan = planItems(st);
    const selectOptions = inPlan
      .filter((id) => this.candidateIndex(id) >= 0)
      .map((id) => {
        const at = positionOf(st, id);
        return { value: vmValue(this.candidateIndex(id)), label: `${l10n.t('Group {0}', (at?.group ?? 0) + 1)} · ${(at?.index ?? 0) + 1}. ${this.nameOf(id)}` };
      });
    const sameSite = this.candidates.map((c, i) => ({ c, i })).filter(({ c }) => c.fabricId.toLowerCase() === st.fabricId.toLowerCase());
    const addOptions = sameSite
      .filter(({ c }) => !inPlan.some((id) => id.toLowerCase() === c.itemId.toLowerCase()))
      .map(({ c, i }) => ({ value: vmValue(i), label: c.name, detail: c.problem ?? c.status, ...(c.problem ? { disabled: true } : {}) }));
    return [
      {
        kind: 'select',
        id: 'selected',
        label: l10n.t('VM in the plan'),
        value: st.selected === '' ? 'none' : vmValue(this.candidateIndex(st.selected)),
        options: [{ value: 'none', label: l10n.t('Choose a VM to move or remove') }, ...selectOptions],
      },
      {
        kind: 'checklist',
        id: 'add',
        label: l10n.t('Protected VMs to add'),
        hint: addOptions.length === 0 ? l10n.t('Every protected VM of this site is in the plan.') : l10n.t('Only protected VMs of the plan’s Hyper-V site can join it.'),
        values: st.adding.map((id) => vmValue(this.candidateIndex(id))),
        options: addOptions,
      },
      {
        kind: 'select',
        id: 'addTo',
        label: l10n.t('Add them to'),
        value: `group-${st.addTo}`,
        options: st.groups.map((_, g) => ({ value: `group-${g}`, label: l10n.t('Group {0}', g + 1) })),
      },
    ];
  }

  protected page(): PageContent {
    const st = this.plan;
    const groups = this.services.groupsOf(st);
    const problems = st.fabricId === '' ? [] : this.services.problems(st, groups);
    const create = st.mode === 'create';
    const blocks: BlockView[] = [
      { kind: 'text', id: 'name', label: l10n.t('Plan name'), value: st.name, maxLength: maxPlanNameLength, ...(create ? {} : { disabled: true }) },
      {
        kind: 'select',
        id: 'site',
        label: l10n.t('Hyper-V site'),
        value: this.siteValue(),
        options: [{ value: 'none', label: l10n.t('Choose the site of the plan’s VMs') }, ...this.sites()],
        ...(create ? {} : { disabled: true }),
      },
    ];
    if (st.fabricId !== '') blocks.push(...this.groupBlocks(), ...this.editFields());
    if (problems.length > 0) blocks.push({ kind: 'list', id: 'problems', label: l10n.t('Before saving'), items: problems.map((text) => ({ text, tone: 'warning' as const })) });
    if (this.saved) blocks.push({ kind: 'textBlock', id: 'saved', tone: 'success', text: l10n.t('Azure Site Recovery took the plan; the status bar follows its job.') });
    return { page: 'plan', title: create ? l10n.t('Create Recovery Plan') : l10n.t('Edit Recovery Plan: {0}', st.name), blocks, buttons: this.buttons(problems) };
  }

  private siteValue(): string {
    const site = this.sites().find((o) => this.siteFabric(o.value)?.toLowerCase() === this.plan.fabricId.toLowerCase());
    return site?.value ?? 'none';
  }

  private buttons(problems: readonly string[]): ButtonView[] {
    const st = this.plan;
    const at = st.selected === '' ? undefined : positionOf(st, st.selected);
    const size = at ? (st.groups[at.group]?.length ?? 0) : 0;
    const noSite = st.fabricId === '';
    return [
      { id: 'save', label: l10n.t('Save'), primary: true, disabled: this.saved || noSite || problems.length > 0 || (st.mode === 'create' && st.name.trim() === '') },
      { id: 'addVms', label: l10n.t('Add to group'), disabled: st.adding.length === 0 },
      { id: 'up', label: l10n.t('Move up'), disabled: !at || at.index === 0 },
      { id: 'down', label: l10n.t('Move down'), disabled: !at || at.index >= size - 1 },
      { id: 'previousGroup', label: l10n.t('To previous group'), disabled: !at || at.group === 0 },
      { id: 'nextGroup', label: l10n.t('To next group'), disabled: !at || at.group >= st.groups.length - 1 },
      { id: 'remove', label: l10n.t('Remove from plan'), disabled: !at },
      { id: 'addGroup', label: l10n.t('Add group'), disabled: noSite },
      { id: 'removeEmptyGroups', label: l10n.t('Remove empty groups'), disabled: noSite || !st.groups.some((g) => g.length === 0) || st.groups.length === 1 },
      { id: 'cancel', label: this.saved ? l10n.t('Close') : l10n.t('Cancel') },
    ];
  }

  protected onSet(field: InputFieldView, value: string): void {
    const st = this.plan;
    switch (field.id) {
      case 'name':
        this.plan = { ...st, name: value };
        break;
      case 'site': {
        const fabric = this.siteFabric(value);
        this.plan = fabric ? withSite(st, fabric) : { ...st, fabricId: '', groups: [[]], selected: '', adding: [] };
        break;
      }
      case 'selected':
        this.plan = { ...st, selected: this.candidates[indexOf(value, 'vm-')]?.itemId ?? '' };
        break;
      case 'addTo':
        this.plan = { ...st, addTo: Math.max(0, indexOf(value, 'group-')) };
        break;
    }
  }

  protected override onCheck(field: InputFieldView, option: string, checked: boolean): void {
    if (field.id !== 'add') return;
    const itemId = this.candidates[indexOf(option, 'vm-')]?.itemId;
    if (itemId === undefined) return;
    const others = this.plan.adding.filter((id) => id !== itemId);
    this.plan = { ...this.plan, adding: checked ? [...others, itemId] : others };
  }

  protected async onPress(button: string): Promise<void> {
    const edits: Record<string, (st: PlanEditorState) => PlanEditorState> = {
      addVms: addTicked,
      up: (st) => moveWithinGroup(st, -1),
      down: (st) => moveWithinGroup(st, 1),
      previousGroup: (st) => moveToGroup(st, -1),
      nextGroup: (st) => moveToGroup(st, 1),
      remove: removeSelected,
      addGroup,
      removeEmptyGroups,
    };
    const edit = edits[button];
    if (edit) {
      this.plan = edit(this.plan);
      return;
    }
    if (button === 'cancel') {
      this.requestClose();
      return;
    }
    if (button === 'save') {
      const state = { ...this.plan, name: this.plan.name.trim() };
      const groups = this.services.groupsOf(state);
      if (this.services.problems(state, groups).length > 0) return;
      const ok = await this.work(l10n.t('Saving the plan…'), () => this.services.save(state, groups));
      if (ok) {
        this.saved = true;
        this.requestClose();
      }
    }
  }
}
