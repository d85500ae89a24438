// The Connect wizard driven through its real message gate (FormHarness) with fake Azure services:
// pages, sign-in and its secret, lists and defaults, name checks, invalidation, the plan, the run
// with Retry, snapshot and restore, refused actions.
import assert from 'node:assert/strict';
import type { SignIn } from '../../../src/connection/connection';
import type { AzureContext } from '../../../src/services/azure/clients';
import { resolveCloud } from '../../../src/services/azure/cloud';
import type { StorageAccountSummary } from '../../../src/services/azure/storage';
import type { LocationSummary, ResourceGroupSummary, SubscriptionSummary } from '../../../src/services/azure/subscriptions';
import type { VaultSummary } from '../../../src/services/azure/vaults';
import type { ConnectChoice } from '../../../src/webviews/connect/connectRun';
import type { ConnectServices } from '../../../src/webviews/connect/connectServices';
import { ConnectWizard, connectSnapshot, FREE_ACCOUNT_URL, signInFailureText, type ConnectDeps, type ConnectSnapshot } from '../../../src/webviews/connect/connectWizard';
import { restoredSnapshot } from '../../../src/webviews/form/formProtocol';
import type { ListView, SummaryView } from '../../../src/webviews/form/view';
import { FormHarness } from '../../support/formHarness';

const SUB = '1f4c2b8e-6a3d-4e5f-9b7c-0d1e2f3a4b5c';
const SUB2 = '2a4c2b8e-6a3d-4e5f-9b7c-0d1e2f3a4b5c';
const TENANT = 'aaaabbbb-0000-cccc-1111-dddd2222eeee';
const CLIENT = '9d3b6f0a-2c4e-4a7b-8e1f-5c6d7e8f9a0b';
const SECRET = 'pa55-w0rd-that-must-never-leak';

class FakeAzure {
  readonly calls: string[] = [];
  subscriptions: SubscriptionSummary[] = [{ id: `/subscriptions/${SUB}`, subscriptionId: SUB, displayName: 'Contoso DR', state: 'Enabled' }];
  locations: LocationSummary[] = [
    { name: 'westeurope', displayName: 'West Europe' },
    { name: 'northeurope', displayName: 'North Europe' },
  ];
  groups: ResourceGroupSummary[] = [{ id: 'rg', name: 'RAM-DR-RG', location: 'westeurope' }];
  storage: StorageAccountSummary[] = [
    { id: 's1', name: 'ramdrstorage01', resourceGroup: 'RAM-DR-RG', location: 'westeurope' },
    { id: 's2', name: 'ramnestore01', resourceGroup: 'RAM-DR-RG', location: 'northeurope' },
  ];
  vaults: { name: string; resourceGroup: string; location: string }[] = [
    { name: 'RAM-Vault', resourceGroup: 'RAM-DR-RG', location: 'westeurope' },
    { name: 'North-Vault', resourceGroup: 'RAM-DR-RG', location: 'northeurope' },
  ];
  /** Names of the next calls that fail (once each). */
  failOnce = new Set<string>();
  /** Calls that fail every time. */
  failAlways = new Set<string>();
  /** The subscription of each listLocations call, in order. */
  readonly locationsFor: string[] = [];

  private hit(name: string): void {
    this.calls.push(name);
    if (this.failAlways.has(name)) throw new Error(`${name} is broken today.`);
    if (this.failOnce.delete(name)) throw new Error(`Azure refused ${name} this time. Try again later.`);
  }

  count(name: string): number {
    return this.calls.filter((c) => c === name).length;
  }

  readonly services: ConnectServices = {
    listSubscriptions: () => {
      this.hit('listSubscriptions');
      return Promise.resolve([...this.subscriptions]);
    },
    listLocations: (ctx) => {
      this.hit('listLocations');
      // Recorded, not asserted here: the wizard catches what a service throws (it shows a load error).
      this.locationsFor.push(ctx.subscriptionId);
      return Promise.resolve([...this.locations]);
    },
    listResourceGroups: () => {
      this.hit('listResourceGroups');
      return Promise.resolve([...this.groups]);
    },
    listStorageAccounts: (_ctx, filter) => {
      this.hit('listStorageAccounts');
      return Promise.resolve(this.storage.filter((a) => a.resourceGroup.toLowerCase() === filter.resourceGroup?.toLowerCase() && a.location === filter.location));
    },
    checkStorageAccountName: (_ctx, name) => {
      this.hit('checkStorageAccountName');
      const taken = this.storage.some((a) => a.name === name);
      return Promise.resolve(taken ? { available: false, reason: 'AlreadyExists', message: `The storage account named ${name} is already taken.` } : { available: true });
    },
    listVaults: (ctx, rg) => {
      this.hit('listVaults');
      return Promise.resolve(
        this.vaults
          .filter((v) => rg === undefined || v.resourceGroup.toLowerCase() === rg.toLowerCase())
          .map((v): VaultSummary => ({
            id: v.name,
            name: v.name,
            resourceGroup: v.resourceGroup,
            location: v.location,
            ref: { subscriptionId: ctx.subscriptionId, resourceGroup: v.resourceGroup, vaultName: v.name },
          })),
      );
    },
    createResourceGroup: (_ctx, name, location) => {
      this.hit('createResourceGroup');
      const g = { id: name, name, location };
      this.groups.push(g);
      return Promise.resolve(g);
    },
    createStorageAccount: (_ctx, resourceGroup, name, location) => {
      this.hit('createStorageAccount');
      const a = { id: name, name, resourceGroup, location };
      this.storage.push(a);
      return Promise.resolve(a);
    },
    createVault: (ctx, resourceGroup, name, location) => {
      this.hit('createVault');
      this.vaults.push({ name, resourceGroup, location });
      return Promise.resolve({ id: name, name, resourceGroup, location, ref: { subscriptionId: ctx.subscriptionId, resourceGroup, vaultName: name } });
    },
    // A subscription that has been used: every namespace registered, every action allowed
    // (connectProviders.test.ts covers the other cases).
    getProviderRegistrations: () => Promise.resolve([{ namespace: 'Microsoft.RecoveryServices', state: 'Registered' }]),
    registerProvider: (_ctx, namespace) => Promise.resolve({ namespace, state: 'Registered' }),
    checkConnectPermissions: () => Promise.resolve([]),
  };
}

