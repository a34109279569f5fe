/**
 * The local replica of a team's shared documents, inside the extension's one Dexie database.
 *
 * - Documents: one Y.Doc per customer (doc.ts), persisted by y-dexie in `teamDocs` (its updates live in y-dexie's
 *   own table of the same database), loaded on demand and kept in a bounded cache.
 * - Local writes: the store writes Dexie as it always has; `captureChanges` hands over each committed transaction
 *   and the replica writes the changed fields into the customer's document (origin LOCAL_ORIGIN). The document is
 *   marked dirty in `syncDocs` until the transport says the server has it.
 * - Remote changes: any update that did not come from this browser is projected back into today's tables
 *   (customers, cases, notes, details, interactions, promises, summaries) for that one customer, so every query,
 *   chip, card, side panel and the known-handles filter keep reading Dexie unchanged.
 *
 * Rules that make every agent end in the same state (tests/unit/sync/replica.test.ts):
 * - the projection writes what the document says, field by field; a record the document does not have and has no
 *   tombstone for is a local write not yet in the document, so it is written into the document, never deleted;
 * - two documents claiming one handle (a rename on one agent while another created that handle offline): the
 *   document whose id sorts first wins; the other's records are moved into it and it is marked merged into it. Every
 *   agent that notices does the same writes, which Yjs merges into one result;
 * - a document marked merged turns the local customer into an old handle of the winner (as a local merge does);
 * - a document marked deleted deletes the local customer unless it was written after the deletion.
 */
import { DexieYProvider } from 'y-dexie';
import * as Y from 'yjs';
import type { CaselintDB } from '../cases/db';
import type { CaseStore } from '../cases/store';
import { type Customer, docIdForNewCustomer } from '../cases/types';
import { captureChanges, suppressCapture, type CapturedChange } from './capture';
import {
  LOCAL_ORIGIN,
  LOCAL_FIELDS,
  RECORD_TABLES,
  type RecordRow,
  type RecordTable,
  deleteRecord,
  docIdOf,
  markDeleted,
  markMerged,
  patchRecord,
  readDoc,
  writeCustomer,
  writeRecord,
} from './doc';

export interface ReplicaOptions {
  db: CaselintDB;
  store: CaseStore;
  /** The signed-in agent's handle, stamped on what this browser writes. */
  actor: () => string | null;
  /** Handle keys whose projected rows changed (the background broadcasts casesChanged). */
  onProjected?: (handles: string[]) => void;
  /** A document got a change made here (the transport pushes it). */
  onLocalChange?: (docId: string) => void;
  /** How many loaded documents to keep in memory (default 300). */
  cacheSize?: number;
  now?: () => number;
}

interface Projection {
  docId: string;
  snap: ReturnType<typeof readDoc>;
  C: NonNullable<ReturnType<typeof readDoc>['customer']>;
  mergedAway: string | null;
  now: number;
  changed: Set<string>;
  collisionWith: string | null;
  leftovers: Array<[RecordTable, RecordRow]>;
}

interface Loaded {
  doc: Y.Doc;
  used: number;
}

const sameValue = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);
function sameRow(a: object | undefined, b: object): boolean {
  if (!a) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  for (const k of keys) if (!sameValue(x[k] ?? null, y[k] ?? null)) return false;
  return true;
}

export class Replica {
  private readonly db: CaselintDB;
  private readonly store: CaseStore;
  private readonly opts: ReplicaOptions;
  private readonly cache = new Map<string, Loaded>();
  private readonly loading = new Map<string, Promise<Y.Doc>>();
  private readonly cacheSize: number;
  private stopCapture: (() => void) | null = null;
  /** Captured changes are written into documents one transaction at a time, in commit order. */
  private chain: Promise<void> = Promise.resolve();
  private readonly projectTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly projecting = new Map<string, Promise<void>>();
  /** Documents merged into a document not projected yet: re-projected when it is. */
  private readonly waitingFor = new Map<string, Set<string>>();
  private readonly now: () => number;
  private closed = false;
  /** Documents pinned in memory (a transport provider is attached to them). */
  private readonly pinned = new Set<string>();

