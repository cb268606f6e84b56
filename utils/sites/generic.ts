// Generic fallback for any other page the user enables: citation meta tags (one entry for the page's
// own paper) and links to arXiv, Hugging Face paper pages and DOIs (one entry per link).
// It has no manifest `matches`: it runs only where the user grants the host (optional permissions),
// and the registry consults it last, only when no site adapter claims the page.
// Fixtures: test/fixtures/generic/ (one RECONSTRUCTED blog page) and real pages of other sites.

import { cleanText, arxivIdFromDoi, parseArxivId, parseDoi } from '../core/normalize';
import { compact, elementText, metaContent, queryOne } from './dom';
import type { FoundEntry, SiteAdapter } from './types';

/** Where the page's own title is shown; the meta entry's badge goes after it. */
const MAIN_HEADINGS = ['main h1', 'article h1', '[role="main"] h1', 'h1'];
/** Other headings that may carry the page's title when no h1 does. */
const TITLE_CANDIDATES = 'h1, h2, h3, [id*="title" i], [class*="title" i]';
/** Links are only read from the visible document, not from scripts, templates or our own badges. */
const SKIP_LINK_ANCESTORS = 'head, script, template, noscript, paperlens-badges';
/** Longest label allowed before the title in its element ("Title:"). */
const MAX_LABEL = 12;
/** Upper bound on links read per pass: keeps a pathological page (a link dump) cheap. */
const MAX_LINKS = 2000;

export const generic: SiteAdapter = {
  id: 'generic',
  name: 'Any page (citation tags and paper links)',
  // Empty on purpose: the manifest's content script must not run everywhere by default.
  matches: [],
  testUrls: ['https://example.org/blog/2026/11/attention-reading-notes', 'http://localhost:8080/notes.html'],
  claims(url) {
    return url.protocol === 'https:' || url.protocol === 'http:';
  },
  findEntries(root) {
    try {
      const own = metaEntry(root);
      const entries = own ? [own] : [];
      entries.push(...linkEntries(root, own));
      return entries;
    } catch {
      return [];
    }
  },
};

/** The page's own paper, from Highwire (citation_*) or Dublin Core tags, anchored at its title. */
function metaEntry(root: ParentNode): FoundEntry | undefined {
  const title = metaContent(root, 'citation_title');
  const arxivId = parseArxivId(metaContent(root, 'citation_arxiv_id'));
  const doiFound = parseDoi(metaContent(root, 'citation_doi')) ?? dublinCoreDoi(root);
  const arxivFromDoi = arxivIdFromDoi(doiFound);
  const doi = arxivFromDoi ? undefined : doiFound;
  if (!title && !arxivId && !doi && !arxivFromDoi) return undefined;
  const anchor = titleElement(root, title);
  if (!anchor) return undefined;
  return compact({ anchor, arxivId: arxivId ?? arxivFromDoi, doi, title });
}

/** DC.identifier / dc.identifier / DCTERMS.identifier holding a DOI ("doi:10.…", "https://doi.org/10.…"). */
function dublinCoreDoi(root: ParentNode): string | undefined {
  for (const meta of Array.from(root.querySelectorAll('meta[name]'))) {
    const name = (meta.getAttribute('name') ?? '').toLowerCase();
    if (name !== 'dc.identifier' && name !== 'dcterms.identifier') continue;
    const doi = parseDoi(meta.getAttribute('content'));
    if (doi) return doi;
  }
  return undefined;
}

/**
 * The element showing the title: a heading whose text is the citation title (allowing a short label
 * before it, as arXiv's "Title:"), else the main h1.
 */
function titleElement(root: ParentNode, title: string | undefined): Element | null {
  const key = title ? comparable(title) : '';
  if (key) {
    const candidates = Array.from(root.querySelectorAll(TITLE_CANDIDATES));
    const texts = candidates.map((el) => comparable(elementText(el)));
    const exact = texts.findIndex((text) => text === key);
    const labelled = texts.findIndex((text) => text.endsWith(key) && text.length - key.length <= MAX_LABEL);
    const match = candidates[exact >= 0 ? exact : labelled];
    if (match) return match;
  }
  return queryOne(root, MAIN_HEADINGS);
}

function comparable(text: string): string {
  return cleanText(text).toLowerCase().replace(/[.\s]+$/, '');
}

interface LinkKeys {
  arxivId?: string;
  doi?: string;
}

/** One entry per link to a paper (arXiv abs/pdf, huggingface.co/papers, doi.org), anchored at the link. */
function linkEntries(root: ParentNode, own: FoundEntry | undefined): FoundEntry[] {
  const entries: FoundEntry[] = [];
  const links = Array.from(root.querySelectorAll('a[href]')).slice(0, MAX_LINKS);
  for (const link of links) {
    if (link.closest(SKIP_LINK_ANCESTORS)) continue;
    const keys = paperLinkKeys(link);
    if (!keys) continue;
    // The page's own paper is already anchored at its title.
    if (own && ((keys.arxivId && keys.arxivId === own.arxivId) || (keys.doi && keys.doi === own.doi))) continue;
    const text = elementText(link);
    entries.push(compact({ anchor: link, ...keys, title: looksLikeTitle(text) ? text : undefined }));
  }
  return entries;
}

/** Paper keys of a link, resolved against the page (relative hrefs count), or undefined. */
function paperLinkKeys(link: Element): LinkKeys | undefined {
  const href = (link as HTMLAnchorElement).href || link.getAttribute('href') || '';
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = url.hostname.replace(/^www\./, '');
  const path = decodeURIComponent(url.pathname);
  if (host === 'arxiv.org' || host === 'export.arxiv.org') {
    // /abs/1706.03762v7, /pdf/1706.03762, /pdf/1706.03762v2.pdf, /abs/hep-th/9901001
    const m = /^\/(?:abs|pdf)\/(.+?)(?:\.pdf)?\/?$/.exec(path);
    const arxivId = m ? parseArxivId(m[1]) : undefined;
    return arxivId ? { arxivId } : undefined;
  }
  if (host === 'huggingface.co' || host === 'hf.co') {
    const m = /^\/papers\/(\d{4}\.\d{4,5})(?:v\d+)?\/?$/.exec(path);
    return m ? { arxivId: m[1] } : undefined;
  }
  if (host === 'doi.org' || host === 'dx.doi.org') {
    const doi = parseDoi(path.slice(1));
    if (!doi) return undefined;
    const arxivId = arxivIdFromDoi(doi);
    return arxivId ? { arxivId } : { doi };
  }
  return undefined;
}

/** Link text that reads as a paper title, not a bare URL, id, "PDF", "[1]" or "arXiv". */
function looksLikeTitle(text: string): boolean {
  if (text.length < 12 || text.split(' ').length < 3) return false;
  if (/^(?:https?:\/\/|www\.|doi:|arxiv:|10\.\d{4,9}\/)/i.test(text)) return false;
  return /\p{L}{3}/u.test(text);
}
