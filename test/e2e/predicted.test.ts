// Topics predicted for papers that are not in the corpus, in the real browser on real saved pages: the unknown
// entries of the HF daily page and the arXiv listings get a <paperlens-predicted> element (never a
// <paperlens-badges>: that one means a corpus paper), styled and worded as a prediction, classified in the
// service worker from what the page shows.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../../utils/core/classify';
import { buildDemoPages, DEMO_URLS } from '../helpers/demo-pages';
import { launchExtension, loadCorpus, PageServer, REPO_ROOT, TempRoot, waitForBadgeCount, type ExtensionSession } from './harness';

const corpus = loadCorpus();
const demo = buildDemoPages(corpus);
// The real 2021 abstract page, unchanged: 2106.09608 is not in the corpus, and the page shows its abstract.
const ABS_URL = 'https://arxiv.org/abs/2106.09608';
const absHtml = readFileSync(`${REPO_ROOT}/test/fixtures/arxiv/abs-2106.09608-2021-12.html`, 'utf8');

let root: TempRoot;
let server: PageServer;
let ext: ExtensionSession;
let page: Page;

beforeAll(async () => {
  root = new TempRoot();
  const pages = new Map<string, string>([...demo].map(([url, p]) => [url, p.html]));
  pages.set(ABS_URL, absHtml);
  server = await PageServer.start(root, pages);
  ext = await launchExtension({ server, tempRoot: root });
  page = await ext.context.newPage();
}, 120_000);

afterAll(async () => {
  await ext?.close();
  await server?.close();
  root?.remove();
});

interface PredictedView {
  topics: string;
  paperId: string | undefined;
  title: string;
  chips: { topic: string; cls: string; tooltip: string }[];
}

function readPredicted(p: Page): Promise<PredictedView[]> {
  return p.$$eval('paperlens-predicted', (hosts) =>
    hosts.map((h) => {
      const el = h as HTMLElement;
      return {
        topics: el.dataset.topics ?? '',
        paperId: el.dataset.paperId,
        title: (el.previousElementSibling?.textContent ?? '').replace(/\s+/g, ' ').replace(/^Title:\s*/, '').trim(),
        chips: [...(el.shadowRoot?.querySelectorAll<HTMLElement>('.chip') ?? [])].map((c) => ({ topic: c.dataset.topic ?? '', cls: c.className, tooltip: c.title })),
      };
    }),
  );
}

describe('predicted topics for papers not in the corpus', () => {
  for (const url of [DEMO_URLS.hfDaily, DEMO_URLS.arxivRecent]) {
    it(`on ${url}: unknown entries get predicted topics, corpus entries keep their badges`, async () => {
      const placed = demo.get(url)!.placed;
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      await waitForBadgeCount(page, placed.length);
      await page.waitForFunction(() => document.querySelectorAll('paperlens-predicted').length > 0, null, { timeout: 15_000 });
      const predicted = await readPredicted(page);
      // Most real ML papers get at least one topic; each prediction is one the classifier gives for that title.
      expect(predicted.length).toBeGreaterThanOrEqual(10);
      for (const p of predicted) {
        expect(p.paperId).toBeUndefined();
        expect(p.topics.split(' ')).toEqual(p.chips.map((c) => c.topic));
        for (const chip of p.chips) {
          expect(chip.cls).toContain('predicted');
          expect(chip.tooltip).toMatch(/^Predicted \(not in your corpus\): .+ — why: /);
        }
      }
      // No entry has both a corpus badge and a prediction.
      const both = await page.evaluate(() =>
        [...document.querySelectorAll('paperlens-predicted')].filter(
          (p) => p.nextElementSibling?.tagName === 'PAPERLENS-BADGES' || p.previousElementSibling?.tagName === 'PAPERLENS-BADGES',
        ).length,
      );
      expect(both).toBe(0);
    });
  }

  it('an abstract page of an unknown paper is classified from its title and abstract', async () => {
    await page.goto(ABS_URL, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => document.querySelectorAll('paperlens-predicted').length === 1, null, { timeout: 15_000 });
    const [p] = await readPredicted(page);
    const abstract = await page.$eval('blockquote.abstract', (b) => (b.textContent ?? '').replace(/^\s*Abstract:\s*/, '').replace(/\s+/g, ' ').trim());
    // Same topics as the classifier gives for this title and abstract (the background runs the same module).
    expect(p!.topics).toBe(classify(p!.title, abstract).map((t) => t.id).join(' '));
    expect(p!.topics.length).toBeGreaterThan(0);
    expect(await page.locator('paperlens-badges').count()).toBe(0);
  });
});
