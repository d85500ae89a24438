import { createHash } from 'node:crypto';
import forge from 'node-forge';
import { ArmError, invalidField, notFound } from '../core/armError';
import { ok, pageOf } from '../core/arm';
import { bodyObject, isObject, objectField, stringField } from '../core/body';
import type { LabClock } from '../core/clock';
import type { ApiFamily, LabRequest, LabResponse, Route, Router } from '../core/router';
import type { LabState, ProviderRegistrationState, StorageAccountState, VaultState, VirtualNetworkState } from '../state';
import { key } from '../state';
import { allows, rolePermission, type LabPermission } from './roles';
import { armVaultId, resourceGroupArmId, storageAccountArmId, virtualNetworkArmId } from '../asr/ids';

const S = '/subscriptions/{sub}';
const RG = `${S}/resourceGroups/{rg}`;

/** Azure regions the lab knows, with display names (as ARM's locations list gives them). */
const regionNames: Record<string, string> = {
  westeurope: 'West Europe',
  northeurope: 'North Europe',
  eastus: 'East US',
  eastus2: 'East US 2',
  westus2: 'West US 2',
  centralus: 'Central US',
  uksouth: 'UK South',
  usgovvirginia: 'USGov Virginia',
  chinaeast2: 'China East 2',
};

/**
 * The generic ARM side of the lab: subscriptions, locations, resource groups, storage accounts,
 * virtual networks, Recovery Services vaults, vault certificates and extended info.
 */
export class ArmRoutes {
  constructor(
    private readonly state: LabState,
    private readonly clock: LabClock,
    private readonly router: Router,
    private readonly pageSize: number,
  ) {}

