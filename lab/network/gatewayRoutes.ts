import { createHash } from 'node:crypto';
import { notFound } from '../core/armError';
import { ok, pageOf } from '../core/arm';
import { stableGuid, virtualNetworkArmId } from '../asr/ids';
import { ArmRouteBase, RG } from '../arm/routeBase';
import type { GatewayConnectionState, GatewayState, LabState, VirtualNetworkState } from '../state';

/**
 * What the client reconnection check reads from Azure networking (issue 16 §1; api-version family
 * `network`): the virtual network gateways of a resource group, a gateway's connections and each
 * connection's status. Paths as in @azure/arm-network 36.0.0 dist/commonjs/operations/
 * virtualNetworkGateways.js (`…/virtualNetworkGateways`, `…/virtualNetworkGateways/{name}`,
 * `…/virtualNetworkGateways/{name}/connections`) and virtualNetworkGatewayConnections.js
 * (`…/connections/{name}`). Read only: the lab creates no gateway (nor does the extension).
 *
 * Where a gateway lives: the spec's examples put it in the resource group of its network, its IP
 * configuration in the network's GatewaySubnet (SPEC-EX VirtualNetworkGatewayGet.json @114077a2:
 * `"subnet": { "id": "/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/GatewaySubnet" }`
 * for the gateway `/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworkGateways/vpngw`),
 * and so does the lab. That Azure requires the same resource group is UNVERIFIED (docs/azure-fidelity.md);
 * the extension matches a gateway to its network by that subnet id, not by the resource group's name.
 * The lab's networks do not list the GatewaySubnet among their subnets (UNVERIFIED simplification:
 * the enable wizard would offer it as a target subnet).
 */
export class GatewayRoutes extends ArmRouteBase {
  register(): void {
    const gw = `${RG}/providers/Microsoft.Network/virtualNetworkGateways`;
    this.add('network', 'GET', gw, 'virtualNetworkGateways.list', (q) => {
      const rg = this.rg(q);
      return pageOf(q, gatewaysIn(this.state, rg), (g) => this.gateway(g.network, g.gateway), this.pageSize);
    });
    this.add('network', 'GET', `${gw}/{gateway}`, 'virtualNetworkGateways.get', (q) => {
      const g = this.findGateway(this.rg(q), q.params.gateway);
      return ok(this.gateway(g.network, g.gateway));
    });
    this.add('network', 'GET', `${gw}/{gateway}/connections`, 'virtualNetworkGateways.listConnections', (q) => {
      const rg = this.rg(q);
      const g = this.findGateway(rg, q.params.gateway);
      return pageOf(q, g.gateway.connections, (c) => this.connectionListEntity(g.network, g.gateway, c), this.pageSize);
    });
    this.add('network', 'GET', `${RG}/providers/Microsoft.Network/connections/{connection}`, 'virtualNetworkGatewayConnections.get', (q) => {
      const rg = this.rg(q);
      for (const g of gatewaysIn(this.state, rg)) {
        const c = g.gateway.connections.find((x) => x.name.toLowerCase() === q.params.connection.toLowerCase());
        if (c) return ok(this.connection(g.network, g.gateway, c));
      }
      throw notFound('Microsoft.Network/connections', q.params.connection, rg);
    });
  }

  private findGateway(rg: string, name: string): { network: VirtualNetworkState; gateway: GatewayState } {
    const found = gatewaysIn(this.state, rg).find((g) => g.gateway.name.toLowerCase() === name.toLowerCase());
    if (!found) throw notFound('Microsoft.Network/virtualNetworkGateways', name, rg);
    return found;
  }

  private gatewayId(n: VirtualNetworkState, g: GatewayState): string {
    return `/subscriptions/${this.state.subscriptionId}/resourceGroups/${n.resourceGroup}/providers/Microsoft.Network/virtualNetworkGateways/${g.name}`;
  }

  private connectionId(n: VirtualNetworkState, c: GatewayConnectionState): string {
    return `/subscriptions/${this.state.subscriptionId}/resourceGroups/${n.resourceGroup}/providers/Microsoft.Network/connections/${c.name}`;
  }

