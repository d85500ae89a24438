// The Check Client Reconnection report (issue 16 §1): per target network of the protected VMs, the
// VMs that fail over to it with their subnets and addresses, then whether clients on premises can
// reach them (gateway with a connection to the site, DNS servers) and what to do, with Microsoft's
// documentation. A read-only Markdown document, like the readiness report. Pure; user data (names,
// Azure's texts) is escaped.
import * as l10n from '@vscode/l10n';
import type { TargetFacts } from '../estate/targetFacts';
import { escapeMarkdown, formatUtc } from '../tree/presentCommon';
import type { DocLink, NetworkVerdict, ReconnectionFinding } from './reconnection';
import { nameOfId, problemCount, reconnectionDocs } from './reconnection';

/** Where one VM lands in a network: per IP configuration, its subnet and static address (none: dynamic). */
export interface VmLanding {
  readonly vmName: string;
  readonly subnet?: string;
  readonly staticIp?: string;
}

/** The VMs that fail over to one network. */
export interface NetworkTargets {
  readonly networkId: string;
  readonly vms: readonly VmLanding[];
}

/** The IP configurations a VM's target puts in each network (the item's network when a NIC names none). */
export function landingsOf(vmName: string, target: TargetFacts): { networkId: string; landing: VmLanding }[] {
  const out: { networkId: string; landing: VmLanding }[] = [];
  for (const nic of target.nics ?? []) {
    const networkId = nic.networkId ?? target.networkId;
    if (networkId === undefined) continue;
    const configs = nic.ipConfigs.length > 0 ? nic.ipConfigs : [{}];
    for (const c of configs)
      out.push({ networkId, landing: { vmName, ...(c.subnet !== undefined ? { subnet: c.subnet } : {}), ...(c.staticIp !== undefined ? { staticIp: c.staticIp } : {}) } });
  }
  if (out.length === 0 && target.networkId !== undefined) out.push({ networkId: target.networkId, landing: { vmName } });
  return out;
}

/** The target networks of the VMs (ids compared case-insensitively), in the order first met. */
export function targetNetworks(vms: readonly { name: string; target?: TargetFacts | undefined }[]): NetworkTargets[] {
  const byId = new Map<string, { networkId: string; vms: VmLanding[] }>();
  for (const vm of vms) {
    if (!vm.target) continue;
    for (const { networkId, landing } of landingsOf(vm.name, vm.target)) {
      const k = networkId.toLowerCase();
      const entry = byId.get(k) ?? { networkId, vms: [] };
      entry.vms.push(landing);
      byId.set(k, entry);
    }
  }
  return [...byId.values()];
}

/** "servers, 10.20.1.5" or "servers, dynamic address". */
export function landingText(l: VmLanding): string {
  const address = l.staticIp ?? l10n.t('dynamic address');
  return l.subnet !== undefined ? `${l.subnet}, ${address}` : address;
}

/** The summary line of the notification. */
export function reconnectionSummary(verdicts: readonly NetworkVerdict[]): string {
  const missing = verdicts.filter((v) => v.findings.some((f) => f.tone === 'problem')).length;
  if (verdicts.length === 0) return l10n.t('No protected VM names a target network yet.');
  return missing === 0
    ? l10n.t('Clients can reconnect: every target network has a connected gateway and DNS servers.')
    : l10n.t('{0} of {1} target networks lack what clients need to reconnect after a failover.', missing, verdicts.length);
}

function docLine(d: DocLink): string {
  return `[${escapeMarkdown(d.title)}](${d.url})`;
}

const findingTitles: Readonly<Record<ReconnectionFinding['id'], () => string>> = {
  network: () => l10n.t('Network'),
  gateway: () => l10n.t('Gateway to your site (VPN or ExpressRoute)'),
  dns: () => l10n.t('DNS servers'),
};

function findingLines(f: ReconnectionFinding): string[] {
  const mark = f.tone === 'ok' ? l10n.t('OK') : f.tone === 'problem' ? l10n.t('Missing') : l10n.t('Not checked');
  const out = [`- **${escapeMarkdown(findingTitles[f.id]())}** (${mark}): ${escapeMarkdown(f.text)}`];
  if (f.action && f.tone !== 'ok') out.push(`  - ${l10n.t('What to do')}: ${escapeMarkdown(f.action)}`);
  if (f.docs.length > 0) out.push(`  - ${l10n.t('Microsoft documentation')}: ${f.docs.map(docLine).join(', ')}`);
  return out;
}

function addressLines(vms: readonly VmLanding[]): string[] {
  const fixed = vms.filter((v) => v.staticIp !== undefined).length;
  const text =
    fixed === vms.length
      ? l10n.t('Every VM keeps a static address: clients and DNS records that use the addresses keep working once the network is reachable.')
      : l10n.t(
          '{0} of {1} addresses are dynamic: those VMs get the next free address of their subnet, so clients find them only by name, once DNS records are updated.',
          vms.length - fixed,
          vms.length,
        );
  return [`- **${escapeMarkdown(l10n.t('IP addresses'))}**: ${escapeMarkdown(text)}`, `  - ${l10n.t('Microsoft documentation')}: ${docLine(reconnectionDocs.ipAddressing)}`];
}

/** The Markdown document: networks with problems first, each with its VMs and findings. */
export function reconnectionMarkdown(verdicts: readonly NetworkVerdict[], targets: readonly NetworkTargets[], checkedAt: Date): string {
  const lines = [`# ${l10n.t('Client reconnection')}`, '', `${escapeMarkdown(reconnectionSummary(verdicts))} — ${l10n.t('checked {0}', formatUtc(checkedAt))}`, ''];
  lines.push(
    escapeMarkdown(
      l10n.t(
        'After a failover, clients on premises reach the VMs in Azure only through a site-to-site VPN or ExpressRoute connection, and find them (and the domain controller) only through DNS servers set on the network. This extension never creates gateways: it says what is missing.',
      ),
    ),
    '',
  );
  const vmsOf = new Map(targets.map((t) => [t.networkId.toLowerCase(), t.vms]));
  const ordered = [...verdicts].sort((a, b) => problemCount([b]) - problemCount([a]));
  for (const v of ordered) {
    const vms = vmsOf.get(v.networkId.toLowerCase()) ?? [];
    lines.push(`## ${escapeMarkdown(v.name || nameOfId(v.networkId))}`, '');
    if (vms.length > 0) lines.push(`${l10n.t('VMs that fail over to it')}: ${vms.map((l) => `${escapeMarkdown(l.vmName)} (${escapeMarkdown(landingText(l))})`).join(', ')}`, '');
    for (const f of v.findings) lines.push(...findingLines(f));
    if (vms.length > 0) lines.push(...addressLines(vms));
    lines.push('');
  }
  return lines.join('\n');
}
