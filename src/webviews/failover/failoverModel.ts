// The pure rules of the Failover and Failback wizards (issue 5 §4): which kinds of failover a VM
// allows now (from ASR's allowedOperations), what each does to the VM on premises, the recovery
// point choices, the typed-name confirmation, the cleanup notes, and the failback options.
// No vscode, no Azure calls: plain data in, plain data out.
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { ProtectedItemLike } from '../../model/protectedItem';
import type { VmAction } from '../../model/vmActions';
import { checkAction, isActionAllowed } from '../../model/vmActions';
import type { DataSyncOption } from '../../services/azure/failover';
import { MAX_CLEANUP_COMMENTS_LENGTH } from '../../services/azure/failover';
import type { VirtualNetworkSummary } from '../../services/azure/networks';
import type { RecoveryPointSummary } from '../../services/azure/recoveryPoints';
import type { OptionView } from '../form/view';
import { maxTextValueLength } from '../form/view';

// ---------------------------------------------------------------------------------------------
// Kinds of failover.

export type FailoverKind = 'test' | 'planned' | 'unplanned';
export const failoverKinds: readonly FailoverKind[] = ['test', 'planned', 'unplanned'];

export type FailoverKindAction = 'testFailover' | 'plannedFailover' | 'unplannedFailover';

export function actionOfKind(kind: FailoverKind): FailoverKindAction {
  return kind === 'test' ? 'testFailover' : kind === 'planned' ? 'plannedFailover' : 'unplannedFailover';
}

export function kindTitle(kind: FailoverKind): string {
  return kind === 'test' ? 'Test failover' : kind === 'planned' ? 'Planned failover' : 'Unplanned failover';
}

/** What the kind does to the VM on premises, in one or two sentences. */
export function kindEffect(kind: FailoverKind, vmName: string): string {
  switch (kind) {
    case 'test':
      return `${vmName} keeps running on premises and keeps replicating. A test VM is created in Azure in an isolated network you choose; clean it up when you have checked it.`;
    case 'planned':
      return `For a move you plan: ${vmName} is shut down in order on its host, its last changes are synchronised to Azure, then it starts in Azure. No data is lost.`;
    case 'unplanned':
      return `For when the site is down: ${vmName} starts in Azure from the recovery point you choose. Changes made on premises after that point are lost.`;
  }
}

/** The kinds the item's allowedOperations allow now, in a stable order. */
export function offeredKinds(item: ProtectedItemLike | undefined): FailoverKind[] {
  if (!item) return [];
  return failoverKinds.filter((k) => isActionAllowed(item, actionOfKind(k)));
}

/** Why no kind can be offered (the model's refusal, which says what to do). */
export function noKindReason(item: ProtectedItemLike | undefined, vmName: string): string {
  const check = checkAction(item, 'plannedFailover', vmName);
  if (!check.allowed) return check.reason.replace('start a planned failover', 'fail over');
  return `Azure Site Recovery does not allow a failover of "${vmName}" now. Refresh the VM and try again.`;
}

export function kindOptions(item: ProtectedItemLike | undefined, vmName: string): OptionView[] {
  return offeredKinds(item).map((k) => ({ value: k, label: kindTitle(k), detail: kindEffect(k, vmName) }));
}

/** Test and unplanned failover fail over to a recovery point; planned uses the latest data after its final sync. */
export function kindUsesRecoveryPoint(kind: FailoverKind): boolean {
  return kind !== 'planned';
}

export function kindNeedsTypedName(kind: FailoverKind): boolean {
  return kind !== 'test';
}

// ---------------------------------------------------------------------------------------------
// Recovery points.

