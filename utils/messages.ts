// The one typed message API between the content script, the popup/options pages and the background.
// Pure: shapes and validation only. Every message the background receives goes through
// `parseRequest` first; anything malformed gets `{ ok: false, error }` and touches nothing.
import type { ImportFormat, ImportRejected, ImportWarning } from './core/import';
import type { EntryKeys, Paper, TopicScore } from './core/types';
import type { ImportRecord, ImportSummary } from './imports';
import type { BackupStatus, RestoreResult } from './backup';

/** A paper as sent in messages: everything but the (long) abstract. */
export type PaperSummary = Omit<Paper, 'abstract'>;

/** How an entry was matched: arXiv id (or arXiv DOI), exact normalised title, or fuzzy title. */
export type MatchKind = 'id' | 'title' | 'fuzzy';

export interface LookupHit {
  paper: PaperSummary;
  matchedBy: MatchKind;
  /** Fuzzy matches only: the match score in [0, 1]. */
  matchScore?: number;
  saved: boolean;
}

export interface SavedItem {
  paperId: string;
  /** Milliseconds since the epoch. */
  savedAt: number;
  /** Snapshot taken when saved, so the saved item survives corpus upgrades that drop or change the paper. */
  paper: PaperSummary;
  /** The reader's own plain-text note (never rendered as HTML); absent when empty. */
  note?: string;
}

export interface Status {
  corpusVersion: string | null;
  paperCount: number;
  savedCount: number;
  /** Set when the bundled corpus could not be loaded (the previous one stays). */
  corpusError?: string;
}

/** Requests handled by the background, with the payload each one answers with. */
export interface RequestMap {
  lookup: {
    req: { entries: EntryKeys[] };
    res: {
      results: (LookupHit | null)[];
      /**
       * Every paper of the corpus has an arXiv id, so an entry whose arXiv id found nothing cannot match by its
       * title either: a content script that asked by id alone need not ask again with the titles.
       */
      idsSuffice?: true;
    };
  };
  save: { req: { paperId: string }; res: { item: SavedItem } };
  unsave: { req: { paperId: string }; res: { removed: boolean } };
  /** The whole library, notes included: extension pages only. */
  listSaved: { req: Record<never, never>; res: { items: SavedItem[] } };
  /** Which of these papers are saved (content scripts ask this after a libraryChanged). */
  savedIds: { req: { paperIds: string[] }; res: { saved: string[] } };
  status: { req: Record<never, never>; res: Status };
  reloadCorpus: { req: Record<never, never>; res: Status };
  /** Adds the papers of a file (seed format, corpus JSON or BibTeX) to the corpus: all or nothing. */
  importText: {
    req: { name: string; text: string };
    res: { summary: ImportSummary; format: ImportFormat; warnings: ImportWarning[]; rejected: ImportRejected[] };
  };
  listImports: { req: Record<never, never>; res: { imports: ImportRecord[] } };
  removeImport: { req: { importId: string }; res: { removed: number | null } };
  /** Topics predicted for entries not in the corpus, from what the page shows (title, abstract). */
  predict: { req: { entries: PredictEntry[] }; res: { results: TopicScore[][] } };
  /** The storage.local backup of the saved library (utils/backup.ts): size, last write, automatic restore. */
  backupStatus: { req: Record<never, never>; res: BackupStatus };
  /** Adds back the backed-up saved items the database lacks; never deletes. */
  restoreBackup: { req: Record<never, never>; res: Omit<RestoreResult, 'restoredIds'> };
  /** Merges a JSON library export (utils/core/export.ts) into the saved library: all or nothing. */
  importLibrary: { req: { name: string; text: string }; res: LibraryImportResult };
  /** Removes every saved item. */
  clearLibrary: { req: Record<never, never>; res: { removed: number } };
  /** Sets (or, when empty, removes) the plain-text note of a saved paper. */
  setNote: { req: { paperId: string; note: string }; res: { item: SavedItem } };
  /** Undo of a recent `unsave`: puts the removed item back as it was (savedAt, note, snapshot). */
  restoreSaved: { req: { paperId: string }; res: { item: SavedItem } };
}

export interface LibraryImportResult {
  /** Papers that were not saved and now are (with the file's date, note and snapshot). */
  added: number;
  /** Papers already saved: their date, note and snapshot stay. */
  kept: number;
  /** Of the kept ones, those without a note that got the file's note. */
  notesAdded: number;
}

export interface PredictEntry {
  title: string;
  abstract?: string;
}

export type RequestType = keyof RequestMap;
export type Request<T extends RequestType = RequestType> = T extends RequestType ? { type: T } & RequestMap[T]['req'] : never;
export type Ok<T extends RequestType> = { ok: true } & RequestMap[T]['res'];
export type Failure = { ok: false; error: string };
export type Response<T extends RequestType> = Ok<T> | Failure;

