import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'wxt';

const MANAGED_SCHEMA = 'managed-schema.json';
const hasManagedSchema = existsSync(resolve(import.meta.dirname, 'public', MANAGED_SCHEMA));
if (!hasManagedSchema) {
  // Chrome refuses to load an extension whose managed_schema file is missing, so only declare it when it exists.
  console.warn(`[caselint] public/${MANAGED_SCHEMA} is missing: the build has no managed policy schema (packUrls).`);
}

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  // Explicit imports everywhere: easier to read, test and grep than auto-imports.
  imports: false,
  // Vite's 500 kB chunk warning is for pages fetched over a network. An extension's files load from disk, and the
  // content script must be one file (lazy chunks would have to be web-accessible, i.e. readable by x.com's scripts);
  // what only the composer needs is a second file the background injects (entrypoints/lint-engine.ts).
  // Today: content.js ~410 kB (budget: 150 KB gzipped, bench), lint-engine.js ~690 kB, background.js ~1 MB,
  // options ~870 kB; the limit still catches a bundle that doubles. CASELINT_SOURCEMAP=1 adds source maps for
  // scripts/bundle-sources.mjs (what each library adds to a file).
  vite: () => ({ build: { chunkSizeWarningLimit: 1500, sourcemap: process.env.CASELINT_SOURCEMAP === '1' } }),
  // `npm run zip`: the Firefox zip comes with the sources zip addons.mozilla.org asks for (what `npm ci && npm run
  // build:firefox` needs to rebuild it; scripts/check-zips.mjs checks both). Tests, benchmarks and the team server
  // are not part of the add-on.
  zip: {
    // Dotfiles too, for .nvmrc (the Node version it was built with); everything else hidden is excluded.
    dotSources: true,
    excludeSources: [
      '.git', '.git/**', '.wxt/**', '.output/**', 'node_modules/**', '.ci/**', '.test-results/**', '.caselint-server/**', '.gitignore',
      'tests/**', 'bench/**', 'server/**', 'docs/**', 'scripts/**', 'demo-screenshots/**', 'coverage/**', '*.log',
    ],
  },
  manifest: ({ browser }) => ({
    name: 'Caselint',
    description:
      'Case history on every tweet and a reply linter for customer-care agents answering on X.',
    // scripting (Chrome): the background injects the lint engine into an x.com tab on a composer's first focus
    // (entrypoints/background/lint-engine.ts); Firefox's MV2 build uses tabs.executeScript with the host permission.
    permissions: ['storage', 'notifications', 'alarms', ...(browser === 'firefox' ? [] : ['sidePanel', 'scripting'])],
    host_permissions: ['https://x.com/*', 'https://twitter.com/*'],
    // Pack subscriptions live on the team's own https servers: the options page asks for the origin when
    // an agent subscribes to a pack URL.
    ...(browser === 'firefox' ? { optional_permissions: ['https://*/*'] } : { optional_host_permissions: ['https://*/*'] }),
    // Keyboard shortcuts (README: rebind at chrome://extensions/shortcuts, or about:addons → Manage Extension
    // Shortcuts in Firefox). The side panel's is the browser's own command for the action / sidebar.
    commands: {
      'open-card': { suggested_key: { default: 'Alt+Shift+C' }, description: 'Open the case card of the selected tweet (j/k)' },
      [browser === 'firefox' ? '_execute_sidebar_action' : '_execute_action']: {
        suggested_key: { default: 'Alt+Shift+S' },
        description: 'Open the Caselint side panel',
      },
    },
    action: { default_title: 'Caselint', default_icon: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' } },
    // Chrome 116: chrome.sidePanel.open() (the side panel itself is 114) and AbortSignal.any() in the content script.
    ...(browser === 'firefox' ? {} : { minimum_chrome_version: '116' }),
    // Managed policy (packUrls, teamHandles) for organisations; Firefox reads policies without a schema.
    ...(browser !== 'firefox' && hasManagedSchema ? { storage: { managed_schema: MANAGED_SCHEMA } } : {}),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'caselint@caselint.dev',
              // The code needs 124 (AbortSignal.any() in the content script); the manifest's
              // data_collection_permissions is read from Firefox 140, the oldest ESR Mozilla still supports.
              // CI tests Debian's current ESR (tests/e2e/firefox.e2e.ts checks it is at least this).
              strict_min_version: '140.0',
              // Case history stays in the browser; nothing is sent anywhere (PRIVACY.md).
              data_collection_permissions: { required: ['none'] },
            },
            // data_collection_permissions is read by Firefox for Android from 142.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
