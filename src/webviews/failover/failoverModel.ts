// The pure rules of the Failover and Failback wizards (issue 5 §4): which kinds of failover a VM
// allows now (from ASR's allowedOperations), what each does to the VM on premises, the recovery
// point choices, the typed-name confirmation, the cleanup notes, and the failback options.
// No vscode, no Azure calls: plain data in, plain data out.
import * as l10n from '@vscode/l10n';
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

/** The Failover wizards' pages (the VM's and the plan's), in order. */
export type FailoverPage = 'kind' | 'options' | 'confirm' | 'run';
export const failoverPages: readonly FailoverPage[] = ['kind', 'options', 'confirm', 'run'];

/** The pages shown for the kind chosen: a planned failover has nothing to choose on the options page (no recovery point, no network). */
export function shownPagesOf(kind: FailoverKind | undefined): FailoverPage[] {
  return kind === 'planned' ? failoverPages.filter((p) => p !== 'options') : [...failoverPages];
}

/** "Step 2 of 3": counts only the pages shown. */
export function stepLabelOf(kind: FailoverKind | undefined, page: FailoverPage): string {
  const pages = shownPagesOf(kind);
  return l10n.t('Step {0} of {1}', pages.indexOf(page) + 1, pages.length);
}

/** The page shown after (or before) `page`. */
export function neighbourOf(kind: FailoverKind | undefined, page: FailoverPage, step: 1 | -1): FailoverPage {
  const pages = shownPagesOf(kind);
  return pages[Math.min(Math.max(pages.indexOf(page) + step, 0), pages.length - 1)];
}

export function kindTitle(kind: FailoverKind): string {
  return kind === 'test' ? l10n.t('Test failover') : kind === 'planned' ? l10n.t('Planned failover') : l10n.t('Unplanned failover');
}

