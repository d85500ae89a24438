// Show DR Drills (issue 15 §4): the past drills of the drill history in a quick pick, newest
// first (date and result, VMs, passed and failed, worst RTO and RPO: src/drills/report/drillPicks.ts).
// Choosing one opens its Markdown report in the preview (written again from the history when
// its file is gone); the button of an entry opens its HTML report in the system's browser.

import * as vscode from 'vscode';
import type { DrillRecord } from '../model/drillRecord';
import { drillPick } from '../drills/report/drillPicks';
import type { DrillReports } from '../drills/drillRecorder';
import type { CommandSpec } from './command';
import { showError } from './context';

interface DrillItem extends vscode.QuickPickItem {
  record: DrillRecord;
}

async function openReport(reports: DrillReports, record: DrillRecord, as: 'markdown' | 'html'): Promise<void> {
  const files = await reports.filesFor(record);
  if (!files) return;
  if (as === 'markdown') await reports.openMarkdown(files);
  else await reports.openHtml(files);
}

/** The quick pick of past drills; resolves when it is closed. */
function pickDrill(reports: DrillReports, records: readonly DrillRecord[]): Promise<void> {
  const htmlButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('globe'), tooltip: vscode.l10n.t('Open HTML report') };
  const pick = vscode.window.createQuickPick<DrillItem>();
  pick.title = vscode.l10n.t('DR drills');
  pick.placeholder = vscode.l10n.t('Choose a drill to open its report');
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.items = records.map((record) => ({ ...drillPick(record), record, buttons: [htmlButton] }));
  return new Promise((resolve) => {
    pick.onDidTriggerItemButton((e) => void openReport(reports, e.item.record, 'html'));
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0];
      pick.hide();
      if (chosen) void openReport(reports, chosen.record, 'markdown');
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve();
    });
    pick.show();
  });
}

export const showDrillsCommand: CommandSpec = {
  id: 'azureSiteRecovery.showDrills',
  async run(ctx) {
    try {
      const records = await ctx.drillReports.history.list();
      if (records.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('No DR drill has been run yet. Run DR Drill writes a report when a drill ends.'));
        return;
      }
      await pickDrill(ctx.drillReports, records);
    } catch (e) {
      showError(ctx, e, 'Show DR Drills');
    }
  },
};
