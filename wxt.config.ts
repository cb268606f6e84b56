import { fileURLToPath } from 'node:url';
import { defineConfig } from 'wxt';
import type { Plugin } from 'vite';
import { minifyCssLiterals } from './scripts/build/css-literals';

/**
 * Site adapters carry `testUrls` (real URLs a table test checks they claim): test data, ~1.5 kB gzip of
 * the content script. The build ships without them (nothing at run time reads them); tests import the
 * sources and see them all. A `testUrls` the pattern cannot strip (not a plain list of string literals)
 * fails the build.
 */
function stripTestUrls(): Plugin {
  const LIST = /testUrls:\s*\[(?:\s*(?:'[^'\n]*'|"[^"\n]*")\s*,?)*\s*\],?/g;
  return {
    name: 'paperlens:strip-test-urls',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]utils[\\/]sites[\\/][^\\/]+\.ts$/.test(id) || !code.includes('testUrls:')) return null;
      const out = code.replace(LIST, '');
      if (/testUrls:\s*\[/.test(out)) {
        this.error(`${id}: testUrls is not a plain list of string literals, so the build cannot strip it`);
      }
      return { code: out, map: null };
    },
  };
}

/** The content script's CSS literals (badges, row marks) ship without comments and layout (scripts/build/css-literals.ts). */
function minifyContentCss(): Plugin {
  return {
    name: 'paperlens:minify-css-literals',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]utils[\\/]content[\\/][^\\/]+\.ts$/.test(id) || !code.includes('const CSS = `')) return null;
      return { code: minifyCssLiterals(code), map: null };
    },
  };
}

/**
 * Content script build only: the settings validator's error messages (utils/settings.ts normalizeOrigin)
 * become empty strings. They are options-page text; the content script only asks whether a stored origin
 * is valid (parseOrigins reads `ok`, never `error`). ~0.3 kB gzip.
 */
function dropSettingsMessages(): Plugin {
  return {
    name: 'paperlens:content-drop-settings-messages',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]utils[\\/]settings\.ts$/.test(id)) return null;
      return { code: code.replace(/\berror: (?:`[^`]*`|'[^'\n]*')/g, "error: ''"), map: null };
    },
  };
}

/**
 * Content script build only: the match patterns (the adapters' `matches` and the entrypoint's CONTENT_MATCHES,
 * ~0.25 kB gzip) are left out (the objects lose the property, which the type still declares). The manifest is built from the sources (WXT reads the entrypoint's options
 * before it bundles), not from this bundle, and the content script never reads them (siteAdapterFor tells the
 * fallback adapter by identity). The options page, which lists them, is another bundle.
 */
function dropMatchPatterns(): Plugin {
  // A list of string literals, or a one-line expression such as scholar's `HOSTS.flatMap(…)`; the property goes.
  const LIST = /^ {2}matches: (?:\[(?:\s*(?:'[^'\n]*'|"[^"\n]*")\s*,?)*\s*\]|[^\n]*\)),\n/gm;
  return {
    name: 'paperlens:content-drop-match-patterns',
    enforce: 'pre',
    transform(code, id) {
      if (/[\\/]entrypoints[\\/]content\.ts$/.test(id)) return { code: code.replace(/\bmatches: CONTENT_MATCHES,/, ''), map: null };
      if (!/[\\/]utils[\\/]sites[\\/][^\\/]+\.ts$/.test(id) || !code.includes('matches:')) return null;
      return { code: code.replace(LIST, ''), map: null };
    },
  };
}

/**
 * Content script build only: WXT's content script wrapper logs a crash at start through a logger that is a
 * no-op in production builds, yet the minifier keeps it (~0.1 kB gzip). The call is made conditional on the
 * mode, so a production build drops it and a development build logs as before.
 */
function dropWrapperLogger(): Plugin {
  return {
    name: 'paperlens:content-wrapper-logger',
    transform(code, id) {
      if (!id.includes('content-script-isolated-world-entrypoint') || !code.includes('logger.error(')) return null;
      return { code: code.replace(/\blogger\.error\(/g, 'import.meta.env.MODE !== "production" && logger.error('), map: null };
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
  vite: () => ({ esbuild: { jsx: 'automatic', jsxImportSource: 'preact' }, plugins: [stripTestUrls(), minifyContentCss()] }),
  hooks: {
    'config:resolved': (wxt) => {
      targetBrowser = wxt.config.browser;
    },
    // The content script runs on every matching page, so its size counts. Two swaps, for its build only:
    // - WXT's ContentScriptContext → utils/content/context.ts, the part of it the script uses (same
    //   start/stop events), ~1 kB gzip less; every browser.
    // - Chrome: Chrome's own promise-based namespace instead of webextension-polyfill
    //   (utils/content/native-browser.ts says why that is safe). Every other build keeps the polyfill module above.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (entrypoints.length !== 1 || entrypoints[0]!.name !== 'content') return;
      const local = (file: string) => fileURLToPath(new URL(file, import.meta.url));
      const swaps = [{ find: /^wxt\/utils\/content-script-context$/, replacement: local('./utils/content/context.ts') }];
      if (targetBrowser === 'chrome' && process.env.PAPERLENS_CONTENT_POLYFILL !== '1') {
        // @wxt-dev/browser too: wxt/utils/storage imports it, and its module-level expression survives minifying.
        swaps.push({ find: /^(?:wxt|@wxt-dev)\/browser$/, replacement: local('./utils/content/native-browser.ts') });
      }
      const alias = config.resolve?.alias;
      const list = Array.isArray(alias) ? alias : Object.entries(alias ?? {}).map(([find, replacement]) => ({ find, replacement: String(replacement) }));
      config.resolve = { ...config.resolve, alias: [...swaps, ...list] };
      config.plugins = [...(config.plugins ?? []), dropSettingsMessages(), dropMatchPatterns(), dropWrapperLogger()];
    },
  },
});