/** Pushed by the background to extension pages while an import is written. */
export interface ImportProgress {
  type: 'importProgress';
  done: number;
  total: number;
}

/** Pushed by the background to open tabs and extension pages when the saved library changes. */
export interface SavedChanged {
  type: 'savedChanged';
  paperId: string;
  saved: boolean;
}

/** Pushed to open tabs and extension pages after a library import or clear: re-read what is saved. */
export interface LibraryChanged {
  type: 'libraryChanged';
}

/** Asked by the popup of the content script in a tab. */
export interface PageEntriesRequest {
  type: 'pageEntries';
}
export type PageEntry = LookupHit;
export interface PageEntriesResponse {
  ok: true;
  /** Adapter id claiming the page, or null when no adapter claims it. */
  site: string | null;
  siteName: string | null;
  matched: PageEntry[];
  /** Entries found on the page that are not in the corpus. */
  unmatched: number;
}

// Limits: generous for real pages (arXiv shows up to 2,000 entries), small enough that a hostile
// or buggy sender cannot make the background do unbounded work.
export const LIMITS = {
  lookupEntries: 5000,
  title: 2000,
  arxivId: 64,
  doi: 300,
  paperId: 200,
  abstract: 20_000,
  importName: 300,
  /** Characters of an imported file: under Chrome's 64 MiB message limit. */
  importText: 50 * 1024 * 1024,
  /** Characters of a saved paper's note. */
  note: 10_000,
} as const;

const REQUEST_TYPES: readonly RequestType[] = [
  'lookup', 'save', 'unsave', 'listSaved', 'status', 'reloadCorpus', 'predict', 'importText', 'listImports', 'removeImport',
  'backupStatus', 'restoreBackup', 'importLibrary', 'clearLibrary', 'setNote', 'restoreSaved', 'savedIds',
];

/**
 * Requests only extension pages (popup, options) may send; content scripts run inside untrusted pages, so they
 * get neither the library's notes (`listSaved`) nor any write beyond save/unsave.
 */
export const PAGE_ONLY: ReadonlySet<RequestType> = new Set([
  'listSaved', 'reloadCorpus', 'importText', 'listImports', 'removeImport', 'backupStatus', 'restoreBackup', 'importLibrary', 'clearLibrary',
  'setNote', 'restoreSaved',
]);

/**
 * The compact form of a lookup request: the same entries as one string (arXiv id, DOI and title of each
 * entry joined by UNIT, entries joined by RECORD; an empty field is absent). The background accepts it
 * wherever it accepts `{ type: 'lookup', entries }`, with the same limits and the same answer. Measured
 * (Chromium, 2,000 entries): runtime messaging costs ~40 ms for the array of objects, ~17 ms for this string.
 */
export interface PackedLookupRequest {
  type: 'lookup';
  packed: string;
}
const UNIT = '\u001f';
const RECORD = '\u001e';
// Control characters in a field (never meaningful in an id or a title) become spaces, so they cannot split it.
const SEPARATORS_RE = /[\u001e\u001f]/g;

export function packLookup(entries: readonly EntryKeys[]): PackedLookupRequest {
  const field = (v: string | undefined) => (v ? v.replace(SEPARATORS_RE, ' ') : '');
  return { type: 'lookup', packed: entries.map((e) => `${field(e.arxivId)}${UNIT}${field(e.doi)}${UNIT}${field(e.title)}`).join(RECORD) };
}

