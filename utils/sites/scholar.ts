// Google Scholar: search results (/scholar?q=…, also cited-by and all-versions lists) and profile
// publication lists (/citations?user=…). Server-rendered; paging is by links (start=).
// Fixtures: test/fixtures/scholar/ (see test/fixtures/README.md). The profile page is reconstructed.

import { parseArxivId, parseDoi } from '../core/normalize';
import { compact, elementText, queryFirstAlternative, queryOne } from './dom';
import type { FoundEntry, SiteAdapter } from './types';

/**
 * Scholar is served on many country domains. Match patterns have no wildcard TLD, so the manifest
 * lists the common ones (US/global, UK, Canada, Australia, India, Germany, France, Spain, Italy,
 * Netherlands, Japan, Brazil); `claims` accepts any scholar.google.<tld> in case more are added.
 */
const HOSTS = [
  'scholar.google.com',
  'scholar.google.co.uk',
  'scholar.google.ca',
  'scholar.google.com.au',
  'scholar.google.co.in',
  'scholar.google.de',
  'scholar.google.fr',
  'scholar.google.es',
  'scholar.google.it',
  'scholar.google.nl',
  'scholar.google.co.jp',
  'scholar.google.com.br',
];
// scholar.google.com, .de, .co.jp, .com.au …
const HOST = /^scholar\.google\.(?:com|(?:com?\.)?[a-z]{2})$/;
// Result lists: a query, a cited-by list (cites=) or the versions of one work (cluster=).
const RESULT_PARAMS = ['q', 'as_q', 'as_epq', 'cites', 'cluster'];

/** The "unusual traffic" interstitial served instead of results: no entries, no error. */
const CAPTCHA = ['form#gs_captcha_f', '#gs_captcha_ccl'];

/** Result rows, newest layout first. */
const RESULT_ROWS = [
  // 2020–2026: <div class="gs_r gs_or gs_scl" data-cid="CLUSTER">. Keying on data-cid leaves out the
  // other `.gs_r` blocks on the page ("related searches" div.gs_qsuggest_wrap, the alert div.gs_alrt_btm).
  'div.gs_r[data-cid]',
  // 2016 layout: <div class="gs_r"> without data-cid; rows without a title (alerts) are skipped below.
  // TODO(2026-11): legacy layout, drop once no such pages are served.
  'div.gs_r',
];
/** The result title: `[PDF]`-style badges, then the title link (or a span for [CITATION] rows). Both layouts. */
const RESULT_TITLE = ['h3.gs_rt'];
/** Type badges inside the title: span.gs_ctc ("[PDF]", "[HTML]"), span.gs_ctu ("[CITATION]", "[BOOK]"). */
const TITLE_BADGE = '.gs_ctc, .gs_ctu, .gs_ct1, .gs_ct2';
/** Links that may point to arXiv or doi.org: the title link and the side links ("[PDF] arxiv.org"). */
const RESULT_LINKS = ['h3.gs_rt a[href]', '.gs_ggs a[href]', '.gs_or_ggsm a[href]'];

/** Profile publication rows (`<tbody id="gsc_a_b"><tr class="gsc_a_tr">`); "Show more" appends rows in place. */
const PROFILE_ROWS = ['#gsc_a_b tr.gsc_a_tr', 'tr.gsc_a_tr'];
/** <td class="gsc_a_t"><a class="gsc_a_at" href="/citations?view_op=view_citation&…">TITLE</a><div class="gs_gray">… */
const PROFILE_TITLE = ['a.gsc_a_at', 'td.gsc_a_t > a'];

