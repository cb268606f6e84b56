// The lookup's hot path: the exact keys of every paper (arXiv id → paper, normalised title's hash →
// paper) held in memory by the service worker, so a 2,000-entry lookup is Map lookups plus, once the
// summaries record is read, no IndexedDB request at all. Background only, like utils/db.ts.
//
// A restarted worker must not walk 100,000 records to rebuild it: loadCorpus persists the bundled
// corpus's keys as ONE `meta` record (KEYS_KEY: the id, arXiv id and normalised-title hash of every
// bundled paper, string columns joined by SEP), written in the same transaction that marks
// the load complete, and the raw titles as another (TITLES_KEY), read only to build the fuzzy index. Imported papers (a few thousand at most) are read from the store by source.
// The record is trusted only when its version equals a complete corpus state; otherwise the caller
// falls back to the per-entry IndexedDB lookup (utils/db.ts), which is always right, only slower.
import type { EntryKeys, Paper } from './core/types';
import { normalizeTitle } from './core/normalize';
import { TitleIndex, type IndexedPaper } from './core/match';
import { listTitles, lookupEntries, storedSummary, type CorpusState, type FuzzyMatcher, type PaperLensDB, type StoredPaper } from './db';
import { summarize, type LookupHit, type PaperSummary } from './messages';

export const KEYS_KEY = 'keys:bundled';
export const TITLES_KEY = 'titles:bundled';
/**
 * The bundled papers' summaries (what a lookup answers: the paper without its abstract), in KeysRecord
 * order, as one string: each summary's JSON, joined by SEP (JSON.stringify escapes control characters, so
 * SEP never occurs inside one). Written by the service after a load (utils/service.ts), read in the
 * background after a lookup has been answered, so that warm lookups need no IndexedDB read per hit.
 */
export const SUMMARIES_KEY = 'summaries:bundled';
/** Column separator: a control character neither ids nor titles contain (checked when writing). */
const SEP = '\u001f';

export interface KeysRecord {
  version: string;
  count: number;
  /** Each paper's id, '' when it is its arXiv id (most bundled papers). Older records: every id. */
  ids: string;
  arxivIds: string;
  /**
   * titleHash of each normalised title (-1: none). A 53-bit hash instead of the titles themselves keeps the
   * record a few times smaller, so a restarted worker reads it sooner; a title match is confirmed against the
   * paper's own title before it is answered (utils/db.ts lookupInMemory).
   */
  titleHashes?: Float64Array;
  /** Records written before titleHashes existed: the normalised titles, joined by SEP. */
  normTitles?: string;
}