export type PointChoice = 'latestProcessed' | 'latestAppConsistent' | 'specific';
export const pointChoices: readonly PointChoice[] = ['latestProcessed', 'latestAppConsistent', 'specific'];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** "2026-11-25 14:05:09 UTC": unambiguous for everyone, whatever their time zone. */
export function formatPointTime(time: Date): string {
  if (Number.isNaN(time.getTime()) || time.getTime() === 0) return 'time unknown';
  return `${time.getUTCFullYear()}-${pad(time.getUTCMonth() + 1)}-${pad(time.getUTCDate())} ${pad(time.getUTCHours())}:${pad(time.getUTCMinutes())}:${pad(time.getUTCSeconds())} UTC`;
}

export function pointTypeLabel(type: string): string {
  if (type === 'ApplicationConsistent') return 'app-consistent';
  if (type === 'CrashConsistent') return 'crash-consistent';
  return type.trim() === '' || type === 'Unknown' ? 'type unknown' : type;
}

/** "2026-11-25 14:05:09 UTC, app-consistent". */
export function pointLabel(point: RecoveryPointSummary): string {
  return `${formatPointTime(point.time)}, ${pointTypeLabel(point.type)}`;
}

function latestAppConsistent(points: readonly RecoveryPointSummary[]): RecoveryPointSummary | undefined {
  return points.find((p) => p.type === 'ApplicationConsistent');
}

/** The three ways to choose (points newest first, as listRecoveryPoints returns them). */
export function pointChoiceOptions(points: readonly RecoveryPointSummary[]): OptionView[] {
  const newest = points[0];
  const app = latestAppConsistent(points);
  return [
    {
      value: 'latestProcessed',
      label: 'Latest processed',
      detail: newest
        ? `The newest point Azure Site Recovery has processed (now ${formatPointTime(newest.time)}): the least data lost, the fastest start.`
        : 'The newest point Azure Site Recovery has processed: the least data lost, the fastest start.',
    },
    app
      ? { value: 'latestAppConsistent', label: 'Latest app-consistent', detail: `${formatPointTime(app.time)}: applications inside the VM were told to flush their data first (databases start cleanly).` }
      : { value: 'latestAppConsistent', label: 'Latest app-consistent', detail: 'There is no app-consistent point yet.', disabled: true },
    points.length > 0
      ? {
          value: 'specific',
          label: 'A specific point',
          detail: points.length === 1 ? 'Choose the one point in the list.' : `Choose one of ${points.length} points from the list, for example one from before a problem began.`,
        }
      : { value: 'specific', label: 'A specific point', detail: 'There are no recovery points yet.', disabled: true },
  ];
}

/** The list of points for "a specific point": each labelled with its time and type. */
export function specificPointOptions(points: readonly RecoveryPointSummary[]): OptionView[] {
  return points.map((p) => ({ value: p.id, label: pointLabel(p) }));
}

export type ResolvedPoint = { ok: true; recoveryPointId?: string; label: string } | { ok: false; problem: string };

