// Parts of the Failover wizard's pages (failoverWizard.ts) drawn from what the user chose: the
// fields of the options page (recovery point, network, shut down the source), the summary on the
// confirm page, and what the run page offers once an action succeeded (clean up the test
// failover with notes of what was checked, commit, open the VM in the Azure portal). Pure page
// builders: no vscode.
import * as l10n from '@vscode/l10n';
import type { VirtualNetworkSummary } from '../../services/azure/networks';
import type { RecoveryPointSummary } from '../../services/azure/recoveryPoints';
import type { BlockView, ButtonView } from '../form/view';
import type { FailoverKind, PointChoice } from './failoverModel';
import {
  cleanupNotesProblem,
  kindTitle,
  kindUsesRecoveryPoint,
  maxCleanupNotesLength,
  networkLabel,
  networkOptions,
  networkProblem,
  noNetwork,
  pointChoiceOptions,
  resolveRecoveryPoint,
  specificPointOptions,
} from './failoverModel';
import type { FailoverRunAction } from './failoverWizard';
import { landingBlocks, type LandingChoices } from './landing';

/** What the user chose on the wizard's pages (and the lists they chose from, once read; the item and its networks' reach for the landing). */
export interface FailoverChoices extends LandingChoices {
  vmName: string;
  point: PointChoice;
  pointId: string | undefined;
  points: readonly RecoveryPointSummary[] | undefined;
  networkId: string | undefined;
  networks: readonly VirtualNetworkSummary[] | undefined;
  shutDownSource: boolean;
  notes: string;
}

/** The options page's fields for `kind` (the lists are read): recovery point, network of the test VM, shut down the source first. */
export function optionFields(kind: FailoverKind, c: FailoverChoices): BlockView[] {
  const blocks: BlockView[] = [];
  const points = c.points ?? [];
  const resolved = resolveRecoveryPoint(c.point, c.pointId, points);
  const pointProblem = resolved.ok ? undefined : resolved.problem;
  blocks.push({
    kind: 'radio',
    id: 'point',
    label: l10n.t('Recovery point'),
    hint: l10n.t("The saved state of {0}'s disks that the VM in Azure starts from.", c.vmName),
    value: c.point,
    options: pointChoiceOptions(points),
    ...(pointProblem && c.point !== 'specific' ? { problem: pointProblem } : {}),
  });
  if (c.point === 'specific') {
    blocks.push({
      kind: 'select',
      id: 'pointId',
      label: l10n.t('Point to use'),
      hint: l10n.t('Newest first; times are in your time zone.'),
      value: c.pointId ?? '',
      options: specificPointOptions(points),
      ...(pointProblem ? { problem: pointProblem } : {}),
    });
  }
  if (kind === 'test') {
    const problem = networkProblem(c.networkId, c.networks ?? []);
    blocks.push({
      kind: 'select',
      id: 'network',
      label: l10n.t('Network for the test VM'),
      hint: l10n.t('Choose an isolated network, not the one your production VMs use: the test VM has the same name as {0} and may have the same addresses.', c.vmName),
      value: c.networkId ?? '',
      options: networkOptions(c.networks ?? []),
      ...(problem ? { problem } : {}),
    });
  }
  if (kind === 'unplanned') {
    blocks.push({
      kind: 'checkbox',
      id: 'shutDownSource',
      label: l10n.t('Shut down the source VM first'),
      hint: l10n.t('Azure Site Recovery tries to shut {0} down on its host first, so that it does not run in two places. Clear this when the host is down.', c.vmName),
      checked: c.shutDownSource,
    });
  }
  blocks.push(...landingBlocks(kind, c));
  return blocks;
}

