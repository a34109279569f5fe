/**
 * Case store benchmark (not a unit test: run it by hand, on fake-indexeddb in Node):
 *   npx tsx tests/unit/cases/bench.ts            # 10,000 customers, 100,000 notes, 10,000-row CSV
 *   CUSTOMERS=100000 NOTES=1000000 CSV_ROWS=100000 npx tsx tests/unit/cases/bench.ts   # slow: see below
 * Prints the median and p95 of `summaries()` for 20 handles and the time of a CSV import.
 * fake-indexeddb is much slower than a browser's IndexedDB and superlinear in the size of one transaction
 * (10,000 CSV rows ~5 s, 30,000 ~60 s here), so the real figures come from browser-bench.ts (headless Chromium).
 */
import 'fake-indexeddb/auto';
import { CaselintDB, rebuildSummaries } from '../../../lib/cases/db';
import { CaseStore } from '../../../lib/cases/store';

const CUSTOMERS = Number(process.env.CUSTOMERS ?? 10_000);
const NOTES = Number(process.env.NOTES ?? 100_000);
const CSV_ROWS = Number(process.env.CSV_ROWS ?? 10_000);
const T0 = Date.UTC(2025, 0, 1);

async function time<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const r = await fn();
  console.log(`${label}: ${(performance.now() - t).toFixed(0)} ms`);
  return r;
}

async function main() {
  const db = new CaselintDB('bench');
  const store = new CaseStore(db, { now: () => T0 });
  const key = (i: number) => `user_${i.toString(36)}`;
  await time(`populate ${CUSTOMERS} customers + ${NOTES} notes (CSV import of customers, then bulk notes)`, async () => {
    const lines = ['handle,name,title,status,email'];
    for (let i = 0; i < CUSTOMERS; i++) lines.push(`${key(i)},Customer ${i},Case ${i},${i % 3 ? 'open' : 'solved'},c${i}@example.com`);
    const r = await store.importCsv({ text: lines.join('\n') });
    if (r.aborted) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
    const chunk = 100_000;
    for (let start = 0; start < NOTES; start += chunk) {
      const notes = [];
      for (let i = start; i < Math.min(NOTES, start + chunk); i++) {
        notes.push({ id: crypto.randomUUID(), customerKey: key(i % CUSTOMERS), caseId: null, text: `note ${i}`, createdAt: T0 - i });
      }
      await db.notes.bulkPut(notes);
    }
    // Notes were written behind the store's back: rebuild the summaries once, as an import would.
    await store.write('rebuild', () => rebuildSummaries((n) => db.table(n)));
  });

  const runs: number[] = [];
  for (let r = 0; r < 200; r++) {
    const handles = Array.from({ length: 20 }, (_, i) => key((r * 7919 + i * 104729) % CUSTOMERS));
    handles.push('unknown_handle');
    const t = performance.now();
    const s = await store.summaries(handles);
    runs.push(performance.now() - t);
    if (Object.keys(s).length !== 20) throw new Error('wrong summary count');
  }
  runs.sort((a, b) => a - b);
  console.log(`summaries(21 handles): median ${runs[100]!.toFixed(2)} ms, p95 ${runs[190]!.toFixed(2)} ms`);

  const t = performance.now();
  await store.searchCustomers('user_1');
  await store.searchCustomers('customer 12');
  console.log(`searchCustomers x2: ${(performance.now() - t).toFixed(1)} ms`);

  const csv = ['handle,title,status,note,phone,email,account,created_at'];
  for (let i = 0; i < CSV_ROWS; i++) {
    csv.push(`csv_${i},Ticket ${i},open,"Note, with comma ${i}",+1 415 555 ${String(i % 10000).padStart(4, '0')},u${i}@example.com,ACC-${i},2024-05-01T10:00:00Z`);
  }
  const r = await time(`importCsv ${CSV_ROWS} rows into a fresh store`, async () => {
    const fresh = new CaseStore(new CaselintDB('bench-csv'), { now: () => T0 });
    return fresh.importCsv({ text: csv.join('\n'), defaultCountry: 'US' });
  });
  console.log(`  imported ${r.imported}, aborted ${r.aborted}`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
