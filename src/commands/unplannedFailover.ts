import type { CommandSpec } from './command';
import { requireVault, resolveVm } from './context';
import { openFailoverWizard } from './failoverWizards';

/**
 * Unplanned failover: the source is down; the VM starts in Azure from the chosen recovery point.
 * The Failover wizard opens on Unplanned; nothing is sent to Azure until the VM's name is typed.
 */
export const unplannedFailoverCommand: CommandSpec = {
  id: 'azureSiteRecovery.unplannedFailover',
  async run(ctx, arg) {
    const vm = await resolveVm(ctx, arg, 'unplannedFailover');
    if (!vm || !(await requireVault(ctx))) return;
    openFailoverWizard(ctx, vm, 'unplanned');
  },
};
