// The status bar item for ASR jobs: hidden when nothing runs; shows the count with a spinner, and
// an error background after a failure until the jobs are looked at. All text comes from
// statusBarModel (pure, unit-tested).

import * as vscode from 'vscode';
import type { JobTracker } from './jobTracker';
import { statusBarModel } from './statusBarModel';

export function createJobStatusBar(tracker: JobTracker): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('azureSiteRecovery.jobs', vscode.StatusBarAlignment.Left, 50);
  item.name = vscode.l10n.t('Azure Site Recovery jobs');
  const update = (): void => {
    const m = statusBarModel(tracker.snapshot);
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
  update();
  return {
    dispose: () => {
      sub.dispose();
      item.dispose();
    },
  };
}
