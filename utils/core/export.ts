// Export and import of the saved library. Pure: items in, text out (and back for the JSON format);
// no browser APIs, so the options page, the background and Node tests share it.
//
// Formats:
// - BibTeX: one `@misc` (arXiv papers, the form arXiv itself recommends) or `@article` (DOI only) entry per
//   paper. Titles are escaped for LaTeX (& % $ # _ { } ~ ^ \ < > and the -- `` '' ,, ligatures) and every
//   word with a capital letter is wrapped in braces so styles that change case keep it. Non-ASCII text is
//   kept as UTF-8 (biber, bibtex8 and every reference manager read it). The reader's note goes in `annote`
//   with its whitespace collapsed to single spaces (BibTeX has no line breaks in a field value); topics go in
//   `keywords`. BibTeX is a citation format, not a backup: the JSON export is the lossless one.
// - CSV (RFC 4180): header row, one row per paper, CRLF line ends, a UTF-8 byte-order mark so spreadsheet
//   programs read accents right. A cell starting with = + - @ (or a tab / carriage return) gets a leading
//   apostrophe, so a title can never run as a spreadsheet formula.
// - JSON: `{ format: 'paperlens-library', version: 1, exportedAt, items }`, read back by parseLibraryExport.
// - CSL-JSON: an array of CSL items (Zotero, Pandoc/citeproc).
import { topicLabel } from './taxonomy';
import type { LinkKind, Paper, TopicScore } from './types';

/** A saved paper: the snapshot taken when it was saved (no abstract), its date and the reader's note. */
export interface LibraryItem {
  paperId: string;
  /** Milliseconds since the epoch. */
  savedAt: number;
  paper: Omit<Paper, 'abstract'>;
  note?: string;
}

export const LIBRARY_FORMAT = 'paperlens-library';
export const LIBRARY_VERSION = 1;

export interface LibraryFile {
  format: typeof LIBRARY_FORMAT;
  version: typeof LIBRARY_VERSION;
  /** ISO 8601 time of the export: the only field that differs between two exports of the same library. */
  exportedAt: string;
  items: LibraryItem[];
}

/** Bounds of an imported library file: generous for real libraries, small enough to refuse garbage quickly. */
export const LIBRARY_LIMITS = {
  /** Characters of the file (under Chrome's 64 MiB message limit). */
  text: 50 * 1024 * 1024,
  items: 100_000,
  paperId: 200,
  title: 2000,
  arxivId: 64,
  doi: 300,
  /** Characters of a note: as many as the popup's note editor takes. */
  note: 10_000,
  topics: 50,
  evidence: 50,
  evidenceText: 500,
  links: 100,
  url: 2048,
} as const;

export type ExportFormat = 'bibtex' | 'csv' | 'json' | 'csl-json';

export const EXPORT_FORMATS: readonly { format: ExportFormat; label: string; extension: string; mime: string }[] = [
  { format: 'bibtex', label: 'BibTeX', extension: 'bib', mime: 'application/x-bibtex' },
  { format: 'csv', label: 'CSV', extension: 'csv', mime: 'text/csv' },
  { format: 'json', label: 'JSON (PaperLens backup)', extension: 'json', mime: 'application/json' },
  { format: 'csl-json', label: 'CSL-JSON', extension: 'csl.json', mime: 'application/vnd.citationstyles.csl+json' },
];

/** `paperlens-library-2026-11-26.bib`: the download name of an export made at `now` (UTC date). */
export function exportFileName(format: ExportFormat, now: number): string {
  const ext = EXPORT_FORMATS.find((f) => f.format === format)!.extension;
  return `paperlens-library-${new Date(now).toISOString().slice(0, 10)}.${ext}`;
}

