// A VM's tree item as plain data: icon, colour, badge, description, tooltip and contextValue from
// its ProtectionStatus and the facts the estate derived (src/estate/vmFacts.ts; never the protected
// item's wire fields). Pure: no vscode import.
//
// Badges (FileDecoration, 1–2 letters) so status never depends on colour alone:
//
// | Kind / overlay              | Badge | Icon                 | Colour             | Description (model summary)               |
// | --------------------------- | ----- | -------------------- | ------------------ | ----------------------------------------- |
// | NotProtected                | NP    | circle-large-outline | disabledForeground | Not protected                             |
// | EnablingProtection          | EP    | loading~spin         | charts.blue        | Enabling protection…                      |
// | Replicating                 | R     | sync~spin            | charts.blue        | Replicating 42%                           |
// | Protected                   | P     | pass-filled          | testing.iconPassed | Protected                                 |
// | TestFailoverRunning         | T     | loading~spin         | charts.purple      | Test failover running…                    |
// | TestFailoverCleanupPending  | TC    | beaker               | charts.yellow      | Test failover: cleanup pending            |
// | TestFailoverCleaningUp      | CU    | loading~spin         | charts.purple      | Cleaning up test failover…                |
// | FailingOver                 | F     | loading~spin         | charts.orange      | Failing over…                             |
// | FailoverCommitPending       | FC    | cloud-upload         | charts.yellow      | Failed over: commit pending               |
// | Committing                  | C     | loading~spin         | charts.orange      | Committing failover… / failback…          |
// | FailedOver                  | AZ    | cloud                | charts.blue        | Running in Azure                          |
// | FailingBack                 | FB    | loading~spin         | charts.orange      | Failing back…                             |
// | FailbackCommitPending       | BC    | cloud-download       | charts.yellow      | Failed back: commit pending               |
// | ReverseReplicationPending   | RR    | arrow-swap           | charts.yellow      | Failed back: reverse replication pending  |
// | DisablingProtection         | D     | loading~spin         | disabledForeground | Disabling protection…                     |
// | Error                       | E     | error                | errorForeground    | Error: <ASR's description>                |
// | Error: item unreadable      | E     | error                | errorForeground    | Could not read this item from Azure       |
// | + health Critical (overlay) | !     | error                | errorForeground    | (the kind's summary)                      |
// | + health Warning (overlay)  | kind  | warning              | charts.yellow      | (the kind's summary)                      |
// | + stale (overlay)           | kind  | kind                 | disabledForeground | summary + " (stale)"                      |
//
// The health overlays apply to settled kinds only (not NotProtected, not Error, not while an
// operation runs: then the running operation is what the user needs to see).

import type { ProtectionKind, ProtectionStatus } from '../model/protectionStatus';
import { isTransientKind } from '../model/protectionStatus';
import type { EstateVm } from '../estate';
import type { TreeItemModel } from './presentCommon';
import { blocks, escapeMarkdown, field, formatAge, formatInterval, lines, markdownLink, vmResourceUri } from './presentCommon';
import { strings } from './presentStrings';

export interface KindPresentation {
  badge: string;
  iconId: string;
  iconColorId: string;
}

/** Icon, colour and badge letters of every kind (the table above). */
export const kindPresentation: Readonly<Record<ProtectionKind, KindPresentation>> = {
  NotProtected: { badge: 'NP', iconId: 'circle-large-outline', iconColorId: 'disabledForeground' },
  EnablingProtection: { badge: 'EP', iconId: 'loading~spin', iconColorId: 'charts.blue' },
  Replicating: { badge: 'R', iconId: 'sync~spin', iconColorId: 'charts.blue' },
  Protected: { badge: 'P', iconId: 'pass-filled', iconColorId: 'testing.iconPassed' },
  TestFailoverRunning: { badge: 'T', iconId: 'loading~spin', iconColorId: 'charts.purple' },
  TestFailoverCleanupPending: { badge: 'TC', iconId: 'beaker', iconColorId: 'charts.yellow' },
  TestFailoverCleaningUp: { badge: 'CU', iconId: 'loading~spin', iconColorId: 'charts.purple' },
  FailingOver: { badge: 'F', iconId: 'loading~spin', iconColorId: 'charts.orange' },
  FailoverCommitPending: { badge: 'FC', iconId: 'cloud-upload', iconColorId: 'charts.yellow' },
  Committing: { badge: 'C', iconId: 'loading~spin', iconColorId: 'charts.orange' },
  FailedOver: { badge: 'AZ', iconId: 'cloud', iconColorId: 'charts.blue' },
  FailingBack: { badge: 'FB', iconId: 'loading~spin', iconColorId: 'charts.orange' },
  FailbackCommitPending: { badge: 'BC', iconId: 'cloud-download', iconColorId: 'charts.yellow' },
  ReverseReplicationPending: { badge: 'RR', iconId: 'arrow-swap', iconColorId: 'charts.yellow' },
  DisablingProtection: { badge: 'D', iconId: 'loading~spin', iconColorId: 'disabledForeground' },
  Error: { badge: 'E', iconId: 'error', iconColorId: 'errorForeground' },
};

