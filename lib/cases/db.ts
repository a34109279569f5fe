/**
 * The case store's IndexedDB schema (Dexie 4). Lives only in the extension origin (the background).
 *
 * VERSION HISTORY — the one place to change the schema. To add a version: append a step to `SCHEMA_STEPS`
 * (full `stores` spec of every table, plus an `upgrade` that backfills from the previous version's rows) and add
 * a test to tests/unit/cases/migration.test.ts that writes rows with the previous step's schema only and opens
 * `CaselintDB` on them.
 *
 * v1 (first design): one table per record type, indexed by customerKey. Merges and renames were recorded only
 *    as tombstones (`mergedInto` on the old customer); summaries were computed by counting rows per lookup.
 * v2: adds the `summaries` table (per-customer open case count, note count, last contact, pending promise due
 *    dates, top details, name words for prefix search), maintained in the same transactions as the writes, so a
 *    screen of handles is answered with two `bulkGet`s; compound indexes [customerKey+createdAt] on notes and
 *    [customerKey+at] on interactions (newest per customer without scanning), [customerKey+status] on cases,
 *    which replace the plain customerKey indexes of those tables; `aliases` filled on the customer a
 *    handle now resolves to and tombstone chains flattened (A->B->C becomes A->C).
 * v3: summary rows carry the customer's `handle` and `displayName`, and every old (merged or renamed) handle has
 *    a pointer row `{ key, aliasOf }` in `summaries`: a screen of handles is answered by ONE `bulkGet` on
 *    `summaries` (a second one only when an old handle is on screen), without reading `customers`. The unused
 *    `cases.status` index is dropped (nothing queries it; `[customerKey+status]` serves the customer's cases), and
 *    name words no longer index a first word that the whole-name entry already covers as a prefix. Upgrade:
 *    summaries rebuilt from the stored rows (derived data).
 * v4 (team sync, lib/sync): `teamDocs` holds one row per shared customer document with its Y.Doc as a y-dexie
 *    property (its updates live in y-dexie's own table inside this same database: one database, no second
 *    IndexedDB per document); `syncDocs` is the local sync state per document (`dirty` 1 while local changes
 *    have not reached the server, `seen` the server's change time last pulled). Customers gain `docId` and
 *    records `by`/`editedAt` (optional fields: no index, no upgrade step). Existing customers get their `docId`.
 * v5: `team` holds the team sign-in (one row, id 'current': server, bearer token, team, agent). It lives here, in
 *    the extension origin's IndexedDB, and not in `storage.local`, which content scripts running on x.com can read.
 *    New table, nothing to backfill.
 */
import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie';
import yDexie from 'y-dexie';
import type * as Y from 'yjs';
import { type Case, type Customer, type Detail, type DetailKind, type Interaction, type Note, type PromiseItem, docIdForNewCustomer } from './types';

/** Denormalised per-customer summary (v2, v3). Derived data: never exported, rebuilt on import. */
export interface SummaryRow {
  /** Customer key (live customers only). */
  key: string;
  /** The customer's handle and display name as stored on the customer (v3; absent in v2 rows). */
  handle: string;
  displayName: string;
  aliasOf?: undefined;
  /** Lower-cased words of the display name and the whole lower-cased name, for prefix search. */
  words: string[];
  /** Cases not solved (open or waiting). */
  openCases: number;
  notes: number;
  /** Newest interaction, note or case creation time. */
  lastContact: number | null;
  /** Due times of promises not done (sorted ascending); overdue counts are derived at read time. */
  pendingDues: number[];
  /** Newest detail per kind, newest first. */
  topDetails: Array<{ kind: DetailKind; value: string }>;
  /** Assignee of the most recently updated open case (team; absent in rows written before assignment existed). */
  assignee?: string | null;
}

/** v3: an old (merged or renamed) handle's row in `summaries`, pointing at the live customer's key. */
export interface AliasRow {
  key: string;
  aliasOf: string;
}
export type SummaryEntry = SummaryRow | AliasRow;
export const isAliasRow = (r: SummaryEntry): r is AliasRow => typeof r.aliasOf === 'string';

