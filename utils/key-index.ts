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
 * The bundled papers' summaries (what a lookup answers: the paper without its abstract), in chunks of
 * PackedKeysRecord.chunk papers in corpus order: meta record `${SUMMARIES_KEY}:${k}` holds papers
 * k·chunk … (k+1)·chunk − 1, each summary's JSON joined by SEP (JSON.stringify escapes control characters,
 * so SEP never occurs inside one). Written by the service after a load (utils/service.ts). A lookup reads
 * the chunks that hold several of its hits (the others one by one from the papers store), and the rest are
 * read in the background one chunk at a time, so warm lookups need no IndexedDB read per hit and the worker
 * is never busy with one large record. SUMMARIES_KEY alone was an older single record of every summary
 * (~28 MB at 100k papers): no longer read, deleted when the chunks are written.
 */
export const SUMMARIES_KEY = 'summaries:bundled';
/** Papers per summaries chunk (~140 kB at ~280 bytes a summary). */
export const SUMMARY_CHUNK = 500;
/** A lookup reads a whole chunk for its hits when at least this many are in it; fewer are read one by one. */
export const CHUNK_MIN_HITS = 4;
export const chunkKey = (k: number): string => `${SUMMARIES_KEY}:${k}`;
/** Column separator: a control character neither ids nor titles contain (checked when writing). */
const SEP = '\u001f';

/**
 * The keys record as written now: typed arrays (structured clone copies them as they are) searched by
 * bisection, so a restarted worker builds nothing per paper before it can answer. Papers are numbered in
 * arXiv-id order (bundledOrder: new-style ids by date, then the others, then papers without one), the order
 * of TitlesRecord and of the summaries chunks: the papers of one listing (recent ids) share a few chunks.
 */
export interface PackedKeysRecord {
  version: string;
  count: number;
  format: 2;
  /** Papers per summaries chunk (SUMMARIES_KEY). */
  chunk: number;
  /**
   * Each paper's arXiv id as a number, ascending (the paper numbering): arxivCode() for new-style ids,
   * OTHER_BASE + its index in otherArxiv for others, NO_CODE for none. Equal codes: by id, so the first is the
   * one a lookup answers (lowest id, as IDBIndex.get).
   */
  codes: Uint32Array;
  /** The arXiv ids that are not new-style (e.g. hep-th/9901001), distinct, joined by SEP. */
  otherArxiv: string;
  /** Low 32 bits of titleHash of the papers with a title, ascending. */
  titleKeys: Uint32Array;
  /** For each titleKeys entry: the paper number, TITLE_AMBIGUOUS (several papers, same title hash), or TITLE_SIDE (see sideHashes). */
  titleNums: Uint32Array;
  /** Where different titleHashes share their low 32 bits: the full hashes, and the paper (or TITLE_AMBIGUOUS) of each. */
  sideHashes: Float64Array;
  sideNums: Uint32Array;
  /** The papers whose id is not their arXiv id (few in the bundled corpus): their numbers, and their ids joined by SEP. */
  idNums: Uint32Array;
  idList: string;
}

const TITLE_AMBIGUOUS = 0xffffffff;
const TITLE_SIDE = 0xfffffffe;

