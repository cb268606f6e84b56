import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCorpus, CorpusBuildError, serializeCorpus, validateCorpus, validateCorpusInSlices } from '../../utils/core/corpus';
import { fnv1a64 } from '../../utils/core/hash';
import { normalizeTitle } from '../../utils/core/normalize';
import { parseIdsTsv, parseSeed, type SeedEntry } from '../../utils/core/seed';
import taxonomy from '../../utils/core/topics.json';
import type { CorpusFile } from '../../utils/core/types';

const ROOT = resolve(__dirname, '../..');
const SEED_FILE = join(ROOT, 'scripts/seed/000_07216205dbe5c28b.txt');
const IDS_FILE = join(ROOT, 'scripts/seed/arxiv-ids.tsv');
const SEED = readFileSync(SEED_FILE, 'utf8');
const IDS = readFileSync(IDS_FILE, 'utf8');

const buildSeed = () => buildCorpus(parseSeed(SEED).entries, parseIdsTsv(IDS));

/** Reference FNV-1a 64 with BigInt, written independently of utils/core/hash.ts. */
function fnvReference(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

describe('fnv1a64', () => {
  it('gives the published FNV-1a 64 test vectors', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it.each([
    ['ASCII', 'hello world'],
    ['Latin accents', 'héllo wörld'],
    ['CJK', '深度学习'],
    ['astral code points', 'emoji 😀 and 𝔘'],
    ['a lone surrogate', 'lone \ud800 surrogate'],
    ['10k characters', 'x'.repeat(10_000)],
  ])('agrees with a BigInt reference on %s', (_name, text) => {
    expect(fnv1a64(text)).toBe(fnvReference(text));
  });
});

describe('buildCorpus on the seed', () => {
  const { corpus, warnings } = buildSeed();
  const idRows = IDS.trim().split('\n').slice(1).map((l) => l.split('\t'));

  it('is deterministic: two builds serialise to the same string', () => {
    expect(serializeCorpus(buildSeed().corpus)).toBe(serializeCorpus(corpus));
  });

  it('gives every seed paper the arXiv id of its row in arxiv-ids.tsv (matched by position, not by title)', () => {
    expect(corpus.papers).toHaveLength(112);
    corpus.papers.forEach((paper, i) => {
      const [n, arxivId] = idRows[i]!;
      expect(Number(n)).toBe(i + 1);
      expect(paper.id).toBe(arxivId);
      expect(paper.arxivId).toBe(arxivId);
      expect(paper.year).toBe(2000 + Number(arxivId!.slice(0, 2)) - (Number(arxivId!.slice(0, 2)) >= 91 ? 100 : 0));
    });
  });

  it('reports no id problems for the seed (only the chrome warnings come from parsing)', () => {
    expect(warnings).toEqual([]);
  });

  it('has the header fields', () => {
    expect(corpus.format).toBe('paperlens-corpus');
    expect(corpus.formatVersion).toBe(1);
    expect(corpus.taxonomyVersion).toBe(taxonomy.version);
    expect(corpus.corpusVersion).toMatch(/^[0-9a-f]{16}$/);
  });

  it('puts the links of the abstract on the paper', () => {
    const hetu = corpus.papers.find((p) => p.id === '2203.14685')!;
    expect(hetu.links).toEqual([{ url: 'https://github.com/PKU-DAIR/Hetu', kind: 'code' }]);
    expect(corpus.papers.filter((p) => p.links.length > 0)).toHaveLength(36);
  });

  it('is accepted by validateCorpus', () => {
    const result = validateCorpus(JSON.parse(serializeCorpus(corpus)));
    expect(result.ok ? [] : result.errors).toEqual([]);
  });
});

describe('buildCorpus on crafted input', () => {
  const entry = (title: string, abstract = '', titleLine = 1): SeedEntry => ({ title, abstract, titleLine, abstractLine: titleLine + 1 });

  it('uses t:<fnv1a64 of the normalised title> when there is no arXiv id, and no year', () => {
    const { corpus, warnings } = buildCorpus([entry('A Paper: {Without} an Id!')]);
    expect(corpus.papers[0]!.id).toBe(`t:${fnvReference('a paper without an id')}`);
    expect(corpus.papers[0]).not.toHaveProperty('arxivId');
    expect(corpus.papers[0]).not.toHaveProperty('year');
    expect(warnings).toEqual([]);
  });

  it('joins ids by normalised title and warns about rows and papers that match nothing', () => {
    const rows = parseIdsTsv('n\tarxiv_id\ttitle\n1\t2401.00001\tFIRST paper\n2\t2401.00002\tNot in the seed\n');
    const { corpus, warnings } = buildCorpus([entry('First Paper', '', 3), entry('Second paper', '', 5)], rows);
    expect(corpus.papers.map((p) => p.id)).toEqual(['2401.00001', `t:${fnvReference('second paper')}`]);
    expect(warnings).toEqual([
      { input: 'seed', line: 5, message: expect.stringContaining('no arXiv id') },
      { input: 'ids', line: 3, message: expect.stringContaining('Not in the seed') },
    ]);
  });

  it('skips a repeated paper with a warning', () => {
    const { corpus, warnings } = buildCorpus([entry('Same Title', 'a', 1), entry('same title.', 'b', 3)]);
    expect(corpus.papers).toHaveLength(1);
    expect(corpus.papers[0]!.abstract).toBe('a');
    expect(warnings).toEqual([{ input: 'seed', line: 3, message: expect.stringContaining('line 1') }]);
  });

  it.each([
    ['one title with two ids', 'n\tarxiv_id\ttitle\n1\t2401.00001\tA\n2\t2401.00002\ta\n', 3, /already has arXiv id 2401.00001/],
    ['one id for two titles', 'n\tarxiv_id\ttitle\n1\t2401.00001\tA\n2\t2401.00001\tB\n', 3, /already given to "A"/],
  ])('rejects an ids file with %s', (_name, tsv, line, message) => {
    let error: unknown;
    try {
      buildCorpus([entry('A')], parseIdsTsv(tsv));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CorpusBuildError);
    expect((error as CorpusBuildError).input).toBe('ids');
    expect((error as CorpusBuildError).line).toBe(line);
    expect((error as Error).message).toMatch(message);
  });

  it('changes corpusVersion exactly when the papers change', () => {
    const a = buildCorpus([entry('Title One', 'Abstract one.')]).corpus;
    const same = buildCorpus([entry('Title One', 'Abstract one.', 7)]).corpus;
    const edited = buildCorpus([entry('Title One', 'Abstract one!')]).corpus;
    expect(same.corpusVersion).toBe(a.corpusVersion);
    expect(edited.corpusVersion).not.toBe(a.corpusVersion);
  });
});

describe('serializeCorpus', () => {
  const { corpus } = buildSeed();
  const text = serializeCorpus(corpus);

  it('writes 2-space indented JSON with a trailing newline', () => {
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.startsWith('{\n  "format": "paperlens-corpus",\n  "formatVersion": 1,\n  "corpusVersion": ')).toBe(true);
    expect(JSON.parse(text)).toEqual(corpus);
  });

  it('does not depend on the key order of the objects it is given', () => {
    const shuffled = JSON.parse(JSON.stringify(corpus), (_key, value: unknown) =>
      value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value,
    ) as CorpusFile;
    expect(Object.keys(shuffled)[0]).toBe('papers');
    expect(serializeCorpus(shuffled)).toBe(text);
  });

  it('writes paper fields in the documented order', () => {
    expect(Object.keys(JSON.parse(text).papers[0])).toEqual(['id', 'arxivId', 'title', 'year', 'abstract', 'topics', 'links']);
  });
});

describe('validateCorpus', () => {
  const good = (): CorpusFile => JSON.parse(serializeCorpus(buildSeed().corpus)) as CorpusFile;
  const firstTopic = (c: CorpusFile) => {
    // Broken-topic cases need a topic to break; the classifier may assign none to paper 0.
    const p = c.papers[0]!;
    if (p.topics.length === 0) p.topics.push({ id: taxonomy.topics[0]!.id, score: 0.5, evidence: ['x'] });
    return p.topics[0]!;
  };

  const cases: Array<[name: string, breakIt: (c: CorpusFile & Record<string, unknown>) => unknown, expected: RegExp]> = [
    ['not an object', () => [], /corpus: must be a JSON object/],
    ['another format', (c) => { (c as { format: string }).format = 'zotero'; }, /format: must be "paperlens-corpus"/],
    ['an unknown formatVersion', (c) => { (c as { formatVersion: number }).formatVersion = 2; }, /formatVersion: 2 is not supported/],
    ['an unknown top-level field', (c) => { c.extra = 1; }, /corpus: unknown field "extra"/],
    ['a bad corpusVersion', (c) => { c.corpusVersion = 'v1'; }, /corpusVersion: must be 16 lower-case hex digits/],
    ['a bad taxonomyVersion', (c) => { c.taxonomyVersion = 1.5; }, /taxonomyVersion: must be a positive integer/],
    ['papers not an array', (c) => { (c as { papers: unknown }).papers = {}; }, /papers: must be an array/],
    ['a paper that is not an object', (c) => { (c.papers as unknown[])[3] = 'x'; }, /papers\[3\]: must be an object/],
    ['a duplicate id', (c) => { c.papers[5] = { ...c.papers[2]! }; }, /papers\[5\] \(2207\.08006\)\.id: duplicate id, first used by papers\[2\]/],
    ['an id that is neither arXiv nor t:', (c) => { c.papers[0]!.id = 'abc'; delete c.papers[0]!.arxivId; delete c.papers[0]!.year; }, /papers\[0\] \(abc\)\.id: must be an arXiv id/],
    ['an id that differs from arxivId', (c) => { c.papers[0]!.id = '2401.00001'; }, /\.id: must equal arxivId 2110\.08542/],
    ['an arXiv id without arxivId', (c) => { delete c.papers[0]!.arxivId; }, /\.arxivId: missing/],
    ['a year that does not match the arXiv id', (c) => { c.papers[0]!.year = 2020; }, /\.year: 2020 does not match arXiv id 2110\.08542 \(2021\)/],
    ['a year out of range', (c) => { c.papers[0]!.year = 3000; }, /\.year: must be an integer in 1991\.\.2100/],
    ['a bad DOI', (c) => { c.papers[0]!.doi = 'doi'; }, /\.doi: not a DOI/],
    ['an empty title', (c) => { c.papers[0]!.title = ''; }, /\.title: must not be empty/],
    ['a title that is not a string', (c) => { (c.papers[0] as unknown as Record<string, unknown>).title = 42; }, /\.title: must be a string, found 42/],
    ['a huge title', (c) => { c.papers[0]!.title = 'x'.repeat(301); }, /\.title: length 301 is outside 1\.\.300/],
    ['a huge abstract', (c) => { c.papers[0]!.abstract = 'x'.repeat(10_001); }, /\.abstract: length 10001 is outside 0\.\.10000/],
    ['an unknown paper field', (c) => { (c.papers[0] as unknown as Record<string, unknown>).abstact = ''; }, /papers\[0\] \(2110\.08542\): unknown field "abstact"/],
    ['a topic missing from the taxonomy', (c) => { firstTopic(c).id = 'astrology'; }, /\.topics\[0\]\.id: not a topic of the taxonomy: "astrology"/],
    ['a score out of range', (c) => { firstTopic(c).score = 1.5; }, /\.topics\[0\]\.score: must be a number in \[0, 1\]/],
    ['evidence that is not an array', (c) => { (firstTopic(c) as unknown as Record<string, unknown>).evidence = 'x'; }, /\.topics\[0\]\.evidence: must be an array/],
    ['a duplicate topic', (c) => { const t = firstTopic(c); c.papers[0]!.topics = [t, { ...t }]; }, /\.topics\[1\]\.id: duplicate topic/],
    ['a javascript: link', (c) => { c.papers[1]!.links[0]!.url = 'javascript:alert(1)'; }, /papers\[1\] \(2402\.17723\)\.links\[0\]\.url: must be http\(s\), found "javascript:"/],
    ['a relative link', (c) => { c.papers[1]!.links[0]!.url = '/relative'; }, /\.links\[0\]\.url: not an absolute URL/],
    ['a link with credentials', (c) => { c.papers[1]!.links[0]!.url = 'https://u:p@a.org/'; }, /\.links\[0\]\.url: must not carry a user name or password/],
    ['an unknown link kind', (c) => { (c.papers[1]!.links[0] as { kind: string }).kind = 'video'; }, /\.links\[0\]\.kind: must be one of code, model, project, other; found "video"/],
    ['too many links', (c) => { c.papers[1]!.links = Array.from({ length: 101 }, (_, i) => ({ url: `https://a.org/${i}`, kind: 'other' as const })); }, /\.links: 101 links is more than the limit of 100/],
  ];

  it.each(cases)('rejects %s', (_name, breakIt, expected) => {
    const corpus = good() as CorpusFile & Record<string, unknown>;
    const replaced = breakIt(corpus);
    const result = validateCorpus(replaced === undefined ? corpus : replaced);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join('\n')).toMatch(expected);
  });

  it.each([null, 'text', 42, undefined])('rejects %j', (value) => {
    expect(validateCorpus(value).ok).toBe(false);
  });

  it('stops after 50 errors', () => {
    const corpus = good();
    for (const p of corpus.papers) p.title = '';
    const result = validateCorpus(corpus);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toHaveLength(51);
      expect(result.errors[50]).toMatch(/stopped after 50 errors/);
    }
  });

  it('in slices gives the same result and errors as in one go, pausing between slices of papers', async () => {
    const broken = good();
    broken.papers[3]!.title = '';
    broken.papers[40] = { ...broken.papers[2]! };
    const tooMany = good();
    for (const p of tooMany.papers) p.title = '';
    for (const corpus of [good(), broken, tooMany, null, { ...good(), papers: {} }]) {
      let pauses = 0;
      const sliced = await validateCorpusInSlices(corpus, async () => pauses++, 10);
      expect(sliced).toEqual(validateCorpus(corpus));
    }
    let pauses = 0;
    const ok = await validateCorpusInSlices(good(), async () => pauses++, 10);
    expect(ok.ok).toBe(true);
    expect(pauses).toBe(Math.ceil(good().papers.length / 10) - 1);
    expect(pauses).toBeGreaterThan(3);
  });

  it('validates 100k papers in well under a few seconds', () => {
    const seedPapers = good().papers;
    const papers = Array.from({ length: 100_000 }, (_, i) => {
      const p = seedPapers[i % seedPapers.length]!;
      return { ...p, id: `t:${i.toString(16).padStart(16, '0')}`, arxivId: undefined, year: undefined };
    }).map(({ arxivId: _a, year: _y, ...rest }) => rest);
    const corpus = { ...good(), papers };
    const started = performance.now();
    const result = validateCorpus(corpus);
    const elapsed = performance.now() - started;
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(elapsed).toBeLessThan(5000);
  });
});

