// Where the VM lands (issue 16 §1), the part of the Failover wizard's options and review pages that
// shows, per network adapter, the target network, subnet and address the protected item names
// (HyperVReplicaAzureReplicationDetails, parsed by src/estate/targetFacts.ts), or for a test failover
// the network chosen for the test; a warning, and a modal question before Start, when a test
// failover would use the production network (the item's own target network, or any network with a
// gateway connection to the site); and, for planned and unplanned failover, what lets clients
// reconnect (src/networking/reconnection.ts). Pure: no vscode; the reads come in through
// FailoverServices.readNetworkReach.
import * as l10n from '@vscode/l10n';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { targetFacts, type TargetFacts } from '../../estate/targetFacts';
import type { NetworkReach, ReconnectionFinding } from '../../networking/reconnection';
import { connectionTypeLabel, judgeNetwork, nameOfId, onPremisesConnections } from '../../networking/reconnection';
import { landingsOf, type VmLanding } from '../../networking/reconnectionReport';
import type { AzureContext } from '../../services/azure/clients';
import type { VirtualNetworkSummary } from '../../services/azure/networks';
import type { BlockView, Tone } from '../form/view';
import type { Confirmation, FailoverKind } from './failoverModel';
import { noNetwork } from './failoverModel';

/** What Azure said about each network the landing needs (key: the lower-case network id). */
export type ReachByNetwork = ReadonlyMap<string, NetworkReach>;

/** The wizard's choices the landing reads. */
export interface LandingChoices {
  vmName: string;
  /** The network chosen for a test failover (noNetwork: none). */
  networkId: string | undefined;
  networks: readonly VirtualNetworkSummary[] | undefined;
  item?: ReplicationProtectedItem | undefined;
  reach?: ReachByNetwork | undefined;
}

export function targetOfItem(item: ReplicationProtectedItem | undefined): TargetFacts | undefined {
  return targetFacts(item?.properties?.providerSpecificDetails);
}

/** The networks a failover of the item puts its adapters in (the item's network first), distinct. */
export function itemNetworkIds(item: ReplicationProtectedItem | undefined): string[] {
  const t = targetOfItem(item);
  const ids = [t?.networkId, ...(t?.nics ?? []).map((n) => n.networkId)].filter((x): x is string => x !== undefined);
  return ids.filter((id, i) => ids.findIndex((x) => x.toLowerCase() === id.toLowerCase()) === i);
}

/** The networks whose reach the landing needs: the ones offered for a test failover, else the item's. */
export function landingNetworkIds(kind: FailoverKind, item: ReplicationProtectedItem | undefined, networks: readonly VirtualNetworkSummary[] | undefined): string[] {
  return kind === 'test' ? (networks ?? []).map((n) => n.id) : itemNetworkIds(item);
}

/**
 * Reads what the landing needs and has not read yet (services without the read: nothing). A failure
 * is kept as the networks' `error`: the landing says "could not be checked" and the failover goes on.
 */
export async function readLandingReach(
  read: ((ctx: AzureContext, ids: readonly string[]) => Promise<NetworkReach[]>) | undefined,
  ctx: AzureContext,
  ids: readonly string[],
  known: ReachByNetwork | undefined,
): Promise<ReachByNetwork> {
  const out = new Map(known ?? []);
  const missing = ids.filter((id) => !out.has(id.toLowerCase()));
  if (!read || missing.length === 0) return out;
  try {
    for (const r of await read(ctx, missing)) out.set(r.networkId.toLowerCase(), r);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    for (const id of missing) out.set(id.toLowerCase(), { state: 'error', networkId: id, name: nameOfId(id), message });
  }
  return out;
}

/** What the wizard says while it reads what the chosen kind needs. */
export function readingText(points: boolean, networks: boolean): string {
  if (networks) return l10n.t('Reading the recovery points and virtual networks…');
  return points ? l10n.t('Reading the recovery points…') : l10n.t('Reading the target network…');
}

function networkName(id: string, networks: readonly VirtualNetworkSummary[] | undefined, reach: ReachByNetwork | undefined): string {
  return networks?.find((n) => n.id.toLowerCase() === id.toLowerCase())?.name ?? reach?.get(id.toLowerCase())?.name ?? nameOfId(id);
}

/**
 * Why the network chosen for a test failover is a production one, or undefined when it is not (or
 * none is chosen): it is a network the item fails over to, or it has a site-to-site VPN or
 * ExpressRoute connection to the site (whatever its status).
 */
export function productionWarning(kind: FailoverKind, c: LandingChoices): string | undefined {
  const id = c.networkId;
  if (kind !== 'test' || id === undefined || id === '' || id === noNetwork) return undefined;
  const name = networkName(id, c.networks, c.reach);
  if (itemNetworkIds(c.item).some((x) => x.toLowerCase() === id.toLowerCase())) {
    return l10n.t(
      '{0} is the network {1} fails over to: your production network. The test VM has the same name as {1} and may take its address, so clients and other servers may reach the test VM instead. Choose an isolated network.',
      name,
      c.vmName,
    );
  }
  const reach = c.reach?.get(id.toLowerCase());
  const site = reach ? onPremisesConnections(reach) : [];
  if (site.length === 0) return undefined;
  const via = site.map((s) => l10n.t('{0} ({1})', s.connection.name, connectionTypeLabel(s.connection.connectionType))).join(', ');
  return l10n.t(
    '{0} is connected to your site through {1}: your production network reaches it. The test VM has the same name as {2} and may have the same address, so it can clash with {2} on premises. Choose an isolated network.',
    name,
    via,
    c.vmName,
  );
}

