// Badges in the real browser: the built extension on real saved pages of huggingface.co and arxiv.org, served
// under their real URLs (test/helpers/demo-pages.ts rewrites some entries to corpus papers). One browser for the file.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicLabel } from '../../utils/core/taxonomy';
import type { Paper } from '../../utils/core/types';
import { adapterFor } from '../../utils/sites';
import { buildArxivListing, buildDemoPages, DEMO_URLS } from '../helpers/demo-pages';
import {
  expectedBadge,
  launchExtension,
  loadCorpus,
  networkViolations,
  PageServer,
  readBadges,
  recordRequests,
  serverViolations,
  squash,
  TempRoot,
  waitForBadgeCount,
  type ExtensionSession,
  type SeenRequest,
} from './harness';

const corpus = loadCorpus();
const papers = new Map(corpus.papers.map((p) => [p.id, p]));
const demo = buildDemoPages(corpus);
const paper = (id: string | undefined): Paper => {
  const p = id === undefined ? undefined : papers.get(id);
  if (!p) throw new Error(`badge names a paper that is not in public/corpus.json: ${id}`);
  return p;
};

// Extra pages of our own: a big listing with mostly unknown papers, and the badged HF daily page at URLs
// no adapter claims (so "no badges" there is not just "no corpus papers in the HTML").
const UNKNOWN_LISTING_URL = 'https://arxiv.org/list/cs.CL/pastweek?show=30';
const unknownListing = buildArxivListing(corpus, 30, { known: 2, offset: 7 });
const hfDailyHtml = demo.get(DEMO_URLS.hfDaily)!.html;
const UNCLAIMED_URLS = [DEMO_URLS.hfModels, 'https://huggingface.co/datasets/papers'];
const SITE_BY_HOST: Record<string, string> = { 'huggingface.co': 'huggingface', 'arxiv.org': 'arxiv' };

let root: TempRoot;
let server: PageServer;
let ext: ExtensionSession;
let seen: SeenRequest[];
let page: Page;

beforeAll(async () => {
  root = new TempRoot();
  const pages = new Map<string, string>([...demo].map(([url, p]) => [url, p.html]));
  pages.set(UNKNOWN_LISTING_URL, unknownListing.html);
  pages.set('https://huggingface.co/datasets/papers', hfDailyHtml);
  server = await PageServer.start(root, pages);
  ext = await launchExtension({ server, tempRoot: root });
  seen = recordRequests(ext.context);
  page = await ext.context.newPage();
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
  root?.remove();
});

/** Checks every badge on `page` against the corpus and returns them. */
async function checkBadges(expectedIds: string[], site: string) {
  await waitForBadgeCount(page, expectedIds.length);
  const badges = await readBadges(page);
  expect(badges.map((b) => b.paperId)).toEqual(expectedIds);
  for (const badge of badges) {
    const p = paper(badge.paperId);
    const want = expectedBadge(p);
    expect(badge.site).toBe(site);
    expect(badge.topics).toBe(want.topics.join(' '));
    expect(['id', 'title']).toContain(badge.match);
    expect(badge.shadow).toBe('open');
    // Right after the entry's own title element.
    expect(squash(badge.previousText)).toContain(squash(p.title));
    expect(badge.chips.map((c) => c.topic)).toEqual(want.topics);
    badge.chips.forEach((chip, i) => {
      expect(chip.title.startsWith(topicLabel(want.topics[i]!))).toBe(true);
      expect(chip.title).toContain('why:');
    });
    expect(badge.links.map(({ href, kind }) => ({ href, kind }))).toEqual(want.links);
    for (const link of badge.links) {
      expect(link.target).toBe('_blank');
      expect(link.rel).toBe('noopener noreferrer');
    }
    expect(badge.savePressed).toBe('false');
  }
  return badges;
}