  register(): void {
    const add = (family: ApiFamily, method: string, pattern: string, op: string, h: (q: LabRequest) => LabResponse): void =>
      this.router.add(method, pattern, op, family, h);
    const st = this.state;

    // Subscriptions and tenants
    add('subscriptions', 'GET', '/tenants', 'tenants.list', () =>
      ok({ value: [{ id: `/tenants/${st.tenantId}`, tenantId: st.tenantId, tenantCategory: 'Home', displayName: 'Contoso (lab)', defaultDomain: 'contoso.onmicrosoft.com', tenantType: 'AAD' }], nextLink: null }),
    );
    add('subscriptions', 'GET', '/subscriptions', 'subscriptions.list', () => ok({ value: [this.subscription()], nextLink: null }));
    add('subscriptions', 'GET', S, 'subscriptions.get', (q) => {
      this.sub(q);
      return ok(this.subscription());
    });
    add('subscriptions', 'GET', `${S}/locations`, 'subscriptions.listLocations', (q) => {
      this.sub(q);
      return ok({ value: st.locations.map((l) => this.location(l)) });
    });

    // Resource providers of the subscription (ARM's Providers API, @azure/arm-resources 7
    // providers.get / providers.register; shapes from azure-rest-api-specs
    // specification/resources/.../stable/2022-09-01/examples/GetProvider.json: id, namespace,
    // registrationState "Registering", registrationPolicy "RegistrationRequired", resourceTypes).
    add('resources', 'GET', `${S}/providers/{ns}`, 'providers.get', (q) => {
      this.sub(q);
      return ok(this.provider(this.registration(q.params.ns)));
    });
    add('resources', 'POST', `${S}/providers/{ns}/register`, 'providers.register', (q) => {
      this.sub(q);
      const r = this.registration(q.params.ns);
      if (r.state === 'NotRegistered') {
        r.state = 'Registering';
        r.registeredAt = this.clock.now() + this.clock.scaledMs(st.providerRegistrationSeconds);
      }
      return ok(this.provider(r));
    });

    // What the caller may do at a scope (Permissions_ListForResourceGroup and
    // Permissions_ListForResource, azure-rest-api-specs specification/authorization/.../stable/
    // 2022-04-01/authorization-RoleDefinitionsCalls.json: PermissionGetResult { value: Permission[]
    // { actions, notActions, dataActions, notDataActions }, nextLink }), from the caller's role
    // assignments at the scope or above it.
    add('authorization', 'GET', `${RG}/providers/Microsoft.Authorization/permissions`, 'permissions.listForResourceGroup', (q) => {
      this.rg(q);
      return ok({ value: this.permissionsAt(q, q.path.replace(/\/providers\/Microsoft\.Authorization\/permissions\/?$/i, '')) });
    });
    add('authorization', 'GET', `${RG}/providers/{ns}/{type}/{name}/providers/Microsoft.Authorization/permissions`, 'permissions.listForResource', (q) => {
      this.rg(q);
      return ok({ value: this.permissionsAt(q, q.path.replace(/\/providers\/Microsoft\.Authorization\/permissions\/?$/i, '')) });
    });

    // ARM's own checks before a resource provider sees a request.
    this.router.guard((q, route) => this.armChecks(q, route));

    // Resource groups
    add('resources', 'GET', `${S}/resourcegroups`, 'resourceGroups.list', (q) => {
      this.sub(q);
      return pageOf(q, [...st.resourceGroups.values()], (g) => this.resourceGroup(g.name), this.pageSize);
    });
    add('resources', 'GET', RG, 'resourceGroups.get', (q) => ok(this.resourceGroup(this.rg(q))));
    add('resources', 'HEAD', RG, 'resourceGroups.checkExistence', (q) => {
      this.sub(q);
      return { status: st.resourceGroups.has(key(q.params.rg)) ? 204 : 404 };
    });
    add('resources', 'PUT', RG, 'resourceGroups.createOrUpdate', (q) => this.putResourceGroup(q));

    // Storage accounts
    add('storage', 'GET', `${S}/providers/Microsoft.Storage/storageAccounts`, 'storageAccounts.list', (q) => {
      this.sub(q);
      return pageOf(q, [...st.storageAccounts.values()], (a) => this.storageAccount(a), this.pageSize);
    });
    add('storage', 'GET', `${RG}/providers/Microsoft.Storage/storageAccounts`, 'storageAccounts.listByResourceGroup', (q) => {
      const rg = this.rg(q);
      return pageOf(q, [...st.storageAccounts.values()].filter((a) => a.resourceGroup.toLowerCase() === rg.toLowerCase()), (a) => this.storageAccount(a), this.pageSize);
    });
    add('storage', 'GET', `${RG}/providers/Microsoft.Storage/storageAccounts/{name}`, 'storageAccounts.getProperties', (q) => {
      const rg = this.rg(q);
      const a = st.storageAccounts.get(key(rg, q.params.name));
      if (!a) throw notFound('Microsoft.Storage/storageAccounts', q.params.name, rg);
      return ok(this.storageAccount(a));
    });
    add('storage', 'PUT', `${RG}/providers/Microsoft.Storage/storageAccounts/{name}`, 'storageAccounts.create', (q) => this.putStorageAccount(q));
    add('storage', 'POST', `${S}/providers/Microsoft.Storage/checkNameAvailability`, 'storageAccounts.checkNameAvailability', (q) => {
      this.sub(q);
      const name = stringField(bodyObject(q.body), 'name', 'name', true);
      return ok(this.storageNameAvailability(name));
    });

    // Virtual networks
    add('network', 'GET', `${S}/providers/Microsoft.Network/virtualNetworks`, 'virtualNetworks.listAll', (q) => {
      this.sub(q);
      return pageOf(q, [...st.virtualNetworks.values()], (n) => this.virtualNetwork(n), this.pageSize);
    });
    add('network', 'GET', `${RG}/providers/Microsoft.Network/virtualNetworks`, 'virtualNetworks.list', (q) => {
      const rg = this.rg(q);
      return pageOf(q, [...st.virtualNetworks.values()].filter((n) => n.resourceGroup.toLowerCase() === rg.toLowerCase()), (n) => this.virtualNetwork(n), this.pageSize);
    });
    add('network', 'GET', `${RG}/providers/Microsoft.Network/virtualNetworks/{vnet}`, 'virtualNetworks.get', (q) => ok(this.virtualNetwork(this.vnet(q))));
    add('network', 'GET', `${RG}/providers/Microsoft.Network/virtualNetworks/{vnet}/subnets`, 'subnets.list', (q) => {
      const n = this.vnet(q);
      return pageOf(q, n.subnets, (s) => this.subnet(n, s), this.pageSize);
    });
    add('network', 'GET', `${RG}/providers/Microsoft.Network/virtualNetworks/{vnet}/subnets/{subnet}`, 'subnets.get', (q) => {
      const n = this.vnet(q);
      const s = n.subnets.find((x) => x.name.toLowerCase() === q.params.subnet.toLowerCase());
      if (!s) throw notFound('Microsoft.Network/virtualNetworks/subnets', `${n.name}/${q.params.subnet}`, n.resourceGroup);
      return ok(this.subnet(n, s));
    });

    // Recovery Services vaults
    add('recoveryServices', 'GET', `${S}/providers/Microsoft.RecoveryServices/vaults`, 'vaults.listBySubscriptionId', (q) => {
      this.sub(q);
      return pageOf(q, [...st.vaults.values()], (v) => this.vault(v), this.pageSize);
    });
    add('recoveryServices', 'GET', `${RG}/providers/Microsoft.RecoveryServices/vaults`, 'vaults.listByResourceGroup', (q) => {
      const rg = this.rg(q);
      return pageOf(q, [...st.vaults.values()].filter((v) => v.resourceGroup.toLowerCase() === rg.toLowerCase()), (v) => this.vault(v), this.pageSize);
    });
    add('recoveryServices', 'GET', `${RG}/providers/Microsoft.RecoveryServices/vaults/{vault}`, 'vaults.get', (q) => ok(this.vault(this.findVault(q))));
    add('recoveryServices', 'PUT', `${RG}/providers/Microsoft.RecoveryServices/vaults/{vault}`, 'vaults.createOrUpdate', (q) => this.putVault(q));
    add('recoveryServices', 'POST', `${RG}/providers/Microsoft.RecoveryServices/locations/{location}/checkNameAvailability`, 'recoveryServices.checkNameAvailability', (q) => {
      const rg = this.rg(q);
      const body = bodyObject(q.body);
      const name = stringField(body, 'name', 'name', true);
      const taken = st.vaults.has(key(rg, name));
      return ok({ nameAvailable: !taken, reason: taken ? 'AlreadyExists' : undefined, message: taken ? `A vault named ${name} already exists in ${rg}.` : undefined });
    });
    add('recoveryServices', 'PUT', `${RG}/providers/Microsoft.RecoveryServices/vaults/{vault}/certificates/{certificate}`, 'vaultCertificates.create', (q) => this.putCertificate(q));
    add('recoveryServices', 'GET', `${RG}/providers/Microsoft.RecoveryServices/vaults/{vault}/extendedInformation/vaultExtendedInfo`, 'vaultExtendedInfo.get', (q) => {
      const v = this.findVault(q);
      if (!v.extendedInfo) throw notFound('Microsoft.RecoveryServices/vaults/extendedInformation', 'vaultExtendedInfo', v.resourceGroup);
      return ok(this.extendedInfo(v));
    });
    const putInfo = (q: LabRequest): LabResponse => {
      const v = this.findVault(q);
      const props = objectField(bodyObject(q.body), 'properties', 'properties')!;
      const integrityKey = stringField(props, 'integrityKey', 'properties.integrityKey') ?? v.extendedInfo?.integrityKey;
      const algorithm = stringField(props, 'algorithm', 'properties.algorithm') ?? v.extendedInfo?.algorithm ?? 'None';
      if (!integrityKey) throw invalidField('properties.integrityKey', 'The field properties.integrityKey is required.');
      v.extendedInfo = { integrityKey, algorithm, encryptionKey: stringField(props, 'encryptionKey', 'properties.encryptionKey') };
      return ok(this.extendedInfo(v));
    };
    add('recoveryServices', 'PUT', `${RG}/providers/Microsoft.RecoveryServices/vaults/{vault}/extendedInformation/vaultExtendedInfo`, 'vaultExtendedInfo.createOrUpdate', putInfo);
    add('recoveryServices', 'PATCH', `${RG}/providers/Microsoft.RecoveryServices/vaults/{vault}/extendedInformation/vaultExtendedInfo`, 'vaultExtendedInfo.update', putInfo);
  }

