// The status bar item for ASR jobs and initial replication: hidden when nothing runs; shows the
// count with a spinner ("Replicating 1 VM · 42%" while the estate has VMs in initial replication),
// and an error background after a failure until the jobs are looked at. All text comes from
// statusBarModel (pure, unit-tested).

import * as vscode from 'vscode';
import type { JobTracker } from './jobTracker';
import type { EstateSnapshot } from '../estate';
import { replicatingVms, statusBarModel, type DrillSource } from './statusBarModel';

/** The part of the estate store the status bar follows. */
export interface ReplicationSource {
  readonly snapshot: EstateSnapshot | undefined;
  onDidChange(listener: () => void): { dispose(): void };
}

export function createJobStatusBar(tracker: JobTracker, estate: ReplicationSource, drills?: DrillSource): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('azureSiteRecovery.jobs', vscode.StatusBarAlignment.Left, 50);
  item.name = vscode.l10n.t('Azure Site Recovery jobs');
  const update = (): void => {
    const m = statusBarModel(tracker.snapshot, replicatingVms(estate.snapshot), drills?.drillInFlight());
    if (!m.visible) {
      item.hide();
      return;
    }
    item.text = m.text;
    const tooltip = new vscode.MarkdownString(m.tooltip, true);
    tooltip.isTrusted = false;
    item.tooltip = tooltip;
    item.backgroundColor = m.backgroundColorId ? new vscode.ThemeColor(m.backgroundColorId) : undefined;
    item.command = m.command;
    item.show();
  };
  const sub = tracker.onDidChange(update);
  const estateSub = estate.onDidChange(update);
  const drillSub = drills?.onDidChange(update);
  update();
  return {
    dispose: () => {
      sub.dispose();
      estateSub.dispose();
      drillSub?.dispose();
      item.dispose();
    },
  };
}
