// Demo pages for the second batch of site adapters (dblp, NeurIPS, PMLR, CVF, alphaXiv, HF collections),
// for end-to-end tests (Node only). Same contract as test/helpers/demo-pages.ts: one saved page per site,
// served under its real URL, with its real markup; 1–3 entries are rewritten to corpus papers. Only ids
// (in attributes and id labels) and titles change, always as text (textContent / attribute values),
// never parsed as HTML. Sites whose entries carry no arXiv id (NeurIPS, PMLR, CVF listings, dblp
// conference rows) get the exact corpus title, which is what the adapter reads and the lookup matches.
//
// `placed` lists the corpus `Paper.id` of every entry on the page that is a corpus paper, in document
// order, one item per entry: the rewritten ones plus any real entry whose arXiv id, DOI or normalised
// title is in the corpus (a paper shown twice, e.g. a dblp conference row and its CoRR row, appears twice).

import { JSDOM } from 'jsdom';
import { arxivIdFromDoi, normalizeTitle, parseArxivId, parseDoi } from '../../utils/core/normalize';
import type { CorpusFile, Paper } from '../../utils/core/types';
import { readFixture } from './fixtures';


/** The saved pages (paths under test/fixtures/) and the URLs they are served at. */
export const SITE_PAGES_B = {
  dblp: { source: 'dblp/pid-40-7744-RECONSTRUCTED.html', url: 'https://dblp.org/pid/40/7744.html' },
  neurips: { source: 'neurips/listing-2023-RECONSTRUCTED.html', url: 'https://proceedings.neurips.cc/paper_files/paper/2023' },
  pmlr: { source: 'pmlr/volume-v202-excerpt-RECONSTRUCTED.html', url: 'https://proceedings.mlr.press/v202/' },
  cvf: { source: 'cvf/CVPR2019-all-papers-2019-06-saved-complete.html.gz', url: 'https://openaccess.thecvf.com/CVPR2019.py' },
  alphaxiv: { source: 'alphaxiv/explore-RECONSTRUCTED.html', url: 'https://www.alphaxiv.org/explore' },
  hfCollection: {
    source: 'huggingface/collection-meta-llama-llama-2-family-RECONSTRUCTED.html',
    url: 'https://huggingface.co/collections/meta-llama/llama-2-family-661da1f90a9d678b6f55773b',
  },
} as const;

export interface SitePageB {
  html: string;
  placed: string[];
}

/** One row of a page as the helper reads it (independently of the adapters), with a way to rewrite it. */
interface Row {
  keys: { arxivId?: string; doi?: string; title: string };
  rewrite(paper: Paper): void;
}

interface SiteSpec {
  /** Rows in document order. */
  rows(doc: Document): Row[];
  /** Which rows to rewrite, and whether they need a corpus paper with a new-style arXiv id. */
  targets: { index: number; needs: 'any' | 'arxiv' | 'newArxiv' }[];
}

export function buildSitePagesB(corpus: CorpusFile): Map<string, SitePageB> {
  const index = new CorpusIndex(corpus);
  const pages = new Map<string, SitePageB>();
  for (const [site, { source, url }] of Object.entries(SITE_PAGES_B) as [keyof typeof SITE_PAGES_B, { source: string; url: string }][]) {
    const dom = new JSDOM(readFixture(source), { url });
    const doc = dom.window.document;
    const spec = SPECS[site];
    const rows = spec.rows(doc);
    const used = new Set<string>();
    for (const { index: i, needs } of spec.targets) {
      const row = rows[i];
      const paper = index.pick(needs, used);
      if (!row || !paper) continue;
      used.add(paper.id);
      row.rewrite(paper);
    }
    // Read the page again after rewriting: placed = every row that is a corpus paper, in order.
    const placed = spec
      .rows(doc)
      .map((row) => index.lookup(row.keys))
      .filter((id): id is string => id !== undefined);
    pages.set(url, { html: dom.serialize(), placed });
  }
  return pages;
}

// ---------------------------------------------------------------------------------------------
// Sites

