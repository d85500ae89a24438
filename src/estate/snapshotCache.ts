// The last estate snapshot on disk, so a window reload shows the estate at once (issue 14,
// "stale-while-revalidate"): saved after a successful refresh (10 s after the first change of a
// window, then at most one write per 10 min), keyed by the vault
// (subscription/resource group/vault name), read back at activation and shown marked as cached
// until the first refresh lands. A snapshot holds display facts only (the facts derived from each
// VM's Hyper-V inventory and ASR protectable item, not those objects: src/estate/vmFacts.ts), so it
// is saved whole; nothing secret is in it (no token, no credential: those live in SecretStorage and
// never reach the estate).
// A file of another format version, another vault, or one that does not parse is ignored.
// No vscode: extension.ts hands it the extension's global storage folder.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { EstateSnapshot } from './types';

/** Raised when what is saved changes shape: a file of another version is ignored. */
export const ESTATE_CACHE_FORMAT = 1;

/** The folder, under the extension's global storage, that holds one file per vault. */
export const ESTATE_CACHE_FOLDER = 'estate-cache';

export interface CachedEstate {
  /** The vault the snapshot was read from (vaultChange.ts vaultKeyOf). */
  vaultKey: string;
  savedAt: Date;
  snapshot: EstateSnapshot;
}

interface CacheFile extends CachedEstate {
  format: number;
}

/** A Date in the file: `{ "$date": "<ISO>" }`, so no string that merely looks like a date is revived as one. */
const DATE_TAG = '$date';

/** The file's text for `snapshot` of the vault `vaultKey`. */
export function encodeEstateCache(snapshot: EstateSnapshot, vaultKey: string, savedAt: Date): string {
  const file: CacheFile = {
    format: ESTATE_CACHE_FORMAT,
    vaultKey,
    savedAt,
    snapshot,
  };
  return JSON.stringify(file, function (this: Record<string, unknown>, key: string, value: unknown) {
    // `value` is already Date.toJSON's string; the holder still has the Date.
    const raw = this[key];
    return raw instanceof Date ? { [DATE_TAG]: raw.toISOString() } : value;
  });
}

function reviveDates(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const tagged = (value as Record<string, unknown>)[DATE_TAG];
    if (typeof tagged === 'string' && Object.keys(value).length === 1) return new Date(tagged);
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The shape the views walk without a guard (keys, lists, the status); a broken field of one item shows as that item's error. */
function isVm(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.key === 'string' &&
    typeof value.name === 'string' &&
    typeof value.contextValue === 'string' &&
    isRecord(value.status) &&
    Array.isArray(value.actions)
  );
}

function isHost(value: unknown): boolean {
  return isRecord(value) && typeof value.key === 'string' && typeof value.name === 'string' && isRecord(value.provider) && Array.isArray(value.vms) && value.vms.every(isVm);
}

function isSnapshot(value: unknown): value is EstateSnapshot {
  return (
    isRecord(value) &&
    value.takenAt instanceof Date &&
    isRecord(value.counts) &&
    Array.isArray(value.hosts) &&
    value.hosts.every(isHost) &&
    Array.isArray(value.unassignedVms) &&
    value.unassignedVms.every(isVm)
  );
}

/** The snapshot in `text` when it is of this format and of the vault `vaultKey`; undefined otherwise (never throws). */
export function decodeEstateCache(text: string, vaultKey: string): CachedEstate | undefined {
  let file: unknown;
  try {
    file = JSON.parse(text, reviveDates);
  } catch {
    return undefined;
  }
  if (!isRecord(file) || file.format !== ESTATE_CACHE_FORMAT || file.vaultKey !== vaultKey) return undefined;
  if (!(file.savedAt instanceof Date) || Number.isNaN(file.savedAt.getTime()) || !isSnapshot(file.snapshot)) return undefined;
  return { vaultKey, savedAt: file.savedAt, snapshot: file.snapshot };
}

/** The file of a vault: a hash of its key, so the name says nothing of the subscription or the vault. */
export function estateCacheFile(folder: string, vaultKey: string): string {
  return path.join(folder, `${createHash('sha256').update(vaultKey).digest('hex').slice(0, 32)}.json`);
}

/** Writes the vault's file (a temporary file renamed over it, so a reader never sees half of one). */
export async function saveEstateCache(folder: string, vaultKey: string, snapshot: EstateSnapshot, savedAt: Date): Promise<void> {
  const file = estateCacheFile(folder, vaultKey);
  await fs.mkdir(folder, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temporary, encodeEstateCache(snapshot, vaultKey, savedAt), 'utf8');
  await fs.rename(temporary, file);
}

