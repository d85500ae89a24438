// The Connect wizard (issue 5 §2): "Sign in to Microsoft Azure", then subscription, region,
// resource group, storage account and Recovery Services vault (each existing or new), a review,
// and a run page that creates whatever is missing and saves the connection. Pure: no vscode; the
// sign-in, the saving and the Azure services come in through ConnectDeps, so the lab suite drives
// this wizard through its real protocol against the lab.
//
// The client secret of a service principal lives only in this object until the sign-in uses it,
// then it is forgotten: it is never in the snapshot, and never in a page once signed in.

import type { SignIn } from '../../connection/connection';
import type { VaultRef } from '../../model/armId';
import { storageAccountId } from '../../model/armId';
import type { AzureContext } from '../../services/azure/clients';
import { toAzureOperationError } from '../../services/azure/errors';
import type { ConnectScopes } from '../../services/azure/permissions';
import { checkConnectPermissions } from '../../services/azure/permissions';
import type { ProviderRegistration, RegisterOptions } from '../../services/azure/resourceProviders';
import { getProviderRegistrations, isRegistered, registerProvider } from '../../services/azure/resourceProviders';
import type { StorageAccountSummary, StorageNameCheck } from '../../services/azure/storage';
import { checkStorageAccountName, createStorageAccount, listStorageAccounts, validateStorageAccountName } from '../../services/azure/storage';
import type { LocationSummary, ResourceGroupSummary, SubscriptionSummary } from '../../services/azure/subscriptions';
import { createResourceGroup, listLocations, listResourceGroups, listSubscriptions } from '../../services/azure/subscriptions';
import type { VaultSummary } from '../../services/azure/vaults';
import { createVault, listVaults } from '../../services/azure/vaults';
import type { PageContent } from '../form/formWizard';
import { failureText, FormWizard } from '../form/formWizard';
import type { BlockView, ButtonView, InputFieldView, OptionView } from '../form/view';
import { maxTextValueLength } from '../form/view';
import type { ProgressStep } from '../protocol';
import type { Infer } from '../validate';
import { s } from '../validate';
import type { ConnectPage, ConnectState, Known, PickMode, PlanStep, Resource, ResourcePick, SignInMethod } from './connectModel';
import {
  alreadyDone,
  back,
  choiceOf,
  choose,
  connectPages,
  hasProblems,
  initialConnectState,
  next,
  outcome,
  pageProblem,
  plan,
  resourceProblem,
  restoredPage,
  signInMethods,
  signInProblems,
  signInRequest,
} from './connectModel';

/** Where "Create a free Azure account" goes. */
export const FREE_ACCOUNT_URL = 'https://azure.microsoft.com/free/';

/** The Azure calls the wizard makes (the real ones by default; tests may replace some). */
export interface ConnectServices {
  listSubscriptions(ctx: AzureContext): Promise<SubscriptionSummary[]>;
  listLocations(ctx: AzureContext): Promise<LocationSummary[]>;
  listResourceGroups(ctx: AzureContext): Promise<ResourceGroupSummary[]>;
  listStorageAccounts(ctx: AzureContext, filter: { resourceGroup?: string; location?: string }): Promise<StorageAccountSummary[]>;
  checkStorageAccountName(ctx: AzureContext, name: string): Promise<StorageNameCheck>;
  listVaults(ctx: AzureContext, resourceGroup?: string): Promise<VaultSummary[]>;
  createResourceGroup(ctx: AzureContext, name: string, location: string): Promise<ResourceGroupSummary>;
  createStorageAccount(ctx: AzureContext, resourceGroup: string, name: string, location: string): Promise<StorageAccountSummary>;
  createVault(ctx: AzureContext, resourceGroup: string, name: string, location: string): Promise<VaultSummary>;
  /** Registration state of the namespaces Connect and Site Recovery use (Providers API). */
  getProviderRegistrations(ctx: AzureContext): Promise<ProviderRegistration[]>;
  /** Registers a namespace and waits until Registered. */
  registerProvider(ctx: AzureContext, namespace: string, options: RegisterOptions): Promise<ProviderRegistration>;
  /** What the identity may not do for the run (sentences naming role and scope); empty when all is allowed. */
  checkConnectPermissions(ctx: AzureContext, scopes: ConnectScopes): Promise<string[]>;
}

export const azureConnectServices: ConnectServices = {
  listSubscriptions,
  listLocations,
  listResourceGroups,
  listStorageAccounts,
  checkStorageAccountName,
  listVaults,
  createResourceGroup,
  createStorageAccount,
  createVault,
  getProviderRegistrations: (ctx) => getProviderRegistrations(ctx),
  registerProvider,
  checkConnectPermissions,
};

/** What the wizard saves at the end. */
export interface ConnectChoice {
  subscriptionId: string;
  vault: VaultRef & { location: string };
  storageAccountId: string;
}

export interface ConnectDeps {
  /** The current sign-in, if any (a context whose subscriptionId may be empty). */
  signedIn(): Promise<AzureContext | undefined>;
  /** Signs in (and remembers how); the secret is given for a service principal only. */
  signIn(signIn: SignIn, secret?: string): Promise<AzureContext>;
  /** Saves the connection (subscription, vault, storage account). */
  save(choice: ConnectChoice): Promise<void>;
  /** Opens a link in the browser (the free account page). */
  openExternal(url: string): void;
  /** Replaces some Azure calls (tests); the rest are the real services. */
  services?: Partial<ConnectServices>;
  /** Milliseconds after the last keystroke before a storage account name is checked with Azure (default 500). */
  nameCheckDelayMs?: number;
  /** Milliseconds between two looks at a registering resource provider (default 5000). */
  providerPollIntervalMs?: number;
}

// ---- the snapshot (everything but the secret) ----

const shortText = s.string({ maxLength: 200 });
const pickSnapshot = s.object({
  mode: s.optional(s.enumOf(['existing', 'new'])),
  existing: s.optional(shortText),
  newName: s.string({ maxLength: maxTextValueLength }),
});
export const maxCreatedKeys = 20;
export const connectSnapshot = s.object({
  page: s.enumOf(connectPages),
  method: s.enumOf(signInMethods),
  tenantId: s.string({ maxLength: maxTextValueLength }),
  clientId: s.string({ maxLength: maxTextValueLength }),
  subscriptionId: s.optional(shortText),
  region: s.optional(shortText),
  resourceGroup: pickSnapshot,
  storageAccount: pickSnapshot,
  vault: pickSnapshot,
  created: s.array(s.string({ maxLength: 600 }), { maxItems: maxCreatedKeys }),
});
export type ConnectSnapshot = Infer<typeof connectSnapshot>;

