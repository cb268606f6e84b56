// The storage.local backup of the saved library in the real browser: the options page shows it, restores by hand
// what the database lost (merge, never delete), and the worker restores by itself when the IndexedDB database
// was deleted while it was stopped. Real Chromium, real IndexedDB, real chrome.storage.local.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoPages, DEMO_URLS } from '../helpers/demo-pages';
import { launchExtension, loadCorpus, PageServer, TempRoot, waitForBadgeCount, type ExtensionSession } from './harness';

interface SavedItem {
  paperId: string;
  savedAt: number;
  paper: { id: string; title: string };
  note?: string;
}

const corpus = loadCorpus();
const demo = buildDemoPages(corpus);
const listing = demo.get(DEMO_URLS.arxivRecent)!;
const chosen = listing.placed.slice(0, 4);

let root: TempRoot;
let server: PageServer;
let ext: ExtensionSession;
let options: Page;
let page: Page;

async function listSaved(): Promise<SavedItem[]> {
  const res = await ext.send<{ ok: true; items: SavedItem[] } | { ok: false; error: string }>({ type: 'listSaved' }, options);
  if (!res.ok) throw new Error(res.error);
  return res.items;
}
const byId = (items: SavedItem[]) => [...items].sort((a, b) => (a.paperId < b.paperId ? -1 : 1));

/** What the backup area of chrome.storage.local holds, read directly from an extension page. */
const storedBackup = () =>
  options.evaluate(async () => {
    const all = await (globalThis as any).chrome.storage.local.get(null);
    return Object.entries(all)
      .filter(([k]) => k.startsWith('backup:saved:'))
      .map(([, v]) => v)
      .sort((a: any, b: any) => (a.paperId < b.paperId ? -1 : 1));
  }) as Promise<SavedItem[]>;

/** Runs IndexedDB code in the options page against the extension's database (the worker must be stopped). */
async function onDatabase(action: 'deleteSome' | 'deleteDatabase', ids: string[] = []): Promise<string> {
  return options.evaluate(
    ({ action, ids }) =>
      new Promise<string>((resolve, reject) => {
        if (action === 'deleteDatabase') {
          const req = indexedDB.deleteDatabase('paperlens');
          req.onsuccess = () => resolve('deleted');
          req.onerror = () => reject(req.error);
          req.onblocked = () => resolve('blocked');
          return;
        }
        const open = indexedDB.open('paperlens');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('saved', 'readwrite');
          for (const id of ids) tx.objectStore('saved').delete(id);
          tx.oncomplete = () => (db.close(), resolve('ok'));
          tx.onerror = () => reject(tx.error);
        };
      }),
    { action, ids },
  );
}

beforeAll(async () => {
  root = new TempRoot();
  server = await PageServer.start(root, new Map([...demo].map(([url, p]) => [url, p.html])));
  ext = await launchExtension({ server, tempRoot: root });
  options = await ext.context.newPage();
  await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
  page = await ext.context.newPage();
  await page.goto(DEMO_URLS.arxivRecent);
  await waitForBadgeCount(page, listing.placed.length);
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
  root?.remove();
});

describe('backup of the saved library', () => {
  it('every save from the page is in storage.local, and the options page shows the count', async () => {
    for (const id of chosen) {
      await page.locator(`paperlens-badges[data-paper-id="${id}"] button.save`).click();
      await page.locator(`paperlens-badges[data-paper-id="${id}"] button.save[aria-pressed="true"]`).waitFor();
    }
    await expect.poll(async () => (await listSaved()).length, { timeout: 10_000 }).toBe(chosen.length);
    expect(await storedBackup()).toEqual(byId(await listSaved()));
    await options.reload();
    await expect.poll(() => options.getByTestId('backup-status').textContent(), { timeout: 10_000 }).toContain(`holds ${chosen.length} saved papers`);
    expect(await options.getByTestId('backup-auto-restored').count()).toBe(0);
  });

  it('the database loses items: "Restore saved papers from backup" adds them back, byte for byte, and the badges follow', async () => {
    const before = byId(await listSaved());
    await ext.stopServiceWorker();
    expect(await onDatabase('deleteSome', chosen.slice(0, 3))).toBe('ok');
    expect((await listSaved()).map((i) => i.paperId)).toEqual([chosen[3]]);
    await options.reload();
    await options.getByRole('button', { name: 'Restore saved papers from backup' }).click();
    await expect.poll(() => options.getByTestId('backup-result').textContent(), { timeout: 10_000 }).toBe(
      'Restored 3 saved papers (1 was already in your library).',
    );
    expect(byId(await listSaved())).toEqual(before);
    // The open tab's badges were told (savedChanged) and show the papers saved again, without a reload.
    for (const id of chosen) await page.locator(`paperlens-badges[data-paper-id="${id}"] button.save[aria-pressed="true"]`).waitFor();
    // A second restore has nothing to add.
    await options.getByRole('button', { name: 'Restore saved papers from backup' }).click();
    await expect.poll(() => options.getByTestId('backup-result').textContent(), { timeout: 10_000 }).toContain('Nothing to restore');
    expect(byId(await listSaved())).toEqual(before);
  });

  it('an unsave is mirrored too: the backup never brings back a paper the reader removed', async () => {
    const gone = chosen[3]!;
    await page.locator(`paperlens-badges[data-paper-id="${gone}"] button.save`).click();
    await page.locator(`paperlens-badges[data-paper-id="${gone}"] button.save[aria-pressed="false"]`).waitFor();
    await expect.poll(async () => (await storedBackup()).map((i) => i.paperId), { timeout: 10_000 }).not.toContain(gone);
    expect(await storedBackup()).toEqual(byId(await listSaved()));
  });

  it('the database is deleted while the worker is stopped: the next start restores the library and the options page says so', async () => {
    const before = byId(await listSaved());
    expect(before).toHaveLength(3);
    await ext.stopServiceWorker();
    expect(await onDatabase('deleteDatabase')).toBe('deleted');
    // The database really is gone: a fresh open creates version 1 with no stores.
    const stores = await options.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('probe-only');
          open.onsuccess = () => {
            open.result.close();
            indexedDB.databases().then((dbs) => resolve(dbs.filter((d) => d.name === 'paperlens').length));
          };
        }),
    );
    expect(stores).toBe(0);
    await options.reload();
    await expect.poll(() => options.getByTestId('backup-auto-restored').count(), { timeout: 15_000 }).toBe(1);
    expect(await options.getByTestId('backup-auto-restored').textContent()).toContain('restored 3 saved papers from the backup');
    expect(byId(await listSaved())).toEqual(before);
    // The corpus is loaded again (the first lookup repairs it), and the page shows the restored papers as saved.
    await page.reload();
    await waitForBadgeCount(page, listing.placed.length, 60_000);
    for (const id of listing.placed) {
      const saved = before.some((i) => i.paperId === id);
      await page.locator(`paperlens-badges[data-paper-id="${id}"] button.save[aria-pressed="${saved}"]`).waitFor();
    }
    await expect.poll(() => options.getByTestId('status').textContent(), { timeout: 30_000 }).toContain(corpus.corpusVersion);
    expect(await options.getByTestId('status').textContent()).toContain('3 saved');
  });
});
