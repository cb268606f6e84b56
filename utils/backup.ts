// The safety net: a copy of the saved library in the extension's other storage area, browser.storage.local,
// so that losing the IndexedDB database (a browser bug, a profile repair, a user clearing "site data" for the
// extension's origin only, a failed upgrade) does not lose the reader's saved papers. Background only.
//
// Layout in storage.local: one key per saved item, `backup:saved:<paperId>` → SavedItem (a save writes one key,
// not the whole library), and `backup:meta` → BackupMeta. The backup is a mirror of the `saved` store kept in
// sync after each change (`mirrorToBackup`, serialised so that concurrent saves/unsaves of one paper end in
// the database's final state), and seeded at worker start from the database when it lacks items.
// Restoring only ADDS what the database lacks; it never deletes or overwrites a saved item.
import { browser } from 'wxt/browser';
import { libraryItemProblem } from './core/export';
import type { PaperLensDB } from './db';
import { LIMITS, type SavedItem } from './messages';

export const BACKUP_ITEM_PREFIX = 'backup:saved:';
export const BACKUP_META_KEY = 'backup:meta';

export interface BackupMeta {
  /** Milliseconds since the epoch of the last write to the backup. */
  writtenAt: number;
  /** Set when the worker found the database without saved items and restored them from the backup. */
  autoRestored?: { count: number; at: number };
}

export interface BackupStatus {
  /** Saved items the backup holds. */
  count: number;
  writtenAt: number | null;
  autoRestored: { count: number; at: number } | null;
  /** The last backup write of this worker failed (e.g. storage.local is full); the database is unaffected. */
  lastError: string | null;
}

export interface RestoreResult {
  /** Items written back into the database. */
  restored: number;
  /** Backup items the database already had (left as they are). */
  alreadySaved: number;
  /** Backup entries that were not a valid saved item (ignored). */
  invalid: number;
  restoredIds: string[];
}

const key = (paperId: string) => `${BACKUP_ITEM_PREFIX}${paperId}`;
let lastError: string | null = null;

/** Every write to the backup goes through this chain, in call order. */
let chain: Promise<unknown> = Promise.resolve();
function serial<T>(task: () => Promise<T>): Promise<T> {
  const run = chain.then(task, task);
  chain = run.catch(() => undefined);
  return run;
}

async function readMeta(): Promise<BackupMeta | undefined> {
  const got = (await browser.storage.local.get(BACKUP_META_KEY))[BACKUP_META_KEY] as BackupMeta | undefined;
  return got && typeof got === 'object' && typeof got.writtenAt === 'number' ? got : undefined;
}

async function write(set: Record<string, unknown>, remove: string[], meta?: Partial<BackupMeta>): Promise<void> {
  try {
    if (remove.length) await browser.storage.local.remove(remove);
    const next: BackupMeta = { ...(await readMeta()), ...meta, writtenAt: Date.now() };
    await browser.storage.local.set({ ...set, [BACKUP_META_KEY]: next });
    lastError = null;
  } catch (e) {
    lastError = `the backup could not be written: ${(e as Error)?.message ?? String(e)}`;
    throw e;
  }
}

/** Writes (or rewrites) these items in the backup. */
export function backupPut(items: readonly SavedItem[]): Promise<void> {
  return serial(() => write(Object.fromEntries(items.map((i) => [key(i.paperId), i])), []));
}

/** Empties the backup (for an explicit "clear library" by the user). */
export function backupClear(): Promise<void> {
  return serial(async () => {
    const all = await browser.storage.local.get(null);
    await write({}, Object.keys(all).filter((k) => k.startsWith(BACKUP_ITEM_PREFIX)));
  });
}

/**
 * Makes the backup agree with the database for these paper ids: writes the ones the `saved` store has, removes
 * the others. The database is read inside the serialised task, so when several changes of one paper race, the
 * last task to run reads the final state: the backup ends equal to the database.
 */
export function mirrorToBackup(db: PaperLensDB, ids: readonly string[]): Promise<void> {
  return serial(async () => {
    const tx = db.transaction('saved', 'readonly');
    const found = await Promise.all(ids.map((id) => tx.store.get(id)));
    await tx.done;
    const present = found.filter((i): i is SavedItem => !!i);
    const absent = ids.filter((_, n) => !found[n]);
    await write(Object.fromEntries(present.map((i) => [key(i.paperId), i])), absent.map(key));
  });
}

/** A backup entry is used only when its key names it and it passes the library export's strict item rules. */
function isSavedItem(v: unknown, paperId: string): v is SavedItem {
  return (
    typeof v === 'object' &&
    v !== null &&
    (v as Partial<SavedItem>).paperId === paperId &&
    paperId.length <= LIMITS.paperId &&
    libraryItemProblem(v) === null
  );
}

/** The backup's saved items (valid ones), and how many entries were not valid. */
export async function readBackup(): Promise<{ items: SavedItem[]; invalid: number }> {
  const all = await browser.storage.local.get(null);
  const items: SavedItem[] = [];
  let invalid = 0;
  for (const [k, v] of Object.entries(all)) {
    if (!k.startsWith(BACKUP_ITEM_PREFIX)) continue;
    if (isSavedItem(v, k.slice(BACKUP_ITEM_PREFIX.length))) items.push(v);
    else invalid++;
  }
  return { items, invalid };
}

export async function backupStatus(): Promise<BackupStatus> {
  const [{ items }, meta] = await Promise.all([readBackup(), readMeta()]);
  return { count: items.length, writtenAt: meta?.writtenAt ?? null, autoRestored: meta?.autoRestored ?? null, lastError };
}

/**
 * Merges the backup into the database: adds every backed-up item the `saved` store lacks, in one transaction
 * (all or nothing). Never deletes or overwrites a saved item.
 */
export async function restoreFromBackup(db: PaperLensDB): Promise<RestoreResult> {
  const { items, invalid } = await readBackup();
  const tx = db.transaction('saved', 'readwrite');
  const have = await Promise.all(items.map((i) => tx.store.count(i.paperId)));
  const missing = items.filter((_, n) => have[n] === 0);
  await Promise.all(missing.map((i) => tx.store.add(i)));
  await tx.done;
  return { restored: missing.length, alreadySaved: items.length - missing.length, invalid, restoredIds: missing.map((i) => i.paperId) };
}

/**
 * Run once per database connection, at worker start: when the database has no saved item but the backup has
 * some, restore them (and record it for the options page); otherwise add to the backup what it lacks (a library
 * saved before the backup existed, or a change whose backup write was cut short by a worker stop).
 */
export async function reconcileAtStart(db: PaperLensDB): Promise<RestoreResult | null> {
  const savedCount = await db.count('saved');
  if (savedCount === 0) {
    const { items } = await readBackup();
    if (items.length === 0) return null;
    const result = await restoreFromBackup(db);
    await serial(() => write({}, [], { autoRestored: { count: result.restored, at: Date.now() } }));
    return result;
  }
  const [inDb, { items }] = await Promise.all([db.getAll('saved'), readBackup()]);
  const backed = new Map(items.map((i) => [i.paperId, JSON.stringify(i)]));
  const stale = inDb.filter((i) => backed.get(i.paperId) !== JSON.stringify(i));
  if (stale.length) await backupPut(stale);
  return null;
}
