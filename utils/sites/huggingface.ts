// Hugging Face Papers: paper lists (daily/weekly/monthly, trending, search), single paper pages,
// collections (/collections/<owner>/<slug>) and user/org profiles (/<name>) where they list papers.
// Fixtures: test/fixtures/huggingface/ (see test/fixtures/README.md; the collection and profile pages
// are RECONSTRUCTED).

import { parseArxivId } from '../core/normalize';
import { compact, elementText, jsonAttribute, queryFirstAlternative, queryOne } from './dom';
import type { FoundEntry, SiteAdapter } from './types';

const HOST = 'huggingface.co';

// /papers (also ?q= search and the old ?date= form), /papers/date/2026-09-28, /papers/week/2026-W39,
// /papers/month/2026-09, /papers/trending. Period switches happen client-side on the same URLs.
const LIST_PATH = /^\/papers(?:\/(?:date\/\d{4}-\d{2}-\d{2}|week\/\d{4}-W\d{1,2}|month\/\d{4}-\d{2}|trending))?\/?$/;
// /papers/2509.24002 (HF paper pages exist for new-style arXiv ids only).
const PAPER_PATH = /^\/papers\/(\d{4}\.\d{4,5})(?:v\d+)?\/?$/;
// A card's paper link: href="/papers/2609.31620" (the #community variant is the comments link).
const PAPER_HREF = /^\/papers\/(\d{4}\.\d{4,5})(?:v\d+)?$/;
// /collections/meta-llama/llama-31-669fc079a0c406a149a5738f (a collection's items: models, datasets, papers…)
const COLLECTION_PATH = /^\/collections\/[\w.-]+\/[\w.-]+\/?$/;
// /akhaliq, /meta-llama: a user's or an organization's profile, whose "Papers" section links /papers/<id>.
const PROFILE_PATH = /^\/([A-Za-z0-9][\w.-]*)\/?$/;
/**
 * Top-level routes that share the /<name> shape but are not profiles (HF reserves these names).
 * Profiles are claimed but not in `matches`: a manifest pattern for /<name> would have to be
 * https://huggingface.co/* and would inject the content script into every model, dataset and space page.
 */
const NOT_PROFILES = new Set([
  'models', 'datasets', 'spaces', 'docs', 'papers', 'collections', 'blog', 'posts', 'pricing', 'enterprise',
  'learn', 'login', 'join', 'logout', 'settings', 'organizations', 'new', 'new-dataset', 'new-space',
  'new-collection', 'tasks', 'chat', 'search', 'api', 'inference-endpoints', 'inference-api', 'hub', 'welcome',
  'notifications', 'billing', 'oauth', 'sso', 'huggingchat', 'changelog', 'security', 'terms-of-service',
  'privacy', 'code-of-conduct', 'content-guidelines', 'brand', 'jobs', 'contact', 'support', 'storage-regions',
  'leaderboards', 'trending', 'mcp', 'inference', 'static-proxy', 'front', 'avatars', 'robots.txt', 'sitemap.xml',
]);

/**
 * Card title links on list pages, newest layout first.
 * Anchor choice: the `<h3>` around the link, not the link. Badges go after the h3, as a sibling
 * in the card's text column: inside the `<a class="line-clamp-3">` they would be clipped by the
 * line clamp and would navigate on click, and inside the h3 they would inherit its large bold
 * font and hover underline.
 */
const CARD_TITLE_LINKS = [
  // 2025–2026 Svelte/Tailwind cards, rendered by the DailyPapers island (also trending and ?q= search):
  // <article> … <h3><a class="line-clamp-3" href="/papers/ID">TITLE</a></h3>
  'article h3 > a[href^="/papers/"]',
  // Card wrapper changed but the island still renders heading links (data-target is a stable hook).
  '[data-target="DailyPapers"] h3 a[href^="/papers/"]',
  '[data-target="DailyPapers"] h2 a[href^="/papers/"]',
];

/**
 * Paper items on collection and profile pages (no real capture; see the reconstructed fixtures).
 * Item cards are links around the title: <a href="/papers/ID"><h4>TITLE</h4><div>Paper • ID • Published …</div></a>.
 */
const ITEM_LINKS = ['main a[href^="/papers/"]', 'a[href^="/papers/"]'];
/** Page chrome whose paper links are navigation, not items (the header's "Papers" tab). */
const CHROME = 'header, nav, footer';
/** The title inside an item card link. */
const ITEM_TITLE = 'h1, h2, h3, h4, h5';

/** The paper page's title; badges go right after it. */
const PAPER_TITLE = [
  // 2024–2026 paper page: h1 inside the PaperContent island
  '[data-target="PaperContent"] h1',
  // Island wrapper renamed or missing: the page has a single h1
  'main h1',
  'h1',
];

