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
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { CDPSession, Page } from 'playwright-core';
import { HOME, launch, waitForContentScript, type ConsoleEntry, type Harness } from '../../tests/e2e/harness';
import { dist, round } from './stats';
import { benchScreen } from './seed';
import { SUMMARY_PORT } from '../../lib/messaging/port';
import { DB_VERSION } from '../../lib/cases/db';

/**
 * What the seeded 1M-note profile is built from: bump when `seed` in store-page.ts writes other records. The
 * kept profile's directory is named after it, the schema version and the counts, so a profile seeded by other
 * code or for another schema is never reused (a new one is seeded).
 */
export const SEED_VERSION = 1;

/** CSV lines of the big writes (CSV import, backup round trip) in a full run without --full-writes. */
export const DEFAULT_WRITE_LINES = 20_000;

export async function bundle(root: string): Promise<string> {
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
  h: Harness;
  page: Page;
  ev<T>(expr: string): Promise<T>;
  errors: ConsoleEntry[];
}

/**
 * The e2e harness's Chromium (same flags, x.com served from the fixtures) with the extension on `profile`, and
 * a blank extension page with the store bench's code in it.
 */
export async function open(extensionDir: string, profile: string, code: string): Promise<Browser> {
  const h = await launch({ extensionDir, userDataDir: profile, serviceWorkerTimeoutMs: 30_000 });
  // A blank page of the extension origin: same IndexedDB and messaging as the options page, without the options
  // UI re-running its live queries on every bulk write. The build has no popup; the bench's private copy of the
  // build gets an empty popup.html (a path the background accepts calls from; see extension.ts).
  const page = await h.context.newPage();
  await page.goto(h.extensionUrl('popup.html'));
  await page.evaluate(code);
  return { h, page, errors: h.errors, ev: <T>(expr: string) => page.evaluate(expr) as Promise<T> };
}

/**
 * Makes Chromium register the extension's service worker again from `extensionDir` on the next launch of a kept
 * profile. Chromium keeps a registered worker (and its cached script) while the extension's version is unchanged,
 * so without this a reused profile runs the background of the build it was seeded with, not the build under test
 * (seen: a profile seeded before the summaries port existed refused the port). The store's data is untouched.
 */
function forgetRegisteredWorker(profile: string, extensionDir: string): void {
  const prefsFile = join(profile, 'Default', 'Preferences');
  if (!existsSync(prefsFile)) return;
  const prefs = JSON.parse(readFileSync(prefsFile, 'utf8')) as { extensions?: { settings?: Record<string, { path?: string; service_worker_registration_info?: unknown }> } };
  for (const ext of Object.values(prefs.extensions?.settings ?? {})) if (ext.path === extensionDir) delete ext.service_worker_registration_info;
  writeFileSync(prefsFile, JSON.stringify(prefs));
  rmSync(join(profile, 'Default', 'Service Worker'), { recursive: true, force: true });
}

/** Times `fn`, logs it and records it as `store_phase_<name>_s` (where the store section's time goes). */
async function phase<T>(out: Record<string, number | string>, log: (s: string) => void, name: string, fn: () => Promise<T>): Promise<T> {
  const t = performance.now();
  try {
    return await fn();
  } finally {
    const s = (performance.now() - t) / 1000;
    out[`store_phase_${name}_s`] = round(s, 1);
    log(`store: phase ${name}: ${s.toFixed(1)} s`);
  }
}

/**
 * What the agent waits for: a screen's lookup over the content script's long-lived port (lib/messaging/port.ts),
 * timed INSIDE the content script's isolated world of an x.com tab (the background accepts that port only from a
 * content script in an x.com tab). The x.com page is the harness's fixture; the code runs through CDP
 * `Runtime.evaluate` in the execution context Chromium made for the extension's content script.
 */
