// The Protection view: vault → Hyper-V site → host → VM, read from the estate store. Refreshes
// only the nodes whose data changed; keeps transient states ("Starting test failover…") by id.

import * as vscode from 'vscode';
import { findHostByKey, findVmByKey, vmIndex, type EstateHost, type EstateSnapshot, type EstateVm } from '../estate';
import type { EstateStore } from '../estate/store';
import { portalUrlForResource, type AzureCloud } from '../services/azure/cloud';
import { withCachedMark, withoutCachedActions } from './presentCached';
import { hostNotes, presentHost, presentMessage, presentSite, presentVault, presentVm, withTransient } from './presentation';
import { countRecovery, recoveryCountsText, type RecoveryTargets } from './presentRecovery';
import { short } from './presentShort';
import { toTreeItem } from './treeItem';
import type { ReadinessSource } from '../model/readiness';
import { notReadyCountText, withReadiness } from '../readiness/presentReadiness';
import { planChildren, planNodeId, planParent, planTreeItem, type PlanNode, type PlanNodeSource } from './planNodes';

export type ProtectionNode =
  | { kind: 'vault' }
  | { kind: 'site'; name: string }
  | { kind: 'host'; hostKey: string; siteName: string }
  | { kind: 'vm'; vmKey: string; hostKey: string; siteName: string }
  | { kind: 'message'; id: string; text: string; iconId: string; tooltip?: string; command?: string }
  | PlanNode;

const NOT_REGISTERED = '';

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
  /** The vault's recovery plans (a "Recovery Plans" row under the vault, after its sites). */
  plans?: PlanNodeSource;
}

