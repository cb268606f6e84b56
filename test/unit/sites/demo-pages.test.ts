// The demo/e2e page builder: pages keep their real markup, the adapters find exactly the placed papers.
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import type { CorpusFile, Paper } from '../../../utils/core/types';
import { adapterFor, siteAdapterFor } from '../../../utils/sites/index';
import { DEMO_SOURCES, DEMO_URLS, buildArxivListing, buildDemoPages } from '../../helpers/demo-pages';
import { readFixture } from '../../helpers/fixtures';

const paper = (id: string, title: string): Paper => ({
  id,
  ...(id.startsWith('t:') ? {} : { arxivId: id }),
  title,
  abstract: `Abstract of ${title}. Second sentence.`,
  topics: [],
  links: [],
});

const HOSTILE = 'Markup <img src=x onerror="alert(1)"> & <b>bold</b> stays text';
const corpus: CorpusFile = {
  format: 'paperlens-corpus',
  formatVersion: 1,
  corpusVersion: 'test',
  taxonomyVersion: 1,
  papers: [
    paper('2401.00001', HOSTILE),
    paper('1810.04805', 'BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding'),
    paper('hep-th/9711200', 'The Large N Limit of Superconformal Field Theories and Supergravity'),
    paper('2005.14165', 'Language Models are Few-Shot Learners'),
    paper('1512.03385', 'Deep Residual Learning for Image Recognition'),
    paper('t:0123abcd', 'A Paper Without an arXiv Id'),
    paper('2010.11929', 'An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale'),
    paper('1409.0473', 'Neural Machine Translation by Jointly Learning to Align and Translate'),
    // Also a real entry of the abs page and of the search page: must be reported as placed there too.
    paper('1706.03762', 'Attention Is All You Need'),
  ],
};
const byId = new Map(corpus.papers.map((p) => [p.id, p]));

function corpusEntries(html: string, url: string) {
  const dom = new JSDOM(html, { url });
  const adapter = adapterFor(new URL(url));
  const entries = adapter ? adapter.findEntries(dom.window.document, new URL(url)) : [];
  return { dom, adapter, entries, inCorpus: entries.filter((e) => e.arxivId && byId.has(e.arxivId)) };
}

