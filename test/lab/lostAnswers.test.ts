/**
 * Issue 12 §3: the answer to each action is lost once — the lab carries the request out (its job
 * starts) and then closes the connection without answering (`processedDrop`, armed for that one
 * request). Through the extension's own flows, every action is still followed to its end, with
 * no error, the request sent once and exactly one job. Before the fix the SDK resent the request
 * and ASR's refusal of the resend ("not allowed" while the first job ran) was shown as a failure.
 */
import assert from 'node:assert/strict';
import type { Job } from '@azure/arm-recoveryservices-siterecovery';
import { actionScenarioNames } from '../../src/model/lostAnswer';
import type { ProtectionKind } from '../../src/model/protectionStatus';
import type { VmAction } from '../../src/model/vmActions';
import { listProtectableItems } from '../../src/services/azure/containers';
import { getJob, listJobs } from '../../src/services/azure/jobs';
import { listPolicies } from '../../src/services/azure/policies';
import { enableProtection, listProtectedItems } from '../../src/services/azure/protection';
import { followJob } from '../../src/flows/followJob';
import { itemRef, journeyVm, runAction, waitKind, type JourneyEnv } from './actionJourneys';
import { osDiskId } from './journeySteps';
import { openServices, type ServicesSession } from './servicesSupport';

/** The lab's operation name of each action's request. */
const operationOf: Record<VmAction, string> = {
  enableProtection: 'replicationProtectedItems.create',
  testFailover: 'replicationProtectedItems.testFailover',
  testFailoverCleanup: 'replicationProtectedItems.testFailoverCleanup',
  plannedFailover: 'replicationProtectedItems.plannedFailover',
  unplannedFailover: 'replicationProtectedItems.unplannedFailover',
  commit: 'replicationProtectedItems.failoverCommit',
  failback: 'replicationProtectedItems.plannedFailover',
  reverseReplication: 'replicationProtectedItems.reprotect',
  disableProtection: 'replicationProtectedItems.delete',
};

describe('an action whose answer is lost after the lab carried it out (processedDrop, once)', function () {
  this.timeout(120000);
  let s: ServicesSession;
  let env: JourneyEnv;

  before(async () => {
    s = await openServices({ speed: 1000 });
    env = { v: s.vctx(), watched: [], pollMs: 20 };
  });
  after(async () => s.lab.stop());

  /** Jobs of the action's scenario on the journey VM that started at or after `since`. */
  async function jobsOf(action: VmAction, since: Date): Promise<Job[]> {
    const jobs = await listJobs(env.v, { startTime: since });
    return jobs.filter(
      (j) =>
        j.properties?.targetObjectId === journeyVm.vmId &&
        actionScenarioNames[action][0] === j.properties.scenarioName &&
        (j.properties.startTime?.getTime() ?? 0) >= since.getTime(),
    );
  }

  /** Loses the answer to the action's next request, runs `act`, and checks: sent once, answer dropped, one job, that job followed. */
  async function lost(action: VmAction, act: () => Promise<{ jobName: string; recovered: boolean }>): Promise<void> {
    const op = operationOf[action];
    const sends = s.lab.log.count(op);
    const since = new Date(Date.now() - 1);
    s.lab.faults.processedDrop.armOnce(op);
    const outcome = await act();
    assert.equal(s.lab.log.count(op) - sends, 1, `${action}: the request was sent once`);
    assert.equal(s.lab.log.entries.filter((e) => e.operation === op && e.fault === 'processedDrop').length > 0, true, `${action}: its answer was dropped`);
    assert.equal(outcome.recovered, true, `${action}: found after the lost answer`);
    const jobs = await jobsOf(action, since);
    assert.deepEqual(
      jobs.map((j) => j.name),
      [outcome.jobName],
      `${action}: exactly one job, the one followed`,
    );
    assert.ok(env.watched.includes(outcome.jobName), `${action}: the job tracker follows it`);
  }

  it('enable replication', async () => {
    const v = env.v;
    const ref = itemRef(v);
    const protectable = (await listProtectableItems(v, ref.fabricName, ref.containerName)).find((i) => i.name === journeyVm.vmId)!;
    const policy = (await listPolicies(v)).find((p) => p.name === 'RAM-Policy')!;
    await lost('enableProtection', async () => {
      const op = await enableProtection(v, {
        fabricName: ref.fabricName,
        containerName: ref.containerName,
        protectedItemName: journeyVm.vmId,
        policyId: policy.id!,
        protectableItem: protectable,
        vmName: journeyVm.name,
        osType: 'Windows',
        osDiskVhdId: osDiskId(protectable, journeyVm.osDiskName),
        logStorageAccountId: `/subscriptions/${s.lab.subscriptionId}/resourceGroups/RAM-DR-RG/providers/Microsoft.Storage/storageAccounts/ramdrstorage01`,
        targetResourceGroupId: `/subscriptions/${s.lab.subscriptionId}/resourceGroups/RAM-Recovery-RG`,
      });
      env.watched.push(op.jobName);
      const job = await followJob(v, op.jobName, { read: getJob, intervalMs: 20 });
      assert.equal(job.properties?.state, 'Succeeded');
      assert.ok((await op.result()).properties?.protectionState, 'its result is the protected item');
      return { jobName: op.jobName, recovered: op.recovered === true };
    });
    await waitKind(env, 'Protected');
  });

  const journey: [Exclude<VmAction, 'enableProtection'>, ProtectionKind | 'removed'][] = [
    ['testFailover', 'TestFailoverCleanupPending'],
    ['testFailoverCleanup', 'Protected'],
    ['plannedFailover', 'FailoverCommitPending'],
    ['commit', 'FailedOver'],
    ['failback', 'FailbackCommitPending'],
    ['commit', 'ReverseReplicationPending'],
    ['reverseReplication', 'Replicating'],
    ['unplannedFailover', 'FailoverCommitPending'],
    ['disableProtection', 'removed'],
  ];
  for (const [action, kindAfter] of journey) {
    it(`${action}, then the VM is ${kindAfter}`, async () => {
      if (action === 'unplannedFailover') await waitKind(env, 'Protected');
      await lost(action, () => runAction(env, action));
      if (kindAfter === 'removed') assert.ok(!(await listProtectedItems(env.v)).some((i) => i.name === journeyVm.vmId), 'the protected item is gone');
      else await waitKind(env, kindAfter);
    });
  }

  it("the whole run: no action was sent twice, every lost answer was the lab's processedDrop", () => {
    const dropped = s.lab.log.entries.filter((e) => e.fault === 'processedDrop');
    assert.equal(dropped.length, 1 + journey.length);
    assert.ok(dropped.every((e) => e.method !== 'GET'));
  });
});
