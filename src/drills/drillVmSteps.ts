// One VM of a DR drill (issue 15 §3), as steps that each look at the VM's record first, so that a
// drill resumed after a window reload goes on where it stopped without starting anything twice:
// start the test failover → follow its job → read the test VM's power state until it runs →
// clean up (after the TFO job ended, as ASR requires) with a note naming the drill → follow the
// cleanup. An error is recorded on the VM and never stops the others. No vscode.

import * as l10n from '@vscode/l10n';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { followJob } from '../flows/followJob';
import type { DrillRecord, DrillVm } from '../model/drillRecord';
import { asDate, lastPathSegment } from '../model/wireValues';
import { deriveProtectionStatus } from '../model/protectionStatus';
import { isActionAllowed } from '../model/vmActions';
import { MAX_CLEANUP_COMMENTS_LENGTH } from '../services/azure/failover';
import type { DrillClock, DrillJob, DrillServices } from './drillServices';
import {
  cleanupComment,
  errorOf,
  isRunning,
  jobErrors,
  jobSucceeded,
  measured,
  powerStateOf,
  resultOf,
  testFailoverFacts,
  testFailoverSucceeded,
  testVmLocation,
} from './drillFacts';

/** What the steps share: the services, the clock, the record and its saving, the two signals. */
export interface DrillStepContext {
  services: DrillServices;
  clock: DrillClock;
  record: DrillRecord;
  /** How often a job is read, and the test VM's power state. */
  jobPollMs: number;
  powerPollMs: number;
  /** How long after its TFO job ended the test VM may take to read running before the VM fails. */
  runningTimeoutMs: number;
  /** Keeps the record (global state) and tells the views; resolves once kept. */
  save(): Promise<void>;
  /** Aborted when the user cancels: no new test failover starts and waiting for a test VM stops. */
  cancelSignal: AbortSignal;
  /** Aborted when the runner stops (window reload): everything stops, ASR is left as it is, the record stays. */
  stopSignal: AbortSignal;
  log(line: string): void;
}

/** Thrown (and caught by the runner) when the runner stops: the VM's record is left as it is. */
export class DrillStopped extends Error {
  override name = 'DrillStopped';
}

function jobNameOf(jobId: string): string {
  return lastPathSegment(jobId) ?? jobId;
}

/** Runs `step`; an error is recorded on the VM (false), unless the runner stopped (rethrown). */
async function guarded(c: DrillStepContext, vm: DrillVm, step: () => Promise<void>): Promise<boolean> {
  try {
    await step();
    return true;
  } catch (e) {
    if (c.stopSignal.aborted) throw new DrillStopped();
    vm.errors.push(errorOf(e));
    c.log(`DR drill ${c.record.id}: ${vm.name}: ${errorOf(e).message}`);
    await c.save();
    return false;
  }
}

function follow(c: DrillStepContext, jobId: string): Promise<DrillJob> {
  return followJob(c.services.vctx, jobNameOf(jobId), { read: (_v, name, o) => c.services.getJob(name, o), intervalMs: c.jobPollMs, signal: c.stopSignal });
}

/**
 * A start asked before a reload (startedAt set, no job kept): adopt the test failover ASR is running
 * or waiting to clean up (the item's currentScenario job), never start a second one.
 */
function adoptStarted(vm: DrillVm, item: ReplicationProtectedItem): boolean {
  const status = deriveProtectionStatus(item);
  if (status.kind !== 'TestFailoverRunning' && status.kind !== 'TestFailoverCleanupPending') return false;
  if (status.kind === 'TestFailoverRunning' && status.runningJobId) vm.testFailoverJobId = item.properties?.currentScenario?.jobId ?? status.runningJobId;
  vm.state = 'running';
  return true;
}

/** Starts the VM's test failover (latest processed point); false when it did not start (cancelled, refused, failed). */
async function startStep(c: DrillStepContext, vm: DrillVm): Promise<boolean> {
  if (c.cancelSignal.aborted) {
    vm.state = 'cancelled';
    await c.save();
    return false;
  }
  const started = await guarded(c, vm, async () => {
    const item = await c.services.getItem(vm.itemId);
    if (vm.startedAt !== undefined && adoptStarted(vm, item)) return c.save();
    vm.startedAt = c.clock.now();
    await c.save();
    const job = await c.services.startTestFailover(item, c.record.testNetworkId);
    vm.testFailoverJobId = job.jobId;
    vm.state = 'running';
    c.log(`DR drill ${c.record.id}: test failover of ${vm.name} started, job ${job.jobName}`);
    await c.save();
  });
  if (!started || vm.state !== 'running') {
    vm.state = 'failed';
    await c.save();
    return false;
  }
  return true;
}

