// Topic classifier: weighted cue phrases (utils/core/topic-rules.ts) scored with their context.
// Pure and deterministic: no browser or Node APIs, patterns compiled once at module load.
// How it works and how it was tuned: docs/topics.md.
import type { TopicId, TopicScore } from './types';
import topicsJson from './topics.json';
import { ML_ANCHORS, TOPIC_RULES, WEAK_ML_ANCHORS, type TopicKind } from './topic-rules';

/** The knobs of the scorer, exported so docs and tests can refer to them. */
export const CLASSIFY_PARAMS = {
  /** A cue in the title counts this many times its abstract weight (titles name the main subject). */
  titleWeight: 2.5,
  /** The k-th repeat (0-based) of the same cue in the abstract counts repeatDecay^k: repetition helps, with diminishing returns. */
  repeatDecay: 0.6,
  /** Repeats of one cue beyond this are ignored. */
  maxRepeats: 4,
  /** Cue in a negated/contrasted clause ("without fine-tuning", "unlike LLMs"). */
  negated: 0.1,
  /** Cue given as an example ("e.g.", "such as", "including") or in a future-work sentence. */
  passing: 0.5,
  /** First abstract sentence: often background ("LLMs have shown..."). */
  firstSentence: 0.7,
  /** Last abstract sentence: often outlook, links, "we hope". */
  lastSentence: 0.75,
  /** A topic needs at least this raw score (one strong cue in the title, or a few in the abstract)... */
  absoluteFloor: 5,
  /** ...or this when there is no abstract (a title-only cue of weight 2 must be enough)... */
  titleOnlyFloor: 4,
  /** ...and at least this fraction of the best topic's raw score. */
  relativeFloor: 0.4,
  /** A topic named in the title by a cue of at least this weight is a main subject: it skips the relative floor. */
  titleNamesTopic: 3,
  maxTopics: 4,
  /** score = raw / (raw + scoreHalf): a raw score of scoreHalf maps to 0.5. */
  scoreHalf: 8,
  /** ML topics need this much ML anchor evidence (a strong anchor counts 1, a weak one 0.5, doubled in the title). */
  mlGate: 1,
  maxEvidence: 4,
} as const;

interface CompiledTopic {
  id: TopicId;
  kind: TopicKind;
  /** One alternation over all cues, longest first, one capture group per cue. */
  regex: RegExp;
  weights: number[];
}

