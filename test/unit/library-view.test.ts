import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countLine, fold, nextIndex, querySaved, searchText, topicCounts, windowRange, type SavedSort } from '../../utils/library-view';
import type { SavedItem } from '../../utils/messages';
import { paper } from '../helpers/papers';
import { summarize } from '../../utils/messages';

function item(id: string, title: string, savedAt: number, extra: Partial<Parameters<typeof paper>[2]> = {}, note?: string): SavedItem {
  return { paperId: id, savedAt, paper: summarize(paper(id, title, extra)), ...(note ? { note } : {}) };
}

const A = item('2401.00001', 'Sparse Mixture of Experts at Scale', 3000, {
  year: 2024,
  topics: [{ id: 'moe', score: 0.9, evidence: [] }, { id: 'llm', score: 0.5, evidence: [] }],
  links: [{ url: 'https://github.com/a/moe', kind: 'code' }],
});
const B = item('2301.00002', 'Diffusion Models for Vidéo Generation', 1000, {
  year: 2023,
  topics: [{ id: 'generation', score: 0.9, evidence: [] }],
  links: [{ url: 'https://huggingface.co/b/model', kind: 'model' }],
}, 'Read for the reading group on Friday');
const C = item('t:abc', 'attention without a year', 2000, { topics: [{ id: 'llm', score: 0.7, evidence: [] }], links: [] });
const lib = [A, B, C];
const ids = (items: SavedItem[]) => items.map((i) => i.paperId);
const q = (text = '', topics: string[] = [], sort: SavedSort = 'saved-desc') => ids(querySaved(lib, { text, topics, sort }));

describe('querySaved', () => {
  it('sorts by saved date (both ways), year (no year last) and title', () => {
    expect(q()).toEqual([A.paperId, C.paperId, B.paperId]);
    expect(q('', [], 'saved-asc')).toEqual([B.paperId, C.paperId, A.paperId]);
    expect(q('', [], 'year-desc')).toEqual([A.paperId, B.paperId, C.paperId]);
    expect(q('', [], 'title')).toEqual([C.paperId, B.paperId, A.paperId]);
  });

  it('searches title, topic label, link host and note; every word must match; case and accents ignored', () => {
    expect(q('SPARSE')).toEqual([A.paperId]);
    expect(q('video')).toEqual([B.paperId]); // "Vidéo" in the title
    expect(q('mixture of experts')).toEqual([A.paperId]); // title words, and the topic label
    expect(q('LLMs')).toEqual([A.paperId, C.paperId]); // topic label only
    expect(q('huggingface.co')).toEqual([B.paperId]); // link host
    expect(q('reading group')).toEqual([B.paperId]); // note
    expect(q('reading sparse')).toEqual([]);
    expect(q('   ')).toEqual(q());
  });

  it('topic filter: any of the chosen topics, combined with the search', () => {
    expect(q('', ['llm'])).toEqual([A.paperId, C.paperId]);
    expect(q('', ['llm', 'generation'])).toEqual([A.paperId, C.paperId, B.paperId]);
    expect(q('attention', ['llm'])).toEqual([C.paperId]);
    expect(q('', ['3d'])).toEqual([]);
  });

  it('does not change its input and sees a changed note (new item object)', () => {
    const copy = [...lib];
    querySaved(lib, { text: 'x', topics: [], sort: 'title' });
    expect(lib).toEqual(copy);
    expect(searchText(C)).not.toContain('friday');
    expect(searchText({ ...C, note: 'Friday' })).toContain('friday');
  });

  it('property: the result is exactly the items matching, each once, in sorted order', () => {
    const arb = fc.array(
      fc.record({ title: fc.string({ minLength: 1, maxLength: 12 }), savedAt: fc.integer({ min: 0, max: 50 }), year: fc.option(fc.integer({ min: 1990, max: 2026 }), { nil: undefined }) }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(arb, fc.constantFrom<SavedSort>('saved-desc', 'saved-asc', 'year-desc', 'title'), fc.string({ maxLength: 3 }), (rows, sort, text) => {
        const items = rows.map((r, i) => item(`t:${i}`, r.title, r.savedAt, { year: r.year, topics: [], links: [] }));
        const out = querySaved(items, { text, topics: [], sort });
        expect(new Set(ids(out)).size).toBe(out.length);
        const words = fold(text).split(' ').filter(Boolean);
        expect(out.length).toBe(items.filter((it) => words.every((w) => fold(it.paper.title).includes(w) || searchText(it).includes(w))).length);
        for (let i = 1; i < out.length; i++) {
          const [a, b] = [out[i - 1]!, out[i]!];
          if (sort === 'saved-desc') expect(a.savedAt).toBeGreaterThanOrEqual(b.savedAt);
          if (sort === 'saved-asc') expect(a.savedAt).toBeLessThanOrEqual(b.savedAt);
          if (sort === 'year-desc') expect(a.paper.year ?? -Infinity).toBeGreaterThanOrEqual(b.paper.year ?? -Infinity);
        }
      }),
    );
  });
});

describe('topicCounts and countLine', () => {
  it('counts every library topic over the items matching the search, most frequent first', () => {
    expect(topicCounts(lib)).toEqual([
      { id: 'llm', label: 'LLMs', count: 2 },
      { id: 'generation', label: 'Generative media', count: 1 },
      { id: 'moe', label: 'Mixture of Experts', count: 1 },
    ]);
    expect(topicCounts(lib, 'attention').map((t) => [t.id, t.count])).toEqual([['llm', 1], ['generation', 0], ['moe', 0]]);
  });

  it('says how many are shown', () => {
    expect(countLine(12, 340)).toBe('12 of 340 saved papers');
    expect(countLine(340, 340)).toBe('All 340 saved papers');
    expect(countLine(1, 1)).toBe('1 saved paper');
    expect(countLine(0, 5000)).toBe('0 of 5,000 saved papers');
  });
});

describe('list keyboard and window', () => {
  it('moves with arrows, Home/End and pages, clamped', () => {
    expect(nextIndex('ArrowDown', 0, 3)).toBe(1);
    expect(nextIndex('ArrowDown', 2, 3)).toBe(2);
    expect(nextIndex('ArrowUp', 0, 3)).toBe(0);
    expect(nextIndex('End', 0, 3)).toBe(2);
    expect(nextIndex('Home', 2, 3)).toBe(0);
    expect(nextIndex('PageDown', 1, 100, 5)).toBe(6);
    expect(nextIndex('PageUp', 3, 100, 5)).toBe(0);
    expect(nextIndex('a', 0, 3)).toBeNull();
    expect(nextIndex('ArrowDown', 0, 0)).toBeNull();
  });

  it('renders a bounded window whatever the list size, covering the viewport', () => {
    for (const count of [0, 1, 10, 5000, 1_000_000]) {
      for (const scrollTop of [0, 1234, count * 100]) {
        const { start, end } = windowRange(scrollTop, 340, 100, count);
        expect(end - start).toBeLessThanOrEqual(13);
        expect(start).toBeGreaterThanOrEqual(0);
        expect(end).toBeLessThanOrEqual(count);
        const firstVisible = Math.min(Math.floor(scrollTop / 100), Math.max(0, count - 1));
        if (count > 0) expect(start <= firstVisible && end > firstVisible).toBe(true);
        if (count > 0) expect(end - start).toBeGreaterThanOrEqual(Math.min(count, 4));
      }
    }
  });
});
