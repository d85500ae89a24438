// The words of a drill in flight and at its end (issue 15 §3): the status bar, the Jobs view and
// the notifications show the drill as one entry with its VMs. Pure, no vscode.

import * as l10n from '@vscode/l10n';
import type { DrillRecord, DrillVm } from '../model/drillRecord';
import { formatDuration } from '../tree/presentCommon';

export function endedCount(record: DrillRecord): number {
  return record.vms.filter((v) => v.state === 'passed' || v.state === 'failed' || v.state === 'cancelled').length;
}

/** "DR drill 1/3": the status bar's text and the Jobs view's entry. */
export function drillTitle(record: DrillRecord): string {
  return l10n.t('DR drill {0}/{1}', endedCount(record), record.vms.length);
}

/** Where the VM is in its drill. */
export function drillVmStep(vm: DrillVm): string {
  if (vm.state !== 'running') {
    return { pending: l10n.t('waiting'), passed: l10n.t('passed'), failed: l10n.t('failed'), cancelled: l10n.t('cancelled') }[vm.state];
  }
  if (vm.cleanupJobId) return l10n.t('cleaning up');
  if (vm.runningAt) return l10n.t('test VM running');
  return vm.testFailoverJobId ? l10n.t('test failover running') : l10n.t('starting test failover');
}

/** "web01 · passed · RTO 3 min 20 s · RPO 42 s". */
export function drillVmLine(vm: DrillVm): string {
  const parts = [vm.name, drillVmStep(vm)];
  if (vm.rtoSeconds !== undefined) parts.push(l10n.t('RTO {0}', formatDuration(vm.rtoSeconds * 1000)));
  if (vm.rpoSeconds !== undefined) parts.push(l10n.t('RPO {0}', formatDuration(vm.rpoSeconds * 1000)));
  return parts.join(' · ');
}

function worst(values: (number | undefined)[]): number | undefined {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length > 0 ? Math.max(...known) : undefined;
}

/** The end of a drill in one sentence: counts, worst RTO and RPO against the targets. */
export function drillSummary(record: DrillRecord): string {
  const count = (state: DrillVm['state']): number => record.vms.filter((v) => v.state === state).length;
  const parts = [l10n.t('{0} passed, {1} failed, {2} cancelled', count('passed'), count('failed'), count('cancelled'))];
  const rto = worst(record.vms.map((v) => v.rtoSeconds));
  const rpo = worst(record.vms.map((v) => v.rpoSeconds));
  if (rto !== undefined) parts.push(l10n.t('worst RTO {0} (target {1})', formatDuration(rto * 1000), formatDuration(record.rtoTargetSeconds * 1000)));
  if (rpo !== undefined) parts.push(l10n.t('worst RPO {0} (target {1})', formatDuration(rpo * 1000), formatDuration(record.rpoTargetSeconds * 1000)));
  return l10n.t('DR drill {0}: {1}.', record.id, parts.join('; '));
}

/** The errors of the drill, one line per VM error, with ASR's recommended action. */
export function drillErrorLines(record: DrillRecord): string[] {
  return record.vms.flatMap((vm) =>
    vm.errors.map((e) => (e.recommendedAction ? l10n.t('{0}: {1} What to do: {2}', vm.name, e.message, e.recommendedAction) : `${vm.name}: ${e.message}`)),
  );
}
