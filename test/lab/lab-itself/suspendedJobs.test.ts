/**
 * Job and item states the lab takes from evidence about the real service:
 * - after a test failover cleanup the item reads as recorded (asr-recordings/TestFailoverCleanup.json,
 *   entry 5: testFailoverState "MarkedForDeletion", "Cleaning up test environment", the operations back);
 * - a failback with data sync ForDownTime suspends its job after the first synchronisation until
 *   Resume (Start-AzRecoveryServicesAsrPlannedFailoverJob -Optimize help), with the job shape of the
 *   spec example ReplicationJobs_Resume.json (Suspended, allowedActions Cancel and Resume).
 */
import assert from 'node:assert/strict';
import { at, jsonObject, rawRequest } from '../rawHttp';
import { eventually, fastPoll, openLab, type LabSession } from '../support';

const rg = 'RAM-DR-RG';
const vault = 'RAM-Vault';
const site = 'RAM-Site';
const container = 'cloud_eecac84c-1761-50ad-9624-a7092c581567';
const v01 = '193ca098-991d-4a6f-be78-da2c6e7bd290'; // ramh157v01, Protected
const v05 = '3c9a8b7d-6e5f-4a1b-9c2d-8e7f6a5b4c3d'; // ramh157v05, Protected (critical health)
const apiVersion = '2023-06-01';

interface RestErrorLike {
  statusCode?: number;
  code?: string;
}

