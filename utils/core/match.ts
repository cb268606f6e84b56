// Fuzzy title matching: finds the corpus paper a title shown on a page refers to when the exact
// normalised title does not match (truncated by the site, retitled between versions, LaTeX or
// Unicode spelled differently, small typos). Pure: no browser or Node APIs.
//
// Precision first: a wrong badge is worse than a missing one. Every fuzzy path needs enough
// agreeing words to rule out coincidence, numbers and version tokens must agree ("Llama 2" is not
// "Llama 3"), two candidates that score alike give no match, and a page naming a different arXiv
// id than the candidate's never matches. See docs/matching.md for the method and the figures.
import { decodeEntities, normalizeTitle, parseArxivId } from './normalize';

export interface IndexedPaper {
  id: string;
  title: string;
  arxivId?: string;
}

export interface TitleMatch {
  id: string;
  kind: 'exact' | 'fuzzy';
  /** 1 for an exact normalised match; a fuzzy score in [0, 1) otherwise. */
  score: number;
}

export interface MatchOptions {
  /** The arXiv id the page names for this entry, if any: a candidate with another id never matches. */
  arxivId?: string;
  /** Overrides FUZZY_THRESHOLD (for evaluation sweeps only). */
  threshold?: number;
}

/**
 * Fuzzy matches scoring below this are refused. Chosen on the tune part of
 * test/data/title-pairs.json with `scripts/eval-matching.ts --sweep`: precision stays 1 at every
 * value, recall falls above 0.87, so this is just under that knee (see docs/matching.md).
 */
export const FUZZY_THRESHOLD = 0.86;

/** Two candidates closer than this are ambiguous: no match. */
const AMBIGUITY_MARGIN = 0.03;
/** Candidates scored per query, picked by how many of the query's rare words they share. */
const MAX_SCORED = 40;
/** Rarest query words whose postings make the candidate set. */
const RARE_WORDS = 4;
/** Postings entries scanned per query beyond the two rarest words. */
const MAX_SCANNED = 3000;

// Words that carry little evidence: they count for little in scores and never make candidates.
const STOP_WORDS = new Set(
  ('a an the of for in on to with and or via by from at as is are be we do does can its it this that ' +
    'what how why when into over under toward using based vs versus not all you your our their than ' +
    'new novel approach method study')
    .split(' '),
);
const STOP_WEIGHT = 0.2;

const GREEK: Record<string, string> = {
  α: 'alpha', β: 'beta', γ: 'gamma', δ: 'delta', ε: 'epsilon', ϵ: 'epsilon', ζ: 'zeta', η: 'eta', θ: 'theta',
  ι: 'iota', κ: 'kappa', λ: 'lambda', μ: 'mu', ν: 'nu', ξ: 'xi', π: 'pi', ρ: 'rho', σ: 'sigma', ς: 'sigma',
  τ: 'tau', υ: 'upsilon', φ: 'phi', ϕ: 'phi', χ: 'chi', ψ: 'psi', ω: 'omega',
};
const GREEK_NAMES = [...new Set(Object.values(GREEK))].join('|');
const LATEX_GREEK = new RegExp(`\\\\(?:var)?(${GREEK_NAMES})(?![a-zA-Z])`, 'gi');
const GREEK_CHARS = new RegExp(`[${Object.keys(GREEK).join('')}]`, 'g');

// Separators between a title's main part and its subtitle(s).
const SEGMENT_SPLIT = /\s*(?::|\?|\s--+\s|\s[–—]\s|—)\s*/;
// An ellipsis at the end: Google Scholar, Semantic Scholar and others cut long titles this way.
const TRAILING_ELLIPSIS = /\s*(?:…|\.{2,}|(?:\.\s){2,}\.)\s*$/;

const BRITISH_ENDING = /(?:is(?:ation|e|ed|ing|er)|ys(?:e|ed|ing)|our|ll(?:ed|ing|er)|tre|ogue|mme)$/;

/**
 * Folds one normalised word to the form variants share: plural -s/-ies, British -ise/-isation/
 * -our/-lled/-tre/-ogue spellings ("optimisations" and "optimization" give the same word).
 */
