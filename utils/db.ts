// The IndexedDB layer. Only the background service worker imports this module: it is the single
// owner of the database, everything else goes through the message API (utils/messages.ts).
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { CorpusFile, EntryKeys, Paper } from './core/types';
import { arxivIdFromDoi, isTruncatedTitle, normalizeTitle, parseArxivId, parseDoi } from './core/normalize';
import { summarize, type LookupHit, type PaperSummary, type SavedItem } from './messages';
import { keysRecord, putKeysRecords, type KeyIndex } from './key-index';

export const DB_NAME = 'paperlens';
/** Bump with a new `if (oldVersion < N)` step in `upgrade`; never edit an old step. */
export const DB_VERSION = 1;
export const BUNDLED = 'bundled';

/**
 * A record of the papers store. Bundled papers are stored without their abstract: nothing reads it
 * back (lookups, saves and the library use summaries without it), and it was ~80% of the bytes a
 * corpus load writes. Records written before that, and imported papers, still carry it; readers
 * ignore it (summarize drops it).
 */
export interface StoredPaper extends PaperSummary {
  /** normalizeTitle(title): the title index key. */
  normTitle: string;
  /** Where the paper came from: 'bundled' for the shipped corpus. */
  source: string;
  /** Only in imported papers and in bundled papers stored by an older version; never read. */
  abstract?: string;
}

/** The record loadCorpus stores for a corpus paper: its summary (no abstract) and the index keys. */
export function storedPaper(paper: Paper, normTitle: string, source: string): StoredPaper {
  return { ...summarize(paper), normTitle, source };
}

export interface CorpusState {
  version: string;
  /** 'loading' while a load is under way: a worker stopped mid-load leaves it, and the next start reloads. */
  state: 'loading' | 'complete';
  paperCount: number;
}

export interface PaperLensSchema extends DBSchema {
  papers: { key: string; value: StoredPaper; indexes: { byTitle: string; byArxiv: string; bySource: string } };
  saved: { key: string; value: SavedItem; indexes: { bySavedAt: number } };
  meta: { key: string; value: unknown };
}

export type PaperLensDB = IDBPDatabase<PaperLensSchema>;

/** How long an upgrade waits for older connections (another PaperLens context still on the old version) to close. */
export const BLOCKED_TIMEOUT_MS = 10_000;

/** The database could not be opened: an older connection holds it at a previous version and did not close. */
export class DatabaseBlockedError extends Error {
  constructor(readonly oldVersion: number, readonly newVersion: number) {
    super(
      `PaperLens could not upgrade its database from version ${oldVersion} to ${newVersion}: another PaperLens page or window still ` +
        'has it open. Close other PaperLens tabs (or restart the browser) and try again; nothing was changed.',
    );
    this.name = 'DatabaseBlockedError';
  }
}

export interface OpenOptions {
  /** Tests only: open at another version than DB_VERSION (to test upgrades and blocked upgrades). */
  version?: number;
  blockedTimeoutMs?: number;
  onBlocked?: (oldVersion: number, newVersion: number) => void;
}

export function openPaperLensDB(name = DB_NAME, options: OpenOptions = {}): Promise<PaperLensDB> {
  const version = options.version ?? DB_VERSION;
  let settled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new Promise<PaperLensDB>((resolve, reject) => {
    openDB<PaperLensSchema>(name, version, {
      upgrade(db, oldVersion) {
        if (oldVersion < 1) {
          const papers = db.createObjectStore('papers', { keyPath: 'id' });
          papers.createIndex('byTitle', 'normTitle');
          papers.createIndex('byArxiv', 'arxivId');
          papers.createIndex('bySource', 'source');
          const saved = db.createObjectStore('saved', { keyPath: 'paperId' });
          saved.createIndex('bySavedAt', 'savedAt');
          db.createObjectStore('meta');
        }
        // Later versions add steps here. They must never clear or rewrite the `saved` store, and each one
        // adds its frozen fixture to test/helpers/schema-fixtures.ts.
      },
      blocked(currentVersion, blockedVersion) {
        // An older connection did not close on versionchange. The open request stays pending until it does;
        // give up after a while with a clear error rather than leave every request hanging.
        options.onBlocked?.(currentVersion, blockedVersion ?? version);
        clearTimeout(timer);
        timer = setTimeout(() => {
          if (settled) return;
          settled = true;
          reject(new DatabaseBlockedError(currentVersion, blockedVersion ?? version));
        }, options.blockedTimeoutMs ?? BLOCKED_TIMEOUT_MS);
      },
      blocking(_current, _blocked, event) {
        // A newer version of the extension wants to upgrade: let it, and reopen on next use.
        (event.target as IDBDatabase | null)?.close();
      },
    }).then(
      (db) => {
        clearTimeout(timer);
        if (settled) db.close(); // we already gave up on this open: a later call opens again
        else {
          settled = true;
          resolve(db);
        }
      },
      (e) => {
        clearTimeout(timer);
        if (!settled) {
          settled = true;
          reject(e);
        }
      },
    );
  });
}

