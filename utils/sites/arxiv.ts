// arXiv: listing pages (/list/…, paged with ?skip=&show= up to 2,000 entries), author pages (/a/…),
// catchup pages (/catchup/…), abstract pages (/abs/…) and search results (/search/…).
// Fixtures: test/fixtures/arxiv/ (see test/fixtures/README.md). The search, author and catchup pages
// are reconstructed.

import { parseArxivId, parseDoi } from '../core/normalize';
import { compact, elementText, metaContent, queryFirstAlternative, queryOne } from './dom';
import type { FoundEntry, SiteAdapter } from './types';

const HOST = 'arxiv.org';

// /list/cs.CL/recent, /list/cs/new, /list/cs.LG/pastweek?show=2000, /list/math/2401 …
const LIST_PATH = /^\/list\/[\w.-]+\/[\w.-]+\/?$/;
// /abs/2106.09608, /abs/1706.03762v7, /abs/hep-th/9901001
const ABS_PATH = /^\/abs\/(.+?)\/?$/;
// /search/?query=…, /search/cs?query=…, /search/advanced?…&terms-0-term=…
const SEARCH_PATH = /^\/search(?:\/|$)/;
// Author pages: /a/vaswani_a_1, /a/vaswani_a_1.html, /a/0000-0002-7970-7855 (ORCID); not the .atom/.json feeds.
// Same list template as listings (list/author.html → item_list: <dl id="articles">).
const AUTHOR_PATH = /^\/a\/[\w-]+(?:\.html)?\/?$/;
// Catchup pages: /catchup/cs.CL/2026-07-27 (arxiv-browse: one dl#articles per section) and the legacy
// /catchup?smonth=7&sday=20&syear=2018&archive=cs… (one <dl> per item). The bare /catchup form is not claimed.
const CATCHUP_PATH = /^\/catchup\/[\w.-]+\/\d{4}-\d{2}-\d{2}\/?$/;
const LEGACY_CATCHUP_PATH = /^\/catchup\/?$/;

/** Listing rows: one `<dt>` (identifier and links) followed by its `<dd>` (metadata). */
const LISTING_ROWS = [
  // 2024+ listings (arxiv-browse list_macros.html; the 2026 ds-site-header layout keeps it). `/new` pages have
  // several <dl id="articles"> (new / cross-lists / replacements), so this must be querySelectorAll, not getElementById.
  'dl#articles > dt',
  // Pre-2024 listings: <div id="dlpage"> <h3>section</h3> <dl> <dt> … <span class="list-identifier"> per section.
  // Legacy catchup pages use one <dl> per item, and legacy author pages (/a/…) the same rows: this covers both.
  '#dlpage dl > dt',
];
/** The abstract-page link inside a listing `<dt>` (2024+: a direct child with id=ID; pre-2024: inside span.list-identifier). */
const LISTING_ABS_LINK = ['a[title="Abstract"]', 'a[href^="/abs/"]'];
/** Title inside the row's `<dd>`, after a `span.descriptor` "Title:" (both formats); MathJax may re-render it. */
const LISTING_TITLE = ['div.list-title'];
/** Abstract inside the row's `<dd>` on pages that show abstracts (/new). */
const LISTING_ABSTRACT = ['p.mathjax'];

const ABS_TITLE = [
  // browse 0.3.x abstract pages (2021 and 2026 layouts): <h1 class="title mathjax"><span class="descriptor">Title:</span>…
  '#abs h1.title',
  'h1.title',
];
const ABS_ABSTRACT = [
  // <blockquote class="abstract mathjax"><span class="descriptor">Abstract:</span>…
  '#abs blockquote.abstract',
  'blockquote.abstract',
];

/** arxiv-search results (search-macros.html): no real capture exists; see the reconstructed fixture. */
const SEARCH_ROWS = ['li.arxiv-result'];
// <p class="title is-5 mathjax"> (query hits are wrapped in <span class="search-hit mathjax">)
const SEARCH_TITLE = ['p.title'];
// <p class="list-title is-inline-block"><a href="https://arxiv.org/abs/ID">arXiv:ID</a>
const SEARCH_ID_LINK = ['.list-title a[href*="/abs/"]', '.list-title a'];
// The full abstract is in the DOM but hidden; the short one is truncated. Both end in a "More"/"Less" toggle link.
const SEARCH_ABSTRACT = ['span.abstract-full', 'span.abstract-short'];

