// Evaluates utils/core/match.ts (TitleIndex) against the labelled pairs in test/data/title-pairs.json,
// and measures build time, memory and query time on synthetic corpora.
//
//   npm run eval:matching                  tune and held-out figures, exact-only baseline, false positives, timing
//   npm run eval:matching -- --sweep       threshold sweep on the tune split (how FUZZY_THRESHOLD was chosen)
//   npm run eval:matching -- --errors      list misses on tune (use tune only while developing)
//   npm run eval:matching -- --no-bench    skip the timing runs
//
// For memory figures run with --expose-gc: node --expose-gc --import tsx scripts/eval-matching.ts
// The split is a hash of the normalised page title (about 40% held out): stable, no bookkeeping.
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FUZZY_THRESHOLD, TitleIndex, type IndexedPaper } from '../utils/core/match';
import { normalizeTitle } from '../utils/core/normalize';

export type Split = 'tune' | 'heldout';

export interface TitlePair {
  id: string;
  /** The title as the page shows it. */
  page: string;
  /** arXiv id (= corpus id) of the seed paper it refers to, or null when the paper is not in the corpus. */
  expected: string | null;
  kind: string;
  source: string;
  /** The arXiv id the page names for this entry, if any. */
  pageArxivId?: string;
}

export interface MatchEval {
  pairs: number;
  positives: number;
  tp: number;
  /** Pairs given a paper that is not the expected one (wrong paper, or any paper for a negative). */
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
  falsePositives: { pair: TitlePair; got: string; score: number }[];
  misses: { pair: TitlePair; got: string | null }[];
  recallByKind: Record<string, { tp: number; total: number }>;
}

export const PAIRS_PATH = fileURLToPath(new URL('../test/data/title-pairs.json', import.meta.url));
export const SEED_PATH = fileURLToPath(new URL('./seed/arxiv-ids.tsv', import.meta.url));
export const HELDOUT_PERCENT = 40;

export function loadPairs(path = PAIRS_PATH): TitlePair[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as { pairs: TitlePair[] }).pairs;
}

/** The seed papers as a corpus: id = arXiv id, as utils/core/types.ts gives papers with an arXiv id. */
export function loadSeedCorpus(path = SEED_PATH): IndexedPaper[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .map(([, arxivId, title]) => ({ id: arxivId!, arxivId: arxivId!, title: title! }));
}

/** FNV-1a (32 bit): a tiny, stable hash. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function splitOf(pageTitle: string): Split {
  return fnv1a(normalizeTitle(pageTitle)) % 100 < HELDOUT_PERCENT ? 'heldout' : 'tune';
}

export type Matcher = (pair: TitlePair) => { id: string; score: number } | null;

export function fuzzyMatcher(index: TitleIndex, threshold?: number): Matcher {
  return (p) => index.match(p.page, { arxivId: p.pageArxivId, threshold });
}

/** The matching in utils/db.ts today: the unique exact normalised title, refused on an arXiv id conflict. */
export function exactOnlyMatcher(corpus: IndexedPaper[]): Matcher {
  const byKey = new Map<string, IndexedPaper[]>();
  for (const p of corpus) byKey.set(normalizeTitle(p.title), [...(byKey.get(normalizeTitle(p.title)) ?? []), p]);
  return (pair) => {
    const found = byKey.get(normalizeTitle(pair.page)) ?? [];
    const only = found.length === 1 ? found[0]! : undefined;
    if (!only || (pair.pageArxivId && only.arxivId && only.arxivId !== pair.pageArxivId)) return null;
    return { id: only.id, score: 1 };
  };
}

const ratio = (num: number, den: number) => (den === 0 ? 0 : num / den);