export function canonicalWord(word: string): string {
  let w = word;
  if (/\d/.test(w)) return w;
  if (w.length > 4 && w.endsWith('ies')) w = w.slice(0, -3) + 'y';
  else if (w.length > 3 && w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && BRITISH_ENDING.test(w)) {
    w = w
      .replace(/isation$/, 'ization')
      .replace(/is(e|ed|ing|er)$/, 'iz$1')
      .replace(/ys(e|ed|ing)$/, 'yz$1')
      .replace(/our$/, 'or')
      .replace(/ll(ed|ing|er)$/, 'l$1')
      .replace(/([^aeiou])tre$/, '$1ter')
      .replace(/ogue$/, 'og')
      .replace(/mme$/, 'm');
  }
  return w;
}

/** Title words in canonical form, with Greek letters (`$\alpha$`, `α`) spelled out. */
export function titleWords(title: string): string[] {
  const spelled = decodeEntities(title)
    .replace(LATEX_GREEK, (_m, name: string) => ` ${name.toLowerCase()} `)
    .normalize('NFKC')
    .replace(GREEK_CHARS, (ch) => ` ${GREEK[ch]} `)
    .replace(/[ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΠΡΣΤΥΦΧΨΩ]/g, (ch) => ` ${GREEK[ch.toLowerCase()] ?? ch} `);
  const key = normalizeTitle(spelled);
  return key ? key.split(' ').map(canonicalWord) : [];
}

/** The words of a title with spacing removed: "pre-training" and "pretraining" give the same key. */
function joinedKey(words: readonly string[]): string {
  return words.filter((w) => w !== 'and').join('');
}

function segmentsOf(title: string): string[][] {
  return decodeEntities(title)
    .split(SEGMENT_SPLIT)
    .map(titleWords)
    .filter((s) => s.length > 0);
}

const isStop = (w: string) => STOP_WORDS.has(w);
const weightOf = (w: string) => (isStop(w) ? STOP_WEIGHT : 1);
// Numbers, versions and roman numerals tell series apart: "Llama 2", "Part II", "RT-1", "v2".
const isMarker = (w: string) => /\d/.test(w) || /^(?:ii|iii|iv|vi|vii|viii|ix|xi|xii)$/.test(w);

function markersOf(words: readonly string[]): string {
  return words.filter(isMarker).sort().join(' ');
}

/** Levenshtein distance, giving up (returning max + 1) once it exceeds `max`. */
export function boundedLevenshtein(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** Two different words count as one misspelt word: long enough, same first letter, no digits. */
function nearWords(a: string, b: string): boolean {
  if (a[0] !== b[0] || a.length < 5 || b.length < 5 || /\d/.test(a) || /\d/.test(b)) return false;
  return boundedLevenshtein(a, b, a.length >= 9 && b.length >= 9 ? 2 : 1) <= (a.length >= 9 && b.length >= 9 ? 2 : 1);
}

export interface Alignment {
  /** Weighted Dice similarity of the two word multisets (misspelt words count 0.85). */
  dice: number;
  /** Content (non-stop) words found on both sides. */
  matchedContent: number;
  /** Content words found on one side only (query and candidate together). */
  unmatchedContent: number;
}

/** Aligns two word lists: equal words, then split/joined compounds, then misspellings. */
export function alignWords(q: readonly string[], c: readonly string[]): Alignment {
  const qLeft = q.map(() => true);
  const cLeft = c.map(() => true);
  let matchedW = 0; // weight of matched words, both sides
  let matchedContent = 0;
  for (let i = 0; i < q.length; i++) {
    const w = q[i]!;
    for (let j = 0; j < c.length; j++) {
      if (!cLeft[j] || c[j] !== w) continue;
      qLeft[i] = false;
      cLeft[j] = false;
      matchedW += 2 * weightOf(w);
      if (!isStop(w)) matchedContent++;
      break;
    }
  }
  // "pre training" on one side, "pretraining" on the other.
  const joins = (a: readonly string[], aLeft: boolean[], b: readonly string[], bLeft: boolean[]) => {
    for (let j = 0; j + 1 < b.length; j++) {
      if (!bLeft[j] || !bLeft[j + 1]) continue;
      const joined = b[j]! + b[j + 1]!;
      const i = a.findIndex((w, k) => aLeft[k] && w === joined);
      if (i < 0) continue;
      aLeft[i] = false;
      bLeft[j] = false;
      bLeft[j + 1] = false;
      matchedW += weightOf(joined) + weightOf(b[j]!) + weightOf(b[j + 1]!);
      matchedContent++;
    }
  };
  joins(q, qLeft, c, cLeft);
  joins(c, cLeft, q, qLeft);
  q.forEach((w, i) => {
    if (!qLeft[i] || isStop(w)) return;
    const j = c.findIndex((v, k) => cLeft[k] && !isStop(v) && nearWords(w, v));
    if (j < 0) return;
    qLeft[i] = false;
    cLeft[j] = false;
    matchedW += 2 * 0.85;
    matchedContent++;
  });
  const total = q.reduce((s, w) => s + weightOf(w), 0) + c.reduce((s, w) => s + weightOf(w), 0);
  const unmatchedContent =
    q.filter((w, i) => qLeft[i] && !isStop(w)).length + c.filter((w, j) => cLeft[j] && !isStop(w)).length;
  return { dice: total === 0 ? 0 : Math.min(1, matchedW / total), matchedContent, unmatchedContent };
}

/** Longest common subsequence of the content words shared by both titles, over how many are shared. */
export function orderAgreement(q: readonly string[], c: readonly string[]): number {
  const cSet = new Set(c);
  const qSet = new Set(q);
  const a = q.filter((w) => !isStop(w) && cSet.has(w));
  const b = c.filter((w) => !isStop(w) && qSet.has(w));
  if (!a.length || !b.length) return 1;
  let prev = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const cur = [0];
    for (let j = 1; j <= b.length; j++) cur.push(x === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!));
    prev = cur;
  }
  return prev[b.length]! / Math.min(a.length, b.length);
}

