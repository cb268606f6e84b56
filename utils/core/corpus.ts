// Builds, serialises and validates the corpus file (public/corpus.json). Pure: the CLI in
// scripts/corpus.ts does the file I/O, and the background validates the bundled file with
// validateCorpus before loading it. The format is documented in docs/corpus-format.md.
import { classify } from './classify';
import { fnv1a64 } from './hash';
import { extractLinks } from './links';
import { normalizeTitle, yearFromArxivId } from './normalize';
import { InputFormatError, MAX_ABSTRACT_LENGTH, MAX_TITLE_LENGTH, type IdRow, type SeedEntry } from './seed';
import taxonomy from './topics.json';
import type { CorpusFile, LinkKind, Paper, PaperLink, TopicScore } from './types';

export const CORPUS_FORMAT = 'paperlens-corpus';
export const CORPUS_FORMAT_VERSION = 1;

/** Which input of a build a warning or error is about. */
export type BuildInput = 'seed' | 'ids';

export interface BuildWarning {
  input: BuildInput;
  line: number;
  message: string;
}

/** An input problem found while joining the seed and the ids file (the line is in `input`). */
export class CorpusBuildError extends InputFormatError {
  readonly input: BuildInput;
  constructor(input: BuildInput, line: number, message: string) {
    super(line, message);
    this.name = 'CorpusBuildError';
    this.input = input;
  }
}

/**
 * Builds the corpus from parsed seed entries and, optionally, the rows of an ids file.
 *
 * Ids-file rows are joined to papers by normalised title. A paper's id is its arXiv id when it has
 * one, else `t:` + fnv1a64(normalised title). Papers keep the seed's order; a later paper with the
 * same id as an earlier one is skipped with a warning. Throws CorpusBuildError when the ids file
 * gives one title two ids or one id two titles.
 */
export function buildCorpus(
  entries: readonly SeedEntry[],
  idRows?: readonly IdRow[],
): { corpus: CorpusFile; warnings: BuildWarning[] } {
  const warnings: BuildWarning[] = [];
  const idByTitle = indexIds(idRows ?? [], warnings);
  const usedRows = new Set<IdRow>();
  const lineById = new Map<string, number>();
  const papers: Paper[] = [];

  for (const entry of entries) {
    const key = normalizeTitle(entry.title);
    const row = idByTitle.get(key);
    if (row) usedRows.add(row);
    const arxivId = row?.arxivId;
    const id = arxivId ?? `t:${fnv1a64(key)}`;
    const earlier = lineById.get(id);
    if (earlier !== undefined) {
      warnings.push({ input: 'seed', line: entry.titleLine, message: `same paper (id ${id}) as on line ${earlier}: skipped` });
      continue;
    }
    lineById.set(id, entry.titleLine);
    if (idRows && !arxivId) {
      warnings.push({ input: 'seed', line: entry.titleLine, message: `no arXiv id in the ids file for this title: id ${id}` });
    }
    const paper: Paper = {
      id,
      arxivId,
      title: entry.title,
      abstract: entry.abstract,
      year: yearFromArxivId(arxivId),
      topics: classify(entry.title, entry.abstract),
      links: extractLinks(entry.abstract),
    };
    papers.push(paper);
  }

  for (const row of idRows ?? []) {
    if (!usedRows.has(row) && idByTitle.get(normalizeTitle(row.title)) === row) {
      warnings.push({ input: 'ids', line: row.line, message: `no paper in the seed has this title: "${row.title}"` });
    }
  }

  const canonical = papers.map(canonicalPaper);
  const corpus: CorpusFile = {
    format: CORPUS_FORMAT,
    formatVersion: CORPUS_FORMAT_VERSION,
    corpusVersion: fnv1a64(JSON.stringify(canonical)),
    taxonomyVersion: taxonomy.version,
    papers: canonical,
  };
  return { corpus, warnings };
}

function indexIds(rows: readonly IdRow[], warnings: BuildWarning[]): Map<string, IdRow> {
  const byTitle = new Map<string, IdRow>();
  const byId = new Map<string, IdRow>();
  for (const row of rows) {
    const key = normalizeTitle(row.title);
    const sameTitle = byTitle.get(key);
    if (sameTitle) {
      if (sameTitle.arxivId !== row.arxivId) {
        throw new CorpusBuildError('ids', row.line, `title already has arXiv id ${sameTitle.arxivId} on line ${sameTitle.line}, here ${row.arxivId}`);
      }
      warnings.push({ input: 'ids', line: row.line, message: `repeats line ${sameTitle.line}: ignored` });
      continue;
    }
    const sameId = byId.get(row.arxivId);
    if (sameId) {
      throw new CorpusBuildError('ids', row.line, `arXiv id ${row.arxivId} is already given to "${sameId.title}" on line ${sameId.line}`);
    }
    byTitle.set(key, row);
    byId.set(row.arxivId, row);
  }
  return byTitle;
}