  // ---------- registration and authorization (ARM's, before the resource provider) ----------

  /** A namespace's registration, Registering turning Registered once its time has come. */
  private registration(namespace: string): ProviderRegistrationState {
    const r = this.state.providerRegistrations.get(namespace.toLowerCase());
    if (!r) {
      // unverified: the code and wording ARM gives for a namespace that does not exist.
      throw new ArmError(404, 'InvalidResourceNamespace', `The resource namespace '${namespace}' is invalid.`);
    }
    if (r.state === 'Registering' && r.registeredAt !== undefined && this.clock.now() >= r.registeredAt) {
      r.state = 'Registered';
      delete r.registeredAt;
    }
    return r;
  }

  private provider(r: ProviderRegistrationState): object {
    return {
      id: `/subscriptions/${this.state.subscriptionId}/providers/${r.namespace}`,
      namespace: r.namespace,
      registrationState: r.state,
      registrationPolicy: 'RegistrationRequired',
      resourceTypes: [],
    };
  }

  /** The role permissions of the caller that apply at a scope (assigned there or above). */
  private permissionsOf(q: LabRequest, scope: string): LabPermission[] {
    const who = this.state.principals.get((q.principal?.appid ?? '').toLowerCase());
    if (!who) return [];
    const s = scope.toLowerCase().replace(/\/+$/, '');
    return who.roleAssignments
      .filter((a) => {
        const at = a.scope.toLowerCase().replace(/\/+$/, '');
        return s === at || s.startsWith(`${at}/`);
      })
      .map((a) => rolePermission(a.role));
  }

