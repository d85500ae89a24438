// Vault, site, host and message tree items as plain data. Pure: no vscode import.
//
// Host icons, first match wins; the trouble is in the icon and the tooltip's first line, the
// description only counts ("3/5 protected"; "5 VMs" until ASR's items have been read), so it fits
// the sidebar (presentShort.ts). The label is the host's short name; its FQDN is in the tooltip.
// | State                                            | Icon             | Colour             | Tooltip's first line, after the name |
// | ------------------------------------------------ | ---------------- | ------------------ | ------------------------------------ |
// | unreachable (last probe failed)                  | debug-disconnect | errorForeground    | Hyper-V host · unreachable           |
// | not supported (OS older than 2012 R2, client OS) | warning          | charts.yellow      | Hyper-V host · not supported         |
// | provider heartbeat missing                       | warning          | charts.yellow      | Hyper-V host · provider heartbeat missing |
// | provider registered but not connected            | warning          | charts.yellow      | Hyper-V host · provider disconnected |
// | not probed yet                                   | server           | disabledForeground | Hyper-V host · not checked yet       |
// | fine                                             | server           | (none)             | Hyper-V host                         |
//
// contextValue: `host;reachable|unreachable;registered|unregistered;supported|unsupported|supportUnknown`
// (supportUnknown while the OS is not known, e.g. before the first probe).

import type { EstateHost } from '../estate';
import { isFqdn } from '../estate/names';
import type { TreeItemModel } from './presentCommon';
import { blocks, escapeMarkdown, field, formatUtc, lines } from './presentCommon';
import { short } from './presentShort';
import { strings } from './presentStrings';

type HostState = 'unreachable' | 'unsupported' | 'heartbeatMissing' | 'disconnected' | 'notProbed' | 'fine';

function hostState(host: EstateHost): HostState {
  if (host.probed && !host.reachable) {
    return 'unreachable';
  }
  if (host.supported === false) {
    return 'unsupported';
  }
  if (host.provider.registered && host.provider.heartbeatMissing === true) {
    return 'heartbeatMissing';
  }
  if (host.provider.registered && host.provider.connected === false) {
    return 'disconnected';
  }
  if (!host.probed) {
    return 'notProbed';
  }
  return 'fine';
}

// `short` is a function: the string is looked up when read (after activation configured l10n), not when this module loads.
const hostLook: Readonly<Record<HostState, { iconId: string; iconColorId?: string; short?: () => string }>> = {
  unreachable: {
    iconId: 'debug-disconnect',
    iconColorId: 'errorForeground',
    short: () => strings.host.unreachableShort,
  },
  unsupported: {
    iconId: 'warning',
    iconColorId: 'charts.yellow',
    short: () => strings.host.unsupportedShort,
  },
  heartbeatMissing: {
    iconId: 'warning',
    iconColorId: 'charts.yellow',
    short: () => strings.host.heartbeatShort,
  },
  disconnected: {
    iconId: 'warning',
    iconColorId: 'charts.yellow',
    short: () => strings.host.disconnectedShort,
  },
  notProbed: {
    iconId: 'server',
    iconColorId: 'disabledForeground',
    short: () => strings.host.notProbedShort,
  },
  fine: { iconId: 'server' },
};

/** contextValue tokens of a host. */
export function hostContextTokens(host: EstateHost): string[] {
  return [
    'host',
    host.probed && !host.reachable ? 'unreachable' : 'reachable',
    host.provider.registered ? 'registered' : 'unregistered',
    host.supported === true ? 'supported' : host.supported === false ? 'unsupported' : 'supportUnknown',
  ];
}

function osText(host: EstateHost): string {
  const h = strings.host;
  if (host.osCaption === undefined) {
    return h.osUnknown;
  }
  const extras: string[] = [];
  if (host.osBuild !== undefined) {
    extras.push(h.build(host.osBuild));
  }
  if (host.isServerCore === true) {
    extras.push(h.serverCore);
  }
  return extras.length > 0 ? `${host.osCaption} (${extras.join(', ')})` : host.osCaption;
}

