// Readiness in the Protection view (issue 15 §2): a VM's tooltip section "Ready" / "Not ready
// (n issues)" with its failed checks, its badge beside the protection badge, and the count of
// not-ready VMs on host and vault rows. Pure (the readiness comes in); user data escaped.

import * as l10n from '@vscode/l10n';
import { readinessIssueCount, type ReadinessSource, type VmReadiness } from '../model/readiness';
import type { TreeItemModel } from '../tree/presentCommon';
import { escapeMarkdown, formatUtc } from '../tree/presentCommon';
import { checkTitle, notReadyText } from './readinessReport';

/** The tooltip section of a VM's readiness (Markdown); undefined when it was not checked. */
export function readinessTooltip(r: VmReadiness | undefined): string | undefined {
  if (r === undefined) return undefined;
  const issues = readinessIssueCount(r);
  const checked = escapeMarkdown(l10n.t('checked {0}', formatUtc(r.checkedAt)));
  if (issues === 0) return `**${escapeMarkdown(l10n.t('Ready'))}** (${checked})`;
  const lines = r.checks.filter((c) => c.outcome === 'failed').map((c) => `- ${escapeMarkdown(checkTitle(c))}: ${escapeMarkdown(c.summary)}`);
  return [`**${escapeMarkdown(notReadyText(issues))}** (${checked})`, '', ...lines].join('\n');
}

/** A VM's tree item with its readiness section at the end of the tooltip. */
export function withReadiness(model: TreeItemModel, r: VmReadiness | undefined): TreeItemModel {
  const section = readinessTooltip(r);
  return section === undefined ? model : { ...model, tooltip: `${model.tooltip}\n\n---\n\n${section}` };
}

/** The readiness badge: "NR" (not ready) with the issue count; undefined when ready or not checked. */
export function readinessBadge(r: VmReadiness | undefined): { letters: string; tooltip: string } | undefined {
  const issues = r === undefined ? 0 : readinessIssueCount(r);
  return issues > 0 ? { letters: 'NR', tooltip: notReadyText(issues) } : undefined;
}

/** "3 not ready" for these VMs (a host's, or the vault's); undefined when none is. */
export function notReadyCountText(vmKeys: Iterable<string>, source: ReadinessSource): string | undefined {
  let n = 0;
  for (const key of vmKeys) {
    const r = source.get(key);
    if (r !== undefined && readinessIssueCount(r) > 0) n++;
  }
  return n > 0 ? l10n.t('{0} not ready', n) : undefined;
}