// ---- page texts ----

const titles: Record<ConnectPage, string> = {
  signIn: 'Sign in to Microsoft Azure',
  subscription: 'Choose a subscription',
  region: 'Choose the region to recover to',
  resourceGroup: 'Choose a resource group',
  storage: 'Choose a storage account',
  vault: 'Choose a Recovery Services vault',
  review: 'Review and connect',
  run: 'Connecting to Azure',
};

const methodOptions: OptionView[] = [
  { value: 'account', label: 'Microsoft account (VS Code)', detail: 'Sign in with the Microsoft account VS Code knows; a browser window may open to sign in.' },
  {
    value: 'servicePrincipal',
    label: 'Service principal',
    detail: "An app registration's tenant ID, client ID and client secret (for automation or the ASR lab). The secret is kept in VS Code's secret storage.",
  },
  { value: 'cli', label: 'Azure CLI', detail: 'Use the account you signed in with "az login" on this machine.' },
];

const stepIds: Record<PlanStep['step'], string> = {
  createResourceGroup: 'createResourceGroup',
  createStorageAccount: 'createStorageAccount',
  createVault: 'createVault',
  saveConnection: 'saveConnection',
};

const disabledSubscriptionStates = new Set(['disabled', 'deleted']);

type RunStatus = 'idle' | 'running' | 'failed' | 'succeeded';

interface Keyed<T> {
  at: string;
  items: T[];
}

interface Lists {
  subscriptions?: SubscriptionSummary[];
  locations?: Keyed<LocationSummary>;
  resourceGroups?: Keyed<ResourceGroupSummary>;
  storageAccounts?: Keyed<StorageAccountSummary>;
  vaults?: Keyed<VaultSummary>;
}

interface ListLoad {
  text: string;
  failure: string;
  run: () => Promise<void>;
}

const lower = (x: string): string => x.toLowerCase();

export class ConnectWizard extends FormWizard<ConnectSnapshot> {
  /** Resolves when the wizard knows whether it is signed in and has loaded its first page's lists. */
  readonly loaded: Promise<void>;
  private model: ConnectState;
  private ctx: AzureContext | undefined;
  private secret = '';
  private lists: Lists = {};
  private readonly services: ConnectServices;
  private readonly nameCheckDelayMs: number;
  private readonly nameStatus = new Map<string, { available: boolean; message?: string }>();
  private readonly checking = new Map<string, Promise<void>>();
  private checkFailure: { name: string; text: string } | undefined;
  private checkTimer: ReturnType<typeof setTimeout> | undefined;
  private runStatus: RunStatus = 'idle';
  private runSteps: ProgressStep[] = [];
  private starting = true;
  /** Registration of the resource providers, per subscription (checked before leaving the subscription page). */
  private registrations: Keyed<ProviderRegistration> | undefined;
  private registerConsent = false;
  private registerSteps: ProgressStep[] = [];
  /** Who must do what when the identity may not register (403 on register). */
  private registerAdvice: string | undefined;
  /** What the permission check before the run found missing. */
  private permissionIssues: string[] = [];
  private permissionsUnchecked: string | undefined;

  constructor(
    private readonly deps: ConnectDeps,
    restored?: ConnectSnapshot,
  ) {
    super();
    this.services = { ...azureConnectServices, ...deps.services };
    this.nameCheckDelayMs = deps.nameCheckDelayMs ?? 500;
    this.model = restored ? fromSnapshot(restored) : initialConnectState(false);
    this.loaded = this.start(restored !== undefined).catch((e: unknown) => this.setError(failureText(e)));
  }

  // ---- FormWizard ----

  snapshot(): ConnectSnapshot {
    const st = this.model;
    return {
      page: st.page,
      method: st.signIn.method,
      tenantId: st.signIn.tenantId,
      clientId: st.signIn.clientId,
      ...(st.subscriptionId !== undefined ? { subscriptionId: st.subscriptionId } : {}),
      ...(st.region !== undefined ? { region: st.region } : {}),
      resourceGroup: pickSnapshotOf(st.resourceGroup),
      storageAccount: pickSnapshotOf(st.storageAccount),
      vault: pickSnapshotOf(st.vault),
      created: st.created.slice(-maxCreatedKeys),
    };
  }

  override dispose(): void {
    if (this.checkTimer !== undefined) clearTimeout(this.checkTimer);
    this.checkTimer = undefined;
    super.dispose();
  }

  protected page(): PageContent {
    const page = this.model.page;
    const base = { page, title: titles[page], stepLabel: `Step ${connectPages.indexOf(page) + 1} of ${connectPages.length}` };
    switch (page) {
      case 'signIn':
        return { ...base, ...this.signInPage() };
      case 'subscription':
        return { ...base, ...this.subscriptionPage() };
      case 'region':
        return { ...base, ...this.regionPage() };
      case 'resourceGroup':
      case 'storage':
      case 'vault':
        return { ...base, ...this.resourcePage(page) };
      case 'review':
        return { ...base, ...this.reviewPage() };
      case 'run':
        return { ...base, ...this.runPage() };
    }
  }

  protected onSet(field: InputFieldView, value: string): void {
    const st = this.model;
    switch (field.id) {
      case 'method':
        this.model = { ...st, signIn: { ...st.signIn, method: value as SignInMethod } };
        return;
      case 'tenantId':
        this.model = { ...st, signIn: { ...st.signIn, tenantId: value } };
        return;
      case 'clientId':
        this.model = { ...st, signIn: { ...st.signIn, clientId: value } };
        return;
      case 'clientSecret':
        this.secret = value;
        return;
      case 'subscription':
        if (value !== st.subscriptionId) this.resetRegistration();
        this.model = choose(st, { subscriptionId: value });
        return;
      case 'registerConsent':
        this.registerConsent = value === 'true';
        return;
      case 'region':
        this.model = choose(st, { region: value });
        return;
    }
    const target = fieldTargets[field.id];
    if (!target) return;
    const current = st[target.resource];
    const pick: ResourcePick =
      target.part === 'mode' ? { ...current, mode: value as PickMode } : target.part === 'existing' ? { ...current, existing: value } : { ...current, newName: value };
    this.model = choose(st, { [target.resource]: pick });
    this.applyDefaults();
    if (target.resource === 'storageAccount') this.scheduleNameCheck();
  }

