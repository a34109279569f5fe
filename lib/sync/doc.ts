/**
 * One customer's shared history as a Yjs document (docs/sync-protocol.md, "A customer document"). Pure: Yjs only,
 * no Dexie, no browser APIs. The sync engine writes local changes in with these functions and reads a document
 * back as rows for the projection (project.ts).
 *
 * Layout: `customer` (Y.Map of the customer's fields), one Y.Map per record table (record id -> Y.Map of that
 * record's fields, without `customerKey`: the document is the customer), `deleted` (record id -> { by, at }:
 * tombstones, so a record deleted by one agent is deleted on every agent, and a deletion wins over a concurrent edit
 * of the same record) and, on a promise, `dueLog` (Y.Array of { due, by, at }: every due time ever set survives).
 *
 * Conflict rules (tested in tests/unit/sync/doc.test.ts):
 * - two agents edit different fields of one record: both edits survive (one Y.Map entry per field);
 * - two agents edit the same field: Yjs picks one value, the same on every agent (last writer by Yjs's order);
 * - a promise's due time: the field follows that rule, and both due times stay in `dueLog`;
 * - a record deleted while another agent edits it: it stays deleted (the edit was to a map that is gone);
 * - two agents create the same handle offline: both write into document `h-<handle key>`, Yjs merges the two.
 */
import * as Y from 'yjs';
import { type Case, type Customer, type Detail, type DueChange, type Interaction, type Note, type PromiseItem, docIdForNewCustomer } from '../cases/types';
import { isTime } from '../time';

export const RECORD_TABLES = ['cases', 'notes', 'details', 'interactions', 'promises'] as const;
export type RecordTable = (typeof RECORD_TABLES)[number];
export type RecordRow = Case | Note | Detail | Interaction | PromiseItem;
export interface RecordRowOf {
  cases: Case;
  notes: Note;
  details: Detail;
  interactions: Interaction;
  promises: PromiseItem;
}

/** The origin of transactions that carry this browser's own changes (anything else came from elsewhere). */
export const LOCAL_ORIGIN = 'caselint-local';

const DOC_ID_RE = /^[a-z0-9_-]{1,80}$/;
export const isDocId = (id: unknown): id is string => typeof id === 'string' && DOC_ID_RE.test(id);

/** The document of a customer row: its `docId`, or `h-<key>` for rows from before v4. */
export function docIdOf(c: Pick<Customer, 'key' | 'docId'>): string {
  return c.docId ?? docIdForNewCustomer(c.key);
}

/** The customer's fields as a document holds them. */
export interface DocCustomer {
  key: string;
  handle: string;
  displayName: string;
  tags: string[];
  aliases: string[];
  createdAt: number;
  updatedAt: number;
  /** docId of the customer this one was merged into. */
  mergedInto: string | null;
  /** When the customer was deleted (by anybody); a later write of the customer clears it. */
  deletedAt: number | null;
  by: string | null;
}

export interface DocSnapshot {
  customer: DocCustomer | null;
  records: { [T in RecordTable]: Map<string, Omit<RecordRowOf[T], 'customerKey'>> };
  deleted: Map<string, { by: string | null; at: number }>;
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

function setIfChanged(map: Y.Map<unknown>, field: string, value: unknown): void {
  if (value === undefined) {
    if (map.has(field)) map.delete(field);
    return;
  }
  if (!map.has(field) || !same(map.get(field), value)) map.set(field, value);
}

/** Writes the customer's fields (a live customer: clears `mergedInto` and `deletedAt`). */
export function writeCustomer(doc: Y.Doc, c: Customer, by: string | null): void {
  doc.transact(() => {
    const m = doc.getMap<unknown>('customer');
    setIfChanged(m, 'key', c.key);
    setIfChanged(m, 'handle', c.handle);
    setIfChanged(m, 'displayName', c.displayName);
    setIfChanged(m, 'tags', [...c.tags]);
    setIfChanged(m, 'aliases', [...c.aliases].sort());
    if (!m.has('createdAt')) m.set('createdAt', c.createdAt);
    setIfChanged(m, 'updatedAt', c.updatedAt);
    if (!m.has('by')) m.set('by', by);
    if (m.get('mergedInto') != null) m.set('mergedInto', null);
    if (m.get('deletedAt') != null) m.set('deletedAt', null);
  }, LOCAL_ORIGIN);
}

export function markMerged(doc: Y.Doc, intoDocId: string): void {
  doc.transact(() => {
    const m = doc.getMap<unknown>('customer');
    if (m.get('mergedInto') !== intoDocId) m.set('mergedInto', intoDocId);
  }, LOCAL_ORIGIN);
}

export function markDeleted(doc: Y.Doc, at: number): void {
  doc.transact(() => {
    const m = doc.getMap<unknown>('customer');
    m.set('deletedAt', at);
  }, LOCAL_ORIGIN);
}

/**
 * Fields that stay in this browser: a promise's `notifiedAt` is when THIS agent was notified that it is overdue
 * (each agent gets their own notification). Never written to the document; projection keeps the local value.
 */
export const LOCAL_FIELDS: ReadonlySet<string> = new Set(['notifiedAt']);

function recordMap(doc: Y.Doc, table: RecordTable): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(table);
}

const dueSig = (d: DueChange) => `${d.at}|${d.by ?? ''}|${d.due ?? ''}`;