/** Cue syntax (see topic-rules.ts) to a regular-expression source without capture groups. */
function cueSource(cue: string): string {
  if (cue.length > 2 && cue.startsWith('/') && cue.endsWith('/')) return cue.slice(1, -1);
  let src = '';
  for (let i = 0; i < cue.length; i++) {
    const ch = cue[i]!;
    if (ch === ' ') src += '[\\s\\-]+';
    else if (ch === '-') src += '[\\s\\-]?';
    else if (ch === '*' && i === cue.length - 1) src += '\\w*';
    else if (ch === '?') src += '?'; // "tumou?r": the previous character is optional
    else src += ch.replace(/[.+^${}()|[\]\\/*]/g, '\\$&');
  }
  return src;
}

/** Word-boundary anchored alternation; cues are ordered longest first so "large language model" beats "language model". */
function compileAlternation(cues: readonly string[]): { regex: RegExp; order: number[] } {
  const order = cues.map((_, i) => i).sort((a, b) => cues[b]!.length - cues[a]!.length || a - b);
  const body = order.map((i) => `(${cueSource(cues[i]!)})`).join('|');
  return { regex: new RegExp(`(?<![\\w])(?:${body})(?![\\w])`, 'g'), order };
}

const TOPIC_IDS = new Set<string>(topicsJson.topics.map((t) => t.id));

const COMPILED: CompiledTopic[] = TOPIC_RULES.filter((rule) => TOPIC_IDS.has(rule.id)).map((rule) => {
  const { regex, order } = compileAlternation(rule.cues.map((cue) => cue.p));
  return { id: rule.id, kind: rule.kind, regex, weights: order.map((i) => rule.cues[i]!.w) };
});

const ANCHORS = compileAlternation(ML_ANCHORS).regex;
const WEAK_ANCHORS = compileAlternation(WEAK_ML_ANCHORS).regex;

const KIND = new Map<TopicId, TopicKind>(TOPIC_RULES.map((r) => [r.id, r.kind]));

/** Ids of topics that are ML research areas (everything except domain and genre topics). */
export const ML_TOPIC_IDS: ReadonlySet<TopicId> = new Set(TOPIC_RULES.filter((r) => r.kind === 'ml').map((r) => r.id));

// URLs and "code is available at" notes would otherwise feed cues such as "code" or "github".
const URL = /\b(?:https?:\/\/|www\.)\S+|\b[\w.-]+\.(?:github\.io|com|org|net)(?:\/\S*)?/g;
const NEGATION = /\b(?:without|unlike|not|no|never|neither|nor|rather than|instead of|in contrast to|as opposed to|contrary to|lack of|absence of|free of|beyond)\b/;
const PASSING = /(?:\be\.g\.|\bsuch as\b|\bincluding\b|\bfor example\b|\bfor instance\b|\blike\b|\bvarious\b)/;
const FUTURE = /\bfuture (?:work|research|directions?|stud(?:y|ies)|development)\b/;
const CLAUSE_BREAK = /[,;:()]/;
const ABBREVIATIONS = /(?:\be\.g|\bi\.e|\bet al|\bvs|\bfig|\bcf|\bapprox|\bno)$/;

/** Blanks URLs with spaces so offsets still line up with the original text. */
function maskUrls(text: string): string {
  return text.replace(URL, (m) => ' '.repeat(m.length));
}

/** Start offsets of the sentences of a (lower-cased) abstract. */
function sentenceStarts(text: string): number[] {
  const starts = [0];
  const boundary = /[.!?]["')\]]*\s+(?=\S)/g;
  let m: RegExpExecArray | null;
  while ((m = boundary.exec(text))) {
    const before = text.slice(Math.max(0, m.index - 8), m.index);
    if (ABBREVIATIONS.test(before)) continue;
    starts.push(m.index + m[0].length);
  }
  return starts;
}

function sentenceIndex(starts: number[], pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** How much one abstract occurrence counts, given the words around it. */
function contextFactor(text: string, starts: number[], start: number): number {
  const s = sentenceIndex(starts, start);
  const sentenceStart = starts[s]!;
  const sentenceEnd = s + 1 < starts.length ? starts[s + 1]! : text.length;
  const before = text.slice(sentenceStart, start);
  let factor = 1;
  // Negation only binds within the clause and a few words back.
  const clause = before.split(CLAUSE_BREAK).pop() ?? '';
  const lastWords = clause.trim().split(/\s+/).slice(-5).join(' ');
  if (NEGATION.test(lastWords)) factor *= CLASSIFY_PARAMS.negated;
  // An example in a list ("e.g. A, B and C") reaches a bit further back.
  if (PASSING.test(before.slice(-60))) factor *= CLASSIFY_PARAMS.passing;
  if (FUTURE.test(text.slice(sentenceStart, sentenceEnd))) factor *= CLASSIFY_PARAMS.passing;
  if (starts.length > 2 && s === 0) factor *= CLASSIFY_PARAMS.firstSentence;
  else if (starts.length > 2 && s === starts.length - 1) factor *= CLASSIFY_PARAMS.lastSentence;
  return factor;
}

function anchorStrength(title: string, abstract: string): number {
  let strength = 0;
  for (const [text, mult] of [[title, 2], [abstract, 1]] as const) {
    strength += (text.match(ANCHORS)?.length ?? 0) * mult;
    strength += (text.match(WEAK_ANCHORS)?.length ?? 0) * 0.5 * mult;
  }
  return strength;
}

interface TopicTally {
  raw: number;
  strongestTitleCue: number;
  evidence: Map<string, number>;
}

function tallyTopic(topic: CompiledTopic, title: string, rawTitle: string, abstract: string, rawAbstract: string, starts: number[]): TopicTally {
  const tally: TopicTally = { raw: 0, strongestTitleCue: 0, evidence: new Map() };
  const seenInTitle = new Set<number>();
  const repeats = new Map<number, number>();
  const add = (original: string, m: RegExpExecArray, value: number) => {
    tally.raw += value;
    const phrase = m[0];
    // Evidence must be a verbatim piece of the (lower-cased) input, never a masked variant.
    if (original.slice(m.index, m.index + phrase.length) !== phrase || !phrase.trim()) return;
    tally.evidence.set(phrase, (tally.evidence.get(phrase) ?? 0) + value);
  };
  const cueOf = (m: RegExpExecArray): number => {
    for (let g = 1; g < m.length; g++) if (m[g] !== undefined) return g - 1;
    return -1;
  };
  topic.regex.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = topic.regex.exec(title))) {
    const cue = cueOf(m);
    if (cue < 0 || seenInTitle.has(cue)) continue;
    seenInTitle.add(cue);
    tally.strongestTitleCue = Math.max(tally.strongestTitleCue, topic.weights[cue]!);
    add(rawTitle, m, topic.weights[cue]! * CLASSIFY_PARAMS.titleWeight);
  }
  topic.regex.lastIndex = 0;
  while ((m = topic.regex.exec(abstract))) {
    const cue = cueOf(m);
    if (cue < 0) continue;
    const k = repeats.get(cue) ?? 0;
    if (k >= CLASSIFY_PARAMS.maxRepeats) continue;
    repeats.set(cue, k + 1);
    const value = topic.weights[cue]! * CLASSIFY_PARAMS.repeatDecay ** k * contextFactor(abstract, starts, m.index);
    add(rawAbstract, m, value);
  }
  return tally;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export interface TopicCandidate {
  id: TopicId;
  /** True when a strong cue of this topic occurs in the title. */
  inTitle: boolean;
  /** Unbounded evidence mass before thresholds (title and abstract cues times their context factors). */
  raw: number;
  evidence: string[];
}

/** Every topic with any evidence, strongest first, before thresholds: for debugging and the eval script. */
export function topicCandidates(title: string, abstract = ''): TopicCandidate[] {
  const rawTitle = (title ?? '').toLowerCase();
  const rawAbstract = (abstract ?? '').toLowerCase();
  const t = maskUrls(rawTitle);
  const a = maskUrls(rawAbstract);
  const starts = sentenceStarts(a);
  let mlAllowed = anchorStrength(t, a) >= CLASSIFY_PARAMS.mlGate;
  const titleOnly = !a.trim();
  // ML topics are only tallied when they can be given (or, for a bare title, might open the gate).
  const tallies = COMPILED.filter((topic) => topic.kind !== 'ml' || mlAllowed || titleOnly)
    .map((topic) => ({ topic, tally: tallyTopic(topic, t, rawTitle, a, rawAbstract, starts) }));
  if (!mlAllowed && titleOnly) {
    // A bare title is short: let a strong ML cue in it ("3D", "mixture of experts") open the gate,
    // unless the title also speaks natural science ("3D simulations of supernovae").
    const domainSignal = tallies.some(({ topic, tally }) => topic.kind === 'domain' && tally.raw > 0);
    const strongMlCue = tallies.some(({ topic, tally }) => topic.kind === 'ml' && tally.strongestTitleCue >= CLASSIFY_PARAMS.titleNamesTopic);
    mlAllowed = strongMlCue && !domainSignal;
  }
  const out: TopicCandidate[] = [];
  for (const { topic, tally } of tallies) {
    if (topic.kind === 'ml' && !mlAllowed) continue;
    if (tally.raw <= 0) continue;
    const evidence = [...tally.evidence.entries()]
      .sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : 1))
      .map(([phrase]) => phrase);
    out.push({ id: topic.id, inTitle: tally.strongestTitleCue >= CLASSIFY_PARAMS.titleNamesTopic, raw: tally.raw, evidence });
  }
  return out.sort((x, y) => y.raw - x.raw || (x.id < y.id ? -1 : 1));
}

/**
 * The main topics of a paper, best first: each with a score in [0, 1] and the phrases that triggered it.
 * Works on a title alone; an abstract makes it more reliable. Returns [] when no topic is clear.
 */
export function classify(title: string, abstract = ''): TopicScore[] {
  const candidates = topicCandidates(title, abstract);
  if (!candidates.length) return [];
  const absolute = (abstract ?? '').trim() ? CLASSIFY_PARAMS.absoluteFloor : CLASSIFY_PARAMS.titleOnlyFloor;
  const relative = Math.max(absolute, CLASSIFY_PARAMS.relativeFloor * candidates[0]!.raw);
  // The genre (survey) is independent of the subject: only the absolute floor applies to it.
  // So is a topic the title names outright.
  const floorOf = (x: TopicCandidate) => (KIND.get(x.id) === 'genre' || x.inTitle ? absolute : relative);
  return candidates
    .filter((x) => x.raw >= floorOf(x))
    .slice(0, CLASSIFY_PARAMS.maxTopics)
    .map(({ id, raw, evidence }) => ({
      id,
      score: round3(raw / (raw + CLASSIFY_PARAMS.scoreHalf)),
      evidence: evidence.slice(0, CLASSIFY_PARAMS.maxEvidence),
    }));
}
