// Real Azure Site Recovery response bodies (see fixtures/asrRecordings.json "_source"),
// loaded as plain JSON the way raw wire data reaches the model (dates as strings, nulls kept).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProtectedItemLike } from '../../../src/model/protectedItem';

interface RecordingsFile {
  protectedItems: Record<string, unknown>;
  operationUrls: string[];
  protectableItem: unknown;
}

const file = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'asrRecordings.json'), 'utf8')) as RecordingsFile;

export type RecordedItemName =
  | 'protected'
  | 'initialReplication'
  | 'testFailoverWaitingForCleanup'
  | 'testFailoverCleanedUp'
  | 'unplannedFailoverCommitPending'
  | 'failoverCommitted'
  | 'finalizeFailbackPending'
  | 'failbackFinalized'
  | 'reprotected'
  | 'plannedFailoverFailed';

export const recordedItemNames: readonly RecordedItemName[] = [
  'protected',
  'initialReplication',
  'testFailoverWaitingForCleanup',
  'testFailoverCleanedUp',
  'unplannedFailoverCommitPending',
  'failoverCommitted',
  'finalizeFailbackPending',
  'failbackFinalized',
  'reprotected',
  'plannedFailoverFailed',
];

/** A fresh deep copy of a recorded protected item. */
export function recordedItem(name: RecordedItemName): ProtectedItemLike {
  const item = file.protectedItems[name];
  if (item === undefined) {
    throw new Error(`no recorded item ${name}`);
  }
  return structuredClone(item) as ProtectedItemLike;
}

export const recordedOperationUrls: readonly string[] = file.operationUrls;

export function recordedProtectableItem(): unknown {
  return structuredClone(file.protectableItem);
}