  protected async onPress(button: string): Promise<void> {
    await this.loaded;
    switch (button) {
      case 'cancel':
      case 'close':
        this.requestClose();
        return;
      case 'createAccount':
        this.deps.openExternal(FREE_ACCOUNT_URL);
        return;
      case 'signIn':
        return this.signIn();
      case 'signInAgain':
        this.goTo('signIn');
        return;
      case 'next':
        return this.next();
      case 'back':
        if (this.model.page === 'run') {
          this.runStatus = 'idle';
          this.setError(undefined);
          this.goTo('review');
          return;
        }
        this.goTo(back(this.model).page);
        await this.load();
        return;
      case 'reload':
        this.forgetPageLists();
        await this.load();
        return;
      case 'start':
        this.goTo('run');
        return this.run();
      case 'retry':
        return this.run();
      case 'registerProviders':
        return this.registerProviders();
    }
  }

  // ---- resource provider registration (a fresh subscription has none of ours registered) ----

  private resetRegistration(): void {
    this.registrations = undefined;
    this.registerConsent = false;
    this.registerSteps = [];
    this.registerAdvice = undefined;
  }

  /** The namespaces of the chosen subscription that are not Registered (undefined until checked). */
  private unregistered(): ProviderRegistration[] | undefined {
    const known = this.current(this.registrations, this.subKey());
    return known?.filter((r) => !isRegistered(r));
  }

  /** Asks Azure for the registration states of the chosen subscription; false when that failed (the error shows). */
  private async checkRegistrations(): Promise<boolean> {
    const at = this.subKey();
    if (this.current(this.registrations, at)) return true;
    return this.work('Checking the resource providers of the subscription…', async () => {
      try {
        this.registrations = { at, items: await this.services.getProviderRegistrations(this.subCtx()) };
      } catch (e) {
        throw new Error(`Could not check which resource providers the subscription is registered for: ${withStop(failureText(e))} Select Next to try again.`);
      }
    });
  }

  /** Registers every namespace not yet Registered (the user ticked the consent), then goes on. */
  private async registerProviders(): Promise<void> {
    const pending = this.unregistered() ?? [];
    if (!this.registerConsent || pending.length === 0) return;
    this.registerAdvice = undefined;
    this.registerSteps = pending.map((r) => ({ id: `register-${r.namespace}`, label: `Register ${r.namespace}`, state: 'pending' }));
    const at = this.subKey();
    const ok = await this.work('Registering resource providers…', async () => {
      for (let i = 0; i < pending.length; i++) {
        const ns = pending[i].namespace;
        this.setRegisterStep(i, { state: 'running', detail: 'Asking Azure to register it…' });
        try {
          const done = await this.services.registerProvider(this.subCtx(), ns, {
            pollIntervalMs: this.deps.providerPollIntervalMs ?? 5000,
            onState: (state) => this.setRegisterStep(i, { state: 'running', detail: `Azure says: ${state}. Registration usually takes a minute or two.` }),
          });
          this.registrations = { at, items: (this.current(this.registrations, at) ?? []).map((r) => (r.namespace.toLowerCase() === ns.toLowerCase() ? done : r)) };
          this.setRegisterStep(i, { state: 'succeeded', detail: 'Registered.' });
        } catch (e) {
          const err = toAzureOperationError(e);
          this.setRegisterStep(i, { state: 'failed', detail: withStop(err.message) });
          if (err.code === 'AuthorizationFailed') this.registerAdvice = err.recommendedAction;
          throw new Error(`Could not register ${ns}: ${withStop(err.message)}${err.code === 'AuthorizationFailed' ? '' : ' Select "Register and continue" to try again.'}`);
        }
      }
    });
    if (!ok) return;
    await this.next();
  }

  private setRegisterStep(index: number, change: Pick<ProgressStep, 'state' | 'detail'>): void {
    this.registerSteps = this.registerSteps.map((st, i) => (i === index ? { id: st.id, label: st.label, ...change } : st));
    this.changed();
  }

  // ---- start, sign-in, navigation ----

  private async start(restored: boolean): Promise<void> {
    try {
      let ctx: AzureContext | undefined;
      await this.work('Checking your Azure sign-in…', async () => {
        ctx = await this.deps.signedIn();
      });
      this.ctx = ctx;
      const page = this.model.page;
      if (ctx) {
        this.model = { ...this.model, signedIn: true, page: restored ? page : 'subscription' };
      } else {
        this.model = { ...this.model, signedIn: false, page: 'signIn' };
      }
    } finally {
      this.starting = false;
      this.changed();
    }
    await this.load();
  }

  private async signIn(): Promise<void> {
    const secret = this.secret;
    // The secret is used once, now, and forgotten whatever happens.
    this.secret = '';
    const request = signInRequest(this.model.signIn, secret);
    let ctx: AzureContext | undefined;
    const ok = await this.work('Signing in to Azure…', async () => {
      try {
        ctx = await this.deps.signIn(request.signIn, request.secret);
      } catch (e) {
        throw new Error(`Could not sign in: ${withStop(signInFailureText(e))} Check the details and sign in again.`);
      }
    });
    if (!ok || !ctx) return;
    this.ctx = ctx;
    this.lists = {};
    this.nameStatus.clear();
    this.model = { ...this.model, signedIn: true };
    this.goTo('subscription');
    await this.load();
  }

  private goTo(page: ConnectPage): void {
    this.model = { ...this.model, page };
    this.changed();
  }

  private async next(): Promise<void> {
    if (this.model.page === 'storage' && this.model.storageAccount.mode === 'new') {
      const name = this.model.storageAccount.newName.trim();
      if (validateStorageAccountName(name) === undefined && !this.nameStatus.has(lower(name))) {
        await this.work('Checking whether the storage account name is free…', () => this.checkName(name));
        if (this.checkFailure?.name === lower(name)) {
          this.setError(`Could not check whether the storage account name "${name}" is free: ${withStop(this.checkFailure.text)} Select Next to try again.`);
          return;
        }
      }
    }
    const r = next(this.model, this.known());
    if (r.problem) {
      this.setError(r.problem);
      return;
    }
    if (this.model.page === 'subscription') {
      // Every request to a namespace the subscription is not registered for fails
      // (MissingSubscriptionRegistration): check before listing or creating anything there.
      if (!(await this.checkRegistrations())) return;
      if ((this.unregistered() ?? []).length > 0) {
        this.changed();
        return;
      }
    }
    this.setError(undefined);
    this.goTo(r.state.page);
    await this.load();
  }

  // ---- lists ----

  private subCtx(): AzureContext {
    if (!this.ctx) throw new Error('Sign in to Azure first.');
    return { ...this.ctx, subscriptionId: this.model.subscriptionId ?? '' };
  }

