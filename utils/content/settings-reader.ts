// The content script's reader of the settings: the same storage keys and validation as utils/settings.ts
// (readSettings / watchSettings), through browser.storage directly. WXT's storage helpers cost the
// content script ~3.5 kB gzip and, per defineItem, a metadata read (the migration check) on every page
// it starts on; the content script only reads, so it does without them. test/unit/settings.test.ts
// checks that both readers agree on what the setters write.
import { browser } from 'wxt/browser';
import { parseBoolean, parseDensity, parseOrigins, parseSites, parseTopicIds, DEFAULT_SETTINGS, type Settings } from '../settings';

/** Keys of utils/settings.ts's storage items (`sync:siteSwitches` is `siteSwitches` in storage.sync). */
export const SYNC_KEYS = ['siteSwitches', 'showPredictedTopics', 'badgeDensity'] as const;
export const LOCAL_KEYS = ['enabledOrigins', 'highlightTopics'] as const;

export async function readSettingsDirect(): Promise<Settings> {
  const [sync, local] = await Promise.all([browser.storage.sync.get(SYNC_KEYS as unknown as string[]), browser.storage.local.get(LOCAL_KEYS as unknown as string[])]);
  return {
    sites: parseSites(sync.siteSwitches),
    showPredictedTopics: parseBoolean(sync.showPredictedTopics, DEFAULT_SETTINGS.showPredictedTopics),
    badgeDensity: parseDensity(sync.badgeDensity),
    enabledOrigins: parseOrigins(local.enabledOrigins),
    highlightTopics: parseTopicIds(local.highlightTopics),
  };
}

/** Like watchSettings: the whole validated settings after any of them changed; only the latest read is delivered. */
export function watchSettingsDirect(cb: (settings: Settings) => void): () => void {
  let seq = 0;
  let stopped = false;
  const listener = (changes: Record<string, unknown>, area: string) => {
    const keys: readonly string[] = area === 'sync' ? SYNC_KEYS : area === 'local' ? LOCAL_KEYS : [];
    if (!keys.some((k) => k in changes)) return;
    const mine = ++seq;
    void readSettingsDirect().then(
      (s) => {
        if (!stopped && mine === seq) cb(s);
      },
      (e: unknown) => console.warn('[paperlens] [settings] could not read settings', e),
    );
  };
  browser.storage.onChanged.addListener(listener);
  return () => {
    stopped = true;
    browser.storage.onChanged.removeListener(listener);
  };
}