  private permissionsAt(q: LabRequest, scope: string): object[] {
    return this.permissionsOf(q, scope).map((x) => ({ actions: [...x.actions], notActions: [...x.notActions], dataActions: [...x.dataActions], notDataActions: [...x.notDataActions] }));
  }

  /**
   * Before any resource provider request: the namespace must be registered, and the caller's
   * roles must allow the operation.
   *
   * Registration: "Code: MissingSubscriptionRegistration / Message: The subscription is not
   * registered to use namespace {resource-provider-namespace}" (azure-docs
   * articles/azure-resource-manager/troubleshooting/error-register-resource-provider.md); status
   * 409 and the body `{ error: { code, message: "The subscription is not registered to use
   * namespace 'X'. See https://aka.ms/rps-not-found for how to register subscriptions.",
   * details: [{ code, target: "X", message }] } }` as Azure/azure-service-operator
   * v2/internal/genericarmclient (generic_client_test.go, rpNotRegisteredError) records it for a
   * PUT. That reads (GET) are refused the same way is unverified.
   *
   * Authorization: "Code: AuthorizationFailed / Message: The client '<identifier>' with object id
   * '<identifier>' does not have authorization to perform action '...' over scope ..." (same
   * article), status 403. The lab names the operation from the path as ARM's operation names
   * read (`{namespace}/{type}[/{child type}...]/read|write|delete`, a POST `.../{name}/action`);
   * that this is the name ARM checks is unverified for every operation.
   */
  private armChecks(q: LabRequest, route: Route): void {
    const segs = q.segments;
    if (segs.length < 2 || segs[0].toLowerCase() !== 'subscriptions') return;
    const first = segs.findIndex((x, i) => i > 1 && x.toLowerCase() === 'providers');
    const ns = first > 0 ? segs[first + 1] : undefined;
    const isProvidersApi = route.operation === 'providers.get' || route.operation === 'providers.register';
    const isPermissionsApi = route.family === 'authorization';
    if (ns && !isProvidersApi && !isPermissionsApi) {
      const r = this.state.providerRegistrations.get(ns.toLowerCase());
      if (r && this.registration(r.namespace).state !== 'Registered') {
        const message = `The subscription is not registered to use namespace '${r.namespace}'. See https://aka.ms/rps-not-found for how to register subscriptions.`;
        throw new ArmError(409, 'MissingSubscriptionRegistration', message, { details: [{ code: 'MissingSubscriptionRegistration', target: r.namespace, message }] });
      }
    }
    if (isPermissionsApi || route.operation === 'providers.get') return;
    const op = this.operationOf(q, route);
    if (!op) return;
    if (!allows(this.permissionsOf(q, op.scope), op.action)) {
      const id = q.principal?.oid ?? q.principal?.appid ?? '';
      throw new ArmError(403, 'AuthorizationFailed', `The client '${id}' with object id '${id}' does not have authorization to perform action '${op.action}' over scope '${op.scope}'.`);
    }
  }

