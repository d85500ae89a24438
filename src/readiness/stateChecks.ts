// The readiness checks that judge what ASR says of the VM itself (issue 15 §2): replication healthy,
// RPO within target, last drill recent. Pure; each returns a ReadinessCheck naming its evidence
// and what to do. Field meanings: docs/evidence/recovery-confidence.md §1, §2, §4.

import * as l10n from '@vscode/l10n';
import type { EstateVm } from '../estate/types';
import type { ReadinessCheck } from '../model/readiness';
import { drillFacts, rpoAboveTarget } from '../model/recoveryFacts';
import { formatDuration, formatUtc } from '../tree/presentCommon';

/** A health error's recommended action as one line: ASR's text may hold "\n" and numbered lines (evidence §4). */
export function oneLine(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .join(' ');
}

/**
 * Replication healthy: the item's replicationHealth is Normal. Warning or Critical fails, with
 * ASR's health errors (code, message) as evidence and their recommendedAction as what to do. A
 * Normal item may still carry warnings (161011 "No successful test failover…", TestFailover.json
 * entry 1, with "replicationHealth": "Normal"): the drill check covers that one.
 */
export function replicationHealthCheck(vm: Pick<EstateVm, 'status'>): ReadinessCheck {
  const { health, healthErrors } = vm.status;
  const errors = healthErrors.map((e) => `${e.errorCode ?? '?'}: ${oneLine(e.errorMessage ?? e.summaryMessage ?? '')}`.trim());
  const evidence =
    errors.length > 0
      ? l10n.t('Protected item: replicationHealth {0}; health errors: {1}', health, errors.join('; '))
      : l10n.t('Protected item: replicationHealth {0}, no health errors', health);
  if (health === 'Normal') {
    return { id: 'replicationHealth', outcome: 'passed', summary: l10n.t('Replication is healthy.'), evidence };
  }
  const actions = [...new Set(healthErrors.map((e) => (e.recommendedAction ? oneLine(e.recommendedAction) : '')).filter((a) => a.length > 0))];
  return {
    id: 'replicationHealth',
    outcome: 'failed',
    summary: l10n.t('Replication health is {0}.', health),
    evidence,
    action:
      actions.length > 0 ? actions.join(' ') : l10n.t("Open the VM's health errors in the Azure portal (Replicated items) and follow Azure Site Recovery's recommended action."),
  };
}

/**
 * RPO within target: the RPO as of the read of the item (read time − lastRecoveryPointReceived,
 * model/recoveryFacts.ts) against the target. ASR raises no H2A health error for a large RPO
 * (evidence §1: a 5.5 h RPO left replicationHealth "Normal"), so the extension judges it.
 */
export function rpoCheck(vm: Pick<EstateVm, 'recovery'>, targetSeconds: number): ReadinessCheck {
  const r = vm.recovery;
  const target = formatDuration(targetSeconds * 1000);
  if (r === undefined) {
    return {
      id: 'rpo',
      outcome: 'unknown',
      summary: l10n.t('No RPO yet: the VM has no recovery point (initial replication) or is failed over.'),
      evidence: l10n.t('Protected item: no lastRecoveryPointReceived or lastReplicatedTime'),
      action: l10n.t('Wait for initial replication to complete, then check again.'),
    };
  }
  const rpo = formatDuration(r.rpoSeconds * 1000);
  const evidence = l10n.t('Protected item read {0}: lastRecoveryPointReceived {1}', formatUtc(r.readAt), formatUtc(r.lastRecoveryPoint));
  if (!rpoAboveTarget(r, targetSeconds)) {
    return { id: 'rpo', outcome: 'passed', summary: l10n.t('RPO {0}, target {1}.', rpo, target), evidence };
  }
  return {
    id: 'rpo',
    outcome: 'failed',
    summary: l10n.t('RPO {0} is above the target {1}.', rpo, target),
    evidence,
    action: l10n.t(
      "Check that the Hyper-V host is connected and can reach Azure on port 443, and that the VM's data change rate is within Azure Site Recovery's limits; a failover now would lose {0} of data.",
      rpo,
    ),
  };
}

/**
 * Last drill recent: the item's lastSuccessfulTestFailoverTime within
 * azureSiteRecovery.drills.intervalDays (model/recoveryFacts.ts drillFacts; absent = never drilled).
 */
export function drillCheck(vm: Pick<EstateVm, 'protection'>, now: Date, intervalDays: number): ReadinessCheck {
  const d = drillFacts(vm.protection?.lastTestFailover, now, intervalDays);
  const action = l10n.t('Run a DR drill (test failover, then clean it up) on the VM.');
  if (d.lastDrill === undefined) {
    return {
      id: 'drill',
      outcome: 'failed',
      summary: l10n.t('Never drilled: no successful test failover.'),
      evidence: l10n.t('Protected item: no lastSuccessfulTestFailoverTime'),
      action,
    };
  }
  const evidence = l10n.t('Protected item: lastSuccessfulTestFailoverTime {0}', formatUtc(d.lastDrill));
  const days = d.daysSince ?? 0;
  if (!d.due) return { id: 'drill', outcome: 'passed', summary: l10n.t('Last drill {0} days ago (every {1} days).', days, intervalDays), evidence };
  return { id: 'drill', outcome: 'failed', summary: l10n.t('Last drill {0} days ago: due every {1} days.', days, intervalDays), evidence, action };
}