export interface SchemaStep {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<void>;
}

export const SCHEMA_STEPS: SchemaStep[] = [
  {
    version: 1,
    stores: {
      customers: 'key, handle, displayName, mergedInto, updatedAt',
      cases: 'id, customerKey, status, updatedAt',
      notes: 'id, customerKey, caseId, createdAt',
      details: 'id, customerKey, kind',
      interactions: 'id, customerKey, caseId, tweetId, at',
      promises: 'id, customerKey, due',
    },
  },
  {
    version: 2,
    stores: {
      // Plain customerKey indexes on cases, notes and interactions are replaced by compound ones whose first
      // part Dexie uses for where('customerKey') (one index write less per row).
      customers: 'key, *aliases, mergedInto, updatedAt',
      // Indexes nothing queries (details.kind, notes/interactions.caseId) are dropped: fewer writes per row.
      cases: 'id, [customerKey+status], status',
      notes: 'id, [customerKey+createdAt]',
      details: 'id, customerKey',
      interactions: 'id, [customerKey+at], tweetId',
      promises: 'id, customerKey, due',
      summaries: 'key, *words',
    },
    upgrade: upgradeToV2,
  },
  {
    version: 3,
    stores: {
      customers: 'key, *aliases, mergedInto, updatedAt',
      cases: 'id, [customerKey+status]',
      notes: 'id, [customerKey+createdAt]',
      details: 'id, customerKey',
      interactions: 'id, [customerKey+at], tweetId',
      promises: 'id, customerKey, due',
      summaries: 'key, *words',
    },
    upgrade: (tx) => rebuildSummaries((name) => tx.table(name)).then(() => undefined),
  },
  {
    version: 4,
    stores: {
      customers: 'key, *aliases, mergedInto, updatedAt, docId',
      cases: 'id, [customerKey+status]',
      notes: 'id, [customerKey+createdAt]',
      details: 'id, customerKey',
      interactions: 'id, [customerKey+at], tweetId',
      promises: 'id, customerKey, due',
      summaries: 'key, *words',
      teamDocs: 'id, doc: Y.Doc',
      syncDocs: 'id, dirty',
    },
    upgrade: (tx) =>
      tx
        .table('customers')
        .toCollection()
        .modify((c: Customer) => {
          if (!c.docId) c.docId = docIdForNewCustomer(c.key);
        })
        .then(() => undefined),
  },
  {
    version: 5,
    stores: {
      customers: 'key, *aliases, mergedInto, updatedAt, docId',
      cases: 'id, [customerKey+status]',
      notes: 'id, [customerKey+createdAt]',
      details: 'id, customerKey',
      interactions: 'id, [customerKey+at], tweetId',
      promises: 'id, customerKey, due',
      summaries: 'key, *words',
      teamDocs: 'id, doc: Y.Doc',
      syncDocs: 'id, dirty',
      team: 'id',
    },
  },
];

/** A shared customer document's row (v4): the Y.Doc is a y-dexie property, stored in y-dexie's table. */
export interface TeamDocRow {
  id: string;
  readonly doc: Y.Doc;
}

/** Local sync state of one shared document (v4). */
export interface SyncDocRow {
  id: string;
  /** 1 while local changes have not been confirmed by the server. */
  dirty: 0 | 1;
  /** The server's change time (index) of the version last pulled. */
  seen: number;
}

/** The team sign-in (v5): one row, id 'current'. Absent when this browser works alone. */
export interface TeamRow {
  id: 'current';
  /** http(s)://host:port of the team server. */
  server: string;
  token: string;
  tokenId: string;
  expiresAt: number | null;
  teamId: string;
  teamName: string;
  agent: { id: string; email: string; handle: string | null; role: 'agent' | 'viewer' | 'lead' };
  joinedAt: number;
}

export const DB_VERSION = SCHEMA_STEPS[SCHEMA_STEPS.length - 1]!.version;
export const DEFAULT_DB_NAME = 'caselint';

