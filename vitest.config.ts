import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  // WxtVitest() does not load WXT modules, so React is added by hand.
  plugins: [WxtVitest(), react()],
  test: {
    globals: true,
    environment: 'jsdom',
    setupFiles: ['tests/setup.ts'],
    // y-dexie prints a console.debug line each time it releases a document (lib/sync/replica.ts evicts them).
    onConsoleLog: (log) => (/^Y\.Doc \S+ was destroyed/.test(log) ? false : undefined),
    // The JSON report feeds the one-line summary `npm test` ends with (scripts/test-summary.mjs).
    reporters: ['default', ['json', { outputFile: '.test-results/unit.json' }]],
    include: ['tests/unit/**/*.test.{ts,tsx}', 'lib/**/*.test.{ts,tsx}', 'components/**/*.test.{ts,tsx}'],
  },
});
