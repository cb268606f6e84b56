// Demo pages for end-to-end tests, part A: Google Scholar, Semantic Scholar, OpenReview, ACL Anthology (Node only).
//
// One real saved page per site (test/fixtures/, see its README), served under its real URL. The first K
// entries are rewritten to corpus papers: only titles (and the abstract/snippet text shown with them)
// change, always as text (textContent), never parsed as HTML. None of these entries carries an arXiv id
// on these pages, so the badge must come from the title alone: the corpus paper's exact title is used.
//
// `placed` lists, in document order, the corpus `Paper.id`s of the entries that must get badges: the
// rewritten ones plus any real entry whose arXiv id, DOI or normalised title is in the corpus. It is
// computed from the page markup with this file's own selectors, independently of the adapters.

import { JSDOM } from 'jsdom';
import { normalizeTitle, parseArxivId, parseDoi } from '../../utils/core/normalize';
import type { CorpusFile, Paper } from '../../utils/core/types';
import { readFixture } from './fixtures';


export interface SitePageA {
  html: string;
  /** Corpus ids of the entries that must get badges, in document order. */
  placed: string[];
}

/** The saved pages used (paths under test/fixtures/) and the URLs they are served at. */
export const SITE_PAGES_A = {
  scholar: {
    source: 'scholar/search-2026-03-10results-key-redacted.html',
    url: 'https://scholar.google.com/scholar?hl=en&as_sdt=0%2C5&q=attention+mechanism&btnG=',
  },
  semanticscholar: {
    source: 'semanticscholar/paper-704dde84-crosswalk-2024-02.html.gz',
    url: 'https://www.semanticscholar.org/paper/Where-the-Crosswalk-Ends%3A-Mapping-Crosswalk-via-in-Moran/704dde842312c5eabb8c76ecf86b48e9fe68e4fe',
  },
  openreview: {
    source: 'openreview/group-ICLR-2018-saved-complete.html.gz',
    url: 'https://openreview.net/group?id=ICLR.cc/2018/Conference',
  },
  aclanthology: {
    source: 'aclanthology/people-andreas-madsack-2026-07.html',
    url: 'https://aclanthology.org/people/andreas-madsack/',
  },
} as const;

export type SiteA = keyof typeof SITE_PAGES_A;


/**
 * Builds the four pages. Each page takes up to `perPage` (1–3, default 3) consecutive corpus papers;
 * consecutive pages take the next ones (wrapping around), so one page never shows a paper twice.
 */
export function buildSitePagesA(corpus: CorpusFile, perPage = 3): Map<string /* https URL */, SitePageA> {
  const count = Math.max(1, Math.min(3, perPage));
  const index = new CorpusLookup(corpus);
  let next = 0;
  const take = (): Paper[] => {
    const out: Paper[] = [];
    for (let i = 0; i < Math.min(count, corpus.papers.length); i++) out.push(corpus.papers[(next + i) % corpus.papers.length]!);
    next += out.length;
    return out;
  };
  const pages = new Map<string, SitePageA>();
  for (const site of Object.keys(SITE_PAGES_A) as SiteA[]) {
    pages.set(SITE_PAGES_A[site].url, buildSitePageA(site, take(), index));
  }
  return pages;
}

/** One site's page with the given papers placed on its first entries (exported for the adapter tests). */
export function buildSitePageA(site: SiteA, papers: Paper[], lookup: CorpusLookup | CorpusFile): SitePageA {
  const index = lookup instanceof CorpusLookup ? lookup : new CorpusLookup(lookup);
  const dom = new JSDOM(readFixture(SITE_PAGES_A[site].source));
  const rows = ROWS[site](dom.window.document);
  const placed: string[] = [];
  let i = 0;
  for (const row of rows) {
    // Scholar rows with an "[PDF] arxiv.org" side link keep their real paper: the id would contradict the title.
    const paper = row.rewritable ? papers[i] : undefined;
    if (paper) {
      i++;
      row.titleEl.textContent = paper.title;
      if (row.abstractEl && paper.abstract) row.abstractEl.textContent = row.snippet ? snippet(paper.abstract) : paper.abstract;
      placed.push(paper.id);
      continue;
    }
    const known = index.lookup(row.arxivId, row.doi, cleanSpaces(row.realTitle()));
    if (known) placed.push(known);
  }
  return { html: dom.serialize(), placed };
}

