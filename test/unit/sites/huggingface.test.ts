import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { huggingface } from '../../../utils/sites/huggingface';
import { loadPage } from '../../helpers/fixtures';

const DAILY = 'huggingface/daily-papers-2026-09-28-rendered.html';
const PAPER = 'huggingface/paper-page-2509.24002-2025-10-prettified.html';

const load = (file: string, url: string) => loadPage(huggingface, file, url);

// Card order of the saved page, read from its markup (article h3 > a[href^="/papers/"]).
const DAILY_IDS = [
  '2609.31620', '2609.18703', '2609.31093', '2609.31394', '2609.24385', '2609.31199', '2609.30216',
  '2609.25716', '2609.30222', '2609.31590', '2609.29050', '2601.06352', '2601.06362', '2609.31473',
  '2609.30192', '2609.29167', '2609.30670', '2609.04355', '2609.31002', '2609.28660', '2609.28327',
  '2609.29474', '2609.30837', '2609.30867', '2608.09444', '2609.23551', '2609.31291', '2604.02103',
];

describe('huggingface: daily papers (2026-09-28, rendered DOM)', () => {
  const { document, entries } = load(DAILY, 'https://huggingface.co/papers');

  it('finds the 28 cards in page order with their arXiv ids', () => {
    expect(entries).toHaveLength(28);
    expect(entries.map((e) => e.arxivId)).toEqual(DAILY_IDS);
  });

  it('reads titles as text: first, last, non-ASCII, apostrophe, missing space after colon', () => {
    expect(entries[0]!.title).toBe(
      'FuseReg: Regularizing Layer Fusion Mitigates the Reconstruction-Generation Gap in Representation Autoencoders',
    );
    expect(entries[3]!.title).toBe(
      'InternW0-Δ: A World Action Model Bridging Predictive Dynamics and Actions with 20K+ Hours of Open Data',
    );
    expect(entries[6]!.title).toBe(
      "Jev in the Wild: A Data-Driven Analysis of the Jev Model's Functionality, Applications and Ecosystem",
    );
    expect(entries[25]!.title).toBe(
      'Paragraph Boundaries Are Not White Space:Compression Depth as the Signature of Hierarchical Structure',
    );
    expect(entries[27]).toMatchObject({ arxivId: '2604.02103', title: 'BoundInk: Boundary-Aware Online Handwriting Generation' });
  });

  it('agrees with the page’s own JSON copy (DailyPapers data-props) on every id and title', () => {
    const props = JSON.parse(document.querySelector('[data-target="DailyPapers"]')!.getAttribute('data-props')!) as {
      dailyPapers: { paper: { id: string; title: string } }[];
    };
    expect(entries.map((e) => [e.arxivId, e.title])).toEqual(props.dailyPapers.map((d) => [d.paper.id, d.paper.title]));
  });

  it('anchors each entry on the card’s <h3> (badge goes after the heading, outside the line-clamped link)', () => {
    for (const entry of entries) {
      expect(entry.anchor.tagName).toBe('H3');
      expect(entry.anchor.closest('article')).not.toBeNull();
      expect(entry.anchor.querySelector(`a[href="/papers/${entry.arxivId}"]`)).not.toBeNull();
    }
    expect(new Set(entries.map((e) => e.anchor)).size).toBe(28);
  });

  it('has no abstracts on list cards', () => {
    expect(entries.every((e) => e.abstract === undefined)).toBe(true);
  });

  it('returns the complete cards of a page cut off mid-way, without throwing', () => {
    const html = readFileSync(new URL(`../../fixtures/${DAILY}`, import.meta.url), 'utf8');
    const cut = html.slice(0, html.indexOf('/papers/2609.30222"')); // inside the 9th card's thumbnail link
    const dom = new JSDOM(cut, { url: 'https://huggingface.co/papers' });
    const found = huggingface.findEntries(dom.window.document, new URL('https://huggingface.co/papers'));
    expect(found.map((e) => e.arxivId)).toEqual(DAILY_IDS.slice(0, 8));
  });

  it('reads the same cards on the date, trending and search URLs (same island markup)', () => {
    for (const url of ['https://huggingface.co/papers/date/2026-09-28', 'https://huggingface.co/papers/trending', 'https://huggingface.co/papers?q=fusion']) {
      expect(huggingface.findEntries(document, new URL(url)).map((e) => e.arxivId)).toEqual(DAILY_IDS);
    }
  });
});

describe('huggingface: paper page (2509.24002, prettified)', () => {
  const url = 'https://huggingface.co/papers/2509.24002';
  const { document, entries } = load(PAPER, url);

  it('finds one entry: the h1 title, the id and the abstract (not the AI summary)', () => {
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry!.anchor).toBe(document.querySelector('h1'));
    expect(entry!.arxivId).toBe('2509.24002');
    expect(entry!.title).toBe('MCPMark: A Benchmark for Stress-Testing Realistic and Comprehensive MCP Use');
    expect(entry!.abstract).toMatch(/^MCP standardizes how LLMs interact with external systems, forming the foundation for general agents/);
    // " ." : BeautifulSoup's prettify() put white space around the keyword links; the live page has none.
    expect(entry!.abstract).toMatch(/highlighting the stress-testing nature of MCPMark \.$/);
    expect(entry!.abstract).toContain('reaches only 52.56\\% pass@1'); // TeX escapes kept as the page shows them
    expect(entry!.abstract).not.toContain('AI-generated summary');
    expect(entry!.abstract).not.toContain('reveals that current LLMs perform poorly');
  });

  it('takes the id from the canonical link, and from the URL when the link is missing', () => {
    const fromCanonical = huggingface.findEntries(document, new URL('https://huggingface.co/papers/2509.24002v1'));
    expect(fromCanonical[0]!.arxivId).toBe('2509.24002');
    const dom = new JSDOM(document.documentElement.outerHTML, { url: 'https://huggingface.co/papers/2509.24002' });
    dom.window.document.querySelector('link[rel="canonical"]')!.remove();
    expect(huggingface.findEntries(dom.window.document, new URL('https://huggingface.co/papers/2509.24002'))[0]!.arxivId).toBe(
      '2509.24002',
    );
  });

  it('falls back to the page JSON for the abstract when the Abstract heading is gone', () => {
    const dom = new JSDOM(document.documentElement.outerHTML, { url });
    const heading = Array.from(dom.window.document.querySelectorAll('h2')).find((h) => h.textContent!.trim() === 'Abstract')!;
    heading.remove();
    const [entry] = huggingface.findEntries(dom.window.document, new URL(url));
    expect(entry!.abstract).toMatch(/^MCP standardizes how LLMs interact with external systems, forming the foundation for general agents\./);
  });
});

