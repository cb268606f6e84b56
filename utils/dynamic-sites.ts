// The content script on the user's extra sites (options → "Other sites"). The manifest's content script
// only matches the built-in sites; for an extra site the user grants its host permission at runtime and
// the background registers the same script file for it here:
// - Chrome MV3 (and Firefox MV3): scripting.registerContentScripts, persisted across sessions;
// - Firefox MV2: contentScripts.register, which lasts as long as the background page, so it is
//   registered again at every background start.
// The background calls syncDynamicSites() at start-up and whenever the extra sites, the "Other sites"
// switch or the granted permissions change (watchDynamicSites wires that up).
import { browser } from 'wxt/browser';
import { adapterForPage, enabledOriginsItem, isSiteEnabled, normalizeOrigin, originPattern, readSettings, removeEnabledOrigins, siteSwitchesItem, type Settings } from './settings';
import { CONTENT_MATCHES } from './sites';
import { generic } from './sites/generic';

export { normalizeOrigin, originPattern };

export const DYNAMIC_SCRIPT_ID = 'paperlens-extra';
/** WXT's output path of entrypoints/content.ts. */
export const CONTENT_SCRIPT_FILE = 'content-scripts/content.js';

/**
 * Match patterns to register: the extra sites whose permission is granted, none when "Other sites" is off.
 * Pure; `granted` answers whether the host permission of a pattern is held.
 */
export function dynamicMatches(settings: Settings, granted: (pattern: string) => boolean): string[] {
  if (!isSiteEnabled(settings, generic.id)) return [];
  return settings.enabledOrigins.map(originPattern).filter(granted);
}

/** Re-exported for callers that decide per page (the content script uses it through settings.ts). */
export { adapterForPage };

// ---------------------------------------------------------------------------------------------------------------
// Registration

interface FirefoxRegistration {
  matches: string;
  handle: { unregister(): Promise<void> | void };
}
let firefoxRegistration: FirefoxRegistration | undefined;
let queue: Promise<unknown> = Promise.resolve();

/** Firefox MV2's contentScripts API (not in WXT's Chrome-based browser types). */
interface FirefoxContentScripts {
  register(options: {
    matches: string[];
    excludeMatches?: string[];
    js: { file: string }[];
    runAt?: 'document_start' | 'document_end' | 'document_idle';
  }): Promise<FirefoxRegistration['handle']>;
}
const firefoxContentScripts = (): FirefoxContentScripts | undefined =>
  (browser as unknown as { contentScripts?: FirefoxContentScripts }).contentScripts;
/** Absent in MV2 and without the `scripting` permission. */
const scripting = (): typeof browser.scripting | undefined => (browser as { scripting?: typeof browser.scripting }).scripting;

async function grantedPatterns(patterns: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const pattern of patterns) {
    try {
      if (await browser.permissions.contains({ origins: [pattern] })) out.add(pattern);
    } catch {
      // An invalid pattern (should not happen: origins are validated) is simply not registered.
    }
  }
  return out;
}

async function applyScripting(matches: string[]): Promise<void> {
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [DYNAMIC_SCRIPT_ID] });
  if (matches.length === 0) {
    if (existing.length) await browser.scripting.unregisterContentScripts({ ids: [DYNAMIC_SCRIPT_ID] });
    return;
  }
  const script = {
    id: DYNAMIC_SCRIPT_ID,
    matches,
    // Pages the manifest's content script already covers would otherwise get a second copy.
    excludeMatches: CONTENT_MATCHES,
    js: [CONTENT_SCRIPT_FILE],
    runAt: 'document_idle' as const,
  };
  if (existing.length) await browser.scripting.updateContentScripts([script]);
  else await browser.scripting.registerContentScripts([{ ...script, persistAcrossSessions: true }]);
}

async function applyFirefoxMv2(matches: string[]): Promise<void> {
  const key = matches.join('\n');
  if (firefoxRegistration?.matches === key) return;
  const old = firefoxRegistration;
  firefoxRegistration = undefined;
  await old?.handle.unregister();
  if (matches.length === 0) return;
  const handle = await firefoxContentScripts()!.register({
    matches,
    excludeMatches: CONTENT_MATCHES,
    js: [{ file: `/${CONTENT_SCRIPT_FILE}` }],
    runAt: 'document_idle',
  });
  firefoxRegistration = { matches: key, handle };
}

/**
 * Makes the registered content script match exactly the extra sites that are enabled and permitted.
 * Calls are serialised (two overlapping registrations of one id would fail). Returns the patterns now
 * registered; errors are logged and rethrown.
 */
export function syncDynamicSites(): Promise<string[]> {
  const run = async () => {
    const settings = await readSettings();
    const wanted = settings.enabledOrigins.map(originPattern);
    const granted = await grantedPatterns(isSiteEnabled(settings, generic.id) ? wanted : []);
    const matches = dynamicMatches(settings, (p) => granted.has(p));
    try {
      if (scripting()?.registerContentScripts) await applyScripting(matches);
      else if (firefoxContentScripts()?.register) await applyFirefoxMv2(matches);
      else throw new Error('neither scripting.registerContentScripts nor contentScripts.register is available');
    } catch (e) {
      console.warn('[paperlens] [dynamic-sites] could not register the content script for', matches, e);
      throw e;
    }
    return matches;
  };
  const next = queue.then(run, run);
  queue = next.catch(() => undefined);
  return next;
}

/**
 * Background wiring: sync now, and again when the extra sites, the "Other sites" switch or the granted
 * permissions change. A host permission the user revokes in the browser's own UI removes that site from
 * the list, so the options page never shows a site PaperLens cannot run on. Call synchronously at
 * background start-up (MV3 wake-up events need their listeners registered then).
 */
export function watchDynamicSites(): void {
  const sync = () => void syncDynamicSites().catch(() => undefined);
  // Never let this wiring break the rest of the background's start-up (e.g. in a test double that lacks
  // the permissions events): the extra sites then only sync at start and on settings changes.
  const wire = (what: string, add: () => void) => {
    try {
      add();
    } catch (e) {
      console.warn(`[paperlens] [dynamic-sites] cannot watch ${what}`, e);
    }
  };
  wire('permissions.onAdded', () => browser.permissions.onAdded.addListener(sync));
  wire('permissions.onRemoved', () =>
    browser.permissions.onRemoved.addListener((removed) => {
      const gone = new Set(removed.origins ?? []);
      void readSettings()
        .then((s) => removeEnabledOrigins(s.enabledOrigins.filter((o) => gone.has(originPattern(o)))))
        .finally(sync);
    }),
  );
  wire('settings', () => {
    enabledOriginsItem.watch(sync);
    siteSwitchesItem.watch(sync);
  });
  sync();
}
