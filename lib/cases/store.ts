/**
 * `CaseStore`: the `CaseApi` on Dexie. Constructed by the background: `new CaseStore(new CaselintDB())`.
 * Runs unchanged in vitest on fake-indexeddb.
 *
 * Handles: every method takes a handle as typed ("@ATT", "att") and resolves it case-insensitively through
 * merges and renames: a merged or renamed handle stays as a tombstone customer (`mergedInto` = the live key)
 * and is listed in the live customer's `aliases`, so lookups through the old handle reach the new customer.
 *
 * Every write runs in one Dexie transaction that also refreshes the customer's row in `summaries` (see db.ts),
 * so `summaries()` never counts rows. A QuotaExceededError during a write aborts the transaction (nothing is
 * changed) and is rethrown as `StorageFullError` ("Browser storage is full: ...").
 */
import Dexie from 'dexie';
import type { BackupReport, CaseApi, CsvImportReport, CsvMapping } from './api';
import { type CaselintDB, type SummaryRow, SummaryBuilder, isAliasRow, nameWords } from './db';
import { StorageFullError, isQuotaError } from './errors';
import { exportBackupJson, importBackupJson, type ImportMode } from './backup';
import { importCsvRows, type CsvOptions } from './csv';
import { ImportJobs, type ImportProgress } from './progress';
import { BackupTransfers } from './transfer';
import {
  type Case,
  type CaseStatus,
  type Customer,
  type CustomerHistory,
  type CustomerSummary,
  type Detail,
  type DetailKind,
  type DetailSource,
  type Interaction,
  type Note,
  type PromiseItem,
  type Priority,
  docIdForNewCustomer,
  handleKey,
} from './types';
import { DETAIL_KINDS } from '../lint/types';

export const CASE_STATUSES: readonly CaseStatus[] = ['open', 'waiting', 'solved'];
export const PRIORITIES: readonly Priority[] = ['low', 'normal', 'high', 'urgent'];
export const DETAIL_SOURCES: readonly DetailSource[] = ['tweet', 'note', 'typed', 'import'];

/** X handles are letters, digits and underscores (old accounts may be longer than today's 15). */
const HANDLE_KEY_RE = /^[a-z0-9_]{1,50}$/;

export function isValidHandle(handle: string): boolean {
  return HANDLE_KEY_RE.test(handleKey(handle));
}

/** Handle key, or a clear error naming the bad handle. */
export function requireHandleKey(handle: unknown, what = 'handle'): string {
  if (typeof handle !== 'string') throw new Error(`${what}: expected a string, got ${typeof handle}`);
  const key = handleKey(handle);
  if (!HANDLE_KEY_RE.test(key)) {
    throw new Error(`${what}: "${handle}" is not an X handle (letters, digits and underscores, up to 50)`);
  }
  return key;
}

function requireText(value: unknown, what: string, allowEmpty = false): string {
  if (typeof value !== 'string') throw new Error(`${what}: expected a string, got ${typeof value}`);
  if (!allowEmpty && !value.trim()) throw new Error(`${what}: must not be empty`);
  return value;
}

function requireOneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  if (!allowed.includes(value as T)) {
    throw new Error(`${what}: "${String(value)}" is not one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function requireTime(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${what}: expected a time in ms`);
  return Math.round(value);
}

function cleanTags(tags: unknown, what = 'tags'): string[] {
  if (tags === undefined) return [];
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) throw new Error(`${what}: expected a list of strings`);
  return [...new Set((tags as string[]).map((t) => t.trim()).filter(Boolean))];
}

export const ALL_TABLES = ['customers', 'cases', 'notes', 'details', 'interactions', 'promises', 'summaries'] as const;

export interface CaseStoreOptions {
  /** Clock, for tests. */
  now?: () => number;
  /** How many summaries `searchCustomers` returns by default. */
  searchLimit?: number;
  /** Characters per slice of a chunked backup export (tests use small slices; default TRANSFER_CHUNK_CHARS). */
  transferChunkChars?: number;
  /** Records per write transaction of a CSV import (tests use small ones; default CSV_WRITE_CHUNK). */
  csvChunkRecords?: number;
  /** Records per slice of a backup import's write (default `BACKUP_WRITE_SLICE`); tests make it small. */
  backupSliceRecords?: number;
  /** Who writes (team sync: the signed-in agent's handle), stamped as `by` on new records; null when alone. */
  actor?: () => string | null;
}

export class CaseStore implements CaseApi {
  readonly db: CaselintDB;
  private readonly now: () => number;
  private readonly searchLimit: number;
  private readonly csvChunkRecords: number | undefined;
  private readonly backupSliceRecords: number | undefined;
  /** Chunked backup exports and imports in progress (transfer.ts). */
  private readonly transfers: BackupTransfers;
  /** CSV and backup imports in progress, for the options page's progress bar and Cancel (progress.ts). */
  private readonly jobs = new ImportJobs();
  private actorFn: () => string | null;

