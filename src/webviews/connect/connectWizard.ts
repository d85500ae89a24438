// The Connect wizard (issue 5 §2): "Sign in to Microsoft Azure", then subscription, region,
// resource group, storage account and Recovery Services vault (each existing or new), a review,
// and a run page that creates whatever is missing and saves the connection. Pure: no vscode; the
// sign-in, the saving and the Azure services come in through ConnectDeps, so the lab suite drives
// this wizard through its real protocol against the lab.
//
// This file is the controller: it holds the state, takes the user's actions and wires the parts —
// the pages (connectPages.ts, connectReviewAndRunPages.ts), the lists and the name check
// (connectLoading.ts), the resource provider registration (connectRegistration.ts) and the run
// (connectRun.ts); the pure rules are in connectModel.ts, the Azure calls in connectServices.ts.
//
// The client secret of a service principal lives only in this object until the sign-in uses it,
// then it is forgotten: it is never in the snapshot, and never in a page once signed in.

import * as l10n from '@vscode/l10n';
import type { SignIn } from '../../connection/connection';
import type { AzureContext } from '../../services/azure/clients';
import { toAzureOperationError } from '../../services/azure/errors';
import { validateStorageAccountName } from '../../services/azure/storage';
import type { PageContent } from '../form/formWizard';
import { failureText, FormWizard } from '../form/formWizard';
import type { InputFieldView } from '../form/view';
import { maxTextValueLength } from '../form/view';
import type { Infer } from '../validate';
import { s } from '../validate';
import type { ConnectPage, ConnectState, Known, PickMode, ResourcePick, SignInMethod } from './connectModel';
import { back, choose, connectPages, initialConnectState, next, restoredPage, signInMethods, signInRequest } from './connectModel';
import { withStop } from '../../model/failureText';
import { ConnectLists, runLoad, StorageNameChecks, subKey } from './connectLoading';
import { connectPage, fieldTargets } from './connectPages';
import { stepText } from './connectReviewAndRunPages';
import { ProviderRegistrations } from './connectRegistration';
import type { ConnectChoice } from './connectRun';
import { ConnectRun, maxCreatedKeys } from './connectRun';
import type { ConnectPageHooks, ConnectServices } from './connectServices';
import { azureConnectServices } from './connectServices';

/** Where "Create a free Azure account" goes. */
export const FREE_ACCOUNT_URL = 'https://azure.microsoft.com/free/';

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

export class ConnectWizard extends FormWizard<ConnectSnapshot> {
  /** Resolves when the wizard knows whether it is signed in and has loaded its first page's lists. */
  readonly loaded: Promise<void>;
  private model: ConnectState;
  private ctx: AzureContext | undefined;
  private secret = '';
  private starting = true;
  /** A restored wizard checks its saved choices: it preselects no region of its own meanwhile. */
  private verifying = false;
  private readonly services: ConnectServices;
  private readonly hooks: ConnectPageHooks = {
    changed: () => this.changed(),
    work: (text, fn) => this.work(text, fn),
    setError: (text) => this.setError(text),
  };
  private readonly lists: ConnectLists;
  private readonly names: StorageNameChecks;
  private readonly registration: ProviderRegistrations;
  private readonly connectRun: ConnectRun;

