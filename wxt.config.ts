import { defineConfig } from 'wxt';

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
  vite: () => ({ esbuild: { jsx: 'automatic', jsxImportSource: 'preact' } }),
});
