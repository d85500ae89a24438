// What Azure networking says about a failover's target networks, for the client reconnection check
// (src/networking/reconnection.ts judges it): each network's DNS servers (dhcpOptions.dnsServers),
// its peerings that use a remote gateway, and the virtual network gateways in its GatewaySubnet with
// each connection's type and status. Reads only: the extension never creates a gateway.
//
// Calls (@azure/arm-network 36.0.0): virtualNetworks.get; virtualNetworkGateways.list (the gateways
// of the network's resource group, read once per group), kept when one of its ipConfigurations[]
// has `subnet.id` in the network (SPEC-EX VirtualNetworkGatewayGet.json @114077a2:
// `"subnet": { "id": "…/virtualNetworks/vnet1/subnets/GatewaySubnet" }`); virtualNetworkGateways
// .listConnections, then virtualNetworkGatewayConnections.get for each, since the list's example
// carries no connectionStatus (SPEC-EX VirtualNetworkGatewaysListConnections.json @029741f2) and the
// get's does (VirtualNetworkGatewayConnectionGet.json @c93887028: `"connectionStatus": "Connecting"`).
import type { VirtualNetwork, VirtualNetworkGateway } from '@azure/arm-network';
import { tryParseArmId } from '../../model/armId';
import type { ConnectionFact, GatewayFact, NetworkReach } from '../../networking/reconnection';
import { nameOfId } from '../../networking/reconnection';
import type { AzureContext } from './clients';
import { networkClient } from './clients';
import { toAzureOperationError } from './errors';
import { collectAll } from './paging';

function contextFor(ctx: AzureContext, subscriptionId: string): AzureContext {
  return subscriptionId.toLowerCase() === ctx.subscriptionId.toLowerCase() ? ctx : { ...ctx, subscriptionId };
}

/** A string field as Azure sent it, or '' when it is absent or not a string (an answer is never trusted). */
function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function belongsTo(gateway: VirtualNetworkGateway, vnetId: string): boolean {
  const prefix = `${vnetId.toLowerCase()}/subnets/`;
  const configs: unknown = gateway.ipConfigurations;
  return Array.isArray(configs) && (gateway.ipConfigurations ?? []).some((c) => text(c.subnet?.id).toLowerCase().startsWith(prefix));
}

function peersWithRemoteGateway(vnet: VirtualNetwork): string[] {
  const peerings: unknown = vnet.virtualNetworkPeerings;
  return (Array.isArray(peerings) ? (vnet.virtualNetworkPeerings ?? []) : [])
    .filter((p) => p.useRemoteGateways === true && text(p.peeringState).toLowerCase() === 'connected')
    .map((p) => nameOfId(text(p.remoteVirtualNetwork?.id) || text(p.name)))
    .filter((n) => n !== '');
}

/** dhcpOptions.dnsServers, the strings only (absent: Azure-provided DNS). */
function dnsServersOf(vnet: VirtualNetwork): string[] {
  const servers: unknown = vnet.dhcpOptions?.dnsServers;
  return Array.isArray(servers) ? servers.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];
}

/** Reads of one call: the gateways of each resource group, read once. */
class ReachReader {
  private readonly gatewaysByGroup = new Map<string, Promise<VirtualNetworkGateway[]>>();

  constructor(private readonly ctx: AzureContext) {}

  private gatewaysOf(subscriptionId: string, resourceGroup: string): Promise<VirtualNetworkGateway[]> {
    const key = `${subscriptionId}/${resourceGroup}`.toLowerCase();
    let read = this.gatewaysByGroup.get(key);
    if (!read) {
      read = collectAll(networkClient(contextFor(this.ctx, subscriptionId)).virtualNetworkGateways.list(resourceGroup));
      this.gatewaysByGroup.set(key, read);
    }
    return read;
  }

  private async connectionsOf(subscriptionId: string, resourceGroup: string, gateway: string): Promise<ConnectionFact[]> {
    const client = networkClient(contextFor(this.ctx, subscriptionId));
    const listed = await collectAll(client.virtualNetworkGateways.listConnections(resourceGroup, gateway));
    return Promise.all(
      listed.map(async (entry): Promise<ConnectionFact> => {
        const where = tryParseArmId(entry.id);
        const name = text(entry.name) || nameOfId(text(entry.id));
        const full = await networkClient(contextFor(this.ctx, where?.subscriptionId ?? subscriptionId)).virtualNetworkGatewayConnections.get(
          where?.resourceGroup ?? resourceGroup,
          name,
        );
        return { name, connectionType: text(full.connectionType) || text(entry.connectionType), status: text(full.connectionStatus) };
      }),
    );
  }

  async read(vnetId: string): Promise<NetworkReach> {
    const name = nameOfId(vnetId);
    const p = tryParseArmId(vnetId);
    const segment = p?.segments[0];
    if (p?.resourceGroup === undefined || segment === undefined || segment.type.toLowerCase() !== 'virtualnetworks') {
      return { state: 'error', networkId: vnetId, name, message: `"${vnetId}" is not a virtual network id.` };
    }
    const { subscriptionId, resourceGroup } = p;
    let vnet: VirtualNetwork;
    try {
      vnet = await networkClient(contextFor(this.ctx, subscriptionId)).virtualNetworks.get(resourceGroup, segment.name);
    } catch (e) {
      // A 404 (the network or its resource group deleted) is a missing network, as readiness reads it.
      const err = toAzureOperationError(e);
      return err.statusCode === 404 ? { state: 'missing', networkId: vnetId, name } : { state: 'error', networkId: vnetId, name, message: err.message };
    }
    try {
      const id = text(vnet.id) || vnetId;
      const gateways: GatewayFact[] = [];
      for (const g of (await this.gatewaysOf(subscriptionId, resourceGroup)).filter((x) => belongsTo(x, id))) {
        const gatewayName = text(g.name) || nameOfId(text(g.id));
        gateways.push({ name: gatewayName, gatewayType: text(g.gatewayType), connections: await this.connectionsOf(subscriptionId, resourceGroup, gatewayName) });
      }
      return {
        state: 'found',
        networkId: vnetId,
        name: text(vnet.name) || name,
        dnsServers: dnsServersOf(vnet),
        gateways,
        remoteGatewayPeers: peersWithRemoteGateway(vnet),
      };
    } catch (e) {
      return { state: 'error', networkId: vnetId, name, message: toAzureOperationError(e).message };
    }
  }
}

/**
 * What Azure says about each network (one answer per distinct id, case-insensitive, in the order
 * given). A network that answers 404 is `missing`; any other failure is an `error` with its
 * readable message (no stack, no token): one network's failure never hides the others.
 */
export async function readNetworkReach(ctx: AzureContext, vnetIds: readonly string[]): Promise<NetworkReach[]> {
  const seen = new Set<string>();
  const ids = vnetIds.filter((id) => {
    const k = id.toLowerCase();
    if (id.trim() === '' || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const reader = new ReachReader(ctx);
  return Promise.all(ids.map((id) => reader.read(id)));
}
