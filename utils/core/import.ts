// Reads a file the user imports into the corpus: a PaperLens corpus JSON, a BibTeX library, or the
// seed text format. Pure: text in, papers out (runs in Node and in the extension). Imported files are
// untrusted: a file that cannot be read at all throws ImportError naming what is wrong and where; an
// entry that cannot be used (no title, too long) is listed in `rejected` and the rest is kept.
// Papers get ids, years, links and topics exactly as the corpus builder gives them.
import { parseBibtex, latexToText, BibtexError, type BibEntry } from './bibtex';
import { classify } from './classify';
import { buildCorpus, validateCorpus, CORPUS_FORMAT, CORPUS_FORMAT_VERSION, MAX_DOI_LENGTH, MAX_LINKS_PER_PAPER, MAX_PAPERS } from './corpus';
import { fnv1a64 } from './hash';
import { extractLinks } from './links';
import { arxivIdFromDoi, normalizeTitle, parseArxivId, parseDoi, yearFromArxivId } from './normalize';
import { InputFormatError, MAX_ABSTRACT_LENGTH, MAX_TITLE_LENGTH, parseSeed } from './seed';
import taxonomy from './topics.json';
import type { CorpusFile, Paper, PaperLink } from './types';

export type ImportFormat = 'seed' | 'corpus' | 'bibtex';

export interface ImportWarning {
  line?: number;
  message: string;
}

export interface ImportRejected {
  line?: number;
  title?: string;
  reason: string;
}

export interface ImportParse {
  format: ImportFormat;
  papers: Paper[];
  warnings: ImportWarning[];
  rejected: ImportRejected[];
}

/** A file that cannot be imported at all. The message names the file (when known), the line and the problem. */
export class ImportError extends Error {
  readonly line?: number;
  constructor(message: string, line?: number) {
    super(message);
    this.name = 'ImportError';
    if (line !== undefined) this.line = line;
  }
}

/** Files larger than this (in characters, about bytes) are refused before any parsing. */
export const MAX_IMPORT_CHARS = 100 * 1024 * 1024;
/** At most this many papers per file: the corpus format's own limit. */
export const MAX_IMPORT_PAPERS = MAX_PAPERS;

// NUL and other C0/C1 control characters that are not white space: a binary file, not text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/;

/**
 * Decodes the bytes of an imported file as UTF-8 (a byte-order mark is dropped). Throws ImportError
 * when the file is too large or is not UTF-8 text. Uses only TextDecoder, present in Node and browsers.
 */
export function decodeImport(bytes: Uint8Array, fileName?: string): string {
  if (bytes.length > MAX_IMPORT_CHARS) throw new ImportError(`${where(fileName)}the file is ${mb(bytes.length)} MB, more than the limit of ${mb(MAX_IMPORT_CHARS)} MB`);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ImportError(`${where(fileName)}the file is not UTF-8 text (a binary file?)`);
  }
}

/**
 * Reads an imported file. The format comes from the content: JSON whose `format` is
 * "paperlens-corpus" is a corpus, text with `@type{` entries is BibTeX, anything else is read as the
 * seed format. `fileName` only makes messages clearer (a `.bib` or `.json` name also settles the format).
 * Throws ImportError when the file cannot be read at all; never returns a partial read of a broken file.
 */
