import { newResourceId } from './arm/vaultRoutes';
import { computeQuotaFrom } from './compute/computeCatalogue';
import { SeededRandom } from './core/random';
import type { AsrEngine } from './asr/engine';
import { diskVhdId, enableDrTasks } from './asr/engine';
import { resourceGroupArmId, stableGuid, storageAccountArmId, vaultPath, virtualNetworkArmId } from './asr/ids';
import { seedRecoveryPlans } from './asr/recoveryPlanInput';
import { isBuiltInRole } from './arm/roles';
import type { Scenario, ScenarioHost, ScenarioProtection, ScenarioRoleAssignment, ScenarioVault, ScenarioVm } from './scenario';
import type { FabricState, HostState, LabState, ProtectedItemState, VaultState, VmState } from './state';
import { key } from './state';

/** The lab state a scenario starts from (Azure side and Hyper-V side). */
export function stateFromScenario(s: Scenario): LabState {
  const created = new Date(Date.now() - 30 * 24 * 3600_000);
  const state: LabState = {
    tenantId: s.tenantId,
    subscriptionId: s.subscriptionId,
    subscriptionName: s.subscriptionName,
    clientId: s.clientId,
    clientSecret: s.clientSecret,
    locations: [...s.locations],
    resourceGroups: new Map(s.resourceGroups.map((g) => [key(g.name), { name: g.name, location: g.location, tags: {} }])),
    storageAccounts: new Map(
      s.storageAccounts.map((a) => [
        key(a.resourceGroup, a.name),
        { name: a.name, resourceGroup: a.resourceGroup, location: a.location, sku: a.sku ?? 'Standard_LRS', kind: 'StorageV2', created },
      ]),
    ),
    virtualNetworks: new Map(
      s.virtualNetworks.map((n) => [
        key(n.resourceGroup, n.name),
        { name: n.name, resourceGroup: n.resourceGroup, location: n.location, addressPrefixes: [n.addressPrefix], subnets: n.subnets.map((x) => ({ ...x })) },
      ]),
    ),
    vaults: new Map(),
    hosts: [...s.hosts, ...generatedHosts(s)].map(toHostState),
    providerRegistrations: new Map(
      [...defaultNamespaces, ...Object.keys(s.providers ?? {})].map((ns) => {
        const named = Object.entries(s.providers ?? {}).find(([k]) => k.toLowerCase() === ns.toLowerCase());
        return [ns.toLowerCase(), { namespace: named?.[0] ?? ns, state: named?.[1] ?? 'Registered' }];
      }),
    ),
    providerRegistrationSeconds: s.providerRegistrationSeconds ?? 60,
    principals: new Map(),
    computeVms: new Map(),
    computeQuota: computeQuotaFrom(s.compute),
  };
  const scopeOf = (a: ScenarioRoleAssignment): { role: string; scope: string } => {
    if (!isBuiltInRole(a.role)) throw new Error(`Scenario ${s.name}: unknown role "${a.role}"`);
    const rel = a.scope.trim() === '/' ? '' : `/${a.scope.trim().replace(/^\/+|\/+$/g, '')}`;
    return { role: a.role, scope: `/subscriptions/${s.subscriptionId}${rel}` };
  };
  const main = { name: 'lab service principal', clientId: s.clientId, clientSecret: s.clientSecret, roleAssignments: s.roleAssignments ?? [{ role: 'Owner', scope: '/' }] };
  for (const p of [main, ...(s.principals ?? [])]) {
    state.principals.set(p.clientId.toLowerCase(), { name: p.name, clientId: p.clientId, clientSecret: p.clientSecret, roleAssignments: p.roleAssignments.map(scopeOf) });
  }
  return state;
}

/** Namespaces the lab serves (Microsoft.Resources: resource groups, deployments). */
const defaultNamespaces = ['Microsoft.RecoveryServices', 'Microsoft.Storage', 'Microsoft.Network', 'Microsoft.Compute', 'Microsoft.Resources'];

function toHostState(h: ScenarioHost): HostState {
  return { ...h, vms: h.vms.map((vm) => ({ ...vm, disks: vm.disks.map((d) => ({ ...d })), state: vm.state ?? 'Running' })) };
}

