// The estate the views show: the latest snapshot, the transient states of items an action has
// just started ("Starting test failover…", kept by item id until the job reconciles it), and the
// two kinds of refresh: a full one (PowerShell probes + ASR) and a protection-only one (ASR's
// protected items, one paged list) after an action or when its job ends. Listeners get the keys
// that changed, so views refresh only the affected nodes.

import { setMaxListeners } from 'node:events';
import type { Policy, ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { parseProtectedItemId, type ProtectedItemRef } from '../model/armId';
import { asNumber, readProp, readString } from '../model/wireValues';
import type { VaultContext } from '../services/azure/clients';
import { AzureOperationError } from '../services/azure/errors';
import { listRegisteredHosts } from '../services/azure/providers';
import { listLocations } from '../services/azure/subscriptions';
import { allVms, buildEstateSnapshot, diffSnapshots, findVmByKey, protectionsOf, type EstateSnapshot, type EstateVm, type HostProbe } from '.';
import { changingAfterPatch, changingOf, type ChangingVms } from './changingVms';
import { patchProtectedItems, type ItemUpdate } from './patch';
import type { ChangingCounts } from './poller';
import { hostSourcesOf, interimSnapshot, ProbeStream } from './probeStream';
import { RecoveryPlanList } from './recoveryPlanList';
import { keptOf, readProtectedItem, readProtectedItems, type StoredAsr } from './asrRead';
import { refreshEstate, type AsrLists, type EstateRefreshDeps, type EstateRefreshOptions } from './refresh';

export interface TransientState {
  text: string;
  /** The ASR job behind it, once known. */
  jobName?: string;
  since: number;
}

export interface EstateChange {
  /** Undefined: everything may have changed (first load, vault switched). */
  hostKeys?: string[];
  vmKeys?: string[];
}

type Listener = (change: EstateChange) => void;

/** A transient state older than this is dropped even if no job reconciled it. */
const TRANSIENT_MAX_MS = 5 * 60_000;

/**
 * At most this many changing VMs are re-read per interval, with one GET each (getProtectedItem);
 * more busy VMs than that, with the vault's paged list.
 */
export const REREAD_ONE_BY_ONE_MAX = 20;

/** A VM's protected item as a reference to GET it by; undefined when its id cannot be read. */
function itemRefOf(vm: EstateVm): ProtectedItemRef | undefined {
  const id = vm.protection?.itemId;
  if (id === undefined) return undefined;
  try {
    return parseProtectedItemId(id);
  } catch {
    return undefined;
  }
}

/** Azure answered 404: the item is gone (protection disabled elsewhere). */
function notFound(e: unknown): boolean {
  return e instanceof AzureOperationError && e.statusCode === 404;
}

/** The copy frequency (seconds) of a policy of the list, its fields read through guards; undefined when unknown. */
export function policyIntervalSeconds(policies: readonly Policy[], policyId: string | undefined): number | undefined {
  const id = policyId?.toLowerCase();
  if (!id) return undefined;
  const policy = policies.find((p) => readString(p, 'id')?.toLowerCase() === id);
  const interval = asNumber(readProp(readProp(readProp(policy, 'properties'), 'providerSpecificDetails'), 'replicationInterval'));
  return interval !== undefined && interval > 0 ? interval : undefined;
}

/** Aborts `control` when `signal` aborts (at once when it has already). */
function cancelWith(signal: AbortSignal | undefined, control: AbortController | undefined): void {
  if (!signal || !control) return;
  if (signal.aborted) control.abort(signal.reason);
  else signal.addEventListener('abort', () => control.abort(signal.reason), { once: true });
}

/** Protected items and when they were read: one time for a list, one per item for items re-read one by one (EstateInput.protectedItemsReadAt). */
interface ItemsRead {
  items: ReplicationProtectedItem[];
  readAt: Date | readonly Date[];
}

export class EstateStore {
  private current: EstateSnapshot | undefined;
  private warningsSeen = new Set<string>();
  /** ASR's last successful read (kept when a refresh cannot read ASR): its registered hosts, sites and policies; the snapshot has the VMs' facts (issue 14). */
  private lastAsr: StoredAsr | undefined;
  /** The vault's recovery plans, read with each full refresh (one list) and again after a plan changed. */
  readonly recoveryPlans = new RecoveryPlanList();
  /** The display names of the connected subscription's regions (ARM's locations list), read once per connection. */
  private regions: { subscriptionId: string; displayNames: Map<string, string> } | undefined;
  private readonly transients = new Map<string, TransientState>();
  private readonly listeners = new Set<Listener>();
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  /** Cancel the running refresh and the follow-up queued after it (see refresh). */
  private runningControl: AbortController | undefined;
  private queuedControl: AbortController | undefined;
  /** Raised when the vault is forgotten or the estate cleared: a refresh begun before lands nowhere. */
  private generation = 0;

  constructor(
    private readonly deps: () => Promise<EstateRefreshDeps>,
    private readonly options: () => Omit<EstateRefreshOptions, 'previous'>,
    private readonly onWarning: (text: string) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  get snapshot(): EstateSnapshot | undefined {
    return this.current ?? this.cached?.snapshot;
  }

  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  transientOf(vmKey: string): TransientState | undefined {
    const t = this.transients.get(vmKey);
    if (t && this.now() - t.since > TRANSIENT_MAX_MS) {
      this.transients.delete(vmKey);
      return undefined;
    }
    return t;
  }

  setTransient(vmKey: string, text: string, jobName?: string): void {
    this.transients.set(vmKey, { text, since: this.now(), ...(jobName !== undefined ? { jobName } : {}) });
    this.emit({ vmKeys: [vmKey] });
  }

  clearTransient(vmKey: string): void {
    if (this.transients.delete(vmKey)) this.emit({ vmKeys: [vmKey] });
  }

  /** A job ended: drop the transient state it backed. */
  jobEnded(jobName: string): string[] {
    const keys: string[] = [];
    for (const [key, t] of this.transients) {
      if (t.jobName?.toLowerCase() === jobName.toLowerCase()) {
        this.transients.delete(key);
        keys.push(key);
      }
    }
    return keys;
  }

  /**
   * Full refresh: hosts over PowerShell and ASR. A call while a refresh runs does not reuse it
   * (it may have started before what the caller just changed): calls made meanwhile share one
   * follow-up run. Aborting `signal` (the user's Cancel) stops the running refresh and the
   * follow-up: the PowerShell call and the Azure requests in flight end, the promise rejects and
   * the snapshot stays what it was (with the hosts that had answered already, when the refresh
   * ran long enough to show them: see probeStream.ts).
   */
  refresh(signal?: AbortSignal): Promise<void> {
    if (!this.running) {
      const control = new AbortController();
      // Every host waiting for a PowerShell session of the probe pool (runnerPool.ts) and every
      // list in flight listens to this one signal, each removing its listener when done: hundreds
      // at 200 hosts, not a leak, so no MaxListenersExceededWarning for them.
      setMaxListeners(0, control.signal);
      this.runningControl = control;
      cancelWith(signal, control);
      this.running = this.doRefresh(control.signal).finally(() => {
        this.running = undefined;
        this.runningControl = undefined;
      });
      return this.running;
    }
    if (!this.queued) {
      const control = new AbortController();
      this.queuedControl = control;
      this.queued = this.running
        .catch(() => undefined)
        .then(() => {
          this.queued = undefined;
          this.queuedControl = undefined;
          control.signal.throwIfAborted();
          return this.refresh(control.signal);
        });
    }
    cancelWith(signal, this.runningControl);
    cancelWith(signal, this.queuedControl);
    return this.queued;
  }

  private async doRefresh(signal: AbortSignal): Promise<void> {
    const generation = this.generation;
    const deps = await this.deps();
    // The region names (read once per subscription; never throws) come beside the estate, not after it.
    const regions = deps.vctx ? this.readRegions(deps.vctx) : Promise.resolve();
    // Hosts show as they answer (an interim snapshot at most every 400 ms; see probeStream.ts).
    const previous = this.current;
    const stream = new ProbeStream((probes, sources) => {
      // While the cached estate shows (after a reload, before the first refresh lands), an interim
      // snapshot would know no ASR read yet and turn every VM to "Protection unknown": keep the cache.
      if (generation !== this.generation || signal.aborted || (this.cached && !this.current)) return;
      this.replace(interimSnapshot({ now: new Date(this.now()), previous, probes, sources, asr: this.lastAsr }));
    });
    const { snapshot, warnings, asr } = await refreshEstate(deps, {
      ...this.options(),
      ...(previous ? { previous } : {}),
      ...(this.lastAsr ? { previousAsr: this.lastAsr } : {}),
      signal,
      onHostProbed: stream.add,
    }).finally(() => stream.stop());
    await regions;
    signal.throwIfAborted();
    // Read for a vault (or an estate) forgotten meanwhile: not shown. The refresh asked for since runs after.
    if (generation !== this.generation) return;
    if (asr) this.lastAsr = keptOf(asr);
    if (asr) this.recoveryPlans.set(asr.recoveryPlans);
    for (const w of warnings) {
      if (!this.warningsSeen.has(w)) {
        this.warningsSeen.add(w);
        this.onWarning(w);
      }
    }
    this.replace(snapshot);
  }

  /**
   * Protection-only refresh after an action or a job's end: ASR's protected items and registered
   * hosts (one paged list each), merged with what the last full refresh found on the hosts.
   */
  async refreshProtection(vctx: VaultContext | undefined): Promise<void> {
    const previous = this.current;
    if (!previous || !vctx) {
      // While the cached snapshot shows, the full refresh under way reads protection too: wait for it.
      await (this.cached && this.running ? this.running : this.refresh());
      return;
    }
    const generation = this.generation;
    const [registeredHosts, protectedItems] = await Promise.all([listRegisteredHosts(vctx), readProtectedItems(vctx)]);
    if (generation !== this.generation) return;
    if (this.lastAsr) this.lastAsr = { ...this.lastAsr, registeredHosts };
    this.rereadAt.clear();
    this.rebuildWith(previous, registeredHosts, protectedItems);
  }

  /**
   * The snapshot built again from `previous` (its hosts' probes kept) and these ASR lists; with
   * `carryBut`, `protectedItems` are some items only, and the other protected VMs keep their facts.
   */
  private rebuildWith(previous: EstateSnapshot, registeredHosts: AsrLists['registeredHosts'], protectedItems: ItemsRead, carryBut?: ReadonlySet<string>): void {
    const snapshot = buildEstateSnapshot({
      now: new Date(this.now()),
      hostSources: hostSourcesOf(previous),
      probes: new Map<string, HostProbe>(),
      previous,
      registeredHosts,
      protectedItems: protectedItems.items,
      protectedItemsReadAt: protectedItems.readAt,
      protectables: previous.hosts.flatMap((h) => h.vms.flatMap((v) => (v.protectable ? [v.protectable] : []))),
      ...(carryBut ? { protections: protectionsOf(previous, carryBut) } : {}),
    });
    this.replace(snapshot);
  }

  /**
   * Re-reads the changing VMs (the protection poller): the busy ones, and the replicating ones
   * too when `withReplicating`, one GET each, up to REREAD_ONE_BY_ONE_MAX in all, merged into the
   * snapshot without rebuilding it. When more replicate, those read longest ago go first (the
   * others wait their turn, or the next full re-read). More busy VMs than that, an item gone, or
   * one that cannot be patched in: the protection-only refresh. Resolves true when it read every
   * protected item.
   */
  async refreshChanging(vctx: VaultContext | undefined, withReplicating: boolean): Promise<boolean> {
    const previous = this.current;
    if (!previous || !vctx) return false;
    const { busy, replicating } = this.changingVms();
    const vms = withReplicating ? [...busy, ...this.longestUnread(replicating, REREAD_ONE_BY_ONE_MAX - busy.length)] : busy;
    if (vms.length === 0) return false;
    const refs = vms.map(itemRefOf);
    if (busy.length > REREAD_ONE_BY_ONE_MAX || refs.some((r) => r === undefined)) {
      await this.refreshProtection(vctx);
      return true;
    }
    const generation = this.generation;
    let items: { item: ReplicationProtectedItem; readAt: Date }[];
    try {
      items = await Promise.all(refs.map((ref) => readProtectedItem(vctx, ref!)));
    } catch (e) {
      if (!notFound(e)) throw e;
      await this.refreshProtection(vctx);
      return true;
    }
    if (generation !== this.generation || previous !== this.current) return false;
    const now = this.now();
    for (const vm of vms) this.rereadAt.set(vm.key, now);
    this.mergeItems(
      previous,
      vms.map((vm, i) => ({ vm, ...items[i] })),
    );
    return false;
  }

  /**
   * The copy frequency (seconds) of the replication policy a VM replicates with, from the policies
   * of the last full refresh; undefined when unknown (the tree then says nothing of lateness).
   */
  policyIntervalSeconds(vm: EstateVm): number | undefined {
    return policyIntervalSeconds(this.lastAsr?.policies ?? [], vm.protection?.policyId);
  }

  /** Reads the region display names once per subscription; on a failure the names stay as Azure gives them (read again next time). */
  private async readRegions(vctx: VaultContext): Promise<void> {
    if (this.regions?.subscriptionId === vctx.subscriptionId) return;
    try {
      const locations = await listLocations(vctx);
      this.regions = { subscriptionId: vctx.subscriptionId, displayNames: new Map(locations.map((l) => [l.name.toLowerCase(), l.displayName])) };
    } catch {
      // Not worth a warning: the vault row shows the region's name as Azure gave it.
    }
  }

  /** A region's display name ("West Europe" for "westeurope"), or the name as given while it is not known. */
  regionDisplayName(name: string): string {
    return this.regions?.displayNames.get(name.replace(/\s+/g, '').toLowerCase()) ?? name;
  }

  /**
   * Signed out, or another vault connected: everything read from the vault goes at once (its
   * protected and protectable items, its registered hosts, its policies, the transient states),
   * the hosts and their Hyper-V facts stay, as the last probe found them. A host known only from
   * the vault goes with it. A refresh in flight, which reads the old vault, is not shown.
   */
  forgetVault(): void {
    this.dropCached();
    this.generation++;
    this.lastAsr = undefined;
    this.recoveryPlans.clear();
    this.transients.clear();
    this.followed.clear();
    this.warningsSeen.clear();
    const previous = this.current;
    if (!previous) return;
    this.current = buildEstateSnapshot({
      now: new Date(this.now()),
      // No vault now: every VM's protection is unknown (not "Not protected") until one is read.
      asrRead: 'notConnected',
      hostSources: hostSourcesOf(previous).filter((s) => s.source !== 'vault'),
      probes: new Map<string, HostProbe>(),
      previous,
      registeredHosts: [],
      protectedItems: [],
      protectableItems: [],
    });
    this.emit({});
  }

  /** Drops everything. */
  clear(): void {
    this.generation++;
    this.current = undefined;
    this.cached = undefined;
    this.lastAsr = undefined;
    this.recoveryPlans.clear();
    this.regions = undefined;
    this.transients.clear();
    this.followed.clear();
    this.warningsSeen.clear();
    this.emit({});
  }

  private replace(snapshot: EstateSnapshot): void {
    const previous = this.current;
    this.current = snapshot;
    // A VM whose item now shows its running job no longer needs the transient text (each transient
    // state's VM found by key: a few transient states, not a pass over every VM, on each replace).
    for (const [key, t] of this.transients) {
      const vm = t.jobName ? findVmByKey(snapshot, key) : undefined;
      if (t.jobName && vm?.status.runningJobId?.toLowerCase() === t.jobName.toLowerCase()) this.transients.delete(key);
    }
    if (!previous) {
      this.emit({});
      return;
    }
    const diff = diffSnapshots(previous, snapshot);
    this.emit({ hostKeys: diff.changedHostKeys, vmKeys: diff.changedVmKeys });
  }

  private emit(change: EstateChange): void {
    for (const l of this.listeners) l(change);
  }

  // The snapshot saved before the window reloaded (snapshotCache.ts): shown, marked as cached,
  // until the first refresh lands. It is not the `previous` of that refresh (which reads as after
  // a cold start), and forgetting the vault drops it.
  private cached: { snapshot: EstateSnapshot; savedAt: Date } | undefined;

  /** Shows a saved snapshot until the first refresh lands; false (nothing shown) when a snapshot is already there. */
  showCached(snapshot: EstateSnapshot, savedAt: Date): boolean {
    if (this.current || this.cached) return false;
    this.cached = { snapshot, savedAt };
    // The first snapshot read replaces it (the getter prefers `current`); then it is let go.
    const landed = this.onDidChange(() => {
      if (!this.current) return;
      this.cached = undefined;
      landed.dispose();
    });
    this.emit({});
    return true;
  }

  /** When the snapshot shown was saved, while it is the cached one; undefined once a refresh landed. */
  get cachedAt(): Date | undefined {
    return this.current ? undefined : this.cached?.savedAt;
  }

  /** The snapshot holds what the connected vault said: a refresh read ASR since the vault was chosen. */
  get vaultRead(): boolean {
    return this.lastAsr !== undefined && this.current !== undefined;
  }

  private dropCached(): void {
    if (!this.cached) return;
    this.cached = undefined;
    this.emit({});
  }

  /** Items re-read one by one, put in the snapshot (patched, or rebuilt, the other VMs' facts carried, when a patch cannot be the same). */
  private mergeItems(previous: EstateSnapshot, updates: ItemUpdate[]): void {
    const patched = patchProtectedItems(previous, updates, new Date(this.now()));
    if (patched === 'unchanged') return;
    if (patched === undefined) {
      const [items, readAt, reread] = [updates.map((u) => u.item), updates.map((u) => u.readAt), new Set(updates.map((u) => u.vm.key))];
      if (this.lastAsr) this.rebuildWith(previous, this.lastAsr.registeredHosts, { items, readAt }, reread);
      return;
    }
    this.current = patched.snapshot;
    // The patched VMs as the patch made them (not found by key: a snapshot's key index is a pass over every VM).
    for (const vm of patched.vms) {
      const t = this.transients.get(vm.key);
      if (t?.jobName && vm.status.runningJobId?.toLowerCase() === t.jobName.toLowerCase()) this.transients.delete(vm.key);
    }
    this.changing = this.changing?.snapshot === previous ? changingAfterPatch(this.changing, patched.snapshot, patched.vms, this.followed) : undefined;
    this.emit({ hostKeys: patched.hostKeys, vmKeys: patched.vmKeys });
  }

  /** The current snapshot's changing VMs, found once per snapshot (the poller asks on every change). */
  changingVms(): { busy: readonly EstateVm[]; replicating: readonly EstateVm[] } {
    const snapshot = this.current;
    if (!snapshot) return { busy: [], replicating: [] };
    if (this.changing?.snapshot !== snapshot) {
      this.changing = { snapshot, ...changingOf(allVms(snapshot), this.followed) };
    }
    return this.changing;
  }

  /**
   * A VM whose initial replication someone watches (the Enable Replication run that started it):
   * while it replicates it is re-read with the busy VMs, at the fast interval, not with the other
   * replicating VMs at the slow one, so its percentage moves on the wizard's page, in the tree
   * and in the status bar.
   */
  follow(vmKey: string): void {
    this.followed.add(vmKey);
    this.changing = undefined;
    this.emit({ vmKeys: [vmKey] });
  }

  /** How many VMs change now (ProtectionPoller's `changing`). */
  changingCounts(): ChangingCounts {
    const { busy, replicating } = this.changingVms();
    return { busy: busy.length, replicating: replicating.length };
  }

  /** Up to `count` of these VMs, those re-read one by one longest ago (or never) first. */
  private longestUnread(vms: readonly EstateVm[], count: number): EstateVm[] {
    if (count <= 0) return [];
    if (vms.length <= count) return [...vms];
    return [...vms].sort((a, b) => (this.rereadAt.get(a.key) ?? 0) - (this.rereadAt.get(b.key) ?? 0)).slice(0, count);
  }

  private changing: ChangingVms | undefined;
  /** VMs whose initial replication is watched (follow); forgotten with the vault. */
  private readonly followed = new Set<string>();
  /** When each VM was last re-read one by one (cleared when every item is read). */
  private readonly rereadAt = new Map<string, number>();
}