  /**
   * A gateway as VirtualNetworkGateways_Get answers it (SPEC-EX VirtualNetworkGatewayGet.json @114077a2:
   * `"ipConfigurations": [{ "name": "gwipconfig1", … "properties": { "privateIPAllocationMethod": "Dynamic",
   * "publicIPAddress": {…}, "subnet": {…/subnets/GatewaySubnet} } }]`, `"sku": { "name": "VpnGw1", "tier": "VpnGw1" }`,
   * `"gatewayType": "Vpn"`, `"vpnType": "RouteBased"`, `"activeActive": false`); the NAT rules, BGP and
   * VPN client settings of the example are left out.
   */
  private gateway(n: VirtualNetworkState, g: GatewayState): object {
    const id = this.gatewayId(n, g);
    return {
      ...head(id, g.name, 'Microsoft.Network/virtualNetworkGateways', n.location),
      properties: {
        ...headProperties(id),
        ipConfigurations: [
          {
            name: 'default',
            id: `${id}/ipConfigurations/default`,
            etag: etag(id),
            properties: {
              provisioningState: 'Succeeded',
              privateIPAllocationMethod: 'Dynamic',
              publicIPAddress: { id: `/subscriptions/${this.state.subscriptionId}/resourceGroups/${n.resourceGroup}/providers/Microsoft.Network/publicIPAddresses/${g.name}-ip` },
              subnet: { id: `${virtualNetworkArmId(this.state.subscriptionId, n.resourceGroup, n.name)}/subnets/GatewaySubnet` },
            },
          },
        ],
        sku: { name: g.sku, tier: g.sku },
        gatewayType: g.gatewayType,
        ...(g.gatewayType === 'Vpn' ? { vpnType: 'RouteBased' } : {}),
        enableBgp: false,
        activeActive: false,
      },
    };
  }

  /**
   * A gateway's connection as VirtualNetworkGateways_ListConnections lists it (SPEC-EX
   * VirtualNetworkGatewaysListConnections.json @029741f2: `"type": "Microsoft.Network/connections"`,
   * `"virtualNetworkGateway1": { "id": … }`, `"connectionType": "Vnet2Vnet"`, `"routingWeight": 22`,
   * and no connectionStatus: the reader gets each connection for its status).
   */
  private connectionListEntity(n: VirtualNetworkState, g: GatewayState, c: GatewayConnectionState): object {
    const id = this.connectionId(n, c);
    return {
      ...head(id, c.name, 'Microsoft.Network/connections', n.location),
      properties: {
        ...headProperties(id),
        virtualNetworkGateway1: { id: this.gatewayId(n, g) },
        connectionType: c.connectionType,
        routingWeight: 0,
        enableBgp: false,
        usePolicyBasedTrafficSelectors: false,
        ipsecPolicies: [],
        trafficSelectorPolicies: [],
        ingressBytesTransferred: 0,
        egressBytesTransferred: 0,
      },
    };
  }

  /**
   * A connection as VirtualNetworkGatewayConnections_Get answers it (SPEC-EX VirtualNetworkGatewayConnectionGet.json
   * @c93887028: `"connectionType": "IPsec"`, `"connectionProtocol": "IKEv2"`, `"localNetworkGateway2": { "id": …/localNetworkGateways/localgw }`,
   * `"connectionStatus": "Connecting"`, `"connectionMode": "Default"`). The example's `sharedKey` is left
   * out: the lab never serves a secret, and the extension never reads one.
   */
  private connection(n: VirtualNetworkState, g: GatewayState, c: GatewayConnectionState): object {
    const entity = this.connectionListEntity(n, g, c) as { properties: object };
    const local = `/subscriptions/${this.state.subscriptionId}/resourceGroups/${n.resourceGroup}/providers/Microsoft.Network/localNetworkGateways/${c.name}-local`;
    return {
      ...entity,
      properties: {
        ...entity.properties,
        ...(c.connectionType === 'IPsec' ? { connectionProtocol: 'IKEv2', localNetworkGateway2: { id: local } } : {}),
        connectionStatus: c.connectionStatus,
        connectionMode: 'Default',
      },
    };
  }
}

/** Every gateway of the networks of a resource group. */
function gatewaysIn(state: LabState, rg: string): { network: VirtualNetworkState; gateway: GatewayState }[] {
  return [...state.virtualNetworks.values()]
    .filter((n) => n.resourceGroup.toLowerCase() === rg.toLowerCase())
    .flatMap((network) => (network.gateways ?? []).map((gateway) => ({ network, gateway })));
}

function etag(id: string): string {
  return `W/"${createHash('sha1').update(id).digest('hex').slice(0, 8)}"`;
}

/** What every network resource of the spec's examples opens with: name, id, etag, type, location. */
function head(id: string, name: string, type: string, location: string): object {
  return { name, id, etag: etag(id), type, location };
}

function headProperties(id: string): { provisioningState: string; resourceGuid: string } {
  return { provisioningState: 'Succeeded', resourceGuid: stableGuid(id) };
}