interface Entry {
  id: string;
  arxivId?: string;
  words: string[];
  joined: string;
  markers: string;
  contentCount: number;
}

interface Query {
  words: string[];
  joined: string;
  truncated: boolean;
  segmentRuns: string[];
  markers: string;
}

/** Content words a title part needs to stand for the whole title (a dropped or added subtitle). */
const MIN_RUN_CONTENT = 5;

/** Joined keys of every contiguous run of segments except the whole title, long enough to be specific. */
function segmentRunsOf(segments: string[][]): string[] {
  const runs: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    for (let j = i + 1; j <= segments.length; j++) {
      if (i === 0 && j === segments.length) continue;
      const words = segments.slice(i, j).flat();
      if (words.filter((w) => !isStop(w)).length >= MIN_RUN_CONTENT) runs.push(joinedKey(words));
    }
  }
  return runs;
}

/**
 * An index of corpus titles answering "which paper is this page title?". Build once (about 3 s and
 * 70 MB for 100,000 titles) and query many times (about 0.2 ms per query); see docs/matching.md.
 */
export class TitleIndex {
  private readonly entries: Entry[] = [];
  /** normalizeTitle key → entry numbers (the exact path, as the database's title index). */
  private readonly exact = new Map<string, number[]>();
  /** Joined canonical key → entry numbers. */
  private readonly joined = new Map<string, number[]>();
  /** Canonical word → entry numbers containing it (once each). */
  private readonly postings = new Map<string, number[]>();
  /** Joined key of a segment run (a title part before/after a colon) → entry numbers. */
  private readonly segments = new Map<string, number[]>();
  private readonly vocab = new Map<string, string>();
  /** Scratch counters for candidate generation (all zero between queries). */
  private counts = new Uint8Array(0);
  /** Entry numbers sorted by joined key, for prefix search; rebuilt lazily after `add`. */
  private sorted: number[] = [];

  constructor(papers: Iterable<IndexedPaper> = []) {
    for (const p of papers) this.add(p);
    this.sortKeys();
  }

  get size(): number {
    return this.entries.length;
  }

  add(paper: IndexedPaper): void {
    const n = this.entries.length;
    const segments = segmentsOf(paper.title);
    // Separators are punctuation, so the segments' words are the title's words. One string per
    // distinct word across the corpus: the word lists are most of the index's memory otherwise.
    const words = segments.flat().map((w) => {
      const known = this.vocab.get(w);
      if (known !== undefined) return known;
      this.vocab.set(w, w);
      return w;
    });
    const entry: Entry = {
      id: paper.id,
      arxivId: parseArxivId(paper.arxivId) ?? paper.arxivId,
      words,
      joined: joinedKey(words),
      markers: markersOf(words),
      contentCount: words.filter((w) => !isStop(w)).length,
    };
    this.entries.push(entry);
    push(this.exact, normalizeTitle(paper.title), n);
    if (entry.joined) push(this.joined, entry.joined, n);
    for (const w of new Set(words)) push(this.postings, w, n);
    // Joined key of each contiguous run of subtitle segments (and of the whole title).
    for (const run of new Set([entry.joined, ...segmentRunsOf(segments)])) if (run) push(this.segments, run, n);
  }