  constructor(opts: ReplicaOptions) {
    this.opts = opts;
    this.db = opts.db;
    this.store = opts.store;
    this.cacheSize = opts.cacheSize ?? 300;
    this.now = opts.now ?? (() => Date.now());
  }

  /** How many documents are in memory now. */
  get loadedDocs(): number {
    return this.cache.size;
  }

  /** Starts capturing local writes. */
  start(): void {
    if (this.stopCapture) return;
    this.closed = false;
    this.stopCapture = captureChanges(this.db, (changes) => {
      this.chain = this.chain.then(() => this.applyLocal(changes)).catch((err: unknown) => console.error('[caselint] sync: a local change could not be written to the team document:', err));
    });
  }

  /** Stops capturing and releases every loaded document (their data stays in the database). */
  async stop(): Promise<void> {
    this.stopCapture?.();
    this.stopCapture = null;
    await this.idle();
    this.closed = true;
    for (const t of this.projectTimers.values()) clearTimeout(t);
    this.projectTimers.clear();
    for (const id of [...this.cache.keys()]) this.release(id);
  }

  /** Resolves when every captured change has been written into its document and every projection has run. */
  async idle(): Promise<void> {
    for (let i = 0; i < 20; i++) {
      await this.chain;
      const timers = [...this.projectTimers.keys()];
      for (const id of timers) {
        clearTimeout(this.projectTimers.get(id));
        this.projectTimers.delete(id);
        await this.project(id);
      }
      await Promise.all(this.projecting.values());
      if (!this.projectTimers.size && !this.projecting.size) {
        const settled = this.chain;
        await settled;
        if (settled === this.chain && !this.projectTimers.size) return;
      }
    }
  }

  // ------------------------------------------------------------------ documents

  /** The loaded document (from y-dexie; created empty when new). */
  async doc(docId: string): Promise<Y.Doc> {
    const hit = this.cache.get(docId);
    if (hit && !hit.doc.isDestroyed) {
      hit.used = this.now();
      return hit.doc;
    }
    const pending = this.loading.get(docId);
    if (pending) return pending;
    const p = this.load(docId).finally(() => this.loading.delete(docId));
    this.loading.set(docId, p);
    return p;
  }

