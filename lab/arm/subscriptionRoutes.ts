import { ok } from '../core/arm';
import { ArmRouteBase, S } from './routeBase';

/**
 * Azure regions the lab knows, as ARM's locations list gives them: display name, geography group
 * (the prefix of regionalDisplayName), geography, physical location, coordinates and paired region.
 * The shape and the US values are those of the REST spec's example for Subscriptions_ListLocations
 * (Azure/azure-rest-api-specs, specification/resources/resource-manager/Microsoft.Resources/
 * subscriptions/stable/2022-12-01/examples/GetLocations.json @735785d7):
 *   "name": "eastus", "displayName": "East US", "regionalDisplayName": "(US) East US",
 *   "metadata": { "regionType": "Physical", "regionCategory": "Recommended", "geography": "United States",
 *   "geographyGroup": "US", "longitude": "-79.8164", "latitude": "37.3719", "physicalLocation": "Virginia",
 *   "pairedRegion": [{ "name": "westus", … }] }
 * The UK's group is "UK" (a recorded `az account list-locations` answer: "regionalDisplayName":
 * "(UK) UK South", "geographyGroup": "UK", "physicalLocation": "London"); China's regions are listed
 * as "(Asia Pacific) China East 2" (Azure Files' region lists). The European and other US regions
 * follow the same form; the US Government region's group ("US") is assumed, not recorded, and the
 * coordinates outside the spec's example are approximate (nothing in the extension reads them).
 */
interface Region {
  displayName: string;
  geographyGroup: string;
  geography: string;
  physicalLocation: string;
  latitude: string;
  longitude: string;
  pairedRegion: string;
}

const regions: Record<string, Region> = {
  westeurope: {
    displayName: 'West Europe',
    geographyGroup: 'Europe',
    geography: 'Europe',
    physicalLocation: 'Netherlands',
    latitude: '52.3667',
    longitude: '4.9',
    pairedRegion: 'northeurope',
  },
  northeurope: {
    displayName: 'North Europe',
    geographyGroup: 'Europe',
    geography: 'Europe',
    physicalLocation: 'Ireland',
    latitude: '53.3478',
    longitude: '-6.2597',
    pairedRegion: 'westeurope',
  },
  eastus: {
    displayName: 'East US',
    geographyGroup: 'US',
    geography: 'United States',
    physicalLocation: 'Virginia',
    latitude: '37.3719',
    longitude: '-79.8164',
    pairedRegion: 'westus',
  },
  eastus2: {
    displayName: 'East US 2',
    geographyGroup: 'US',
    geography: 'United States',
    physicalLocation: 'Virginia',
    latitude: '36.6681',
    longitude: '-78.3889',
    pairedRegion: 'centralus',
  },
  westus2: {
    displayName: 'West US 2',
    geographyGroup: 'US',
    geography: 'United States',
    physicalLocation: 'Washington',
    latitude: '47.233',
    longitude: '-119.852',
    pairedRegion: 'westcentralus',
  },
  centralus: {
    displayName: 'Central US',
    geographyGroup: 'US',
    geography: 'United States',
    physicalLocation: 'Iowa',
    latitude: '41.5908',
    longitude: '-93.6208',
    pairedRegion: 'eastus2',
  },
  uksouth: {
    displayName: 'UK South',
    geographyGroup: 'UK',
    geography: 'United Kingdom',
    physicalLocation: 'London',
    latitude: '50.941',
    longitude: '-0.799',
    pairedRegion: 'ukwest',
  },
  usgovvirginia: {
    displayName: 'USGov Virginia',
    geographyGroup: 'US',
    geography: 'United States',
    physicalLocation: 'Virginia',
    latitude: '37.3719',
    longitude: '-79.8164',
    pairedRegion: 'usgovtexas',
  },
  chinaeast2: {
    displayName: 'China East 2',
    geographyGroup: 'Asia Pacific',
    geography: 'China',
    physicalLocation: 'Shanghai',
    latitude: '31.2304',
    longitude: '121.4737',
    pairedRegion: 'chinanorth2',
  },
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
    const sub = `/subscriptions/${this.state.subscriptionId}`;
    const r = regions[name];
    // A region the lab does not describe keeps its name and no geography (never a wrong one).
    if (!r) return { id: `${sub}/locations/${name}`, name, type: 'Region', displayName: name, regionalDisplayName: name, metadata: { regionType: 'Physical' } };
    return {
      id: `${sub}/locations/${name}`,
      name,
      type: 'Region',
      displayName: r.displayName,
      regionalDisplayName: `(${r.geographyGroup}) ${r.displayName}`,
      metadata: {
        regionType: 'Physical',
        regionCategory: 'Recommended',
        geography: r.geography,
        geographyGroup: r.geographyGroup,
        latitude: r.latitude,
        longitude: r.longitude,
        physicalLocation: r.physicalLocation,
        pairedRegion: [{ name: r.pairedRegion, id: `${sub}/locations/${r.pairedRegion}` }],
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