// Key order of the serialised objects: part of the format (stable diffs, stable corpusVersion).
function canonicalPaper(p: Paper): Paper {
  const out: Paper = { id: p.id } as Paper;
  if (p.arxivId !== undefined) out.arxivId = p.arxivId;
  if (p.doi !== undefined) out.doi = p.doi;
  out.title = p.title;
  if (p.year !== undefined) out.year = p.year;
  out.abstract = p.abstract;
  out.topics = p.topics.map((t): TopicScore => ({ id: t.id, score: t.score, evidence: [...t.evidence] }));
  out.links = p.links.map((l): PaperLink => ({ url: l.url, kind: l.kind }));
  return out;
}

/** The corpus as file text: fixed key order, 2-space indent, trailing newline. Same corpus → same bytes. */
export function serializeCorpus(corpus: CorpusFile): string {
  const canonical: CorpusFile = {
    format: corpus.format,
    formatVersion: corpus.formatVersion,
    corpusVersion: corpus.corpusVersion,
    taxonomyVersion: corpus.taxonomyVersion,
    papers: corpus.papers.map(canonicalPaper),
  };
  return `${JSON.stringify(canonical, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------
// Validation

export const MAX_PAPERS = 200_000;
export const MAX_ID_LENGTH = 40;
export const MAX_DOI_LENGTH = 200;
export const MAX_LINKS_PER_PAPER = 100;
export const MAX_URL_LENGTH = 2048;
export const MAX_EVIDENCE_PER_TOPIC = 50;
export const MAX_EVIDENCE_LENGTH = 200;
/** validateCorpus stops collecting after this many errors. */
export const MAX_REPORTED_ERRORS = 50;

const TOPIC_IDS: ReadonlySet<string> = new Set(taxonomy.topics.map((t) => t.id));
const LINK_KINDS: ReadonlySet<string> = new Set<LinkKind>(['code', 'model', 'project', 'other']);
const CORPUS_KEYS = new Set(['format', 'formatVersion', 'corpusVersion', 'taxonomyVersion', 'papers']);
const PAPER_KEYS = new Set(['id', 'arxivId', 'doi', 'title', 'year', 'abstract', 'topics', 'links']);
const TOPIC_KEYS = new Set(['id', 'score', 'evidence']);
const LINK_KEYS = new Set(['url', 'kind']);
const ARXIV_ID = /^(?:\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?\/\d{7})$/;
const TITLE_ID = /^t:[0-9a-f]{16}$/;
const HEX16 = /^[0-9a-f]{16}$/;
const DOI = /^10\.\d{4,9}\/\S+$/;

export type CorpusValidation = { ok: true; corpus: CorpusFile } | { ok: false; errors: string[] };

class TooManyErrors extends Error {}

/**
 * Checks that `json` is a corpus this reader understands, strictly: known format and formatVersion,
 * no unknown fields, unique ids consistent with arXiv ids and years, bounded strings and arrays,
 * topic ids from the taxonomy, http(s) link URLs without credentials. Pure and linear in the size.
 */
export function validateCorpus(json: unknown): CorpusValidation {
  const run = validation(json, Infinity);
  while (!run.next().done);
  return run.result();
}

/**
 * validateCorpus in slices: the same checks, errors and result, but it awaits `pause()` after every
 * `papersPerSlice` papers, so a service worker validating a large corpus keeps answering messages.
 */
export async function validateCorpusInSlices(json: unknown, pause: () => Promise<unknown>, papersPerSlice = 2000): Promise<CorpusValidation> {
  const run = validation(json, papersPerSlice);
  while (!run.next().done) await pause();
  return run.result();
}

/** A validation run: next() checks up to `papersPerSlice` more papers (done once everything is checked). */
function validation(json: unknown, papersPerSlice: number): { next: () => IteratorResult<void>; result: () => CorpusValidation } {
  const errors: string[] = [];
  const fail = (path: string, message: string): void => {
    errors.push(`${path}: ${message}`);
    if (errors.length >= MAX_REPORTED_ERRORS) throw new TooManyErrors();
  };
  const steps = validateTop(json, fail, papersPerSlice);
  let finished = false;
  return {
    next() {
      if (finished) return { done: true, value: undefined };
      try {
        const step = steps.next();
        finished = !!step.done;
      } catch (e) {
        if (!(e instanceof TooManyErrors)) throw e;
        errors.push(`… stopped after ${MAX_REPORTED_ERRORS} errors`);
        finished = true;
      }
      return finished ? { done: true, value: undefined } : { done: false, value: undefined };
    },
    result: () => (errors.length === 0 ? { ok: true, corpus: json as CorpusFile } : { ok: false, errors }),
  };
}

type Fail = (path: string, message: string) => void;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v);
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : String(v);
}

function unknownKeys(obj: Record<string, unknown>, known: Set<string>, path: string, fail: Fail): void {
  for (const key of Object.keys(obj)) {
    if (!known.has(key)) fail(path, `unknown field "${key.slice(0, 80)}"`);
  }
}

function checkString(v: unknown, path: string, min: number, max: number, fail: Fail): v is string {
  if (typeof v !== 'string') {
    fail(path, `must be a string, found ${describe(v)}`);
    return false;
  }
  if (v.length < min || v.length > max) {
    fail(path, min > 0 && v.length === 0 ? 'must not be empty' : `length ${v.length} is outside ${min}..${max}`);
    return false;
  }
  return true;
}

/** Yields after every `papersPerSlice` papers (validation(): the caller may pause there). */
function* validateTop(json: unknown, fail: Fail, papersPerSlice: number): Generator<void, void> {
  if (!isRecord(json)) return fail('corpus', `must be a JSON object, found ${describe(json)}`);
  if (json.format !== CORPUS_FORMAT) {
    return fail('format', `must be "${CORPUS_FORMAT}", found ${describe(json.format)}: not a PaperLens corpus`);
  }
  if (json.formatVersion !== CORPUS_FORMAT_VERSION) {
    return fail('formatVersion', `${describe(json.formatVersion)} is not supported: this reader knows version ${CORPUS_FORMAT_VERSION}`);
  }
  unknownKeys(json, CORPUS_KEYS, 'corpus', fail);
  if (typeof json.corpusVersion !== 'string' || !HEX16.test(json.corpusVersion)) {
    fail('corpusVersion', `must be 16 lower-case hex digits, found ${describe(json.corpusVersion)}`);
  }
  if (!Number.isSafeInteger(json.taxonomyVersion) || (json.taxonomyVersion as number) < 1) {
    fail('taxonomyVersion', `must be a positive integer, found ${describe(json.taxonomyVersion)}`);
  }
  const papers = json.papers;
  if (!Array.isArray(papers)) return fail('papers', `must be an array, found ${describe(papers)}`);
  if (papers.length > MAX_PAPERS) return fail('papers', `${papers.length} papers is more than the limit of ${MAX_PAPERS}`);
  const seen = new Map<string, number>();
  for (let i = 0; i < papers.length; i++) {
    validatePaper(papers[i], i, seen, fail);
    if ((i + 1) % papersPerSlice === 0 && i + 1 < papers.length) yield;
  }
}

function validatePaper(p: unknown, index: number, seen: Map<string, number>, fail: Fail): void {
  let path = `papers[${index}]`;
  if (!isRecord(p)) return fail(path, `must be an object, found ${describe(p)}`);
  if (typeof p.id === 'string') path += ` (${p.id.slice(0, MAX_ID_LENGTH)})`;
  unknownKeys(p, PAPER_KEYS, path, fail);

  if (checkString(p.id, `${path}.id`, 1, MAX_ID_LENGTH, fail)) {
    if (!ARXIV_ID.test(p.id) && !TITLE_ID.test(p.id)) {
      fail(`${path}.id`, 'must be an arXiv id (2401.12345, hep-th/9901001) or "t:" + 16 hex digits');
    }
    const first = seen.get(p.id);
    if (first !== undefined) fail(`${path}.id`, `duplicate id, first used by papers[${first}]`);
    else seen.set(p.id, index);
  }
  if (p.arxivId !== undefined && checkString(p.arxivId, `${path}.arxivId`, 1, MAX_ID_LENGTH, fail)) {
    if (!ARXIV_ID.test(p.arxivId)) fail(`${path}.arxivId`, `not an arXiv id without version: ${describe(p.arxivId)}`);
    else if (p.id !== p.arxivId) fail(`${path}.id`, `must equal arxivId ${p.arxivId}`);
  }
  if (p.arxivId === undefined && typeof p.id === 'string' && ARXIV_ID.test(p.id)) {
    fail(`${path}.arxivId`, 'missing: an arXiv id is used as id, so arxivId must be set to it');
  }
  if (p.doi !== undefined && checkString(p.doi, `${path}.doi`, 1, MAX_DOI_LENGTH, fail) && !DOI.test(p.doi)) {
    fail(`${path}.doi`, `not a DOI: ${describe(p.doi)}`);
  }
  checkString(p.title, `${path}.title`, 1, MAX_TITLE_LENGTH, fail);
  checkString(p.abstract, `${path}.abstract`, 0, MAX_ABSTRACT_LENGTH, fail);
  if (p.year !== undefined) {
    if (!Number.isSafeInteger(p.year) || (p.year as number) < 1991 || (p.year as number) > 2100) {
      fail(`${path}.year`, `must be an integer in 1991..2100, found ${describe(p.year)}`);
    } else if (typeof p.arxivId === 'string' && yearFromArxivId(p.arxivId) !== p.year) {
      fail(`${path}.year`, `${p.year} does not match arXiv id ${p.arxivId} (${yearFromArxivId(p.arxivId)})`);
    }
  }
  validateTopics(p.topics, `${path}.topics`, fail);
  validateLinks(p.links, `${path}.links`, fail);
}

function validateTopics(topics: unknown, path: string, fail: Fail): void {
  if (!Array.isArray(topics)) return fail(path, `must be an array, found ${describe(topics)}`);
  if (topics.length > TOPIC_IDS.size) return fail(path, `${topics.length} topics is more than the taxonomy has`);
  const seen = new Set<string>();
  topics.forEach((t: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isRecord(t)) return fail(at, `must be an object, found ${describe(t)}`);
    unknownKeys(t, TOPIC_KEYS, at, fail);
    if (typeof t.id !== 'string' || !TOPIC_IDS.has(t.id)) fail(`${at}.id`, `not a topic of the taxonomy: ${describe(t.id)}`);
    else if (seen.has(t.id)) fail(`${at}.id`, `duplicate topic ${t.id}`);
    else seen.add(t.id);
    if (typeof t.score !== 'number' || !(t.score >= 0 && t.score <= 1)) fail(`${at}.score`, `must be a number in [0, 1], found ${describe(t.score)}`);
    if (!Array.isArray(t.evidence)) return fail(`${at}.evidence`, `must be an array, found ${describe(t.evidence)}`);
    if (t.evidence.length > MAX_EVIDENCE_PER_TOPIC) return fail(`${at}.evidence`, `more than ${MAX_EVIDENCE_PER_TOPIC} entries`);
    t.evidence.forEach((e: unknown, j) => checkString(e, `${at}.evidence[${j}]`, 1, MAX_EVIDENCE_LENGTH, fail));
  });
}

function validateLinks(links: unknown, path: string, fail: Fail): void {
  if (!Array.isArray(links)) return fail(path, `must be an array, found ${describe(links)}`);
  if (links.length > MAX_LINKS_PER_PAPER) return fail(path, `${links.length} links is more than the limit of ${MAX_LINKS_PER_PAPER}`);
  const seen = new Set<string>();
  links.forEach((l: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isRecord(l)) return fail(at, `must be an object, found ${describe(l)}`);
    unknownKeys(l, LINK_KEYS, at, fail);
    if (typeof l.kind !== 'string' || !LINK_KINDS.has(l.kind)) fail(`${at}.kind`, `must be one of code, model, project, other; found ${describe(l.kind)}`);
    if (!checkString(l.url, `${at}.url`, 1, MAX_URL_LENGTH, fail)) return;
    let url: URL;
    try {
      url = new URL(l.url);
    } catch {
      return fail(`${at}.url`, `not an absolute URL: ${describe(l.url)}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail(`${at}.url`, `must be http(s), found ${describe(url.protocol)}`);
    if (url.username || url.password) return fail(`${at}.url`, 'must not carry a user name or password');
    if (seen.has(l.url)) fail(`${at}.url`, `duplicate link ${describe(l.url)}`);
    seen.add(l.url);
  });
}