const CORPUS_KEY = 'corpus';
/**
 * Most papers per write transaction while loading. A batch also ends after LOAD_SLICE_MS of queueing
 * (cloning records into put requests is one synchronous task), so the worker answers messages
 * between batches even on a slow or busy machine. Up to LOAD_IN_FLIGHT batches are queued ahead:
 * the database is not left idle while the worker prepares the next batch, nor the worker while the
 * database commits.
 */
export const LOAD_BATCH = 1000;
export const LOAD_SLICE_MS = 20;
export const LOAD_IN_FLIGHT = 4;
/**
 * Load batches commit without waiting for the disk flush (Chromium's `durability: 'relaxed'`); the
 * final transaction that marks the load complete is a default (flushed) one, so a crash before it
 * leaves state 'loading' and the next start reloads.
 */
const RELAXED = { durability: 'relaxed' } as const;

export async function getCorpusState(db: PaperLensDB): Promise<CorpusState | undefined> {
  return (await db.get('meta', CORPUS_KEY)) as CorpusState | undefined;
}

/**
 * Loads a (validated) corpus as the bundled source: upserts its papers in batched transactions,
 * then removes bundled papers it no longer has. Saved items are never touched. Idempotent, so an
 * interrupted load is repaired by running it again.
 */
export async function loadCorpus(db: PaperLensDB, corpus: CorpusFile, source = BUNDLED): Promise<CorpusState> {
  await db.put('meta', { version: corpus.corpusVersion, state: 'loading', paperCount: 0 } satisfies CorpusState, CORPUS_KEY);
  const ids = new Set<string>();
  const normTitles: string[] = [];
  const inFlight: Promise<void>[] = [];
  try {
    for (let i = 0; i < corpus.papers.length; ) {
      if (inFlight.length >= LOAD_IN_FLIGHT) await inFlight.shift();
      // A macrotask between batches, even when the oldest batch had already committed: messages that
      // arrived meanwhile (lookups) are handled now, not after the whole load.
      if (i > 0) await new Promise((r) => setTimeout(r, 0));
      const tx = db.transaction('papers', 'readwrite', RELAXED);
      const end = Math.min(i + LOAD_BATCH, corpus.papers.length);
      const started = performance.now();
      do {
        const paper = corpus.papers[i]!;
        ids.add(paper.id);
        const normTitle = normalizeTitle(paper.title);
        normTitles.push(normTitle);
        void tx.store.put(storedPaper(paper, normTitle, source));
        i++;
      } while (i < end && (i % 50 !== 0 || performance.now() - started < LOAD_SLICE_MS));
      // Handled below (Promise.all); until then a failure is not an unhandled rejection.
      tx.done.catch(() => undefined);
      inFlight.push(tx.done);
    }
    await Promise.all(inFlight);
  } catch (e) {
    // A failed batch (quota, a closed database): let the others settle before the error goes up.
    await Promise.allSettled(inFlight);
    throw e;
  }
  // The compact keys of the bundled corpus (utils/key-index.ts), built before the last transaction
  // so that it does not sit idle (and auto-commit) while this runs.
  const keys = source === BUNDLED ? keysRecord(corpus.corpusVersion, corpus.papers, (_p, i) => normTitles[i]!) : undefined;
  const tx = db.transaction(['papers', 'meta'], 'readwrite');
  // Papers of this source the corpus no longer has: one key-only read, not a cursor over full records.
  const stale = (await tx.objectStore('papers').index('bySource').getAllKeys(source)).filter((id) => !ids.has(id));
  const state: CorpusState = { version: corpus.corpusVersion, state: 'complete', paperCount: ids.size };
  await Promise.all([
    ...stale.map((id) => tx.objectStore('papers').delete(id)),
    tx.objectStore('meta').put(state, CORPUS_KEY),
    ...putKeysRecords(tx.objectStore('meta'), keys),
  ]);
  await tx.done;
  return state;
}

