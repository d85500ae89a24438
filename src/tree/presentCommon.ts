// Shared pieces of the tree presentation: the plain tree item model, ids of views, commands and
// context keys, and markdown / time helpers. Pure: no vscode import.

import type { VmAction } from '../model/vmActions';
import { isVmAction } from '../model/vmActions';
import { strings } from './presentStrings';

/** A tree item as plain data; `tree/` wraps it in a vscode.TreeItem. */
export interface TreeItemModel {
  id: string;
  label: string;
  description?: string;
  /** Codicon id, e.g. 'pass-filled', 'sync~spin', 'error'. */
  iconId: string;
  /** ThemeColor id, e.g. 'testing.iconPassed', 'charts.yellow', 'errorForeground', 'disabledForeground'. */
  iconColorId?: string;
  /** FileDecoration badge (1–2 characters), so status never depends on colour alone; no colour (it would paint the label). */
  badge?: { letters: string; tooltip: string };
  /** Markdown (no HTML, untrusted: user data is escaped). */
  tooltip: string;
  contextValue: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  /** E.g. 'asr-vm:/<vmId>', so a FileDecorationProvider can badge it. */
  resourceUri?: string;
}

// ---------------------------------------------------------------------------------------------
// Ids

export const viewIds = {
  container: 'azureSiteRecovery',
  protection: 'azureSiteRecovery.protection',
  jobs: 'azureSiteRecovery.jobs',
} as const;

/** Context keys the welcome views are gated by (set with the `setContext` command). */
export const contextKeys = {
  signedIn: 'azureSiteRecovery.signedIn',
  connected: 'azureSiteRecovery.connected',
} as const;

export const commandIds = {
  connect: 'azureSiteRecovery.connect',
  signOut: 'azureSiteRecovery.signOut',
  refresh: 'azureSiteRecovery.refresh',
  addHost: 'azureSiteRecovery.addHost',
  forgetHostCredentials: 'azureSiteRecovery.forgetHostCredentials',
  enableReplication: 'azureSiteRecovery.enableReplication',
  failover: 'azureSiteRecovery.failover',
  testFailover: 'azureSiteRecovery.testFailover',
  cleanupTestFailover: 'azureSiteRecovery.cleanupTestFailover',
  runDrill: 'azureSiteRecovery.runDrill',
  plannedFailover: 'azureSiteRecovery.plannedFailover',
  unplannedFailover: 'azureSiteRecovery.unplannedFailover',
  commitFailover: 'azureSiteRecovery.commitFailover',
  failback: 'azureSiteRecovery.failback',
  reverseReplication: 'azureSiteRecovery.reverseReplication',
  disableReplication: 'azureSiteRecovery.disableReplication',
  showJobs: 'azureSiteRecovery.showJobs',
  cancelJob: 'azureSiteRecovery.cancelJob',
  restartJob: 'azureSiteRecovery.restartJob',
  resumeJob: 'azureSiteRecovery.resumeJob',
  openInPortal: 'azureSiteRecovery.openInPortal',
  showLog: 'azureSiteRecovery.showLog',
  showDrills: 'azureSiteRecovery.showDrills',
  openWalkthrough: 'azureSiteRecovery.openWalkthrough',
  showDashboard: 'azureSiteRecovery.showDashboard',
  checkReadiness: 'azureSiteRecovery.checkReadiness',
  checkClientReconnection: 'azureSiteRecovery.checkClientReconnection',
  computeAndNetwork: 'azureSiteRecovery.computeAndNetwork',
  addVault: 'azureSiteRecovery.addVault',
  removeVault: 'azureSiteRecovery.removeVault',
  createRecoveryPlan: 'azureSiteRecovery.createRecoveryPlan',
  editRecoveryPlan: 'azureSiteRecovery.editRecoveryPlan',
  deleteRecoveryPlan: 'azureSiteRecovery.deleteRecoveryPlan',
  testFailoverRecoveryPlan: 'azureSiteRecovery.testFailoverRecoveryPlan',
  cleanupTestFailoverRecoveryPlan: 'azureSiteRecovery.cleanupTestFailoverRecoveryPlan',
  plannedFailoverRecoveryPlan: 'azureSiteRecovery.plannedFailoverRecoveryPlan',
  unplannedFailoverRecoveryPlan: 'azureSiteRecovery.unplannedFailoverRecoveryPlan',
  commitRecoveryPlan: 'azureSiteRecovery.commitRecoveryPlan',
  failbackRecoveryPlan: 'azureSiteRecovery.failbackRecoveryPlan',
  reverseReplicationRecoveryPlan: 'azureSiteRecovery.reverseReplicationRecoveryPlan',
} as const;

export type CommandName = keyof typeof commandIds;
export type CommandId = (typeof commandIds)[CommandName];

