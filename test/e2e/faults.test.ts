// Faults in the real browser: the service worker stopped (CDP) between a lookup and a save, in the middle of a save,
// in the middle of a bundled-corpus load and in the middle of an import. Nothing saved may be lost, nothing may be
// half-written, and the next start must repair what was interrupted. A private copy of the build is used so that the
// test can swap its corpus.json (Chromium reads an unpacked extension's files from disk on each fetch).
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCorpus } from '../../utils/core/corpus';
import type { CorpusFile, Paper } from '../../utils/core/types';
import { buildDemoPages, DEMO_URLS } from '../helpers/demo-pages';
import { EXTENSION_DIR, launchExtension, loadCorpus, PageServer, TempRoot, waitForBadgeCount, type ExtensionSession } from './harness';

interface SavedItem {
  paperId: string;
  savedAt: number;
  paper: { id: string; title: string };
}
interface Peek {
  corpus: { version: string; state: string; paperCount: number } | undefined;
  papers: number;
  imported: number;
  importRecords: { importId: string; paperCount: number }[];
  saved: SavedItem[];
}

const corpus = loadCorpus();
const demo = buildDemoPages(corpus);
const listing = demo.get(DEMO_URLS.arxivRecent)!;
const SYNTHETIC = 30_000;

/** `n` made-up papers (ids t:<16 hex>), topics borrowed from the real corpus so that they validate. */
function synthetic(n: number, tag: string): Paper[] {
  return Array.from({ length: n }, (_, i) => {
    const real = corpus.papers[i % corpus.papers.length]!;
    return {
      id: `t:${tag}${i.toString(16).padStart(16 - tag.length, '0')}`,
      title: `Synthetic study ${tag}-${i} of sparse retrieval under distribution shift`,
      abstract: `We study case ${i} of ${tag}. ${real.abstract.slice(0, 300)}`,
      topics: real.topics,
      links: [],
    };
  });
}
function corpusOf(papers: Paper[], version: string): CorpusFile {
  return { format: 'paperlens-corpus', formatVersion: 1, corpusVersion: version, taxonomyVersion: corpus.taxonomyVersion, papers };
}

let root: TempRoot;
let server: PageServer;
let ext: ExtensionSession;
let extensionPath: string;
let options: Page;
let page: Page;

/** Reads the extension's database directly from an extension page (and closes it again). */
function peek(): Promise<Peek> {
  return options.evaluate(
    () =>
      new Promise<Peek>((resolve, reject) => {
        const open = indexedDB.open('paperlens');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['papers', 'meta', 'saved'], 'readonly');
          const out: Partial<Peek> = {};
          const meta = tx.objectStore('meta');
          meta.get('corpus').onsuccess = (e) => (out.corpus = (e.target as IDBRequest).result);
          meta.getAll(IDBKeyRange.bound('import:', 'import:\uffff')).onsuccess = (e) =>
            (out.importRecords = ((e.target as IDBRequest).result as { importId: string; paperCount: number }[]).map((r) => ({ importId: r.importId, paperCount: r.paperCount })));
          tx.objectStore('papers').count().onsuccess = (e) => (out.papers = (e.target as IDBRequest).result);
          tx.objectStore('papers').index('bySource').count(IDBKeyRange.bound('import:', 'import:\uffff')).onsuccess = (e) =>
            (out.imported = (e.target as IDBRequest).result);
          tx.objectStore('saved').getAll().onsuccess = (e) => (out.saved = (e.target as IDBRequest).result);
          tx.oncomplete = () => (db.close(), resolve(out as Peek));
          tx.onerror = () => (db.close(), reject(tx.error));
        };
      }),
  );
}

/** Polls the database from inside the options page (no round trip per poll) until `papers` exceeds `atLeast`. */
function waitForPapersAbove(atLeast: number, timeout = 120_000): Promise<number> {
  return options.evaluate(
    async ({ atLeast, timeout }) => {
      const end = Date.now() + timeout;
      const count = () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('paperlens');
          open.onsuccess = () => {
            const db = open.result;
            const req = db.transaction('papers').objectStore('papers').count();
            req.onsuccess = () => (db.close(), resolve(req.result));
            req.onerror = () => (db.close(), resolve(-1));
          };
          open.onerror = () => resolve(-1);
        });
      for (;;) {
        const n = await count();
        if (n > atLeast || Date.now() > end) return n;
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    { atLeast, timeout },
  );
}

