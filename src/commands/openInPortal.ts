import * as vscode from 'vscode';
import { portalUrlForResource } from '../services/azure/cloud';
import { hyperVReplicaDetails } from '../model/protectedItem';
import type { CommandSpec } from './command';
import { isVmArgument } from './context';

/** Opens the VM in the Azure portal of the configured cloud (a failed-over VM), else the vault. */
export const openInPortalCommand: CommandSpec = {
  id: 'azureSiteRecovery.openInPortal',
  async run(ctx, arg) {
    const cloud = ctx.connection.currentCloud() ?? (await ctx.connection.azureContext())?.cloud;
    const vault = ctx.connection.saved?.vault;
    if (!cloud || !vault) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Connect to a vault first.'));
      return;
    }
    const vm = isVmArgument(arg) ? ctx.store.snapshot?.hosts.flatMap((h) => h.vms).find((v) => v.key === arg.vmKey) : undefined;
    const details = vm?.protectedItem ? hyperVReplicaDetails(vm.protectedItem) : undefined;
    const target = details?.recoveryAzureResourceGroupId && details.recoveryAzureVmName
      ? `${details.recoveryAzureResourceGroupId}/providers/Microsoft.Compute/virtualMachines/${details.recoveryAzureVmName}`
      : `/subscriptions/${vault.subscriptionId}/resourceGroups/${vault.resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${vault.vaultName}`;
    await vscode.env.openExternal(vscode.Uri.parse(portalUrlForResource(cloud, target)));
  },
};
