// What a DR drill reads from ASR and Azure Compute, and the sentences it writes (issue 15 §3):
// whether a VM can be drilled, the TFO job's test VM and recovery point, a job's errors with ASR's
// recommended action, the test VM's power state, the cleanup note. Pure, no vscode; the sources
// are quoted in docs/evidence/recovery-confidence.md (§ numbers below).

import * as l10n from '@vscode/l10n';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { DrillError, DrillVm } from '../model/drillRecord';
import { normalizeJobState, summarizeJob } from '../model/jobSummary';
import { hyperVReplicaDetails } from '../model/protectedItem';
import { deriveProtectionStatus } from '../model/protectionStatus';
import { isActionAllowed } from '../model/vmActions';
import { asDate, asObjects, equalsIgnoreCase, lastPathSegment, readProp, readString } from '../model/wireValues';
import { formatDuration } from '../tree/presentCommon';
import type { DrillJob } from './drillServices';

/**
 * Why the VM cannot be drilled now, or undefined when it can: protected and replicating (kind
 * Protected: no test failover running or waiting for cleanup, no failover), replication health not
 * Critical (a Warning such as 161011 "No successful test failover has been done" is what a drill
 * clears, evidence §2, §4), and ASR's allowedOperations include TestFailover.
 */
export function drillRefusal(item: ReplicationProtectedItem | undefined): string | undefined {
  const status = deriveProtectionStatus(item);
  if (status.kind === 'NotProtected') return l10n.t('It is not protected.');
  if (status.kind === 'TestFailoverRunning' || status.kind === 'TestFailoverCleanupPending' || status.kind === 'TestFailoverCleaningUp') {
    return l10n.t('A test failover is already running or waits for cleanup ({0}). Clean it up first.', status.summary);
  }
  if (status.kind !== 'Protected') return l10n.t('It is not in a state that allows a test failover ({0}).', status.summary);
  if (status.health === 'Critical') return l10n.t('Its replication health is Critical. Fix replication first (see its health errors).');
  if (!isActionAllowed(item, 'testFailover')) return l10n.t('Azure Site Recovery does not allow a test failover of it now.');
  return undefined;
}

/** The job ended and ASR brought the test VM up: Succeeded/Completed (TestTFO.json, 2021) or Suspended/WaitingForStopTestFailover (spec example, docs): evidence §2, accept both. */
export function testFailoverSucceeded(job: DrillJob): boolean {
  const state = normalizeJobState(job.properties?.state);
  return state === 'Succeeded' || state === 'Suspended';
}

export function jobSucceeded(job: DrillJob): boolean {
  return normalizeJobState(job.properties?.state) === 'Succeeded';
}

/** The job's errors (its own, then its tasks'), with ASR's recommended action; one error naming the state when the job gives none. */
export function jobErrors(job: DrillJob, now: Date): DrillError[] {
  const summary = summarizeJob(job, now);
  const message = summary.errorMessage ?? l10n.t('The job {0} ended {1}.', summary.title, summary.stateDescription ?? summary.state);
  return [{ message, ...(summary.recommendedAction ? { recommendedAction: summary.recommendedAction.trim() } : {}) }];
}

/** An error thrown by a service (AzureOperationError carries ASR's code and recommended action). */
export function errorOf(e: unknown): DrillError {
  const message = e instanceof Error ? e.message : String(e);
  const code = readString(e, 'code');
  const action = readString(e, 'recommendedAction');
  return { message, ...(code ? { code } : {}), ...(action ? { recommendedAction: action } : {}) };
}

export interface TestFailoverFacts {
  testVmName?: string;
  recoveryPoint?: { id?: string; time: Date };
}

/**
 * The TFO job's customDetails (TestFailoverJobDetails) entry for the item, once the boot task has
 * ended (evidence §7, TestTFO.json: `"testVmName": "PowershellVm1-test"`, `"recoveryPointId":
 * "a3a86bef-…"` (a bare name), `"recoveryPointTime": "2021-03-24T14:24:04.9678544Z"`; earlier polls
 * have `"protectedItemDetails": []`). The entry whose name is the item's, else the only one.
 */