const ctx: AzureContext = {
  credential: { getToken: () => Promise.resolve({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) },
  cloud: resolveCloud('AzureCloud'),
  subscriptionId: '',
};

interface Setup {
  h: FormHarness<ConnectSnapshot>;
  wizard: ConnectWizard;
  azure: FakeAzure;
  signIns: { signIn: SignIn; secret?: string }[];
  saved: ConnectChoice[];
  opened: string[];
  closed: () => number;
}

async function open(options: { signedIn?: boolean; restored?: ConnectSnapshot; azure?: FakeAzure; signIn?: ConnectDeps['signIn']; delay?: number } = {}): Promise<Setup> {
  const azure = options.azure ?? new FakeAzure();
  const signIns: Setup['signIns'] = [];
  const saved: ConnectChoice[] = [];
  const opened: string[] = [];
  let closes = 0;
  const deps: ConnectDeps = {
    signedIn: () => Promise.resolve(options.signedIn ? ctx : undefined),
    signIn:
      options.signIn ??
      ((signIn, secret) => {
        signIns.push({ signIn, ...(secret !== undefined ? { secret } : {}) });
        return Promise.resolve(ctx);
      }),
    save: (choice) => {
      azure.calls.push('save');
      if (azure.failOnce.delete('save')) return Promise.reject(new Error('The settings could not be written.'));
      saved.push(choice);
      return Promise.resolve();
    },
    openExternal: (url) => opened.push(url),
    services: azure.services,
    nameCheckDelayMs: options.delay ?? 5,
  };
  const wizard = new ConnectWizard(deps, options.restored);
  wizard.onDidRequestClose(() => closes++);
  const h = new FormHarness(wizard);
  await wizard.loaded;
  return { h, wizard, azure, signIns, saved, opened, closed: () => closes };
}

function summaryRows(h: FormHarness<ConnectSnapshot>): Record<string, string> {
  const b = h.block('summary') as SummaryView;
  return Object.fromEntries(b.rows.map((r) => [r.label, r.value]));
}

function planItems(h: FormHarness<ConnectSnapshot>): string[] {
  return (h.block('plan') as ListView).items.map((i) => i.text);
}

/** Signed in, at the storage page with a new resource group "rg1" in westeurope. */
async function toStorageWithNewGroup(s: Setup): Promise<void> {
  const { h } = s;
  assert.equal(h.view.page, 'subscription');
  await h.press('next');
  assert.equal(h.view.page, 'region');
  assert.deepEqual(s.azure.locationsFor, [SUB], 'the regions of the chosen subscription');
  await h.set('region', 'westeurope');
  await h.press('next');
  assert.equal(h.view.page, 'resourceGroup');
  await h.set('resourceGroupMode', 'new');
  await h.set('resourceGroupName', 'rg1');
  await h.press('next');
  assert.equal(h.view.page, 'storage');
}

/** From the subscription page to the storage page, with the existing group RAM-DR-RG in westeurope. */
async function toStorageInGroup(h: FormHarness<ConnectSnapshot>): Promise<void> {
  await h.press('next');
  await h.set('region', 'westeurope');
  await h.press('next');
  await h.set('resourceGroup', 'RAM-DR-RG');
  await h.press('next');
}

describe('connect wizard', () => {
  const opened: Setup[] = [];
  const start = async (o: Parameters<typeof open>[0] = {}): Promise<Setup> => {
    const s = await open(o);
    opened.push(s);
    return s;
  };
  afterEach(() => {
    for (const s of opened.splice(0)) s.h.dispose();
  });

  describe('sign-in page', () => {
    it('starts on "Sign in to Microsoft Azure" when signed out, with the three ways to sign in', async () => {
      const { h } = await start();
      assert.equal(h.view.page, 'signIn');
      assert.equal(h.view.title, 'Sign in to Microsoft Azure');
      assert.equal(h.view.stepLabel, 'Step 1 of 8');
      const method = h.field('method');
      assert.equal(method.kind, 'radio');
      assert.deepEqual(method.kind === 'radio' ? method.options.map((o) => o.label) : [], ['Microsoft account (VS Code)', 'Service principal', 'Azure CLI']);
      assert.equal(h.field('tenantId').label, 'Tenant ID (optional)');
      assert.ok(h.buttonEnabled('signIn'));
      assert.equal(h.buttonEnabled('next'), false, 'no "Continue" when not signed in');
      assert.throws(() => h.field('clientSecret'), /no field "clientSecret"/);
    });

    it('opens the free account page through deps', async () => {
      const s = await start();
      await s.h.press('createAccount');
      assert.deepEqual(s.opened, [FREE_ACCOUNT_URL]);
    });

    it('asks a service principal for tenant and client GUIDs and a secret before it may sign in', async () => {
      const { h, signIns } = await start();
      await h.set('method', 'servicePrincipal');
      assert.equal(h.field('tenantId').label, 'Tenant ID');
      const secret = h.field('clientSecret');
      assert.ok(secret.kind === 'text' && secret.secret === true);
      assert.equal(h.buttonEnabled('signIn'), false);
      await h.set('tenantId', 'contoso.onmicrosoft.com');
      await h.set('clientId', CLIENT);
      await h.set('clientSecret', SECRET);
      assert.match(h.field('tenantId').problem ?? '', /GUID/);
      assert.equal(h.buttonEnabled('signIn'), false);
      assert.equal(await h.pressExpectingRefusal('signIn'), 'press: the button is disabled');
      assert.deepEqual(signIns, [], 'a disabled Sign in does nothing');
      await h.set('tenantId', TENANT);
      assert.equal(h.field('tenantId').problem, undefined);
      assert.ok(h.buttonEnabled('signIn'));
    });

    it('signs in as a service principal, then forgets the secret: never in a snapshot, never in a page after sign-in', async () => {
      const { h, signIns, wizard } = await start();
      await h.set('method', 'servicePrincipal');
      await h.set('tenantId', TENANT);
      await h.set('clientId', CLIENT);
      await h.set('clientSecret', SECRET);
      assert.ok(!JSON.stringify(wizard.snapshot()).includes(SECRET), 'the snapshot holds no secret, even before sign-in');
      assert.ok(!JSON.stringify(h.snapshot).includes(SECRET));
      const before = h.sent.length;
      await h.press('signIn');
      assert.deepEqual(signIns, [{ signIn: { kind: 'servicePrincipal', tenantId: TENANT, clientId: CLIENT }, secret: SECRET }]);
      assert.equal(h.view.page, 'subscription');
      const snap = wizard.snapshot();
      assert.deepEqual([snap.method, snap.tenantId, snap.clientId], ['servicePrincipal', TENANT, CLIENT], 'the rest of the sign-in is kept');
      await h.press('signInAgain');
      assert.equal(h.view.page, 'signIn');
      const field = h.field('clientSecret');
      assert.ok(field.kind === 'text' && field.value === '', 'the secret field is empty again');
      assert.ok(!JSON.stringify(h.sent.slice(before)).includes(SECRET), 'no message since the sign-in carries the secret');
      assert.ok(!JSON.stringify(wizard.state()).includes(SECRET));
    });

    it('a failed sign-in says so in plain words, stays on the page and forgets the secret', async () => {
      const { h } = await start({ signIn: () => Promise.reject(new Error('AADSTS7000215: Invalid client secret provided.\n    at Object.<anonymous> (x.js:1:1)')) });
      await h.set('method', 'servicePrincipal');
      await h.set('tenantId', TENANT);
      await h.set('clientId', CLIENT);
      await h.set('clientSecret', SECRET);
      await h.press('signIn');
      assert.equal(h.view.page, 'signIn');
      assert.equal(h.view.error, 'Could not sign in: AADSTS7000215: Invalid client secret provided. Check the details and sign in again.');
      const field = h.field('clientSecret');
      assert.ok(field.kind === 'text' && field.value === '');
      assert.match(field.problem ?? '', /client secret/);
      assert.equal(h.buttonEnabled('signIn'), false);
    });

    it("a sign-in failure shows Microsoft Entra's description without the correlation noise, or our services' sentence", () => {
      const entra = Object.assign(
        new Error(
          'invalid_client: Error(s): 7000215 - Timestamp: 2026-11-25 20:35:33Z - Description: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID. - Correlation ID: 00000000-0000-0000-0000-000000000000 - Trace ID: 00000000-0000-0000-0000-000000000000',
        ),
        { name: 'AuthenticationRequiredError' },
      );
      assert.equal(
        signInFailureText(entra),
        'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
      );
      assert.equal(
        signInFailureText(Object.assign(new Error('Azure CLI could not be found.'), { name: 'CredentialUnavailableError' })),
        'Could not get Azure credentials: Azure CLI could not be found.',
      );
      assert.equal(signInFailureText(new Error('Token request refused.\n    at Foo.bar (/x/y.js:1:2)')), 'Token request refused.');
    });

    it('signs in with the account or the CLI, with an optional tenant', async () => {
      const { h, signIns } = await start();
      await h.set('method', 'cli');
      await h.set('tenantId', TENANT);
      await h.press('signIn');
      assert.deepEqual(signIns, [{ signIn: { kind: 'cli', tenantId: TENANT } }]);
      await h.press('signInAgain');
      await h.set('method', 'account');
      await h.set('tenantId', '');
      await h.press('signIn');
      assert.deepEqual(signIns[1], { signIn: { kind: 'account' } });
    });
  });

  describe('already signed in', () => {
    it('starts at the subscription page, the only subscription chosen, and can sign in differently or continue', async () => {
      const { h, azure } = await start({ signedIn: true });
      assert.equal(h.view.page, 'subscription');
      const sub = h.field('subscription');
      assert.equal(sub.kind === 'select' ? sub.value : '', SUB);
      assert.ok(h.buttonEnabled('next'));
      await h.press('signInAgain');
      assert.equal(h.view.page, 'signIn');
      assert.ok(h.block('signedIn'));
      await h.press('next');
      assert.equal(h.view.page, 'subscription');
      assert.equal(azure.count('listSubscriptions'), 1, 'the list is kept');
    });

    it('with several subscriptions none is chosen; a disabled one cannot be', async () => {
      const azure = new FakeAzure();
      azure.subscriptions.push(
        { id: 'x', subscriptionId: SUB2, displayName: 'Old', state: 'Disabled' },
        { id: 'y', subscriptionId: 'c0ffee00-0000-4000-8000-000000000000', displayName: 'Dev', state: 'Enabled' },
      );
      const { h } = await start({ signedIn: true, azure });
      assert.equal(h.buttonEnabled('next'), false);
      assert.equal(h.field('subscription').problem, 'Choose a subscription.');
      assert.equal(await h.setExpectingRefusal('subscription', SUB2), 'set: the choice cannot be chosen');
      await h.set('subscription', SUB);
      assert.ok(h.buttonEnabled('next'));
    });

    it('with no subscription says what to do and offers the free account', async () => {
      const azure = new FakeAzure();
      azure.subscriptions = [];
      const s = await start({ signedIn: true, azure });
      const text = s.h.block('noSubscriptions');
      assert.ok(text.kind === 'textBlock' && /no Azure subscription/.test(text.text) && /free Azure account/.test(text.text));
      assert.equal(s.h.buttonEnabled('next'), false);
      await s.h.press('createAccount');
      assert.deepEqual(s.opened, [FREE_ACCOUNT_URL]);
    });

    it('a list that fails to load shows why and offers "Try again"', async () => {
      const azure = new FakeAzure();
      azure.failOnce.add('listSubscriptions');
      const { h } = await start({ signedIn: true, azure });
      assert.match(h.view.error ?? '', /^Could not list your Azure subscriptions: Azure refused listSubscriptions this time\. Try again later\. Select "Try again"\.$/);
      assert.equal(h.buttonEnabled('next'), false);
      await h.press('reload');
      assert.equal(h.view.error, undefined);
      assert.ok(h.buttonEnabled('next'));
      assert.equal(h.buttonEnabled('reload'), false);
    });
  });

  describe('choosing', () => {
    it('resource group: a new name is checked against the rules and the existing groups', async () => {
      const { h } = await start({ signedIn: true });
      await h.press('next');
      await h.set('region', 'westeurope');
      await h.press('next');
      const mode = h.field('resourceGroupMode');
      assert.equal(mode.kind === 'radio' ? mode.value : '', 'existing', 'existing groups: "existing" by default');
      assert.equal(h.field('resourceGroup').kind, 'select');
      await h.set('resourceGroupMode', 'new');
      await h.set('resourceGroupName', 'ends.');
      assert.match(h.field('resourceGroupName').problem ?? '', /period/);
      assert.equal(h.buttonEnabled('next'), false);
      await h.set('resourceGroupName', 'ram-dr-rg');
      assert.match(h.field('resourceGroupName').problem ?? '', /already exists/);
      await h.set('resourceGroupName', 'rg1');
      assert.equal(h.field('resourceGroupName').problem, undefined);
      assert.match(h.field('resourceGroupName').hint ?? '', /Created in West Europe/);
      assert.ok(h.buttonEnabled('next'));
    });

    it('storage: a new group has none to pick; a new name is checked as typed (debounced) and a taken one is refused', async () => {
      const s = await start({ signedIn: true, delay: 80 });
      await toStorageWithNewGroup(s);
      const { h, azure } = s;
      assert.equal(azure.count('listStorageAccounts'), 0, 'no list for a group that does not exist yet');
      const mode = h.field('storageMode');
      assert.ok(mode.kind === 'radio' && mode.value === 'new' && mode.options[0].disabled === true);
      assert.equal(await h.setExpectingRefusal('storageMode', 'existing'), 'set: the choice cannot be chosen', 'the disabled "existing" choice is refused');
      await h.set('storageAccountName', 'Bad_Name');
      assert.match(h.field('storageAccountName').problem ?? '', /lower-case/);
      await h.set('storageAccountName', 'ramdr');
      await h.set('storageAccountName', 'ramdrstorage0');
      await h.set('storageAccountName', 'ramdrstorage01');
      await h.until('the taken name refused', () => /already taken/.test(h.field('storageAccountName').problem ?? ''));
      assert.equal(azure.count('checkStorageAccountName'), 1, 'only the last name typed was checked');
      assert.equal(h.buttonEnabled('next'), false);
      await h.set('storageAccountName', 'rgonestore01');
      await h.until('the free name confirmed', () => /"rgonestore01" is free/.test(h.field('storageAccountName').hint ?? ''));
      assert.equal(h.field('storageAccountName').problem, undefined);
      await h.press('next');
      assert.equal(h.view.page, 'vault');
    });

    it('storage: a name not yet checked is checked on Next', async () => {
      const s = await start({ signedIn: true, delay: 60_000 });
      await toStorageWithNewGroup(s);
      const { h, azure } = s;
      await h.set('storageAccountName', 'ramdrstorage01');
      assert.ok(h.buttonEnabled('next'));
      await h.press('next');
      assert.equal(h.view.page, 'storage');
      assert.match(h.field('storageAccountName').problem ?? '', /already taken/);
      await h.set('storageAccountName', 'freename01');
      await h.press('next');
      assert.equal(h.view.page, 'vault');
      assert.equal(azure.count('checkStorageAccountName'), 2);
    });

    it('storage: when the check itself fails, Next says so and stays', async () => {
      const s = await start({ signedIn: true, delay: 60_000 });
      await toStorageWithNewGroup(s);
      s.azure.failOnce.add('checkStorageAccountName');
      await s.h.set('storageAccountName', 'freename01');
      await s.h.press('next');
      assert.equal(s.h.view.page, 'storage');
      assert.match(s.h.view.error ?? '', /^Could not check whether the storage account name "freename01" is free: .* Select Next to try again\.$/);
      await s.h.press('next');
      assert.equal(s.h.view.page, 'vault');
    });

    it('existing storage accounts and vaults are those of the group in the region; a vault elsewhere cannot be chosen', async () => {
      const { h } = await start({ signedIn: true });
      await toStorageInGroup(h);
      const sa = h.field('storageAccount');
      assert.deepEqual(sa.kind === 'select' ? sa.options.map((o) => o.value) : [], ['ramdrstorage01']);
      assert.equal(sa.kind === 'select' ? sa.value : '', 'ramdrstorage01', 'the only one is chosen');
      assert.equal(await h.setExpectingRefusal('storageAccount', 'ramnestore01'), 'set: not one of the offered choices');
      await h.press('next');
      const vault = h.field('vault');
      assert.ok(vault.kind === 'select');
      assert.deepEqual(
        vault.options.map((o) => [o.value, o.disabled === true]),
        [
          ['RAM-Vault', false],
          ['North-Vault', true],
        ],
      );
      assert.equal(await h.setExpectingRefusal('vault', 'North-Vault'), 'set: the choice cannot be chosen');
      await h.set('vaultMode', 'new');
      await h.set('vaultName', 'north-vault');
      assert.match(h.field('vaultName').problem ?? '', /already has a vault named "North-Vault"/);
      await h.set('vaultMode', 'existing');
      await h.set('vault', 'RAM-Vault');
      await h.press('next');
      assert.equal(h.view.page, 'review');
      assert.deepEqual(summaryRows(h), {
        Subscription: `Contoso DR (${SUB})`,
        Region: 'West Europe',
        'Resource group': 'RAM-DR-RG (existing)',
        'Storage account': 'ramdrstorage01 (existing)',
        'Recovery Services vault': 'RAM-Vault (existing)',
      });
      assert.equal(planItems(h)[0], 'Nothing needs to be created: the resource group, storage account and vault already exist.');
      assert.equal(h.view.buttons.find((b) => b.id === 'start')?.label, 'Connect');
    });

    it('a changed region forgets the storage account and vault picked in the old one, and lists again', async () => {
      const { h, azure } = await start({ signedIn: true });
      await h.press('next');
      await h.set('region', 'westeurope');
      await h.press('next');
      await h.set('resourceGroup', 'RAM-DR-RG');
      await h.press('next');
      await h.press('next');
      const vault = h.field('vault');
      assert.equal(vault.kind === 'select' ? vault.value : '', 'RAM-Vault');
      await h.press('back');
      await h.press('back');
      await h.press('back');
      assert.equal(h.view.page, 'region');
      await h.set('region', 'northeurope');
      assert.equal(h.snapshot.storageAccount.existing, undefined);
      assert.equal(h.snapshot.vault.existing, undefined);
      assert.equal(h.snapshot.resourceGroup.existing, 'RAM-DR-RG', 'the group does not depend on the region');
      await h.press('next');
      await h.press('next');
      const sa = h.field('storageAccount');
      assert.deepEqual(sa.kind === 'select' ? [sa.value, sa.options.map((o) => o.value)] : [], ['ramnestore01', ['ramnestore01']]);
      assert.equal(azure.count('listStorageAccounts'), 2);
      await h.press('next');
      const v = h.field('vault');
      assert.equal(v.kind === 'select' ? v.value : '', 'North-Vault');
    });

    it("preselects the region of the subscription's vaults, else of its resource groups, and says why", async () => {
      const selected = (h: FormHarness<ConnectSnapshot>, id: string): string => {
        const f = h.field(id);
        return f.kind === 'select' || f.kind === 'radio' ? f.value : '';
      };
      const one = new FakeAzure();
      one.vaults = [{ name: 'RAM-Vault', resourceGroup: 'RAM-DR-RG', location: 'northeurope' }];
      const a = await start({ signedIn: true, azure: one });
      await a.h.press('next');
      assert.equal(a.h.view.page, 'region');
      assert.equal(selected(a.h, 'region'), 'northeurope');
      assert.match(a.h.field('region').hint ?? '', /^Preselected: your vault RAM-Vault is in this region\. The Azure region/);
      assert.equal(a.h.buttonEnabled('next'), true);
      // Vaults in two regions name none: the one region of the resource groups is preselected.
      const b = await start({ signedIn: true });
      await b.h.press('next');
      assert.equal(selected(b.h, 'region'), 'westeurope');
      assert.match(b.h.field('region').hint ?? '', /^Preselected: your resource group RAM-DR-RG is in this region\./);
      await b.h.set('region', 'northeurope');
      assert.doesNotMatch(b.h.field('region').hint ?? '', /Preselected/, 'a region the user chose is not "preselected"');
      assert.equal(b.azure.count('listResourceGroups'), 1);
      await b.h.press('next');
      assert.equal(b.h.view.page, 'resourceGroup');
      assert.equal(b.azure.count('listResourceGroups'), 1, 'the groups read for the default are not read again');
      // Nothing to go by: no default, and no problem shown before a choice.
      const none = new FakeAzure();
      none.vaults = [];
      none.groups = [];
      const c = await start({ signedIn: true, azure: none });
      await c.h.press('next');
      assert.equal(selected(c.h, 'region'), '');
    });

    it('a changed region resets "Create a new storage account" (and the vault), with a note saying why', async () => {
      const { h } = await start({ signedIn: true });
      await toStorageInGroup(h);
      assert.equal(h.view.page, 'storage');
      await h.set('storageMode', 'new');
      await h.set('storageAccountName', 'ramnewstore01');
      assert.throws(() => h.block('reset'), /reset/, 'no note before a reset');
      await h.press('back');
      await h.press('back');
      await h.set('region', 'northeurope');
      await h.press('next');
      await h.press('next');
      assert.equal(h.view.page, 'storage');
      const mode = h.field('storageMode');
      assert.equal(mode.kind === 'radio' ? mode.value : '', 'existing', 'northeurope has an account to use: chosen again by the defaults');
      const note = h.block('reset');
      assert.ok(note.kind === 'textBlock' && note.text === 'Reset because the region changed.');
      await h.set('storageMode', 'new');
      const name = h.field('storageAccountName');
      assert.equal(name.kind === 'text' ? name.value : '', 'ramnewstore01', 'the name typed is kept');
      assert.throws(() => h.block('reset'), /reset/, 'choosing again clears the note');
    });

    it('a changed subscription forgets everything chosen in the old one', async () => {
      const azure = new FakeAzure();
      azure.subscriptions.push({ id: 'y', subscriptionId: SUB2, displayName: 'Other', state: 'Enabled' });
      const { h } = await start({ signedIn: true, azure });
      await h.set('subscription', SUB);
      await h.press('next');
      await h.set('region', 'westeurope');
      await h.press('next');
      await h.set('resourceGroup', 'RAM-DR-RG');
      await h.press('back');
      await h.press('back');
      await h.set('subscription', SUB2);
      assert.equal(h.snapshot.region, undefined);
      assert.deepEqual(h.snapshot.resourceGroup, { newName: '' });
      await h.press('next');
      assert.equal(h.view.page, 'region');
      assert.deepEqual(azure.locationsFor, [SUB, SUB2], 'the regions are listed in the subscription chosen, again after it changed');
    });
  });

  describe('the run', () => {
    async function toReviewAllNew(s: Setup): Promise<void> {
      await toStorageWithNewGroup(s);
      const { h } = s;
      await h.set('storageAccountName', 'rgonestore01');
      await h.press('next');
      const mode = h.field('vaultMode');
      assert.equal(mode.kind === 'radio' ? mode.value : '', 'new');
      await h.set('vaultName', 'rg1-vault');
      await h.press('next');
      assert.equal(h.view.page, 'review');
    }

    it('reviews, creates only what is missing with progress, saves, and closes', async () => {
      const s = await start({ signedIn: true });
      await toReviewAllNew(s);
      const { h, azure } = s;
      assert.deepEqual(summaryRows(h), {
        Subscription: `Contoso DR (${SUB})`,
        Region: 'West Europe',
        'Resource group': 'rg1 (new: created in West Europe)',
        'Storage account': 'rgonestore01 (new: created, general-purpose v2, locally redundant)',
        'Recovery Services vault': 'rg1-vault (new: created)',
      });
      assert.deepEqual(planItems(h), [
        'Create the resource group rg1 in West Europe.',
        'Create the storage account rgonestore01.',
        'Create the Recovery Services vault rg1-vault.',
        'Save the connection: the Azure Site Recovery view then shows the vault rg1-vault.',
      ]);
      assert.equal(h.view.buttons.find((b) => b.id === 'start')?.label, 'Create and connect');
      await h.press('start');
      assert.equal(h.view.page, 'run');
      assert.deepEqual(
        h.steps().map((x) => [x.id, x.state]),
        [
          ['createResourceGroup', 'succeeded'],
          ['createStorageAccount', 'succeeded'],
          ['createVault', 'succeeded'],
          ['saveConnection', 'succeeded'],
        ],
      );
      assert.deepEqual(s.saved, [
        {
          subscriptionId: SUB,
          vault: { subscriptionId: SUB, resourceGroup: 'rg1', vaultName: 'rg1-vault', location: 'westeurope' },
          storageAccountId: `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/rgonestore01`,
        },
      ]);
      assert.deepEqual(
        azure.calls.filter((c) => c.startsWith('create') || c === 'save'),
        ['createResourceGroup', 'createStorageAccount', 'createVault', 'save'],
      );
      const done = h.block('done');
      assert.ok(done.kind === 'textBlock' && /Connected to the vault rg1-vault/.test(done.text));
      assert.deepEqual(
        h.view.buttons.map((b) => b.id),
        ['close'],
      );
      await h.press('close');
      assert.equal(s.closed(), 1);
    });

    it('a failed step says why; Retry resumes from it without creating again what was made', async () => {
      const s = await start({ signedIn: true });
      await toReviewAllNew(s);
      const { h, azure } = s;
      azure.failOnce.add('createVault');
      await h.press('start');
      assert.deepEqual(
        h.steps().map((x) => [x.id, x.state]),
        [
          ['createResourceGroup', 'succeeded'],
          ['createStorageAccount', 'succeeded'],
          ['createVault', 'failed'],
          ['saveConnection', 'pending'],
        ],
      );
      assert.equal(h.steps()[2].detail, 'Azure refused createVault this time. Try again later.');
      assert.equal(
        h.view.error,
        'Could not create the vault rg1-vault: Azure refused createVault this time. Try again later. Select Retry to try again from this step (what was already created is kept), or Back to change your choices.',
      );
      assert.deepEqual(
        h.view.buttons.map((b) => b.id),
        ['back', 'retry', 'close'],
      );
      assert.deepEqual(s.saved, []);
      await h.press('retry');
      assert.deepEqual(
        h.steps().map((x) => x.state),
        ['succeeded', 'succeeded', 'succeeded', 'succeeded'],
      );
      assert.equal(h.steps()[0].detail, 'Created earlier by this wizard; kept.');
      assert.equal(h.view.error, undefined);
      assert.equal(azure.count('createResourceGroup'), 1);
      assert.equal(azure.count('createStorageAccount'), 1);
      assert.equal(azure.count('createVault'), 2);
      assert.equal(s.saved.length, 1);
    });

    it('Back after a failure keeps what was created: a changed vault name creates only the vault', async () => {
      const s = await start({ signedIn: true });
      await toReviewAllNew(s);
      const { h, azure } = s;
      azure.failAlways.add('createVault');
      await h.press('start');
      assert.equal(h.steps()[2].state, 'failed');
      await h.press('back');
      assert.equal(h.view.page, 'review');
      assert.equal(h.view.error, undefined);
      assert.equal(summaryRows(h)['Resource group'], 'rg1 (created earlier by this wizard)');
      assert.deepEqual(planItems(h).slice(0, 2), [
        'Create the resource group rg1 in West Europe: done earlier, kept.',
        'Create the storage account rgonestore01: done earlier, kept.',
      ]);
      await h.press('back');
      assert.equal(h.view.page, 'vault');
      azure.failAlways.clear();
      await h.set('vaultName', 'rg1-vault2');
      await h.press('back');
      await h.press('back');
      assert.equal(h.view.page, 'resourceGroup');
      assert.equal(h.field('resourceGroupName').problem, undefined, 'the group this wizard created is not "already there"');
      await h.press('next');
      assert.equal(h.field('storageAccountName').problem, undefined, 'nor is its storage account "taken"');
      await h.press('next');
      await h.press('next');
      await h.press('start');
      assert.deepEqual(
        h.steps().map((x) => x.state),
        ['succeeded', 'succeeded', 'succeeded', 'succeeded'],
      );
      assert.equal(azure.count('createResourceGroup'), 1);
      assert.equal(azure.count('createStorageAccount'), 1);
      assert.equal(s.saved[0].vault.vaultName, 'rg1-vault2');
    });

    it('a failed save is retried alone', async () => {
      const s = await start({ signedIn: true });
      await toReviewAllNew(s);
      s.azure.failOnce.add('save');
      await s.h.press('start');
      assert.equal(s.h.steps()[3].state, 'failed');
      assert.match(s.h.view.error ?? '', /^Could not save the connection: The settings could not be written\. Select Retry/);
      await s.h.press('retry');
      assert.equal(s.h.steps()[3].state, 'succeeded');
      assert.equal(s.azure.count('createVault'), 1);
      assert.equal(s.saved.length, 1);
    });
  });

  describe('snapshot and restore', () => {
    it('the snapshot passes its own validator and restores the choices', async () => {
      const s = await start({ signedIn: true });
      await toStorageWithNewGroup(s);
      await s.h.set('storageAccountName', 'rgonestore01');
      const snap = s.h.snapshot;
      const r = restoredSnapshot(JSON.parse(JSON.stringify({ view: s.h.view, snapshot: snap })) as unknown, connectSnapshot);
      assert.ok(r.ok);
      const again = await start({ signedIn: true, restored: r.value });
      assert.equal(again.h.view.page, 'storage');
      const f = again.h.field('storageAccountName');
      assert.ok(f.kind === 'text' && f.value === 'rgonestore01');
    });

    const emptyReview: ConnectSnapshot = {
      page: 'review',
      method: 'account',
      tenantId: '',
      clientId: '',
      resourceGroup: { newName: '' },
      storageAccount: { newName: '' },
      vault: { newName: '' },
      created: [],
    };

    it('rejects a tampered snapshot', () => {
      const good = emptyReview;
      assert.ok(restoredSnapshot({ snapshot: good }, connectSnapshot).ok);
      assert.ok(!restoredSnapshot({ snapshot: { ...good, page: 'elsewhere' } }, connectSnapshot).ok);
      assert.ok(!restoredSnapshot({ snapshot: { ...good, clientSecret: SECRET } }, connectSnapshot).ok);
      assert.ok(!restoredSnapshot({ snapshot: { ...good, created: Array.from({ length: 21 }, () => 'k') } }, connectSnapshot).ok);
    });

    it('a wizard restored on the run page shows the review and runs nothing by itself', async () => {
      const first = await start({ signedIn: true });
      await toStorageWithNewGroup(first);
      await first.h.set('storageAccountName', 'rgonestore01');
      await first.h.press('next');
      await first.h.set('vaultName', 'rg1-vault');
      await first.h.press('next');
      first.azure.failOnce.add('createVault');
      await first.h.press('start');
      const snap = first.h.snapshot;
      assert.equal(snap.page, 'run');
      assert.equal(snap.created.length, 2);
      const azure = new FakeAzure();
      azure.groups.push({ id: 'rg1', name: 'rg1', location: 'westeurope' });
      azure.storage.push({ id: 'x', name: 'rgonestore01', resourceGroup: 'rg1', location: 'westeurope' });
      const s = await start({ signedIn: true, restored: snap, azure });
      assert.equal(s.h.view.page, 'review');
      assert.deepEqual(
        azure.calls.filter((c) => c.startsWith('create')),
        [],
      );
      assert.equal(summaryRows(s.h)['Storage account'], 'rgonestore01 (created earlier by this wizard)');
      await s.h.press('start');
      assert.deepEqual(
        azure.calls.filter((c) => c.startsWith('create')),
        ['createVault'],
      );
      assert.equal(s.saved.length, 1);
    });

    it('a restored review shows only choices Azure still offers: else the wizard stops on the page to choose again, creating and saving nothing', async () => {
      const existing = (name: string): ConnectSnapshot['vault'] => ({ mode: 'existing', existing: name, newName: '' });
      const good: ConnectSnapshot = {
        ...emptyReview,
        subscriptionId: SUB,
        region: 'westeurope',
        resourceGroup: existing('RAM-DR-RG'),
        storageAccount: existing('ramdrstorage01'),
        vault: existing('RAM-Vault'),
      };
      const ok = await start({ signedIn: true, restored: good });
      assert.equal(ok.h.view.page, 'review');
      assert.equal(summaryRows(ok.h)['Recovery Services vault'], 'RAM-Vault (existing)');
      const tampered: [string, ConnectSnapshot, string, RegExp | undefined][] = [
        // The sign-in lists one subscription: it is chosen instead, and what was chosen in the other is forgotten.
        ['a subscription the sign-in does not list', { ...good, subscriptionId: SUB2 }, 'region', undefined],
        ['a region the subscription does not offer', { ...good, region: 'moon-central' }, 'region', undefined],
        ['a resource group the subscription does not have', { ...good, resourceGroup: existing('Their-RG') }, 'resourceGroup', /The resource group "Their-RG" is no longer there/],
        ['a vault the resource group does not have', { ...good, vault: existing('Their-Vault') }, 'vault', /The Recovery Services vault "Their-Vault" is no longer there/],
      ];
      for (const [what, snap, page, error] of tampered) {
        const s = await start({ signedIn: true, restored: snap });
        assert.equal(s.h.view.page, page, what);
        if (error) assert.match(s.h.view.error ?? '', error, what);
        assert.deepEqual(
          s.azure.calls.filter((c) => c.startsWith('create')),
          [],
          what,
        );
        assert.deepEqual(s.saved, [], what);
        assert.equal(s.h.snapshot.subscriptionId, SUB, what);
      }
    });

    it('a restored wizard that is no longer signed in asks to sign in first', async () => {
      const snap: ConnectSnapshot = {
        page: 'vault',
        method: 'servicePrincipal',
        tenantId: TENANT,
        clientId: CLIENT,
        subscriptionId: SUB,
        region: 'westeurope',
        resourceGroup: { mode: 'existing', existing: 'RAM-DR-RG', newName: '' },
        storageAccount: { mode: 'existing', existing: 'ramdrstorage01', newName: '' },
        vault: { newName: '' },
        created: [],
      };
      const { h } = await start({ restored: snap });
      assert.equal(h.view.page, 'signIn');
      const tenant = h.field('tenantId');
      assert.ok(tenant.kind === 'text' && tenant.value === TENANT);
      const secret = h.field('clientSecret');
      assert.ok(secret.kind === 'text' && secret.value === '');
    });
  });

  describe('refused actions', () => {
    it('refuses unknown fields, choices not offered, buttons not on the page, and malformed messages', async () => {
      const { h, azure } = await start({ signedIn: true });
      const snap = JSON.stringify(h.snapshot);
      assert.equal(await h.setExpectingRefusal('nosuchfield', 'x'), 'set: no such field on this page');
      assert.equal(await h.setExpectingRefusal('region', 'westeurope'), 'set: no such field on this page');
      assert.equal(await h.setExpectingRefusal('subscription', 'not-a-subscription'), 'set: not one of the offered choices');
      assert.equal(await h.pressExpectingRefusal('start'), 'press: no such button on this page');
      assert.equal(await h.pressExpectingRefusal('retry'), 'press: no such button on this page');
      assert.equal(JSON.stringify(h.snapshot), snap, 'nothing changed');
      assert.deepEqual(
        h.warnings.map((w) => w.replace(/^.*: /, '')),
        ['no such field on this page', 'no such field on this page', 'not one of the offered choices', 'no such button on this page', 'no such button on this page'],
      );
      assert.equal(h.raw({ type: 'action', name: 'set', payload: { field: 'subscription', value: 5 } }), false);
      assert.equal(h.raw({ type: 'action', name: 'press', payload: { button: 'next', extra: 1 } }), false);
      assert.equal(h.raw({ type: 'action', name: 'sudo', payload: {} }), false);
      assert.deepEqual(
        azure.calls.filter((c) => c.startsWith('create')),
        [],
      );
    });
  });
});
