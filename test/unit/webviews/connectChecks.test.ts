// The Connect wizard's checks of the subscription (fake Azure services): a failed registration
// check keeps the user on the subscription page; a permissions API that cannot answer does not
// block the run but says so; a missing role blocks it before anything is created.
import assert from 'node:assert/strict';
import type { AzureContext } from '../../../src/services/azure/clients';
import { resolveCloud } from '../../../src/services/azure/cloud';
import type { ProviderRegistration } from '../../../src/services/azure/resourceProviders';
import type { ConnectServices } from '../../../src/webviews/connect/connectServices';
import { ConnectWizard, type ConnectDeps, type ConnectSnapshot } from '../../../src/webviews/connect/connectWizard';
import { FormHarness } from '../../support/formHarness';

const SUB = '1f4c2b8e-6a3d-4e5f-9b7c-0d1e2f3a4b5c';
const ctx: AzureContext = {
  credential: { getToken: () => Promise.resolve({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) },
  cloud: resolveCloud('AzureCloud'),
  subscriptionId: '',
};

function fake(over: Partial<ConnectServices> = {}): { services: ConnectServices; created: string[] } {
  const created: string[] = [];
  const services: ConnectServices = {
    listSubscriptions: () => Promise.resolve([{ id: `/subscriptions/${SUB}`, subscriptionId: SUB, displayName: 'Contoso DR', state: 'Enabled' }]),
    listLocations: () => Promise.resolve([{ name: 'westeurope', displayName: 'West Europe' }]),
    listResourceGroups: () => Promise.resolve([{ id: 'rg', name: 'RAM-DR-RG', location: 'westeurope' }]),
    listStorageAccounts: () => Promise.resolve([{ id: 's1', name: 'ramdrstorage01', resourceGroup: 'RAM-DR-RG', location: 'westeurope' }]),
    checkStorageAccountName: () => Promise.resolve({ available: true }),
    listVaults: () => Promise.resolve([]),
    createResourceGroup: (_c, name, location) => (created.push('rg'), Promise.resolve({ id: name, name, location })),
    createStorageAccount: (_c, resourceGroup, name, location) => (created.push('sa'), Promise.resolve({ id: name, name, resourceGroup, location })),
    createVault: (c, resourceGroup, name, location) => (
      created.push('vault'),
      Promise.resolve({ id: name, name, resourceGroup, location, ref: { subscriptionId: c.subscriptionId, resourceGroup, vaultName: name } })
    ),
    getProviderRegistrations: () => Promise.resolve([{ namespace: 'Microsoft.RecoveryServices', state: 'Registered' }]),
    registerProvider: (_c, namespace) => Promise.resolve({ namespace, state: 'Registered' }),
    checkConnectPermissions: () => Promise.resolve([]),
    ...over,
  };
  return { services, created };
}

async function open(services: ConnectServices): Promise<FormHarness<ConnectSnapshot>> {
  const deps: ConnectDeps = {
    signedIn: () => Promise.resolve(ctx),
    signIn: () => Promise.resolve(ctx),
    save: () => Promise.resolve(),
    openExternal: () => undefined,
    services,
    nameCheckDelayMs: 5,
    providerPollIntervalMs: 5,
  };
  const wizard = new ConnectWizard(deps);
  const h = new FormHarness(wizard);
  await wizard.loaded;
  return h;
}

async function toReview(h: FormHarness<ConnectSnapshot>): Promise<void> {
  await h.press('next');
  await h.set('region', 'westeurope');
  await h.press('next');
  await h.press('next');
  await h.press('next');
  await h.set('vaultName', 'New-Vault');
  await h.press('next');
  assert.equal(h.view.page, 'review');
}

describe('connect wizard: subscription checks', () => {
  const open_: FormHarness<ConnectSnapshot>[] = [];
  afterEach(() => {
    for (const h of open_.splice(0)) h.dispose();
  });
  const start = async (services: ConnectServices): Promise<FormHarness<ConnectSnapshot>> => {
    const h = await open(services);
    open_.push(h);
    return h;
  };

  it('stays on the subscription page when the registration check fails, and checks again on Next', async () => {
    let fail = true;
    const h = await start(
      fake({
        getProviderRegistrations: (): Promise<ProviderRegistration[]> =>
          fail ? Promise.reject(new Error('Azure is unreachable.')) : Promise.resolve([{ namespace: 'Microsoft.RecoveryServices', state: 'Registered' }]),
      }).services,
    );
    await h.press('next');
    assert.equal(h.view.page, 'subscription');
    assert.equal(h.view.error, 'Could not check which resource providers the subscription is registered for: Azure is unreachable. Select Next to try again.');
    fail = false;
    await h.press('next');
    assert.equal(h.view.page, 'region');
  });

  it('shows each namespace registering, with what Azure says, then goes on', async () => {
    const states: string[] = [];
    const h = await start(
      fake({
        getProviderRegistrations: () =>
          Promise.resolve([
            { namespace: 'Microsoft.RecoveryServices', state: 'NotRegistered' },
            { namespace: 'Microsoft.Storage', state: 'Registered' },
          ]),
        registerProvider: (_c, namespace, options) => {
          options.onState?.('Registering');
          states.push(namespace);
          return Promise.resolve({ namespace, state: 'Registered' });
        },
      }).services,
    );
    await h.press('next');
    const consent = h.field('registerConsent');
    assert.ok(consent.kind === 'checkbox' && consent.label === 'Register Microsoft.RecoveryServices for this subscription' && !consent.checked);
    await h.set('registerConsent', 'true');
    await h.press('registerProviders');
    assert.deepEqual(states, ['Microsoft.RecoveryServices'], 'only what is not registered');
    assert.equal(h.view.page, 'region');
  });

  it('goes on when the permissions API cannot answer, and says so on the run page', async () => {
    const f = fake({ checkConnectPermissions: () => Promise.reject(new Error('The permissions API is not there.')) });
    const h = await start(f.services);
    await toReview(h);
    await h.press('start');
    assert.equal(h.view.error, undefined);
    assert.deepEqual(f.created, ['vault']);
    const note = h.block('permissionsUnchecked');
    assert.ok(
      note.kind === 'textBlock' &&
        note.text === 'Could not check your permissions beforehand (The permissions API is not there); Connect goes on, and Azure refuses any step your role does not allow.',
    );
  });

  it('creates nothing when a role is missing, and Retry checks again', async () => {
    let problems = ['You may not create a Recovery Services vault on the resource group RAM-DR-RG (missing Microsoft.RecoveryServices/vaults/write).'];
    const f = fake({ checkConnectPermissions: () => Promise.resolve(problems) });
    const h = await start(f.services);
    await toReview(h);
    await h.press('start');
    assert.match(h.view.error ?? '', /^Your Azure role does not allow what Connect would do, so nothing was created\. You may not create/);
    assert.deepEqual(f.created, []);
    problems = [];
    await h.press('retry');
    assert.equal(h.view.error, undefined);
    assert.deepEqual(f.created, ['vault']);
    assert.throws(() => h.block('permissions'));
  });
});
