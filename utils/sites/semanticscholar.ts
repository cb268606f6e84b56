// Semantic Scholar: paper pages (/paper/<slug>/<id>: the paper itself plus its citation and reference
// rows) and search results (/search?q=…). A client-rendered React app: the content script's shared
// watcher re-runs this on mutations and URL changes; the adapter only reads the current DOM.
// Fixtures: test/fixtures/semanticscholar/ (see test/fixtures/README.md). The search page is reconstructed.

import { arxivIdFromDoi, parseArxivId, parseDoi } from '../core/normalize';
import { compact, elementText, metaContent, queryFirstAlternative, queryOne } from './dom';
import type { FoundEntry, SiteAdapter } from './types';

const HOST = 'www.semanticscholar.org';

// /paper/Where-the-Crosswalk-Ends…/704dde842312c5eabb8c76ecf86b48e9fe68e4fe and the short /paper/<id>
const PAPER_PATH = /^\/paper\/(?:[^/]+\/)?([0-9a-f]{40})\/?$/;
const SEARCH_PATH = /^\/search\/?$/;

/** The paper page's own title; badges go right after it. */
const PAPER_TITLE = [
  // 2024 paper detail page (s2-ui c16a2f6e): <div data-test-id="paper-detail-page-header"> … <h1 data-test-id="paper-detail-title">
  'h1[data-test-id="paper-detail-title"]',
  // Older builds used data-selenium-selector for the same hooks.
  'h1[data-selenium-selector="paper-detail-title"]',
  '.fresh-paper-detail-page__header h1',
];
/** Where the paper page shows its own DOI: <li data-test-id="paper-doi"> … <a class="doi__link" href="https://doi.org/…">. */
const PAPER_DOI = ['[data-test-id="paper-doi"] a[href]', '[data-test-id="paper-doi"]'];
/** The header of the paper page: links to arXiv in it belong to this paper, not to a cited one. */
const PAPER_HEADER = ['[data-test-id="paper-detail-page-header"]', '.fresh-paper-detail-page__header', '.fresh-paper-detail-page__above-the-fold'];
/** Paper links (publisher, open-access copy, "arXiv") above the fold of the paper page. */
const PAPER_LINKS = ['a[data-test-id="paper-link"][href]', '.alternate-sources__dropdown a[href]'];

/** Paper rows: the citation and reference lists of a paper page, the results of a search. */
const PAPER_ROWS = [
  // 2024 paper page lists (under [data-test-id="cited-by"] and [data-test-id="reference"]) and search results
  // (zotero translator: `.result-page .cl-paper-row > a`): <div class="cl-paper-row …" data-paper-id="<40-hex id>">.
  // data-paper-id is not required: search rows are not known to carry it.
  '.cl-paper-row',
  // Class names renamed: rows still carry the paper id.
  'div[data-paper-id]',
];
/** The row's title link; the title heading is inside it. */
const ROW_TITLE_LINK = [
  // paper page rows: <a data-test-id="citation-paper-title" href="/paper/…"><h3 class="cl-paper-title">
  'a[data-test-id="citation-paper-title"]',
  // search rows: <a data-test-id="title-link" href="/paper/…"><h2 class="cl-paper-title">
  'a[data-test-id="title-link"]',
  'a[data-selenium-selector="title-link"]',
];
const ROW_TITLE = ['.cl-paper-title'];

export const semanticscholar: SiteAdapter = {
  id: 'semanticscholar',
  name: 'Semantic Scholar',
  matches: ['https://www.semanticscholar.org/paper/*', 'https://www.semanticscholar.org/search*'],
  testUrls: [
    'https://www.semanticscholar.org/paper/Where-the-Crosswalk-Ends%3A-Mapping-Crosswalk-via-in-Moran/704dde842312c5eabb8c76ecf86b48e9fe68e4fe',
    'https://www.semanticscholar.org/paper/d1de4343d4076843583ca5826f345be6cb5cd75c',
    'https://www.semanticscholar.org/search?q=attention%20is%20all%20you%20need&sort=relevance',
  ],
  claims(url) {
    if (url.protocol !== 'https:' || url.hostname !== HOST) return false;
    if (PAPER_PATH.test(url.pathname)) return true;
    return SEARCH_PATH.test(url.pathname) && !!url.searchParams.get('q');
  },
  findEntries(root, url) {
    try {
      const main = PAPER_PATH.test(url.pathname) ? paperItself(root) : [];
      return [...main, ...paperRows(root)];
    } catch {
      return [];
    }
  },
};

function paperItself(root: ParentNode): FoundEntry[] {
  const heading = queryOne(root, PAPER_TITLE);
  if (!heading) return [];
  const title = elementText(heading) || metaContent(root, 'citation_title');
  const doiEl = queryOne(root, PAPER_DOI);
  const doi =
    parseDoi(doiEl?.getAttribute('href')) ?? parseDoi(elementText(doiEl)) ?? parseDoi(metaContent(root, 'citation_doi'));
  const header = queryOne(root, PAPER_HEADER);
  const links = header ? Array.from(header.querySelectorAll(PAPER_LINKS.join(', '))) : [];
  const arxivId =
    parseArxivId(metaContent(root, 'citation_arxiv_id')) ??
    links.map((a) => arxivIdFromHref(a.getAttribute('href'))).find(Boolean) ??
    arxivIdFromDoi(doi);
  if (!title && !arxivId && !doi) return [];
  return [compact({ anchor: heading, arxivId, doi, title })];
}

function paperRows(root: ParentNode): FoundEntry[] {
  const entries: FoundEntry[] = [];
  for (const row of queryFirstAlternative(root, PAPER_ROWS)) {
    const link = queryOne(row, ROW_TITLE_LINK);
    const heading = queryOne(link ?? row, ROW_TITLE);
    // Badges after the title link, not inside it: inside they would become part of the link.
    const anchor = link ?? heading?.closest('a') ?? heading;
    const title = elementText(heading ?? link);
    if (!anchor || !title) continue;
    const hrefs = Array.from(row.querySelectorAll('a[href]'), (a) => a.getAttribute('href'));
    const arxivId = hrefs.map(arxivIdFromHref).find(Boolean);
    const doi = hrefs.map(doiFromHref).find(Boolean);
    entries.push(compact({ anchor, arxivId, doi, title }));
  }
  return entries;
}

/** arXiv id of an arxiv.org abs/pdf link; other hosts give undefined. */
function arxivIdFromHref(href: string | null): string | undefined {
  const url = safeUrl(href);
  if (!url || !/(?:^|\.)arxiv\.org$/.test(url.hostname)) return undefined;
  const m = /^\/(?:abs|pdf)\/(.+?)(?:\.pdf)?\/?$/.exec(url.pathname);
  return m ? parseArxivId(m[1]) : undefined;
}

function doiFromHref(href: string | null): string | undefined {
  const url = safeUrl(href);
  if (!url || !/^(?:dx\.)?doi\.org$/.test(url.hostname)) return undefined;
  return parseDoi(url.pathname.slice(1));
}

function safeUrl(href: string | null): URL | undefined {
  if (!href) return undefined;
  try {
    return new URL(href, `https://${HOST}/`);
  } catch {
    return undefined;
  }
}