  private rgName(): string {
    return choiceOf(this.model.resourceGroup)?.name ?? '';
  }

  private subKey(): string {
    return lower(this.model.subscriptionId ?? '');
  }

  private rgKey(): string {
    return `${this.subKey()}/${lower(this.rgName())}`;
  }

  private storageKey(): string {
    return `${this.rgKey()}/${lower(this.model.region ?? '')}`;
  }

  private current<T>(list: Keyed<T> | undefined, at: string): T[] | undefined {
    return list && list.at === at ? list.items : undefined;
  }

  /** Whether the chosen resource group exists in Azure (an existing one, or a new one this wizard made). */
  private rgExists(): boolean {
    const name = this.rgName();
    const groups = this.current(this.lists.resourceGroups, this.subKey());
    return name !== '' && (groups?.some((g) => lower(g.name) === lower(name)) ?? false);
  }

  private loadsFor(page: ConnectPage): ListLoad[] {
    const out: ListLoad[] = [];
    const sub = this.subKey();
    const needGroups = (): void => {
      if (!this.current(this.lists.resourceGroups, sub)) {
        out.push({
          text: 'Loading the resource groups…',
          failure: 'Could not list the resource groups of the subscription',
          run: async () => {
            this.lists.resourceGroups = { at: sub, items: await this.services.listResourceGroups(this.subCtx()) };
          },
        });
      }
    };
    switch (page) {
      case 'subscription':
        if (!this.lists.subscriptions) {
          out.push({
            text: 'Loading your subscriptions…',
            failure: 'Could not list your Azure subscriptions',
            run: async () => {
              this.lists.subscriptions = await this.services.listSubscriptions(this.subCtx());
            },
          });
        }
        break;
      case 'region':
        if (!this.current(this.lists.locations, sub)) {
          out.push({
            text: 'Loading the regions…',
            failure: 'Could not list the regions of the subscription',
            run: async () => {
              this.lists.locations = { at: sub, items: await this.services.listLocations(this.subCtx()) };
            },
          });
        }
        break;
      case 'resourceGroup':
        needGroups();
        break;
      case 'storage': {
        needGroups();
        const at = this.storageKey();
        if (!this.current(this.lists.storageAccounts, at)) {
          out.push({
            text: 'Loading the storage accounts…',
            failure: 'Could not list the storage accounts of the resource group',
            run: async () => {
              const items = this.rgExists() ? await this.services.listStorageAccounts(this.subCtx(), { resourceGroup: this.rgName(), location: this.model.region ?? '' }) : [];
              this.lists.storageAccounts = { at, items };
            },
          });
        }
        break;
      }
      case 'vault': {
        needGroups();
        const at = this.rgKey();
        if (!this.current(this.lists.vaults, at)) {
          out.push({
            text: 'Loading the vaults…',
            failure: 'Could not list the vaults of the resource group',
            run: async () => {
              const items = this.rgExists() ? await this.services.listVaults(this.subCtx(), this.rgName()) : [];
              this.lists.vaults = { at, items };
            },
          });
        }
        break;
      }
      case 'signIn':
      case 'review':
      case 'run':
        break;
    }
    return out;
  }

  /** Loads what the current page lists (a failure shows on the page, with "Try again"). */
  private async load(): Promise<void> {
    if (!this.ctx) return;
    const loads = this.loadsFor(this.model.page);
    if (loads.length === 0) {
      this.applyDefaults();
      return;
    }
    for (const l of loads) {
      const ok = await this.work(l.text, async () => {
        try {
          await l.run();
        } catch (e) {
          throw new Error(`${l.failure}: ${withStop(failureText(e))} Select "Try again".`);
        }
      });
      if (!ok) return;
    }
    this.applyDefaults();
    this.changed();
  }

  private forgetPageLists(): void {
    switch (this.model.page) {
      case 'subscription':
        delete this.lists.subscriptions;
        break;
      case 'region':
        delete this.lists.locations;
        break;
      case 'resourceGroup':
        delete this.lists.resourceGroups;
        break;
      case 'storage':
        delete this.lists.storageAccounts;
        break;
      case 'vault':
        delete this.lists.vaults;
        break;
      default:
        break;
    }
  }

  /** Whether the current page lacks a list it needs. */
  private listsMissing(): boolean {
    return this.ctx !== undefined && this.loadsFor(this.model.page).length > 0;
  }

  /** A list failed to load: the page offers "Try again". */
  private offerReload(): boolean {
    return !this.starting && !this.busy && this.listsMissing();
  }

  /** Sensible choices once lists are known: the only subscription; "existing" when there is one to pick, else "new". */
  private applyDefaults(): void {
    let st = this.model;
    const subs = this.lists.subscriptions;
    if (subs) {
      const usable = subs.filter((x) => !disabledSubscriptionStates.has(lower(x.state ?? '')));
      if (st.subscriptionId && !subs.some((x) => x.subscriptionId === st.subscriptionId)) {
        st = choose(st, { subscriptionId: '' });
        delete st.subscriptionId;
      }
      if (!st.subscriptionId && usable.length === 1) st = choose(st, { subscriptionId: usable[0].subscriptionId });
    }
    const defaultMode = (pick: ResourcePick, offered: readonly string[] | undefined): ResourcePick => {
      if (pick.mode !== undefined || offered === undefined) return pick;
      return offered.length > 0 ? { ...pick, mode: 'existing', ...(offered.length === 1 ? { existing: offered[0] } : {}) } : { ...pick, mode: 'new' };
    };
    const groups = this.current(this.lists.resourceGroups, this.subKey());
    st = { ...st, resourceGroup: defaultMode(st.resourceGroup, groups?.map((g) => g.name)) };
    this.model = st;
    const known = this.known();
    st = { ...st, storageAccount: defaultMode(st.storageAccount, known.storageAccounts) };
    st = { ...st, vault: defaultMode(st.vault, this.vaultsInRegion()?.map((v) => v.name)) };
    this.model = st;
  }

  private vaultsInRegion(): VaultSummary[] | undefined {
    const region = this.model.region ?? '';
    return this.current(this.lists.vaults, this.rgKey())?.filter((v) => sameRegion(v.location, region));
  }

  private known(): Known {
    const taken = new Map<string, string>();
    for (const [name, status] of this.nameStatus) if (!status.available) taken.set(name, status.message ?? 'taken');
    const groups = this.current(this.lists.resourceGroups, this.subKey());
    const storage = this.current(this.lists.storageAccounts, this.storageKey());
    const vaults = this.current(this.lists.vaults, this.rgKey());
    return {
      takenStorageNames: taken,
      ...(groups ? { resourceGroups: groups.map((g) => g.name) } : {}),
      ...(storage ? { storageAccounts: storage.map((a) => a.name) } : {}),
      ...(vaults ? { vaults: vaults.map((v) => ({ name: v.name, location: v.location })) } : {}),
    };
  }