/** The keys record as written before PackedKeysRecord (still read: converted in memory; a version check rewrites it). */
export interface LegacyKeysRecord {
  version: string;
  count: number;
  /** Each paper's id, '' when it is its arXiv id (most bundled papers). Older records: every id. */
  ids: string;
  arxivIds: string;
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

const NO_CODE = 0xffffffff;
const OTHER_BASE = 0xf0000000;
/** A new-style arXiv id (YYMM.NNNN or YYMM.NNNNN) as a 32-bit number, exactly (arxivOfCode gives it back); else undefined. */
export function arxivCode(id: string): number | undefined {
  // By hand rather than a regular expression: this runs for every paper when the keys are packed.
  const len = id.length;
  if ((len !== 9 && len !== 10) || id.charCodeAt(4) !== 46) return undefined;
  let yymm = 0;
  let num = 0;
  for (let i = 0; i < len; i++) {
    if (i === 4) continue;
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    if (i < 4) yymm = yymm * 10 + d;
    else num = num * 10 + d;
  }
  return yymm * 200000 + num * 2 + (len === 10 ? 1 : 0);
}

function arxivOfCode(c: number): string {
  const rest = c % 200000;
  return `${String(Math.floor(c / 200000)).padStart(4, '0')}.${String(rest >>> 1).padStart(rest & 1 ? 5 : 4, '0')}`;
}

/** The code of an arXiv id (arxivCode: exact, two ids never share one). */
const exactCode = arxivCode;

/** The raw titles of the bundled papers, in KeysRecord order (for the fuzzy TitleIndex only). */
export interface TitlesRecord {
  version: string;
  count: number;
  /** 2: in PackedKeysRecord order (arXiv-id order). Older records, in corpus order, are not used. */
  format?: 2;
  titles: string;
}

const compareIds = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
/** Room for a paper's index next to a 32-bit key in one float64 (2^20 papers). */
const SLOT = 2 ** 20;

/**
 * The paper numbering of the keys record: the papers' indexes sorted by arXiv-id code, then by id (papers
 * without an arXiv id last). `others` receives the non-new-style arXiv ids, each with its code.
 */
function numbering(count: number, idOf: (i: number) => string, arxivIdOf: (i: number) => string, others: Map<string, number>): { order: Uint32Array; codes: Uint32Array } {
  const codeOf = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const a = arxivIdOf(i);
    let c = a ? exactCode(a) : NO_CODE;
    if (c === undefined) {
      c = others.get(a);
      if (c === undefined) others.set(a, (c = OTHER_BASE + others.size));
    }
    codeOf[i] = c;
  }
  const order = new Uint32Array(count);
  if (count < SLOT) {
    // A native sort of numbers (code, then index: both in one float) instead of a comparator called ~2 million
    // times: this runs in the worker when a load ends, and a long task there delays the lookups it answers.
    const keyed = new Float64Array(count);
    for (let i = 0; i < count; i++) keyed[i] = codeOf[i]! * SLOT + i;
    keyed.sort();
    for (let n = 0; n < count; n++) order[n] = keyed[n]! % SLOT;
    // Equal codes (a shared arXiv id, or none): by id.
    for (let g = 0; g < count; ) {
      let e = g + 1;
      while (e < count && codeOf[order[e]!] === codeOf[order[g]!]) e++;
      if (e - g > 1) order.subarray(g, e).sort((x, y) => compareIds(idOf(x), idOf(y)));
      g = e;
    }
  } else {
    for (let i = 0; i < count; i++) order[i] = i;
    order.sort((x, y) => codeOf[x]! - codeOf[y]! || compareIds(idOf(x), idOf(y)));
  }
  return { order, codes: order.map((i) => codeOf[i]!) };
}

