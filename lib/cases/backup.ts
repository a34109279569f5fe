/**
 * Backup format (JSON), lossless: every stored record of every table except the derived `summaries`.
 *
 *   { "format": "caselint-backup", "version": 1, "exportedAt": "<ISO time>",
 *     "data": { "customers": [...], "cases": [...], "notes": [...], "details": [...],
 *               "interactions": [...], "promises": [...] } }
 *
 * Records have exactly the shapes of lib/cases/types.ts (customers include merged/renamed tombstones, so old
 * handles keep resolving after a restore). `version` is the backup format version (BACKUP_VERSION), independent
 * of the IndexedDB schema version; a backup with a higher version is refused, never half-read.
 *
 * Import semantics (decided): MERGE BY ID by default. Stored records whose id (customers: key) is not in the
 * backup are kept untouched; records in the backup are written as they are, replacing a stored record with the
 * same id. `mode: 'replace'` empties the store first (a restore). Both run in one transaction after the whole
 * file has been validated (zod, then references: every row's customerKey must be a live customer of the backup or,
 * when merging, of the store), so a bad file or a full disk changes nothing. Summaries are rebuilt afterwards.
 */
import { timeSchema } from '../time';
import type { Table } from 'dexie';
import { z } from 'zod';
import type { BackupReport } from './api';
import { type CaselintDB, buildSummaries, rebuildSummaries } from './db';
import { BackupError } from './errors';
import type { CaseStore } from './store';
import type { ImportTicket } from './progress';
import { DETAIL_KINDS } from '../lint/types';
import type { Case, Customer, Detail, Interaction, Note, PromiseItem } from './types';

export const BACKUP_FORMAT = 'caselint-backup';
export const BACKUP_VERSION = 1;
export type ImportMode = 'merge' | 'replace';

const key = z.string().regex(/^[a-z0-9_]{1,50}$/, 'expected a lower-case handle key (letters, digits, _)');
const id = z.string().min(1, 'expected a non-empty id');
/** The one time schema (lib/time.ts): whole milliseconds within the Date range. */
const time = timeSchema;
const caseRef = id.nullable();
/** Team sync fields (v4 of the store; optional, so older backups still import). */
const authored = {
  by: z.string().max(50).nullable().optional(),
  editedAt: time.nullable().optional(),
};

const customerSchema = z.object({
  key,
  handle: z.string().min(1),
  displayName: z.string(),
  tags: z.array(z.string()),
  mergedInto: key.nullable().optional(),
  aliases: z.array(key),
  createdAt: time,
  updatedAt: time,
  docId: z.string().regex(/^[a-z0-9_-]{1,80}$/, 'expected a document id').optional(),
});
const caseSchema = z.object({
  id,
  customerKey: key,
  title: z.string(),
  status: z.enum(['open', 'waiting', 'solved']),
  priority: z.enum(['low', 'normal', 'high', 'urgent']),
  tags: z.array(z.string()),
  createdAt: time,
  updatedAt: time,
  assignee: key.nullable().optional(),
  ...authored,
});
const noteSchema = z.object({ id, customerKey: key, caseId: caseRef, text: z.string(), createdAt: time, ...authored });
const detailSchema = z.object({
  id,
  customerKey: key,
  caseId: caseRef,
  kind: z.enum(DETAIL_KINDS),
  value: z.string(),
  source: z.enum(['tweet', 'note', 'typed', 'import']),
  sourceRef: z.string().nullable().optional(),
  createdAt: time,
  ...authored,
});
const interactionSchema = z.object({
  id,
  customerKey: key,
  caseId: caseRef,
  kind: z.enum(['customer-tweet', 'agent-reply']),
  tweetId: z.string().nullable(),
  author: z.string(),
  text: z.string(),
  url: z.string().nullable().optional(),
  at: time,
  ...authored,
});
const promiseSchema = z.object({
  id,
  customerKey: key,
  caseId: caseRef,
  text: z.string(),
  due: time.nullable(),
  done: z.boolean(),
  notifiedAt: time.nullable().optional(),
  createdAt: time,
  dueLog: z.array(z.object({ due: time.nullable(), by: z.string().max(50).nullable(), at: time })).max(1000).optional(),
  ...authored,
});

export const backupSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.number().int(),
  exportedAt: z.string(),
  data: z.object({
    customers: z.array(customerSchema),
    cases: z.array(caseSchema),
    notes: z.array(noteSchema),
    details: z.array(detailSchema),
    interactions: z.array(interactionSchema),
    promises: z.array(promiseSchema),
  }),
});

export interface BackupData {
  customers: Customer[];
  cases: Case[];
  notes: Note[];
  details: Detail[];
  interactions: Interaction[];
  promises: PromiseItem[];
}
export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: number;
  exportedAt: string;
  data: BackupData;
}

const TABLES = ['customers', 'cases', 'notes', 'details', 'interactions', 'promises'] as const;

