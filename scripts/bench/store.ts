/**
 * Store benchmark driver: bundles scripts/bench/store-page.ts (esbuild, already installed as tsx's bundler) and
 * runs it in the built extension's options page in headless Chromium: the extension origin's real IndexedDB.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { launch } from '../../tests/e2e/harness';
import { round } from './stats';

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

export async function benchStore(root: string, extensionDir: string, quick: boolean, log: (s: string) => void) {
  const customers = quick ? 5_000 : 100_000;
  const notes = quick ? 50_000 : 1_000_000;
  const csvRows = quick ? 5_000 : 100_000;
  const code = await bundle(root);
  const h = await launch({ extensionDir });
  try {
    // A blank page of the extension origin: same IndexedDB and messaging as the options page, without the
    // options UI re-running its live queries on every bulk write. The build has no popup, so the bench's private
    // copy of the build gets an empty popup.html (a path the background accepts calls from); see extension.ts.
    const page = await h.context.newPage();
    await page.goto(h.extensionUrl('popup.html'));
    await page.evaluate(code);
    const ev = <T>(expr: string) => page.evaluate(expr) as Promise<T>;

    const seed = await ev<{ ms: number }>(`__clStoreBench.seed(${customers}, ${notes})`);
    log(`store: seeded ${customers} customers, ${notes} notes in ${(seed.ms / 1000).toFixed(1)} s (Dexie bulkPut in the extension page)`);
    const sizeSeeded = await ev<{ usage_mb: number }>('__clStoreBench.estimate()');
    const look = await ev<Record<string, number>>(`__clStoreBench.lookups(${customers}, ${quick ? 50 : 300})`);
    log(`store: lookup p95 ${look.messaging_p95!.toFixed(2)} ms via messaging, ${look.direct_p95!.toFixed(2)} ms direct`);
    const csv = await ev<{ ms: number; imported: number; mb: number }>(`__clStoreBench.csvImport(${csvRows})`);
    log(`store: CSV import ${csv.imported} rows in ${(csv.ms / 1000).toFixed(1)} s`);
    const sizeAfterCsv = await ev<{ usage_mb: number }>('__clStoreBench.estimate()');
    const bk = await ev<Record<string, number | string>>(`__clStoreBench.backup(true)`);
    log(`store: backup ${Number(bk.backup_mb).toFixed(0)} MB, import ${(Number(bk.import_direct_ms) / 1000).toFixed(1)} s`);
    const sizeEnd = await ev<{ usage_mb: number }>('__clStoreBench.estimate()');
    const n = (k: string) => (typeof bk[k] === 'number' ? round(bk[k] as number, 0) : 'n/a');
    return {
      store_customers: customers,
      store_notes: notes,
      store_seed_s: round(seed.ms / 1000, 1),
      store_batch_lookup_p50_ms: round(look.messaging_p50!, 2),
      store_batch_lookup_p95_ms: round(look.messaging_p95!, 2),
      store_batch_lookup_max_ms: round(look.messaging_max!, 2),
      store_batch_lookup_direct_p50_ms: round(look.direct_p50!, 2),
      store_batch_lookup_direct_p95_ms: round(look.direct_p95!, 2),
      csv_import_rows: csv.imported,
      csv_import_file_mb: round(csv.mb, 1),
      [quick ? 'csv_import_rows_s' : 'csv_import_100k_rows_s']: round(csv.ms / 1000, 2),
      backup_json_mb: round(Number(bk.backup_mb), 1),
      backup_export_via_messaging_ms: n('export_messaging_ms'),
      backup_export_via_messaging_error: (bk.export_messaging_error as string | undefined) ?? 'none',
      backup_export_direct_ms: n('export_direct_ms'),
      backup_reimport_replace_direct_ms: n('import_direct_ms'),
      backup_reimported_notes: bk.imported_notes as number,
      store_size_on_disk_mb: round(sizeSeeded.usage_mb, 1),
      store_size_after_csv_mb: round(sizeAfterCsv.usage_mb, 1),
      store_size_after_backup_reimport_mb: round(sizeEnd.usage_mb, 1),
      store_console_errors: h.errors.length,
    };
  } finally {
    await h.close();
  }
}
