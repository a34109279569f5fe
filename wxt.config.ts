import { defineConfig } from 'wxt';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  // Explicit imports everywhere: easier to read, test and grep than auto-imports.
  imports: false,
  manifest: ({ browser }) => ({
    name: 'Caselint',
    description:
      'Case history on every tweet and a reply linter for customer-care agents answering on X.',
    permissions: ['storage', 'notifications', 'alarms', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    host_permissions: ['https://x.com/*', 'https://twitter.com/*'],
    action: { default_title: 'Caselint' },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'caselint@caselint.dev', strict_min_version: '115.0' } } }
      : {}),
  }),
});
