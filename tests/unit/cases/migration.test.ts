/**
 * Schema migrations. Each step gets a test that writes rows with the previous version's schema only (a raw
 * Dexie declaring just that version, as an older Caselint would have), closes it, then opens CaselintDB.
 */
import yDexie from 'y-dexie';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { CaselintDB, DB_VERSION, SCHEMA_STEPS } from '../../../lib/cases/db';
import { CaseStore } from '../../../lib/cases/store';
import { DAY, HOUR, T0 } from './helpers';

let n = 0;
const dbName = () => `migration-${process.pid}-${++n}`;

/** Rows as Caselint v1 wrote them: no `aliases` field, renames as (possibly chained) tombstones. */
function v1Rows() {
  const c = (key: string, extra: Record<string, unknown> = {}) => ({
    key,
    handle: key === 'conpsweeney' ? 'ConPSweeney' : key,
    displayName: key === 'conpsweeney' ? 'Con Sweeney' : key.toUpperCase(),
    tags: [],
    mergedInto: null,
    createdAt: T0 - 30 * DAY,
    updatedAt: T0 - DAY,
    ...extra,
  });
  return {
    customers: [
      c('conpsweeney'),
      // router_con was renamed to con_s, which was later renamed to conpsweeney: a chain v1 left behind.
      c('router_con', { mergedInto: 'con_s' }),
      c('con_s', { mergedInto: 'conpsweeney' }),
      c('dropped_calls_jen', { tags: ['iphone'] }),
      c('quiet'),
    ],
    cases: [
      { id: 'c1', customerKey: 'conpsweeney', title: 'Router: earlier appointment', status: 'open', priority: 'high', tags: [], createdAt: T0 - 6 * DAY, updatedAt: T0 - 3 * DAY },
      { id: 'c2', customerKey: 'conpsweeney', title: 'Old billing', status: 'solved', priority: 'normal', tags: [], createdAt: T0 - 20 * DAY, updatedAt: T0 - 19 * DAY },
      { id: 'c3', customerKey: 'dropped_calls_jen', title: 'Dropped calls', status: 'waiting', priority: 'normal', tags: [], createdAt: T0 - 8 * DAY, updatedAt: T0 - 8 * DAY },
    ],
    notes: [
      { id: 'n1', customerKey: 'conpsweeney', caseId: 'c1', text: 'gave phone by DM', createdAt: T0 - 5 * DAY },
      { id: 'n2', customerKey: 'conpsweeney', caseId: 'c1', text: 'accepted next-day slot; nobody came', createdAt: T0 - 2 * DAY },
      { id: 'n3', customerKey: 'dropped_calls_jen', caseId: null, text: 'gave email then phone', createdAt: T0 - 8 * DAY },
    ],
    details: [
      { id: 'd1', customerKey: 'conpsweeney', caseId: 'c1', kind: 'phone', value: '+16175550148', source: 'tweet', sourceRef: '999', createdAt: T0 - 5 * DAY },
      { id: 'd2', customerKey: 'conpsweeney', caseId: 'c1', kind: 'appointment', value: 'visit in 7 days', source: 'note', sourceRef: null, createdAt: T0 - 6 * DAY },
      { id: 'd3', customerKey: 'dropped_calls_jen', caseId: null, kind: 'email', value: 'jen@example.com', source: 'tweet', sourceRef: null, createdAt: T0 - 8 * DAY },
    ],
    interactions: [
      { id: 'i1', customerKey: 'conpsweeney', caseId: 'c1', kind: 'customer-tweet', tweetId: '1', author: 'ConPSweeney', text: 'router died', url: null, at: T0 - 6 * DAY },
      { id: 'i2', customerKey: 'conpsweeney', caseId: 'c1', kind: 'agent-reply', tweetId: '2', author: 'CableCo', text: 'DM us your number', url: null, at: T0 - HOUR },
    ],
    promises: [
      { id: 'p1', customerKey: 'conpsweeney', caseId: 'c1', text: 'earlier slot', due: T0 - 2 * DAY, done: false, notifiedAt: null, createdAt: T0 - 3 * DAY },
      { id: 'p2', customerKey: 'conpsweeney', caseId: 'c1', text: 'exec call back', due: T0 + 5 * DAY, done: false, notifiedAt: null, createdAt: T0 - DAY },
      { id: 'p3', customerKey: 'dropped_calls_jen', caseId: null, text: 'done', due: T0 - 7 * DAY, done: true, notifiedAt: null, createdAt: T0 - 8 * DAY },
    ],
  };
}