/** The arXiv id an entry names, from its id field or an arXiv DOI. */
function entryArxivId(entry: EntryKeys): string | undefined {
  return parseArxivId(entry.arxivId) ?? arxivIdFromDoi(parseDoi(entry.doi));
}

/** Fuzzy title matcher (a TitleIndex over the papers store), consulted only for entries nothing else matched. */
export type FuzzyMatcher = (title: string, arxivId: string | undefined) => { id: string; score: number } | null;

/**
 * Looks up many entries: by arXiv id first, then by normalised title, in one transaction; then, for
 * titled entries still unmatched, by fuzzy title when a matcher is given (second transaction).
 * Precision first: an exact title match is refused when the title is ambiguous (two papers share it),
 * when the page names an arXiv id that differs from the paper's, or when the site truncated the title.
 */
export async function lookupEntries(
  db: PaperLensDB,
  entries: EntryKeys[],
  fuzzy?: () => Promise<FuzzyMatcher | undefined>,
  memory?: KeyIndex | InMemory,
): Promise<(LookupHit | null)[]> {
  if (memory) return lookupInMemory(db, entries, 'keys' in memory ? memory : { keys: memory }, fuzzy);
  const tx = db.transaction(['papers', 'saved'], 'readonly');
  const papers = tx.objectStore('papers');
  const saved = tx.objectStore('saved');
  const hit = async (paper: StoredPaper, matchedBy: LookupHit['matchedBy'], matchScore?: number): Promise<LookupHit> => ({
    paper: storedSummary(paper),
    matchedBy,
    ...(matchScore !== undefined ? { matchScore } : {}),
    saved: (await saved.count(paper.id)) > 0,
  });
  const results = await Promise.all(
    entries.map(async (entry): Promise<LookupHit | null> => {
      const arxivId = entryArxivId(entry);
      if (arxivId) {
        const byId = await papers.index('byArxiv').get(arxivId);
        if (byId) return hit(byId, 'id');
      }
      if (!entry.title || isTruncatedTitle(entry.title)) return null;
      const key = normalizeTitle(entry.title);
      const found = key ? await papers.index('byTitle').getAll(key, 2) : [];
      const only = found.length === 1 ? found[0] : undefined;
      if (!only || (arxivId && only.arxivId && only.arxivId !== arxivId)) return null;
      return hit(only, 'title');
    }),
  );
  await tx.done;

  // Fuzzy only for titled entries the page gives no arXiv id for: when the page names an id the corpus does not
  // have, a title match could only be a paper without an id (an import), and that is not worth a wrong badge.
  const misses = entries.flatMap((e, i) => (results[i] === null && e.title && !entryArxivId(e) ? [i] : []));
  if (!fuzzy || misses.length === 0) return results;
  const match = await fuzzy();
  if (!match) return results;
  const found = misses.flatMap((i) => {
    const m = match(entries[i]!.title!, entryArxivId(entries[i]!));
    return m ? [{ i, ...m }] : [];
  });
  if (found.length === 0) return results;
  const tx2 = db.transaction(['papers', 'saved'], 'readonly');
  await Promise.all(
    found.map(async ({ i, id, score }) => {
      const paper = await tx2.objectStore('papers').get(id);
      if (!paper) return;
      const isSaved = (await tx2.objectStore('saved').count(id)) > 0;
      results[i] = { paper: storedSummary(paper), matchedBy: 'fuzzy', matchScore: Math.round(score * 1000) / 1000, saved: isSaved };
    }),
  );
  await tx2.done;
  return results;
}

