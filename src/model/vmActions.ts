// Which actions a VM allows, driven by ASR's allowedOperations (so a button shows only when Azure
// would accept the action), plus tree contextValue tokens and human-readable refusals.

import { messages } from './messages';
import type { ProtectedItemLike } from './protectedItem';
import type { ProtectionKind } from './protectionStatus';
import { deriveProtectionStatus } from './protectionStatus';
import { asStrings, equalsIgnoreCase, readProp } from './wireValues';

/** Stable order: the order menus and contextValue tokens use. */
export const vmActions = [
  'enableProtection',
  'testFailover',
  'testFailoverCleanup',
  'plannedFailover',
  'unplannedFailover',
  'commit',
  'failback',
  'reverseReplication',
  'disableProtection',
] as const;

export type VmAction = (typeof vmActions)[number];

/** ASR's KnownReplicationProtectedItemOperation values. */
export const asrOperations = [
  'ReverseReplicate',
  'Commit',
  'PlannedFailover',
  'UnplannedFailover',
  'DisableProtection',
  'TestFailover',
  'TestFailoverCleanup',
  'Failback',
  'FinalizeFailback',
  'CancelFailover',
  'ChangePit',
  'RepairReplication',
  'SwitchProtection',
  'CompleteMigration',
] as const;

export type AsrOperation = (typeof asrOperations)[number];

/** The ASR operations that permit each action (any one of them is enough). */
const operationsForAction: Readonly<Record<Exclude<VmAction, 'enableProtection'>, readonly AsrOperation[]>> = {
  testFailover: ['TestFailover'],
  testFailoverCleanup: ['TestFailoverCleanup'],
  plannedFailover: ['PlannedFailover'],
  unplannedFailover: ['UnplannedFailover'],
  commit: ['Commit', 'FinalizeFailback'],
  failback: ['Failback'],
  reverseReplication: ['ReverseReplicate'],
  disableProtection: ['DisableProtection'],
};

export function isVmAction(value: string): value is VmAction {
  return (vmActions as readonly string[]).includes(value);
}

/** The VM action an ASR allowed operation enables, or undefined for operations the extension does not offer. */
export function actionForAsrOperation(operation: string): VmAction | undefined {
  return actionByOperation.get(operation.toLowerCase());
}

/** operationsForAction the other way, by lower-case operation (the first action in vmActions order): one look-up per operation of every protected item of a snapshot. */
const actionByOperation: ReadonlyMap<string, VmAction> = (() => {
  const byOperation = new Map<string, VmAction>();
  for (const action of vmActions) {
    if (action === 'enableProtection') continue;
    for (const op of operationsForAction[action]) {
      if (!byOperation.has(op.toLowerCase())) byOperation.set(op.toLowerCase(), action);
    }
  }
  return byOperation;
})();

/** ASR's allowedOperations of an item, read through a guard (entries that are not text are left out). */
function allowedOperations(item: ProtectedItemLike): readonly string[] {
  return asStrings(readProp(readProp(item, 'properties'), 'allowedOperations')) ?? [];
}

/**
 * The ASR operation an action stands for on this item: commit is "Commit" after a failover and
 * "FinalizeFailback" after a failback. Undefined for enableProtection (it creates the item).
 */
export function asrOperationFor(action: VmAction, item?: ProtectedItemLike): AsrOperation | undefined {
  if (action === 'enableProtection') {
    return undefined;
  }
  const candidates = operationsForAction[action];
  const ops = item ? allowedOperations(item) : [];
  return candidates.find((c) => ops.some((op) => equalsIgnoreCase(op, c))) ?? candidates[0];
}

/** The actions a VM allows now, in stable order. Without a protected item only enableProtection. */
export function allowedActions(item: ProtectedItemLike | undefined): VmAction[] {
  if (item === undefined) {
    return ['enableProtection'];
  }
  const allowed = new Set<VmAction>();
  for (const op of allowedOperations(item)) {
    const action = actionForAsrOperation(op);
    if (action !== undefined) {
      allowed.add(action);
    }
  }
  return vmActions.filter((a) => allowed.has(a));
}

export function isActionAllowed(item: ProtectedItemLike | undefined, action: VmAction): boolean {
  return allowedActions(item).includes(action);
}

export type ActionCheck = { allowed: true } | { allowed: false; reason: string };

/** Whether `action` may run on the VM now, and if not, a sentence saying why and what to do. */
export function checkAction(item: ProtectedItemLike | undefined, action: VmAction, vmName: string): ActionCheck {
  if (isActionAllowed(item, action)) {
    return { allowed: true };
  }
  const status = deriveProtectionStatus(item);
  return { allowed: false, reason: messages.actions.refusal(action, vmName, status.kind, status.summary) };
}

/** "protected", "testFailoverCleanupPending", ... */
export function kindToken(kind: ProtectionKind): string {
  return kind.charAt(0).toLowerCase() + kind.slice(1);
}

/** Tokens for a VM tree item's contextValue from its kind and allowed actions: ['vm', <kind token>, ...actions], deduplicated. */
export function vmContextTokens(kind: ProtectionKind, actions: readonly VmAction[]): string[] {
  return [...new Set(['vm', kindToken(kind), ...actions])];
}

/** Tokens for a tree item's contextValue: ['vm', <kind token>, ...allowed actions], deduplicated. */
export function contextValueTokens(item: ProtectedItemLike | undefined): string[] {
  return vmContextTokens(deriveProtectionStatus(item).kind, allowedActions(item));
}

/** contextValue string for a VM tree item, e.g. "vm;protected;testFailover;plannedFailover". */
export function vmContextValue(item: ProtectedItemLike | undefined): string {
  return contextValueTokens(item).join(';');
}

/** Human name of an action ("Test failover", "Clean up test failover", ...). */
export function actionTitle(action: VmAction): string {
  return messages.actions.title[action];
}
