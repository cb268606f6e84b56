// The saved library in the real browser: exports from the options page (real downloads, the BibTeX read back by
// Better BibTeX's parser), JSON export → clear (with its confirmation) → import restores the identical library,
// a re-import adds nothing, a broken file changes nothing; the saved mark on listing rows follows saves made in
// another tab and library imports/clears live; topic highlighting dims exactly the rows of other topics.
import { parse as parseBib } from '@retorquere/bibtex-parser';
import { parse as parseCsv } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoPages, DEMO_URLS } from '../helpers/demo-pages';
import { launchExtension, loadCorpus, PageServer, TempRoot, waitForBadgeCount, type ExtensionSession } from './harness';

interface SavedItem {
  paperId: string;
  savedAt: number;
  paper: { id: string; title: string; arxivId?: string; year?: number; topics: { id: string }[] };
  note?: string;
}
type ListSaved = { ok: true; items: SavedItem[] } | { ok: false; error: string };

/** Cross-context updates (storage events, pushes to tabs, a worker waking) on a loaded 2-core machine. */
const WAIT = { timeout: 15_000 };
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const corpus = loadCorpus();
const demo = buildDemoPages(corpus, { perListing: 12 });
const listing = demo.get(DEMO_URLS.arxivRecent)!;
const byId = new Map(corpus.papers.map((p) => [p.id, p]));

let root: TempRoot;
let server: PageServer;
let ext: ExtensionSession;
let options: Page;
let tabA: Page;
let tabB: Page;

async function listSaved(): Promise<SavedItem[]> {
  const res = await ext.send<ListSaved>({ type: 'listSaved' }, options);
  if (!res.ok) throw new Error(res.error);
  return res.items;
}

async function downloadText(button: string): Promise<{ name: string; text: string }> {
  const [download] = (await Promise.all([options.waitForEvent('download'), options.locator(`.library-data button[data-format="${button}"]`).click()])) as [Download, void];
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path!, 'utf8') };
}

/** Saved state of one paper's badge and row, as the page shows it. */
const savedMark = (p: Page, paperId: string) =>
  p.evaluate((id) => {
    const host = document.querySelector<HTMLElement>(`paperlens-badges[data-paper-id="${id}"]`);
    const dd = host?.closest('dd');
    return { host: host?.dataset.saved, row: dd?.hasAttribute('data-paperlens-saved') ?? null, dt: dd?.previousElementSibling?.hasAttribute('data-paperlens-saved') ?? null };
  }, paperId);

beforeAll(async () => {
  root = new TempRoot();
  server = await PageServer.start(root, new Map([...demo].map(([url, p]) => [url, p.html])));
  ext = await launchExtension({ server, tempRoot: root });
  options = await ext.context.newPage();
  await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
  await options.waitForFunction((v) => document.querySelector('[data-testid="status"]')?.textContent?.includes(v), corpus.corpusVersion, { timeout: 30_000 });
  tabA = await ext.context.newPage();
  await tabA.goto(DEMO_URLS.arxivRecent);
  await waitForBadgeCount(tabA, listing.placed.length);
  tabB = await ext.context.newPage();
  await tabB.goto(DEMO_URLS.arxivRecent);
  await waitForBadgeCount(tabB, listing.placed.length);
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
  root?.remove();
});

