// Saving papers in the real browser: from the page badge, from the popup, across a service-worker stop, a browser
// restart with the same profile, and a corpus reload. One profile for the file; the browser is restarted once.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoPages, DEMO_URLS } from '../helpers/demo-pages';
import {
  launchExtension,
  loadCorpus,
  networkViolations,
  PageServer,
  recordRequests,
  serverViolations,
  TempRoot,
  waitForBadgeCount,
  type ExtensionSession,
  type SeenRequest,
} from './harness';

interface SavedItem {
  paperId: string;
  savedAt: number;
  paper: { id: string; title: string };
}
type ListSaved = { ok: true; items: SavedItem[] } | { ok: false; error: string };
type Status = { ok: true; corpusVersion: string | null; paperCount: number; savedCount: number } | { ok: false; error: string };

const corpus = loadCorpus();
const demo = buildDemoPages(corpus);
const listing = demo.get(DEMO_URLS.arxivRecent)!;
const daily = demo.get(DEMO_URLS.hfDaily)!;
// Papers of the arXiv listing used below: [0] saved from the page, [1] from the popup's page view then removed
// in the saved view, [2] from the popup and kept.
const [fromPage, fromPopup, kept] = listing.placed as [string, string, string];

let root: TempRoot;
let server: PageServer;
let ext: ExtensionSession;
let profile: string;
let page: Page;
const seen: { session: ExtensionSession; requests: SeenRequest[] }[] = [];

const badgeSave = (p: Page, paperId: string) => p.locator(`paperlens-badges[data-paper-id="${paperId}"] button.save`);
const pressed = (p: Page, paperId: string, value: boolean) =>
  p.locator(`paperlens-badges[data-paper-id="${paperId}"] button.save[aria-pressed="${value}"]`).waitFor();

async function launch(): Promise<void> {
  ext = await launchExtension({ server, userDataDir: profile });
  seen.push({ session: ext, requests: recordRequests(ext.context) });
  page = await ext.context.newPage();
}

async function listSaved(): Promise<SavedItem[]> {
  const res = await ext.send<ListSaved>({ type: 'listSaved' });
  if (!res.ok) throw new Error(res.error);
  return res.items;
}

async function openSavedView(tabId?: number): Promise<Page> {
  const popup = await ext.popup(tabId);
  await popup.getByRole('tab', { name: 'Saved' }).click();
  return popup;
}

beforeAll(async () => {
  root = new TempRoot();
  server = await PageServer.start(root, new Map([...demo].map(([url, p]) => [url, p.html])));
  profile = root.sub('profile');
  await launch();
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
  root?.remove();
});

describe('saving', () => {
  it('starts empty: the saved view shows its empty state', async () => {
    expect(await listSaved()).toEqual([]);
    const popup = await openSavedView();
    try {
      await popup.locator('#panel-saved [data-testid=empty]').waitFor();
    } finally {
      await popup.close();
    }
  });

  it('save from the page: the toggle turns on and the paper appears in the popup saved view', async () => {
    await page.goto(DEMO_URLS.arxivRecent);
    await waitForBadgeCount(page, listing.placed.length);
    expect(await badgeSave(page, fromPage).getAttribute('aria-pressed')).toBe('false');
    await badgeSave(page, fromPage).click();
    await pressed(page, fromPage, true);
    await expect.poll(async () => (await listSaved()).map((i) => i.paperId), { timeout: 10_000 }).toEqual([fromPage]);

    const popup = await openSavedView(await ext.activeTabId(page));
    try {
      const item = popup.locator(`#panel-saved li.paper[data-paper-id="${fromPage}"]`);
      await item.waitFor();
      const paper = corpus.papers.find((p) => p.id === fromPage)!;
      expect(await item.locator('a.open-paper').textContent()).toContain(paper.title);
      expect(await item.locator('button.remove').count()).toBe(1);
      const httpsLinks = paper.links.filter((l) => l.url.startsWith('https://'));
      expect(await item.locator('a.link[data-kind]').evaluateAll((els) => els.map((a) => a.getAttribute('data-kind')))).toEqual(
        httpsLinks.map((l) => l.kind),
      );
    } finally {
      await popup.close();
    }
  });

  it('save from the popup: the page badge turns on without a reload', async () => {
    await page.evaluate(() => ((window as unknown as { __notReloaded: boolean }).__notReloaded = true));
    const popup = await ext.popup(await ext.activeTabId(page));
    try {
      const items = popup.locator('#panel-page li.paper');
      await items.nth(listing.placed.length - 1).waitFor();
      expect(await popup.locator(`#panel-page li.paper[data-paper-id="${fromPage}"] button.save`).getAttribute('aria-pressed')).toBe('true');
      for (const id of [fromPopup, kept]) {
        const button = popup.locator(`#panel-page li.paper[data-paper-id="${id}"] button.save`);
        expect(await button.getAttribute('aria-pressed')).toBe('false');
        await button.click();
        await popup.locator(`#panel-page li.paper[data-paper-id="${id}"] button.save[aria-pressed="true"]`).waitFor();
        await pressed(page, id, true);
      }
    } finally {
      await popup.close();
    }
    expect(await page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);
    // Newest first.
    expect((await listSaved()).map((i) => i.paperId)).toEqual([kept, fromPopup, fromPage]);
  });

  it('remove from the popup saved view: the page badge turns off without a reload', async () => {
    const popup = await openSavedView(await ext.activeTabId(page));
    try {
      const ids = () => popup.locator('#panel-saved li.paper').evaluateAll((els) => els.map((el) => el.getAttribute('data-paper-id')));
      await popup.locator('#panel-saved li.paper').nth(2).waitFor();
      expect(await ids()).toEqual([kept, fromPopup, fromPage]);
      await popup.locator(`#panel-saved li.paper[data-paper-id="${fromPopup}"] button.remove`).click();
      await popup.locator(`#panel-saved li.paper[data-paper-id="${fromPopup}"]`).waitFor({ state: 'detached' });
      expect(await ids()).toEqual([kept, fromPage]);
    } finally {
      await popup.close();
    }
    await pressed(page, fromPopup, false);
    expect(await page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);
    expect((await listSaved()).map((i) => i.paperId)).toEqual([kept, fromPage]);
  });

  it('another page showing a saved paper shows it as saved', async () => {
    // The HF daily page places the same first corpus papers as the arXiv listing.
    const shared = daily.placed.filter((id) => [kept, fromPage].includes(id));
    const other = await ext.context.newPage();
    try {
      await other.goto(DEMO_URLS.hfDaily);
      await waitForBadgeCount(other, daily.placed.length);
      for (const id of daily.placed) {
        await pressed(other, id, shared.includes(id));
      }
    } finally {
      await other.close();
    }
  });
});

