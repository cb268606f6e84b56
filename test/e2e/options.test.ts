// The options page in the real browser: the built extension's chrome-extension://<id>/options.html driving
// open tabs of served arXiv / Hugging Face pages. Switching a site off must stop it at the next load and
// remove its badges from open tabs; switching it on must badge an open tab without a reload.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../utils/sites';
import { buildDemoPages, DEMO_URLS } from '../helpers/demo-pages';
import { launchExtension, loadCorpus, PageServer, TempRoot, waitForBadgeCount, type ExtensionSession } from './harness';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const corpus = loadCorpus();
const demo = buildDemoPages(corpus);
const arxivPage = demo.get(DEMO_URLS.arxivRecent)!;
const hfPage = demo.get(DEMO_URLS.hfDaily)!;

let root: TempRoot;
let server: PageServer;
let ext: ExtensionSession;
let options: Page;
let page: Page;

beforeAll(async () => {
  root = new TempRoot();
  server = await PageServer.start(root, new Map([...demo].map(([url, p]) => [url, p.html])));
  ext = await launchExtension({ server, tempRoot: root });
  options = await ext.context.newPage();
  await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
  await options.getByRole('switch', { name: 'arXiv' }).waitFor();
  page = await ext.context.newPage();
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
  root?.remove();
});

const arxivSwitch = () => options.getByRole('switch', { name: 'arXiv', exact: true });
const storedSwitches = () => options.evaluate(async () => (await (globalThis as any).chrome.storage.sync.get('siteSwitches')).siteSwitches);
const badgeCount = (p: Page) => p.evaluate(() => document.querySelectorAll('paperlens-badges').length);

