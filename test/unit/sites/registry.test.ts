import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ADAPTERS, CONTENT_MATCHES, adapterFor } from '../../../utils/sites/index';
import type { SiteAdapter } from '../../../utils/sites/types';

const SITES_DIR = fileURLToPath(new URL('../../../utils/sites/', import.meta.url));
const TESTS_DIR = fileURLToPath(new URL('./', import.meta.url));
const NOT_ADAPTERS = new Set(['index', 'types', 'dom']);
/** The generic fallback has no manifest matches: it claims any page, and the registry consults it last. */
const isFallback = (adapter: SiteAdapter) => adapter.matches.length === 0;

/** Chrome's match-pattern semantics for the https-only patterns we use: scheme://host/path with `*` wildcards. */
function matchesPattern(pattern: string, url: URL): boolean {
  const m = /^(https):\/\/([^/]+)(\/.*)$/.exec(pattern);
  if (!m) throw new Error(`unsupported pattern ${pattern}`);
  const [, scheme, host, path] = m;
  const glob = (s: string) => new RegExp(`^${s.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return url.protocol === `${scheme}:` && url.hostname === host && glob(path!).test(url.pathname + url.search);
}

describe('site adapter registry', () => {
  it('claims each test URL by its own adapter only', () => {
    for (const adapter of ADAPTERS) {
      for (const raw of adapter.testUrls) {
        const url = new URL(raw);
        // A fallback (no manifest matches: generic) claims every page; it only counts for its own test URLs.
        const claimers = ADAPTERS.filter((a) => a.claims(url) && (a === adapter || !isFallback(a)));
        expect(claimers.map((a) => a.id), raw).toEqual([adapter.id]);
        expect(adapterFor(url)?.id, raw).toBe(adapter.id);
      }
    }
  });

  it('has test URLs covered by the adapter’s own manifest match patterns', () => {
    for (const adapter of ADAPTERS) {
      expect(adapter.testUrls.length, adapter.id).toBeGreaterThan(0);
      if (isFallback(adapter)) continue; // runs only on pages the user enables (optional host permissions)
      for (const raw of adapter.testUrls) {
        expect(adapter.matches.some((p) => matchesPattern(p, new URL(raw))), raw).toBe(true);
      }
    }
  });

  it('leaves unrelated pages alone', () => {
    for (const raw of [
      'https://huggingface.co/models',
      'https://huggingface.co/',
      'https://arxiv.org/help',
      'https://arxiv.org/',
      'https://example.com/papers',
      'https://example.com/abs/1706.03762',
    ]) {
      // No site adapter claims them; only the fallback does (it runs where the user enabled it).
      expect(ADAPTERS.filter((a) => !isFallback(a) && a.claims(new URL(raw))).map((a) => a.id), raw).toEqual([]);
      expect(adapterFor(new URL(raw))?.id, raw).toBe('generic');
    }
  });

  it('exports the union of match patterns, https only, without duplicates', () => {
    expect(CONTENT_MATCHES.slice(0, 3)).toEqual(['https://huggingface.co/papers*', 'https://huggingface.co/collections/*', 'https://arxiv.org/list/*']);
    for (const adapter of ADAPTERS) for (const pattern of adapter.matches) expect(CONTENT_MATCHES).toContain(pattern);
    for (const pattern of CONTENT_MATCHES) expect(pattern).toMatch(/^https:\/\/[a-z0-9.-]+\/\S*$/);
    expect(new Set(CONTENT_MATCHES).size).toBe(CONTENT_MATCHES.length);
  });

  it('https://huggingface.co/models (where the demo serves the daily page) is outside every match pattern', () => {
    expect(CONTENT_MATCHES.some((p) => matchesPattern(p, new URL('https://huggingface.co/models')))).toBe(false);
  });
});

describe('site adapter conventions', () => {
  it('has exactly one fallback adapter (generic), registered last', () => {
    expect(ADAPTERS.filter(isFallback).map((a) => a.id)).toEqual(['generic']);
    expect(ADAPTERS.at(-1)!.id).toBe('generic');
  });

  const adapterFiles = readdirSync(SITES_DIR)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.replace(/\.ts$/, ''))
    .filter((name) => !NOT_ADAPTERS.has(name));

  it('registers every adapter file under its file name, and nothing else', () => {
    expect(adapterFiles.length).toBeGreaterThan(0);
    expect(ADAPTERS.map((a) => a.id).sort()).toEqual([...adapterFiles].sort());
  });

  it('has a test file per adapter', () => {
    for (const id of adapterFiles) expect(existsSync(`${TESTS_DIR}${id}.test.ts`), `test/unit/sites/${id}.test.ts`).toBe(true);
  });

  it('gives every adapter a name, https match patterns and unique ids', () => {
    expect(new Set(ADAPTERS.map((a) => a.id)).size).toBe(ADAPTERS.length);
    for (const adapter of ADAPTERS) {
      expect(adapter.name.trim(), adapter.id).not.toBe('');
      for (const pattern of adapter.matches) expect(pattern, adapter.id).toMatch(/^https:\/\/[a-z0-9.-]+\/\S*$/);
    }
  });
});
