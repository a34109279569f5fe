/** Bundled by ext-backup-bench.ts and run in a page of the built extension: real background, real messaging. */
import type { CaseApi } from '../../../lib/cases/api';
import { downloadBackupParts, uploadBackup } from '../../../lib/cases/transfer';

type Reply = { res?: unknown; err?: { message?: string } } | undefined;
const runtime = (globalThis as unknown as {
  chrome: { runtime: { lastError?: { message?: string }; sendMessage(m: unknown, cb: (r: Reply) => void): void } };
}).chrome.runtime;

/** A CaseApi call in @webext-core/messaging's wire format (as tests/e2e/harness.ts). */
function call<T>(type: string, ...args: unknown[]): Promise<T> {
  return new Promise((resolve, reject) => {
    runtime.sendMessage({ id: Math.floor(Math.random() * 1e9), type, data: args, timestamp: Date.now() }, (reply) => {
      if (runtime.lastError) reject(new Error(runtime.lastError.message));
      else if (!reply) reject(new Error(`no answer to "${type}"`));
      else if (reply.err) reject(new Error(reply.err.message ?? JSON.stringify(reply.err)));
      else resolve(reply.res as T);
    });
  });
}

const api = new Proxy({}, { get: (_t, method: string) => (...args: unknown[]) => call(method, ...args) }) as CaseApi;

function csvText(rows: number): string {
  const csv = ['handle,name,title,status,note,phone,email,account,created_at'];
  for (let i = 0; i < rows; i++) {
    csv.push(`csv_${i.toString(36)},Csv Customer ${i},Ticket ${i},open,"Router drops, again (${i})",+1 415 555 ${String(i % 10000).padStart(4, '0')},u${i}@example.com,ACC-${i},2025-05-01T10:00:00Z`);
  }
  return csv.join('\n');
}

async function run(rows: number): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};
  await call('clearAll');
  const text = csvText(rows);
  let t = performance.now();
  const r = await call<{ imported: number; aborted: boolean }>('importCsv', { text, defaultCountry: 'US' });
  out.csv_import_s = (performance.now() - t) / 1000;
  out.csv_imported = r.imported;
  try {
    t = performance.now();
    await call<string>('exportBackup');
    out.single_message_export = `ok in ${((performance.now() - t) / 1000).toFixed(1)} s`;
  } catch (e) {
    out.single_message_export = String((e as Error).message).slice(0, 120);
  }
  t = performance.now();
  const parts = await downloadBackupParts(api);
  const blob = new Blob(parts, { type: 'application/json' });
  out.chunked_export_s = (performance.now() - t) / 1000;
  out.chunked_export_parts = parts.length;
  out.backup_mb = blob.size / 1024 / 1024;
  const json = await blob.text();
  JSON.parse(json);
  t = performance.now();
  const report = await uploadBackup(api, json, { mode: 'replace' });
  out.chunked_import_replace_s = (performance.now() - t) / 1000;
  out.reimported_customers = report.customers;
  out.reimported_notes = report.notes;
  out.reimported_details = report.details;
  return out;
}

(globalThis as unknown as { __extBackupBench: typeof run }).__extBackupBench = run;
