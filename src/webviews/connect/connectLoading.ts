// What the Connect wizard loads from Azure for its pages: the subscriptions, regions, resource
// groups, storage accounts and vaults (each list kept for the subscription, resource group and
// region it was read for), the defaults they suggest, and whether a new storage account name is
// free, checked as it is typed. Pure: no vscode; the Azure calls come in as ConnectServices.

import * as l10n from '@vscode/l10n';
import { failureText, withStop } from '../../model/failureText';
import type { StorageAccountSummary, StorageNameCheck } from '../../services/azure/storage';
import { validateStorageAccountName } from '../../services/azure/storage';
import type { LocationSummary, ResourceGroupSummary, SubscriptionSummary } from '../../services/azure/subscriptions';
import type { VaultSummary } from '../../services/azure/vaults';
import type { ConnectPage, ConnectState, Known, ResourcePick } from './connectModel';
import { choiceOf, choose, sameRegion } from './connectModel';
import type { ConnectServices, SubscriptionContext } from './connectServices';

export const disabledSubscriptionStates = new Set(['disabled', 'deleted']);

export const lower = (x: string): string => x.toLowerCase();

/** A list, with the place (subscription, resource group, region) it was read for. */
export interface Keyed<T> {
  at: string;
  items: T[];
}

/** The items of a list when it was read for `at`, else undefined. */
export function current<T>(list: Keyed<T> | undefined, at: string): T[] | undefined {
  return list && list.at === at ? list.items : undefined;
}

export function rgName(st: ConnectState): string {
  return choiceOf(st.resourceGroup)?.name ?? '';
}

export function subKey(st: ConnectState): string {
  return lower(st.subscriptionId ?? '');
}

function rgKey(st: ConnectState): string {
  return `${subKey(st)}/${lower(rgName(st))}`;
}

function storageKey(st: ConnectState): string {
  return `${rgKey(st)}/${lower(st.region ?? '')}`;
}

/** One list to load: what the page says meanwhile, what it says when it fails, the loading. */
export interface ListLoad {
  text: string;
  failure: string;
  run: () => Promise<void>;
}

/** Runs one load; a failure says what could not be listed and offers "Try again". */
export async function runLoad(l: ListLoad): Promise<void> {
  try {
    await l.run();
  } catch (e) {
    throw new Error(l10n.t('{0}: {1} Select "Try again".', l.failure, withStop(failureText(e))));
  }
}

/** The lists read for a place (a subscription, resource group or region), by name. */
interface KeyedItems {
  locations: LocationSummary;
  resourceGroups: ResourceGroupSummary;
  storageAccounts: StorageAccountSummary;
  vaults: VaultSummary;
}

type KeyedLists = { [K in keyof KeyedItems]: Keyed<KeyedItems[K]> | undefined };

const noLists = (): KeyedLists => ({ locations: undefined, resourceGroups: undefined, storageAccounts: undefined, vaults: undefined });

/** The list each page shows. */
const pageLists: Partial<Record<ConnectPage, keyof KeyedItems>> = {
  region: 'locations',
  resourceGroup: 'resourceGroups',
  storage: 'storageAccounts',
  vault: 'vaults',
};

/** Where a preselected region comes from: the one region of the subscription's vaults, else of its resource groups. */
export interface RegionSuggestion {
  region: string;
  from: 'vault' | 'resourceGroup';
  /** The names of the vaults or resource groups in that region. */
  names: string[];
}

/** The one region all these resources are in (undefined when there are none, or several regions). */
function oneRegion(items: readonly { name: string; location: string }[]): string | undefined {
  const first = items[0]?.location;
  return first !== undefined && items.every((i) => sameRegion(i.location, first)) ? first : undefined;
}

/** The lists the wizard has loaded, each for the choices it was read for. */
export class ConnectLists {
  private subscriptionList: SubscriptionSummary[] | undefined;
  private lists = noLists();
  /** Every vault of the subscription (any resource group), read for the region page's default only. */
  private subscriptionVaults: Keyed<VaultSummary> | undefined;

