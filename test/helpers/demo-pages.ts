// Demo pages for end-to-end tests, the demo and benchmarks (Node only).
//
// The real saved pages in test/fixtures/ are served under their real URLs. On each page the first K
// entries are rewritten to corpus papers while the page's real markup stays: only ids (in
// attributes, JSON props and id labels), titles and abstracts change. Replacement text is always
// written as text (textContent / text nodes / JSON values), never parsed as HTML.
//
// Shape: Map<url, DemoPage>, where `url` is the full https URL the page is served at and
// `DemoPage.placed` lists the corpus `Paper.id`s of the entries that must get badges, in document order.

import { JSDOM } from 'jsdom';
import { normalizeTitle, parseArxivId } from '../../utils/core/normalize';
import type { CorpusFile, Paper } from '../../utils/core/types';
import { readFixture } from './fixtures';


/** The saved pages the demo pages are built from (paths under test/fixtures/). */
export const DEMO_SOURCES = {
  hfDaily: 'huggingface/daily-papers-2026-09-28-rendered.html',
  hfPaper: 'huggingface/paper-page-2509.24002-2025-10-prettified.html',
  arxivRecent: 'arxiv/list-cs.CL-recent-2026-07.html',
  arxivNew: 'arxiv/list-cs-new-2018-07-20-excerpt.html',
  arxivAbs: 'arxiv/abs-1706.03762-2026-08.html',
  arxivSearch: 'arxiv/search-attention-RECONSTRUCTED.html',
} as const;

/** URLs of the demo pages. Paper pages are keyed by the corpus paper shown on them. */
export const DEMO_URLS = {
  hfDaily: 'https://huggingface.co/papers',
  hfPaper: (arxivId: string) => `https://huggingface.co/papers/${arxivId}`,
  arxivRecent: 'https://arxiv.org/list/cs.CL/recent',
  arxivNew: 'https://arxiv.org/list/cs/new',
  arxivAbs: (arxivId: string) => `https://arxiv.org/abs/${arxivId}`,
  arxivSearch: 'https://arxiv.org/search/?query=attention&searchtype=all&source=header',
  /** The HF daily page, unchanged, at a URL no adapter claims: nothing may get a badge there. */
  hfModels: 'https://huggingface.co/models',
} as const;

export type DemoPageKind = keyof typeof DEMO_SOURCES | 'hfModels' | 'arxivListing';

export interface DemoPage {
  kind: DemoPageKind;
  html: string;
  /**
   * Corpus `Paper.id`s of the entries on the page that are corpus papers, in document order:
   * the rewritten entries plus any real entry whose arXiv id or normalised title is in the corpus.
   * Always empty for pages no adapter claims (hfModels).
   */
  placed: string[];
  /** The fixture the page was built from (path under test/fixtures/). */
  source: string;
}

export interface DemoPagesOptions {
  /** Corpus papers placed on each listing (HF daily, both arXiv listings). Default 5. */
  perListing?: number;
  /** Corpus papers placed on the arXiv search page (it has 4 rows). Default 2. */
  perSearch?: number;
  /** Eligible corpus papers to skip before picking, to vary the demo. Default 0. */
  offset?: number;
}


/**
 * Builds every demo page from the corpus. Corpus papers with an arXiv id are placed (HF pages take
 * new-style ids only); consecutive pages take consecutive corpus papers, wrapping around, and no
 * page shows the same corpus paper twice. The single-paper pages (HF paper, arXiv abs) show the
 * first picked paper.
 */