export function testFailoverFacts(job: DrillJob, itemName: string): TestFailoverFacts {
  const entries = asObjects(readProp(job.properties?.customDetails, 'protectedItemDetails')) ?? [];
  const entry = entries.find((e) => equalsIgnoreCase(readString(e, 'name'), itemName)) ?? (entries.length === 1 ? entries[0] : undefined);
  if (entry === undefined) return {};
  const time = asDate(readProp(entry, 'recoveryPointTime'));
  const pointId = readString(entry, 'recoveryPointId');
  const testVmName = readString(entry, 'testVmName');
  return { ...(testVmName ? { testVmName } : {}), ...(time ? { recoveryPoint: { ...(pointId ? { id: pointId } : {}), time } } : {}) };
}

/**
 * Where the test VM is: the job's testVmName, else `<recoveryAzureVmName>-test` (the recorded
 * pattern, evidence §7), in the resource group of the item's recoveryAzureResourceGroupId (UNVERIFIED
 * that the test VM lands there, evidence §7; docs/azure-fidelity.md).
 */
export function testVmLocation(item: ReplicationProtectedItem, fromJob: string | undefined): { name: string; resourceGroup: string } | undefined {
  const details = hyperVReplicaDetails(item);
  const name = fromJob ?? (details?.recoveryAzureVmName ? `${details.recoveryAzureVmName}-test` : undefined);
  const rgId = details?.recoveryAzureResourceGroupId;
  const resourceGroup = rgId ? lastPathSegment(rgId) : undefined;
  return name && resourceGroup ? { name, resourceGroup } : undefined;
}

/** The power state among the instance view's statuses: the code that starts with `PowerState/` (never assume statuses[1]; evidence §5). */
export function powerStateOf(codes: readonly string[]): string | undefined {
  return codes.find((c) => c.startsWith('PowerState/'));
}

export function isRunning(codes: readonly string[]): boolean {
  return equalsIgnoreCase(powerStateOf(codes), 'PowerState/running');
}

function seconds(ms: number): number {
  return Math.max(0, Math.round(ms / 1000));
}

/** RTO: job start → test VM first read running; RPO: job start − the recovery point's time (evidence §3). */
export function measured(vm: DrillVm): Pick<DrillVm, 'rtoSeconds' | 'rpoSeconds'> {
  const start = vm.startedAt?.getTime();
  return {
    ...(start !== undefined && vm.runningAt ? { rtoSeconds: seconds(vm.runningAt.getTime() - start) } : {}),
    ...(start !== undefined && vm.recoveryPoint ? { rpoSeconds: seconds(start - vm.recoveryPoint.time.getTime()) } : {}),
  };
}

/** The VM's result once its test failover ended: passed when its test VM ran, cancelled when the user cancelled before, else failed. */
export function resultOf(vm: DrillVm, cancelled: boolean): 'passed' | 'failed' | 'cancelled' {
  if (vm.runningAt) return 'passed';
  return cancelled && vm.errors.length === 0 ? 'cancelled' : 'failed';
}

/** The cleanup note kept with ASR's job: "DR drill <id>: passed, RTO 3 min 20 s, RPO 42 s". */
export function cleanupComment(drillId: string, vm: DrillVm, cancelled: boolean): string {
  const result = resultOf(vm, cancelled);
  const words = { passed: l10n.t('passed'), failed: l10n.t('failed'), cancelled: l10n.t('cancelled') }[result];
  const parts = [
    vm.rtoSeconds !== undefined ? l10n.t('RTO {0}', formatDuration(vm.rtoSeconds * 1000)) : undefined,
    vm.rpoSeconds !== undefined ? l10n.t('RPO {0}', formatDuration(vm.rpoSeconds * 1000)) : undefined,
  ].filter((p): p is string => p !== undefined);
  return l10n.t('DR drill {0}: {1}', drillId, [words, ...parts].join(', '));
}