describe('saved mark on listing rows', () => {
  it('appears and disappears live in a second tab when saving and unsaving in the first', async () => {
    const id = listing.placed[0]!;
    expect(await savedMark(tabB, id)).toEqual({ host: 'false', row: false, dt: false });
    await tabA.bringToFront();
    await tabA.locator(`paperlens-badges[data-paper-id="${id}"] button.save`).click();
    await expect.poll(() => savedMark(tabB, id), WAIT).toEqual({ host: 'true', row: true, dt: true });
    expect(await savedMark(tabA, id)).toEqual({ host: 'true', row: true, dt: true });
    // The edge is visible: the injected stylesheet draws it on the row.
    expect(await tabB.evaluate((pid) => getComputedStyle(document.querySelector(`paperlens-badges[data-paper-id="${pid}"]`)!.closest('dd')!).boxShadow, id)).toContain('inset');
    await tabA.locator(`paperlens-badges[data-paper-id="${id}"] button.save`).click();
    await expect.poll(() => savedMark(tabB, id), WAIT).toEqual({ host: 'false', row: false, dt: false });
    expect(await tabB.evaluate(() => document.querySelectorAll('[data-paperlens-saved]').length)).toBe(0);
  });
});

describe('Your library (options page)', () => {
  let before: SavedItem[];
  let json: string;

  it('saves a few papers, counts them, and exports each format as a download', async () => {
    for (const id of listing.placed.slice(0, 4)) await ext.send({ type: 'save', paperId: id }, options);
    before = await listSaved();
    expect(before).toHaveLength(4);
    await expect.poll(() => options.getByTestId('library-count').textContent(), WAIT).toBe('4 saved papers');

    const bib = await downloadText('bibtex');
    expect(bib.name).toMatch(/^paperlens-library-\d{4}-\d{2}-\d{2}\.bib$/);
    const lib = parseBib(bib.text);
    expect(lib.errors).toEqual([]);
    expect(lib.entries.map((e) => e.fields.eprint)).toEqual(before.map((i) => i.paper.arxivId));
    for (const [i, e] of lib.entries.entries()) {
      expect(e.fields.title!.replace(/<span class="nocase">(.*?)<\/span>/g, '$1')).toBe(before[i]!.paper.title);
      expect(e.fields.year).toBe(String(before[i]!.paper.year));
      expect(e.fields.archiveprefix).toBe('arXiv');
    }

    const csv = await downloadText('csv');
    expect(csv.name).toMatch(/\.csv$/);
    const rows: string[][] = parseCsv(csv.text, { bom: true });
    expect(rows[0]!.slice(0, 3)).toEqual(['id', 'title', 'arxiv_id']);
    expect(rows.slice(1).map((r) => r[1])).toEqual(before.map((i) => i.paper.title));

    const csl = await downloadText('csl-json');
    expect(csl.name).toMatch(/\.csl\.json$/);
    const items = JSON.parse(csl.text) as { id: string; type: string; title: string; number: string }[];
    expect(items.map((c) => [c.title, c.number, c.type])).toEqual(before.map((i) => [i.paper.title, i.paper.arxivId, 'article']));

    const exported = await downloadText('json');
    expect(exported.name).toMatch(/^paperlens-library-\d{4}-\d{2}-\d{2}\.json$/);
    json = exported.text;
    const file = JSON.parse(json);
    expect(file).toMatchObject({ format: 'paperlens-library', version: 1, items: before });
  });

  it('Clear asks first: Escape and Cancel keep everything, confirming removes all and the tabs update', async () => {
    const clear = options.getByRole('button', { name: 'Clear library…' });
    await clear.click();
    const dialog = options.getByRole('dialog', { name: 'Remove all saved papers?' });
    await dialog.waitFor();
    // The safe choice has the focus.
    expect(await options.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await options.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await listSaved()).toEqual(before);
    await clear.click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await listSaved()).toEqual(before);

    expect(await savedMark(tabB, before[0]!.paperId)).toMatchObject({ host: 'true', row: true });
    await clear.click();
    await dialog.getByRole('button', { name: 'Remove 4 papers' }).click();
    await expect.poll(() => listSaved(), WAIT).toEqual([]);
    await expect.poll(() => options.getByTestId('library-count').textContent(), WAIT).toBe('0 saved papers');
    // The count may follow the libraryChanged broadcast before the clear's own answer is announced.
    await expect.poll(() => options.getByTestId('announce').textContent(), WAIT).toContain('4 saved papers removed');
    // libraryChanged: the open tab re-reads its saved papers.
    await expect.poll(() => tabB.evaluate(() => document.querySelectorAll('[data-paperlens-saved], paperlens-badges[data-saved="true"]').length), WAIT).toBe(0);
  });

  it('importing the JSON export restores the identical library; importing it again adds nothing', async () => {
    const input = options.getByTestId('library-import-file');
    await input.setInputFiles({ name: 'paperlens-library.json', mimeType: 'application/json', buffer: Buffer.from(json) });
    await expect.poll(() => options.getByTestId('library-import-result').textContent(), WAIT).toBe('4 papers added, 0 papers already saved (kept).');
    expect(await listSaved()).toEqual(before);
    await expect.poll(() => savedMark(tabB, before[0]!.paperId), WAIT).toEqual({ host: 'true', row: true, dt: true });

    await input.setInputFiles({ name: 'paperlens-library.json', mimeType: 'application/json', buffer: Buffer.from(json) });
    await expect.poll(() => options.getByTestId('library-import-result').textContent(), WAIT).toBe('0 papers added, 4 papers already saved (kept).');
    expect(await listSaved()).toEqual(before);
  });

  it('a broken file changes nothing and says what is wrong', async () => {
    const input = options.getByTestId('library-import-file');
    const broken = JSON.parse(json);
    broken.items.push({ ...broken.items[0], paperId: 'x', paper: { ...broken.items[0].paper, id: 'x', title: '' } });
    await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
    await expect.poll(() => options.getByTestId('library-error').textContent(), WAIT).toBe('broken.json: items[4].paper.title must be a non-empty string');
    expect(await options.getByTestId('library-error').getAttribute('role')).toBe('alert');
    await input.setInputFiles({ name: 'newer.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...JSON.parse(json), version: 2 })) });
    await expect.poll(() => options.getByTestId('library-error').textContent(), WAIT).toContain('made by a newer PaperLens');
    expect(await listSaved()).toEqual(before);
  });

  it('works with the keyboard alone: Tab order, Enter exports, Escape cancels the clear dialog', async () => {
    await options.evaluate(() => document.getElementById('your-library-h')!.focus());
    const focused = () => options.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? `${el.tagName.toLowerCase()}:${el.getAttribute('data-format') ?? el.getAttribute('data-testid') ?? el.textContent?.trim()}` : null;
    });
    const order: (string | null)[] = [];
    for (let i = 0; i < 6; i++) {
      await options.keyboard.press('Tab');
      order.push(await focused());
    }
    expect(order).toEqual(['button:bibtex', 'button:csv', 'button:json', 'button:csl-json', 'input:library-import-file', 'button:Clear library…']);
    // Enter on the focused Clear button opens the dialog with Cancel focused; Escape closes it and focus returns.
    await options.keyboard.press('Enter');
    await options.getByRole('dialog').waitFor();
    expect(await focused()).toBe('button:Cancel');
    await options.keyboard.press('Escape');
    await options.getByRole('dialog').waitFor({ state: 'hidden' });
    expect(await focused()).toBe('button:Clear library…');
    expect(await listSaved()).toEqual(before);
    // Shift+Tab back to an export button and Enter downloads.
    for (let i = 0; i < 3; i++) await options.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('button:json');
    const [download] = (await Promise.all([options.waitForEvent('download'), options.keyboard.press('Enter')])) as [Download, void];
    expect(JSON.parse(readFileSync((await download.path())!, 'utf8')).items).toEqual(before);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`axe finds no WCAG 2 A/AA violations with a library and with the clear dialog open (${colorScheme})`, async () => {
      await options.emulateMedia({ colorScheme });
      const run = () =>
        options.evaluate(async () => {
          const result = await (window as any).axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
          return result.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
        });
      await options.evaluate(axeSource);
      expect(await run()).toEqual([]);
      await options.getByRole('button', { name: 'Clear library…' }).click();
      await options.getByRole('dialog').waitFor();
      expect(await run()).toEqual([]);
      await options.keyboard.press('Escape');
      await options.emulateMedia({ colorScheme: null });
    });
  }
});

