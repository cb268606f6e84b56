import 'fake-indexeddb/auto';
import { IDBFactory, IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseImport } from '../../utils/core/import';
import type { Paper } from '../../utils/core/types';
import { listSaved, loadCorpus, lookupEntries, openPaperLensDB, savePaper, type PaperLensDB } from '../../utils/db';
import { describeError, importPapers, ImportWriteError, listImports, removeImport } from '../../utils/imports';
import { corpus, paper } from '../helpers/papers';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const BUNDLED_A = paper('1706.03762', 'Attention Is All You Need');
const BUNDLED_B = paper('t:0000000000000b0b', 'A Bundled Paper Without an arXiv Id');

async function dbWithBundled(): Promise<PaperLensDB> {
  const db = await openPaperLensDB();
  await loadCorpus(db, corpus([BUNDLED_A, BUNDLED_B], '0000000000000001'));
  return db;
}

const libraryPapers = (): Paper[] => parseImport(readFileSync(new URL('../fixtures/import/library.bib', import.meta.url), 'utf8'), 'library.bib').papers;

async function sources(db: PaperLensDB): Promise<Record<string, string>> {
  const all = await db.getAll('papers');
  return Object.fromEntries(all.map((p) => [p.id, p.source]));
}

/** Realistic made-up papers: arXiv ids for most, titles and abstracts with links, like a real export. */
function generatePapers(n: number, prefix = 'A', offset = 0): Paper[] {
  const topics = ['Diffusion Models', 'Retrieval-Augmented Generation', 'Mixture-of-Experts', 'Speech Recognition', 'Graph Neural Networks', 'Reinforcement Learning'];
  return Array.from({ length: n }, (_, k) => {
    const i = k + offset;
    const topic = topics[i % topics.length]!;
    const title = `${prefix}${i}: Scaling ${topic} for Efficient Training, Part ${i}`;
    const arxivId = i % 5 === 4 ? undefined : `2${String(3 + (i % 2))}${String(1 + (i % 12)).padStart(2, '0')}.${String(10000 + i).padStart(5, '0')}`;
    return {
      id: arxivId ?? `t:${(i + 1).toString(16).padStart(16, '0')}`,
      ...(arxivId ? { arxivId, year: 2000 + Number(arxivId.slice(0, 2)) } : {}),
      title,
      abstract: `We study ${topic.toLowerCase()} at scale. Our method improves throughput by ${i % 90}% on standard benchmarks while keeping accuracy. Code is available at https://github.com/lab${i % 97}/project-${i}.`,
      topics: [{ id: 'llm', score: 0.8, evidence: ['language model'] }],
      links: [{ url: `https://github.com/lab${i % 97}/project-${i}`, kind: 'code' }],
    } satisfies Paper;
  });
}

