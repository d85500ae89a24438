import type { CommandSpec } from './command';
import { requireVault, resolveVm } from './context';
import { openFailoverWizard } from './failoverWizards';

/**
 * Planned failover: shuts the VM down in order, syncs the last changes, starts it in Azure. The
 * Failover wizard opens on Planned; nothing is sent to Azure until the VM's name is typed.
 */
export const plannedFailoverCommand: CommandSpec = {
  id: 'azureSiteRecovery.plannedFailover',
  async run(ctx, arg) {
    const vm = await resolveVm(ctx, arg, 'plannedFailover');
    if (!vm || !(await requireVault(ctx))) return;
    openFailoverWizard(ctx, vm, 'planned');
  },
};
