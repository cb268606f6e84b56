// Library export/import: every format is read back with a real reader (Better BibTeX's parser, csv-parse)
// and compared field by field with what was exported; the JSON format round-trips exactly (property test).
import { parse as parseBib } from '@retorquere/bibtex-parser';
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  citationKeys,
  CSV_COLUMNS,
  csvRow,
  csvSafe,
  exportFileName,
  exportLibrary,
  LibraryImportError,
  LIBRARY_LIMITS,
  parseLibraryExport,
  toBibtex,
  toCslJson,
  toCsv,
  toLibraryJson,
  type LibraryItem,
} from '../../utils/core/export';
import { topicLabel } from '../../utils/core/taxonomy';
import type { CorpusFile, Paper } from '../../utils/core/types';
import { LIMITS } from '../../utils/messages';

const REAL: CorpusFile = JSON.parse(readFileSync(resolve(__dirname, '../../public/corpus.json'), 'utf8'));
const NOW = Date.UTC(2026, 10, 26, 9, 30);

function item(p: Paper | Omit<Paper, 'abstract'>, i: number, note?: string): LibraryItem {
  const { abstract: _a, ...paper } = p as Paper;
  void _a;
  return { paperId: paper.id, savedAt: NOW - i * 3_600_000, paper, ...(note ? { note } : {}) };
}

const CORPUS_ITEMS = REAL.papers.map((p, i) => item(p, i, i % 3 === 0 ? `Read §${i}: 50% done & "quoted", {braces}` : undefined));

const HOSTILE_TITLES = [
  'Braces {in} the {Title} and } unbalanced',
  'Unbalanced { open brace',
  'Back\\slash \\textbf{not a command} \\',
  '100% of $5 & #1 under_score ~tilde^caret',
  'Ünïcödé naïve “quotes” — em dash, 日本語, Ελληνικά, emoji 🚀',
  'En -- dash --- and `` quotes \'\' << guillemets >> ?` !` ,,',
  '=HYPERLINK("http://evil.example","x")',
  '@SUM(A1) +1 -2',
  'k-means is all you need',
  'iPhone and eBay: mixed CASE',
  '\\{} }{ {{ }}',
  'Tabs\tand\nnewlines   collapsed',
];
const HOSTILE_ITEMS = HOSTILE_TITLES.map((title, i) =>
  item(
    {
      id: i % 2 ? `t:${i.toString(16).padStart(16, '0')}` : `2401.${String(10000 + i)}`,
      ...(i % 2 ? { doi: `10.1000/x_${i}%y` } : { arxivId: `2401.${String(10000 + i)}` }),
      title,
      ...(i % 4 ? { year: 2000 + i } : {}),
      topics: [{ id: 'agents-reasoning', score: 0.8, evidence: ['agent'] }, { id: 'llm', score: 0.5, evidence: [] }],
      links: [{ url: 'https://github.com/o/r', kind: 'code' }],
    },
    i,
    i % 2 ? `note with ${title}` : undefined,
  ),
);
const ALL = [...CORPUS_ITEMS, ...HOSTILE_ITEMS];

