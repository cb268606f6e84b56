// Row marks (utils/content/rows.ts) on a saved real arXiv listing: which rows get dimmed for a topic
// choice, the saved edge, and that switching off leaves the page byte-for-byte as it was.
import { JSDOM } from 'jsdom';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createRowMarks, DIM_ATTR, HOST_DIM_ATTR, rowOf, SAVED_ATTR } from '../../utils/content/rows';
import { siteAdapterFor } from '../../utils/sites';
import { arxiv } from '../../utils/sites/arxiv';
import { parsePage, readFixture } from '../helpers/fixtures';

const URL_ = new URL('https://arxiv.org/list/cs.CL/recent');

const HTML = readFixture('arxiv/list-cs.CL-recent-2026-07.html');
let document: Document;

beforeEach(() => {
  document = new JSDOM(HTML, { url: URL_.href }).window.document;
  // rows.ts runs in the content script, where `document` is the page's.
  vi.stubGlobal('document', document);
});

describe('row marks on an arXiv listing', () => {
  it('finds the <dt>/<dd> pair of each entry as its row', () => {
    const entries = arxiv.findEntries(document, URL_);
    expect(entries.length).toBeGreaterThan(20);
    for (const e of entries) {
      const rows = rowOf(e.anchor);
      expect(rows.map((r) => r.tagName)).toEqual(['DT', 'DD']);
      expect(rows[1]!.contains(e.anchor)).toBe(true);
    }
  });

  it('dims exactly the rows without a chosen topic, marks saved rows, and clear restores the page exactly', () => {
    const entries = arxiv.findEntries(document, URL_);
    // Our badge hosts sit right after the titles; a dimmed row's host gets data-dimmed (its chips turn grey).
    for (const e of entries) e.anchor.after(document.createElement('paperlens-badges'));
    const before = document.documentElement.outerHTML;
    const own: Node[] = [];
    const marks = createRowMarks((n) => own.push(n));
    // Every third entry is about "llm", every fifth is saved, some have no known topics at all.
    const states = entries.map((e, i) => ({ anchor: e.anchor, topics: i % 7 === 6 ? undefined : i % 3 === 0 ? ['llm', 'agents-reasoning'] : ['vision'], saved: i % 5 === 0 }));
    marks.apply(states, ['llm']);
    states.forEach((s, i) => {
      const [dt, dd] = rowOf(s.anchor);
      const dim = !(i % 3 === 0 && i % 7 !== 6);
      expect(dd!.hasAttribute(DIM_ATTR), `row ${i}`).toBe(dim);
      expect(dt!.hasAttribute(DIM_ATTR), `row ${i}`).toBe(dim);
      expect(dd!.hasAttribute(SAVED_ATTR)).toBe(i % 5 === 0);
      expect(s.anchor.nextElementSibling!.hasAttribute(HOST_DIM_ATTR)).toBe(dim);
    });
    // One stylesheet, reported as ours (the page watcher ignores it).
    expect(document.querySelectorAll('style#paperlens-row-marks')).toHaveLength(1);
    expect(own).toEqual([document.getElementById('paperlens-row-marks')]);
    // No highlight: nothing dimmed, saved edges stay.
    marks.apply(states, []);
    expect(document.querySelectorAll(`[${DIM_ATTR}], [${HOST_DIM_ATTR}]`)).toHaveLength(0);
    expect(document.querySelectorAll(`dd[${SAVED_ATTR}]`)).toHaveLength(states.filter((s) => s.saved).length);
    // Nothing saved and no highlight: the page is exactly as before.
    marks.apply(states.map((s) => ({ ...s, saved: false })), []);
    expect(document.documentElement.outerHTML).toBe(before);
    marks.apply(states, ['vision']);
    expect(document.documentElement.outerHTML).not.toBe(before);
    marks.clear();
    expect(document.documentElement.outerHTML).toBe(before);
  });

  it('a row holding several entries is dimmed only when all are, and edged when any is saved', () => {
    document.body.innerHTML = '<ul><li><b>A</b><i>B</i></li><li><b>C</b></li></ul>';
    const [a, b, c] = [...document.querySelectorAll('b, i')];
    const [li1, li2] = [...document.querySelectorAll('li')];
    const marks = createRowMarks(() => {});
    const state = (aTopics: string[], saved = false) => [
      { anchor: a!, topics: aTopics, saved },
      { anchor: b!, topics: ['vision'], saved: false },
      { anchor: c!, topics: ['vision'], saved: false },
    ];
    marks.apply(state(['llm']), ['llm']);
    expect([li1!.hasAttribute(DIM_ATTR), li2!.hasAttribute(DIM_ATTR)]).toEqual([false, true]);
    marks.apply(state(['speech'], true), ['llm']);
    expect([li1!.hasAttribute(DIM_ATTR), li2!.hasAttribute(DIM_ATTR)]).toEqual([true, true]);
    expect([li1!.hasAttribute(SAVED_ATTR), li2!.hasAttribute(SAVED_ATTR)]).toEqual([true, false]);
    marks.clear();
    expect(document.body.innerHTML).toBe('<ul><li><b>A</b><i>B</i></li><li><b>C</b></li></ul>');
  });

  it('leaves entries without a list row alone, and a page with one entry (a paper page) entirely', () => {
    document.body.innerHTML = '<h1 class="title">A Paper</h1><p>text</p><h1 class="title">B</h1>';
    const html = document.body.innerHTML;
    const marks = createRowMarks(() => {});
    const [a, b] = [...document.querySelectorAll('h1')];
    marks.apply([{ anchor: a!, topics: ['vision'], saved: true }, { anchor: b!, topics: [], saved: true }], ['llm']);
    expect(document.body.innerHTML).toBe(html);
    expect(document.getElementById('paperlens-row-marks')).toBeNull();
    // PMLR's paper page puts its title in an <article>: alone on the page, it is not a listing row.
    document.body.innerHTML = '<article class="post-content"><h1>A Paper</h1></article>';
    marks.apply([{ anchor: document.querySelector('h1')!, topics: ['vision'], saved: true }], ['llm']);
    expect(document.body.innerHTML).toBe('<article class="post-content"><h1>A Paper</h1></article>');
  });
});

