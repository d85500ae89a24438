import type { CommandSpec } from './command';
import { requireVault, resolveVm } from './context';
import { openFailoverWizard } from './failoverWizards';

/** Failover…: the wizard with the three kinds (Test, Planned, Unplanned) the VM allows now. */
export const failoverCommand: CommandSpec = {
  id: 'azureSiteRecovery.failover',
  async run(ctx, arg) {
    const vm = await resolveVm(ctx, arg, ['plannedFailover', 'unplannedFailover', 'testFailover']);
    if (!vm || !(await requireVault(ctx))) return;
    openFailoverWizard(ctx, vm);
  },
};