async function portLookups(b: Browser, extensionDir: string, customers: number, runs: number): Promise<number[]> {
  const page = await b.h.openX(HOME);
  try {
    await waitForContentScript(page, 30_000);
    const cdp: CDPSession = await b.h.context.newCDPSession(page);
    type Ctx = { id: number; name: string; origin: string; auxData?: { type?: string; frameId?: string } };
    const contexts: Ctx[] = [];
    cdp.on('Runtime.executionContextCreated', (e: { context: Ctx }) => contexts.push(e.context));
    await cdp.send('Runtime.enable');
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const extName = (JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as { name: string }).name;
    const origin = `chrome-extension://${b.h.extensionId}`;
    let ctx: Ctx | undefined;
    for (let tries = 0; !ctx && tries < 50; tries++) {
      ctx = contexts.find((c) => c.auxData?.type === 'isolated' && c.auxData.frameId === frameTree.frame.id && (c.name === extName || c.origin === origin));
      if (!ctx) await new Promise((r) => setTimeout(r, 100));
    }
    if (!ctx) {
      throw new Error(`no isolated world of the extension "${extName}" in the x.com tab (contexts: ${contexts.map((c) => `${c.name || '(main)'}/${c.auxData?.type}`).join(', ')})`);
    }
    const warm = Array.from({ length: 20 }, (_, r) => benchScreen(r + 900, customers));
    const screens = Array.from({ length: runs }, (_, r) => benchScreen(r + 1000, customers));
    // Plain JS (not bundled): the wire format of port.ts, { id, handles } -> { id, result } | { id, error }.
    const expression = `(async () => {
      const warm = ${JSON.stringify(warm)}, screens = ${JSON.stringify(screens)};
      const port = chrome.runtime.connect({ name: ${JSON.stringify(SUMMARY_PORT)} });
      const waiting = new Map();
      let seq = 0, gone = null;
      port.onMessage.addListener((m) => { const w = waiting.get(m.id); if (w) { waiting.delete(m.id); w(m); } });
      port.onDisconnect.addListener(() => {
        gone = (chrome.runtime.lastError && chrome.runtime.lastError.message) || 'the background closed the port';
        for (const w of waiting.values()) w({ error: gone });
        waiting.clear();
      });
      const ask = (handles) => new Promise((resolve, reject) => {
        if (gone) return reject(new Error(gone));
        const id = ++seq;
        waiting.set(id, (m) => ('result' in m ? resolve(m.result) : reject(new Error(m.error))));
        port.postMessage({ id, handles });
      });
      try {
        for (const s of warm) await ask(s);
        const ms = [];
        for (const s of screens) {
          const t = performance.now();
          const r = await ask(s);
          ms.push(performance.now() - t);
          const n = Object.keys(r).length;
          if (n !== 20) throw new Error('the port answered ' + n + ' of 20 known handles');
        }
        return ms;
      } finally {
        port.disconnect();
      }
    })()`;
    const r = await cdp.send('Runtime.evaluate', { expression, contextId: ctx.id, awaitPromise: true, returnByValue: true });
    if (r.exceptionDetails) throw new Error(`port lookups in the content script failed: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    await cdp.detach();
    return r.result.value as number[];
  } finally {
    await page.close();
  }
}

export async function benchStore(root: string, extensionDir: string, quick: boolean, log: (s: string) => void, opts: { reseed?: boolean; fullWrites?: boolean } = {}) {
  const customers = quick ? 2_000 : 100_000;
  const notes = quick ? 20_000 : 1_000_000;
  // The issue's size is 100,000 lines (700,000 records; 2 min each for the import and the backup round trip here):
  // a full run measures a fifth of it and scales (both are linear in the lines), --full-writes the whole.
  const csvRows = quick ? 2_000 : opts.fullWrites ? 100_000 : DEFAULT_WRITE_LINES;
  const runs = quick ? 50 : 300;
  const code = await bundle(root);
  const out: Record<string, number | string> = { store_customers: customers, store_notes: notes };

  // ---- A: lookups and size on the big store (profile reused between runs; same extension path -> same id)
  const stableExt = join(tmpdir(), 'caselint-bench-store-ext');
  rmSync(stableExt, { recursive: true, force: true });
  cpSync(extensionDir, stableExt, { recursive: true });
  const profile = join(tmpdir(), `caselint-bench-store-db${DB_VERSION}-seed${SEED_VERSION}-${customers}-${notes}`);
  if (opts.reseed) rmSync(profile, { recursive: true, force: true });
  mkdirSync(profile, { recursive: true });
  forgetRegisteredWorker(profile, stableExt);
  let b = await phase(out, log, 'open_big_profile', () => open(stableExt, profile, code));
  try {
    // The worker must run the build under test (the summaries port is registered first thing in the background).
    if (!(await b.h.serviceWorker.evaluate(() => (globalThis as unknown as { chrome: { runtime: { onConnect: { hasListeners(): boolean } } } }).chrome.runtime.onConnect.hasListeners()))) {
      throw new Error(`the background in ${profile} has no port listener: a stale service worker from an older build? (--reseed starts over)`);
    }
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
    const port = dist(await phase(out, log, 'lookups_port', () => portLookups(b, stableExt, customers, runs)));
    const look = await phase(out, log, 'lookups_sendmessage_and_db', () => b.ev<Record<string, number>>(`__clStoreBench.lookups(${customers}, ${runs})`));
    log(
      `store: lookup p95 ${port.p95.toFixed(2)} ms over the content script's port, ${look.messaging_p95!.toFixed(2)} ms via sendMessage ` +
        `from an extension page, ${look.direct_p95!.toFixed(2)} ms in the database`,
    );
    Object.assign(out, {
      store_batch_lookup_port_p50_ms: round(port.p50, 2),
      store_batch_lookup_port_p95_ms: round(port.p95, 2),
      store_batch_lookup_port_max_ms: round(port.max, 2),
      store_batch_lookup_sendmessage_p50_ms: round(look.messaging_p50!, 2),
      store_batch_lookup_sendmessage_p95_ms: round(look.messaging_p95!, 2),
      store_batch_lookup_sendmessage_max_ms: round(look.messaging_max!, 2),
      store_batch_lookup_direct_p50_ms: round(look.direct_p50!, 2),
      store_batch_lookup_direct_p95_ms: round(look.direct_p95!, 2),
      store_size_on_disk_mb: round(size.usage_mb, 1),
    });
    out.store_console_errors = b.errors.length;
    for (const e of b.errors.slice(0, 3)) log(`store: console error (${e.where}): ${e.text.slice(0, 200)}`);
  } finally {
    await b.h.close();
  }

  // ---- B: CSV import and backup round trip in a fresh profile, through the real messaging
  const fresh = mkdtempSync(join(tmpdir(), 'caselint-bench-fresh-'));
  b = await phase(out, log, 'open_fresh_profile', () => open(extensionDir, fresh, code));
  try {
    const csv = await phase(out, log, 'csv_import', () => b.ev<{ ms: number; imported: number; mb: number }>(`__clStoreBench.csvImport(${csvRows})`));
    log(`store: CSV import of ${csv.imported} rows in ${(csv.ms / 1000).toFixed(1)} s`);
    if (csvRows === 100_000) out.csv_import_100k_rows_s = round(csv.ms / 1000, 2);
    else {
      out.csv_import_rows_s = round(csv.ms / 1000, 2);
      // Linear in the lines (docs/performance.md): what 100,000 would take at the rate measured.
      if (!quick) out.csv_import_100k_rows_scaled_s = round((csv.ms / 1000) * (100_000 / csvRows), 1);
    }
    out.csv_import_rows = csv.imported;
    out.csv_import_file_mb = round(csv.mb, 1);
    const sizeCsv = await b.ev<{ usage_mb: number }>('__clStoreBench.estimate()');
    out.store_size_after_csv_import_mb = round(sizeCsv.usage_mb, 1);
    // The floor: the same records with bare IndexedDB puts (no Dexie, parsing or reads), same chunking. Measured
    // on at most FLOOR_LINES lines and scaled to the file: the cost per put does not grow with the count.
    const floorRows = Math.min(csvRows, FLOOR_LINES);
    const fl = await phase(out, log, 'csv_floor', () =>
      b.ev<{ records: number; schema_ms: number; schema_us_per_put: number; plain_us_per_put: number }>(`__clStoreBench.floor(${floorRows}, ${ONE_TRANSACTION})`),
    );
    const floorMs = (fl.schema_ms * csvRows) / floorRows;
    log(`store: floor: ${fl.records} bare puts of the records of ${floorRows} lines in ${(fl.schema_ms / 1000).toFixed(1)} s (${fl.schema_us_per_put.toFixed(0)} us/put; ${fl.plain_us_per_put.toFixed(0)} us/put without indexes) -> ${(floorMs / 1000).toFixed(1)} s for ${csvRows} lines`);
    Object.assign(out, {
      csv_import_floor_measured_lines: floorRows,
      csv_import_floor_s: round(floorMs / 1000, 2),
      csv_import_floor_us_per_put: round(fl.schema_us_per_put, 1),
      csv_import_us_per_record: round((csv.ms * 1000) / (fl.records * (csvRows / floorRows)), 1),
      bare_put_no_index_us: round(fl.plain_us_per_put, 1),
      csv_import_over_floor: round(csv.ms / floorMs, 2),
    });
    try {
      const bk = await phase(out, log, 'backup_round_trip', () => b.ev<Record<string, number> & { path: string }>('__clStoreBench.backup()'));
      log(`store: backup of ${bk.backup_mb!.toFixed(1)} MB exported in ${(bk.export_ms! / 1000).toFixed(1)} s, re-imported in ${(bk.import_ms! / 1000).toFixed(1)} s`);
      Object.assign(out, {
        backup_json_mb: round(bk.backup_mb!, 1),
        backup_export_s: round(bk.export_ms! / 1000, 2),
        backup_reimport_replace_s: round(bk.import_ms! / 1000, 2),
        ...(csvRows !== 100_000 && !quick ? { backup_reimport_replace_100k_scaled_s: round((bk.import_ms! / 1000) * (100_000 / csvRows), 1), backup_measured_lines: csvRows } : {}),
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
    for (const e of b.errors.slice(0, 3)) log(`store: console error (${e.where}): ${e.text.slice(0, 200)}`);
  } finally {
    await b.h.close();
    rmSync(fresh, { recursive: true, force: true });
  }
  return out;
}

/**
 * Lines the CSV floor is measured on (70,000 puts), then scaled to the file: the import is linear in the lines
 * (20k and 100k lines cost the same per record, docs/performance.md), so measuring 100k lines again would add
 * ~60-80 s to the run for the same figure. The per-put cost is measured in the same browser as the import.
 */
const FLOOR_LINES = 10_000;
/** The floor's records per transaction: all of them, as the import writes them (one transaction, lib/cases/csv.ts). */
const ONE_TRANSACTION = 1_000_000_000;

/** Profile the CSV import in the page (same code as the background, minus messaging). */
export async function profileCsv(root: string, extensionDir: string, rows: number): Promise<object> {
  const code = await bundle(root);
  const fresh = mkdtempSync(join(tmpdir(), 'caselint-bench-fresh-'));
  const b = await open(extensionDir, fresh, code);
  try {
    const cdp: CDPSession = await b.h.context.newCDPSession(b.page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
    const r = await b.ev<{ ms: number }>(`__clStoreBench.csvDirect(${rows})`);
    const { profile } = await cdp.send('Profiler.stop');
    const file = join(tmpdir(), 'caselint-csv-import.cpuprofile');
    writeFileSync(file, JSON.stringify(profile));
    return { ms: r.ms, profile: file, exists: existsSync(file) };
  } finally {
    await b.h.close();
    rmSync(fresh, { recursive: true, force: true });
  }
}

/**
 * Where a backup re-import's time goes: `rows` CSV lines imported into a fresh profile, then the backup round trip
 * directly in the page (no messaging), optionally under the CPU profiler (profile written to $TMPDIR).
 *   npx tsx -e "import('./scripts/bench/store.ts').then(m => m.profileBackup(process.cwd(), DIR, 20000, true).then(console.log))"
 */
export async function profileBackup(root: string, extensionDir: string, rows: number, cpuProfile = false): Promise<object> {
  const code = await bundle(root);
  const fresh = mkdtempSync(join(tmpdir(), 'caselint-bench-fresh-'));
  const b = await open(extensionDir, fresh, code);
  try {
    await b.ev(`__clStoreBench.csvImport(${rows})`);
    const cdp: CDPSession = await b.h.context.newCDPSession(b.page);
    if (cpuProfile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
    }
    const r = await b.ev<Record<string, number>>('__clStoreBench.backupDirect()');
    if (!cpuProfile) {
      // The same round trip through the real messaging, as the bench and the options page do it.
      const m = await b.ev<Record<string, number>>('__clStoreBench.backup()');
      return { direct: r, messaging: m };
    }
    const { profile } = await cdp.send('Profiler.stop');
    const file = join(tmpdir(), 'caselint-backup-import.cpuprofile');
    writeFileSync(file, JSON.stringify(profile));
    return { ...r, profile: file };
  } finally {
    await b.h.close();
    rmSync(fresh, { recursive: true, force: true });
  }
}

/**
 * µs per IndexedDB put under write variants (`putVariants` in store-page.ts), each variant in a fresh database of a
 * fresh profile, e.g. ['random/interleaved/put/default', 'ascending/grouped/put/relaxed'].
 */
export async function benchPutVariants(root: string, extensionDir: string, lines: number, chunk: number, variants: string[]): Promise<object> {
  const code = await bundle(root);
  const fresh = mkdtempSync(join(tmpdir(), 'caselint-bench-fresh-'));
  const b = await open(extensionDir, fresh, code);
  try {
    return await b.ev<Record<string, number>>(`__clStoreBench.putVariants(${lines}, ${chunk}, ${JSON.stringify(variants)})`);
  } finally {
    await b.h.close();
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
        `__clStoreBench.floor(${rows}, ${ONE_TRANSACTION})`,
      );
      Object.assign(out, { floor_records: fl.records, floor_s: round(fl.schema_ms / 1000, 2), floor_us_per_put: round(fl.schema_us_per_put, 1), plain_us_per_put: round(fl.plain_us_per_put, 1) });
    }
    return { ...out, console_errors: b.errors.length };
  } finally {
    await b.h.close();
    rmSync(fresh, { recursive: true, force: true });
  }
}
