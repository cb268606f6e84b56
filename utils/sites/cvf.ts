// CVF Open Access (openaccess.thecvf.com): conference listings (all papers, or one day), workshop
// listings, and paper pages. Rows carry an arXiv link on newer conferences; otherwise titles match.
// Fixtures: test/fixtures/cvf/ (the CVPR 2019 listing is a real saved page; the paper page is
// RECONSTRUCTED, see test/fixtures/README.md).

import { parseArxivId } from '../core/normalize';
import { compact, elementText, metaContent, queryFirstAlternative, queryOne } from './dom';
import type { FoundEntry, SiteAdapter } from './types';

const HOST = 'openaccess.thecvf.com';

// Listings and menus: /CVPR2019.py (2013–2019, all papers), /CVPR2023 (menu of days), /CVPR2023?day=all,
// /ICCV2023?day=2023-10-04, /WACV2024, /CVPR2023_workshops/menu, /CVPR2023_workshops/CV4Animals.
// A menu lists no papers; claiming it is harmless (it yields no entries) and SPA-free navigation reloads anyway.
const LIST_PATH = /^\/(?:CVPR|ICCV|WACV|ECCV|ACCV)\d{4}(?:\.py|_workshops\/[\w-]+(?:\.py)?)?\/?$/;
// /content_CVPR_2019/html/X_CVPR_2019_paper.html, /content/CVPR2023/html/X_CVPR_2023_paper.html,
// /content/CVPR2023W/CV4Animals/html/X_CVPRW_2023_paper.html
const PAPER_PATH = /^\/content(?:_[A-Z]+_\d{4}|\/[A-Z]+\d{4}W?)\/(?:[\w-]+\/)*html\/[^/]+_paper\.html$/;

/** Title links of a listing: <dl><dt class="ptitle"><br><a href="…_paper.html">TITLE</a></dt><dd>authors</dd><dd>links</dd>. */
const LIST_TITLE_LINKS = [
  // 2013–2026 listings (all years share this markup)
  '#content dl > dt.ptitle > a',
  'dt.ptitle > a',
];
/** An arXiv link among a row's links (newer conferences): [<a href="http://arxiv.org/abs/2303.12345">arXiv</a>] */
const ARXIV_LINK = 'a[href*="arxiv.org/abs/"]';

/** Paper page: <div id="papertitle">TITLE</div> (2013–2026). */
const PAPER_TITLE = ['#papertitle'];
const PAPER_ABSTRACT = ['#abstract'];

export const cvf: SiteAdapter = {
  id: 'cvf',
  name: 'CVF Open Access',
  matches: [
    'https://openaccess.thecvf.com/CVPR*',
    'https://openaccess.thecvf.com/ICCV*',
    'https://openaccess.thecvf.com/WACV*',
    'https://openaccess.thecvf.com/ECCV*',
    'https://openaccess.thecvf.com/ACCV*',
    'https://openaccess.thecvf.com/content*',
  ],
  testUrls: [
    'https://openaccess.thecvf.com/CVPR2019.py',
    'https://openaccess.thecvf.com/CVPR2023?day=all',
    'https://openaccess.thecvf.com/ICCV2023?day=2023-10-04',
    'https://openaccess.thecvf.com/WACV2024',
    'https://openaccess.thecvf.com/CVPR2023_workshops/CV4Animals',
    'https://openaccess.thecvf.com/content_CVPR_2019/html/Li_Finding_Task-Relevant_Features_for_Few-Shot_Learning_by_Category_Traversal_CVPR_2019_paper.html',
    'https://openaccess.thecvf.com/content/ICCV2023/html/Kirillov_Segment_Anything_ICCV_2023_paper.html',
    'https://openaccess.thecvf.com/content/CVPR2023W/CV4Animals/html/Example_Paper_CVPRW_2023_paper.html',
  ],
  claims(url) {
    return url.protocol === 'https:' && url.hostname === HOST && (LIST_PATH.test(url.pathname) || PAPER_PATH.test(url.pathname));
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
    const arxivId = rowArxivId(link.parentElement);
    if (title || arxivId) entries.push(compact({ anchor: link, arxivId, title }));
  }
  return entries;
}

/** The arXiv id linked from the row's <dd>s (up to the next <dt>). */
function rowArxivId(dt: Element | null): string | undefined {
  for (let dd = dt?.nextElementSibling; dd && dd.tagName === 'DD'; dd = dd.nextElementSibling) {
    const id = parseArxivId(dd.querySelector(ARXIV_LINK)?.getAttribute('href'));
    if (id) return id;
  }
  return undefined;
}

function paperPage(root: ParentNode): FoundEntry[] {
  const heading = queryOne(root, PAPER_TITLE);
  if (!heading) return [];
  const title = elementText(heading) || metaContent(root, 'citation_title');
  const arxivId = parseArxivId(root.querySelector(`#content ${ARXIV_LINK}, ${ARXIV_LINK}`)?.getAttribute('href'));
  if (!title && !arxivId) return [];
  return [compact({ anchor: heading, arxivId, title, abstract: elementText(queryOne(root, PAPER_ABSTRACT)) })];
}