const ws = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('BibTeX export', () => {
  const text = toBibtex(ALL);
  const lib = parseBib(text);

  it('is read by a real BibTeX parser without errors, one entry per paper', () => {
    expect(lib.errors).toEqual([]);
    expect(lib.entries).toHaveLength(ALL.length);
    expect(REAL.papers).toHaveLength(112);
  });

  it('gives every field back as exported, for all corpus papers and hostile titles', () => {
    const keys = citationKeys(ALL);
    ALL.forEach((it, i) => {
      const e = lib.entries[i]!;
      const { paper } = it;
      expect(e.key).toBe(keys[i]);
      expect(e.type).toBe(!paper.arxivId && paper.doi ? 'article' : 'misc');
      // The parser sentence-cases unprotected words: equality proves every capital is brace-protected. It marks
      // some protected words as <span class="nocase"> (its rich-text output): that is the protection, not text.
      expect(e.fields.title!.replace(/<span class="nocase">(.*?)<\/span>/g, '$1'), `title of ${it.paperId}`).toBe(ws(paper.title));
      expect(e.fields.year).toBe(paper.year !== undefined ? String(paper.year) : undefined);
      expect(e.fields.eprint).toBe(paper.arxivId);
      expect(e.fields.archiveprefix).toBe(paper.arxivId ? 'arXiv' : undefined);
      expect(e.fields.doi).toBe(paper.doi);
      expect(e.fields.url).toBe(paper.arxivId ? `https://arxiv.org/abs/${paper.arxivId}` : paper.doi ? `https://doi.org/${paper.doi}` : undefined);
      // The parser returns keywords sorted (ignoring case).
      const byName = (a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase());
      expect([...(e.fields.keywords ?? [])].sort(byName)).toEqual(paper.topics.map((t) => topicLabel(t.id)).sort(byName));
      expect(e.fields.annote).toBe(it.note ? ws(it.note) : undefined);
    });
  });

  it('round-trips any printable title (property)', () => {
    const ch = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), fc.constantFrom('é', 'Ü', 'ß', '日', '—', '“', '”', 'α', 'Ω'));
    fc.assert(
      fc.property(fc.array(ch, { minLength: 1, maxLength: 60 }).map((cs) => cs.join('')).filter((t) => t.trim().length > 0), (title) => {
        const bib = toBibtex([item({ id: '2401.00001', arxivId: '2401.00001', title, topics: [], links: [] }, 0)]);
        const parsed = parseBib(bib);
        expect(parsed.errors).toEqual([]);
        expect(parsed.entries[0]!.fields.title!.replace(/<span class="nocase">(.*?)<\/span>/g, '$1')).toBe(ws(title));
      }),
      { numRuns: 1000, seed: 5 },
    );
  }, 60_000);

  it('has stable, unique citation keys that do not depend on the other papers', () => {
    const keys = citationKeys(ALL);
    expect(new Set(keys.map((k) => k.toLowerCase())).size).toBe(keys.length);
    expect(citationKeys(ALL.slice(5, 6))).toEqual([keys[5]]);
    expect(citationKeys([...ALL].reverse()).reverse()).toEqual(keys);
    const attention = CORPUS_ITEMS.find((x) => x.paper.arxivId === '1706.03762');
    if (attention) expect(citationKeys([attention])[0]).toBe('attention2017:1706.03762');
    for (const k of keys) expect(k).toMatch(/^[A-Za-z0-9_:.-]+$/);
  });

  it('suffixes keys that still collide', () => {
    const a = item({ id: 'x/1', title: 'Same', topics: [], links: [] }, 0);
    const b = item({ id: 'x_1', title: 'Same', topics: [], links: [] }, 1);
    expect(citationKeys([a, b])).toEqual(['same:x_1', 'same:x_1-2']);
  });
});

describe('CSV export', () => {
  const text = toCsv(ALL);
  const rows: string[][] = parseCsv(text, { bom: true, relax_column_count: false });

  it('has a header and one row per paper, and reads back equal to the input (formula cells guarded)', () => {
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.includes('\r\n')).toBe(true);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(ALL.length + 1);
    ALL.forEach((it, i) => {
      const expected = csvRow(it);
      expect(rows[i + 1]).toEqual(CSV_COLUMNS.map((c) => csvSafe(expected[c])));
      // Unguarded cells are exactly the input.
      expect(rows[i + 1]![1]).toBe(/^[=+\-@\t\r]/.test(it.paper.title) ? `'${it.paper.title}` : it.paper.title);
      expect(rows[i + 1]![8]).toBe(new Date(it.savedAt).toISOString());
      expect(rows[i + 1]![9]).toBe(it.note ?? '');
    });
  });

  it('never starts a cell with a formula character', () => {
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    const evil = rows.find((r) => r[1]!.includes('HYPERLINK'))!;
    expect(evil[1]).toBe(`'=HYPERLINK("http://evil.example","x")`);
  });
});

describe('CSL-JSON export', () => {
  it('has the required fields for every paper', () => {
    const csl = toCslJson(ALL);
    expect(csl).toHaveLength(ALL.length);
    expect(new Set(csl.map((c) => c.id)).size).toBe(ALL.length);
    csl.forEach((c, i) => {
      const { paper } = ALL[i]!;
      expect(c.type).toMatch(/^(article|article-journal)$/);
      expect(c.title).toBe(paper.title);
      if (paper.year !== undefined) expect(c.issued).toEqual({ 'date-parts': [[paper.year]] });
      else expect(c.issued).toBeUndefined();
      expect(c.DOI).toBe(paper.doi);
      if (paper.arxivId) expect(c).toMatchObject({ number: paper.arxivId, archive: 'arXiv', URL: `https://arxiv.org/abs/${paper.arxivId}` });
      expect(c.annote).toBe(ALL[i]!.note);
    });
    // What a file holds is JSON.
    expect(JSON.parse(exportLibrary('csl-json', ALL, NOW))).toEqual(csl);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// JSON and its reader

const text = fc.string({ unit: 'grapheme', maxLength: 60 });
const savedItem: fc.Arbitrary<LibraryItem> = fc
  .record({
    paperId: fc.string({ minLength: 1, maxLength: 40 }),
    savedAt: fc.integer({ min: 0, max: 4_102_444_800_000 }),
    title: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }),
    arxivId: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
    doi: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
    year: fc.option(fc.integer({ min: 1900, max: 2100 }), { nil: undefined }),
    topics: fc.array(fc.record({ id: fc.constantFrom('llm', 'agents', 'vision', 'x-unknown'), score: fc.double({ min: 0, max: 1, noNaN: true }), evidence: fc.array(text, { maxLength: 3 }) }), { maxLength: 4 }),
    links: fc.array(fc.record({ url: fc.webUrl(), kind: fc.constantFrom('code', 'model', 'project', 'other') as fc.Arbitrary<'code'> }), { maxLength: 3 }),
    note: fc.option(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }), { nil: undefined }),
  })
  .map(({ paperId, savedAt, title, arxivId, doi, year, topics, links, note }) => ({
    paperId,
    savedAt,
    paper: { id: paperId, title, topics, links, ...(arxivId !== undefined ? { arxivId } : {}), ...(doi !== undefined ? { doi } : {}), ...(year !== undefined ? { year } : {}) },
    ...(note !== undefined ? { note } : {}),
  }));