export function summaryRows(kind: FailoverKind, c: FailoverChoices): { label: string; value: string }[] {
  const rows = [
    { label: l10n.t('Virtual machine'), value: c.vmName },
    { label: l10n.t('Kind'), value: kindTitle(kind) },
  ];
  if (kindUsesRecoveryPoint(kind)) {
    const r = resolveRecoveryPoint(c.point, c.pointId, c.points ?? []);
    rows.push({ label: l10n.t('Recovery point'), value: r.ok ? r.label : r.problem });
  } else {
    rows.push({ label: l10n.t('Recovery point'), value: l10n.t('The latest data, after the final synchronisation') });
  }
  if (kind === 'test') rows.push({ label: l10n.t('Network'), value: networkLabel(c.networkId, c.networks ?? []) });
  if (kind === 'unplanned') rows.push({ label: l10n.t('Shut down the source VM first'), value: c.shutDownSource ? l10n.t('Yes') : l10n.t('No') });
  return rows;
}

/** The notes saved with a test failover's cleanup (the VM's and the plan's wizards), and what is wrong with them. */
export function cleanupNotesField(notes: string): { block: BlockView; problem: string | undefined } {
  const problem = cleanupNotesProblem(notes);
  return {
    block: {
      kind: 'text',
      id: 'notes',
      label: l10n.t('What was checked'),
      hint: l10n.t('Saved with the cleanup in Azure Site Recovery, at most {0} characters; for example "Signed in; the web site answered".', maxCleanupNotesLength),
      value: notes,
      maxLength: maxCleanupNotesLength,
      ...(problem ? { problem } : {}),
    },
    problem,
  };
}

/** What the run page adds once `action` succeeded: the next step, its fields and its buttons. */
export function nextStep(action: FailoverRunAction, c: FailoverChoices): { blocks: BlockView[]; buttons: ButtonView[] } {
  const blocks: BlockView[] = [];
  const buttons: ButtonView[] = [];
  switch (action) {
    case 'testFailover': {
      const network = c.networkId && c.networkId !== noNetwork && c.networks ? networkLabel(c.networkId, c.networks) : undefined;
      blocks.push({
        kind: 'textBlock',
        id: 'next',
        tone: 'success',
        text:
          network !== undefined
            ? l10n.t(
                'The test VM is running in Azure in {0}, and {1} kept running on premises. Check the test VM (sign in, try its applications), then clean up: the test VM is deleted and {1} stays protected.',
                network,
                c.vmName,
              )
            : l10n.t(
                'The test VM is running in Azure, and {0} kept running on premises. Check the test VM (sign in, try its applications), then clean up: the test VM is deleted and {0} stays protected.',
                c.vmName,
              ),
      });
      const { block, problem } = cleanupNotesField(c.notes);
      blocks.push(block);
      buttons.push(
        { id: 'cleanup', label: l10n.t('Clean up test failover'), primary: true, disabled: problem !== undefined },
        { id: 'portal', label: l10n.t('Open in the Azure portal') },
      );
      break;
    }
    case 'testFailoverCleanup':
      blocks.push({
        kind: 'textBlock',
        id: 'next',
        tone: 'success',
        text: l10n.t('The test failover is cleaned up: the test VM is deleted and {0} is protected as before.', c.vmName),
      });
      break;
    case 'plannedFailover':
    case 'unplannedFailover':
      blocks.push({
        kind: 'textBlock',
        id: 'next',
        tone: 'success',
        text: l10n.t(
          '{0} is running in Azure. Check it, then commit: committing makes the failover final, and the recovery point can no longer be changed. Later, Failback brings the VM back to its host.',
          c.vmName,
        ),
      });
      buttons.push({ id: 'commit', label: l10n.t('Commit'), primary: true }, { id: 'portal', label: l10n.t('Open in the Azure portal') });
      break;
    case 'commit':
      blocks.push({
        kind: 'textBlock',
        id: 'next',
        tone: 'success',
        text: l10n.t('The failover is committed: {0} runs in Azure. When the site is ready again, use Failback to bring it back to its host.', c.vmName),
      });
      buttons.push({ id: 'portal', label: l10n.t('Open in the Azure portal') });
      break;
  }
  return { blocks, buttons };
}