describe('schema history', () => {
  it('versions increase and the latest is what CaselintDB opens', async () => {
    const versions = SCHEMA_STEPS.map((s) => s.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    const db = new CaselintDB(dbName());
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    db.close();
  });
});

describe('v1 -> v2', () => {
  it('keeps every v1 row and backfills summaries, aliases and flattened tombstones', async () => {
    const name = dbName();
    const rows = v1Rows();
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_STEPS[0]!.stores);
    await v1.open();
    await v1.transaction('rw', v1.tables, async () => {
      for (const [table, data] of Object.entries(rows)) await v1.table(table).bulkAdd(data);
    });
    v1.close();

    const db = new CaselintDB(name);
    await db.open();
    // Through every later step too (v1 -> v2 -> ... -> latest).
    expect(db.verno).toBe(DB_VERSION);
    // Every row survived unchanged (customers gain aliases; tombstones point straight at the live customer).
    for (const table of ['cases', 'notes', 'details', 'interactions', 'promises'] as const) {
      expect(await db.table(table).toArray()).toEqual(rows[table]);
    }
    const customers = new Map((await db.customers.toArray()).map((c) => [c.key, c]));
    // v4 gives every customer its shared document's id.
    expect(customers.get('conpsweeney')).toEqual({ ...rows.customers[0], aliases: ['con_s', 'router_con'], docId: 'h-conpsweeney' });
    expect(customers.get('router_con')?.mergedInto).toBe('conpsweeney');
    expect(customers.get('dropped_calls_jen')).toMatchObject({ aliases: [], tags: ['iphone'] });

    const store = new CaseStore(db, { now: () => T0 });
    const s = await store.summaries(['router_con', 'dropped_calls_jen', 'quiet']);
    expect(s.router_con).toEqual({
      key: 'conpsweeney',
      handle: 'ConPSweeney',
      displayName: 'Con Sweeney',
      openCases: 1,
      lastContact: T0 - HOUR,
      overduePromises: 1,
      nextDue: T0 - 2 * DAY,
      topDetails: [
        { kind: 'phone', value: '+16175550148' },
        { kind: 'appointment', value: 'visit in 7 days' },
      ],
      notes: 2,
    });
    expect(s.dropped_calls_jen).toMatchObject({ openCases: 1, notes: 1, overduePromises: 0, nextDue: null, lastContact: T0 - 8 * DAY });
    expect(s.quiet).toMatchObject({ openCases: 0, notes: 0, lastContact: null });
    // The new indexes work: search by name word, and history through the oldest handle.
    expect((await store.searchCustomers('sween')).map((c) => c.key)).toEqual(['conpsweeney']);
    expect((await store.history('router_con'))?.notes).toHaveLength(2);
    // New writes keep the backfilled summary up to date.
    await store.addNote({ handle: 'con_s', text: 'after upgrade' });
    expect((await store.summaries(['conpsweeney'])).conpsweeney?.notes).toBe(3);
    db.close();
  });

  it('upgrades an empty v1 database', async () => {
    const name = dbName();
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_STEPS[0]!.stores);
    await v1.open();
    v1.close();
    const db = new CaselintDB(name);
    await db.open();
    expect(await db.summaries.count()).toBe(0);
    db.close();
  });
});