/** The recovery point id to send (none for latest processed), with a label for the review. */
export function resolveRecoveryPoint(choice: PointChoice, pointId: string | undefined, points: readonly RecoveryPointSummary[]): ResolvedPoint {
  switch (choice) {
    case 'latestProcessed':
      return { ok: true, label: points[0] ? `Latest processed (now ${formatPointTime(points[0].time)})` : 'Latest processed' };
    case 'latestAppConsistent': {
      const app = latestAppConsistent(points);
      return app
        ? { ok: true, recoveryPointId: app.id, label: `Latest app-consistent (${formatPointTime(app.time)})` }
        : { ok: false, problem: 'There is no app-consistent recovery point yet. Choose the latest processed point instead.' };
    }
    case 'specific': {
      if (!pointId) return { ok: false, problem: 'Choose a recovery point from the list.' };
      const p = points.find((x) => x.id === pointId);
      return p
        ? { ok: true, recoveryPointId: p.id, label: pointLabel(p) }
        : { ok: false, problem: 'That recovery point is no longer in the list (it may have expired). Choose another one.' };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Network of a test failover.

/** The select value for "no network". */
export const noNetwork = 'none';

export function networkOptions(networks: readonly VirtualNetworkSummary[]): OptionView[] {
  return [
    { value: noNetwork, label: 'No network', detail: 'The test VM is not connected to any network.' },
    ...networks.map((n) => ({
      value: n.id,
      label: n.name,
      detail: [n.resourceGroup, n.addressPrefixes.join(', ')].filter((x) => x !== '').join(' · '),
    })),
  ];
}

export function networkProblem(networkId: string | undefined, networks: readonly VirtualNetworkSummary[]): string | undefined {
  if (!networkId) return 'Choose the network for the test VM.';
  if (networkId === noNetwork || networks.some((n) => n.id === networkId)) return undefined;
  return 'That network is no longer in the list. Choose another one.';
}

export function networkLabel(networkId: string | undefined, networks: readonly VirtualNetworkSummary[]): string {
  if (networkId === noNetwork) return 'No network';
  return networks.find((n) => n.id === networkId)?.name ?? 'not chosen';
}

// ---------------------------------------------------------------------------------------------
// Confirmation and cleanup notes.

/** Planned and unplanned failover: the user types the VM's exact name (surrounding spaces ignored). */
export function nameConfirmationProblem(typed: string, vmName: string): string | undefined {
  const t = typed.trim();
  if (t === vmName) return undefined;
  if (t === '') return `Type ${vmName} to enable Start.`;
  if (t.toLowerCase() === vmName.toLowerCase()) return `The name must match exactly, including upper and lower case: type ${vmName}.`;
  return `That is not the name of this VM: type ${vmName}.`;
}

/** What Azure takes (MAX_CLEANUP_COMMENTS_LENGTH), within what a form text field can carry. */
export const maxCleanupNotesLength = Math.min(MAX_CLEANUP_COMMENTS_LENGTH, maxTextValueLength);

export function cleanupNotesProblem(notes: string): string | undefined {
  return notes.length > maxCleanupNotesLength ? `The notes are ${notes.length} characters long; shorten them to at most ${maxCleanupNotesLength}.` : undefined;
}

// ---------------------------------------------------------------------------------------------
// Failback.

export const dataSyncOptions: readonly DataSyncOption[] = ['ForDownTime', 'ForSynchronization'];

/**
 * What each data sync option means (Start-AzRecoveryServicesAsrPlannedFailoverJob -Optimize):
 * ForDownTime synchronises before the failover while the VM runs in Azure, so the downtime is
 * short; ForSynchronization shuts the Azure VM down at once and synchronises during the failover
 * only, so less data is copied but the VM is down for the whole copy.
 */
export function dataSyncChoices(vmName: string): OptionView[] {
  return [
    {
      value: 'ForDownTime',
      label: 'Short downtime: synchronise while the Azure VM runs',
      detail: `The changes are copied to the host while ${vmName} keeps running in Azure; then the Azure VM shuts down, only the last changes are copied, and the VM starts on its host.`,
    },
    {
      value: 'ForSynchronization',
      label: 'Copy once: shut the Azure VM down first',
      detail: `${vmName} shuts down in Azure at once, then the changes are copied to the host and the VM starts there. Less data is copied, but the VM is down for the whole copy. Best when the VM ran in Azure for a long time.`,
    },
  ];
}

export function dataSyncLabel(option: DataSyncOption): string {
  return option === 'ForDownTime' ? 'Short downtime (synchronise while the Azure VM runs)' : 'Copy once (shut the Azure VM down first)';
}

/** The host's provider, needed to create the VM on the host when it is missing. */
export function failbackProviderId(item: ReplicationProtectedItem | undefined): string | undefined {
  const id = item?.properties?.recoveryServicesProviderId;
  return id && id.trim() !== '' ? id : undefined;
}

/** Why an action cannot run on the item now (the model's refusal), or undefined when it can. */
export function actionRefusal(item: ProtectedItemLike | undefined, action: VmAction, vmName: string): string | undefined {
  if (!item) return undefined;
  const check = checkAction(item, action, vmName);
  return check.allowed ? undefined : check.reason;
}
