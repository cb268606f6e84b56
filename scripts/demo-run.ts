// The demo itself (started by scripts/demo.mjs once dependencies, Chromium and the build are in place).
// Serves the demo pages (real saved pages of huggingface.co and arxiv.org with some entries rewritten to corpus
// papers) under their real URLs and opens Chromium with the built extension.
//   headed ($DISPLAY set, unless --headless): prints the URLs to visit and runs until Ctrl+C;
//   headless: visits the pages, waits for the badges, writes screenshots to demo-screenshots/ and exits.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { buildDemoPages, DEMO_URLS, type DemoPage } from '../test/helpers/demo-pages';
import {
  launchExtension,
  loadCorpus,
  PageServer,
  REPO_ROOT,
  TempRoot,
  waitForBadgeCount,
  type ExtensionSession,
} from '../test/e2e/harness';

const OUT_DIR = path.join(REPO_ROOT, 'demo-screenshots');
const headed = !!process.env.DISPLAY && !process.argv.includes('--headless');

// Ctrl+C can come at any moment (during the launch too) and reaches this process more than once (from the terminal
// and forwarded by demo.mjs): listen from the start, with `on`, so a second signal cannot kill the process before
// the browser is closed and the temp profile removed. Playwright's own handlers are off (handleSignals: false).
let signalled = false;
let requestStop = () => {};
const stopRequested = new Promise<void>((resolve) => (requestStop = resolve));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    signalled = true;
    requestStop();
  });
}

async function main(): Promise<number> {
  const corpus = loadCorpus();
  const pages = buildDemoPages(corpus);
  const root = new TempRoot();
  let server: PageServer | undefined;
  let ext: ExtensionSession | undefined;
  const launching = (async () => {
    server = await PageServer.start(root, new Map([...pages].map(([url, p]) => [url, p.html])));
    ext = await launchExtension({
      server,
      tempRoot: root,
      headless: !headed,
      viewport: headed ? null : { width: 1280, height: 900 },
      handleSignals: false,
    });
    console.log(`PaperLens demo: ${corpus.papers.length} corpus papers (corpus ${corpus.corpusVersion}), extension id ${ext.extensionId}`);
    return ext;
  })();
  const work = launching.then((session) => (headed ? runHeaded(session, pages) : runHeadless(session, pages)));
  work.catch(() => undefined); // reported through the race below, or moot once stopping
  try {
    return await Promise.race([work, stopRequested.then(() => (headed ? 0 : 130))]);
  } finally {
    if (headed || signalled) console.log('\nStopping…');
    await launching.catch(() => undefined); // a launch in progress: wait for it, so no browser is left behind
    await ext?.close();
    await server?.close();
    root.remove();
  }
}

async function runHeaded(ext: ExtensionSession, pages: Map<string, DemoPage>): Promise<number> {
  console.log('\nChromium is open with PaperLens loaded. These URLs are served locally (nothing goes to the real sites):');
  for (const [url, page] of pages) {
    const note = page.kind === 'hfModels' ? 'no badges expected (unclaimed URL)' : `${page.placed.length} corpus paper(s)`;
    console.log(`  ${url}   ${note}`);
  }
  console.log(`  chrome-extension://${ext.extensionId}/popup.html   the popup as a page (or use the toolbar button)`);
  for (const url of [DEMO_URLS.hfDaily, DEMO_URLS.arxivRecent]) {
    const page = await ext.context.newPage();
    await page.goto(url);
  }
  console.log('\nPress Ctrl+C to stop (or close the browser).');
  await Promise.race([stopRequested, new Promise<void>((resolve) => ext.context.once('close', () => resolve()))]);
  return 0;
}

interface Shot {
  file: string;
  what: string;
}

