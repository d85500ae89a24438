// The readiness report (issue 15 §2): a read-only Markdown document listing each not-ready VM's
// failed checks with their evidence and what to do, and the summary line of the notification.
// Pure; user data (names, Azure's texts) is escaped.

import * as l10n from '@vscode/l10n';
import { allVms } from '../estate/diff';
import type { EstateSnapshot } from '../estate/types';
import { readinessIssueCount, type ReadinessCheck, type ReadinessCheckId, type VmReadiness } from '../model/readiness';
import { escapeMarkdown, formatUtc } from '../tree/presentCommon';

/** "n of m protected VMs not ready". */
export function readinessSummary(results: readonly VmReadiness[]): string {
  const notReady = results.filter((r) => readinessIssueCount(r) > 0).length;
  return l10n.t('{0} of {1} protected VMs not ready', notReady, results.length);
}

/** "Not ready (n issues)". */
export function notReadyText(issues: number): string {
  return issues === 1 ? l10n.t('Not ready (1 issue)') : l10n.t('Not ready ({0} issues)', issues);
}

/** The tooltip and report name of each check. */
const checkTitles = (): Record<ReadinessCheckId, string> => ({
  replicationHealth: l10n.t('Replication health'),
  rpo: l10n.t('RPO within target'),
  resourceGroup: l10n.t('Target resource group'),
  network: l10n.t('Target network'),
  subnet: l10n.t('Target subnet'),
  storageAccount: l10n.t('Target storage'),
  vmSize: l10n.t('Target size offered'),
  vcpuQuota: l10n.t('vCPU quota'),
  staticIp: l10n.t('Static IP free'),
  drill: l10n.t('Last drill recent'),
});

export function checkTitle(check: Pick<ReadinessCheck, 'id'>): string {
  return checkTitles()[check.id];
}

function checkLines(c: ReadinessCheck): string[] {
  const out = [`- **${escapeMarkdown(checkTitle(c))}**: ${escapeMarkdown(c.summary)}`, `  - ${l10n.t('Evidence')}: ${escapeMarkdown(c.evidence)}`];
  if (c.action) out.push(`  - ${l10n.t('What to do')}: ${escapeMarkdown(c.action)}`);
  return out;
}

/** The Markdown document of a run: not-ready VMs first (most issues first), with their failed and unknown checks. */
export function readinessMarkdown(results: readonly VmReadiness[], snapshot: EstateSnapshot | undefined, checkedAt: Date): string {
  const vms = new Map((snapshot ? allVms(snapshot) : []).map((vm) => [vm.key, vm]));
  const hosts = new Map((snapshot?.hosts ?? []).map((h) => [h.key, h.name]));
  const lines = [`# ${l10n.t('Failover readiness')}`, '', `${escapeMarkdown(readinessSummary(results))} — ${l10n.t('checked {0}', formatUtc(checkedAt))}`, ''];
  const notReady = results.filter((r) => readinessIssueCount(r) > 0).sort((a, b) => readinessIssueCount(b) - readinessIssueCount(a));
  if (notReady.length === 0) lines.push(l10n.t('Every protected VM is ready: no check failed.'), '');
  for (const r of notReady) {
    const vm = vms.get(r.vmKey);
    const host = vm ? hosts.get(vm.hostKey) : undefined;
    const name = vm?.name ?? r.vmKey;
    lines.push(`## ${escapeMarkdown(name)}${host ? ` (${escapeMarkdown(host)})` : ''}`, '', notReadyText(readinessIssueCount(r)), '');
    for (const c of r.checks.filter((x) => x.outcome === 'failed')) lines.push(...checkLines(c));
    const unknown = r.checks.filter((x) => x.outcome === 'unknown');
    if (unknown.length > 0) {
      lines.push('', `${l10n.t('Could not be checked')}:`);
      for (const c of unknown) lines.push(...checkLines(c));
    }
    lines.push('');
  }
  return lines.join('\n');
}
