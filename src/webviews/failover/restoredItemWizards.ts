// Rebuilds the Failover and Failback wizards after a reload. Their saved state is the webview's
// (setState): anything may be in it, so it names the target only by its protected item's ARM id,
// and the choices typed. Before a wizard is rebuilt: the id must be of the connected vault, every
// other id it holds must belong to that item or that subscription, and the estate (the connected
// vault's) must hold the item. What names or describes the VM — its name, its state, what it
// allows — is then read again from Azure, never taken from the saved state; the name the
// confirmation asks for is that one. Otherwise the panel shows why, and nothing is sent. Pure: no
// vscode; the glue (src/commands/failoverWizards.ts) passes the estate's look-up.
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import * as l10n from '@vscode/l10n';
import type { ProtectedItemRef } from '../../model/armId';
import { parseProtectedItemId, parseRecoveryPointId, protectedItemId, sameArmId, tryParseArmId, vaultId } from '../../model/armId';
import { failureText } from '../../model/failureText';
import { equalsIgnoreCase } from '../../model/wireValues';
import type { VaultContext } from '../../services/azure/clients';
import { NoticeWizard } from '../form/noticeWizard';
import { FailbackWizard, type FailbackSnapshot } from './failbackWizard';
import { noNetwork } from './failoverModel';
import type { FailoverDeps, FailoverServices } from './failoverServices';
import type { RestoredItem } from './jobProgress';
import { azureFailoverServices } from './failoverServices';
import { FailoverWizard, type FailoverSnapshot } from './failoverWizard';

/** The estate's name of the VM this protected item stands for; undefined when the estate does not hold the item. */
export type EstateVmName = (itemId: string) => Promise<string | undefined>;

/** The ids a saved state holds besides its item. */
interface SavedIds {
  itemId: string;
  /** Recovery points (the one chosen, the one sent): each must be one of the item's. */
  recoveryPointIds?: readonly (string | undefined)[];
  /** The test failover's network: 'none' or a virtual network of the vault's subscription. */
  networkId?: string | undefined;
}

export type RestoredTarget = ({ ok: true } & RestoredItem) | { ok: false; reason: string };

const openAgain = (): string => l10n.t('Nothing was sent to Azure. Close this page and open the wizard again from the VM in the Protection view.');

function parseItem(itemId: string): ProtectedItemRef | undefined {
  try {
    return parseProtectedItemId(itemId);
  } catch {
    return undefined;
  }
}

function isPointOf(pointId: string, itemId: string): boolean {
  try {
    return sameArmId(protectedItemId(parseRecoveryPointId(pointId)), itemId);
  } catch {
    return false;
  }
}

/** Whether a saved test network is 'none' or a virtual network of the subscription (the plan wizard's restore checks it too). */
export function isNetworkOf(networkId: string, subscriptionId: string): boolean {
  if (networkId === noNetwork) return true;
  const p = tryParseArmId(networkId);
  return (
    p !== undefined &&
    equalsIgnoreCase(p.subscriptionId, subscriptionId) &&
    equalsIgnoreCase(p.provider, 'Microsoft.Network') &&
    p.segments.length === 1 &&
    equalsIgnoreCase(p.segments[0]?.type, 'virtualNetworks')
  );
}

/** Why the saved ids do not belong to the connected vault (undefined when they do). */
function idsProblem(saved: SavedIds, ref: ProtectedItemRef, vctx: VaultContext): string | undefined {
  if (!sameArmId(vaultId(ref), vaultId(vctx.vault))) {
    return l10n.t('The VM this page was for is not in the vault you are connected to ({0}).', vctx.vault.vaultName);
  }
  const points = (saved.recoveryPointIds ?? []).filter((p): p is string => p !== undefined);
  const network = saved.networkId;
  if (points.some((p) => !isPointOf(p, saved.itemId)) || (network !== undefined && !isNetworkOf(network, vctx.vault.subscriptionId))) {
    return l10n.t('The choices saved with this page name resources that do not belong to its VM.');
  }
  return undefined;
}