async function runHeadless(ext: ExtensionSession, pages: Map<string, DemoPage>): Promise<number> {
  mkdirSync(OUT_DIR, { recursive: true });
  const shots: Shot[] = [];
  const counts: { url: string; badges: number; expected: number }[] = [];
  const shot = async (page: Page, name: string, what: string, opts: Parameters<Page['screenshot']>[0] = {}) => {
    const file = path.join(OUT_DIR, name);
    await page.screenshot({ path: file, ...opts });
    shots.push({ file, what });
  };

  const visit = async (url: string) => {
    const demo = pages.get(url);
    if (!demo) throw new Error(`no demo page at ${url}`);
    const page = await ext.context.newPage();
    await page.goto(url);
    await waitForBadgeCount(page, demo.placed.length, 20_000);
    counts.push({ url, badges: await page.locator('paperlens-badges').count(), expected: demo.placed.length });
    return page;
  };

  // Hugging Face daily papers: full page, a close-up of the first badged cards, then save two papers.
  const hf = await visit(DEMO_URLS.hfDaily);
  await shot(hf, 'hf-daily-full.png', 'Hugging Face daily papers, full page', { fullPage: true });
  await closeUp(hf, 'article', 3, path.join(OUT_DIR, 'hf-daily-closeup.png'));
  shots.push({ file: path.join(OUT_DIR, 'hf-daily-closeup.png'), what: 'close-up of the first badged cards' });
  const hfPlaced = pages.get(DEMO_URLS.hfDaily)!.placed;
  for (const id of hfPlaced.slice(0, 2)) {
    await hf.locator(`paperlens-badges[data-paper-id="${id}"] button.save`).click();
    await hf.locator(`paperlens-badges[data-paper-id="${id}"] button.save[aria-pressed="true"]`).waitFor();
  }

  // arXiv listing (2024+ format) and the pre-2024 /new listing.
  const recent = await visit(DEMO_URLS.arxivRecent);
  await shot(recent, 'arxiv-list-recent-full.png', 'arXiv cs.CL/recent listing, full page', { fullPage: true });
  await closeUp(recent, 'dd', 3, path.join(OUT_DIR, 'arxiv-list-closeup.png'));
  shots.push({ file: path.join(OUT_DIR, 'arxiv-list-closeup.png'), what: 'close-up of badged arXiv entries' });
  const older = await visit(DEMO_URLS.arxivNew);
  await shot(older, 'arxiv-list-new-2018.png', 'arXiv cs/new listing (pre-2024 format), first screen');

  // The popup, opened as a page for the HF tab: "On this page" and "Saved".
  const tabId = await ext.activeTabId(hf);
  const popup = await ext.popup(tabId);
  await popup.setViewportSize({ width: 420, height: 640 });
  await popup.locator('#panel-page li.paper').first().waitFor();
  await shot(popup, 'popup-on-this-page.png', 'popup: On this page (Hugging Face daily)', { fullPage: true });
  await popup.getByRole('tab', { name: 'Saved' }).click();
  await popup.locator('#panel-saved li.paper').nth(1).waitFor();
  await shot(popup, 'popup-saved.png', 'popup: Saved', { fullPage: true });

  console.log('\nBadges per page:');
  for (const c of counts) console.log(`  ${String(c.badges).padStart(3)} badges (expected ${c.expected})  ${c.url}`);
  console.log('\nScreenshots:');
  for (const s of shots) console.log(`  ${path.relative(process.cwd(), s.file)}  ${s.what}`);
  const wrong = counts.filter((c) => c.badges !== c.expected);
  if (wrong.length) {
    console.error(`\n${wrong.length} page(s) did not get the expected badges.`);
    return 1;
  }
  return 0;
}

/** Screenshot of the first `n` badged entries (the union of their `entrySelector` containers). */
async function closeUp(page: Page, entrySelector: string, n: number, file: string): Promise<void> {
  const box = await page.evaluate(
    ({ entrySelector, n }) => {
      const hosts = [...document.querySelectorAll('paperlens-badges')].slice(0, n);
      const rects = hosts.flatMap((h) => {
        const entry = h.closest(entrySelector) ?? h.parentElement ?? h;
        // arXiv rows are a <dt> (id, links) plus a <dd> (title, authors): show both.
        const dt = entry.tagName === 'DD' && entry.previousElementSibling?.tagName === 'DT' ? [entry.previousElementSibling] : [];
        return [...dt, entry].map((el) => el.getBoundingClientRect());
      });
      if (!rects.length) return null;
      const left = Math.min(...rects.map((r) => r.left));
      const top = Math.min(...rects.map((r) => r.top));
      const right = Math.max(...rects.map((r) => r.right));
      const bottom = Math.max(...rects.map((r) => r.bottom));
      const pad = 8;
      return {
        x: Math.max(0, left + window.scrollX - pad),
        y: Math.max(0, top + window.scrollY - pad),
        width: Math.min(right - left + 2 * pad, document.documentElement.scrollWidth),
        height: Math.min(bottom - top + 2 * pad, 2400),
      };
    },
    { entrySelector, n },
  );
  if (!box || box.width < 1 || box.height < 1) throw new Error(`no badged entries to crop on ${page.url()}`);
  await page.screenshot({ path: file, fullPage: true, clip: box });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