  // ---- storage account name availability, as typed ----

  private scheduleNameCheck(): void {
    if (this.checkTimer !== undefined) clearTimeout(this.checkTimer);
    this.checkTimer = undefined;
    const pick = this.model.storageAccount;
    const name = pick.newName.trim();
    if (pick.mode !== 'new' || !this.ctx || validateStorageAccountName(name) !== undefined || this.nameStatus.has(lower(name))) return;
    this.checkTimer = setTimeout(() => {
      this.checkTimer = undefined;
      void this.checkName(name);
    }, this.nameCheckDelayMs);
  }

  /** Asks Azure whether a storage account name is free (one request per name at a time). */
  private checkName(name: string): Promise<void> {
    const key = lower(name);
    const inFlight = this.checking.get(key);
    if (inFlight) return inFlight;
    const p = this.askAzure(name).finally(() => {
      this.checking.delete(key);
      this.changed();
    });
    this.checking.set(key, p);
    this.changed();
    return p;
  }

  private async askAzure(name: string): Promise<void> {
    const key = lower(name);
    try {
      const r = await this.services.checkStorageAccountName(this.subCtx(), name);
      this.nameStatus.set(key, r.available ? { available: true } : { available: false, ...(r.message !== undefined ? { message: r.message } : {}) });
      if (this.checkFailure?.name === key) this.checkFailure = undefined;
    } catch (e) {
      this.checkFailure = { name: key, text: failureText(e) };
    }
  }

  // ---- the run ----