  constructor(private readonly services: ConnectServices) {}

  subscriptions(): SubscriptionSummary[] | undefined {
    return this.subscriptionList;
  }

  locations(st: ConnectState): LocationSummary[] | undefined {
    return current(this.lists.locations, subKey(st));
  }

  resourceGroups(st: ConnectState): ResourceGroupSummary[] | undefined {
    return current(this.lists.resourceGroups, subKey(st));
  }

  storageAccounts(st: ConnectState): StorageAccountSummary[] | undefined {
    return current(this.lists.storageAccounts, storageKey(st));
  }

  vaults(st: ConnectState): VaultSummary[] | undefined {
    return current(this.lists.vaults, rgKey(st));
  }

  /** Whether the chosen resource group exists in Azure (an existing one, or a new one this wizard made). */
  rgExists(st: ConnectState): boolean {
    const name = rgName(st);
    const groups = this.resourceGroups(st);
    return name !== '' && (groups?.some((g) => lower(g.name) === lower(name)) ?? false);
  }

  /** Whether the subscription's list of regions offers the chosen one (a restored wizard's check). */
  offersRegion(st: ConnectState): boolean {
    const region = st.region;
    return region !== undefined && this.locations(st)?.some((l) => sameRegion(l.name, region)) === true;
  }

  regionName(st: ConnectState, name: string): string {
    const l = this.locations(st)?.find((x) => sameRegion(x.name, name));
    return l ? l.displayName : name;
  }

  /**
   * Reads what the region page's default comes from: the subscription's vaults and, when they do
   * not name one region, its resource groups (kept for the resource group page). Only a default:
   * a failure leaves the region to the user and says nothing (the resource group page lists the
   * groups again, and says so if that fails).
   */
  async loadRegionHints(st: ConnectState, subCtx: SubscriptionContext): Promise<void> {
    const at = subKey(st);
    if (current(this.subscriptionVaults, at) === undefined) {
      const items = await this.services.listVaults(subCtx()).catch((): VaultSummary[] => []);
      this.subscriptionVaults = { at, items };
    }
    if (this.suggestedRegion(st) !== undefined || current(this.lists.resourceGroups, at) !== undefined) return;
    try {
      this.lists.resourceGroups = { at, items: await this.services.listResourceGroups(subCtx()) };
    } catch {
      // the resource group page reads them again
    }
  }

  /** The region to preselect (one of the subscription's regions), and where it comes from. */
  suggestedRegion(st: ConnectState): RegionSuggestion | undefined {
    const offered = this.locations(st);
    if (!offered) return undefined;
    const sources: [RegionSuggestion['from'], readonly { name: string; location: string }[] | undefined][] = [
      ['vault', current(this.subscriptionVaults, subKey(st))],
      ['resourceGroup', this.resourceGroups(st)],
    ];
    for (const [from, items] of sources) {
      const region = items && oneRegion(items);
      const location = region !== undefined ? offered.find((l) => sameRegion(l.name, region)) : undefined;
      if (items && location) return { region: location.name, from, names: items.map((i) => i.name) };
    }
    return undefined;
  }

