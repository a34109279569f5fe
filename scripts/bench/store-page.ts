/**
 * Store benchmark, run INSIDE the extension origin: bundled by scripts/bench/store.ts (esbuild, IIFE) and
 * evaluated in the extension's options page, so it uses the real browser IndexedDB of the extension, the same
 * database ('caselint') the background serves. Seeding goes straight through Dexie bulk writes (the messaging
 * API has no bulk-notes call, and a million addNote messages would take far longer than the bench budget);
 * every measured operation other than the seed goes through the background via the real messaging, except where
 * noted (direct Dexie/CaseStore figures are reported alongside to separate database time from messaging time).
 */
import './zod-jitless';
import { CaselintDB, SummaryBuilder, type SummaryRow } from '../../lib/cases/db';
import { CaseStore } from '../../lib/cases/store';
import type { Customer, Note, Case } from '../../lib/cases/types';

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
const key = (i: number) => `cust_${i.toString(36)}`;

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

/** One screen: 20 known handles + 2 unknown ones, as the content script asks. */
function screen(r: number, customers: number): string[] {
  const hs = Array.from({ length: 20 }, (_, i) => key((r * 7919 + i * 104_729) % customers));
  return [...hs, `nobody_${r}`, `unknown_${r}`];
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

/** Export then re-import (replace) of the whole store, both through the real messaging as the options page does. */
async function backup() {
  const out: Record<string, number | string> = {};
  let t = performance.now();
  let json: string;
  let direct = false;
  try {
    json = await call<string>('exportBackup');
  } catch (e) {
    // Chrome caps one extension message at 64 MiB: a large store cannot be exported through the messaging.
    // Measure the same CaseStore code directly in this page instead, and say so.
    out.messaging_error = String((e as Error).message).slice(0, 200);
    direct = true;
    t = performance.now();
    json = await new CaseStore(new CaselintDB()).exportBackup();
  }
  out.export_ms = performance.now() - t;
  out.backup_mb = json.length / 1024 / 1024;
  out.path = direct ? 'CaseStore in the extension page (messaging refused the size)' : 'real messaging';
  t = performance.now();
  const report = direct
    ? await new CaseStore(new CaselintDB()).importBackup({ json, mode: 'replace' })
    : await call<{ notes: number; customers: number }>('importBackup', { json, mode: 'replace' });
  out.import_ms = performance.now() - t;
  out.imported_notes = report.notes;
  out.imported_customers = report.customers;
  return out;
}

async function estimate() {
  const e = await navigator.storage.estimate();
  return { usage_mb: (e.usage ?? 0) / 1024 / 1024, quota_mb: (e.quota ?? 0) / 1024 / 1024 };
}

(globalThis as unknown as Record<string, unknown>).__clStoreBench = { counts, seed, lookups, csvImport, csvDirect, backup, estimate, call };