export class ProtectionTree implements vscode.TreeDataProvider<ProtectionNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ProtectionNode | ProtectionNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new Map<string, ProtectionNode>();
  private readonly subscription: { dispose(): void };
  private readonly readinessSubscription: { dispose(): void } | undefined;
  private readonly plansSubscription: { dispose(): void } | undefined;

  constructor(private readonly deps: ProtectionTreeDeps) {
    this.readinessSubscription = deps.readiness?.onDidChange((vmKeys) => this.readinessChanged(vmKeys));
    // The plans changed: their row and what is under it (the row not shown yet: the vault's children).
    this.plansSubscription = deps.plans?.onDidChange?.(() => this.changed.fire(this.nodes.get('plans') ?? this.nodes.get('vault')));
    this.subscription = deps.store.onDidChange((change) => {
      if (!change.hostKeys && !change.vmKeys) {
        this.changed.fire(undefined);
        return;
      }
      const ids = [...(change.vmKeys ?? []).map((k) => `vm:${k}`), ...(change.hostKeys ?? []).map((k) => `host:${k}`), ...this.recountedRows(change.vmKeys ?? [])];
      const targets = ids.map((id) => this.nodes.get(id));
      // A node not shown yet (a new host or VM): the structure changed, refresh from the root.
      if (targets.some((n) => n === undefined)) this.changed.fire(undefined);
      else if (targets.length > 0) this.changed.fire(targets as ProtectionNode[]);
    });
  }

  private node<T extends ProtectionNode>(id: string, make: () => T): T {
    const existing = this.nodes.get(id) as T | undefined;
    if (existing) return existing;
    const n = make();
    this.nodes.set(id, n);
    return n;
  }

  private get snapshot(): EstateSnapshot | undefined {
    return this.deps.store.snapshot;
  }

  private siteOf(host: EstateHost): string {
    return host.provider.registered && host.provider.fabricName ? host.provider.fabricName : NOT_REGISTERED;
  }

  getChildren(element?: ProtectionNode): ProtectionNode[] {
    const snapshot = this.snapshot;
    if (!element) {
      if (this.deps.vault()) return [this.node('vault', () => ({ kind: 'vault' }))];
      if (!snapshot || snapshot.hosts.length === 0) return [];
      // Hosts show before a vault is chosen; the first row says how to see their protection.
      const connect: ProtectionNode = { kind: 'message', id: 'connect', text: vscode.l10n.t('Connect to a vault…'), iconId: 'plug', command: 'azureSiteRecovery.connect' };
      return [connect, ...this.hostNodes(snapshot.hosts, NOT_REGISTERED)];
    }
    if (!snapshot) return [];
    switch (element.kind) {
      case 'vault': {
        const sites = [...new Set(snapshot.hosts.map((h) => this.siteOf(h)))].sort((a, b) => (a === NOT_REGISTERED ? 1 : b === NOT_REGISTERED ? -1 : a.localeCompare(b)));
        const siteNodes = sites.map((name): ProtectionNode => this.node(`site:${name}`, () => ({ kind: 'site', name })));
        return this.deps.plans ? [...siteNodes, this.node('plans', () => ({ kind: 'plans' }))] : siteNodes;
      }
      case 'plans':
      case 'plan':
      case 'planGroup':
        return this.deps.plans ? planChildren(this.deps.plans, element).map((n) => this.node(planNodeId(n), () => n)) : [];
      case 'site':
        return this.hostNodes(
          snapshot.hosts.filter((h) => this.siteOf(h) === element.name),
          element.name,
        );
      case 'host': {
        const host = findHostByKey(snapshot, element.hostKey);
        if (!host) return [];
        const vms = host.vms.map((vm) => this.node(`vm:${vm.key}`, () => ({ kind: 'vm' as const, vmKey: vm.key, hostKey: host.key, siteName: element.siteName })));
        const notes = hostNotes(host).map((n): ProtectionNode => ({ kind: 'message', ...n }));
        return [...notes, ...vms];
      }
      default:
        return [];
    }
  }

  private hostNodes(hosts: EstateHost[], siteName: string): ProtectionNode[] {
    return hosts.map((h) => this.node(`host:${h.key}`, () => ({ kind: 'host' as const, hostKey: h.key, siteName })));
  }

  getParent(element: ProtectionNode): ProtectionNode | undefined {
    if (element.kind === 'vm') return this.nodes.get(`host:${element.hostKey}`);
    if (element.kind === 'host') return this.deps.vault() ? this.nodes.get(`site:${element.siteName}`) : undefined;
    if (element.kind === 'site' || element.kind === 'plans') return this.nodes.get('vault');
    if (element.kind === 'plan' || element.kind === 'planGroup' || element.kind === 'planItem') {
      const parent = planParent(element);
      return parent ? this.nodes.get(planNodeId(parent)) : undefined;
    }
    return undefined;
  }

  getTreeItem(element: ProtectionNode): vscode.TreeItem {
    const snapshot = this.snapshot;
    try {
      switch (element.kind) {
        case 'vault': {
          const v = this.deps.vault();
          // The region as the portal names it ("West Europe"), from ARM's locations list (read once per connection).
          const location = this.deps.store.regionDisplayName(v?.location ?? '');
          const note = this.recoveryNote(snapshot ? [...vmIndex(snapshot).values()] : []);
          this.shownNotes.set('vault', note);
          const model = presentVault({ name: v?.name ?? '', location, resourceGroup: v?.resourceGroup ?? '' }, note);
          const cachedAt = this.deps.store.cachedAt;
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
          const note = this.recoveryNote(host.vms);
          this.shownNotes.set(`host:${host.key}`, note);
          return toTreeItem(presentHost(host, note));
        }
        case 'vm': {
          // By key (the snapshot's index), on the host the node is under, as a scan of its host found it.
          const found = snapshot ? findVmByKey(snapshot, element.vmKey) : undefined;
          const vm = found?.hostKey === element.hostKey ? found : undefined;
          if (!vm) return new vscode.TreeItem(element.vmKey);
          const cloud = this.deps.cloud();
          const interval = this.deps.policyIntervalSeconds?.(vm);
          const targets = this.deps.recoveryTargets?.();
          const model = presentVm(vm, {
            now: new Date(),
            ...(interval !== undefined ? { policyIntervalSeconds: interval } : {}),
            ...(targets ? { recovery: targets } : {}),
            ...(cloud ? { portalUrl: (id: string) => portalUrlForResource(cloud, id, this.deps.tenant?.()) } : {}),
          });
          const transient = this.deps.store.transientOf(vm.key);
          const shown = this.deps.store.cachedAt ? withoutCachedActions(model) : model;
          const ready = withReadiness(shown, this.deps.readiness?.get(vm.key));
          const item = toTreeItem(transient ? withTransient(ready, transient.text) : ready);
          return item;
        }
        case 'plans':
        case 'plan':
        case 'planGroup':
        case 'planItem':
          return this.deps.plans ? toTreeItem(planTreeItem(this.deps.plans, element)) : new vscode.TreeItem(planNodeId(element));
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

  /** "2 RPO above target, 5 drills due" for these VMs (a host's, or the vault's), when the settings are known. */
  private recoveryNote(vms: readonly EstateVm[]): string | undefined {
    const targets = this.deps.recoveryTargets?.();
    if (!targets) return undefined;
    const interval = this.deps.policyIntervalSeconds;
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
    const targets = [...vmKeys.map((k) => `vm:${k}`), ...this.recountedRows(vmKeys)].map((id) => this.nodes.get(id)).filter((n): n is ProtectionNode => n !== undefined);
    if (targets.length > 0) this.changed.fire(targets);
  }

  /** The host and vault rows whose counts changed with these VMs (their ids; the new counts remembered). */
  private recountedRows(vmKeys: readonly string[]): string[] {
    const snapshot = this.snapshot;
    if (!snapshot || vmKeys.length === 0 || !this.deps.recoveryTargets) return [];
    const ids: string[] = [];
    const recount = (id: string, vms: readonly EstateVm[]): void => {
      if (!this.nodes.has(id)) return;
      const note = this.recoveryNote(vms);
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

  /** The node of a VM (for reveal after a palette command). */
  vmNode(vmKey: string): ProtectionNode | undefined {
    return this.nodes.get(`vm:${vmKey}`);
  }

  dispose(): void {
    this.subscription.dispose();
    this.readinessSubscription?.dispose();
    this.plansSubscription?.dispose();
    this.changed.dispose();
  }
}