describe('lab: suspended jobs and the state after a test failover cleanup, as the evidence says', function () {
  this.timeout(60000);
  let s: LabSession;
  const item = () => s.asr.replicationProtectedItems.get(vault, rg, site, container, v01);
  const job = (name: string) => s.asr.replicationJobs.get(vault, rg, name);
  const failbackBody = (dataSyncOption: string) => ({
    properties: {
      failoverDirection: 'RecoveryToPrimary',
      providerSpecificDetails: { instanceType: 'HyperVReplicaAzureFailback' as const, dataSyncOption, recoveryVmCreationOption: 'NoAction' },
    },
  });
  const runningJobOf = async (): Promise<string> => (await item()).properties?.currentScenario?.jobId?.split('/').pop() ?? '';

  before(async () => {
    s = await openLab({ speed: 200 });
  });
  after(async () => s.lab.stop());

  it('after a test failover cleanup the item keeps MarkedForDeletion with the operations back (TestFailoverCleanup.json entry 5)', async () => {
    await s.asr.replicationProtectedItems.beginTestFailoverAndWait(
      vault,
      rg,
      site,
      container,
      v01,
      {
        properties: { failoverDirection: 'PrimaryToRecovery', networkType: 'NoNetworkAttachAsInput', providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } },
      },
      fastPoll,
    );
    const cleaned = await s.asr.replicationProtectedItems.beginTestFailoverCleanupAndWait(vault, rg, site, container, v01, { properties: { comments: 'Cleaning up' } }, fastPoll);
    // The recorded values (GET .../operationresults/{job}, 200):
    assert.equal(cleaned.properties?.protectionState, 'Protected');
    assert.equal(cleaned.properties?.protectionStateDescription, 'Protected');
    assert.equal(cleaned.properties?.testFailoverState, 'MarkedForDeletion');
    assert.equal(cleaned.properties?.testFailoverStateDescription, 'Cleaning up test environment');
    assert.deepEqual(cleaned.properties?.allowedOperations, ['PlannedFailover', 'UnplannedFailover', 'DisableProtection', 'TestFailover']);
    assert.equal(cleaned.properties?.currentScenario?.scenarioName, 'None');
    assert.equal(cleaned.properties?.activeLocation, 'Primary');
    // And a new test failover is allowed from there.
    const again = await s.asr.replicationProtectedItems.beginTestFailoverAndWait(
      vault,
      rg,
      site,
      container,
      v01,
      {
        properties: { failoverDirection: 'PrimaryToRecovery', networkType: 'NoNetworkAttachAsInput', providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } },
      },
      fastPoll,
    );
    assert.equal(again.properties?.testFailoverState, 'WaitingForCompletion');
    await s.asr.replicationProtectedItems.beginTestFailoverCleanupAndWait(vault, rg, site, container, v01, { properties: { comments: 'ok' } }, fastPoll);
  });

  it('failback ForDownTime: the job suspends after the first synchronisation, shaped like ReplicationJobs_Resume.json', async () => {
    await s.asr.replicationProtectedItems.beginPlannedFailoverAndWait(
      vault,
      rg,
      site,
      container,
      v01,
      {
        properties: { failoverDirection: 'PrimaryToRecovery', providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } },
      },
      fastPoll,
    );
    await s.asr.replicationProtectedItems.beginFailoverCommitAndWait(vault, rg, site, container, v01, fastPoll);
    await s.asr.replicationProtectedItems.beginPlannedFailover(vault, rg, site, container, v01, failbackBody('ForDownTime'), fastPoll);
    const name = await runningJobOf();
    await eventually('suspended', async () => ((await job(name)).properties?.state === 'Suspended' ? true : undefined), 20000);
    const suspended = await job(name);
    assert.equal(suspended.properties?.stateDescription, 'WaitingForUserInputAfterDataSync');
    assert.deepEqual(suspended.properties?.allowedActions, ['Cancel', 'Resume']);
    assert.deepEqual(
      suspended.properties?.tasks?.map((t) => t.state),
      ['Succeeded', 'Succeeded', 'NotStarted', 'NotStarted', 'NotStarted'],
    );
    assert.ok(!suspended.properties?.endTime, 'no end time yet');
    // The Azure VM still runs: the on-premises VM stays off until the job goes on.
    assert.equal(s.lab.engine.findVm(v01)?.vm.state, 'Off');
    // It stays suspended however long nobody resumes it.
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal((await job(name)).properties?.state, 'Suspended');
    const during = await item();
    assert.equal(during.properties?.currentScenario?.scenarioName, 'PlannedFailover');
    assert.deepEqual(during.properties?.allowedOperations, []);
    // The async operation reads Succeeded, as for a test failover (TestFailover.json entry 5).
    const status = jsonObject(
      await rawRequest(
        `${s.lab.endpoint}/subscriptions/${s.lab.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.RecoveryServices/vaults/${vault}/replicationOperationStatus/${name}?api-version=${apiVersion}`,
        { token: s.lab.token, ca: s.lab.caCertPem },
      ),
    );
    assert.equal(at(status, 'status'), 'Succeeded');
  });

  it('Resume: the same job goes on to its end; the operation result is that job; resuming again is 409', async () => {
    const name = await runningJobOf();
    const resumed = await s.asr.replicationJobs.beginResumeAndWait(vault, rg, name, { properties: { comments: ' ' } }, fastPoll);
    assert.equal(resumed.name, name, 'the result is the resumed job (spec example: 200 with the job named in the request)');
    await eventually('failback done', async () => ((await job(name)).properties?.state === 'Succeeded' ? true : undefined), 20000);
    const done = await job(name);
    assert.ok((done.properties?.tasks ?? []).every((t) => t.state === 'Succeeded'));
    assert.equal((await item()).properties?.protectionState, 'FinalizeRestorePending');
    assert.equal(s.lab.engine.findVm(v01)?.vm.state, 'Running');
    await assert.rejects(s.asr.replicationJobs.beginResumeAndWait(vault, rg, name, { properties: { comments: ' ' } }, fastPoll), (e: RestErrorLike) => {
      assert.equal(e.statusCode, 409);
      assert.equal(e.code, 'JobNotResumable');
      return true;
    });
  });

  it('cancelling a suspended failback ends it and the item allows Failback again; ForSynchronization runs through without suspending', async () => {
    const itemOf = () => s.asr.replicationProtectedItems.get(vault, rg, site, container, v05);
    await s.asr.replicationProtectedItems.beginPlannedFailoverAndWait(
      vault,
      rg,
      site,
      container,
      v05,
      {
        properties: { failoverDirection: 'PrimaryToRecovery', providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } },
      },
      fastPoll,
    );
    await s.asr.replicationProtectedItems.beginFailoverCommitAndWait(vault, rg, site, container, v05, fastPoll);
    await s.asr.replicationProtectedItems.beginPlannedFailover(vault, rg, site, container, v05, failbackBody('ForDownTime'), fastPoll);
    const name = (await itemOf()).properties?.currentScenario?.jobId?.split('/').pop() ?? '';
    await eventually('suspended', async () => ((await job(name)).properties?.state === 'Suspended' ? true : undefined), 20000);
    const cancelled = await s.asr.replicationJobs.beginCancelAndWait(vault, rg, name, fastPoll);
    assert.equal(cancelled.properties?.state, 'Cancelled');
    assert.deepEqual(
      cancelled.properties?.tasks?.map((t) => t.state),
      ['Succeeded', 'Succeeded', 'Skipped', 'Skipped', 'Skipped'],
    );
    assert.deepEqual((await itemOf()).properties?.allowedOperations, ['CompleteMigration', 'DisableProtection', 'Failback']);

    // Start-AzRecoveryServicesAsrPlannedFailoverJob help: with ForSynchronization "the virtual
    // machine is shut down immediately. Synchronization starts after shutdown".
    await s.asr.replicationProtectedItems.beginPlannedFailover(vault, rg, site, container, v05, failbackBody('ForSynchronization'), fastPoll);
    const second = (await itemOf()).properties?.currentScenario?.jobId?.split('/').pop() ?? '';
    const seen = new Set<string>();
    await eventually(
      'failback done',
      async () => {
        const st = (await job(second)).properties?.state ?? '';
        seen.add(st);
        return st === 'Succeeded' ? true : undefined;
      },
      20000,
    );
    assert.ok(!seen.has('Suspended'), `never suspended: ${[...seen].join(',')}`);
    assert.deepEqual(
      (await job(second)).properties?.tasks?.map((t) => t.friendlyName?.split(' ').slice(0, 2).join(' ')),
      ['Prerequisites check', 'Shutting down', 'Synchronizing data', 'Starting the'],
    );
    assert.equal((await itemOf()).properties?.protectionState, 'FinalizeRestorePending');
  });
});