async function listSaved(): Promise<SavedItem[]> {
  const res = await ext.send<{ ok: true; items: SavedItem[] } | { ok: false; error: string }>({ type: 'listSaved' }, options);
  if (!res.ok) throw new Error(res.error);
  return res.items;
}
const byId = (items: SavedItem[]) => [...items].sort((a, b) => (a.paperId < b.paperId ? -1 : 1));
const pressed = (id: string) => page.locator(`paperlens-badges[data-paper-id="${id}"] button.save`).getAttribute('aria-pressed');

beforeAll(async () => {
  root = new TempRoot();
  server = await PageServer.start(root, new Map([...demo].map(([url, p]) => [url, p.html])));
  extensionPath = path.join(root.sub('extension'), 'chrome-mv3');
  cpSync(EXTENSION_DIR, extensionPath, { recursive: true });
  ext = await launchExtension({ server, tempRoot: root, extensionPath });
  options = await ext.context.newPage();
  await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
  await options.waitForFunction((v) => (document.querySelector('[data-testid=status]')?.textContent ?? '').includes(v), corpus.corpusVersion, { timeout: 30_000 });
  page = await ext.context.newPage();
  await page.goto(DEMO_URLS.arxivRecent);
  await waitForBadgeCount(page, listing.placed.length);
}, 120_000);

afterAll(async () => {
  await ext?.close();
  await server?.close();
  root?.remove();
});