  /** The ARM operation a request is, and the scope it is checked at (lab approximation, see armChecks). */
  private operationOf(q: LabRequest, route: Route): { action: string; scope: string } | undefined {
    const segs = q.segments;
    const sub = `/subscriptions/${segs[1]}`;
    if (route.operation === 'providers.register') return { action: `${this.registration(q.params.ns).namespace}/register/action`, scope: sub };
    const last = segs.map((x) => x.toLowerCase()).lastIndexOf('providers');
    const verb = (rest: string[], method: string): { types: string[]; suffix: string } => {
      if (method === 'POST') return { types: rest.slice(0, -1).filter((_, i) => i % 2 === 0), suffix: `${rest[rest.length - 1]}/action` };
      const v = method === 'GET' || method === 'HEAD' ? 'read' : method === 'DELETE' ? 'delete' : 'write';
      return { types: rest.filter((_, i) => i % 2 === 0), suffix: v };
    };
    const scopePath = (): string => {
      const path = `/${segs.join('/')}`;
      return q.method === 'POST' ? path.slice(0, path.lastIndexOf('/')) : path;
    };
    if (last > 1 && last + 1 < segs.length) {
      const ns = segs[last + 1];
      const { types, suffix } = verb(segs.slice(last + 2), q.method);
      return { action: [ns, ...types, suffix].join('/'), scope: scopePath() };
    }
    if (segs.length >= 4 && segs[2].toLowerCase() === 'resourcegroups') {
      return { action: `Microsoft.Resources/subscriptions/resourceGroups/${q.method === 'GET' || q.method === 'HEAD' ? 'read' : q.method === 'DELETE' ? 'delete' : 'write'}`, scope: `${sub}/resourceGroups/${segs[3]}` };
    }
    return undefined;
  }

  // ---------- lookups ----------

  private sub(q: LabRequest): void {
    if (q.params.sub.toLowerCase() !== this.state.subscriptionId.toLowerCase()) {
      throw new ArmError(404, 'SubscriptionNotFound', `The subscription '${q.params.sub}' could not be found.`);
    }
  }

  private rg(q: LabRequest): string {
    this.sub(q);
    const g = this.state.resourceGroups.get(key(q.params.rg));
    if (!g) throw new ArmError(404, 'ResourceGroupNotFound', `Resource group '${q.params.rg}' could not be found.`);
    return g.name;
  }

  private vnet(q: LabRequest): VirtualNetworkState {
    const rg = this.rg(q);
    const n = this.state.virtualNetworks.get(key(rg, q.params.vnet));
    if (!n) throw notFound('Microsoft.Network/virtualNetworks', q.params.vnet, rg);
    return n;
  }

  private findVault(q: LabRequest): VaultState {
    const rg = this.rg(q);
    const v = this.state.vaults.get(key(rg, q.params.vault));
    if (!v) throw notFound('Microsoft.RecoveryServices/vaults', q.params.vault, rg);
    return v;
  }

  private location(name: string): object {
    return {
      id: `/subscriptions/${this.state.subscriptionId}/locations/${name}`,
      name,
      type: 'Region',
      displayName: regionNames[name] ?? name,
      regionalDisplayName: `(Europe) ${regionNames[name] ?? name}`,
      metadata: { regionType: 'Physical', regionCategory: 'Recommended', geographyGroup: 'Europe', latitude: '52.3667', longitude: '4.9', physicalLocation: 'Netherlands', pairedRegion: [] },
    };
  }

  private requireLocation(location: string | undefined, target: string): string {
    if (!location) throw invalidField(target, `The field '${target}' is required.`);
    const found = this.state.locations.find((l) => l.toLowerCase() === location.replace(/\s/g, '').toLowerCase());
    if (!found) throw new ArmError(400, 'LocationNotAvailableForResourceType', `The provided location '${location}' is not available for this subscription. List of available regions is '${this.state.locations.join(',')}'.`, { target });
    return found;
  }

  // ---------- wire shapes ----------

  private subscription(): object {
    const st = this.state;
    return {
      id: `/subscriptions/${st.subscriptionId}`,
      subscriptionId: st.subscriptionId,
      tenantId: st.tenantId,
      displayName: st.subscriptionName,
      state: 'Enabled',
      subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
      authorizationSource: 'RoleBased',
      managedByTenants: [],
    };
  }

  private resourceGroup(name: string): object {
    const g = this.state.resourceGroups.get(key(name))!;
    return {
      id: resourceGroupArmId(this.state.subscriptionId, g.name),
      name: g.name,
      type: 'Microsoft.Resources/resourceGroups',
      location: g.location,
      tags: g.tags,
      properties: { provisioningState: 'Succeeded' },
    };
  }

