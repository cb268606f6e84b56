// Imported papers in IndexedDB: writes the papers of one import (read by utils/core/import.ts) next to
// the bundled corpus, lists imports and removes them. Background only, like utils/db.ts, whose schema
// it uses: imported papers live in the `papers` store with `source: 'import:<id>'` (so the bundled
// corpus's reload, which only deletes papers of source 'bundled', leaves them alone), and each import
// has a record in `meta` under the key `import:<id>`. Saved items are never read or written here.
import type { Paper } from './core/types';
import { normalizeTitle } from './core/normalize';
import type { IDBPObjectStore } from 'idb';
import type { PaperLensDB, PaperLensSchema, StoredPaper } from './db';

type PapersStore = IDBPObjectStore<PaperLensSchema, ('papers' | 'meta')[], 'papers', 'readwrite'>;

/** Progress is reported after each this many papers. */
export const IMPORT_PROGRESS_EVERY = 1000;
export const IMPORT_KEY_PREFIX = 'import:';
const IMPORT_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface ImportCounts {
  /** New papers written. */
  added: number;
  /** Papers this import had already (an earlier import with the same id): rewritten. */
  updated: number;
  /** Papers the database already has from the bundled corpus or another import: not written. */
  skipped: number;
  /** Papers of an earlier import with the same id that the new file no longer has: deleted. */
  removed: number;
}

export interface ImportSummary extends ImportCounts {
  importId: string;
  /** Papers given. */
  total: number;
  /** Papers the import holds now (added + updated). */
  paperCount: number;
  /** A few of the skipped papers, with what they duplicate, for the user to see. */
  skippedExamples: { title: string; duplicateOf: string; source: string }[];
}

/** The record of an import in `meta`, key `import:<id>`. */
export interface ImportRecord {
  importId: string;
  name: string;
  /** Milliseconds since the epoch of the last (re)import. */
  date: number;
  paperCount: number;
  counts: ImportCounts;
}

export interface ImportOptions {
  importId: string;
  /** Shown to the user, e.g. the file name. */
  name: string;
  now?: number;
  /** Called after each IMPORT_PROGRESS_EVERY papers and at the end. Must not await anything. */
  onProgress?: (done: number, total: number) => void;
}

/** Writing an import failed; nothing was written (the transaction was aborted). */
export class ImportWriteError extends Error {
  readonly cause?: unknown;
  constructor(message: string, cause?: unknown) {
    super(message);
    this.name = 'ImportWriteError';
    this.cause = cause;
  }
}

export function importSource(importId: string): string {
  return `${IMPORT_KEY_PREFIX}${importId}`;
}

function checkImportId(importId: string): void {
  if (typeof importId !== 'string' || !IMPORT_ID.test(importId)) {
    throw new ImportWriteError(`import id must be 1 to 64 letters, digits, "-" or "_", found ${JSON.stringify(String(importId).slice(0, 80))}`);
  }
}

/**
 * Writes the papers of one import in ONE readwrite transaction over `papers` and `meta`: all of them
 * and the import's record, or, if anything fails (a quota error, a value that cannot be stored),
 * nothing at all; the error is thrown as ImportWriteError.
 *
 * De-duplication against the database, per paper: by arXiv id (byArxiv), then by normalised title
 * (byTitle; a title match with a different arXiv id is another paper), then by id. A paper the bundled
 * corpus or another import already has is skipped; one this import already has is updated. Papers of
 * an earlier import with the same id that are no longer given are removed (a re-import replaces).
 */