describe('topic highlighting', () => {
  /** Per listing row: dimmed or not, and the topics its badge (corpus or predicted) shows. */
  const rows = (p: Page) =>
    p.evaluate(() =>
      [...document.querySelectorAll('dl#articles > dt')].map((dt) => {
        const dd = dt.nextElementSibling!;
        const host = dd.querySelector<HTMLElement>('paperlens-badges, paperlens-predicted');
        return {
          id: dd.querySelector<HTMLElement>('paperlens-badges')?.dataset.paperId ?? null,
          topics: host?.dataset.topics?.split(' ').filter(Boolean) ?? [],
          dt: dt.hasAttribute('data-paperlens-dim'),
          dd: dd.hasAttribute('data-paperlens-dim'),
          host: host?.hasAttribute('data-dimmed') ?? null,
          color: getComputedStyle(dd.querySelector('.list-title') ?? dd).color,
        };
      }),
    );

  it('dims exactly the rows without a chosen topic, live, and switching off restores the page exactly', async () => {
    await ext.send({ type: 'clearLibrary' }, options);
    await expect.poll(() => tabB.evaluate(() => document.querySelectorAll('[data-paperlens-saved]').length), WAIT).toBe(0);
    // Predicted topics are placed after the matched badges: wait until every row shows its chips.
    let last = -1;
    await expect
      .poll(
        async () => {
          const n = await tabB.evaluate(() => document.querySelectorAll('paperlens-predicted').length);
          const settled = n > 0 && n === last;
          last = n;
          return settled;
        },
        { timeout: 20_000, interval: 1000 },
      )
      .toBe(true);
    const pristine = await tabB.evaluate(() => document.documentElement.outerHTML);
    const colors = new Map((await rows(tabB)).map((r, i) => [i, r.color]));
    // The corpus topics of the placed papers, from the corpus itself.
    const placedTopics = listing.placed.map((id) => byId.get(id)!.topics.map((t) => t.id));
    const chosen = placedTopics[0]![0]!;
    expect(placedTopics.some((t) => !t.includes(chosen))).toBe(true);

    await options.evaluate((ids) => (globalThis as any).chrome.storage.local.set({ highlightTopics: ids }), [chosen]);
    const expectDims = async () => {
      const seen = await rows(tabB);
      // Dimmed rows (and their badges) fade their text colour; the others keep theirs exactly.
      return seen.every((r, i) => r.dd === r.dt && r.dd === !r.topics.includes(chosen) && (r.host === null || r.host === r.dd) && (r.color === colors.get(i)) === !r.dd);
    };
    await expect.poll(expectDims, WAIT).toBe(true);
    const seen = await rows(tabB);
    // Corpus rows: dimmed exactly when the corpus paper lacks the topic.
    for (const r of seen.filter((x) => x.id)) expect(r.dd, r.id!).toBe(!byId.get(r.id!)!.topics.some((t) => t.id === chosen));
    expect(seen.filter((r) => r.dd).length).toBeGreaterThan(0);
    expect(seen.filter((r) => !r.dd).length).toBeGreaterThan(0);
    // Nothing was removed.
    expect(seen).toHaveLength((await rows(tabA)).length);

    await options.evaluate(() => (globalThis as any).chrome.storage.local.set({ highlightTopics: [] }));
    await expect.poll(() => tabB.evaluate(() => document.querySelectorAll('[data-paperlens-dim]').length), WAIT).toBe(0);
    expect(await tabB.evaluate(() => document.getElementById('paperlens-row-marks'))).toBeNull();
    expect(await tabB.evaluate(() => document.documentElement.outerHTML)).toBe(pristine);
  });
});