export class CaselintDB extends Dexie {
  customers!: EntityTable<Customer, 'key'>;
  cases!: EntityTable<Case, 'id'>;
  notes!: EntityTable<Note, 'id'>;
  details!: EntityTable<Detail, 'id'>;
  interactions!: EntityTable<Interaction, 'id'>;
  promises!: EntityTable<PromiseItem, 'id'>;
  summaries!: EntityTable<SummaryEntry, 'key'>;
  teamDocs!: Table<TeamDocRow, string>;
  syncDocs!: EntityTable<SyncDocRow, 'id'>;
  team!: EntityTable<TeamRow, 'id'>;

  constructor(name: string = DEFAULT_DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, { ...options, addons: [...(options?.addons ?? []), yDexie] });
    for (const step of SCHEMA_STEPS) {
      const v = this.version(step.version).stores(step.stores);
      if (step.upgrade) v.upgrade(step.upgrade);
    }
  }
}

/**
 * Words used for display-name prefix search: the whole lower-cased name, and each word that is not already a
 * prefix of it (a prefix search on the whole name finds those): "Con Sweeney" -> ["con sweeney", "sweeney"].
 */
export function nameWords(displayName: string): string[] {
  const lower = displayName.trim().toLowerCase();
  if (!lower) return [];
  const words = lower.split(/[^\p{L}\p{N}_]+/u).filter((w) => w && !lower.startsWith(w));
  return [...new Set([lower, ...words])];
}

/** Accumulates the rows of one customer and produces its summary row. Pure; shared by writes, imports and upgrades. */
export class SummaryBuilder {
  openCases = 0;
  notes = 0;
  lastContact: number | null = null;
  pendingDues: number[] = [];
  private newestDetail = new Map<DetailKind, { value: string; at: number }>();

  constructor(readonly key: string) {}

  private touch(at: number): void {
    if (this.lastContact === null || at > this.lastContact) this.lastContact = at;
  }
  private assigned: { who: string; at: number } | null = null;
  addCase(c: Pick<Case, 'status' | 'createdAt'> & Partial<Pick<Case, 'assignee' | 'updatedAt'>>): void {
    if (c.status !== 'solved') {
      this.openCases++;
      const at = c.updatedAt ?? c.createdAt;
      if (c.assignee && (!this.assigned || at > this.assigned.at)) this.assigned = { who: c.assignee, at };
    }
    this.touch(c.createdAt);
  }
  addNote(n: Pick<Note, 'createdAt'>): void {
    this.notes++;
    this.touch(n.createdAt);
  }
  addNotes(count: number, newest: number | null): void {
    this.notes += count;
    if (newest !== null) this.touch(newest);
  }
  addInteraction(i: Pick<Interaction, 'at'>): void {
    this.touch(i.at);
  }
  addDetail(d: Pick<Detail, 'kind' | 'value' | 'createdAt'>): void {
    const cur = this.newestDetail.get(d.kind);
    if (!cur || d.createdAt >= cur.at) this.newestDetail.set(d.kind, { value: d.value, at: d.createdAt });
  }
  addPromise(p: Pick<PromiseItem, 'done' | 'due'>): void {
    if (!p.done && p.due !== null) this.pendingDues.push(p.due);
  }
  /** `handle` defaults to the key (callers with a customer pass its handle). */
  build(displayName: string, handle: string = this.key): SummaryRow {
    const topDetails = [...this.newestDetail.entries()]
      .sort((a, b) => b[1].at - a[1].at || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([kind, v]) => ({ kind, value: v.value }));
    return {
      key: this.key,
      handle,
      displayName,
      words: nameWords(displayName),
      openCases: this.openCases,
      notes: this.notes,
      lastContact: this.lastContact,
      pendingDues: [...this.pendingDues].sort((a, b) => a - b),
      topDetails,
      ...(this.assigned ? { assignee: this.assigned.who } : {}),
    };
  }
}

