import assert from 'node:assert/strict';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { isRunning, powerStateOf, testFailoverFacts, testFailoverSucceeded, testVmLocation } from '../../../src/drills/drillFacts';

describe('drills/drillFacts: what a drill reads from ASR and Compute', () => {
  it('the power state is the status whose code starts with PowerState/, wherever it is (evidence §5)', () => {
    assert.equal(powerStateOf(['ProvisioningState/succeeded', 'PowerState/running']), 'PowerState/running');
    assert.equal(powerStateOf(['PowerState/deallocated']), 'PowerState/deallocated');
    assert.equal(powerStateOf(['ProvisioningState/creating']), undefined);
    assert.equal(isRunning(['PowerState/starting']), false);
    assert.equal(isRunning(['x', 'PowerState/running']), true);
  });

  it('the TFO job names the test VM and the point (TestTFO.json shape); none before the boot task ends', () => {
    const job = {
      properties: {
        state: 'Succeeded',
        customDetails: {
          instanceType: 'TestFailoverJobDetails',
          protectedItemDetails: [{ name: 'b07c9911', testVmName: 'PowershellVm1-test', recoveryPointId: 'a3a86bef', recoveryPointTime: '2021-03-24T14:24:04.9678544Z' }],
        },
      },
    };
    assert.deepEqual(testFailoverFacts(job, 'b07c9911'), { testVmName: 'PowershellVm1-test', recoveryPoint: { id: 'a3a86bef', time: new Date('2021-03-24T14:24:04.9678544Z') } });
    assert.deepEqual(testFailoverFacts({ properties: { customDetails: { protectedItemDetails: [] } } }, 'b07c9911'), {});
  });

  it('a test failover that ended Succeeded or Suspended (WaitingForStopTestFailover) brought the test VM up (evidence §2)', () => {
    assert.equal(testFailoverSucceeded({ properties: { state: 'Succeeded' } }), true);
    assert.equal(testFailoverSucceeded({ properties: { state: 'Suspended', stateDescription: 'WaitingForStopTestFailover' } }), true);
    assert.equal(testFailoverSucceeded({ properties: { state: 'Failed' } }), false);
  });

  it('the test VM: the job name, else <recovery VM name>-test, in the recovery resource group', () => {
    const item = {
      properties: {
        providerSpecificDetails: { instanceType: 'HyperVReplicaAzure', recoveryAzureVmName: 'web01', recoveryAzureResourceGroupId: '/subscriptions/s/resourceGroups/Target-RG' },
      },
    } as unknown as ReplicationProtectedItem;
    assert.deepEqual(testVmLocation(item, undefined), { name: 'web01-test', resourceGroup: 'Target-RG' });
    assert.deepEqual(testVmLocation(item, 'named-test'), { name: 'named-test', resourceGroup: 'Target-RG' });
    assert.equal(testVmLocation({ properties: {} }, 'x'), undefined);
  });
});
