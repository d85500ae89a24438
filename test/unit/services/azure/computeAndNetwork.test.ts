import assert from 'node:assert/strict';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { buildComputeNetworkInput, computeNetworkBlocker, staticIpClaims } from '../../../../src/services/azure/computeAndNetwork';
import { InvalidInputError } from '../../../../src/services/azure/errors';

const net = '/subscriptions/s/resourceGroups/n/providers/Microsoft.Network/virtualNetworks/ram-dr-vnet';
const rg = '/subscriptions/s/resourceGroups/RAM-DR-RG';

function nic(nicId: string, subnet: string, ip = ''): object {
  return {
    nicId,
    selectionType: 'SelectedByUser',
    recoveryVMNetworkId: net,
    ipConfigs: [
      { name: null, isPrimary: true, isSeletedForFailover: true, recoverySubnetName: subnet, recoveryStaticIPAddress: ip, recoveryIPAddressType: ip ? 'Static' : 'Dynamic' },
    ],
  };
}

function item(o: { name?: string; allowed?: string[]; nics?: object[]; licenseType?: string } = {}): ReplicationProtectedItem {
  return {
    id: `/Subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/replicationFabrics/f/replicationProtectionContainers/c/replicationProtectedItems/${o.name ?? 'vm1'}`,
    name: o.name ?? 'vm1',
    properties: {
      friendlyName: o.name ?? 'vm1',
      protectionState: 'Protected',
      allowedOperations: o.allowed ?? ['PlannedFailover', 'UnplannedFailover', 'DisableProtection', 'TestFailover'],
      providerSpecificDetails: {
        instanceType: 'HyperVReplicaAzure',
        recoveryAzureVmName: o.name ?? 'vm1',
        recoveryAzureVMSize: 'Standard_B2s',
        selectedRecoveryAzureNetworkId: net,
        selectedSourceNicId: 'nic-a',
        recoveryAzureResourceGroupId: rg,
        useManagedDisks: 'true',
        licenseType: o.licenseType ?? 'NotSpecified',
        vmNics: o.nics ?? [nic('nic-a', 'default'), nic('nic-b', 'servers', '10.20.1.20')],
      },
    },
  };
}

describe('computeAndNetwork: the update input', () => {
  it('sends the change and keeps every other setting and adapter as the item has it (as the cmdlet does)', () => {
    const input = buildComputeNetworkInput(item(), { vmName: 'vm1-dr', nics: [{ nicId: 'NIC-A', subnetName: 'default', staticIp: '10.20.0.10' }] });
    assert.deepEqual(input, {
      properties: {
        recoveryAzureVMName: 'vm1-dr',
        recoveryAzureVMSize: 'Standard_B2s',
        selectedRecoveryAzureNetworkId: net,
        selectedSourceNicId: 'nic-a',
        vmNics: [
          {
            nicId: 'nic-a',
            selectionType: 'SelectedByUser',
            ipConfigs: [{ isPrimary: true, isSeletedForFailover: true, recoverySubnetName: 'default', recoveryStaticIPAddress: '10.20.0.10' }],
          },
          {
            nicId: 'nic-b',
            selectionType: 'SelectedByUser',
            ipConfigs: [{ isPrimary: true, isSeletedForFailover: true, recoverySubnetName: 'servers', recoveryStaticIPAddress: '10.20.1.20' }],
          },
        ],
        providerSpecificDetails: { instanceType: 'HyperVReplicaAzure', recoveryAzureV2ResourceGroupId: rg, useManagedDisks: 'true' },
      },
    });
  });

  it('sends an empty address for dynamic, and the license type only when the update takes it', () => {
    const input = buildComputeNetworkInput(item({ licenseType: 'WindowsServer' }), { nics: [{ nicId: 'nic-b', staticIp: null }] });
    assert.equal(input.properties?.vmNics?.[1]?.ipConfigs?.[0]?.recoveryStaticIPAddress, '');
    assert.equal(input.properties?.vmNics?.[1]?.ipConfigs?.[0]?.recoverySubnetName, 'servers');
    assert.equal(input.properties?.licenseType, 'WindowsServer');
    assert.equal(buildComputeNetworkInput(item(), { vmSize: 'Standard_D2s_v3' }).properties?.licenseType, undefined);
  });

  it('refuses an adapter the item does not have, a change of nothing and a network that is not an id', () => {
    assert.throws(
      () => buildComputeNetworkInput(item(), { nics: [{ nicId: 'nic-z', staticIp: '10.20.0.10' }] }),
      (e: unknown) => e instanceof InvalidInputError && /no network adapter "nic-z"/.test(e.message),
    );
    assert.throws(() => buildComputeNetworkInput(item(), {}), /Nothing to change/);
    assert.throws(() => buildComputeNetworkInput(item(), { networkId: 'ram-dr-vnet' }), /not a virtual network id/);
  });

  it('allows the update only on a protected item with nothing running', () => {
    assert.equal(computeNetworkBlocker(item()), undefined);
    assert.match(computeNetworkBlocker(item({ allowed: [] })) ?? '', /once it is protected and no operation runs/);
    assert.match(computeNetworkBlocker(item({ allowed: ['DisableProtection'] })) ?? '', /once it is protected/);
  });

  it('lists the static IPs the other items ask for, per network', () => {
    const items = [item({ name: 'vm1' }), item({ name: 'vm2', nics: [nic('n2', 'default', '10.20.0.50')] })];
    assert.deepEqual(staticIpClaims(items, 'vm1'), [{ vmName: 'vm2', networkId: net, address: '10.20.0.50' }]);
    assert.deepEqual(
      staticIpClaims(items).map((c) => c.address),
      ['10.20.1.20', '10.20.0.50'],
    );
  });
});