  private putResourceGroup(q: LabRequest): LabResponse {
    this.sub(q);
    const body = bodyObject(q.body);
    const name = q.params.rg;
    if (!/^[-\w._()]{1,90}$/.test(name) || name.endsWith('.')) {
      throw invalidField('resourceGroupName', `The resource group name '${name}' is not valid: use up to 90 letters, digits, underscores, hyphens, periods or parentheses, not ending in a period.`);
    }
    const location = this.requireLocation(stringField(body, 'location', 'location', true), 'location');
    const existing = this.state.resourceGroups.get(key(name));
    const tags = isObject(body.tags) ? (body.tags as Record<string, string>) : {};
    if (existing) {
      if (existing.location !== location) {
        throw new ArmError(409, 'InvalidResourceGroupLocation', `Invalid resource group location '${location}'. The Resource group already exists in location '${existing.location}'.`);
      }
      existing.tags = tags;
      return ok(this.resourceGroup(name));
    }
    this.state.resourceGroups.set(key(name), { name, location, tags });
    return { status: 201, body: this.resourceGroup(name) };
  }

  private storageAccount(a: StorageAccountState): object {
    return {
      id: storageAccountArmId(this.state.subscriptionId, a.resourceGroup, a.name),
      name: a.name,
      type: 'Microsoft.Storage/storageAccounts',
      location: a.location,
      kind: a.kind,
      sku: { name: a.sku, tier: a.sku.startsWith('Premium') ? 'Premium' : 'Standard' },
      tags: {},
      properties: {
        provisioningState: 'Succeeded',
        creationTime: a.created.toISOString(),
        primaryLocation: a.location,
        statusOfPrimary: 'available',
        supportsHttpsTrafficOnly: true,
        minimumTlsVersion: 'TLS1_2',
        allowBlobPublicAccess: false,
        accessTier: 'Hot',
        primaryEndpoints: { blob: `https://${a.name}.blob.core.windows.net/`, queue: `https://${a.name}.queue.core.windows.net/`, table: `https://${a.name}.table.core.windows.net/`, file: `https://${a.name}.file.core.windows.net/` },
      },
    };
  }

  private storageNameAvailability(name: string): object {
    if (!/^[a-z0-9]{3,24}$/.test(name)) {
      return { nameAvailable: false, reason: 'AccountNameInvalid', message: `${name} is not a valid storage account name. Storage account name must be between 3 and 24 characters in length and use numbers and lower-case letters only.` };
    }
    const taken = [...this.state.storageAccounts.values()].some((a) => a.name === name);
    return taken
      ? { nameAvailable: false, reason: 'AlreadyExists', message: `The storage account named ${name} is already taken.` }
      : { nameAvailable: true };
  }

  private putStorageAccount(q: LabRequest): LabResponse {
    const rg = this.rg(q);
    const name = q.params.name;
    const body = bodyObject(q.body);
    const availability = this.storageNameAvailability(name) as { nameAvailable: boolean; reason?: string; message?: string };
    const existing = this.state.storageAccounts.get(key(rg, name));
    if (!existing && !availability.nameAvailable) {
      throw new ArmError(availability.reason === 'AlreadyExists' ? 409 : 400, availability.reason === 'AlreadyExists' ? 'StorageAccountAlreadyTaken' : 'AccountNameInvalid', availability.message ?? 'Invalid name', { target: 'accountName' });
    }
    const location = this.requireLocation(stringField(body, 'location', 'location', true), 'location');
    const sku = objectField(body, 'sku', 'sku')!;
    const skuName = stringField(sku, 'name', 'sku.name', true);
    if (!['Standard_LRS', 'Standard_GRS', 'Standard_RAGRS', 'Standard_ZRS', 'Premium_LRS', 'Premium_ZRS', 'Standard_GZRS', 'Standard_RAGZRS'].includes(skuName)) {
      throw invalidField('sku.name', `The SKU '${skuName}' is not valid.`);
    }
    const kind = stringField(body, 'kind', 'kind', true);
    const account: StorageAccountState = existing ?? { name, resourceGroup: rg, location, sku: skuName, kind, created: this.clock.nowDate() };
    this.state.storageAccounts.set(key(rg, name), account);
    return ok(this.storageAccount(account));
  }

