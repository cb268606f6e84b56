// Options → Add papers in the real browser: a BibTeX file goes through the file input, the worker parses,
// classifies and stores it, and a page showing one of its papers gets the badge. A broken file changes nothing.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, PageServer, readBadges, REPO_ROOT, TempRoot, waitForBadgeCount, type ExtensionSession } from './harness';

const FIX = `${REPO_ROOT}/test/fixtures`;
// The real 2021 abstract page, re-pointed at LoRA (2106.09685), which is in library.bib and not in the bundled corpus.
const LORA_URL = 'https://arxiv.org/abs/2106.09685';
const loraPage = readFileSync(`${FIX}/arxiv/abs-2106.09608-2021-12.html`, 'utf8').replaceAll('2106.09608', '2106.09685');

let root: TempRoot;
let server: PageServer;
let ext: ExtensionSession;
let options: Page;

beforeAll(async () => {
  root = new TempRoot();
  server = await PageServer.start(root, new Map([[LORA_URL, loraPage]]));
  ext = await launchExtension({ server, tempRoot: root });
  options = await ext.context.newPage();
  await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
  await options.waitForFunction(() => /Corpus [0-9a-f]{16}/.test(document.querySelector('[data-testid=status]')?.textContent ?? ''), null, { timeout: 20_000 });
}, 120_000);

afterAll(async () => {
  await ext?.close();
  await server?.close();
  root?.remove();
});

const text = (id: string) => () => options.getByTestId(id).first().textContent();
const count = (id: string) => () => options.getByTestId(id).count();
const paperCount = async () => Number(/([\d,]+) papers/.exec((await options.getByTestId('status').textContent()) ?? '')?.[1]?.replace(/,/g, ''));

describe('Add papers', () => {
  it('a broken BibTeX file is refused with its line and nothing is written', async () => {
    const before = await paperCount();
    await options.getByTestId('import-file').setInputFiles(`${FIX}/import/unbalanced.bib`);
    await expect.poll(text('import-error')).toMatch(/unbalanced\.bib: line \d+/);
    await expect.poll(count('imports-empty')).toBe(1);
    await options.reload();
    await expect.poll(paperCount).toBe(before);
  });

  it('a binary file is refused before anything is sent', async () => {
    await options.getByTestId('import-file').setInputFiles(`${FIX}/import/binary.bin`);
    await expect.poll(text('import-error')).toMatch(/binary\.bin/);
    await expect.poll(count('imports-empty')).toBe(1);
  });

  it('imports a BibTeX file, lists it, and a page showing one of its papers gets the badge', async () => {
    const before = await paperCount();
    await options.getByTestId('import-file').setInputFiles(`${FIX}/import/library.bib`);
    await expect.poll(text('import-summary'), { timeout: 20_000 }).toMatch(/\d+ added, 0 updated, \d+ skipped as duplicates, \d+ rejected \(bibtex\)/);
    const added = Number(/(\d+) added/.exec((await text('import-summary')()) ?? '')![1]);
    expect(added).toBeGreaterThan(0);
    await expect.poll(() => options.getByTestId('imports').locator('li').count()).toBe(1);
    await options.reload();
    await expect.poll(paperCount).toBe(before + added);

    const page = await ext.context.newPage();
    await page.goto(LORA_URL, { waitUntil: 'domcontentloaded' });
    await waitForBadgeCount(page, 1);
    const [badge] = await readBadges(page);
    expect(badge).toMatchObject({ paperId: '2106.09685', match: 'id' });
    expect(badge!.links.map((l) => l.href)).toContain('https://github.com/microsoft/LoRA');
    await page.close();

    // Removing the import removes its papers (and nothing else).
    await options.getByRole('button', { name: /Remove import library\.bib/ }).click();
    await expect.poll(count('imports-empty')).toBe(1);
    await options.reload();
    await expect.poll(paperCount).toBe(before);
  });
});
