import * as vscode from 'vscode';
import { parseProtectableItemId } from '../model/armId';
import { preflightVm } from '../model/preflight';
import { listMappings, listPolicies } from '../services/azure/policies';
import { enableProtection } from '../services/azure/protection';
import { listSubnets, listVirtualNetworks } from '../services/azure/networks';
import { listStorageAccounts } from '../services/azure/storage';
import { listResourceGroups } from '../services/azure/subscriptions';
import type { EstateHost, EstateVm } from '../services/estate';
import { toPreflightFacts } from '../services/hyperv/vmInventory';
import type { CommandSpec } from './command';
import { requireVault, resolveVm, showError, type CommandContext } from './context';

/** Preflight findings from the inventory (when the host answered) and ASR's readiness. */
function preflight(vm: EstateVm, host: EstateHost | undefined): string[] {
  const readiness = vm.protectableItem?.properties;
  const custom = readiness?.customDetails as { hasPhysicalDisk?: string; hasFibreChannelAdapter?: string; hasSharedVhd?: string } | undefined;
  const facts = vm.inventory
    ? toPreflightFacts(
        { name: host?.name ?? vm.hostKey, fqdn: host?.fqdn ?? vm.hostKey, osCaption: host?.osCaption ?? '', osBuild: host?.osBuild ?? 0, isServerCore: host?.isServerCore ?? false, hyperVModule: true, provider: { installed: true, registered: true } },
        vm.inventory,
      ).vm
    : { name: vm.name, disks: [] };
  const result = preflightVm({ name: vm.hostKey }, facts, {
    ...(readiness?.protectionReadinessErrors ? { protectionReadinessErrors: readiness.protectionReadinessErrors } : {}),
    ...(custom?.hasPhysicalDisk ? { hasPhysicalDisk: custom.hasPhysicalDisk } : {}),
    ...(custom?.hasFibreChannelAdapter ? { hasFibreChannelAdapter: custom.hasFibreChannelAdapter } : {}),
    ...(custom?.hasSharedVhd ? { hasSharedVhd: custom.hasSharedVhd } : {}),
  });
  // Host rules are the host's business (shown on the host node); without an inventory the disk
  // count is unknown, not wrong.
  return result.findings
    .filter((f) => f.severity === 'error' && f.target !== 'host' && (vm.inventory !== undefined || f.ruleId !== 'vm.osDisk.count'))
    .map((f) => f.message);
}

/**
 * Enable replication with quick picks (the Enable Replication wizard replaces this): policy
 * associated with the VM's site, target resource group, storage account and network in the
 * vault's region. A VM that fails the support matrix is not submitted.
 */
export const enableReplicationCommand: CommandSpec = {
  id: 'azureSiteRecovery.enableReplication',
  async run(ctx, arg) {
    const vm = await resolveVm(ctx, arg, 'enableProtection');
    const vctx = vm ? await requireVault(ctx) : undefined;
    if (!vm || !vctx) return;
    if (!vm.protectableItem?.id) {
      void vscode.window.showWarningMessage(vscode.l10n.t('{0} is not known to the vault yet: register its host ({1}) with the vault first.', vm.name, vm.hostKey));
      return;
    }
    const host = ctx.store.snapshot?.hosts.find((h) => h.key === vm.hostKey);
    const blockers = preflight(vm, host);
    if (blockers.length > 0) {
      void vscode.window.showErrorMessage(vscode.l10n.t('{0} cannot be protected: {1}', vm.name, blockers.join(' ')), { modal: true });
      return;
    }
    await pickAndEnable(ctx, vm, vctx).catch((e: unknown) => showError(ctx, e, 'Enable replication'));
  },
};

async function pickAndEnable(ctx: CommandContext, vm: EstateVm, vctx: NonNullable<Awaited<ReturnType<typeof requireVault>>>): Promise<void> {
  const ref = parseProtectableItemId(vm.protectableItem!.id!);
  const location = ctx.connection.saved?.vault?.location;
  const title = vscode.l10n.t('Enable replication for {0}', vm.name);
  const [policies, mappings] = await Promise.all([listPolicies(vctx), listMappings(vctx, ref.fabricName, ref.containerName)]);
  const associated = policies.filter((p) => mappings.some((m) => m.properties?.policyId?.toLowerCase() === p.id?.toLowerCase() && m.properties?.state === 'Paired'));
  if (associated.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('No replication policy is associated with the site {0}. Create one and associate it (the Enable Replication wizard will do it for you).', ref.fabricName));
    return;
  }
  const policy = await vscode.window.showQuickPick(associated.map((p) => ({ label: p.name ?? '', policy: p })), { title, placeHolder: vscode.l10n.t('Replication policy') });
  if (!policy) return;
  const groups = await listResourceGroups(vctx);
  const group = await vscode.window.showQuickPick(groups.map((g) => ({ label: g.name, description: g.location, g })), { title, placeHolder: vscode.l10n.t('Resource group for the VM in Azure') });
  if (!group) return;
  const accounts = await listStorageAccounts(vctx, location ? { location } : {});
  if (accounts.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('No storage account in the vault\'s region ({0}). Create one there first.', location ?? ''));
    return;
  }
  const account = await vscode.window.showQuickPick(accounts.map((a) => ({ label: a.name, description: `${a.resourceGroup} · ${a.location}`, a })), { title, placeHolder: vscode.l10n.t('Storage account (in the vault\'s region)') });
  if (!account) return;
  const networks = await listVirtualNetworks(vctx, location ? { location } : {});
  const none = vscode.l10n.t('Choose the network at failover');
  const network = await vscode.window.showQuickPick([{ label: none, id: undefined as string | undefined }, ...networks.map((n) => ({ label: n.name, description: n.resourceGroup, id: n.id }))], { title, placeHolder: vscode.l10n.t('Virtual network for the VM in Azure') });
  if (!network) return;
  let subnet: string | undefined;
  if (network.id) {
    const subnets = await listSubnets(vctx, network.id);
    subnet = (await vscode.window.showQuickPick(subnets.map((s) => ({ label: s.name, description: s.addressPrefix ?? '' })), { title, placeHolder: vscode.l10n.t('Subnet') }))?.label;
    if (!subnet) return;
  }
  ctx.store.setTransient(vm.key, vscode.l10n.t('Enabling replication…'));
  try {
    const op = await enableProtection(vctx, {
      fabricName: ref.fabricName,
      containerName: ref.containerName,
      protectedItemName: ref.protectableItemName,
      policyId: policy.policy.id ?? '',
      protectableItem: vm.protectableItem!,
      vmName: vm.name,
      osType: vm.inventory?.osType ?? 'Windows',
      targetStorageAccountId: account.a.id,
      targetResourceGroupId: group.g.id,
      ...(network.id ? { targetNetworkId: network.id, ...(subnet ? { targetSubnetName: subnet } : {}) } : {}),
      useManagedDisks: true,
    });
    ctx.store.setTransient(vm.key, vscode.l10n.t('Enabling replication…'), op.jobName);
    ctx.jobs.watch(op.jobName, { vmName: vm.name });
    void ctx.jobs.refreshNow();
    await ctx.store.refreshProtection(vctx);
  } catch (e) {
    ctx.store.clearTransient(vm.key);
    throw e;
  }
}
