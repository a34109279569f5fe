/**
 * Chunked backup through the REAL extension messaging (by hand, not a unit test):
 *   npx wxt build && npx tsx tests/unit/cases/ext-backup-bench.ts [rows=100000] [extensionDir=.output/chrome-mv3]
 * Fresh profile: imports a CSV of `rows` lines through `importCsv`, tries the single-message `exportBackup`, then
 * exports with `exportBackupBegin/Chunk` (assembled into a Blob, as the options page does) and re-imports with
 * `importBackupChunk/Commit` (replace). Prints JSON figures.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const rows = Number(process.argv[2] ?? 100_000);
const ext = resolve(process.argv[3] ?? '.output/chrome-mv3');
const entry = fileURLToPath(new URL('./ext-backup-bench-page.ts', import.meta.url));
const code = (await build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'chrome120', logLevel: 'silent' })).outputFiles[0]!.text;
const dir = mkdtempSync(join(tmpdir(), 'caselint-backup-bench-ext-'));
cpSync(ext, dir, { recursive: true });
if (!existsSync(join(dir, 'popup.html'))) writeFileSync(join(dir, 'popup.html'), '<!doctype html><title>bench</title>\n');
const profile = mkdtempSync(join(tmpdir(), 'caselint-backup-bench-profile-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`, '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const errors: string[] = [];
  sw.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`chrome-extension://${new URL(sw.url()).host}/popup.html`);
  await page.evaluate(code);
  const out = await page.evaluate(`__extBackupBench(${rows})`);
  console.log(JSON.stringify({ rows, ...(out as object), errors }, null, 2));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
}