/** The paper page's "Abstract" heading (its next sibling holds the AI summary box and the abstract paragraphs). */
const ABSTRACT_HEADINGS = [
  // 2025 paper page: <h2>Abstract</h2><div class="flex flex-col"><div>AI summary</div><p>abstract</p></div>
  '[data-target="PaperContent"] h2',
  'h2',
];

export const huggingface: SiteAdapter = {
  id: 'huggingface',
  name: 'Hugging Face Papers',
  matches: ['https://huggingface.co/papers*', 'https://huggingface.co/collections/*'],
  testUrls: [
    'https://huggingface.co/papers',
    'https://huggingface.co/papers?q=diffusion',
    'https://huggingface.co/papers/date/2026-09-28',
    'https://huggingface.co/papers/week/2026-W39',
    'https://huggingface.co/papers/month/2026-09',
    'https://huggingface.co/papers/trending',
    'https://huggingface.co/papers/2509.24002',
    'https://huggingface.co/collections/meta-llama/llama-2-family-661da1f90a9d678b6f55773b',
  ],
  claims(url) {
    if (url.protocol !== 'https:' || url.hostname !== HOST) return false;
    const path = url.pathname;
    return LIST_PATH.test(path) || PAPER_PATH.test(path) || COLLECTION_PATH.test(path) || isProfile(path);
  },
  findEntries(root, url) {
    try {
      const path = url.pathname;
      if (PAPER_PATH.test(path)) return paperPage(root, url);
      if (COLLECTION_PATH.test(path) || isProfile(path)) return itemPage(root);
      return listPage(root);
    } catch {
      return [];
    }
  },
};

function isProfile(path: string): boolean {
  const name = PROFILE_PATH.exec(path)?.[1];
  return name !== undefined && !NOT_PROFILES.has(name.toLowerCase());
}

function listPage(root: ParentNode): FoundEntry[] {
  const entries: FoundEntry[] = [];
  const seen = new Set<Element>();
  for (const link of queryFirstAlternative(root, CARD_TITLE_LINKS)) {
    const href = link.getAttribute('href') ?? '';
    const arxivId = PAPER_HREF.exec(href)?.[1];
    const title = elementText(link);
    if (!arxivId && !title) continue;
    const anchor = link.closest('h2, h3') ?? link;
    if (seen.has(anchor)) continue; // one entry per heading
    seen.add(anchor);
    entries.push(compact({ anchor, arxivId, title }));
  }
  return entries;
}

/** Collection and profile pages: one entry per linked paper, in page order (first titled link of a paper wins). */
function itemPage(root: ParentNode): FoundEntry[] {
  const byId = new Map<string, FoundEntry>();
  for (const link of queryFirstAlternative(root, ITEM_LINKS)) {
    const arxivId = PAPER_HREF.exec(link.getAttribute('href') ?? '')?.[1];
    if (!arxivId || link.closest(CHROME)) continue;
    const title = elementText(link.querySelector(ITEM_TITLE) ?? link);
    // Badges go after the link (never inside it, where a click would navigate), or after a heading around it.
    const anchor = link.closest(ITEM_TITLE) ?? link;
    const known = byId.get(arxivId);
    if (!known || (!known.title && title)) byId.set(arxivId, compact({ anchor, arxivId, title }));
  }
  return [...byId.values()];
}

function paperPage(root: ParentNode, url: URL): FoundEntry[] {
  const heading = queryOne(root, PAPER_TITLE);
  if (!heading) return [];
  const canonical = root.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? '';
  const arxivId = idFromPaperUrl(canonical) ?? PAPER_PATH.exec(url.pathname)?.[1];
  const title = elementText(heading);
  if (!arxivId && !title) return [];
  return [compact({ anchor: heading, arxivId, title, abstract: paperAbstract(root) })];
}

function idFromPaperUrl(href: string): string | undefined {
  try {
    const url = new URL(href, 'https://huggingface.co/');
    if (url.hostname !== HOST) return undefined;
    const id = PAPER_PATH.exec(url.pathname)?.[1];
    return id ? parseArxivId(id) : undefined;
  } catch {
    return undefined;
  }
}

/** The abstract paragraphs under the "Abstract" heading; the page's JSON copy when the markup changed. */
function paperAbstract(root: ParentNode): string | undefined {
  const heading = queryFirstAlternative(root, ABSTRACT_HEADINGS).find((h) => elementText(h) === 'Abstract');
  const body = heading?.nextElementSibling;
  if (body) {
    // Direct <p> children only: the AI-generated summary sits in a nested box and is not the abstract.
    const paragraphs = Array.from(body.children).filter((child) => child.tagName === 'P');
    const text = paragraphs.map((p) => elementText(p)).filter(Boolean).join(' ');
    if (text) return text;
  }
  const props = jsonAttribute(root.querySelector('[data-target="PaperContent"]'), 'data-props') as
    | { paper?: { summary?: unknown } }
    | undefined;
  const summary = props?.paper?.summary;
  return typeof summary === 'string' && summary.trim() ? summary.replace(/\s+/g, ' ').trim() : undefined;
}
