import { CatalogueRoutes } from '../compute/catalogueRoutes';
import { VirtualMachineRoutes } from '../compute/virtualMachineRoutes';
import { GatewayRoutes } from '../network/gatewayRoutes';
import { SubnetRoutes } from '../network/subnetRoutes';
import { NicRoutes } from '../network/nicRoutes';
import { AccessRoutes } from './accessRoutes';
import { ResourceRoutes } from './resourceRoutes';
import { ArmRouteBase } from './routeBase';
import { SubscriptionRoutes } from './subscriptionRoutes';
import { VaultRoutes } from './vaultRoutes';

/**
 * The generic ARM side of the lab: subscriptions, locations, resource groups, storage accounts,
 * virtual networks, Recovery Services vaults, vault certificates and extended info, and Azure
 * Compute reads (lab/compute), the network checks of a static IP and the gateways and their
 * connections (lab/network).
 */
export class ArmRoutes extends ArmRouteBase {
  register(): void {
    // One family after another, in the order the router tries them.
    for (const Family of [SubscriptionRoutes, AccessRoutes, ResourceRoutes, VaultRoutes, VirtualMachineRoutes, CatalogueRoutes, SubnetRoutes, GatewayRoutes, NicRoutes]) {
      new Family(this.state, this.clock, this.router, this.pageSize).register();
    }
  }
}
