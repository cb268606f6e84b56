// `wxt/browser` for the Chrome content script only (wxt.config.ts aliases it here for that one build):
// the browser's own extension namespace instead of webextension-polyfill, which is ~3 kB gzip of the
// content script. Chrome MV3's `chrome.*` APIs return promises for everything the content script
// calls (runtime.sendMessage, storage.*.get); the one callback-style difference, answering a message
// from an onMessage listener, is done with sendResponse, which both the polyfill and Chrome support.
// Every other entrypoint and the Firefox build keep the polyfill, as the stack requires.
import type { browser as WxtBrowser } from 'wxt/browser';

type Ext = typeof WxtBrowser;
const g = globalThis as unknown as { browser?: Ext; chrome?: Ext };
export const browser: Ext = (g.browser?.runtime?.id ? g.browser : g.chrome)!;
