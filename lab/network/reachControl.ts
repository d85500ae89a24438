/**
 * POST /_lab/networks/reach `{id, dnsServers?, gateways?}`: what makes clients reconnect to a virtual
 * network after a failover, changed by a test (docs/lab.md): its DNS servers (`[]`: Azure-provided DNS)
 * and its gateways with their connections (`[]`: none), each replacing what the network had when
 * given. Scenarios set the same at start (`virtualNetworks[].dnsServers`, `virtualNetworks[].gateways`).
 */
import { ArmError, invalidField } from '../core/armError';
import { isObject, stringField, type Json } from '../core/body';
import type { LabResponse } from '../core/router';
import type { GatewayConnectionState, GatewayState, LabState } from '../state';
import { key } from '../state';

const gatewayTypes = ['Vpn', 'ExpressRoute'];
const connectionTypes = ['IPsec', 'ExpressRoute', 'Vnet2Vnet', 'VPNClient'];
const connectionStatuses = ['Connected', 'Connecting', 'NotConnected', 'Unknown'];

function oneOfField(o: Json, name: string, target: string, allowed: readonly string[]): string {
  const v = stringField(o, name, target, true);
  if (!allowed.includes(v)) throw invalidField(target, `${target} must be one of ${allowed.join(', ')}.`);
  return v;
}

function connectionOf(c: unknown, target: string): GatewayConnectionState {
  if (!isObject(c)) throw invalidField(target, `${target} must be an object.`);
  return {
    name: stringField(c, 'name', `${target}.name`, true),
    connectionType: oneOfField(c, 'connectionType', `${target}.connectionType`, connectionTypes),
    connectionStatus: oneOfField(c, 'connectionStatus', `${target}.connectionStatus`, connectionStatuses),
  };
}

function gatewayOf(g: unknown, target: string): GatewayState {
  if (!isObject(g)) throw invalidField(target, `${target} must be an object.`);
  const connections = g.connections ?? [];
  if (!Array.isArray(connections)) throw invalidField(`${target}.connections`, `${target}.connections must be an array.`);
  return {
    name: stringField(g, 'name', `${target}.name`, true),
    gatewayType: oneOfField(g, 'gatewayType', `${target}.gatewayType`, gatewayTypes),
    sku: stringField(g, 'sku', `${target}.sku`) ?? 'VpnGw1',
    connections: connections.map((c, i) => connectionOf(c, `${target}.connections[${i}]`)),
  };
}

export function setNetworkReach(state: LabState, body: Json): LabResponse {
  const id = stringField(body, 'id', 'id', true);
  const m = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)\/?$/i.exec(id);
  if (!m) throw invalidField('id', `'${id}' is not the id of a virtual network.`);
  const vnet = state.virtualNetworks.get(key(m[1], m[2]));
  if (!vnet) throw new ArmError(404, 'NotFound', `The lab has no virtual network '${m[2]}' in '${m[1]}'.`);
  if (body.dnsServers !== undefined) {
    if (!Array.isArray(body.dnsServers) || !body.dnsServers.every((s): s is string => typeof s === 'string'))
      throw invalidField('dnsServers', 'dnsServers must be an array of IP addresses.');
    vnet.dnsServers = [...body.dnsServers];
  }
  if (body.gateways !== undefined) {
    if (!Array.isArray(body.gateways)) throw invalidField('gateways', 'gateways must be an array.');
    vnet.gateways = body.gateways.map((g, i) => gatewayOf(g, `gateways[${i}]`));
  }
  return { status: 200, body: { id, dnsServers: vnet.dnsServers ?? [], gateways: vnet.gateways ?? [] } };
}
