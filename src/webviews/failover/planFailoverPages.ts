// Parts of the plan Failover wizard's pages (planFailoverWizard.ts), issue 16 §2: the kinds of
// failover a recovery plan allows now (its allowedOperations: model/recoveryPlanRules.ts), what
// each does to the plan's VMs, the plan's groups in the order they fail over, the test network
// (isolated networks first, as Run DR Drill orders them: drills/testNetworks.ts), the plan job's
// group and VM tasks on the run page (model/planJobTasks.ts), and the next step once an action
// succeeded. Pure page builders: no vscode.
import * as l10n from '@vscode/l10n';
import { orderTestNetworks } from '../../drills/testNetworks';
import type { JobLike } from '../../model/jobSummary';
import { planJobTasks } from '../../model/planJobTasks';
import type { RecoveryPlanAction, RecoveryPlanSummary } from '../../model/recoveryPlan';
import { checkPlanAction, groupLabel, isPlanActionAllowed, planVmsAllow } from '../../model/recoveryPlanRules';
import { sameArmId } from '../../model/armId';
import type { VirtualNetworkSummary } from '../../services/azure/networks';
import type { VmAction } from '../../model/vmActions';
import type { BlockView, ButtonView, OptionView } from '../form/view';
import type { FailoverKind } from './failoverModel';
import { actionOfKind, failoverKinds, kindNeedsTypedName, kindTitle, nameConfirmationProblem, networkLabel, networkProblem, noNetwork } from './failoverModel';
import { stepState } from './jobProgress';
import { cleanupNotesField } from './failoverPages';

/** What the wizard knows of a plan's VM from the estate: its name and the static addresses it fails over to. */
export interface PlanVmView {
  name: string;
  staticIps?: readonly string[];
  /** What the VM's protected item allows now, as the estate read it (absent: not known). */
  actions?: readonly VmAction[];
}

/** The estate's view of a plan's VMs, by protected item id. */
export type PlanVmLookup = (itemId: string) => PlanVmView | undefined;

/** What the user chose, and the lists they chose from. */
export interface PlanChoices {
  plan: RecoveryPlanSummary;
  vmOf: PlanVmLookup;
  networkId: string | undefined;
  networks: readonly VirtualNetworkSummary[] | undefined;
  /** The failover (production) networks of the plan's VMs, as the estate knows them. */
  failoverNetworkIds: readonly string[];
  shutDownSource: boolean;
  notes: string;
}

/** The kinds the plan's allowedOperations and its VMs allow now, in a stable order. */
export function offeredPlanKinds(plan: RecoveryPlanSummary | undefined, vmOf: PlanVmLookup): FailoverKind[] {
  return plan ? failoverKinds.filter((k) => isPlanActionAllowed(plan, actionOfKind(k)) && planVmsAllow(plan, (id) => vmOf(id)?.actions, actionOfKind(k))) : [];
}

/** What the kind does to the plan's VMs, in one or two sentences. */
export function planKindEffect(kind: FailoverKind, planName: string): string {
  switch (kind) {
    case 'test':
      return l10n.t(
        'The VMs of {0} keep running on premises and keep replicating. Test VMs are created in Azure, group by group, in an isolated network you choose; clean them up when you have checked them.',
        planName,
      );
    case 'planned':
      return l10n.t(
        'For a move you plan: the VMs of {0} shut down on their hosts, their last changes replicate, and they start in Azure group by group, in the plan’s order. No data is lost.',
        planName,
      );
    case 'unplanned':
      return l10n.t('For when the site is down: the VMs of {0} start in Azure group by group from their latest recovery points. Changes not yet replicated are lost.', planName);
  }
}

export function planKindOptions(plan: RecoveryPlanSummary | undefined, vmOf: PlanVmLookup): OptionView[] {
  return offeredPlanKinds(plan, vmOf).map((k) => ({ value: k, label: kindTitle(k), detail: planKindEffect(k, plan?.friendlyName ?? '') }));
}

/** The plan's groups that hold VMs, in the order they fail over, each with its VMs in order (and where they land, when static). */
export function planGroupsBlock(plan: RecoveryPlanSummary, vmOf: PlanVmLookup): BlockView {
  const items = plan.groups.flatMap((group, index) => {
    if (group.itemIds.length === 0) return [];
    const vms = group.itemIds.map((id) => {
      const vm = vmOf(id);
      const name = vm?.name ?? id.split('/').pop() ?? id;
      const ips = vm?.staticIps ?? [];
      return ips.length > 0 ? l10n.t('{0} (fails over to {1})', name, ips.join(', ')) : name;
    });
    return [{ text: groupLabel(plan.groups, index), detail: vms.join(', '), tone: 'info' as const }];
  });
  return {
    kind: 'list',
    id: 'groups',
    label: l10n.t('Groups, in the order they fail over'),
    items: items.length > 0 ? items : [{ text: l10n.t('The plan has no VM yet. Add VMs with Edit Recovery Plan.'), tone: 'warning' }],
  };
}

