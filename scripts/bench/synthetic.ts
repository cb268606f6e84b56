// Deterministic synthetic corpus for benchmarks: realistic papers at any size (1,000 to 200,000).
//
// Word statistics come from the real corpus (public/corpus.json): title words and abstract words are
// drawn with a Zipf law over the real vocabulary ranked by frequency, so the title index sees the
// skewed word frequencies it sees in real data. Each paper has a title of 6–20 words (40% with a
// "Name: subtitle" form and an invented model name, as many real titles), an abstract of 150–250
// words in sentences, a unique arXiv-like id (YYMM.6xxxx–9xxxx, never a real-looking low number, and
// never month 2612 which buildArxivListing uses for its non-corpus rows), the matching year, 1–3
// topics from the taxonomy, and links extracted from the abstract (≈15% GitHub code, ≈5% HF model,
// ≈3% project page), kinds given by the corpus builder's linkKind.
import { linkKind } from '../../utils/core/links';
import { fnv1a64 } from '../../utils/core/hash';
import { normalizeTitle } from '../../utils/core/normalize';
import taxonomy from '../../utils/core/topics.json';
import type { CorpusFile, Paper } from '../../utils/core/types';

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Samples from `items` (most frequent first) with P(rank k) ∝ 1/(k+offset)^s. */
class Zipf {
  private readonly cdf: Float64Array;
  constructor(private readonly items: string[], s = 1.0, offset = 2) {
    this.cdf = new Float64Array(items.length);
    let sum = 0;
    for (let k = 0; k < items.length; k++) this.cdf[k] = sum += 1 / (k + offset) ** s;
    for (let k = 0; k < items.length; k++) this.cdf[k]! /= sum;
  }
  /** Guide table: guide[i] is the first rank whose cumulative probability reaches i / GUIDE. */
  private guide?: Uint32Array;
  pick(r: number): string {
    const GUIDE = 1 << 16;
    if (!this.guide) {
      this.guide = new Uint32Array(GUIDE + 1);
      let k = 0;
      for (let i = 0; i <= GUIDE; i++) {
        while (k < this.cdf.length - 1 && this.cdf[k]! < i / GUIDE) k++;
        this.guide[i] = k;
      }
    }
    let k = this.guide[Math.floor(r * GUIDE)]!;
    while (k < this.cdf.length - 1 && this.cdf[k]! < r) k++;
    return this.items[k]!;
  }
}

