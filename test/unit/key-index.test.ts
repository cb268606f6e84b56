// The in-memory exact keys (utils/key-index.ts) must give the same answers as the IndexedDB indexes
// they replace on the lookup's hot path, and be trusted only when they describe the stored corpus.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import type { EntryKeys, Paper } from '../../utils/core/types';
import { BUNDLED, loadCorpus, lookupEntries, openPaperLensDB, savePaper, type PaperLensDB } from '../../utils/db';
import { importPapers } from '../../utils/imports';
import {
  arxivCode,
  chunkKey,
  createLookups,
  FUZZY_WAIT_MAX,
  KeyIndex,
  KeyIndex as Keys,
  KEYS_KEY,
  keysRecord,
  packKeys,
  PackedSummaries,
  titleHash,
  readKeyIndex,
  summariesRecord,
  SUMMARIES_KEY,
  SUMMARY_CHUNK,
  TITLES_KEY,
  writeSummaryChunks,
  type PackedKeysRecord,
} from '../../utils/key-index';
import { corpus, paper } from '../helpers/papers';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

const A = paper('2106.09608', 'Hey AI, Can You Solve Complex Tasks by Talking to Agents?');
const B = paper('1706.03762', 'Attention Is All You Need');
const C = paper('t:abc', 'A Paper Without an arXiv Id');
const D1 = paper('t:d1', 'Same Title');
const D2 = paper('t:d2', 'Same title.');
const L = paper('2001.08361', 'Scaling Laws for Neural Language Models');

/** The in-memory state a warm worker answers from: summaries of every paper and the saved ids, no store read. */
async function allInMemory(db: PaperLensDB, keys: KeyIndex, papers: Paper[], version: string) {
  // Summaries in the keys' numbering (arXiv-id order), as the chunks hold them.
  const order = keysRecord(version, papers)!.order;
  const packed = PackedSummaries.from(summariesRecord(version, Array.from(order, (i) => papers[i]!)), keys.bundled);
  expect(packed).toBeDefined();
  const savedIds = new Set(await db.getAllKeys('saved'));
  return { keys, summaryOf: (n: number) => (n < keys.bundled ? packed!.get(n) : keys.others[n - keys.bundled]), savedIds };
}

async function keysOf(db: PaperLensDB) {
  const keys = await readKeyIndex(db, BUNDLED);
  expect(keys).toBeDefined();
  return keys!;
}