describe('persistence', () => {
  it('saved items survive a service worker stop (CDP), and the worker really restarted', async () => {
    const before = await listSaved();
    await (await ext.sw()).evaluate(() => ((globalThis as unknown as { __alive: number }).__alive = 1));
    await ext.stopServiceWorker();
    const worker = await ext.sw();
    expect(await worker.evaluate(() => (globalThis as unknown as { __alive?: number }).__alive)).toBeUndefined();
    expect(await listSaved()).toEqual(before);
    // The page's toggle still works against the fresh worker.
    await ext.stopServiceWorker();
    await badgeSave(page, fromPopup).click();
    await pressed(page, fromPopup, true);
    await expect.poll(async () => (await listSaved()).map((i) => i.paperId), { timeout: 10_000 }).toEqual([fromPopup, kept, fromPage]);
    await badgeSave(page, fromPopup).click();
    await pressed(page, fromPopup, false);
    await expect.poll(async () => (await listSaved()).map((i) => i.paperId), { timeout: 10_000 }).toEqual([kept, fromPage]);
  });

  it('saved items survive a browser restart with the same profile and a corpus reload', async () => {
    const before = await listSaved();
    expect(before.map((i) => i.paperId)).toEqual([kept, fromPage]);
    const oldId = ext.extensionId;
    await ext.close();
    await launch();
    expect(ext.extensionId).toBe(oldId);
    expect(await listSaved()).toEqual(before);

    const popup = await ext.popup();
    try {
      const status = await ext.send<Status>({ type: 'status' }, popup);
      expect(status).toMatchObject({ ok: true, corpusVersion: corpus.corpusVersion, paperCount: corpus.papers.length, savedCount: 2 });
      const reloaded = await ext.send<Status>({ type: 'reloadCorpus' }, popup);
      expect(reloaded).toMatchObject({ ok: true });
      expect(await ext.send<Status>({ type: 'status' }, popup)).toMatchObject({
        ok: true,
        corpusVersion: corpus.corpusVersion,
        paperCount: corpus.papers.length,
        savedCount: 2,
      });
    } finally {
      await popup.close();
    }
    expect(await listSaved()).toEqual(before);

    // And the UI agrees: badges on the page and the popup's saved view.
    await page.goto(DEMO_URLS.arxivRecent);
    await waitForBadgeCount(page, listing.placed.length);
    for (const id of listing.placed) await pressed(page, id, id === kept || id === fromPage);
    const saved = await openSavedView(await ext.activeTabId(page));
    try {
      await saved.locator('#panel-saved li.paper').nth(1).waitFor();
      expect(
        await saved.locator('#panel-saved li.paper').evaluateAll((els) => els.map((el) => el.getAttribute('data-paper-id'))),
      ).toEqual([kept, fromPage]);
    } finally {
      await saved.close();
    }
  });

  it('a malformed message gets an error answer, not a crash', async () => {
    expect(await ext.send({ type: 'save' })).toMatchObject({ ok: false });
    expect(await ext.send({ type: 'save', paperId: 'no-such-paper' })).toMatchObject({ ok: false });
    expect(await ext.send({ type: 'nope' })).toMatchObject({ ok: false });
    expect((await listSaved()).map((i) => i.paperId)).toEqual([kept, fromPage]);
  });
});

describe('network', () => {
  it('no request leaves for anything but the served pages and their assets; the extension makes none', () => {
    for (const { session, requests } of seen) {
      expect(networkViolations(requests, server, session.extensionId)).toEqual([]);
    }
    // The worker's requests are recorded (the corpus reload reads the packaged file): the check above sees them.
    const workerRequests = seen.flatMap((s) => s.requests).filter((r) => r.fromServiceWorker);
    expect(workerRequests.length).toBeGreaterThan(0);
    for (const r of workerRequests) expect(r.url.startsWith('chrome-extension://')).toBe(true);
    expect(serverViolations(server)).toEqual([]);
  });
});