/** The packed keys of `count` papers (given by their index), and the paper numbering: undefined when an id contains the separator. */
export function packKeys(
  version: string,
  count: number,
  idOf: (i: number) => string,
  arxivIdOf: (i: number) => string,
  hashOf: (i: number) => number,
  chunk = SUMMARY_CHUNK,
): { keys: PackedKeysRecord; order: Uint32Array } | undefined {
  const others = new Map<string, number>();
  const { order, codes } = numbering(count, idOf, arxivIdOf, others);
  const otherList = [...others.keys()];
  const idNums: number[] = [];
  const idList: string[] = [];
  /** Each paper's title hash by paper number (-1: none). */
  const hashOfN = new Float64Array(count);
  let withTitle = 0;
  for (let n = 0; n < count; n++) {
    const i = order[n]!;
    const id = idOf(i);
    if (id !== arxivIdOf(i)) {
      idNums.push(n);
      idList.push(id);
    }
    hashOfN[n] = hashOf(i);
    if (hashOfN[n]! >= 0) withTitle++;
  }
  if (otherList.length >= NO_CODE - OTHER_BASE || [...otherList, ...idList].some((x) => x.includes(SEP))) return undefined;
  // The titled papers' numbers sorted by (low 32 bits of the hash, full hash, number).
  let titled: Uint32Array = new Uint32Array(withTitle);
  for (let n = 0, j = 0; n < count; n++) if (hashOfN[n]! >= 0) titled[j++] = n;
  if (count < SLOT) {
    // As in numbering(): a native sort of (low 32 bits, number) in one float; then a group of equal low bits by full hash.
    const keyed = new Float64Array(withTitle);
    for (let j = 0; j < withTitle; j++) keyed[j] = (hashOfN[titled[j]!]! >>> 0) * SLOT + titled[j]!;
    keyed.sort();
    for (let j = 0; j < withTitle; j++) titled[j] = keyed[j]! % SLOT;
    for (let g = 0; g < withTitle; ) {
      let e = g + 1;
      while (e < withTitle && hashOfN[titled[e]!]! >>> 0 === hashOfN[titled[g]!]! >>> 0) e++;
      if (e - g > 1) titled.subarray(g, e).sort((x, y) => hashOfN[x]! - hashOfN[y]! || x - y);
      g = e;
    }
  } else titled = titled.sort((x, y) => (hashOfN[x]! >>> 0) - (hashOfN[y]! >>> 0) || hashOfN[x]! - hashOfN[y]! || x - y);
  const hashAt = (j: number) => hashOfN[titled[j]!]!;
  const titleKeys = new Uint32Array(withTitle);
  const titleNums = new Uint32Array(withTitle);
  const sideHashes: number[] = [];
  const sideNums: number[] = [];
  for (let g = 0; g < withTitle; ) {
    // A group: the entries sharing the low 32 bits.
    let e = g + 1;
    while (e < withTitle && hashAt(e) >>> 0 === hashAt(g) >>> 0) e++;
    const mixed = hashAt(e - 1) !== hashAt(g);
    const num = mixed ? TITLE_SIDE : e - g > 1 ? TITLE_AMBIGUOUS : titled[g]!;
    for (let j = g; j < e; j++) {
      titleKeys[j] = hashAt(j) >>> 0;
      titleNums[j] = num;
      if (mixed && (j === g || hashAt(j) !== hashAt(j - 1))) {
        sideHashes.push(hashAt(j));
        sideNums.push(j + 1 < e && hashAt(j + 1) === hashAt(j) ? TITLE_AMBIGUOUS : titled[j]!);
      }
    }
    g = e;
  }
  return {
    keys: {
      version,
      count,
      format: 2,
      chunk,
      codes,
      otherArxiv: otherList.join(SEP),
      titleKeys,
      titleNums,
      sideHashes: Float64Array.from(sideHashes),
      sideNums: Uint32Array.from(sideNums),
      idNums: Uint32Array.from(idNums),
      idList: idList.join(SEP),
    },
    order,
  };
}

/** keysRecord's result per papers array: the service writes the summaries chunks in the same numbering right after. */
const packedOf = new WeakMap<readonly Paper[], { keys: PackedKeysRecord; titles: TitlesRecord; order: Uint32Array } | undefined>();

/**
 * The compact keys and titles of a corpus, and their paper numbering (bundled paper n is papers[order[n]]),
 * or undefined when a value contains the separator (then no record is kept).
 */
