// The drill history (issue 15 §4): one JSON file per finished drill (drillRecordJson.ts), newest
// first. It lives in the extension's global storage (`drills/.history/`), not in the report folder:
// the history outlives a change of azureSiteRecovery.drills.reportFolder and a report folder that
// cannot be written to, stays out of the workspace (a workspace-relative report folder may be in a
// repository: reports are meant to be shared, the raw records are not), and is one per machine
// whatever window ran the drill. The reports are rendered from it again when their files are gone.
// A damaged file is skipped with a log line, never a crash; the history keeps the newest 500
// drills. No secret: a record holds names, ids, times, figures and Azure's error texts only, and
// only its own fields are written. No vscode: extension.ts gives the folder and the log.

import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { DrillHistorySource, DrillRecord } from '../model/drillRecord';
import { decodeDrillRecord, drillFileStem, encodeDrillRecord } from './drillRecordJson';

/** The folder, under the extension's global storage, of the drills' reports by default and of the history. */
export const DRILLS_FOLDER = 'drills';
/** The history's folder inside DRILLS_FOLDER. */
export const HISTORY_FOLDER = '.history';
/** How many drills the history keeps (the oldest beyond are deleted when a drill is saved). */
export const HISTORY_LIMIT = 500;

export interface DrillHistoryOptions {
  /** The history's folder (globalStorage/drills/.history). */
  folder: string;
  /** A line for the output log (English, no secret). */
  log: (line: string) => void;
  limit?: number;
}

interface Cached {
  mtimeMs: number;
  size: number;
  record: DrillRecord | undefined;
}

/** The drill history on disk: implements DrillHistorySource (the report, Show DR Drills and the dashboard read it). */
export class DrillHistory implements DrillHistorySource {
  private readonly listeners = new Set<() => void>();
  /** Parsed files by name, kept while their size and time are unchanged (a list reads each file once). */
  private readonly cache = new Map<string, Cached>();
  private readonly limit: number;

  constructor(private readonly options: DrillHistoryOptions) {
    this.limit = Math.max(1, options.limit ?? HISTORY_LIMIT);
  }

  get folder(): string {
    return this.options.folder;
  }

  /** Saves a drill (a temporary file renamed over `<id>.json`), deletes the oldest beyond the limit, and tells the listeners. */
  async save(record: DrillRecord): Promise<void> {
    await fs.mkdir(this.options.folder, { recursive: true });
    const file = path.join(this.options.folder, `${drillFileStem(record.id)}.json`);
    const temporary = `${file}.${process.pid}.tmp`;
    await fs.writeFile(temporary, encodeDrillRecord(record), 'utf8');
    await fs.rename(temporary, file);
    await this.prune();
    for (const listener of [...this.listeners]) listener();
  }

  /** Every readable drill, newest first (by start); damaged files skipped with a log line. */
  async list(): Promise<DrillRecord[]> {
    const records = (await this.entries()).map((e) => e.record);
    return records.sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime() || b.id.localeCompare(a.id));
  }

  /** The drill with this id, if the history holds it. */
  async get(id: string): Promise<DrillRecord | undefined> {
    return (await this.list()).find((r) => r.id === id);
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private async names(): Promise<string[]> {
    try {
      return (await fs.readdir(this.options.folder)).filter((n) => n.endsWith('.json'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.options.log(`Drill history: cannot read ${this.options.folder}: ${(err as Error).message}`);
      return [];
    }
  }

  private async entries(): Promise<{ name: string; record: DrillRecord }[]> {
    const names = await this.names();
    for (const name of [...this.cache.keys()]) if (!names.includes(name)) this.cache.delete(name);
    const read = await Promise.all(names.map(async (name) => ({ name, record: await this.read(name) })));
    return read.filter((e): e is { name: string; record: DrillRecord } => e.record !== undefined);
  }

  private async read(name: string): Promise<DrillRecord | undefined> {
    const file = path.join(this.options.folder, name);
    try {
      const stat = await fs.stat(file);
      const cached = this.cache.get(name);
      if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.record;
      const decoded = decodeDrillRecord(await fs.readFile(file, 'utf8'));
      const record = 'record' in decoded ? decoded.record : undefined;
      if ('problem' in decoded) this.options.log(`Drill history: skipped ${name}: ${decoded.problem}`);
      this.cache.set(name, { mtimeMs: stat.mtimeMs, size: stat.size, record });
      return record;
    } catch (err) {
      this.options.log(`Drill history: skipped ${name}: ${(err as Error).message}`);
      return undefined;
    }
  }

  /** Deletes the oldest drills beyond the limit (damaged files are left for the administrator to look at). */
  private async prune(): Promise<void> {
    const entries = await this.entries();
    if (entries.length <= this.limit) return;
    entries.sort((a, b) => b.record.startedAt.getTime() - a.record.startedAt.getTime());
    for (const { name } of entries.slice(this.limit)) {
      try {
        await fs.rm(path.join(this.options.folder, name), { force: true });
        this.cache.delete(name);
      } catch (err) {
        this.options.log(`Drill history: cannot delete ${name}: ${(err as Error).message}`);
      }
    }
  }
}
