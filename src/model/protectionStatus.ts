// ProtectionStatus: where a VM is in the ASR lifecycle, derived from a protected item's fields.
//
// `kind` tells the lifecycle step, `health` tells trouble (ASR's replicationHealth); a Critical
// item that is otherwise Protected stays kind Protected with health Critical.

import { messages } from './messages';
import type { HealthErrorLike, HyperVReplicaDetails, ProtectedItemLike } from './protectedItem';
import { hyperVReplicaDetails, plainProtectedItem } from './protectedItem';
import { equalsIgnoreCase, lastPathSegment } from './wireValues';

export const protectionKinds = [
  'NotProtected',
  /**
   * ASR's items have not been read for the VM's host (no vault connected, or reading the vault
   * failed): the VM may or may not be protected. Never derived from an item; the estate sets it.
   */
  'ProtectionUnknown',
  'EnablingProtection',
  'Replicating',
  'Protected',
  'TestFailoverRunning',
  'TestFailoverCleanupPending',
  'TestFailoverCleaningUp',
  'FailingOver',
  'FailoverCommitPending',
  /** A Commit (failover commit or finalize failback) job is running. */
  'Committing',
  'FailedOver',
  'FailingBack',
  'FailbackCommitPending',
  'ReverseReplicationPending',
  'DisablingProtection',
  'Error',
] as const;

export type ProtectionKind = (typeof protectionKinds)[number];

export type ProtectionHealth = 'Normal' | 'Warning' | 'Critical';
export type ActiveLocation = 'Primary' | 'Recovery';

export interface ProtectionStatus {
  kind: ProtectionKind;
  health: ProtectionHealth;
  /** Initial replication progress 0..100, when replicating and ASR reports it. */
  progressPercent?: number;
  /** Short text for a tree description, e.g. "Replicating 42%". */
  summary: string;
  /** ASR's own protectionStateDescription (or the VM's, when the item has none). */
  detail?: string;
  healthErrors: HealthErrorLike[];
  /** Job name (last id segment) of the operation running on the item. */
  runningJobId?: string;
  activeLocation: ActiveLocation;
}

/** Kinds in which an ASR operation is running on the item. */
export const transientKinds: ReadonlySet<ProtectionKind> = new Set<ProtectionKind>([
  'EnablingProtection',
  'TestFailoverRunning',
  'TestFailoverCleaningUp',
  'FailingOver',
  'Committing',
  'FailingBack',
  'DisablingProtection',
]);

export function isTransientKind(kind: ProtectionKind): boolean {
  return transientKinds.has(kind);
}

interface Derived {
  kind: ProtectionKind;
  progressPercent?: number | undefined;
}

function readHealth(value: string | undefined): ProtectionHealth {
  if (equalsIgnoreCase(value, 'Warning')) {
    return 'Warning';
  }
  if (equalsIgnoreCase(value, 'Critical')) {
    return 'Critical';
  }
  return 'Normal';
}

function readLocation(value: string | undefined): ActiveLocation {
  return equalsIgnoreCase(value, 'Recovery') ? 'Recovery' : 'Primary';
}

function allows(item: ProtectedItemLike, operation: string): boolean {
  return (item.properties?.allowedOperations ?? []).some((op) => equalsIgnoreCase(op, operation));
}

function isIdleScenario(name: string | undefined): boolean {
  return name === undefined || name.trim().length === 0 || equalsIgnoreCase(name, 'None');
}

/** True when the item has been failed over to Azure and committed, so the next planned failover is a failback. */
function isFailedOverAndCommitted(state: string | undefined): boolean {
  return state !== undefined && state.toLowerCase().includes('failovercommitted');
}

/**
 * A running scenario (currentScenario.scenarioName) → kind; undefined for scenarios this model
 * does not know (the protection state then decides).
 */
function kindFromScenario(item: ProtectedItemLike, location: ActiveLocation): Derived | undefined {
  const scenario = (item.properties?.currentScenario?.scenarioName ?? '').toLowerCase();
  switch (scenario) {
    case 'enabledr':
    case 'enableprotection':
      return { kind: 'EnablingProtection' };
    case 'testfailover':
      return { kind: 'TestFailoverRunning' };
    case 'testfailovercleanup':
      return { kind: 'TestFailoverCleaningUp' };
    case 'plannedfailover':
    case 'unplannedfailover': {
      const failingBack = location === 'Recovery' || isFailedOverAndCommitted(item.properties?.protectionState);
      return { kind: failingBack ? 'FailingBack' : 'FailingOver' };
    }
    case 'failback':
      return { kind: 'FailingBack' };
    case 'commit':
    case 'failovercommit':
    case 'finalizefailback':
      return { kind: 'Committing' };
    case 'reversereplication':
    case 'reversereplicate':
    case 'reprotect':
      return { kind: 'Replicating', progressPercent: 0 };
    case 'disabledr':
    case 'disableprotection':
      return { kind: 'DisablingProtection' };
    default:
      return undefined;
  }
}

function kindWhenProtected(item: ProtectedItemLike): ProtectionKind {
  const tfo = item.properties?.testFailoverState;
  if (equalsIgnoreCase(tfo, 'WaitingForCompletion')) {
    return 'TestFailoverCleanupPending';
  }
  if (equalsIgnoreCase(tfo, 'MarkedForDeletion')) {
    // Real ASR keeps "MarkedForDeletion" after the cleanup has finished (recordings
    // TestFailoverCleanup.json, UnplannedFailover.json): once TestFailover is allowed again
    // the cleanup is over.
    const ops = item.properties?.allowedOperations;
    return ops !== undefined && allows(item, 'TestFailover') ? 'Protected' : 'TestFailoverCleaningUp';
  }
  return 'Protected';
}

