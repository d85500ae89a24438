/**
 * Issue 16 §2 with issue 12 §3: the answer to each recovery plan action is lost once — the lab
 * carries the request out (the plan's job starts) and then closes the connection without answering
 * (`processedDrop`, armed for that one request). Through the service layer and the real SDK, every
 * plan action is still followed to its end: the request sent once, exactly one job of the plan,
 * the one followed, and the plan read again after it.
 */
import assert from 'node:assert/strict';
import type { Job, ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { planActionScenarioNames } from '../../src/model/planLostAnswer';
import type { RecoveryPlanAction } from '../../src/model/recoveryPlan';
import type { VaultContext } from '../../src/services/azure/clients';
import { listJobs } from '../../src/services/azure/jobs';
import { listProtectedItems } from '../../src/services/azure/protection';
import { createRecoveryPlan, deleteRecoveryPlan, getRecoveryPlan, startRecoveryPlanAction } from '../../src/services/azure/recoveryPlans';
import { openServices, type ServicesSession } from './servicesSupport';

const v01 = '193ca098-991d-4a6f-be78-da2c6e7bd290'; // ramh157v01, Protected

/** The lab's operation name of each plan action's request (lab/asr/recoveryPlanRoutes.ts). */
const operationOf: Record<RecoveryPlanAction, string> = {
  testFailover: 'replicationRecoveryPlans.testFailover',
  testFailoverCleanup: 'replicationRecoveryPlans.testFailoverCleanup',
  plannedFailover: 'replicationRecoveryPlans.plannedFailover',
  unplannedFailover: 'replicationRecoveryPlans.unplannedFailover',
  commit: 'replicationRecoveryPlans.failoverCommit',
  failback: 'replicationRecoveryPlans.plannedFailover',
  reverseReplication: 'replicationRecoveryPlans.reprotect',
};

describe('a recovery plan action whose answer is lost after the lab carried it out (processedDrop, once)', function () {
  this.timeout(120000);
  let s: ServicesSession;
  let v: VaultContext;

  before(async () => {
    s = await openServices({ speed: 1000 });
    v = s.vctx();
    const items: ReplicationProtectedItem[] = await listProtectedItems(v);
    const id = items.find((i) => i.name === v01)!.id!;
    const primaryFabricId = id.replace(/\/replicationProtectionContainers\/.*$/, '');
    await (await createRecoveryPlan(v, { name: 'rpLost', primaryFabricId, recoveryFabricId: 'Microsoft Azure', groups: [{ groupType: 'Boot', itemIds: [id] }] })).result();
  });
  after(async () => s.lab.stop());

  /** The plan's jobs of the action's scenario that started at or after `since`. */
  async function jobsOf(action: RecoveryPlanAction, since: Date): Promise<Job[]> {
    const jobs = await listJobs(v, { startTime: since });
    return jobs.filter(
      (j) =>
        j.properties?.targetInstanceType === 'RecoveryPlan' &&
        j.properties.targetObjectName === 'rpLost' &&
        planActionScenarioNames[action][0] === j.properties.scenarioName &&
        (j.properties.startTime?.getTime() ?? 0) >= since.getTime(),
    );
  }

  const journey: [RecoveryPlanAction, string][] = [
    ['testFailover', 'TestFailoverCleanup'],
    ['testFailoverCleanup', 'TestFailover'],
    ['plannedFailover', 'Commit'],
    ['commit', 'PlannedFailover'],
    ['failback', 'Commit'],
    ['commit', 'ReverseReplicate'],
    ['reverseReplication', 'TestFailover'],
  ];
  for (const [action, allowedAfter] of journey) {
    it(`${action}: sent once, its job found and followed; the plan then allows ${allowedAfter}`, async () => {
      const op = operationOf[action];
      const sends = s.lab.log.count(op);
      const drops = (): number => s.lab.log.entries.filter((e) => e.operation === op && e.fault === 'processedDrop').length;
      const dropsBefore = drops();
      const since = new Date(Date.now() - 1);
      s.lab.faults.processedDrop.armOnce(op);
      const started = await startRecoveryPlanAction(v, await getRecoveryPlan(v, 'rpLost'), action, {}, { updateIntervalInMs: 20 });
      assert.equal(s.lab.log.count(op) - sends, 1, `${action}: the request was sent once`);
      assert.equal(drops() - dropsBefore, 1, `${action}: its answer was dropped`);
      assert.equal(started.recovered, true, `${action}: found after the lost answer`);
      assert.deepEqual(
        (await jobsOf(action, since)).map((j) => j.name),
        [started.jobName],
        `${action}: exactly one job, the one followed`,
      );
      const after = await started.result();
      assert.ok(after.allowedOperations.includes(allowedAfter), `${action}: ${JSON.stringify(after.allowedOperations)}`);
    });
  }

  it("the whole run: no plan action was sent twice, every lost answer was the lab's processedDrop", async () => {
    const dropped = s.lab.log.entries.filter((e) => e.fault === 'processedDrop');
    assert.equal(dropped.length, journey.length);
    assert.ok(dropped.every((e) => e.method === 'POST'));
    await (await deleteRecoveryPlan(v, 'rpLost')).result();
  });
});
