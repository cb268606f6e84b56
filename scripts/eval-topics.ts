// Evaluates utils/core/classify.ts against the hand-labelled set in test/data/topic-labels.json.
//
//   npm run eval:topics                       tune and held-out figures
//   npm run eval:topics -- --split tune       one split (tune | heldout | all)
//   npm run eval:topics -- --split tune --errors   list the mistakes (use on tune only while developing)
//
// The split is derived from a hash of the normalised title (about 40% held out), so it is stable
// and needs no bookkeeping; see docs/topics.md for the protocol.
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { classify, ML_TOPIC_IDS } from '../utils/core/classify';
import { normalizeTitle } from '../utils/core/normalize';
import topicsJson from '../utils/core/topics.json';

export type Split = 'tune' | 'heldout';

export interface LabelledPaper {
  id: string;
  source: string;
  /** False for papers with no machine-learning content: they must get no ML topic. */
  ml: boolean;
  topics: string[];
  title: string;
  abstract: string;
}

export interface TopicStats {
  id: string;
  support: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface EvalResult {
  papers: number;
  perTopic: TopicStats[];
  microP: number;
  microR: number;
  microF1: number;
  /** Mean F1 over topics that occur in the gold labels of this split. */
  macroF1: number;
  exactSetAccuracy: number;
  nonMlPapers: number;
  nonMlWithMlTopic: number;
  errors: { paper: LabelledPaper; predicted: string[]; missing: string[]; extra: string[] }[];
}

export const LABELS_PATH = fileURLToPath(new URL('../test/data/topic-labels.json', import.meta.url));
export const HELDOUT_PERCENT = 40;

export function loadLabels(path = LABELS_PATH): LabelledPaper[] {
  const json = JSON.parse(readFileSync(path, 'utf8')) as { papers: LabelledPaper[] };
  return json.papers;
}

/** FNV-1a (32 bit) of a string: a tiny, stable hash that needs no crypto API. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function splitOf(title: string): Split {
  return fnv1a(normalizeTitle(title)) % 100 < HELDOUT_PERCENT ? 'heldout' : 'tune';
}

const ratio = (num: number, den: number) => (den === 0 ? 0 : num / den);
const f1Of = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

export function evaluate(
  papers: LabelledPaper[],
  predict: (p: LabelledPaper) => string[] = (p) => classify(p.title, p.abstract).map((t) => t.id),
): EvalResult {
  const ids = topicsJson.topics.map((t) => t.id);
  const counts = new Map(ids.map((id) => [id, { tp: 0, fp: 0, fn: 0, support: 0 }]));
  let exact = 0;
  let nonMl = 0;
  let nonMlWithMl = 0;
  const errors: EvalResult['errors'] = [];
  for (const paper of papers) {
    const gold = new Set(paper.topics);
    const predicted = predict(paper);
    const pred = new Set(predicted);
    for (const id of ids) {
      const c = counts.get(id)!;
      if (gold.has(id)) c.support++;
      if (gold.has(id) && pred.has(id)) c.tp++;
      else if (pred.has(id)) c.fp++;
      else if (gold.has(id)) c.fn++;
    }
    const missing = [...gold].filter((id) => !pred.has(id));
    const extra = [...pred].filter((id) => !gold.has(id));
    if (!missing.length && !extra.length) exact++;
    else errors.push({ paper, predicted, missing, extra });
    if (!paper.ml) {
      nonMl++;
      if (predicted.some((id) => ML_TOPIC_IDS.has(id))) nonMlWithMl++;
    }
  }
  const perTopic: TopicStats[] = ids.map((id) => {
    const c = counts.get(id)!;
    const precision = ratio(c.tp, c.tp + c.fp);
    const recall = ratio(c.tp, c.tp + c.fn);
    return { id, ...c, precision, recall, f1: f1Of(precision, recall) };
  });
  const tp = perTopic.reduce((s, t) => s + t.tp, 0);
  const fp = perTopic.reduce((s, t) => s + t.fp, 0);
  const fn = perTopic.reduce((s, t) => s + t.fn, 0);
  const microP = ratio(tp, tp + fp);
  const microR = ratio(tp, tp + fn);
  const present = perTopic.filter((t) => t.support > 0);
  return {
    papers: papers.length,
    perTopic,
    microP,
    microR,
    microF1: f1Of(microP, microR),
    macroF1: ratio(present.reduce((s, t) => s + t.f1, 0), present.length),
    exactSetAccuracy: ratio(exact, papers.length),
    nonMlPapers: nonMl,
    nonMlWithMlTopic: nonMlWithMl,
    errors,
  };
}

const pct = (x: number) => x.toFixed(3);

export function formatResult(name: string, r: EvalResult): string {
  const lines = [`== ${name}: ${r.papers} papers ==`, 'topic                    support   tp   fp   fn  precision  recall     f1'];
  for (const t of r.perTopic) {
    if (!t.support && !t.fp) continue;
    lines.push(
      `${t.id.padEnd(24)} ${String(t.support).padStart(7)} ${String(t.tp).padStart(4)} ${String(t.fp).padStart(4)} ${String(t.fn).padStart(4)}` +
        `  ${pct(t.precision).padStart(9)} ${pct(t.recall).padStart(7)} ${pct(t.f1).padStart(6)}`,
    );
  }
  lines.push(
    `micro P/R/F1: ${pct(r.microP)} / ${pct(r.microR)} / ${pct(r.microF1)}   macro-F1: ${pct(r.macroF1)}`,
    `exact-set accuracy: ${pct(r.exactSetAccuracy)}   non-ML papers given an ML topic: ${r.nonMlWithMlTopic} of ${r.nonMlPapers}`,
  );
  return lines.join('\n');
}

function formatErrors(r: EvalResult): string {
  return r.errors
    .map((e) => `${e.paper.id} ${e.paper.title.slice(0, 90)}\n   gold [${e.paper.topics.join(', ')}]  got [${e.predicted.join(', ')}]` +
      `${e.missing.length ? `  missing ${e.missing.join(',')}` : ''}${e.extra.length ? `  extra ${e.extra.join(',')}` : ''}`)
    .join('\n');
}

function main(argv: string[]): void {
  const splitArg = argv.includes('--split') ? argv[argv.indexOf('--split') + 1] : undefined;
  if (splitArg && !['tune', 'heldout', 'all'].includes(splitArg)) {
    console.error(`unknown --split ${splitArg} (tune | heldout | all)`);
    process.exitCode = 2;
    return;
  }
  const papers = loadLabels();
  const bySplit = (s: Split) => papers.filter((p) => splitOf(p.title) === s);
  const runs: [string, LabelledPaper[]][] =
    splitArg === 'all' ? [['all', papers]]
      : splitArg === 'tune' ? [['tune', bySplit('tune')]]
        : splitArg === 'heldout' ? [['heldout', bySplit('heldout')]]
          : [['tune', bySplit('tune')], ['heldout', bySplit('heldout')]];
  for (const [name, set] of runs) {
    const result = evaluate(set);
    console.log(formatResult(name, result));
    // Pages often show titles only: the same papers classified from their titles alone.
    const titleOnly = evaluate(set, (p) => classify(p.title).map((t) => t.id));
    console.log(`title only: micro P/R/F1 ${pct(titleOnly.microP)} / ${pct(titleOnly.microR)} / ${pct(titleOnly.microF1)}` +
      `   non-ML papers given an ML topic: ${titleOnly.nonMlWithMlTopic} of ${titleOnly.nonMlPapers}`);
    if (argv.includes('--errors')) {
      if (name !== 'tune') console.log('(listing held-out mistakes: do not tune on these)');
      console.log(formatErrors(result));
    }
    console.log('');
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
