import type { CommandSpec } from './command';
import { requireVault, resolveVm } from './context';
import { openFailbackWizard } from './failoverWizards';

/** Failback: the wizard that brings a VM running in Azure back to its Hyper-V host, then commit and reverse replication. */
export const failbackCommand: CommandSpec = {
  id: 'azureSiteRecovery.failback',
  async run(ctx, arg) {
    const vm = await resolveVm(ctx, arg, 'failback');
    if (!vm || !(await requireVault(ctx))) return;
    openFailbackWizard(ctx, vm);
  },
};