  constructor(db: CaselintDB, options: CaseStoreOptions = {}) {
    this.db = db;
    this.now = options.now ?? (() => Date.now());
    this.searchLimit = options.searchLimit ?? 20;
    this.csvChunkRecords = options.csvChunkRecords;
    this.backupSliceRecords = options.backupSliceRecords;
    this.transfers = new BackupTransfers({ chunkChars: options.transferChunkChars });
    this.actorFn = options.actor ?? (() => null);
  }

  /** The agent stamped as `by` on records written from now on (team sync signs in and out). */
  setActor(actor: () => string | null): void {
    this.actorFn = actor;
  }
  private get actor(): string | null {
    return this.actorFn();
  }

  // ---------------------------------------------------------------- plumbing

  private get tables() {
    const d = this.db;
    return [d.customers, d.cases, d.notes, d.details, d.interactions, d.promises, d.summaries];
  }

  /** One read-write transaction over every table, after the writes queued before it (`exclusive`). */
  async write<T>(action: string, fn: () => Promise<T>): Promise<T> {
    return this.exclusive(() => this.writeOnce(action, fn));
  }

  /**
   * Runs `fn` when every write queued before it has finished; writes queued meanwhile wait for it. Lets a write
   * span several transactions (the chunked CSV import) without another write of this store landing in between.
   * `fn` must not call `write` (it would wait for itself); it uses `writeOnce` and `read`.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }
  private tail: Promise<void> = Promise.resolve();

  /** One read-write transaction over every table, not queued; quota errors become StorageFullError. */
  async writeOnce<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction('rw', this.tables, fn);
    } catch (err) {
      if (isQuotaError(err)) throw new StorageFullError(action, { cause: err });
      throw err;
    }
  }

  /** One read transaction over every table (a consistent snapshot). */
  async read<T>(fn: () => Promise<T>): Promise<T> {
    return this.db.transaction('r', this.tables, fn);
  }

  /** The live customer a handle resolves to (through merges and renames), or undefined. */
  private async resolve(key: string): Promise<Customer | undefined> {
    let cur = await this.db.customers.get(key);
    for (let hops = 0; cur?.mergedInto && hops < 10; hops++) cur = await this.db.customers.get(cur.mergedInto);
    return cur && !cur.mergedInto ? cur : undefined;
  }

  private async requireCustomer(handle: string): Promise<Customer> {
    const c = await this.resolve(requireHandleKey(handle));
    if (!c) throw new Error(`No customer with handle @${handleKey(handle)}`);
    return c;
  }

  /** Finds or creates the live customer for a handle; updates the display name when one is given. */
  private async ensureCustomer(handle: string, displayName?: string, tags?: string[]): Promise<Customer> {
    const key = requireHandleKey(handle);
    if (displayName !== undefined) requireText(displayName, 'displayName', true);
    const now = this.now();
    const existing = await this.resolve(key);
    if (existing) {
      const name = displayName?.trim();
      const nextTags = tags ? [...new Set([...existing.tags, ...tags])] : existing.tags;
      if ((name && name !== existing.displayName) || nextTags.length !== existing.tags.length) {
        const updated = { ...existing, displayName: name || existing.displayName, tags: nextTags, updatedAt: now };
        await this.db.customers.put(updated);
        return updated;
      }
      return existing;
    }
    const stale = await this.db.customers.get(key);
    if (stale) throw new Error(`@${key} points to a customer that no longer exists; delete it first`);
    const customer: Customer = {
      key,
      handle: handle.trim().replace(/^@/, ''),
      displayName: displayName?.trim() || handle.trim().replace(/^@/, ''),
      tags: tags ?? [],
      mergedInto: null,
      aliases: [],
      createdAt: now,
      updatedAt: now,
      docId: docIdForNewCustomer(key),
    };
    await this.db.customers.add(customer);
    return customer;
  }

  private async touchCustomer(key: string): Promise<void> {
    await this.db.customers.update(key, { updatedAt: this.now() });
  }

  /** Recomputes one customer's summary row from its indexed rows (a handful of small queries). In a write. */
  async refreshSummary(key: string): Promise<void> {
    const customer = await this.db.customers.get(key);
    if (!customer || customer.mergedInto) {
      if (customer?.mergedInto) await this.db.summaries.put({ key, aliasOf: customer.mergedInto });
      else await this.db.summaries.delete(key);
      return;
    }
    const d = this.db;
    const range = (k: string) => [
      [k, Dexie.minKey],
      [k, Dexie.maxKey],
    ] as const;
    const [cases, noteCount, lastNote, lastInteraction, details, promises] = await Promise.all([
      d.cases.where('customerKey').equals(key).toArray(),
      d.notes.where('customerKey').equals(key).count(),
      d.notes.where('[customerKey+createdAt]').between(...range(key)).last(),
      d.interactions.where('[customerKey+at]').between(...range(key)).last(),
      d.details.where('customerKey').equals(key).toArray(),
      d.promises.where('customerKey').equals(key).toArray(),
    ]);
    const b = new SummaryBuilder(key);
    cases.forEach((c) => b.addCase(c));
    b.addNotes(noteCount, lastNote?.createdAt ?? null);
    if (lastInteraction) b.addInteraction(lastInteraction);
    details.forEach((x) => b.addDetail(x));
    promises.forEach((p) => b.addPromise(p));
    await d.summaries.put(b.build(customer.displayName, customer.handle));
  }

  private async changed(key: string): Promise<void> {
    await this.touchCustomer(key);
    await this.refreshSummary(key);
  }

  private toSummary(c: Pick<Customer, 'key' | 'handle' | 'displayName'>, s: SummaryRow | undefined, now: number): CustomerSummary {
    const dues = s?.pendingDues ?? [];
    return {
      key: c.key,
      handle: c.handle,
      displayName: c.displayName,
      openCases: s?.openCases ?? 0,
      lastContact: s?.lastContact ?? null,
      overduePromises: dues.filter((t) => t < now).length,
      nextDue: dues[0] ?? null,
      topDetails: s?.topDetails ?? [],
      notes: s?.notes ?? 0,
      // Only when someone owns a case: summaries go over the port for every tweet on screen.
      ...(s?.assignee ? { assignee: s.assignee } : {}),
    };
  }

  // ---------------------------------------------------------------- reads

  /**
   * Batch lookup for a screen. Result is keyed by `handleKey(handle)` of each handle asked for (so "@ATT" and
   * "att" both answer under "att"); a handle that was merged or renamed answers with the customer it resolves to.
   */
  async summaries(handles: string[]): Promise<Record<string, CustomerSummary>> {
    const keys = [...new Set(handles.map(handleKey))].filter((k) => HANDLE_KEY_RE.test(k));
    if (!keys.length) return Object.create(null) as Record<string, CustomerSummary>;
    const now = this.now();
    // The hot path: one bulkGet on the summaries' primary key. Summary rows carry handle and display name; an old
    // handle's row points at the live key (flattened, one hop), fetched by a second bulkGet only when on screen.
    const rows = await this.db.summaries.bulkGet(keys);
    // Null prototype: "__proto__" is a valid X handle and must be a key like any other.
    const out = Object.create(null) as Record<string, CustomerSummary>;
    let pointers: Array<[string, string]> | null = null;
    for (let i = 0; i < keys.length; i++) {
      const r = rows[i];
      if (!r) continue;
      if (isAliasRow(r)) (pointers ??= []).push([keys[i]!, r.aliasOf]);
      else out[keys[i]!] = this.toSummary(r, r, now);
    }
    if (pointers) {
      const targets = [...new Set(pointers.map(([, t]) => t))];
      const live = await this.db.summaries.bulkGet(targets);
      const byKey = new Map<string, SummaryRow>();
      live.forEach((r) => r && !isAliasRow(r) && byKey.set(r.key, r));
      for (const [k, t] of pointers) {
        const r = byKey.get(t);
        if (r) out[k] = this.toSummary(r, r, now);
      }
    }
    return out;
  }

  async history(handle: string): Promise<CustomerHistory | null> {
    const key = handleKey(handle);
    if (!HANDLE_KEY_RE.test(key)) return null;
    const d = this.db;
    return d.transaction('r', this.tables, async () => {
      const customer = await this.resolve(key);
      if (!customer) return null;
      const k = customer.key;
      const [cases, notes, details, interactions, promises] = await Promise.all([
        d.cases.where('customerKey').equals(k).toArray(),
        d.notes.where('customerKey').equals(k).toArray(),
        d.details.where('customerKey').equals(k).toArray(),
        d.interactions.where('customerKey').equals(k).toArray(),
        d.promises.where('customerKey').equals(k).toArray(),
      ]);
      // Oldest first; equal times in id order so the answer is stable.
      const byTime =
        <T extends { id: string }>(f: (x: T) => number) =>
        (a: T, b: T) =>
          f(a) - f(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      return {
        customer,
        cases: cases.sort(byTime((c) => c.createdAt)),
        notes: notes.sort(byTime((n) => n.createdAt)),
        details: details.sort(byTime((x) => x.createdAt)),
        interactions: interactions.sort(byTime((i) => i.at)),
        promises: promises.sort(byTime((p) => p.due ?? Number.MAX_SAFE_INTEGER)),
      };
    });
  }

  /**
   * Prefix search over handles (and old handles) and display-name words, live customers only, best first:
   * handle matches, then name matches. An empty query lists the most recently updated customers.
   */
  async searchCustomers(query: string, limit = this.searchLimit): Promise<CustomerSummary[]> {
    const d = this.db;
    const q = query.trim().replace(/^@/, '').toLowerCase();
    const now = this.now();
    return d.transaction('r', d.customers, d.summaries, async () => {
      const keys: string[] = [];
      const add = (k: string) => {
        if (keys.length < limit && !keys.includes(k)) keys.push(k);
      };
      if (!q) {
        const recent = await d.customers.orderBy('updatedAt').reverse().filter((c) => !c.mergedInto).limit(limit).toArray();
        recent.forEach((c) => add(c.key));
      } else {
        const byHandle = await d.customers.where('key').startsWith(q).limit(limit * 2).toArray();
        byHandle.forEach((c) => add(c.mergedInto ?? c.key));
        if (keys.length < limit) {
          const byName = await d.summaries.where('words').startsWith(q).distinct().limit(limit).primaryKeys();
          byName.forEach(add);
        }
      }
      const [customers, rows] = await Promise.all([d.customers.bulkGet(keys), d.summaries.bulkGet(keys)]);
      const out: CustomerSummary[] = [];
      customers.forEach((c, i) => {
        const r = rows[i];
        if (c && !c.mergedInto) out.push(this.toSummary(c, r && !isAliasRow(r) ? r : undefined, now));
      });
      return out;
    });
  }

  // ---------------------------------------------------------------- customers

  async upsertCustomer(input: { handle: string; displayName?: string; tags?: string[] }): Promise<Customer> {
    const tags = input.tags === undefined ? undefined : cleanTags(input.tags);
    return this.write('save the customer', async () => {
      let c = await this.ensureCustomer(input.handle, input.displayName, undefined);
      if (tags) {
        c = { ...c, tags, updatedAt: this.now() };
        await this.db.customers.put(c);
      }
      await this.refreshSummary(c.key);
      return c;
    });
  }

  /** Moves all of `from`'s history into `into` (both must exist); `from` becomes an alias of `into`. */
  async mergeCustomers(input: { from: string; into: string }): Promise<Customer> {
    const fromKey = requireHandleKey(input.from, 'from');
    const intoKey = requireHandleKey(input.into, 'into');
    return this.write('merge the customers', async () => {
      const from = await this.resolve(fromKey);
      if (!from) throw new Error(`No customer with handle @${fromKey} to merge`);
      const into = await this.resolve(intoKey);
      if (!into) throw new Error(`No customer with handle @${intoKey} to merge into`);
      if (from.key === into.key) return into;
      return this.move(from, { ...into, tags: [...new Set([...into.tags, ...from.tags])] });
    });
  }

  /**
   * The customer changed their X handle: `to` becomes the customer's handle, `from` an alias. `to` must not be
   * another live customer (merge them instead); an old alias can be taken over.
   */
  async renameCustomer(input: { from: string; to: string }): Promise<Customer> {
    const fromKey = requireHandleKey(input.from, 'from');
    const toKey = requireHandleKey(input.to, 'to');
    const toHandle = input.to.trim().replace(/^@/, '');
    return this.write('rename the customer', async () => {
      const from = await this.resolve(fromKey);
      if (!from) throw new Error(`No customer with handle @${fromKey} to rename`);
      if (from.key === toKey) {
        // Only the capitalisation changed.
        const updated = { ...from, handle: toHandle, updatedAt: this.now() };
        await this.db.customers.put(updated);
        await this.refreshSummary(updated.key);
        return updated;
      }
      const existing = await this.db.customers.get(toKey);
      if (existing && !existing.mergedInto) {
        throw new Error(`@${toKey} is already a customer; merge @${fromKey} into @${toKey} instead of renaming`);
      }
      if (existing?.mergedInto) {
        // The new handle was an alias (of this or another customer): take it over.
        const owner = await this.db.customers.get(existing.mergedInto);
        if (owner) await this.db.customers.put({ ...owner, aliases: owner.aliases.filter((a) => a !== toKey) });
      }
      const fresh = (await this.db.customers.get(from.key))!;
      const target: Customer = {
        ...fresh,
        key: toKey,
        handle: toHandle,
        aliases: fresh.aliases.filter((a) => a !== toKey),
        mergedInto: null,
        // The shared document follows the customer, not the handle.
        docId: fresh.docId ?? docIdForNewCustomer(fresh.key),
      };
      return this.move(fresh, target);
    });
  }

  /** Re-points every row of `from` to `target` (written as given), turns `from` into a tombstone. In a transaction. */
  private async move(from: Customer, target: Customer): Promise<Customer> {
    const d = this.db;
    const now = this.now();
    const to = target.key;
    for (const table of [d.cases, d.notes, d.details, d.interactions, d.promises] as const) {
      await (table as typeof d.notes).where('customerKey').equals(from.key).modify({ customerKey: to });
    }
    const aliases = [...new Set([...target.aliases, ...from.aliases, from.key])].filter((a) => a !== to).sort();
    const merged: Customer = { ...target, aliases, mergedInto: null, updatedAt: now };
    // Earlier aliases of `from` now point straight at the target (no chains).
    const pointing = await d.customers.where('mergedInto').equals(from.key).toArray();
    await d.customers.bulkPut([
      merged,
      { ...from, aliases: [], mergedInto: to, updatedAt: now },
      ...pointing.filter((p) => p.key !== to).map((p) => ({ ...p, mergedInto: to, updatedAt: now })),
    ]);
    // Every old handle (from, its earlier aliases) answers lookups through a pointer row to the target.
    await d.summaries.bulkPut(aliases.map((a) => ({ key: a, aliasOf: to })));
    await this.refreshSummary(to);
    return merged;
  }

  /** Deletes a customer with all its cases, notes, details, interactions, promises and old handles. */
  async deleteCustomer(input: { handle: string }): Promise<void> {
    const key = requireHandleKey(input.handle);
    await this.write('delete the customer', async () => {
      const c = await this.resolve(key);
      if (!c) return;
      const d = this.db;
      for (const table of [d.cases, d.notes, d.details, d.interactions, d.promises] as const) {
        await (table as typeof d.notes).where('customerKey').equals(c.key).delete();
      }
      const old = await d.customers.where('mergedInto').equals(c.key).primaryKeys();
      await d.customers.bulkDelete([...old, c.key]);
      await d.summaries.bulkDelete([...old, c.key]);
    });
  }

  // ---------------------------------------------------------------- cases

  async createCase(input: {
    handle: string;
    displayName?: string;
    title: string;
    status?: CaseStatus;
    priority?: Priority;
    tags?: string[];
  }): Promise<Case> {
    const title = requireText(input.title, 'title').trim();
    const status = requireOneOf(input.status ?? 'open', CASE_STATUSES, 'status');
    const priority = requireOneOf(input.priority ?? 'normal', PRIORITIES, 'priority');
    const tags = cleanTags(input.tags);
    return this.write('save the case', async () => {
      const c = await this.ensureCustomer(input.handle, input.displayName);
      const now = this.now();
      const item: Case = { id: crypto.randomUUID(), customerKey: c.key, title, status, priority, tags, createdAt: now, updatedAt: now, by: this.actor };
      await this.db.cases.add(item);
      await this.changed(c.key);
      return item;
    });
  }

  async updateCase(input: { id: string; patch: Partial<Pick<Case, 'title' | 'status' | 'priority' | 'tags'>> }): Promise<Case> {
    const p = input.patch ?? {};
    const patch: Partial<Case> = {};
    if (p.title !== undefined) patch.title = requireText(p.title, 'title').trim();
    if (p.status !== undefined) patch.status = requireOneOf(p.status, CASE_STATUSES, 'status');
    if (p.priority !== undefined) patch.priority = requireOneOf(p.priority, PRIORITIES, 'priority');
    if (p.tags !== undefined) patch.tags = cleanTags(p.tags);
    return this.write('update the case', async () => {
      const cur = await this.db.cases.get(input.id);
      if (!cur) throw new Error(`No case with id ${input.id}`);
      const now = this.now();
      const next: Case = { ...cur, ...patch, updatedAt: now, editedAt: now };
      await this.db.cases.put(next);
      await this.changed(cur.customerKey);
      return next;
    });
  }

  async openCases(input: { assignee: string | null; limit?: number }): Promise<Array<{ case: Case; summary: CustomerSummary }>> {
    const want = input.assignee === null ? null : handleKey(input.assignee);
    const limit = Math.max(1, Math.min(input.limit ?? 100, 500));
    return this.read(async () => {
      const cases = await this.db.cases.filter((c) => c.status !== 'solved' && (c.assignee ?? null) === want).toArray();
      const keys = [...new Set(cases.map((c) => c.customerKey))];
      const summaries = await this.summaries(keys);
      const rows = cases.filter((c) => summaries[c.customerKey]).map((c) => ({ case: c, summary: summaries[c.customerKey]! }));
      rows.sort(
        (a, b) =>
          b.summary.overduePromises - a.summary.overduePromises ||
          (a.summary.nextDue ?? Infinity) - (b.summary.nextDue ?? Infinity) ||
          b.case.updatedAt - a.case.updatedAt,
      );
      return rows.slice(0, limit);
    });
  }

  /**
   * Assigns a case to an agent of the team (handle key), or to nobody (null). Taking a case from another agent
   * needs a handoff note (one line for the next agent: what was promised, what is pending), stored as a note on the
   * case in the same transaction.
   */
  async assignCase(input: { id: string; assignee: string | null; handoff?: string }): Promise<Case> {
    const to = input.assignee === null ? null : handleKey(requireText(input.assignee, 'assignee'));
    if (to !== null && !/^[a-z0-9_]{1,50}$/.test(to)) throw new Error(`assignee: "${input.assignee}" is not an agent's handle`);
    const handoff = input.handoff?.trim() ?? '';
    return this.write('assign the case', async () => {
      const cur = await this.db.cases.get(input.id);
      if (!cur) throw new Error(`No case with id ${input.id}`);
      const from = cur.assignee ?? null;
      if (from === to) return cur;
      const me = this.actor;
      if (from && to !== null && from !== me && !handoff) {
        throw new Error(`handoff: the case is assigned to @${from}; reassigning it to @${to} needs a handoff note (one line for the next agent)`);
      }
      const now = this.now();
      const next: Case = { ...cur, assignee: to, updatedAt: now, editedAt: now };
      await this.db.cases.put(next);
      if (handoff) {
        const who = (h: string | null) => (h ? `@${h}` : 'nobody');
        await this.db.notes.add({
          id: crypto.randomUUID(),
          customerKey: cur.customerKey,
          caseId: cur.id,
          text: `Handoff from ${who(from)} to ${who(to)}: ${handoff}`,
          createdAt: now,
          by: me,
        });
      }
      await this.changed(cur.customerKey);
      return next;
    });
  }

  private async checkCase(caseId: string | null | undefined, customerKey: string): Promise<string | null> {
    if (caseId === undefined || caseId === null) return null;
    const c = await this.db.cases.get(caseId);
    if (!c) throw new Error(`No case with id ${caseId}`);
    if (c.customerKey !== customerKey) throw new Error(`Case ${caseId} belongs to @${c.customerKey}, not @${customerKey}`);
    return caseId;
  }

  // ---------------------------------------------------------------- notes

  async addNote(input: { handle: string; displayName?: string; text: string; caseId?: string | null }): Promise<Note> {
    const text = requireText(input.text, 'text');
    return this.write('save the note', async () => {
      const c = await this.ensureCustomer(input.handle, input.displayName);
      const note: Note = {
        id: crypto.randomUUID(),
        customerKey: c.key,
        caseId: await this.checkCase(input.caseId, c.key),
        text,
        createdAt: this.now(),
        by: this.actor,
      };
      await this.db.notes.add(note);
      await this.changed(c.key);
      return note;
    });
  }

  async updateNote(input: { id: string; text: string }): Promise<Note> {
    const text = requireText(input.text, 'text');
    return this.write('update the note', async () => {
      const cur = await this.db.notes.get(input.id);
      if (!cur) throw new Error(`No note with id ${input.id}`);
      const next = { ...cur, text, editedAt: this.now() };
      await this.db.notes.put(next);
      await this.changed(cur.customerKey);
      return next;
    });
  }

  async deleteNote(input: { id: string }): Promise<void> {
    await this.write('delete the note', async () => {
      const cur = await this.db.notes.get(input.id);
      if (!cur) return;
      await this.db.notes.delete(input.id);
      await this.changed(cur.customerKey);
    });
  }

  // ---------------------------------------------------------------- details

  /** Adds a known detail; the same kind and value for the same customer is stored once (the existing one is returned). */
  async addDetail(input: {
    handle: string;
    displayName?: string;
    kind: DetailKind;
    value: string;
    source: DetailSource;
    sourceRef?: string | null;
    caseId?: string | null;
  }): Promise<Detail> {
    const kind = requireOneOf(input.kind, DETAIL_KINDS, 'kind');
    const source = requireOneOf(input.source, DETAIL_SOURCES, 'source');
    const value = requireText(input.value, 'value').trim();
    return this.write('save the detail', async () => {
      const c = await this.ensureCustomer(input.handle, input.displayName);
      const same = await this.db.details
        .where('customerKey')
        .equals(c.key)
        .filter((x) => x.kind === kind && x.value.toLowerCase() === value.toLowerCase())
        .first();
      if (same) return same;
      const detail: Detail = {
        id: crypto.randomUUID(),
        customerKey: c.key,
        caseId: await this.checkCase(input.caseId, c.key),
        kind,
        value,
        source,
        sourceRef: input.sourceRef ?? null,
        createdAt: this.now(),
        by: this.actor,
      };
      await this.db.details.add(detail);
      await this.changed(c.key);
      return detail;
    });
  }

  async deleteDetail(input: { id: string }): Promise<void> {
    await this.write('delete the detail', async () => {
      const cur = await this.db.details.get(input.id);
      if (!cur) return;
      await this.db.details.delete(input.id);
      await this.changed(cur.customerKey);
    });
  }

  // ---------------------------------------------------------------- interactions

  async attachTweet(input: {
    handle: string;
    displayName?: string;
    caseId?: string | null;
    tweetId: string;
    text: string;
    url?: string | null;
    at?: number;
  }): Promise<Interaction> {
    const tweetId = requireText(input.tweetId, 'tweetId').trim();
    const text = requireText(input.text, 'text', true);
    const at = input.at === undefined ? undefined : requireTime(input.at, 'at');
    return this.write('attach the tweet', async () => {
      const c = await this.ensureCustomer(input.handle, input.displayName);
      const caseId = await this.checkCase(input.caseId, c.key);
      const existing = await this.db.interactions
        .where('tweetId')
        .equals(tweetId)
        .filter((i) => i.kind === 'customer-tweet')
        .first();
      if (existing) {
        // Idempotent: attaching again only moves it to the given case.
        if (input.caseId !== undefined && existing.caseId !== caseId && existing.customerKey === c.key) {
          const moved = { ...existing, caseId };
          await this.db.interactions.put(moved);
          return moved;
        }
        // The tweet is already attached (maybe to another handle); a customer just created for it still gets
        // its summary row.
        await this.refreshSummary(c.key);
        return existing;
      }
      const item: Interaction = {
        id: crypto.randomUUID(),
        customerKey: c.key,
        caseId,
        kind: 'customer-tweet',
        tweetId,
        author: input.handle.trim().replace(/^@/, ''),
        text,
        url: input.url ?? null,
        at: at ?? this.now(),
        by: this.actor,
      };
      await this.db.interactions.add(item);
      await this.changed(c.key);
      return item;
    });
  }

  async recordReply(input: {
    handle: string;
    author: string;
    text: string;
    tweetId?: string | null;
    caseId?: string | null;
    at?: number;
  }): Promise<Interaction> {
    const text = requireText(input.text, 'text');
    const author = requireText(input.author, 'author').trim().replace(/^@/, '');
    const at = input.at === undefined ? undefined : requireTime(input.at, 'at');
    return this.write('record the reply', async () => {
      const c = await this.ensureCustomer(input.handle);
      const caseId = await this.checkCase(input.caseId, c.key);
      const tweetId = input.tweetId?.trim() || null;
      if (tweetId) {
        // One reply per tweet and agent: two agents answering the same customer tweet are two replies.
        const existing = await this.db.interactions
          .where('tweetId')
          .equals(tweetId)
          .filter((i) => i.kind === 'agent-reply' && i.author.toLowerCase() === author.toLowerCase())
          .first();
        if (existing) {
          await this.refreshSummary(c.key); // as in attachTweet: a customer just created gets its summary row
          return existing;
        }
      }
      const item: Interaction = {
        id: crypto.randomUUID(),
        customerKey: c.key,
        caseId,
        kind: 'agent-reply',
        tweetId,
        author,
        text,
        url: null,
        at: at ?? this.now(),
        by: this.actor,
      };
      await this.db.interactions.add(item);
      await this.changed(c.key);
      return item;
    });
  }

  // ---------------------------------------------------------------- promises

  async addPromise(input: {
    handle: string;
    displayName?: string;
    text: string;
    due: number | null;
    caseId?: string | null;
  }): Promise<PromiseItem> {
    const text = requireText(input.text, 'text');
    const due = input.due === null ? null : requireTime(input.due, 'due');
    return this.write('save the promise', async () => {
      const c = await this.ensureCustomer(input.handle, input.displayName);
      const item: PromiseItem = {
        id: crypto.randomUUID(),
        customerKey: c.key,
        caseId: await this.checkCase(input.caseId, c.key),
        text,
        due,
        done: false,
        notifiedAt: null,
        createdAt: this.now(),
        by: this.actor,
      };
      await this.db.promises.add(item);
      await this.changed(c.key);
      return item;
    });
  }

  async setPromiseDone(input: { id: string; done: boolean }): Promise<PromiseItem> {
    if (typeof input.done !== 'boolean') throw new Error('done: expected true or false');
    return this.write('update the promise', async () => {
      const cur = await this.db.promises.get(input.id);
      if (!cur) throw new Error(`No promise with id ${input.id}`);
      const next = { ...cur, done: input.done, editedAt: this.now() };
      await this.db.promises.put(next);
      await this.changed(cur.customerKey);
      return next;
    });
  }

  async updatePromise(input: { id: string; text?: string; due?: number | null }): Promise<PromiseItem> {
    if (!input || typeof input !== 'object') throw new Error('updatePromise: expected { id, text?, due? }');
    const id = requireText(input.id, 'id');
    const patch: Partial<Pick<PromiseItem, 'text' | 'due'>> = {};
    if (input.text !== undefined) patch.text = requireText(input.text, 'text').trim();
    if (input.due !== undefined) patch.due = input.due === null ? null : requireTime(input.due, 'due');
    if (patch.text === undefined && patch.due === undefined) {
      throw new Error(`Promise ${id}: nothing to change (give a new text or due time)`);
    }
    return this.write('update the promise', async () => {
      const cur = await this.db.promises.get(id);
      if (!cur) throw new Error(`No promise with id ${id}`);
      const now = this.now();
      const next: PromiseItem = { ...cur, ...patch, editedAt: now };
      // A new due time is a new deadline: the overdue notification may be raised again, once. Every due time
      // ever set stays in the log (what was promised first, and who moved it).
      if (patch.due !== undefined && patch.due !== cur.due) {
        next.notifiedAt = null;
        const log = cur.dueLog?.length ? cur.dueLog : [{ due: cur.due, by: cur.by ?? null, at: cur.createdAt }];
        next.dueLog = [...log, { due: patch.due, by: this.actor, at: now }].slice(-100);
      }
      await this.db.promises.put(next);
      await this.changed(cur.customerKey);
      return next;
    });
  }

  /**
   * Promises past due (due < now), not done, not yet notified, oldest due first. With `markNotified` they are
   * stamped `notifiedAt = now` in the same transaction, so each is returned once.
   */
  async duePromises(input: { now: number; markNotified?: boolean }): Promise<PromiseItem[]> {
    const now = requireTime(input.now, 'now');
    const pick = () =>
      this.db.promises
        .where('due')
        .below(now)
        .filter((p) => !p.done && !p.notifiedAt)
        .toArray();
    if (!input.markNotified) return pick();
    return this.write('mark promises as notified', async () => {
      const due = await pick();
      const marked = due.map((p) => ({ ...p, notifiedAt: now }));
      await this.db.promises.bulkPut(marked);
      return marked;
    });
  }

  // ---------------------------------------------------------------- import / export

  /** Lossless JSON backup; see backup.ts for the format. */
  async exportBackup(): Promise<string> {
    return exportBackupJson(this.db, this.now());
  }

  /**
   * Imports a backup made by `exportBackup`. `mode: 'merge'` (default) keeps what is stored and writes every
   * record of the backup over the stored record with the same id (customers: same key); `mode: 'replace'`
   * empties the store first. Either way it is one transaction: on any error nothing changes.
   */
  async importBackup(input: { json: string; mode?: ImportMode; jobId?: string }): Promise<BackupReport> {
    return this.jobs.run(input.jobId, 'backup', 'records', 'Backup import', (ticket) => importBackupJson(this, input.json, input.mode ?? 'merge', ticket, this.backupSliceRecords));
  }

  async exportBackupBegin(): Promise<{ exportId: string; chars: number }> {
    return this.transfers.beginExport(await this.exportBackup());
  }

  async exportBackupChunk(input: { exportId: string; offset: number }): Promise<{ text: string; next: number | null }> {
    return this.transfers.exportChunk(input.exportId, input.offset);
  }

  async importBackupChunk(input: { importId: string; index: number; text: string }): Promise<{ received: number }> {
    return this.transfers.importChunk(input.importId, input.index, input.text);
  }

  async importBackupCommit(input: { importId: string; parts: number; mode?: ImportMode }): Promise<BackupReport> {
    return this.importBackup({ json: this.transfers.takeImport(input.importId, input.parts), mode: input.mode, jobId: input.importId });
  }

  async backupTransferAbort(input: { id: string }): Promise<void> {
    this.transfers.abort(input.id);
  }

  /** CSV import; see csv.ts for columns, mapping and the all-or-nothing rule. */
  async importCsv(input: { text: string; mapping?: CsvMapping; jobId?: string } & CsvOptions): Promise<CsvImportReport> {
    return this.jobs.run(input.jobId, 'csv', 'rows', 'CSV import', (ticket) =>
      importCsvRows(this, input.text, input.mapping ?? {}, {
        defaultCountry: input.defaultCountry,
        now: this.now(),
        chunk: this.csvChunkRecords,
        ticket,
      }),
    );
  }

  /** Where the import `id` (`importCsv`'s `jobId`, a chunked backup's `importId`) is; null when unknown. */
  async importProgress(input: { id: string }): Promise<ImportProgress | null> {
    return this.jobs.progress(input.id);
  }

  /** Asks the import `id` to stop; it ends with nothing written. False when it is not running. */
  async importCancel(input: { id: string }): Promise<{ cancelled: boolean }> {
    return { cancelled: this.jobs.cancel(input.id) };
  }

  async clearAll(): Promise<void> {
    await this.write('clear the store', async () => {
      await Promise.all(this.tables.map((t) => t.clear()));
    });
  }
}

export { nameWords };