function unpackLookup(packed: string): EntryKeys[] {
  if (packed.length === 0) return [];
  const records = packed.split(RECORD, LIMITS.lookupEntries + 1);
  if (records.length > LIMITS.lookupEntries) throw new Error(`lookup takes at most ${LIMITS.lookupEntries} entries`);
  return records.map((r, i): EntryKeys => {
    const f = r.split(UNIT);
    if (f.length !== 3) throw new Error(`lookup.packed entry ${i} must have 3 fields`);
    return {
      arxivId: optString(f[0] || undefined, LIMITS.arxivId, `entries[${i}].arxivId`),
      doi: optString(f[1] || undefined, LIMITS.doi, `entries[${i}].doi`),
      title: optString(f[2] || undefined, LIMITS.title, `entries[${i}].title`),
    };
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optString(v: unknown, max: number, what: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new Error(`${what} must be a string`);
  if (v.length > max) throw new Error(`${what} is longer than ${max} characters`);
  return v;
}

function paperId(v: unknown): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > LIMITS.paperId) {
    throw new Error(`paperId must be a non-empty string of at most ${LIMITS.paperId} characters`);
  }
  return v;
}

/** Validates an incoming message and returns a clean copy (unknown fields dropped). */
export function parseRequest(msg: unknown): { ok: true; req: Request } | Failure {
  try {
    if (!isRecord(msg) || typeof msg.type !== 'string') throw new Error('message must be an object with a string type');
    const type = msg.type as RequestType;
    if (!REQUEST_TYPES.includes(type)) throw new Error(`unknown message type ${JSON.stringify(msg.type.slice(0, 40))}`);
    switch (type) {
      case 'lookup': {
        if (msg.entries === undefined && typeof msg.packed === 'string') {
          // Bounded before splitting: every field at its limit plus the separators.
          if (msg.packed.length > LIMITS.lookupEntries * (LIMITS.arxivId + LIMITS.doi + LIMITS.title + 3)) throw new Error('lookup.packed is too long');
          return { ok: true, req: { type, entries: unpackLookup(msg.packed) } };
        }
        if (!Array.isArray(msg.entries)) throw new Error('lookup.entries must be an array');
        if (msg.entries.length > LIMITS.lookupEntries) throw new Error(`lookup takes at most ${LIMITS.lookupEntries} entries`);
        const entries = msg.entries.map((e, i): EntryKeys => {
          if (!isRecord(e)) throw new Error(`lookup.entries[${i}] must be an object`);
          return {
            arxivId: optString(e.arxivId, LIMITS.arxivId, `entries[${i}].arxivId`),
            doi: optString(e.doi, LIMITS.doi, `entries[${i}].doi`),
            title: optString(e.title, LIMITS.title, `entries[${i}].title`),
          };
        });
        return { ok: true, req: { type, entries } };
      }
      case 'predict': {
        if (!Array.isArray(msg.entries)) throw new Error('predict.entries must be an array');
        if (msg.entries.length > LIMITS.lookupEntries) throw new Error(`predict takes at most ${LIMITS.lookupEntries} entries`);
        const entries = msg.entries.map((e, i): PredictEntry => {
          if (!isRecord(e)) throw new Error(`predict.entries[${i}] must be an object`);
          const title = optString(e.title, LIMITS.title, `entries[${i}].title`);
          if (!title) throw new Error(`predict.entries[${i}].title must be a non-empty string`);
          const abstract = optString(e.abstract, LIMITS.abstract, `entries[${i}].abstract`);
          return abstract ? { title, abstract } : { title };
        });
        return { ok: true, req: { type, entries } };
      }
      case 'importText': {
        const name = optString(msg.name, LIMITS.importName, 'importText.name');
        if (!name) throw new Error('importText.name must be a non-empty string');
        if (typeof msg.text !== 'string') throw new Error('importText.text must be a string');
        if (msg.text.length > LIMITS.importText) throw new Error(`the file is larger than ${LIMITS.importText / 1024 / 1024} MiB`);
        return { ok: true, req: { type, name, text: msg.text } };
      }
      case 'importLibrary': {
        const name = optString(msg.name, LIMITS.importName, 'importLibrary.name');
        if (!name) throw new Error('importLibrary.name must be a non-empty string');
        if (typeof msg.text !== 'string') throw new Error('importLibrary.text must be a string');
        if (msg.text.length > LIMITS.importText) throw new Error(`the file is larger than ${LIMITS.importText / 1024 / 1024} MiB`);
        return { ok: true, req: { type, name, text: msg.text } };
      }
      case 'removeImport': {
        if (typeof msg.importId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(msg.importId)) throw new Error('removeImport.importId is not an import id');
        return { ok: true, req: { type, importId: msg.importId } };
      }
      case 'setNote': {
        if (typeof msg.note !== 'string') throw new Error('setNote.note must be a string');
        if (msg.note.length > LIMITS.note) throw new Error(`the note is longer than ${LIMITS.note.toLocaleString('en')} characters`);
        return { ok: true, req: { type, paperId: paperId(msg.paperId), note: msg.note } };
      }
      case 'savedIds': {
        if (!Array.isArray(msg.paperIds)) throw new Error('savedIds.paperIds must be an array');
        if (msg.paperIds.length > LIMITS.lookupEntries) throw new Error(`savedIds takes at most ${LIMITS.lookupEntries} ids`);
        return { ok: true, req: { type, paperIds: msg.paperIds.map(paperId) } };
      }
      case 'save':
      case 'unsave':
      case 'restoreSaved':
        return { ok: true, req: { type, paperId: paperId(msg.paperId) } };
      default:
        return { ok: true, req: { type } as Request };
    }
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/** The paper without its abstract (a stored record may have none: utils/db.ts StoredPaper). */
export function summarize(paper: PaperSummary & { abstract?: string }): PaperSummary {
  const { abstract: _omit, ...rest } = paper;
  void _omit;
  return rest;
}

export function isLibraryChanged(msg: unknown): msg is LibraryChanged {
  return isRecord(msg) && msg.type === 'libraryChanged';
}

export function isSavedChanged(msg: unknown): msg is SavedChanged {
  return isRecord(msg) && msg.type === 'savedChanged' && typeof msg.paperId === 'string' && typeof msg.saved === 'boolean';
}
