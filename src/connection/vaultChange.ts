// What follows a change of the sign-in or of the vault (connection.ts's onDidChange), from Sign
// Out, the Connect wizard or anything else: every view forgets the old vault in the same tick.
// The estate keeps its hosts and their Hyper-V facts and drops what the vault said, the job
// tracker forgets its jobs (the Jobs view empties, the status bar hides), the open wizards that
// work on a vault are closed; then the new vault, if any, is read. No vscode import: extension.ts
// wires it to the real store, tracker and panels; unit and lab tests drive it the same way.

import type { VaultRef } from '../model/armId';
import { RECOVERY_SERVICES_PROVIDER, tryParseArmId } from '../model/armId';
import { equalsIgnoreCase } from '../model/wireValues';
import type { SavedConnection } from './connection';

/** What the views show of the connection. */
export interface SessionState {
  signedIn: boolean;
  /** The connected vault (subscription, resource group and name, lowercased); undefined when none. */
  vaultKey: string | undefined;
  vaultName?: string;
}

/** The one key of a saved vault: two saves name the same vault when their keys are equal. */
export function vaultKeyOf(saved: SavedConnection | undefined): string | undefined {
  const v = saved?.vault;
  return v ? vaultKeyOfRef(v) : undefined;
}

/** The vault key ("subscription/resource group/vault", lowercased) of a vault reference. */
export function vaultKeyOfRef(ref: VaultRef): string {
  return `${ref.subscriptionId}/${ref.resourceGroup}/${ref.vaultName}`.toLowerCase();
}

/** The vault key ("subscription/resource group/vault") an ASR resource id belongs to; undefined when the id is not of a vault. */
export function vaultKeyOfArmId(armId: string | undefined): string | undefined {
  const p = tryParseArmId(armId);
  const vault = p?.segments[0];
  if (!p || p.resourceGroup === undefined || !equalsIgnoreCase(p.provider, RECOVERY_SERVICES_PROVIDER) || !equalsIgnoreCase(vault?.type, 'vaults') || !vault) return undefined;
  return vaultKeyOfRef({ subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup, vaultName: vault.name });
}

export function sessionStateOf(saved: SavedConnection | undefined): SessionState {
  const vaultKey = vaultKeyOf(saved);
  const vaultName = saved?.vault?.vaultName;
  return { signedIn: saved !== undefined, vaultKey, ...(vaultName !== undefined ? { vaultName } : {}) };
}

/** The parts a change of vault reaches (estate/store.ts, jobs/jobTracker.ts, the panels, the context keys). */
export interface VaultChangeParts {
  estate: { forgetVault(): void; refresh(): Promise<void> };
  jobs: { forget(): void; start(): void; stop(): void; refreshNow(): Promise<void> };
  /** The context keys and the views that read the connection itself (the Protection tree's vault row). */
  showSession(state: SessionState): void;
  /** Closes the open wizards that work on a vault, so none acts on a vault no longer connected. */
  closeVaultWizards(previous: SessionState): void;
  log(line: string): void;
}

/**
 * The listener for the connection's changes. `read` is the connection now; the first state is
 * read at once (what activation shows). A change that keeps the vault (the cloud settings reset
 * the credential, a sign-in with no vault before) only updates the context keys; a change of
 * vault (signed out, signed in again, another vault chosen) forgets the old one everywhere
 * before anything awaits, then polls the new vault's jobs and reads its estate.
 */
export function followVaultChanges(read: () => SessionState, parts: VaultChangeParts): () => void {
  let shown = read();
  return () => {
    const previous = shown;
    const next = read();
    shown = next;
    const vaultChanged = next.vaultKey !== previous.vaultKey;
    if (vaultChanged) {
      parts.estate.forgetVault();
      parts.jobs.forget();
      if (previous.vaultKey !== undefined) parts.closeVaultWizards(previous);
    }
    parts.showSession(next);
    if (!vaultChanged) return;
    if (next.vaultKey === undefined) {
      parts.jobs.stop();
      return;
    }
    parts.jobs.start();
    void parts.jobs.refreshNow();
    // In the background: a failure is logged (the views say what they could not read), never unhandled.
    parts.estate.refresh().catch((e: unknown) => parts.log(`Reading the vault ${next.vaultName ?? ''} failed: ${e instanceof Error ? e.message : String(e)}`));
  };
}
