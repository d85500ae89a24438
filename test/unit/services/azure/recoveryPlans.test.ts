import assert from 'node:assert/strict';
import type { RecoveryPlan } from '@azure/arm-recoveryservices-siterecovery';
import type { PlanGroup } from '../../../../src/model/recoveryPlan';
import {
  buildCreatePlanInput,
  buildPlanFailbackInput,
  buildPlanTestFailoverCleanupInput,
  buildPlanTestFailoverInput,
  buildPlanUnplannedFailoverInput,
  buildUpdatePlanInput,
  toPlanSummary,
} from '../../../../src/services/azure/recoveryPlans';
import { InvalidInputError } from '../../../../src/services/azure/errors';

const vault = '/Subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/h2atest';
const site = `${vault}/replicationFabrics/SiteRecoveryTestSite1`;
const item = (name: string): string => `${site}/replicationProtectionContainers/cloud_1/replicationProtectedItems/${name}`;
const boot = (...names: string[]): PlanGroup => ({ groupType: 'Boot', itemIds: names.map(item) });

describe('services/azure/recoveryPlans (request bodies and reading)', () => {
  it('reads a plan as RPTestFailover entry 5 shows it', () => {
    const plan: RecoveryPlan = {
      id: `${vault}/replicationRecoveryPlans/rpTest1`,
      name: 'rpTest1',
      properties: {
        friendlyName: 'rpTest1',
        primaryFabricId: site,
        recoveryFabricId: 'Microsoft Azure',
        failoverDeploymentModel: 'ResourceManager',
        allowedOperations: ['TestFailoverCleanup'],
        lastTestFailoverTime: new Date('2021-03-18T15:36:14.4059063Z'),
        currentScenario: { scenarioName: 'TestFailover', jobId: `${vault}/replicationJobs/a144f484` },
        currentScenarioStatus: 'Suspended',
        currentScenarioStatusDescription: 'WaitingForStopTestFailover',
        groups: [
          { groupType: 'Shutdown', replicationProtectedItems: [] },
          { groupType: 'Failover', replicationProtectedItems: [] },
          { groupType: 'Boot', replicationProtectedItems: [{ id: item('193ca098'), virtualMachineId: '193ca098' }] },
        ],
      },
    };
    const summary = toPlanSummary(plan);
    assert.equal(summary.currentScenarioStatusDescription, 'WaitingForStopTestFailover');
    assert.equal(summary.currentJobId, `${vault}/replicationJobs/a144f484`);
    assert.deepEqual(summary.groups, [
      { groupType: 'Shutdown', itemIds: [] },
      { groupType: 'Failover', itemIds: [] },
      { groupType: 'Boot', itemIds: [item('193ca098')] },
    ]);
    assert.deepEqual(summary.allowedOperations, ['TestFailoverCleanup']);
  });

  it('create sends the Boot groups as the spec example does', () => {
    const input = buildCreatePlanInput({ name: 'rp1', primaryFabricId: site, recoveryFabricId: 'Microsoft Azure', groups: [boot('a'), boot('b')] });
    assert.equal(input.properties.recoveryFabricId, 'Microsoft Azure');
    assert.equal(input.properties.failoverDeploymentModel, 'ResourceManager');
    assert.deepEqual(input.properties.groups[1], {
      groupType: 'Boot',
      replicationProtectedItems: [{ id: item('b'), virtualMachineId: 'b' }],
      startGroupActions: [],
      endGroupActions: [],
    });
  });

  it('create and update refuse locally what ASR refuses', () => {
    assert.throws(() => buildCreatePlanInput({ name: 'rp1', primaryFabricId: site, recoveryFabricId: 'Microsoft Azure', groups: [boot()] }), InvalidInputError);
    assert.throws(() => buildUpdatePlanInput([boot('a'), boot('a')], site), /twice/);
  });

  it('update sends Shutdown, Failover and the Boot groups', () => {
    const input = buildUpdatePlanInput([boot('a'), boot('b')], site);
    assert.deepEqual(
      input.properties?.groups?.map((g) => g.groupType),
      ['Shutdown', 'Failover', 'Boot', 'Boot'],
    );
  });

  it('action bodies match RPTestFailover, RPTestFailoverCleanup, RPFailback', () => {
    assert.deepEqual(buildPlanTestFailoverInput({ networkId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnh2atest' }), {
      properties: {
        failoverDirection: 'PrimaryToRecovery',
        networkType: 'VmNetworkAsInput',
        networkId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnh2atest',
        providerSpecificDetails: [{ instanceType: 'HyperVReplicaAzure' }],
      },
    });
    assert.deepEqual(buildPlanTestFailoverCleanupInput({ comments: 'Cleaning up' }), { properties: { comments: 'Cleaning up' } });
    assert.throws(() => buildPlanTestFailoverCleanupInput({ comments: 'x'.repeat(1025) }), InvalidInputError);
    assert.deepEqual(buildPlanFailbackInput({}), {
      properties: {
        failoverDirection: 'RecoveryToPrimary',
        providerSpecificDetails: [{ instanceType: 'HyperVReplicaAzureFailback', dataSyncOption: 'ForSynchronization', recoveryVmCreationOption: 'NoAction' }],
      },
    });
    assert.equal(buildPlanUnplannedFailoverInput({ shutDownSource: true }).properties.sourceSiteOperations, 'Required');
    assert.throws(() => buildPlanTestFailoverInput({ networkId: 'vnet' }), InvalidInputError);
  });
});
