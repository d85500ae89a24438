// The Protection view: vault → Hyper-V site → host → VM, read from the estate store. Refreshes
// only the nodes whose data changed; keeps transient states ("Starting test failover…") by id.
// Several vaults (issue 16 §3): the vaults added beside the first follow its row, each read from
// its own store (its sites and its Recovery Plans); their nodes carry their vault key, and their
// ids are prefixed with it.

import * as vscode from 'vscode';
import { findHostByKey, findVmByKey, vmIndex, type EstateHost, type EstateSnapshot, type EstateVm } from '../estate';
import type { EstateChange, EstateStore } from '../estate/store';
import { portalUrlForResource, type AzureCloud } from '../services/azure/cloud';
import { withCachedMark, withoutCachedActions } from './presentCached';
import { hostNotes, presentHost, presentMessage, presentSite, presentVault, presentVm, withTransient } from './presentation';
import { countRecovery, recoveryCountsText, type RecoveryTargets } from './presentRecovery';
import { short } from './presentShort';
import { toTreeItem } from './treeItem';
import type { ReadinessSource } from '../model/readiness';
import { notReadyCountText, withReadiness } from '../readiness/presentReadiness';
import { planChildren, planNodeId, planParent, planTreeItem, type PlanNode, type PlanNodeSource } from './planNodes';
import { scoped } from './nodeIds';

/** `vaultKey`: the added vault the node belongs to (connection/vaultSet.ts); absent for the first vault's. */
export type ProtectionNode =
  | { kind: 'vault'; vaultKey?: string }
  | { kind: 'site'; name: string; vaultKey?: string }
  | { kind: 'host'; hostKey: string; siteName: string; vaultKey?: string }
  | { kind: 'vm'; vmKey: string; hostKey: string; siteName: string; vaultKey?: string }
  | { kind: 'message'; id: string; text: string; iconId: string; tooltip?: string; command?: string }
  | PlanNode;

const NOT_REGISTERED = '';

/** A vault added beside the first, with its own store (connection/vaultEstates.ts). */
export interface AddedVaultRow {
  vaultKey: string;
  store: EstateStore;
  vault: { name: string; location: string; resourceGroup: string };
  /** The vault's recovery plans, from its own store (a "Recovery Plans" row under it, after its sites). */
  plans?: PlanNodeSource;
}

/** The added vault a node belongs to; undefined for the first vault's (and for messages). */
export function vaultKeyOfNode(node: ProtectionNode | undefined): string | undefined {
  return node !== undefined && 'vaultKey' in node ? node.vaultKey : undefined;
}

export interface ProtectionTreeDeps {
  store: EstateStore;
  vault: () => { name: string; location: string; resourceGroup: string } | undefined;
  cloud: () => AzureCloud | undefined;
  /** The directory (tenant) for portal links, when known without a request (services/azure/portalTenant.ts). */
  tenant?: () => string | undefined;
  policyIntervalSeconds?: (vm: EstateVm) => number | undefined;
  /** The RPO target and drill interval settings (absent: no RPO or drill facts shown). */
  recoveryTargets?: () => RecoveryTargets;
  /** Each protected VM's failover readiness (src/readiness/): a tooltip section, and counts on host and vault rows. */
  readiness?: ReadinessSource;
  /** The vaults added beside the first (issue 16 §3), shown after it by name; absent: the first vault only. */
  addedVaults?: { list(): readonly AddedVaultRow[]; onDidChange(listener: () => void): { dispose(): void } };
  /** The first vault's recovery plans (a "Recovery Plans" row under it, after its sites; an added vault's come with its row). */
  plans?: PlanNodeSource;
}

