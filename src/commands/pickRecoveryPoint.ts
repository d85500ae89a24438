import * as vscode from 'vscode';
import type { RecoveryPointSummary } from '../services/azure/recoveryPoints';
import { formatPointTime, pointTypeLabel } from '../webviews/failover/failoverModel';

/**
 * Latest (the default), latest app-consistent, or a specific recovery point, with the same words
 * as the Failover wizard's picker (local time with its zone; Crash-consistent, App-consistent).
 * Returns the point's id, undefined for "latest processed", or null when the user cancelled.
 */
export async function pickRecoveryPoint(vmName: string, list: () => Promise<RecoveryPointSummary[]>): Promise<string | undefined | null> {
  const points = await list();
  const appConsistent = points.find((p) => p.type === 'ApplicationConsistent');
  const items: (vscode.QuickPickItem & { id: string | undefined })[] = [
    { label: vscode.l10n.t('Latest processed'), description: points[0] ? formatPointTime(points[0].time) : '', id: undefined },
    ...(appConsistent ? [{ label: vscode.l10n.t('Latest app-consistent'), description: formatPointTime(appConsistent.time), id: appConsistent.id }] : []),
    ...points.slice(0, 50).map((p) => ({ label: formatPointTime(p.time), description: pointTypeLabel(p.type), id: p.id })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Recovery point for {0}', vmName) });
  return picked ? picked.id : null;
}
