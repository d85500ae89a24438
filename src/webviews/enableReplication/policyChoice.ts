// The replication policy the form asks for (the policy page): its default settings, their
// problems, and the decision to reuse a policy of the vault with the same settings or create one
// with a name that says them. Pure: no vscode and no SDK client.

import * as l10n from '@vscode/l10n';
import type { Policy } from '@azure/arm-recoveryservices-siterecovery';
import {
  findMatchingPolicy,
  MAX_APP_CONSISTENT_FREQUENCY_HOURS,
  MAX_RECOVERY_POINT_HISTORY_HOURS,
  REPLICATION_INTERVALS_SECONDS,
  validatePolicySettings,
  type HyperVPolicySettings,
  type ReplicationIntervalSeconds,
} from '../../services/azure/policies';
import type { PolicyDecision } from '../../flows/enableReplicationPlan';
import type { EnableReplicationForm } from './form';

export const defaultPolicy = { frequency: 300 as ReplicationIntervalSeconds, retentionHours: '2', appConsistentHours: '1' };

export interface PolicyProblems {
  frequency?: string;
  retentionHours?: string;
  appConsistentHours?: string;
}

function wholeHours(text: string): number | undefined {
  const t = text.trim();
  return /^\d{1,3}$/.test(t) ? Number(t) : undefined;
}

/** The policy settings the form asks for, or the problems of each field. */
export function policySettings(form: EnableReplicationForm): { settings?: HyperVPolicySettings; problems: PolicyProblems } {
  const problems: PolicyProblems = {};
  const retention = wholeHours(form.retentionHours);
  const app = wholeHours(form.appConsistentHours);
  if (retention === undefined) problems.retentionHours = l10n.t('Enter a whole number of hours from 0 to {0}.', MAX_RECOVERY_POINT_HISTORY_HOURS);
  if (app === undefined) problems.appConsistentHours = l10n.t('Enter a whole number of hours from 0 (off) to {0}.', MAX_APP_CONSISTENT_FREQUENCY_HOURS);
  if (!(REPLICATION_INTERVALS_SECONDS as readonly number[]).includes(form.frequency)) problems.frequency = l10n.t('Choose 30 seconds, 5 minutes or 15 minutes.');
  if (retention === undefined || app === undefined || problems.frequency !== undefined) return { problems };
  const settings: HyperVPolicySettings = {
    replicationIntervalSeconds: form.frequency,
    recoveryPointHistoryHours: retention,
    appConsistentFrequencyHours: app,
    ...(form.storageAccountId !== '' ? { storageAccountId: form.storageAccountId } : {}),
  };
  for (const p of validatePolicySettings(settings)) {
    if (/^The replication frequency/.test(p)) problems.frequency ??= p;
    else if (/^Recovery point retention/.test(p)) problems.retentionHours ??= p;
    else if (/^App-consistent/.test(p)) problems.appConsistentHours ??= p;
  }
  return problems.frequency || problems.retentionHours || problems.appConsistentHours ? { problems } : { settings, problems };
}

export function frequencyLabel(seconds: number): string {
  return seconds < 60 ? l10n.t('{0} seconds', seconds) : l10n.t('{0} minutes', seconds / 60);
}

/** A name for a new policy that says its settings, unique among the vault's policies. */
export function newPolicyName(settings: HyperVPolicySettings, existing: readonly Policy[]): string {
  const f = settings.replicationIntervalSeconds < 60 ? `${settings.replicationIntervalSeconds}s` : `${settings.replicationIntervalSeconds / 60}min`;
  const base = `HyperV-${f}-${settings.recoveryPointHistoryHours}h-${settings.appConsistentFrequencyHours}h`;
  const taken = new Set(existing.map((p) => (p.name ?? '').toLowerCase()));
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}-${i}`;
  return name;
}

/** Reuse an existing policy with the same settings (findMatchingPolicy), else create one. */
export function policyDecision(settings: HyperVPolicySettings, policies: readonly Policy[]): PolicyDecision {
  const match = findMatchingPolicy(policies, settings);
  if (match?.id && match.name) return { kind: 'reuse', name: match.name, settings };
  return { kind: 'create', name: newPolicyName(settings, policies), settings };
}

export function policyDecisionText(d: PolicyDecision): string {
  return d.kind === 'reuse'
    ? l10n.t('The existing replication policy "{0}" has these settings: it will be reused.', d.name)
    : l10n.t('No replication policy of the vault has these settings: a new policy "{0}" will be created.', d.name);
}
