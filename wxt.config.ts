import { fileURLToPath } from 'node:url';
import { defineConfig } from 'wxt';
import type { Plugin } from 'vite';

/**
 * Site adapters carry `testUrls` (real URLs a table test checks they claim): test data, ~1.5 kB gzip of
 * the content script. The build ships them empty; tests import the sources and see them all. A
 * `testUrls` the pattern cannot strip (not a plain list of string literals) fails the build.
 */
function stripTestUrls(): Plugin {
  const LIST = /testUrls:\s*\[(?:\s*(?:'[^'\n]*'|"[^"\n]*")\s*,?)*\s*\]/g;
  return {
    name: 'paperlens:strip-test-urls',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]utils[\\/]sites[\\/][^\\/]+\.ts$/.test(id) || !code.includes('testUrls:')) return null;
      const out = code.replace(LIST, 'testUrls: []');
      if (/testUrls:\s*\[\s*[^\]\s]/.test(out)) {
        this.error(`${id}: testUrls is not a plain list of string literals, so the build cannot strip it`);
      }
      return { code: out, map: null };
    },
  };
}

let targetBrowser: string | undefined;

// Manifest fields live here; entrypoint-specific fields (content script matches) live in the entrypoint files.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports everywhere: the pure core must be importable from Node scripts without WXT's globals.
  imports: false,
  manifest: ({ browser, manifestVersion }) => ({
    name: 'PaperLens',
    description: 'Topic badges, code links and a save toggle next to research papers. Everything stays in your browser.',
    // Content scripts get page access from their `matches` alone; no host_permissions, no <all_urls>.
    // `scripting` registers the content script on the extra sites the user enables (utils/dynamic-sites.ts);
    // their host permissions are optional and requested one origin at a time from the options page.
    permissions: manifestVersion === 3 ? ['storage', 'scripting'] : ['storage'],
    ...(manifestVersion === 3
      ? { optional_host_permissions: ['https://*/*', 'http://*/*'] }
      : { optional_permissions: ['https://*/*', 'http://*/*'] }),
    // A shortcut that opens the popup. Not Ctrl+Shift+S (Zotero Connector, PaperMemory). MV2 names the command differently.
    commands: {
      [manifestVersion === 3 ? '_execute_action' : '_execute_browser_action']: {
        suggested_key: { default: 'Alt+Shift+P' },
        description: 'Open the PaperLens popup',
      },
    },
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: { id: 'paperlens@paperlens.dev', data_collection_permissions: { required: ['none'] } },
      },
    }),
  }),
  vite: () => ({ esbuild: { jsx: 'automatic', jsxImportSource: 'preact' }, plugins: [stripTestUrls()] }),
  hooks: {
    'config:resolved': (wxt) => {
      targetBrowser = wxt.config.browser;
    },
    // The Chrome content script runs on every matching page, so its size counts: it uses Chrome's own
    // promise-based namespace instead of webextension-polyfill (utils/content/native-browser.ts says why
    // that is safe). Every other build keeps the polyfill module above.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (process.env.PAPERLENS_CONTENT_POLYFILL === '1') return;
      if (targetBrowser !== 'chrome' || entrypoints.length !== 1 || entrypoints[0]!.name !== 'content') return;
      const target = fileURLToPath(new URL('./utils/content/native-browser.ts', import.meta.url));
      const alias = config.resolve?.alias;
      const list = Array.isArray(alias) ? alias : Object.entries(alias ?? {}).map(([find, replacement]) => ({ find, replacement: String(replacement) }));
      config.resolve = { ...config.resolve, alias: [{ find: /^wxt\/browser$/, replacement: target }, ...list] };
    },
  },
});