export async function importPapers(db: PaperLensDB, papers: readonly Paper[], options: ImportOptions): Promise<ImportSummary> {
  checkImportId(options.importId);
  const source = importSource(options.importId);
  const now = options.now ?? Date.now();
  const counts: ImportCounts = { added: 0, updated: 0, skipped: 0, removed: 0 };
  const skippedExamples: ImportSummary['skippedExamples'] = [];
  const writes: Promise<unknown>[] = [];
  const tx = db.transaction(['papers', 'meta'], 'readwrite');
  const store = tx.objectStore('papers');
  try {
    // Within the given list as well: one paper per id, arXiv id and title (the first wins).
    const kept = new Set<string>();
    const keptArxiv = new Set<string>();
    const keptTitles = new Map<string, string | undefined>();
    for (let start = 0; start < papers.length; start += IMPORT_PROGRESS_EVERY) {
      const chunk = papers.slice(start, start + IMPORT_PROGRESS_EVERY);
      // All lookups of a chunk at once (the transaction stays busy, so it stays open), then the writes.
      const found = await Promise.all(chunk.map((p) => findExisting(store, p)));
      chunk.forEach((paper, i) => {
        const normTitle = normalizeTitle(paper.title);
        const earlierTitle = keptTitles.get(normTitle);
        if (
          kept.has(paper.id) ||
          (paper.arxivId && keptArxiv.has(paper.arxivId)) ||
          (keptTitles.has(normTitle) && (!paper.arxivId || !earlierTitle || earlierTitle === paper.arxivId))
        ) {
          counts.skipped++;
          if (skippedExamples.length < 20) skippedExamples.push({ title: paper.title, duplicateOf: paper.id, source });
          return;
        }
        const existing = found[i];
        if (existing && existing.source !== source) {
          counts.skipped++;
          if (skippedExamples.length < 20) skippedExamples.push({ title: paper.title, duplicateOf: existing.id, source: existing.source });
          return;
        }
        if (existing) {
          counts.updated++;
          if (existing.id !== paper.id) writes.push(store.delete(existing.id));
        } else counts.added++;
        kept.add(paper.id);
        if (paper.arxivId) keptArxiv.add(paper.arxivId);
        if (!keptTitles.has(normTitle)) keptTitles.set(normTitle, paper.arxivId);
        const stored: StoredPaper = { ...paper, normTitle, source };
        writes.push(store.put(stored));
      });
      options.onProgress?.(Math.min(start + IMPORT_PROGRESS_EVERY, papers.length), papers.length);
    }
    // Papers an earlier import with this id had and the new file does not. (One getAllKeys rather
    // than a cursor: a cursor step costs a round trip per paper.)
    for (const id of await store.index('bySource').getAllKeys(source)) {
      if (!kept.has(id)) {
        counts.removed++;
        writes.push(store.delete(id));
      }
    }
    const record: ImportRecord = { importId: options.importId, name: options.name.slice(0, 300), date: now, paperCount: kept.size, counts: { ...counts } };
    writes.push(tx.objectStore('meta').put(record, source));
    await Promise.all(writes);
    await tx.done;
    return { importId: options.importId, total: papers.length, paperCount: kept.size, ...counts, skippedExamples };
  } catch (e) {
    try {
      tx.abort();
    } catch {
      // already aborted (a failed request aborts the transaction) or finished
    }
    const settled = await Promise.allSettled([...writes, tx.done]);
    // When the commit itself fails (e.g. the quota is exceeded), the requests only say AbortError: the cause is the
    // transaction's own error.
    const done = settled[settled.length - 1];
    const txError = done?.status === 'rejected' ? (done.reason as { name?: unknown } | undefined) : undefined;
    const cause = (e as { name?: unknown })?.name === 'AbortError' && txError?.name && txError.name !== 'AbortError' ? txError : e;
    throw new ImportWriteError(`import "${options.name.slice(0, 200)}" failed and nothing was written: ${describeError(cause)}`, cause);
  }
}

async function findExisting(store: PapersStore, paper: Paper): Promise<StoredPaper | undefined> {
  if (paper.arxivId) {
    const byArxiv = await store.index('byArxiv').get(paper.arxivId);
    if (byArxiv) return byArxiv;
  }
  const normTitle = normalizeTitle(paper.title);
  if (normTitle) {
    const sameTitle = await store.index('byTitle').getAll(normTitle, 10);
    const match = sameTitle.find((p) => !paper.arxivId || !p.arxivId || p.arxivId === paper.arxivId);
    if (match) return match;
  }
  return store.get(paper.id);
}

/** Why an import's write failed, in words a reader can act on (exported for its unit test). */
export function describeError(e: unknown): string {
  const name = (e as { name?: unknown })?.name;
  const message = (e as { message?: unknown })?.message;
  if (name === 'QuotaExceededError') return 'the browser has no more storage for PaperLens (QuotaExceededError). Free some space or import fewer papers.';
  if (/NO_SPACE|No space left|disk is full/i.test(String(message ?? ''))) return 'the disk is full, so the browser cannot store more for PaperLens. Free some disk space or import fewer papers.';
  // What Chromium reports when its database backend gives up in the middle of a write: seen when the disk
  // filled during an import (test/e2e/quota.test.ts), where the same import at other times gets QuotaExceededError.
  if ((name === 'InvalidStateError' || name === 'UnknownError') && /backend aborted|internal error/i.test(String(message ?? '')))
    return `the browser's database stopped the write (${String(name)}: ${String(message)}); it does so when the disk is full or its files are damaged. Free some disk space and try again, or import fewer papers.`;
  if (name === 'DataCloneError') return `a paper could not be stored (DataCloneError: ${String(message ?? '').slice(0, 200)})`;
  return `${typeof name === 'string' ? `${name}: ` : ''}${String(message ?? e).slice(0, 300)}`;
}

/** Every import's record, newest first. */
export async function listImports(db: PaperLensDB): Promise<ImportRecord[]> {
  const range = IDBKeyRange.bound(IMPORT_KEY_PREFIX, `${IMPORT_KEY_PREFIX}\uffff`);
  const records = (await db.getAll('meta', range)) as ImportRecord[];
  return records.sort((a, b) => b.date - a.date || (a.importId < b.importId ? -1 : 1));
}

/**
 * Deletes an import: its papers (by the bySource index) and its record, in one transaction.
 * Saved items are not touched (they keep their own snapshot of the paper). Returns how many papers
 * were deleted, or null when there was no such import.
 */
export async function removeImport(db: PaperLensDB, importId: string): Promise<number | null> {
  checkImportId(importId);
  const source = importSource(importId);
  const tx = db.transaction(['papers', 'meta'], 'readwrite');
  const had = (await tx.objectStore('meta').count(source)) > 0;
  const papers = tx.objectStore('papers');
  const ids = await papers.index('bySource').getAllKeys(source);
  await Promise.all([...ids.map((id) => papers.delete(id)), tx.objectStore('meta').delete(source)]);
  await tx.done;
  const removed = ids.length;
  return had || removed > 0 ? removed : null;
}