/** What the kind does to the VM on premises, in one or two sentences. */
export function kindEffect(kind: FailoverKind, vmName: string): string {
  switch (kind) {
    case 'test':
      return l10n.t(
        '{0} keeps running on premises and keeps replicating. A test VM is created in Azure in an isolated network you choose; clean it up when you have checked it.',
        vmName,
      );
    case 'planned':
      return l10n.t('For a move you plan: {0} is shut down in order on its host, its last changes are synchronised to Azure, then it starts in Azure. No data is lost.', vmName);
    case 'unplanned':
      return l10n.t('For when the site is down: {0} starts in Azure from the recovery point you choose. Changes made on premises after that point are lost.', vmName);
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
  // The refusal says the action with messages.ts's l10n.t('start a planned failover'): the same key, so it is found in any language.
  if (!check.allowed) return check.reason.replace(l10n.t('start a planned failover'), l10n.t('fail over'));
  return l10n.t('Azure Site Recovery does not allow a failover of "{0}" now. Refresh the VM and try again.', vmName);
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

/** Where and how a time is written: the user's locale and time zone unless given (tests). */
export interface PointTimeFormat {
  readonly locale?: string;
  readonly timeZone?: string;
}

/**
 * "5 Dec 2026, 01:05:09 CET": the user's local time with its zone, in their locale's words, with
 * the seconds (a copy frequency of 30 seconds makes points a minute apart or less).
 */
export function formatPointTime(time: Date, format: PointTimeFormat = {}): string {
  if (Number.isNaN(time.getTime()) || time.getTime() === 0) return l10n.t('time unknown');
  return new Intl.DateTimeFormat(format.locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
    ...(format.timeZone !== undefined ? { timeZone: format.timeZone } : {}),
  }).format(time);
}

/** ASR's recoveryPointType (ApplicationConsistent, CrashConsistent), as the portal writes it. */
export function pointTypeLabel(type: string): string {
  if (type === 'ApplicationConsistent') return l10n.t('App-consistent');
  if (type === 'CrashConsistent') return l10n.t('Crash-consistent');
  return type.trim() === '' || type === 'Unknown' ? l10n.t('Type unknown') : type;
}

/** "5 Dec 2026, 01:05:09 CET (App-consistent)". */
export function pointLabel(point: RecoveryPointSummary, format: PointTimeFormat = {}): string {
  return l10n.t({
    message: '{0} ({1})',
    args: [formatPointTime(point.time, format), pointTypeLabel(point.type)],
    comment: ['A recovery point: its time with the time zone, then its type (App-consistent or Crash-consistent)'],
  });
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
      label: l10n.t('Latest processed'),
      detail: newest
        ? l10n.t('The newest point Azure Site Recovery has processed (now {0}): the least data lost, the fastest start.', formatPointTime(newest.time))
        : l10n.t('The newest point Azure Site Recovery has processed: the least data lost, the fastest start.'),
    },
    app
      ? {
          value: 'latestAppConsistent',
          label: l10n.t('Latest app-consistent'),
          detail: l10n.t('{0}: applications inside the VM were told to flush their data first (databases start cleanly).', formatPointTime(app.time)),
        }
      : { value: 'latestAppConsistent', label: l10n.t('Latest app-consistent'), detail: l10n.t('There is no app-consistent point yet.'), disabled: true },
    points.length > 0
      ? {
          value: 'specific',
          label: l10n.t('A specific point'),
          detail:
            points.length === 1
              ? l10n.t('Choose the one point in the list.')
              : l10n.t('Choose one of {0} points from the list, for example one from before a problem began.', points.length),
        }
      : { value: 'specific', label: l10n.t('A specific point'), detail: l10n.t('There are no recovery points yet.'), disabled: true },
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
      return { ok: true, label: points[0] ? l10n.t('Latest processed (now {0})', formatPointTime(points[0].time)) : l10n.t('Latest processed') };
    case 'latestAppConsistent': {
      const app = latestAppConsistent(points);
      return app
        ? { ok: true, recoveryPointId: app.id, label: l10n.t('Latest app-consistent ({0})', formatPointTime(app.time)) }
        : { ok: false, problem: l10n.t('There is no app-consistent recovery point yet. Choose the latest processed point instead.') };
    }
    case 'specific': {
      if (!pointId) return { ok: false, problem: l10n.t('Choose a recovery point from the list.') };
      const p = points.find((x) => x.id === pointId);
      return p
        ? { ok: true, recoveryPointId: p.id, label: pointLabel(p) }
        : { ok: false, problem: l10n.t('That recovery point is no longer in the list (it may have expired). Choose another one.') };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Network of a test failover.

/** The select value for "no network". */
export const noNetwork = 'none';

export function networkOptions(networks: readonly VirtualNetworkSummary[]): OptionView[] {
  return [
    { value: noNetwork, label: l10n.t('No network'), detail: l10n.t('The test VM is not connected to any network.') },
    ...networks.map((n) => ({
      value: n.id,
      label: n.name,
      detail: [n.resourceGroup, n.addressPrefixes.join(', ')].filter((x) => x !== '').join(' · '),
    })),
  ];
}

export function networkProblem(networkId: string | undefined, networks: readonly VirtualNetworkSummary[]): string | undefined {
  if (!networkId) return l10n.t('Choose the network for the test VM.');
  if (networkId === noNetwork || networks.some((n) => n.id === networkId)) return undefined;
  return l10n.t('That network is no longer in the list. Choose another one.');
}

export function networkLabel(networkId: string | undefined, networks: readonly VirtualNetworkSummary[]): string {
  if (networkId === noNetwork) return l10n.t('No network');
  return networks.find((n) => n.id === networkId)?.name ?? l10n.t('not chosen');
}

// ---------------------------------------------------------------------------------------------
// Confirmation and cleanup notes.

/** Planned and unplanned failover: the user types the VM's exact name (surrounding spaces ignored). */
export function nameConfirmationProblem(typed: string, vmName: string): string | undefined {
  const t = typed.trim();
  if (t === vmName) return undefined;
  if (t === '') return l10n.t('Type {0} to enable Start.', vmName);
  if (t.toLowerCase() === vmName.toLowerCase()) return l10n.t('The name must match exactly, including upper and lower case: type {0}.', vmName);
  return l10n.t('That is not the name of this VM: type {0}.', vmName);
}

/** What Azure takes (MAX_CLEANUP_COMMENTS_LENGTH), within what a form text field can carry. */
export const maxCleanupNotesLength = Math.min(MAX_CLEANUP_COMMENTS_LENGTH, maxTextValueLength);

export function cleanupNotesProblem(notes: string): string | undefined {
  return notes.length > maxCleanupNotesLength ? l10n.t('The notes are {0} characters long; shorten them to at most {1}.', notes.length, maxCleanupNotesLength) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Commit.

/** A question asked in a modal before an action that cannot be undone. */
export interface Confirmation {
  readonly message: string;
  readonly detail: string;
  /** The button that goes ahead (the other one cancels). */
  readonly button: string;
}

/**
 * What Commit asks, from the Commit command and from the Failover and Failback wizards alike
 * (README: commit asks for confirmation in a modal that names the VM and says what will happen).
 */
export function commitConfirmation(vmName: string, of: 'failover' | 'failback'): Confirmation {
  const back = of === 'failback';
  return {
    message: l10n.t('Commit the {0} of {1}?', back ? l10n.t('failback') : l10n.t('failover'), vmName),
    detail: back
      ? l10n.t('{0} stays on premises; then reverse replication protects it again.', vmName)
      : l10n.t('{0} keeps running in Azure; other recovery points can no longer be chosen.', vmName),
    button: l10n.t('Commit'),
  };
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
      label: l10n.t('Short downtime: synchronise while the Azure VM runs'),
      detail: l10n.t(
        'The changes are copied to the host while {0} keeps running in Azure; then the Azure VM shuts down, only the last changes are copied, and the VM starts on its host.',
        vmName,
      ),
    },
    {
      value: 'ForSynchronization',
      label: l10n.t('Copy once: shut the Azure VM down first'),
      detail: l10n.t(
        '{0} shuts down in Azure at once, then the changes are copied to the host and the VM starts there. Less data is copied, but the VM is down for the whole copy. Best when the VM ran in Azure for a long time.',
        vmName,
      ),
    },
  ];
}

export function dataSyncLabel(option: DataSyncOption): string {
  return option === 'ForDownTime' ? l10n.t('Short downtime (synchronise while the Azure VM runs)') : l10n.t('Copy once (shut the Azure VM down first)');
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