/**
 * Checks a restored state's ids and reads its target again: the item from Azure, its name from
 * Azure (else the estate's). Reads only; sends no action.
 */
export async function restoredTarget(
  saved: SavedIds,
  estateVmName: EstateVmName,
  deps: Pick<FailoverDeps, 'vaultContext'>,
  services: Pick<FailoverServices, 'getProtectedItem'>,
): Promise<RestoredTarget> {
  const ref = parseItem(saved.itemId);
  if (!ref) return { ok: false, reason: `${l10n.t('This page could not be restored: its saved state does not name a protected VM.')} ${openAgain()}` };
  let vctx: VaultContext;
  try {
    vctx = await deps.vaultContext();
  } catch (e) {
    return { ok: false, reason: `${failureText(e)} ${openAgain()}` };
  }
  const problem = idsProblem(saved, ref, vctx);
  if (problem !== undefined) return { ok: false, reason: `${problem} ${openAgain()}` };
  const estateName = await estateVmName(saved.itemId);
  if (estateName === undefined) {
    return { ok: false, reason: `${l10n.t('The VM this wizard was for is no longer in the vault {0}.', vctx.vault.vaultName)} ${openAgain()}` };
  }
  let item: ReplicationProtectedItem;
  try {
    item = await services.getProtectedItem(vctx, ref);
  } catch (e) {
    return { ok: false, reason: `${l10n.t('Could not read {0} from Azure Site Recovery: {1}', estateName, failureText(e))} ${openAgain()}` };
  }
  const azureName = item.properties?.friendlyName?.trim();
  return { ok: true, vmName: azureName !== undefined && azureName !== '' ? azureName : estateName, item };
}

function notRestored(title: string): NoticeWizard {
  return new NoticeWizard(title, `${l10n.t('This page could not be restored after the reload: its saved state was not valid.')} ${openAgain()}`);
}

/** What restoring a wizard needs: the glue's deps, the estate's look-up, the Azure operations (default: the real ones). */
export interface ItemRestoreContext {
  deps: FailoverDeps;
  estateVmName: EstateVmName;
  services?: FailoverServices;
}

/** How one wizard is rebuilt: its title, the ids its snapshot holds, and the wizard once they hold. */
interface Rebuild<S, W> {
  title: string;
  ids: (snapshot: S) => SavedIds;
  build: (snapshot: S, target: RestoredItem, services: FailoverServices) => W;
}

async function restoreItemWizard<S, W>(ctx: ItemRestoreContext, snapshot: S | undefined, r: Rebuild<S, W>): Promise<W | NoticeWizard> {
  if (!snapshot) return notRestored(r.title);
  const services = ctx.services ?? azureFailoverServices;
  const target = await restoredTarget(r.ids(snapshot), ctx.estateVmName, ctx.deps, services);
  return target.ok ? r.build(snapshot, target, services) : new NoticeWizard(r.title, target.reason);
}

/** The Failover wizard of a restored panel, or a page that says why it cannot be (nothing sent). */
export function restoreFailoverWizard(ctx: ItemRestoreContext, snapshot: FailoverSnapshot | undefined): Promise<FailoverWizard | NoticeWizard> {
  return restoreItemWizard(ctx, snapshot, {
    title: l10n.t('Failover'),
    ids: (snap) => ({ itemId: snap.itemId, recoveryPointIds: [snap.pointId, snap.startedPointId], networkId: snap.networkId }),
    build: (snap, target, services) => FailoverWizard.restore(ctx.deps, snap, target, services),
  });
}

/** The Failback wizard of a restored panel, or a page that says why it cannot be (nothing sent). */
export function restoreFailbackWizard(ctx: ItemRestoreContext, snapshot: FailbackSnapshot | undefined): Promise<FailbackWizard | NoticeWizard> {
  return restoreItemWizard(ctx, snapshot, {
    title: l10n.t('Failback'),
    ids: (snap) => ({ itemId: snap.itemId }),
    build: (snap, target, services) => FailbackWizard.restore(ctx.deps, snap, target, services),
  });
}