describe('importPapers', () => {
  it('adds new papers with their source and normTitle, skips bundled duplicates, and records the import', async () => {
    const db = await dbWithBundled();
    const papers = libraryPapers(); // includes "Attention Is All You Need" (1706.03762), which is bundled
    const progress: [number, number][] = [];
    const summary = await importPapers(db, papers, { importId: 'lib1', name: 'library.bib', now: 1234, onProgress: (d, t) => progress.push([d, t]) });
    expect(summary).toMatchObject({ importId: 'lib1', total: 5, added: 4, updated: 0, skipped: 1, removed: 0, paperCount: 4 });
    expect(summary.skippedExamples).toEqual([{ title: 'Attention Is All You Need', duplicateOf: '1706.03762', source: 'bundled' }]);
    expect(progress).toEqual([[5, 5]]);
    const src = await sources(db);
    expect(src['1706.03762']).toBe('bundled');
    expect(src['2106.09685']).toBe('import:lib1');
    const lora = await db.get('papers', '2106.09685');
    expect(lora).toMatchObject({ normTitle: 'lora low rank adaptation of large language models', source: 'import:lib1', doi: '10.48550/arxiv.2106.09685' });
    expect(await listImports(db)).toEqual([{ importId: 'lib1', name: 'library.bib', date: 1234, paperCount: 4, counts: { added: 4, updated: 0, skipped: 1, removed: 0 } }]);
    // Imported papers are found by lookups like bundled ones.
    const hits = await lookupEntries(db, [{ arxivId: '2106.09685v3' }, { title: 'über die stabilität von transformern: eine studie zur größe & tiefe' }]);
    expect(hits.map((h) => h?.matchedBy)).toEqual(['id', 'title']);
  });

  it('matches duplicates by title too, but not when the arXiv ids differ', async () => {
    const db = await dbWithBundled();
    const sameTitle = paper('t:00000000000000c1', 'a bundled paper without an ARXIV id!');
    const otherPaperSameTitle = paper('2401.00001', 'Attention is all you need');
    const summary = await importPapers(db, [sameTitle, otherPaperSameTitle], { importId: 'x', name: 'x', now: 1 });
    expect(summary).toMatchObject({ added: 1, skipped: 1 });
    expect(await sources(db)).toMatchObject({ '2401.00001': 'import:x' });
    expect(await db.get('papers', sameTitle.id)).toBeUndefined();
  });

  it('updates papers on a re-import with the same id, removes those no longer there, and skips ones another import has', async () => {
    const db = await dbWithBundled();
    const [p1, p2, p3] = generatePapers(3);
    await importPapers(db, [p1!, p2!], { importId: 'first', name: 'first.bib', now: 1 });
    const changed = { ...p1!, abstract: 'A corrected abstract.' };
    const summary = await importPapers(db, [changed, p3!], { importId: 'first', name: 'first v2.bib', now: 2 });
    expect(summary).toMatchObject({ added: 1, updated: 1, skipped: 0, removed: 1, paperCount: 2 });
    expect((await db.get('papers', p1!.id))?.abstract).toBe('A corrected abstract.');
    expect(await db.get('papers', p2!.id)).toBeUndefined();
    const other = await importPapers(db, [p1!, p2!], { importId: 'second', name: 'second.bib', now: 3 });
    expect(other).toMatchObject({ added: 1, skipped: 1 });
    expect(other.skippedExamples[0]).toMatchObject({ duplicateOf: p1!.id, source: 'import:first' });
    expect((await listImports(db)).map((r) => [r.importId, r.name, r.paperCount])).toEqual([
      ['second', 'second.bib', 1],
      ['first', 'first v2.bib', 2],
    ]);
  });

  it('skips duplicates within the list itself', async () => {
    const db = await openPaperLensDB();
    const [p] = generatePapers(1);
    const summary = await importPapers(db, [p!, { ...p! }, { ...p!, id: 't:00000000000000ff', arxivId: undefined, year: undefined }], { importId: 'd', name: 'd', now: 1 });
    expect(summary).toMatchObject({ total: 3, added: 1, skipped: 2 });
    expect(await db.count('papers')).toBe(1);
  });

  it('refuses a malformed import id before writing', async () => {
    const db = await openPaperLensDB();
    await expect(importPapers(db, generatePapers(1), { importId: '../x', name: 'x' })).rejects.toThrow(/import id must be/);
    expect(await db.count('papers')).toBe(0);
  });
});