describe('service worker stopped', () => {
  it('between a lookup and a save: the badge save wakes a new worker and works', async () => {
    const [a] = listing.placed as [string];
    await ext.stopServiceWorker();
    await page.locator(`paperlens-badges[data-paper-id="${a}"] button.save`).click();
    await expect.poll(async () => (await listSaved()).map((i) => i.paperId), { timeout: 15_000 }).toEqual([a]);
    expect(await pressed(a)).toBe('true');
  });

  it('in the middle of saves and removes (10 rounds): every badge ends equal to the library', async () => {
    const ids = listing.placed.slice(1, 4);
    const outcomes: string[] = [];
    for (let round = 0; round < 10; round++) {
      const id = ids[round % ids.length]!;
      const was = await pressed(id);
      // The click and the stop race: the request may be answered, cut off, or sent to the next worker.
      await Promise.all([page.locator(`paperlens-badges[data-paper-id="${id}"] button.save`).click(), ext.stopServiceWorker()]);
      // Wait until the badge settles (its request answered or failed), then compare it with the library.
      let lib: string[] = [];
      await expect
        .poll(
          async () => {
            lib = (await listSaved()).map((i) => i.paperId);
            const views = await Promise.all(listing.placed.map(async (p) => [p, await pressed(p)] as const));
            return views.filter(([p, v]) => (v === 'true') !== lib.includes(p)).map(([p, v]) => `${p} shows ${v}`);
          },
          { timeout: 15_000, message: `round ${round}: badges that disagree with the library` },
        )
        .toEqual([]);
      outcomes.push(`${was}→${(await pressed(id)) ?? '?'}`);
    }
    console.log(`click+stop rounds (aria-pressed before→after): ${outcomes.join(' ')}`);
    // The stored backup agrees with the library too.
    const backup = await options.evaluate(async () =>
      Object.keys(await (globalThis as any).chrome.storage.local.get(null))
        .filter((k) => k.startsWith('backup:saved:'))
        .map((k) => k.slice(13))
        .sort(),
    );
    expect(backup).toEqual((await listSaved()).map((i) => i.paperId).sort());
  }, 300_000);

  it(`in the middle of a bundled corpus load (${corpus.papers.length} → ${corpus.papers.length + SYNTHETIC} papers): state stays "loading", the next start repairs it, saved items intact`, async () => {
    const before = byId(await listSaved());
    expect(before.length).toBeGreaterThan(0);
    const big = corpusOf([...corpus.papers, ...synthetic(SYNTHETIC, 'b')], 'b16b16b16b16b16b');
    expect(validateCorpus(big).ok).toBe(true);
    const json = JSON.stringify(big);
    writeFileSync(path.join(extensionPath, 'corpus.json'), json);
    const start = await peek();
    expect(start.papers).toBe(corpus.papers.length);

    await options.getByRole('button', { name: 'Reload bundled corpus' }).click();
    // Stop once the first batches are written, well before the last.
    const seen = await waitForPapersAbove(corpus.papers.length + 1000);
    await ext.stopServiceWorker();
    const cut = await peek();
    console.log(`corpus load cut at ${cut.papers} of ${big.papers.length} papers (poll saw ${seen}); corpus.json ${json.length} bytes`);
    expect(cut.papers).toBeGreaterThan(corpus.papers.length);
    expect(cut.papers, 'the load finished before the stop: make the corpus bigger').toBeLessThan(big.papers.length);
    expect(cut.corpus).toEqual({ version: big.corpusVersion, state: 'loading', paperCount: 0 });
    expect(byId(cut.saved)).toEqual(before);
    // The options page reports the interrupted request, and status shows no complete corpus.
    await expect.poll(() => options.locator('[role=alert]').allTextContents(), { timeout: 15_000 }).toContainEqual(expect.stringContaining('Could not reload the corpus'));

    // The next start: a page's lookup repairs the load.
    await page.reload();
    await waitForBadgeCount(page, listing.placed.length, 120_000);
    await expect.poll(async () => (await peek()).corpus?.state, { timeout: 120_000 }).toBe('complete');
    const done = await peek();
    expect(done.corpus).toEqual({ version: big.corpusVersion, state: 'complete', paperCount: big.papers.length });
    expect(done.papers).toBe(big.papers.length);
    expect(byId(done.saved)).toEqual(before);
  }, 400_000);

  it(`in the middle of an import of ${SYNTHETIC} papers: all of them or none, and the import list says so`, async () => {
    const before = await peek();
    const papers = synthetic(SYNTHETIC, 'c');
    const file = Buffer.from(JSON.stringify(corpusOf(papers, 'c0c0c0c0c0c0c0c0')));
    // Given by path (Chromium reads it), not as a 19 MB buffer through the DevTools protocol.
    const filePath = path.join(root.sub('import'), 'big.json');
    writeFileSync(filePath, file);
    await options.reload();
    await options.getByTestId('imports-empty').waitFor();
    await options.getByTestId('import-file').setInputFiles(filePath, { timeout: 120_000 });
    // Stop while the import's one transaction is being written: its progress says papers are being written.
    await options.waitForFunction(() => /[\d,]+ of [\d,]+ papers written/.test(document.querySelector('.import .progress')?.textContent ?? ''), null, {
      timeout: 180_000,
      polling: 5,
    });
    const progressAtStop = await options.locator('.import .progress').textContent();
    await ext.stopServiceWorker();
    await options.getByTestId('import-error').waitFor({ timeout: 30_000 });
    const message = await options.getByTestId('import-error').textContent();
    expect(message).toContain('PaperLens stopped before it answered');
    const after = await peek();
    console.log(`import stopped at "${progressAtStop}"; papers of imports: ${after.imported}; records: ${JSON.stringify(after.importRecords)}; error: ${message}; file ${file.length} bytes`);
    // All or nothing, and the record agrees.
    expect([0, SYNTHETIC]).toContain(after.imported);
    expect(after.importRecords).toEqual(after.imported === 0 ? [] : [{ importId: expect.any(String), paperCount: SYNTHETIC }]);
    expect(after.papers).toBe(before.papers + after.imported);
    expect(byId(after.saved)).toEqual(byId(before.saved));
    // The page lists what the database holds.
    await options.reload();
    if (after.imported === 0) await options.getByTestId('imports-empty').waitFor();
    else await options.getByTestId('imports').waitFor();

    // Doing it again completes.
    if (after.imported === 0) {
      await options.getByTestId('import-file').setInputFiles(filePath, { timeout: 120_000 });
      await options.getByTestId('import-summary').waitFor({ timeout: 300_000 });
      const again = await peek();
      expect(again.imported).toBe(SYNTHETIC);
      expect(again.importRecords).toEqual([{ importId: expect.any(String), paperCount: SYNTHETIC }]);
      expect(byId(again.saved)).toEqual(byId(before.saved));
    }
  }, 600_000);
});
