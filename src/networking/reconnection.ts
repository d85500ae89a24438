// What lets clients on premises reach the VMs after a failover (issue 16 §1), judged per target
// virtual network from what Azure networking says about it: a virtual network gateway (site-to-site
// VPN or ExpressRoute) with a connection to the site, and DNS servers set on the network. Pure: the
// facts come from src/services/azure/gateways.ts; no vscode, no Azure calls. The extension never
// creates a gateway: it says what is missing and links Microsoft's documentation
// (docs/evidence/client-reconnection.md quotes it).
import * as l10n from '@vscode/l10n';

/** One connection of a gateway (Microsoft.Network/connections). */
export interface ConnectionFact {
  readonly name: string;
  /** connectionType: "IPsec" (site-to-site VPN), "ExpressRoute", "Vnet2Vnet" or "VPNClient". */
  readonly connectionType: string;
  /** connectionStatus ("Connected", "Connecting", "NotConnected", "Unknown"); "" when Azure gave none. */
  readonly status: string;
}

/** A virtual network gateway whose IP configuration is in the network's GatewaySubnet. */
export interface GatewayFact {
  readonly name: string;
  /** gatewayType: "Vpn" or "ExpressRoute". */
  readonly gatewayType: string;
  readonly connections: readonly ConnectionFact[];
}

/** What Azure says about one target network. */
export type NetworkReach =
  | {
      readonly state: 'found';
      readonly networkId: string;
      readonly name: string;
      /** dhcpOptions.dnsServers: empty when the network uses Azure-provided DNS. */
      readonly dnsServers: readonly string[];
      readonly gateways: readonly GatewayFact[];
      /** Networks this one reaches through a connected peering that uses their gateway (useRemoteGateways). */
      readonly remoteGatewayPeers: readonly string[];
    }
  | { readonly state: 'missing'; readonly networkId: string; readonly name: string }
  | { readonly state: 'error'; readonly networkId: string; readonly name: string; readonly message: string };

/** A page of Microsoft's documentation, quoted in docs/evidence/client-reconnection.md. */
export interface DocLink {
  readonly title: string;
  readonly url: string;
}

export const reconnectionDocs = {
  get ipAddressing(): DocLink {
    return {
      title: l10n.t('Set up IP addressing to connect to Azure VMs after failover'),
      url: 'https://learn.microsoft.com/azure/site-recovery/concepts-on-premises-to-azure-networking',
    };
  },
  get activeDirectoryDns(): DocLink {
    return { title: l10n.t('Set up disaster recovery for Active Directory and DNS'), url: 'https://learn.microsoft.com/azure/site-recovery/site-recovery-active-directory' };
  },
  get architecture(): DocLink {
    return { title: l10n.t('Hyper-V to Azure replication architecture'), url: 'https://learn.microsoft.com/azure/site-recovery/hyper-v-azure-architecture' };
  },
  get siteToSiteVpn(): DocLink {
    return { title: l10n.t('Create a site-to-site VPN connection'), url: 'https://learn.microsoft.com/azure/vpn-gateway/tutorial-site-to-site-portal' };
  },
  get nameResolution(): DocLink {
    return {
      title: l10n.t('Name resolution for resources in Azure virtual networks'),
      url: 'https://learn.microsoft.com/azure/virtual-network/virtual-networks-name-resolution-for-vms-and-role-instances',
    };
  },
};

export type FindingTone = 'ok' | 'problem' | 'unknown';

export interface ReconnectionFinding {
  readonly id: 'network' | 'gateway' | 'dns';
  readonly tone: FindingTone;
  /** What was found, in one sentence. */
  readonly text: string;
  /** What to do when it is a problem. */
  readonly action?: string;
  readonly docs: readonly DocLink[];
}

export interface NetworkVerdict {
  readonly networkId: string;
  readonly name: string;
  readonly findings: readonly ReconnectionFinding[];
}

const onPremisesTypes = new Set(['ipsec', 'expressroute']);

/** The connections of a network's gateways that lead to a site (site-to-site VPN or ExpressRoute), whatever their status. */
export function onPremisesConnections(reach: NetworkReach): { gateway: GatewayFact; connection: ConnectionFact }[] {
  if (reach.state !== 'found') return [];
  return reach.gateways.flatMap((gateway) => gateway.connections.filter((c) => onPremisesTypes.has(c.connectionType.toLowerCase())).map((connection) => ({ gateway, connection })));
}

/** How the connection types are said ("IPsec" is a site-to-site VPN); others as Azure names them. */
const connectionTypeLabels: Readonly<Record<string, () => string>> = {
  ipsec: () => l10n.t('site-to-site VPN'),
  expressroute: () => l10n.t('ExpressRoute'),
  vnet2vnet: () => l10n.t('VNet-to-VNet'),
};

