import { createHash } from 'node:crypto';
import { ArmError, invalidField, notFound } from '../core/armError';
import { ok, pageOf } from '../core/arm';
import { bodyObject, isObject, objectField, stringField } from '../core/body';
import type { LabRequest, LabResponse } from '../core/router';
import type { StorageAccountState, VirtualNetworkState } from '../state';
import { key } from '../state';
import { resourceGroupArmId, storageAccountArmId, virtualNetworkArmId } from '../asr/ids';
import { ArmRouteBase, RG, S } from './routeBase';

/** Resource groups, storage accounts, and virtual networks with their subnets. */
export class ResourceRoutes extends ArmRouteBase {
  register(): void {
    const st = this.state;

    // Resource groups
    this.add('resources', 'GET', `${S}/resourcegroups`, 'resourceGroups.list', (q) => {
      this.sub(q);
      return pageOf(q, [...st.resourceGroups.values()], (g) => this.resourceGroup(g.name), this.pageSize);
    });
    this.add('resources', 'GET', RG, 'resourceGroups.get', (q) => ok(this.resourceGroup(this.rg(q))));
    this.add('resources', 'HEAD', RG, 'resourceGroups.checkExistence', (q) => {
      this.sub(q);
      return { status: st.resourceGroups.has(key(q.params.rg)) ? 204 : 404 };
    });
    this.add('resources', 'PUT', RG, 'resourceGroups.createOrUpdate', (q) => this.putResourceGroup(q));

    // Storage accounts
    this.add('storage', 'GET', `${S}/providers/Microsoft.Storage/storageAccounts`, 'storageAccounts.list', (q) => {
      this.sub(q);
      return pageOf(q, [...st.storageAccounts.values()], (a) => this.storageAccount(a), this.pageSize);
    });
    this.add('storage', 'GET', `${RG}/providers/Microsoft.Storage/storageAccounts`, 'storageAccounts.listByResourceGroup', (q) => {
      const rg = this.rg(q);
      return pageOf(
        q,
        [...st.storageAccounts.values()].filter((a) => a.resourceGroup.toLowerCase() === rg.toLowerCase()),
        (a) => this.storageAccount(a),
        this.pageSize,
      );
    });
    this.add('storage', 'GET', `${RG}/providers/Microsoft.Storage/storageAccounts/{name}`, 'storageAccounts.getProperties', (q) => {
      const rg = this.rg(q);
      const a = st.storageAccounts.get(key(rg, q.params.name));
      if (!a) throw notFound('Microsoft.Storage/storageAccounts', q.params.name, rg);
      return ok(this.storageAccount(a));
    });
    this.add('storage', 'PUT', `${RG}/providers/Microsoft.Storage/storageAccounts/{name}`, 'storageAccounts.create', (q) => this.putStorageAccount(q));
    this.add('storage', 'POST', `${S}/providers/Microsoft.Storage/checkNameAvailability`, 'storageAccounts.checkNameAvailability', (q) => {
      this.sub(q);
      const name = stringField(bodyObject(q.body), 'name', 'name', true);
      return ok(this.storageNameAvailability(name));
    });

    // Virtual networks
    this.add('network', 'GET', `${S}/providers/Microsoft.Network/virtualNetworks`, 'virtualNetworks.listAll', (q) => {
      this.sub(q);
      return pageOf(q, [...st.virtualNetworks.values()], (n) => this.virtualNetwork(n), this.pageSize);
    });
    this.add('network', 'GET', `${RG}/providers/Microsoft.Network/virtualNetworks`, 'virtualNetworks.list', (q) => {
      const rg = this.rg(q);
      return pageOf(
        q,
        [...st.virtualNetworks.values()].filter((n) => n.resourceGroup.toLowerCase() === rg.toLowerCase()),
        (n) => this.virtualNetwork(n),
        this.pageSize,
      );
    });
    this.add('network', 'GET', `${RG}/providers/Microsoft.Network/virtualNetworks/{vnet}`, 'virtualNetworks.get', (q) => ok(this.virtualNetwork(this.vnet(q))));
    this.add('network', 'GET', `${RG}/providers/Microsoft.Network/virtualNetworks/{vnet}/subnets`, 'subnets.list', (q) => {
      const n = this.vnet(q);
      return pageOf(q, n.subnets, (s) => this.subnet(n, s), this.pageSize);
    });
    this.add('network', 'GET', `${RG}/providers/Microsoft.Network/virtualNetworks/{vnet}/subnets/{subnet}`, 'subnets.get', (q) => {
      const n = this.vnet(q);
      const s = n.subnets.find((x) => x.name.toLowerCase() === q.params.subnet.toLowerCase());
      if (!s) throw notFound('Microsoft.Network/virtualNetworks/subnets', `${n.name}/${q.params.subnet}`, n.resourceGroup);
      return ok(this.subnet(n, s));
    });
  }

