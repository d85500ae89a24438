import { FabricRoutes } from './fabricRoutes';
import { FailoverRoutes } from './failoverRoutes';
import { JobRoutes } from './jobRoutes';
import { PolicyRoutes } from './policyRoutes';
import { ProtectedItemRoutes } from './protectedItemRoutes';
import { ProtectionRoutes } from './protectionRoutes';
import { RecoveryPlanRoutes } from './recoveryPlanRoutes';
import { RecoveryPointRoutes } from './recoveryPointRoutes';
import { AsrRouteBase } from './routeBase';

/** The Site Recovery REST API of the lab (api-version family `siteRecovery`). */
export class AsrRoutes extends AsrRouteBase {
  register(): void {
    // One family after another, in the order the router tries them.
    for (const Family of [FabricRoutes, PolicyRoutes, ProtectedItemRoutes, FailoverRoutes, ProtectionRoutes, RecoveryPointRoutes, RecoveryPlanRoutes, JobRoutes]) {
      new Family(this.state, this.engine, this.wire, this.clock, this.router, this.options).register();
    }
  }
}
