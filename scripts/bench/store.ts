/**
 * Store benchmark driver. Bundles scripts/bench/store-page.ts (esbuild, already installed as tsx's bundler) and
 * runs it in a blank page of the built extension's origin in headless Chromium: the extension's real IndexedDB,
 * the database the background serves.
 *
 * A. Lookups and size at 100,000 customers / 1,000,000 notes, in a browser profile kept between runs
 *    ($TMPDIR/caselint-bench-store-*): seeding a million notes costs minutes on this machine, far over the
 *    bench's 3-minute budget, so it is done once (Dexie bulk writes) and reused while the counts still match.
 * B. CSV import of 100,000 rows through the real messaging in a fresh profile (empty store), its floor (bare
 *    IndexedDB puts of the same records, `floor` in store-page.ts), and the chunked backup round trip
 *    (`downloadBackupParts` / `uploadBackup`, as the options page) through the real messaging.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { requireChromium } from '../../tests/e2e/harness';
import { round } from './stats';
import { CSV_WRITE_CHUNK } from '../../lib/cases/csv';

async function bundle(root: string): Promise<string> {
  const r = await build({
    entryPoints: [join(root, 'scripts/bench/store-page.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  return r.outputFiles[0]!.text;
}

interface Browser {
  context: BrowserContext;
  page: Page;
  ev<T>(expr: string): Promise<T>;
  errors: string[];
}

/** Chromium with the extension (flags as tests/e2e/harness.ts) on `profile`, and a blank extension page. */
async function open(extensionDir: string, profile: string, code: string): Promise<Browser> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: requireChromium(),
    headless: true,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const errors: string[] = [];
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  sw.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const id = new URL(sw.url()).host;
  // A blank page of the extension origin: same IndexedDB and messaging as the options page, without the options
  // UI re-running its live queries on every bulk write. The build has no popup; the bench's private copy of the
  // build gets an empty popup.html (a path the background accepts calls from; see extension.ts).
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`chrome-extension://${id}/popup.html`);
  await page.evaluate(code);
  return { context, page, errors, ev: <T>(expr: string) => page.evaluate(expr) as Promise<T> };
}

export async function benchStore(root: string, extensionDir: string, quick: boolean, log: (s: string) => void, opts: { reseed?: boolean } = {}) {
  const customers = quick ? 2_000 : 100_000;
  const notes = quick ? 20_000 : 1_000_000;
  const csvRows = quick ? 2_000 : 100_000;
  const code = await bundle(root);
  const out: Record<string, number | string> = { store_customers: customers, store_notes: notes };

  // ---- A: lookups and size on the big store (profile reused between runs; same extension path -> same id)
  const stableExt = join(tmpdir(), 'caselint-bench-store-ext');
  rmSync(stableExt, { recursive: true, force: true });
  cpSync(extensionDir, stableExt, { recursive: true });
  const profile = join(tmpdir(), `caselint-bench-store-${customers}-${notes}`);
  if (opts.reseed) rmSync(profile, { recursive: true, force: true });
  mkdirSync(profile, { recursive: true });
  let b = await open(stableExt, profile, code);
  try {
    const have = await b.ev<{ customers: number; notes: number; summaries: number }>('__clStoreBench.counts()');
    if (have.customers === customers && have.notes === notes && have.summaries === customers) {
      log(`store: reusing the seeded profile ${profile} (${customers} customers, ${notes} notes)`);
      out.store_seed_s = 'reused';
    } else {
      log(`store: seeding ${customers} customers and ${notes} notes into ${profile} (once; later runs reuse it)...`);
      const seed = await b.ev<{ ms: number }>(`__clStoreBench.seed(${customers}, ${notes})`);
      out.store_seed_s = round(seed.ms / 1000, 1);
      log(`store: seeded in ${out.store_seed_s} s (Dexie bulkPut in the extension page)`);
    }
    const size = await b.ev<{ usage_mb: number }>('__clStoreBench.estimate()');
    const look = await b.ev<Record<string, number>>(`__clStoreBench.lookups(${customers}, ${quick ? 50 : 300})`);
    log(`store: lookup p95 ${look.messaging_p95!.toFixed(2)} ms via messaging, ${look.direct_p95!.toFixed(2)} ms direct`);
    Object.assign(out, {
      store_batch_lookup_p50_ms: round(look.messaging_p50!, 2),
      store_batch_lookup_p95_ms: round(look.messaging_p95!, 2),
      store_batch_lookup_max_ms: round(look.messaging_max!, 2),
      store_batch_lookup_direct_p50_ms: round(look.direct_p50!, 2),
      store_batch_lookup_direct_p95_ms: round(look.direct_p95!, 2),
      store_size_on_disk_mb: round(size.usage_mb, 1),
    });
    out.store_console_errors = b.errors.length;
  } finally {
    await b.context.close();
  }

  // ---- B: CSV import and backup round trip in a fresh profile, through the real messaging
  const fresh = mkdtempSync(join(tmpdir(), 'caselint-bench-fresh-'));
  b = await open(extensionDir, fresh, code);
  try {
    const csv = await b.ev<{ ms: number; imported: number; mb: number }>(`__clStoreBench.csvImport(${csvRows})`);
    log(`store: CSV import of ${csv.imported} rows in ${(csv.ms / 1000).toFixed(1)} s`);
    out[quick ? 'csv_import_rows_s' : 'csv_import_100k_rows_s'] = round(csv.ms / 1000, 2);
    out.csv_import_rows = csv.imported;
    out.csv_import_file_mb = round(csv.mb, 1);
    const sizeCsv = await b.ev<{ usage_mb: number }>('__clStoreBench.estimate()');
    out.store_size_after_csv_import_mb = round(sizeCsv.usage_mb, 1);
    // The floor: the same records with bare IndexedDB puts (no Dexie, parsing or reads), same chunking. Measured
    // on at most 20,000 lines and scaled to the file (linear: 20k and 100k lines cost the same per put), which
    // keeps the full run ~80 s shorter.
    const floorRows = Math.min(csvRows, 20_000);
    const fl = await b.ev<{ records: number; schema_ms: number; schema_us_per_put: number; plain_us_per_put: number }>(
      `__clStoreBench.floor(${floorRows}, ${CSV_WRITE_CHUNK})`,
    );
    const floorMs = (fl.schema_ms * csvRows) / floorRows;
    log(`store: floor: ${fl.records} bare puts of the records of ${floorRows} lines in ${(fl.schema_ms / 1000).toFixed(1)} s (${fl.schema_us_per_put.toFixed(0)} us/put; ${fl.plain_us_per_put.toFixed(0)} us/put without indexes) -> ${(floorMs / 1000).toFixed(1)} s for ${csvRows} lines`);
    Object.assign(out, {
      csv_import_floor_measured_lines: floorRows,
      csv_import_floor_s: round(floorMs / 1000, 2),
      csv_import_floor_us_per_put: round(fl.schema_us_per_put, 1),
      bare_put_no_index_us: round(fl.plain_us_per_put, 1),
      csv_import_over_floor: round(csv.ms / floorMs, 2),
    });
    try {
      const bk = await b.ev<Record<string, number> & { path: string }>('__clStoreBench.backup()');
      log(`store: backup of ${bk.backup_mb!.toFixed(1)} MB exported in ${(bk.export_ms! / 1000).toFixed(1)} s, re-imported in ${(bk.import_ms! / 1000).toFixed(1)} s`);
      Object.assign(out, {
        backup_json_mb: round(bk.backup_mb!, 1),
        backup_export_s: round(bk.export_ms! / 1000, 2),
        backup_reimport_replace_s: round(bk.import_ms! / 1000, 2),
        backup_reimported_customers: bk.imported_customers!,
        backup_reimported_notes: bk.imported_notes!,
        backup_export_parts: bk.export_parts!,
        backup_path: bk.path,
      });
    } catch (e) {
      out.backup_error = String((e as Error).message).slice(0, 300);
      log(`store: backup round trip failed: ${out.backup_error}`);
    }
    out.store_fresh_console_errors = b.errors.length;
  } finally {
    await b.context.close();
    rmSync(fresh, { recursive: true, force: true });
  }
  return out;
}

