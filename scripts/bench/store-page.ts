/**
 * Store benchmark, run INSIDE the extension origin: bundled by scripts/bench/store.ts (esbuild, IIFE) and
 * evaluated in the extension's options page, so it uses the real browser IndexedDB of the extension, the same
 * database ('caselint') the background serves. Seeding goes straight through Dexie bulk writes (the messaging
 * API has no bulk-notes call, and a million addNote messages would take far longer than the bench budget);
 * every measured operation other than the seed goes through the background via the real messaging, except where
 * noted (direct Dexie/CaseStore figures are reported alongside to separate database time from messaging time).
 * `floor` measures what bare IndexedDB puts of a CSV import's records cost on this machine (the import's floor).
 */
import './zod-jitless';
import Dexie from 'dexie';
import { CaselintDB, SummaryBuilder, type SummaryRow } from '../../lib/cases/db';
import { CaseStore } from '../../lib/cases/store';
import type { Customer, Note, Case } from '../../lib/cases/types';
import type { CaseApi } from '../../lib/cases/api';
import { downloadBackupParts, uploadBackup } from '../../lib/cases/transfer';
import { parseBackup } from '../../lib/cases/backup';
import { benchKey as key, benchScreen as screen } from './seed';

type Reply = { res?: unknown; err?: { message?: string } } | undefined;
interface Runtime {
  lastError?: { message?: string };
  sendMessage(m: unknown, cb: (r: Reply) => void): void;
}
const runtime = (globalThis as unknown as { chrome: { runtime: Runtime } }).chrome.runtime;

/** A CaseApi call through the real messaging (wire format of @webext-core/messaging, as tests/e2e/harness.ts). */
function call<T>(type: string, ...args: unknown[]): Promise<T> {
  return new Promise((resolve, reject) => {
    runtime.sendMessage({ id: Math.floor(Math.random() * 1e9), type, data: args, timestamp: Date.now() }, (reply) => {
      if (runtime.lastError) reject(new Error(runtime.lastError.message));
      else if (!reply) reject(new Error(`no answer from the background to "${type}"`));
      else if (reply.err) reject(new Error(reply.err.message ?? JSON.stringify(reply.err)));
      else resolve(reply.res as T);
    });
  });
}

const T0 = Date.UTC(2026, 0, 1);

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** What the store holds now (to reuse a profile seeded by an earlier run). */
async function counts(): Promise<{ customers: number; notes: number; summaries: number }> {
  const db = new CaselintDB();
  await db.open();
  const r = { customers: await db.customers.count(), notes: await db.notes.count(), summaries: await db.summaries.count() };
  db.close();
  return r;
}

async function seed(customers: number, notes: number): Promise<{ ms: number }> {
  const t = performance.now();
  await call('clearAll');
  const db = new CaselintDB();
  await db.open();
  const builders = new Map<number, SummaryBuilder>();
  const CHUNK = 20_000;
  for (let start = 0; start < customers; start += CHUNK) {
    const cs: Customer[] = [];
    const cases: Case[] = [];
    for (let i = start; i < Math.min(customers, start + CHUNK); i++) {
      cs.push({ key: key(i), handle: key(i), displayName: `Customer ${i}`, tags: [], mergedInto: null, aliases: [], createdAt: T0, updatedAt: T0 });
      const c: Case = { id: `case-${i}`, customerKey: key(i), title: `Ticket ${i}`, status: i % 3 ? 'open' : 'solved', priority: 'normal', tags: [], createdAt: T0, updatedAt: T0 };
      cases.push(c);
      const b = new SummaryBuilder(key(i));
      b.addCase(c);
      builders.set(i, b);
    }
    await db.transaction('rw', db.customers, db.cases, async () => {
      await db.customers.bulkPut(cs);
      await db.cases.bulkPut(cases);
    });
  }
  const NCHUNK = 50_000;
  for (let start = 0; start < notes; start += NCHUNK) {
    const ns: Note[] = [];
    for (let i = start; i < Math.min(notes, start + NCHUNK); i++) {
      const c = i % customers;
      const n: Note = { id: `note-${i}`, customerKey: key(c), caseId: `case-${c}`, text: `Called about ticket ${c}: router drops every evening, asked for a technician visit (${i})`, createdAt: T0 + i };
      ns.push(n);
      builders.get(c)!.addNote(n);
    }
    await db.notes.bulkPut(ns);
  }
  const rows: SummaryRow[] = [];
  for (let i = 0; i < customers; i++) rows.push(builders.get(i)!.build(`Customer ${i}`));
  await db.summaries.bulkPut(rows);
  db.close();
  return { ms: performance.now() - t };
}

