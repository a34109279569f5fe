/** Bundled by browser-bench.ts and run in headless Chromium (real IndexedDB). */
import { CaselintDB, rebuildSummaries } from '../../../lib/cases/db';
import { CaseStore } from '../../../lib/cases/store';
import { previewCsv } from '../../../lib/cases/csv';

const T0 = Date.UTC(2025, 0, 1);

/** Baseline: raw IndexedDB puts of small records into a store without indexes, in one transaction. */
async function rawPuts(n: number): Promise<number> {
  const db = await new Promise<IDBDatabase>((res, rej) => {
    const req = indexedDB.open(`raw-${Date.now()}`, 1);
    req.onupgradeneeded = () => req.result.createObjectStore('s', { keyPath: 'id' });
    req.onsuccess = () => res(req.result);
    req.onerror = () => rej(req.error);
  });
  const t = performance.now();
  await new Promise<void>((res, rej) => {
    const tx = db.transaction('s', 'readwrite');
    const st = tx.objectStore('s');
    for (let i = 0; i < n; i++) st.put({ id: `k${i}`, text: `note ${i}`, at: i });
    tx.oncomplete = () => res();
    tx.onerror = () => rej(tx.error);
  });
  db.close();
  return Math.round(performance.now() - t);
}

/** The same 100,000 records through Dexie's bulkPut (its middleware stack) into a table without indexes. */
async function dexiePuts(n: number): Promise<number> {
  const { default: Dexie } = await import('dexie');
  const db = new Dexie(`dexie-${Date.now()}`);
  db.version(1).stores({ s: 'id' });
  await db.open();
  const rows = Array.from({ length: n }, (_, i) => ({ id: `k${i}`, text: `note ${i}`, at: i }));
  const t = performance.now();
  await db.transaction('rw', db.table('s'), () => db.table('s').bulkPut(rows));
  const ms = Math.round(performance.now() - t);
  db.close();
  return ms;
}

async function run(opts: { customers: number; notes: number }): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};
  out.baselineRawPut100kMs = await rawPuts(100_000);
  out.dexieBulkPut100kMs = await dexiePuts(100_000);
  const db = new CaselintDB(`bench-${Date.now()}`);
  const store = new CaseStore(db, { now: () => T0 });
  const key = (i: number) => `csv_${i}`;
  const csv = ['handle,name,title,status,note,phone,email,account,created_at'];
  for (let i = 0; i < opts.customers; i++) {
    csv.push(`${key(i)},Customer ${i},Ticket ${i},${i % 3 ? 'open' : 'solved'},"Note, with comma ${i}",+1 415 555 ${String(i % 10000).padStart(4, '0')},u${i}@example.com,ACC-${i},2024-05-01T10:00:00Z`);
  }
  let t = performance.now();
  previewCsv(csv.join('\n'), {}, { rows: 0, defaultCountry: 'US' });
  out.csvParseOnlyMs = Math.round(performance.now() - t);
  t = performance.now();
  const r = await store.importCsv({ text: csv.join('\n'), defaultCountry: 'US' });
  out.csvImportMs = Math.round(performance.now() - t);
  out.csvImported = r.imported;
  out.csvAborted = String(r.aborted);

  t = performance.now();
  const chunk = 100_000;
  for (let start = 0; start < opts.notes; start += chunk) {
    const notes = [];
    for (let i = start; i < Math.min(opts.notes, start + chunk); i++) {
      notes.push({ id: crypto.randomUUID(), customerKey: key(i % opts.customers), caseId: null, text: `note ${i}`, createdAt: T0 - i });
    }
    await db.notes.bulkPut(notes);
  }
  out.bulkNotesMs = Math.round(performance.now() - t);
  t = performance.now();
  await store.write('rebuild', () => rebuildSummaries((n) => db.table(n)));
  out.rebuildSummariesMs = Math.round(performance.now() - t);
  out.notesStored = await db.notes.count();

  const runs: number[] = [];
  for (let k = 0; k < 200; k++) {
    const handles = Array.from({ length: 20 }, (_, i) => key((k * 7919 + i * 104729) % opts.customers));
    handles.push('unknown_handle');
    const s0 = performance.now();
    const s = await store.summaries(handles);
    runs.push(performance.now() - s0);
    if (Object.keys(s).length !== 20) throw new Error('wrong summary count');
  }
  runs.sort((a, b) => a - b);
  out.summaries20MedianMs = Number(runs[100]!.toFixed(2));
  out.summaries20P95Ms = Number(runs[190]!.toFixed(2));
  t = performance.now();
  await store.searchCustomers('csv_12');
  await store.searchCustomers('customer 12');
  out.search2Ms = Number((performance.now() - t).toFixed(2));
  t = performance.now();
  const one = await store.history(key(12));
  out.historyMs = Number((performance.now() - t).toFixed(2));
  out.historyNotes = one?.notes.length ?? -1;
  t = performance.now();
  await store.addNote({ handle: key(12), text: 'one more' });
  out.addNoteMs = Number((performance.now() - t).toFixed(2));
  db.close();
  return out;
}

(globalThis as unknown as { runBench: typeof run }).runBench = run;
