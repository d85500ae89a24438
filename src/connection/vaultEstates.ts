// The estate of each connected vault (issue 16 §3): the first vault keeps the extension's store
// (settings hosts, the local machine, Active Directory); each added vault gets a store of its own,
// whose hosts are only the hosts registered in that vault, read from that vault's ASR. Follows the
// vault set: a vault added gets its store and is read; a vault removed loses it. No vscode import.

import type { ConnectedVault, VaultConnection, VaultSet } from './vaultSet';
import { vaultKeyOf } from './vaultChange';

/** What this module needs of an estate store (estate/store.ts). */
export interface VaultStore {
  refresh(): Promise<void>;
  clear(): void;
}

/** An added vault with its own store. */
export interface AddedVaultEstate<C, S> extends ConnectedVault<C> {
  store: S;
}

export class VaultEstates<C extends VaultConnection, S extends VaultStore> {
  private readonly stores = new Map<string, S>();
  private readonly listeners = new Set<() => void>();
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly set: VaultSet<C>,
    /** The first vault's store (the extension's). */
    readonly firstStore: S,
    /** A store reading this added vault's connection. */
    private readonly make: (connection: C) => S,
    private readonly log: (line: string) => void,
  ) {
    this.subscription = set.onDidChange(() => this.sync());
    this.sync();
  }

  /** Fires when an added vault gets or loses its store (the tree's vault rows change). */
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The store of a connected vault: the first store for the first vault (or no key), the own store of an added one. */
  storeFor(vaultKey: string | undefined): S | undefined {
    if (vaultKey === undefined || vaultKey === vaultKeyOf(this.set.first.saved)) return this.firstStore;
    return this.stores.get(vaultKey.toLowerCase());
  }

  /** The added vaults, in the order the tree shows them (by name), each with its store. */
  added(): AddedVaultEstate<C, S>[] {
    return this.set
      .vaults()
      .filter((v) => v.connection !== this.set.first)
      .flatMap((v) => {
        const store = this.stores.get(v.vaultKey);
        return store ? [{ ...v, store }] : [];
      });
  }

  /** Reads every added vault again (Refresh). */
  async refreshAdded(): Promise<void> {
    await Promise.all([...this.stores.values()].map((s) => s.refresh()));
  }

  dispose(): void {
    this.subscription.dispose();
    for (const s of this.stores.values()) s.clear();
    this.stores.clear();
    this.listeners.clear();
  }

  private sync(): void {
    const wanted = new Map(this.set.addedVaults().map((v) => [v.vaultKey, v.connection]));
    let changed = false;
    for (const [key, store] of this.stores) {
      if (wanted.has(key)) continue;
      store.clear();
      this.stores.delete(key);
      changed = true;
    }
    for (const [key, connection] of wanted) {
      if (this.stores.has(key)) continue;
      const store = this.make(connection);
      this.stores.set(key, store);
      changed = true;
      // In the background: a failure is logged (the vault's row says what it could not read), never unhandled.
      store.refresh().catch((e: unknown) => this.log(`Reading the vault ${connection.saved?.vault?.vaultName ?? key} failed: ${e instanceof Error ? e.message : String(e)}`));
    }
    if (changed) for (const l of [...this.listeners]) l();
  }
}
