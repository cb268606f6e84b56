// ACL Anthology: paper pages (/2021.naacl-main.208/, /N04-1001/), author pages (/people/…) and
// volume/event listings (/volumes/…, /events/…). Static Hugo pages, no client rendering.
// Fixtures: test/fixtures/aclanthology/ (see test/fixtures/README.md). The volume page is reconstructed.

import { parseDoi } from '../core/normalize';
import { compact, elementText, metaContent, queryFirstAlternative, queryOne } from './dom';
import type { FoundEntry, SiteAdapter } from './types';

const HOST = 'aclanthology.org';

// Anthology ids: new style 2022.in2writing-1.1, 2021.naacl-main.208, 2023.findings-acl.100; old style N04-1001, W19-4201.
const ANTHOLOGY_ID = String.raw`\d{4}\.[a-z0-9]+(?:-[a-z0-9]+)*\.\d+|[A-Z]\d{2}-\d{4,5}`;
const PAPER_PATH = new RegExp(`^/(${ANTHOLOGY_ID})/?$`);
// /people/andreas-madsack/ (2026), /people/a/andreas-madsack/ (2023), /people/andreas-madsack/unverified/
const PEOPLE_PATH = /^\/people\/[\w.-]+(?:\/[\w.-]+)?\/?$/;
// /volumes/2022.in2writing-1/, /volumes/N19-1/, /events/acl-2022/
const LISTING_PATH = /^\/(?:volumes|events)\/[\w.-]+\/?$/;

/**
 * Paper title links on listings (author, volume and event pages), one per paper.
 * Anchor choice: the `<strong>` around the link; badges go after it, before the `<br>` and author line.
 */
const LISTING_TITLE_LINKS = [
  // Structure-light, both layouts: 2026 redesign (Hugo 0.160) `#main div.d-sm-flex > span.d-block > strong > a` and
  // 2023 (Hugo 0.108) `#main p.d-sm-flex > span.d-block > strong > a`; the href filter below keeps paper links only.
  '#main strong > a[href^="/"]',
  // Main section renamed: the title links still have the `align-middle` class and an anthology-id href.
  'strong > a.align-middle[href^="/"]',
];
/** The row around a title link: 2026 `div.d-sm-flex`, 2023 `p.d-sm-flex`. */
const LISTING_ROW = ['.d-sm-flex'];
/** Paper link targets: "/2022.in2writing-1.1/", "/W19-4201/". */
const PAPER_HREF = new RegExp(`^/(${ANTHOLOGY_ID})/?$`);

/** The paper page's title. */
const PAPER_TITLE = [
  // 2023–2026 paper page: <h2 id="title"><a href="….pdf">TITLE</a></h2>
  'h2#title',
  '#main h2',
];
/** <div class="card-body acl-abstract"><h5>Abstract</h5><span>TEXT</span> */
const PAPER_ABSTRACT = ['.acl-abstract > span', '.acl-abstract'];

export const aclanthology: SiteAdapter = {
  id: 'aclanthology',
  name: 'ACL Anthology',
  matches: ['https://aclanthology.org/*'],
  testUrls: [
    'https://aclanthology.org/2021.naacl-main.208/',
    'https://aclanthology.org/N04-1001/',
    'https://aclanthology.org/2022.in2writing-1.1',
    'https://aclanthology.org/people/andreas-madsack/',
    'https://aclanthology.org/people/andreas-madsack/unverified/',
    'https://aclanthology.org/people/a/andreas-madsack/',
    'https://aclanthology.org/volumes/N19-1/',
    'https://aclanthology.org/events/acl-2022/',
  ],
  claims(url) {
    if (url.protocol !== 'https:' || url.hostname !== HOST) return false;
    const path = url.pathname;
    return PAPER_PATH.test(path) || PEOPLE_PATH.test(path) || LISTING_PATH.test(path);
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
  const seen = new Set<string>();
  for (const link of queryFirstAlternative(root, LISTING_TITLE_LINKS)) {
    const id = PAPER_HREF.exec(link.getAttribute('href') ?? '')?.[1];
    if (!id || isFrontMatter(id) || seen.has(id)) continue;
    const title = elementText(link);
    if (!title) continue;
    seen.add(id);
    entries.push(compact({ anchor: link.parentElement ?? link, title, abstract: listingAbstract(link) }));
  }
  return entries;
}

/** The collapsed abstract card the row's "abs" badge opens (<a href="#abstract-…"> → div#abstract-… .card-body). */
function listingAbstract(link: Element): string | undefined {
  const row = link.closest(LISTING_ROW.join(', '));
  const target = row?.querySelector('a[href^="#abstract-"]')?.getAttribute('href')?.slice(1);
  const card = target ? link.ownerDocument.getElementById(target) : null;
  return elementText(card?.querySelector('.card-body') ?? card) || undefined;
}

/** A volume's front matter ("Proceedings of …"), listed first on volume pages: 2022.in2writing-1.0, N19-1000, W19-4200. */
function isFrontMatter(id: string): boolean {
  if (/\.0$/.test(id)) return true;
  const old = /^([A-Z])\d{2}-(\d{4,5})$/.exec(id);
  if (!old) return false;
  // Old ids: W-series workshops have two-digit volume + two-digit paper numbers, the others one + three.
  return old[1] === 'W' ? /00$/.test(old[2]!) : /000$/.test(old[2]!);
}

function paperPage(root: ParentNode): FoundEntry[] {
  const heading = queryOne(root, PAPER_TITLE);
  if (!heading) return [];
  const title = elementText(heading) || metaContent(root, 'citation_title');
  if (!title) return [];
  const doi = parseDoi(metaContent(root, 'citation_doi'));
  const abstract = elementText(queryOne(root, PAPER_ABSTRACT), { skip: (el) => el.tagName === 'H5' });
  return [compact({ anchor: heading, doi, title, abstract })];
}