const vmActionCommands: Readonly<Record<VmAction, CommandId>> = {
  enableProtection: commandIds.enableReplication,
  testFailover: commandIds.testFailover,
  testFailoverCleanup: commandIds.cleanupTestFailover,
  plannedFailover: commandIds.plannedFailover,
  unplannedFailover: commandIds.unplannedFailover,
  commit: commandIds.commitFailover,
  failback: commandIds.failback,
  reverseReplication: commandIds.reverseReplication,
  disableProtection: commandIds.disableReplication,
};

/** The command that runs a model action on a VM. */
export function actionCommandId(action: VmAction): CommandId {
  return vmActionCommands[action];
}

/** The model action a command runs, or undefined for commands that are not VM actions. */
export function actionForCommandId(commandId: string): VmAction | undefined {
  return (Object.keys(vmActionCommands) as VmAction[]).find((a) => vmActionCommands[a] === commandId);
}

/** URI scheme of VM items' resourceUri, for the FileDecorationProvider. */
export const VM_URI_SCHEME = 'asr-vm';

export function vmResourceUri(vmId: string): string {
  return `${VM_URI_SCHEME}:/${encodeURIComponent(vmId)}`;
}

/** The VMId in a resourceUri made by vmResourceUri, or undefined for other URIs. */
export function vmIdFromResourceUri(uri: string): string | undefined {
  const prefix = `${VM_URI_SCHEME}:/`;
  if (!uri.startsWith(prefix)) {
    return undefined;
  }
  try {
    const id = decodeURIComponent(uri.slice(prefix.length).replace(/^\/+/, ''));
    return id.length > 0 ? id : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// contextValue tokens

export function splitTokens(contextValue: string): string[] {
  return contextValue.split(';').filter((t) => t.length > 0);
}

/** The contextValue without the tokens of VM actions (so no action menu shows). */
export function withoutActionTokens(contextValue: string): string {
  return splitTokens(contextValue)
    .filter((t) => !isVmAction(t))
    .join(';');
}

/** "InProgress" → "inProgress". */
export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Markdown

/**
 * Escapes text for markdown: every ASCII punctuation character gets a backslash (CommonMark allows
 * that for all of them), so user data can never form emphasis, links, images, HTML or entities;
 * line breaks and tabs become spaces.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n\t\v\f]+/g, ' ').replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/** Characters that could end or break a markdown link destination. */
function encodeLinkDestination(url: string): string {
  return url.replace(/[\s()<>"'\\`[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** A markdown link to an https URL; undefined for anything else (no javascript:, command:, file:). */
export function markdownLink(text: string, url: string): string | undefined {
  if (!/^https:\/\/[^\s/]+/i.test(url)) {
    return undefined;
  }
  return `[${escapeMarkdown(text)}](${encodeLinkDestination(url)})`;
}

/** "**Label:** value" with the value escaped. */
export function field(label: string, value: string): string {
  return `**${escapeMarkdown(label)}:** ${escapeMarkdown(value)}`;
}

/** Joins markdown lines as separate lines of one paragraph (hard line breaks). */
export function lines(parts: readonly string[]): string {
  return parts.join('  \n');
}

/** Joins markdown blocks as paragraphs. */
export function blocks(parts: readonly (string | undefined)[]): string {
  return parts.filter((p): p is string => p !== undefined && p.length > 0).join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Time

/** "just now", "42 s ago", "4 min ago", "2 h ago", "3 days ago"; a future time reads as just now. */
export function formatAge(then: Date, now: Date): string {
  const s = Math.floor((now.getTime() - then.getTime()) / 1000);
  const t = strings.time;
  if (s < 5) {
    return t.justNow;
  }
  if (s < 60) {
    return t.secondsAgo(s);
  }
  const min = Math.floor(s / 60);
  if (min < 60) {
    return t.minutesAgo(min);
  }
  const h = Math.floor(min / 60);
  if (h < 48) {
    return t.hoursAgo(h);
  }
  return t.daysAgo(Math.floor(h / 24));
}

/** A policy's replication interval: "every 30 s", "every 5 min", "every 1 h". */
export function formatInterval(seconds: number): string {
  const t = strings.time;
  if (seconds < 60 || seconds % 60 !== 0) {
    return t.everySeconds(Math.round(seconds));
  }
  const min = seconds / 60;
  if (min < 60 || min % 60 !== 0) {
    return t.everyMinutes(min);
  }
  return t.everyHours(min / 60);
}

/** "42 s", "3 min 20 s", "2 h 5 min". */
export function formatDuration(ms: number): string {
  const t = strings.time;
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) {
    return t.durationSeconds(s);
  }
  const min = Math.floor(s / 60);
  if (min < 60) {
    return t.durationMinutes(min, s % 60);
  }
  return t.durationHours(Math.floor(min / 60), min % 60);
}

/** "2026-11-25 10:00 UTC": deterministic (tests, logs) and unambiguous. */
export function formatUtc(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
