// Storage quota exhausted during an import, in the real browser: a large file is imported through the options page
// into a profile whose disk is too small for it, and the page must show a clear message while the papers store, the
// import list and the saved items stay unchanged.
//
// How storage is exhausted: CDP's Storage.overrideQuotaForOrigin is accepted for the extension origin (getUsageAndQuota
// reports the new quota) but Chromium 156 does not enforce it for chrome-extension:// (a 21 MB import went through a
// 0.7 MB override), nor the quota it derives from a small disk (24 MiB of a 40 MiB tmpfs: a 27 MB import went
// through). What does fail is the disk itself: the profile lives on a 40 MiB tmpfs and a ~40 MB import fills it.
// Mounting needs root; elsewhere the file is skipped, saying so.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CorpusFile, Paper } from '../../utils/core/types';
import { launchExtension, loadCorpus, PageServer, TempRoot, type ExtensionSession } from './harness';

const corpus = loadCorpus();
/** Fits once the disk is larger. */
const N = 10_000;
/** Over the disk itself. */
const N_DISK = 16_000;
const DISK = path.join(process.env.TMPDIR ?? '/tmp', `paperlens-small-disk-${process.pid}`);

function mountSmallDisk(): string | null {
  try {
    if (process.getuid?.() !== 0) return 'not root: cannot mount a small tmpfs for the profile';
    mkdirSync(DISK, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=40m', 'tmpfs', DISK], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return `mount failed: ${String(e).slice(0, 200)}`;
  }
}
const cannot = mountSmallDisk();
if (cannot) console.warn(`quota.test.ts skipped: ${cannot}`);

function bigImport(tag: string, n = N): CorpusFile {
  const papers: Paper[] = Array.from({ length: n }, (_, i) => {
    const real = corpus.papers[i % corpus.papers.length]!;
    return {
      id: `t:${tag}${i.toString(16).padStart(16 - tag.length, '0')}`,
      title: `Quota study ${tag}-${i} of dense retrieval`,
      abstract: `${real.abstract} (${i})`,
      topics: real.topics,
      links: [],
    };
  });
  return { format: 'paperlens-corpus', formatVersion: 1, corpusVersion: 'd0d0d0d0d0d0d0d0', taxonomyVersion: corpus.taxonomyVersion, papers };
}

let root: TempRoot;
let server: PageServer;
let ext: ExtensionSession;
let options: Page;

const state = () =>
  options.evaluate(
    () =>
      new Promise<{ papers: number; meta: unknown[]; saved: unknown[] }>((resolve, reject) => {
        const open = indexedDB.open('paperlens');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['papers', 'meta', 'saved'], 'readonly');
          const out: { papers?: number; meta?: unknown[]; saved?: unknown[] } = {};
          tx.objectStore('papers').count().onsuccess = (e) => (out.papers = (e.target as IDBRequest).result);
          tx.objectStore('meta').getAll().onsuccess = (e) => (out.meta = (e.target as IDBRequest).result);
          tx.objectStore('saved').getAll().onsuccess = (e) => (out.saved = (e.target as IDBRequest).result);
          tx.oncomplete = () => (db.close(), resolve(out as { papers: number; meta: unknown[]; saved: unknown[] }));
        };
      }),
  );

beforeAll(async () => {
  if (cannot) return;
  root = new TempRoot();
  server = await PageServer.start(root, new Map());
  ext = await launchExtension({ server, userDataDir: path.join(DISK, 'profile') });
  options = await ext.context.newPage();
  await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
  await options.waitForFunction(() => /Corpus [0-9a-f]{16}/.test(document.querySelector('[data-testid=status]')?.textContent ?? ''), null, { timeout: 30_000 });
  for (const id of corpus.papers.slice(0, 3).map((p) => p.id)) {
    const res = await ext.send<{ ok: boolean }>({ type: 'save', paperId: id }, options);
    if (!res.ok) throw new Error(`save ${id} failed`);
  }
}, 120_000);

afterAll(async () => {
  await ext?.close();
  await server?.close();
  root?.remove();
  if (!cannot) {
    execFileSync('umount', [DISK], { stdio: 'pipe' });
    rmSync(DISK, { recursive: true, force: true });
  }
});

describe.skipIf(!!cannot)('storage exhausted', () => {
  it(`an import of ${N_DISK.toLocaleString('en')} papers that fills the disk: a clear message, nothing written`, async () => {
    // A retry starts from a disk as small as the first attempt's (tmpfs refuses to shrink below what it holds).
    try {
      execFileSync('mount', ['-o', 'remount,size=40m', DISK], { stdio: 'pipe' });
    } catch {
      /* it holds more than 40 MiB: the assertions below tell */
    }
    await options.reload();
    const before = await state();
    const file = path.join(root.sub('import'), 'fills-disk.json');
    writeFileSync(file, JSON.stringify(bigImport('b0', N_DISK)));
    await options.getByTestId('import-file').setInputFiles(file, { timeout: 60_000 });
    await options.getByTestId('import-error').waitFor({ timeout: 240_000 });
    const message = (await options.getByTestId('import-error').textContent()) ?? '';
    console.log(`disk-full import: ${message}`);
    expect(message).toContain('failed and nothing was written');
    // Chromium reports a disk that fills mid-write in one of three ways (which one varies from run to run).
    expect(message).toMatch(/disk is full|no more storage for PaperLens|database stopped the write/);
    // What the aborted import wrote to LevelDB's log can keep the disk full until the next compaction, and then the
    // browser cannot even open the database (CI saw "Encountered full disk while opening backing store"). The user
    // frees disk space; what must hold then is that nothing of the import is there and the library is whole.
    execFileSync('mount', ['-o', 'remount,size=200m', DISK], { stdio: 'pipe' });
    expect(await state()).toEqual(before);
    const id = corpus.papers[1]!.id;
    const unsave = await ext.send<{ ok: boolean; error?: string }>({ type: 'unsave', paperId: id }, options);
    console.log(`after the disk-full import: unsave ${JSON.stringify(unsave)}`);
    expect(unsave).toMatchObject({ ok: true, removed: true });
    expect(await ext.send({ type: 'save', paperId: id }, options)).toMatchObject({ ok: true });
  }, 400_000);

  it('with room again: the import is written in full, or refused cleanly while Chromium still counts the old quota', async () => {
    execFileSync('mount', ['-o', 'remount,size=200m', DISK], { stdio: 'pipe' });
    await options.reload();
    const before = await state();
    const file = path.join(root.sub('import'), 'fits.json');
    writeFileSync(file, JSON.stringify(bigImport('e0')));
    await options.getByTestId('import-file').setInputFiles(file, { timeout: 60_000 });
    await options.locator('[data-testid=import-summary], [data-testid=import-error]').first().waitFor({ timeout: 300_000 });
    // Chromium's quota manager caches the disk size it derived the quota from (24 MiB of 40 MiB), so right after the
    // resize the commit may still be refused as over quota: that must be the clear message with nothing written.
    if (await options.getByTestId('import-error').count()) {
      const message = (await options.getByTestId('import-error').textContent()) ?? '';
      console.log(`retry refused: ${message}`);
      expect(message).toMatch(/failed and nothing was written: (the browser has no more storage for PaperLens|the disk is full)/);
      expect(await state()).toEqual(before);
    } else {
      console.log('retry written in full');
      expect(await options.getByTestId('import-summary').textContent()).toContain(`${N} added`);
      expect((await state()).papers).toBe(before.papers + N);
    }
  }, 400_000);
});