  match(title: string, opts: MatchOptions = {}): TitleMatch | null {
    const key = normalizeTitle(title);
    if (!key) return null;
    // Ids compare without version ("1910.02054v3" is 1910.02054).
    const pageId = parseArxivId(opts.arxivId) ?? opts.arxivId;
    const conflicts = (e: Entry) => Boolean(pageId && e.arxivId && e.arxivId !== pageId);
    const q = this.parse(title);
    // A cut title ("… Large Language Models…") is refused when it equals a whole corpus title: the
    // ellipsis says the real title goes on, so it is another paper. It may only be a strict prefix.
    const exact = q.truncated ? undefined : this.exact.get(key);
    if (exact) {
      // Same rule as the database's title lookup: an ambiguous title gives nothing.
      if (exact.length !== 1) return null;
      const e = this.entries[exact[0]!]!;
      return conflicts(e) ? null : { id: e.id, kind: 'exact', score: 1 };
    }
    const scored = this.scoreAll(q);
    const usable = scored.filter((s) => !conflicts(this.entries[s.n]!));
    if (!usable.length) return null;
    const best = usable[0]!;
    // A conflicting candidate as good as the best one means the page may well show that paper.
    const rival = scored.find((s) => s.n !== best.n);
    if (rival && rival.score > best.score - AMBIGUITY_MARGIN) return null;
    if (best.score < (opts.threshold ?? FUZZY_THRESHOLD)) return null;
    return { id: this.entries[best.n]!.id, kind: 'fuzzy', score: round3(best.score) };
  }

  /** The fuzzy score of a title against each candidate, best first (for evaluation and debugging). */
  candidates(title: string): { id: string; score: number }[] {
    return this.scoreAll(this.parse(title)).map((s) => ({ id: this.entries[s.n]!.id, score: round3(s.score) }));
  }

  private parse(title: string): Query {
    const truncated = TRAILING_ELLIPSIS.test(title);
    const text = title.replace(TRAILING_ELLIPSIS, '');
    const segments = segmentsOf(text);
    const words = segments.flat();
    return { words, joined: joinedKey(words), truncated, segmentRuns: segmentRunsOf(segments), markers: markersOf(words) };
  }

  private scoreAll(q: Query): { n: number; score: number }[] {
    if (!q.words.length) return [];
    const scores = new Map<number, number>();
    const offer = (n: number, score: number) => {
      if (score > (scores.get(n) ?? 0)) scores.set(n, score);
    };
    if (q.truncated) {
      // Only a strict prefix of exactly one corpus title; a cut title that starts several could be any.
      if (this.prefixCandidates(q, offer, 0.88) > 1) return [];
      return [...scores].map(([n, score]) => ({ n, score }));
    }
    // Equal up to spacing, hyphens, plural and spelling: near certain.
    for (const n of this.joined.get(q.joined) ?? []) offer(n, 0.98);
    // The first words of a longer title with no ellipsis (a list that shortens titles): long
    // prefixes only, and only when the page title is not a whole corpus title itself.
    if (!scores.size && q.words.filter((w) => !isStop(w)).length >= 6 && this.prefixCandidates(q, offer, 0.84, 0.7) > 1) return [];
    // Subtitle added or removed: the page title is a run of the corpus title's segments or the reverse.
    for (const n of this.segments.get(q.joined) ?? []) offer(n, this.partScore(q.words, this.entries[n]!.words));
    for (const run of q.segmentRuns) {
      for (const n of this.joined.get(run) ?? []) offer(n, this.partScore(this.entries[n]!.words, q.words));
    }
    const qContentWords = q.words.filter((w) => !isStop(w));
    const qContent = qContentWords.length;
    for (const n of this.rareWordCandidates(q)) {
      const e = this.entries[n]!;
      if (e.markers !== q.markers) continue;
      // The rules below allow at most a quarter as many unmatched as matched content words.
      if (Math.abs(e.contentCount - qContent) * 4 > Math.min(e.contentCount, qContent) + 2) continue;
      // Cheap pre-check before the alignment: most content words must be there as they are.
      let shared = 0;
      for (const w of qContentWords) if (e.words.includes(w)) shared++;
      if (shared < 3 || shared < qContent * 0.6) continue;
      const a = alignWords(q.words, e.words);
      if (a.matchedContent < 4) continue;
      // Words added, dropped or replaced: only with plenty of agreeing words.
      if (a.unmatchedContent > 0 && (a.matchedContent < 6 || a.unmatchedContent * 4 > a.matchedContent)) continue;
      // Same words in another order ("Large Language Models: A Survey" / "A Survey of Large Language Models") are another title.
      offer(n, a.dice * 0.97 * orderAgreement(q.words, e.words) ** 2);
    }
    return [...scores].map(([n, score]) => ({ n, score })).sort((a, b) => b.score - a.score || a.n - b.n);
  }

