// A subscription as it really is: resource providers not registered (MissingSubscriptionRegistration
// until registered, Registering then Registered on the lab clock) and identities whose roles do
// not allow everything (ARM's permissions API, 403 AuthorizationFailed), through the real SDK
// clients and the Connect wizard's real protocol against the lab.
import assert from 'node:assert/strict';
import { loadScenario, type Scenario } from '../../lab/scenario';
import type { AzureContext } from '../../src/services/azure/clients';
import { resolveCloud, type AzureCloud } from '../../src/services/azure/cloud';
import { createServicePrincipalCredential } from '../../src/services/azure/credentials';
import { AzureOperationError } from '../../src/services/azure/errors';
import { checkConnectPermissions, checkEnableReplicationPermissions, listPermissions } from '../../src/services/azure/permissions';
import { getProviderRegistrations, registerProvider } from '../../src/services/azure/resourceProviders';
import { listVaults } from '../../src/services/azure/vaults';
import { ConnectWizard, type ConnectDeps, type ConnectSnapshot } from '../../src/webviews/connect/connectWizard';
import type { ListView } from '../../src/webviews/form/view';
import { FormHarness } from '../support/formHarness';
import { armError, jsonObject, rawRequest } from './rawHttp';
import { openServices, type ServicesSession } from './servicesSupport';

const OPERATOR = { name: 'dr operator', clientId: '3c1e5a7b-9d2f-4e6a-8b0c-1d2e3f4a5b6c', clientSecret: 'lab-operator-secret-not-a-real-credential' };

/** Essentials, on a fresh subscription, with a second identity that is no Owner. */
function freshScenario(): Scenario {
  const s = loadScenario('essentials');
  return {
    ...s,
    providers: { 'Microsoft.RecoveryServices': 'NotRegistered', 'Microsoft.Storage': 'NotRegistered' },
    principals: [
      {
        ...OPERATOR,
        roleAssignments: [
          // Site Recovery Contributor on the vault's group, nothing on the recovery group.
          { role: 'Site Recovery Contributor', scope: '/resourceGroups/RAM-DR-RG' },
          { role: 'Site Recovery Operator', scope: '/resourceGroups/RAM-Recovery-RG' },
        ],
      },
    ],
  };
}

