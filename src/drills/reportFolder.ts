// Where a drill's report files go (issue 15 §4): the folder of azureSiteRecovery.drills.reportFolder
// (an absolute path, `~/…`, or a path relative to the first workspace folder), else the extension's
// global storage `drills/` folder. A folder that cannot be used or written to gives a message
// naming the setting and the reason, and the files go to the default folder instead: nothing is
// lost. Files: `<drill id>.md` and `<drill id>.html`. No vscode (l10n.t from @vscode/l10n).

import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { drillFileStem } from './drillRecordJson';

export const REPORT_FOLDER_SETTING = 'azureSiteRecovery.drills.reportFolder';

/** The folder the setting names (absolute), or why it names none that can be used. */
export function resolveReportFolder(setting: string, workspaceFolders: readonly string[], defaultFolder: string): { folder: string; problem?: string } {
  const text = setting.trim();
  if (text === '') return { folder: defaultFolder };
  if (text === '~' || text.startsWith('~/') || text.startsWith('~\\')) return { folder: path.join(os.homedir(), text.slice(1)) };
  if (path.isAbsolute(text)) return { folder: path.normalize(text) };
  const root = workspaceFolders[0];
  if (root === undefined) {
    return { folder: defaultFolder, problem: l10n.t('{0} is the relative path "{1}", but no workspace folder is open.', REPORT_FOLDER_SETTING, text) };
  }
  return { folder: path.resolve(root, text) };
}

/** The two files of a drill's report. */
export interface ReportFiles {
  markdown: string;
  html: string;
}

export function reportFilesIn(folder: string, drillId: string): ReportFiles {
  const stem = drillFileStem(drillId);
  return { markdown: path.join(folder, `${stem}.md`), html: path.join(folder, `${stem}.html`) };
}

async function writeBoth(files: ReportFiles, markdown: string, html: string): Promise<void> {
  await fs.mkdir(path.dirname(files.markdown), { recursive: true });
  await fs.writeFile(files.markdown, markdown, 'utf8');
  await fs.writeFile(files.html, html, 'utf8');
}

/** What writing a report did: its files, and the message to show when it had to use the default folder. */
export interface WrittenReport {
  files: ReportFiles;
  warning?: string;
}

/**
 * Writes a drill's report into the configured folder; when that cannot be used or written to,
 * into the default folder, with a warning that says why. Throws only when the default folder
 * cannot be written to either.
 */
export async function writeReportFiles(
  where: { setting: string; workspaceFolders: readonly string[]; defaultFolder: string },
  drillId: string,
  content: { markdown: string; html: string },
): Promise<WrittenReport> {
  const { folder, problem } = resolveReportFolder(where.setting, where.workspaceFolders, where.defaultFolder);
  let warning = problem;
  if (problem === undefined) {
    const files = reportFilesIn(folder, drillId);
    try {
      await writeBoth(files, content.markdown, content.html);
      return { files };
    } catch (err) {
      warning = l10n.t('The drill report could not be written to {0} ({1}): {2}', folder, REPORT_FOLDER_SETTING, (err as Error).message);
    }
  }
  const files = reportFilesIn(where.defaultFolder, drillId);
  await writeBoth(files, content.markdown, content.html);
  return { files, warning: l10n.t('{0} It was written to {1} instead.', warning ?? '', where.defaultFolder) };
}

/** The drill's report files when both exist in one of the folders (in order), else undefined. */
export async function existingReportFiles(folders: readonly string[], drillId: string): Promise<ReportFiles | undefined> {
  for (const folder of folders) {
    const files = reportFilesIn(folder, drillId);
    try {
      await Promise.all([fs.access(files.markdown), fs.access(files.html)]);
      return files;
    } catch {
      // Not there: the next folder.
    }
  }
  return undefined;
}