  private virtualNetwork(n: VirtualNetworkState): object {
    return {
      id: virtualNetworkArmId(this.state.subscriptionId, n.resourceGroup, n.name),
      name: n.name,
      type: 'Microsoft.Network/virtualNetworks',
      location: n.location,
      etag: `W/"${createHash('sha1').update(n.name).digest('hex').slice(0, 8)}"`,
      tags: {},
      properties: {
        provisioningState: 'Succeeded',
        resourceGuid: createHash('md5').update(n.name).digest('hex'),
        addressSpace: { addressPrefixes: n.addressPrefixes },
        subnets: n.subnets.map((s) => this.subnet(n, s)),
        virtualNetworkPeerings: [],
        enableDdosProtection: false,
      },
    };
  }

  private subnet(n: VirtualNetworkState, s: { name: string; addressPrefix: string }): object {
    return {
      id: `${virtualNetworkArmId(this.state.subscriptionId, n.resourceGroup, n.name)}/subnets/${s.name}`,
      name: s.name,
      type: 'Microsoft.Network/virtualNetworks/subnets',
      etag: `W/"${createHash('sha1').update(n.name + s.name).digest('hex').slice(0, 8)}"`,
      properties: { provisioningState: 'Succeeded', addressPrefix: s.addressPrefix, delegations: [], privateEndpointNetworkPolicies: 'Disabled', privateLinkServiceNetworkPolicies: 'Enabled' },
    };
  }