export const criticalOverlay: KindPresentation = { badge: '!', iconId: 'error', iconColorId: 'errorForeground' };
export const warningOverlay: Omit<KindPresentation, 'badge'> = { iconId: 'warning', iconColorId: 'charts.yellow' };
export const STALE_COLOR_ID = 'disabledForeground';

/** Kinds in which the VM runs in Azure (the Open in Azure portal menu and link). */
export const runningInAzureKinds: readonly ProtectionKind[] = ['FailoverCommitPending', 'FailedOver'];

export function isRunningInAzure(kind: ProtectionKind): boolean {
  return runningInAzureKinds.includes(kind);
}

/** Policy age check: a recovery point older than this many intervals is late. */
export const LATE_RECOVERY_POINT_INTERVALS = 2;

export interface VmPresentationContext {
  now: Date;
  /** The replication policy's interval (replicationInterval, seconds), when known. */
  policyIntervalSeconds?: number;
  /** ARM id → portal URL for the configured cloud (portalUrlForResource). */
  portalUrl?: (armId: string) => string;
}

function overlaysApply(status: ProtectionStatus): boolean {
  return status.kind !== 'NotProtected' && status.kind !== 'Error' && !isTransientKind(status.kind);
}

/** Badge letters, icon and colour of a status (before the stale overlay). */
export function statusPresentation(status: ProtectionStatus): KindPresentation {
  const base = kindPresentation[status.kind];
  if (overlaysApply(status)) {
    if (status.health === 'Critical') {
      return criticalOverlay;
    }
    if (status.health === 'Warning') {
      return { badge: base.badge, ...warningOverlay };
    }
  }
  return base;
}

function badgeTooltip(status: ProtectionStatus): string {
  const text = strings.vm.badgeTooltip[status.kind];
  if (overlaysApply(status)) {
    if (status.health === 'Critical') {
      return strings.vm.badgeCritical(text);
    }
    if (status.health === 'Warning') {
      return strings.vm.badgeWarning(text);
    }
  }
  return text;
}

/** The ARM id of the VM a failover creates in Azure (src/estate/vmFacts.ts), when ASR names it. */
export function recoveryAzureVmId(vm: Pick<EstateVm, 'protection'>): string | undefined {
  return vm.protection?.azureVm?.id;
}

function recoveryPointLine(vm: EstateVm, ctx: VmPresentationContext): string {
  const last = vm.protection?.lastRecoveryPoint;
  const s = strings.vm;
  if (last === undefined) {
    return field(s.lastRecoveryPoint, s.noRecoveryPoint);
  }
  const age = formatAge(last, ctx.now);
  const interval = ctx.policyIntervalSeconds;
  if (interval === undefined || !(interval > 0)) {
    return field(s.lastRecoveryPoint, age);
  }
  const ageSeconds = (ctx.now.getTime() - last.getTime()) / 1000;
  const every = formatInterval(interval);
  const late = ageSeconds > interval * LATE_RECOVERY_POINT_INTERVALS;
  return field(s.lastRecoveryPoint, late ? `${age}${s.policyLate(every)}` : `${age} ${s.policyOk(every)}`);
}

