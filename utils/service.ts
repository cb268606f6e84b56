// The background's request handling, independent of the entrypoint so that unit tests can drive it
// with fake-indexeddb and WXT's fake browser. No state lives only in memory: an MV3 service worker
// can be stopped at any time, so everything it needs again is in IndexedDB.
import { validateCorpusInSlices } from './core/corpus';
import { BUNDLED, counts, getCorpusState, listSaved, loadCorpus, openPaperLensDB, savedAmong, savePaper, type PaperLensDB } from './db';
import { createLookups, hasSummaryChunks, KEYS_KEY, keysRecord, putKeysRecords, writeSummaryChunks } from './key-index';
import type { CorpusFile } from './core/types';
import { classify } from './core/classify';
import { ImportError, parseImport } from './core/import';
import { importPapers, listImports, removeImport } from './imports';
import { backupClear, backupStatus, mirrorToBackup, reconcileAtStart, restoreFromBackup } from './backup';
import { removeSaved, restoreSaved, setNote } from './library';
import { PAGE_ONLY, parseRequest, type Failure, type Request, type RequestType, type Response, type ImportProgress, type SavedChanged, type Status } from './messages';
import type { LibraryChanged } from './messages';
import { clearSaved, importLibrary } from './library-io';

export interface Sender {
  id?: string;
  url?: string;
  tab?: { id?: number };
}

export interface ServiceDeps {
  /** This extension's id: messages from any other sender are refused. */
  extensionId: string;
  /** This extension's page origin, e.g. `chrome-extension://<id>/`: only its pages may send PAGE_ONLY requests. */
  extensionOrigin: string;
  /** Reads the bundled corpus file (unparsed JSON value). */
  readBundledCorpus: () => Promise<unknown>;
  /** Tells open tabs and extension pages that the saved library changed. */
  broadcast: (msg: SavedChanged | LibraryChanged) => Promise<void>;
  /** Tells extension pages how far an import is (fire and forget). */
  progress?: (msg: ImportProgress) => void;
  /** Tells open tabs that the corpus changed (a load finished), so content scripts look their misses up again. */
  corpusChanged?: () => void;
  /** How long a lookup waits for a corpus load under way (default LOOKUP_WAITS_FOR_LOAD_MS). */
  lookupWaitMs?: number;
  openDb?: () => Promise<PaperLensDB>;
  /** Keep the storage.local backup of the saved library (utils/backup.ts). The background sets it; off in unit tests unless asked. */
  backup?: boolean;
  log?: (...args: unknown[]) => void;
}

/** meta key of the last bundled-corpus problem (absent when the last check was fine). */
const CORPUS_ERROR_KEY = 'corpusError';
/** Requests that read or write saved papers: they wait for the start-up backup check (see backupAtStart). */
const NEEDS_BACKUP_CHECK_FIRST: ReadonlySet<RequestType> = new Set([
  'status', 'save', 'unsave', 'listSaved', 'savedIds', 'setNote', 'restoreSaved', 'importLibrary', 'clearLibrary', 'backupStatus', 'restoreBackup',
]);
/**
 * Requests that never write the saved store. Every other one (save, unsave, restores, library import and
 * clear, and any request added later) makes lookups forget the saved ids they keep in memory.
 */
const LEAVES_SAVED_ALONE: ReadonlySet<RequestType> = new Set(['lookup', 'predict', 'status', 'listSaved', 'savedIds', 'listImports', 'backupStatus']);

