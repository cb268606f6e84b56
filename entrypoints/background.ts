import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { watchDynamicSites } from '../utils/dynamic-sites';
import type { LibraryChanged, SavedChanged } from '../utils/messages';
import { createService } from '../utils/service';

export default defineBackground(() => {
  const service = createService({
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
    // The corpus ships inside the extension; this reads the packaged file, not the network.
    readBundledCorpus: async () => (await fetch(browser.runtime.getURL('/corpus.json'))).json(),
    broadcast: async (msg: SavedChanged | LibraryChanged) => {
      const tabs = await browser.tabs.query({});
      await Promise.all(
        tabs.map((tab) => (tab.id === undefined ? undefined : browser.tabs.sendMessage(tab.id, msg).catch(() => undefined))),
      );
      // Open extension pages (popup, options) listen too; no listener is not an error.
      await browser.runtime.sendMessage(msg).catch(() => undefined);
    },
    backup: true,
    progress: (msg) => void browser.runtime.sendMessage(msg).catch(() => undefined),
    // A corpus load finished: tabs that looked entries up meanwhile ask again for their misses.
    corpusChanged: () =>
      void (async () => {
        for (const tab of await browser.tabs.query({})) {
          if (tab.id !== undefined) await browser.tabs.sendMessage(tab.id, { type: 'corpusChanged' }).catch(() => undefined);
        }
      })().catch(() => undefined),
  });

  // Most starts are for a lookup (a page loaded while the worker was stopped): read its keys now.
  service.prewarm();

  // Listeners are registered synchronously at start-up, as MV3 requires for wake-up events.
  browser.runtime.onInstalled.addListener(({ reason }) => {
    // A new install or update may ship a new corpus: compare versions and reload if it changed.
    void service.ensureCorpus(reason === 'install' || reason === 'update' ? 'check' : 'repair');
  });
  browser.runtime.onStartup.addListener(() => void service.ensureCorpus('repair'));
  // The content script on the user's extra sites (options → Other sites): registered now and kept in sync.
  watchDynamicSites();
  browser.runtime.onMessage.addListener((msg, sender) => {
    // Pushes from other contexts (e.g. savedChanged echoes) are not requests for us.
    const type = typeof msg === 'object' && msg !== null ? (msg as { type?: unknown }).type : undefined;
    if (type === 'savedChanged' || type === 'importProgress' || type === 'libraryChanged') return undefined;
    return service.handle(msg, sender);
  });
});