async function lookups(customers: number, runs: number) {
  const viaMessaging: number[] = [];
  for (let r = 0; r < 20; r++) await call('summaries', screen(r, customers)); // warm-up
  for (let r = 0; r < runs; r++) {
    const hs = screen(r + 100, customers);
    const t = performance.now();
    const res = await call<Record<string, unknown>>('summaries', hs);
    viaMessaging.push(performance.now() - t);
    if (Object.keys(res).length !== 20) throw new Error(`summaries answered ${Object.keys(res).length} of 20 handles`);
  }
  const store = new CaseStore(new CaselintDB());
  const direct: number[] = [];
  for (let r = 0; r < 20; r++) await store.summaries(screen(r, customers));
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    await store.summaries(screen(r + 5000, customers));
    direct.push(performance.now() - t);
  }
  return {
    messaging_p50: percentile(viaMessaging, 50),
    messaging_p95: percentile(viaMessaging, 95),
    messaging_max: percentile(viaMessaging, 100),
    direct_p50: percentile(direct, 50),
    direct_p95: percentile(direct, 95),
  };
}

function csvText(rows: number): string {
  const csv = ['handle,name,title,status,note,phone,email,account,created_at'];
  for (let i = 0; i < rows; i++) {
    csv.push(`csv_${i.toString(36)},Csv Customer ${i},Ticket ${i},open,"Router drops, again (${i})",+1 415 555 ${String(i % 10000).padStart(4, '0')},u${i}@example.com,ACC-${i},2025-05-01T10:00:00Z`);
  }
  return csv.join('\n');
}

async function csvImport(rows: number) {
  const text = csvText(rows);
  const t = performance.now();
  const report = await call<{ imported: number; aborted: boolean; errors: unknown[] }>('importCsv', { text, defaultCountry: 'US' });
  const ms = performance.now() - t;
  if (report.aborted) throw new Error(`CSV import aborted: ${JSON.stringify(report.errors.slice(0, 3))}`);
  return { ms, imported: report.imported, mb: text.length / 1024 / 1024 };
}

/** The same import as the background runs, called directly in this page (to profile it without messaging). */
async function csvDirect(rows: number) {
  const text = csvText(rows);
  const store = new CaseStore(new CaselintDB());
  const t = performance.now();
  const report = await store.importCsv({ text, defaultCountry: 'US' });
  return { ms: performance.now() - t, imported: report.imported };
}

/** A CaseApi over the real messaging, for the page side of the chunked backup (lib/cases/transfer.ts). */
const api = new Proxy({}, { get: (_t, method: string) => (...args: unknown[]) => call(method, ...args) }) as CaseApi;

/**
 * Backup round trip as the options page does it, through the real messaging: `downloadBackupParts` (export in
 * slices, assembled into a Blob) and `uploadBackup` (slices, then one commit; replace).
 */
async function backup() {
  const out: Record<string, number | string> = {};
  let t = performance.now();
  const parts = await downloadBackupParts(api);
  const blob = new Blob(parts, { type: 'application/json' });
  out.export_ms = performance.now() - t;
  out.export_parts = parts.length;
  out.backup_mb = blob.size / 1024 / 1024;
  const json = await blob.text();
  t = performance.now();
  const report = await uploadBackup(api, json, { mode: 'replace' });
  out.import_ms = performance.now() - t;
  out.imported_notes = report.notes;
  out.imported_customers = report.customers;
  out.path = 'real messaging, chunked (downloadBackupParts / uploadBackup)';
  return out;
}