/** Profile the CSV import in the page (same code as the background, minus messaging). */
export async function profileCsv(root: string, extensionDir: string, rows: number): Promise<object> {
  const code = await bundle(root);
  const fresh = mkdtempSync(join(tmpdir(), 'caselint-bench-fresh-'));
  const b = await open(extensionDir, fresh, code);
  try {
    const cdp: CDPSession = await b.context.newCDPSession(b.page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
    const r = await b.ev<{ ms: number }>(`__clStoreBench.csvDirect(${rows})`);
    const { profile } = await cdp.send('Profiler.stop');
    const file = join(tmpdir(), 'caselint-csv-import.cpuprofile');
    writeFileSync(file, JSON.stringify(profile));
    return { ms: r.ms, profile: file, exists: existsSync(file) };
  } finally {
    await b.context.close();
    rmSync(fresh, { recursive: true, force: true });
  }
}

/**
 * CSV import alone, for before/after comparisons of lib/cases changes (the background's code comes from the
 * build in `extensionDir`): in a fresh profile, `rows` lines through the real messaging, then optionally the
 * same import directly in the page (no messaging) and the floor (bare puts of the same records).
 *   npx tsx -e "import('./scripts/bench/store.ts').then(m => m.benchCsv(process.cwd(), DIR, 100000, { floor: true }).then(console.log))"
 */
export async function benchCsv(root: string, extensionDir: string, rows: number, opts: { direct?: boolean; floor?: boolean } = {}) {
  const code = await bundle(root);
  const fresh = mkdtempSync(join(tmpdir(), 'caselint-bench-fresh-'));
  const b = await open(extensionDir, fresh, code);
  try {
    const out: Record<string, number> = {};
    const csv = await b.ev<{ ms: number; imported: number }>(`__clStoreBench.csvImport(${rows})`);
    out.messaging_s = round(csv.ms / 1000, 2);
    if (opts.direct) {
      await b.ev('__clStoreBench.call("clearAll")');
      out.direct_s = round((await b.ev<{ ms: number }>(`__clStoreBench.csvDirect(${rows})`)).ms / 1000, 2);
    }
    if (opts.floor) {
      const fl = await b.ev<{ records: number; schema_ms: number; schema_us_per_put: number; plain_us_per_put: number }>(
        `__clStoreBench.floor(${rows}, ${CSV_WRITE_CHUNK})`,
      );
      Object.assign(out, { floor_records: fl.records, floor_s: round(fl.schema_ms / 1000, 2), floor_us_per_put: round(fl.schema_us_per_put, 1), plain_us_per_put: round(fl.plain_us_per_put, 1) });
    }
    return { ...out, console_errors: b.errors.length };
  } finally {
    await b.context.close();
    rmSync(fresh, { recursive: true, force: true });
  }
}
