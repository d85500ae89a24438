// The tree items as plain data (DESIGN.md section 2: "a pure function turns a VM's state into
// label, description, icon id, colour id, badge, tooltip and contextValue; tree/ only wraps that
// in vscode.TreeItem"). Pure: no vscode import, unit-tested without VS Code.
//
// The pieces live in present*.ts; this module is the one to import from. Badge and icon tables
// are in presentVm.ts (VMs), presentHost.ts (hosts) and presentJobs.ts (jobs).

import type { TreeItemModel } from './presentCommon';
import { escapeMarkdown, withoutActionTokens } from './presentCommon';
import { DESCRIPTION_MAX, short } from './presentShort';

export type { CommandId, CommandName, TreeItemModel } from './presentCommon';
export {
  VM_URI_SCHEME,
  actionCommandId,
  actionForCommandId,
  commandIds,
  contextKeys,
  escapeMarkdown,
  formatAge,
  formatDuration,
  formatInterval,
  markdownLink,
  splitTokens,
  viewIds,
  vmIdFromResourceUri,
  vmResourceUri,
  withoutActionTokens,
} from './presentCommon';
export type { KindPresentation, VmPresentationContext } from './presentVm';
export {
  LATE_RECOVERY_POINT_INTERVALS,
  criticalOverlay,
  isRunningInAzure,
  kindPresentation,
  portalLinkFor,
  presentVm,
  recoveryAzureVmId,
  runningInAzureKinds,
  statusPresentation,
  warningOverlay,
} from './presentVm';
export type { HostNote, SiteInfo, VaultInfo } from './presentHost';
export { hostContextTokens, hostNotes, presentHost, presentMessage, presentSite, presentVault } from './presentHost';
export { jobContextTokens, jobStateLook, jobStateToken, presentJob, presentJobTask } from './presentJobs';
export { strings } from './presentStrings';

/** The contextValue token added to an item while a transient state is shown. */
export const TRANSIENT_TOKEN = 'transient';

/**
 * The item while an operation it started is being submitted ("Starting test failover…"): the
 * text as description, a spinner, the same id, and a contextValue without action tokens (so no
 * action menu shows meanwhile) plus TRANSIENT_TOKEN. Label, badge and resourceUri stay.
 */
export function withTransient(model: TreeItemModel, text: string): TreeItemModel {
  const tokens = withoutActionTokens(model.contextValue)
    .split(';')
    .filter((t) => t.length > 0 && t !== TRANSIENT_TOKEN);
  const result: TreeItemModel = {
    ...model,
    // "Starting test failover…" does not fit beside the name: "Starting…", the full text first on hover.
    description: text.length <= DESCRIPTION_MAX ? text : short.starting,
    iconId: 'loading~spin',
    tooltip: `*${escapeMarkdown(text)}*\n\n${model.tooltip}`,
    contextValue: [...tokens, TRANSIENT_TOKEN].join(';'),
  };
  delete result.iconColorId;
  return result;
}
