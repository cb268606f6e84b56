// A new bundled corpus arriving with an extension update, in the real browser with the same profile: a corrupt file, a
// corpus of a newer format version, a corpus that is not valid, and finally a good corpus of another version. The
// previous corpus and every saved item stay until a good one loads, and the options page reports the problem (also
// after the worker restarted). The extension is a private copy at a fixed path, so its id stays the same across
// launches (Chromium derives an unpacked extension's id from its path); each "update" bumps its manifest version.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoPages, DEMO_URLS } from '../helpers/demo-pages';
import { EXTENSION_DIR, launchExtension, loadCorpus, PageServer, TempRoot, waitForBadgeCount, type ExtensionSession } from './harness';

interface SavedItem {
  paperId: string;
  savedAt: number;
  paper: { id: string; title: string };
}
type Status = { ok: true; corpusVersion: string | null; paperCount: number; savedCount: number; corpusError?: string };

const corpus = loadCorpus();
const demo = buildDemoPages(corpus);
const listing = demo.get(DEMO_URLS.arxivRecent)!;
const toSave = listing.placed.slice(0, 2);

let root: TempRoot;
let server: PageServer;
let ext: ExtensionSession | undefined;
let extensionPath: string;
let profile: string;
let extensionId: string;
let savedBefore: SavedItem[];
let minor = 0;

async function launch(): Promise<{ options: Page; status: Status }> {
  ext = await launchExtension({ server, userDataDir: profile, extensionPath });
  const options = await ext.context.newPage();
  await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
  // The update check runs at start (onInstalled): wait until it has settled, one way or the other.
  await options.waitForFunction(
    () => !!document.querySelector('[data-testid=corpus-error]') || /Corpus [0-9a-f]{16}/.test(document.querySelector('[data-testid=status]')?.textContent ?? ''),
    null,
    { timeout: 60_000 },
  );
  return { options, status: await ext.send<Status>({ type: 'status' }, options) };
}

async function listSaved(options: Page): Promise<SavedItem[]> {
  const res = await ext!.send<{ ok: true; items: SavedItem[] }>({ type: 'listSaved' }, options);
  return res.items;
}

/** Ships `corpusText` as the bundled corpus of a new extension version (same path, same profile). */
function update(corpusText: string): void {
  writeFileSync(path.join(extensionPath, 'corpus.json'), corpusText);
  const manifestFile = path.join(extensionPath, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  manifest.version = `${manifest.version.split('.').slice(0, 2).join('.')}.${100 + ++minor}`;
  writeFileSync(manifestFile, JSON.stringify(manifest));
}

beforeAll(async () => {
  root = new TempRoot();
  server = await PageServer.start(root, new Map([...demo].map(([url, p]) => [url, p.html])));
  extensionPath = path.join(root.sub('extension'), 'chrome-mv3');
  cpSync(EXTENSION_DIR, extensionPath, { recursive: true });
  profile = root.sub('profile');
  const { options, status } = await launch();
  expect(status).toMatchObject({ ok: true, corpusVersion: corpus.corpusVersion, paperCount: corpus.papers.length });
  extensionId = ext!.extensionId;
  for (const id of toSave) expect(await ext!.send({ type: 'save', paperId: id }, options)).toMatchObject({ ok: true });
  savedBefore = await listSaved(options);
  expect(savedBefore).toHaveLength(2);
  await ext!.close();
}, 180_000);

afterAll(async () => {
  await ext?.close();
  await server?.close();
  root?.remove();
});

const bad: [string, () => string, RegExp][] = [
  ['a corrupt file (cut in the middle)', () => JSON.stringify(corpus).slice(0, 5000), /the bundled corpus could not be read/],
  ['a corpus of a newer format version', () => JSON.stringify({ ...corpus, formatVersion: 2, corpusVersion: 'ffffffffffffffff' }), /formatVersion: 2 is not supported/],
  ['a corpus with another corpusVersion and a javascript: link', () => {
    const papers = structuredClone(corpus.papers);
    papers[0]!.links = [{ url: 'javascript:alert(1)', kind: 'code' }];
    return JSON.stringify({ ...corpus, corpusVersion: 'eeeeeeeeeeeeeeee', papers });
  }, /the bundled corpus is invalid/],
];

describe('a bundled corpus that cannot be used', () => {
  for (const [what, text, error] of bad) {
    it(`${what}: the previous corpus and saved items stay; the options page says why, also after a worker restart`, async () => {
      update(text());
      const { options, status } = await launch();
      try {
        expect(ext!.extensionId).toBe(extensionId);
        expect(status).toMatchObject({ ok: true, corpusVersion: corpus.corpusVersion, paperCount: corpus.papers.length, savedCount: 2, corpusError: error });
        expect(await options.getByTestId('corpus-error').textContent()).toMatch(error);
        expect(await options.getByTestId('status').textContent()).toContain(`Corpus ${corpus.corpusVersion}`);
        expect(await listSaved(options)).toEqual(savedBefore);
        // Badges still come from the previous corpus.
        const page = await ext!.context.newPage();
        await page.goto(DEMO_URLS.arxivRecent);
        await waitForBadgeCount(page, listing.placed.length, 30_000);
        for (const id of toSave) await page.locator(`paperlens-badges[data-paper-id="${id}"] button.save[aria-pressed="true"]`).waitFor();
        // A new worker (the old one stopped) still reports it.
        await ext!.stopServiceWorker();
        await options.reload();
        await options.getByTestId('corpus-error').waitFor({ timeout: 15_000 });
        expect(await options.getByTestId('corpus-error').textContent()).toMatch(error);
      } finally {
        await ext!.close();
      }
    }, 240_000);
  }

  it('then a good corpus of another version: it loads, the error is gone, saved items stay (even one the new corpus dropped)', async () => {
    const dropped = toSave[0]!;
    const papers = corpus.papers.filter((p) => p.id !== dropped);
    update(JSON.stringify({ ...corpus, corpusVersion: 'abcdefabcdef0123', papers }));
    const { options, status } = await launch();
    try {
      await expect.poll(async () => (await ext!.send<Status>({ type: 'status' }, options)).corpusVersion, { timeout: 60_000 }).toBe('abcdefabcdef0123');
      expect(await ext!.send<Status>({ type: 'status' }, options)).toEqual({ ok: true, corpusVersion: 'abcdefabcdef0123', paperCount: papers.length, savedCount: 2 });
      void status;
      await options.reload();
      await expect.poll(() => options.getByTestId('status').textContent(), { timeout: 15_000 }).toContain('Corpus abcdefabcdef0123');
      expect(await options.getByTestId('corpus-error').count()).toBe(0);
      expect(await listSaved(options)).toEqual(savedBefore);
    } finally {
      await ext!.close();
    }
  }, 240_000);
});