  private async run(): Promise<void> {
    const steps = plan(this.model);
    this.runSteps = steps.map((step) =>
      alreadyDone(this.model, step)
        ? { id: stepIds[step.step], label: this.stepText(step), state: 'succeeded', detail: 'Created earlier by this wizard; kept.' }
        : { id: stepIds[step.step], label: this.stepText(step), state: 'pending' },
    );
    this.runStatus = 'running';
    this.setError(undefined);
    // Before anything is created: may this identity do what the run does? (ARM's permissions API)
    this.permissionIssues = [];
    this.permissionsUnchecked = undefined;
    try {
      this.permissionIssues = await this.services.checkConnectPermissions(this.subCtx(), this.connectScopes(steps));
    } catch (e) {
      this.permissionsUnchecked = `Could not check your permissions beforehand (${withStop(failureText(toAzureOperationError(e))).replace(/\.$/, '')}); Connect goes on, and Azure refuses any step your role does not allow.`;
    }
    if (this.permissionIssues.length > 0) {
      this.runStatus = 'failed';
      this.setError(`Your Azure role does not allow what Connect would do, so nothing was created. ${this.permissionIssues.join(' ')} Then select Retry.`);
      return;
    }
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      if (this.runSteps[i].state === 'succeeded') continue;
      this.setStep(i, { state: 'running', detail: step.step === 'saveConnection' ? 'Saving…' : 'Creating…' });
      try {
        await this.execute(step);
      } catch (e) {
        const text = withStop(failureText(toAzureOperationError(e)));
        this.setStep(i, { state: 'failed', detail: text });
        this.runStatus = 'failed';
        this.setError(`${this.failureLead(step)}: ${text} Select Retry to try again from this step (what was already created is kept), or Back to change your choices.`);
        return;
      }
      if (step.step !== 'saveConnection' && !this.model.created.includes(step.key)) {
        this.model = { ...this.model, created: [...this.model.created, step.key].slice(-maxCreatedKeys) };
      }
      this.setStep(i, { state: 'succeeded', detail: step.step === 'saveConnection' ? 'Saved.' : 'Created.' });
    }
    this.runStatus = 'succeeded';
    // What exists in Azure changed: list it again if the user comes back.
    delete this.lists.resourceGroups;
    delete this.lists.storageAccounts;
    delete this.lists.vaults;
    this.changed();
  }

  /** What the run will touch, for the permission check. */
  private connectScopes(steps: PlanStep[]): ConnectScopes {
    const o = outcome(this.model);
    const pendingStep = (kind: PlanStep['step']): boolean => steps.some((x) => x.step === kind && !alreadyDone(this.model, x));
    return {
      subscriptionId: o.subscriptionId,
      resourceGroup: o.resourceGroup.name,
      resourceGroupIsNew: pendingStep('createResourceGroup'),
      createStorageAccount: pendingStep('createStorageAccount'),
      vault: { name: o.vault.name, create: pendingStep('createVault') },
    };
  }

  private setStep(index: number, change: Pick<ProgressStep, 'state' | 'detail'>): void {
    this.runSteps = this.runSteps.map((st, i) => (i === index ? { id: st.id, label: st.label, ...change } : st));
    this.changed();
  }

  private async execute(step: PlanStep): Promise<void> {
    const ctx = this.subCtx();
    switch (step.step) {
      case 'createResourceGroup':
        await this.services.createResourceGroup(ctx, step.name, step.region);
        return;
      case 'createStorageAccount':
        await this.services.createStorageAccount(ctx, step.resourceGroup, step.name, step.region);
        return;
      case 'createVault':
        await this.services.createVault(ctx, step.resourceGroup, step.name, step.region);
        return;
      case 'saveConnection':
        await this.deps.save(this.choice());
        return;
    }
  }

  /** The connection to save. */
  choice(): ConnectChoice {
    const o = outcome(this.model);
    const rg = o.resourceGroup.name;
    return {
      subscriptionId: o.subscriptionId,
      vault: { subscriptionId: o.subscriptionId, resourceGroup: rg, vaultName: o.vault.name, location: o.region },
      storageAccountId: storageAccountId(o.subscriptionId, rg, o.storageAccount.name),
    };
  }

  private stepText(step: PlanStep): string {
    switch (step.step) {
      case 'createResourceGroup':
        return `Create the resource group ${step.name} in ${this.regionName(step.region)}`;
      case 'createStorageAccount':
        return `Create the storage account ${step.name}`;
      case 'createVault':
        return `Create the Recovery Services vault ${step.name}`;
      case 'saveConnection':
        return 'Save the connection';
    }
  }

  private failureLead(step: PlanStep): string {
    switch (step.step) {
      case 'createResourceGroup':
        return `Could not create the resource group ${step.name}`;
      case 'createStorageAccount':
        return `Could not create the storage account ${step.name}`;
      case 'createVault':
        return `Could not create the vault ${step.name}`;
      case 'saveConnection':
        return 'Could not save the connection';
    }
  }

  // ---- pages ----

  private signInPage(): Omit<PageContent, 'page' | 'title' | 'stepLabel'> {
    const form = this.model.signIn;
    const problems = signInProblems(form, this.secret);
    const sp = form.method === 'servicePrincipal';
    const blocks: BlockView[] = [
      {
        kind: 'textBlock',
        id: 'intro',
        text: 'Sign in to the Azure account that will hold your replicated VMs. You need an Azure subscription; if you have none, create a free Azure account.',
      },
    ];
    if (this.ctx) {
      blocks.push({ kind: 'textBlock', id: 'signedIn', tone: 'info', text: 'You are already signed in to Azure. Select Continue to keep that sign-in, or sign in differently below.' });
    }
    blocks.push({ kind: 'radio', id: 'method', label: 'How to sign in', value: form.method, options: methodOptions, hint: 'Choose how this extension signs in to Azure.' });
    blocks.push({
      kind: 'text',
      id: 'tenantId',
      label: sp ? 'Tenant ID' : 'Tenant ID (optional)',
      value: form.tenantId,
      maxLength: 100,
      placeholder: '00000000-0000-0000-0000-000000000000',
      hint: sp
        ? "The directory (tenant) ID of the app registration, from its Overview page in the Azure portal."
        : 'The directory to sign in to; leave it empty to use your home directory.',
      ...(problems.tenantId !== undefined ? { problem: problems.tenantId } : {}),
    });
    if (sp) {
      blocks.push({
        kind: 'text',
        id: 'clientId',
        label: 'Client ID (application ID)',
        value: form.clientId,
        maxLength: 100,
        placeholder: '00000000-0000-0000-0000-000000000000',
        hint: 'The application (client) ID of the app registration.',
        ...(problems.clientId !== undefined ? { problem: problems.clientId } : {}),
      });
      blocks.push({
        kind: 'text',
        id: 'clientSecret',
        label: 'Client secret',
        value: '',
        maxLength: maxTextValueLength,
        secret: true,
        held: this.secret !== '',
        hint: "A secret's value from the app registration's Certificates & secrets page. It is kept in VS Code's secret storage, never in settings.",
        ...(problems.clientSecret !== undefined ? { problem: problems.clientSecret } : {}),
      });
    }
    const buttons: ButtonView[] = [{ id: 'createAccount', label: 'Create a free Azure account' }, { id: 'cancel', label: 'Cancel' }];
    if (this.ctx) buttons.push({ id: 'next', label: 'Continue' });
    buttons.push({ id: 'signIn', label: 'Sign in', primary: true, ...(hasProblems(problems) || this.starting ? { disabled: true } : {}) });
    return { blocks, buttons };
  }

  private subscriptionPage(): Omit<PageContent, 'page' | 'title' | 'stepLabel'> {
    const subs = this.lists.subscriptions;
    const blocks: BlockView[] = [];
    const buttons: ButtonView[] = [{ id: 'signInAgain', label: 'Sign in differently' }, { id: 'cancel', label: 'Cancel' }];
    if (subs && subs.length === 0) {
      blocks.push({
        kind: 'textBlock',
        id: 'noSubscriptions',
        tone: 'warning',
        text: 'This sign-in has no Azure subscription. Create a free Azure account (it comes with a subscription), or sign in with another account that has one.',
      });
      buttons.splice(1, 0, { id: 'createAccount', label: 'Create a free Azure account' });
    } else {
      const problem = pageProblem(this.model);
      blocks.push({
        kind: 'select',
        id: 'subscription',
        label: 'Subscription',
        value: this.model.subscriptionId ?? '',
        options: (subs ?? []).map((x) => {
          const off = disabledSubscriptionStates.has(lower(x.state ?? ''));
          return {
            value: x.subscriptionId,
            label: x.displayName,
            detail: off ? `${x.subscriptionId}, ${x.state ?? ''}: it cannot hold new resources; re-enable it in the Azure portal or choose another.` : x.subscriptionId,
            ...(off ? { disabled: true } : {}),
          };
        }),
        hint: 'The subscription that holds the vault, the storage account and the VMs after a failover; its costs are billed there.',
        ...(subs && problem ? { problem } : {}),
      });
    }
    if (this.offerReload()) buttons.push({ id: 'reload', label: 'Try again' });
    const pending = this.unregistered() ?? [];
    if (pending.length > 0 || this.registerSteps.length > 0) {
      const names = pending.map((r) => r.namespace);
      if (pending.length > 0) {
        blocks.push({
          kind: 'textBlock',
          id: 'providersNotRegistered',
          tone: 'warning',
          text: `This subscription is not registered to use ${names.join(', ')}: Azure refuses every request to them ("The subscription is not registered to use namespace…"). Site Recovery needs them for the vault, the storage account, and the network and virtual machines of a failover. Connect can register them now; it usually takes a minute or two and creates nothing.`,
        });
        blocks.push({
          kind: 'checkbox',
          id: 'registerConsent',
          label: `Register ${names.join(', ')} for this subscription`,
          checked: this.registerConsent,
          hint: 'Registering a resource provider needs the Contributor or Owner role on the subscription.',
        });
      }
      if (this.registerSteps.length > 0) blocks.push({ kind: 'steps', id: 'registration', label: 'Registration', steps: this.registerSteps });
      if (this.registerAdvice !== undefined) blocks.push({ kind: 'textBlock', id: 'registrationAdvice', tone: 'error', text: this.registerAdvice });
      if (pending.length > 0) buttons.push({ id: 'registerProviders', label: 'Register and continue', primary: true, ...(this.registerConsent && !this.busy ? {} : { disabled: true }) });
    }
    buttons.push(this.nextButton());
    return { blocks, buttons };
  }

  private regionPage(): Omit<PageContent, 'page' | 'title' | 'stepLabel'> {
    const locations = this.current(this.lists.locations, this.subKey());
    const problem = pageProblem(this.model);
    const blocks: BlockView[] = [
      {
        kind: 'select',
        id: 'region',
        label: 'Region',
        value: this.model.region ?? '',
        options: (locations ?? []).map((l) => ({ value: l.name, label: l.displayName, detail: l.regionalDisplayName ?? l.name })),
        hint: 'The Azure region your VMs fail over to. The storage account and the vault are in this region; a region near you keeps failover fast.',
        ...(locations && problem ? { problem } : {}),
      },
    ];
    return { blocks, buttons: this.navButtons() };
  }

  private resourcePage(page: 'resourceGroup' | 'storage' | 'vault'): Omit<PageContent, 'page' | 'title' | 'stepLabel'> {
    const resource: Resource = page === 'resourceGroup' ? 'resourceGroup' : page === 'storage' ? 'storageAccount' : 'vault';
    const pick = this.model[resource];
    const known = this.known();
    const problem = resourceProblem(this.model, resource, known);
    const ids = resourceFieldIds[resource];
    const region = this.regionName(this.model.region ?? '');
    const rg = this.rgName();
    const loaded = !this.listsMissing();
    let existing: OptionView[] = [];
    let existingLabel = '';
    let newLabel = '';
    let noneText = '';
    let newHint = '';
    let existingHint = '';
    let intro = '';
    switch (resource) {
      case 'resourceGroup':
        intro = 'A resource group holds the storage account and the vault, so they can be managed (and removed) together.';
        existing = (this.current(this.lists.resourceGroups, this.subKey()) ?? []).map((g) => ({ value: g.name, label: g.name, detail: this.regionName(g.location) }));
        existingLabel = 'Use an existing resource group';
        newLabel = 'Create a new resource group';
        noneText = 'The subscription has no resource group yet.';
        existingHint = 'Resources of any region may share a resource group.';
        newHint = `Created in ${region}. 1 to 90 letters, digits, underscores, hyphens, periods and parentheses, not ending in a period.`;
        break;
      case 'storageAccount':
        intro = `Replicated disks are written to a storage account in ${region}, in the resource group ${rg}.`;
        existing = (this.current(this.lists.storageAccounts, this.storageKey()) ?? []).map((a) => ({
          value: a.name,
          label: a.name,
          detail: [a.kind, a.skuName].filter((x) => x !== undefined).join(', ') || this.regionName(a.location),
        }));
        existingLabel = 'Use an existing storage account';
        newLabel = 'Create a new storage account';
        noneText = this.rgExists() ? `The resource group has no storage account in ${region}.` : 'The new resource group has none yet.';
        existingHint = `Storage accounts of ${rg} in ${region}.`;
        newHint = `3 to 24 lower-case letters and digits, unique across all of Azure. Created in ${rg}, ${region}, general-purpose v2, locally redundant.${this.nameStatusText()}`;
        break;
      case 'vault': {
        intro = 'The Recovery Services vault holds the replication settings, the registered Hyper-V hosts and the recovery points.';
        const all = this.current(this.lists.vaults, this.rgKey()) ?? [];
        existing = all.map((v) => {
          const elsewhere = !sameRegion(v.location, this.model.region ?? '');
          return {
            value: v.name,
            label: v.name,
            detail: elsewhere ? `In ${this.regionName(v.location)}, not in ${region}: it cannot be used for this region.` : this.regionName(v.location),
            ...(elsewhere ? { disabled: true } : {}),
          };
        });
        existingLabel = 'Use an existing vault';
        newLabel = 'Create a new vault';
        noneText = this.rgExists() ? `The resource group has no vault in ${region}.` : 'The new resource group has none yet.';
        existingHint = `Vaults of ${rg} in ${region}.`;
        newHint = `Created in ${rg}, ${region}. 2 to 50 letters, digits and hyphens, starting with a letter; unique in the resource group.`;
        break;
      }
    }
    const offered = existing.filter((o) => o.disabled !== true).length;
    const blocks: BlockView[] = [{ kind: 'textBlock', id: 'intro', text: intro }];
    blocks.push({
      kind: 'radio',
      id: ids.mode,
      label: 'Existing or new',
      hint: 'Use one you already have, or let Connect create it after the review.',
      value: pick.mode ?? '',
      options: [
        { value: 'existing', label: existingLabel, ...(loaded && offered === 0 ? { disabled: true, detail: noneText } : {}) },
        { value: 'new', label: newLabel },
      ],
      ...(loaded && pick.mode === undefined && problem ? { problem } : {}),
    });
    if (pick.mode === 'existing') {
      blocks.push({
        kind: 'select',
        id: ids.existing,
        label: existingLabel.replace(/^Use an existing /, 'Existing '),
        value: pick.existing ?? '',
        options: existing,
        hint: existingHint,
        ...(loaded && problem ? { problem } : {}),
      });
    } else if (pick.mode === 'new') {
      blocks.push({
        kind: 'text',
        id: ids.newName,
        label: newLabel.replace(/^Create a new /, 'Name of the new '),
        value: pick.newName,
        maxLength: resource === 'resourceGroup' ? 90 : resource === 'storageAccount' ? 24 : 50,
        hint: newHint,
        ...(problem ? { problem } : {}),
      });
    }
    return { blocks, buttons: this.navButtons() };
  }

  private nameStatusText(): string {
    const pick = this.model.storageAccount;
    const name = pick.newName.trim();
    const key = lower(name);
    if (pick.mode !== 'new' || name === '' || validateStorageAccountName(name) !== undefined) return '';
    if (this.checking.has(key)) return ` Checking whether "${name}" is free…`;
    const status = this.nameStatus.get(key);
    if (status?.available) return ` "${name}" is free.`;
    if (this.checkFailure?.name === key) return ` Could not check whether "${name}" is free (${withStop(this.checkFailure.text)}); it is checked again when you select Next.`;
    return '';
  }

  private reviewPage(): Omit<PageContent, 'page' | 'title' | 'stepLabel'> {
    const st = this.model;
    const o = outcome(st);
    const steps = plan(st);
    const sub = this.lists.subscriptions?.find((x) => x.subscriptionId === o.subscriptionId);
    const describe = (resource: Resource, what: string): string => {
      const c = choiceOf(st[resource]);
      if (!c) return '';
      if (c.kind === 'existing') return `${c.name} (existing)`;
      const step = steps.find((x) => x.step !== 'saveConnection' && x.name === c.name && stepResource[x.step] === resource);
      return step && alreadyDone(st, step) ? `${c.name} (created earlier by this wizard)` : `${c.name} (new: ${what})`;
    };
    const rows = [
      { label: 'Subscription', value: sub ? `${sub.displayName} (${o.subscriptionId})` : o.subscriptionId },
      { label: 'Region', value: this.regionName(o.region) },
      { label: 'Resource group', value: describe('resourceGroup', `created in ${this.regionName(o.region)}`) },
      { label: 'Storage account', value: describe('storageAccount', 'created, general-purpose v2, locally redundant') },
      { label: 'Recovery Services vault', value: describe('vault', 'created') },
    ];
    const creates = steps.filter((x) => x.step !== 'saveConnection');
    const items: { text: string; tone: 'info' | 'success' }[] = [];
    if (creates.length === 0) items.push({ text: 'Nothing needs to be created: the resource group, storage account and vault already exist.', tone: 'success' });
    for (const step of creates) {
      items.push(alreadyDone(st, step) ? { text: `${this.stepText(step)}: done earlier, kept.`, tone: 'success' } : { text: `${this.stepText(step)}.`, tone: 'info' });
    }
    items.push({ text: `Save the connection: the Azure Site Recovery view then shows the vault ${o.vault.name}.`, tone: 'info' });
    const pending = creates.some((x) => !alreadyDone(st, x));
    return {
      blocks: [
        { kind: 'summary', id: 'summary', label: 'Your choices', rows },
        { kind: 'list', id: 'plan', label: 'What Connect does', items },
      ],
      buttons: [
        { id: 'cancel', label: 'Cancel' },
        { id: 'back', label: 'Back' },
        { id: 'start', label: pending ? 'Create and connect' : 'Connect', primary: true },
      ],
    };
  }

  private runPage(): Omit<PageContent, 'page' | 'title' | 'stepLabel'> {
    const blocks: BlockView[] = [{ kind: 'steps', id: 'steps', label: 'Progress', steps: this.runSteps }];
    if (this.permissionIssues.length > 0) {
      blocks.push({ kind: 'list', id: 'permissions', label: 'What your role does not allow', items: this.permissionIssues.map((text) => ({ text, tone: 'error' as const })) });
    }
    if (this.permissionsUnchecked !== undefined) blocks.push({ kind: 'textBlock', id: 'permissionsUnchecked', tone: 'warning', text: this.permissionsUnchecked });
    let buttons: ButtonView[];
    switch (this.runStatus) {
      case 'succeeded': {
        const vault = choiceOf(this.model.vault)?.name ?? '';
        blocks.push({ kind: 'textBlock', id: 'done', tone: 'success', text: `Connected to the vault ${vault}. The Azure Site Recovery view shows it; next, enable replication for your VMs.` });
        buttons = [{ id: 'close', label: 'Close', primary: true }];
        break;
      }
      case 'failed':
        buttons = [
          { id: 'close', label: 'Close' },
          { id: 'back', label: 'Back' },
          { id: 'retry', label: 'Retry', primary: true },
        ];
        break;
      case 'running':
      case 'idle':
        buttons = [{ id: 'close', label: 'Close', disabled: true }];
        break;
    }
    return { blocks, buttons };
  }

  private navButtons(): ButtonView[] {
    const buttons: ButtonView[] = [
      { id: 'cancel', label: 'Cancel' },
      { id: 'back', label: 'Back' },
    ];
    if (this.offerReload()) buttons.push({ id: 'reload', label: 'Try again' });
    buttons.push(this.nextButton());
    return buttons;
  }

  private nextButton(): ButtonView {
    const problem = this.listsMissing() ? 'loading' : pageProblem(this.model, this.known());
    const unregistered = this.model.page === 'subscription' && (this.unregistered() ?? []).length > 0;
    return { id: 'next', label: 'Next', ...(unregistered ? {} : { primary: true }), ...(problem !== undefined || unregistered ? { disabled: true } : {}) };
  }

  private regionName(name: string): string {
    const l = this.current(this.lists.locations, this.subKey())?.find((x) => sameRegion(x.name, name));
    return l ? l.displayName : name;
  }
}