describe('in-memory lookup', () => {
  it('gives the same answers as the IndexedDB indexes, imports and saved state included', async () => {
    const db = await openPaperLensDB();
    await loadCorpus(db, corpus([A, B, C, D1, D2, L]));
    await importPapers(db, [paper('2401.00001', 'An Imported Paper on Retrieval'), paper('t:imp', 'Imported Without Id')], { importId: 'lib', name: 'lib.bib', now: 1 });
    await savePaper(db, B.id);
    const entries: EntryKeys[] = [
      { arxivId: '2106.09608v2', title: 'something else entirely' },
      { doi: '10.48550/arXiv.1706.03762' },
      { title: 'a paper without an ARXIV id!' },
      { title: 'ATTENTION is all you need' },
      { arxivId: '2301.00001', title: 'Attention Is All You Need' }, // the page's id differs: refused
      { title: 'same title' }, // ambiguous: refused
      { title: 'Scaling Laws for Neural Language Models…' }, // truncated: refused
      { arxivId: '2401.00001' },
      { title: 'imported without id' },
      { arxivId: '9999.99999' },
      {},
    ];
    const slow = await lookupEntries(db, entries);
    const fast = await lookupEntries(db, entries, undefined, await keysOf(db));
    expect(fast).toEqual(slow);
    const keys = await keysOf(db);
    expect(await lookupEntries(db, entries, undefined, await allInMemory(db, keys, [A, B, C, D1, D2, L], keys.version))).toEqual(slow);
    expect(fast.map((r) => r && [r.paper.id, r.matchedBy, r.saved])).toEqual([
      [A.id, 'id', false],
      [B.id, 'id', true],
      [C.id, 'title', false],
      [B.id, 'title', true],
      null,
      null,
      null,
      ['2401.00001', 'id', false],
      ['t:imp', 'title', false],
      null,
      null,
    ]);
  });

  it('agrees with the IndexedDB path on random corpora and entries (property)', async () => {
    const words = ['graph', 'neural', 'Attention', 'attention!', 'model', 'LLM', 'über', 'uber', 'of', 'the'];
    const title = fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));
    const arxiv = fc.constantFrom(undefined, '2101.00001', '2101.00002', '2101.00003', '2101.0004', '2101.00004', 'hep-th/9901001', 'math/0501002');
    const entry = fc.record({ title: fc.option(title, { nil: undefined }), pick: fc.nat(), cut: fc.boolean(), arxivId: arxiv });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ title, arxivId: arxiv }), { minLength: 1, maxLength: 12 }),
        fc.array(entry, { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        async (papers, entries, toSave) => {
          globalThis.indexedDB = new IDBFactory();
          const db = await openPaperLensDB();
          const seen = new Set<string>();
          const ps: Paper[] = papers.flatMap((p, i) => {
            // arXiv ids are unique in a corpus (validateCorpus); titles may repeat.
            if (p.arxivId && seen.has(p.arxivId)) return [];
            if (p.arxivId) seen.add(p.arxivId);
            return [paper(p.arxivId ?? `t:${i}`, p.title, { arxivId: p.arxivId })];
          });
          await loadCorpus(db, corpus(ps));
          // Small summaries chunks (3 papers), so that lookups read several, whole or in part.
          const c = corpus(ps);
          await db.put('meta', { ...keysRecord(c.corpusVersion, ps)!.keys, chunk: 3 }, KEYS_KEY);
          await writeSummaryChunks(db, c.corpusVersion, ps, 3);
          for (const i of toSave) await savePaper(db, ps[i % ps.length]!.id);
          // Entry titles: a random one, or a corpus paper's (often with another id), sometimes cut with "…".
          const es = entries.map((e) => {
            const t = e.title ?? ps[e.pick % ps.length]!.title;
            return { title: e.cut ? `${t}…` : t, ...(e.arxivId ? { arxivId: `${e.arxivId}v1` } : {}) };
          });
          const slow = await lookupEntries(db, es);
          const keys = await keysOf(db);
          expect(await lookupEntries(db, es, undefined, keys)).toEqual(slow);
          // Summaries and saved ids from memory (a warm worker): the same answers.
          expect(await lookupEntries(db, es, undefined, await allInMemory(db, keys, ps, corpus(ps).corpusVersion))).toEqual(slow);
          // The worker's state: cold (keys just read, chunks read with the lookup), then warm (every chunk read).
          const lookups = createLookups(BUNDLED);
          expect(await lookups.lookup(db, es)).toEqual(slow);
          await new Promise((r) => setTimeout(r, 20));
          expect(await lookups.lookup(db, es)).toEqual(slow);
          db.close();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('is trusted only for the complete corpus it was written with', async () => {
    const db = await openPaperLensDB();
    await loadCorpus(db, corpus([A, B], '0000000000000001'));
    expect((await db.get('meta', KEYS_KEY)) as { version: string }).toMatchObject({ version: '0000000000000001', count: 2 });
    expect(await db.get('meta', TITLES_KEY)).toEqual({ version: '0000000000000001', count: 2, format: 2, titles: `${B.title}\u001f${A.title}` });
    expect((await keysOf(db)).size).toBe(2);
    // A load under way (or interrupted): the state says 'loading', the record is not used.
    await db.put('meta', { version: '0000000000000002', state: 'loading', paperCount: 0 }, 'corpus');
    expect(await readKeyIndex(db, BUNDLED)).toBeUndefined();
    // A new corpus replaces the keys: the dropped paper is gone from them too.
    await loadCorpus(db, corpus([A], '0000000000000002'));
    const keys = await keysOf(db);
    expect(keys.size).toBe(1);
    expect(await lookupEntries(db, [{ arxivId: B.id }, { arxivId: A.id }], undefined, keys)).toMatchObject([null, { paper: { id: A.id } }]);
  });
});

describe('title keys by hash', () => {
  it('keeps the keys record packed: typed arrays searched in place, no id repeated when it is the arXiv id', async () => {
    const db = await openPaperLensDB();
    await loadCorpus(db, corpus([A, C], '0000000000000001'));
    const rec = (await db.get('meta', KEYS_KEY)) as PackedKeysRecord;
    expect(rec).toMatchObject({ format: 2, count: 2, idList: C.id, otherArxiv: '' });
    expect(Array.from(rec.idNums)).toEqual([1]);
    expect(Array.from(rec.codes)).toEqual([arxivCode(A.arxivId!), 0xffffffff]);
    const hashes = [titleHash('hey ai can you solve complex tasks by talking to agents'), titleHash('a paper without an arxiv id')];
    expect(Array.from(rec.titleKeys)).toEqual(hashes.map((h) => h >>> 0).sort((x, y) => x - y));
    expect(Array.from(rec.titleNums)).toEqual((hashes[0]! >>> 0) < (hashes[1]! >>> 0) ? [0, 1] : [1, 0]);
    expect((await keysOf(db)).listIds()).toEqual([A.id, C.id]);
  });

  it('gives two new-style arXiv ids the same code only when they are the same id (property)', () => {
    const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((d) => d.join(''));
    const id = fc.oneof(
      fc.tuple(digits(4), fc.oneof(digits(4), digits(5))).map(([a, b]) => `${a}.${b}`),
      fc.string({ maxLength: 11 }),
    );
    fc.assert(
      fc.property(id, id, (a, b) => {
        const ca = arxivCode(a);
        const cb = arxivCode(b);
        expect(ca === undefined).toBe(!/^\d{4}\.\d{4,5}$/.test(a));
        if (ca !== undefined && cb !== undefined) expect(ca === cb).toBe(a === b);
        if (ca !== undefined) expect(ca).toBeLessThan(0xf0000000);
      }),
      { numRuns: 2000 },
    );
  });

  it('encodes new-style arXiv ids exactly, and keeps the others as strings', () => {
    expect(arxivCode('0704.0001')).not.toBe(arxivCode('0704.00001'));
    expect(arxivCode('hep-th/9901001')).toBeUndefined();
    const ps = ['0704.0001', '0704.00001', 'hep-th/9901001', 'math/0501001v2', '2401.12345', '9912.99999'].map((id, i) => paper(id, `Paper ${i}`, { arxivId: id }));
    const keys = KeyIndex.fromRecord(keysRecord('v', ps)!.keys)!;
    // Numbered by arXiv id: new-style ones by date, then the others.
    expect(keys.listIds()).toEqual(['0704.0001', '0704.00001', '2401.12345', '9912.99999', 'hep-th/9901001', 'math/0501001v2']);
    for (const p of ps) expect(keys.arxivIdOf(keys.arxiv(p.arxivId!)!)).toBe(p.arxivId);
    expect(keys.arxiv('0704.00002')).toBeUndefined();
    expect(keys.arxiv('hep-th/9901002')).toBeUndefined();
  });

  it('answers the lowest id among papers sharing an arXiv id, and no title shared by two papers, bundled and imported alike', async () => {
    const db = await openPaperLensDB();
    const x2 = { ...paper('t:x2', 'Shared Id Two'), arxivId: '2101.00001' };
    const x1 = { ...paper('t:x1', 'Shared Id One'), arxivId: '2101.00001' };
    await loadCorpus(db, { ...corpus([x2, x1, A]), papers: [x2, x1, A] });
    await importPapers(db, [{ ...paper('t:x0', 'Hey AI, can you solve complex tasks by talking to agents'), arxivId: 'hep-th/9901001' }], { importId: 'lib', name: 'lib.bib', now: 1 });
    const entries: EntryKeys[] = [{ arxivId: '2101.00001' }, { title: A.title }, { arxivId: 'hep-th/9901001' }, { title: 'shared id one' }];
    const slow = await lookupEntries(db, entries);
    expect(slow.map((r) => r?.paper.id ?? null)).toEqual(['t:x1', null, 't:x0', 't:x1']);
    expect(await lookupEntries(db, entries, undefined, await keysOf(db))).toEqual(slow);
  });

  it('still reads a keys record of the older layouts (joined strings; normalised titles, every id)', async () => {
    const db = await openPaperLensDB();
    await loadCorpus(db, corpus([A, B, C, D1, D2], '0000000000000001'));
    const normTitles = ['hey ai can you solve complex tasks by talking to agents', 'attention is all you need', 'a paper without an arxiv id', 'same title', 'same title'];
    const arxivIds = [A, B, C, D1, D2].map((p) => p.arxivId ?? '').join('\u001f');
    const olds = [
      { version: '0000000000000001', count: 5, ids: ['', '', C.id, D1.id, D2.id].join('\u001f'), arxivIds, titleHashes: Float64Array.from(normTitles.map(titleHash)) },
      { version: '0000000000000001', count: 5, ids: [A, B, C, D1, D2].map((p) => p.id).join('\u001f'), arxivIds, normTitles: normTitles.join('\u001f') },
    ];
    const entries: EntryKeys[] = [{ title: 'Attention is all you need!' }, { title: 'a paper without an arxiv id' }, { title: 'same title' }, { arxivId: A.id }, { arxivId: B.id, title: 'x' }];
    for (const old of olds) {
      await db.put('meta', old, KEYS_KEY);
      const keys = await keysOf(db);
      expect(keys.listIds()).toEqual([B, A, C, D1, D2].map((p) => p.id));
      expect(keys.chunk).toBe(0);
      expect(await lookupEntries(db, entries, undefined, keys)).toEqual(await lookupEntries(db, entries));
    }
  });

  it('tells apart title hashes that share their low 32 bits (kept in full on the side)', () => {
    const base = 0x12345;
    const hashes = [base, base + 2 ** 32, base + 2 ** 33, base + 2 ** 33, base + 7, base + 7, 99];
    const rec = packKeys('v', hashes.length, (i) => `t:${i}`, () => '', (i) => hashes[i]!)!.keys;
    expect(Array.from(rec.sideHashes).sort()).toEqual([base, base + 2 ** 32, base + 2 ** 33].sort());
    const keys = KeyIndex.fromRecord(rec)!;
    const id = (h: number) => {
      const n = keys.titleByHash(h);
      return n === undefined ? undefined : keys.idOf(n);
    };
    expect([base, base + 2 ** 32, base + 2 ** 33, base + 7, 99, base + 2 ** 34, 98].map(id)).toEqual(['t:0', 't:1', undefined, undefined, 't:6', undefined, undefined]);
  });

  it('never answers a paper whose title only shares the hash', async () => {
    const db = await openPaperLensDB();
    await loadCorpus(db, corpus([C], '0000000000000001'));
    // Keys where C stands under the hash of another title (as if the two titles collided).
    const keys = new Keys();
    keys.addHashed(C.id, '', titleHash('attention is all you need'), C.title);
    expect(keys.title('attention is all you need')).toBe(0);
    expect(await lookupEntries(db, [{ title: 'Attention Is All You Need' }], undefined, keys)).toEqual([null]);
    expect(titleHash('')).toBe(-1);
    expect(titleHash('attention is all you need')).not.toBe(titleHash('attention is all you needs'));
    expect(Number.isSafeInteger(titleHash('x'.repeat(500)))).toBe(true);
  });
});

describe('createLookups (the service worker state)', () => {
  it('builds the fuzzy index once and drops it (and the keys) on invalidate', async () => {
    const db = await openPaperLensDB();
    await loadCorpus(db, corpus([L, B]));
    const lookups = createLookups(BUNDLED);
    const variant = { title: 'Scaling Laws for Neural Language Model' };
    expect(await lookups.lookup(db, [variant, { arxivId: B.id }])).toMatchObject([{ paper: { id: L.id }, matchedBy: 'fuzzy' }, { matchedBy: 'id' }]);
    await loadCorpus(db, corpus([B], '0000000000000002'));
    lookups.invalidate();
    expect(await lookups.lookup(db, [variant, { title: L.title }])).toEqual([null, null]);
  });

  it('builds the fuzzy index from the papers when the titles record is missing', async () => {
    const db = await openPaperLensDB();
    await loadCorpus(db, corpus([L, B]));
    await importPapers(db, [paper('t:imp', 'Retrieval Augmented Generation for Knowledge Intensive Tasks')], { importId: 'lib', name: 'lib.bib', now: 1 });
    await db.delete('meta', TITLES_KEY);
    const lookups = createLookups(BUNDLED);
    expect(await lookups.lookup(db, [{ title: 'Scaling Laws for Neural Language Model' }, { title: 'Retrieval Augmented Generation for Knowledge Intensive Task' }])).toMatchObject([
      { paper: { id: L.id }, matchedBy: 'fuzzy' },
      { paper: { id: 't:imp' }, matchedBy: 'fuzzy' },
    ]);
  });

  it('answers from the summaries it read before, and reads them again after invalidate', async () => {
    const db = await openPaperLensDB();
    await loadCorpus(db, corpus([L, B], '0000000000000001'));
    const lookups = createLookups(BUNDLED);
    expect(await lookups.lookup(db, [{ arxivId: L.id }])).toMatchObject([{ paper: { id: L.id, links: L.links }, saved: false }]);
    // The saved ids are kept until the service says the saved store may change (it is its only writer).
    lookups.savedChanged();
    await savePaper(db, L.id);
    lookups.savedChanged();
    expect(await lookups.lookup(db, [{ arxivId: L.id }])).toMatchObject([{ paper: { id: L.id }, saved: true }]);
    const moved = { ...L, links: [{ url: 'https://github.com/example/moved', kind: 'code' as const }] };
    await loadCorpus(db, corpus([moved, B], '0000000000000002'));
    lookups.invalidate();
    expect(await lookups.lookup(db, [{ arxivId: L.id }])).toMatchObject([{ paper: { links: moved.links }, saved: true }]);
  });

  it('reads the summaries chunks after a lookup, then answers hits from memory until invalidate', async () => {
    const db = await openPaperLensDB();
    const c = corpus([L, B], '0000000000000001');
    await loadCorpus(db, c);
    await writeSummaryChunks(db, c.corpusVersion, c.papers);
    await importPapers(db, [paper('t:imp', 'Imported Without Id')], { importId: 'lib', name: 'lib.bib', now: 1 });
    const lookups = createLookups(BUNDLED);
    const entries = [{ arxivId: L.id }, { title: 'imported without id' }];
    const first = await lookups.lookup(db, entries);
    expect(first).toMatchObject([{ paper: { id: L.id, links: L.links } }, { paper: { id: 't:imp' } }]);
    // Once the chunks are read (in the background), the papers store is no longer read for hits: removed
    // behind the service's back, they are still answered, as they were.
    await new Promise((r) => setTimeout(r, 50));
    await db.clear('papers');
    expect(await lookups.lookup(db, entries)).toEqual(first);
    // Papers changed (as after a load, an import or its removal): everything is read again.
    lookups.invalidate();
    expect(await lookups.lookup(db, entries)).toEqual([null, null]);
  });

  it('leaves no chunks of a larger corpus behind when a smaller one is written', async () => {
    const db = await openPaperLensDB();
    const seven = Array.from({ length: 7 }, (_, i) => paper(`2301.0000${i}`, `Paper number ${i}`));
    await writeSummaryChunks(db, '0000000000000001', seven, 3);
    expect(await db.get('meta', chunkKey(2))).toMatchObject({ version: '0000000000000001', count: 1 });
    await writeSummaryChunks(db, '0000000000000002', seven.slice(0, 2), 3);
    expect(await db.get('meta', chunkKey(0))).toMatchObject({ version: '0000000000000002', count: 2 });
    expect(await db.get('meta', chunkKey(1))).toBeUndefined();
    expect(await db.get('meta', chunkKey(2))).toBeUndefined();
    // An empty corpus leaves none at all.
    await writeSummaryChunks(db, '0000000000000003', [], 3);
    expect(await db.getAllKeys('meta')).not.toContain(chunkKey(0));
  });

  it('reads a chunk with a lookup that has several hits in it, and the others one by one from the store', async () => {
    const db = await openPaperLensDB();
    const many = Array.from({ length: SUMMARY_CHUNK + 10 }, (_, i) => paper(`2301.${String(i).padStart(5, '0')}`, `Paper number ${i}`));
    const c = corpus(many, '0000000000000001');
    await loadCorpus(db, c);
    await writeSummaryChunks(db, c.corpusVersion, c.papers);
    expect(await db.get('meta', SUMMARIES_KEY)).toBeUndefined();
    expect(await db.get('meta', chunkKey(1))).toMatchObject({ version: c.corpusVersion, count: 10 });
    // Chunk 1 changed behind the store's back: papers answered from it show the change, the others do not.
    const marked = (p: (typeof many)[number]) => ({ ...p, links: [{ url: 'https://github.com/example/from-chunk', kind: 'code' as const }] });
    await db.put('meta', summariesRecord(c.corpusVersion, many.slice(SUMMARY_CHUNK).map(marked)), chunkKey(1));
    await db.put('meta', summariesRecord(c.corpusVersion, many.slice(0, SUMMARY_CHUNK).map(marked)), chunkKey(0));
    const lookups = createLookups(BUNDLED);
    const res = await lookups.lookup(db, [0, 1, 2, 3].map((i) => ({ arxivId: many[SUMMARY_CHUNK + i]!.id })).concat([{ arxivId: many[5]!.id }]));
    expect(res.map((r) => r?.paper.links[0]?.url)).toEqual([...Array(4).fill('https://github.com/example/from-chunk'), 'https://github.com/example/repo']);
  });

  it('ignores a summaries chunk that does not match the keys (another version, or another count)', async () => {
    const db = await openPaperLensDB();
    const c = corpus([L, B], '0000000000000002');
    await loadCorpus(db, c);
    const moved = { ...L, links: [{ url: 'https://github.com/example/moved', kind: 'code' as const }] };
    for (const rec of [summariesRecord('0000000000000001', [moved, B]), summariesRecord(c.corpusVersion, [moved])]) {
      await db.put('meta', rec, chunkKey(0));
      const lookups = createLookups(BUNDLED);
      expect(await lookups.lookup(db, [{ arxivId: L.id }])).toMatchObject([{ paper: { links: L.links } }]);
      await new Promise((r) => setTimeout(r, 50));
      expect(await lookups.lookup(db, [{ arxivId: L.id }])).toMatchObject([{ paper: { links: L.links } }]);
    }
    expect(PackedSummaries.from(summariesRecord('v', [L, B]), 2)?.get(1)).toEqual(JSON.parse(JSON.stringify({ ...B, abstract: undefined })));
    expect(PackedSummaries.from(summariesRecord('v', [L, B]), 3)).toBeUndefined();
    expect(PackedSummaries.from({ version: 'v', count: 2, json: '{}\u001f{}\u001f{}' }, 2)).toBeUndefined();
  });

  it(`does not make a lookup wait for the fuzzy index above ${FUZZY_WAIT_MAX} papers: it is built in the background`, async () => {
    const db = await openPaperLensDB();
    const many = Array.from({ length: FUZZY_WAIT_MAX + 1 }, (_, i) => paper(`t:${i}`, `Synthetic study ${i} of ${['sparse', 'dense', 'mixed'][i % 3]} routing in model ${i * 7}`));
    await loadCorpus(db, corpus([L, ...many]));
    const lookups = createLookups(BUNDLED);
    const variant = { title: 'Scaling Laws for Neural Language Model' };
    // Exact matches are answered at once; the fuzzy one is not (the index is still being built).
    expect(await lookups.lookup(db, [variant, { title: L.title }])).toMatchObject([null, { paper: { id: L.id }, matchedBy: 'title' }]);
    await expect.poll(async () => (await lookups.lookup(db, [variant]))[0]?.matchedBy, { timeout: 20_000, interval: 100 }).toBe('fuzzy');
  }, 30_000);
});
