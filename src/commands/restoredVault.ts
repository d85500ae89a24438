// Which connected vault a panel restored after a reload acts on (issue 16 §3: several vaults). A
// restored page names its target by ARM id (a protected item's, a recovery plan's), and the id
// holds its vault: the page reopens on that vault when it is connected, so a wizard that was open
// on an added vault is not restored onto the first one. When no connected vault holds the id, the
// first vault's context is returned and the wizard's own restore says why it cannot go on.
import { vaultKeyOfArmId } from '../connection/vaultChange';
import type { CommandContext } from './context';
import { contextForVault } from './context';

/** The context of the connected vault holding `armId`, else the first vault's. */
export function contextForRestoredId(ctx: CommandContext, armId: string | undefined): CommandContext {
  const key = vaultKeyOfArmId(armId);
  return key !== undefined && ctx.vaults.connectionFor(key) !== undefined ? contextForVault(ctx, key) : ctx;
}
