import { VirtualMachineRoutes } from '../compute/virtualMachineRoutes';
import { AccessRoutes } from './accessRoutes';
import { ResourceRoutes } from './resourceRoutes';
import { ArmRouteBase } from './routeBase';
import { SubscriptionRoutes } from './subscriptionRoutes';
import { VaultRoutes } from './vaultRoutes';

/**
 * The generic ARM side of the lab: subscriptions, locations, resource groups, storage accounts,
 * virtual networks, Recovery Services vaults, vault certificates and extended info, and Azure
 * Compute reads (lab/compute).
 */
export class ArmRoutes extends ArmRouteBase {
  register(): void {
    // One family after another, in the order the router tries them.
    for (const Family of [SubscriptionRoutes, AccessRoutes, ResourceRoutes, VaultRoutes, VirtualMachineRoutes]) {
      new Family(this.state, this.clock, this.router, this.pageSize).register();
    }
  }
}
