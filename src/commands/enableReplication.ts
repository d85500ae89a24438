import type { CommandSpec } from './command';
import { isHostArgument, isVmArgument } from './context';
import type { EnableReplicationOrigin } from './enableReplicationWizard';
import { openEnableReplicationWizard } from './enableReplicationWizard';

/**
 * Enable replication: the wizard (preflight, target, policy, review, run with the provider
 * installed and registered where needed). From a VM node that VM is chosen; from a host node,
 * the host's VMs; from the palette, none yet.
 */
export const enableReplicationCommand: CommandSpec = {
  id: 'azureSiteRecovery.enableReplication',
  async run(ctx, arg) {
    const origin: EnableReplicationOrigin = isVmArgument(arg) ? { vmKey: arg.vmKey } : isHostArgument(arg) ? { hostKey: arg.hostKey } : {};
    await openEnableReplicationWizard(ctx, origin);
  },
};
