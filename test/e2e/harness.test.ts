// The e2e harness itself: the real URLs reach the local server, unknown hosts resolve nowhere, the request checks
// catch what they are meant to catch, the active-tab lookup and the CDP service-worker stop work. If these break,
// the other e2e files could pass for the wrong reasons.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchExtension,
  networkViolations,
  PageServer,
  recordRequests,
  serverViolations,
  TempRoot,
  type ExtensionSession,
  type SeenRequest,
} from './harness';

const LISTING = 'https://arxiv.org/list/cs/new';
const HF = 'https://huggingface.co/papers';

let root: TempRoot;
let server: PageServer;
let ext: ExtensionSession;
let seen: SeenRequest[];
let page: Page;

beforeAll(async () => {
  root = new TempRoot();
  server = await PageServer.start(root, {
    [LISTING]: '<!doctype html><html><head><link rel="stylesheet" href="/css/arXiv.css"></head><body><h1>listing</h1></body></html>',
    [HF]: '<!doctype html><html><body><h1>papers</h1></body></html>',
  });
  ext = await launchExtension({ server, tempRoot: root });
  seen = recordRequests(ext.context);
  page = await ext.context.newPage();
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
  root?.remove();
});

describe('harness', () => {
  it('serves pages under their real https URLs (host mapping + certificate) and records every request', async () => {
    const res = await page.goto(LISTING);
    expect(res?.status()).toBe(200);
    expect(page.url()).toBe(LISTING);
    expect(await page.locator('h1').textContent()).toBe('listing');
    expect(server.requests.map((r) => [r.url, r.status])).toEqual(
      expect.arrayContaining([
        [LISTING, 200],
        ['https://arxiv.org/css/arXiv.css', 404],
      ]),
    );
    expect((await page.goto('https://arxiv.org/nothing-here'))?.status()).toBe(404);
  });

  it('a page added later is served; hosts outside the map do not resolve', async () => {
    server.addPage('https://huggingface.co/papers/trending', '<h1>trending</h1>');
    await page.goto('https://huggingface.co/papers/trending');
    expect(await page.locator('h1').textContent()).toBe('trending');
    const probe = await ext.context.newPage(); // its error page must not interrupt the next test's navigation
    await expect(probe.goto('https://example.com/')).rejects.toThrow(/ERR_NAME_NOT_RESOLVED/);
    await probe.close();
    expect(() => server.addPage('https://example.com/x', 'x')).toThrow(/not mapped/);
  });

  it('activeTabId follows the tab brought to the front', async () => {
    await page.goto(HF);
    const other = await ext.context.newPage();
    await other.goto(LISTING);
    const first = await ext.activeTabId(page);
    const second = await ext.activeTabId(other);
    expect(first).not.toBe(second);
    expect(await ext.activeTabId(page)).toBe(first);
    await other.close();
  });

  it('stopServiceWorker really stops the worker (its globals are gone) and sw() / a message wakes it', async () => {
    const worker = await ext.sw();
    expect(worker.url()).toMatch(new RegExp(`^chrome-extension://${ext.extensionId}/`));
    await worker.evaluate(() => ((globalThis as unknown as { __mark: number }).__mark = 7));
    await ext.stopServiceWorker();
    expect(await (await ext.sw()).evaluate(() => (globalThis as unknown as { __mark?: number }).__mark)).toBeUndefined();
    await (await ext.sw()).evaluate(() => ((globalThis as unknown as { __mark: number }).__mark = 8));
    await ext.stopServiceWorker();
    // Woken by a message from an extension page rather than by CDP.
    expect(await ext.send({ type: 'status' })).toMatchObject({ ok: true });
    expect(await (await ext.sw()).evaluate(() => (globalThis as unknown as { __mark?: number }).__mark)).toBeUndefined();
  });

  it('the request checks flag a page fetch, a worker fetch (even to a served page) and an extension-page fetch', async () => {
    // Start clean: the tests above asked for a missing page and an unmapped host on purpose.
    seen.length = 0;
    server.clearRequests();
    await page.goto(LISTING);
    expect(networkViolations(seen, server, ext.extensionId)).toEqual([]);
    expect(serverViolations(server)).toEqual([]);
    const probes: SeenRequest[] = [];
    ext.context.on('request', (r) => probes.push({ url: r.url(), resourceType: r.resourceType(), frameUrl: safeFrameUrl(r), fromServiceWorker: !!r.serviceWorker() }));
    await page.evaluate(() => fetch('https://tracker.example/x').catch(() => undefined));
    await page.evaluate(() => fetch('/abs/2401.00001').catch(() => undefined));
    await (await ext.sw()).evaluate(() => fetch('https://arxiv.org/list/cs/new').catch(() => undefined));
    const popup = await ext.popup();
    await popup.evaluate(() => fetch('https://huggingface.co/api/papers').catch(() => undefined));
    await popup.close();
    const flagged = networkViolations(probes, server, ext.extensionId).map((r) => r.url);
    expect(flagged).toEqual(
      expect.arrayContaining([
        'https://tracker.example/x',
        'https://arxiv.org/abs/2401.00001',
        'https://arxiv.org/list/cs/new',
        'https://huggingface.co/api/papers',
      ]),
    );
    expect(serverViolations(server).map((r) => r.url)).toEqual(
      expect.arrayContaining(['https://arxiv.org/abs/2401.00001', 'https://huggingface.co/api/papers']),
    );
  });
});

function safeFrameUrl(r: { frame(): { url(): string } }): string {
  try {
    return r.frame().url();
  } catch {
    return '';
  }
}
