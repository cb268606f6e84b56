// Node benchmarks of the pure core: title normalisation, the fuzzy TitleIndex, the classifier, and
// the CPU part of a batched lookup (id parsing + title keys + hash lookups) at 1k / 10k / 100k papers.
// IndexedDB is deliberately not measured here (fake-indexeddb says nothing about Chromium's); the
// real database is measured in the service worker (browser-bench.ts).
import { classify } from '../../utils/core/classify';
import { TitleIndex } from '../../utils/core/match';
import { normalizeTitle, parseArxivId } from '../../utils/core/normalize';
import type { CorpusFile, Paper } from '../../utils/core/types';
import { row, type Row } from './stats';
import { rng, syntheticCorpus, syntheticPapers } from './synthetic';

export interface NodeBenchOptions {
  quick: boolean;
  real: CorpusFile;
  /** The 100k (or smaller) synthetic corpus, shared with the browser benchmark. */
  big: CorpusFile;
  log: (msg: string) => void;
}

/** Runs `fn` over `items` `runs` times (after one warm-up); returns per-item microseconds of each run. */
function perItem<T>(items: T[], runs: number, fn: (item: T) => unknown): number[] {
  let sink = 0;
  const out: number[] = [];
  // Warm-up (JIT): at least two passes and 150 ms.
  const warm = performance.now();
  for (let w = 0; w < 2 || performance.now() - warm < 150; w++) for (const it of items) if (fn(it)) sink++;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    for (const it of items) if (fn(it)) sink++;
    const dt = performance.now() - t;
    if (r >= 0) out.push((dt * 1000) / items.length);
  }
  if (sink < 0) console.log(sink);
  return out;
}

/** Page-like variants of a title: subtitle dropped, one typo, cut with an ellipsis. */
export function fuzzyVariant(title: string, rand: () => number): string {
  const colon = title.indexOf(': ');
  const r = rand();
  if (r < 0.34 && colon > 0 && title.slice(colon + 2).split(' ').length >= 6) return title.slice(colon + 2);
  const words = title.split(' ');
  if (r < 0.67) {
    const i = words.findIndex((w) => w.length >= 7 && !/\d/.test(w));
    if (i >= 0) {
      const w = words[i]!;
      words[i] = w.slice(0, 3) + w[4] + w[3] + w.slice(5); // swap two letters
      return words.join(' ');
    }
  }
  return words.length >= 9 ? `${words.slice(0, Math.ceil(words.length * 0.7)).join(' ')}…` : title.toLowerCase();
}

export async function nodeBench(opts: NodeBenchOptions): Promise<Row[]> {
  const { quick, real, big, log } = opts;
  const rows: Row[] = [];
  const runs = quick ? 3 : 5;
  const rand = rng(7);
  const synth = big.papers.slice(real.papers.length);

  // normalizeTitle over 10,000 titles (real and synthetic, with some entities/LaTeX/accents as pages have).
  const titles = [...real.papers.map((p) => p.title), ...synth.slice(0, 10_000 - real.papers.length).map((p) => p.title)];
  titles.forEach((t, i) => {
    if (i % 7 === 0) titles[i] = t.replace(' ', ' &amp; ');
    if (i % 11 === 0) titles[i] = `\\emph{${t}} — Über`;
  });
  log('node: normalizeTitle');
  rows.push(
    row('node', 'normalizeTitle (10k mixed titles)', 'µs/title', perItem(titles, runs, normalizeTitle), {
      note: 'throughput = 1e6 / median titles per second',
    }),
  );

  // classify: the real corpus papers (real titles and abstracts), repeated to ≥ 500 calls.
  const realPapers: Paper[] = [];
  while (realPapers.length < 500) realPapers.push(...real.papers);
  log('node: classify');
  rows.push(row('node', 'classify, title only (real papers)', 'µs/paper', perItem(realPapers, runs, (p) => classify(p.title).length)));
  rows.push(
    row('node', 'classify, title + abstract (real papers)', 'µs/paper', perItem(realPapers, runs, (p) => classify(p.title, p.abstract).length)),
  );

  // TitleIndex and the CPU part of a lookup batch at 1k / 10k / 100k papers.
  const sizes = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
  const misses = syntheticPapers(1000, { seed: 99, vocabularyFrom: real.papers }).map((p) => p.title);
  for (const size of sizes) {
    const corpus = size <= big.papers.length ? big.papers.slice(0, size) : syntheticCorpus(real, size).papers;
    const label = `${size / 1000}k`;
    log(`node: TitleIndex ${label}`);
    const buildRuns = size >= 100_000 ? 1 : runs;
    const builds: number[] = [];
    let index!: TitleIndex;
    for (let r = 0; r < buildRuns; r++) {
      const t = performance.now();
      index = new TitleIndex(corpus);
      builds.push(performance.now() - t);
    }
    rows.push(row('node', `TitleIndex build, ${label} papers`, 'ms', builds));
    const sample = Array.from({ length: 1000 }, () => corpus[Math.floor(rand() * corpus.length)]!);
    const exact = sample.map((p) => p.title);
    const fuzzy = sample.map((p) => fuzzyVariant(p.title, rand));
    rows.push(row('node', `TitleIndex.match exact title, ${label}`, 'µs/query', perItem(exact, runs, (t) => index.match(t))));
    const hits = fuzzy.filter((t, i) => index.match(t)?.id === sample[i]!.id).length;
    rows.push(
      row('node', `TitleIndex.match fuzzy variant, ${label}`, 'µs/query', perItem(fuzzy, runs, (t) => index.match(t)), {
        note: `page-like variants (subtitle dropped, letters swapped, cut with …); ${hits}/1000 matched their paper`,
      }),
    );
    rows.push(row('node', `TitleIndex.match miss (unknown title), ${label}`, 'µs/query', perItem(misses, runs, (t) => index.match(t))));

    // CPU part of the service worker's lookup of a 2,000-entry batch: id parsing and title keys, with
    // in-memory maps standing in for the two IndexedDB indexes (what a memory cache would cost).
    const byArxiv = new Map(corpus.map((p) => [p.arxivId, p.id]));
    const byTitle = new Map(corpus.map((p) => [normalizeTitle(p.title), p.id]));
    const batch = Array.from({ length: 2000 }, (_, i) => {
      if (i % 10 === 0) {
        const p = corpus[Math.floor(rand() * corpus.length)]!;
        return { arxivId: `${p.arxivId}v2`, title: p.title };
      }
      return { arxivId: `2612.${50000 + i}`, title: misses[i % misses.length]! };
    });
    const batchMs = perItem([batch], runs, (b) => {
      let n = 0;
      for (const e of b) {
        const id = parseArxivId(e.arxivId);
        if (id && byArxiv.has(id)) n++;
        else if (byTitle.has(normalizeTitle(e.title))) n++;
      }
      return n;
    }).map((us) => us / 1000);
    rows.push(
      row('node', `lookup CPU part, 2,000-entry batch, ${label}`, 'ms', batchMs, {
        note: 'parseArxivId + normalizeTitle + Map.get per entry (10% known ids); the floor of any in-memory lookup',
      }),
    );
  }
  return rows;
}