/** Builds summaries for every live customer from full row sets (imports and migrations). */
export function buildSummaries(rows: {
  customers: Customer[];
  cases: Iterable<Case>;
  notes: Iterable<Pick<Note, 'customerKey' | 'createdAt'>>;
  details: Iterable<Detail>;
  interactions: Iterable<Pick<Interaction, 'customerKey' | 'at'>>;
  promises: Iterable<PromiseItem>;
}): SummaryEntry[] {
  const builders = new Map<string, SummaryBuilder>();
  for (const c of rows.customers) if (!c.mergedInto) builders.set(c.key, new SummaryBuilder(c.key));
  for (const r of rows.cases) builders.get(r.customerKey)?.addCase(r);
  for (const r of rows.notes) builders.get(r.customerKey)?.addNote(r);
  for (const r of rows.details) builders.get(r.customerKey)?.addDetail(r);
  for (const r of rows.interactions) builders.get(r.customerKey)?.addInteraction(r);
  for (const r of rows.promises) builders.get(r.customerKey)?.addPromise(r);
  return summaryEntries(rows.customers, builders);
}

/** Summary rows of live customers and alias rows of tombstones whose target is live. */
function summaryEntries(customers: Customer[], builders: Map<string, SummaryBuilder>): SummaryEntry[] {
  const out: SummaryEntry[] = [];
  for (const c of customers) {
    if (!c.mergedInto) out.push(builders.get(c.key)!.build(c.displayName, c.handle));
    else if (builders.has(c.mergedInto)) out.push({ key: c.key, aliasOf: c.mergedInto });
  }
  return out;
}

/**
 * Follows `mergedInto` links to the live customer. Returns the final key, or null on a dangling link or a cycle.
 */
export function resolveChain(key: string, byKey: Map<string, Pick<Customer, 'key' | 'mergedInto'>>): string | null {
  const seen = new Set<string>();
  let cur = key;
  for (;;) {
    if (seen.has(cur)) return null;
    seen.add(cur);
    const c = byKey.get(cur);
    if (!c) return null;
    if (!c.mergedInto) return cur;
    cur = c.mergedInto;
  }
}

/** v1 -> v2: flatten tombstone chains, fill aliases, build the summaries table. */
async function upgradeToV2(tx: Transaction): Promise<void> {
  const customers = (await tx.table('customers').toArray()) as Customer[];
  const byKey = new Map(customers.map((c) => [c.key, c]));
  const aliases = new Map<string, Set<string>>();
  for (const c of customers) {
    if (!c.mergedInto) continue;
    const root = resolveChain(c.key, byKey);
    // A dangling or cyclic link in v1 data: keep the record reachable as a live customer rather than lose it.
    c.mergedInto = root;
    if (root) {
      if (!aliases.has(root)) aliases.set(root, new Set());
      aliases.get(root)!.add(c.key);
    }
  }
  for (const c of customers) {
    const own = Array.isArray(c.aliases) ? c.aliases : [];
    c.aliases = c.mergedInto ? [] : [...new Set([...own, ...(aliases.get(c.key) ?? [])])].sort();
    c.mergedInto = c.mergedInto ?? null;
    c.tags = Array.isArray(c.tags) ? c.tags : [];
  }
  await tx.table('customers').bulkPut(customers);

  await rebuildSummaries((name) => tx.table(name));
}

/**
 * Rebuilds the whole summaries table from the stored rows (upgrade and backup import). Streams notes and
 * interactions, which may be large. Must run inside a transaction over every table.
 */
export async function rebuildSummaries(table: (name: string) => Table): Promise<number> {
  const customers = (await table('customers').toArray()) as Customer[];
  const builders = new Map<string, SummaryBuilder>();
  for (const c of customers) if (!c.mergedInto) builders.set(c.key, new SummaryBuilder(c.key));
  await table('notes').each((n: Note) => builders.get(n.customerKey)?.addNote(n));
  await table('interactions').each((i: Interaction) => builders.get(i.customerKey)?.addInteraction(i));
  await table('cases').each((c: Case) => builders.get(c.customerKey)?.addCase(c));
  await table('details').each((d: Detail) => builders.get(d.customerKey)?.addDetail(d));
  await table('promises').each((p: PromiseItem) => builders.get(p.customerKey)?.addPromise(p));
  const rows = summaryEntries(customers, builders);
  await table('summaries').clear();
  await table('summaries').bulkPut(rows);
  return rows.length;
}
