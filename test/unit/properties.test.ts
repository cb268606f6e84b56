// Property-based tests (fast-check) for every parser and normaliser of the pure core. Each property states what
// must hold for every input, generated adversarially (arbitrary Unicode, markup, huge runs); fast-check shrinks a
// failure to a minimal counterexample. Seeds are fixed so a failure reproduces.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCorpus, serializeCorpus, validateCorpus } from '../../utils/core/corpus';
import { extractLinks } from '../../utils/core/links';
import { TitleIndex } from '../../utils/core/match';
import { cleanText, normalizeTitle, parseArxivId, parseDoi } from '../../utils/core/normalize';
import { InputFormatError, parseSeed, type SeedEntry } from '../../utils/core/seed';
import type { CorpusFile } from '../../utils/core/types';
import { safeHttpsUrl } from '../../utils/core/url';

const RUNS = { numRuns: 300, seed: 7 };
const REAL: CorpusFile = JSON.parse(readFileSync(resolve(__dirname, '../../public/corpus.json'), 'utf8'));

// ---------------------------------------------------------------------------------------------------------------
// Generators

const lower = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz');
const word = fc.array(lower, { minLength: 1, maxLength: 10 }).map((cs) => cs.join(''));
const capWord = word.map((w) => w[0]!.toUpperCase() + w.slice(1));
/** A title as the seed parser keeps it: words and punctuation, single spaces, under 200 characters. */
const title = fc
  .tuple(capWord, fc.array(fc.oneof(word, capWord, fc.constantFrom('of', 'for', 'a', 'BERT', 'LLMs:', '2.0', 'Pre-training', '(RL)', '—', 'é', 'Ünïcödé', '“quoted”', '&', '<b>', 'naïve')), { minLength: 1, maxLength: 20 }))
  .map(([first, rest]) => [first, ...rest].join(' '))
  .filter((t) => t.length < 200);
/** An abstract: one line of 200+ characters (what marks a line as an abstract), optionally with URLs. */
const abstract = fc
  .tuple(
    fc.array(fc.oneof(word, capWord, fc.constantFrom('https://github.com/org/repo.', 'huggingface.co/org/model', '(see https://x.github.io/p)', '50%', 'α-β')), { minLength: 40, maxLength: 300 }),
  )
  .map(([ws]) => ws.join(' '))
  .filter((a) => a.length >= 200 && a.length <= 10_000);
const seedPapers = fc.array(fc.record({ title, abstract }), { minLength: 1, maxLength: 12 });

/** Texts built from pieces that exercise the parsers: markup, URLs, ids, entities, controls, invisible characters. */
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.array(
    fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom(
        'http://', 'https://', 'www.', 'github.com/', '.io', '(', ')', '[', ']', '<', '>', '{', '}', '\\_', '\\', '%', '%2', '%C3%28', '%25',
        '&amp;', '&#x2019;', '&#0;', '&#99999999;', '\u200b', '\u202e', '\ufeff', '\n', '\r\n', '\t', '\u0000', 'arXiv:', '2401.12345v2',
        'hep-th/9901001', '10.1000/xyz', 'doi.org/', '…', '...', 'javascript:', 'data:', '@', ':', '/', '//', '?', '#', 'é', '𝔘𝔫𝔦',
      ),
    ),
    { maxLength: 60 },
  ).map((parts) => parts.join('')),
);

// ---------------------------------------------------------------------------------------------------------------