export function connectionTypeLabel(type: string): string {
  return connectionTypeLabels[type.toLowerCase()]?.() ?? type;
}

function isConnected(c: ConnectionFact): boolean {
  return c.status.toLowerCase() === 'connected';
}

function gatewayFinding(reach: Extract<NetworkReach, { state: 'found' }>): ReconnectionFinding {
  const docs = [reconnectionDocs.ipAddressing, reconnectionDocs.siteToSiteVpn];
  const site = onPremisesConnections(reach);
  const up = site.filter((s) => isConnected(s.connection));
  const describe = (s: { gateway: GatewayFact; connection: ConnectionFact }): string =>
    l10n.t('{0} on gateway {1} ({2}, {3})', s.connection.name, s.gateway.name, connectionTypeLabel(s.connection.connectionType), s.connection.status || l10n.t('status unknown'));
  if (up.length > 0) return { id: 'gateway', tone: 'ok', text: l10n.t('Connected to your site: {0}.', up.map(describe).join('; ')), docs };
  if (site.length > 0) {
    return {
      id: 'gateway',
      tone: 'problem',
      text: l10n.t('The gateway has a connection to your site, but it is not connected: {0}.', site.map(describe).join('; ')),
      action: l10n.t('Check the VPN device or ExpressRoute circuit on premises and the connection in the Azure portal; clients reach the VMs only once it reads Connected.'),
      docs,
    };
  }
  if (reach.remoteGatewayPeers.length > 0) {
    return {
      id: 'gateway',
      tone: 'ok',
      text: l10n.t('Reaches your site through the gateway of the peered network {0} (that gateway is not checked here).', reach.remoteGatewayPeers.join(', ')),
      docs,
    };
  }
  const names = reach.gateways.map((g) => g.name);
  return {
    id: 'gateway',
    tone: 'problem',
    text:
      names.length > 0
        ? l10n.t('The gateway {0} has no site-to-site VPN or ExpressRoute connection: clients on premises cannot reach the VMs after a failover.', names.join(', '))
        : l10n.t('No VPN or ExpressRoute gateway: clients on premises cannot reach the VMs after a failover (only over the internet, through public addresses).'),
    action: l10n.t(
      'Create a virtual network gateway in the GatewaySubnet of {0} with a site-to-site VPN (or ExpressRoute) connection to your site. This extension never creates gateways.',
      reach.name,
    ),
    docs,
  };
}

function dnsFinding(reach: Extract<NetworkReach, { state: 'found' }>): ReconnectionFinding {
  const docs = [reconnectionDocs.activeDirectoryDns, reconnectionDocs.nameResolution];
  if (reach.dnsServers.length > 0) return { id: 'dns', tone: 'ok', text: l10n.t('DNS servers set: {0}.', reach.dnsServers.join(', ')), docs };
  return {
    id: 'dns',
    tone: 'problem',
    text: l10n.t(
      'No DNS servers set: the VMs get Azure-provided DNS, which does not know your domain, so they cannot find the domain controller and clients cannot find them by name.',
    ),
    action: l10n.t(
      "Set {0}'s DNS servers to the address your domain controller or DNS server has in Azure (a replicated DC, or one running in Azure), then restart the VMs that are running in it.",
      reach.name,
    ),
    docs,
  };
}

/** The findings of one target network: the network itself, then its gateway and DNS. */
export function judgeNetwork(reach: NetworkReach): NetworkVerdict {
  const base = { networkId: reach.networkId, name: reach.name };
  switch (reach.state) {
    case 'missing':
      return {
        ...base,
        findings: [
          {
            id: 'network',
            tone: 'problem',
            text: l10n.t('The network {0} no longer exists: a failover to it fails.', reach.name),
            action: l10n.t("Choose another target network in the VM's Compute and Network settings."),
            docs: [reconnectionDocs.ipAddressing],
          },
        ],
      };
    case 'error':
      return {
        ...base,
        findings: [{ id: 'network', tone: 'unknown', text: l10n.t('The network {0} could not be read: {1}', reach.name, reach.message), docs: [reconnectionDocs.architecture] }],
      };
    case 'found':
      return { ...base, findings: [gatewayFinding(reach), dnsFinding(reach)] };
  }
}

/** How many findings of the verdicts are problems. */
export function problemCount(verdicts: readonly NetworkVerdict[]): number {
  return verdicts.reduce((n, v) => n + v.findings.filter((f) => f.tone === 'problem').length, 0);
}

/** The last segment of an ARM id (a network's name), or the id itself. */
export function nameOfId(id: string): string {
  const parts = id.split('/').filter((p) => p !== '');
  return parts[parts.length - 1] ?? id;
}
