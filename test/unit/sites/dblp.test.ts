import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { dblp } from '../../../utils/sites/dblp';
import { loadPage, readFixture } from '../../helpers/fixtures';

// All dblp pages here are RECONSTRUCTED from the 2024–2026 markup (no real capture exists); see test/fixtures/README.md.
const PID = 'dblp/pid-40-7744-RECONSTRUCTED.html';
const TOC = 'dblp/db-conf-nips-nips2017-RECONSTRUCTED.html';
const SEARCH = 'dblp/search-attention-is-all-you-need-RECONSTRUCTED.html';

const read = readFixture;
const load = (file: string, url: string) => loadPage(dblp, file, url);
const keys = (entries: ReturnType<typeof load>['entries']) => entries.map(({ arxivId, doi, title }) => ({ arxivId, doi, title }));

describe('dblp: author page (/pid/…)', () => {
  const { document, entries } = load(PID, 'https://dblp.org/pid/40/7744.html');

  it('finds the 8 publication rows (not the year headers), with DOIs, arXiv ids and titles without dblp’s final period', () => {
    expect(document.querySelectorAll('ul.publ-list > li')).toHaveLength(11); // 8 entries + 3 li.year
    expect(keys(entries)).toEqual([
      { arxivId: undefined, doi: '10.1109/cvpr46437.2021.01270', title: 'Scaling Local Self-Attention for Parameter Efficient Visual Backbones' },
      // CoRR since 2023: the ee link is arXiv's DOI, reported as the arXiv id
      { arxivId: '2103.12731', doi: undefined, title: 'Scaling Local Self-Attention For Parameter Efficient Visual Backbones' },
      { arxivId: undefined, doi: '10.18653/v1/n18-2074', title: 'Self-Attention with Relative Position Representations' },
      { arxivId: undefined, doi: undefined, title: 'Image Transformer' },
      // older CoRR rows link arxiv.org/abs
      { arxivId: '1803.02155', doi: undefined, title: 'Self-Attention with Relative Position Representations' },
      { arxivId: undefined, doi: undefined, title: 'Attention is All you Need' },
      { arxivId: '1706.03762', doi: undefined, title: 'Attention Is All You Need' },
      // no ee link: the id comes from the CoRR volume number "abs/1706.05137"
      { arxivId: '1706.05137', doi: undefined, title: 'One Model To Learn Them All' },
    ]);
  });

  it('anchors each entry on its span.title inside the citation', () => {
    for (const entry of entries) expect(entry.anchor.matches('li.entry cite span.title')).toBe(true);
    expect(new Set(entries.map((e) => e.anchor)).size).toBe(entries.length);
  });

  it('reads the arXiv id from a CoRR record key when the row has neither ee link nor volume', () => {
    const dom = new JSDOM(read(PID), { url: 'https://dblp.org/pid/40/7744.html' });
    const row = dom.window.document.getElementById('journals/corr/abs-2103-12731')!;
    row.querySelector('nav.publ')!.remove();
    const entry = dblp.findEntries(dom.window.document, new URL('https://dblp.org/pid/40/7744.html'))[1]!;
    expect(entry).toMatchObject({ arxivId: '2103.12731', title: 'Scaling Local Self-Attention For Parameter Efficient Visual Backbones' });
  });
});

describe('dblp: proceedings table of contents (/db/conf/nips/nips2017.html)', () => {
  const { entries } = load(TOC, 'https://dblp.org/db/conf/nips/nips2017.html');

  it('skips the proceedings volume (li.entry.editor) and keeps "?" titles whole', () => {
    expect(keys(entries)).toEqual([
      { arxivId: undefined, doi: undefined, title: 'Dynamic Routing Between Capsules' },
      { arxivId: undefined, doi: undefined, title: 'What Uncertainties Do We Need in Bayesian Deep Learning for Computer Vision?' },
      { arxivId: undefined, doi: undefined, title: 'Attention is All you Need' },
    ]);
  });
});

describe('dblp: search results (/search?q=…)', () => {
  const { entries } = load(SEARCH, 'https://dblp.org/search?q=attention+is+all+you+need');

  it('finds the 4 result rows', () => {
    expect(keys(entries)).toEqual([
      { arxivId: undefined, doi: undefined, title: 'Attention is not all you need: pure attention loses rank doubly exponentially with depth' },
      { arxivId: '2103.03404', doi: undefined, title: 'Attention is Not All You Need: Pure Attention Loses Rank Doubly Exponentially with Depth' },
      { arxivId: undefined, doi: undefined, title: 'Attention is All you Need' },
      { arxivId: '1706.03762', doi: undefined, title: 'Attention Is All You Need' },
    ]);
  });
});

describe('dblp: claims and negative cases', () => {
  it('claims its test URLs, on both hosts', () => {
    for (const url of dblp.testUrls) expect(dblp.claims(new URL(url)), url).toBe(true);
    expect(dblp.claims(new URL('https://dblp.uni-trier.de/db/conf/nips/nips2017.html'))).toBe(true);
  });

  it('does not claim dblp pages that list no papers, exports, empty searches, other hosts or http', () => {
    for (const url of [
      'https://dblp.org/',
      'https://dblp.org/search?q=',
      'https://dblp.org/search',
      'https://dblp.org/db/conf/nips/index.html',
      'https://dblp.org/db/conf/nips/',
      'https://dblp.org/pid/40/7744.xml',
      'https://dblp.org/pid/40/7744.bib',
      'https://dblp.org/rec/conf/nips/VaswaniSPUJGKP17.html',
      'http://dblp.org/pid/40/7744.html',
      'https://dblp.example.org/pid/40/7744.html',
    ]) {
      expect(dblp.claims(new URL(url)), url).toBe(false);
    }
  });

  it('finds nothing in an empty or garbled document, or in rows without a title', () => {
    for (const html of ['', '<<<ul class="publ-list"><li class="entry">&&&', '<ul class="publ-list"><li class="entry article"><cite></cite></li><li class="year">2020</li></ul>']) {
      const dom = new JSDOM(html, { url: 'https://dblp.org/pid/40/7744.html' });
      expect(dblp.findEntries(dom.window.document, new URL('https://dblp.org/pid/40/7744.html')), html).toEqual([]);
    }
  });
});