export const scholar: SiteAdapter = {
  id: 'scholar',
  name: 'Google Scholar',
  matches: HOSTS.flatMap((host) => [`https://${host}/scholar?*`, `https://${host}/citations?*`]),
  testUrls: [
    'https://scholar.google.com/scholar?hl=en&as_sdt=0%2C5&q=attention+mechanism&btnG=',
    'https://scholar.google.com/scholar?start=10&q=Olympus+Range+geology&hl=en',
    'https://scholar.google.co.jp/scholar?q=%22Learning+deep+architectures+for+AI%22&hl=en',
    'https://scholar.google.de/scholar?cites=5750819312257210840&as_sdt=2005&sciodt=0,5&hl=de',
    'https://scholar.google.co.uk/scholar?cluster=5750819312257210840&hl=en',
    'https://scholar.google.com/citations?user=kukA0LcAAAAJ&hl=en',
    'https://scholar.google.com.br/citations?hl=pt-BR&user=kukA0LcAAAAJ&view_op=list_works&sortby=pubdate',
  ],
  claims(url) {
    if (url.protocol !== 'https:' || !HOST.test(url.hostname)) return false;
    if (url.pathname === '/scholar') return RESULT_PARAMS.some((name) => url.searchParams.get(name));
    if (url.pathname === '/citations') return isProfileList(url.searchParams);
    return false;
  },
  findEntries(root, url) {
    try {
      if (queryOne(root, CAPTCHA)) return [];
      return url.pathname === '/citations' ? profileRows(root) : resultRows(root);
    } catch {
      return [];
    }
  },
};

/** A profile's publication list, not one citation's detail page or the author search. */
function isProfileList(params: URLSearchParams): boolean {
  const view = params.get('view_op');
  return !!params.get('user') && (view === null || view === 'list_works');
}

function resultRows(root: ParentNode): FoundEntry[] {
  const entries: FoundEntry[] = [];
  for (const row of queryFirstAlternative(root, RESULT_ROWS)) {
    const heading = queryOne(row, RESULT_TITLE);
    if (!heading || heading.closest('div.gs_r') !== row) continue; // alerts, suggestions, nested rows
    // The title as shown, truncated ones included ("… erosion, uplift …"): the matcher handles the ellipsis.
    const title = elementText(heading, { skip: (el) => el.matches(TITLE_BADGE) });
    if (!title) continue;
    // All of them, in document order (side links come first): any one may be the arXiv copy.
    const hrefs = Array.from(row.querySelectorAll(RESULT_LINKS.join(', ')), (a) => a.getAttribute('href') ?? '');
    const arxivId = firstDefined(hrefs, arxivIdFromHref);
    const doi = firstDefined(hrefs, doiFromHref);
    entries.push(compact({ anchor: heading, arxivId, doi, title }));
  }
  return entries;
}

function profileRows(root: ParentNode): FoundEntry[] {
  const entries: FoundEntry[] = [];
  for (const row of queryFirstAlternative(root, PROFILE_ROWS)) {
    const link = queryOne(row, PROFILE_TITLE);
    const title = elementText(link);
    if (!link || !title) continue;
    entries.push({ anchor: link, title });
  }
  return entries;
}

function firstDefined(hrefs: string[], parse: (href: string) => string | undefined): string | undefined {
  for (const href of hrefs) {
    const value = parse(href);
    if (value) return value;
  }
  return undefined;
}

/** arXiv id of an arxiv.org abs/pdf link ("https://arxiv.org/pdf/2204.13154"); other hosts give undefined. */
function arxivIdFromHref(href: string): string | undefined {
  const url = safeUrl(href);
  if (!url || !/(?:^|\.)arxiv\.org$/.test(url.hostname)) return undefined;
  const m = /^\/(?:abs|pdf)\/(.+?)(?:\.pdf)?\/?$/.exec(url.pathname);
  return m ? parseArxivId(m[1]) : undefined;
}

/** DOI of a doi.org link only: publisher URLs often carry extra path segments after the DOI. */
function doiFromHref(href: string): string | undefined {
  const url = safeUrl(href);
  if (!url || !/^(?:dx\.)?doi\.org$/.test(url.hostname)) return undefined;
  return parseDoi(url.pathname.slice(1));
}

function safeUrl(href: string): URL | undefined {
  try {
    return new URL(href, 'https://scholar.google.com/');
  } catch {
    return undefined;
  }
}