describe('subscriptions as they really are (lab)', function () {
  this.timeout(120_000);
  let s: ServicesSession;
  let cloud: AzureCloud;
  let operator: AzureContext;

  beforeEach(async () => {
    s = await openServices({ scenario: freshScenario(), speed: 1000 }, { retryOptions: { maxRetries: 1, retryDelayInMs: 10, maxRetryDelayInMs: 20 } });
    cloud = resolveCloud('Custom', { resourceManagerEndpoint: s.lab.endpoint, caCertificatePem: s.lab.caCertPem });
    operator = {
      credential: createServicePrincipalCredential(cloud, { tenantId: s.lab.tenantId, clientId: OPERATOR.clientId, clientSecret: OPERATOR.clientSecret }),
      cloud,
      subscriptionId: s.lab.subscriptionId,
      clientOptions: { pollIntervalInMs: 50, retryOptions: { maxRetries: 1, retryDelayInMs: 10, maxRetryDelayInMs: 20 } },
    };
  });
  afterEach(async () => s.lab.stop());

  describe('resource provider registration', () => {
    it("answers a request to an unregistered namespace with 409 MissingSubscriptionRegistration, in ARM's shape", async () => {
      const res = await rawRequest(
        `${s.lab.endpoint}/subscriptions/${s.lab.subscriptionId}/resourceGroups/RAM-DR-RG/providers/Microsoft.RecoveryServices/vaults?api-version=2024-04-01`,
        { token: s.lab.token, ca: s.lab.caCertPem },
      );
      assert.equal(res.status, 409);
      const message = "The subscription is not registered to use namespace 'Microsoft.RecoveryServices'. See https://aka.ms/rps-not-found for how to register subscriptions.";
      assert.deepEqual(jsonObject(res), {
        error: { code: 'MissingSubscriptionRegistration', message, details: [{ code: 'MissingSubscriptionRegistration', target: 'Microsoft.RecoveryServices', message }] },
      });
      await assert.rejects(
        listVaults(s.ctx, 'RAM-DR-RG'),
        (e: unknown) => e instanceof AzureOperationError && e.code === 'MissingSubscriptionRegistration' && e.statusCode === 409,
      );
    });

    it('reports NotRegistered, registers (Registering, then Registered on the lab clock), and then serves the namespace', async () => {
      assert.deepEqual(await getProviderRegistrations(s.ctx), [
        { namespace: 'Microsoft.RecoveryServices', state: 'NotRegistered' },
        { namespace: 'Microsoft.Storage', state: 'NotRegistered' },
        { namespace: 'Microsoft.Network', state: 'Registered' },
        { namespace: 'Microsoft.Compute', state: 'Registered' },
      ]);
      const seen: string[] = [];
      const done = await registerProvider(s.ctx, 'Microsoft.RecoveryServices', { pollIntervalMs: 20, onState: (x) => seen.push(x) });
      assert.deepEqual(done, { namespace: 'Microsoft.RecoveryServices', state: 'Registered' });
      assert.equal(seen[0], 'Registering', 'the register call answers Registering first');
      assert.equal(seen[seen.length - 1], 'Registered');
      assert.deepEqual(
        (await listVaults(s.ctx, 'RAM-DR-RG')).map((v) => v.name),
        ['RAM-Vault'],
      );
    });

    it('refuses the register call to an identity without <namespace>/register/action (403 AuthorizationFailed) and says who must do what', async () => {
      await assert.rejects(registerProvider(operator, 'Microsoft.RecoveryServices', { pollIntervalMs: 20 }), (e: unknown) => {
        assert.ok(e instanceof AzureOperationError);
        assert.equal(e.code, 'AuthorizationFailed');
        assert.match(e.message, /does not have authorization to perform action 'Microsoft\.RecoveryServices\/register\/action' over scope '\/subscriptions\//);
        assert.match(
          e.recommendedAction ?? '',
          /Contributor or Owner role on the subscription\. Ask its owner to run az provider register --namespace Microsoft\.RecoveryServices --subscription /,
        );
        assert.match(e.recommendedAction ?? '', /Subscriptions > the subscription > Resource providers/);
        return true;
      });
      assert.equal((await getProviderRegistrations(s.ctx))[0].state, 'NotRegistered', 'nothing registered');
    });
  });

  describe('permissions', () => {
    it("answers the permissions API from the caller's role assignments at the scope and above", async () => {
      const owner = await listPermissions(s.ctx, `/subscriptions/${s.lab.subscriptionId}/resourceGroups/RAM-Recovery-RG`);
      assert.deepEqual(
        owner.map((p) => p.actions),
        [['*']],
      );
      const op = await listPermissions(operator, `/subscriptions/${s.lab.subscriptionId}/resourceGroups/RAM-DR-RG/providers/Microsoft.Storage/storageAccounts/ramdrstorage01`);
      assert.equal(op.length, 1, 'the role assigned on the resource group applies to its resources');
      assert.ok(op[0].actions.includes('Microsoft.RecoveryServices/vaults/replicationFabrics/*'));
    });

    it('Enable Replication: no problem for an Owner; for an identity without Virtual Machine Contributor, sentences naming the role and the scope', async () => {
      const sub = s.lab.subscriptionId;
      const scopes = {
        vaultId: `/subscriptions/${sub}/resourceGroups/RAM-DR-RG/providers/Microsoft.RecoveryServices/vaults/RAM-Vault`,
        targetResourceGroupId: `/subscriptions/${sub}/resourceGroups/RAM-Recovery-RG`,
        networkId: `/subscriptions/${sub}/resourceGroups/RAM-Network-RG/providers/Microsoft.Network/virtualNetworks/ram-dr-vnet`,
        storageAccountId: `/subscriptions/${sub}/resourceGroups/RAM-DR-RG/providers/Microsoft.Storage/storageAccounts/ramdrstorage01`,
      };
      assert.deepEqual(await checkEnableReplicationPermissions(s.ctx, scopes), []);
      const problems = await checkEnableReplicationPermissions(operator, scopes);
      assert.equal(problems.length, 3, problems.join('\n'));
      assert.match(
        problems[0],
        /^You may not create the virtual machines of a failover on the resource group RAM-Recovery-RG \(missing .*Microsoft\.Compute\/virtualMachines\/write.*\)\. Ask an owner of the subscription to assign you the Virtual Machine Contributor role \(or Contributor or Owner\) on the resource group RAM-Recovery-RG\.$/,
      );
      assert.match(
        problems[1],
        /^You may not keep the replication logs on the storage account ramdrstorage01 \(missing Microsoft\.Storage\/storageAccounts\/listkeys\/action\)\. .*Virtual Machine Contributor role/,
      );
      assert.match(
        problems[2],
        /on the virtual network ram-dr-vnet \(missing Microsoft\.Network\/virtualNetworks\/read, Microsoft\.Network\/virtualNetworks\/subnets\/read, Microsoft\.Network\/virtualNetworks\/subnets\/join\/action\)/,
      );
    });

    it('the lab refuses what the roles do not allow (403 AuthorizationFailed), as ARM does', async () => {
      const res = await rawRequest(
        `${s.lab.endpoint}/subscriptions/${s.lab.subscriptionId}/resourceGroups/RAM-Network-RG/providers/Microsoft.Network/virtualNetworks?api-version=2025-05-01`,
        {
          token: (await operator.credential.getToken(cloud.managementScope))?.token,
          ca: s.lab.caCertPem,
        },
      );
      assert.equal(res.status, 403);
      assert.equal(armError(res).code, 'AuthorizationFailed');
      assert.match(
        armError(res).message,
        /perform action 'Microsoft\.Network\/virtualNetworks\/read' over scope '\/subscriptions\/[^/]+\/resourceGroups\/RAM-Network-RG\/providers\/Microsoft\.Network\/virtualNetworks'/,
      );
    });

    it('Connect: creating a vault needs more than Site Recovery Contributor ("except vault creation")', async () => {
      const problems = await checkConnectPermissions(operator, {
        subscriptionId: s.lab.subscriptionId,
        resourceGroup: 'RAM-DR-RG',
        resourceGroupIsNew: false,
        createStorageAccount: false,
        vault: { name: 'New-Vault', create: true },
      });
      assert.deepEqual(problems, [
        'You may not create a Recovery Services vault on the resource group RAM-DR-RG (missing Microsoft.RecoveryServices/vaults/write). Ask an owner of the subscription to assign you the Virtual Machine Contributor role (or Contributor or Owner) on the resource group RAM-DR-RG.',
      ]);
      assert.deepEqual(
        await checkConnectPermissions(operator, {
          subscriptionId: s.lab.subscriptionId,
          resourceGroup: 'RAM-DR-RG',
          resourceGroupIsNew: false,
          createStorageAccount: false,
          vault: { name: 'RAM-Vault', create: false },
        }),
        [],
      );
    });
  });

  describe('the Connect wizard', () => {
    async function openWizard(who: { clientId: string; clientSecret: string }): Promise<FormHarness<ConnectSnapshot>> {
      let current: AzureContext | undefined;
      const deps: ConnectDeps = {
        signedIn: () => Promise.resolve(current),
        signIn: (signIn, secret) => {
          assert.ok(signIn.kind === 'servicePrincipal' && secret !== undefined);
          current = {
            credential: createServicePrincipalCredential(cloud, { tenantId: signIn.tenantId, clientId: signIn.clientId, clientSecret: secret }),
            cloud,
            subscriptionId: '',
            clientOptions: { pollIntervalInMs: 50, retryOptions: { maxRetries: 1, retryDelayInMs: 10, maxRetryDelayInMs: 20 } },
          };
          return Promise.resolve(current);
        },
        save: () => Promise.resolve(),
        openExternal: () => undefined,
        nameCheckDelayMs: 10,
        providerPollIntervalMs: 20,
      };
      const wizard = new ConnectWizard(deps);
      const h = new FormHarness(wizard);
      await wizard.loaded;
      await h.set('method', 'servicePrincipal');
      await h.set('tenantId', s.lab.tenantId);
      await h.set('clientId', who.clientId);
      await h.set('clientSecret', who.clientSecret);
      await h.press('signIn');
      assert.equal(h.view.page, 'subscription');
      return h;
    }

    it('checks the registrations before going on, registers with consent (with progress), then goes on', async () => {
      const h = await openWizard(s.lab);
      try {
        await h.press('next');
        assert.equal(h.view.page, 'subscription', 'stays: the subscription is not registered for what Connect uses');
        const warning = h.block('providersNotRegistered');
        assert.ok(warning.kind === 'textBlock' && /not registered to use Microsoft\.RecoveryServices, Microsoft\.Storage/.test(warning.text));
        assert.equal(h.buttonEnabled('next'), false);
        assert.equal(h.buttonEnabled('registerProviders'), false, 'not without consent');
        await h.set('registerConsent', 'true');
        await h.press('registerProviders');
        assert.equal(h.view.error, undefined);
        assert.equal(h.view.page, 'region', 'registered, then on to the region');
        assert.ok(s.lab.log.entries.some((e) => e.operation === 'providers.register'));
        assert.deepEqual(
          (await getProviderRegistrations(s.ctx)).map((r) => r.state),
          ['Registered', 'Registered', 'Registered', 'Registered'],
        );
      } finally {
        h.dispose();
      }
    });

    it('an identity that may not register is told exactly what to do, and nothing is registered', async () => {
      const h = await openWizard(OPERATOR);
      try {
        await h.press('next');
        await h.set('registerConsent', 'true');
        await h.press('registerProviders');
        assert.equal(h.view.page, 'subscription');
        assert.match(h.view.error ?? '', /^Could not register Microsoft\.RecoveryServices: You may not register Microsoft\.RecoveryServices in this subscription/);
        const advice = h.block('registrationAdvice');
        assert.ok(advice.kind === 'textBlock');
        assert.match(advice.text, /az provider register --namespace Microsoft\.RecoveryServices --subscription /);
        assert.equal(h.buttonEnabled('next'), false);
      } finally {
        h.dispose();
      }
    });

    it('refuses to start a run the role does not allow, before creating anything', async () => {
      // Registered by the owner first, so that the operator's wizard gets to the run.
      await registerProvider(s.ctx, 'Microsoft.RecoveryServices', { pollIntervalMs: 20 });
      await registerProvider(s.ctx, 'Microsoft.Storage', { pollIntervalMs: 20 });
      const h = await openWizard(OPERATOR);
      try {
        await h.press('next');
        await h.set('region', 'westeurope');
        await h.press('next');
        await h.set('resourceGroup', 'RAM-DR-RG');
        await h.press('next');
        await h.set('storageAccount', 'ramdrstorage01');
        await h.press('next');
        await h.set('vaultMode', 'new');
        await h.set('vaultName', 'Operator-Vault');
        await h.press('next');
        assert.equal(h.view.page, 'review');
        const writesBefore = s.lab.log.entries.filter((e) => e.method === 'PUT').length;
        await h.press('start');
        assert.match(
          h.view.error ?? '',
          /^Your Azure role does not allow what Connect would do, so nothing was created\. You may not create a Recovery Services vault on the resource group RAM-DR-RG/,
        );
        const list = h.block('permissions') as ListView;
        assert.equal(list.items.length, 1);
        assert.match(list.items[0].text, /assign you the Virtual Machine Contributor role \(or Contributor or Owner\) on the resource group RAM-DR-RG\.$/);
        assert.deepEqual(
          h.steps().map((x) => x.state),
          ['pending', 'pending'],
        );
        assert.equal(s.lab.log.entries.filter((e) => e.method === 'PUT').length, writesBefore, 'nothing written');
      } finally {
        h.dispose();
      }
    });
  });
});