// ---- helpers ----

const resourceFieldIds: Record<Resource, { mode: string; existing: string; newName: string }> = {
  resourceGroup: { mode: 'resourceGroupMode', existing: 'resourceGroup', newName: 'resourceGroupName' },
  storageAccount: { mode: 'storageMode', existing: 'storageAccount', newName: 'storageAccountName' },
  vault: { mode: 'vaultMode', existing: 'vault', newName: 'vaultName' },
};

const fieldTargets: Record<string, { resource: Resource; part: 'mode' | 'existing' | 'newName' } | undefined> = Object.fromEntries(
  (Object.keys(resourceFieldIds) as Resource[]).flatMap((resource) =>
    (['mode', 'existing', 'newName'] as const).map((part) => [resourceFieldIds[resource][part], { resource, part }]),
  ),
);

const stepResource: Record<Exclude<PlanStep['step'], 'saveConnection'>, Resource> = {
  createResourceGroup: 'resourceGroup',
  createStorageAccount: 'storageAccount',
  createVault: 'vault',
};

function sameRegion(a: string, b: string): boolean {
  return a.replace(/\s+/g, '').toLowerCase() === b.replace(/\s+/g, '').toLowerCase();
}

/**
 * Why a sign-in failed, in one sentence: Microsoft Entra's own description (AADSTS…) when the
 * error carries one (@azure/identity wraps it in its message), else our services' wording.
 */
