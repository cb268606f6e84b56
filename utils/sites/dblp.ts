// dblp: author pages (/pid/…), search results (/search?q=…) and table-of-contents pages of
// proceedings and journal volumes (/db/conf/…, /db/journals/…). All three render the same
// `ul.publ-list > li.entry` rows (search results are loaded into the page by script, same markup).
// Fixtures: test/fixtures/dblp/ (RECONSTRUCTED: no real saved dblp page exists in public test
// fixtures; see test/fixtures/README.md).

import { arxivIdFromDoi, parseArxivId, parseDoi } from '../core/normalize';
import { compact, elementText, queryFirstAlternative, queryOne } from './dom';
import type { FoundEntry, SiteAdapter } from './types';

// dblp.org and its historical host (still served, same pages).
const HOSTS = new Set(['dblp.org', 'dblp.uni-trier.de']);

// /pid/40/7744.html, /pid/v/AshishVaswani.html (an author's publication list; .xml/.bib exports excluded)
const PID_PATH = /^\/pid\/[\w-]+\/[\w-]+(?:\.html)?$/;
// /search?q=attention (also /search/publ?q=…, the publication-only search)
const SEARCH_PATH = /^\/search(?:\/publ)?\/?$/;
// /db/conf/nips/nips2017.html, /db/journals/corr/corr1706.html; not the venue index pages (index.html),
// which list volumes, not papers.
const TOC_PATH = /^\/db\/(?:conf|journals)\/[\w-]+\/(?!index)[\w-]+\.html$/;

/** Publication rows, newest layout first. */
const ROWS = [
  // 2014–2026 layout: <ul class="publ-list"> <li class="entry inproceedings toc" id="conf/nips/VaswaniSPUJGKP17">
  // (author pages interleave <li class="year"> headers in the same list; they are not .entry)
  'ul.publ-list > li.entry',
  // List wrapper renamed: rows still carry the dblp record key as id (zotero's translator uses `.entry`)
  'li.entry[id]',
];
/** `li.entry` kinds that are not papers: proceedings volumes and edited books (front matter of a toc page). */
const NOT_PAPERS = ['editor', 'book'];
/** Title inside the row's citation: <cite class="data"> … <span class="title" itemprop="name">Title.</span> */
const TITLE = ['cite span.title', 'span.title', '.title'];
/** Electronic editions: <nav class="publ"> … <li class="ee"><a href="https://doi.org/…" itemprop="url"> */
const DOI_LINKS = ['nav.publ li.ee a[href*="doi.org/10."]', 'nav.publ a[href*="doi.org/10."]'];
/** arXiv editions: older CoRR records link arxiv.org/abs directly (since 2023 they use the 10.48550 DOI). */
const ARXIV_LINKS = ['nav.publ li.ee a[href*="arxiv.org/abs/"]', 'nav.publ a[href*="arxiv.org/abs/"]'];
/** The venue part of a CoRR row: <span itemprop="volumeNumber">abs/1706.03762</span>. */
const VOLUME = ['cite [itemprop="volumeNumber"]'];
// Record key of an arXiv preprint: journals/corr/abs-1706-03762 (new-style ids only; old ones have no key form).
const CORR_KEY = /^journals\/corr\/abs-(\d{4})-(\d{4,5})$/;

export const dblp: SiteAdapter = {
  id: 'dblp',
  name: 'dblp',
  matches: [
    'https://dblp.org/pid/*',
    'https://dblp.org/search*',
    'https://dblp.org/db/*',
    'https://dblp.uni-trier.de/pid/*',
    'https://dblp.uni-trier.de/search*',
    'https://dblp.uni-trier.de/db/*',
  ],
  testUrls: [
    'https://dblp.org/pid/40/7744.html',
    'https://dblp.uni-trier.de/pid/v/AshishVaswani.html',
    'https://dblp.org/search?q=attention+is+all+you+need',
    'https://dblp.org/db/conf/nips/nips2017.html',
    'https://dblp.org/db/journals/corr/corr1706.html',
  ],
  claims(url) {
    if (url.protocol !== 'https:' || !HOSTS.has(url.hostname)) return false;
    const path = url.pathname;
    if (SEARCH_PATH.test(path)) return Boolean(url.searchParams.get('q')?.trim());
    return PID_PATH.test(path) || TOC_PATH.test(path);
  },
  findEntries(root) {
    try {
      const entries: FoundEntry[] = [];
      for (const row of queryFirstAlternative(root, ROWS)) {
        if (NOT_PAPERS.some((kind) => row.classList.contains(kind))) continue;
        const entry = readRow(row);
        if (entry) entries.push(entry);
      }
      return entries;
    } catch {
      return [];
    }
  },
};

function readRow(row: Element): FoundEntry | undefined {
  const titleEl = queryOne(row, TITLE);
  const title = dropFinalPeriod(elementText(titleEl));
  const doiFound = parseDoi(queryOne(row, DOI_LINKS)?.getAttribute('href'));
  // A 10.48550/arXiv.… DOI is arXiv's own: report it as the arXiv id, which is what the corpus is keyed by.
  const arxivFromDoi = arxivIdFromDoi(doiFound);
  const doi = arxivFromDoi ? undefined : doiFound;
  const arxivId =
    arxivFromDoi ??
    parseArxivId(queryOne(row, ARXIV_LINKS)?.getAttribute('href')) ??
    corrKeyId(row.getAttribute('id') ?? row.getAttribute('data-key')) ??
    corrVolumeId(elementText(queryOne(row, VOLUME)));
  if (!titleEl || (!title && !arxivId && !doi)) return undefined;
  return compact({ anchor: titleEl, arxivId, doi, title });
}

/** dblp ends every title with a period it adds itself ("Attention is All you Need."); "?" and "!" are kept. */
function dropFinalPeriod(title: string): string {
  return title.endsWith('.') && !title.endsWith('..') ? title.slice(0, -1).trimEnd() : title;
}

function corrKeyId(key: string | null): string | undefined {
  const m = key ? CORR_KEY.exec(key) : null;
  return m ? parseArxivId(`${m[1]}.${m[2]}`) : undefined;
}

/** "abs/1706.03762" (CoRR volume number) → 1706.03762; also old-style "abs/cs/0112017". */
function corrVolumeId(volume: string): string | undefined {
  const m = /^abs\/(.+)$/.exec(volume);
  return m ? parseArxivId(m[1]) : undefined;
}