describe('parseSeed', () => {
  it('never throws anything but InputFormatError', () => {
    const linesOf = fc.array(fc.oneof(nasty, title, abstract, fc.constant(''), fc.string({ minLength: 190, maxLength: 400 })), { maxLength: 30 }).map((ls) => ls.join('\n'));
    fc.assert(
      fc.property(fc.oneof(nasty, linesOf), (text) => {
        try {
          const r = parseSeed(text);
          for (const e of r.entries) {
            expect(e.title.length).toBeGreaterThan(0);
            expect(e.title.length).toBeLessThanOrEqual(300);
            expect(e.abstract.length).toBeLessThanOrEqual(10_000);
          }
        } catch (e) {
          if (!(e instanceof InputFormatError)) throw e;
          expect(Number.isInteger(e.line) && e.line >= 1).toBe(true);
          expect(e.message.length).toBeGreaterThan(0);
        }
      }),
      { ...RUNS, numRuns: 1000 },
    );
  });

  it('round-trip: papers written in the seed format (with chrome, blank lines, CRLF, a BOM) parse back to themselves', () => {
    const layout = fc.record({
      chrome: fc.array(fc.constantFrom('Subscribe', 'Daily Papers', 'Sign in', 'by AK and the research community', '12'), { maxLength: 5 }),
      eol: fc.constantFrom('\n', '\r\n', '\r'),
      blank: fc.boolean(),
      bom: fc.boolean(),
    });
    fc.assert(
      fc.property(seedPapers, layout, (papers, l) => {
        const sep = l.blank ? l.eol + '  ' + l.eol : l.eol;
        const text = (l.bom ? '\ufeff' : '') + [...l.chrome, ...papers.flatMap((p) => [p.title, p.abstract])].join(sep) + l.eol;
        const r = parseSeed(text);
        expect(r.entries.map((e) => ({ title: e.title, abstract: e.abstract }))).toEqual(papers);
        expect(r.warnings).toHaveLength(l.chrome.length);
      }),
      RUNS,
    );
  });
});