  private async load(docId: string): Promise<Y.Doc> {
    if (!(await this.db.teamDocs.get(docId))) await this.db.teamDocs.put({ id: docId } as never);
    const doc = DexieYProvider.getOrCreateDocument(this.db, 'teamDocs', 'doc', docId);
    const provider = DexieYProvider.load(doc);
    await provider.whenLoaded;
    doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === LOCAL_ORIGIN) {
        this.markDirty(docId).catch((err: unknown) => {
          if (!this.closed) console.error('[caselint] sync: could not mark a document as changed:', err);
        });
        this.opts.onLocalChange?.(docId);
      } else if (origin !== provider) {
        this.scheduleProject(docId);
      }
    });
    this.cache.set(docId, { doc, used: this.now() });
    this.evict();
    return doc;
  }

  private evict(): void {
    if (this.cache.size <= this.cacheSize) return;
    const victims = [...this.cache.entries()]
      .filter(([id]) => !this.pinned.has(id) && !this.projectTimers.has(id) && !this.projecting.has(id))
      .sort((a, b) => a[1].used - b[1].used)
      .slice(0, this.cache.size - this.cacheSize);
    for (const [id] of victims) this.release(id);
  }

  private release(docId: string): void {
    const hit = this.cache.get(docId);
    this.cache.delete(docId);
    if (hit && !hit.doc.isDestroyed) DexieYProvider.release(hit.doc);
  }

  /** Keeps a document in memory (a transport provider holds it) or lets the cache drop it again. */
  pin(docId: string, on: boolean): void {
    if (on) this.pinned.add(docId);
    else this.pinned.delete(docId);
  }

  /** Applies an update that came from the team (pull or provider); the projection follows. */
  async applyRemote(docId: string, update: Uint8Array): Promise<void> {
    const doc = await this.doc(docId);
    Y.applyUpdate(doc, update, 'remote');
  }

  /**
   * Applies a pull's updates one document at a time, projecting each at once, and lets go of the documents that
   * were not in memory before. y-dexie keeps a live query per loaded document over every update stored after that
   * document's own last one, and each stored update re-runs all of them: a catch-up that loaded the whole batch
   * cost (loaded documents x updates since) row reads, and a new agent's sync of 1,000 customers took minutes.
   */
  async applyRemoteBatch(updates: ReadonlyArray<{ docId: string; update: Uint8Array }>): Promise<void> {
    const fresh: Array<{ docId: string; snap: ReturnType<typeof readDoc> }> = [];
    // Documents this browser has never had (a new agent's first pull): built in memory and stored in one bulkAdd,
    // y-dexie writing each one's state as its first update row (its documented way to add a row with a Y.Doc).
    // Loading each through y-dexie first cost ~4.5 ms a document, most of an initial sync.
    const candidates = [...new Set(updates.map((u) => u.docId))].filter((id) => !this.cache.has(id) && !this.pinned.has(id) && !this.loading.has(id));
    const stored = await this.db.teamDocs.bulkGet(candidates);
    const built = new Map<string, Y.Doc>();
    candidates.forEach((id, i) => stored[i] || built.set(id, new Y.Doc()));
    for (const u of updates) {
      const doc = built.get(u.docId);
      if (doc) Y.applyUpdate(doc, u.update, 'remote');
    }
    const rest = new Set<string>(updates.map((u) => u.docId).filter((id) => !built.has(id)));
    if (built.size) {
      const ids = [...built.keys()];
      try {
        await this.db.teamDocs.bulkAdd(ids.map((id) => ({ id, doc: built.get(id)! }) as never));
      } catch (err) {
        // A row created meanwhile (a local write to that customer): those go the usual way, the others are stored.
        const failed = (err as { failuresByPos?: Record<number, unknown> }).failuresByPos;
        if (!failed) throw err;
        for (const pos of Object.keys(failed)) {
          const id = ids[Number(pos)]!;
          built.get(id)!.destroy();
          built.delete(id);
          rest.add(id);
        }
      }
      for (const [id, doc] of built) {
        fresh.push({ docId: id, snap: readDoc(doc) });
        doc.destroy();
      }
    }
    for (const u of updates) {
      if (!rest.has(u.docId)) continue;
      const keep = this.cache.has(u.docId) || this.pinned.has(u.docId);
      const doc = await this.doc(u.docId);
      Y.applyUpdate(doc, u.update, 'remote');
      if (keep) continue;
      clearTimeout(this.projectTimers.get(u.docId));
      this.projectTimers.delete(u.docId);
      // y-dexie has queued the update's row (its update handler adds it at once): the document can go.
      if (!fresh.some((f) => f.docId === u.docId)) fresh.push({ docId: u.docId, snap: readDoc(doc) });
      else fresh.find((f) => f.docId === u.docId)!.snap = readDoc(doc);
      this.releaseIfIdle(u.docId);
    }
    // Two documents of the batch claiming one handle take the one-at-a-time path (collisions read documents).
    const byKey = new Map<string, number>();
    for (const f of fresh) if (f.snap.customer) byKey.set(f.snap.customer.key, (byKey.get(f.snap.customer.key) ?? 0) + 1);
    const alone = fresh.filter((f) => !f.snap.customer || byKey.get(f.snap.customer.key) === 1);
    try {
      await this.projectBatch(alone);
    } catch (err) {
      // One bad document must not cost the batch: each is projected again on its own (errors logged per document).
      console.warn('[caselint] sync: a pulled batch could not be applied in one transaction, applying it one customer at a time:', err);
      for (const f of alone) await this.project(f.docId);
    }
    for (const f of fresh) if (!alone.includes(f)) await this.project(f.docId);
  }

  /** The state vector for a pull; a document not in memory is read and let go again (see applyRemoteBatch). */
  async stateVectorForPull(docId: string): Promise<Uint8Array> {
    const keep = this.cache.has(docId) || this.pinned.has(docId);
    if (!keep && !(await this.db.teamDocs.get(docId))) return Y.encodeStateVector(new Y.Doc());
    const sv = Y.encodeStateVector(await this.doc(docId));
    if (!keep) this.releaseIfIdle(docId);
    return sv;
  }

  /** State vectors for a pull batch: one read for the documents not in memory, empty ones for documents never had. */
  async stateVectorsForPull(docIds: string[]): Promise<Uint8Array[]> {
    const rows = await this.db.teamDocs.bulkGet(docIds);
    const empty = Y.encodeStateVector(new Y.Doc());
    const out: Uint8Array[] = [];
    for (let i = 0; i < docIds.length; i++) {
      const id = docIds[i]!;
      out.push(!rows[i] && !this.cache.has(id) && !this.pinned.has(id) && !this.loading.has(id) ? empty : await this.stateVectorForPull(id));
    }
    return out;
  }

  private releaseIfIdle(docId: string): void {
    if (!this.pinned.has(docId) && !this.projectTimers.has(docId) && !this.projecting.has(docId) && !this.loading.has(docId)) this.release(docId);
  }

  async stateVector(docId: string): Promise<Uint8Array> {
    return Y.encodeStateVector(await this.doc(docId));
  }

  async dirtyDocs(): Promise<string[]> {
    return (await this.db.syncDocs.where('dirty').equals(1).primaryKeys()) as string[];
  }

  /** Dirty marks being written, per document: a confirmation waits for them (else a late mark stays forever). */
  private readonly dirtying = new Map<string, Promise<void>>();

  private markDirty(docId: string): Promise<void> {
    const p = (this.dirtying.get(docId) ?? Promise.resolve()).then(async () => {
      const cur = await this.db.syncDocs.get(docId);
      if (cur?.dirty === 1) return;
      await this.db.syncDocs.put({ id: docId, dirty: 1, seen: cur?.seen ?? 0 });
    });
    const tracked = p.finally(() => {
      if (this.dirtying.get(docId) === tracked) this.dirtying.delete(docId);
    });
    this.dirtying.set(docId, tracked);
    return p;
  }

  /**
   * The server has everything this browser wrote to the document. Called when the provider has no unconfirmed
   * change, so every dirty mark already being written is for a confirmed change: wait for them, then clear.
   */
  async markClean(docId: string): Promise<void> {
    await this.dirtying.get(docId)?.catch(() => undefined);
    await this.db.syncDocs.update(docId, { dirty: 0 });
  }

  async seen(docId: string): Promise<number> {
    return (await this.db.syncDocs.get(docId))?.seen ?? 0;
  }

  /** `seen` of many documents in one read. */
  async seenMany(docIds: string[]): Promise<number[]> {
    return (await this.db.syncDocs.bulkGet(docIds)).map((r) => r?.seen ?? 0);
  }

  /** `setSeen` of a pulled batch in one transaction. */
  async setSeenMany(seen: ReadonlyArray<readonly [string, number]>): Promise<void> {
    await this.db.transaction('rw', this.db.syncDocs, async () => {
      const cur = await this.db.syncDocs.bulkGet(seen.map(([id]) => id));
      await this.db.syncDocs.bulkPut(seen.map(([id, at], i) => ({ id, dirty: cur[i]?.dirty ?? 0, seen: Math.max(at, cur[i]?.seen ?? 0) })));
    });
  }

  async setSeen(docId: string, at: number): Promise<void> {
    const cur = await this.db.syncDocs.get(docId);
    await this.db.syncDocs.put({ id: docId, dirty: cur?.dirty ?? 0, seen: Math.max(at, cur?.seen ?? 0) });
  }

  /** Handle keys with changes the server has not confirmed (the card marks them). */
  async unsyncedKeys(keys: string[]): Promise<Set<string>> {
    const dirty = new Set(await this.dirtyDocs());
    const out = new Set<string>();
    if (!dirty.size) return out;
    const rows = await this.db.customers.bulkGet(keys);
    rows.forEach((c, i) => c && dirty.has(docIdOf(c)) && out.add(keys[i]!));
    return out;
  }

  // ------------------------------------------------------------------ local writes -> documents

  /** Writes every live customer's history into its document (joining a team). Returns the number of customers. */
  async uploadAll(): Promise<number> {
    const live = await this.db.customers.filter((c) => !c.mergedInto).toArray();
    const by = this.opts.actor();
    for (const c of live) {
      const doc = await this.doc(docIdOf(c));
      writeCustomer(doc, c, by);
      for (const table of RECORD_TABLES) {
        const rows = (await this.db.table(table).where('customerKey').equals(c.key).toArray()) as RecordRow[];
        for (const row of rows) writeRecord(doc, table, row as never);
      }
    }
    const tombstones = await this.db.customers.filter((c) => !!c.mergedInto).toArray();
    for (const t of tombstones) {
      const target = await this.db.customers.get(t.mergedInto!);
      if (target && docIdOf(target) !== docIdOf(t) && (await this.db.teamDocs.get(docIdOf(t)))) markMerged(await this.doc(docIdOf(t)), docIdOf(target));
    }
    return live.length;
  }

  /**
   * The document of a handle key, read once per committed batch (`resolved`): the batch has committed, so every
   * read of one key in it answers the same. A customer deleted in the batch answers from its row before (`known`).
   */
  private async docIdForKey(key: string, known: Map<string, string>, resolved: Map<string, string>): Promise<string> {
    const hit = resolved.get(key);
    if (hit) return hit;
    const c = await this.db.customers.get(key);
    const id = c ? docIdOf(c) : (known.get(key) ?? docIdForNewCustomer(key));
    resolved.set(key, id);
    return id;
  }

  private async applyLocal(changes: CapturedChange[]): Promise<void> {
    if (this.closed) return;
    const by = this.opts.actor();
    const now = this.now();
    const known = new Map<string, string>();
    const resolved = new Map<string, string>();
    const docIdFor = (key: string) => this.docIdForKey(key, known, resolved);
    for (const ch of changes) {
      if (ch.table === 'customers') {
        const b = ch.kind === 'delete' ? ch.before : (ch.before ?? ch.row);
        known.set(b.key, docIdOf(b));
        if (ch.kind === 'put') known.set(ch.row.key, docIdOf(ch.row));
      }
    }
    for (const ch of changes) {
      if (ch.table === 'customers') {
        if (ch.kind === 'delete') {
          if (!ch.before.mergedInto) markDeleted(await this.doc(docIdOf(ch.before)), now);
          continue;
        }
        const row = ch.row;
        if (!row.mergedInto) {
          writeCustomer(await this.doc(docIdOf(row)), row, by);
        } else {
          const target = await docIdFor(row.mergedInto);
          if (target !== docIdOf(row)) markMerged(await this.doc(docIdOf(row)), target);
        }
        continue;
      }
      const table = ch.table as RecordTable;
      if (ch.kind === 'delete') {
        deleteRecord(await this.doc(await docIdFor(ch.before.customerKey)), table, ch.id, by, now);
        continue;
      }
      const toDocId = await docIdFor(ch.row.customerKey);
      const target = await this.doc(toDocId);
      if (ch.kind === 'create') {
        // A record created here again after a delete (a restore) is meant: lift the tombstone.
        target.transact(() => target.getMap('deleted').delete(ch.id), LOCAL_ORIGIN);
        writeRecord(target, table, ch.row as never);
        continue;
      }
      const fromDocId = await docIdFor(ch.before.customerKey);
      if (fromDocId !== toDocId) {
        // Moved by a merge: out of the old customer's document, whole into the new one's.
        deleteRecord(await this.doc(fromDocId), table, ch.id, by, now);
        target.transact(() => target.getMap('deleted').delete(ch.id), LOCAL_ORIGIN);
        writeRecord(target, table, ch.row as never);
      } else if (!patchRecord(target, table, ch.id, ch.mods)) {
        writeRecord(target, table, ch.row as never);
      }
    }
  }

  // ------------------------------------------------------------------ documents -> local tables

  private scheduleProject(docId: string): void {
    if (this.closed || this.projectTimers.has(docId)) return;
    this.projectTimers.set(
      docId,
      setTimeout(() => {
        this.projectTimers.delete(docId);
        void this.project(docId);
      }, 20),
    );
  }

  /** Projects one document into the tables (serialised per document). */
  project(docId: string): Promise<void> {
    const prev = this.projecting.get(docId) ?? Promise.resolve();
    const run = prev
      .then(() => this.projectOnce(docId))
      .catch((err: unknown) => console.error(`[caselint] sync: document ${docId} could not be applied:`, err))
      .finally(() => {
        if (this.projecting.get(docId) === run) this.projecting.delete(docId);
      });
    this.projecting.set(docId, run);
    return run;
  }

  private async projectOnce(docId: string): Promise<void> {
    if (this.closed) return;
    const doc = await this.doc(docId);
    const p = await this.prepareProjection(docId, doc);
    if (!p) return;
    await this.store.write('apply the team’s changes', async () => {
      suppressCapture();
      await this.projectInWrite(p);
    });
    await this.afterProjection(p, doc);
  }

  /**
   * Projects a pull batch's documents in one read-write transaction (each document's writes in order, as separate
   * projections would make them: a later one reads what an earlier one wrote). One transaction per customer cost
   * most of a new agent's initial sync. Only the documents' snapshots are held, not the documents: the rare
   * follow-ups that write into a document (leftovers, a collision) load it again afterwards.
   */
  private async projectBatch(items: ReadonlyArray<{ docId: string; snap: ReturnType<typeof readDoc> }>): Promise<void> {
    if (this.closed) return;
    const preps: Projection[] = [];
    for (const it of items) {
      const p = await this.prepareProjection(it.docId, null, it.snap);
      if (p) preps.push(p);
    }
    if (!preps.length) return;
    await this.store.write('apply the team’s changes', async () => {
      suppressCapture();
      for (const p of preps) await this.projectInWrite(p);
    });
    for (const p of preps) {
      const needsDoc = p.collisionWith || p.leftovers.length;
      await this.afterProjection(p, needsDoc ? await this.doc(p.docId) : null);
      if (needsDoc) this.releaseIfIdle(p.docId);
    }
  }

  private async prepareProjection(docId: string, doc: Y.Doc | null, given?: ReturnType<typeof readDoc>): Promise<Projection | null> {
    const snap = given ?? readDoc(doc!);
    const C = snap.customer;
    if (!C) return null;
    const d = this.db;
    // A local customer holding this handle under another document that was already merged into this one (a
    // collision resolved here or elsewhere) is this customer: it is taken over, not a new collision.
    let mergedAway: string | null = null;
    const pre = C.mergedInto || C.deletedAt !== null ? undefined : await d.customers.get(C.key);
    if (pre && !pre.mergedInto && docIdOf(pre) !== docId && readDoc(await this.doc(docIdOf(pre))).customer?.mergedInto === docId) {
      mergedAway = docIdOf(pre);
    }
    return { docId, snap, C, mergedAway, now: this.now(), changed: new Set(), collisionWith: null, leftovers: [] };
  }

  /** Inside the store's write: the document's customer and records into the tables. */
  private async projectInWrite(p: Projection): Promise<void> {
    const { docId, snap, C, mergedAway, now, changed, leftovers } = p;
    const d = this.db;
    const mine = await d.customers.where('docId').equals(docId).toArray();
    const live = mine.find((c) => !c.mergedInto);

    if (C.deletedAt !== null) {
      if (live && live.updatedAt <= C.deletedAt) {
        for (const table of RECORD_TABLES) await d.table(table).where('customerKey').equals(live.key).delete();
        const old = await d.customers.where('mergedInto').equals(live.key).primaryKeys();
        await d.customers.bulkDelete([...old, live.key]);
        await d.summaries.bulkDelete([...old, live.key]);
        changed.add(live.key);
      }
      return;
    }

    if (C.mergedInto) {
      const target = (await d.customers.where('docId').equals(C.mergedInto).toArray()).find((c) => !c.mergedInto);
      if (!live) return;
      if (!target) {
        let set = this.waitingFor.get(C.mergedInto);
        if (!set) this.waitingFor.set(C.mergedInto, (set = new Set()));
        set.add(docId);
        return;
      }
      await this.turnIntoAlias(live, target, now);
      changed.add(live.key).add(target.key);
      return;
    }

    const key = C.key;
    const holder = await d.customers.get(key);
    if (holder && !holder.mergedInto && docIdOf(holder) !== docId && docIdOf(holder) !== mergedAway) {
      p.collisionWith = docIdOf(holder);
      return;
    }
    if (live && live.key !== key) {
      // Renamed on another agent: move the rows to the new key, the old key becomes an alias.
      for (const table of RECORD_TABLES) await d.table(table).where('customerKey').equals(live.key).modify({ customerKey: key });
      const pointing = await d.customers.where('mergedInto').equals(live.key).toArray();
      await d.customers.bulkPut([
        { ...live, aliases: [], mergedInto: key, updatedAt: now },
        ...pointing.map((p) => ({ ...p, mergedInto: key, updatedAt: now })),
      ]);
      changed.add(live.key);
    }
    if (holder?.mergedInto && holder.mergedInto !== key) {
      // The handle was an old handle of another customer: this customer takes it over.
      const owner = await d.customers.get(holder.mergedInto);
      if (owner) await d.customers.put({ ...owner, aliases: owner.aliases.filter((a) => a !== key) });
    }
    const base = live?.key === key ? live : holder && !holder.mergedInto && docIdOf(holder) === mergedAway ? holder : undefined;
    const aliases = [...new Set([...C.aliases, ...(base?.aliases ?? []), ...(live && live.key !== key ? [live.key, ...live.aliases] : [])])]
      .filter((a) => a !== key)
      .sort();
    const row: Customer = {
      key,
      handle: C.handle,
      displayName: C.displayName,
      tags: C.tags,
      mergedInto: null,
      aliases,
      createdAt: C.createdAt || base?.createdAt || now,
      updatedAt: Math.max(C.updatedAt, base?.updatedAt ?? 0),
      docId,
    };
    if (!sameRow(holder, row)) await d.customers.put(row);
    for (const a of aliases) {
      const cur = await d.customers.get(a);
      if (cur && !cur.mergedInto) continue; // a live customer of its own: not ours to point elsewhere
      if (!cur || cur.mergedInto !== key) {
        await d.customers.put({ key: a, handle: a, displayName: a, tags: [], aliases: [], createdAt: now, updatedAt: now, ...cur, mergedInto: key, docId });
      }
      await d.summaries.put({ key: a, aliasOf: key });
    }

    for (const table of RECORD_TABLES) {
      const t = d.table(table);
      const docRecs = snap.records[table] as Map<string, Record<string, unknown>>;
      const ids = [...docRecs.keys()];
      const existing = (await t.bulkGet(ids)) as Array<RecordRow | undefined>;
      const puts: RecordRow[] = [];
      ids.forEach((id, i) => {
        const next = { ...docRecs.get(id)!, customerKey: key } as Record<string, unknown>;
        const had = existing[i] as Record<string, unknown> | undefined;
        for (const f of LOCAL_FIELDS) if (had && f in had) next[f] = had[f];
        if (table === 'promises' && !('notifiedAt' in next)) next.notifiedAt = null;
        if (!sameRow(had, next)) puts.push(next as unknown as RecordRow);
      });
      if (puts.length) await t.bulkPut(puts);
      const local = (await t.where('customerKey').equals(key).toArray()) as RecordRow[];
      const gone: string[] = [];
      for (const r of local) {
        if (docRecs.has(r.id)) continue;
        if (snap.deleted.has(r.id)) gone.push(r.id);
        else leftovers.push([table, r]);
      }
      if (gone.length) await t.bulkDelete(gone);
      if (puts.length || gone.length) changed.add(key);
    }
    if (!sameRow(holder, row) || changed.has(key)) {
      await this.store.refreshSummary(key);
      changed.add(key);
    }
  }

  private async afterProjection(p: Projection, doc: Y.Doc | null): Promise<void> {
    const { docId, changed, leftovers } = p;
    if (p.collisionWith) {
      await this.resolveCollision(docId, p.collisionWith);
      return;
    }
    if (leftovers.length) {
      for (const [table, row] of leftovers) writeRecord(doc!, table, row as never);
    }
    const waiting = this.waitingFor.get(docId);
    if (waiting) {
      this.waitingFor.delete(docId);
      for (const w of waiting) this.scheduleProject(w);
    }
    if (changed.size) this.opts.onProjected?.([...changed].sort());
  }

  /** In a write: `live` becomes an old handle of `target` (a merge made by another agent), its leftovers move. */
  private async turnIntoAlias(live: Customer, target: Customer, now: number): Promise<void> {
    const d = this.db;
    for (const table of RECORD_TABLES) await d.table(table).where('customerKey').equals(live.key).modify({ customerKey: target.key });
    const aliases = [...new Set([...target.aliases, ...live.aliases, live.key])].filter((a) => a !== target.key).sort();
    const pointing = await d.customers.where('mergedInto').equals(live.key).toArray();
    await d.customers.bulkPut([
      { ...target, aliases, updatedAt: Math.max(target.updatedAt, now) },
      { ...live, aliases: [], mergedInto: target.key, updatedAt: now },
      ...pointing.map((p) => ({ ...p, mergedInto: target.key, updatedAt: now })),
    ]);
    await d.summaries.bulkPut(aliases.map((a) => ({ key: a, aliasOf: target.key })));
    await this.store.refreshSummary(target.key);
  }

  /**
   * Two documents claim one handle: the one whose id sorts first wins. The loser's records move into the winner,
   * the loser is marked merged into it. Deterministic, so agents that both notice write the same thing.
   */
  private async resolveCollision(a: string, b: string): Promise<void> {
    const [winnerId, loserId] = a < b ? [a, b] : [b, a];
    const winner = await this.doc(winnerId);
    const loser = await this.doc(loserId);
    const ls = readDoc(loser);
    const by = this.opts.actor();
    const now = this.now();
    for (const table of RECORD_TABLES) {
      for (const rec of ls.records[table].values()) {
        writeRecord(winner, table, rec as never);
        deleteRecord(loser, table, rec.id, by, now);
      }
    }
    if (ls.customer) {
      const wc = winner.getMap<unknown>('customer');
      const aliases = new Set([...(Array.isArray(wc.get('aliases')) ? (wc.get('aliases') as string[]) : []), ...ls.customer.aliases]);
      const wkey = wc.get('key');
      if (typeof wkey === 'string' && ls.customer.key !== wkey) aliases.add(ls.customer.key);
      if (typeof wkey === 'string') aliases.delete(wkey);
      winner.transact(() => wc.set('aliases', [...aliases].sort()), LOCAL_ORIGIN);
    }
    markMerged(loser, winnerId);
    // Not awaited: this runs inside the projection of one of the two (projections are serialised per document).
    this.scheduleProject(winnerId);
    this.scheduleProject(loserId);
  }
}
