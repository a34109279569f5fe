/**
 * Case store benchmark in real IndexedDB (headless Debian Chromium):
 *   npx tsx tests/unit/cases/browser-bench.ts                 # 100,000 customers (CSV import), 1,000,000 notes
 *   CUSTOMERS=10000 NOTES=100000 npx tsx tests/unit/cases/browser-bench.ts
 * Bundles browser-bench-entry.ts with esbuild, serves it from a routed http origin, prints JSON figures.
 */
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('./browser-bench-entry.ts', import.meta.url));
const customers = Number(process.env.CUSTOMERS ?? 100_000);
const notes = Number(process.env.NOTES ?? 1_000_000);

const bundle = await build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022' });
const js = bundle.outputFiles[0]!.text;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  await page.route('https://bench.local/**', (route) => {
    const url = route.request().url();
    if (url.endsWith('/bench.js')) return route.fulfill({ contentType: 'text/javascript', body: js });
    return route.fulfill({ contentType: 'text/html', body: '<!doctype html><script src="/bench.js"></script>' });
  });
  await page.goto('https://bench.local/');
  const result = await page.evaluate((o) => (globalThis as any).runBench(o), { customers, notes });
  console.log(JSON.stringify({ customers, notes, ...result }, null, 2));
} finally {
  await browser.close();
}