describe('rows on the saved listing pages of every supported site', () => {
  // [fixture, URL, the row element(s) every entry must get]. Pages without a per-entry container (alphaXiv's
  // utility-class cards, a Hugging Face collection) are left alone: an entry there gets no row.
  const PAGES: [string, string, string][] = [
    ['huggingface/daily-papers-2026-09-28-rendered.html', 'https://huggingface.co/papers', 'ARTICLE'],
    ['scholar/search-2020-11-10results.html', 'https://scholar.google.com/scholar?q=x', 'DIV'],
    ['scholar/search-2026-03-10results-key-redacted.html', 'https://scholar.google.com/scholar?q=x', 'DIV'],
    ['scholar/profile-RECONSTRUCTED.html', 'https://scholar.google.com/citations?user=abc', 'TR'],
    ['dblp/pid-40-7744-RECONSTRUCTED.html', 'https://dblp.org/pid/40/7744.html', 'LI'],
    ['openreview/group-ICLR-2018-saved-complete.html.gz', 'https://openreview.net/group?id=ICLR.cc/2018/Conference', 'LI'],
    ['neurips/listing-2023-RECONSTRUCTED.html', 'https://proceedings.neurips.cc/paper_files/paper/2023', 'LI'],
    ['pmlr/volume-v202-excerpt-RECONSTRUCTED.html', 'https://proceedings.mlr.press/v202/', 'DIV'],
    ['cvf/CVPR2019-all-papers-2019-06-saved-complete.html.gz', 'https://openaccess.thecvf.com/CVPR2019?day=all', 'DT+DD+DD'],
    ['aclanthology/volume-N19-1-RECONSTRUCTED.html', 'https://aclanthology.org/volumes/N19-1/', 'DIV'],
    ['semanticscholar/search-attention-RECONSTRUCTED.html', 'https://www.semanticscholar.org/search?q=attention', 'DIV'],
    ['arxiv/search-attention-RECONSTRUCTED.html', 'https://arxiv.org/search/?query=attention&searchtype=all', 'LI'],
    ['arxiv/list-cs-new-2018-07-20-excerpt.html', 'https://arxiv.org/list/cs/new', 'DT+DD'],
  ];
  for (const [file, url, shape] of PAGES) {
    it(`${file}: one row of its own per entry (${shape})`, () => {
      const { document: doc, entries } = parsePage(siteAdapterFor(new URL(url))!, readFixture(file), url);
      vi.stubGlobal('document', doc);
      expect(entries.length).toBeGreaterThan(0);
      const owners = new Map<Element, number>();
      for (const e of entries) {
        const rows = rowOf(e.anchor);
        expect(rows.map((r) => r.tagName).join('+'), e.title).toBe(shape);
        expect(rows.some((r) => r.contains(e.anchor))).toBe(true);
        for (const r of rows) owners.set(r, (owners.get(r) ?? 0) + 1);
      }
      expect([...owners.values()].every((n) => n === 1)).toBe(true);
    }, 30_000);
  }
});