/**
 * The floor of a CSV import: the records a `rows`-line import writes (built here in memory the same way: a
 * customer, summary, case, note and 3 details per line), put with bare IndexedDB (no Dexie, no reads, no
 * parsing) into a fresh database with the store's schema (same indexes), in transactions of `chunk` records,
 * with the given durability. Plus the cost per put of small records into a store without any index (<= 20k).
 */
async function floor(rows: number, chunk: number, durability: 'default' | 'relaxed' | 'strict' = 'default') {
  const name = `caselint-floor-${Date.now()}`;
  const schemaDb = new CaselintDB(name);
  await schemaDb.open();
  const version = schemaDb.backendDB().version;
  schemaDb.close();
  const recs: Array<[string, object]> = [];
  for (let i = 0; i < rows; i++) {
    const k = `csv_${i.toString(36)}`;
    const caseId = `c-${i}`;
    recs.push(['cases', { id: caseId, customerKey: k, title: `Ticket ${i}`, status: 'open', priority: 'normal', tags: [], createdAt: T0, updatedAt: T0 }]);
    recs.push(['notes', { id: `n-${i}`, customerKey: k, caseId, text: `Router drops, again (${i})`, createdAt: T0 }]);
    recs.push(['details', { id: `dp-${i}`, customerKey: k, caseId, kind: 'phone', value: `+1415555${String(i % 10000).padStart(4, '0')}`, source: 'import', sourceRef: null, createdAt: T0 }]);
    recs.push(['details', { id: `de-${i}`, customerKey: k, caseId, kind: 'email', value: `u${i}@example.com`, source: 'import', sourceRef: null, createdAt: T0 }]);
    recs.push(['details', { id: `da-${i}`, customerKey: k, caseId, kind: 'account', value: `ACC-${i}`, source: 'import', sourceRef: null, createdAt: T0 }]);
    recs.push(['customers', { key: k, handle: k, displayName: `Csv Customer ${i}`, tags: [], mergedInto: null, aliases: [], createdAt: T0, updatedAt: T0 }]);
    const b = new SummaryBuilder(k);
    recs.push(['summaries', b.build(`Csv Customer ${i}`, k)]);
  }
  const open = (n: string, v: number, upgrade?: (db: IDBDatabase) => void) =>
    new Promise<IDBDatabase>((res, rej) => {
      const req = indexedDB.open(n, v);
      if (upgrade) req.onupgradeneeded = () => upgrade(req.result);
      req.onsuccess = () => res(req.result);
      req.onerror = () => rej(req.error);
    });
  const put = async (db: IDBDatabase, items: Array<[string, object]>) => {
    const stores = [...db.objectStoreNames];
    const t = performance.now();
    for (let start = 0; start < items.length; start += chunk) {
      await new Promise<void>((res, rej) => {
        const tx = db.transaction(stores, 'readwrite', { durability });
        for (let i = start; i < Math.min(items.length, start + chunk); i++) tx.objectStore(items[i]![0]).put(items[i]![1]);
        tx.oncomplete = () => res();
        tx.onerror = () => rej(tx.error);
        tx.onabort = () => rej(tx.error);
      });
    }
    return performance.now() - t;
  };
  const db = await open(name, version);
  const schemaMs = await put(db, recs);
  db.close();
  indexedDB.deleteDatabase(name);
  const plainName = `caselint-floor-plain-${Date.now()}`;
  const plain = await open(plainName, 1, (d) => d.createObjectStore('s', { keyPath: 'id' }));
  const plainN = Math.min(recs.length, 20_000);
  const plainMs = await put(plain, Array.from({ length: plainN }, (_, i): [string, object] => ['s', { id: `k${i}`, text: `note ${i}`, at: i }]));
  plain.close();
  indexedDB.deleteDatabase(plainName);
  return { records: recs.length, schema_ms: schemaMs, schema_us_per_put: (schemaMs * 1000) / recs.length, plain_us_per_put: (plainMs * 1000) / plainN };
}

/**
 * The backup round trip without messaging (same code as the background, zod without JIT as there): export,
 * then `parseBackup` alone, then the whole replace import, timed apart (to see where a re-import's time goes).
 */