export function parseImport(text: string, fileName?: string): ImportParse {
  const at = where(fileName);
  if (text.length > MAX_IMPORT_CHARS) throw new ImportError(`${at}the file is ${mb(text.length)} MB, more than the limit of ${mb(MAX_IMPORT_CHARS)} MB`);
  const body = text.replace(/^\ufeff/, '');
  if (!body.trim()) throw new ImportError(`${at}the file is empty`, 1);
  const bad = CONTROL.exec(body);
  if (bad) {
    const line = lineAt(body, bad.index);
    const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new ImportError(`${at}line ${line}: control character U+${code}: this is not a text file (a binary file?)`, line);
  }
  if (body.includes('\ufffd')) {
    const line = lineAt(body, body.indexOf('\ufffd'));
    throw new ImportError(`${at}line ${line}: the file is not valid UTF-8 text (a replacement character U+FFFD was found)`, line);
  }

  const ext = /\.([a-z]+)$/i.exec(fileName ?? '')?.[1]?.toLowerCase();
  const first = body.trimStart()[0];
  let parsed: ImportParse;
  if (ext === 'json' || (ext !== 'bib' && (first === '{' || first === '['))) parsed = readCorpus(body, at);
  else if (ext === 'bib' || ext === 'bibtex' || /^[ \t]*@[A-Za-z]+[ \t]*[{(]/m.test(body)) parsed = readBibtex(body, at);
  else parsed = readSeed(body, at);
  return dedupe(parsed);
}

function where(fileName: string | undefined): string {
  return fileName ? `${fileName.slice(0, 200)}: ` : '';
}

function mb(n: number): string {
  return (n / (1024 * 1024)).toFixed(n < 10 * 1024 * 1024 ? 1 : 0);
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

// ---------------------------------------------------------------------------------------------
// The three formats

function readCorpus(text: string, at: string): ImportParse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const msg = String((e as Error).message ?? e);
    const pos = /position (\d+)/.exec(msg);
    const lineCol = /line (\d+) column/.exec(msg);
    const line = lineCol ? Number(lineCol[1]) : pos ? lineAt(text, Number(pos[1])) : undefined;
    const what = /end of (JSON )?input|Unterminated|Unexpected end/i.test(msg)
      ? 'the JSON ends early: the file is truncated'
      : `the file is not valid JSON (${msg.replace(/,? ".*" is not valid JSON$/s, '').slice(0, 120)})`;
    const endLine = lineAt(text, text.length);
    const shown = line ?? (what.startsWith('the JSON ends early') ? endLine : undefined);
    throw new ImportError(`${at}${shown !== undefined ? `line ${shown}: ` : ''}${what}`, shown);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json) || (json as { format?: unknown }).format !== CORPUS_FORMAT) {
    throw new ImportError(`${at}this JSON file is not a PaperLens corpus (its "format" must be "${CORPUS_FORMAT}")`);
  }
  const papers = (json as { papers?: unknown }).papers;
  if (Array.isArray(papers) && papers.length > MAX_IMPORT_PAPERS) {
    throw new ImportError(`${at}${papers.length.toLocaleString('en-US')} papers is more than the limit of ${MAX_IMPORT_PAPERS.toLocaleString('en-US')}`);
  }
  const checked = validateCorpus(json);
  if (!checked.ok) {
    const more = checked.errors.length > 3 ? ` (and ${checked.errors.length - 3} more)` : '';
    throw new ImportError(`${at}not a valid PaperLens corpus: ${checked.errors.slice(0, 3).join('; ')}${more}`);
  }
  return { format: 'corpus', papers: checked.corpus.papers, warnings: [], rejected: [] };
}

function readSeed(text: string, at: string): ImportParse {
  try {
    const seed = parseSeed(text);
    if (seed.entries.length > MAX_IMPORT_PAPERS) {
      throw new ImportError(`${at}${seed.entries.length.toLocaleString('en-US')} papers is more than the limit of ${MAX_IMPORT_PAPERS.toLocaleString('en-US')}`);
    }
    const { corpus, warnings } = buildCorpus(seed.entries);
    const lineById = new Map<string, number>();
    for (const e of seed.entries) if (!lineById.has(paperId(undefined, e.title))) lineById.set(paperId(undefined, e.title), e.titleLine);
    for (const p of corpus.papers) {
      const line = lineById.get(p.id);
      if (line !== undefined) LINES.set(p, line);
    }
    return {
      format: 'seed',
      papers: corpus.papers,
      warnings: [...seed.warnings, ...warnings.map((w) => ({ line: w.line, message: w.message }))],
      rejected: [],
    };
  } catch (e) {
    if (e instanceof InputFormatError) {
      throw new ImportError(`${at}line ${e.line}: ${e.message} (read as the PaperLens seed text format: a title line, then an abstract line)`, e.line);
    }
    throw e;
  }
}

