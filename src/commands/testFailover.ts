import * as vscode from 'vscode';
import { listVirtualNetworks } from '../services/azure/networks';
import { listRecoveryPoints } from '../services/azure/recoveryPoints';
import { refOfItemId } from '../services/azure/protection';
import { testFailover } from '../services/azure/failover';
import type { CommandSpec } from './command';
import { requireVault, resolveVm, runVmAction } from './context';
import { pickRecoveryPoint } from './pickRecoveryPoint';

/** Test failover: the VM keeps running on premises; a test VM starts in Azure until cleanup. */
export const testFailoverCommand: CommandSpec = {
  id: 'azureSiteRecovery.testFailover',
  async run(ctx, arg) {
    const vm = await resolveVm(ctx, arg, 'testFailover');
    const vctx = vm ? await requireVault(ctx) : undefined;
    const protection = vm?.protection;
    if (!vm || !protection || !vctx) return;
    const vault = ctx.connection.saved?.vault;
    const networks = await listVirtualNetworks(vctx, vault?.location ? { location: vault.location } : {});
    const none = vscode.l10n.t('No network (isolated test VM)');
    const network = await vscode.window.showQuickPick(
      [{ label: none, id: undefined as string | undefined }, ...networks.map((n) => ({ label: n.name, description: `${n.resourceGroup} · ${n.location}`, id: n.id }))],
      { title: vscode.l10n.t('Test failover of {0}: network for the test VM', vm.name), placeHolder: vscode.l10n.t('Use an isolated network, not production') },
    );
    if (!network) return;
    const point = await pickRecoveryPoint(vm.name, () => listRecoveryPoints(vctx, refOfItemId(protection.itemId)));
    if (point === null) return;
    await runVmAction(ctx, vm, {
      action: 'testFailover',
      transientText: vscode.l10n.t('Starting test failover…'),
      start: (v, item) => testFailover(v, item, { ...(network.id ? { networkId: network.id } : {}), ...(point ? { recoveryPointId: point } : {}) }),
      nextStep: { title: vscode.l10n.t('Clean up test failover'), command: 'azureSiteRecovery.cleanupTestFailover' },
    });
  },
};