  /** What the page needs that is not loaded yet (the lists of the choices in `st`). */
  loadsFor(st: ConnectState, subCtx: SubscriptionContext): ListLoad[] {
    const groups = (): ListLoad[] =>
      this.keyedLoad('resourceGroups', subKey(st), l10n.t('Loading the resource groups…'), l10n.t('Could not list the resource groups of the subscription'), () =>
        this.services.listResourceGroups(subCtx()),
      );
    switch (st.page) {
      case 'subscription':
        if (this.subscriptionList) return [];
        return [
          {
            text: l10n.t('Loading your subscriptions…'),
            failure: l10n.t('Could not list your Azure subscriptions'),
            run: async () => {
              this.subscriptionList = await this.services.listSubscriptions(subCtx());
            },
          },
        ];
      case 'region':
        return this.keyedLoad('locations', subKey(st), l10n.t('Loading the regions…'), l10n.t('Could not list the regions of the subscription'), () =>
          this.services.listLocations(subCtx()),
        );
      case 'resourceGroup':
        return groups();
      case 'storage':
        return [
          ...groups(),
          ...this.keyedLoad(
            'storageAccounts',
            storageKey(st),
            l10n.t('Loading the storage accounts…'),
            l10n.t('Could not list the storage accounts of the resource group'),
            async () => (this.rgExists(st) ? this.services.listStorageAccounts(subCtx(), { resourceGroup: rgName(st), location: st.region ?? '' }) : []),
          ),
        ];
      case 'vault':
        return [
          ...groups(),
          ...this.keyedLoad('vaults', rgKey(st), l10n.t('Loading the vaults…'), l10n.t('Could not list the vaults of the resource group'), async () =>
            this.rgExists(st) ? this.services.listVaults(subCtx(), rgName(st)) : [],
          ),
        ];
      case 'signIn':
      case 'review':
      case 'run':
        return [];
    }
  }

  /** The load of a list read for `at` (none when it is loaded already). */
  private keyedLoad<K extends keyof KeyedItems>(list: K, at: string, text: string, failure: string, fetch: () => Promise<KeyedItems[K][]>): ListLoad[] {
    if (current(this.lists[list], at)) return [];
    return [
      {
        text,
        failure,
        run: async () => {
          // Seen as the lists of K alone, so that TypeScript knows the items fit the list.
          const lists: { [P in K]: Keyed<KeyedItems[P]> | undefined } = this.lists;
          lists[list] = { at, items: await fetch() };
        },
      },
    ];
  }

  /** Forgets the list a page shows ("Try again" loads it again). */
  forgetPage(page: ConnectPage): void {
    if (page === 'subscription') this.subscriptionList = undefined;
    const list = pageLists[page];
    if (list !== undefined) this.lists[list] = undefined;
  }

  /** Forgets every list (another sign-in). */
  forgetAll(): void {
    this.subscriptionList = undefined;
    this.lists = noLists();
    this.subscriptionVaults = undefined;
  }

  /** What exists in Azure changed (the run created it): list it again if the user comes back. */
  forgetCreated(): void {
    this.lists.resourceGroups = undefined;
    this.lists.storageAccounts = undefined;
    this.lists.vaults = undefined;
  }

  /** Sensible choices once lists are known: the only subscription; "existing" when there is one to pick, else "new". */
  withDefaults(model: ConnectState): ConnectState {
    let st = model;
    const subs = this.subscriptionList;
    if (subs) {
      const usable = subs.filter((x) => !disabledSubscriptionStates.has(lower(x.state ?? '')));
      if (st.subscriptionId && !subs.some((x) => x.subscriptionId === st.subscriptionId)) {
        st = choose(st, { subscriptionId: '' });
        delete st.subscriptionId;
      }
      if (!st.subscriptionId && usable.length === 1) st = choose(st, { subscriptionId: usable[0].subscriptionId });
    }
    const region = st.region === undefined ? this.suggestedRegion(st) : undefined;
    if (region) st = choose(st, { region: region.region });
    const defaultMode = (pick: ResourcePick, offered: readonly string[] | undefined): ResourcePick => {
      if (pick.mode !== undefined || offered === undefined) return pick;
      return offered.length > 0 ? { ...pick, mode: 'existing', ...(offered.length === 1 ? { existing: offered[0] } : {}) } : { ...pick, mode: 'new' };
    };
    st = {
      ...st,
      resourceGroup: defaultMode(
        st.resourceGroup,
        this.resourceGroups(st)?.map((g) => g.name),
      ),
    };
    st = {
      ...st,
      storageAccount: defaultMode(
        st.storageAccount,
        this.storageAccounts(st)?.map((a) => a.name),
      ),
    };
    st = {
      ...st,
      vault: defaultMode(
        st.vault,
        this.vaultsInRegion(st)?.map((v) => v.name),
      ),
    };
    return st;
  }

