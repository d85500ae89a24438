import { ok } from '../core/arm';
import { ArmRouteBase, S } from './routeBase';

/** Azure regions the lab knows, with display names (as ARM's locations list gives them). */
const regionNames: Record<string, string> = {
  westeurope: 'West Europe',
  northeurope: 'North Europe',
  eastus: 'East US',
  eastus2: 'East US 2',
  westus2: 'West US 2',
  centralus: 'Central US',
  uksouth: 'UK South',
  usgovvirginia: 'USGov Virginia',
  chinaeast2: 'China East 2',
};

/** Tenants, subscriptions and the subscription's locations. */
export class SubscriptionRoutes extends ArmRouteBase {
  register(): void {
    const st = this.state;

    // Subscriptions and tenants
    this.add('subscriptions', 'GET', '/tenants', 'tenants.list', () =>
      ok({
        value: [
          {
            id: `/tenants/${st.tenantId}`,
            tenantId: st.tenantId,
            tenantCategory: 'Home',
            displayName: 'Contoso (lab)',
            defaultDomain: 'contoso.onmicrosoft.com',
            tenantType: 'AAD',
          },
        ],
        nextLink: null,
      }),
    );
    this.add('subscriptions', 'GET', '/subscriptions', 'subscriptions.list', () => ok({ value: [this.subscription()], nextLink: null }));
    this.add('subscriptions', 'GET', S, 'subscriptions.get', (q) => {
      this.sub(q);
      return ok(this.subscription());
    });
    this.add('subscriptions', 'GET', `${S}/locations`, 'subscriptions.listLocations', (q) => {
      this.sub(q);
      return ok({ value: st.locations.map((l) => this.location(l)) });
    });
  }

  private location(name: string): object {
    return {
      id: `/subscriptions/${this.state.subscriptionId}/locations/${name}`,
      name,
      type: 'Region',
      displayName: regionNames[name] ?? name,
      regionalDisplayName: `(Europe) ${regionNames[name] ?? name}`,
      metadata: {
        regionType: 'Physical',
        regionCategory: 'Recommended',
        geographyGroup: 'Europe',
        latitude: '52.3667',
        longitude: '4.9',
        physicalLocation: 'Netherlands',
        pairedRegion: [],
      },
    };
  }

  private subscription(): object {
    const st = this.state;
    return {
      id: `/subscriptions/${st.subscriptionId}`,
      subscriptionId: st.subscriptionId,
      tenantId: st.tenantId,
      displayName: st.subscriptionName,
      state: 'Enabled',
      subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
      authorizationSource: 'RoleBased',
      managedByTenants: [],
    };
  }
}
