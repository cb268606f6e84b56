import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCorpus, serializeCorpus, validateCorpus } from '../../utils/core/corpus';
import { decodeImport, ImportError, parseImport, paperId } from '../../utils/core/import';
import { parseSeed } from '../../utils/core/seed';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url), 'utf8');
const bytes = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url)));

function importError(text: string, fileName?: string): ImportError {
  try {
    parseImport(text, fileName);
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  throw new Error('expected an ImportError');
}

describe('BibTeX import', () => {
  const result = parseImport(fixture('library.bib'), 'library.bib');
  const byTitle = new Map(result.papers.map((p) => [p.title, p]));

  it('is detected and reads every usable entry, in file order', () => {
    expect(result.format).toBe('bibtex');
    expect(result.papers.map((p) => p.id)).toEqual(['1706.03762', '2106.09685', expect.stringMatching(/^t:[0-9a-f]{16}$/), '2212.10560', expect.stringMatching(/^t:/)]);
  });

  it('takes arXiv ids from eprint, arXiv DOIs and "arXiv preprint" journals; years from the id', () => {
    const attention = byTitle.get('Attention Is All You Need')!;
    expect(attention).toMatchObject({ id: '1706.03762', arxivId: '1706.03762', year: 2017 });
    expect(attention.abstract).toMatch(/^The dominant sequence transduction models/);
    expect(attention.links).toEqual([{ url: 'https://github.com/tensorflow/tensor2tensor', kind: 'code' }]);
    const lora = byTitle.get('LoRA: Low-Rank Adaptation of Large Language Models')!;
    // The arXiv id wins over the BibTeX year (the corpus format ties year to the id).
    expect(lora).toMatchObject({ id: '2106.09685', arxivId: '2106.09685', doi: '10.48550/arxiv.2106.09685', year: 2021 });
    expect(lora.links).toEqual([{ url: 'https://github.com/microsoft/LoRA', kind: 'code' }]);
    expect(lora.topics.map((t) => t.id)).toContain('fine-tuning');
    expect(byTitle.get('Self-Instruct: Aligning Language Models with Self-Generated Instructions')).toMatchObject({ arxivId: '2212.10560', year: 2022 });
  });

  it('cleans LaTeX accents and commands to Unicode and keeps DOIs of non-arXiv papers', () => {
    const mueller = result.papers[2]!;
    expect(mueller.title).toBe('Über die Stabilität von Transformern: eine Studie zur Größe & Tiefe');
    expect(mueller).toMatchObject({ doi: '10.5555/3546258.3546301', year: 2021, abstract: 'We study naïve scaling of transformers—with results on 50% of the benchmarks.' });
    expect(mueller.arxivId).toBeUndefined();
    expect(mueller.id).toBe(paperId(undefined, mueller.title));
    const acl = byTitle.get('Contextual Word Representations: Putting Words into Computers')!;
    expect(acl).toMatchObject({ doi: '10.18653/v1/2020.acl-main.1', year: 2020, links: [] });
  });

  it('rejects entries without a title or with # concatenation, and skips duplicates, with lines', () => {
    expect(result.rejected).toEqual([
      { line: 62, reason: expect.stringMatching(/joins strings with "#"/) },
      { line: 57, reason: '@misc{noTitle2020} has no title' },
    ]);
    expect(result.warnings).toEqual([{ line: 67, message: expect.stringMatching(/same paper as "Attention Is All You Need" \(id 1706\.03762\)/) }]);
  });

  it('gives papers a corpus would accept', () => {
    const check = validateCorpus({ format: 'paperlens-corpus', formatVersion: 1, corpusVersion: '0000000000000000', taxonomyVersion: 1, papers: result.papers });
    expect(check).toMatchObject({ ok: true });
  });

  it('refuses unbalanced braces with the line', () => {
    const e = importError(fixture('unbalanced.bib'), 'unbalanced.bib');
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/^unbalanced\.bib: line 2: unbalanced braces: the value of field "title"/);
  });

  it('refuses a field over the size limit with the line', () => {
    const e = importError(fixture('huge-field.bib'), 'huge-field.bib');
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/huge-field\.bib: line 3: field "abstract" .* longer than 100,000 characters/);
  });

  it('rejects (not fatally) titles and abstracts over the corpus limits', () => {
    const r = parseImport(`@misc{a, title={${'Long '.repeat(80)}}}\n@misc{b, title={Fine}, abstract={${'word '.repeat(2500)}}}\n@misc{c, title={Kept}}`);
    expect(r.papers.map((p) => p.title)).toEqual(['Kept']);
    expect(r.rejected.map((x) => x.reason)).toEqual([expect.stringMatching(/title is 399 characters/), expect.stringMatching(/abstract is 12499 characters/)]);
  });

  it('says so when a .bib file has no entries', () => {
    expect(importError('just some text', 'refs.bib').message).toBe('refs.bib: no BibTeX entries found');
  });
});