/** The vault's saved snapshot; undefined when there is none or it cannot be used (never throws). */
export async function loadEstateCache(folder: string, vaultKey: string): Promise<CachedEstate | undefined> {
  try {
    return decodeEstateCache(await fs.readFile(estateCacheFile(folder, vaultKey), 'utf8'), vaultKey);
  } catch {
    return undefined;
  }
}

/** Deletes every vault's file (Sign Out). */
export async function deleteEstateCaches(folder: string): Promise<void> {
  await fs.rm(folder, { recursive: true, force: true });
}

/** What keeping the cache needs of the estate store (store.ts). */
export interface CachedEstateStore {
  readonly snapshot: EstateSnapshot | undefined;
  /** When the snapshot shown was saved, while it is the cached one. */
  readonly cachedAt: Date | undefined;
  /** The snapshot holds what the connected vault said (a refresh read ASR since the vault was chosen). */
  readonly vaultRead: boolean;
  /** Listeners get the keys that changed (store.ts EstateChange); empty lists when nothing did. */
  onDidChange(listener: (change: { hostKeys?: string[]; vmKeys?: string[] }) => void): { dispose(): void };
  showCached(snapshot: EstateSnapshot, savedAt: Date): boolean;
}

export interface EstateCacheOptions {
  folder: string;
  store: CachedEstateStore;
  /** The connected vault's key; undefined when none. */
  vaultKey: () => string | undefined;
  log: (line: string) => void;
  /** How long after a change the snapshot is written; changes meanwhile join that write (default 10 s). */
  saveAfterMs?: number;
  /** The least time between two writes in one window (default 10 min). */
  minWriteIntervalMs?: number;
  now?: () => number;
}

/**
 * A change is written this long after it, with the changes made meanwhile: at most one write per
 * interval (at 5,000 VMs a file is a few MB; the protection poller may change the estate every
 * few seconds while VMs replicate, so waiting for a quiet moment could wait for ever).
 */
const DEFAULT_SAVE_AFTER_MS = 10_000;

/**
 * After the first write of a window, the next ones wait this long: while VMs replicate, each
 * 120 s poll that moves a percentage changes the estate, and rewriting the whole file for it
 * costs 1.4 s of CPU at 20,000 VMs (25 MB; `npm run bench:reload`). The file is shown marked with
 * its age and refreshed at once, so a few minutes more of age cost nothing; a full re-read comes
 * every 15 min anyway (refresh.fullIntervalMinutes).
 */
const DEFAULT_MIN_WRITE_INTERVAL_MS = 10 * 60_000;

/**
 * Keeps the connected vault's file: shows it at once (`showSaved`, at activation) and writes the
 * snapshot after the changes that came from reading the vault (not the cached one itself, not
 * what stays of the hosts after the vault was forgotten).
 */
export function keepEstateCache(options: EstateCacheOptions): { showSaved(): Promise<boolean>; forgetAll(): Promise<void>; dispose(): void } {
  const { folder, store, vaultKey, log } = options;
  const now = options.now ?? Date.now;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();
  let lastWriteAt: number | undefined;
  const save = (): void => {
    timer = undefined;
    const key = vaultKey();
    const snapshot = store.snapshot;
    if (!key || !snapshot || store.cachedAt || !store.vaultRead) return;
    lastWriteAt = now();
    writing = writing
      .then(() => saveEstateCache(folder, key, snapshot, new Date(now())))
      .catch((e: unknown) => log(`Saving the estate for the next window failed: ${e instanceof Error ? e.message : String(e)}`));
  };
  const subscription = store.onDidChange((change) => {
    // A poll where nothing changed writes nothing.
    const nothing = change.hostKeys?.length === 0 && change.vmKeys?.length === 0;
    if (nothing || store.cachedAt || !store.vaultRead || timer) return;
    const soonest = lastWriteAt === undefined ? 0 : lastWriteAt + (options.minWriteIntervalMs ?? DEFAULT_MIN_WRITE_INTERVAL_MS) - now();
    timer = setTimeout(save, Math.max(options.saveAfterMs ?? DEFAULT_SAVE_AFTER_MS, soonest));
  });
  return {
    showSaved: async () => {
      const key = vaultKey();
      if (!key) return false;
      const cached = await loadEstateCache(folder, key);
      // Shown only for the vault still connected, and only before the first refresh lands.
      return cached !== undefined && vaultKey() === key && store.showCached(cached.snapshot, cached.savedAt);
    },
    forgetAll: async () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await writing;
      await deleteEstateCaches(folder);
    },
    dispose: () => {
      subscription.dispose();
      if (timer) clearTimeout(timer);
    },
  };
}