export function createService(deps: ServiceDeps) {
  const log = deps.log ?? ((...args: unknown[]) => console.warn('[paperlens]', ...args));
  let dbPromise: Promise<PaperLensDB> | undefined;
  let loading: Promise<Status> | undefined;
  /** When the load under way (`loading`) started (Date.now()). */
  let loadingSince = 0;
  /** loadCorpus is writing: the store's state is 'loading', and reads queue behind its write batches. */
  let writing = false;
  let corpusError: string | undefined;
  /** Exact keys and the fuzzy title index in memory (utils/key-index.ts); invalidated whenever papers change. */
  const lookups = createLookups(BUNDLED);
  /** The stored corpus was seen complete and no load started since: lookups skip the state check. */
  let corpusComplete = false;
  /** Backup reconciliation, once per database connection (worker start, or reopen after the database went away). */
  let backupStarted: Promise<void> | undefined;

  /**
   * Whether lookups can read the store: true when the corpus is complete. Otherwise starts the repair
   * (or first load) and waits for it until LOOKUP_WAITS_FOR_LOAD_MS after the load began; a longer
   * load answers from what is in memory meanwhile and tabs get corpusChanged when it ends.
   */
  async function storeReady(d: PaperLensDB): Promise<boolean> {
    if (corpusComplete && !loading) return true;
    // Keys read at start (prewarm) come from a complete store: readKeyIndex checks the state in the same
    // transaction, and only this worker writes the store (a load sets `loading` first). A state read
    // now would wait behind that record's read anyway.
    const keys = !writing && !loading ? lookups.pendingKeys() : undefined;
    if (keys && (await keys.catch(() => undefined)) && !loading && !writing) {
      corpusComplete = true;
      return true;
    }
    // Complete in the store: readable, even while a version check (install/update) runs that may find
    // nothing to load; a load that does start marks the state 'loading' first. While this worker writes
    // a load, not even this read: it would wait behind a write batch (seconds on a large corpus).
    if (!writing && (await getCorpusState(d))?.state === 'complete') {
      if (!loading) corpusComplete = true;
      return true;
    }
    let done = false;
    const load = ensureCorpus('repair').then(() => (done = true));
    // Measured from the load's start, not from this lookup: the first lookups of a page opened at
    // install get the small bundled corpus's answers, and lookups during a long load are not held.
    await waitAtMost(load, loadingSince + (deps.lookupWaitMs ?? LOOKUP_WAITS_FOR_LOAD_MS) - Date.now());
    return done;
  }

  function db(): Promise<PaperLensDB> {
    dbPromise ??= (deps.openDb ?? openPaperLensDB)().then((d) => {
      // A newer extension version closed us to upgrade: open again on next use.
      // Whatever is kept in memory about its contents goes with it (the next connection may see another database).
      const gone = () => {
        dbPromise = backupStarted = undefined;
        lookups.invalidate();
        lookups.savedChanged();
      };
      d.addEventListener('close', gone);
      d.addEventListener('versionchange', gone);
      return d;
    });
    dbPromise.catch(() => (dbPromise = undefined));
    return dbPromise;
  }

  async function status(): Promise<Status> {
    const d = await db();
    const [state, n] = await Promise.all([getCorpusState(d), counts(d)]);
    return {
      corpusVersion: state?.state === 'complete' ? state.version : null,
      paperCount: n.papers,
      savedCount: n.saved,
      // Kept in meta too: a worker stopped since the failed load must still report it.
      ...((corpusError ??= (await d.get('meta', CORPUS_ERROR_KEY).catch(() => undefined)) as string | undefined) ? { corpusError } : {}),
    };
  }

  /**
   * Makes sure the bundled corpus is loaded. `check` re-reads the bundled file and reloads when its
   * version differs (install/update); otherwise only a missing or interrupted load is repaired.
   * An invalid bundled corpus is reported and the corpus already in the database stays.
   */
  function ensureCorpus(mode: 'repair' | 'check' | 'force' = 'repair'): Promise<Status> {
    if (!loading) loadingSince = Date.now();
    loading ??= (async () => {
      const d = await db();
      const state = await getCorpusState(d);
      if (mode === 'repair' && state?.state === 'complete') {
        corpusComplete = true;
        return status();
      }
      let json: unknown;
      try {
        json = await deps.readBundledCorpus();
      } catch (e) {
        corpusError = `the bundled corpus could not be read: ${(e as Error).message}`;
        log(corpusError);
        await d.put('meta', corpusError, CORPUS_ERROR_KEY);
        return status();
      }
      // In slices: a large corpus takes seconds to check, and lookups meanwhile are answered between slices.
      const checked = await validateCorpusInSlices(json, yieldToEvents);
      if (!checked.ok) {
        corpusError = `the bundled corpus is invalid: ${checked.errors.slice(0, 3).join('; ')}`;
        log(corpusError);
        await d.put('meta', corpusError, CORPUS_ERROR_KEY);
        return status();
      }
      corpusError = undefined;
      await d.delete('meta', CORPUS_ERROR_KEY);
      // Same version but no keys record (a database from before it existed): load again to write it.
      if (mode !== 'force' && state?.state === 'complete' && state.version === checked.corpus.corpusVersion && (await hasKeysRecord(d, state.version))) {
        // A keys record of the older layout (strings, not packed arrays): write the current one, the store is the same.
        if (!(await isPackedKeys(d, state.version))) {
          await rewriteKeys(d, checked.corpus);
          lookups.invalidate();
        }
        // Summaries chunks missing (a database from before they existed, or a stop right after the load): write them.
        if (!(await hasSummaryChunks(d, state.version))) {
          await writeSummaries(d, checked.corpus, log);
          lookups.invalidate();
        }
        return status();
      }
      corpusComplete = false;
      writing = true;
      try {
        await loadCorpus(d, checked.corpus);
        await writeSummaries(d, checked.corpus, log);
        corpusComplete = true;
      } finally {
        writing = false;
        // Until here lookups answer from the previous keys (a load only upserts until its last step).
        lookups.invalidate();
      }
      deps.corpusChanged?.();
      return status();
    })().finally(() => (loading = undefined));
    return loading;
  }

  /** At worker start: restore an emptied library from the backup, or top the backup up. Never fails a request. */
  function backupAtStart(d: PaperLensDB): Promise<void> {
    if (!deps.backup) return Promise.resolve();
    if (backupStarted) return backupStarted;
    // A restore at start writes saved items: lookups answered meanwhile do not keep the saved ids they read.
    lookups.savedChanged();
    backupStarted = reconcileAtStart(d).finally(() => lookups.savedChanged()).then(
      async (r) => {
        if (r?.restored) log(`the saved library was empty: ${r.restored} saved papers restored from the backup`);
        void announce(r?.restoredIds ?? []);
      },
      (e) => log('backup check at start failed:', e),
    );
    return backupStarted;
  }

  /** Tells open tabs and pages about papers saved again by a restore. */
  async function announce(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    // Many papers at once: one libraryChanged (each tab re-reads what is saved), not a message per paper.
    if (ids.length > 20) return deps.broadcast({ type: 'libraryChanged' }).catch(() => undefined);
    for (const paperId of ids) await deps.broadcast({ type: 'savedChanged', paperId, saved: true }).catch(() => undefined);
  }

  /** After any change of saved items: mirror those ids to the backup (a failed backup write never fails the change). */
  function backupSync(d: PaperLensDB, ids: readonly string[]): Promise<void> {
    return deps.backup ? mirrorToBackup(d, ids).catch((e) => log('backup write failed:', e)) : Promise.resolve();
  }

  async function run(req: Request): Promise<Response<RequestType>> {
    const d = await db();
    // An emptied library is restored from the backup before any request about saved papers is answered; the
    // rest (lookups, predictions, status) need not wait for it (a restore pushes savedChanged/libraryChanged).
    const started = backupAtStart(d);
    if (!NEEDS_BACKUP_CHECK_FIRST.has(req.type)) void started;
    else await started;
    if (LEAVES_SAVED_ALONE.has(req.type)) return dispatch(d, req);
    lookups.savedChanged();
    try {
      return await dispatch(d, req);
    } finally {
      lookups.savedChanged();
    }
  }

  async function dispatch(d: PaperLensDB, req: Request): Promise<Response<RequestType>> {
    switch (req.type) {
      case 'lookup': {
        // Repair an interrupted or missing load before answering (no read at all once seen complete),
        // but never wait long for it: see storeReady.
        const results = await lookups.lookup(d, req.entries, await storeReady(d));
        return lookups.idsSuffice() ? { ok: true, results, idsSuffice: true } : { ok: true, results };
      }
      case 'save': {
        const item = await savePaper(d, req.paperId);
        await backupSync(d, [req.paperId]);
        await deps.broadcast({ type: 'savedChanged', paperId: req.paperId, saved: true });
        return { ok: true, item };
      }
      case 'unsave': {
        const removed = await removeSaved(d, req.paperId);
        await backupSync(d, [req.paperId]);
        await deps.broadcast({ type: 'savedChanged', paperId: req.paperId, saved: false });
        return { ok: true, removed };
      }
      case 'listSaved':
        return { ok: true, items: await listSaved(d) };
      case 'savedIds':
        return { ok: true, saved: await savedAmong(d, req.paperIds) };
      case 'status':
        return { ok: true, ...(await status()) };
      case 'reloadCorpus':
        return { ok: true, ...(await ensureCorpus('force')) };
      case 'importText': {
        // Parsing and classifying run here, in the worker, not on the options page's main thread.
        let parsed;
        try {
          parsed = parseImport(req.text, req.name);
        } catch (e) {
          if (e instanceof ImportError) return { ok: false, error: e.message };
          throw e;
        }
        if (parsed.papers.length === 0) return { ok: false, error: `${req.name}: no paper could be read from this file (${parsed.rejected.length} rejected)` };
        const importId = `imp-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
        const summary = await importPapers(d, parsed.papers, {
          importId,
          name: req.name,
          onProgress: (done, total) => deps.progress?.({ type: 'importProgress', done, total }),
        });
        lookups.invalidate();
        return { ok: true, summary, format: parsed.format, warnings: parsed.warnings.slice(0, 100), rejected: parsed.rejected.slice(0, 100) };
      }
      case 'listImports':
        return { ok: true, imports: await listImports(d) };
      case 'removeImport': {
        const removed = await removeImport(d, req.importId);
        lookups.invalidate();
        return { ok: true, removed };
      }
      case 'importLibrary': {
        const changed: string[] = [];
        const res = await importLibrary(d, req.name, req.text, changed);
        if (res.ok && changed.length > 0) {
          await backupSync(d, changed);
          await deps.broadcast({ type: 'libraryChanged' });
        }
        return res;
      }
      case 'clearLibrary': {
        // A cleared library is cleared in the backup too, and first: a cleared database with a full backup would
        // be restored at the next start. If the backup cannot be cleared, nothing is.
        if (deps.backup) {
          try {
            await backupClear();
          } catch (e) {
            return { ok: false, error: `the library was not cleared: its backup copy could not be cleared (${(e as Error)?.message ?? String(e)})` };
          }
        }
        const removed = await clearSaved(d);
        // A save whose backup write was queued before the clear may have put its item back: clear once more.
        if (deps.backup) await backupClear().catch((e) => log('backup clear failed:', e));
        if (removed > 0) await deps.broadcast({ type: 'libraryChanged' });
        return { ok: true, removed };
      }
      case 'setNote':
      case 'restoreSaved': {
        const item = req.type === 'setNote' ? await setNote(d, req.paperId, req.note) : await restoreSaved(d, req.paperId);
        await backupSync(d, [req.paperId]);
        await deps.broadcast({ type: 'savedChanged', paperId: req.paperId, saved: true });
        return { ok: true, item };
      }
      case 'predict':
        // Runs here, in the worker, so a 2,000-entry page never classifies on its own main thread.
        return { ok: true, results: req.entries.map((e) => classify(e.title, e.abstract ?? '')) };
      case 'backupStatus':
        return { ok: true, ...(await backupStatus()) };
      case 'restoreBackup': {
        const { restoredIds, ...result } = await restoreFromBackup(d);
        await announce(restoredIds);
        return { ok: true, ...result };
      }
    }
  }

  /** Entry point for every runtime message: validates sender and shape, never throws. */
  async function handle(msg: unknown, sender: Sender): Promise<Response<RequestType> | Failure> {
    if (sender.id !== deps.extensionId) return { ok: false, error: 'messages are only accepted from PaperLens itself' };
    const parsed = parseRequest(msg);
    if (!parsed.ok) return parsed;
    const fromExtensionPage = typeof sender.url === 'string' && sender.url.startsWith(deps.extensionOrigin);
    if (PAGE_ONLY.has(parsed.req.type) && !fromExtensionPage) {
      return { ok: false, error: `${parsed.req.type} is only accepted from PaperLens pages` };
    }
    try {
      return await run(parsed.req);
    } catch (e) {
      log(`${parsed.req.type} failed:`, e);
      return { ok: false, error: (e as Error).message || String(e) };
    }
  }

  /**
   * At worker start: open the database and read the lookup keys right away. A stopped worker is started by the
   * message it must answer, so this overlaps the keys' read with the rest of the start-up and the message's delivery.
   */
  function prewarm(): void {
    db().then(
      (d) => {
        if (!writing && !loading) lookups.prefetch(d);
      },
      () => undefined,
    );
  }

  return { handle, ensureCorpus, status, prewarm };
}

export type Service = ReturnType<typeof createService>;

/**
 * How long after a corpus load began lookups wait for it before answering from what is in memory: long
 * enough for the bundled corpus's first load on most machines, short enough that a page never waits
 * on a large one (tabs are told corpusChanged when it ends and look their misses up again).
 */
export const LOOKUP_WAITS_FOR_LOAD_MS = 100;

function waitAtMost(p: Promise<unknown>, ms: number): Promise<unknown> {
  if (ms <= 0) return Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([p, new Promise((r) => (timer = setTimeout(r, ms)))]).finally(() => clearTimeout(timer));
}

/** Lets the worker handle the messages and events that arrived meanwhile (a macrotask, not a microtask). */
function yieldToEvents(): Promise<void> {
  return new Promise((r) => setTimeout(r, 0));
}

async function hasKeysRecord(d: PaperLensDB, version: string): Promise<boolean> {
  return hasRecord(d, KEYS_KEY, version);
}

async function hasRecord(d: PaperLensDB, key: string, version: string): Promise<boolean> {
  const rec = (await d.get('meta', key)) as { version?: string } | undefined;
  return rec?.version === version;
}

async function isPackedKeys(d: PaperLensDB, version: string): Promise<boolean> {
  const rec = (await d.get('meta', KEYS_KEY)) as { version?: string; format?: number } | undefined;
  return rec?.version === version && rec.format === 2;
}

/** Writes the keys and titles records of the stored corpus (same version) in the current layout. */
async function rewriteKeys(d: PaperLensDB, corpus: CorpusFile): Promise<void> {
  const rec = keysRecord(corpus.corpusVersion, corpus.papers);
  const tx = d.transaction('meta', 'readwrite');
  await Promise.all(putKeysRecords(tx.store, rec));
  await tx.done;
}

/** The bundled papers' summaries in chunks (utils/key-index.ts SUMMARIES_KEY), for lookups without a read per hit. */
async function writeSummaries(d: PaperLensDB, corpus: CorpusFile, log: (...args: unknown[]) => void): Promise<void> {
  // Optional: without them lookups read the hits from the store. A failed write never fails the load.
  await writeSummaryChunks(d, corpus.corpusVersion, corpus.papers).catch((e) => log('summaries chunks not written:', e));
}