describe('huggingface: claims and negative cases', () => {
  it('claims list, trending, search and paper URLs', () => {
    for (const url of huggingface.testUrls) expect(huggingface.claims(new URL(url)), url).toBe(true);
  });

  it('does not claim other Hugging Face pages or http', () => {
    for (const url of [
      'https://huggingface.co/models',
      'https://huggingface.co/papers/submit',
      'https://huggingface.co/papers/2509.24002/discussion',
      'https://huggingface.co/datasets/papers',
      'https://huggingface.co/spaces/akhaliq/papers',
      'http://huggingface.co/papers',
      'https://hf.co.evil.example/papers',
    ]) {
      expect(huggingface.claims(new URL(url)), url).toBe(false);
    }
  });

  it('finds nothing in an empty or garbled document', () => {
    for (const html of ['', '<<<>>>&&&', '<article><h3><a href="/papers/"></a></h3><h3><a href="/papers/date/2026-09-25"> </a></h3></article>']) {
      for (const url of ['https://huggingface.co/papers', 'https://huggingface.co/papers/2509.24002']) {
        const dom = new JSDOM(html, { url });
        expect(huggingface.findEntries(dom.window.document, new URL(url)), `${url} ${html}`).toEqual([]);
      }
    }
  });

  it('finds no paper entries on the paper page when read as a list (no cards there)', () => {
    const { document } = load(PAPER, 'https://huggingface.co/papers/2509.24002');
    expect(huggingface.findEntries(document, new URL('https://huggingface.co/papers'))).toEqual([]);
  });
});

describe('huggingface: collections and profiles (RECONSTRUCTED pages, no real capture exists)', () => {
  const COLLECTION = 'huggingface/collection-meta-llama-llama-2-family-RECONSTRUCTED.html';
  const PROFILE = 'huggingface/profile-akhaliq-papers-RECONSTRUCTED.html';
  const COLLECTION_URL = 'https://huggingface.co/collections/meta-llama/llama-2-family-661da1f90a9d678b6f55773b';

  it('collection: finds the paper items only (not models, spaces, the header tabs or the Discuss link)', () => {
    const { entries } = load(COLLECTION, COLLECTION_URL);
    expect(entries.map((e) => [e.arxivId, e.title])).toEqual([
      ['2307.09288', 'Llama 2: Open Foundation and Fine-Tuned Chat Models'],
      ['2312.06674', 'Llama Guard: LLM-based Input-Output Safeguard for Human-AI Conversations'],
    ]);
    // The heading is inside the item link: the badge goes after the link, never inside it.
    for (const entry of entries) expect(entry.anchor.matches('a[href^="/papers/"]')).toBe(true);
  });

  it('profile: the Papers section and paper links in the activity feed, each paper once, titled', () => {
    const { entries } = load(PROFILE, 'https://huggingface.co/akhaliq');
    expect(entries.map((e) => [e.arxivId, e.title])).toEqual([
      ['2509.24002', 'MCPMark: A Benchmark for Stress-Testing Realistic and Comprehensive MCP Use'],
      ['2106.09608', 'Learning Knowledge Graph-based World Models of Textual Environments'],
      ['2607.22529', 'Skill Self-Play: Pushing the Frontier of LLM Capability with Co-Evolving Skills'],
    ]);
  });

  it('claims collections and profiles, but not reserved top-level routes, repos or the home page', () => {
    for (const url of [COLLECTION_URL, 'https://huggingface.co/akhaliq', 'https://huggingface.co/meta-llama/']) {
      expect(huggingface.claims(new URL(url)), url).toBe(true);
    }
    for (const url of [
      'https://huggingface.co/',
      'https://huggingface.co/models',
      'https://huggingface.co/datasets',
      'https://huggingface.co/spaces',
      'https://huggingface.co/collections',
      'https://huggingface.co/collections/meta-llama',
      'https://huggingface.co/blog',
      'https://huggingface.co/pricing',
      'https://huggingface.co/meta-llama/Llama-2-7b-hf',
      'https://huggingface.co/docs/hub/index',
    ]) {
      expect(huggingface.claims(new URL(url)), url).toBe(false);
    }
  });

  it('profiles are not in the manifest matches (that would need https://huggingface.co/*)', () => {
    expect(huggingface.matches).toEqual(['https://huggingface.co/papers*', 'https://huggingface.co/collections/*']);
  });

  it('finds no items on a profile without paper links, and none of the daily page’s header tabs', () => {
    const dom = new JSDOM('<header><a href="/papers/2401.00001">Some Paper In The Header</a></header><main><a href="/meta-llama/Llama-2-7b-hf">model</a></main>', {
      url: 'https://huggingface.co/akhaliq',
    });
    expect(huggingface.findEntries(dom.window.document, new URL('https://huggingface.co/akhaliq'))).toEqual([]);
  });
});