function rankedWords(texts: string[]): string[] {
  const freq = new Map<string, number>();
  for (const t of texts) {
    for (const w of t.split(/\s+/)) {
      const word = w.replace(/^[("'“‘[]+|[)"'”’\].,;:!?]+$/g, '');
      if (!word || /https?:|\/\/|@|[{}\\$]/.test(word) || word.length > 24) continue;
      freq.set(word, (freq.get(word) ?? 0) + 1);
    }
  }
  return [...freq].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
}

const SYLLABLES = ['al', 'ba', 'co', 'de', 'fu', 'gen', 'hy', 'in', 'ka', 'lo', 'ma', 'net', 'or', 'pi', 'qu', 'ra', 'sa', 'tor', 'vi', 'xe', 'zo', 'lm', 'gpt', 'vit', 'qa'];

export interface SyntheticOptions {
  /** Seed of the generator (same seed and size give the same papers). */
  seed?: number;
  /** Real papers whose words make the vocabulary (default: none → a built-in fallback is not provided; pass the corpus). */
  vocabularyFrom: Paper[];
  /** Ids and normalised titles to avoid (e.g. the real corpus). */
  avoid?: { ids: Set<string>; titles: Set<string> };
}

export function syntheticPapers(n: number, opts: SyntheticOptions): Paper[] {
  const rand = rng(opts.seed ?? 20261126);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const titleVocab = new Zipf(rankedWords(opts.vocabularyFrom.map((p) => p.title)), 0.9, 3);
  const absVocab = new Zipf(rankedWords(opts.vocabularyFrom.map((p) => p.abstract)), 1.05, 2);
  const topicIds = taxonomy.topics.map((t) => t.id);
  const ids = new Set(opts.avoid?.ids ?? []);
  const titles = new Set(opts.avoid?.titles ?? []);
  const name = () => {
    let s = '';
    const k = int(2, 3);
    for (let i = 0; i < k; i++) s += SYLLABLES[int(0, SYLLABLES.length - 1)];
    s = s[0]!.toUpperCase() + s.slice(1);
    return rand() < 0.3 ? s + '-' + int(1, 9) : rand() < 0.5 ? s.toUpperCase() : s;
  };
  const capital = (w: string) => (w.length > 3 ? w[0]!.toUpperCase() + w.slice(1) : w);
  const papers: Paper[] = [];
  while (papers.length < n) {
    // Id: month 1501..2611, number 60000..99999 (real arXiv numbers stay far below).
    let id: string;
    do {
      const yy = int(15, 26);
      const mm = yy === 26 ? int(1, 11) : int(1, 12);
      id = `${yy}${String(mm).padStart(2, '0')}.${int(60000, 99999)}`;
    } while (ids.has(id));
    // Title: 6–20 words.
    let title: string;
    let key: string;
    do {
      const total = int(6, 20);
      const words: string[] = [];
      const named = rand() < 0.4;
      const body = named ? total - 1 : total;
      for (let i = 0; i < body; i++) words.push(titleVocab.pick(rand()));
      const cased = words.map(capital).join(' ');
      title = named ? `${name()}: ${cased}` : cased;
      key = normalizeTitle(title);
    } while (!key || titles.has(key));
    // Abstract: 150–250 words in sentences of 8–30 words, maybe ending with a link sentence.
    const target = int(150, 250);
    const sentences: string[] = [];
    let count = 0;
    while (count < target) {
      const len = Math.min(int(8, 30), Math.max(4, target - count));
      const ws: string[] = [];
      for (let i = 0; i < len; i++) ws.push(absVocab.pick(rand()));
      ws[0] = ws[0]![0]!.toUpperCase() + ws[0]!.slice(1);
      sentences.push(`${ws.join(' ')}.`);
      count += len;
    }
    const r = rand();
    const slug = name().toLowerCase();
    let url: string | undefined;
    if (r < 0.15) url = `https://github.com/${name().toLowerCase()}-lab/${slug}`;
    else if (r < 0.2) url = `https://huggingface.co/${name().toLowerCase()}/${slug}-7b`;
    else if (r < 0.23) url = `https://${slug}.github.io/`;
    if (url) sentences.push(`Code and models: ${url} .`);
    const abstract = sentences.join(' ');
    const topics = [...new Set(Array.from({ length: int(1, 3) }, () => topicIds[int(0, topicIds.length - 1)]!))].map((tid) => ({
      id: tid,
      score: Math.round((0.4 + rand() * 0.55) * 1000) / 1000,
      evidence: [],
    }));
    ids.add(id);
    titles.add(key);
    papers.push({ id, arxivId: id, title, abstract, year: 2000 + Number(id.slice(0, 2)), topics, links: url ? [{ url, kind: linkKind(url) }] : [] });
  }
  return papers;
}

/** A valid corpus file: the real papers first, then synthetic ones up to `total`. */
export function syntheticCorpus(real: CorpusFile, total: number, seed?: number): CorpusFile {
  const avoid = { ids: new Set(real.papers.map((p) => p.id)), titles: new Set(real.papers.map((p) => normalizeTitle(p.title))) };
  const extra = syntheticPapers(Math.max(0, total - real.papers.length), { seed, vocabularyFrom: real.papers, avoid });
  const papers = [...real.papers, ...extra];
  return {
    format: 'paperlens-corpus',
    formatVersion: 1,
    corpusVersion: fnv1a64(`bench:${total}:${seed ?? 0}:${real.corpusVersion}`),
    taxonomyVersion: real.taxonomyVersion,
    papers,
  };
}