/** The scale scenario's hosts and VMs, generated from its seed. */
function generatedHosts(s: Scenario): ScenarioHost[] {
  const g = s.generate;
  if (!g) return [];
  const random = new SeededRandom(g.seed);
  const hosts: ScenarioHost[] = [];
  for (let h = 0; h < g.hosts; h++) {
    const name = `FAB-HV-${String(h + 1).padStart(3, '0')}`;
    const vms: ScenarioVm[] = [];
    for (let i = 0; i < g.vmsPerHost; i++) {
      const r = random.next();
      const vmName = `fabhv${String(h + 1).padStart(3, '0')}v${String(i + 1).padStart(2, '0')}`;
      vms.push({
        name: vmName,
        vmId: random.guid(),
        generation: random.next() < 0.6 ? 2 : 1,
        osType: 'Windows',
        osName: 'Windows Server 2019 Standard',
        state: 'Running',
        processorCount: 2,
        memoryMB: 4096,
        disks: [
          { name: `${vmName}-os.vhdx`, sizeGB: 127, format: 'VHDX', os: true, controller: 'SCSI' },
          { name: `${vmName}-data.vhdx`, sizeGB: 100 + Math.floor(random.next() * 400), format: 'VHDX', controller: 'SCSI' },
        ],
        networkAdapters: [{ name: 'Network Adapter', switchName: 'External vSwitch' }],
        protection: r < g.protectedShare ? 'protected' : r < g.protectedShare + g.replicatingShare ? 'replicating' : 'none',
        initialReplicationPercent: Math.floor(random.next() * 90),
      });
    }
    hosts.push({
      name,
      fqdn: `${name}.fabrikam.local`,
      osCaption: 'Microsoft Windows Server 2019 Datacenter',
      osBuild: 17763,
      registered: true,
      providerVersion: '5.1.8095.0',
      role: 'hyperv',
      vms,
    });
  }
  return hosts;
}

/** What seeding the scenario's site works with. */
interface SiteSeed {
  state: LabState;
  engine: AsrEngine;
  vault: VaultState;
  fabric: FabricState;
  now: number;
  /** Small estates (50 VMs or fewer) also get the finished jobs of that earlier work. */
  small: boolean;
}

/**
 * Creates the scenario's vault, site, policy and registered hosts, and the protected items the
 * scenario describes, in the state they would be in had the administrator done it earlier.
 */
export function seedVault(s: Scenario, state: LabState, engine: AsrEngine): void {
  const sv = s.vault;
  if (!sv) return;
  const now = engine.clock.now();
  const vault: VaultState = {
    name: sv.name,
    resourceGroup: sv.resourceGroup,
    location: sv.location,
    created: new Date(now - 30 * 24 * 3600_000),
    tags: {},
    resourceId: newResourceId(sv.name),
    certificates: new Map(),
    fabrics: new Map(),
    policies: new Map(),
    jobs: new Map(),
    jobOrder: [],
  };
  state.vaults.set(key(sv.resourceGroup, sv.name), vault);
  if (!sv.site) return;
  const internalIdentifier = sv.site.internalIdentifier ?? stableGuid(sv.name, sv.site.name);
  const fabric: FabricState = {
    name: sv.site.name,
    internalIdentifier,
    providers: new Map(),
    // cloud_<internalIdentifier> as ASR names it, or the scenario's containerName (see ScenarioVault.site).
    container: { name: sv.site.containerName ?? `cloud_${internalIdentifier}`, mappings: new Map(), protectedItems: new Map() },
  };
  vault.fabrics.set(key(fabric.name), fabric);
  const small = state.hosts.reduce((n, h) => n + h.vms.length, 0) <= 50;
  const site: SiteSeed = { state, engine, vault, fabric, now, small };
  seedProviders(site);

  const policy = sv.policy;
  if (!policy) return;
  const storageRg = s.storageAccounts.find((a) => a.name === policy.storageAccount)?.resourceGroup ?? sv.resourceGroup;
  vault.policies.set(key(policy.name), {
    name: policy.name,
    replicationInterval: policy.replicationIntervalSeconds,
    recoveryPointHistoryHours: policy.recoveryPointHistoryHours,
    appConsistentFrequencyHours: policy.appConsistentFrequencyHours,
    storageAccountId: storageAccountArmId(state.subscriptionId, storageRg, policy.storageAccount),
  });
  const mappingName = `${policy.name}-mapping`;
  fabric.container.mappings.set(key(mappingName), { name: mappingName, policyName: policy.name, state: 'Paired' });
  seedProtectedItems(s, sv, policy, site);
  seedRecoveryPlans(vault, fabric, vaultPath(state.subscriptionId, vault.resourceGroup, vault.name), sv.recoveryPlans ?? []);
}

/** The site's registered hosts: a provider each (and, in a small estate, the job that registered it). */
function seedProviders({ state, engine, vault, fabric, now, small }: SiteSeed): void {
  for (const host of state.hosts) {
    if (!host.registered) continue;
    const id = stableGuid('provider', host.fqdn);
    fabric.providers.set(key(id), {
      id,
      hostFqdn: host.fqdn,
      providerVersion: host.providerVersion ?? '5.1.8095.0',
      registeredAt: new Date(now - 20 * 24 * 3600_000),
      connected: !host.disconnected,
      lastHeartbeat: new Date(host.disconnected ? now - 26 * 3600_000 : now - 60_000),
    });
    // A host seeded disconnected has sent nothing since its last heartbeat: no recovery points.
    if (host.disconnected) host.replicationOutages ??= [{ from: now - 26 * 3600_000 }];
    if (small) {
      engine.recordFinishedJob(
        vault,
        {
          scenarioName: 'RegisterDra',
          friendlyName: 'Register server',
          targetObjectId: id,
          targetObjectName: host.fqdn,
          targetInstanceType: 'Server',
          fabricName: fabric.name,
          tasks: [['Register server', 'Registering the server with the vault', 60]],
        },
        now - 20 * 24 * 3600_000,
      );
    }
  }
}

