// Several vaults side by side (issue 16 §3): the first vault (the Connect wizard's, kept under
// 'azureSiteRecovery.connection') and the vaults added beside it, each an own connection (its own
// sign-in: another tenant is possible) kept under 'azureSiteRecovery.connection/<vaultKey>'; the
// list of added vault keys is kept in globalState too. No vscode import: extension.ts hands it the
// real Connection (connection.ts); unit tests a small one.

import type { VaultRef } from '../model/armId';
import { tryParseArmId } from '../model/armId';
import type { SavedConnection } from './connection';
import { vaultKeyOf, vaultKeyOfRef } from './vaultChange';
import * as l10n from '@vscode/l10n';

/** The globalState key of the list of added vault keys. */
export const ADDED_VAULTS_KEY = 'azureSiteRecovery.addedVaults';

/** The globalState key of Add Vault's sign-in to another directory, before its vault is chosen. */
export const PENDING_CONNECTION_KEY = 'azureSiteRecovery.connection/pending';

/** The globalState key an added vault's connection is kept under. */
export function addedConnectionKey(vaultKey: string): string {
  return `azureSiteRecovery.connection/${vaultKey}`;
}

/** The vault key of an ASR resource's ARM id (a job, a protected item): the vault that holds it; undefined when the id names none. */
export function vaultKeyOfResourceId(id: string | undefined): string | undefined {
  const p = tryParseArmId(id);
  const vault = p?.segments[0];
  if (!p?.resourceGroup || !vault || vault.type.toLowerCase() !== 'vaults') return undefined;
  return vaultKeyOfRef({ subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup, vaultName: vault.name });
}

/** What the set needs of a connection (connection.ts's Connection). */
export interface VaultConnection {
  readonly saved: SavedConnection | undefined;
  onDidChange(listener: () => void): { dispose(): void };
  adopt(saved: SavedConnection): Promise<void>;
  signOut(options?: { keepSecret?: boolean }): Promise<void>;
  dispose(): void;
}

/** The part of a Memento the set uses. */
export interface KeyValueState {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** One connected vault: its key and its connection. */
export interface ConnectedVault<C> {
  vaultKey: string;
  connection: C;
}

export class VaultSet<C extends VaultConnection> {
  private readonly added = new Map<string, { connection: C; subscription: { dispose(): void } }>();
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly state: KeyValueState,
    /** The Connect wizard's connection. */
    readonly first: C,
    /** A connection kept under this globalState key. */
    private readonly make: (stateKey: string) => C,
  ) {
    for (const key of state.get<string[]>(ADDED_VAULTS_KEY) ?? []) {
      const connection = make(addedConnectionKey(key));
      // A key whose connection was lost (or names another vault) is dropped, never shown half-made.
      if (vaultKeyOf(connection.saved) === key) this.keep(key, connection);
      else connection.dispose();
    }
  }

  /** Fires when a vault is added or removed, or an added vault's connection changes (the first's has its own onDidChange). */
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Every connected vault: the first (when connected) first, then the added ones by vault name. */
  vaults(): ConnectedVault<C>[] {
    const firstKey = vaultKeyOf(this.first.saved);
    const added = [...this.added.entries()]
      .map(([vaultKey, a]) => ({ vaultKey, connection: a.connection }))
      .filter((v) => v.vaultKey !== firstKey)
      .sort((a, b) => (a.connection.saved?.vault?.vaultName ?? '').localeCompare(b.connection.saved?.vault?.vaultName ?? '', undefined, { sensitivity: 'base' }));
    return [...(firstKey !== undefined ? [{ vaultKey: firstKey, connection: this.first }] : []), ...added];
  }

  /** The added vaults (not the first). */
  addedVaults(): ConnectedVault<C>[] {
    return [...this.added.entries()].map(([vaultKey, a]) => ({ vaultKey, connection: a.connection }));
  }

  /** The connection of a vault (its key as vaultKeyOf gives it); undefined when that vault is not connected. */
  connectionFor(vaultKey: string | undefined): C | undefined {
    if (vaultKey === undefined) return undefined;
    const key = vaultKey.toLowerCase();
    if (vaultKeyOf(this.first.saved) === key) return this.first;
    return this.added.get(key)?.connection;
  }

  /** Whether this vault is connected already (first or added). */
  has(vault: VaultRef): boolean {
    return this.connectionFor(vaultKeyOfRef(vault)) !== undefined;
  }

  /**
   * A connection for Add Vault's sign-in to another directory, kept under a key of its own until
   * the vault is chosen (its sign-in is then adopted by the added vault's connection, and this one
   * signs out keeping the secret).
   */
  pending(): C {
    return this.make(PENDING_CONNECTION_KEY);
  }

  /**
   * Adds a vault beside the first, with a sign-in already validated (the first's, or the pending
   * one's). Refuses a vault already connected. Returns the new connection.
   */
  async add(saved: SavedConnection & { vault: VaultRef }): Promise<C> {
    const key = vaultKeyOfRef(saved.vault);
    if (this.connectionFor(key) !== undefined) throw new Error(l10n.t('The vault {0} is connected already: it shows in the Protection view.', saved.vault.vaultName));
    const connection = this.make(addedConnectionKey(key));
    await connection.adopt(saved);
    this.keep(key, connection);
    await this.saveKeys();
    this.fire();
    return connection;
  }

  /** Removes an added vault: its connection forgets its sign-in (its secret only when no other connection signs in the same way). */
  async remove(vaultKey: string): Promise<void> {
    const key = vaultKey.toLowerCase();
    const entry = this.added.get(key);
    if (!entry) return;
    this.added.delete(key);
    entry.subscription.dispose();
    await this.saveKeys();
    await entry.connection.signOut({ keepSecret: this.signInShared(entry.connection) });
    entry.connection.dispose();
    this.fire();
  }

  /** Removes every added vault (Sign Out). */
  async removeAll(): Promise<void> {
    for (const key of [...this.added.keys()]) await this.remove(key);
  }

  dispose(): void {
    for (const a of this.added.values()) {
      a.subscription.dispose();
      a.connection.dispose();
    }
    this.added.clear();
    this.listeners.clear();
  }

  private keep(key: string, connection: C): void {
    this.added.set(key, { connection, subscription: connection.onDidChange(() => this.fire()) });
  }

  private saveKeys(): PromiseLike<void> {
    return this.state.update(ADDED_VAULTS_KEY, [...this.added.keys()]);
  }

  /** Another connection of the set signs in as the same service principal (its secret is shared). */
  private signInShared(connection: C): boolean {
    const s = connection.saved?.signIn;
    if (s?.kind !== 'servicePrincipal') return false;
    return [this.first, ...[...this.added.values()].map((a) => a.connection)].some((c) => {
      const o = c.saved?.signIn;
      return c !== connection && o?.kind === 'servicePrincipal' && o.tenantId.toLowerCase() === s.tenantId.toLowerCase() && o.clientId.toLowerCase() === s.clientId.toLowerCase();
    });
  }

  private fire(): void {
    for (const l of [...this.listeners]) l();
  }
}