export function keysRecord(
  version: string,
  papers: readonly Paper[],
  normTitleOf: (p: Paper, i: number) => string = (p) => normalizeTitle(p.title),
): { keys: PackedKeysRecord; titles: TitlesRecord; order: Uint32Array } | undefined {
  const known = packedOf.get(papers);
  if (known && known.keys.version === version) return known;
  const packed = packKeys(
    version,
    papers.length,
    (i) => papers[i]!.id,
    (i) => papers[i]!.arxivId ?? '',
    (i) => titleHash(normTitleOf(papers[i]!, i)),
  );
  const titles = packed ? Array.from(packed.order, (i) => papers[i]!.title) : [];
  const rec = packed && !titles.some((t) => t.includes(SEP)) ? { ...packed, titles: { version, count: papers.length, format: 2 as const, titles: titles.join(SEP) } } : undefined;
  packedOf.set(papers, rec);
  return rec;
}

/**
 * Puts the keys and titles records of `rec` into the meta store of an open readwrite transaction, or deletes
 * them when the corpus has none (keysRecord gave undefined). The one place they are written: at the end of a
 * load (utils/db.ts loadCorpus) and when an older layout is rewritten (utils/service.ts).
 */
export function putKeysRecords(
  meta: { put(value: unknown, key: string): Promise<unknown>; delete(key: string): Promise<unknown> },
  rec: ReturnType<typeof keysRecord>,
): Promise<unknown>[] {
  return rec ? [meta.put(rec.keys, KEYS_KEY), meta.put(rec.titles, TITLES_KEY)] : [meta.delete(KEYS_KEY), meta.delete(TITLES_KEY)];
}

export interface SummariesRecord {
  version: string;
  count: number;
  json: string;
}

export function summariesRecord(version: string, papers: readonly Paper[]): SummariesRecord {
  return { version, count: papers.length, json: papers.map((p) => JSON.stringify(summarize(p))).join(SEP) };
}

/**
 * Writes the bundled papers' summaries in chunks (SUMMARIES_KEY), a few chunks per transaction so the worker
 * answers messages in between, the last chunk last (hasSummaryChunks checks it). The last transaction deletes
 * the old single record and the chunks of a larger corpus before this one (numbers from n on), so an upgrade
 * to a smaller corpus leaves no stale chunks on disk.
 */
export async function writeSummaryChunks(d: PaperLensDB, version: string, corpusPapers: readonly Paper[], chunk = SUMMARY_CHUNK): Promise<void> {
  const numbered = keysRecord(version, corpusPapers);
  const papers = numbered ? Array.from(numbered.order, (i) => corpusPapers[i]!) : [];
  const n = Math.ceil(papers.length / chunk);
  const PER_TX = 8;
  for (let k = 0; k === 0 || k < n; k += PER_TX) {
    if (k > 0) await new Promise((r) => setTimeout(r, 0));
    const tx = d.transaction('meta', 'readwrite', { durability: 'relaxed' });
    for (let j = k; j < Math.min(n, k + PER_TX); j++) void tx.store.put(summariesRecord(version, papers.slice(j * chunk, (j + 1) * chunk)), chunkKey(j));
    if (k + PER_TX >= n) {
      void tx.store.delete(SUMMARIES_KEY);
      const prefix = `${SUMMARIES_KEY}:`;
      for (const key of await tx.store.getAllKeys(IDBKeyRange.bound(prefix, `${prefix}\uffff`))) {
        if (!(Number(String(key).slice(prefix.length)) < n)) void tx.store.delete(key);
      }
    }
    await tx.done;
  }
}