  private vault(v: VaultState): object {
    return {
      id: armVaultId(this.state.subscriptionId, v.resourceGroup, v.name),
      name: v.name,
      type: 'Microsoft.RecoveryServices/vaults',
      location: v.location,
      tags: v.tags,
      etag: `W/"datetime'${encodeURIComponent(v.created.toISOString())}'"`,
      sku: { name: 'Standard' },
      identity: { type: 'SystemAssigned', principalId: createHash('md5').update(`p${v.name}`).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'), tenantId: this.state.tenantId },
      properties: {
        provisioningState: 'Succeeded',
        privateEndpointStateForBackup: 'None',
        privateEndpointStateForSiteRecovery: 'None',
        publicNetworkAccess: 'Enabled',
        redundancySettings: { standardTierStorageRedundancy: 'GeoRedundant', crossRegionRestore: 'Disabled' },
        secureScore: 'None',
        bcdrSecurityLevel: 'Poor',
      },
    };
  }

  private putVault(q: LabRequest): LabResponse {
    const rg = this.rg(q);
    const name = q.params.vault;
    if (!/^[A-Za-z][A-Za-z0-9-]{1,49}$/.test(name)) {
      throw invalidField('vaultName', `The vault name '${name}' is not valid: use 2 to 50 letters, digits or hyphens, starting with a letter.`);
    }
    const body = bodyObject(q.body);
    const location = this.requireLocation(stringField(body, 'location', 'location', true), 'location');
    const sku = objectField(body, 'sku', 'sku')!;
    const skuName = stringField(sku, 'name', 'sku.name', true);
    if (skuName !== 'Standard' && skuName !== 'RS0') throw invalidField('sku.name', `The vault SKU '${skuName}' is not valid: use Standard.`);
    const existing = this.state.vaults.get(key(rg, name));
    if (existing && existing.location !== location) {
      throw new ArmError(409, 'InvalidResourceLocation', `The resource '${name}' already exists in location '${existing.location}' in resource group '${rg}'. A resource with the same name cannot be created in location '${location}'.`);
    }
    const vault: VaultState = existing ?? {
      name,
      resourceGroup: rg,
      location,
      created: this.clock.nowDate(),
      tags: {},
      resourceId: newResourceId(name),
      certificates: new Map(),
      fabrics: new Map(),
      policies: new Map(),
      jobs: new Map(),
      jobOrder: [],
    };
    vault.tags = isObject(body.tags) ? (body.tags as Record<string, string>) : vault.tags;
    this.state.vaults.set(key(rg, name), vault);
    return { status: existing ? 200 : 201, body: this.vault(vault) };
  }

  /**
   * PUT vaults/{vault}/certificates/{name}: the upload Az PowerShell's vault settings file cmdlet
   * makes (azure-powershell src/RecoveryServices/RecoveryServices/Common/
   * PSRecoveryServicesVaultExtendedInfoClient.cs @2471489c, UploadCertificate:
   * "certificateArgs.Properties.Certificate = managementCert.GetRawCertData();
   * certificateArgs.Properties.AuthType = AuthType.AAD;", named by the certificate's friendly name,
   * and Vault/GetAzureRMRecoveryServicesVaultSettingsFile.cs @f2eb70c3 for a given certificate:
   * "Properties = new RawCertificateData {Certificate = bytes, AuthType = AuthType.AAD}"). The answer
   * is ResourceCertificateAndAadDetails, whose fields the cmdlet copies into the file (AadAuthority,
   * AadTenantId, ServicePrincipalClientId, AzureManagementEndpointAudience, ResourceId).
   * Not modelled: the service-generated certificate that Terraform asks for with
   * `certificateCreateOptions: { validityInHours: 120 }` (terraform-provider-azurerm
   * recovery_services_vault_hyperv_host_registration_test.go @6fedf2c8), which the extension does
   * not send. The vault's channel integrity key plays no part here: Terraform's file carries an
   * empty one, and the lab's registration check (lab/control.ts) does not read it either.
   */
  private putCertificate(q: LabRequest): LabResponse {
    const v = this.findVault(q);
    const props = objectField(bodyObject(q.body), 'properties', 'properties')!;
    const authType = stringField(props, 'authType', 'properties.authType', true);
    if (authType !== 'AAD' && authType !== 'AccessControlService') {
      throw invalidField('properties.authType', `The authType '${authType}' is not valid: use AAD.`);
    }
    const certificate = stringField(props, 'certificate', 'properties.certificate', true);
    let cert: forge.pki.Certificate;
    try {
      const der = forge.util.decode64(certificate);
      cert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(der));
    } catch {
      throw invalidField('properties.certificate', 'The certificate is not a base64 DER-encoded X.509 certificate.');
    }
    const now = this.clock.now();
    if (cert.validity.notAfter.getTime() <= now) {
      throw invalidField('properties.certificate', 'The certificate has expired.');
    }
    const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
    const thumbprint = forge.md.sha1.create().update(der).digest().toHex().toUpperCase();
    const subject = cert.subject.attributes.map((a) => `${a.shortName ?? a.name ?? ''}=${String(a.value)}`).join(', ');
    v.certificates.set(key(q.params.certificate), {
      name: q.params.certificate,
      certificateBase64: certificate,
      thumbprint,
      subject,
      validFrom: cert.validity.notBefore,
      validTo: cert.validity.notAfter,
      resourceId: v.resourceId,
    });
    const base = q.baseUrl;
    return ok({
      name: q.params.certificate,
      type: 'Microsoft.RecoveryServices/vaults/certificates',
      id: `${armVaultId(this.state.subscriptionId, v.resourceGroup, v.name)}/certificates/${q.params.certificate}`,
      properties: {
        authType: 'AzureActiveDirectory',
        certificate: certificate,
        friendlyName: '',
        issuer: subject,
        resourceId: v.resourceId,
        subject,
        thumbprint,
        validFrom: cert.validity.notBefore.toISOString(),
        validTo: cert.validity.notAfter.toISOString(),
        aadAuthority: base,
        aadTenantId: this.state.tenantId,
        servicePrincipalClientId: createHash('md5').update(`sp${v.name}`).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
        servicePrincipalObjectId: createHash('md5').update(`spo${v.name}`).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
        azureManagementEndpointAudience: `${base}/`,
        aadAudience: `https://RecoveryServiceVault/${v.location}/${v.name}/${v.resourceId}`,
      },
    });
  }

  private extendedInfo(v: VaultState): object {
    return {
      id: `${armVaultId(this.state.subscriptionId, v.resourceGroup, v.name)}/extendedInformation/vaultExtendedInfo`,
      name: 'vaultExtendedInfo',
      type: 'Microsoft.RecoveryServices/vaults/extendedInformation',
      etag: null,
      properties: { integrityKey: v.extendedInfo!.integrityKey, encryptionKey: v.extendedInfo!.encryptionKey ?? null, encryptionKeyThumbprint: null, algorithm: v.extendedInfo!.algorithm },
    };
  }
}

/** ARM's int64 resource id of a vault (used in vault credentials): stable per name. */
export function newResourceId(name: string): number {
  return Number.parseInt(createHash('sha1').update(name.toLowerCase()).digest('hex').slice(0, 13), 16);
}
