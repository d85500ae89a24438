import { invalidField, notFound } from '../core/armError';
import { ok } from '../core/arm';
import { key } from '../state';
import { ArmRouteBase, RG } from '../arm/routeBase';
import { checkIpAddress, ipv4ToNumber } from './ipAvailability';

/**
 * What a readiness check asks Azure networking about a static IP (api-version family `network`):
 * `GET …/virtualNetworks/{vnet}/CheckIPAddressAvailability?ipAddress=` (VirtualNetworks_CheckIPAddressAvailability;
 * the path as in @azure/arm-network 36.0.0 dist/esm/operations/virtualNetworks.js). Subnet GET and
 * its 404 are in lab/arm/resourceRoutes.ts; a deleted subnet comes from the lab's control API.
 */
export class SubnetRoutes extends ArmRouteBase {
  register(): void {
    this.add('network', 'GET', `${RG}/providers/Microsoft.Network/virtualNetworks/{vnet}/CheckIPAddressAvailability`, 'virtualNetworks.checkIPAddressAvailability', (q) => {
      const rg = this.rg(q);
      const vnet = this.state.virtualNetworks.get(key(rg, q.params.vnet));
      if (!vnet) throw notFound('Microsoft.Network/virtualNetworks', q.params.vnet, rg);
      const asked = q.query.get('ipAddress');
      if (asked === null || asked === '') throw invalidField('ipAddress', "The query parameter 'ipAddress' is required.");
      const ip = ipv4ToNumber(asked);
      if (ip === undefined) throw invalidField('ipAddress', `'${asked}' is not a valid IPv4 address.`);
      return ok(checkIpAddress(vnet, ip));
    });
  }
}
