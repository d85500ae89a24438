import assert from 'node:assert/strict';
import { deriveVmFacts } from '../../../src/estate/vmFacts';
import { intern, targetFacts } from '../../../src/estate/targetFacts';
import { planReads } from '../../../src/readiness/readPlan';
import { recordedItem } from '../model/recordings';

const sub = '/subscriptions/b364ed8d-4279-4bf8-8fd1-56f8fa0ae05c/resourceGroups/Arpita-air';

describe('readiness: target facts of a protected item', () => {
  it('reads the recorded HyperVReplicaAzure target: resource group, network, subnet, storage, size; no static IP ("")', () => {
    const facts = deriveVmFacts(recordedItem('protected'));
    const t = facts.protection?.target;
    assert.ok(t);
    assert.match(t.storageAccountId ?? '', /\/storageAccounts\/sah2atest/);
    assert.equal(t.managedDisks, false);
    assert.ok(t.resourceGroupId);
    assert.ok(t.size);
    const nic = t.nics?.[0];
    assert.equal(nic?.networkId, `${sub}/providers/Microsoft.Network/virtualNetworks/vnh2atest`);
    assert.deepEqual(nic?.ipConfigs, [{ subnet: 'default' }]);
  });

  it('keeps static IPs and replica NICs; ignores other providers and junk', () => {
    const t = targetFacts({
      instanceType: 'HyperVReplicaAzure',
      recoveryAzureResourceGroupId: `${sub}`,
      recoveryAzureStorageAccount: null,
      recoveryAzureLogStorageAccountId: `${sub}/providers/Microsoft.Storage/storageAccounts/logs`,
      useManagedDisks: 'true',
      vmNics: [{ recoveryVMNetworkId: 'n1', replicaNicId: 'nic', ipConfigs: [{ recoverySubnetName: 's1', recoveryStaticIPAddress: '10.0.0.9' }, 42] }, 'x', { ipConfigs: [] }],
    });
    assert.deepEqual(t, {
      resourceGroupId: sub,
      logStorageAccountId: `${sub}/providers/Microsoft.Storage/storageAccounts/logs`,
      managedDisks: true,
      nics: [{ networkId: 'n1', replicaNicId: 'nic', ipConfigs: [{ subnet: 's1', staticIp: '10.0.0.9' }] }],
    });
    assert.equal(targetFacts({ instanceType: 'InMageAzureV2', recoveryAzureVMSize: 'x' }), undefined);
    assert.equal(targetFacts({ instanceType: 'HyperVReplicaAzure' }), undefined);
    assert.equal(targetFacts(null), undefined);
  });

  it('interns ids: the same network id on many items is one string', () => {
    const a = targetFacts({
      instanceType: 'HyperVReplicaAzure',
      selectedRecoveryAzureNetworkId: JSON.parse('"/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v"') as string,
    });
    const b = targetFacts({
      instanceType: 'HyperVReplicaAzure',
      selectedRecoveryAzureNetworkId: JSON.parse('"/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v"') as string,
    });
    assert.ok(a?.networkId !== undefined && Object.is(a.networkId, b?.networkId));
    assert.equal(a, b, 'one frozen object for the same target');
    assert.ok(Object.isFrozen(a));
    assert.equal(intern('x'), intern('x'));
  });

  it('plans each distinct resource, subnet and static IP once', () => {
    const target = {
      resourceGroupId: '/subscriptions/s/resourceGroups/R',
      networkId: '/subscriptions/s/resourceGroups/N/providers/Microsoft.Network/virtualNetworks/v',
      size: 'Standard_D2s_v3',
      nics: [{ ipConfigs: [{ subnet: 'a', staticIp: '10.0.0.5' }] }],
    };
    const plan = planReads([target, { ...target, resourceGroupId: '/subscriptions/s/resourcegroups/r' }, { size: 'x' }]);
    assert.equal(plan.resourceGroups.size, 1);
    assert.equal(plan.networks.size, 1);
    assert.deepEqual([...plan.subnets.values()], ['/subscriptions/s/resourceGroups/N/providers/Microsoft.Network/virtualNetworks/v/subnets/a']);
    assert.equal(plan.ips.size, 1);
    assert.equal(plan.storageAccounts.size, 0);
    assert.equal(plan.sizes, true);
  });
});