export class ProtectionTree implements vscode.TreeDataProvider<ProtectionNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ProtectionNode | ProtectionNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new Map<string, ProtectionNode>();
  private readonly subscription: { dispose(): void };
  private readonly readinessSubscription: { dispose(): void } | undefined;
  private readonly addedSubscription: { dispose(): void } | undefined;
  private readonly plansSubscription: { dispose(): void } | undefined;
  /** The added vaults' store (and plan list) listeners, by vault key. */
  private readonly addedStoreSubscriptions = new Map<string, { dispose(): void }>();

  constructor(private readonly deps: ProtectionTreeDeps) {
    this.readinessSubscription = deps.readiness?.onDidChange((vmKeys) => this.readinessChanged(vmKeys));
    // The plans changed: their row and what is under it (the row not shown yet: the vault's children).
    this.plansSubscription = deps.plans?.onDidChange?.(() => this.plansChanged(undefined));
    this.subscription = deps.store.onDidChange((change) => this.storeChanged(undefined, change));
    this.addedSubscription = deps.addedVaults?.onDidChange(() => this.followAddedStores());
    this.followAddedStores();
  }

  /** A store changed: the rows of its changed hosts and VMs (and the counts they change), or everything when new nodes appear. */
  private storeChanged(vaultKey: string | undefined, change: EstateChange): void {
    if (!change.hostKeys && !change.vmKeys) {
      this.changed.fire(undefined);
      return;
    }
    const ids = [
      ...(change.vmKeys ?? []).map((k) => scoped(vaultKey, `vm:${k}`)),
      ...(change.hostKeys ?? []).map((k) => scoped(vaultKey, `host:${k}`)),
      ...this.recountedRows(vaultKey, change.vmKeys ?? []),
    ];
    const targets = ids.map((id) => this.nodes.get(id));
    // A node not shown yet (a new host or VM): the structure changed, refresh from the root.
    if (targets.some((n) => n === undefined)) this.changed.fire(undefined);
    else if (targets.length > 0) this.changed.fire(targets as ProtectionNode[]);
  }

  /** A vault added or removed: listen to the stores of the vaults shown now, and show the rows again. */
  private followAddedStores(): void {
    const rows = this.deps.addedVaults?.list() ?? [];
    const keys = new Set(rows.map((r) => r.vaultKey));
    for (const [key, sub] of this.addedStoreSubscriptions) {
      if (keys.has(key)) continue;
      sub.dispose();
      this.addedStoreSubscriptions.delete(key);
    }
    for (const row of rows) {
      if (this.addedStoreSubscriptions.has(row.vaultKey)) continue;
      const store = row.store.onDidChange((c) => this.storeChanged(row.vaultKey, c));
      const plans = row.plans?.onDidChange?.(() => this.plansChanged(row.vaultKey));
      this.addedStoreSubscriptions.set(row.vaultKey, {
        dispose: () => {
          store.dispose();
          plans?.dispose();
        },
      });
    }
    this.changed.fire(undefined);
  }

  /** A vault's plans changed: their row and what is under it (the row not shown yet: the vault's children). */
  private plansChanged(vaultKey: string | undefined): void {
    this.changed.fire(this.nodes.get(scoped(vaultKey, 'plans')) ?? this.nodes.get(scoped(vaultKey, 'vault')));
  }

  /** The recovery plans a vault's nodes read: the first vault's as the deps say, an added vault's from its row. */
  private plansOf(vaultKey: string | undefined): PlanNodeSource | undefined {
    return vaultKey === undefined ? this.deps.plans : this.addedRow(vaultKey)?.plans;
  }

  private addedRow(vaultKey: string): AddedVaultRow | undefined {
    return this.deps.addedVaults?.list().find((r) => r.vaultKey === vaultKey);
  }

  /** The store a node reads: its added vault's, else the first vault's. */
  private storeOf(vaultKey: string | undefined): EstateStore | undefined {
    return vaultKey === undefined ? this.deps.store : this.addedRow(vaultKey)?.store;
  }

  private node<T extends ProtectionNode>(id: string, make: () => T): T {
    const existing = this.nodes.get(id) as T | undefined;
    if (existing) return existing;
    const n = make();
    this.nodes.set(id, n);
    return n;
  }

  private snapshotOf(vaultKey: string | undefined): EstateSnapshot | undefined {
    return this.storeOf(vaultKey)?.snapshot;
  }

  private siteOf(host: EstateHost): string {
    return host.provider.registered && host.provider.fabricName ? host.provider.fabricName : NOT_REGISTERED;
  }

  getChildren(element?: ProtectionNode): ProtectionNode[] {
    const vaultKey = vaultKeyOfNode(element);
    const snapshot = this.snapshotOf(vaultKey);
    if (!element) {
      if (this.deps.vault()) {
        const added = (this.deps.addedVaults?.list() ?? []).map((r) => this.node(scoped(r.vaultKey, 'vault'), () => ({ kind: 'vault' as const, vaultKey: r.vaultKey })));
        return [this.node('vault', () => ({ kind: 'vault' })), ...added];
      }
      if (!snapshot || snapshot.hosts.length === 0) return [];
      // Hosts show before a vault is chosen; the first row says how to see their protection.
      const connect: ProtectionNode = { kind: 'message', id: 'connect', text: vscode.l10n.t('Connect to a vault…'), iconId: 'plug', command: 'azureSiteRecovery.connect' };
      return [connect, ...this.hostNodes(snapshot.hosts, NOT_REGISTERED)];
    }
    if (!snapshot) return [];
    const inVault = vaultKey === undefined ? {} : { vaultKey };
    switch (element.kind) {
      case 'vault': {
        const sites = [...new Set(snapshot.hosts.map((h) => this.siteOf(h)))].sort((a, b) => (a === NOT_REGISTERED ? 1 : b === NOT_REGISTERED ? -1 : a.localeCompare(b)));
        const siteNodes = sites.map((name): ProtectionNode => this.node(scoped(vaultKey, `site:${name}`), () => ({ kind: 'site', name, ...inVault })));
        // Each vault's recovery plans, from its own store, after its sites.
        return this.plansOf(vaultKey) ? [...siteNodes, this.node(scoped(vaultKey, 'plans'), () => ({ kind: 'plans' as const, ...inVault }))] : siteNodes;
      }
      case 'plans':
      case 'plan':
      case 'planGroup': {
        const plans = this.plansOf(vaultKey);
        return plans ? planChildren(plans, element).map((n) => this.node(planNodeId(n), () => n)) : [];
      }
      case 'site':
        return this.hostNodes(
          snapshot.hosts.filter((h) => this.siteOf(h) === element.name),
          element.name,
          vaultKey,
        );
      case 'host': {
        const host = findHostByKey(snapshot, element.hostKey);
        if (!host) return [];
        const vms = host.vms.map((vm) =>
          this.node(scoped(vaultKey, `vm:${vm.key}`), () => ({ kind: 'vm' as const, vmKey: vm.key, hostKey: host.key, siteName: element.siteName, ...inVault })),
        );
        const notes = hostNotes(host).map((n): ProtectionNode => ({ kind: 'message', ...n, id: scoped(vaultKey, n.id) }));
        return [...notes, ...vms];
      }
      default:
        return [];
    }
  }

  private hostNodes(hosts: EstateHost[], siteName: string, vaultKey?: string): ProtectionNode[] {
    return hosts.map((h) =>
      this.node(scoped(vaultKey, `host:${h.key}`), () => ({ kind: 'host' as const, hostKey: h.key, siteName, ...(vaultKey === undefined ? {} : { vaultKey }) })),
    );
  }

  getParent(element: ProtectionNode): ProtectionNode | undefined {
    if (element.kind === 'message') return undefined;
    if (element.kind === 'plans') return this.nodes.get(scoped(element.vaultKey, 'vault'));
    if (element.kind === 'plan' || element.kind === 'planGroup' || element.kind === 'planItem') {
      const parent = planParent(element);
      return parent ? this.nodes.get(planNodeId(parent)) : undefined;
    }
    const id = (local: string): string => scoped(element.vaultKey, local);
    if (element.kind === 'vm') return this.nodes.get(id(`host:${element.hostKey}`));
    if (element.kind === 'host') return this.deps.vault() ? this.nodes.get(id(`site:${element.siteName}`)) : undefined;
    if (element.kind === 'site') return this.nodes.get(id('vault'));
    return undefined;
  }

  getTreeItem(element: ProtectionNode): vscode.TreeItem {
    const item = this.treeItemOf(element);
    // An added vault's rows: ids of their own (two vaults may have a site, or a VM, of the same name).
    const vaultKey = vaultKeyOfNode(element);
    if (vaultKey !== undefined && item.id !== undefined) item.id = scoped(vaultKey, item.id);
    return item;
  }

  private treeItemOf(element: ProtectionNode): vscode.TreeItem {
    const vaultKey = vaultKeyOfNode(element);
    const snapshot = this.snapshotOf(vaultKey);
    const store = this.storeOf(vaultKey);
    try {
      switch (element.kind) {
        case 'vault': {
          const v = vaultKey === undefined ? this.deps.vault() : this.addedRow(vaultKey)?.vault;
          // The region as the portal names it ("West Europe"), from ARM's locations list (read once per connection).
          const location = store?.regionDisplayName(v?.location ?? '') ?? v?.location ?? '';
          const note = this.recoveryNote(vaultKey, snapshot ? [...vmIndex(snapshot).values()] : []);
          this.shownNotes.set(scoped(vaultKey, 'vault'), note);
          const model = presentVault({ name: v?.name ?? '', location, resourceGroup: v?.resourceGroup ?? '' }, note);
          const cachedAt = store?.cachedAt;
          return toTreeItem(cachedAt ? withCachedMark(model, cachedAt, new Date()) : model);
        }
        case 'site': {
          const count = snapshot?.hosts.filter((h) => this.siteOf(h) === element.name).length ?? 0;
          if (element.name !== NOT_REGISTERED) return toTreeItem(presentSite({ name: element.name, hostCount: count }));
          return toTreeItem(presentSite({ name: short.unregisteredHosts, hostCount: count, kind: vscode.l10n.t('Hosts not registered in the vault') }));
        }
        case 'host': {
          const host = snapshot ? findHostByKey(snapshot, element.hostKey) : undefined;
          if (!host) return new vscode.TreeItem(element.hostKey);
          const note = this.recoveryNote(vaultKey, host.vms);
          this.shownNotes.set(scoped(vaultKey, `host:${host.key}`), note);
          return toTreeItem(presentHost(host, note));
        }
        case 'vm': {
          // By key (the snapshot's index), on the host the node is under, as a scan of its host found it.
          const found = snapshot ? findVmByKey(snapshot, element.vmKey) : undefined;
          const vm = found?.hostKey === element.hostKey ? found : undefined;
          if (!vm) return new vscode.TreeItem(element.vmKey);
          const cloud = this.deps.cloud();
          const interval = this.intervalOf(vaultKey)?.(vm);
          const targets = this.deps.recoveryTargets?.();
          const model = presentVm(vm, {
            now: new Date(),
            ...(interval !== undefined ? { policyIntervalSeconds: interval } : {}),
            ...(targets ? { recovery: targets } : {}),
            ...(cloud ? { portalUrl: (id: string) => portalUrlForResource(cloud, id, this.deps.tenant?.()) } : {}),
          });
          const transient = store?.transientOf(vm.key);
          const shown = store?.cachedAt ? withoutCachedActions(model) : model;
          const ready = withReadiness(shown, this.deps.readiness?.get(vm.key));
          const item = toTreeItem(transient ? withTransient(ready, transient.text) : ready);
          return item;
        }
        case 'plans':
        case 'plan':
        case 'planGroup':
        case 'planItem': {
          const plans = this.plansOf(vaultKey);
          return plans ? toTreeItem(planTreeItem(plans, element)) : new vscode.TreeItem(planNodeId(element));
        }
        case 'message': {
          const item = toTreeItem(presentMessage(element.text, element.iconId, element.id, element.tooltip));
          if (element.command) item.command = { command: element.command, title: element.text };
          return item;
        }
      }
    } catch (e) {
      // One broken item never breaks the tree.
      const item = new vscode.TreeItem(vscode.l10n.t('This item cannot be shown: {0}', e instanceof Error ? e.message : String(e)));
      item.iconPath = new vscode.ThemeIcon('error');
      return item;
    }
  }

  /** The counts each host and vault row shows now (by node id), to refresh a row only when they change. */
  private readonly shownNotes = new Map<string, string | undefined>();

  /** A VM's policy copy frequency: the first vault's as the deps say, an added vault's from its own store. */
  private intervalOf(vaultKey: string | undefined): ((vm: EstateVm) => number | undefined) | undefined {
    if (vaultKey === undefined) return this.deps.policyIntervalSeconds;
    const store = this.addedRow(vaultKey)?.store;
    return store ? (vm) => store.policyIntervalSeconds(vm) : undefined;
  }

  /** "2 RPO above target, 5 drills due" for these VMs (a host's, or the vault's), when the settings are known. */
  private recoveryNote(vaultKey: string | undefined, vms: readonly EstateVm[]): string | undefined {
    const targets = this.deps.recoveryTargets?.();
    if (!targets) return undefined;
    const interval = this.intervalOf(vaultKey);
    const counts = recoveryCountsText(countRecovery(vms, targets, (vm) => interval?.(vm), new Date()));
    const notReady = this.deps.readiness
      ? notReadyCountText(
          vms.map((vm) => vm.key),
          this.deps.readiness,
        )
      : undefined;
    return counts !== undefined && notReady !== undefined ? `${counts}, ${notReady}` : (counts ?? notReady);
  }

  /** The readiness of these VMs changed: their rows, and the host and vault rows whose counts changed. */
  private readinessChanged(vmKeys: readonly string[]): void {
    const targets = [...vmKeys.map((k) => `vm:${k}`), ...this.recountedRows(undefined, vmKeys)].map((id) => this.nodes.get(id)).filter((n): n is ProtectionNode => n !== undefined);
    if (targets.length > 0) this.changed.fire(targets);
  }

  /** The host and vault rows whose counts changed with these VMs (their ids; the new counts remembered). */
  private recountedRows(vaultKey: string | undefined, vmKeys: readonly string[]): string[] {
    const snapshot = this.snapshotOf(vaultKey);
    if (!snapshot || vmKeys.length === 0 || !this.deps.recoveryTargets) return [];
    const ids: string[] = [];
    const recount = (local: string, vms: readonly EstateVm[]): void => {
      const id = scoped(vaultKey, local);
      if (!this.nodes.has(id)) return;
      const note = this.recoveryNote(vaultKey, vms);
      if (this.shownNotes.get(id) !== note) ids.push(id);
      this.shownNotes.set(id, note);
    };
    const hostKeys = new Set(vmKeys.map((k) => findVmByKey(snapshot, k)?.hostKey));
    for (const key of hostKeys) {
      const host = key === undefined ? undefined : findHostByKey(snapshot, key);
      if (host) recount(`host:${host.key}`, host.vms);
    }
    recount('vault', [...vmIndex(snapshot).values()]);
    return ids;
  }

  /** Everything changed (connected to another vault, signed out): rebuild from the root. */
  refreshAll(): void {
    this.nodes.clear();
    this.shownNotes.clear();
    this.changed.fire(undefined);
  }

  /** The node of a VM (for reveal after a palette command); `vaultKey` for an added vault's VM. */
  vmNode(vmKey: string, vaultKey?: string): ProtectionNode | undefined {
    return this.nodes.get(scoped(vaultKey, `vm:${vmKey}`));
  }

  dispose(): void {
    this.subscription.dispose();
    this.addedSubscription?.dispose();
    for (const sub of this.addedStoreSubscriptions.values()) sub.dispose();
    this.readinessSubscription?.dispose();
    this.plansSubscription?.dispose();
    this.changed.dispose();
  }
}
