import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { getCorpusState, listSaved, loadCorpus, LOAD_BATCH, lookupEntries, openPaperLensDB, savedAmong, savePaper } from '../../utils/db';
import { removeSaved } from '../../utils/library';
import { corpus, paper } from '../helpers/papers';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

const A = paper('2106.09608', 'Hey AI, Can You Solve Complex Tasks by Talking to Agents?');
const B = paper('1706.03762', 'Attention Is All You Need');
const C = paper('t:abc', 'A Paper Without an arXiv Id');

function summaryOf(p: typeof A): Omit<typeof A, 'abstract'> {
  const { abstract: _omit, ...rest } = p;
  void _omit;
  return rest;
}

describe('corpus load', () => {
  it('loads papers, records a complete state, and replaces a previous bundled corpus', async () => {
    const db = await openPaperLensDB();
    await loadCorpus(db, corpus([A, B, C], '0000000000000001'));
    expect(await db.count('papers')).toBe(3);
    expect(await getCorpusState(db)).toEqual({ version: '0000000000000001', state: 'complete', paperCount: 3 });
    await loadCorpus(db, corpus([A], '0000000000000002'));
    expect(await db.getAllKeys('papers')).toEqual([A.id]);
    expect((await getCorpusState(db))?.version).toBe('0000000000000002');
  });

  it('loads in batches larger corpora', async () => {
    const db = await openPaperLensDB();
    const many = Array.from({ length: LOAD_BATCH * 2 + 7 }, (_, i) => paper(`t:${i}`, `Synthetic paper number ${i}`));
    await loadCorpus(db, corpus(many));
    expect(await db.count('papers')).toBe(many.length);
  });

  it('stores bundled papers without their abstract, and a database that still holds abstracts keeps working', async () => {
    const db = await openPaperLensDB();
    await loadCorpus(db, corpus([A, B], '0000000000000001'));
    expect(await db.get('papers', A.id)).toEqual({ ...summaryOf(A), normTitle: 'hey ai can you solve complex tasks by talking to agents', source: 'bundled' });
    expect(await db.get('papers', A.id)).not.toHaveProperty('abstract');
    // A record written by an older version, abstract included: lookups and saves never pass it on.
    await db.put('papers', { ...B, normTitle: 'attention is all you need', source: 'bundled' });
    const [hit] = await lookupEntries(db, [{ arxivId: B.id }]);
    expect(hit?.paper).toEqual(summaryOf(B));
    const item = await savePaper(db, B.id, 1000);
    expect(item.paper).toEqual(summaryOf(B));
  });

  it('a batch that cannot be written fails the load, which stays marked loading', async () => {
    const db = await openPaperLensDB();
    const many = Array.from({ length: LOAD_BATCH * 3 }, (_, i) => paper(`t:${i}`, `Synthetic paper number ${i}`));
    // A value IndexedDB cannot store (a function), in a later batch.
    (many[LOAD_BATCH * 2 + 5] as unknown as Record<string, unknown>).doi = () => 'x';
    await expect(loadCorpus(db, corpus(many, '0000000000000003'))).rejects.toThrow();
    expect(await getCorpusState(db)).toEqual({ version: '0000000000000003', state: 'loading', paperCount: 0 });
    expect(await db.count('papers')).toBeGreaterThan(0);
    expect(await db.count('papers')).toBeLessThan(many.length);
  });

  it('never touches saved items, even when their paper leaves the corpus', async () => {
    const db = await openPaperLensDB();
    await loadCorpus(db, corpus([A, B], '0000000000000001'));
    const item = await savePaper(db, B.id, 1000);
    await loadCorpus(db, corpus([A], '0000000000000002'));
    expect(await listSaved(db)).toEqual([item]);
    expect(item.paper.title).toBe(B.title);
    expect(item.paper).not.toHaveProperty('abstract');
  });
});