const SPECS: Record<keyof typeof SITE_PAGES_B, SiteSpec> = {
  dblp: {
    // Row 6 is the CoRR record of 1706.03762 (arxiv.org/abs ee link); row 3 (Image Transformer) has no id.
    targets: [
      { index: 6, needs: 'arxiv' },
      { index: 3, needs: 'any' },
    ],
    rows: (doc) =>
      Array.from(doc.querySelectorAll('ul.publ-list > li.entry:not(.editor)')).map((li) => {
        const titleEl = li.querySelector('cite span.title');
        const doi = parseDoi(li.querySelector('nav.publ a[href*="doi.org/10."]')?.getAttribute('href'));
        const arxivLink = li.querySelector('nav.publ a[href*="arxiv.org/abs/"]');
        const volume = li.querySelector('cite [itemprop="volumeNumber"]');
        const arxivId =
          arxivIdFromDoi(doi) ?? parseArxivId(arxivLink?.getAttribute('href')) ?? parseArxivId(volume?.textContent?.replace(/^abs\//, ''));
        return {
          keys: { arxivId, doi: arxivIdFromDoi(doi) ? undefined : doi, title: clean(titleEl?.textContent ?? '').replace(/\.$/, '') },
          rewrite(paper) {
            if (titleEl) titleEl.textContent = /[.?!]$/.test(paper.title) ? paper.title : `${paper.title}.`;
            if (!arxivId || !paper.arxivId) return;
            replaceEverywhere(li, arxivId, paper.arxivId);
            if (volume) volume.textContent = `abs/${paper.arxivId}`;
          },
        };
      }),
  },
  neurips: {
    targets: [
      { index: 0, needs: 'any' },
      { index: 3, needs: 'any' },
    ],
    rows: (doc) => titleRows(doc, 'ul.paper-list li a[title="paper title"]'),
  },
  pmlr: {
    targets: [
      { index: 1, needs: 'any' },
      { index: 4, needs: 'any' },
    ],
    rows: (doc) => titleRows(doc, 'div.paper > p.title'),
  },
  cvf: {
    targets: [
      { index: 0, needs: 'any' },
      { index: 1, needs: 'any' },
      { index: 2, needs: 'any' },
    ],
    rows: (doc) => titleRows(doc, '#content dl > dt.ptitle > a'),
  },
  alphaxiv: {
    targets: [
      { index: 0, needs: 'newArxiv' },
      { index: 2, needs: 'newArxiv' },
    ],
    rows: (doc) =>
      Array.from(doc.querySelectorAll('[data-paper-card]')).map((card) => {
        const titleEl = card.querySelector('a[href^="/abs/"] h2');
        const oldId = parseArxivId(card.querySelector('a[href^="/abs/"]')?.getAttribute('href'));
        return {
          keys: { arxivId: oldId, title: clean(titleEl?.textContent ?? '') },
          rewrite(paper) {
            if (oldId) replaceEverywhere(card, oldId, paper.arxivId!);
            if (titleEl) titleEl.textContent = paper.title;
          },
        };
      }),
  },
  hfCollection: {
    targets: [{ index: 0, needs: 'newArxiv' }],
    rows: (doc) =>
      Array.from(doc.querySelectorAll('main a[href^="/papers/"]'))
        .filter((a) => /^\/papers\/\d{4}\.\d{4,5}$/.test(a.getAttribute('href') ?? ''))
        .map((link) => {
          const titleEl = link.querySelector('h4');
          const oldId = parseArxivId(link.getAttribute('href'));
          return {
            keys: { arxivId: oldId, title: clean(titleEl?.textContent ?? '') },
            rewrite(paper) {
              const item = link.closest('.collection-item') ?? link;
              if (oldId) replaceEverywhere(item, oldId, paper.arxivId!);
              if (titleEl) titleEl.textContent = paper.title;
            },
          };
        }),
  },
};

/** Rows whose only key is the title text of one element. */
function titleRows(doc: Document, selector: string): Row[] {
  return Array.from(doc.querySelectorAll(selector)).map((el) => ({
    keys: { title: clean(el.textContent ?? '') },
    rewrite(paper) {
      el.textContent = paper.title;
    },
  }));
}

// ---------------------------------------------------------------------------------------------
// Helpers


class CorpusIndex {
  private readonly papers: Paper[];
  private readonly byArxivId = new Map<string, string>();
  private readonly byDoi = new Map<string, string>();
  private readonly byTitle = new Map<string, string>();
  constructor(corpus: CorpusFile) {
    this.papers = corpus.papers;
    for (const paper of corpus.papers) {
      if (paper.arxivId) this.byArxivId.set(paper.arxivId, paper.id);
      if (paper.doi) this.byDoi.set(paper.doi.toLowerCase(), paper.id);
      const key = normalizeTitle(paper.title);
      if (key && !this.byTitle.has(key)) this.byTitle.set(key, paper.id);
    }
  }
  /** A corpus paper not used on this page yet, whose title is its own (no other corpus paper shares it). */
  pick(needs: 'any' | 'arxiv' | 'newArxiv', used: Set<string>): Paper | undefined {
    return this.papers.find((paper) => {
      if (used.has(paper.id) || this.byTitle.get(normalizeTitle(paper.title)) !== paper.id) return false;
      if (needs === 'arxiv') return Boolean(paper.arxivId);
      if (needs === 'newArxiv') return /^\d{4}\.\d{4,5}$/.test(paper.arxivId ?? '');
      return true;
    });
  }
  lookup(keys: Row['keys']): string | undefined {
    return (
      (keys.arxivId ? this.byArxivId.get(keys.arxivId) : undefined) ??
      (keys.doi ? this.byDoi.get(keys.doi) : undefined) ??
      this.byTitle.get(normalizeTitle(keys.title))
    );
  }
}

/** Replaces a string in every attribute and text node under (and including) `root`, as text. */
function replaceEverywhere(root: Element, from: string, to: string): void {
  for (const el of [root, ...Array.from(root.querySelectorAll('*'))]) {
    for (const attr of Array.from(el.attributes)) {
      if (attr.value.includes(from)) el.setAttribute(attr.name, attr.value.split(from).join(to));
    }
  }
  const walker = root.ownerDocument.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node as Text;
    if (text.data.includes(from)) text.data = text.data.split(from).join(to);
  }
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
