/**
 * The lab driven by the real Azure SDK clients alone (no code of ours in between): the whole
 * Hyper-V to Azure journey on the essentials scenario, asserting the state and allowedOperations
 * after each step, as Azure would give them.
 */
import assert from 'node:assert/strict';
import { osDiskId } from '../journeySteps';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { collect, eventually, fastPoll, openLab, type LabSession } from '../support';

const rg = 'RAM-DR-RG';
const vault = 'RAM-Vault';
const site = 'RAM-Site';
const vmId = '04e4fe1f-bfa6-407f-8db7-4fe897d4c40b'; // ramh157v03, not protected in the scenario

describe('lab through the SDK: the whole journey', function () {
  this.timeout(120000);
  let s: LabSession;
  let container: string;
  let item: () => Promise<ReplicationProtectedItem>;

  before(async () => {
    s = await openLab();
    const containers = await collect(s.asr.replicationProtectionContainers.listByReplicationFabrics(vault, rg, site));
    container = containers[0].name!;
    item = () => s.asr.replicationProtectedItems.get(vault, rg, site, container, vmId);
  });
  after(async () => s.lab.stop());

  const stateOf = async (): Promise<{ state?: string; ops?: string[]; active?: string; tfo?: string }> => {
    const i = await item();
    return { state: i.properties?.protectionState, ops: i.properties?.allowedOperations, active: i.properties?.activeLocation, tfo: i.properties?.testFailoverState };
  };

  it('creates a replication policy (202 with Location, Azure-AsyncOperation, Retry-After) and associates it', async () => {
    const headers: Record<string, string> = {};
    const poller = await s.asr.replicationPolicies.beginCreate(
      vault,
      rg,
      'Journey-Policy',
      {
        properties: {
          providerSpecificInput: {
            instanceType: 'HyperVReplicaAzure',
            recoveryPointHistoryDuration: 4,
            applicationConsistentSnapshotFrequencyInHours: 1,
            replicationInterval: 300,
            storageAccounts: [`/subscriptions/${s.lab.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/ramdrstorage01`],
          },
        },
      },
      {
        ...fastPoll,
        onResponse: (raw) => {
          if (raw.status === 202 && raw.request.method === 'PUT') {
            for (const h of ['location', 'azure-asyncoperation', 'retry-after']) headers[h] = raw.headers.get(h) ?? '';
          }
        },
      },
    );
    const policy = await poller.pollUntilDone();
    assert.match(headers.location, /\/replicationPolicies\/Journey-Policy\/operationresults\/[0-9a-f-]{36}\?api-version=2021-08-01$/);
    assert.match(headers['azure-asyncoperation'], /\/replicationOperationStatus\/[0-9a-f-]{36}\?api-version=2021-08-01$/);
    assert.match(headers['retry-after'], /^\d+$/);
    assert.equal(policy.name, 'Journey-Policy');
    const details = policy.properties?.providerSpecificDetails as { instanceType: string; replicationInterval?: number; recoveryPointHistoryDurationInHours?: number };
    assert.equal(details.instanceType, 'HyperVReplicaAzure');
    assert.equal(details.replicationInterval, 300);
    assert.equal(details.recoveryPointHistoryDurationInHours, 4);

    const mapping = await s.asr.replicationProtectionContainerMappings.beginCreateAndWait(
      vault,
      rg,
      site,
      container,
      'Journey-Mapping',
      {
        properties: {
          targetProtectionContainerId: 'Microsoft Azure',
          policyId: policy.id, // The SDK's union lacks this instanceType (real traffic sends it); its serializer passes it through.
          providerSpecificInput: { instanceType: 'ReplicationProviderSpecificContainerMappingInput' } as unknown as { instanceType: 'A2A' },
        },
      },
      fastPoll,
    );
    assert.equal(mapping.properties?.state, 'Paired');
    assert.equal(mapping.properties?.targetProtectionContainerId, 'Microsoft Azure');
  });

  it('enables protection; initial replication rises to 100% and the VM becomes Protected', async () => {
    const protectable = await s.asr.replicationProtectableItems.get(vault, rg, site, container, vmId);
    const custom = protectable.properties?.customDetails as { sourceItemId: string; diskDetails: { vhdType: string; vhdId: string }[] };
    assert.equal(protectable.properties?.protectionStatus, 'Unprotected');
    // As recorded, Azure lists every disk as "Data" and does not know the OS disk: the client names it.
    assert.deepEqual(
      custom.diskDetails.map((d) => d.vhdType),
      ['Data', 'Data'],
    );
    const osDisk = { vhdId: osDiskId(protectable, 'ramh157v03-os') };
    const policy = await s.asr.replicationPolicies.get(vault, rg, 'Journey-Policy');
    const poller = await s.asr.replicationProtectedItems.beginCreate(
      vault,
      rg,
      site,
      container,
      vmId,
      {
        properties: {
          policyId: policy.id,
          protectableItemId: protectable.id,
          providerSpecificDetails: {
            instanceType: 'HyperVReplicaAzure',
            hvHostVmId: custom.sourceItemId,
            vmName: 'ramh157v03',
            osType: 'Windows',
            vhdId: osDisk.vhdId,
            targetStorageAccountId: `/subscriptions/${s.lab.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/ramdrstorage01`,
            targetAzureVmName: 'ramh157v03',
            targetAzureV2ResourceGroupId: `/subscriptions/${s.lab.subscriptionId}/resourceGroups/RAM-Recovery-RG`,
            targetAzureNetworkId: `/subscriptions/${s.lab.subscriptionId}/resourceGroups/RAM-Network-RG/providers/Microsoft.Network/virtualNetworks/ram-dr-vnet`,
            targetAzureSubnetId: 'default',
            useManagedDisks: 'True',
          },
        },
      },
      fastPoll,
    );
    // While the enable job runs the item exists, enabling, with nothing allowed.
    const during = await stateOf();
    assert.equal(during.state, 'UnprotectedStatesBegin');
    assert.deepEqual(during.ops, []);
    const created = await poller.pollUntilDone();
    assert.equal(created.properties?.protectionState, 'InitialReplicationInProgress');
    assert.deepEqual(created.properties?.allowedOperations, ['DisableProtection']);
    const percents: number[] = [];
    await eventually('Protected', async () => {
      const i = await item();
      const pct = Number(
        (i.properties?.providerSpecificDetails as { initialReplicationDetails?: { initialReplicationProgressPercentage?: string } }).initialReplicationDetails
          ?.initialReplicationProgressPercentage,
      );
      percents.push(pct);
      return i.properties?.protectionState === 'Protected' ? i : undefined;
    });
    assert.ok(percents.length > 1, 'saw the percentage more than once');
    for (let k = 1; k < percents.length; k++) assert.ok(percents[k] >= percents[k - 1], `percent never falls: ${percents.join(',')}`);
    assert.equal(percents[percents.length - 1], 100);
    assert.deepEqual((await stateOf()).ops, ['PlannedFailover', 'UnplannedFailover', 'DisableProtection', 'TestFailover']);
    const protectableAfter = await s.asr.replicationProtectableItems.get(vault, rg, site, container, vmId);
    assert.equal(protectableAfter.properties?.protectionStatus, 'Protected');
  });

  it('produces recovery points on the policy interval', async () => {
    const points = await eventually('two recovery points', async () => {
      const rps = await collect(s.asr.recoveryPoints.listByReplicationProtectedItems(vault, rg, site, container, vmId));
      return rps.length >= 2 ? rps : undefined;
    });
    const times = points.map((p) => p.properties!.recoveryPointTime!.getTime());
    assert.ok(times[0] > times[1], 'newest first');
    assert.ok(points.every((p) => ['CrashConsistent', 'ApplicationConsistent'].includes(p.properties!.recoveryPointType!)));
  });

  it('test failover waits for cleanup; cleanup returns it to Protected', async () => {
    // Before the first test failover: no lastSuccessfulTestFailoverTime, health error 161011 (TestFailover.json e1).
    const before = await s.asr.replicationProtectedItems.get(vault, rg, site, container, vmId);
    assert.equal(before.properties?.lastSuccessfulTestFailoverTime, undefined);
    assert.deepEqual(
      before.properties?.healthErrors?.map((e) => e.errorCode),
      ['161011'],
    );
    assert.equal(before.properties?.failoverHealth, 'Warning');
    const tfo = await s.asr.replicationProtectedItems.beginTestFailoverAndWait(
      vault,
      rg,
      site,
      container,
      vmId,
      {
        properties: {
          failoverDirection: 'PrimaryToRecovery',
          networkType: 'VmNetworkAsInput',
          networkId: `/subscriptions/${s.lab.subscriptionId}/resourceGroups/RAM-Network-RG/providers/Microsoft.Network/virtualNetworks/ram-test-vnet`,
          providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' },
        },
      },
      fastPoll,
    );
    assert.equal(tfo.properties?.testFailoverState, 'WaitingForCompletion');
    assert.deepEqual(tfo.properties?.allowedOperations, ['DisableProtection', 'TestFailoverCleanup']);
    // Set to the test failover's start time once the test VM is up; 161011 gone (TestFailover.json e6).
    const jobs = await collect(s.asr.replicationJobs.list(vault, rg));
    const tfoJob = jobs.filter((j) => j.properties?.scenarioName === 'TestFailover').sort((a, b) => b.properties!.startTime!.getTime() - a.properties!.startTime!.getTime())[0];
    assert.equal(tfo.properties?.lastSuccessfulTestFailoverTime?.toISOString(), tfoJob?.properties?.startTime?.toISOString());
    assert.deepEqual(tfo.properties?.healthErrors, []);
    assert.equal(tfo.properties?.failoverHealth, 'Normal');
    const cleaned = await s.asr.replicationProtectedItems.beginTestFailoverCleanupAndWait(vault, rg, site, container, vmId, { properties: { comments: 'Test OK' } }, fastPoll);
    // As recorded (asr-recordings/TestFailoverCleanup.json entry 5): the marker stays, the operations come back.
    assert.equal(cleaned.properties?.testFailoverState, 'MarkedForDeletion');
    assert.equal(cleaned.properties?.testFailoverStateDescription, 'Cleaning up test environment');
    assert.deepEqual(cleaned.properties?.allowedOperations, ['PlannedFailover', 'UnplannedFailover', 'DisableProtection', 'TestFailover']);
    assert.equal(cleaned.properties?.lastSuccessfulTestFailoverTime?.toISOString(), tfo.properties?.lastSuccessfulTestFailoverTime?.toISOString());
  });

  it('planned failover shuts the VM down, then commit leaves it running in Azure', async () => {
    const failed = await s.asr.replicationProtectedItems.beginPlannedFailoverAndWait(
      vault,
      rg,
      site,
      container,
      vmId,
      {
        properties: { failoverDirection: 'PrimaryToRecovery', providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } },
      },
      fastPoll,
    );
    assert.equal(failed.properties?.activeLocation, 'Recovery');
    assert.deepEqual(failed.properties?.allowedOperations, ['CompleteMigration', 'Commit', 'DisableProtection', 'ChangePit']);
    assert.equal(s.lab.engine.findVm(vmId)?.vm.state, 'Off');
    const committed = await s.asr.replicationProtectedItems.beginFailoverCommitAndWait(vault, rg, site, container, vmId, fastPoll);
    assert.equal(committed.properties?.protectionState, 'PlannedFailoverCommitted');
    assert.deepEqual(committed.properties?.allowedOperations, ['CompleteMigration', 'DisableProtection', 'Failback']);
  });

  it('fails back (HyperVReplicaAzureFailback), commits, and reverse-replicates to Protected', async () => {
    const back = await s.asr.replicationProtectedItems.beginPlannedFailoverAndWait(
      vault,
      rg,
      site,
      container,
      vmId,
      {
        properties: {
          failoverDirection: 'RecoveryToPrimary',
          providerSpecificDetails: { instanceType: 'HyperVReplicaAzureFailback', dataSyncOption: 'ForSynchronization', recoveryVmCreationOption: 'NoAction' },
        },
      },
      fastPoll,
    );
    assert.equal(back.properties?.protectionState, 'FinalizeRestorePending');
    assert.deepEqual(back.properties?.allowedOperations, ['DisableProtection', 'FinalizeFailback']);
    assert.equal(s.lab.engine.findVm(vmId)?.vm.state, 'Running');
    const done = await s.asr.replicationProtectedItems.beginFailoverCommitAndWait(vault, rg, site, container, vmId, fastPoll);
    assert.equal(done.properties?.protectionState, 'RestoreFinalized');
    assert.equal(done.properties?.activeLocation, 'Primary');
    assert.deepEqual(done.properties?.allowedOperations, ['ReverseReplicate', 'DisableProtection']);

    const details = done.properties?.providerSpecificDetails as { azureVmDiskDetails: { vhdType: string; vhdId: string }[]; recoveryAzureStorageAccount: string };
    const reprotected = await s.asr.replicationProtectedItems.beginReprotectAndWait(
      vault,
      rg,
      site,
      container,
      vmId,
      {
        properties: {
          failoverDirection: 'PrimaryToRecovery',
          providerSpecificDetails: {
            instanceType: 'HyperVReplicaAzure',
            hvHostVmId: vmId,
            vmName: 'ramh157v03',
            osType: 'Windows',
            vHDId: details.azureVmDiskDetails.find((d) => d.vhdType === 'OperatingSystem')!.vhdId,
            storageAccountId: details.recoveryAzureStorageAccount,
          },
        },
      },
      fastPoll,
    );
    assert.equal(reprotected.properties?.protectionState, 'InitialReplicationInProgress');
    assert.deepEqual(reprotected.properties?.allowedOperations, ['DisableProtection']);
    await eventually('Protected again', async () => ((await stateOf()).state === 'Protected' ? true : undefined));
  });

  it('disables protection: the item disappears and the VM is protectable again', async () => {
    await s.asr.replicationProtectedItems.beginDeleteAndWait(vault, rg, site, container, vmId, { properties: { disableProtectionReason: 'NotSpecified' } }, fastPoll);
    await assert.rejects(item(), (e: { statusCode?: number; code?: string }) => e.statusCode === 404 && e.code === 'ResourceNotFound');
    const protectable = await s.asr.replicationProtectableItems.get(vault, rg, site, container, vmId);
    assert.equal(protectable.properties?.protectionStatus, 'Unprotected');
  });

  it('lists every job of the journey with its scenario, tasks and end state', async () => {
    const jobs = await collect(s.asr.replicationJobs.list(vault, rg));
    const mine = jobs.filter((j) => j.properties?.targetObjectId === vmId).map((j) => j.properties!.scenarioName);
    for (const scenario of ['EnableDr', 'TestFailover', 'TestFailoverCleanup', 'PlannedFailover', 'Commit', 'ReverseReplication', 'DisableDr']) {
      assert.ok(mine.includes(scenario), `job ${scenario} listed (got ${mine.join(',')})`);
    }
    const enable = jobs.find((j) => j.properties?.scenarioName === 'EnableDr' && j.properties.targetObjectId === vmId)!;
    assert.equal(enable.properties?.state, 'Succeeded');
    assert.ok((enable.properties?.tasks ?? []).length >= 3);
    assert.ok(enable.properties?.tasks?.every((t) => t.state === 'Succeeded'));
    assert.ok(enable.properties?.endTime instanceof Date);
  });
});
