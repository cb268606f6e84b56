// Extra sites: how a typed address becomes an origin and a match pattern, and how syncDynamicSites keeps
// the registered content script equal to the enabled, permitted sites (Chrome's scripting API and Firefox
// MV2's contentScripts API, both faked in memory with the real APIs' error behaviour).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS } from '../../utils/settings';
import { CONTENT_MATCHES } from '../../utils/sites';

type DynamicSites = typeof import('../../utils/dynamic-sites');
type SettingsModule = typeof import('../../utils/settings');
let ds: DynamicSites;
let settings: SettingsModule;

interface Script {
  id: string;
  matches?: string[];
  excludeMatches?: string[];
  js?: string[];
  runAt?: string;
  persistAcrossSessions?: boolean;
}

/** In-memory chrome.scripting: the same errors as Chrome for duplicate or unknown ids. */
function fakeScripting() {
  const registered = new Map<string, Script>();
  return {
    registered,
    api: {
      async registerContentScripts(scripts: Script[]) {
        for (const s of scripts) if (registered.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
        for (const s of scripts) registered.set(s.id, { ...s });
      },
      async updateContentScripts(scripts: Script[]) {
        for (const s of scripts) if (!registered.has(s.id)) throw new Error(`Script with ID '${s.id}' does not exist`);
        for (const s of scripts) registered.set(s.id, { ...registered.get(s.id)!, ...s });
      },
      async unregisterContentScripts(filter?: { ids?: string[] }) {
        for (const id of filter?.ids ?? [...registered.keys()]) {
          if (!registered.delete(id)) throw new Error(`Nonexistent script ID '${id}'`);
        }
      },
      async getRegisteredContentScripts(filter?: { ids?: string[] }) {
        return [...registered.values()].filter((s) => !filter?.ids || filter.ids.includes(s.id));
      },
    },
  };
}

function fakeEvent<A extends unknown[]>() {
  const listeners: ((...args: A) => void)[] = [];
  return {
    addListener: (l: (...args: A) => void) => void listeners.push(l),
    removeListener: (l: (...args: A) => void) => void listeners.splice(listeners.indexOf(l), 1),
    hasListener: (l: (...args: A) => void) => listeners.includes(l),
    trigger: (...args: A) => listeners.forEach((l) => l(...args)),
  };
}

let scripting: ReturnType<typeof fakeScripting>;
let granted: Set<string>;
let onAdded: ReturnType<typeof fakeEvent<[{ origins?: string[] }]>>;
let onRemoved: ReturnType<typeof fakeEvent<[{ origins?: string[] }]>>;

beforeEach(async () => {
  fakeBrowser.reset();
  scripting = fakeScripting();
  granted = new Set();
  onAdded = fakeEvent();
  onRemoved = fakeEvent();
  const b = fakeBrowser as any;
  Object.assign(b.scripting, scripting.api);
  Object.assign(b.permissions, {
    contains: async ({ origins = [] }: { origins?: string[] }) => origins.every((o) => granted.has(o)),
    onAdded,
    onRemoved,
  });
  // Fresh module state (Firefox's registration handle lives in the module).
  vi.resetModules();
  ds = await import('../../utils/dynamic-sites');
  settings = await import('../../utils/settings');
});

describe('normalizeOrigin', () => {
  const ok: [string, string][] = [
    ['https://example.org', 'https://example.org'],
    ['example.org', 'https://example.org'],
    ['  Example.ORG  ', 'https://example.org'],
    ['https://example.org/blog/2026/post?x=1#top', 'https://example.org'],
    ['http://example.org/', 'http://example.org'],
    ['https://example.org:8443/x', 'https://example.org'],
    ['example.org:8080', 'https://example.org'],
    ['localhost:3000', 'https://localhost'],
    ['http://localhost', 'http://localhost'],
    ['https://example.org./', 'https://example.org'],
    ['http://192.168.1.20/notes', 'http://192.168.1.20'],
    ['https://bücher.example', 'https://xn--bcher-kva.example'],
    ['https://sub.lab.example.ac.uk/people', 'https://sub.lab.example.ac.uk'],
  ];
  for (const [input, origin] of ok) {
    it(`${JSON.stringify(input)} → ${origin}`, () => {
      expect(ds.normalizeOrigin(input)).toEqual({ ok: true, origin, pattern: `${origin}/*` });
    });
  }

  const bad: [string, RegExp][] = [
    ['', /Enter a site/],
    ['   ', /Enter a site/],
    ['ftp://example.org', /Only http/],
    ['file:///home/me/paper.html', /Only http/],
    ['javascript:alert(1)', /Only http/],
    ['chrome://extensions', /Only http/],
    ['https://*.example.org', /Wildcards/],
    ['*://example.org/*', /Wildcards/],
    ['https://user:pw@example.org', /user name/],
    ['intranet', /complete host name/],
    ['https://exa mple.org', /not a web address|not a valid host/],
    ['https://example.org'.padEnd(400, 'x'), /too long/],
  ];
  for (const [input, error] of bad) {
    it(`refuses ${JSON.stringify(input.slice(0, 40))}`, () => {
      const r = ds.normalizeOrigin(input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(error);
    });
  }
});

describe('dynamicMatches', () => {
  const s = { ...DEFAULT_SETTINGS, enabledOrigins: ['https://example.org', 'http://localhost', 'https://blog.example.com'] };
  it('the enabled origins whose permission is held, as patterns, in order', () => {
    expect(ds.dynamicMatches(s, (p) => p !== 'http://localhost/*')).toEqual(['https://example.org/*', 'https://blog.example.com/*']);
  });
  it('none when the "Other sites" switch is off', () => {
    expect(ds.dynamicMatches({ ...s, sites: { generic: false } }, () => true)).toEqual([]);
  });
});

describe('syncDynamicSites with chrome.scripting', () => {
  it('registers, updates and unregisters one script for the permitted extra sites', async () => {
    expect(await ds.syncDynamicSites()).toEqual([]);
    expect(scripting.registered.size).toBe(0);

    granted.add('https://example.org/*');
    await settings.addEnabledOrigin('https://example.org');
    await settings.addEnabledOrigin('https://not-granted.example'); // stored but without permission: skipped
    expect(await ds.syncDynamicSites()).toEqual(['https://example.org/*']);
    expect(scripting.registered.get(ds.DYNAMIC_SCRIPT_ID)).toEqual({
      id: 'paperlens-extra',
      matches: ['https://example.org/*'],
      excludeMatches: CONTENT_MATCHES,
      js: ['content-scripts/content.js'],
      runAt: 'document_idle',
      persistAcrossSessions: true,
    });

    granted.add('http://localhost/*');
    await settings.addEnabledOrigin('http://localhost');
    await ds.syncDynamicSites();
    expect(scripting.registered.get(ds.DYNAMIC_SCRIPT_ID)?.matches).toEqual(['https://example.org/*', 'http://localhost/*']);
    expect(scripting.registered.size).toBe(1);

    await settings.setSiteEnabled('generic', false);
    expect(await ds.syncDynamicSites()).toEqual([]);
    expect(scripting.registered.size).toBe(0);
    // Syncing again with nothing registered is not an error.
    await ds.syncDynamicSites();
  });

  it('overlapping calls are serialised (no duplicate-id error) and end in the latest state', async () => {
    granted.add('https://example.org/*');
    await settings.addEnabledOrigin('https://example.org');
    const results = await Promise.all([ds.syncDynamicSites(), ds.syncDynamicSites(), ds.syncDynamicSites()]);
    expect(results).toEqual([['https://example.org/*'], ['https://example.org/*'], ['https://example.org/*']]);
    expect(scripting.registered.size).toBe(1);
  });

  it('a failing registration is reported, and the next call still runs', async () => {
    granted.add('https://example.org/*');
    await settings.addEnabledOrigin('https://example.org');
    const real = scripting.api.registerContentScripts;
    (fakeBrowser as any).scripting.registerContentScripts = async () => {
      throw new Error('boom');
    };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await expect(ds.syncDynamicSites()).rejects.toThrow('boom');
    expect(warn).toHaveBeenCalled();
    (fakeBrowser as any).scripting.registerContentScripts = real;
    await expect(ds.syncDynamicSites()).resolves.toEqual(['https://example.org/*']);
    warn.mockRestore();
  });
});

describe('syncDynamicSites with Firefox MV2 contentScripts', () => {
  it('registers through contentScripts.register and replaces the registration when the sites change', async () => {
    const registrations: { options: any; unregistered: boolean }[] = [];
    const b = fakeBrowser as any;
    b.scripting.registerContentScripts = undefined;
    b.contentScripts = {
      register: async (options: any) => {
        const reg = { options, unregistered: false };
        registrations.push(reg);
        return { unregister: async () => void (reg.unregistered = true) };
      },
    };
    granted.add('https://example.org/*');
    granted.add('https://lab.example.com/*');
    await settings.addEnabledOrigin('example.org');
    await ds.syncDynamicSites();
    await ds.syncDynamicSites(); // unchanged: no second registration
    expect(registrations).toHaveLength(1);
    expect(registrations[0]!.options).toEqual({
      matches: ['https://example.org/*'],
      excludeMatches: CONTENT_MATCHES,
      js: [{ file: '/content-scripts/content.js' }],
      runAt: 'document_idle',
    });

    await settings.addEnabledOrigin('lab.example.com');
    await ds.syncDynamicSites();
    expect(registrations.map((r) => [r.options.matches, r.unregistered])).toEqual([
      [['https://example.org/*'], true],
      [['https://example.org/*', 'https://lab.example.com/*'], false],
    ]);

    await settings.removeEnabledOrigins(['https://example.org', 'https://lab.example.com']);
    await ds.syncDynamicSites();
    expect(registrations.every((r) => r.unregistered)).toBe(true);
    expect(registrations).toHaveLength(2);
  });
});

describe('watchDynamicSites', () => {
  const registeredMatches = () => scripting.registered.get('paperlens-extra')?.matches;

  it('syncs at start, when the sites change, and drops a site whose permission the user revoked', async () => {
    granted.add('https://example.org/*');
    await fakeBrowser.storage.local.set({ enabledOrigins: ['https://example.org'] });
    ds.watchDynamicSites();
    await vi.waitFor(() => expect(registeredMatches()).toEqual(['https://example.org/*']));

    granted.add('https://lab.example.com/*');
    await settings.addEnabledOrigin('https://lab.example.com');
    await vi.waitFor(() => expect(registeredMatches()).toEqual(['https://example.org/*', 'https://lab.example.com/*']));

    // Revoked in the browser's own UI: the site leaves the list and the registration.
    granted.delete('https://example.org/*');
    onRemoved.trigger({ origins: ['https://example.org/*'] });
    await vi.waitFor(() => expect(registeredMatches()).toEqual(['https://lab.example.com/*']));
    expect((await settings.readSettings()).enabledOrigins).toEqual(['https://lab.example.com']);

    await settings.setSiteEnabled('generic', false);
    await vi.waitFor(() => expect(scripting.registered.size).toBe(0));
  });
});