  private vaultsInRegion(st: ConnectState): VaultSummary[] | undefined {
    const region = st.region ?? '';
    return this.vaults(st)?.filter((v) => sameRegion(v.location, region));
  }

  /** What the pure rules need to know of Azure: the loaded lists, and the storage names Azure said are taken. */
  known(st: ConnectState, takenStorageNames: ReadonlyMap<string, string>): Known {
    const groups = this.resourceGroups(st);
    const storage = this.storageAccounts(st);
    const vaults = this.vaults(st);
    return {
      takenStorageNames,
      ...(groups ? { resourceGroups: groups.map((g) => g.name) } : {}),
      ...(storage ? { storageAccounts: storage.map((a) => a.name) } : {}),
      ...(vaults ? { vaults: vaults.map((v) => ({ name: v.name, location: v.location })) } : {}),
    };
  }
}

// ---- storage account name availability, as typed ----

/** Where the check of a new storage account name stands, for its hint. */
export type NameCheckView = { state: 'none' } | { state: 'checking' } | { state: 'free' } | { state: 'unchecked'; failure: string };

export interface NameCheckEnv {
  /** Asks Azure whether a name is free. */
  ask(name: string): Promise<StorageNameCheck>;
  /** Milliseconds after the last keystroke before a name is checked. */
  delayMs: number;
  changed(): void;
}

/** What Azure said of the storage account names typed (one request per name at a time). */
export class StorageNameChecks {
  private readonly status = new Map<string, { available: boolean; message?: string }>();
  private readonly checking = new Map<string, Promise<void>>();
  private failure: { name: string; text: string } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly env: NameCheckEnv) {}

  /** Whether Azure has answered for this name. */
  answered(name: string): boolean {
    return this.status.has(lower(name));
  }

  /** Why the last check of this name failed, if it did. */
  failureFor(name: string): string | undefined {
    return this.failure?.name === lower(name) ? this.failure.text : undefined;
  }

  /** The names Azure said are taken (lower case) → Azure's sentence. */
  taken(): Map<string, string> {
    const taken = new Map<string, string>();
    for (const [name, status] of this.status) if (!status.available) taken.set(name, status.message ?? 'taken');
    return taken;
  }

  view(pick: ResourcePick): NameCheckView {
    const name = pick.newName.trim();
    const key = lower(name);
    if (pick.mode !== 'new' || name === '' || validateStorageAccountName(name) !== undefined) return { state: 'none' };
    if (this.checking.has(key)) return { state: 'checking' };
    if (this.status.get(key)?.available) return { state: 'free' };
    if (this.failure?.name === key) return { state: 'unchecked', failure: this.failure.text };
    return { state: 'none' };
  }

  /** Checks a new name once typing pauses (nothing when it is not a new, valid, unchecked name, or `ready` is false). */
  schedule(pick: ResourcePick, ready: boolean): void {
    this.cancel();
    const name = pick.newName.trim();
    if (pick.mode !== 'new' || !ready || validateStorageAccountName(name) !== undefined || this.answered(name)) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.check(name);
    }, this.env.delayMs);
  }

  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Forgets every answer (another sign-in). */
  clear(): void {
    this.status.clear();
  }

  /** Asks Azure whether a storage account name is free (one request per name at a time). */
  check(name: string): Promise<void> {
    const key = lower(name);
    const inFlight = this.checking.get(key);
    if (inFlight) return inFlight;
    const p = this.askAzure(name).finally(() => {
      this.checking.delete(key);
      this.env.changed();
    });
    this.checking.set(key, p);
    this.env.changed();
    return p;
  }

  private async askAzure(name: string): Promise<void> {
    const key = lower(name);
    try {
      const r = await this.env.ask(name);
      this.status.set(key, r.available ? { available: true } : { available: false, ...(r.message !== undefined ? { message: r.message } : {}) });
      if (this.failure?.name === key) this.failure = undefined;
    } catch (e) {
      this.failure = { name: key, text: failureText(e) };
    }
  }
}
