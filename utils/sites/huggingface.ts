// Hugging Face Papers: paper lists (daily/weekly/monthly, trending, search) and single paper pages.
// Fixtures: test/fixtures/huggingface/ (see test/fixtures/README.md).

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
  matches: ['https://huggingface.co/papers*'],
  testUrls: [
    'https://huggingface.co/papers',
    'https://huggingface.co/papers?q=diffusion',
    'https://huggingface.co/papers/date/2026-09-28',
    'https://huggingface.co/papers/week/2026-W39',
    'https://huggingface.co/papers/month/2026-09',
    'https://huggingface.co/papers/trending',
    'https://huggingface.co/papers/2509.24002',
  ],
  claims(url) {
    return url.protocol === 'https:' && url.hostname === HOST && (LIST_PATH.test(url.pathname) || PAPER_PATH.test(url.pathname));
  },
  findEntries(root, url) {
    try {
      return PAPER_PATH.test(url.pathname) ? paperPage(root, url) : listPage(root);
    } catch {
      return [];
    }
  },
};

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
