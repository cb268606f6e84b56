// alphaXiv (alphaxiv.org): paper pages (/abs/<arXiv id>, /overview/<arXiv id>) and the explore feed,
// whose cards link to /abs/<id>. The site is a client-rendered app: the content script's watcher
// re-runs findEntries as cards and headings appear.
// Fixtures: test/fixtures/alphaxiv/ (RECONSTRUCTED: no real saved page exists in public test fixtures;
// see test/fixtures/README.md).

import { parseArxivId } from '../core/normalize';
import { compact, elementText, metaContent, queryFirstAlternative, queryOne } from './dom';
import type { FoundEntry, SiteAdapter } from './types';

const HOSTS = new Set(['alphaxiv.org', 'www.alphaxiv.org']);

// /abs/2401.12345, /abs/2401.12345v2, /overview/2401.12345 (the id is the page's only reliable key)
const PAPER_PATH = /^\/(?:abs|overview)\/([^/]+?)\/?$/;
// The explore feed: / and /explore (with its sort/filter sub-paths)
const FEED_PATH = /^\/(?:explore(?:\/[\w-]+)*)?\/?$/;
// A card's paper link: href="/abs/2401.12345" (also absolute, and /overview/ links)
const PAPER_HREF = /^(?:https:\/\/(?:www\.)?alphaxiv\.org)?\/(?:abs|overview)\/([^/?#]+)/;

/** Paper links on the feed, tried in order. */
const FEED_LINKS = [
  // Feed cards (2025–2026): <a href="/abs/ID"> around or next to a heading with the title
  'main a[href*="/abs/"]',
  'a[href*="/abs/"]',
  'a[href*="/overview/"]',
];
/** Paper page title; badges go right after it. */
const PAPER_TITLE = ['main h1', 'h1'];
/** A title element inside a card link. */
const CARD_HEADINGS = 'h1, h2, h3, h4';

export const alphaxiv: SiteAdapter = {
  id: 'alphaxiv',
  name: 'alphaXiv',
  matches: [
    'https://www.alphaxiv.org/*',
    'https://alphaxiv.org/*',
  ],
  testUrls: [
    'https://www.alphaxiv.org/abs/1706.03762',
    'https://alphaxiv.org/abs/2509.24002v2',
    'https://www.alphaxiv.org/overview/2509.24002',
    'https://www.alphaxiv.org/',
    'https://www.alphaxiv.org/explore',
  ],
  claims(url) {
    if (url.protocol !== 'https:' || !HOSTS.has(url.hostname)) return false;
    const paper = PAPER_PATH.exec(url.pathname);
    if (paper) return isArxivId(paper[1]!);
    return FEED_PATH.test(url.pathname);
  },
  findEntries(root, url) {
    try {
      const paper = PAPER_PATH.exec(url.pathname);
      return paper ? paperPage(root, paper[1]!) : feed(root);
    } catch {
      return [];
    }
  },
};

/** A bare arXiv id, with an optional version (the URL must name exactly one paper). */
function isArxivId(text: string): boolean {
  const id = parseArxivId(text);
  return id !== undefined && (text === id || new RegExp(`^${id.replace(/\./g, '\\.')}v\\d+$`).test(text));
}

function paperPage(root: ParentNode, idInUrl: string): FoundEntry[] {
  const heading = queryOne(root, PAPER_TITLE);
  if (!heading) return [];
  const arxivId = parseArxivId(idInUrl);
  const title = elementText(heading) || stripSiteName(metaContent(root, 'og:title'));
  return [compact({ anchor: heading, arxivId, title })];
}

/** One entry per paper card: the card's links to /abs/<id> are grouped by id; the titled one is the anchor. */
function feed(root: ParentNode): FoundEntry[] {
  const byId = new Map<string, { anchor: Element; title: string }>();
  const order: string[] = [];
  for (const link of queryFirstAlternative(root, FEED_LINKS)) {
    const arxivId = parseArxivId(PAPER_HREF.exec(link.getAttribute('href') ?? '')?.[1]);
    if (!arxivId) continue;
    // Badges go after the heading around the link, or after the link around the heading: never inside a link.
    const anchor = link.closest(CARD_HEADINGS) ?? link;
    const text = elementText(link.querySelector(CARD_HEADINGS) ?? link);
    const title = looksLikeTitle(text) ? text : '';
    const known = byId.get(arxivId);
    if (!known) order.push(arxivId);
    // The first titled link of a card wins (thumbnails and "comments" links carry no title text).
    if (!known || (!known.title && title)) byId.set(arxivId, { anchor, title });
  }
  return order.map((arxivId) => {
    const { anchor, title } = byId.get(arxivId)!;
    return compact({ anchor, arxivId, title });
  });
}

/** Card link text that reads as a title, not a count, an id or a button label. */
function looksLikeTitle(text: string): boolean {
  return text.length >= 12 && /\p{L}{3}/u.test(text) && !/^(?:arXiv:)?\d{4}\.\d{4,5}/i.test(text) && text.split(' ').length >= 2;
}

function stripSiteName(title: string | undefined): string | undefined {
  return title?.replace(/\s*\|\s*alphaXiv\s*$/i, '').trim() || undefined;
}