export const arxiv: SiteAdapter = {
  id: 'arxiv',
  name: 'arXiv',
  matches: [
    'https://arxiv.org/list/*',
    'https://arxiv.org/abs/*',
    'https://arxiv.org/search/*',
    'https://arxiv.org/a/*',
    'https://arxiv.org/catchup*',
  ],
  testUrls: [
    'https://arxiv.org/list/cs.CL/recent',
    'https://arxiv.org/list/cs/new',
    'https://arxiv.org/list/cs.LG/pastweek?show=2000',
    'https://arxiv.org/list/cs.CL/recent?skip=25&show=25',
    'https://arxiv.org/list/cs.LG/2407?skip=0&show=2000',
    'https://arxiv.org/a/vaswani_a_1',
    'https://arxiv.org/a/vaswani_a_1.html',
    'https://arxiv.org/catchup/cs.CL/2026-07-27',
    'https://arxiv.org/catchup?smonth=07&group=grp_cs&sday=20&num=50&archive=cs&method=with&syear=2018',
    'https://arxiv.org/abs/1706.03762',
    'https://arxiv.org/abs/2106.09608v2',
    'https://arxiv.org/abs/hep-th/9901001',
    'https://arxiv.org/search/?query=attention&searchtype=all&source=header',
    'https://arxiv.org/search/cs?query=transformer&searchtype=title',
  ],
  claims(url) {
    if (url.protocol !== 'https:' || url.hostname !== HOST) return false;
    const path = url.pathname;
    if (LIST_PATH.test(path) || AUTHOR_PATH.test(path) || CATCHUP_PATH.test(path)) return true;
    if (LEGACY_CATCHUP_PATH.test(path)) return isLegacyCatchupQuery(url.searchParams);
    const abs = ABS_PATH.exec(path);
    if (abs) return isArxivId(abs[1]!);
    return SEARCH_PATH.test(path) && isSearchQuery(url.searchParams);
  },
  findEntries(root, url) {
    try {
      return [...arxiv.entries!(root, url)];
    } catch {
      return [];
    }
  },
  entries(root, url) {
    if (ABS_PATH.test(url.pathname)) return absPage(root, url);
    if (SEARCH_PATH.test(url.pathname)) return searchResults(root);
    return listing(root);
  },
};

/** True when the text is exactly one arXiv id, with an optional version. */
function isArxivId(text: string): boolean {
  const id = parseArxivId(text);
  return id !== undefined && new RegExp(`^${id.replace(/[.]/g, '\\.')}(?:v\\d+)?$`).test(text);
}

/** A legacy catchup results page (archive and start date given), not the bare form. */
function isLegacyCatchupQuery(params: URLSearchParams): boolean {
  return Boolean(params.get('archive') && params.get('syear') && params.get('smonth'));
}

/** A results page, not the empty search form. */
function isSearchQuery(params: URLSearchParams): boolean {
  if (params.get('query')) return true;
  for (const [key, value] of params) if (/^terms-\d+-term$/.test(key) && value) return true;
  return false;
}

/** The id in an abstract link: "/abs/2607.22529", "https://arxiv.org/abs/hep-th/9901001v2". */
function idFromAbsHref(href: string | null | undefined): string | undefined {
  const m = href && /\/abs\/([^?#]+)/.exec(href);
  return m ? parseArxivId(m[1]) : undefined;
}

/** Listing rows one at a time (a listing shows up to 2,000): the content script reads them in time slices. */
function* listing(root: ParentNode): Generator<FoundEntry> {
  for (const dt of queryFirstAlternative(root, LISTING_ROWS)) {
    const link = queryOne(dt, LISTING_ABS_LINK);
    const arxivId = idFromAbsHref(link?.getAttribute('href')) ?? parseArxivId(link?.textContent);
    const dd = dt.nextElementSibling?.tagName === 'DD' ? dt.nextElementSibling : null;
    const titleEl = dd ? queryOne(dd, LISTING_TITLE) : null;
    const title = elementText(titleEl, { dropDescriptor: true });
    if (!arxivId && !title) continue;
    const anchor = titleEl ?? link ?? dt;
    const abstract = dd ? elementText(queryOne(dd, LISTING_ABSTRACT)) : '';
    yield compact({ anchor, arxivId, title, abstract });
  }
}

function absPage(root: ParentNode, url: URL): FoundEntry[] {
  const heading = queryOne(root, ABS_TITLE);
  if (!heading) return [];
  const arxivId = parseArxivId(metaContent(root, 'citation_arxiv_id')) ?? parseArxivId(ABS_PATH.exec(url.pathname)?.[1]);
  const title = elementText(heading, { dropDescriptor: true }) || metaContent(root, 'citation_title');
  if (!arxivId && !title) return [];
  const abstract =
    elementText(queryOne(root, ABS_ABSTRACT), { dropDescriptor: true }) || metaContent(root, 'citation_abstract');
  // A journal DOI when the authors added one (arXiv's own 10.48550 DOI is not emitted as citation_doi).
  const doi = parseDoi(metaContent(root, 'citation_doi'));
  return [compact({ anchor: heading, arxivId, doi, title, abstract })];
}

function searchResults(root: ParentNode): FoundEntry[] {
  const entries: FoundEntry[] = [];
  for (const row of queryFirstAlternative(root, SEARCH_ROWS)) {
    const link = queryOne(row, SEARCH_ID_LINK);
    const arxivId = parseArxivId(link?.textContent) ?? idFromAbsHref(link?.getAttribute('href'));
    const titleEl = queryOne(row, SEARCH_TITLE);
    const title = elementText(titleEl);
    if (!arxivId && !title) continue;
    const abstract = elementText(queryOne(row, SEARCH_ABSTRACT), { skip: (el) => el.tagName === 'A' });
    entries.push(compact({ anchor: titleEl ?? link ?? row, arxivId, title, abstract }));
  }
  return entries;
}