export function buildDemoPages(corpus: CorpusFile, opts: DemoPagesOptions = {}): Map<string, DemoPage> {
  const perListing = opts.perListing ?? 5;
  const perSearch = opts.perSearch ?? 2;
  const index = new CorpusIndex(corpus);
  const pickArxiv = picker(index.withArxivId, opts.offset ?? 0);
  const pickHf = picker(index.withArxivId.filter((p) => isNewStyleId(p.arxivId!)), opts.offset ?? 0);
  const pages = new Map<string, DemoPage>();

  const hfPaper = pickHf(1)[0];
  const absPaper = pickArxiv(1)[0];
  pages.set(DEMO_URLS.hfDaily, hfDailyPage(index, pickHf(perListing)));
  if (hfPaper) pages.set(DEMO_URLS.hfPaper(hfPaper.arxivId!), hfPaperPage(hfPaper));
  pages.set(DEMO_URLS.arxivRecent, arxivListingPage(index, 'arxivRecent', pickArxiv(perListing)));
  pages.set(DEMO_URLS.arxivNew, arxivListingPage(index, 'arxivNew', pickArxiv(perListing)));
  if (absPaper) pages.set(DEMO_URLS.arxivAbs(absPaper.arxivId!), arxivAbsPage(absPaper));
  pages.set(DEMO_URLS.arxivSearch, arxivSearchPage(index, pickArxiv(perSearch)));
  const unchanged = readFixture(DEMO_SOURCES.hfDaily);
  pages.set(DEMO_URLS.hfModels, { kind: 'hfModels', html: unchanged, placed: [], source: DEMO_SOURCES.hfDaily });
  return pages;
}

export interface ArxivListingOptions {
  /** How many corpus papers to place, spread evenly over the page. Default n/10 (at least 1), capped by the corpus. */
  known?: number;
  /** Eligible corpus papers to skip before picking. Default 0. */
  offset?: number;
}

/**
 * A large arXiv listing (2024+ format) of n entries for benchmarks: the real 2026 cs.CL/recent page
 * with its first entry's markup repeated n times in one `dl#articles`. `known` entries are corpus
 * papers; the others get ids that are not in the corpus (2612.5xxxx) and the page's real titles
 * (suffixed "(variant k)" after the first 50). Serve it e.g. at https://arxiv.org/list/cs.CL/pastweek?show=2000.
 */
export function buildArxivListing(corpus: CorpusFile, n: number, opts: ArxivListingOptions = {}): DemoPage {
  const index = new CorpusIndex(corpus);
  const wanted = opts.known ?? Math.max(1, Math.round(n / 10));
  const papers = picker(index.withArxivId, opts.offset ?? 0)(Math.min(wanted, n));
  const dom = new JSDOM(readFixture(DEMO_SOURCES.arxivRecent));
  const doc = dom.window.document;
  const lists = Array.from(doc.querySelectorAll('dl#articles'));
  const list = lists[0];
  const templateDt = list?.querySelector(':scope > dt');
  const templateDd = templateDt?.nextElementSibling;
  if (!list || !templateDt || templateDd?.tagName !== 'DD') {
    throw new Error('arXiv listing fixture changed: no dl#articles > dt + dd');
  }
  const realTitles = Array.from(doc.querySelectorAll('dl#articles > dd div.list-title')).map((el) => textAfterDescriptor(el));
  const templateId = abstractLinkId(templateDt)!;

  for (const old of lists.slice(1)) old.remove();
  for (const row of Array.from(list.querySelectorAll(':scope > dt, :scope > dd'))) row.remove();
  const heading = list.querySelector('h3');
  if (heading) heading.textContent = `Mon, 27 Jul 2026 (showing ${n} of ${n} entries )`;
  const paging = doc.querySelector('div.paging');
  if (paging) paging.textContent = `Total of ${n} entries : 1-${n}`;

  const knownAt = new Map<number, Paper>();
  papers.forEach((paper, j) => knownAt.set(Math.floor((j * n) / papers.length), paper));
  const placed: string[] = [];
  let synthetic = 50000;
  for (let i = 0; i < n; i++) {
    const paper = knownAt.get(i);
    let id: string;
    let title: string;
    if (paper) {
      id = paper.arxivId!;
      title = paper.title;
      placed.push(paper.id);
    } else {
      do id = `2612.${synthetic++}`;
      while (index.byArxivId.has(id));
      const base = realTitles[i % realTitles.length] ?? 'Untitled';
      const round = Math.floor(i / realTitles.length);
      title = round === 0 ? base : `${base} (variant ${round})`;
      while (index.byTitle.has(normalizeTitle(title))) title += ' (unlisted)';
    }
    const dt = templateDt.cloneNode(true) as Element;
    const dd = templateDd.cloneNode(true) as Element;
    replaceEverywhere(dt, templateId, id);
    const number = dt.querySelector('a[name^="item"]');
    if (number) {
      number.setAttribute('name', `item${i + 1}`);
      number.textContent = `[${i + 1}]`;
    }
    const titleEl = dd.querySelector('div.list-title');
    if (titleEl) setTextAfterDescriptor(titleEl, title);
    list.append(dt, dd);
  }
  return { kind: 'arxivListing', html: dom.serialize(), placed, source: DEMO_SOURCES.arxivRecent };
}