describe('all or nothing', () => {
  it('writes nothing when a paper cannot be stored (DataCloneError mid-transaction)', async () => {
    const db = await dbWithBundled();
    const papers = generatePapers(2500);
    (papers[1700] as unknown as { extra: unknown }).extra = () => 'not cloneable';
    await expect(importPapers(db, papers, { importId: 'bad', name: 'bad.bib', now: 1 })).rejects.toThrow(
      /^import "bad\.bib" failed and nothing was written: a paper could not be stored \(DataCloneError/,
    );
    expect(await db.count('papers')).toBe(2);
    expect(await listImports(db)).toEqual([]);
  });

  it('writes nothing and keeps the previous import when the quota runs out mid-transaction', async () => {
    const db = await dbWithBundled();
    const before = generatePapers(10, 'Old');
    await importPapers(db, before, { importId: 'q', name: 'q.bib', now: 1 });
    const realPut = FakeObjectStore.prototype.put;
    let calls = 0;
    vi.spyOn(FakeObjectStore.prototype, 'put').mockImplementation(function (this: InstanceType<typeof FakeObjectStore>, ...args: Parameters<typeof realPut>) {
      if (++calls === 1500) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.apply(this, args);
    });
    const error = await importPapers(db, generatePapers(3000, 'New'), { importId: 'q', name: 'q v2.bib', now: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportWriteError);
    expect((error as Error).message).toMatch(/nothing was written: the browser has no more storage for PaperLens \(QuotaExceededError\)/);
    vi.restoreAllMocks();
    expect(await db.count('papers')).toBe(12);
    expect((await db.getAll('papers')).filter((p) => p.source === 'import:q').map((p) => p.title).sort()).toEqual(before.map((p) => p.title).sort());
    expect(await listImports(db)).toEqual([expect.objectContaining({ name: 'q.bib', paperCount: 10 })]);
  });
});

describe('removeImport and the bundled corpus', () => {
  it('removes an import’s papers and record, and never touches saved items', async () => {
    const db = await dbWithBundled();
    const papers = generatePapers(30);
    await importPapers(db, papers, { importId: 'gone', name: 'gone.bib', now: 1 });
    await importPapers(db, generatePapers(5, 'Other', 500), { importId: 'stays', name: 'stays.bib', now: 2 });
    const item = await savePaper(db, papers[3]!.id, 99);
    expect(await removeImport(db, 'gone')).toBe(30);
    expect(await db.count('papers')).toBe(2 + 5);
    expect(await listSaved(db)).toEqual([item]);
    expect((await listImports(db)).map((r) => r.importId)).toEqual(['stays']);
    expect(await removeImport(db, 'gone')).toBeNull();
  });

  it('a later reload of the bundled corpus leaves imported papers alone', async () => {
    const db = await dbWithBundled();
    const papers = generatePapers(20);
    await importPapers(db, papers, { importId: 'mine', name: 'mine.bib', now: 1 });
    // A new bundled corpus without BUNDLED_B: loadCorpus deletes bundled papers it no longer has.
    const C = paper('2312.00001', 'A New Bundled Paper');
    await loadCorpus(db, corpus([BUNDLED_A, C], '0000000000000002'));
    const src = await sources(db);
    expect(src[BUNDLED_B.id]).toBeUndefined();
    expect(Object.values(src).filter((s) => s === 'import:mine')).toHaveLength(20);
    expect(src[C.id]).toBe('bundled');
    expect(await listImports(db)).toHaveLength(1);
  });
});

describe('scale', () => {
  it('imports 10,000 papers in one transaction with the right counts and progress per 1,000', async () => {
    const db = await dbWithBundled();
    const papers = generatePapers(10_000);
    papers.push({ ...BUNDLED_A }); // one duplicate of the bundled corpus
    const progress: number[] = [];
    const started = performance.now();
    const summary = await importPapers(db, papers, { importId: 'big', name: 'big.bib', now: 5, onProgress: (d) => progress.push(d) });
    const ms = performance.now() - started;
    console.info(`10,000-paper import into fake-indexeddb: ${Math.round(ms)} ms`);
    expect(summary).toMatchObject({ total: 10_001, added: 10_000, updated: 0, skipped: 1, removed: 0, paperCount: 10_000 });
    expect(progress).toEqual([1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10_000, 10_001]);
    expect(await db.count('papers')).toBe(10_002);
    expect(await db.countFromIndex('papers', 'bySource', 'import:big')).toBe(10_000);
    const again = await importPapers(db, papers, { importId: 'big', name: 'big.bib', now: 6 });
    expect(again).toMatchObject({ added: 0, updated: 10_000, skipped: 1, removed: 0 });
  }, 120_000);
});

describe('describeError: why an import write failed, in words to act on', () => {
  const err = (name: string, message: string) => Object.assign(new Error(message), { name });
  it('names a full quota, a full disk and a backend that gave up mid-write; other errors as they are', () => {
    expect(describeError(err('QuotaExceededError', 'x'))).toMatch(/no more storage for PaperLens/);
    expect(describeError(err('UnknownError', 'IO error: NO_SPACE: No space left on device'))).toMatch(/^the disk is full/);
    expect(describeError(err('InvalidStateError', 'Backend aborted error'))).toMatch(
      /^the browser's database stopped the write \(InvalidStateError: Backend aborted error\);.*Free some disk space/,
    );
    // An InvalidStateError for another reason (a closed transaction, a bug) is not blamed on the disk.
    expect(describeError(err('InvalidStateError', 'The transaction has finished.'))).toBe('InvalidStateError: The transaction has finished.');
  });
});