/** How many VMs the plan holds. */
export function planVmCount(plan: RecoveryPlanSummary): number {
  return plan.groups.reduce((n, g) => n + g.itemIds.length, 0);
}

/** The networks offered for the test VMs: none, then isolated ones, then (marked) the VMs' own failover networks. */
export function planNetworkOptions(networks: readonly VirtualNetworkSummary[], failoverNetworkIds: readonly string[]): OptionView[] {
  return [
    { value: noNetwork, label: l10n.t('No network'), detail: l10n.t('The test VMs are not connected to any network.') },
    ...orderTestNetworks(networks, failoverNetworkIds).map((t) => ({
      value: t.network.id,
      label: t.network.name,
      detail: [
        t.production ? l10n.t('Production: the failover network of a VM of the plan') : l10n.t('Isolated from the failover network'),
        t.network.resourceGroup,
        t.network.addressPrefixes.join(', '),
      ]
        .filter((x) => x !== '')
        .join(' · '),
    })),
  ];
}

/** Whether the chosen test network is one the plan's VMs fail over to (production). */
export function isProductionNetwork(c: Pick<PlanChoices, 'networkId' | 'failoverNetworkIds'>): boolean {
  const id = c.networkId;
  return id !== undefined && id !== noNetwork && c.failoverNetworkIds.some((f) => sameArmId(f, id));
}

/** The warning shown (page and modal) when the test VMs would join production. */
export function planProductionWarning(c: PlanChoices): string | undefined {
  if (!isProductionNetwork(c)) return undefined;
  return l10n.t(
    'The test VMs will join {0}, the network the VMs of {1} fail over to, with the same names and possibly the same IP addresses as production servers. Use an isolated network unless you are sure.',
    networkLabel(c.networkId, c.networks ?? []),
    c.plan.friendlyName,
  );
}

export function planSummaryRows(kind: FailoverKind, c: PlanChoices): { label: string; value: string }[] {
  const rows = [
    { label: l10n.t('Recovery plan'), value: c.plan.friendlyName },
    { label: l10n.t('Kind'), value: kindTitle(kind) },
    { label: l10n.t('Virtual machines'), value: String(planVmCount(c.plan)) },
    { label: l10n.t('Recovery point'), value: kind === 'planned' ? l10n.t('The latest data, after the final synchronisation') : l10n.t('The latest processed point of each VM') },
  ];
  if (kind === 'test') rows.push({ label: l10n.t('Network'), value: networkLabel(c.networkId, c.networks ?? []) });
  if (kind === 'unplanned') rows.push({ label: l10n.t('Shut down the source VMs first'), value: c.shutDownSource ? l10n.t('Yes') : l10n.t('No') });
  return rows;
}

/** When the plan allows no kind of failover: what it waits for (its cleanup, its commit) and the button for it, or why nothing can run. */
export function planPendingStep(c: PlanChoices): { blocks: BlockView[]; buttons: ButtonView[] } {
  const plan = c.plan;
  if (isPlanActionAllowed(plan, 'testFailoverCleanup')) {
    const cleanup = planCleanupFields(c);
    const text = l10n.t('The test failover of {0} waits for its cleanup. Check the test VMs, then clean up: they are deleted and the VMs stay protected.', plan.friendlyName);
    return { blocks: [{ kind: 'textBlock', id: 'pending', tone: 'info', text }, ...cleanup.blocks], buttons: cleanup.buttons };
  }
  if (isPlanActionAllowed(plan, 'commit')) {
    const text = l10n.t('The VMs of {0} failed over and wait for the commit. Check them, then commit.', plan.friendlyName);
    return { blocks: [{ kind: 'textBlock', id: 'pending', tone: 'info', text }], buttons: [{ id: 'commit', label: l10n.t('Commit'), primary: true }] };
  }
  const check = checkPlanAction(plan, 'plannedFailover');
  const text = check.allowed
    ? l10n.t(
        'The VMs of {0} do not all run on premises under protection now, so the plan cannot fail over. After a committed failover, fail the plan back from its menu (Failback of a recovery plan).',
        plan.friendlyName,
      )
    : check.reason;
  return { blocks: [{ kind: 'textBlock', id: 'notAllowed', tone: 'warning', text }], buttons: [] };
}

/** The options page's fields for `kind` (the networks are read): the network of the test VMs, shut down the source VMs first. */
export function planOptionFields(kind: FailoverKind, c: PlanChoices): BlockView[] {
  if (kind === 'unplanned') {
    return [
      {
        kind: 'checkbox',
        id: 'shutDownSource',
        label: l10n.t('Shut down the source VMs first'),
        hint: l10n.t('Azure Site Recovery tries to shut the VMs of the plan down on their hosts first, so that they do not run in two places. Clear this when the site is down.'),
        checked: c.shutDownSource,
      },
    ];
  }
  if (kind !== 'test') return [];
  const problem = networkProblem(c.networkId, c.networks ?? []);
  const blocks: BlockView[] = [
    {
      kind: 'select',
      id: 'network',
      label: l10n.t('Network for the test VMs'),
      hint: l10n.t('Choose an isolated network, not the one the VMs fail over to: the test VMs have the same names as the VMs of the plan and may have the same addresses.'),
      value: c.networkId ?? '',
      options: planNetworkOptions(c.networks ?? [], c.failoverNetworkIds),
      ...(problem ? { problem } : {}),
    },
  ];
  const warning = planProductionWarning(c);
  if (warning) blocks.push({ kind: 'textBlock', id: 'production', tone: 'warning', text: warning });
  return blocks;
}