describe('seed import', () => {
  it('reads the seed format with the corpus builder: same ids, topics and links', () => {
    const text = fixture('listing.txt');
    const result = parseImport(text, 'listing.txt');
    expect(result.format).toBe('seed');
    expect(result.papers).toEqual(buildCorpus(parseSeed(text).entries).corpus.papers);
    expect(result.papers[0]!.title).toBe('Hey AI, Can You Solve Complex Tasks by Talking to Agents?');
    expect(result.warnings.map((w) => w.line)).toEqual([1, 2, 3]);
  });

  it('turns seed format errors into ImportError with the line', () => {
    const e = importError(`Title\n${'An abstract. '.repeat(20)}\n${'Another abstract. '.repeat(20)}\n`, 'list.txt');
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/^list\.txt: line 3: expected a title/);
  });

  it('agrees with the corpus builder on ids without an arXiv id', () => {
    const { corpus } = buildCorpus([{ title: 'Über {Große} Modelle', abstract: '', titleLine: 1 }]);
    expect(paperId(undefined, 'Über {Große} Modelle')).toBe(corpus.papers[0]!.id);
  });
});

describe('corpus JSON import', () => {
  it('reads a valid corpus as it is', () => {
    const text = fixture('corpus.json');
    const result = parseImport(text, 'corpus.json');
    expect(result).toEqual({ format: 'corpus', papers: JSON.parse(text).papers, warnings: [], rejected: [] });
    expect(result.papers).toHaveLength(4);
  });

  it('skips a second paper with the same normalised title', () => {
    const { corpus } = buildCorpus([
      { title: 'Same Title', abstract: '', titleLine: 1 },
      { title: 'Another', abstract: '', titleLine: 2 },
    ]);
    const twin = { ...corpus.papers[0]!, id: '2401.00001', arxivId: undefined };
    corpus.papers.push({ ...twin, id: 't:0000000000000001', title: 'same title!' });
    const result = parseImport(serializeCorpus(corpus));
    expect(result.papers.map((p) => p.title)).toEqual(['Same Title', 'Another']);
    expect(result.warnings).toEqual([{ message: expect.stringMatching(/^papers\[2\]: same paper as "Same Title"/) }]);
  });

  it('refuses truncated JSON naming the last line', () => {
    const text = fixture('truncated.json');
    const e = importError(text, 'truncated.json');
    expect(e.message).toBe(`truncated.json: line ${text.split('\n').length}: the JSON ends early: the file is truncated`);
  });

  it('refuses JSON that is not a corpus, or an invalid corpus, with the validator’s words', () => {
    expect(importError('{"papers": []}', 'x.json').message).toMatch(/x\.json: this JSON file is not a PaperLens corpus/);
    expect(importError('[1, 2]').message).toMatch(/not a PaperLens corpus/);
    const bad = JSON.parse(fixture('corpus.json'));
    bad.papers[1].links = [{ url: 'javascript:alert(1)', kind: 'code' }];
    expect(importError(JSON.stringify(bad)).message).toMatch(/not a valid PaperLens corpus: papers\[1\] .*links\[0\]\.url: must be http\(s\)/);
    expect(importError('{"format": "paperlens-corpus", "formatVersion": 2}').message).toMatch(/formatVersion: 2 is not supported/);
    expect(importError('{"a":}').message).toMatch(/not valid JSON/);
  });

  it('refuses more than 200,000 papers', () => {
    const papers = new Array(200_001).fill(0);
    const text = JSON.stringify({ format: 'paperlens-corpus', formatVersion: 1, corpusVersion: '0000000000000000', taxonomyVersion: 1, papers });
    expect(importError(text).message).toMatch(/200,001 papers is more than the limit of 200,000/);
  });
});

describe('unreadable files', () => {
  it('refuses binary files, empty files and bytes that are not UTF-8', () => {
    expect(importError(fixture('binary.bin'), 'binary.bin').message).toMatch(/^binary\.bin: line 1: control character U\+0003: this is not a text file/);
    expect(importError('Title\nabc\u0000def').line).toBe(2);
    expect(importError(' \n\t\n', 'empty.txt').message).toBe('empty.txt: the file is empty');
    expect(() => decodeImport(bytes('binary.bin'), 'binary.bin')).toThrow(/binary\.bin: the file is not UTF-8 text/);
    expect(decodeImport(new TextEncoder().encode('\ufeffÜber'))).toBe('Über');
  });

  it('refuses text over the size limit before parsing it', () => {
    const huge = { length: 100 * 1024 * 1024 + 1 } as unknown as string; // only the length is looked at
    expect(importError(huge, 'huge.bib').message).toMatch(/huge\.bib: the file is 100 MB, more than the limit of 100 MB/);
  });

  it('never throws anything but ImportError, and what it returns is a valid corpus (property)', () => {
    const bibLike = fc
      .array(
        fc.oneof(
          fc.constantFrom('@article{', '@misc(', '@string{', '@comment{', 'title', '=', '{', '}', '"', ',', '#', '\\"u', '\\', '\n', ' ', 'eprint = {2401.12345}', 'doi={10.1/x}', 'arXiv:', 'https://github.com/a/b'),
          fc.string({ maxLength: 8 }),
        ),
        { maxLength: 40 },
      )
      .map((parts) => parts.join(''));
    const jsonLike = fc.jsonValue().map((v) => JSON.stringify(v));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 200 }), bibLike, jsonLike), fc.constantFrom(undefined, 'a.bib', 'a.json', 'a.txt'), (text, name) => {
        try {
          const r = parseImport(text, name);
          const check = validateCorpus({ format: 'paperlens-corpus', formatVersion: 1, corpusVersion: '0000000000000000', taxonomyVersion: 1, papers: r.papers });
          expect(check.ok).toBe(true);
        } catch (e) {
          if (!(e instanceof ImportError)) throw e;
          expect(e.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 600 },
    );
  }, 60_000);
});