/** Rows as Caselint v2 stored them: summaries without handle/displayName, no pointer rows for old handles. */
describe('v2 -> v3', () => {
  it('rebuilds summaries with handle and display name and pointer rows for old handles; keeps every row', async () => {
    const name = dbName();
    const rows = v1Rows();
    const customers = rows.customers.map((c) => ({
      ...c,
      mergedInto: c.key === 'router_con' || c.key === 'con_s' ? 'conpsweeney' : null,
      aliases: c.key === 'conpsweeney' ? ['con_s', 'router_con'] : [],
    }));
    const v2 = new Dexie(name);
    v2.version(2).stores(SCHEMA_STEPS[1]!.stores);
    await v2.open();
    await v2.transaction('rw', v2.tables, async () => {
      for (const [table, data] of Object.entries({ ...rows, customers })) await v2.table(table).bulkAdd(data);
      // A v2 summary row (stale on purpose: v3 rebuilds derived data from the stored rows).
      await v2.table('summaries').bulkAdd([
        { key: 'conpsweeney', words: ['con sweeney', 'con', 'sweeney'], openCases: 9, notes: 9, lastContact: null, pendingDues: [], topDetails: [] },
      ]);
    });
    // v2 queried cases by status index; v3 drops it.
    expect(v2.table('cases').schema.indexes.map((i) => i.name)).toContain('status');
    v2.close();

    const db = new CaselintDB(name);
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    expect(db.cases.schema.indexes.map((i) => i.name)).toEqual(['[customerKey+status]']);
    for (const table of ['cases', 'notes', 'details', 'interactions', 'promises'] as const) {
      expect(await db.table(table).toArray()).toEqual(rows[table]);
    }
    expect(await db.customers.toArray()).toEqual(
      [...customers].sort((a, b) => (a.key < b.key ? -1 : 1)).map((c) => ({ ...c, docId: `h-${c.key}` })),
    );
    expect(await db.summaries.get('router_con')).toEqual({ key: 'router_con', aliasOf: 'conpsweeney' });
    expect(await db.summaries.get('conpsweeney')).toMatchObject({
      handle: 'ConPSweeney',
      displayName: 'Con Sweeney',
      openCases: 1,
      notes: 2,
      words: ['con sweeney', 'sweeney'],
    });
    const store = new CaseStore(db, { now: () => T0 });
    const s = await store.summaries(['router_con', 'CON_S', 'quiet', 'nobody']);
    expect(Object.keys(s).sort()).toEqual(['con_s', 'quiet', 'router_con']);
    expect(s.router_con).toEqual(s.con_s);
    expect(s.router_con).toMatchObject({ key: 'conpsweeney', handle: 'ConPSweeney', openCases: 1, overduePromises: 1, notes: 2 });
    expect((await store.searchCustomers('con')).map((c) => c.key)).toContain('conpsweeney');
    db.close();
  });
});

describe('v4 -> v5', () => {
  it('adds the team sign-in table, empty, and keeps every row and shared document', async () => {
    const name = dbName();
    const rows = v1Rows();
    const v4 = new Dexie(name, { addons: [yDexie] });
    v4.version(4).stores(SCHEMA_STEPS[3]!.stores);
    await v4.open();
    const customers = rows.customers.map((c) => ({ ...c, aliases: [], docId: `h-${c.key}` }));
    await v4.table('customers').bulkAdd(customers);
    await v4.table('syncDocs').add({ id: 'h-quiet', dirty: 1, seen: 5 });
    v4.close();

    const db = new CaselintDB(name);
    await db.open();
    expect(db.verno).toBe(5);
    expect(await db.team.count()).toBe(0);
    expect(await db.customers.count()).toBe(customers.length);
    expect(await db.syncDocs.get('h-quiet')).toEqual({ id: 'h-quiet', dirty: 1, seen: 5 });
    db.close();
  });
});