/** 53-bit hash of a normalised title (two 32-bit FNV-1a-style halves); -1 for the empty title (no title key). */
export function titleHash(normTitle: string): number {
  if (!normTitle) return -1;
  let h1 = 0x811c9dc5;
  let h2 = 0x5bd1e995;
  for (let i = 0; i < normTitle.length; i++) {
    const c = normTitle.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return (h1 >>> 0) * 0x200000 + (h2 >>> 11);
}

/** The raw titles of the bundled papers, in KeysRecord order (for the fuzzy TitleIndex only). */
export interface TitlesRecord {
  version: string;
  count: number;
  titles: string;
}

/** The compact keys and titles of a corpus, or undefined when a value contains the separator (then no record is kept). */
export function keysRecord(
  version: string,
  papers: readonly Paper[],
  normTitleOf: (p: Paper, i: number) => string = (p) => normalizeTitle(p.title),
): { keys: KeysRecord; titles: TitlesRecord } | undefined {
  const ids: string[] = [];
  const arxivIds: string[] = [];
  const titleHashes = new Float64Array(papers.length);
  const titles: string[] = [];
  for (let i = 0; i < papers.length; i++) {
    const p = papers[i]!;
    ids.push(p.id === p.arxivId ? '' : p.id);
    arxivIds.push(p.arxivId ?? '');
    titleHashes[i] = titleHash(normTitleOf(p, i));
    titles.push(p.title);
  }
  const keys: KeysRecord = { version, count: papers.length, ids: ids.join(SEP), arxivIds: arxivIds.join(SEP), titleHashes };
  const rawTitles: TitlesRecord = { version, count: papers.length, titles: titles.join(SEP) };
  const cols = [keys.ids, keys.arxivIds, rawTitles.titles];
  return cols.every((c) => (papers.length === 0 ? c === '' : c.split(SEP).length === papers.length)) ? { keys, titles: rawTitles } : undefined;
}

export interface SummariesRecord {
  version: string;
  count: number;
  json: string;
}

export function summariesRecord(version: string, papers: readonly Paper[]): SummariesRecord {
  return { version, count: papers.length, json: papers.map((p) => JSON.stringify(summarize(p))).join(SEP) };
}

/** A SummariesRecord's summaries by paper number, parsed one at a time when asked (a fresh object each time). */
export class PackedSummaries {
  private constructor(
    private readonly json: string,
    /** Start of each summary in `json`; one more entry than there are summaries (the end). */
    private readonly starts: Uint32Array,
  ) {}

  /** The record's summaries, or undefined when it does not hold exactly `count` of them. */
  static from(rec: SummariesRecord, count: number): PackedSummaries | undefined {
    if (rec.count !== count || typeof rec.json !== 'string') return undefined;
    const starts = new Uint32Array(count + 1);
    if (count === 0) return rec.json === '' ? new PackedSummaries('', starts) : undefined;
    let at = 0;
    for (let i = 1; i < count; i++) {
      const sep = rec.json.indexOf(SEP, at);
      if (sep < 0) return undefined;
      starts[i] = at = sep + 1;
    }
    if (rec.json.indexOf(SEP, at) >= 0) return undefined;
    starts[count] = rec.json.length + 1;
    return new PackedSummaries(rec.json, starts);
  }

  get size(): number {
    return this.starts.length - 1;
  }

  get(n: number): PaperSummary | undefined {
    if (!(n >= 0 && n < this.size)) return undefined;
    return JSON.parse(this.json.slice(this.starts[n]!, this.starts[n + 1]! - 1)) as PaperSummary;
  }
}

const AMBIGUOUS = -1;

/** In-memory exact keys: same answers as the papers store's byArxiv / byTitle indexes. */
export class KeyIndex {
  /** Corpus version of the keys record the bundled papers came from. */
  version = '';
  /** The first `bundled` papers are the keys record's (their raw titles are read only for the fuzzy index). */
  bundled = 0;
  readonly ids: string[] = [];
  readonly arxivIds: string[] = [];
  readonly titles: string[] = [];
  private readonly byArxiv = new Map<string, number>();
  /** titleHash of the normalised title → paper number, or AMBIGUOUS when two papers share it. */
  private readonly byTitle = new Map<number, number>();
  /** Papers without an arXiv id: when there are none, an entry whose arXiv id is unknown cannot match by title. */
  idless = 0;
  /** Summaries of the papers after the first `bundled` (imports: read with their keys), by paper number − bundled. */
  readonly others: (PaperSummary | undefined)[] = [];

  add(id: string, arxivId: string, normTitle: string, title: string, summary?: PaperSummary): void {
    this.addHashed(id, arxivId, titleHash(normTitle), title, summary);
  }

  /** add() with the normalised title's titleHash (-1: no title). */
  addHashed(id: string, arxivId: string, hash: number, title: string, summary?: PaperSummary): void {
    const n = this.ids.length;
    if (n >= this.bundled) this.others[n - this.bundled] = summary;
    this.ids.push(id);
    this.arxivIds.push(arxivId);
    this.titles.push(title);
    if (!arxivId) this.idless++;
    if (arxivId) {
      // Like IDBIndex.get on a shared key: the lowest primary key wins.
      const prev = this.byArxiv.get(arxivId);
      if (prev === undefined || id < this.ids[prev]!) this.byArxiv.set(arxivId, n);
    }
    if (hash >= 0) this.byTitle.set(hash, this.byTitle.has(hash) ? AMBIGUOUS : n);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Paper number with this arXiv id. */
  arxiv(arxivId: string): number | undefined {
    return this.byArxiv.get(arxivId);
  }

  /**
   * Paper number with this normalised title when exactly one paper has it, compared by titleHash: the paper's
   * own normalised title must still be checked to be equal (two titles may share a hash; then both are
   * refused as ambiguous, which only costs a match, never gives a wrong one).
   */
  title(normTitle: string): number | undefined {
    const n = this.byTitle.get(titleHash(normTitle));
    return n === undefined || n === AMBIGUOUS ? undefined : n;
  }

  /** Id, title and arXiv id of every paper, for the fuzzy TitleIndex; `bundledTitles` are the titles record's. */
  *papers(bundledTitles: readonly string[]): Iterable<{ id: string; title: string; arxivId?: string }> {
    for (let i = 0; i < this.ids.length; i++) {
      const arxivId = this.arxivIds[i];
      const title = i < this.bundled ? bundledTitles[i]! : this.titles[i]!;
      yield arxivId ? { id: this.ids[i]!, title, arxivId } : { id: this.ids[i]!, title };
    }
  }
}

/**
 * Reads the keys of every paper in one transaction: the bundled keys record (one read) and the
 * papers of other sources. Undefined when there is no usable record for the complete corpus.
 */
export async function readKeyIndex(db: PaperLensDB, bundled: string): Promise<KeyIndex | undefined> {
  const tx = db.transaction(['papers', 'meta'], 'readonly');
  const meta = tx.objectStore('meta');
  const bySource = tx.objectStore('papers').index('bySource');
  const [state, rec, below, above] = await Promise.all([
    meta.get('corpus') as Promise<CorpusState | undefined>,
    meta.get(KEYS_KEY) as Promise<KeysRecord | undefined>,
    bySource.getAll(IDBKeyRange.upperBound(bundled, true)),
    bySource.getAll(IDBKeyRange.lowerBound(bundled, true)),
  ]);
  await tx.done;
  if (!state || state.state !== 'complete' || !rec || rec.version !== state.version) return undefined;
  const index = new KeyIndex();
  if (rec.count > 0) {
    const ids = rec.ids.split(SEP);
    const arxivIds = rec.arxivIds.split(SEP);
    if (ids.length !== rec.count || arxivIds.length !== rec.count) return undefined;
    let hashes: ArrayLike<number>;
    if (rec.titleHashes instanceof Float64Array && rec.titleHashes.length === rec.count) hashes = rec.titleHashes;
    else if (typeof rec.normTitles === 'string') {
      const normTitles = rec.normTitles.split(SEP);
      if (normTitles.length !== rec.count) return undefined;
      hashes = normTitles.map(titleHash);
    } else return undefined;
    index.bundled = rec.count;
    for (let i = 0; i < ids.length; i++) index.addHashed(ids[i] || arxivIds[i]!, arxivIds[i]!, hashes[i]!, '');
  }
  index.version = rec.version;
  for (const p of [...below, ...above] as StoredPaper[]) index.add(p.id, p.arxivId ?? '', p.normTitle, p.title, storedSummary(p));
  return index;
}

/** The bundled papers' summaries when the summaries record matches the keys in memory. */
async function readSummaries(d: PaperLensDB, idx: KeyIndex): Promise<PackedSummaries | undefined> {
  const rec = (await d.get('meta', SUMMARIES_KEY)) as SummariesRecord | undefined;
  return rec && rec.version === idx.version ? PackedSummaries.from(rec, idx.bundled) : undefined;
}

/** The raw titles of the bundled papers when the titles record matches the keys in memory. */
async function bundledTitles(d: PaperLensDB, idx: KeyIndex): Promise<string[] | undefined> {
  const rec = (await d.get('meta', TITLES_KEY)) as TitlesRecord | undefined;
  if (!rec || rec.version !== idx.version || rec.count !== idx.bundled) return undefined;
  const titles = rec.count === 0 ? [] : rec.titles.split(SEP);
  return titles.length === rec.count ? titles : undefined;
}

/** Above this many papers, a lookup does not wait for the fuzzy index to be built: it is built in the background. */
export const FUZZY_WAIT_MAX = 5000;
/** The background build of the fuzzy index gives the worker back this often (ms), so lookups keep being answered. */
const BUILD_SLICE_MS = 15;

async function buildTitleIndex(papers: Iterable<IndexedPaper>, cancelled: () => boolean): Promise<TitleIndex | undefined> {
  const index = new TitleIndex();
  let t = performance.now();
  for (const p of papers) {
    index.add(p);
    if (performance.now() - t > BUILD_SLICE_MS) {
      await new Promise((r) => setTimeout(r, 0));
      if (cancelled()) return undefined;
      t = performance.now();
    }
  }
  return index;
}

function matcherOf(index: TitleIndex): FuzzyMatcher {
  return (title, arxivId) => {
    const m = index.match(title, { arxivId });
    return m && m.kind === 'fuzzy' ? { id: m.id, score: m.score } : null;
  };
}

/**
 * What the service keeps in memory for lookups: the exact keys and the fuzzy title index, both
 * rebuilt on demand after `invalidate()` (call it whenever papers change). Nothing here is the
 * only copy of anything: a stopped worker rebuilds it from IndexedDB.
 */
/** Summaries of papers found by recent lookups, kept so a page looked up again reads nothing but the saved ids. */
export const SUMMARY_CACHE_SIZE = 5000;

export function createLookups(bundled: string) {
  let epoch = 0;
  const summaries = new Map<string, PaperSummary>();
  let keys: Promise<KeyIndex | undefined> | undefined;
  /** The keys once read (for answering while a corpus load keeps the store busy). */
  let keysReady: KeyIndex | undefined;
  let fuzzy: Promise<FuzzyMatcher | undefined> | undefined;
  let fuzzyReady: FuzzyMatcher | undefined;
  /** The bundled papers' summaries (SUMMARIES_KEY) for `keysReady`, read once a lookup has been answered. */
  let packed: PackedSummaries | undefined;
  let packedRead = false;
  /**
   * The saved ids as last read by a lookup. The service calls savedChanged() before and after every request
   * that may write the saved store (it is the only writer), and a read is kept only when no such call came
   * between its start and its end.
   */
  let savedIds: ReadonlySet<string> | undefined;
  let savedEpoch = 0;

  function keyIndex(d: PaperLensDB): Promise<KeyIndex | undefined> {
    if (!keys) {
      const at = epoch;
      const mine = (keys = readKeyIndex(d, bundled));
      mine.then(
        (idx) => {
          if (epoch === at) keysReady = idx;
        },
        () => {
          if (keys === mine) keys = undefined;
        },
      );
    }
    return keys;
  }

  /** Reads the summaries record in the background (after the lookup that asked was answered). */
  function readPacked(d: PaperLensDB, idx: KeyIndex): void {
    if (packedRead || idx.bundled === 0) return;
    packedRead = true;
    const at = epoch;
    setTimeout(() => {
      if (epoch !== at) return;
      readSummaries(d, idx).then(
        (p) => {
          if (epoch === at && keysReady === idx) packed = p;
        },
        () => {
          if (epoch === at) packedRead = false;
        },
      );
    }, 0);
  }

  function fuzzyMatcher(d: PaperLensDB, idx: KeyIndex | undefined): Promise<FuzzyMatcher | undefined> | FuzzyMatcher | undefined {
    if (fuzzyReady) return fuzzyReady;
    const at = epoch;
    if (!fuzzy) {
      const papers = idx ? bundledTitles(d, idx).then((t) => (t ? idx.papers(t) : listTitles(d))) : listTitles(d);
      const mine = (fuzzy = papers
        .then((list) => buildTitleIndex(list, () => epoch !== at))
        .then((index) => {
          if (!index || epoch !== at) return undefined;
          return (fuzzyReady = matcherOf(index));
        }));
      mine.catch(() => {
        if (fuzzy === mine) fuzzy = undefined;
      });
    }
    // A large corpus: answer the exact matches now; the fuzzy ones come with the index, for later lookups.
    if (idx && idx.size > FUZZY_WAIT_MAX) {
      fuzzy.catch(() => undefined);
      return undefined;
    }
    return fuzzy;
  }

  return {
    /**
     * `storeReady` false: a corpus load is under way (first install or repair). Then only keys already
     * in memory are used (an update: the previous corpus is still stored), with the hits' summaries read
     * from the store; without them every entry is answered null at once, rather than reading a
     * half-written store behind the load's write batches.
     */
    async lookup(d: PaperLensDB, entries: EntryKeys[], storeReady = true): Promise<(LookupHit | null)[]> {
      if (!storeReady && !keysReady) return entries.map(() => null);
      const idx = storeReady ? await keyIndex(d) : keysReady;
      if (!idx) return lookupEntries(d, entries, async () => fuzzyMatcher(d, idx));
      const at = savedEpoch;
      const mem = storeReady ? packed : undefined;
      const results = await lookupEntries(d, entries, async () => fuzzyMatcher(d, idx), {
        keys: idx,
        summaries,
        maxSummaries: SUMMARY_CACHE_SIZE,
        // Only for a complete store: during a load a paper of the previous corpus may be gone.
        ...(storeReady ? { summaryOf: (n: number) => (n < idx.bundled ? mem?.get(n) : idx.others[n - idx.bundled]) } : {}),
        savedIds,
        onSavedIds: (ids) => {
          if (savedEpoch === at) savedIds = new Set(ids);
        },
      });
      if (storeReady && idx === keysReady) readPacked(d, idx);
      return results;
    },
    /** Every paper in the keys in memory has an arXiv id (false when they are not read: nothing is assumed). */
    idsSuffice(): boolean {
      return keysReady?.idless === 0;
    },
    /** Papers changed (a corpus load, an import or its removal): drop everything derived from them. */
    invalidate(): void {
      epoch++;
      keys = undefined;
      keysReady = undefined;
      fuzzy = undefined;
      fuzzyReady = undefined;
      packed = undefined;
      packedRead = false;
      summaries.clear();
    },
    /** The saved store may change (call before and after the write): lookups read the saved ids again. */
    savedChanged(): void {
      savedEpoch++;
      savedIds = undefined;
    },
  };
}
