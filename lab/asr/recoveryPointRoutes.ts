import { notFound } from '../core/armError';
import { newestFirstKey, ok, pageOf } from '../core/arm';
import { key } from '../state';
import { AsrRouteBase, PI } from './routeBase';

/** The recovery points of a protected item, the ones a failover starts from. */
export class RecoveryPointRoutes extends AsrRouteBase {
  register(): void {
    // Recovery points
    this.add('GET', `${PI}/recoveryPoints`, 'recoveryPoints.listByReplicationProtectedItems', (q) => {
      const { v, f, item } = this.item(q);
      const policy = v.policies.get(key(item.policyName));
      return pageOf(
        q,
        this.engine.recoveryPoints(item, policy),
        (rp) => this.wire.recoveryPoint(v, f, item, rp),
        this.options.pageSize,
        '$skipToken',
        (rp) => newestFirstKey(rp.time, rp.name),
      );
    });
    this.add('GET', `${PI}/recoveryPoints/{rp}`, 'recoveryPoints.get', (q) => {
      const { v, f, item } = this.item(q);
      const policy = v.policies.get(key(item.policyName));
      const rp = this.engine.recoveryPoints(item, policy).find((p) => p.name.toLowerCase() === q.params.rp.toLowerCase());
      if (!rp)
        throw notFound('Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems/recoveryPoints', q.params.rp, q.params.rg);
      return ok(this.wire.recoveryPoint(v, f, item, rp));
    });
  }
}