/** Whether every summaries chunk of this keys record's corpus is written (the last one is written last). */
export async function hasSummaryChunks(d: PaperLensDB, version: string): Promise<boolean> {
  const keys = (await d.get('meta', KEYS_KEY)) as Partial<PackedKeysRecord> | undefined;
  if (!keys || keys.version !== version || keys.format !== 2 || !keys.chunk) return false;
  const n = Math.ceil((keys.count ?? 0) / keys.chunk);
  if (n === 0) return true;
  const last = (await d.get('meta', chunkKey(n - 1))) as SummariesRecord | undefined;
  return last?.version === version;
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

/** The bundled papers' keys (a PackedKeysRecord) searched in place. */
class PackedKeys {
  private readonly others: string[];
  private readonly otherIndex = new Map<string, number>();
  private readonly idMap = new Map<number, string>();
  private readonly side = new Map<number, number>();
  readonly idless: number;

  private constructor(private readonly rec: PackedKeysRecord) {
    this.others = rec.otherArxiv ? rec.otherArxiv.split(SEP) : [];
    this.others.forEach((a, j) => this.otherIndex.set(a, OTHER_BASE + j));
    const ids = rec.idNums.length ? rec.idList.split(SEP) : [];
    rec.idNums.forEach((n, j) => this.idMap.set(n, ids[j]!));
    rec.sideHashes.forEach((h, j) => this.side.set(h, rec.sideNums[j]!));
    // Papers without an arXiv id are numbered last.
    let withId = rec.count;
    while (withId > 0 && rec.codes[withId - 1] === NO_CODE) withId--;
    this.idless = rec.count - withId;
  }

  /** The record's keys, or undefined when it is not a well-formed PackedKeysRecord. */
  static from(rec: PackedKeysRecord): PackedKeys | undefined {
    const n = rec.count;
    const ok =
      rec.format === 2 &&
      Number.isInteger(n) &&
      n >= 0 &&
      Number.isInteger(rec.chunk) &&
      rec.chunk > 0 &&
      rec.codes instanceof Uint32Array &&
      rec.codes.length === n &&
      rec.titleKeys instanceof Uint32Array &&
      rec.titleNums instanceof Uint32Array &&
      rec.titleKeys.length === rec.titleNums.length &&
      rec.titleKeys.length <= n &&
      rec.sideHashes instanceof Float64Array &&
      rec.sideNums instanceof Uint32Array &&
      rec.sideHashes.length === rec.sideNums.length &&
      rec.idNums instanceof Uint32Array &&
      typeof rec.otherArxiv === 'string' &&
      typeof rec.idList === 'string' &&
      (rec.idNums.length === 0 ? rec.idList === '' : rec.idList.split(SEP).length === rec.idNums.length);
    return ok ? new PackedKeys(rec) : undefined;
  }

  get count(): number {
    return this.rec.count;
  }

  get chunk(): number {
    return this.rec.chunk;
  }

  /** Paper number answered for this arXiv id (the lowest id among papers that share it). */
  arxiv(arxivId: string): number | undefined {
    const c = exactCode(arxivId) ?? this.otherIndex.get(arxivId);
    if (c === undefined) return undefined;
    const n = lowerBound(this.rec.codes, c);
    return n < this.rec.count && this.rec.codes[n] === c ? n : undefined;
  }

  /** The paper with this title hash, AMBIGUOUS when several have it, undefined when none. */
  title(hash: number): number | undefined {
    if (hash < 0) return undefined;
    const { titleKeys, titleNums } = this.rec;
    const j = lowerBound(titleKeys, hash >>> 0);
    if (j >= titleKeys.length || titleKeys[j] !== hash >>> 0) return undefined;
    const n = titleNums[j] === TITLE_SIDE ? this.side.get(hash) : titleNums[j];
    return n === undefined ? undefined : n === TITLE_AMBIGUOUS ? AMBIGUOUS : n;
  }

  arxivIdOf(n: number): string {
    const c = this.rec.codes[n]!;
    return c === NO_CODE ? '' : c >= OTHER_BASE ? this.others[c - OTHER_BASE]! : arxivOfCode(c);
  }

  idOf(n: number): string {
    return this.idMap.get(n) ?? this.arxivIdOf(n);
  }
}

/** First index in the ascending array whose value is ≥ x. */
function lowerBound(a: Uint32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The packed keys of a legacy record (converted in memory: a sort of every key, done once per worker start). */
function fromLegacy(rec: LegacyKeysRecord): PackedKeysRecord | undefined {
  if (rec.count === 0) return packKeys(rec.version, 0, () => '', () => '', () => -1)?.keys;
  if (typeof rec.ids !== 'string' || typeof rec.arxivIds !== 'string') return undefined;
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
  return packKeys(rec.version, rec.count, (i) => ids[i] || arxivIds[i]!, (i) => arxivIds[i]!, (i) => hashes[i]!)?.keys;
}

/**
 * In-memory exact keys: same answers as the papers store's byArxiv / byTitle indexes. The first `bundled`
 * papers are the keys record's (packed, searched by bisection); the others (imports, or papers added in
 * tests) are added one by one into Maps.
 */
export class KeyIndex {
  /** Corpus version of the keys record the bundled papers came from. */
  version = '';
  /** The first `bundled` papers are the keys record's (their raw titles are read only for the fuzzy index). */
  bundled = 0;
  /** Papers per summaries chunk of the bundled papers (0: none). */
  chunk = 0;
  private packed: PackedKeys | undefined;
  private readonly ids: string[] = [];
  private readonly arxivIds: string[] = [];
  private readonly titles: string[] = [];
  private readonly byArxiv = new Map<string, number>();
  /** titleHash of the normalised title → paper number, or AMBIGUOUS when two papers share it. */
  private readonly byTitle = new Map<number, number>();
  /** Papers without an arXiv id: when there are none, an entry whose arXiv id is unknown cannot match by title. */
  idless = 0;
  /** Summaries of the papers after the first `bundled` (imports: read with their keys), by paper number − bundled. */
  readonly others: (PaperSummary | undefined)[] = [];

  /** Keys whose first papers are a keys record's; undefined when the record is not well-formed. */
  static fromRecord(rec: PackedKeysRecord): KeyIndex | undefined {
    const packed = PackedKeys.from(rec);
    if (!packed) return undefined;
    const index = new KeyIndex();
    index.packed = packed;
    index.version = rec.version;
    index.bundled = packed.count;
    index.chunk = packed.chunk;
    index.idless = packed.idless;
    return index;
  }

  add(id: string, arxivId: string, normTitle: string, title: string, summary?: PaperSummary): void {
    this.addHashed(id, arxivId, titleHash(normTitle), title, summary);
  }

  /** add() with the normalised title's titleHash (-1: no title). */
  addHashed(id: string, arxivId: string, hash: number, title: string, summary?: PaperSummary): void {
    const n = this.size;
    this.others[n - this.bundled] = summary;
    this.ids.push(id);
    this.arxivIds.push(arxivId);
    this.titles.push(title);
    if (!arxivId) this.idless++;
    if (arxivId) {
      // Like IDBIndex.get on a shared key: the lowest primary key wins.
      const prev = this.byArxiv.get(arxivId);
      if (prev === undefined || id < this.idOf(prev)) this.byArxiv.set(arxivId, n);
    }
    if (hash >= 0) this.byTitle.set(hash, this.byTitle.has(hash) ? AMBIGUOUS : n);
  }

  get size(): number {
    return this.bundled + this.ids.length;
  }

  idOf(n: number): string {
    return n < this.bundled ? this.packed!.idOf(n) : this.ids[n - this.bundled]!;
  }

  arxivIdOf(n: number): string {
    return n < this.bundled ? this.packed!.arxivIdOf(n) : this.arxivIds[n - this.bundled]!;
  }

  /** Every paper's id, in paper-number order (tests and diagnostics; builds one string per paper). */
  listIds(): string[] {
    return Array.from({ length: this.size }, (_, n) => this.idOf(n));
  }

  /** Paper number with this arXiv id (the lowest id among papers that share it, as IDBIndex.get). */
  arxiv(arxivId: string): number | undefined {
    const b = this.packed?.arxiv(arxivId);
    const x = this.byArxiv.get(arxivId);
    if (b === undefined || x === undefined) return b ?? x;
    return this.idOf(x) < this.idOf(b) ? x : b;
  }

  /**
   * Paper number with this normalised title when exactly one paper has it, compared by titleHash: the paper's
   * own normalised title must still be checked to be equal (two titles may share a hash; then both are
   * refused as ambiguous, which only costs a match, never gives a wrong one).
   */
  title(normTitle: string): number | undefined {
    return this.titleByHash(titleHash(normTitle));
  }

  /** title() by the normalised title's titleHash. */
  titleByHash(hash: number): number | undefined {
    const b = this.packed?.title(hash);
    const x = this.byTitle.get(hash);
    if (b !== undefined && x !== undefined) return undefined;
    const n = b ?? x;
    return n === undefined || n === AMBIGUOUS ? undefined : n;
  }

  /** Id, title and arXiv id of every paper, for the fuzzy TitleIndex; `bundledTitles` are the titles record's. */
  *papers(bundledTitles: readonly string[]): Iterable<{ id: string; title: string; arxivId?: string }> {
    for (let i = 0; i < this.size; i++) {
      const arxivId = this.arxivIdOf(i);
      const title = i < this.bundled ? bundledTitles[i]! : this.titles[i - this.bundled]!;
      yield arxivId ? { id: this.idOf(i), title, arxivId } : { id: this.idOf(i), title };
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
    meta.get(KEYS_KEY) as Promise<PackedKeysRecord | LegacyKeysRecord | undefined>,
    bySource.getAll(IDBKeyRange.upperBound(bundled, true)),
    bySource.getAll(IDBKeyRange.lowerBound(bundled, true)),
  ]);
  await tx.done;
  if (!state || state.state !== 'complete' || !rec || rec.version !== state.version) return undefined;
  const packed = 'format' in rec && rec.format === 2 ? rec : 'ids' in rec ? fromLegacy(rec) : undefined;
  const index = packed && KeyIndex.fromRecord(packed);
  if (!index) return undefined;
  // A legacy record has no summaries chunks of its own layout: none are read until a version check rewrites both.
  if (!('format' in rec)) index.chunk = 0;
  for (const p of [...below, ...above] as StoredPaper[]) index.add(p.id, p.arxivId ?? '', p.normTitle, p.title, storedSummary(p));
  return index;
}

/** The bundled papers' summaries of chunk k, when its record matches the keys in memory (null: it does not). */
function chunkOf(rec: SummariesRecord | undefined, idx: KeyIndex, k: number): PackedSummaries | null {
  const expected = Math.min(idx.chunk, idx.bundled - k * idx.chunk);
  return (rec && rec.version === idx.version && PackedSummaries.from(rec, expected)) || null;
}

/** The raw titles of the bundled papers when the titles record matches the keys in memory. */
async function bundledTitles(d: PaperLensDB, idx: KeyIndex): Promise<string[] | undefined> {
  const rec = (await d.get('meta', TITLES_KEY)) as TitlesRecord | undefined;
  // Records of the older layout are in corpus order, not in the keys' numbering: not used (the papers are listed instead).
  if (!rec || rec.format !== 2 || rec.version !== idx.version || rec.count !== idx.bundled) return undefined;
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
  /**
   * The bundled papers' summaries chunks (SUMMARIES_KEY) for `keysReady`, by chunk number: read with a lookup
   * that has several hits in one, the rest in the background after a lookup was answered. null: read, unusable.
   */
  let chunks: (PackedSummaries | null | undefined)[] = [];
  /** Chunk reads under way. */
  const chunkReads = new Map<number, Promise<void>>();
  let filling = false;
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

  /** Reads these chunks of idx's summaries in one transaction (those not read nor being read). */
  function readChunks(d: PaperLensDB, idx: KeyIndex, ks: number[]): Promise<void> {
    const at = epoch;
    const todo = ks.filter((k) => chunks[k] === undefined && !chunkReads.has(k));
    if (todo.length > 0) {
      const tx = d.transaction('meta', 'readonly');
      const read = Promise.all(todo.map((k) => tx.store.get(chunkKey(k)) as Promise<SummariesRecord | undefined>)).then((recs) => {
        if (epoch === at && keysReady === idx) todo.forEach((k, i) => (chunks[k] = chunkOf(recs[i], idx, k)));
      });
      const settled = read.catch(() => undefined).finally(() => todo.forEach((k) => chunkReads.get(k) === settled && chunkReads.delete(k)));
      todo.forEach((k) => chunkReads.set(k, settled));
    }
    return Promise.all(ks.map((k) => chunkReads.get(k))).then(() => undefined);
  }

  /** The summary of bundled paper n when its chunk is in memory. */
  function chunkSummary(idx: KeyIndex, n: number): PaperSummary | undefined {
    return idx.chunk ? chunks[Math.floor(n / idx.chunk)]?.get(n % idx.chunk) : undefined;
  }

  /** Reads the chunks not in memory yet, one per macrotask, in the background (after a lookup was answered). */
  function fill(d: PaperLensDB, idx: KeyIndex): void {
    if (filling || !idx.chunk || idx.bundled === 0) return;
    filling = true;
    const at = epoch;
    const n = Math.ceil(idx.bundled / idx.chunk);
    let k = 0;
    const next = (): void => {
      if (epoch !== at || keysReady !== idx) return;
      while (k < n && chunks[k] !== undefined) k++;
      if (k >= n) return;
      void readChunks(d, idx, [k]).then(() => {
        // Not read (an error, or the keys changed meanwhile): stop; a later lookup starts again.
        if (chunks[k] === undefined) {
          if (epoch === at) filling = false;
        } else setTimeout(next, 0);
      });
    };
    setTimeout(next, 0);
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
     * Starts reading the keys now (at worker start, before the message that woke the worker is handled), so
     * the first lookup finds them read or under way. Nothing is kept when the store has no usable record.
     */
    prefetch(d: PaperLensDB): void {
      if (keys) return;
      const mine = keyIndex(d);
      mine.then(
        (idx) => {
          if (!idx && keys === mine) keys = undefined;
        },
        () => undefined,
      );
    },
    /** The keys being read or read (undefined: none asked since the last invalidate); they are read only from a complete store. */
    pendingKeys(): Promise<KeyIndex | undefined> | undefined {
      return keys;
    },
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
      const results = await lookupEntries(d, entries, async () => fuzzyMatcher(d, idx), {
        keys: idx,
        summaries,
        maxSummaries: SUMMARY_CACHE_SIZE,
        // Only for a complete store: during a load a paper of the previous corpus may be gone.
        ...(storeReady
          ? {
              summaryOf: (n: number) => (n >= idx.bundled ? idx.others[n - idx.bundled] : idx === keysReady ? chunkSummary(idx, n) : undefined),
              bulk: (ns: number[]) => {
                // Chunks that hold several hits are read whole (and kept); single hits are read from the papers store.
                if (!idx.chunk || idx !== keysReady) return undefined;
                const per = new Map<number, number>();
                for (const n of ns) if (n < idx.bundled) per.set(Math.floor(n / idx.chunk), (per.get(Math.floor(n / idx.chunk)) ?? 0) + 1);
                const ks = new Set([...per].filter(([k, hits]) => hits >= Math.min(CHUNK_MIN_HITS, idx.chunk) || chunkReads.has(k)).map(([k]) => k));
                return ks.size ? { covered: (n: number) => n < idx.bundled && ks.has(Math.floor(n / idx.chunk)), done: readChunks(d, idx, [...ks]) } : undefined;
              },
            }
          : {}),
        savedIds,
        onSavedIds: (ids) => {
          if (savedEpoch === at) savedIds = new Set(ids);
        },
      });
      if (storeReady && idx === keysReady) fill(d, idx);
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
      chunks = [];
      chunkReads.clear();
      filling = false;
      summaries.clear();
    },
    /** The saved store may change (call before and after the write): lookups read the saved ids again. */
    savedChanged(): void {
      savedEpoch++;
      savedIds = undefined;
    },
  };
}