export function evaluate(pairs: TitlePair[], match: Matcher): MatchEval {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const falsePositives: MatchEval['falsePositives'] = [];
  const misses: MatchEval['misses'] = [];
  const recallByKind: MatchEval['recallByKind'] = {};
  for (const pair of pairs) {
    const got = match(pair);
    if (pair.expected) {
      const k = (recallByKind[pair.kind] ??= { tp: 0, total: 0 });
      k.total++;
      if (got?.id === pair.expected) {
        tp++;
        k.tp++;
        continue;
      }
      fn++;
      misses.push({ pair, got: got?.id ?? null });
    }
    if (got && got.id !== pair.expected) {
      fp++;
      falsePositives.push({ pair, got: got.id, score: got.score });
    }
  }
  const positives = pairs.filter((p) => p.expected).length;
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, positives);
  return {
    pairs: pairs.length,
    positives,
    tp,
    fp,
    fn,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    falsePositives,
    misses,
    recallByKind,
  };
}

const f3 = (x: number) => x.toFixed(3);

function formatEval(name: string, r: MatchEval): string {
  const kinds = Object.entries(r.recallByKind)
    .map(([k, v]) => `${k} ${v.tp}/${v.total}`)
    .join(', ');
  return (
    `${name.padEnd(28)} pairs ${String(r.pairs).padStart(3)} (positives ${String(r.positives).padStart(3)})` +
    `  P ${f3(r.precision)}  R ${f3(r.recall)}  F1 ${f3(r.f1)}  tp ${r.tp} fp ${r.fp} fn ${r.fn}\n    recall by kind: ${kinds}`
  );
}

// ---------------------------------------------------------------------------------------------
// Synthetic corpora for the timing runs: titles built from the shapes real ML titles take
// ("Acronym: Adjective Noun for Task", "Towards …", "On the … of …", "A Survey of …").

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ADJ = 'Efficient Scalable Robust Sparse Hierarchical Contrastive Generative Adaptive Multimodal Federated Causal Unsupervised Self-Supervised Lightweight Interpretable Differentiable Bayesian Graph-Based Continual Few-Shot Zero-Shot Long-Context Multilingual Equivariant Probabilistic Neural Latent Hybrid Decentralized Quantized Private Fair Dynamic Implicit Structured Compositional Diverse Fast Stable Unified Open Reliable Temporal Spatial Cross-Modal Multi-Agent Offline Online Retrieval-Augmented Instruction-Tuned Physics-Informed'.split(' ');
const NOUN = 'Transformers|Diffusion Models|Language Models|Graph Neural Networks|Representations|Embeddings|Agents|Policies|Attention|Mixture-of-Experts|Autoencoders|Optimizers|Tokenizers|Reward Models|Vision Transformers|State Space Models|Point Clouds|Knowledge Graphs|Neural Fields|Gaussian Splatting|Normalizing Flows|Kernels|Priors|Adapters|Prompts|Benchmarks|Datasets|Memory Networks|World Models|Retrievers|Rerankers|Classifiers|Detectors|Segmenters|Encoders|Decoders'.split('|');
const TASK = 'Image Classification|Object Detection|Semantic Segmentation|Machine Translation|Question Answering|Speech Recognition|Time Series Forecasting|Code Generation|Protein Folding|Molecule Generation|Text-to-Image Synthesis|Video Understanding|Robotic Manipulation|Recommendation|Anomaly Detection|Summarization|Reasoning|Theorem Proving|Weather Prediction|Medical Imaging|Drug Discovery|Autonomous Driving|Dialogue|Information Extraction|3D Reconstruction|Music Generation|Program Synthesis|Tabular Data|Link Prediction|Domain Adaptation'.split('|');
const METHOD = 'Contrastive Pretraining|Knowledge Distillation|Low-Rank Adaptation|Reinforcement Learning from Human Feedback|Curriculum Learning|Meta-Learning|Active Learning|Data Augmentation|Pruning|Quantization|Prompt Tuning|Chain-of-Thought|Test-Time Scaling|Self-Training|Energy-Based Training|Optimal Transport|Score Matching|Masked Modeling|Latent Alignment|Hard Negative Mining'.split('|');
const DOMAIN = 'Healthcare|Climate Science|Finance|Education|Low-Resource Languages|Edge Devices|Scientific Discovery|Remote Sensing|Legal Documents|Social Media|Astronomy|Materials Science|Genomics|Chemistry|Mathematics'.split('|');

