// PMLR (proceedings.mlr.press): volume listings (/v202/) and paper pages (/v202/xxx23a.html).
// PMLR pages show no arXiv ids and no DOIs: entries are matched by title.
// Fixtures: test/fixtures/pmlr/ (RECONSTRUCTED: no real saved page exists in public test fixtures;
// see test/fixtures/README.md).

import { compact, elementText, metaContent, queryFirstAlternative, queryOne } from './dom';
import type { FoundEntry, SiteAdapter } from './types';

const HOST = 'proceedings.mlr.press';

// /v202, /v202/ (a volume's table of contents)
const VOLUME_PATH = /^\/v\d+\/?$/;
// /v202/kirchenbauer23a.html, /v80/parmar18a.html (not /v202/assets/…)
const PAPER_PATH = /^\/v\d+\/[\w-]+\.html$/;

/** Paper rows of a volume, newest layout first. */
const PAPERS = [
  // 2017–2026 Jekyll theme: <div class="paper"><p class="title">TITLE</p><p class="details"><span class="authors">…
  'div.paper',
];
/** The row's title (TeX such as `$\ell_1$` may be rendered by MathJax after load). */
const PAPER_TITLE = ['p.title', '.title'];

/** Paper page title; badges go right after it. */
const PAGE_TITLE = [
  // 2017–2026 paper pages: <article class="post-content"><h1>TITLE</h1><span class="authors">…
  'article h1',
  '#content h1',
  'h1',
];
/** <div id="abstract" class="abstract">…</div> after an "Abstract" h4. */
const PAGE_ABSTRACT = ['#abstract', 'div.abstract'];

export const pmlr: SiteAdapter = {
  id: 'pmlr',
  name: 'PMLR',
  matches: ['https://proceedings.mlr.press/v*'],
  testUrls: [
    'https://proceedings.mlr.press/v202/',
    'https://proceedings.mlr.press/v80',
    'https://proceedings.mlr.press/v202/kirchenbauer23a.html',
  ],
  claims(url) {
    return url.protocol === 'https:' && url.hostname === HOST && (VOLUME_PATH.test(url.pathname) || PAPER_PATH.test(url.pathname));
  },
  findEntries(root, url) {
    try {
      return PAPER_PATH.test(url.pathname) ? paperPage(root) : volume(root);
    } catch {
      return [];
    }
  },
};

function volume(root: ParentNode): FoundEntry[] {
  const entries: FoundEntry[] = [];
  for (const row of queryFirstAlternative(root, PAPERS)) {
    const titleEl = queryOne(row, PAPER_TITLE);
    const title = elementText(titleEl);
    if (titleEl && title) entries.push({ anchor: titleEl, title });
  }
  return entries;
}

function paperPage(root: ParentNode): FoundEntry[] {
  const heading = queryOne(root, PAGE_TITLE);
  if (!heading) return [];
  const title = elementText(heading) || metaContent(root, 'citation_title');
  if (!title) return [];
  const abstract = elementText(queryOne(root, PAGE_ABSTRACT)) || metaContent(root, 'citation_abstract');
  return [compact({ anchor: heading, title, abstract })];
}
