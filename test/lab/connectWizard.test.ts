// The Connect wizard driven through its real message protocol (FormHarness) against the lab,
// with the real services: signed in as the lab's service principal through the wizard's own
// fields, then subscription, region, resource group, storage account and vault, the run, and what
// it left in the lab; a failed step (the lab's fault injection) resumed with Retry.
import assert from 'node:assert/strict';
import type { AzureContext } from '../../src/services/azure/clients';
import { resolveCloud, type AzureCloud } from '../../src/services/azure/cloud';
import { createServicePrincipalCredential } from '../../src/services/azure/credentials';
import { listStorageAccounts } from '../../src/services/azure/storage';
import { listResourceGroups } from '../../src/services/azure/subscriptions';
import { createVault, listVaults } from '../../src/services/azure/vaults';
import type { ConnectChoice } from '../../src/webviews/connect/connectRun';
import type { ConnectServices } from '../../src/webviews/connect/connectServices';
import { ConnectWizard, type ConnectDeps, type ConnectSnapshot } from '../../src/webviews/connect/connectWizard';
import type { SummaryView } from '../../src/webviews/form/view';
import { FormHarness } from '../support/formHarness';
import { labControl, openServices, type ServicesSession } from './servicesSupport';

describe('connect wizard against the lab', function () {
  this.timeout(120_000);
  let s: ServicesSession;
  let cloud: AzureCloud;
  const harnesses: FormHarness<ConnectSnapshot>[] = [];

  before(async () => {
    s = await openServices();
    cloud = resolveCloud('Custom', { resourceManagerEndpoint: s.lab.endpoint, caCertificatePem: s.lab.caCertPem });
  });
  after(async () => s.lab.stop());
  afterEach(() => {
    for (const h of harnesses.splice(0)) h.dispose();
  });

  interface Run {
    h: FormHarness<ConnectSnapshot>;
    saved: ConnectChoice[];
  }

  /** A wizard whose deps sign in for real (a service principal against the lab's identity endpoint). */
  async function openWizard(services: Partial<ConnectServices> = {}): Promise<Run> {
    const saved: ConnectChoice[] = [];
    let current: AzureContext | undefined;
    const deps: ConnectDeps = {
      signedIn: () => Promise.resolve(current),
      signIn: async (signIn, secret) => {
        if (signIn.kind !== 'servicePrincipal' || secret === undefined) throw new Error('The lab signs in with a service principal only.');
        const credential = createServicePrincipalCredential(cloud, { tenantId: signIn.tenantId, clientId: signIn.clientId, clientSecret: secret });
        await credential.getToken(cloud.managementScope);
        current = {
          credential,
          cloud,
          subscriptionId: '',
          // Few, short retries: a faulted step fails in well under a second.
          clientOptions: { pollIntervalInMs: 50, retryOptions: { maxRetries: 2, retryDelayInMs: 20, maxRetryDelayInMs: 100 } },
        };
        return current;
      },
      save: (choice) => {
        saved.push(choice);
        return Promise.resolve();
      },
      openExternal: () => undefined,
      services,
      nameCheckDelayMs: 20,
    };
    const wizard = new ConnectWizard(deps);
    const h = new FormHarness(wizard);
    harnesses.push(h);
    await wizard.loaded;
    return { h, saved };
  }

  /** Signs in through the page's fields, as a person types them. */
  async function signIn(h: FormHarness<ConnectSnapshot>): Promise<void> {
    assert.equal(h.view.page, 'signIn');
    await h.set('method', 'servicePrincipal');
    await h.set('tenantId', s.lab.tenantId);
    await h.set('clientId', s.lab.clientId);
    await h.set('clientSecret', s.lab.clientSecret);
    await h.press('signIn');
    assert.equal(h.view.error, undefined);
    assert.equal(h.view.page, 'subscription');
  }

  async function toResourceGroupPage(h: FormHarness<ConnectSnapshot>): Promise<void> {
    await signIn(h);
    const sub = h.field('subscription');
    assert.ok(sub.kind === 'select');
    assert.equal(sub.value, s.lab.subscriptionId, "the lab's only subscription is chosen");
    assert.equal(sub.options[0].label, 'Contoso DR (lab)');
    await h.press('next');
    assert.equal(h.view.page, 'region');
    const region = h.field('region');
    assert.ok(region.kind === 'select' && region.options.some((o) => o.value === 'westeurope' && o.label === 'West Europe'));
    await h.set('region', 'westeurope');
    await h.press('next');
    assert.equal(h.view.page, 'resourceGroup');
  }

  function stepStates(h: FormHarness<ConnectSnapshot>): string[][] {
    return h.steps().map((x) => [x.id, x.state]);
  }

  const writes = (): Record<string, number> => {
    const count = (op: string): number => s.lab.log.entries.filter((e) => e.operation === op && e.fault === undefined).length;
    return {
      resourceGroups: count('resourceGroups.createOrUpdate'),
      storageAccounts: count('storageAccounts.create'),
      vaults: count('vaults.createOrUpdate'),
    };
  };

  it('refuses a wrong secret with a plain message, then signs in with the right one', async () => {
    const { h } = await openWizard();
    await h.set('method', 'servicePrincipal');
    await h.set('tenantId', s.lab.tenantId);
    await h.set('clientId', s.lab.clientId);
    await h.set('clientSecret', 'not-the-secret');
    await h.press('signIn');
    assert.equal(h.view.page, 'signIn');
    assert.equal(
      h.view.error,
      'Could not sign in: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID. Check the details and sign in again.',
    );
    await h.set('clientSecret', s.lab.clientSecret);
    const sentBefore = h.sent.length;
    await h.press('signIn');
    assert.equal(h.view.page, 'subscription');
    assert.ok(!JSON.stringify(h.sent.slice(sentBefore)).includes(s.lab.clientSecret), 'nothing sent since the sign-in carries the secret');
    assert.ok(!JSON.stringify(h.snapshot).includes(s.lab.clientSecret));
  });

  it('creates a new resource group, storage account and vault in westeurope, and saves the connection', async () => {
    const { h, saved } = await openWizard();
    await toResourceGroupPage(h);
    await h.set('resourceGroupMode', 'new');
    await h.set('resourceGroupName', 'Wizard-RG-1');
    await h.press('next');
    assert.equal(h.view.page, 'storage');
    const mode = h.field('storageMode');
    assert.ok(mode.kind === 'radio' && mode.value === 'new', 'a new group has no storage account to pick');
    await h.set('storageAccountName', 'wizardstore01');
    await h.until('the storage name checked with the lab', () => /"wizardstore01" is free/.test(h.field('storageAccountName').hint ?? ''));
    await h.press('next');
    assert.equal(h.view.page, 'vault');
    await h.set('vaultName', 'Wizard-Vault-1');
    await h.press('next');
    assert.equal(h.view.page, 'review');
    const rows = Object.fromEntries((h.block('summary') as SummaryView).rows.map((r) => [r.label, r.value]));
    assert.deepEqual(rows, {
      Subscription: `Contoso DR (lab) (${s.lab.subscriptionId})`,
      Region: 'West Europe',
      'Resource group': 'Wizard-RG-1 (new: created in West Europe)',
      'Storage account': 'wizardstore01 (new: created, general-purpose v2, locally redundant)',
      'Recovery Services vault': 'Wizard-Vault-1 (new: created)',
    });
    await h.press('start');
    assert.equal(h.view.error, undefined);
    assert.deepEqual(stepStates(h), [
      ['createResourceGroup', 'succeeded'],
      ['createStorageAccount', 'succeeded'],
      ['createVault', 'succeeded'],
      ['saveConnection', 'succeeded'],
    ]);

    // What the lab holds now, seen through the services.
    const groups = await listResourceGroups(s.ctx);
    assert.deepEqual(
      groups.filter((g) => g.name === 'Wizard-RG-1').map((g) => g.location),
      ['westeurope'],
    );
    const accounts = await listStorageAccounts(s.ctx, { resourceGroup: 'Wizard-RG-1' });
    assert.deepEqual(
      accounts.map((a) => [a.name, a.location, a.skuName, a.kind]),
      [['wizardstore01', 'westeurope', 'Standard_LRS', 'StorageV2']],
    );
    const vaults = await listVaults(s.ctx, 'Wizard-RG-1');
    assert.deepEqual(
      vaults.map((v) => [v.name, v.location]),
      [['Wizard-Vault-1', 'westeurope']],
    );
    assert.deepEqual(saved, [
      {
        subscriptionId: s.lab.subscriptionId,
        vault: { subscriptionId: s.lab.subscriptionId, resourceGroup: 'Wizard-RG-1', vaultName: 'Wizard-Vault-1', location: 'westeurope' },
        storageAccountId: accounts[0].id,
      },
    ]);
    await h.press('close');
  });

  it('with an existing group, storage account and vault (RAM-DR-RG, ramdrstorage01, RAM-Vault) creates nothing', async () => {
    const { h, saved } = await openWizard();
    await toResourceGroupPage(h);
    await h.set('resourceGroup', 'RAM-DR-RG');
    await h.press('next');
    const sa = h.field('storageAccount');
    assert.ok(sa.kind === 'select');
    assert.deepEqual(
      sa.options.map((o) => o.value),
      ['ramdrlogs01', 'ramdrstorage01'],
      'the accounts of RAM-DR-RG in westeurope (not ramnestore01 in northeurope)',
    );
    await h.set('storageAccount', 'ramdrstorage01');
    await h.press('next');
    const vault = h.field('vault');
    assert.ok(vault.kind === 'select' && vault.value === 'RAM-Vault');
    await h.press('next');
    assert.equal(h.view.page, 'review');
    const before = writes();
    await h.press('start');
    assert.deepEqual(stepStates(h), [['saveConnection', 'succeeded']]);
    assert.deepEqual(writes(), before, 'no resource group, storage account or vault was written');
    assert.deepEqual(saved, [
      {
        subscriptionId: s.lab.subscriptionId,
        vault: { subscriptionId: s.lab.subscriptionId, resourceGroup: 'RAM-DR-RG', vaultName: 'RAM-Vault', location: 'westeurope' },
        storageAccountId: (await listStorageAccounts(s.ctx, { resourceGroup: 'RAM-DR-RG' })).find((a) => a.name === 'ramdrstorage01')?.id,
      },
    ]);
  });

  it('refuses a storage account name that is taken in Azure, and a vault name the group already has', async () => {
    const { h } = await openWizard();
    await toResourceGroupPage(h);
    await h.set('resourceGroup', 'RAM-DR-RG');
    await h.press('next');
    await h.set('storageMode', 'new');
    await h.set('storageAccountName', 'ramnestore01');
    await h.until('the taken name refused', () => /already taken/.test(h.field('storageAccountName').problem ?? ''));
    assert.equal(h.field('storageAccountName').problem, 'The storage account name "ramnestore01" is already taken (names are unique across all of Azure); type another name.');
    assert.equal(h.buttonEnabled('next'), false);
    assert.equal(await h.pressExpectingRefusal('next'), 'press: the button is disabled');
    assert.equal(h.view.page, 'storage');
    await h.set('storageAccountName', 'ramdrfresh01');
    await h.until('the free name confirmed', () => /"ramdrfresh01" is free/.test(h.field('storageAccountName').hint ?? ''));
    await h.press('next');
    assert.equal(h.view.page, 'vault');
    await h.set('vaultMode', 'new');
    await h.set('vaultName', 'ram-vault');
    assert.match(h.field('vaultName').problem ?? '', /already has a vault named "RAM-Vault"/);
    assert.equal(h.buttonEnabled('next'), false);
  });

  it('a failed step (the lab failing every request while the vault is created) is resumed by Retry without creating the storage account again', async () => {
    let faultNext = true;
    const { h, saved } = await openWizard({
      createVault: async (ctx, resourceGroup, name, location) => {
        if (!faultNext) return createVault(ctx, resourceGroup, name, location);
        faultNext = false;
        const set = await labControl(s.lab, 'PUT', '/_lab/faults', { spec: 'error=1' });
        assert.equal(set.status, 200);
        try {
          return await createVault(ctx, resourceGroup, name, location);
        } finally {
          await labControl(s.lab, 'PUT', '/_lab/faults', { spec: '' });
        }
      },
    });
    await toResourceGroupPage(h);
    await h.set('resourceGroupMode', 'new');
    await h.set('resourceGroupName', 'Wizard-RG-2');
    await h.press('next');
    await h.set('storageAccountName', 'wizardstore02');
    await h.press('next');
    assert.equal(h.view.page, 'vault');
    await h.set('vaultName', 'Wizard-Vault-2');
    await h.press('next');
    const before = writes();
    await h.press('start');
    assert.deepEqual(stepStates(h), [
      ['createResourceGroup', 'succeeded'],
      ['createStorageAccount', 'succeeded'],
      ['createVault', 'failed'],
      ['saveConnection', 'pending'],
    ]);
    assert.match(h.view.error ?? '', /^Could not create the vault Wizard-Vault-2: .+ Select Retry to try again from this step/);
    assert.ok(
      s.lab.log.entries.some((e) => e.operation === 'vaults.createOrUpdate' && (e.fault === 'http500' || e.fault === 'http503')),
      'the lab faulted the vault creation',
    );
    assert.deepEqual(await listVaults(s.ctx, 'Wizard-RG-2'), []);
    assert.equal(saved.length, 0, 'nothing saved yet');

    await h.press('retry');
    assert.equal(h.view.error, undefined);
    assert.deepEqual(
      h.steps().map((x) => x.state),
      ['succeeded', 'succeeded', 'succeeded', 'succeeded'],
    );
    const after = writes();
    assert.deepEqual(
      { resourceGroups: after.resourceGroups - before.resourceGroups, storageAccounts: after.storageAccounts - before.storageAccounts, vaults: after.vaults - before.vaults },
      { resourceGroups: 1, storageAccounts: 1, vaults: 1 },
      'each resource was written once, the storage account not again on Retry',
    );
    assert.deepEqual(
      (await listVaults(s.ctx, 'Wizard-RG-2')).map((v) => v.name),
      ['Wizard-Vault-2'],
    );
    assert.deepEqual(
      (await listStorageAccounts(s.ctx, { resourceGroup: 'Wizard-RG-2' })).map((a) => a.name),
      ['wizardstore02'],
    );
    assert.equal(saved.length, 1);
    assert.equal(saved[0].vault.vaultName, 'Wizard-Vault-2');
  });
});
