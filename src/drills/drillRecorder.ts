// Where a finished DR drill goes (issue 15 §4), the DrillRecorder Run DR Drill calls: the record
// is kept in the drill history, its report is written as Markdown and HTML into the report folder
// (reportFolder.ts), the Markdown opens in VS Code's preview and a notification offers the HTML
// (opened by the system's browser). Show DR Drills opens past reports through the same class,
// rendering them again from the history when their files are gone. Errors become one message,
// never a stack trace; nothing is lost when the report folder cannot be written to.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { readDrillReportFolder } from '../connection/settings';
import type { DrillRecord, DrillRecorder } from '../model/drillRecord';
import { DRILLS_FOLDER, DrillHistory, HISTORY_FOLDER } from './drillHistory';
import { drillReportHtml } from './report/htmlReport';
import { drillReportMarkdown } from './report/markdownReport';
import { existingReportFiles, resolveReportFolder, writeReportFiles, type ReportFiles } from './reportFolder';

export interface DrillReportsDeps {
  history: DrillHistory;
  /** The extension's global storage `drills/` folder: the default report folder. */
  defaultFolder: string;
  /** azureSiteRecovery.drills.reportFolder as set ('' when not). */
  configuredFolder: () => string;
  /** The open workspace folders' paths (a relative report folder is taken from the first). */
  workspaceFolders: () => string[];
  log: vscode.LogOutputChannel;
}

/** The drills' reports: writes them when a drill ends, and opens them (the DrillRecorder of Run DR Drill). */
export class DrillReports implements DrillRecorder {
  constructor(private readonly deps: DrillReportsDeps) {}

  get history(): DrillHistory {
    return this.deps.history;
  }

  /** The drill ended: keep it in the history, write its report, open the Markdown and offer the HTML. */
  async ended(record: DrillRecord): Promise<void> {
    try {
      await this.deps.history.save(record);
    } catch (err) {
      const text = vscode.l10n.t('The drill could not be kept in the drill history: {0}', (err as Error).message);
      this.deps.log.error(text);
      void vscode.window.showWarningMessage(text);
    }
    const files = await this.write(record);
    if (!files) return;
    await this.openMarkdown(files);
    const openHtml = vscode.l10n.t('Open HTML report');
    void vscode.window.showInformationMessage(vscode.l10n.t('The DR drill report is in {0}.', files.markdown), openHtml).then((answer) => {
      if (answer === openHtml) void this.openHtml(files);
    });
  }

  /** Renders the drill's report with the history of its VMs and writes both files; undefined (and a message) when nothing could be written. */
  async write(record: DrillRecord): Promise<ReportFiles | undefined> {
    try {
      const history = await this.deps.history.list();
      const content = { markdown: drillReportMarkdown(record, history), html: drillReportHtml(record, history, vscode.env.language) };
      const where = { setting: this.deps.configuredFolder(), workspaceFolders: this.deps.workspaceFolders(), defaultFolder: this.deps.defaultFolder };
      const written = await writeReportFiles(where, record.id, content);
      if (written.warning !== undefined) {
        this.deps.log.warn(written.warning);
        void vscode.window.showWarningMessage(written.warning);
      }
      this.deps.log.info(`Drill ${record.id}: report written to ${written.files.markdown} and ${written.files.html}`);
      return written.files;
    } catch (err) {
      const text = vscode.l10n.t('The report of drill {0} could not be written: {1}', record.id, (err as Error).message);
      this.deps.log.error(text);
      void vscode.window.showErrorMessage(text);
      return undefined;
    }
  }

  /** A past drill's report files: where they are (the report folder, else the default one), else written again from the history. */
  async filesFor(record: DrillRecord): Promise<ReportFiles | undefined> {
    const { folder } = resolveReportFolder(this.deps.configuredFolder(), this.deps.workspaceFolders(), this.deps.defaultFolder);
    return (await existingReportFiles([folder, this.deps.defaultFolder], record.id)) ?? (await this.write(record));
  }

  /** Opens the Markdown report in VS Code's preview; the file itself when the preview cannot be shown (the built-in Markdown extension disabled). */
  async openMarkdown(files: ReportFiles): Promise<void> {
    const uri = vscode.Uri.file(files.markdown);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch (err) {
      this.deps.log.warn(`Markdown preview of ${files.markdown} failed: ${(err as Error).message}`);
      await vscode.window.showTextDocument(uri);
    }
  }

  async openHtml(files: ReportFiles): Promise<void> {
    const opened = await vscode.env.openExternal(vscode.Uri.file(files.html));
    if (!opened) void vscode.window.showWarningMessage(vscode.l10n.t('The HTML report could not be opened. It is {0}.', files.html));
  }
}

/** The drills' reports and history of this extension: both under its global storage `drills/` folder, the reports where the setting says. */
export function createDrillReports(globalStorage: vscode.Uri, log: vscode.LogOutputChannel): DrillReports {
  const defaultFolder = vscode.Uri.joinPath(globalStorage, DRILLS_FOLDER).fsPath;
  const history = new DrillHistory({ folder: path.join(defaultFolder, HISTORY_FOLDER), log: (line) => log.warn(line) });
  const workspaceFolders = (): string[] => (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  return new DrillReports({ history, defaultFolder, configuredFolder: readDrillReportFolder, workspaceFolders, log });
}