/** The in-memory state a lookup may use: the exact keys, and optionally a bounded cache of paper summaries. */
export interface InMemory {
  keys: KeyIndex;
  summaries?: Map<string, PaperSummary>;
  maxSummaries?: number;
  /** The summary of paper number n (KeyIndex order) when it is in memory; the others are read from the store. */
  summaryOf?: (n: number) => PaperSummary | undefined;
  /**
   * Starts reading in bulk the summaries of some of these paper numbers (their chunk records); `covered` says
   * which, `done` when summaryOf has them. The others are read from the papers store one by one.
   */
  bulk?: (ns: number[]) => { covered: (n: number) => boolean; done: Promise<void> } | undefined;
  /** Every saved id, when known in memory: the saved store is then not read. */
  savedIds?: ReadonlySet<string>;
  /** Told the saved ids when the lookup read them from the store. */
  onSavedIds?: (ids: string[]) => void;
}

/**
 * lookupEntries with the exact keys in memory (utils/key-index.ts): the same rules, in the same order,
 * then at most ONE read transaction, for the hit papers whose summaries are not in memory and the saved
 * ids when they are not known (one getAllKeys, not a count per hit).
 */
async function lookupInMemory(
  db: PaperLensDB,
  entries: EntryKeys[],
  { keys, summaries, maxSummaries = 0, summaryOf, bulk, savedIds, onSavedIds }: InMemory,
  fuzzy?: () => Promise<FuzzyMatcher | undefined>,
): Promise<(LookupHit | null)[]> {
  /** `key`: for a title match, the normalised title it was found by (the keys compare titles by hash). */
  const found: ({ id: string; n?: number; key?: string; matchedBy: LookupHit['matchedBy']; matchScore?: number } | null)[] = entries.map((entry) => {
    const arxivId = entryArxivId(entry);
    if (arxivId) {
      const n = keys.arxiv(arxivId);
      if (n !== undefined) return { id: keys.idOf(n), n, matchedBy: 'id' };
      // The page's arXiv id is not in the corpus: only a paper without one could match by title.
      if (keys.idless === 0) return null;
    }
    if (!entry.title || isTruncatedTitle(entry.title)) return null;
    const key = normalizeTitle(entry.title);
    const n = key ? keys.title(key) : undefined;
    if (n === undefined) return null;
    const paperArxiv = keys.arxivIdOf(n);
    if (arxivId && paperArxiv && paperArxiv !== arxivId) return null;
    return { id: keys.idOf(n), n, key, matchedBy: 'title' };
  });
  const misses = entries.flatMap((e, i) => (found[i] === null && e.title && !entryArxivId(e) ? [i] : []));
  if (fuzzy && misses.length > 0) {
    const match = await fuzzy();
    if (match) {
      for (const i of misses) {
        const m = match(entries[i]!.title!, entryArxivId(entries[i]!));
        if (m) found[i] = { id: m.id, matchedBy: 'fuzzy', matchScore: Math.round(m.score * 1000) / 1000 };
      }
    }
  }
  const byId = new Map<string, PaperSummary>();
  /** Hits whose summary is not in memory: id → paper number (undefined for a fuzzy match). */
  const missing = new Map<string, number | undefined>();
  for (const f of found) {
    if (!f || byId.has(f.id) || missing.has(f.id)) continue;
    const known = (f.n !== undefined ? summaryOf?.(f.n) : undefined) ?? summaries?.get(f.id);
    if (known) byId.set(f.id, known);
    else missing.set(f.id, f.n);
  }
  if (byId.size === 0 && missing.size === 0) return found.map(() => null);
  const numbered = [...missing.values()].filter((n): n is number => n !== undefined);
  const inBulk = bulk && numbered.length > 0 ? bulk(numbered) : undefined;
  const oneByOne = [...missing].filter(([, n]) => !(inBulk && n !== undefined && inBulk.covered(n))).map(([id]) => id);
  let saved = savedIds;
  const remember = (p: StoredPaper) => {
    const summary = storedSummary(p);
    byId.set(p.id, summary);
    if (summaries && maxSummaries > 0) {
      summaries.set(p.id, summary);
      // Oldest first (Map insertion order): drop the oldest beyond the bound.
      for (const old of summaries.keys()) {
        if (summaries.size <= maxSummaries) break;
        summaries.delete(old);
      }
    }
  };
  if (oneByOne.length > 0 || !saved) {
    const tx = db.transaction(['papers', 'saved'], 'readonly');
    const papers = tx.objectStore('papers');
    const [stored, readIds] = await Promise.all([
      Promise.all(oneByOne.map((id) => papers.get(id))),
      saved ? undefined : tx.objectStore('saved').getAllKeys(),
      inBulk?.done,
    ]);
    await tx.done;
    if (readIds) {
      onSavedIds?.(readIds);
      saved = new Set(readIds);
    }
    for (const p of stored) if (p) remember(p);
  } else await inBulk?.done;
  if (inBulk) {
    // The chunks read: their hits from memory now; any a chunk could not give (an unusable record) from the store.
    const left: string[] = [];
    for (const [id, n] of missing) {
      if (n === undefined || byId.has(id) || !inBulk.covered(n)) continue;
      const s = summaryOf?.(n);
      if (s) byId.set(id, s);
      else left.push(id);
    }
    if (left.length > 0) {
      const tx = db.transaction('papers', 'readonly');
      const stored = await Promise.all(left.map((id) => tx.store.get(id)));
      await tx.done;
      for (const p of stored) if (p) remember(p);
    }
  }
  const isSaved = saved!;
  return found.map((f) => {
    const paper = f && byId.get(f.id);
    if (!f || !paper) return null;
    // Same title, not only the same title hash (KeyIndex.title).
    if (f.key !== undefined && normalizeTitle(paper.title) !== f.key) return null;
    return { paper, matchedBy: f.matchedBy, ...(f.matchScore !== undefined ? { matchScore: f.matchScore } : {}), saved: isSaved.has(f.id) };
  });
}