async function backupDirect() {
  const store = new CaseStore(new CaselintDB());
  let t = performance.now();
  const json = await store.exportBackup();
  const export_ms = performance.now() - t;
  t = performance.now();
  parseBackup(json);
  const parse_ms = performance.now() - t;
  t = performance.now();
  const report = await store.importBackup({ json, mode: 'replace' });
  return { export_ms, parse_ms, import_ms: performance.now() - t, mb: json.length / 1024 / 1024, notes: report.notes };
}

/**
 * What one IndexedDB put costs under variations of the write (for choosing how the store writes; not part of the
 * bench run): `lines` CSV lines' records into a fresh database with the store's schema, bare IndexedDB, chunks of
 * `chunk` records, each variant in its own database. Variants: ids random (crypto.randomUUID, as the import makes
 * them) or ascending; records interleaved per line or grouped per table; put or add; durability.
 */
async function putVariants(lines: number, chunk: number, which: string[]) {
  const make = (ids: 'random' | 'ascending') => {
    let seq = 0;
    const id = () => (ids === 'random' ? crypto.randomUUID() : `0000${(seq++).toString(36)}`.slice(-8));
    const recs: Array<[string, object]> = [];
    for (let i = 0; i < lines; i++) {
      const k = `csv_${i.toString(36)}`;
      const caseId = id();
      recs.push(['cases', { id: caseId, customerKey: k, title: `Ticket ${i}`, status: 'open', priority: 'normal', tags: [], createdAt: T0, updatedAt: T0 }]);
      recs.push(['notes', { id: id(), customerKey: k, caseId, text: `Router drops, again (${i})`, createdAt: T0 }]);
      recs.push(['details', { id: id(), customerKey: k, caseId, kind: 'phone', value: `+1415555${String(i % 10000).padStart(4, '0')}`, source: 'import', sourceRef: null, createdAt: T0 }]);
      recs.push(['details', { id: id(), customerKey: k, caseId, kind: 'email', value: `u${i}@example.com`, source: 'import', sourceRef: null, createdAt: T0 }]);
      recs.push(['details', { id: id(), customerKey: k, caseId, kind: 'account', value: `ACC-${i}`, source: 'import', sourceRef: null, createdAt: T0 }]);
      recs.push(['customers', { key: k, handle: k, displayName: `Csv Customer ${i}`, tags: [], mergedInto: null, aliases: [], createdAt: T0, updatedAt: T0 }]);
      recs.push(['summaries', new SummaryBuilder(k).build(`Csv Customer ${i}`, k)]);
    }
    return recs;
  };
  const grouped = (recs: Array<[string, object]>) => [...recs].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: Record<string, number> = {};
  for (const v of which) {
    const [ids, order, op, durability] = v.split('/') as ['random' | 'ascending', 'interleaved' | 'grouped', 'put' | 'add', 'default' | 'relaxed' | 'strict'];
    const recs = order === 'grouped' ? grouped(make(ids)) : make(ids);
    const name = `caselint-variant-${Date.now()}`;
    const d = new CaselintDB(name); // the store's schema and indexes
    await d.open();
    d.close();
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => res(req.result);
      req.onerror = () => rej(req.error);
    });
    const stores = [...db.objectStoreNames];
    const t = performance.now();
    for (let start = 0; start < recs.length; start += chunk) {
      await new Promise<void>((res, rej) => {
        const tx = db.transaction(stores, 'readwrite', { durability });
        for (let i = start; i < Math.min(recs.length, start + chunk); i++) tx.objectStore(recs[i]![0])[op](recs[i]![1]);
        tx.oncomplete = () => res();
        tx.onerror = () => rej(tx.error);
        tx.onabort = () => rej(tx.error);
      });
    }
    out[v] = ((performance.now() - t) * 1000) / recs.length;
    db.close();
    await Dexie.delete(name);
  }
  return out;
}

async function estimate() {
  const e = await navigator.storage.estimate();
  return { usage_mb: (e.usage ?? 0) / 1024 / 1024, quota_mb: (e.quota ?? 0) / 1024 / 1024 };
}

(globalThis as unknown as Record<string, unknown>).__clStoreBench = { counts, seed, lookups, csvImport, csvDirect, backup, backupDirect, putVariants, floor, estimate, call };