/** The confirm page's review: summary, effect, groups, the production warning, the typed name (and what is wrong with it). */
export function planReviewBlocks(kind: FailoverKind, c: PlanChoices, confirmName: string): { blocks: BlockView[]; nameProblem?: string } {
  const plan = c.plan;
  const blocks: BlockView[] = [
    { kind: 'summary', id: 'summary', label: l10n.t('Failover'), rows: planSummaryRows(kind, c) },
    { kind: 'textBlock', id: 'effect', tone: kind === 'test' ? 'info' : 'warning', text: planKindEffect(kind, plan.friendlyName) },
    planGroupsBlock(plan, c.vmOf),
  ];
  const warning = kind === 'test' ? planProductionWarning(c) : undefined;
  if (warning) blocks.push({ kind: 'textBlock', id: 'production', tone: 'warning', text: warning });
  if (!kindNeedsTypedName(kind)) return { blocks };
  const problem = nameConfirmationProblem(confirmName, plan.friendlyName);
  blocks.push({
    kind: 'text',
    id: 'confirmName',
    label: l10n.t("Type the recovery plan's name to confirm"),
    hint: l10n.t('Type {0}; it must match exactly.', plan.friendlyName),
    value: confirmName,
    maxLength: MAX_PLAN_NAME_INPUT_LENGTH,
    ...(problem ? { problem } : {}),
  });
  return problem ? { blocks, nameProblem: problem } : { blocks };
}

/** The longest plan name the confirmation field takes (a plan's resource name: planFailoverWizard.ts's snapshot). */
export const MAX_PLAN_NAME_INPUT_LENGTH = 200;

/** One steps block per group task that names VMs: each VM's task of the plan job, in order. */
export function planVmTaskBlocks(job: JobLike | undefined): BlockView[] {
  if (!job) return [];
  return planJobTasks(job).flatMap((group, index) =>
    group.vms.length === 0
      ? []
      : [
          {
            kind: 'steps' as const,
            id: `group-${index + 1}`,
            label: group.title,
            steps: group.vms.map((vm, i) => ({
              id: `group-${index + 1}-vm-${i + 1}`,
              label: vm.name,
              state: stepState(vm.state),
              ...(vm.stateDescription ? { detail: vm.stateDescription } : {}),
            })),
          },
        ],
  );
}

/** The cleanup notes field and button (after a test failover, or when the plan waits for its cleanup). */
export function planCleanupFields(c: PlanChoices): { blocks: BlockView[]; buttons: ButtonView[] } {
  const { block, problem } = cleanupNotesField(c.notes);
  return { blocks: [block], buttons: [{ id: 'cleanup', label: l10n.t('Clean up test failover'), primary: true, disabled: problem !== undefined }] };
}

/** What the run page adds once `action` succeeded: the next step, its fields and its buttons. */
export function planNextStep(action: RecoveryPlanAction, c: PlanChoices): { blocks: BlockView[]; buttons: ButtonView[] } {
  const name = c.plan.friendlyName;
  const text = (t: string): BlockView => ({ kind: 'textBlock', id: 'next', tone: 'success', text: t });
  switch (action) {
    case 'testFailover': {
      const cleanup = planCleanupFields(c);
      return {
        blocks: [
          text(
            l10n.t(
              'The test VMs of {0} are running in Azure, and the VMs kept running on premises. Check the test VMs (sign in, try their applications), then clean up: the test VMs are deleted and the VMs stay protected.',
              name,
            ),
          ),
          ...cleanup.blocks,
        ],
        buttons: cleanup.buttons,
      };
    }
    case 'testFailoverCleanup':
      return { blocks: [text(l10n.t('The test failover of {0} is cleaned up: the test VMs are deleted and the VMs are protected as before.', name))], buttons: [] };
    case 'plannedFailover':
    case 'unplannedFailover':
      return {
        blocks: [
          text(
            l10n.t(
              'The VMs of {0} are running in Azure. Check them, then commit: committing makes the failover final, and the recovery points can no longer be changed. Later, Failback brings the VMs back to their hosts.',
              name,
            ),
          ),
        ],
        buttons: [{ id: 'commit', label: l10n.t('Commit'), primary: true }],
      };
    case 'commit':
      return { blocks: [text(l10n.t('The failover of {0} is committed: its VMs run in Azure. When the site is ready again, fail the plan back.', name))], buttons: [] };
    default:
      return { blocks: [], buttons: [] };
  }
}