/** Id, title and arXiv id of every paper, for building the fuzzy title index (a cursor: no abstracts kept). */
export async function listTitles(db: PaperLensDB): Promise<{ id: string; title: string; arxivId?: string }[]> {
  const out: { id: string; title: string; arxivId?: string }[] = [];
  let cursor = await db.transaction('papers').store.openCursor();
  while (cursor) {
    const { id, title, arxivId } = cursor.value;
    out.push(arxivId ? { id, title, arxivId } : { id, title });
    cursor = await cursor.continue();
  }
  return out;
}

/** What a lookup, a save or the key index hands on for a stored paper: its summary, without the index keys (or an old abstract). */
export function storedSummary(p: StoredPaper): PaperSummary {
  const { normTitle: _n, source: _s, ...paper } = p;
  void _n;
  void _s;
  return summarize(paper);
}

/** Saves a paper by id (idempotent: saving twice keeps the first date). Throws when the id is unknown. */
export async function savePaper(db: PaperLensDB, paperId: string, now = Date.now()): Promise<SavedItem> {
  const tx = db.transaction(['papers', 'saved'], 'readwrite');
  const existing = await tx.objectStore('saved').get(paperId);
  if (existing) {
    await tx.done;
    return existing;
  }
  const paper = await tx.objectStore('papers').get(paperId);
  if (!paper) {
    tx.abort();
    await tx.done.catch(() => {});
    throw new Error(`unknown paper ${JSON.stringify(paperId)}`);
  }
  const item: SavedItem = { paperId, savedAt: now, paper: storedSummary(paper) };
  await tx.objectStore('saved').put(item);
  await tx.done;
  return item;
}

/** The ids among these that are saved, in the order given. */
export async function savedAmong(db: PaperLensDB, paperIds: readonly string[]): Promise<string[]> {
  const tx = db.transaction('saved', 'readonly');
  const found = await Promise.all(paperIds.map((id) => tx.store.getKey(id)));
  await tx.done;
  return paperIds.filter((_, i) => found[i] !== undefined);
}

/** Saved items, newest first. */
export async function listSaved(db: PaperLensDB): Promise<SavedItem[]> {
  const items = await db.getAllFromIndex('saved', 'bySavedAt');
  return items.reverse();
}

export async function counts(db: PaperLensDB): Promise<{ papers: number; saved: number }> {
  const tx = db.transaction(['papers', 'saved'], 'readonly');
  const [papers, saved] = await Promise.all([tx.objectStore('papers').count(), tx.objectStore('saved').count()]);
  await tx.done;
  return { papers, saved };
}
