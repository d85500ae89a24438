// A VM's tree item as plain data: icon, colour, badge, description, tooltip and contextValue from
// its ProtectionStatus and the facts the estate derived (src/estate/vmFacts.ts; never the protected
// item's wire fields). Pure: no vscode import.
//
// Badges (FileDecoration, 1–2 letters, no colour) so status never depends on colour alone. Colour
// goes on the icon only, as in the Azure Resources view: a decoration's colour would paint the
// whole label. Descriptions are short (src/tree/presentShort.ts); the tooltip's first line says it
// in full (the model's summary, e.g. "Test failover: cleanup pending").
//
// | Kind / overlay              | Badge | Icon                 | Icon colour        | Description          |
// | --------------------------- | ----- | -------------------- | ------------------ | -------------------- |
// | NotProtected                | NP    | circle-large-outline | disabledForeground | Not protected        |
// | + cannot be protected       | NS    | circle-slash         | (none)             | Not supported        |
// | ProtectionUnknown           | ?     | question             | (none)             | Protection unknown   |
// | EnablingProtection          | EP    | loading~spin         | charts.blue        | Enabling…            |
// | Replicating                 | R     | sync~spin            | charts.blue        | Replicating 42%      |
// | Protected                   | P     | pass-filled          | testing.iconPassed | Protected            |
// | TestFailoverRunning         | T     | loading~spin         | charts.purple      | Test failover…       |
// | TestFailoverCleanupPending  | TC    | beaker               | charts.yellow      | Cleanup pending      |
// | TestFailoverCleaningUp      | CU    | loading~spin         | charts.purple      | Cleaning up…         |
// | FailingOver                 | F     | loading~spin         | charts.orange      | Failing over…        |
// | FailoverCommitPending       | FC    | cloud-upload         | charts.yellow      | Commit pending       |
// | Committing                  | C     | loading~spin         | charts.orange      | Committing failover… |
// | FailedOver                  | AZ    | cloud                | charts.blue        | In Azure             |
// | FailingBack                 | FB    | loading~spin         | charts.orange      | Failing back…        |
// | FailbackCommitPending       | BC    | cloud-download       | charts.yellow      | Commit failback      |
// | ReverseReplicationPending   | RR    | arrow-swap           | charts.yellow      | Reprotect pending    |
// | DisablingProtection         | D     | loading~spin         | disabledForeground | Disabling…           |
// | Error                       | E     | error                | errorForeground    | Error                |
// | Error: item unreadable      | E     | error                | errorForeground    | Unreadable item      |
// | + health Critical (overlay) | !     | error                | errorForeground    | Critical health      |
// | + health Warning (overlay)  | kind  | warning              | charts.yellow      | Health warning       |
// | + stale (overlay)           | kind  | kind                 | kind               | Protected (stale)    |
//
// The health overlays apply to settled kinds only (not NotProtected, not Error, not while an
// operation runs: then the running operation is what the user needs to see). An overlay's words
// join the description only when they fit (presentShort.ts fitDescription); the tooltip always
// has them.

import type { ProtectionKind, ProtectionStatus } from '../model/protectionStatus';
import { isTransientKind } from '../model/protectionStatus';
import type { EstateVm } from '../estate';
import type { TreeItemModel } from './presentCommon';
import { recoveryTooltipLines, recoveryVerdict, type RecoveryTargets } from './presentRecovery';
import { blocks, escapeMarkdown, field, formatAge, formatInterval, lines, markdownLink, vmResourceUri } from './presentCommon';
import { DESCRIPTION_MAX, fitDescription, short } from './presentShort';
import { strings } from './presentStrings';

export interface KindPresentation {
  badge: string;
  iconId: string;
  /** The icon's ThemeColor; none for states that need no colour (unknown, not supported). */
  iconColorId?: string;
}

/** Icon, colour and badge letters of every kind (the table above). */
export const kindPresentation: Readonly<Record<ProtectionKind, KindPresentation>> = {
  NotProtected: { badge: 'NP', iconId: 'circle-large-outline', iconColorId: 'disabledForeground' },
  ProtectionUnknown: { badge: '?', iconId: 'question' },
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
/** A VM that is not protected and cannot be (vm.unsupported). */
export const unsupportedOverlay: KindPresentation = { badge: 'NS', iconId: 'circle-slash' };

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
  /** The RPO target and drill interval settings: with them the tooltip says the RPO and the last drill (presentRecovery.ts). */
  recovery?: RecoveryTargets;
}

function overlaysApply(status: ProtectionStatus): boolean {
  return status.kind !== 'NotProtected' && status.kind !== 'ProtectionUnknown' && status.kind !== 'Error' && !isTransientKind(status.kind);
}

/** "critical" or "warning" when the status shows a health overlay, else undefined. */
function healthWord(status: ProtectionStatus): string | undefined {
  if (!overlaysApply(status)) {
    return undefined;
  }
  return status.health === 'Critical' ? short.critical : status.health === 'Warning' ? short.warning : undefined;
}

