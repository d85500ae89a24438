import { ArmError } from '../core/armError';
import { ok } from '../core/arm';
import type { LabRequest } from '../core/router';
import { ArmRouteBase, S } from '../arm/routeBase';
import { resourceSkus, usages } from './computeCatalogue';

/**
 * What a readiness check asks Azure Compute about a region (api-version family `compute`): the
 * regional vCPU usage (Usage_List) and the VM sizes offered (ResourceSkus_List);
 * lab/compute/computeCatalogue.ts has the catalogue and its sources.
 */
export class CatalogueRoutes extends ArmRouteBase {
  register(): void {
    this.add('compute', 'GET', `${S}/providers/Microsoft.Compute/locations/{location}/usages`, 'usage.list', (q) => {
      this.sub(q);
      const location = this.requireLocation(q.params.location, 'location');
      return ok({ value: usages(this.state, location) });
    });
    this.add('compute', 'GET', `${S}/providers/Microsoft.Compute/skus`, 'resourceSkus.list', (q) => {
      this.sub(q);
      return ok({ value: this.locations(q).flatMap((l) => resourceSkus(this.state, l)) });
    });
  }

  /**
   * skus.json 2021-07-01: "$filter … Only **location** filter is supported currently." Without a
   * filter, every location of the subscription.
   */
  private locations(q: LabRequest): string[] {
    const filter = q.query.get('$filter');
    if (filter === null || filter.trim() === '') return this.state.locations;
    const m = /^\s*location\s+eq\s+'([^']+)'\s*$/i.exec(filter);
    if (!m) throw new ArmError(400, 'InvalidFilter', `The $filter '${filter}' is not supported: only "location eq '<region>'" is.`, { target: '$filter' });
    return [this.requireLocation(m[1], '$filter')];
  }
}
