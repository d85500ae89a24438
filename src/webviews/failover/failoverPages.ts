// Parts of the Failover wizard's pages (failoverWizard.ts) drawn from what the user chose: the
// summary on the confirm page, and what the run page offers once an action succeeded (clean up the
// test failover with notes of what was checked, commit, open the VM in the Azure portal). Pure
// page builders: no vscode.
import type { VirtualNetworkSummary } from '../../services/azure/networks';
import type { RecoveryPointSummary } from '../../services/azure/recoveryPoints';
import type { BlockView, ButtonView } from '../form/view';
import type { FailoverKind, PointChoice } from './failoverModel';
import { cleanupNotesProblem, kindTitle, kindUsesRecoveryPoint, maxCleanupNotesLength, networkLabel, noNetwork, resolveRecoveryPoint } from './failoverModel';
import type { FailoverRunAction } from './failoverWizard';

/** What the user chose on the wizard's pages (and the lists they chose from, once read). */
export interface FailoverChoices {
  vmName: string;
  point: PointChoice;
  pointId: string | undefined;
  points: readonly RecoveryPointSummary[] | undefined;
  networkId: string | undefined;
  networks: readonly VirtualNetworkSummary[] | undefined;
  shutDownSource: boolean;
  notes: string;
}

export function summaryRows(kind: FailoverKind, c: FailoverChoices): { label: string; value: string }[] {
  const rows = [
    { label: 'Virtual machine', value: c.vmName },
    { label: 'Kind', value: kindTitle(kind) },
  ];
  if (kindUsesRecoveryPoint(kind)) {
    const r = resolveRecoveryPoint(c.point, c.pointId, c.points ?? []);
    rows.push({ label: 'Recovery point', value: r.ok ? r.label : r.problem });
  } else {
    rows.push({ label: 'Recovery point', value: 'The latest data, after the final synchronisation' });
  }
  if (kind === 'test') rows.push({ label: 'Network', value: networkLabel(c.networkId, c.networks ?? []) });
  if (kind === 'unplanned') rows.push({ label: 'Shut down the source VM first', value: c.shutDownSource ? 'Yes' : 'No' });
  return rows;
}

/** What the run page adds once `action` succeeded: the next step, its fields and its buttons. */
export function nextStep(action: FailoverRunAction, c: FailoverChoices): { blocks: BlockView[]; buttons: ButtonView[] } {
  const blocks: BlockView[] = [];
  const buttons: ButtonView[] = [];
  switch (action) {
    case 'testFailover': {
      const where = c.networkId && c.networkId !== noNetwork && c.networks ? ` in ${networkLabel(c.networkId, c.networks)}` : '';
      blocks.push({
        kind: 'textBlock',
        id: 'next',
        tone: 'success',
        text: `The test VM is running in Azure${where}, and ${c.vmName} kept running on premises. Check the test VM (sign in, try its applications), then clean up: the test VM is deleted and ${c.vmName} stays protected.`,
      });
      const problem = cleanupNotesProblem(c.notes);
      blocks.push({
        kind: 'text',
        id: 'notes',
        label: 'What was checked',
        hint: `Saved with the cleanup in Azure Site Recovery, at most ${maxCleanupNotesLength} characters; for example "Signed in; the web site answered".`,
        value: c.notes,
        maxLength: maxCleanupNotesLength,
        ...(problem ? { problem } : {}),
      });
      buttons.push({ id: 'cleanup', label: 'Clean up test failover', primary: true, disabled: problem !== undefined }, { id: 'portal', label: 'Open in the Azure portal' });
      break;
    }
    case 'testFailoverCleanup':
      blocks.push({ kind: 'textBlock', id: 'next', tone: 'success', text: `The test failover is cleaned up: the test VM is deleted and ${c.vmName} is protected as before.` });
      break;
    case 'plannedFailover':
    case 'unplannedFailover':
      blocks.push({
        kind: 'textBlock',
        id: 'next',
        tone: 'success',
        text: `${c.vmName} is running in Azure. Check it, then commit: committing makes the failover final, and the recovery point can no longer be changed. Later, Failback brings the VM back to its host.`,
      });
      buttons.push({ id: 'commit', label: 'Commit', primary: true }, { id: 'portal', label: 'Open in the Azure portal' });
      break;
    case 'commit':
      blocks.push({
        kind: 'textBlock',
        id: 'next',
        tone: 'success',
        text: `The failover is committed: ${c.vmName} runs in Azure. When the site is ready again, use Failback to bring it back to its host.`,
      });
      buttons.push({ id: 'portal', label: 'Open in the Azure portal' });
      break;
  }
  return { blocks, buttons };
}
