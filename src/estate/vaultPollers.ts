// One protection poller per connected vault (issue 16 §3): the first vault's store and each added
// vault's store re-read their own changing VMs (busy ones at the jobs' fast interval, replicating
// ones at the idle interval, every item at the full interval) through their own vault's
// connection, so an added vault's replication percentage rises without a Refresh. Follows the
// vault set: a poller per store, made when a vault is added and disposed when it is removed. No
// vscode import; extension.ts wires it.

import type { VaultContext } from '../services/azure/clients';
import { ProtectionPoller, type ChangingCounts, type ProtectionPollerOptions } from './poller';

/** What a poller needs of an estate store (estate/store.ts). */
export interface PolledStore {
  readonly snapshot: unknown;
  changingCounts(): ChangingCounts;
  refreshChanging(vctx: VaultContext | undefined, withReplicating: boolean): Promise<boolean>;
  refreshProtection(vctx: VaultContext | undefined): Promise<void>;
  onDidChange(listener: () => void): { dispose(): void };
}

/** A connected vault's store and the connection it reads through. */
export interface PolledVault<S extends PolledStore> {
  key: string;
  store: S;
  connection: { vaultContext(): Promise<VaultContext | undefined> };
}

/** The poller's intervals (and, in tests, its clock and timers). */
export type PollIntervals = Pick<ProtectionPollerOptions, 'busyIntervalMs' | 'replicatingIntervalMs' | 'fullIntervalMs' | 'now' | 'setTimer' | 'clearTimer'>;

/** The poller of one vault's store, poked when its estate changes. */
export function pollerFor(store: PolledStore, connection: PolledVault<PolledStore>['connection'], intervals: PollIntervals): { poller: ProtectionPoller; dispose(): void } {
  const poller = new ProtectionPoller({
    ...intervals,
    changing: () => store.changingCounts(),
    reread: async (withReplicating) => store.refreshChanging(await connection.vaultContext(), withReplicating),
    refreshAll: async () => {
      const vctx = await connection.vaultContext();
      if (vctx && store.snapshot) await store.refreshProtection(vctx);
    },
  });
  const subscription = store.onDidChange(() => poller.poke());
  return {
    poller,
    dispose: () => {
      subscription.dispose();
      poller.dispose();
    },
  };
}

/** The pollers of the added vaults, kept in step with `vaults()` by `sync()`. */
export class AddedVaultPollers<S extends PolledStore> {
  private readonly pollers = new Map<string, { store: S; poller: ProtectionPoller; dispose(): void }>();
  private focused = true;

  constructor(
    private readonly vaults: () => PolledVault<S>[],
    private readonly intervals: PollIntervals,
  ) {
    this.sync();
  }

  /** Makes a poller for each added vault that has none, and disposes those of removed vaults (or of a store replaced). */
  sync(): void {
    const wanted = new Map(this.vaults().map((v) => [v.key, v]));
    for (const [key, p] of this.pollers) {
      if (wanted.get(key)?.store === p.store) continue;
      p.dispose();
      this.pollers.delete(key);
    }
    for (const [key, v] of wanted) {
      if (this.pollers.has(key)) continue;
      const p = pollerFor(v.store, v.connection, this.intervals);
      p.poller.setFocused(this.focused);
      this.pollers.set(key, { store: v.store, ...p });
    }
  }

  setFocused(focused: boolean): void {
    this.focused = focused;
    for (const p of this.pollers.values()) p.poller.setFocused(focused);
  }

  /** How many added vaults are polled (for tests). */
  get size(): number {
    return this.pollers.size;
  }

  dispose(): void {
    for (const p of this.pollers.values()) p.dispose();
    this.pollers.clear();
  }
}
