// NeurIPS proceedings (proceedings.neurips.cc, papers.nips.cc): a year's listing and paper pages.
// The site shows no arXiv ids or DOIs: entries are matched by title.
// Fixtures: test/fixtures/neurips/ (RECONSTRUCTED: no real saved page exists in public test fixtures;
// see test/fixtures/README.md).

import { cleanText } from '../core/normalize';
import { compact, elementText, metaContent, queryFirstAlternative } from './dom';
import type { FoundEntry, SiteAdapter } from './types';

// The same proceedings under their current and historical host names.
const HOSTS = new Set(['proceedings.neurips.cc', 'papers.nips.cc', 'papers.neurips.cc']);

// 2023+ site: /paper_files/paper/2023; the 2020–2022 site: /paper/2019 (now redirected, still linked).
const LIST_PATH = /^\/(?:paper_files\/)?paper\/\d{4}\/?$/;
// /paper_files/paper/2023/hash/<md5>-Abstract-Conference.html (also -Datasets_and_Benchmarks),
// /paper/2019/hash/<md5>-Abstract.html
const PAPER_PATH = /^\/(?:paper_files\/)?paper\/\d{4}\/hash\/[0-9a-f]{32}-Abstract(?:-[\w]+)?\.html$/;

/** Title links on a year's listing, newest layout first. Anchor: the link (authors follow it in the same row). */
const LIST_TITLE_LINKS = [
  // 2023+ listing: <ul class="paper-list"><li class="conference"><div class="paper-content">
  //   <a title="paper title" href="/paper_files/paper/2023/hash/…-Abstract-Conference.html">TITLE</a>
  'ul.paper-list li a[title="paper title"]',
  // 2020–2022 listing: <ul><li><a href="/paper/2019/hash/…-Abstract.html">TITLE</a> <i>AUTHORS</i></li>
  'li a[href*="/hash/"][href*="-Abstract"]',
];

/** The paper page's title: the first <h4> of the content column (later h4s are "Authors", "Abstract"…). */
const PAPER_HEADINGS = [
  // 2020–2026 paper pages: <div class="container-fluid"><div class="col p-3"><h4>TITLE</h4> … <h4>Abstract</h4><p>…
  '.container-fluid .col h4',
  'h4',
];
/** Section headings of the paper page that are never the title. */
const SECTION_HEADINGS = new Set(['Authors', 'Abstract', 'Bibtex', 'Supplemental', 'Reviews', 'Metareview']);

export const neurips: SiteAdapter = {
  id: 'neurips',
  name: 'NeurIPS Proceedings',
  matches: [
    'https://proceedings.neurips.cc/paper_files/paper/*',
    'https://proceedings.neurips.cc/paper/*',
    'https://papers.nips.cc/paper_files/paper/*',
    'https://papers.nips.cc/paper/*',
    'https://papers.neurips.cc/paper_files/paper/*',
    'https://papers.neurips.cc/paper/*',
  ],
  testUrls: [
    'https://proceedings.neurips.cc/paper_files/paper/2023',
    'https://papers.nips.cc/paper_files/paper/2017',
    'https://proceedings.neurips.cc/paper/2019',
    'https://proceedings.neurips.cc/paper_files/paper/2023/hash/0001ca33ba34ce0351e4612b744b3936-Abstract-Conference.html',
    'https://proceedings.neurips.cc/paper_files/paper/2022/hash/0f52d8d3a95f6e6f1ff29ca38ddb4f28-Abstract-Datasets_and_Benchmarks.html',
    'https://papers.nips.cc/paper/2017/hash/3f5ee243547dee91fbd053c1c4a845aa-Abstract.html',
  ],
  claims(url) {
    return url.protocol === 'https:' && HOSTS.has(url.hostname) && (LIST_PATH.test(url.pathname) || PAPER_PATH.test(url.pathname));
  },
  findEntries(root, url) {
    try {
      return PAPER_PATH.test(url.pathname) ? paperPage(root) : listing(root);
    } catch {
      return [];
    }
  },
};

function listing(root: ParentNode): FoundEntry[] {
  const entries: FoundEntry[] = [];
  for (const link of queryFirstAlternative(root, LIST_TITLE_LINKS)) {
    const title = elementText(link);
    if (title) entries.push({ anchor: link, title });
  }
  return entries;
}

function paperPage(root: ParentNode): FoundEntry[] {
  const headings = queryFirstAlternative(root, PAPER_HEADINGS);
  const heading = headings.find((h) => !SECTION_HEADINGS.has(elementText(h)));
  if (!heading) return [];
  const title = elementText(heading) || metaContent(root, 'citation_title');
  if (!title) return [];
  return [compact({ anchor: heading, title, abstract: paperAbstract(headings) })];
}

/** The paragraph(s) after the "Abstract" heading, up to the next heading. */
function paperAbstract(headings: Element[]): string | undefined {
  const heading = headings.find((h) => elementText(h) === 'Abstract');
  const parts: string[] = [];
  for (let el = heading?.nextElementSibling; el && !/^H\d$/.test(el.tagName); el = el.nextElementSibling) {
    if (el.tagName === 'P') parts.push(elementText(el));
  }
  return cleanText(parts.join(' ')) || undefined;
}
