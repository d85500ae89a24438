// Run DR Drill's questions (issue 15 §3): which VMs (a VM node, a host node's protected VMs, or
// several chosen in a multi-select quick pick), and which test network: isolated networks first
// (those in the target region that are no chosen VM's failover network), the production network
// last and only after an explicit modal confirmation.

import * as vscode from 'vscode';
import { allVms, type EstateVm } from '../estate';
import type { VirtualNetworkSummary } from '../services/azure/networks';
import type { DrillCandidate } from '../drills/drillRunner';
import { orderTestNetworks } from '../drills/testNetworks';
import { isHostArgument, isVmArgument, type CommandContext } from './context';

const drillable = (vm: EstateVm): boolean => vm.protection?.itemId !== undefined && vm.actions.includes('testFailover');

export function candidateOf(vm: EstateVm): DrillCandidate {
  return { vmKey: vm.key, name: vm.name, ...(vm.hostKey ? { host: vm.hostKey } : {}), itemId: vm.protection?.itemId ?? '' };
}

/** The VMs to drill: the VM node, the host node's VMs that allow a test failover, else the user's choice among all of them. */
export async function pickDrillVms(ctx: CommandContext, arg: unknown): Promise<EstateVm[] | undefined> {
  const snapshot = ctx.store.snapshot ?? (await ctx.store.refresh().then(() => ctx.store.snapshot));
  const vms = snapshot ? allVms(snapshot) : [];
  if (isVmArgument(arg)) {
    const vm = vms.find((v) => v.key === arg.vmKey);
    return vm ? [vm] : undefined;
  }
  if (isHostArgument(arg)) {
    const onHost = vms.filter((v) => v.hostKey === arg.hostKey && drillable(v));
    if (onHost.length === 0) void vscode.window.showInformationMessage(vscode.l10n.t('No VM of this host allows a test failover now.'));
    return onHost.length > 0 ? onHost : undefined;
  }
  const eligible = vms.filter(drillable);
  if (eligible.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Run DR Drill: no protected VM allows a test failover now.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    eligible.map((v) => ({ label: v.name, description: v.status.summary, detail: v.hostKey, vm: v })),
    { title: vscode.l10n.t('Run DR Drill: virtual machines'), placeHolder: vscode.l10n.t('Choose the VMs to drill'), canPickMany: true, matchOnDescription: true },
  );
  return picked && picked.length > 0 ? picked.map((p) => p.vm) : undefined;
}

export interface TestNetworkChoice {
  id: string;
  name: string;
  productionNetworkConfirmed: boolean;
}

/** What the network question says: Run DR Drill's by default; a recovery plan's test failover says its own. */
export interface TestNetworkWords {
  noNetwork: string;
  title: string;
  question: (network: string) => string;
}

function drillNetworkWords(): TestNetworkWords {
  return {
    noNetwork: vscode.l10n.t(
      'Run DR Drill: there is no virtual network in the target region. Create an isolated virtual network there for test failovers, then run the drill again.',
    ),
    title: vscode.l10n.t('Run DR Drill: network for the test VMs'),
    question: (name) => vscode.l10n.t('Run the drill in the production network {0}?', name),
  };
}

/** Asks for the test network; the production (failover) network only after a modal confirmation. */
export async function pickTestNetwork(
  networks: readonly VirtualNetworkSummary[],
  failoverNetworkIds: readonly string[],
  words: TestNetworkWords = drillNetworkWords(),
): Promise<TestNetworkChoice | undefined> {
  const ordered = orderTestNetworks(networks, failoverNetworkIds);
  if (ordered.length === 0) {
    void vscode.window.showErrorMessage(words.noNetwork);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    ordered.map((t) => ({
      label: t.production ? ['$(warning)', t.network.name].join(' ') : t.network.name,
      description: `${t.network.resourceGroup} · ${t.network.location}`,
      detail: t.production ? vscode.l10n.t('Production: the failover network of a chosen VM') : vscode.l10n.t('Isolated from the failover network'),
      ...t,
    })),
    { title: words.title, placeHolder: vscode.l10n.t('Use an isolated network, not production') },
  );
  if (!picked) return undefined;
  if (picked.production) {
    const go = vscode.l10n.t('Use the production network');
    const answer = await vscode.window.showWarningMessage(
      words.question(picked.network.name),
      {
        modal: true,
        detail: vscode.l10n.t(
          'The test VMs will join the network the VMs fail over to, with the same names and possibly the same IP addresses as production servers. Use an isolated network unless you are sure.',
        ),
      },
      go,
    );
    if (answer !== go) return undefined;
  }
  return { id: picked.network.id, name: picked.network.name, productionNetworkConfirmed: picked.production };
}
