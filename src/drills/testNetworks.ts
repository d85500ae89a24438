// Which network a DR drill's test VMs join (issue 15 §3): an isolated network by default. The
// networks of the target region that are no chosen VM's failover network (its
// selectedRecoveryAzureNetworkId) come first; the failover (production) networks last, offered
// only after a modal confirmation (src/commands/runDrillPicks.ts). Pure, no vscode.

import { sameArmId } from '../model/armId';
import type { VirtualNetworkSummary } from '../services/azure/networks';

/**
 * Orders the networks: isolated first (not a chosen VM's failover network), the failover networks
 * last.
 */
export function orderTestNetworks(networks: readonly VirtualNetworkSummary[], failoverNetworkIds: readonly string[]): { network: VirtualNetworkSummary; production: boolean }[] {
  const tagged = networks.map((network) => ({ network, production: failoverNetworkIds.some((id) => sameArmId(id, network.id)) }));
  return [...tagged.filter((t) => !t.production), ...tagged.filter((t) => t.production)];
}
