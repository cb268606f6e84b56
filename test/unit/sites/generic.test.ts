import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { generic } from '../../../utils/sites/generic';
import { loadPage } from '../../helpers/fixtures';

const BLOG = 'generic/blog-reading-notes-RECONSTRUCTED.html';
const ACL = 'aclanthology/paper-2021.naacl-main.208.html'; // real page (papis/papis fixture), shared with aclanthology.test.ts
const ARXIV_ABS = 'arxiv/abs-1706.03762-2026-08.html'; // real page

const load = (file: string, url: string) => loadPage(generic, file, url);
const keys = (entries: ReturnType<typeof load>['entries']) => entries.map(({ arxivId, doi, title }) => ({ arxivId, doi, title }));

describe('generic: citation meta tags', () => {
  it('ACL Anthology paper page (real): one entry from citation_title/citation_doi, anchored at h2#title; its own DOI link is not repeated', () => {
    const { document, entries } = load(ACL, 'https://aclanthology.org/2021.naacl-main.208/');
    expect(keys(entries)).toEqual([{ arxivId: undefined, doi: '10.18653/v1/2021.naacl-main.208', title: 'How many data points is a prompt worth?' }]);
    expect(entries[0]!.anchor).toBe(document.querySelector('h2#title'));
  });

  it('arXiv abs page (real): citation_arxiv_id and title, anchored at the page h1; links to its own versions are skipped', () => {
    const { document, entries } = load(ARXIV_ABS, 'https://arxiv.org/abs/1706.03762');
    expect(entries[0]).toMatchObject({ arxivId: '1706.03762', title: 'Attention Is All You Need' });
    expect(entries[0]!.anchor).toBe(document.querySelector('h1.title'));
    expect(entries.slice(1).every((e) => e.arxivId !== '1706.03762')).toBe(true);
  });

  it('reads a DOI from Dublin Core (DC.identifier) when there are no citation tags', () => {
    const { document, entries } = load(BLOG, 'https://example.org/blog/2026/11/attention-reading-notes');
    expect(entries[0]).toEqual({ anchor: document.querySelector('main h1'), doi: '10.5281/zenodo.1234567' });
  });

  it('reports no meta entry when the page has no title element to anchor it', () => {
    const dom = new JSDOM('<head><meta name="citation_title" content="A Paper"><meta name="citation_arxiv_id" content="2401.00001"></head><body><p>x</p></body>', {
      url: 'https://example.org/',
    });
    expect(generic.findEntries(dom.window.document, new URL('https://example.org/'))).toEqual([]);
  });
});

describe('generic: paper links', () => {
  const { document, entries } = load(BLOG, 'https://example.org/blog/2026/11/attention-reading-notes');

  it('finds one entry per arXiv abs/pdf, huggingface.co/papers and doi.org link, in page order', () => {
    expect(keys(entries.slice(1))).toEqual([
      { arxivId: '1706.03762', doi: undefined, title: 'Attention Is All You Need' },
      { arxivId: '1706.03762', doi: undefined, title: undefined }, // "PDF" is not a title
      { arxivId: '1810.04805', doi: undefined, title: 'BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding' },
      { arxivId: undefined, doi: '10.1109/cvpr.2016.90', title: 'Deep Residual Learning for Image Recognition' },
      { arxivId: '2005.14165', doi: undefined, title: undefined }, // arXiv DOI → arXiv id; the DOI text is not a title
      { arxivId: 'hep-th/9711200', doi: undefined, title: undefined },
    ]);
  });

  it('anchors each on its link; skips listings, bare /abs/, /papers, relative links, templates, scripts and the page’s own DOI', () => {
    for (const entry of entries.slice(1)) expect(entry.anchor.tagName).toBe('A');
    expect(entries).toHaveLength(7);
    expect(document.querySelectorAll('a[href]').length).toBeGreaterThan(entries.length + 5);
  });

  it('finds nothing in an empty or garbled document', () => {
    for (const html of ['', '<<<a href="https://arxiv.org/abs/">&&&', '<a href="https://doi.org/">x</a><a href="javascript:alert(1)">arxiv.org/abs/1706.03762</a>']) {
      const dom = new JSDOM(html, { url: 'https://example.org/' });
      expect(generic.findEntries(dom.window.document, new URL('https://example.org/')), html).toEqual([]);
    }
  });
});

describe('generic: claims', () => {
  it('claims any http(s) page and nothing else; has no manifest matches (optional permissions only)', () => {
    for (const url of [...generic.testUrls, 'https://huggingface.co/models', 'http://example.com/abs/1706.03762']) {
      expect(generic.claims(new URL(url)), url).toBe(true);
    }
    for (const url of ['file:///home/me/paper.html', 'chrome://extensions/', 'about:blank', 'ftp://example.org/x']) {
      expect(generic.claims(new URL(url)), url).toBe(false);
    }
    expect(generic.matches).toEqual([]);
  });
});
