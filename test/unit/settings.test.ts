// Settings in WXT's fake browser storage: defaults, what a corrupted stored value reads back as, the
// write helpers, watchSettings, and which adapter a page gets under given settings.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  adapterForPage,
  addEnabledOrigin,
  DEFAULT_SETTINGS,
  isOriginEnabled,
  MAX_ORIGINS,
  readSettings,
  removeEnabledOrigins,
  setBadgeDensity,
  setShowPredictedTopics,
  setSiteEnabled,
  watchSettings,
  type Settings,
} from '../../utils/settings';
import { ADAPTERS } from '../../utils/sites';

beforeEach(() => {
  fakeBrowser.reset();
});

const settled = () => new Promise((r) => setTimeout(r, 0));

describe('defaults', () => {
  it('empty storage reads as every site on, full badges, predicted topics on, no extra sites', async () => {
    const s = await readSettings();
    expect(s).toEqual({ sites: {}, showPredictedTopics: true, badgeDensity: 'full', enabledOrigins: [], highlightTopics: [] });
    expect(s).toEqual(DEFAULT_SETTINGS);
    for (const adapter of ADAPTERS) {
      if (adapter.matches.length === 0) continue;
      expect(adapterForPage(new URL(adapter.testUrls[0]!), s)?.id).toBe(adapter.id);
    }
  });
});

describe('corrupted values fall back to their defaults', () => {
  const cases: [string, 'sync' | 'local', string, unknown, Partial<Settings>][] = [
    ['density not one of the two', 'sync', 'badgeDensity', 'huge', { badgeDensity: 'full' }],
    ['density of the wrong type', 'sync', 'badgeDensity', 3, { badgeDensity: 'full' }],
    ['predicted topics as a string', 'sync', 'showPredictedTopics', 'false', { showPredictedTopics: true }],
    ['site switches as an array', 'sync', 'siteSwitches', [false], { sites: {} }],
    ['site switches as a string', 'sync', 'siteSwitches', 'arxiv=false', { sites: {} }],
    ['origins as an object', 'local', 'enabledOrigins', { 0: 'https://example.org' }, { enabledOrigins: [] }],
    ['highlight topics as a string', 'local', 'highlightTopics', 'llm', { highlightTopics: [] }],
    ['highlight topics with markup and duplicates', 'local', 'highlightTopics', ['llm', '<b>', 'llm', 7, 'vision'], { highlightTopics: ['llm', 'vision'] }],
  ];
  for (const [what, area, key, value, want] of cases) {
    it(what, async () => {
      await fakeBrowser.storage[area].set({ [key]: value });
      expect(await readSettings()).toEqual({ ...DEFAULT_SETTINGS, ...want });
    });
  }

  it('keeps the valid site switches and drops the malformed ones', async () => {
    await fakeBrowser.storage.sync.set({
      siteSwitches: { arxiv: false, huggingface: 'off', scholar: true, 'Bad Id!': false, ['x'.repeat(60)]: false },
    });
    expect((await readSettings()).sites).toEqual({ arxiv: false, scholar: true });
  });

  it('keeps only normalised, unique http(s) origins', async () => {
    await fakeBrowser.storage.local.set({
      enabledOrigins: [
        'https://example.org',
        'https://example.org',
        'http://localhost',
        'https://example.org/path', // not the stored form: dropped
        'https://*.example.org',
        'javascript:alert(1)',
        'file:///etc',
        42,
        null,
        'HTTPS://EXAMPLE.COM',
      ],
    });
    expect((await readSettings()).enabledOrigins).toEqual(['https://example.org', 'http://localhost']);
  });
});

describe('writing', () => {
  it('switches one site without touching the others, and reads it back', async () => {
    await setSiteEnabled('arxiv', false);
    await setSiteEnabled('scholar', false);
    await setSiteEnabled('scholar', true);
    const s = await readSettings();
    expect(s.sites).toEqual({ arxiv: false, scholar: true });
    expect(adapterForPage(new URL('https://arxiv.org/list/cs.CL/recent'), s)).toBeUndefined();
    expect(adapterForPage(new URL('https://huggingface.co/papers'), s)?.id).toBe('huggingface');
  });

  it('refuses a switch for something that is not an adapter id', async () => {
    await expect(setSiteEnabled('__proto__ ', false)).rejects.toThrow(/adapter id/);
  });

  it('stores density and predicted topics', async () => {
    await setBadgeDensity('compact');
    await setShowPredictedTopics(false);
    const s = await readSettings();
    expect(s.badgeDensity).toBe('compact');
    expect(s.showPredictedTopics).toBe(false);
  });

  it('adds normalised origins once, removes them, and refuses invalid ones', async () => {
    expect(await addEnabledOrigin('Example.org/blog/post')).toBe('https://example.org');
    expect(await addEnabledOrigin('https://example.org')).toBe('https://example.org');
    expect(await addEnabledOrigin('http://localhost:8080/x')).toBe('http://localhost');
    await expect(addEnabledOrigin('ftp://example.org')).rejects.toThrow(/http/);
    expect((await readSettings()).enabledOrigins).toEqual(['https://example.org', 'http://localhost']);
    await removeEnabledOrigins(['https://example.org', 'https://not-there.org']);
    expect((await readSettings()).enabledOrigins).toEqual(['http://localhost']);
  });

  it(`stops at ${MAX_ORIGINS} extra sites`, async () => {
    await fakeBrowser.storage.local.set({ enabledOrigins: Array.from({ length: MAX_ORIGINS }, (_, i) => `https://s${i}.example.org`) });
    await expect(addEnabledOrigin('https://one-more.example.org')).rejects.toThrow(/At most/);
  });
});