describe('badges on the supported pages', () => {
  const cases = [...demo].filter(([, p]) => p.kind !== 'hfModels');

  it('the demo pages place corpus papers, some with links (the checks below are not vacuous)', () => {
    expect(cases.map(([, p]) => p.kind)).toEqual(
      expect.arrayContaining(['arxivAbs', 'arxivNew', 'arxivRecent', 'arxivSearch', 'hfDaily', 'hfPaper']),
    );
    for (const [, p] of cases) expect(p.placed.length).toBeGreaterThan(0);
    const placed = cases.flatMap(([, p]) => p.placed).map(paper);
    expect(placed.some((p) => expectedBadge(p).links.length > 0)).toBe(true);
  });

  for (const [url, demoPage] of cases) {
    // data-site is the adapter id (utils/sites/<id>.ts); the registry names it for pages of sites added later.
    const site = SITE_BY_HOST[new URL(url).hostname] ?? adapterFor(new URL(url))?.id ?? '(no adapter)';
    it(`${demoPage.kind} (${url}): exactly the corpus entries, with their topics and links`, async () => {
      await page.goto(url);
      const badges = await checkBadges(demoPage.placed, site);
      // Papers placed by id are matched by id.
      expect(badges.filter((b) => b.match === 'id').length).toBeGreaterThan(0);
    });
  }

  it('the popup lists the same papers and counts the entries not in the corpus', async () => {
    const listing = demo.get(DEMO_URLS.arxivNew)!;
    await page.goto(DEMO_URLS.arxivNew);
    await waitForBadgeCount(page, listing.placed.length);
    const entries = await page.locator('#dlpage dl > dt').count();
    const popup = await ext.popup(await ext.activeTabId(page));
    try {
      const items = popup.locator('#panel-page li.paper');
      await items.nth(listing.placed.length - 1).waitFor();
      expect(await items.evaluateAll((els) => els.map((el) => el.getAttribute('data-paper-id')))).toEqual(
        [...new Set(listing.placed)],
      );
      expect(await popup.locator('#panel-page li.paper button.save[aria-pressed="false"]').count()).toBe(listing.placed.length);
      const unmatched = await popup.locator('[data-testid=unmatched-count]').textContent();
      expect(unmatched).toContain(String(entries - listing.placed.length));
    } finally {
      await popup.close();
    }
  });
});

describe('no badges where there must be none', () => {
  it('unknown papers on a claimed page get none (2 of 30 entries are corpus papers)', async () => {
    await page.goto(UNKNOWN_LISTING_URL);
    await checkBadges(unknownListing.placed, 'arxiv');
    expect(unknownListing.placed).toHaveLength(2);
    // The popup's count proves the content script scanned all 30 entries (not just that it has not run yet).
    const popup = await ext.popup(await ext.activeTabId(page));
    try {
      await popup.locator('#panel-page li.paper').nth(1).waitFor();
      expect(await popup.locator('[data-testid=unmatched-count]').textContent()).toContain('28');
    } finally {
      await popup.close();
    }
    expect(await page.locator('paperlens-badges').count()).toBe(2);
  });

  for (const url of UNCLAIMED_URLS) {
    it(`unclaimed URL ${url}: no badges, and the popup has nothing for it`, async () => {
      await page.goto(url);
      // No content script runs there (none of the manifest's matches): the popup shows its "nothing here" state.
      const popup = await ext.popup(await ext.activeTabId(page));
      try {
        await popup.locator('#panel-page [data-testid=empty]').waitFor();
        expect(await popup.locator('#panel-page li.paper').count()).toBe(0);
      } finally {
        await popup.close();
      }
      expect(await page.locator('paperlens-badges').count()).toBe(0);
    });
  }
});