/** A protection state (item-level or VM-level) → kind; undefined for states this model does not know. */
function kindFromState(state: string | undefined, item: ProtectedItemLike, details: HyperVReplicaDetails | undefined): Derived | undefined {
  if (state === undefined || state.length === 0) {
    return undefined;
  }
  const s = state.toLowerCase();
  if (s.includes('failed')) {
    return { kind: 'Error' };
  }
  if (s === 'unprotectedstatesbegin') {
    return { kind: 'EnablingProtection' };
  }
  if (s === 'initialreplicationinprogress') {
    return {
      kind: 'Replicating',
      progressPercent: details?.initialReplicationProgressPercentage,
    };
  }
  if (s === 'protected' || s === 'protectedstatesbegin') {
    return { kind: kindWhenProtected(item) };
  }
  if (s.includes('commitpending') || s.includes('commitrequired')) {
    return { kind: 'FailoverCommitPending' };
  }
  if (s.includes('failovercommitted')) {
    return { kind: 'FailedOver' };
  }
  if (s === 'finalizerestorepending') {
    return { kind: 'FailbackCommitPending' };
  }
  if (s === 'restorefinalized') {
    return { kind: 'ReverseReplicationPending' };
  }
  return undefined;
}

/** Last resort for unknown states: what ASR lets the user do says where the item is. Never throws. */
function kindFromAllowedOperations(item: ProtectedItemLike, location: ActiveLocation): ProtectionKind {
  if (allows(item, 'TestFailoverCleanup')) {
    return 'TestFailoverCleanupPending';
  }
  if (allows(item, 'Commit')) {
    return 'FailoverCommitPending';
  }
  if (allows(item, 'FinalizeFailback')) {
    return 'FailbackCommitPending';
  }
  if (location === 'Recovery' && allows(item, 'Failback')) {
    return 'FailedOver';
  }
  if (allows(item, 'ReverseReplicate')) {
    return 'ReverseReplicationPending';
  }
  if (allows(item, 'TestFailover') || allows(item, 'PlannedFailover') || allows(item, 'UnplannedFailover')) {
    return 'Protected';
  }
  return location === 'Recovery' ? 'FailedOver' : 'Replicating';
}

function errorDescription(item: ProtectedItemLike): string {
  const p = item.properties;
  const firstError = (p?.healthErrors ?? []).find((e) => equalsIgnoreCase(e.errorLevel, 'Error'));
  return p?.protectionStateDescription || firstError?.summaryMessage || firstError?.errorMessage || p?.protectionState || messages.status.unknownError;
}

function summaryFor(derived: Derived, item: ProtectedItemLike | undefined, location: ActiveLocation): string {
  const s = messages.status;
  switch (derived.kind) {
    case 'Replicating':
      return s.replicating(derived.progressPercent);
    case 'Committing':
      return location === 'Recovery' ? s.committingFailover : s.committingFailback;
    case 'Error':
      return s.error(item ? errorDescription(item) : s.unknownError);
    default:
      return s.summary[derived.kind];
  }
}

/** The status of a VM whose protection is not known (ASR not read): no health, no actions. */
export function unknownProtectionStatus(): ProtectionStatus {
  return { kind: 'ProtectionUnknown', health: 'Normal', summary: messages.status.summary.ProtectionUnknown, healthErrors: [], activeLocation: 'Primary' };
}

/**
 * Derives the status a VM shows from its protected item (undefined: the VM is not protected),
 * reading its fields through guards (plainProtectedItem). Never throws.
 */
export function deriveProtectionStatus(input: ProtectedItemLike | undefined): ProtectionStatus {
  const item = input === undefined ? undefined : plainProtectedItem(input);
  if (item === undefined) {
    return {
      kind: 'NotProtected',
      health: 'Normal',
      summary: messages.status.summary.NotProtected,
      healthErrors: [],
      activeLocation: 'Primary',
    };
  }
  return protectionStatusOf(item, hyperVReplicaDetails(item));
}

/**
 * The status of a protected item already read through guards (plainProtectedItem) and its
 * HyperVReplicaAzure details (hyperVReplicaDetails): the snapshot reads each once per VM (issue 14).
 */
export function protectionStatusOf(item: ProtectedItemLike, details: HyperVReplicaDetails | undefined): ProtectionStatus {
  const p = item.properties;
  const location = readLocation(p?.activeLocation);
  const scenarioRuns = !isIdleScenario(p?.currentScenario?.scenarioName);

  const derived: Derived = (scenarioRuns ? kindFromScenario(item, location) : undefined) ??
    kindFromState(p?.protectionState, item, details) ??
    kindFromState(details?.vmProtectionState, item, details) ?? { kind: kindFromAllowedOperations(item, location) };
  const status: ProtectionStatus = {
    kind: derived.kind,
    health: readHealth(p?.replicationHealth),
    summary: summaryFor(derived, item, location),
    healthErrors: [...(p?.healthErrors ?? [])],
    activeLocation: location,
  };
  if (derived.progressPercent !== undefined) {
    status.progressPercent = derived.progressPercent;
  }
  const detail = p?.protectionStateDescription || details?.vmProtectionStateDescription;
  if (detail) {
    status.detail = detail;
  }
  const jobName = scenarioRuns && p?.currentScenario?.jobId ? lastPathSegment(p.currentScenario.jobId) : undefined;
  if (jobName !== undefined && !equalsIgnoreCase(jobName, 'None')) {
    status.runningJobId = jobName;
  }
  return status;
}