describe('options page', () => {
  it('the manifest opens it as the options page', async () => {
    const manifest = await options.evaluate(() => (globalThis as any).chrome.runtime.getManifest());
    expect(manifest.options_ui).toEqual({ page: 'options.html', open_in_tab: true });
  });

  it('lists a switch per site, named after it, all on by default; the fallback as "Other sites you enable"', async () => {
    for (const adapter of ADAPTERS) {
      const name = adapter.matches.length ? adapter.name : 'Other sites you enable';
      const sw = options.getByRole('switch', { name, exact: true });
      expect(await sw.count(), name).toBe(1);
      expect(await sw.isChecked(), name).toBe(true);
    }
    // The example patterns describe the switch.
    expect(await arxivSwitch().getAttribute('aria-describedby')).toBe('site-arxiv-desc');
    expect(await options.locator('#site-arxiv-desc').textContent()).toContain('https://arxiv.org/list/*');
  });

  it('the Library status line shows the corpus version and paper count from the background', async () => {
    const status = options.getByTestId('status');
    const papers = `${corpus.papers.length.toLocaleString('en')} papers`;
    // Right after install the status may first read "Corpus loading… · N papers" (the count
    // grows while the background loads); the page asks again until the load is complete.
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain(corpus.corpusVersion);
    expect(await status.textContent()).toContain(papers);
    expect(await options.getByTestId('corpus-error').count()).toBe(0);
  });

  it('"Reload bundled corpus" reloads and keeps the count', async () => {
    await options.getByRole('button', { name: 'Reload bundled corpus' }).click();
    await expect.poll(() => options.getByTestId('announce').textContent(), { timeout: 30_000 }).toContain('Bundled corpus reloaded');
    expect(await options.getByTestId('status').textContent()).toContain(`${corpus.papers.length.toLocaleString('en')} papers`);
  });

  it('arXiv off: a served arXiv page gets no badges on load, while Hugging Face still does', async () => {
    await arxivSwitch().click();
    expect(await arxivSwitch().isChecked()).toBe(false);
    await expect.poll(storedSwitches).toEqual({ arxiv: false });

    // Control: the extension is working (another site in the same profile gets its badges).
    await page.goto(DEMO_URLS.hfDaily);
    await waitForBadgeCount(page, hfPage.placed.length);

    await page.goto(DEMO_URLS.arxivRecent);
    expect(arxivPage.placed.length).toBeGreaterThan(0);
    // Badges normally appear well within this time (see badges.test.ts); none may come.
    await page.waitForTimeout(2_500);
    expect(await badgeCount(page)).toBe(0);
  });

  it('arXiv on again: the open arXiv tab gets its badges without a reload; off again removes them', async () => {
    // Marker in the page's own world: a reload would lose it.
    await page.evaluate(() => ((window as any).__notReloaded = true));
    await options.bringToFront();
    await arxivSwitch().click();
    expect(await arxivSwitch().isChecked()).toBe(true);
    await waitForBadgeCount(page, arxivPage.placed.length);
    expect(await page.evaluate(() => (window as any).__notReloaded)).toBe(true);

    await arxivSwitch().click();
    await waitForBadgeCount(page, 0);
    await arxivSwitch().click();
    await waitForBadgeCount(page, arxivPage.placed.length);
    expect(await page.evaluate(() => (window as any).__notReloaded)).toBe(true);
  });

  it('badge size applies to open tabs as data-density on every badge host', async () => {
    await options.getByRole('radio', { name: 'Compact' }).check();
    await page.waitForFunction(
      () => {
        const hosts = [...document.querySelectorAll('paperlens-badges')];
        return hosts.length > 0 && hosts.every((h) => h.getAttribute('data-density') === 'compact');
      },
      undefined,
      { timeout: 10_000 },
    );
    await options.getByRole('radio', { name: 'Full' }).check();
    await page.waitForFunction(() => [...document.querySelectorAll('paperlens-badges')].every((h) => h.getAttribute('data-density') === 'full'), undefined, {
      timeout: 10_000,
    });
  });

  it('"Show predicted topics" off removes the predicted topics from the open tab; on brings them back (no reload)', async () => {
    const predictedCount = () => page.evaluate(() => document.querySelectorAll('paperlens-predicted').length);
    await expect.poll(predictedCount, { timeout: 15_000 }).toBeGreaterThan(0);
    const before = await predictedCount();
    const sw = options.getByRole('switch', { name: 'Show predicted topics' });
    expect(await sw.isChecked()).toBe(true);
    await sw.click();
    await expect.poll(predictedCount, { timeout: 10_000 }).toBe(0);
    // Corpus badges stay.
    expect(await badgeCount(page)).toBe(arxivPage.placed.length);
    await sw.click();
    await expect.poll(predictedCount, { timeout: 15_000 }).toBe(before);
    expect(await page.evaluate(() => (window as any).__notReloaded)).toBe(true);
  });

  it('keyboard only: Tab reaches the arXiv switch with a visible focus ring, Space toggles it', async () => {
    // Independent of the tests above: every site on.
    await options.evaluate(() => (globalThis as any).chrome.storage.sync.remove('siteSwitches'));
    await options.bringToFront();
    await options.reload();
    await arxivSwitch().waitFor();
    expect(await arxivSwitch().isChecked()).toBe(true);
    let focused = '';
    for (let i = 0; i < 40 && focused !== 'site-arxiv'; i++) {
      await options.keyboard.press('Tab');
      focused = await options.evaluate(() => document.activeElement?.id ?? '');
    }
    expect(focused).toBe('site-arxiv');
    const ring = await options.evaluate(() => {
      const el = document.activeElement!;
      const css = getComputedStyle(el);
      return { focusVisible: el.matches(':focus-visible'), style: css.outlineStyle, width: parseFloat(css.outlineWidth) };
    });
    expect(ring.focusVisible).toBe(true);
    expect(ring.style).not.toBe('none');
    expect(ring.width).toBeGreaterThanOrEqual(2);

    await options.keyboard.press('Space');
    expect(await arxivSwitch().isChecked()).toBe(false);
    expect(await arxivSwitch().getAttribute('aria-checked')).toBe('false');
    await expect.poll(storedSwitches).toEqual({ arxiv: false });
    await options.keyboard.press('Space');
    expect(await arxivSwitch().isChecked()).toBe(true);
    await expect.poll(storedSwitches).toEqual({ arxiv: true });
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`axe finds no WCAG 2 A/AA violations (${colorScheme} scheme, contrast included)`, async () => {
      await options.emulateMedia({ colorScheme });
      await options.reload();
      await expect.poll(() => options.getByTestId('status').textContent(), { timeout: 15_000 }).toContain('papers');
      // The whole page is checked, "Your library" included (with a library and its dialog: test/e2e/library.test.ts).
      await expect.poll(() => options.getByTestId('library-count').textContent()).toMatch(/saved papers?$/);
      expect(await options.getByRole('heading', { name: 'Your library' }).count()).toBe(1);
      // Runtime.evaluate is not subject to the extension page's CSP.
      await options.evaluate(axeSource);
      const violations = await options.evaluate(async () => {
        const result = await (window as any).axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
        return result.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
      });
      expect(violations).toEqual([]);
      await options.emulateMedia({ colorScheme: null });
    });
  }

  it('Other sites: an invalid address is refused with an alert tied to the field, and nothing is stored', async () => {
    const field = options.getByLabel('Site address');
    await field.fill('ftp://example.org');
    await options.getByRole('button', { name: 'Enable' }).click();
    const alert = options.locator('#origin-error');
    await expect.poll(() => alert.textContent()).toContain('Only http');
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.getAttribute('aria-describedby')).toContain('origin-error');
    const stored = await options.evaluate(async () => (await (globalThis as any).chrome.storage.local.get('enabledOrigins')).enabledOrigins);
    expect(stored).toBeUndefined();
    expect(await options.getByTestId('no-origins').count()).toBe(1);
  });
});
