// Saved real pages under test/fixtures/ (provenance in its README): one reader for every test and helper.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { JSDOM, VirtualConsole } from 'jsdom';
import type { SiteAdapter } from '../../utils/sites/types';

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** A fixture's text (path relative to test/fixtures/); `.gz` files (the large saved pages) are gunzipped. */
export function readFixture(path: string): string {
  const bytes = readFileSync(FIXTURES_DIR + path);
  return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

/**
 * Parses HTML as the page at `url` (jsdom, scripts not run) and runs `adapter` on it. jsdom's own console is
 * silenced: saved pages carry CSS it cannot parse (the 2016 Scholar page), which is not what the tests check.
 */
export function parsePage(adapter: SiteAdapter, html: string, url: string) {
  const dom = new JSDOM(html, { url, virtualConsole: new VirtualConsole() });
  return { document: dom.window.document, entries: adapter.findEntries(dom.window.document, new URL(url)) };
}

/** `parsePage` on a fixture file. */
export function loadPage(adapter: SiteAdapter, path: string, url: string) {
  return parsePage(adapter, readFixture(path), url);
}