export function exportLibrary(format: ExportFormat, items: readonly LibraryItem[], now: number): string {
  switch (format) {
    case 'bibtex':
      return toBibtex(items);
    case 'csv':
      return toCsv(items);
    case 'json':
      return toLibraryJson(items, now);
    case 'csl-json':
      return JSON.stringify(toCslJson(items), null, 2) + '\n';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Shared

/** Where the paper lives: its arXiv abstract page, else its DOI resolver URL. */
export function itemUrl(paper: LibraryItem['paper']): string | undefined {
  if (paper.arxivId) return `https://arxiv.org/abs/${paper.arxivId}`;
  if (paper.doi) return `https://doi.org/${paper.doi}`;
  return undefined;
}

function topicLabels(topics: readonly TopicScore[]): string[] {
  return topics.map((t) => topicLabel(t.id));
}

const WORD_STOP = new Set(['a', 'an', 'the', 'on', 'of', 'in', 'for', 'to', 'and', 'is', 'are', 'with', 'by', 'at', 'from']);

/**
 * Citation keys: `<first significant title word><year>:<arXiv id or paper id>`, e.g. `attention2017:1706.03762`.
 * They depend on the paper only (stable across exports, whatever else is saved) and the paper id part makes
 * them unique; characters BibTeX keys cannot hold become `_`, and a clash that leaves is suffixed `-2`, `-3`.
 */
export function citationKeys(items: readonly LibraryItem[]): string[] {
  const used = new Set<string>();
  return items.map(({ paper, paperId }) => {
    const words = paper.title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean);
    const word = (words.find((w) => !WORD_STOP.has(w)) ?? words[0] ?? 'paper').slice(0, 24);
    const id = (paper.arxivId ?? paperId).replace(/[^A-Za-z0-9.-]/g, '_');
    const base = `${word}${paper.year ?? ''}:${id}`;
    let key = base;
    for (let n = 2; used.has(key.toLowerCase()); n++) key = `${base}-${n}`;
    used.add(key.toLowerCase());
    return key;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// BibTeX

const LATEX_SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  // In TeX's default (OT1) font encoding < and > typeset as ¡ and ¿.
  '<': '\\textless{}',
  '>': '\\textgreater{}',
};

/** Plain text → LaTeX text that typesets as the same characters: specials escaped, ligatures broken, spaces collapsed. */
export function escapeLatex(text: string): string {
  return escapeChars(text.replace(/\s+/g, ' ').trim());
}

function escapeChars(text: string): string {
  return text
    .replace(/[\\{}&%$#_~^<>]/g, (c) => LATEX_SPECIAL[c]!)
    .replace(/([-`',])(?=\1)/g, '$1{}')
    .replace(/([?!])(?=`)/g, '$1{}');
}

/**
 * A title for BibTeX: escaped, and every run of letters and digits that contains a capital protected by braces
 * (`{GPT}-3's {Response}`), so styles that change case keep it. Only letters go inside the braces: a brace
 * group starting with a command would be a BibTeX "special character", whose letters still change case.
 */
export function bibtexTitle(title: string): string {
  const parts = title.replace(/\s+/g, ' ').trim().split(/([\p{L}\p{M}\p{N}]+)/u);
  const protectedRuns = parts.filter((part, i) => i % 2 === 1 && /\p{Lu}/u.test(part)).length;
  const whole = parts.length === 3 && parts[0] === '' && parts[2] === '';
  return parts
    .map((part, i) => {
      if (i % 2 === 0) return escapeChars(part);
      if (!/\p{Lu}/u.test(part)) return part;
      // A title that is one braced group reads as "the whole title is braced" to some tools: double it.
      return whole && protectedRuns === 1 ? `{{${part}}}` : `{${part}}`;
    })
    .join('');
}

/** A verbatim field (url, doi, eprint) can hold anything but unbalanced braces and backslashes: else leave it out. */
function verbatim(value: string): string | undefined {
  return /^[^{}\\\s]+$/.test(value) ? value : undefined;
}

export function toBibtex(items: readonly LibraryItem[]): string {
  const keys = citationKeys(items);
  const out: string[] = [];
  items.forEach((item, i) => {
    const { paper } = item;
    const type = !paper.arxivId && paper.doi ? 'article' : 'misc';
    const fields: [string, string | undefined][] = [
      ['title', bibtexTitle(paper.title)],
      ['year', paper.year !== undefined ? String(paper.year) : undefined],
      ['eprint', paper.arxivId ? verbatim(paper.arxivId) : undefined],
      ['archivePrefix', paper.arxivId ? 'arXiv' : undefined],
      ['doi', paper.doi ? verbatim(paper.doi) : undefined],
      ['url', (() => {
        const url = itemUrl(paper);
        return url ? verbatim(url.replace(/[{}\\\s]/g, (c) => encodeURIComponent(c))) : undefined;
      })()],
      // Topic labels are our own taxonomy's; `keywords` is a verbatim list, so commas and braces are dropped.
      ['keywords', paper.topics.length ? topicLabels(paper.topics).map((l) => l.replace(/[{},\\]/g, ' ').trim()).join(', ') : undefined],
      ['annote', item.note?.trim() ? escapeLatex(item.note) : undefined],
    ];
    const body = fields.filter((f): f is [string, string] => f[1] !== undefined).map(([k, v]) => `  ${k} = {${v}}`);
    out.push(`@${type}{${keys[i]},\n${body.join(',\n')}\n}\n`);
  });
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// CSV

export const CSV_COLUMNS = ['id', 'title', 'arxiv_id', 'doi', 'year', 'topics', 'links', 'url', 'saved_at', 'note'] as const;

/** A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP "CSV injection"). */
export function csvSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvCell(value: string): string {
  const safe = csvSafe(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The cells of one CSV row, before quoting and the formula guard (tests compare against these). */
export function csvRow(item: LibraryItem): Record<(typeof CSV_COLUMNS)[number], string> {
  const { paper } = item;
  return {
    id: item.paperId,
    title: paper.title,
    arxiv_id: paper.arxivId ?? '',
    doi: paper.doi ?? '',
    year: paper.year !== undefined ? String(paper.year) : '',
    topics: topicLabels(paper.topics).join('; '),
    links: paper.links.map((l) => l.url).join(' '),
    url: itemUrl(paper) ?? '',
    saved_at: new Date(item.savedAt).toISOString(),
    note: item.note ?? '',
  };
}

export function toCsv(items: readonly LibraryItem[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const item of items) {
    const row = csvRow(item);
    lines.push(CSV_COLUMNS.map((c) => csvCell(row[c])).join(','));
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

// ---------------------------------------------------------------------------------------------------------------
// CSL-JSON

export interface CslItem {
  id: string;
  type: 'article' | 'article-journal';
  title: string;
  issued?: { 'date-parts': [[number]] };
  URL?: string;
  DOI?: string;
  /** arXiv: the id, with `archive: 'arXiv'` (what Zotero writes for preprints). */
  number?: string;
  archive?: string;
  publisher?: string;
  keyword?: string;
  annote?: string;
}

export function toCslJson(items: readonly LibraryItem[]): CslItem[] {
  const keys = citationKeys(items);
  return items.map((item, i) => {
    const { paper } = item;
    const csl: CslItem = { id: keys[i]!, type: !paper.arxivId && paper.doi ? 'article-journal' : 'article', title: paper.title };
    if (paper.year !== undefined) csl.issued = { 'date-parts': [[paper.year]] };
    const url = itemUrl(paper);
    if (url) csl.URL = url;
    if (paper.doi) csl.DOI = paper.doi;
    if (paper.arxivId) Object.assign(csl, { number: paper.arxivId, archive: 'arXiv', publisher: 'arXiv' });
    if (paper.topics.length) csl.keyword = topicLabels(paper.topics).join(', ');
    if (item.note) csl.annote = item.note;
    return csl;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// JSON (the PaperLens library format) and its strict reader

export function toLibraryJson(items: readonly LibraryItem[], now: number): string {
  const file: LibraryFile = { format: LIBRARY_FORMAT, version: LIBRARY_VERSION, exportedAt: new Date(now).toISOString(), items: items.map(cleanItem) };
  return JSON.stringify(file, null, 2) + '\n';
}

/** Only the known fields, in a fixed order (what an export writes and an import keeps). */
function cleanItem(item: LibraryItem): LibraryItem {
  const { paper } = item;
  const p: LibraryItem['paper'] = { id: paper.id, title: paper.title, topics: paper.topics.map((t) => ({ id: t.id, score: t.score, evidence: [...t.evidence] })), links: paper.links.map((l) => ({ url: l.url, kind: l.kind })) };
  if (paper.arxivId !== undefined) p.arxivId = paper.arxivId;
  if (paper.doi !== undefined) p.doi = paper.doi;
  if (paper.year !== undefined) p.year = paper.year;
  return { paperId: item.paperId, savedAt: item.savedAt, paper: p, ...(item.note ? { note: item.note } : {}) };
}

/** The file is not a PaperLens library export this version can read; the message says what is wrong. */
export class LibraryImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LibraryImportError';
  }
}

const LINK_KINDS: readonly LinkKind[] = ['code', 'model', 'project', 'other'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown, max: number, where: string, required: boolean): string | undefined {
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || (required && v.length === 0)) throw new LibraryImportError(`${where} must be a ${required ? 'non-empty ' : ''}string`);
  if (v.length > max) throw new LibraryImportError(`${where} is longer than ${max} characters`);
  return v;
}

/** Why a value is not a valid saved item (the export's strict rules), or null when it is one. */
export function libraryItemProblem(v: unknown): string | null {
  try {
    readItem(v, 'item');
    return null;
  } catch (e) {
    if (e instanceof LibraryImportError) return e.message;
    throw e;
  }
}

function readItem(v: unknown, where: string): LibraryItem {
  if (!isRecord(v)) throw new LibraryImportError(`${where} must be an object`);
  const paperId = str(v.paperId, LIBRARY_LIMITS.paperId, `${where}.paperId`, true)!;
  if (typeof v.savedAt !== 'number' || !Number.isSafeInteger(v.savedAt) || v.savedAt < 0 || v.savedAt > 8.64e15) {
    throw new LibraryImportError(`${where}.savedAt must be a date in milliseconds since 1970`);
  }
  const note = str(v.note, LIBRARY_LIMITS.note, `${where}.note`, false);
  const p = v.paper;
  const pw = `${where}.paper`;
  if (!isRecord(p)) throw new LibraryImportError(`${pw} must be an object`);
  if (p.id !== paperId) throw new LibraryImportError(`${pw}.id must equal ${where}.paperId`);
  const paper: LibraryItem['paper'] = {
    id: paperId,
    title: str(p.title, LIBRARY_LIMITS.title, `${pw}.title`, true)!,
    topics: [],
    links: [],
  };
  const arxivId = str(p.arxivId, LIBRARY_LIMITS.arxivId, `${pw}.arxivId`, false);
  if (arxivId !== undefined) paper.arxivId = arxivId;
  const doi = str(p.doi, LIBRARY_LIMITS.doi, `${pw}.doi`, false);
  if (doi !== undefined) paper.doi = doi;
  if (p.year !== undefined) {
    if (typeof p.year !== 'number' || !Number.isInteger(p.year) || p.year < 0 || p.year > 9999) throw new LibraryImportError(`${pw}.year must be a whole number`);
    paper.year = p.year;
  }
  if (!Array.isArray(p.topics) || p.topics.length > LIBRARY_LIMITS.topics) throw new LibraryImportError(`${pw}.topics must be a list of at most ${LIBRARY_LIMITS.topics} topics`);
  paper.topics = p.topics.map((t, j) => {
    const tw = `${pw}.topics[${j}]`;
    if (!isRecord(t)) throw new LibraryImportError(`${tw} must be an object`);
    const id = str(t.id, 60, `${tw}.id`, true)!;
    if (typeof t.score !== 'number' || !(t.score >= 0 && t.score <= 1)) throw new LibraryImportError(`${tw}.score must be a number from 0 to 1`);
    if (!Array.isArray(t.evidence) || t.evidence.length > LIBRARY_LIMITS.evidence) throw new LibraryImportError(`${tw}.evidence must be a list of at most ${LIBRARY_LIMITS.evidence} phrases`);
    const evidence = t.evidence.map((e, k) => str(e, LIBRARY_LIMITS.evidenceText, `${tw}.evidence[${k}]`, false) ?? '');
    return { id, score: t.score, evidence };
  });
  if (!Array.isArray(p.links) || p.links.length > LIBRARY_LIMITS.links) throw new LibraryImportError(`${pw}.links must be a list of at most ${LIBRARY_LIMITS.links} links`);
  paper.links = p.links.map((l, j) => {
    const lw = `${pw}.links[${j}]`;
    if (!isRecord(l)) throw new LibraryImportError(`${lw} must be an object`);
    const url = str(l.url, LIBRARY_LIMITS.url, `${lw}.url`, true)!;
    if (!LINK_KINDS.includes(l.kind as LinkKind)) throw new LibraryImportError(`${lw}.kind must be one of ${LINK_KINDS.join(', ')}`);
    return { url, kind: l.kind as LinkKind };
  });
  return cleanItem({ paperId, savedAt: v.savedAt, paper, ...(note ? { note } : {}) });
}

/**
 * Reads a JSON library export. Strict: anything that is not a PaperLens library file of a known version,
 * or any malformed item, throws LibraryImportError naming the problem (nothing is half-read).
 */
export function parseLibraryExport(text: string): LibraryFile {
  if (typeof text !== 'string') throw new LibraryImportError('the file could not be read as text');
  if (text.length > LIBRARY_LIMITS.text) throw new LibraryImportError(`the file is larger than ${LIBRARY_LIMITS.text / 1024 / 1024} MiB`);
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new LibraryImportError(`this is not a JSON file (${(e as Error).message})`);
  }
  if (!isRecord(json)) throw new LibraryImportError('this is not a PaperLens library export (expected a JSON object)');
  if (json.format !== LIBRARY_FORMAT) {
    const hint = json.format === 'paperlens-corpus' ? ': it is a corpus file, add it under "Your papers" instead' : '';
    throw new LibraryImportError(`this is not a PaperLens library export (format is ${JSON.stringify(json.format ?? null)?.slice(0, 60)}, expected "${LIBRARY_FORMAT}")${hint}`);
  }
  if (typeof json.version !== 'number' || !Number.isInteger(json.version) || json.version < 1) throw new LibraryImportError('the library file has no valid version');
  if (json.version > LIBRARY_VERSION) {
    throw new LibraryImportError(`this library file is version ${json.version}, made by a newer PaperLens; this one reads version ${LIBRARY_VERSION}: update PaperLens first`);
  }
  const exportedAt = typeof json.exportedAt === 'string' && json.exportedAt.length <= 40 ? json.exportedAt : '';
  if (!Array.isArray(json.items)) throw new LibraryImportError('the library file has no items list');
  if (json.items.length > LIBRARY_LIMITS.items) throw new LibraryImportError(`the library file has ${json.items.length} items; at most ${LIBRARY_LIMITS.items} can be imported`);
  const seen = new Set<string>();
  const items = json.items.map((v, i) => {
    const item = readItem(v, `items[${i}]`);
    if (seen.has(item.paperId)) throw new LibraryImportError(`items[${i}]: paper ${JSON.stringify(item.paperId)} appears twice`);
    seen.add(item.paperId);
    return item;
  });
  return { format: LIBRARY_FORMAT, version: LIBRARY_VERSION, exportedAt, items };
}