  private vnet(q: LabRequest): VirtualNetworkState {
    const rg = this.rg(q);
    const n = this.state.virtualNetworks.get(key(rg, q.params.vnet));
    if (!n) throw notFound('Microsoft.Network/virtualNetworks', q.params.vnet, rg);
    return n;
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
      throw invalidField(
        'resourceGroupName',
        `The resource group name '${name}' is not valid: use up to 90 letters, digits, underscores, hyphens, periods or parentheses, not ending in a period.`,
      );
    }
    const location = this.requireLocation(stringField(body, 'location', 'location', true), 'location');
    const existing = this.state.resourceGroups.get(key(name));
    const tags = isObject(body.tags) ? (body.tags as Record<string, string>) : {};
    if (existing) {
      if (existing.location !== location) {
        throw new ArmError(
          409,
          'InvalidResourceGroupLocation',
          `Invalid resource group location '${location}'. The Resource group already exists in location '${existing.location}'.`,
        );
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
        primaryEndpoints: {
          blob: `https://${a.name}.blob.core.windows.net/`,
          queue: `https://${a.name}.queue.core.windows.net/`,
          table: `https://${a.name}.table.core.windows.net/`,
          file: `https://${a.name}.file.core.windows.net/`,
        },
      },
    };
  }

  private storageNameAvailability(name: string): object {
    if (!/^[a-z0-9]{3,24}$/.test(name)) {
      return {
        nameAvailable: false,
        reason: 'AccountNameInvalid',
        message: `${name} is not a valid storage account name. Storage account name must be between 3 and 24 characters in length and use numbers and lower-case letters only.`,
      };
    }
    const taken = [...this.state.storageAccounts.values()].some((a) => a.name === name);
    return taken ? { nameAvailable: false, reason: 'AlreadyExists', message: `The storage account named ${name} is already taken.` } : { nameAvailable: true };
  }

  private putStorageAccount(q: LabRequest): LabResponse {
    const rg = this.rg(q);
    const name = q.params.name;
    const body = bodyObject(q.body);
    const availability = this.storageNameAvailability(name) as { nameAvailable: boolean; reason?: string; message?: string };
    const existing = this.state.storageAccounts.get(key(rg, name));
    if (!existing && !availability.nameAvailable) {
      throw new ArmError(
        availability.reason === 'AlreadyExists' ? 409 : 400,
        availability.reason === 'AlreadyExists' ? 'StorageAccountAlreadyTaken' : 'AccountNameInvalid',
        availability.message ?? 'Invalid name',
        { target: 'accountName' },
      );
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
        // DhcpOptions "dnsServers: The list of DNS servers IP addresses." (@azure/arm-network 36.0.0 models);
        // none set reads `"dhcpOptions": { "dnsServers": [] }` in azure-docs' az network vnet outputs (UNVERIFIED for GET).
        dhcpOptions: { dnsServers: n.dnsServers ?? [] },
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
      etag: `W/"${createHash('sha1')
        .update(n.name + s.name)
        .digest('hex')
        .slice(0, 8)}"`,
      properties: {
        provisioningState: 'Succeeded',
        addressPrefix: s.addressPrefix,
        delegations: [],
        privateEndpointNetworkPolicies: 'Disabled',
        privateLinkServiceNetworkPolicies: 'Enabled',
      },
    };
  }
}