/** "data.notes[12].text" from a zod path. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(backup)';
}

/** Parses and validates a backup; throws BackupError naming the first bad path. Pure. */
export function parseBackup(json: string): Backup {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new BackupError(`The backup is not valid JSON: ${(err as Error).message}`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new BackupError('The backup is not a JSON object');
  const head = raw as { format?: unknown; version?: unknown };
  if (head.format !== BACKUP_FORMAT) {
    throw new BackupError(`Not a Caselint backup: format is ${JSON.stringify(head.format) ?? 'missing'}, expected "${BACKUP_FORMAT}"`);
  }
  if (typeof head.version === 'number' && head.version > BACKUP_VERSION) {
    throw new BackupError(
      `This backup was made by a newer version of Caselint (backup format version ${head.version}; this version reads up to ${BACKUP_VERSION}). Update Caselint, then import it again. Nothing was imported.`,
    );
  }
  const res = backupSchema.safeParse(raw);
  if (!res.success) {
    const [first, ...rest] = res.error.issues;
    const msg = first!.message.replace(/^Invalid input: /, '');
    const more = rest.length ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
    throw new BackupError(`Invalid backup: ${formatPath(first!.path)}: ${msg}${more}. Nothing was imported.`);
  }
  if (res.data.version < 1) throw new BackupError(`Invalid backup: version: ${res.data.version} is not a backup version`);
  return res.data as Backup;
}

export async function readAll(db: CaselintDB): Promise<BackupData> {
  return db.transaction('r', [db.customers, db.cases, db.notes, db.details, db.interactions, db.promises], async () => {
    const [customers, cases, notes, details, interactions, promises] = await Promise.all([
      db.customers.toArray(),
      db.cases.toArray(),
      db.notes.toArray(),
      db.details.toArray(),
      db.interactions.toArray(),
      db.promises.toArray(),
    ]);
    return { customers, cases, notes, details, interactions, promises };
  });
}

export async function exportBackupJson(db: CaselintDB, now: number): Promise<string> {
  const backup: Backup = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: new Date(now).toISOString(),
    data: await readAll(db),
  };
  return JSON.stringify(backup);
}

function checkUnique(data: BackupData): void {
  for (const t of TABLES) {
    const seen = new Map<string, number>();
    (data[t] as Array<{ id?: string; key?: string }>).forEach((r, i) => {
      const k = (t === 'customers' ? r.key : r.id)!;
      const prev = seen.get(k);
      if (prev !== undefined) {
        throw new BackupError(`Invalid backup: data.${t}[${i}].${t === 'customers' ? 'key' : 'id'}: "${k}" repeats data.${t}[${prev}]. Nothing was imported.`);
      }
      seen.set(k, i);
    });
  }
}

/** Records per slice of a backup import's write (progress and cancel are checked between slices). */
export const BACKUP_WRITE_SLICE = 5_000;

/**
 * Validates the whole backup, then writes it in ONE transaction, table by table in slices of `BACKUP_WRITE_SLICE`
 * records; between slices it reports the records written to `ticket`, which throws on a cancel: the transaction
 * aborts and the store is as before (team sync sees only committed transactions).
 */
export async function importBackupJson(store: CaseStore, json: string, mode: ImportMode, ticket?: ImportTicket, slice = BACKUP_WRITE_SLICE): Promise<BackupReport> {
  const { data } = parseBackup(json);
  checkUnique(data);
  ticket?.check();
  const db = store.db;
  return store.write('import the backup', async () => {
    if (mode === 'replace') await Promise.all([...TABLES, 'summaries'].map((t) => db.table(t).clear()));
    // References: rows must belong to a live customer (of the backup, else of the store when merging).
    const inBackup = new Map(data.customers.map((c) => [c.key, c]));
    const referenced = new Set<string>();
    for (const t of TABLES) if (t !== 'customers') for (const r of data[t]) referenced.add(r.customerKey);
    for (const c of data.customers) if (c.mergedInto) referenced.add(c.mergedInto);
    const outside = [...referenced].filter((k) => !inBackup.has(k));
    const stored = outside.length ? await db.customers.bulkGet(outside) : [];
    const live = new Set<string>(data.customers.filter((c) => !c.mergedInto).map((c) => c.key));
    stored.forEach((c) => c && !c.mergedInto && live.add(c.key));
    for (const t of TABLES) {
      if (t === 'customers') {
        data.customers.forEach((c, i) => {
          if (c.mergedInto && !live.has(c.mergedInto)) {
            throw new BackupError(`Invalid backup: data.customers[${i}].mergedInto: "${c.mergedInto}" is not a customer in the backup. Nothing was imported.`);
          }
        });
        continue;
      }
      (data[t] as Array<{ customerKey: string }>).forEach((r, i) => {
        if (!live.has(r.customerKey)) {
          throw new BackupError(`Invalid backup: data.${t}[${i}].customerKey: "${r.customerKey}" is not a customer in the backup. Nothing was imported.`);
        }
      });
    }
    // Normalise optional fields to null so a round trip is exact. Issued together: one transaction, no waits.
    const customers = data.customers.map((c) => ({ ...c, mergedInto: c.mergedInto ?? null }));
    const writes: Array<[(typeof TABLES)[number] | 'summaries', object[]]> = [
      ['customers', customers],
      ['cases', data.cases],
      ['notes', data.notes],
      ['details', data.details.map((d) => ({ ...d, sourceRef: d.sourceRef ?? null }))],
      ['interactions', data.interactions.map((i) => ({ ...i, url: i.url ?? null }))],
      ['promises', data.promises.map((p) => ({ ...p, notifiedAt: p.notifiedAt ?? null }))],
    ];
    // Replace: the backup is the whole store, so its summaries are built in memory (no read-back of every row).
    if (mode === 'replace') writes.push(['summaries', buildSummaries({ ...data, customers })]);
    ticket?.start(writes.reduce((n, [, rows]) => n + rows.length, 0));
    let written = 0;
    for (const [table, rows] of writes) {
      for (let i = 0; i < rows.length; i += slice) {
        ticket?.check();
        const part = rows.slice(i, i + slice);
        await (db[table] as Table<object>).bulkPut(part);
        written += part.length;
        ticket?.step(written);
      }
    }
    if (mode !== 'replace') await rebuildSummaries((name) => db.table(name));
    return {
      customers: data.customers.length,
      cases: data.cases.length,
      notes: data.notes.length,
      details: data.details.length,
      interactions: data.interactions.length,
      promises: data.promises.length,
    };
  });
}