describe('public/corpus.json', () => {
  it('is up to date with the seed, the ids file and the classifier', () => {
    const committed = readFileSync(join(ROOT, 'public/corpus.json'), 'utf8');
    const built = serializeCorpus(buildSeed().corpus);
    expect(built === committed, 'public/corpus.json is stale: run npm run corpus').toBe(true);
  });

  it('passes validateCorpus', () => {
    const result = validateCorpus(JSON.parse(readFileSync(join(ROOT, 'public/corpus.json'), 'utf8')));
    expect(result.ok ? [] : result.errors).toEqual([]);
  });
});

describe('npm run corpus (scripts/corpus.ts)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paperlens-corpus-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cli = (...args: string[]) => spawnSync('npx', ['tsx', 'scripts/corpus.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

  it('rejects a bad file with FILE:LINE, exit code 1, and writes nothing', { timeout: 60_000 }, () => {
    const input = join(dir, 'bad.txt');
    const out = join(dir, 'bad.json');
    writeFileSync(input, ['Chrome', 'A Title', 'x'.repeat(400), 'y'.repeat(400), 'Next Title', 'z'.repeat(400)].join('\n'));
    const run = cli('--in', input, '--out', out);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${input}:4: expected a title`);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual(['bad.txt']);
  });

  it('reports invalid UTF-8 with its line and writes nothing', { timeout: 60_000 }, () => {
    const input = join(dir, 'binary.txt');
    const out = join(dir, 'binary.json');
    writeFileSync(input, Buffer.concat([Buffer.from('Title\nabstract\n'), Buffer.from([0xff, 0xfe, 0x00, 0x01])]));
    const run = cli('--in', input, '--out', out);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${input}:3: not UTF-8 text`);
    expect(existsSync(out)).toBe(false);
  });

  it('builds valid JSON from a good file, identical to the in-process build; --check compares', { timeout: 90_000 }, () => {
    const out = join(dir, 'good.json');
    const run = cli('--in', SEED_FILE, '--ids', IDS_FILE, '--out', out, '--quiet');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(validateCorpus(JSON.parse(text)).ok).toBe(true);
    expect(text).toBe(serializeCorpus(buildSeed().corpus));
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // --check compares without writing: up to date now, stale after an edit (and the edit stays).
    expect(cli('--in', SEED_FILE, '--ids', IDS_FILE, '--out', out, '--quiet', '--check').status).toBe(0);
    writeFileSync(out, text.replace('"year": 2021', '"year": 2020'));
    const stale = cli('--in', SEED_FILE, '--ids', IDS_FILE, '--out', out, '--quiet', '--check');
    expect(stale.status).toBe(1);
    expect(stale.stderr).toMatch(/good\.json: is stale .*: run npm run corpus/);
    expect(readFileSync(out, 'utf8')).not.toBe(text);
    rmSync(out);
  });

  it('prints usage for --help and refuses unknown or half-given arguments', { timeout: 60_000 }, () => {
    const help = cli('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Usage: npm run corpus -- .*--in SEED --out FILE/);
    const unknown = cli('--input', 'x');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('unknown argument "--input"');
    const half = cli('--in', SEED_FILE);
    expect(half.status).toBe(1);
    expect(half.stderr).toContain('--in and --out go together');
  });

  it('reports a missing input file by name', { timeout: 60_000 }, () => {
    const run = cli('--in', join(dir, 'missing.txt'), '--out', join(dir, 'o.json'));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${join(dir, 'missing.txt')}: no such file`);
  });
});

// Titles must stay matchable after normalisation for the id join; guard the assumption on the seed.
describe('seed titles', () => {
  it('are unique after normalisation', () => {
    const keys = parseSeed(SEED).entries.map((e) => normalizeTitle(e.title));
    expect(new Set(keys).size).toBe(keys.length);
  });
});