describe('entries added after load', () => {
  /** A corpus paper with an arXiv id that is on none of the demo pages. */
  function freshPaper(newStyle: boolean): Paper {
    const used = new Set([...demo.values()].flatMap((p) => p.placed));
    const p = corpus.papers.find(
      (x) => x.arxivId && !used.has(x.id) && (!newStyle || /^\d{4}\.\d{4,5}$/.test(x.arxivId)) && x.topics.length > 0,
    );
    if (!p) throw new Error('no unused corpus paper with an arXiv id');
    return p;
  }

  it('arXiv listing: a row appended by the page gets its badge', async () => {
    const listing = demo.get(DEMO_URLS.arxivRecent)!;
    await page.goto(DEMO_URLS.arxivRecent);
    await waitForBadgeCount(page, listing.placed.length);
    const added = freshPaper(false);
    await page.evaluate(
      ({ arxivId, title }) => {
        // Clone the last row (not badged: the demo page rewrites the first rows) as the page's own markup.
        const dts = document.querySelectorAll('dl#articles > dt');
        const dt = dts[dts.length - 1]!;
        const dd = dt.nextElementSibling!;
        const oldId = dt.querySelector('a[title="Abstract"]')!.getAttribute('id')!;
        const newDt = dt.cloneNode(true) as Element;
        const newDd = dd.cloneNode(true) as Element;
        for (const el of newDt.querySelectorAll('*')) {
          for (const attr of [...el.attributes]) if (attr.value.includes(oldId)) el.setAttribute(attr.name, attr.value.split(oldId).join(arxivId));
          for (const n of el.childNodes) if (n.nodeType === 3 && n.textContent!.includes(oldId)) n.textContent = n.textContent!.split(oldId).join(arxivId);
        }
        const titleEl = newDd.querySelector('div.list-title')!;
        const descriptor = titleEl.querySelector('span.descriptor');
        titleEl.replaceChildren(...(descriptor ? [descriptor] : []), document.createTextNode(` ${title}`));
        dt.parentElement!.append(newDt, newDd);
      },
      { arxivId: added.arxivId!, title: added.title },
    );
    await checkBadges([...listing.placed, added.id], 'arxiv');
  });

  it('Hugging Face daily: a card appended by the page gets its badge', async () => {
    const daily = demo.get(DEMO_URLS.hfDaily)!;
    await page.goto(DEMO_URLS.hfDaily);
    await waitForBadgeCount(page, daily.placed.length);
    const added = freshPaper(true);
    await page.evaluate(
      ({ arxivId, title }) => {
        const links = document.querySelectorAll('article h3 > a[href^="/papers/"]');
        const article = links[links.length - 1]!.closest('article')!;
        const oldId = /\/papers\/([^/?#]+)/.exec(links[links.length - 1]!.getAttribute('href')!)![1]!;
        const clone = article.cloneNode(true) as Element;
        for (const el of clone.querySelectorAll('*')) {
          for (const attr of [...el.attributes]) if (attr.value.includes(oldId)) el.setAttribute(attr.name, attr.value.split(oldId).join(arxivId));
        }
        clone.querySelector('h3 > a')!.textContent = title;
        article.after(clone);
      },
      { arxivId: added.arxivId!, title: added.title },
    );
    await checkBadges([...daily.placed, added.id], 'huggingface');
  });

  it('a served page that adds an entry when asked (its own script) gets the badge', async () => {
    const added = freshPaper(false);
    const url = 'https://arxiv.org/list/cs.CL/new';
    // The page's own script appends a row on click: no test code touches the DOM.
    server.setPage(
      url,
      `<!doctype html><html><head><title>cs.CL new</title></head><body><div id="dlpage">
        <h3>New submissions</h3><dl id="articles"></dl>
        <button id="more" type="button">Load more</button></div>
        <script>
          document.getElementById('more').addEventListener('click', () => {
            const dl = document.getElementById('articles');
            dl.insertAdjacentHTML('beforeend',
              '<dt><a name="item1">[1]</a> <a href="/abs/${added.arxivId}" title="Abstract" id="${added.arxivId}">arXiv:${added.arxivId}</a></dt>' +
              '<dd><div class="meta"><div class="list-title mathjax"><span class="descriptor">Title:</span> </div></div></dd>');
            dl.querySelector('div.list-title').append(${JSON.stringify(added.title)});
          });
        </script></body></html>`,
    );
    await page.goto(url);
    expect(await page.locator('paperlens-badges').count()).toBe(0);
    await page.click('#more');
    await checkBadges([added.id], 'arxiv');
  });
});

describe('matching by title', () => {
  it('an entry without an arXiv id is matched by its exact title (data-match="title")', async () => {
    const used = new Set([...demo.values()].flatMap((p) => p.placed));
    const target = corpus.papers.find((p) => !used.has(p.id) && p.topics.length > 0 && !/[<>&]/.test(p.title))!;
    const url = 'https://arxiv.org/list/cs.CL/pastweek?show=2';
    // Pre-2024 listing markup; the first row has lost its identifier (a page variant or a rendering glitch).
    server.setPage(
      url,
      `<!doctype html><html><body><div id="dlpage"><h3>New submissions</h3><dl>
        <dt><a name="item1">[1]</a></dt>
        <dd><div class="meta"><div class="list-title mathjax"><span class="descriptor">Title:</span> ${target.title}</div></div></dd>
        <dt><a name="item2">[2]</a> <span class="list-identifier"><a href="/abs/2612.59999" title="Abstract">arXiv:2612.59999</a></span></dt>
        <dd><div class="meta"><div class="list-title mathjax"><span class="descriptor">Title:</span> A paper that is in no corpus at all</div></div></dd>
      </dl></div></body></html>`,
    );
    await page.goto(url);
    const [badge] = await checkBadges([target.id], 'arxiv');
    expect(badge?.match).toBe('title');
  });
});

describe('network', () => {
  it('no request leaves for anything but the served pages and the assets they reference; the extension makes none', () => {
    expect(seen.length).toBeGreaterThan(0);
    expect(networkViolations(seen, server, ext.extensionId)).toEqual([]);
    // The extension's own requests stay inside the extension.
    const fromExtension = seen.filter((r) => r.fromServiceWorker || r.frameUrl.startsWith('chrome-extension://'));
    for (const r of fromExtension) expect(r.url.startsWith(`chrome-extension://${ext.extensionId}/`)).toBe(true);
    // And the local server saw only served pages, what they reference and the browser's favicon probe.
    expect(serverViolations(server)).toEqual([]);
  });
});