describe('validateCorpus', () => {
  it('never throws, on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = validateCorpus(v);
        if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
      }),
      { ...RUNS, numRuns: 500 },
    );
  });

  it('accepts every corpus buildCorpus builds from parsed seed papers (and its serialised form)', () => {
    fc.assert(
      fc.property(seedPapers, (papers) => {
        const entries: SeedEntry[] = papers.map((p, i) => ({ ...p, titleLine: 2 * i + 1, abstractLine: 2 * i + 2 }));
        const { corpus } = buildCorpus(entries);
        const r = validateCorpus(corpus);
        expect(r.ok ? [] : r.errors).toEqual([]);
        expect(validateCorpus(JSON.parse(serializeCorpus(corpus))).ok).toBe(true);
      }),
      { ...RUNS, numRuns: 100 },
    );
    expect(validateCorpus(REAL).ok).toBe(true);
  });

  /** Every [path, value] inside a JSON value. */
  function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
    const out: (string | number)[][] = [at];
    if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
    return out;
  }
  function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
    if (path.length === 0) return value;
    const copy = structuredClone(root) as Record<string | number, unknown>;
    let node = copy;
    for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
    node[path[path.length - 1]!] = value;
    return copy;
  }
  const small: CorpusFile = { ...REAL, papers: REAL.papers.slice(0, 3) };
  const allPaths = paths(small);

  it('any single-field mutation of a valid corpus is accepted or rejected with messages, never thrown', () => {
    fc.assert(
      fc.property(fc.constantFrom(...allPaths), fc.oneof(fc.jsonValue(), nasty, fc.constant(undefined), fc.constant({ __proto__: { id: 'x' } })), (path, value) => {
        const r = validateCorpus(setAt(small, path, value));
        if (!r.ok) {
          expect(r.errors.length).toBeGreaterThan(0);
          for (const e of r.errors) expect(typeof e === 'string' && e.length > 0).toBe(true);
        }
      }),
      { ...RUNS, numRuns: 1500 },
    );
  });

  it('mutations that would be unsafe or inconsistent are always rejected', () => {
    const p0 = ['papers', 0];
    const bad: [(string | number)[], unknown][] = [
      [[...p0, 'links', 0], { url: 'javascript:alert(1)', kind: 'code' }],
      [[...p0, 'links', 0], { url: 'data:text/html,<script>x</script>', kind: 'code' }],
      [[...p0, 'links', 0], { url: 'https://user:pw@github.com/x/y', kind: 'code' }],
      [[...p0, 'links', 0], { url: 'https://github.com/x/y', kind: 'exe' }],
      [[...p0, 'id'], small.papers[1]!.id],
      [[...p0, 'id'], '<img src=x onerror=alert(1)>'],
      [[...p0, 'arxivId'], '2401.12345v2'],
      [[...p0, 'title'], ''],
      [[...p0, 'title'], 'x'.repeat(301)],
      [[...p0, 'topics', 0, 'id'], 'not-a-topic'],
      [[...p0, 'topics', 0, 'score'], Number.NaN],
      [[...p0, 'year'], 1990],
      [[...p0, '__proto__'], { polluted: true }],
      [[...p0, 'constructor'], 'x'],
      [['papers'], {}],
      [['format'], 'paperlens-corpus2'],
      [['formatVersion'], 2],
      [['corpusVersion'], 'ZZZZ'],
      [['extra'], 1],
    ];
    for (const [path, value] of bad) {
      let target = setAt(small, path, value);
      if (path[path.length - 1] === '__proto__') {
        // JSON.parse makes __proto__ an own key (what a corpus file would carry).
        target = JSON.parse(JSON.stringify(small).replace('{"id":', '{"__proto__":{"polluted":true},"id":'));
      }
      const r = validateCorpus(target);
      expect({ path, ok: r.ok }).toEqual({ path, ok: false });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('extractLinks', () => {
  it('never throws; every link is http(s) and comes from the input (scheme-less ones get https://)', () => {
    fc.assert(
      fc.property(nasty, (text) => {
        const links = extractLinks(text);
        expect(links.length).toBeLessThanOrEqual(text.length);
        const unescaped = text.replace(/\\([_%#&~$])/g, '$1');
        for (const l of links) {
          expect(l.url).toMatch(/^https?:\/\//i);
          expect(['code', 'model', 'project', 'other']).toContain(l.kind);
          const fromText = unescaped.includes(l.url) || (l.url.startsWith('https://') && unescaped.includes(l.url.slice(8)));
          expect(fromText).toBe(true);
          expect(l.url.length).toBeLessThanOrEqual(2048);
        }
      }),
      { ...RUNS, numRuns: 2000 },
    );
  });

  it('adversarial inputs of 200,000 characters finish with output bounded by the input', () => {
    const unit = ['http://', 'https://a.', '((((', '////', 'a.b.c.', 'github.com/', '\\_', '[', 'x'.repeat(100), 'https://github.com/a/b)'];
    for (const u of unit) {
      const text = u.repeat(Math.ceil(200_000 / u.length));
      const links = extractLinks(text);
      // Each link is made of input characters, so all links together are at most the input (plus 8 per https:// added).
      expect(links.reduce((n, l) => n + l.url.length - 8, 0)).toBeLessThanOrEqual(text.length);
    }
  });
});

describe('normalizeTitle', () => {
  const anyText = fc.oneof(nasty, title, fc.string({ unit: 'grapheme', maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }));

  it('is idempotent', () => {
    fc.assert(
      fc.property(anyText, (t) => {
        const k = normalizeTitle(t);
        expect(normalizeTitle(k)).toBe(k);
        expect(k).toBe(k.trim());
        expect(k).not.toMatch(/\s{2}/);
      }),
      { ...RUNS, numRuns: 2000 },
    );
  });

  it('is invariant under case (Latin titles) and under white space (any kind, any amount)', () => {
    const latin = fc.array(fc.oneof(word, capWord, fc.constantFrom('É', 'é', 'Ö', 'ñ', 'Ç', 'Æ', 'ø', '2', ':', '-')), { minLength: 1, maxLength: 12 }).map((ws) => ws.join(' '));
    const space = fc.array(fc.constantFrom(' ', '\t', '\n', '\r\n', '\u00a0', '\u2009', '\u3000', '\u200b'), { minLength: 1, maxLength: 4 }).map((s) => s.join(''));
    fc.assert(
      fc.property(latin, space, space, space, (t, a, b, c) => {
        const k = normalizeTitle(t);
        expect(normalizeTitle(t.toUpperCase())).toBe(k);
        expect(normalizeTitle(t.toLowerCase())).toBe(k);
        expect(normalizeTitle(a + t.split(' ').join(b) + c)).toBe(k);
      }),
      RUNS,
    );
    // Not invariant where case mapping changes letters (documented in docs/reliability.md): ß → SS.
    expect(normalizeTitle('Straße'.toUpperCase())).not.toBe(normalizeTitle('Straße'));
  });
});

describe('parseArxivId and parseDoi', () => {
  const two = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((n) => String(n).padStart(2, '0'));
  const newId = fc.tuple(two(7, 29), two(1, 12), fc.integer({ min: 0, max: 99999 })).map(([yy, mm, n]) =>
    Number(yy) < 15 ? `${yy}${mm}.${String(n % 10000).padStart(4, '0')}` : `${yy}${mm}.${String(n).padStart(5, '0')}`,
  );
  const oldId = fc
    .tuple(fc.constantFrom('hep-th', 'math', 'cs', 'quant-ph', 'cond-mat', 'astro-ph'), fc.option(fc.constantFrom('GT', 'AI', 'CL', 'LG'), { nil: undefined }), two(91, 99).chain((y) => fc.constant(y)), two(1, 12), fc.integer({ min: 1, max: 999 }))
    .map(([a, sub, yy, mm, n]) => `${a}${sub ? `.${sub}` : ''}/${yy}${mm}${String(n).padStart(3, '0')}`);
  const forms = fc.constantFrom(
    (id: string) => id,
    (id: string) => `arXiv:${id}`,
    (id: string) => `arxiv: ${id}`,
    (id: string) => `https://arxiv.org/abs/${id}`,
    (id: string) => `http://export.arxiv.org/abs/${id}?context=cs`,
    (id: string) => `https://arxiv.org/pdf/${id}.pdf`,
    (id: string) => `https://huggingface.co/papers/${id}#community`,
    (id: string) => `(${id})`,
  );

  it('round-trip: valid ids, with or without a version, in every form, give the id back', () => {
    fc.assert(
      fc.property(fc.oneof(newId, oldId), fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }), forms, (id, v, form) => {
        expect(parseArxivId(form(v === undefined ? id : `${id}v${v}`))).toBe(id);
      }),
      { ...RUNS, numRuns: 1000 },
    );
  });

  it('never throws, and what it returns is an id without version that it parses to itself', () => {
    fc.assert(
      fc.property(nasty, (t) => {
        const id = parseArxivId(t);
        if (id !== undefined) {
          expect(id).toMatch(/^(?:\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?\/\d{7})$/);
          expect(parseArxivId(id)).toBe(id);
        }
      }),
      { ...RUNS, numRuns: 2000 },
    );
  });

  it('parseDoi round-trip: DOIs in text, doi.org URLs and percent-encoded URLs come back lower-cased', () => {
    const suffix = fc.array(fc.constantFrom(...'abcXYZ0123456789-._;()/:'), { minLength: 1, maxLength: 20 }).map((cs) => cs.join('')).filter((s) => /[a-zA-Z0-9]$/.test(s));
    const doi = fc.tuple(fc.integer({ min: 1000, max: 999999999 }), suffix).map(([p, s]) => `10.${p}/${s}`);
    fc.assert(
      fc.property(doi, fc.constantFrom((d: string) => d, (d: string) => `https://doi.org/${d}`, (d: string) => `doi: ${d}.`, (d: string) => `https://doi.org/${encodeURIComponent(d)}`), (d, form) => {
        expect(parseDoi(form(d))).toBe(d.toLowerCase());
      }),
      RUNS,
    );
  });

  // Regression (fixed in utils/core/normalize.ts parseDoi): decodeURIComponent threw URIError on malformed percent-encoding
  // (%C3%28, %FF, a %25-encoded one that decodes to such), so a DOI meta tag or doi.org link on a page made the
  // arXiv/ACL/generic abs-page adapters return nothing and, sent in a lookup, failed the whole batch.
  it('never throws (malformed percent-encoding included)', () => {
    for (const t of ['%C3%28', '10.1000/%FF', 'https://doi.org/10.1/x%E0%A4%A']) expect(() => parseDoi(t)).not.toThrow();
    fc.assert(
      fc.property(nasty, (t) => {
        const d = parseDoi(t);
        if (d !== undefined) expect(d).toMatch(/^10\.\d{4,9}\/\S+$/);
      }),
      { ...RUNS, numRuns: 2000 },
    );
  });
});

describe('safeHttpsUrl', () => {
  it('never returns anything but an absolute https URL without credentials', () => {
    const urlish = fc.oneof(
      nasty,
      fc.webUrl({ withFragments: true, withQueryParameters: true }),
      fc.webUrl().map((u) => u.replace(/^https?/, fc.sample(fc.constantFrom('javascript', 'data', 'HTTPS', 'http', 'file', 'chrome-extension', ' https'), 1)[0]!)),
      fc.tuple(fc.constantFrom('https://', 'HTTPS://', ' https://', 'https:', 'https:/\\', 'javascript:https://', '\u0000https://', 'https://user:pw@'), fc.domain(), fc.string({ maxLength: 20 })).map((p) => p.join('')),
      fc.anything(),
    );
    fc.assert(
      fc.property(urlish, (u) => {
        const out = safeHttpsUrl(u);
        if (out === undefined) return;
        const parsed = new URL(out);
        expect(parsed.protocol).toBe('https:');
        expect(parsed.username + parsed.password).toBe('');
        expect(parsed.hostname.length).toBeGreaterThan(0);
        expect(out).toBe(parsed.href);
      }),
      { ...RUNS, numRuns: 3000 },
    );
  });
});

describe('TitleIndex.match', () => {
  const index = new TitleIndex(REAL.papers);
  const keyCount = new Map<string, number>();
  for (const p of REAL.papers) keyCount.set(normalizeTitle(p.title), (keyCount.get(normalizeTitle(p.title)) ?? 0) + 1);

  it('never throws, whatever the title and arXiv id', () => {
    fc.assert(
      fc.property(fc.oneof(nasty, title, fc.constantFrom(...REAL.papers.map((p) => p.title)).map((t) => t + ' …')), fc.option(nasty, { nil: undefined }), (t, id) => {
        const m = index.match(t, { arxivId: id });
        if (m) {
          expect(REAL.papers.some((p) => p.id === m.id)).toBe(true);
          expect(m.score).toBeGreaterThan(0);
          expect(m.score).toBeLessThanOrEqual(1);
        }
      }),
      { ...RUNS, numRuns: 1500 },
    );
  });

  it('an exact corpus title matches itself when unique (with case, white space and its own id varied)', () => {
    const unique = REAL.papers.filter((p) => keyCount.get(normalizeTitle(p.title)) === 1 && !/(…|\.\.\.)\s*$/.test(p.title));
    expect(unique.length).toBeGreaterThan(100);
    fc.assert(
      fc.property(fc.constantFrom(...unique), fc.constantFrom((t: string) => t, (t: string) => t.toUpperCase(), (t: string) => `  ${t.replace(/ /g, '\n ')} `), fc.boolean(), (p, vary, withId) => {
        const m = index.match(vary(p.title), withId ? { arxivId: `${p.arxivId}v3` } : {});
        expect(m).toEqual({ id: p.id, kind: 'exact', score: 1 });
      }),
      RUNS,
    );
    // And generated titles added to an index of their own.
    fc.assert(
      fc.property(fc.uniqueArray(title, { minLength: 1, maxLength: 20, selector: (t) => normalizeTitle(t) }), (titles) => {
        const own = new TitleIndex(titles.filter((t) => normalizeTitle(t)).map((t, i) => ({ id: `t:${i}`, title: t })));
        titles.filter((t) => normalizeTitle(t)).forEach((t, i) => expect(own.match(t)).toEqual({ id: `t:${i}`, kind: 'exact', score: 1 }));
      }),
      { ...RUNS, numRuns: 100 },
    );
  });

  it('cleanText never leaves runs of white space or invisible characters at the ends', () => {
    fc.assert(
      fc.property(nasty, (t) => {
        const c = cleanText(t);
        expect(c).toBe(c.trim());
        expect(c).not.toMatch(/^[\u200b-\u200d\u2060\ufeff]|[\u200b-\u200d\u2060\ufeff]$/);
      }),
      RUNS,
    );
  });
});