describe('lookup', () => {
  it('matches by arXiv id (ignoring versions and arXiv DOIs), then by normalised title', async () => {
    const db = await openPaperLensDB();
    await loadCorpus(db, corpus([A, B, C]));
    const res = await lookupEntries(db, [
      { arxivId: '2106.09608v2', title: 'something else entirely' },
      { doi: '10.48550/arXiv.1706.03762' },
      { title: 'a paper without an ARXIV id!' },
      { title: 'ATTENTION is all you need' },
      { title: 'Attention Is Not All You Need' },
      { arxivId: '9999.99999' },
      {},
    ]);
    expect(res.map((r) => r && [r.paper.id, r.matchedBy])).toEqual([
      [A.id, 'id'],
      [B.id, 'id'],
      [C.id, 'title'],
      [B.id, 'title'],
      null,
      null,
      null,
    ]);
    expect(res[0]).not.toHaveProperty('paper.abstract');
  });

  it('refuses a title match when the page names a different arXiv id', async () => {
    const db = await openPaperLensDB();
    await loadCorpus(db, corpus([B]));
    expect(await lookupEntries(db, [{ arxivId: '2301.00001', title: 'Attention Is All You Need' }])).toEqual([null]);
  });

  it('refuses ambiguous titles shared by two papers', async () => {
    const db = await openPaperLensDB();
    await loadCorpus(db, corpus([paper('t:1', 'Same Title'), paper('t:2', 'Same title.')]));
    expect(await lookupEntries(db, [{ title: 'same title' }])).toEqual([null]);
  });

  it('reports the saved state', async () => {
    const db = await openPaperLensDB();
    await loadCorpus(db, corpus([A, B]));
    await savePaper(db, A.id);
    const res = await lookupEntries(db, [{ arxivId: A.id }, { arxivId: B.id }]);
    expect(res.map((r) => r?.saved)).toEqual([true, false]);
  });
});

describe('saved items', () => {
  it('saves idempotently, lists newest first, unsaves, and refuses unknown papers', async () => {
    const db = await openPaperLensDB();
    await loadCorpus(db, corpus([A, B, C]));
    const first = await savePaper(db, A.id, 1000);
    expect(await savePaper(db, A.id, 5000)).toEqual(first);
    await savePaper(db, B.id, 2000);
    await savePaper(db, C.id, 1500);
    expect((await listSaved(db)).map((s) => s.paperId)).toEqual([B.id, C.id, A.id]);
    expect(await savedAmong(db, [C.id, 'nope', A.id])).toEqual([C.id, A.id]);
    expect(await removeSaved(db, C.id)).toBe(true);
    expect(await removeSaved(db, C.id)).toBe(false);
    expect(await savedAmong(db, [C.id, A.id])).toEqual([A.id]);
    await expect(savePaper(db, 'nope')).rejects.toThrow(/unknown paper/);
    expect((await listSaved(db)).map((s) => s.paperId)).toEqual([B.id, A.id]);
  });

  it('keeps every save when many happen at once', async () => {
    const db = await openPaperLensDB();
    const many = Array.from({ length: 50 }, (_, i) => paper(`t:${i}`, `Paper ${i}`));
    await loadCorpus(db, corpus(many));
    await Promise.all(many.flatMap((p) => [savePaper(db, p.id), savePaper(db, p.id)]));
    expect(await db.count('saved')).toBe(50);
  });
});

describe('fuzzy fallback', () => {
  const L = paper('2001.08361', 'Scaling Laws for Neural Language Models');
  const M = paper('t:mt', 'Scaling Laws for Neural Machine Translation');

  it('refuses an exact match for a truncated title and leaves it to the fuzzy matcher', async () => {
    const db = await openPaperLensDB();
    await loadCorpus(db, corpus([L, M]));
    expect(await lookupEntries(db, [{ title: 'Scaling Laws for Neural Language Models…' }])).toEqual([null]);
    const calls: string[] = [];
    const res = await lookupEntries(db, [{ title: 'Scaling Laws for Neural Language Models…' }, { arxivId: L.id }], async () => (title) => {
      calls.push(title);
      return { id: L.id, score: 0.91234 };
    });
    expect(calls).toEqual(['Scaling Laws for Neural Language Models…']);
    expect(res.map((r) => r && [r.paper.id, r.matchedBy, r.matchScore])).toEqual([
      [L.id, 'fuzzy', 0.912],
      [L.id, 'id', undefined],
    ]);
  });

  it('does not fuzzy-match entries whose page names an arXiv id the corpus does not have', async () => {
    const db = await openPaperLensDB();
    await loadCorpus(db, corpus([L]));
    const asked: string[] = [];
    const res = await lookupEntries(db, [{ arxivId: '2301.99999', title: 'Scaling Laws for Neural Language Model' }], async () => (title) => {
      asked.push(title);
      return { id: L.id, score: 0.98 };
    });
    expect(res).toEqual([null]);
    expect(asked).toEqual([]);
  });

  it('does not build the fuzzy matcher when everything matched exactly', async () => {
    const db = await openPaperLensDB();
    await loadCorpus(db, corpus([L]));
    let built = 0;
    await lookupEntries(db, [{ title: L.title }], async () => {
      built++;
      return () => null;
    });
    expect(built).toBe(0);
  });
});