describe('buildDemoPages', { timeout: 30_000 }, () => {
  const pages = buildDemoPages(corpus, { perListing: 3, perSearch: 2 });

  it('serves every page under its real URL', () => {
    expect([...pages.keys()]).toEqual([
      DEMO_URLS.hfDaily,
      DEMO_URLS.hfPaper('2401.00001'),
      DEMO_URLS.arxivRecent,
      DEMO_URLS.arxivNew,
      DEMO_URLS.arxivAbs('2401.00001'),
      DEMO_URLS.arxivSearch,
      DEMO_URLS.hfModels,
    ]);
  });

  it('keeps each real page’s entries and puts exactly the placed papers on it', () => {
    const realCounts: Record<string, number> = {
      hfDaily: 28, hfPaper: 1, arxivRecent: 50, arxivNew: 87, arxivAbs: 1, arxivSearch: 4,
    };
    for (const [url, page] of pages) {
      if (page.kind === 'hfModels') continue;
      const { entries, inCorpus } = corpusEntries(page.html, url);
      expect(entries, url).toHaveLength(realCounts[page.kind]!);
      expect(inCorpus.map((e) => e.arxivId), url).toEqual(page.placed);
      for (const entry of inCorpus) expect(entry.title, url).toBe(byId.get(entry.arxivId!)!.title);
    }
  });

  it('places consecutive corpus papers, HF pages new-style ids only, and reports real corpus entries too', () => {
    const placed = (url: string) => pages.get(url)!.placed;
    expect(placed(DEMO_URLS.hfDaily)).toEqual(['1810.04805', '2005.14165', '1512.03385']);
    expect(placed(DEMO_URLS.arxivRecent)).toEqual(['1810.04805', 'hep-th/9711200', '2005.14165']);
    expect(placed(DEMO_URLS.arxivNew)).toEqual(['1512.03385', '2010.11929', '1409.0473']);
    // rows 1–2 rewritten; rows 3–4 real (1807.07547, hep-th/9711200), the latter in the corpus
    expect(placed(DEMO_URLS.arxivSearch)).toEqual(['1706.03762', '2401.00001', 'hep-th/9711200']);
    expect(placed(DEMO_URLS.hfPaper('2401.00001'))).toEqual(['2401.00001']);
  });

  it('writes titles as text, never as markup', () => {
    for (const url of [DEMO_URLS.hfPaper('2401.00001'), DEMO_URLS.arxivAbs('2401.00001'), DEMO_URLS.arxivSearch]) {
      const { dom, entries } = corpusEntries(pages.get(url)!.html, url);
      expect(entries.some((e) => e.title === HOSTILE), url).toBe(true);
      expect(dom.window.document.querySelector('img[src="x"], img[onerror]'), url).toBeNull();
    }
  });

  it('swaps the single paper into the HF paper page: title, id, canonical, abstract, JSON props', () => {
    const url = DEMO_URLS.hfPaper('2401.00001');
    const { dom, entries } = corpusEntries(pages.get(url)!.html, url);
    const doc = dom.window.document;
    expect(entries[0]).toMatchObject({ arxivId: '2401.00001', title: HOSTILE, abstract: byId.get('2401.00001')!.abstract });
    expect(doc.querySelector('link[rel="canonical"]')!.getAttribute('href')).toBe(url);
    expect(doc.documentElement.outerHTML).not.toContain('2509.24002');
    const props = JSON.parse(doc.querySelector('[data-target="PaperContent"]')!.getAttribute('data-props')!);
    expect(props.paper).toMatchObject({ id: '2401.00001', title: HOSTILE });
  });

  it('swaps the single paper into the arXiv abs page: h1, citation meta, abstract', () => {
    const url = DEMO_URLS.arxivAbs('2401.00001');
    const { dom, entries } = corpusEntries(pages.get(url)!.html, url);
    const doc = dom.window.document;
    expect(entries[0]).toMatchObject({ arxivId: '2401.00001', title: HOSTILE, abstract: byId.get('2401.00001')!.abstract });
    expect(doc.querySelector('meta[name="citation_title"]')!.getAttribute('content')).toBe(HOSTILE);
    expect(doc.querySelector('h1.title span.descriptor')!.textContent).toBe('Title:');
    expect(doc.documentElement.outerHTML).not.toContain('1706.03762');
  });

  it('rewrites the HF daily page’s JSON props in step with the cards', () => {
    const doc = new JSDOM(pages.get(DEMO_URLS.hfDaily)!.html).window.document;
    const props = JSON.parse(doc.querySelector('[data-target="DailyPapers"]')!.getAttribute('data-props')!);
    expect(props.dailyPapers.slice(0, 4).map((d: { paper: { id: string } }) => d.paper.id)).toEqual([
      '1810.04805', '2005.14165', '1512.03385', '2609.31394',
    ]);
  });

  it('serves the unchanged HF daily page at /models, where no adapter runs', () => {
    const page = pages.get(DEMO_URLS.hfModels)!;
    expect(page.html).toBe(readFixture(DEMO_SOURCES.hfDaily));
    expect(page.placed).toEqual([]);
    // Only the generic fallback claims it, and that one runs only where the user enabled it.
    expect(adapterFor(new URL(DEMO_URLS.hfModels))?.id).toBe('generic');
    expect(siteAdapterFor(new URL(DEMO_URLS.hfModels))).toBeUndefined();
  });

  it('leaves the pages unchanged for an empty corpus', () => {
    const empty = buildDemoPages({ ...corpus, papers: [] });
    expect([...empty.keys()]).toEqual([DEMO_URLS.hfDaily, DEMO_URLS.arxivRecent, DEMO_URLS.arxivNew, DEMO_URLS.arxivSearch, DEMO_URLS.hfModels]);
    for (const page of empty.values()) expect(page.placed).toEqual([]);
  });
});

// jsdom builds and parses whole pages: allow for a loaded machine (2 cores, other suites running).
describe('buildArxivListing', { timeout: 30_000 }, () => {
  it('builds an n-entry listing from the real entry markup with the corpus papers spread over it', () => {
    const page = buildArxivListing(corpus, 500, { known: 4 });
    const url = 'https://arxiv.org/list/cs.CL/pastweek?show=500';
    const { entries, inCorpus } = corpusEntries(page.html, url);
    expect(entries).toHaveLength(500);
    expect(new Set(entries.map((e) => e.arxivId)).size).toBe(500);
    expect(page.placed).toEqual(['2401.00001', '1810.04805', 'hep-th/9711200', '2005.14165']);
    expect(inCorpus.map((e) => e.arxivId)).toEqual(page.placed);
    expect(entries.indexOf(inCorpus[1]!)).toBe(125);
    expect(entries[1]!.title).toBe('grapheme-kit: Grapheme-Level Metrics and Text Processing for Multilingual NLP');
    expect(entries[51]!.title).toBe('grapheme-kit: Grapheme-Level Metrics and Text Processing for Multilingual NLP (variant 1)');
  });

  it('defaults to one corpus paper per ten entries, capped by the corpus', () => {
    expect(buildArxivListing(corpus, 50).placed).toHaveLength(5);
    expect(buildArxivListing(corpus, 120, { known: 50 }).placed).toHaveLength(8); // 8 corpus papers have an arXiv id
  });
});