function healthBlock(status: ProtectionStatus): string {
  const s = strings.vm;
  const head = field(s.health, s.healthText[status.health]);
  if (status.healthErrors.length === 0) {
    return head;
  }
  const items = status.healthErrors.map((e) => {
    const title = e.summaryMessage || e.errorMessage || e.errorCode || s.healthErrors;
    const parts = [`**${escapeMarkdown(title)}**`];
    if (e.errorCode) {
      parts[0] += ` (${escapeMarkdown(s.errorCode(e.errorCode))})`;
    }
    if (e.errorMessage && e.errorMessage !== title) {
      parts.push(escapeMarkdown(e.errorMessage));
    }
    if (e.possibleCauses) {
      parts.push(`*${escapeMarkdown(s.possibleCauses)}:* ${escapeMarkdown(e.possibleCauses)}`);
    }
    if (e.recommendedAction) {
      parts.push(`*${escapeMarkdown(s.recommendedAction)}:* ${escapeMarkdown(e.recommendedAction)}`);
    }
    return `- ${parts.join(' ')}`;
  });
  return `${head}\n\n${escapeMarkdown(s.healthErrors)}:\n\n${items.join('\n')}`;
}

function targetLine(vm: EstateVm): string | undefined {
  const azureVm = vm.protection?.azureVm;
  if (azureVm === undefined) {
    return undefined;
  }
  const s = strings.vm;
  let text = `**${escapeMarkdown(s.target)}:** ${escapeMarkdown(azureVm.name)}`;
  if (azureVm.size) {
    text += ` ${escapeMarkdown(s.targetSize(azureVm.size))}`;
  }
  if (azureVm.resourceGroup !== undefined) {
    text += `, ${escapeMarkdown(s.targetResourceGroup)} ${escapeMarkdown(azureVm.resourceGroup)}`;
  }
  return text;
}

/** The portal link of the VM in Azure, for a VM that runs there. */
export function portalLinkFor(vm: EstateVm, ctx: Pick<VmPresentationContext, 'portalUrl'>): string | undefined {
  if (ctx.portalUrl === undefined || !isRunningInAzure(vm.status.kind)) {
    return undefined;
  }
  const id = recoveryAzureVmId(vm);
  return id === undefined ? undefined : ctx.portalUrl(id);
}

function vmTooltip(vm: EstateVm, ctx: VmPresentationContext): string {
  const s = strings.vm;
  const status = vm.status;
  const head = `**${escapeMarkdown(vm.name)}**${strings.common.separator}${escapeMarkdown(status.summary)}`;
  const power = field(s.powerState, vm.inventory?.state || s.powerStateUnknown);
  const staleNote = vm.stale ? `*${escapeMarkdown(s.staleNote)}*` : undefined;
  if (vm.unreadable !== undefined) {
    // Azure's item could not be read (issue 12): what is wrong with it, and nothing derived from it.
    return blocks([head, power, escapeMarkdown(strings.unreadable.detail(vm.unreadable)), staleNote]);
  }
  if (vm.protection === undefined) {
    return blocks([head, power, escapeMarkdown(s.notProtected), staleNote]);
  }
  const stateLines = [power];
  if (status.detail && status.detail !== status.summary) {
    stateLines.push(field(s.asrState, status.detail));
  }
  if (status.runningJobId) {
    stateLines.push(field(s.runningJob, status.runningJobId));
  }
  const replication = [recoveryPointLine(vm, ctx)];
  const target = targetLine(vm);
  if (target !== undefined) {
    replication.push(target);
  }
  const url = portalLinkFor(vm, ctx);
  const link = url === undefined ? undefined : markdownLink(s.openInPortal, url);
  const azure = isRunningInAzure(status.kind) ? escapeMarkdown(s.failedOverNote) : undefined;
  return blocks([head, lines(stateLines), healthBlock(status), lines(replication), azure, link, staleNote]);
}

/** The tree item of a VM. */
export function presentVm(vm: EstateVm, ctx: VmPresentationContext): TreeItemModel {
  const p = statusPresentation(vm.status);
  const colorId = vm.stale ? STALE_COLOR_ID : p.iconColorId;
  return {
    id: `vm:${vm.key}`,
    label: vm.name,
    description: vm.stale ? `${vm.status.summary}${strings.vm.stale}` : vm.status.summary,
    iconId: p.iconId,
    iconColorId: colorId,
    badge: { letters: p.badge, tooltip: badgeTooltip(vm.status), colorId },
    tooltip: vmTooltip(vm, ctx),
    contextValue: vm.contextValue,
    collapsible: 'none',
    resourceUri: vmResourceUri(vm.vmId),
  };
}