/** Reads the test VM's power state until it runs (RTO stops there), the wait times out, or the user cancels. */
async function waitRunning(c: DrillStepContext, vm: DrillVm, item: ReplicationProtectedItem, testVmName: string | undefined): Promise<void> {
  const where = testVmLocation(item, testVmName);
  if (!where) throw new Error(l10n.t('Azure Site Recovery does not say where the test VM of {0} is (no test VM name or recovery resource group).', vm.name));
  vm.testVm = { name: where.name };
  const deadline = c.clock.now().getTime() + c.runningTimeoutMs;
  let last: string | undefined;
  for (;;) {
    const codes = await c.services.instanceViewCodes(where.resourceGroup, where.name);
    if (codes && isRunning(codes)) {
      vm.runningAt = c.clock.now();
      Object.assign(vm, measured(vm));
      return c.save();
    }
    last = codes ? powerStateOf(codes) : undefined;
    if (c.clock.now().getTime() >= deadline) {
      throw new Error(
        l10n.t(
          'The test VM {0} was not running {1} minutes after its test failover ended (last power state: {2}).',
          where.name,
          Math.round(c.runningTimeoutMs / 60000),
          last ?? l10n.t('not found'),
        ),
      );
    }
    try {
      await c.clock.sleep(c.powerPollMs, AbortSignal.any([c.cancelSignal, c.stopSignal]));
    } catch (e) {
      if (c.stopSignal.aborted) throw e;
      return; // cancelled: stop waiting, clean up
    }
  }
}

/** Follows the test failover to its end; records the recovery point (RPO) and, unless cancelled, waits for the test VM. */
async function testFailoverStep(c: DrillStepContext, vm: DrillVm): Promise<void> {
  if (vm.testFailoverJobId === undefined) {
    // Adopted while waiting for cleanup: the job is not known, only the test VM can be read.
    if (!vm.runningAt && !c.cancelSignal.aborted) await waitRunning(c, vm, await c.services.getItem(vm.itemId), undefined);
    return;
  }
  const job = await follow(c, vm.testFailoverJobId);
  const facts = testFailoverFacts(job, lastPathSegment(vm.itemId) ?? '');
  if (facts.recoveryPoint) vm.recoveryPoint = facts.recoveryPoint;
  if (facts.testVmName) vm.testVm = { name: facts.testVmName };
  // RPO: the job's start as ASR stamps it − the point's time, both on ASR's clock (evidence §3).
  const jobStart = asDate(job.properties?.startTime);
  if (vm.recoveryPoint && jobStart) vm.rpoSeconds = Math.max(0, Math.round((jobStart.getTime() - vm.recoveryPoint.time.getTime()) / 1000));
  if (!testFailoverSucceeded(job)) {
    vm.errors.push(...jobErrors(job, c.clock.now()));
    return c.save();
  }
  await c.save();
  if (!vm.runningAt && !c.cancelSignal.aborted) await waitRunning(c, vm, await c.services.getItem(vm.itemId), facts.testVmName);
}

/** Starts the cleanup when ASR allows it (the TFO job has ended); nothing to clean when it does not and no test VM was made. */
async function cleanupStartStep(c: DrillStepContext, vm: DrillVm): Promise<void> {
  const item = await c.services.getItem(vm.itemId);
  if (!isActionAllowed(item, 'testFailoverCleanup')) {
    if (vm.runningAt || vm.testVm)
      throw new Error(
        l10n.t(
          'Azure Site Recovery does not allow cleaning up the test failover of {0} now ({1}). Clean it up from the VM when it does.',
          vm.name,
          deriveProtectionStatus(item).summary,
        ),
      );
    return;
  }
  const comment = cleanupComment(c.record.id, vm, c.cancelSignal.aborted).slice(0, MAX_CLEANUP_COMMENTS_LENGTH);
  const job = await c.services.startCleanup(item, comment);
  vm.cleanupJobId = job.jobId;
  c.log(`DR drill ${c.record.id}: cleanup of ${vm.name} started, job ${job.jobName}`);
  await c.save();
}

async function cleanupFollowStep(c: DrillStepContext, vm: DrillVm): Promise<void> {
  if (vm.cleanupJobId === undefined) return;
  const job = await follow(c, vm.cleanupJobId);
  vm.cleanedUp = jobSucceeded(job);
  if (!vm.cleanedUp) vm.errors.push(...jobErrors(job, c.clock.now()));
  await c.save();
}

/** Drills one VM from wherever its record says it is. Throws DrillStopped only when the runner stops. */
export async function drillVm(c: DrillStepContext, vm: DrillVm): Promise<void> {
  if (vm.state === 'pending' && !(await startStep(c, vm))) return;
  if (vm.state !== 'running') return;
  if (vm.cleanupJobId === undefined) {
    await guarded(c, vm, () => testFailoverStep(c, vm));
    await guarded(c, vm, () => cleanupStartStep(c, vm));
  }
  await guarded(c, vm, () => cleanupFollowStep(c, vm));
  vm.state = resultOf(vm, c.cancelSignal.aborted);
  await c.save();
}
