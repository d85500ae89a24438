// The words of a drill report (issue 15 §4), shared by its Markdown and HTML renderings so both
// say the same. Pure, no vscode: l10n.t from @vscode/l10n.

import * as l10n from '@vscode/l10n';
import type { DrillVm } from '../../model/drillRecord';
import type { ReadinessCheckId, ReadinessOutcome } from '../../model/readiness';
import type { DrillOutcome, WorstFigure } from './reportFacts';
import { formatSeconds } from './reportFacts';

/** A VM's result (or its state, for a record read before it ended). */
export function vmResultText(state: DrillVm['state']): string {
  if (state === 'passed' || state === 'failed') return outcomeText(state);
  if (state === 'cancelled') return l10n.t('Cancelled');
  return state === 'running' ? l10n.t('Running') : l10n.t('Pending');
}

export function drillOutcomeText(outcome: DrillOutcome): string {
  if (outcome === 'passed') return l10n.t('Passed: every VM was recovered');
  if (outcome === 'failed') return l10n.t('Failed: at least one VM could not be recovered');
  return outcome === 'cancelled' ? l10n.t('Cancelled by the user') : l10n.t('Not finished');
}

export function cleanupText(cleanedUp: boolean | undefined): string {
  if (cleanedUp === true) return l10n.t('Cleaned up');
  if (cleanedUp === false) return l10n.t('Cleanup failed: clean up the test failover in the vault');
  return l10n.t('Not attempted');
}

export function checkName(id: ReadinessCheckId): string {
  const names: Record<ReadinessCheckId, () => string> = {
    replicationHealth: () => l10n.t('Replication health'),
    rpo: () => l10n.t('RPO within target'),
    resourceGroup: () => l10n.t('Target resource group'),
    network: () => l10n.t('Target network'),
    subnet: () => l10n.t('Target subnet'),
    storageAccount: () => l10n.t('Storage account'),
    vmSize: () => l10n.t('VM size offered'),
    vcpuQuota: () => l10n.t('vCPU quota'),
    staticIp: () => l10n.t('Static IP free'),
    drill: () => l10n.t('Recent drill'),
  };
  return names[id]();
}

export function outcomeText(outcome: ReadinessOutcome): string {
  if (outcome === 'passed') return l10n.t('Passed');
  if (outcome === 'failed') return l10n.t('Failed');
  return l10n.t('Unknown');
}

/** An RTO or RPO figure against its target: "4 min 12 s (target 30 min)" or "… above the target …". */
export function figureText(seconds: number | undefined, targetSeconds: number): string {
  if (seconds === undefined) return l10n.t('not measured');
  const value = formatSeconds(seconds);
  const target = formatSeconds(targetSeconds);
  return seconds > targetSeconds ? l10n.t('{0}, above the target of {1}', value, target) : l10n.t('{0}, within the target of {1}', value, target);
}

/** The worst RTO or RPO of a drill: "41 min (vm01), above the target of 30 min". */
export function worstText(figure: WorstFigure | undefined): string {
  if (figure === undefined) return l10n.t('not measured');
  return l10n.t('{0} ({1})', figureText(figure.seconds, figure.targetSeconds), figure.vmName);
}

export function productionNetworkText(confirmed: boolean): string {
  return confirmed ? l10n.t('Yes: the user confirmed drilling into a production network') : l10n.t('No');
}

/** The headings, labels and sentences of the report. */
export function reportLabels() {
  return {
    title: (vaultName: string): string => l10n.t('DR drill report: {0}', vaultName),
    drill: l10n.t('Drill'),
    vault: l10n.t('Vault'),
    started: l10n.t('Started'),
    ended: l10n.t('Ended'),
    notEnded: l10n.t('not ended'),
    result: l10n.t('Result'),
    summary: l10n.t('Summary'),
    vmsDrilled: l10n.t('VMs drilled'),
    passed: l10n.t('Passed'),
    failed: l10n.t('Failed'),
    cancelled: l10n.t('Cancelled'),
    unfinished: l10n.t('Not finished'),
    cleanupFailed: l10n.t('Cleanups failed'),
    worstRto: l10n.t('Worst RTO (start of the test failover to the test VM running)'),
    worstRpo: l10n.t('Worst RPO (age of the recovery point used)'),
    testNetwork: l10n.t('Test network'),
    productionNetwork: l10n.t('Production network used'),
    vms: l10n.t('Virtual machines'),
    vm: l10n.t('VM'),
    host: l10n.t('Host'),
    recoveryPoint: l10n.t('Recovery point'),
    rpo: l10n.t('RPO'),
    rto: l10n.t('RTO'),
    testVm: l10n.t('Test VM'),
    cleanup: l10n.t('Cleanup'),
    none: l10n.t('none'),
    pointText: (time: string, id: string | undefined): string => (id !== undefined ? l10n.t('{0} (id {1})', time, id) : time),
    errors: l10n.t('Errors and recommended actions'),
    noErrors: l10n.t('No VM met an error.'),
    recommendedAction: l10n.t('Recommended action'),
    readiness: l10n.t('Readiness at drill time'),
    check: l10n.t('Check'),
    outcome: l10n.t('Outcome'),
    checkSummary: l10n.t('Finding'),
    evidence: l10n.t('Evidence'),
    action: l10n.t('Action'),
    noReadiness: l10n.t('No readiness check was recorded for this VM.'),
    history: l10n.t('Earlier drills of these VMs'),
    date: l10n.t('Date'),
    noHistory: l10n.t('No earlier drill of these VMs is in the drill history.'),
    olderOmitted: (n: number): string => (n === 1 ? l10n.t('1 older drill is not shown.') : l10n.t('{0} older drills are not shown.', n)),
    rtoChart: (target: string): string => l10n.t('RTO per VM against the target of {0}', target),
    /** A chart bar's title: "web01: 4 min 12 s, within the target of 30 min", "2026-12-05T10:00:00+01:00: Passed 2". */
    barTitle: (what: string, figure: string): string => l10n.t('{0}: {1}', what, figure),
    countTitle: (date: string, result: string, n: number): string => l10n.t('{0}: {1} {2}', date, result, n),
    resultsChart: l10n.t('Drill results over time'),
    noRtoMeasured: l10n.t('No VM reached running: no RTO was measured.'),
    target: l10n.t('target'),
  };
}
