import assert from 'node:assert/strict';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { ComputeNetworkChange } from '../../../src/services/azure/computeAndNetwork';
import type { VaultContext } from '../../../src/services/azure/clients';
import { ComputeNetworkWizard } from '../../../src/webviews/computeNetwork/computeNetworkWizard';
import type { ComputeNetworkServices } from '../../../src/webviews/computeNetwork/computeNetworkServices';
import { findField } from '../../../src/webviews/form/view';

const net = '/subscriptions/s/resourceGroups/n/providers/Microsoft.Network/virtualNetworks/ram-dr-vnet';
const itemId =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/replicationFabrics/f/replicationProtectionContainers/c/replicationProtectedItems/vm1';

function item(ip = ''): ReplicationProtectedItem {
  return {
    id: itemId,
    name: 'vm1',
    properties: {
      friendlyName: 'ramh157v01',
      allowedOperations: ['PlannedFailover', 'UnplannedFailover', 'DisableProtection', 'TestFailover'],
      providerSpecificDetails: {
        instanceType: 'HyperVReplicaAzure',
        recoveryAzureVmName: 'ramh157v01',
        recoveryAzureVMSize: 'Standard_B2s',
        selectedRecoveryAzureNetworkId: net,
        vmNics: [
          {
            nicId: 'nic-a',
            vMNetworkName: 'External vSwitch',
            selectionType: 'SelectedByUser',
            ipConfigs: [{ recoverySubnetName: 'default', recoveryStaticIPAddress: ip, staticIPAddress: '10.20.0.21' }],
          },
        ],
      },
    },
  };
}

function setup(o: { busyIp?: string } = {}): { wizard: ComputeNetworkWizard; sent: ComputeNetworkChange[]; watched: string[] } {
  const sent: ComputeNetworkChange[] = [];
  const watched: string[] = [];
  const vctx = { vault: { subscriptionId: 's', resourceGroup: 'rg', vaultName: 'v' } } as VaultContext;
  const services: ComputeNetworkServices = {
    getProtectedItem: () => Promise.resolve(item()),
    listProtectedItems: () => Promise.resolve([item(), { ...item('10.20.0.50'), name: 'vm2', properties: { ...item('10.20.0.50').properties, friendlyName: 'ramh157v02' } }]),
    listVirtualNetworks: () =>
      Promise.resolve([
        {
          id: net,
          name: 'ram-dr-vnet',
          resourceGroup: 'n',
          location: 'westeurope',
          addressPrefixes: ['10.20.0.0/16'],
          subnets: [
            { id: `${net}/subnets/default`, name: 'default', addressPrefix: '10.20.0.0/24' },
            { id: `${net}/subnets/servers`, name: 'servers', addressPrefix: '10.20.1.0/24' },
          ],
        },
      ]),
    offeredSizes: () =>
      Promise.resolve(
        new Map([
          ['standard_b2s', { name: 'Standard_B2s' }],
          ['standard_d2s_v3', { name: 'Standard_D2s_v3' }],
        ]),
      ),
    checkIp: (_c, _n, address) =>
      Promise.resolve(address === o.busyIp ? { available: false, availableIPAddresses: ['10.20.0.12'] } : { available: true, availableIPAddresses: [] }),
    update: (_v, _i, change) => {
      sent.push(change);
      return Promise.resolve({ jobName: 'job-1' });
    },
    getJob: () => Promise.resolve({ name: 'job-1', properties: { state: 'Succeeded', tasks: [{ friendlyName: 'Update the virtual machine properties', state: 'Succeeded' }] } }),
  };
  const wizard = new ComputeNetworkWizard(
    { vaultContext: () => Promise.resolve(vctx), vaultLocation: 'westeurope', watchJob: (j) => void watched.push(j), refresh: () => Promise.resolve(), pollIntervalMs: 1 },
    'ramh157v01',
    { subscriptionId: 's', resourceGroup: 'rg', vaultName: 'v', fabricName: 'f', containerName: 'c', protectedItemName: 'vm1', id: itemId },
    services,
  );
  return { wizard, sent, watched };
}

const set = (w: ComputeNetworkWizard, field: string, value: string): Promise<string | undefined> => w.handle({ type: 'action', name: 'set', payload: { field, value } });
const press = (w: ComputeNetworkWizard, button: string): Promise<string | undefined> => w.handle({ type: 'action', name: 'press', payload: { button } });

describe('webviews/computeNetwork: the Compute and Network page', () => {
  it('shows the item settings, offers the on-premises address when the subnet holds it, saves a static IP and follows the job', async () => {
    const { wizard, sent, watched } = setup();
    await wizard.whenLoaded();
    const view = wizard.view();
    assert.equal(view.page, 'edit');
    assert.equal((findField(view, 'vmName') as { value: string }).value, 'ramh157v01');
    const mode = findField(view, 'nic0.mode') as { options: readonly { value: string; disabled?: boolean }[] };
    assert.deepEqual(
      mode.options.map((o) => o.value),
      ['dynamic', 'static', 'onPremises'],
    );
    assert.equal(mode.options[2]?.disabled, undefined, '10.20.0.21 is in default');
    assert.equal(await set(wizard, 'nic0.mode', 'static'), undefined);
    assert.equal(await set(wizard, 'nic0.ip', '10.20.0.10'), undefined);
    await press(wizard, 'next');
    assert.equal(wizard.view().page, 'review');
    await press(wizard, 'save');
    assert.deepEqual(sent, [{ nics: [{ nicId: 'nic-a', subnetName: 'default', staticIp: '10.20.0.10' }] }]);
    assert.deepEqual(watched, ['job-1']);
    const done = wizard.view();
    assert.equal(done.page, 'done');
    assert.ok(done.blocks.some((b) => b.kind === 'textBlock' && /10\.20\.0\.10/.test(b.text)));
  });

  it("refuses, on the field and without sending, a reserved address, another VM's address and one Azure says is in use", async () => {
    const { wizard, sent } = setup({ busyIp: '10.20.0.11' });
    await wizard.whenLoaded();
    await set(wizard, 'nic0.mode', 'static');
    for (const [ip, words] of [
      ['10.20.0.3', /reserves/],
      ['10.20.0.50', /ramh157v02/],
      ['10.20.1.9', /not in the subnet default/],
      ['10.20.0.11', /in use.*10\.20\.0\.12/],
    ] as const) {
      await set(wizard, 'nic0.ip', ip);
      await press(wizard, 'next');
      const v = wizard.view();
      assert.equal(v.page, 'edit', ip);
      assert.match((findField(v, 'nic0.ip') as { problem?: string }).problem ?? '', words, ip);
    }
    assert.deepEqual(sent, []);
  });

  it('refuses a bad VM name and says when nothing changed', async () => {
    const { wizard } = setup();
    await wizard.whenLoaded();
    await press(wizard, 'next');
    assert.match(wizard.view().error ?? '', /Nothing was changed/);
    await set(wizard, 'vmName', 'bad_name');
    await press(wizard, 'next');
    assert.match((findField(wizard.view(), 'vmName') as { problem?: string }).problem ?? '', /letters, digits and hyphens/);
  });
});