function supportText(host: EstateHost): string {
  const h = strings.host;
  const base = host.supported === true ? h.supportYes : host.supported === false ? h.supportNo : h.supportUnknown;
  return host.supportReason ? `${base}: ${host.supportReason}` : base;
}

function providerText(host: EstateHost): string {
  const h = strings.host;
  const p = host.provider;
  const parts: string[] = [];
  if (p.installed !== undefined) {
    parts.push(p.installed ? h.providerInstalled : h.providerNotInstalled);
  }
  if (p.registered) {
    parts.push(h.providerRegistered);
  } else if (p.hostRegistration?.vaultName) {
    parts.push(h.providerRegisteredElsewhere(p.hostRegistration.vaultName));
  } else {
    parts.push(h.providerNotRegistered);
  }
  if (p.registered && p.connected !== undefined) {
    parts.push(p.connected ? h.providerConnected : h.providerDisconnected);
  }
  if (p.heartbeatMissing === true) {
    parts.push(h.providerHeartbeatMissing);
  }
  if (p.version) {
    parts.push(h.providerVersion(p.version));
  }
  return parts.join(', ');
}

/** A host's row label: its short name (the first DNS label, in the case it was given), never an FQDN. */
export function hostLabel(host: Pick<EstateHost, 'name'>): string {
  const name = host.name;
  return isFqdn(name) ? (name.split('.')[0] ?? name) : name;
}

/** The count a host's row and tooltip show: "3/5 protected", or "5 VMs" until ASR's items have been read. */
function vmCount(host: EstateHost): string {
  // A host that never answered has no VMs to count: "0/0 protected" would say nothing; its trouble does.
  if (host.probed && !host.reachable && host.vms.length === 0) return strings.host.unreachableShort;
  return host.protectionUnknown !== undefined ? short.vms(host.vms.length) : short.protectedOf(host.protectedCount, host.vms.length);
}

function hostTooltip(host: EstateHost, state: HostState): string {
  const h = strings.host;
  const trouble = hostLook[state].short?.();
  const kind = trouble !== undefined ? `${h.hyperVHost}${strings.common.separator}${trouble}` : h.hyperVHost;
  const head = `**${escapeMarkdown(hostLabel(host))}**${strings.common.separator}${escapeMarkdown(kind)}`;
  const facts: string[] = [];
  if (host.fqdn !== undefined && host.fqdn.toLowerCase() !== hostLabel(host).toLowerCase()) {
    facts.push(field(h.fqdn, host.fqdn));
  }
  facts.push(field(h.os, osText(host)));
  facts.push(field(h.support, supportText(host)));
  facts.push(field(h.provider, providerText(host)));
  if (host.provider.lastHeartbeat !== undefined) {
    facts.push(field(h.lastHeartbeat, formatUtc(host.provider.lastHeartbeat)));
  }
  if (host.cluster) {
    facts.push(field(h.cluster, host.cluster));
  }
  facts.push(field(h.vms, host.protectionUnknown !== undefined ? h.vmsUnknown(host.vms.length) : h.protectedOf(host.protectedCount, host.vms.length)));
  let reach: string | undefined;
  if (host.probed && !host.reachable) {
    const seen = host.lastSeen !== undefined ? [field(h.lastSeen, formatUtc(host.lastSeen))] : [];
    reach = lines([field(h.unreachable, host.unreachableReason ?? strings.common.unknown), ...seen]);
  } else if (!host.probed) {
    reach = escapeMarkdown(h.notProbed);
  }
  return blocks([head, lines(facts), reach]);
}

/**
 * The tree item of a Hyper-V host; `recoveryNote`: its VMs' RPO and drill counts ("2 RPO above
 * target, 5 drills due"), in the tooltip: the description stays short enough for the sidebar.
 */
