import { ArmError, invalidField } from '../core/armError';
import type { LabClock } from '../core/clock';
import type { ApiFamily, LabRequest, LabResponse, Router } from '../core/router';
import type { LabState } from '../state';
import { key } from '../state';

export const S = '/subscriptions/{sub}';
export const RG = `${S}/resourceGroups/{rg}`;

/**
 * What every family of the lab's Resource Manager routes shares: the lab's state, the lookups of
 * the subscription and resource group a URL names (ARM's 404s) and the check of a location.
 */
export abstract class ArmRouteBase {
  constructor(
    protected readonly state: LabState,
    protected readonly clock: LabClock,
    protected readonly router: Router,
    protected readonly pageSize: number,
  ) {}

  /** Adds this family's routes to the router. */
  abstract register(): void;

  /** Adds one route of an api-version family. */
  protected add(family: ApiFamily, method: string, pattern: string, op: string, h: (q: LabRequest) => LabResponse): void {
    this.router.add(method, pattern, op, family, h);
  }

  protected sub(q: LabRequest): void {
    if (q.params.sub.toLowerCase() !== this.state.subscriptionId.toLowerCase()) {
      throw new ArmError(404, 'SubscriptionNotFound', `The subscription '${q.params.sub}' could not be found.`);
    }
  }

  protected rg(q: LabRequest): string {
    this.sub(q);
    const g = this.state.resourceGroups.get(key(q.params.rg));
    if (!g) throw new ArmError(404, 'ResourceGroupNotFound', `Resource group '${q.params.rg}' could not be found.`);
    return g.name;
  }

  protected requireLocation(location: string | undefined, target: string): string {
    if (!location) throw invalidField(target, `The field '${target}' is required.`);
    const found = this.state.locations.find((l) => l.toLowerCase() === location.replace(/\s/g, '').toLowerCase());
    if (!found)
      throw new ArmError(
        400,
        'LocationNotAvailableForResourceType',
        `The provided location '${location}' is not available for this subscription. List of available regions is '${this.state.locations.join(',')}'.`,
        { target },
      );
    return found;
  }
}