const SYLLABLES = 'ze tra mo lix ka ri on vex da nu pho gen sy tor qua bel hem ato cyt neu ron lum arc fer mag ost pel dro'.split(' ');

/** Name-like words (method names, specific nouns) with a Zipf-like spread of frequencies, as real titles have. */
function rareWords(r: () => number): () => string {
  const size = 50_000;
  const word = (k: number) => {
    let x = k + 1;
    let w = '';
    while (x > 0) {
      w += SYLLABLES[x % SYLLABLES.length];
      x = Math.floor(x / SYLLABLES.length);
    }
    return w[0]!.toUpperCase() + w.slice(1);
  };
  return () => word(Math.floor(Math.exp(r() * Math.log(size))) - 1);
}

export function syntheticTitles(n: number, seed = 1): string[] {
  const r = prng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const rare = rareWords(r);
  const acronym = () =>
    (r() < 0.5 ? rare() : Array.from({ length: 2 + Math.floor(r() * 4) }, () => String.fromCharCode(65 + Math.floor(r() * 26))).join('')) +
    (r() < 0.2 ? `-${1 + Math.floor(r() * 4)}` : '');
  const shapes: (() => string)[] = [
    () => `${acronym()}: ${pick(ADJ)} ${pick(NOUN)} for ${pick(TASK)}`,
    () => `${pick(ADJ)} ${pick(NOUN)} for ${pick(TASK)} via ${rare()} ${pick(METHOD)}`,
    () => `Towards ${pick(ADJ)} ${pick(TASK)} with ${rare()} ${pick(NOUN)}`,
    () => `On the ${pick(['Robustness', 'Limits', 'Generalization', 'Calibration', 'Scaling', 'Expressivity'])} of ${pick(ADJ)} ${pick(NOUN)} in ${rare()} ${pick(DOMAIN)}`,
    () => `A Survey of ${pick(ADJ)} ${pick(NOUN)} in ${pick(DOMAIN)}`,
    () => `${pick(METHOD)} Improves ${pick(ADJ)} ${pick(NOUN)} on ${rare()} ${pick(TASK)}`,
    () => `${acronym()}: ${pick(METHOD)} Meets ${pick(ADJ)} ${pick(NOUN)} for ${pick(DOMAIN)}`,
    () => `Rethinking ${pick(METHOD)} for ${pick(ADJ)} ${pick(TASK)}: A ${pick(['Benchmark', 'Case Study', 'Empirical Study', 'Unified View'])}`,
  ];
  return Array.from({ length: n }, () => pick(shapes)());
}