function readBibtex(text: string, at: string): ImportParse {
  let bib;
  try {
    bib = parseBibtex(text, { maxEntries: MAX_IMPORT_PAPERS });
  } catch (e) {
    if (e instanceof BibtexError) throw new ImportError(`${at}line ${e.line}: ${e.message}`, e.line);
    throw e;
  }
  if (bib.entries.length === 0 && bib.rejected.length === 0) throw new ImportError(`${at}no BibTeX entries found`);
  const warnings: ImportWarning[] = bib.warnings.map((w) => ({ line: w.line, message: w.message }));
  const rejected: ImportRejected[] = bib.rejected.map((r) => ({ line: r.line, reason: r.message }));
  const papers: Paper[] = [];
  for (const entry of bib.entries) {
    const r = bibPaper(entry, warnings);
    if ('reason' in r) rejected.push(r);
    else {
      LINES.set(r, entry.line);
      papers.push(r);
    }
  }
  return { format: 'bibtex', papers, warnings, rejected };
}

const ARXIV_WHOLE = /^(?:arxiv:\s*)?(?:\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?$/i;

/** The arXiv id an entry names: eprint (arXiv), arxiv/arxivid fields, an arXiv DOI or URL, an "arXiv preprint arXiv:…" journal. */
function bibArxivId(f: Map<string, string>): string | undefined {
  const eprint = f.get('eprint')?.trim();
  const prefix = (f.get('archiveprefix') ?? f.get('eprinttype') ?? '').trim().toLowerCase();
  if (eprint && (prefix === 'arxiv' || (!prefix && ARXIV_WHOLE.test(eprint)))) {
    const id = parseArxivId(eprint);
    if (id) return id;
  }
  for (const name of ['arxiv', 'arxivid', 'arxiv_id']) {
    const id = parseArxivId(f.get(name));
    if (id) return id;
  }
  const fromDoi = arxivIdFromDoi(parseDoi(f.get('doi')));
  if (fromDoi) return fromDoi;
  const url = f.get('url');
  if (url && /arxiv\.org\/(?:abs|pdf)\//i.test(url)) {
    const id = parseArxivId(url);
    if (id) return id;
  }
  for (const name of ['journal', 'booktitle', 'note', 'howpublished']) {
    const m = /arxiv(?:\s+preprint)?(?:\s+arxiv)?\s*[:\s]\s*(\S+)/i.exec(f.get(name) ?? '');
    const id = m ? parseArxivId(m[1]) : undefined;
    if (id) return id;
  }
  return undefined;
}

function bibPaper(entry: BibEntry, warnings: ImportWarning[]): Paper | ImportRejected {
  const f = entry.fields;
  const line = entry.line;
  const title = latexToText(f.get('title') ?? '');
  if (!title) return { line, reason: `@${entry.type}{${entry.key.slice(0, 80)}} has no title` };
  if (title.length > MAX_TITLE_LENGTH) return { line, title: title.slice(0, 100), reason: `the title is ${title.length} characters long (at most ${MAX_TITLE_LENGTH})` };
  if (!normalizeTitle(title)) return { line, title, reason: 'the title has no letters or digits' };
  const rawAbstract = f.get('abstract') ?? '';
  const abstract = latexToText(rawAbstract);
  if (abstract.length > MAX_ABSTRACT_LENGTH) return { line, title, reason: `the abstract is ${abstract.length} characters long (at most ${MAX_ABSTRACT_LENGTH})` };
  const arxivId = bibArxivId(f);

  let doi = parseDoi(f.get('doi')) ?? (/doi\.org\//i.test(f.get('url') ?? '') ? parseDoi(f.get('url')) : undefined);
  if (doi && (doi.length > MAX_DOI_LENGTH || !/^10\.\d{4,9}\/\S+$/.test(doi))) {
    warnings.push({ line, message: `"${title.slice(0, 80)}": the DOI is not usable (too long or malformed): left out` });
    doi = undefined;
  }

  let year = yearFromArxivId(arxivId);
  if (year === undefined && f.has('year')) {
    const y = Number(/\d{4}/.exec(f.get('year') ?? '')?.[0]);
    if (Number.isInteger(y) && y >= 1991 && y <= 2100) year = y;
    else warnings.push({ line, message: `"${title.slice(0, 80)}": year ${JSON.stringify((f.get('year') ?? '').slice(0, 20))} is outside 1991..2100 or not a year: left out` });
  }

  const links: PaperLink[] = extractLinks(rawAbstract);
  const seen = new Set(links.map((l) => linkKey(l.url)));
  for (const name of ['url', 'code', 'howpublished']) {
    for (const link of extractLinks(f.get(name) ?? '')) {
      if ((link.kind === 'code' || link.kind === 'project') && !seen.has(linkKey(link.url))) {
        seen.add(linkKey(link.url));
        links.push(link);
      }
    }
  }
  return makePaper({ title, abstract, arxivId, doi, year, links: links.slice(0, MAX_LINKS_PER_PAPER) });
}

function linkKey(url: string): string {
  return url.replace(/^https?:\/\//i, '').replace(/\/+$/, '').toLowerCase();
}

/**
 * The id the corpus builder gives a paper: its arXiv id, else `t:` + FNV-1a 64 of the normalised title
 * (the same rule as buildCorpus; test/unit/import.test.ts checks the two agree).
 */
export function paperId(arxivId: string | undefined, title: string): string {
  return arxivId ?? `t:${fnv1a64(normalizeTitle(title))}`;
}

function makePaper(p: { title: string; abstract: string; arxivId?: string; doi?: string; year?: number; links: PaperLink[] }): Paper {
  const paper: Paper = { id: paperId(p.arxivId, p.title) } as Paper;
  if (p.arxivId) paper.arxivId = p.arxivId;
  if (p.doi) paper.doi = p.doi;
  paper.title = p.title;
  if (p.year !== undefined) paper.year = p.year;
  paper.abstract = p.abstract;
  paper.topics = classify(p.title, p.abstract);
  paper.links = p.links;
  return paper;
}

// ---------------------------------------------------------------------------------------------
// Final checks: every paper must be one a corpus may hold; one paper per arXiv id and per title.

function dedupe(parsed: ImportParse): ImportParse {
  const { warnings, rejected } = parsed;
  const lines = parsed.format === 'corpus' ? undefined : paperLines(parsed);
  const papers: Paper[] = [];
  const byArxiv = new Map<string, number>();
  const byId = new Map<string, number>();
  const byTitle = new Map<string, number>();
  parsed.papers.forEach((paper, i) => {
    const line = lines?.[i];
    const label = line !== undefined ? `line ${line}` : `papers[${i}]`;
    const invalid = checkPaper(paper);
    if (invalid) {
      rejected.push({ ...(line !== undefined ? { line } : {}), title: paper.title.slice(0, 300), reason: invalid });
      return;
    }
    const key = normalizeTitle(paper.title);
    const sameTitle = byTitle.get(key);
    const earlier =
      (paper.arxivId !== undefined ? byArxiv.get(paper.arxivId) : undefined) ??
      byId.get(paper.id) ??
      (sameTitle !== undefined && (!paper.arxivId || !papers[sameTitle]!.arxivId) ? sameTitle : undefined);
    if (earlier !== undefined) {
      const first = papers[earlier]!;
      warnings.push({ ...(line !== undefined ? { line } : {}), message: `${line !== undefined ? '' : `${label}: `}same paper as "${first.title.slice(0, 80)}" (id ${first.id}) earlier in the file: skipped` });
      return;
    }
    const index = papers.push(paper) - 1;
    if (paper.arxivId) byArxiv.set(paper.arxivId, index);
    byId.set(paper.id, index);
    if (!byTitle.has(key)) byTitle.set(key, index);
  });
  return { format: parsed.format, papers, warnings, rejected };
}

/** Line numbers of the papers of a seed or BibTeX read, when known (for messages). */
const LINES = new WeakMap<Paper, number>();
function paperLines(parsed: ImportParse): (number | undefined)[] {
  return parsed.papers.map((p) => LINES.get(p));
}

/** The first reason the corpus validator gives for refusing this paper, or undefined when it is fine. */
function checkPaper(paper: Paper): string | undefined {
  const single: CorpusFile = { format: CORPUS_FORMAT, formatVersion: CORPUS_FORMAT_VERSION, corpusVersion: '0000000000000000', taxonomyVersion: taxonomy.version, papers: [paper] };
  const result = validateCorpus(single);
  return result.ok ? undefined : result.errors[0]!.replace(/^papers\[0\]( \([^)]*\))?\.?/, '').replace(/^: /, '');
}