interface Row {
  /** The element whose text is the title (set with textContent when rewritten). */
  titleEl: Element;
  realTitle: () => string;
  abstractEl?: Element | null;
  /** The abstract element shows a shortened snippet. */
  snippet?: boolean;
  arxivId?: string;
  doi?: string;
  rewritable: boolean;
}

const ROWS: Record<SiteA, (doc: Document) => Row[]> = {
  scholar: (doc) =>
    Array.from(doc.querySelectorAll('div.gs_r[data-cid]')).flatMap((row) => {
      const heading = row.querySelector('h3.gs_rt');
      const titleEl = heading?.querySelector(':scope > a') ?? heading?.querySelector(':scope > span[id]');
      if (!heading || !titleEl) return [];
      const hrefs = Array.from(row.querySelectorAll('a[href]'), (a) => a.getAttribute('href') ?? '');
      const arxivId = hrefs.filter((h) => /\/\/arxiv\.org\/(?:abs|pdf)\//.test(h)).map((h) => parseArxivId(h)).find(Boolean);
      return [{ titleEl, realTitle: () => titleEl.textContent ?? '', abstractEl: row.querySelector('.gs_rs'), snippet: true, arxivId, rewritable: !arxivId }];
    }),
  semanticscholar: (doc) => {
    const rows: Row[] = [];
    const h1 = doc.querySelector('h1[data-test-id="paper-detail-title"]');
    if (h1) {
      const doi = parseDoi(doc.querySelector('[data-test-id="paper-doi"] a')?.getAttribute('href'));
      // The page's own paper keeps its real DOI: it is never rewritten.
      rows.push({ titleEl: h1, realTitle: () => h1.textContent ?? '', doi, rewritable: false });
    }
    for (const row of Array.from(doc.querySelectorAll('div.cl-paper-row[data-paper-id]'))) {
      const titleEl = row.querySelector('h3.cl-paper-title');
      if (titleEl) rows.push({ titleEl, realTitle: () => titleEl.textContent ?? '', rewritable: true });
    }
    return rows;
  },
  openreview: (doc) =>
    Array.from(doc.querySelectorAll('li.note[data-id] > h4 > a:first-child')).map((titleEl) => {
      const note = titleEl.closest('li.note')!;
      const label = Array.from(note.querySelectorAll('.note-content-field')).find((f) => /^\s*Abstract:/.test(f.textContent ?? ''));
      return { titleEl, realTitle: () => titleEl.textContent ?? '', abstractEl: label?.nextElementSibling, rewritable: true };
    }),
  aclanthology: (doc) =>
    Array.from(doc.querySelectorAll('#main strong > a[href^="/"]'))
      .filter((a) => /^\/(?:\d{4}\.[\w-]+\.\d+|[A-Z]\d{2}-\d{4,5})\/$/.test(a.getAttribute('href') ?? ''))
      .map((titleEl) => {
        const target = titleEl.closest('.d-sm-flex')?.querySelector('a[href^="#abstract-"]')?.getAttribute('href')?.slice(1);
        const card = target ? doc.getElementById(target)?.querySelector('.card-body') : null;
        return { titleEl, realTitle: () => titleEl.textContent ?? '', abstractEl: card, rewritable: true };
      }),
};

/** Corpus ids by arXiv id, DOI and normalised title. */
export class CorpusLookup {
  private readonly byArxivId = new Map<string, string>();
  private readonly byDoi = new Map<string, string>();
  private readonly byTitle = new Map<string, string>();
  constructor(corpus: CorpusFile) {
    for (const paper of corpus.papers) {
      if (paper.arxivId) this.byArxivId.set(paper.arxivId, paper.id);
      if (paper.doi) this.byDoi.set(paper.doi.toLowerCase(), paper.id);
      const key = normalizeTitle(paper.title);
      if (key && !this.byTitle.has(key)) this.byTitle.set(key, paper.id);
    }
  }
  lookup(arxivId: string | undefined, doi: string | undefined, title: string): string | undefined {
    return (
      (arxivId ? this.byArxivId.get(arxivId) : undefined) ??
      (doi ? this.byDoi.get(doi.toLowerCase()) : undefined) ??
      this.byTitle.get(normalizeTitle(title))
    );
  }
}

function snippet(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)} …` : text;
}

function cleanSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