  constructor(
    private readonly deps: ConnectDeps,
    restored?: ConnectSnapshot,
  ) {
    super();
    this.services = { ...azureConnectServices, ...deps.services };
    this.model = restored ? fromSnapshot(restored) : initialConnectState(false);
    const subCtx = (): AzureContext => this.subCtx();
    this.lists = new ConnectLists(this.services);
    this.names = new StorageNameChecks({
      ask: (name) => this.services.checkStorageAccountName(subCtx(), name),
      delayMs: deps.nameCheckDelayMs ?? 500,
      changed: () => this.changed(),
    });
    this.registration = new ProviderRegistrations({
      services: this.services,
      subCtx,
      subKey: () => subKey(this.model),
      page: this.hooks,
      pollIntervalMs: deps.providerPollIntervalMs ?? 5000,
    });
    this.connectRun = new ConnectRun({
      services: this.services,
      subCtx,
      save: (choice) => this.deps.save(choice),
      model: () => this.model,
      setModel: (st) => {
        this.model = st;
      },
      stepLabel: (step) => stepText(step, (name) => this.lists.regionName(this.model, name)),
      page: this.hooks,
    });
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
      resourceGroup: copyPick(st.resourceGroup),
      storageAccount: copyPick(st.storageAccount),
      vault: copyPick(st.vault),
      created: st.created.slice(-maxCreatedKeys),
    };
  }

  override dispose(): void {
    this.names.cancel();
    super.dispose();
  }

  protected page(): PageContent {
    return connectPage({
      model: this.model,
      signedIn: this.ctx !== undefined,
      secret: this.secret,
      starting: this.starting,
      busy: this.busy,
      lists: this.lists,
      known: this.known(),
      listsMissing: this.listsMissing(),
      registration: this.registration.view(),
      nameCheck: this.names.view(this.model.storageAccount),
      run: this.connectRun.view(),
    });
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
        if (value !== st.subscriptionId) this.registration.reset();
        this.model = choose(st, { subscriptionId: value });
        return;
      case 'registerConsent':
        this.registration.setConsent(value === 'true');
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
    if (target.resource === 'storageAccount') this.names.schedule(this.model.storageAccount, this.ctx !== undefined);
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
          this.connectRun.leave();
          this.setError(undefined);
          this.goTo('review');
          return;
        }
        this.goTo(back(this.model).page);
        await this.load();
        return;
      case 'reload':
        this.lists.forgetPage(this.model.page);
        await this.load();
        return;
      case 'start':
        this.goTo('run');
        return this.run();
      case 'retry':
        return this.run();
      case 'registerProviders':
        if (await this.registration.register()) await this.next();
        return;
    }
  }

  // ---- start, sign-in, navigation ----

  private async start(restored: boolean): Promise<void> {
    try {
      let ctx: AzureContext | undefined;
      await this.work(l10n.t('Checking your Azure sign-in…'), async () => {
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
    const page = this.model.page;
    if (restored && this.ctx && connectPages.indexOf(page) > connectPages.indexOf('subscription')) await this.verifyRestored(page);
    else await this.load();
  }

  /**
   * A restored wizard's choices come from the state its webview kept: it goes forward from the
   * subscription page as Next does (each page's list read again from Azure, its choice checked
   * against it) and stops on the first page whose choice Azure no longer offers, which says so.
   * Nothing is created before the review.
   */
  private async verifyRestored(target: ConnectPage): Promise<void> {
    this.verifying = true;
    try {
      await this.walkRestored(target);
    } finally {
      this.verifying = false;
    }
  }

  private async walkRestored(target: ConnectPage): Promise<void> {
    this.goTo('subscription');
    await this.load();
    while (this.error === undefined && connectPages.indexOf(this.model.page) < connectPages.indexOf(target)) {
      const at = this.model.page;
      if (at === 'region' && !this.lists.offersRegion(this.model)) {
        this.model = choose(this.model, { region: '' });
        delete this.model.region;
        this.changed();
        return;
      }
      await this.next();
      if (this.model.page === at) return;
    }
  }

  private async signIn(): Promise<void> {
    const secret = this.secret;
    // The secret is used once, now, and forgotten whatever happens.
    this.secret = '';
    const request = signInRequest(this.model.signIn, secret);
    let ctx: AzureContext | undefined;
    const ok = await this.work(l10n.t('Signing in to Azure…'), async () => {
      try {
        ctx = await this.deps.signIn(request.signIn, request.secret);
      } catch (e) {
        throw new Error(l10n.t('Could not sign in: {0} Check the details and sign in again.', withStop(signInFailureText(e))));
      }
    });
    if (!ok || !ctx) return;
    this.ctx = ctx;
    this.lists.forgetAll();
    this.names.clear();
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
      if (validateStorageAccountName(name) === undefined && !this.names.answered(name)) {
        await this.work(l10n.t('Checking whether the storage account name is free…'), () => this.names.check(name));
        const failure = this.names.failureFor(name);
        if (failure !== undefined) {
          this.setError(l10n.t('Could not check whether the storage account name "{0}" is free: {1} Select Next to try again.', name, withStop(failure)));
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
      if (!(await this.registration.check())) return;
      if ((this.registration.unregistered() ?? []).length > 0) {
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
    if (!this.ctx) throw new Error(l10n.t('Sign in to Azure first.'));
    return { ...this.ctx, subscriptionId: this.model.subscriptionId ?? '' };
  }

  /** Loads what the current page lists (a failure shows on the page, with "Try again"). */
  private async load(): Promise<void> {
    if (!this.ctx) return;
    const loads = this.lists.loadsFor(this.model, () => this.subCtx());
    const hints = !this.verifying && this.model.page === 'region' && this.model.region === undefined;
    if (loads.length === 0 && !hints) {
      this.applyDefaults();
      return;
    }
    for (const l of loads) {
      const ok = await this.work(l.text, () => runLoad(l));
      if (!ok) return;
    }
    // The region preselected from the subscription's vaults or resource groups (never a failure).
    if (hints) await this.work(l10n.t('Looking for your vaults and resource groups…'), () => this.lists.loadRegionHints(this.model, () => this.subCtx()));
    this.applyDefaults();
    this.changed();
  }

  /** Whether the current page lacks a list it needs. */
  private listsMissing(): boolean {
    return this.ctx !== undefined && this.lists.loadsFor(this.model, () => this.subCtx()).length > 0;
  }

  /** Sensible choices once lists are known (see ConnectLists.withDefaults). */
  private applyDefaults(): void {
    this.model = this.lists.withDefaults(this.model);
  }

  private known(): Known {
    return this.lists.known(this.model, this.names.taken());
  }

  // ---- the run ----

  private async run(): Promise<void> {
    if (!(await this.connectRun.run())) return;
    // What exists in Azure changed: list it again if the user comes back.
    this.lists.forgetCreated();
    this.changed();
  }
}

// ---- helpers ----

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

/** A copy of a pick, for the snapshot and back. */
function copyPick(p: ResourcePick): ResourcePick {
  return {
    ...(p.mode !== undefined ? { mode: p.mode } : {}),
    ...(p.existing !== undefined ? { existing: p.existing } : {}),
    newName: p.newName,
  };
}

function fromSnapshot(snap: ConnectSnapshot): ConnectState {
  const st: ConnectState = {
    ...initialConnectState(false),
    page: 'signIn',
    signIn: { method: snap.method, tenantId: snap.tenantId, clientId: snap.clientId },
    resourceGroup: copyPick(snap.resourceGroup),
    storageAccount: copyPick(snap.storageAccount),
    vault: copyPick(snap.vault),
    created: [...snap.created],
  };
  if (snap.subscriptionId !== undefined) st.subscriptionId = snap.subscriptionId;
  if (snap.region !== undefined) st.region = snap.region;
  // A restored run page shows the review again (nothing runs by itself after a reload), and a
  // page whose earlier pages are incomplete shows the first incomplete one.
  st.page = restoredPage(st, snap.page);
  return st;
}