/** The modal question before a test failover in a production network. */
export function productionConfirmation(vmName: string, warning: string): Confirmation {
  return { message: l10n.t('Run the test failover of {0} in a production network?', vmName), detail: warning, button: l10n.t('Use this network') };
}

function addressText(l: VmLanding, test: boolean): string {
  if (l.staticIp === undefined) return l10n.t('Dynamic: the next free address of the subnet');
  return test ? l10n.t('{0} if it is inside that subnet, else the next free address', l.staticIp) : l10n.t('{0} (static)', l.staticIp);
}

/**
 * The subnet a test VM gets in the test network: azure-docs site-recovery-active-directory.md
 * @02d00dc8: "Site Recovery attempts to create test virtual machines in a subnet of the same name …
 * If a subnet of the same name isn't available in the Azure virtual network that's provided for test
 * failover, the test virtual machine is created in the alphabetically first subnet."
 */
function testSubnet(subnet: string | undefined, network: VirtualNetworkSummary | undefined): string | undefined {
  const names = (network?.subnets ?? []).map((s) => s.name).sort((a, b) => a.localeCompare(b));
  if (subnet !== undefined && names.some((n) => n.toLowerCase() === subnet.toLowerCase())) return subnet;
  return names[0] ?? subnet;
}

/** The rows of "Where {vm} lands in Azure": network, then per IP configuration its subnet and address. */
export function landingRows(kind: FailoverKind, c: LandingChoices): { label: string; value: string }[] {
  const test = kind === 'test';
  const target = targetOfItem(c.item);
  const landings = target ? landingsOf(c.vmName, target) : [];
  if (test && (c.networkId === noNetwork || c.networkId === undefined || c.networkId === '')) {
    return [{ label: l10n.t('Network'), value: c.networkId === noNetwork ? l10n.t('No network: the test VM is not connected') : l10n.t('not chosen') }];
  }
  if (landings.length === 0) return [{ label: l10n.t('Network'), value: l10n.t("Not set: set the target network in the VM's Compute and Network settings") }];
  const testNetwork = test ? c.networks?.find((n) => n.id === c.networkId) : undefined;
  const rows: { label: string; value: string }[] = [];
  landings.forEach(({ networkId, landing }, i) => {
    const prefix = landings.length > 1 ? l10n.t('Adapter {0}: ', i + 1) : '';
    const network = test ? networkName(c.networkId ?? '', c.networks, c.reach) : networkName(networkId, c.networks, c.reach);
    const subnet = test ? testSubnet(landing.subnet, testNetwork) : landing.subnet;
    rows.push(
      { label: `${prefix}${l10n.t('Network')}`, value: network },
      { label: `${prefix}${l10n.t('Subnet')}`, value: subnet ?? l10n.t('not set') },
      { label: `${prefix}${l10n.t('IP address')}`, value: addressText(landing, test) },
    );
  });
  return rows;
}

const findingTone: Record<ReconnectionFinding['tone'], Tone> = { ok: 'success', problem: 'warning', unknown: 'info' };

/** What lets clients reconnect, per target network of a planned or unplanned failover. */
function reconnectionItems(c: LandingChoices): { text: string; detail?: string; tone: Tone }[] {
  return itemNetworkIds(c.item).flatMap((id) => {
    const reach = c.reach?.get(id.toLowerCase());
    const name = networkName(id, c.networks, c.reach);
    if (!reach) return [{ text: l10n.t('{0}: not checked (run Check Client Reconnection).', name), tone: 'info' }];
    return judgeNetwork(reach).findings.map((f) => {
      const detail = [f.tone !== 'ok' ? f.action : undefined, f.docs[0] ? l10n.t('Microsoft: {0} ({1})', f.docs[0].title, f.docs[0].url) : undefined]
        .filter((x) => x !== undefined)
        .join(' ');
      return { text: `${name}: ${f.text}`, tone: findingTone[f.tone], ...(detail !== '' ? { detail } : {}) };
    });
  });
}

/** The landing part of a page: where the VM lands, the production warning, and for a real failover what lets clients reconnect. */
export function landingBlocks(kind: FailoverKind, c: LandingChoices): BlockView[] {
  const blocks: BlockView[] = [{ kind: 'summary', id: 'landing', label: l10n.t('Where {0} lands in Azure', c.vmName), rows: landingRows(kind, c) }];
  const warning = productionWarning(kind, c);
  if (warning !== undefined) blocks.push({ kind: 'textBlock', id: 'productionWarning', tone: 'warning', text: warning });
  if (kind !== 'test' && itemNetworkIds(c.item).length > 0) {
    blocks.push({ kind: 'list', id: 'reconnection', label: l10n.t('What lets clients reconnect'), items: reconnectionItems(c) });
  }
  return blocks;
}