// ---------------------------------------------------------------------------------------------
// Pages

function hfDailyPage(index: CorpusIndex, papers: Paper[]): DemoPage {
  const dom = new JSDOM(readFixture(DEMO_SOURCES.hfDaily));
  const doc = dom.window.document;
  const island = doc.querySelector('[data-target="DailyPapers"]');
  const props = parseJson(island?.getAttribute('data-props')) as { dailyPapers?: HfDailyItem[] } | undefined;
  const cardLinks = Array.from(doc.querySelectorAll('article h3 > a[href^="/papers/"]'));
  const placed: string[] = [];
  cardLinks.forEach((link, i) => {
    const oldId = /^\/papers\/([^/?#]+)/.exec(link.getAttribute('href') ?? '')?.[1];
    const paper = papers[i];
    if (!paper || !oldId) {
      const known = index.lookup(oldId, link.textContent ?? '');
      if (known) placed.push(known);
      return;
    }
    const card = link.closest('article') ?? link;
    replaceEverywhere(card, oldId, paper.arxivId!);
    link.textContent = paper.title;
    const item = props?.dailyPapers?.find((entry) => entry.paper?.id === oldId);
    if (item?.paper) {
      item.paper.id = paper.arxivId!;
      item.paper.title = item.title = paper.title;
      item.paper.summary = item.summary = paper.abstract;
      if (typeof item.thumbnail === 'string') item.thumbnail = item.thumbnail.split(oldId).join(paper.arxivId!);
    }
    placed.push(paper.id);
  });
  if (island && props) island.setAttribute('data-props', JSON.stringify(props));
  return { kind: 'hfDaily', html: dom.serialize(), placed, source: DEMO_SOURCES.hfDaily };
}

interface HfDailyItem {
  paper?: { id?: string; title?: string; summary?: string };
  title?: string;
  summary?: string;
  thumbnail?: string;
}

function hfPaperPage(paper: Paper): DemoPage {
  const dom = new JSDOM(readFixture(DEMO_SOURCES.hfPaper));
  const doc = dom.window.document;
  const oldId = '2509.24002';
  const oldTitle = cleanSpaces(doc.querySelector('h1')?.textContent ?? '');
  replaceEverywhere(doc.documentElement, oldId, paper.arxivId!);
  const island = doc.querySelector('[data-target="PaperContent"]');
  const props = parseJson(island?.getAttribute('data-props')) as
    | { paper?: { id?: string; title?: string; summary?: string; ai_summary?: string; ai_keywords?: string[] } }
    | undefined;
  if (island && props?.paper) {
    Object.assign(props.paper, {
      id: paper.arxivId,
      title: paper.title,
      summary: paper.abstract,
      ai_summary: firstSentence(paper.abstract),
      ai_keywords: [],
    });
    island.setAttribute('data-props', JSON.stringify(props));
  }
  const h1 = doc.querySelector('h1');
  if (h1) h1.textContent = paper.title;
  doc.title = `Paper page - ${paper.title}`;
  for (const meta of Array.from(doc.querySelectorAll('meta[property="og:title"], meta[name="twitter:title"]'))) {
    meta.setAttribute('content', `Paper page - ${paper.title}`);
  }
  const heading = Array.from(doc.querySelectorAll('h2')).find((h) => cleanSpaces(h.textContent ?? '') === 'Abstract');
  const body = heading?.nextElementSibling;
  if (body) {
    const paragraphs = Array.from(body.children).filter((child) => child.tagName === 'P');
    paragraphs.forEach((p, i) => (i === 0 ? (p.textContent = paper.abstract) : p.remove()));
    const aiSummary = body.querySelector('div p');
    if (aiSummary) aiSummary.textContent = firstSentence(paper.abstract);
  }
  if (oldTitle) replaceTextEverywhere(doc.documentElement, oldTitle, paper.title);
  return { kind: 'hfPaper', html: dom.serialize(), placed: [paper.id], source: DEMO_SOURCES.hfPaper };
}

function arxivListingPage(index: CorpusIndex, kind: 'arxivRecent' | 'arxivNew', papers: Paper[]): DemoPage {
  const source = DEMO_SOURCES[kind];
  const dom = new JSDOM(readFixture(source));
  const doc = dom.window.document;
  let rows = Array.from(doc.querySelectorAll('dl#articles > dt'));
  if (rows.length === 0) rows = Array.from(doc.querySelectorAll('#dlpage dl > dt'));
  const placed: string[] = [];
  rows.forEach((dt, i) => {
    const oldId = abstractLinkId(dt);
    const dd = dt.nextElementSibling?.tagName === 'DD' ? dt.nextElementSibling : null;
    const titleEl = dd?.querySelector('div.list-title');
    const paper = papers[i];
    if (!paper || !oldId) {
      const known = index.lookup(oldId, titleEl ? textAfterDescriptor(titleEl) : '');
      if (known) placed.push(known);
      return;
    }
    replaceEverywhere(dt, oldId, paper.arxivId!);
    if (titleEl) setTextAfterDescriptor(titleEl, paper.title);
    const abstract = dd?.querySelector('p.mathjax');
    if (abstract) abstract.textContent = paper.abstract;
    placed.push(paper.id);
  });
  return { kind, html: dom.serialize(), placed, source };
}

function arxivAbsPage(paper: Paper): DemoPage {
  const dom = new JSDOM(readFixture(DEMO_SOURCES.arxivAbs));
  const doc = dom.window.document;
  const oldId = '1706.03762';
  const oldTitle = doc.querySelector('meta[name="citation_title"]')?.getAttribute('content') ?? '';
  const oldAbstract = doc.querySelector('meta[name="citation_abstract"]')?.getAttribute('content') ?? '';
  replaceEverywhere(doc.documentElement, oldId, paper.arxivId!);
  const setMeta = (selector: string, content: string) => {
    for (const meta of Array.from(doc.querySelectorAll(selector))) meta.setAttribute('content', content);
  };
  setMeta('meta[name="citation_title"], meta[property="og:title"], meta[name="twitter:title"]', paper.title);
  setMeta('meta[name="citation_abstract"], meta[property="og:description"], meta[name="twitter:description"]', paper.abstract);
  const h1 = doc.querySelector('h1.title');
  if (h1) setTextAfterDescriptor(h1, paper.title);
  const blockquote = doc.querySelector('blockquote.abstract');
  if (blockquote) setTextAfterDescriptor(blockquote, paper.abstract);
  doc.title = `[${paper.arxivId}] ${paper.title}`;
  if (oldTitle) replaceTextEverywhere(doc.documentElement, oldTitle, paper.title);
  if (oldAbstract) replaceTextEverywhere(doc.documentElement, oldAbstract, paper.abstract);
  return { kind: 'arxivAbs', html: dom.serialize(), placed: [paper.id], source: DEMO_SOURCES.arxivAbs };
}

function arxivSearchPage(index: CorpusIndex, papers: Paper[]): DemoPage {
  const dom = new JSDOM(readFixture(DEMO_SOURCES.arxivSearch));
  const doc = dom.window.document;
  const placed: string[] = [];
  Array.from(doc.querySelectorAll('li.arxiv-result')).forEach((row, i) => {
    const link = row.querySelector('.list-title a');
    const oldId = parseArxivId(link?.textContent);
    const titleEl = row.querySelector('p.title');
    const paper = papers[i];
    if (!paper || !oldId) {
      const known = index.lookup(oldId, titleEl?.textContent ?? '');
      if (known) placed.push(known);
      return;
    }
    replaceEverywhere(row, oldId, paper.arxivId!);
    if (titleEl) titleEl.textContent = paper.title;
    const short = row.querySelector('span.abstract-short');
    if (short) setTextKeepingLinks(short, `${paper.abstract.slice(0, 200)}…`);
    const full = row.querySelector('span.abstract-full');
    if (full) setTextKeepingLinks(full, paper.abstract);
    placed.push(paper.id);
  });
  return { kind: 'arxivSearch', html: dom.serialize(), placed, source: DEMO_SOURCES.arxivSearch };
}

// ---------------------------------------------------------------------------------------------
// Helpers

class CorpusIndex {
  readonly withArxivId: Paper[];
  readonly byArxivId = new Map<string, string>();
  readonly byTitle = new Map<string, string>();
  constructor(corpus: CorpusFile) {
    this.withArxivId = corpus.papers.filter((p) => p.arxivId);
    for (const paper of corpus.papers) {
      if (paper.arxivId) this.byArxivId.set(paper.arxivId, paper.id);
      const key = normalizeTitle(paper.title);
      if (key && !this.byTitle.has(key)) this.byTitle.set(key, paper.id);
    }
  }
  /** The corpus id of a real page entry, by arXiv id or by normalised title. */
  lookup(arxivId: string | undefined, title: string): string | undefined {
    const id = arxivId ? this.byArxivId.get(parseArxivId(arxivId) ?? arxivId) : undefined;
    return id ?? this.byTitle.get(normalizeTitle(cleanSpaces(title)));
  }
}

/** Hands out consecutive papers (wrapping around once the list is used up); never repeats within one call. */
function picker(papers: Paper[], offset: number): (count: number) => Paper[] {
  let next = papers.length ? offset % papers.length : 0;
  return (count) => {
    const out: Paper[] = [];
    for (let i = 0; i < Math.min(count, papers.length); i++) {
      out.push(papers[next]!);
      next = (next + 1) % papers.length;
    }
    return out;
  };
}

function isNewStyleId(id: string): boolean {
  return /^\d{4}\.\d{4,5}$/.test(id);
}

function abstractLinkId(dt: Element): string | undefined {
  const href = dt.querySelector('a[title="Abstract"]')?.getAttribute('href') ?? '';
  const m = /\/abs\/([^?#]+)/.exec(href);
  return m ? parseArxivId(m[1]) : undefined;
}

/** Replaces a string in every attribute and text node under (and including) `root`. */
function replaceEverywhere(root: Element, from: string, to: string): void {
  for (const el of [root, ...Array.from(root.querySelectorAll('*'))]) {
    for (const attr of Array.from(el.attributes)) {
      if (attr.value.includes(from)) el.setAttribute(attr.name, attr.value.split(from).join(to));
    }
  }
  replaceTextEverywhere(root, from, to);
}

/** Replaces a string in text and comment nodes (as text: the result is never parsed as HTML). */
function replaceTextEverywhere(root: Element, from: string, to: string): void {
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, 4 | 128 /* NodeFilter.SHOW_TEXT | SHOW_COMMENT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node as CharacterData;
    if (text.data.includes(from)) text.data = text.data.split(from).join(to);
  }
}

/** Keeps a leading `span.descriptor` ("Title:", "Abstract:") and replaces the rest with text. */
function setTextAfterDescriptor(el: Element, text: string): void {
  const descriptor = el.querySelector(':scope > span.descriptor');
  for (const child of Array.from(el.childNodes)) if (child !== descriptor) child.remove();
  el.append(el.ownerDocument.createTextNode(descriptor ? ` ${text}\n` : text));
}

function textAfterDescriptor(el: Element): string {
  return cleanSpaces(
    Array.from(el.childNodes)
      .filter((child) => !(child.nodeType === 1 && (child as Element).matches('span.descriptor')))
      .map((child) => child.textContent ?? '')
      .join(''),
  );
}

/** Replaces an element's text but keeps its `<a>` children (arXiv search's "More"/"Less" toggles) after it. */
function setTextKeepingLinks(el: Element, text: string): void {
  const links = Array.from(el.children).filter((child) => child.tagName === 'A');
  el.replaceChildren(el.ownerDocument.createTextNode(`${text}\n`), ...links);
}

function parseJson(raw: string | null | undefined): unknown {
  try {
    return raw ? (JSON.parse(raw) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

function cleanSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function firstSentence(text: string): string {
  const m = /^.*?[.!?](?=\s|$)/s.exec(text.trim());
  return (m ? m[0] : text).trim();
}