export function presentHost(host: EstateHost, recoveryNote?: string): TreeItemModel {
  const state = hostState(host);
  const look = hostLook[state];
  const tooltip = hostTooltip(host, state);
  const model: TreeItemModel = {
    id: `host:${host.key}`,
    label: hostLabel(host),
    description: vmCount(host),
    iconId: look.iconId,
    tooltip: recoveryNote ? blocks([tooltip, escapeMarkdown(recoveryNote)]) : tooltip,
    contextValue: hostContextTokens(host).join(';'),
    collapsible: host.vms.length > 0 || state === 'unreachable' || host.provider.unreadable !== undefined ? 'collapsed' : 'none',
  };
  if (look.iconColorId !== undefined) {
    model.iconColorId = look.iconColorId;
  }
  return model;
}

export interface VaultInfo {
  name: string;
  location: string;
  resourceGroup: string;
  subscriptionName?: string;
}

/** The tree item of the Recovery Services vault (the root); `recoveryNote` as presentHost's, in the tooltip. */
export function presentVault(vault: VaultInfo, recoveryNote?: string): TreeItemModel {
  const v = strings.vault;
  const facts = [field(v.region, vault.location), field(v.resourceGroup, vault.resourceGroup)];
  if (vault.subscriptionName) {
    facts.push(field(v.subscription, vault.subscriptionName));
  }
  return {
    id: `vault:${vault.resourceGroup.toLowerCase()}/${vault.name.toLowerCase()}`,
    label: vault.name,
    description: vault.location,
    iconId: 'azure',
    tooltip: blocks([
      `**${escapeMarkdown(vault.name)}**${strings.common.separator}${escapeMarkdown(v.kind)}`,
      lines(facts),
      recoveryNote ? escapeMarkdown(recoveryNote) : undefined,
    ]),
    contextValue: 'vault',
    collapsible: 'expanded',
  };
}

export interface SiteInfo {
  name: string;
  hostCount: number;
  /** What the row stands for, in the tooltip after its name (default: a Hyper-V site). */
  kind?: string;
}

/** The tree item of a Hyper-V site. */
export function presentSite(site: SiteInfo): TreeItemModel {
  const hosts = strings.site.hosts(site.hostCount);
  return {
    id: `site:${site.name.toLowerCase()}`,
    label: site.name,
    description: hosts,
    iconId: 'server-environment',
    tooltip: blocks([`**${escapeMarkdown(site.name)}**${strings.common.separator}${escapeMarkdown(site.kind ?? strings.site.kind)}`, escapeMarkdown(hosts)]),
    contextValue: 'site',
    collapsible: 'expanded',
  };
}

/**
 * A leaf that says something ("Host unreachable: …", "No VMs on this host"). `id` defaults to
 * one derived from the text; pass one to keep several equal texts apart. `tooltip`: plain text
 * shown on hover instead of the text itself.
 */
export function presentMessage(text: string, iconId: string, id?: string, tooltip?: string): TreeItemModel {
  return {
    id: id ?? `message:${text}`,
    label: text,
    iconId,
    tooltip: escapeMarkdown(tooltip ?? text),
    contextValue: 'message',
    collapsible: 'none',
  };
}

/** A row under a host that says something of it rather than being one of its VMs. */
export interface HostNote {
  id: string;
  text: string;
  iconId: string;
  /** Plain text shown on hover (the text itself when absent). */
  tooltip?: string;
}

/**
 * The rows a host shows above its VMs: why it cannot be reached; that Azure answered with a
 * registration of it that could not be read (issue 12; what is wrong in the tooltip); that it has no VMs.
 */
export function hostNotes(host: EstateHost): HostNote[] {
  const notes: HostNote[] = [];
  if (!host.reachable && host.unreachableReason) {
    // The reason (PowerShell's message, often a paragraph) goes on hover; the row stays short for the sidebar.
    notes.push({ id: `unreachable:${host.key}`, text: strings.host.unreachableRow, iconId: 'debug-disconnect', tooltip: host.unreachableReason });
  }
  if (host.provider.unreadable !== undefined) {
    notes.push({ id: `unreadable:${host.key}`, text: strings.unreadable.row, iconId: 'error', tooltip: strings.unreadable.detail(host.provider.unreadable) });
  }
  if (host.vms.length === 0 && host.reachable) {
    notes.push({ id: `empty:${host.key}`, text: strings.host.noVms, iconId: 'info' });
  }
  return notes;
}