export function signInFailureText(e: unknown): string {
  const raw = e instanceof Error ? e.message : '';
  const described = /Description:\s*(AADSTS\d+:[\s\S]*?)(?:\s+-\s+(?:Correlation ID|Trace ID|Timestamp):|\r?\n|$)/.exec(raw);
  if (described?.[1]) return described[1].trim();
  return failureText(toAzureOperationError(e)).replace(/^Azure sign-in failed:\s*/, '');
}

function withStop(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function pickSnapshotOf(p: ResourcePick): ConnectSnapshot['vault'] {
  return {
    ...(p.mode !== undefined ? { mode: p.mode } : {}),
    ...(p.existing !== undefined ? { existing: p.existing } : {}),
    newName: p.newName,
  };
}

function fromSnapshot(snap: ConnectSnapshot): ConnectState {
  const pick = (p: ConnectSnapshot['vault']): ResourcePick => ({
    ...(p.mode !== undefined ? { mode: p.mode } : {}),
    ...(p.existing !== undefined ? { existing: p.existing } : {}),
    newName: p.newName,
  });
  const st: ConnectState = {
    ...initialConnectState(false),
    page: 'signIn',
    signIn: { method: snap.method, tenantId: snap.tenantId, clientId: snap.clientId },
    resourceGroup: pick(snap.resourceGroup),
    storageAccount: pick(snap.storageAccount),
    vault: pick(snap.vault),
    created: [...snap.created],
  };
  if (snap.subscriptionId !== undefined) st.subscriptionId = snap.subscriptionId;
  if (snap.region !== undefined) st.region = snap.region;
  // A restored run page shows the review again (nothing runs by itself after a reload), and a
  // page whose earlier pages are incomplete shows the first incomplete one.
  st.page = restoredPage(st, snap.page);
  return st;
}
