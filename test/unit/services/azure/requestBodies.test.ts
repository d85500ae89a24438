// The JSON each operation puts on the wire, captured from the real SDK clients (their serializers
// included) through an in-memory transport, compared with the real ASR request bodies
// (reference/asr-recordings and asr-api-facts 1.2).

import assert from 'node:assert/strict';
import type { ProtectableItem, ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { ActionNotAllowedError, InvalidInputError } from '../../../../src/services/azure/errors';
import { commitFailover, failback, plannedFailover, reverseReplication, testFailover, testFailoverCleanup, unplannedFailover } from '../../../../src/services/azure/failover';
import { associatePolicy, createHyperVPolicy } from '../../../../src/services/azure/policies';
import type { EnableProtectionRequest } from '../../../../src/services/azure/protection';
import { disableProtection, enableProtection, getProtectedItem } from '../../../../src/services/azure/protection';
import { createHyperVSite } from '../../../../src/services/azure/sites';
import { resumeJob } from '../../../../src/services/azure/jobs';
import type { RecordedRequest } from './fakeAzure';
import { asrWrite, FakeAzure, ITEM_PATH, protectedItemJson, RG, SUB, VAULT_PATH, vaultContext } from './fakeAzure';

const FAST = { updateIntervalInMs: 1 };
const SA = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Storage/storageAccounts/sa1`;
const VNET = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/vnet1`;
const POLICY = `${VAULT_PATH}/replicationPolicies/policy1`;
const CONTAINER_PATH = '/replicationFabrics/site1/replicationProtectionContainers/cloud_c1';

function onlyWrite(http: FakeAzure): RecordedRequest {
  const writes = http.writes();
  assert.equal(writes.length, 1, `expected one write, got ${writes.map((w) => `${w.method} ${w.path}`).join(', ')}`);
  const w = writes[0];
  assert.ok(w);
  assert.equal(w.query.get('api-version'), '2023-06-01');
  return w;
}

function item(allowed: string[], overrides: Record<string, unknown> = {}): ReplicationProtectedItem {
  return protectedItemJson(allowed, overrides);
}

function protectable(overrides: Record<string, unknown> = {}, custom: Record<string, unknown> = {}): ProtectableItem {
  return {
    id: `${VAULT_PATH}${CONTAINER_PATH}/replicationProtectableItems/e06c319f-5a90-4907-8606-6c15a92bcf22`,
    name: 'e06c319f-5a90-4907-8606-6c15a92bcf22',
    properties: {
      friendlyName: 'VMforSDK',
      protectionStatus: 'Unprotected',
      protectionReadinessErrors: [],
      customDetails: {
        instanceType: 'HyperVVirtualMachine',
        sourceItemId: 'e06c319f-5a90-4907-8606-6c15a92bcf22',
        generation: '1',
        diskDetails: [
          // As recorded: every disk of a Hyper-V protectable item is "Data" (the client names the OS disk).
          { maxSizeMB: 40960, vhdType: 'Data', vhdId: 'data-1', vhdName: 'VMforSDK-data' },
          { maxSizeMB: 40960, vhdType: 'Data', vhdId: '5b9a6520-4754-46f7-bdfa-95cb3a52972f', vhdName: 'VMforSDK' },
        ],
        hasPhysicalDisk: 'NotPresent',
        hasFibreChannelAdapter: 'NotPresent',
        hasSharedVhd: 'Unknown',
        ...custom,
      },
      ...overrides,
    },
  };
}

function enableRequest(pi: ProtectableItem, extra: Partial<EnableProtectionRequest> = {}): EnableProtectionRequest {
  return {
    fabricName: 'site1',
    containerName: 'cloud_c1',
    protectedItemName: 'e06c319f-5a90-4907-8606-6c15a92bcf22',
    policyId: POLICY,
    protectableItem: pi,
    vmName: 'VMforSDK',
    osType: 'Windows',
    osDiskVhdId: '5b9a6520-4754-46f7-bdfa-95cb3a52972f',
    logStorageAccountId: SA,
    targetResourceGroupId: `/subscriptions/${SUB}/resourceGroups/target-rg`,
    ...extra,
  };
}

describe('services/azure request bodies (through the real SDK serializers)', () => {
  it('createHyperVSite sends exactly {"properties":{}} (CreateSite.json)', async () => {
    const http = new FakeAzure();
    asrWrite(http, 'PUT', '/replicationFabrics/SiteRecoveryTestSite1', 'job-site', {
      name: 'SiteRecoveryTestSite1',
      properties: { internalIdentifier: 'eecac84c', customDetails: { instanceType: 'HyperVSite' } },
    });
    const op = await createHyperVSite(vaultContext(http), 'SiteRecoveryTestSite1', FAST);
    const w = onlyWrite(http);
    assert.equal(w.method, 'PUT');
    assert.equal(w.path, `${VAULT_PATH}/replicationFabrics/SiteRecoveryTestSite1`);
    assert.equal(w.bodyText, '{"properties":{}}');
    assert.equal(op.jobName, 'job-site');
    const fabric = await op.result();
    assert.equal(fabric.properties?.customDetails?.instanceType, 'HyperVSite');
    await assert.rejects(createHyperVSite(vaultContext(http), 'bad/name'), InvalidInputError);
  });

  it('createHyperVPolicy sends the HyperVReplicaAzure policy input (CreatePolicy.json)', async () => {
    const http = new FakeAzure();
    asrWrite(http, 'PUT', '/replicationPolicies/protectionprofile2', 'job-p', { name: 'protectionprofile2' });
    await createHyperVPolicy(
      vaultContext(http),
      'protectionprofile2',
      { replicationIntervalSeconds: 300, recoveryPointHistoryHours: 4, appConsistentFrequencyHours: 2, storageAccountId: SA },
      FAST,
    );
    assert.deepEqual(onlyWrite(http).body, {
      properties: {
        providerSpecificInput: {
          instanceType: 'HyperVReplicaAzure',
          recoveryPointHistoryDuration: 4,
          applicationConsistentSnapshotFrequencyInHours: 2,
          replicationInterval: 300,
          storageAccounts: [SA],
        },
      },
    });
  });

  it('createHyperVPolicy validates settings locally and sends nothing when they are wrong', async () => {
    const http = new FakeAzure();
    const ctx = vaultContext(http);
    await assert.rejects(
      createHyperVPolicy(ctx, 'p', { replicationIntervalSeconds: 60 as 300, recoveryPointHistoryHours: 4, appConsistentFrequencyHours: 2 }),
      (e: unknown) => e instanceof InvalidInputError && /must be 30, 300 or 900 seconds/.test(e.message),
    );
    await assert.rejects(
      createHyperVPolicy(ctx, 'p', { replicationIntervalSeconds: 30, recoveryPointHistoryHours: 2, appConsistentFrequencyHours: 4 }),
      /must not be longer than the recovery point retention/,
    );
    await assert.rejects(createHyperVPolicy(ctx, 'p', { replicationIntervalSeconds: 900, recoveryPointHistoryHours: 25, appConsistentFrequencyHours: 0 }), /0 to 24/);
    await assert.rejects(
      createHyperVPolicy(ctx, 'p', { replicationIntervalSeconds: 900, recoveryPointHistoryHours: 1, appConsistentFrequencyHours: 0, storageAccountId: 'sa1' }),
      /not a storage account id/,
    );
    assert.equal(http.requests.length, 0);
  });

  it('associatePolicy targets the literal "Microsoft Azure" container (CreatePCMapping.json)', async () => {
    const http = new FakeAzure();
    asrWrite(http, 'PUT', `${CONTAINER_PATH}/replicationProtectionContainerMappings/PCMapping`, 'job-m', { name: 'PCMapping', properties: { state: 'Paired' } });
    const op = await associatePolicy(vaultContext(http), 'site1', 'cloud_c1', 'PCMapping', POLICY, FAST);
    assert.deepEqual(onlyWrite(http).body, {
      properties: {
        targetProtectionContainerId: 'Microsoft Azure',
        policyId: POLICY,
        providerSpecificInput: { instanceType: 'ReplicationProviderSpecificContainerMappingInput' },
      },
    });
    assert.equal((await op.result()).properties?.state, 'Paired');
  });

  it('enableProtection sends replication to managed disks exactly as the service accepted it (Az PowerShell CreateRPIWithMangedDisksForReplication.json, 2024)', async () => {
    const http = new FakeAzure();
    asrWrite(http, 'PUT', `${CONTAINER_PATH}/replicationProtectedItems/e06c319f-5a90-4907-8606-6c15a92bcf22`, 'job-e', { name: 'x' });
    const pi = protectable();
    await enableProtection(vaultContext(http), enableRequest(pi), FAST);
    assert.deepEqual(onlyWrite(http).body, {
      properties: {
        policyId: POLICY,
        protectableItemId: pi.id,
        providerSpecificDetails: {
          instanceType: 'HyperVReplicaAzure',
          hvHostVmId: 'e06c319f-5a90-4907-8606-6c15a92bcf22',
          vmName: 'VMforSDK',
          osType: 'Windows',
          // The chosen OS disk, although Azure lists every disk as "Data".
          vhdId: '5b9a6520-4754-46f7-bdfa-95cb3a52972f',
          targetAzureVmName: 'VMforSDK',
          logStorageAccountId: SA,
          targetAzureV2ResourceGroupId: `/subscriptions/${SUB}/resourceGroups/target-rg`,
          useManagedDisksForReplication: 'True',
        },
      },
    });
  });

  it('enableProtection: never targetStorageAccountId with useManagedDisksForReplication (6001), the subnet by NAME, licence only when chosen', async () => {
    const http = new FakeAzure();
    asrWrite(http, 'PUT', `${CONTAINER_PATH}/replicationProtectedItems/e06c319f-5a90-4907-8606-6c15a92bcf22`, 'job-e2', { name: 'x' });
    await enableProtection(
      vaultContext(http),
      enableRequest(protectable(), {
        targetNetworkId: VNET,
        targetSubnetName: 'default',
        targetVmSize: 'Standard_D2s_v3',
        licenseType: 'WindowsServer',
      }),
      FAST,
    );
    const details = (onlyWrite(http).body as { properties: { providerSpecificDetails: Record<string, unknown> } }).properties.providerSpecificDetails;
    assert.equal(details['useManagedDisksForReplication'], 'True');
    for (const absent of ['targetStorageAccountId', 'useManagedDisks', 'diskType', 'disksToIncludeForManagedDisks']) {
      assert.equal(absent in details, false, `${absent} must not be sent`);
    }
    assert.equal(details['targetAzureNetworkId'], VNET);
    assert.equal(details['targetAzureSubnetId'], 'default');
    assert.equal(details['targetVmSize'], 'Standard_D2s_v3');
    assert.equal(details['licenseType'], 'WindowsServer');
  });

  it('enableProtection refuses locally, without a request, when the protectable item cannot be protected', async () => {
    const http = new FakeAzure();
    const ctx = vaultContext(http);
    const cases: [ProtectableItem, RegExp][] = [
      [protectable({ protectionStatus: 'Protected' }), /protection status as Protected/],
      [protectable({ protectionReadinessErrors: ['The VM has a BitLocker-encrypted disk.'] }), /BitLocker/],
      [protectable({}, { hasSharedVhd: 'Present' }), /shared virtual hard disk/],
      [protectable({}, { hasPhysicalDisk: 'Present' }), /pass-through/],
      [protectable({}, { hasFibreChannelAdapter: 'Present' }), /Fibre Channel/],
    ];
    for (const [pi, reason] of cases) {
      await assert.rejects(enableProtection(ctx, enableRequest(pi)), (e: unknown) => e instanceof ActionNotAllowedError && reason.test(e.message));
    }
    await assert.rejects(
      enableProtection(ctx, enableRequest(protectable({}, { diskDetails: [{ vhdType: 'Data', vhdId: 'd', vhdName: 'other' }] }))),
      (e: unknown) => e instanceof InvalidInputError && /operating system disk given is not one of the disks .*\(other\)/.test(e.message),
    );
    await assert.rejects(enableProtection(ctx, enableRequest(protectable(), { targetSubnetName: 'default' })), /needs a target virtual network/);
    assert.equal(http.requests.length, 0);
  });

  it('testFailover: VmNetworkAsInput with a network, NoNetworkAttachAsInput without (facts 1.2(f))', async () => {
    const http = new FakeAzure();
    asrWrite(http, 'POST', `${ITEM_PATH}/testFailover`, 'job-t', protectedItemJson(['TestFailoverCleanup']));
    const ctx = vaultContext(http);
    const rp = `${VAULT_PATH}${ITEM_PATH}/recoveryPoints/rp1`;
    await testFailover(ctx, item(['TestFailover']), { networkId: VNET, recoveryPointId: rp }, FAST);
    await testFailover(ctx, item(['TestFailover']), {}, FAST);
    const [withNet, without] = http.writes();
    assert.deepEqual(withNet?.body, {
      properties: {
        failoverDirection: 'PrimaryToRecovery',
        networkType: 'VmNetworkAsInput',
        networkId: VNET,
        providerSpecificDetails: { instanceType: 'HyperVReplicaAzure', recoveryPointId: rp },
      },
    });
    assert.deepEqual(without?.body, {
      properties: { failoverDirection: 'PrimaryToRecovery', networkType: 'NoNetworkAttachAsInput', providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } },
    });
  });

  it('testFailoverCleanup sends the comments and limits them to 1024 characters', async () => {
    const http = new FakeAzure();
    asrWrite(http, 'POST', `${ITEM_PATH}/testFailoverCleanup`, 'job-c', protectedItemJson(['TestFailover']));
    const ctx = vaultContext(http);
    await testFailoverCleanup(ctx, item(['TestFailoverCleanup']), 'Cleaning up', FAST);
    assert.deepEqual(onlyWrite(http).body, { properties: { comments: 'Cleaning up' } });
    await assert.rejects(testFailoverCleanup(ctx, item(['TestFailoverCleanup']), 'x'.repeat(1025)), /at most 1024/);
    assert.equal(http.writes().length, 1);
  });

  it('resumeJob sends the comments, or " " as Resume-AzRecoveryServicesAsrJob and the spec example do', async () => {
    const http = new FakeAzure();
    asrWrite(http, 'POST', '/replicationJobs/job-s/resume', 'op-r', { name: 'job-s', properties: { state: 'InProgress' } });
    const ctx = vaultContext(http);
    await (await resumeJob(ctx, 'job-s', undefined, FAST)).result();
    await (await resumeJob(ctx, 'job-s', 'Downtime window started', FAST)).result();
    const bodies = http.writes().map((w) => w.body);
    assert.deepEqual(bodies, [{ properties: { comments: ' ' } }, { properties: { comments: 'Downtime window started' } }]);
  });

  it('plannedFailover and unplannedFailover (facts 1.2(g), 1.2(h))', async () => {
    const http = new FakeAzure();
    asrWrite(http, 'POST', `${ITEM_PATH}/plannedFailover`, 'job-pf', protectedItemJson(['Commit']));
    asrWrite(http, 'POST', `${ITEM_PATH}/unplannedFailover`, 'job-uf', protectedItemJson(['Commit']));
    const ctx = vaultContext(http);
    await plannedFailover(ctx, item(['PlannedFailover']), FAST);
    await unplannedFailover(ctx, item(['UnplannedFailover']), { shutDownSource: false }, FAST);
    await unplannedFailover(ctx, item(['UnplannedFailover']), { shutDownSource: true, recoveryPointId: `${VAULT_PATH}${ITEM_PATH}/recoveryPoints/rp2` }, FAST);
    const [planned, unplanned, shutDown] = http.writes();
    assert.deepEqual(planned?.body, { properties: { failoverDirection: 'PrimaryToRecovery', providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } } });
    assert.deepEqual(unplanned?.body, {
      properties: { failoverDirection: 'PrimaryToRecovery', sourceSiteOperations: 'NotRequired', providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } },
    });
    assert.deepEqual(shutDown?.body, {
      properties: {
        failoverDirection: 'PrimaryToRecovery',
        sourceSiteOperations: 'Required',
        providerSpecificDetails: { instanceType: 'HyperVReplicaAzure', recoveryPointId: `${VAULT_PATH}${ITEM_PATH}/recoveryPoints/rp2` },
      },
    });
  });

  it('failback is a planned failover RecoveryToPrimary with HyperVReplicaAzureFailback (facts 1.2(j))', async () => {
    const http = new FakeAzure();
    asrWrite(http, 'POST', `${ITEM_PATH}/plannedFailover`, 'job-fb', protectedItemJson(['Commit']));
    const ctx = vaultContext(http);
    await failback(ctx, item(['Failback']), { dataSyncOption: 'ForSynchronization', recoveryVmCreationOption: 'NoAction' }, FAST);
    assert.deepEqual(onlyWrite(http).body, {
      properties: {
        failoverDirection: 'RecoveryToPrimary',
        providerSpecificDetails: { instanceType: 'HyperVReplicaAzureFailback', dataSyncOption: 'ForSynchronization', recoveryVmCreationOption: 'NoAction' },
      },
    });
    await assert.rejects(failback(ctx, item(['Failback']), { dataSyncOption: 'ForDownTime', recoveryVmCreationOption: 'CreateVmIfNotFound' }), /needs the host/);
    const provider = `${VAULT_PATH}/replicationFabrics/site1/replicationRecoveryServicesProviders/p1`;
    await failback(ctx, item(['Failback']), { dataSyncOption: 'ForDownTime', recoveryVmCreationOption: 'CreateVmIfNotFound', alternateProviderId: provider }, FAST);
    const last = http.writes()[1]?.body as { properties: { providerSpecificDetails: Record<string, unknown> } };
    assert.equal(last.properties.providerSpecificDetails['providerIdForAlternateRecovery'], provider);
  });

  it('commitFailover posts failoverCommit with no body; disableProtection sends disableProtectionReason', async () => {
    const http = new FakeAzure();
    asrWrite(http, 'POST', `${ITEM_PATH}/failoverCommit`, 'job-cm', protectedItemJson(['Failback']));
    asrWrite(http, 'POST', `${ITEM_PATH}/remove`, 'job-d', undefined);
    const ctx = vaultContext(http);
    await commitFailover(ctx, item(['Commit']), FAST);
    const op = await disableProtection(ctx, item(['DisableProtection']), FAST);
    const [commit, remove] = http.writes();
    assert.equal(commit?.path, `${VAULT_PATH}${ITEM_PATH}/failoverCommit`);
    assert.equal(commit?.bodyText, undefined);
    assert.equal(remove?.path, `${VAULT_PATH}${ITEM_PATH}/remove`);
    assert.deepEqual(remove?.body, { properties: { disableProtectionReason: 'NotSpecified' } });
    assert.equal(op.jobName, 'job-d');
  });

  it('reverseReplication takes its values from the item and sends wire name vHDId (Reprotect.json)', async () => {
    const http = new FakeAzure();
    http.on((req) =>
      req.method === 'GET' && req.path === `${VAULT_PATH}${ITEM_PATH}`
        ? { status: 200, body: protectedItemJson(['ReverseReplicate', 'DisableProtection'], { protectionState: 'RestoreFinalized' }) }
        : undefined,
    );
    asrWrite(http, 'POST', `${ITEM_PATH}/reProtect`, 'job-rr', protectedItemJson(['DisableProtection']));
    const ctx = vaultContext(http);
    const current = await getProtectedItem(ctx, {
      subscriptionId: SUB,
      resourceGroup: RG,
      vaultName: 'vault1',
      fabricName: 'site1',
      containerName: 'cloud_c1',
      protectedItemName: 'vm-guid-1',
    });
    await reverseReplication(ctx, current, {}, FAST);
    const w = onlyWrite(http);
    assert.equal(w.path, `${VAULT_PATH}${ITEM_PATH}/reProtect`);
    assert.deepEqual(w.body, {
      properties: {
        failoverDirection: 'PrimaryToRecovery',
        providerSpecificDetails: {
          instanceType: 'HyperVReplicaAzure',
          hvHostVmId: 'e06c319f-5a90-4907-8606-6c15a92bcf22',
          vmName: 'web01',
          osType: 'Windows',
          vHDId: '5b9a6520-4754-46f7-bdfa-95cb3a52972f',
          storageAccountId: SA,
        },
      },
    });
    assert.match(w.bodyText ?? '', /"vHDId":/);
  });
});