describe('watchSettings', () => {
  it('delivers the whole validated settings after a change in any item, and stops when asked', async () => {
    const seen: Settings[] = [];
    const stop = watchSettings((s) => seen.push(s));
    await setSiteEnabled('arxiv', false);
    await vi.waitFor(() => expect(seen.at(-1)?.sites).toEqual({ arxiv: false }));
    await fakeBrowser.storage.sync.set({ badgeDensity: 'compact' });
    await vi.waitFor(() => expect(seen.at(-1)).toEqual({ ...DEFAULT_SETTINGS, sites: { arxiv: false }, badgeDensity: 'compact' }));
    // A corrupted write is seen as the default, never as the raw value.
    await fakeBrowser.storage.sync.set({ badgeDensity: '<img src=x>' });
    await vi.waitFor(() => expect(seen.at(-1)?.badgeDensity).toBe('full'));
    await addEnabledOrigin('example.org');
    await vi.waitFor(() => expect(seen.at(-1)?.enabledOrigins).toEqual(['https://example.org']));
    const count = seen.length;
    stop();
    await setShowPredictedTopics(false);
    await settled();
    await settled();
    expect(seen.length).toBe(count);
  });

  it('ignores changes to other keys', async () => {
    const cb = vi.fn();
    watchSettings(cb);
    await fakeBrowser.storage.sync.set({ somethingElse: 1 });
    await fakeBrowser.storage.local.set({ meta: 'x' });
    await settled();
    expect(cb).not.toHaveBeenCalled();
  });

  it('several quick changes end with the latest values', async () => {
    const seen: Settings[] = [];
    watchSettings((s) => seen.push(s));
    await Promise.all([setBadgeDensity('compact'), setShowPredictedTopics(false), setSiteEnabled('dblp', false)]);
    await vi.waitFor(() => expect(seen.at(-1)).toEqual({ ...DEFAULT_SETTINGS, sites: { dblp: false }, badgeDensity: 'compact', showPredictedTopics: false }));
  });
});

describe('adapterForPage', () => {
  const blog = new URL('https://example.org/blog/2026/11/attention-reading-notes');
  const on = (patch: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...patch });

  it('runs the generic adapter only on enabled extra sites', () => {
    expect(adapterForPage(blog, on())).toBeUndefined();
    expect(adapterForPage(blog, on({ enabledOrigins: ['https://example.org'] }))?.id).toBe('generic');
    // Scheme matters, port does not (like match patterns), subdomains are other sites.
    expect(adapterForPage(new URL('http://example.org/x'), on({ enabledOrigins: ['https://example.org'] }))).toBeUndefined();
    expect(adapterForPage(new URL('https://example.org:8443/x'), on({ enabledOrigins: ['https://example.org'] }))?.id).toBe('generic');
    expect(adapterForPage(new URL('https://www.example.org/x'), on({ enabledOrigins: ['https://example.org'] }))).toBeUndefined();
  });

  it('the "Other sites" switch pauses every extra site', () => {
    expect(adapterForPage(blog, on({ enabledOrigins: ['https://example.org'], sites: { generic: false } }))).toBeUndefined();
  });

  it('a switched-off built-in site never falls back to the generic adapter, even when its origin is listed', () => {
    const s = on({ enabledOrigins: ['https://arxiv.org'], sites: { arxiv: false } });
    expect(adapterForPage(new URL('https://arxiv.org/abs/1706.03762'), s)).toBeUndefined();
    expect(adapterForPage(new URL('https://arxiv.org/abs/1706.03762'), on({ enabledOrigins: ['https://arxiv.org'] }))?.id).toBe('arxiv');
  });

  it('isOriginEnabled ignores a trailing dot in the host', () => {
    expect(isOriginEnabled(['https://example.org'], new URL('https://example.org./a'))).toBe(true);
  });
});