/** Writes a whole record (fields that differ only). A record tombstoned in this document is not revived. */
export function writeRecord<T extends RecordTable>(doc: Y.Doc, table: T, row: RecordRowOf[T]): void {
  doc.transact(() => {
    if (doc.getMap('deleted').has(row.id)) return;
    const records = recordMap(doc, table);
    let m = records.get(row.id);
    if (!m) {
      m = new Y.Map<unknown>();
      // A promise's due log exists from the start: two agents who each created it at their first move would
      // have set two arrays on one key, and one agent's entries would be lost.
      if (table === 'promises') m.set('dueLog', new Y.Array<DueChange>());
      records.set(row.id, m);
    }
    for (const [field, value] of Object.entries(row)) {
      if (field === 'customerKey' || field === 'dueLog' || LOCAL_FIELDS.has(field)) continue;
      setIfChanged(m, field, value);
    }
    if (table === 'promises') appendDueLog(m, (row as PromiseItem).dueLog ?? []);
  }, LOCAL_ORIGIN);
}

/** Applies changed fields to a record the document has; returns false when it has no such record. */
export function patchRecord(doc: Y.Doc, table: RecordTable, id: string, mods: Record<string, unknown>): boolean {
  const m = recordMap(doc, table).get(id);
  if (!m) return false;
  doc.transact(() => {
    for (const [field, value] of Object.entries(mods)) {
      if (field === 'customerKey' || LOCAL_FIELDS.has(field)) continue;
      if (field === 'dueLog') appendDueLog(m, (value as DueChange[] | undefined) ?? []);
      else setIfChanged(m, field, value);
    }
  }, LOCAL_ORIGIN);
  return true;
}

function appendDueLog(m: Y.Map<unknown>, entries: DueChange[]): void {
  if (!entries.length) return;
  let log = m.get('dueLog') as Y.Array<DueChange> | undefined;
  if (!(log instanceof Y.Array)) {
    log = new Y.Array<DueChange>();
    m.set('dueLog', log);
  }
  const have = new Set(log.toArray().map(dueSig));
  const add = entries.filter((e) => !have.has(dueSig(e))).map((e) => ({ due: e.due, by: e.by ?? null, at: e.at }));
  if (add.length) log.push(add);
}

/** Removes a record and leaves a tombstone (a concurrent edit elsewhere does not bring it back). */
export function deleteRecord(doc: Y.Doc, table: RecordTable, id: string, by: string | null, at: number): void {
  doc.transact(() => {
    recordMap(doc, table).delete(id);
    doc.getMap('deleted').set(id, { by, at });
  }, LOCAL_ORIGIN);
}

const num = (v: unknown, fallback: number) => (isTime(v) ? v : fallback);

/**
 * Time fields of records, as another agent's browser wrote them (untrusted): a value outside the Date range would
 * crash every view that formats it. Required ones fall back to 0, optional ones to null.
 */
const TIME_FIELDS: Readonly<Record<string, 0 | null>> = { createdAt: 0, updatedAt: 0, at: 0, due: null, editedAt: null };
const str = (v: unknown, fallback = '') => (typeof v === 'string' ? v : fallback);
const strList = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Reads the document back as plain rows. Malformed fields are dropped or defaulted, never thrown on. */
export function readDoc(doc: Y.Doc): DocSnapshot {
  const c = doc.getMap<unknown>('customer');
  const key = c.get('key');
  const customer: DocCustomer | null =
    typeof key === 'string' && /^[a-z0-9_]{1,50}$/.test(key)
      ? {
          key,
          handle: str(c.get('handle'), key),
          displayName: str(c.get('displayName'), key),
          tags: strList(c.get('tags')),
          aliases: strList(c.get('aliases')).filter((a) => /^[a-z0-9_]{1,50}$/.test(a) && a !== key),
          createdAt: num(c.get('createdAt'), 0),
          updatedAt: num(c.get('updatedAt'), 0),
          mergedInto: isDocId(c.get('mergedInto')) ? (c.get('mergedInto') as string) : null,
          deletedAt: typeof c.get('deletedAt') === 'number' ? (c.get('deletedAt') as number) : null,
          by: typeof c.get('by') === 'string' ? (c.get('by') as string) : null,
        }
      : null;
  const records = {} as DocSnapshot['records'];
  for (const table of RECORD_TABLES) {
    const out = new Map<string, Record<string, unknown>>();
    recordMap(doc, table).forEach((m, id) => {
      if (!(m instanceof Y.Map)) return;
      const row: Record<string, unknown> = {};
      m.forEach((value, field) => {
        if (field === 'dueLog') {
          if (value instanceof Y.Array) row.dueLog = dedupeDueLog(value.toArray() as DueChange[]);
        } else if (Object.hasOwn(TIME_FIELDS, field)) row[field] = value === null || isTime(value) ? value : TIME_FIELDS[field];
        else if (!LOCAL_FIELDS.has(field)) row[field] = value;
      });
      row.id = id;
      out.set(id, row);
    });
    (records as Record<string, unknown>)[table] = out;
  }
  const deleted = new Map<string, { by: string | null; at: number }>();
  doc.getMap<{ by: string | null; at: number }>('deleted').forEach((v, id) => deleted.set(id, v));
  return { customer, records, deleted };
}

function dedupeDueLog(entries: DueChange[]): DueChange[] {
  const seen = new Set<string>();
  return entries
    .filter((e) => e && isTime(e.at) && (e.due === null || isTime(e.due)) && !seen.has(dueSig(e)) && (seen.add(dueSig(e)), true))
    .sort((a, b) => a.at - b.at);
}