  /** A title that is part of another (a subtitle dropped or added): scored by how much it keeps. */
  private partScore(part: readonly string[], whole: readonly string[]): number {
    const partMarkers = markersOf(part);
    if (partMarkers !== markersOf(whole) && partMarkers !== '') return 0;
    const content = (ws: readonly string[]) => ws.filter((w) => !isStop(w)).length;
    const kept = content(part) / Math.max(1, content(whole));
    return 0.84 + 0.1 * Math.min(1, kept) + (content(part) >= 6 ? 0.03 : 0);
  }

  /**
   * Corpus titles the page title is a strict prefix of (at any character of the joined words, as
   * the last word may be cut). Offers a score only when exactly one title starts this way and the
   * prefix keeps at least `minKept` of that title; returns how many titles start this way.
   */
  private prefixCandidates(q: Query, offer: (n: number, score: number) => void, base: number, minKept = 0): number {
    const complete = q.words.slice(0, -1); // the last word may be cut mid-word
    const content = complete.filter((w) => !isStop(w));
    if (q.words.length < 7 || content.length < 4 || q.joined.length < 45) return 0;
    const hits = this.startingWith(q.joined, 2);
    if (hits.length === 1) {
      const e = this.entries[hits[0]!]!;
      const kept = q.joined.length / e.joined.length;
      if (kept >= minKept && markersOf(complete) === markersOf(e.words.slice(0, complete.length))) {
        offer(hits[0]!, base + 0.1 * Math.min(1, kept));
      }
    }
    return hits.length;
  }

  private sortKeys(): void {
    const keys = this.entries.map((e) => e.joined);
    this.sorted = keys.map((_, n) => n).sort((a, b) => compare(keys[a]!, keys[b]!) || a - b);
  }

  /** Up to `limit` entries whose joined key strictly starts with `prefix` (binary search in the sorted keys). */
  private startingWith(prefix: string, limit: number): number[] {
    if (this.sorted.length !== this.entries.length) this.sortKeys();
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[this.sorted[mid]!]!.joined < prefix) lo = mid + 1;
      else hi = mid;
    }
    const hits: number[] = [];
    for (let i = lo; i < this.sorted.length && hits.length < limit; i++) {
      const key = this.entries[this.sorted[i]!]!.joined;
      if (!key.startsWith(prefix)) break;
      if (key.length > prefix.length) hits.push(this.sorted[i]!);
    }
    return hits;
  }

  private rarest(words: readonly string[], k: number): string[] {
    return [...new Set(words)]
      .filter((w) => this.postings.has(w))
      .sort((a, b) => this.postings.get(a)!.length - this.postings.get(b)!.length || (a < b ? -1 : 1))
      .slice(0, k);
  }

  /**
   * Candidates sharing all but at most one of the query's rarest content words (words not in the
   * corpus, such as misspellings, do not count), most shared first.
   */
  private rareWordCandidates(q: Query): number[] {
    const rarest = this.rarest(q.words.filter((w) => !isStop(w)), RARE_WORDS);
    // Common words make long postings: past the two rarest, use a word only while the scan stays short.
    const rare: string[] = [];
    let scanned = 0;
    for (const w of rarest) {
      const df = this.postings.get(w)!.length;
      if (rare.length >= 2 && scanned + df > MAX_SCANNED) break;
      rare.push(w);
      scanned += df;
    }
    if (!rare.length) return [];
    const need = Math.max(1, rare.length - 1);
    const counts = this.counts.length >= this.entries.length ? this.counts : (this.counts = new Uint8Array(this.entries.length * 2));
    const touched: number[] = [];
    for (const w of rare) {
      for (const n of this.postings.get(w)!) {
        if (counts[n] === 0) touched.push(n);
        counts[n]!++;
      }
    }
    const picked: [number, number][] = [];
    for (const n of touched) {
      if (counts[n]! >= need) picked.push([n, counts[n]!]);
      counts[n] = 0;
    }
    return picked
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, MAX_SCORED)
      .map(([n]) => n);
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function push<K>(map: Map<K, number[]>, key: K, n: number): void {
  const list = map.get(key);
  if (list) list.push(n);
  else map.set(key, [n]);
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