/** CPU time (user + system) since `start`, in ms: steadier than wall time on a busy machine. */
function cpuMs(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

function bench(n: number): string {
  const titles = syntheticTitles(n, n);
  const papers = titles.map((title, i) => ({ id: `s${i}`, title }));
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const index = new TitleIndex(papers);
  const buildMs = performance.now() - t0;
  const buildCpuMs = cpuMs(c0);
  gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  // Queries: a third corpus titles with a small edit, a third cut with "…", a third absent titles.
  const r = prng(7);
  const absent = syntheticTitles(1000, n + 99);
  const queries = Array.from({ length: 3000 }, (_, i) => {
    const t = titles[Math.floor(r() * titles.length)]!;
    if (i % 3 === 0) return t.replace(/s\b/, '').replace('-', ' ');
    if (i % 3 === 1) return t.slice(0, Math.max(20, Math.floor(t.length * 0.7))) + '…';
    return absent[i % absent.length]!;
  });
  let matched = 0;
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  for (const q of queries) if (index.match(q)) matched++;
  const perQueryUs = ((performance.now() - t1) / queries.length) * 1000;
  const perQueryCpuUs = (cpuMs(c1) / queries.length) * 1000;
  return (
    `${String(n).padStart(7)} titles: build ${buildMs.toFixed(0).padStart(5)} ms (cpu ${buildCpuMs.toFixed(0)} ms), heap ${gc ? heapMb.toFixed(1).padStart(6) + ' MB' : 'n/a (run with --expose-gc)'}` +
    `, query ${perQueryUs.toFixed(0)} µs avg (cpu ${perQueryCpuUs.toFixed(0)} µs) over ${queries.length} (${matched} matched)`
  );
}

// ---------------------------------------------------------------------------------------------

function main(argv: string[]): void {
  const pairs = loadPairs();
  const corpus = loadSeedCorpus();
  const index = new TitleIndex(corpus);
  const tune = pairs.filter((p) => splitOf(p.page) === 'tune');
  const heldout = pairs.filter((p) => splitOf(p.page) === 'heldout');
  console.log(`corpus: ${corpus.length} seed papers; labelled pairs: ${pairs.length} (${pairs.filter((p) => !p.expected).length} negatives); tune ${tune.length}, held-out ${heldout.length}`);
  console.log(`threshold FUZZY_THRESHOLD = ${FUZZY_THRESHOLD}\n`);

  if (argv.includes('--sweep')) {
    console.log('threshold sweep on tune (precision and recall per threshold; docs/matching.md says how the value was chosen):');
    for (let t = 0.7; t <= 0.99; t += 0.01) {
      const r = evaluate(tune, fuzzyMatcher(index, t));
      console.log(`  ${t.toFixed(2)}  P ${f3(r.precision)}  R ${f3(r.recall)}  fp ${r.fp}`);
    }
    console.log('');
  }

  const runs: [string, TitlePair[]][] = [['tune', tune], ['held-out', heldout]];
  for (const [name, set] of runs) {
    console.log(formatEval(`${name}: exact only`, evaluate(set, exactOnlyMatcher(corpus))));
    const r = evaluate(set, fuzzyMatcher(index));
    console.log(formatEval(`${name}: TitleIndex`, r));
    for (const e of r.falsePositives) console.log(`    FALSE POSITIVE ${e.pair.id} "${e.pair.page}" → ${e.got} (score ${e.score})`);
    if (argv.includes('--errors') && name === 'tune') {
      for (const m of r.misses) console.log(`    miss ${m.pair.id} [${m.pair.kind}] "${m.pair.page}" → ${m.got ?? 'null'}; candidates ${JSON.stringify(index.candidates(m.pair.page).slice(0, 2))}`);
    }
    console.log('');
  }

  // How close the negatives come: their best candidate score before the threshold.
  const closest = pairs
    .filter((p) => !p.expected && splitOf(p.page) === 'tune')
    .map((p) => ({ p, best: index.candidates(p.page)[0] }))
    .filter((x) => x.best)
    .sort((a, b) => b.best!.score - a.best!.score)
    .slice(0, 5);
  console.log('closest tune negatives (best candidate score, before threshold and ambiguity rules):');
  for (const { p, best } of closest) console.log(`    ${best!.score.toFixed(3)} ${p.id} [${p.kind}] "${p.page}" → ${best!.id}`);
  if (!closest.length) console.log('    none reaches any fuzzy rule');
  console.log('');

  // The same pairs against the seed corpus plus 100,000 synthetic distractor titles.
  const big = new TitleIndex([...corpus, ...syntheticTitles(100_000, 42).map((title, i) => ({ id: `s${i}`, title }))]);
  for (const [name, set] of runs) console.log(formatEval(`${name}: +100k distractors`, evaluate(set, fuzzyMatcher(big))));
  console.log('');

  if (!argv.includes('--no-bench')) {
    console.log('scale (synthetic titles):');
    for (const n of [1_000, 10_000, 100_000]) console.log(bench(n));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