const library = fc.uniqueArray(savedItem, { selector: (x) => x.paperId, maxLength: 20 });

describe('JSON export and import', () => {
  it('accepts notes exactly as long as the popup may write them (no import refuses what setNote took)', () => {
    expect(LIBRARY_LIMITS.note).toBe(LIMITS.note);
  });

  it('export → import is the identity (arbitrary libraries, notes included)', () => {
    fc.assert(
      fc.property(library, (items) => {
        const file = parseLibraryExport(toLibraryJson(items, NOW));
        expect(file).toEqual({ format: 'paperlens-library', version: 1, exportedAt: new Date(NOW).toISOString(), items });
      }),
      { numRuns: 200, seed: 11 },
    );
  });

  it('round-trips the real corpus library and every other format is deterministic', () => {
    expect(parseLibraryExport(exportLibrary('json', ALL, NOW)).items).toEqual(ALL);
    for (const f of ['bibtex', 'csv', 'csl-json'] as const) expect(exportLibrary(f, ALL, NOW)).toBe(exportLibrary(f, ALL, NOW + 1000));
    expect(exportFileName('bibtex', NOW)).toBe('paperlens-library-2026-11-26.bib');
    expect(exportFileName('csl-json', NOW)).toBe('paperlens-library-2026-11-26.csl.json');
  });

  it('refuses files that are not a library export, with a message naming the problem', () => {
    const good = JSON.parse(toLibraryJson(ALL.slice(0, 3), NOW));
    const cases: [unknown, RegExp][] = [
      ['not json', /not a JSON file/],
      [[], /expected a JSON object/],
      [{ ...good, format: 'paperlens-corpus' }, /corpus file/],
      [{ ...good, format: undefined }, /not a PaperLens library export/],
      [{ ...good, version: 2 }, /version 2, made by a newer PaperLens/],
      [{ ...good, version: '1' }, /no valid version/],
      [{ ...good, items: {} }, /no items list/],
      [{ ...good, items: [...good.items, good.items[0]] }, /items\[3\]: paper .* appears twice/],
      [{ ...good, items: [{ ...good.items[0], savedAt: 'yesterday' }] }, /items\[0\]\.savedAt/],
      [{ ...good, items: [{ ...good.items[0], paperId: '' }] }, /items\[0\]\.paperId must be a non-empty string/],
      [{ ...good, items: [{ ...good.items[0], paper: { ...good.items[0].paper, id: 'other' } }] }, /items\[0\]\.paper\.id must equal/],
      [{ ...good, items: [{ ...good.items[0], paper: { ...good.items[0].paper, title: 5 } }] }, /items\[0\]\.paper\.title/],
      [{ ...good, items: [{ ...good.items[0], paper: { ...good.items[0].paper, links: [{ url: 'https://x', kind: 'evil' }] } }] }, /links\[0\]\.kind/],
      [{ ...good, items: [{ ...good.items[0], paper: { ...good.items[0].paper, topics: [{ id: 'llm', score: 7, evidence: [] }] } }] }, /topics\[0\]\.score/],
      [{ ...good, items: [{ ...good.items[1], note: 'x'.repeat(10_001) }] }, /items\[0\]\.note is longer than 10000/],
      [{ ...good, items: Array.from({ length: 100_001 }, () => 0) }, /at most 100000 can be imported/],
    ];
    for (const [value, message] of cases) {
      const t = typeof value === 'string' ? value : JSON.stringify(value);
      expect(() => parseLibraryExport(t), t.slice(0, 80)).toThrow(LibraryImportError);
      expect(() => parseLibraryExport(t)).toThrow(message);
    }
  });

  it('an empty library exports as empty files that read back empty', () => {
    expect(toBibtex([])).toBe('');
    expect(parseCsv(toCsv([]), { bom: true })).toEqual([[...CSV_COLUMNS]]);
    expect(toCslJson([])).toEqual([]);
    expect(parseLibraryExport(toLibraryJson([], NOW)).items).toEqual([]);
  });

  it('drops unknown fields and accepts a byte-order mark', () => {
    const good = JSON.parse(toLibraryJson(ALL.slice(0, 2), NOW));
    good.items[0].extra = '<script>';
    good.items[0].paper.abstract = 'long';
    const file = parseLibraryExport('\uFEFF' + JSON.stringify(good));
    expect(file.items).toEqual(ALL.slice(0, 2));
  });
});