/** The VM is not protected and cannot be (the support matrix or ASR's readiness says why). */
function cannotBeProtected(vm: Pick<EstateVm, 'status' | 'unsupported'>): boolean {
  return vm.status.kind === 'NotProtected' && vm.unsupported !== undefined && vm.unsupported.length > 0;
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

/** Badge letters, icon and colour of a VM: its status's, or the look of a VM that cannot be protected. */
export function vmLook(vm: Pick<EstateVm, 'status' | 'unsupported'>): KindPresentation {
  return cannotBeProtected(vm) ? unsupportedOverlay : statusPresentation(vm.status);
}

/**
 * A VM's description, short enough for the sidebar (presentShort.ts): its state in a word or two,
 * then its health and "(stale)" when they fit. The tooltip's first line says it all in full.
 */
export function vmDescription(vm: Pick<EstateVm, 'status' | 'unsupported' | 'unreadable' | 'stale'>): string {
  const status = vm.status;
  let base: string;
  if (vm.unreadable !== undefined) {
    base = short.unreadable;
  } else if (cannotBeProtected(vm)) {
    base = short.notSupported;
  } else {
    base = status.kind === 'Replicating' ? status.summary : short.kind[status.kind];
  }
  const health = healthWord(status);
  if (health !== undefined) {
    const withHealth = `${base} ${strings.common.separator.trim()} ${health}`;
    // "Protected · critical" does not fit beside the name: the health is what needs seeing (the state is on hover).
    base = withHealth.length <= DESCRIPTION_MAX ? withHealth : status.health === 'Critical' ? short.criticalHealth : short.healthWarning;
  }
  return fitDescription(base, vm.stale ? [short.stale] : []);
}

/** The tooltip's first line after the name: the state in full, its health with ASR's first health error, "(stale)". */
function stateLine(vm: EstateVm): string {
  const status = vm.status;
  let text = cannotBeProtected(vm) ? strings.vm.notSupported : status.summary;
  const health = healthWord(status);
  if (health !== undefined) {
    text += `${strings.common.separator}${health}`;
    const first = status.healthErrors[0];
    const what = first?.summaryMessage || first?.errorMessage || first?.errorCode;
    if (what) {
      text += `: ${what}`;
    }
  }
  return vm.stale ? `${text} ${short.stale}` : text;
}

function badgeTooltip(vm: EstateVm): string {
  const status = vm.status;
  const text = cannotBeProtected(vm) ? strings.vm.notSupported : strings.vm.badgeTooltip[status.kind];
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

/** What the tooltip says of a VM with no protected item: why its protection is unknown, why it cannot be protected, or how to protect it. */
function withoutItemText(vm: EstateVm): string {
  const s = strings.vm;
  if (vm.protectionUnknown !== undefined) {
    return escapeMarkdown(vm.protectionUnknown === 'readFailed' ? s.unknownReadFailed : s.unknownNotConnected);
  }
  if (cannotBeProtected(vm)) {
    return `${escapeMarkdown(s.cannotBeProtected)}\n\n${(vm.unsupported ?? []).map((r) => `- ${escapeMarkdown(r)}`).join('\n')}`;
  }
  return escapeMarkdown(s.notProtectedNote);
}

function vmTooltip(vm: EstateVm, ctx: VmPresentationContext): string {
  const s = strings.vm;
  const status = vm.status;
  const head = `**${escapeMarkdown(vm.name)}**${strings.common.separator}${escapeMarkdown(stateLine(vm))}`;
  const power = field(s.powerState, vm.hyperV?.state || s.powerStateUnknown);
  const staleNote = vm.stale ? `*${escapeMarkdown(s.staleNote)}*` : undefined;
  if (vm.unreadable !== undefined) {
    // Azure's item could not be read (issue 12): what is wrong with it, and nothing derived from it.
    return blocks([head, power, escapeMarkdown(strings.unreadable.detail(vm.unreadable)), staleNote]);
  }
  if (vm.protection === undefined) {
    return blocks([head, power, withoutItemText(vm), staleNote]);
  }
  const stateLines = [power];
  if (status.detail && status.detail !== status.summary) {
    stateLines.push(field(s.asrState, status.detail));
  }
  if (status.runningJobId) {
    stateLines.push(field(s.runningJob, status.runningJobId));
  }
  const replication = [recoveryPointLine(vm, ctx)];
  if (ctx.recovery !== undefined) {
    replication.push(...recoveryTooltipLines(recoveryVerdict(vm, ctx.recovery, ctx.policyIntervalSeconds, ctx.now)).map(escapeMarkdown));
  }
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
  const p = vmLook(vm);
  const model: TreeItemModel = {
    id: `vm:${vm.key}`,
    label: vm.name,
    description: vmDescription(vm),
    iconId: p.iconId,
    badge: { letters: p.badge, tooltip: vm.stale ? `${badgeTooltip(vm)} ${short.stale}` : badgeTooltip(vm) },
    tooltip: vmTooltip(vm, ctx),
    contextValue: vm.contextValue,
    collapsible: 'none',
    resourceUri: vmResourceUri(vm.vmId),
  };
  if (p.iconColorId !== undefined) {
    model.iconColorId = p.iconColorId;
  }
  return model;
}
