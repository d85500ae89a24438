// Which connected vault a command acts on (issue 16 §3): the vault of the node it was run from
// (its vault key), of the job it names, or, from the palette with several vaults connected, the one
// the user picks. No vscode import (the quick pick is handed in), so unit tests can fake the pick.

import * as l10n from '@vscode/l10n';
import { vaultKeyOf } from '../connection/vaultChange';
import { NotSignedInError } from '../services/azure/errors';
import { commandIds } from '../tree/presentation';
import type { CommandContext } from './context';

/**
 * The command context acting on a connected vault (issue 16 §3): its connection and its estate
 * store; the context as it is for the first vault. A vault no longer connected (removed while its
 * node was shown) is refused: a command never falls back to another vault.
 */
export function contextForVault(ctx: CommandContext, vaultKey: string): CommandContext {
  const connection = ctx.vaults.connectionFor(vaultKey);
  const store = ctx.vaultEstates.storeFor(vaultKey);
  if (!connection || !store) throw new NotSignedInError(l10n.t('This vault is no longer connected. Add it again with "Add Vault", or refresh the view.'));
  return connection === ctx.connection ? ctx : { ...ctx, connection, store };
}

/** The command context acting on the vault a job belongs to (the Jobs view's Cancel, Restart, Resume); the first vault's for a job not listed yet. */
export function contextForJob(ctx: CommandContext, jobName: string): CommandContext {
  const vaultKey = ctx.vaultJobs.vaultKeyOf(jobName);
  return vaultKey === undefined ? ctx : contextForVault(ctx, vaultKey);
}

/** The vault a tree node (or a command argument shaped like one) belongs to: its vaultKey; undefined for the first vault's nodes. */
export function vaultKeyOfArgument(arg: unknown): string | undefined {
  const key: unknown = typeof arg === 'object' && arg !== null ? Reflect.get(arg, 'vaultKey') : undefined;
  return typeof key === 'string' ? key : undefined;
}

/** The command context acting on the vault of the node a command was run from (the context as it is for the first vault's nodes). */
export function contextForNode(ctx: CommandContext, arg: unknown): CommandContext {
  const vaultKey = vaultKeyOfArgument(arg);
  return vaultKey === undefined ? ctx : contextForVault(ctx, vaultKey);
}

/** The commands that act on one vault: from the palette (no node) with several vaults connected, the user picks the vault first. */
const vaultCommands: ReadonlySet<string> = new Set<string>([
  commandIds.enableReplication,
  commandIds.failover,
  commandIds.testFailover,
  commandIds.cleanupTestFailover,
  commandIds.runDrill,
  commandIds.plannedFailover,
  commandIds.unplannedFailover,
  commandIds.commitFailover,
  commandIds.failback,
  commandIds.reverseReplication,
  commandIds.disableReplication,
  commandIds.openInPortal,
  commandIds.computeAndNetwork,
  // Recovery plans: each vault lists its own (issue 16 §3); the plan is picked after the vault.
  commandIds.createRecoveryPlan,
  commandIds.editRecoveryPlan,
  commandIds.deleteRecoveryPlan,
  commandIds.testFailoverRecoveryPlan,
  commandIds.cleanupTestFailoverRecoveryPlan,
  commandIds.plannedFailoverRecoveryPlan,
  commandIds.unplannedFailoverRecoveryPlan,
  commandIds.commitRecoveryPlan,
  commandIds.failbackRecoveryPlan,
  commandIds.reverseReplicationRecoveryPlan,
]);

/**
 * The argument names a node (a VM, host, vault or plan node), or a VM or plan as a next step names
 * it (`{ vmKey }`, `{ planName }`, with the vault key of an added vault): the command acts where it is.
 */
function namesNode(arg: unknown): boolean {
  return typeof arg === 'object' && arg !== null && ['kind', 'vmKey', 'planName'].some((k) => typeof Reflect.get(arg, k) === 'string');
}

/** A vault offered by the palette's "Which vault?" pick. */
export interface VaultPickItem {
  label: string;
  description: string;
  vaultKey: string;
}

/** The quick pick (vscode.window.showQuickPick; a fake in tests): the item picked, undefined when dismissed. */
export type VaultPick = (items: VaultPickItem[], options: { title: string; placeHolder: string }) => Thenable<VaultPickItem | undefined>;

/**
 * The context a command runs with: the vault of its node; from the palette, with several vaults
 * connected, the vault the user picks (undefined when the pick is dismissed); else as it is.
 */
export async function contextForCommand(ctx: CommandContext, commandId: string, arg: unknown, pick: VaultPick): Promise<CommandContext | undefined> {
  if (vaultKeyOfArgument(arg) !== undefined || namesNode(arg) || !vaultCommands.has(commandId)) return contextForNode(ctx, arg);
  const vaults = ctx.vaults.vaults();
  if (vaults.length <= 1) return ctx;
  const picked = await pick(
    vaults.map((v) => {
      const vault = v.connection.saved?.vault;
      return { label: vault?.vaultName ?? v.vaultKey, description: vault ? `${vault.resourceGroup} · ${vault.subscriptionId}` : '', vaultKey: v.vaultKey };
    }),
    { title: l10n.t('Which vault?'), placeHolder: l10n.t('Several vaults are connected: pick the one to act on') },
  );
  return picked ? contextForVault(ctx, picked.vaultKey) : undefined;
}

/** The key of the vault a context acts on when it is an added vault; undefined for the first vault's (its nodes carry no key). */
export function addedVaultKeyOf(ctx: CommandContext): string | undefined {
  return ctx.connection === ctx.vaults.first ? undefined : vaultKeyOf(ctx.connection.saved);
}

/** A node argument for the next step of an action run in this context: the VM's key, and its vault's when it is an added vault. */
export function nodeArgument(ctx: CommandContext, vmKey: string): { vmKey: string; vaultKey?: string } {
  const vaultKey = addedVaultKeyOf(ctx);
  return vaultKey === undefined ? { vmKey } : { vmKey, vaultKey };
}