/** The VMs the scenario marks protected: enabled with the scenario's policy and targets, then put in the state it names. */
function seedProtectedItems(s: Scenario, sv: ScenarioVault, policy: NonNullable<ScenarioVault['policy']>, { state, engine, vault, fabric, now, small }: SiteSeed): void {
  const targetRg = sv.targetResourceGroup ?? sv.resourceGroup;
  const targetSa = sv.targetStorageAccount ?? policy.storageAccount;
  const targetSaRg = s.storageAccounts.find((a) => a.name === targetSa)?.resourceGroup ?? sv.resourceGroup;
  const vnet = s.virtualNetworks.find((n) => n.name === sv.targetVirtualNetwork);
  const retentionMs = engine.clock.scaledMs(Math.max(1, policy.recoveryPointHistoryHours) * 3600);

  for (const host of state.hosts) {
    if (!host.registered) continue;
    const providerId = stableGuid('provider', host.fqdn);
    for (const vm of host.vms) {
      const protection = vm.protection ?? 'none';
      if (protection === 'none') continue;
      const item = engine.newProtectedItem(fabric, vm.vmId, vm, host, providerId, {
        policyName: policy.name,
        osType: vm.osType,
        // A VM the scenario marks protected was enabled by a client that named its real OS disk.
        osDiskVhdId: diskVhdId(vm.vmId, (vm.disks.find((d) => d.os) ?? vm.disks[0])?.name ?? 'os'),
        targetAzureVmName: vm.name,
        // Protected as the extension protects: replication to managed disks with a log storage account.
        logStorageAccountId: storageAccountArmId(state.subscriptionId, targetSaRg, targetSa),
        managedDiskReplication: true,
        targetResourceGroupId: resourceGroupArmId(state.subscriptionId, targetRg),
        targetNetworkId: vnet ? virtualNetworkArmId(state.subscriptionId, vnet.resourceGroup, vnet.name) : undefined,
        targetSubnetName: vnet?.subnets[0]?.name,
        targetVmSize: vm.memoryMB && vm.memoryMB > 4096 ? 'Standard_D4s_v3' : 'Standard_D2s_v3',
        useManagedDisks: true,
        diskType: 'Standard_LRS',
        licenseType: 'WindowsServer',
      });
      item.created = new Date(now - 10 * 24 * 3600_000);
      applyProtection(item, vm, protection, now, retentionMs);
      // A disconnected host's items replicated until its provider went quiet (its outage, seedProviders).
      const outage = host.replicationOutages?.find((o) => o.to === undefined);
      if (outage && item.replicationAnchor !== undefined) item.replicationAnchor = Math.min(item.replicationAnchor, outage.from - retentionMs - 1);
      if (small) {
        engine.recordFinishedJob(
          vault,
          {
            scenarioName: 'EnableDr',
            friendlyName: 'Enable replication',
            targetObjectId: item.name,
            targetObjectName: vm.name,
            targetInstanceType: 'ProtectionEntity',
            fabricName: fabric.name,
            tasks: enableDrTasks,
          },
          protection === 'replicating' ? item.initialReplicationStart : now - 10 * 24 * 3600_000,
        );
      }
    }
  }
}

/** Where a seeded item stands for the scenario's `protection`, as if its jobs had run earlier. */
function applyProtection(item: ProtectedItemState, vm: VmState, protection: ScenarioProtection, now: number, retentionMs: number): void {
  if (protection === 'replicating') {
    item.phase = 'InitialReplication';
    const pct = Math.max(0, Math.min(95, vm.initialReplicationPercent ?? 30));
    item.initialReplicationStart = now - (item.initialReplicationDurationMs * pct) / 100;
  } else {
    item.phase = 'Protected';
    item.initialReplicationStart = now - retentionMs - item.initialReplicationDurationMs - 1;
    item.replicationAnchor = now - retentionMs - 1;
    if (protection === 'testFailoverPending') {
      item.testFailoverState = 'WaitingForCompletion';
      item.lastSuccessfulTestFailoverTime = new Date(now - 3600_000);
    }
    if (protection === 'failedOver') {
      item.phase = 'PlannedFailoverCommitted';
      item.replicationStoppedAt = now - 60_000;
      item.lastFailoverKind = 'Planned';
      item.lastSuccessfulFailoverTime = new Date(now - 3600_000);
      vm.state = 'Off';
    }
    if (protection === 'critical') {
      item.replicationHealth = 'Critical';
      item.healthErrorCodes = ['78052'];
      item.replicationStoppedAt = now - retentionMs / 2;
    }
  }
}
