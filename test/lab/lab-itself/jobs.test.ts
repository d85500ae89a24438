/**
 * ASR jobs through the SDK: OData filters, tasks, cancel, restart, a job that fails with ASR's
 * error details (and the poller that reports it).
 */
import assert from 'node:assert/strict';
import { osDiskId } from '../journeySteps';
import type { Job } from '@azure/arm-recoveryservices-siterecovery';
import { collect, fastPoll, openLab, type LabSession } from '../support';

const rg = 'RAM-DR-RG';
const vault = 'RAM-Vault';
const site = 'RAM-Site';
const container = 'cloud_eecac84c-1761-50ad-9624-a7092c581567';
const v01 = '193ca098-991d-4a6f-be78-da2c6e7bd290';
const ess01 = '6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a'; // on RAM-ESS, registered but disconnected
const jobType = 'Microsoft.RecoveryServices/vaults/replicationJobs';
const protectedOps = ['PlannedFailover', 'UnplannedFailover', 'DisableProtection', 'TestFailover'];

interface RestErrorLike {
  statusCode?: number;
  code?: string;
  message?: string;
}

describe('lab jobs: filters, tasks, cancel, restart, failure', function () {
  this.timeout(40000);
  let s: LabSession;
  let testFailoverJob = '';

  const jobs = (filter?: string): Promise<Job[]> => collect(s.asr.replicationJobs.list(vault, rg, filter === undefined ? {} : { filter }));
  const item = () => s.asr.replicationProtectedItems.get(vault, rg, site, container, v01);

  before(async () => {
    // Slow enough (a 120 s test failover takes 5 s) to act on a running job.
    s = await openLab({ speed: 24 });
  });
  after(async () => s.lab.stop());

  it("jobStatus eq 'InProgress' returns only running jobs (a test failover just started)", async () => {
    const all = await jobs();
    assert.ok(all.length > 0 && all.every((j) => j.properties?.state !== 'InProgress'), 'the scenario seeds finished jobs only');
    await s.asr.replicationProtectedItems.beginTestFailover(
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
    const running = await jobs("jobStatus eq 'InProgress'");
    assert.equal(running.length, 1, `running: ${running.map((j) => j.properties?.scenarioName).join(',')}`);
    assert.equal(running[0].properties?.state, 'InProgress');
    assert.equal(running[0].properties?.scenarioName, 'TestFailover');
    assert.equal(running[0].properties?.targetObjectId, v01);
    assert.deepEqual(running[0].properties?.allowedActions, ['Cancel']);
    testFailoverJob = running[0].name!;
    const succeeded = await jobs("jobStatus eq 'Succeeded'");
    assert.ok(succeeded.length > 0 && succeeded.every((j) => j.properties?.state === 'Succeeded'));
    assert.ok(!succeeded.some((j) => j.name === testFailoverJob));
  });

  it("startTime eq '<iso>' leaves out the jobs that ended before it", async () => {
    const all = await jobs();
    const since = new Date(Date.now() - 3600_000);
    const older = all.filter((j) => j.properties?.endTime instanceof Date && j.properties.endTime.getTime() < since.getTime());
    assert.ok(older.length > 0, 'the scenario seeds jobs that ended days ago');
    const recent = await jobs(`startTime eq '${since.toISOString()}'`);
    assert.ok(
      recent.some((j) => j.name === testFailoverJob),
      'the running job is in',
    );
    for (const j of older) assert.ok(!recent.some((r) => r.name === j.name), `${j.properties?.scenarioName} ${j.name} left out`);
    assert.ok(recent.length < all.length);
  });

  it("takes Az PowerShell's form: C# property names, .NET round-trip dates, a list as an or-group", async () => {
    // Utilities.ToQueryString (azure-powershell): `StartTime eq '…' and ( JobStatus eq 'a' or JobStatus eq 'b' )`.
    const since = new Date(Date.now() - 3600_000).toISOString().replace(/\.(\d{3})Z$/, (_m, ms: string) => `.${ms}0000Z`);
    const running = await jobs(`StartTime eq '${since}' and ( JobStatus eq 'InProgress' or JobStatus eq 'Suspended' )`);
    assert.deepEqual(
      running.map((j) => j.name),
      [testFailoverJob],
    );
    const none = await jobs(`StartTime eq '${since}' and ( JobStatus eq 'Failed' or JobStatus eq 'Cancelled' )`);
    assert.deepEqual(none, []);
  });

  it('an invalid filter is 400 InvalidFilter; an unknown field is ignored (unverified either way)', async () => {
    await assert.rejects(jobs('foo bar'), (e: RestErrorLike) => {
      assert.equal(e.statusCode, 400);
      assert.equal(e.code, 'InvalidFilter');
      return true;
    });
    assert.equal((await jobs("colour eq 'blue'")).length, (await jobs()).length);
  });

  it('replicationJobs.get shows the tasks and their states', async () => {
    const job = await s.asr.replicationJobs.get(vault, rg, testFailoverJob);
    assert.equal(job.type, jobType);
    assert.equal(job.properties?.state, 'InProgress');
    const tasks = job.properties?.tasks ?? [];
    assert.ok(tasks.length >= 2, `${tasks.length} tasks`);
    const states = tasks.map((t) => t.state);
    for (const st of states) assert.ok(['NotStarted', 'InProgress', 'Succeeded'].includes(st ?? ''), `task state ${st}`);
    assert.ok(states.includes('InProgress'), `one task runs: ${states.join(',')}`);
    assert.equal(states[states.length - 1], 'NotStarted', 'the last task waits');
    assert.ok(tasks.every((t) => typeof t.friendlyName === 'string' && t.friendlyName.length > 0));
    assert.ok(tasks[0].startTime instanceof Date);
    const it0 = await item();
    assert.deepEqual(it0.properties?.allowedOperations, [], 'nothing is allowed while the job runs');
    assert.equal(it0.properties?.currentScenario?.scenarioName, 'TestFailover');
  });

  it('cancels the running job: it ends Cancelled and the item allows its operations again', async () => {
    const cancelledJob = await s.asr.replicationJobs.beginCancelAndWait(vault, rg, testFailoverJob, fastPoll);
    assert.equal(cancelledJob.name, testFailoverJob);
    assert.equal(cancelledJob.properties?.state, 'Cancelled');
    assert.ok(cancelledJob.properties?.endTime instanceof Date);
    assert.ok(
      (cancelledJob.properties?.tasks ?? []).every((t) => t.state !== 'InProgress'),
      'no task still runs',
    );
    const after = await item();
    assert.deepEqual(after.properties?.allowedOperations, protectedOps);
    assert.notEqual(after.properties?.testFailoverState, 'WaitingForCompletion', 'no test failover to clean up');
    assert.equal((await s.asr.replicationJobs.get(vault, rg, testFailoverJob)).properties?.state, 'Cancelled', 'stays cancelled');
  });

  it('restarts the cancelled job: a new job runs the test failover again, and the poller returns that Job', async () => {
    const restartedAt = new Date(Date.now() - 1000);
    const restarted = await s.asr.replicationJobs.beginRestartAndWait(vault, rg, testFailoverJob, fastPoll);
    const again = (await jobs(`startTime eq '${restartedAt.toISOString()}'`)).filter((j) => j.properties?.scenarioName === 'TestFailover' && j.name !== testFailoverJob);
    assert.equal(again.length, 1, 'one new test failover job');
    assert.equal(again[0].properties?.state, 'Succeeded', 'the poller waited for it');
    assert.equal(again[0].properties?.targetObjectId, v01);
    assert.equal((await item()).properties?.testFailoverState, 'WaitingForCompletion', 'the test failover ran');
    // replicationJobs.restart's long-running result is the Job (REST spec: 200 Job).
    assert.equal(restarted.type, jobType, `the restart's result is a Job (got type ${String(restarted.type)})`);
    assert.equal(restarted.name, again[0].name);
    assert.equal(restarted.properties?.state, 'Succeeded');
  });

  it('cancelling a finished job is 409 JobNotCancellable', async () => {
    const finished = (await jobs("jobStatus eq 'Succeeded'"))[0];
    assert.ok(finished, 'a finished job');
    await assert.rejects(s.asr.replicationJobs.beginCancelAndWait(vault, rg, finished.name!, fastPoll), (e: RestErrorLike) => {
      assert.equal(e.statusCode, 409);
      assert.equal(e.code, 'JobNotCancellable');
      return true;
    });
  });

  it('enabling protection on a disconnected host: the job fails with ASR error details, the poller rejects with its message, the item is gone', async () => {
    const protectable = await s.asr.replicationProtectableItems.get(vault, rg, site, container, ess01);
    const custom = protectable.properties?.customDetails as { sourceItemId: string; diskDetails: { vhdType: string; vhdId: string }[] };
    const policy = await s.asr.replicationPolicies.get(vault, rg, 'RAM-Policy');
    const sub = s.lab.subscriptionId;
    const started = Date.now();
    let failure: Error | undefined;
    try {
      await s.asr.replicationProtectedItems.beginCreateAndWait(
        vault,
        rg,
        site,
        container,
        ess01,
        {
          properties: {
            policyId: policy.id,
            protectableItemId: protectable.id,
            providerSpecificDetails: {
              instanceType: 'HyperVReplicaAzure',
              hvHostVmId: custom.sourceItemId,
              vmName: 'ramessv01',
              osType: 'Windows',
              vhdId: osDiskId(protectable, 'ramessv01'),
              targetStorageAccountId: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/ramdrstorage01`,
              targetAzureV2ResourceGroupId: `/subscriptions/${sub}/resourceGroups/RAM-Recovery-RG`,
              useManagedDisks: 'True',
            },
          },
        },
        fastPoll,
      );
    } catch (e) {
      failure = e as Error;
    }
    assert.ok(failure, 'the poller rejects');

    const enable = (await jobs(`startTime eq '${new Date(started - 1000).toISOString()}'`)).find(
      (j) => j.properties?.scenarioName === 'EnableDr' && j.properties.targetObjectId === ess01,
    );
    assert.ok(enable, 'the enable job is listed');
    const job = await s.asr.replicationJobs.get(vault, rg, enable.name!);
    assert.equal(job.properties?.state, 'Failed');
    assert.deepEqual(job.properties?.allowedActions, ['Restart']);
    const errors = job.properties?.errors ?? [];
    assert.equal(errors.length, 1);
    const details = errors[0].serviceErrorDetails;
    assert.ok(details, 'serviceErrorDetails');
    for (const k of ['code', 'message', 'possibleCauses', 'recommendedAction'] as const) {
      assert.ok(typeof details[k] === 'string' && details[k].length > 0, `serviceErrorDetails.${k}`);
    }
    assert.match(details.message!, /RAM-ESS/);
    assert.ok(
      (job.properties?.tasks ?? []).some((t) => t.state === 'Failed'),
      'a failed task',
    );
    assert.ok(failure.message.includes(details.message!), `the poller's error carries the job's message: ${failure.message}`);

    await assert.rejects(s.asr.replicationProtectedItems.get(vault, rg, site, container, ess01), (e: RestErrorLike) => e.statusCode === 404);
    const stillProtectable = await s.asr.replicationProtectableItems.get(vault, rg, site, container, ess01);
    assert.equal(stillProtectable.properties?.protectionStatus, 'Unprotected');
  });
});
