/**
 * Captures this browser's own writes to the case tables as they commit, so the sync engine can write them into the
 * shared documents. Uses Dexie's table hooks (creating / updating / deleting), which see every write path of the
 * store (single puts, `modify`, `where().delete()`, bulk puts of an import) with the exact fields changed, inside
 * the transaction that made them. Changes are handed over once the IndexedDB transaction has committed (an aborted
 * write never reaches the team). Writes made by the projection of remote documents run in a transaction marked with
 * `suppressCapture` and are not captured (they came from the team).
 */
import Dexie, { type Transaction } from 'dexie';
import type { CaselintDB } from '../cases/db';
import type { Customer } from '../cases/types';
import { RECORD_TABLES, type RecordRow, type RecordTable } from './doc';

export type CapturedChange =
  | { table: 'customers'; kind: 'put'; key: string; row: Customer; before: Customer | null }
  | { table: 'customers'; kind: 'delete'; key: string; before: Customer }
  | { table: RecordTable; kind: 'create'; id: string; row: RecordRow }
  | { table: RecordTable; kind: 'update'; id: string; row: RecordRow; mods: Record<string, unknown>; before: RecordRow }
  | { table: RecordTable; kind: 'delete'; id: string; before: RecordRow };

const suppressed = new WeakSet<object>();

/** Marks the current Dexie transaction (call inside it) as not to be captured. */
export function suppressCapture(): void {
  const tx = Dexie.currentTransaction as (Transaction & { idbtrans?: IDBTransaction }) | null;
  if (tx?.idbtrans) suppressed.add(tx.idbtrans);
}

function applyMods<T extends object>(obj: T, mods: Record<string, unknown>): T {
  const next = { ...obj } as Record<string, unknown>;
  for (const [k, v] of Object.entries(mods)) {
    if (v === undefined) delete next[k];
    else next[k] = v;
  }
  return next as T;
}

type Hook = (...args: never[]) => unknown;
/** Subscribes one table's three hooks; returns the unsubscriber. */
function subscribe(t: { hook: (name: string) => { subscribe(f: Hook): void; unsubscribe(f: Hook): void } }, create: Hook, update: Hook, del: Hook): () => void {
  t.hook('creating').subscribe(create);
  t.hook('updating').subscribe(update);
  t.hook('deleting').subscribe(del);
  return () => {
    t.hook('creating').unsubscribe(create);
    t.hook('updating').unsubscribe(update);
    t.hook('deleting').unsubscribe(del);
  };
}

/**
 * Subscribes the hooks; `onCommit` receives each committed transaction's changes in the order they were made.
 * Returns the function that unsubscribes them.
 */
export function captureChanges(db: CaselintDB, onCommit: (changes: CapturedChange[]) => void): () => void {
  const pending = new WeakMap<IDBTransaction, CapturedChange[]>();
  const push = (trans: Transaction, change: CapturedChange) => {
    const idb = (trans as Transaction & { idbtrans?: IDBTransaction }).idbtrans;
    if (!idb || suppressed.has(idb)) return;
    let list = pending.get(idb);
    if (!list) {
      list = [];
      pending.set(idb, list);
      const done = list;
      idb.addEventListener('complete', () => {
        pending.delete(idb);
        if (done.length) onCommit(done);
      });
      idb.addEventListener('abort', () => pending.delete(idb));
    }
    list.push(change);
  };
  const off: Array<() => void> = [];

  const customers = db.customers;
  const onCreateCustomer = function (_key: unknown, obj: Customer, trans: Transaction) {
    push(trans, { table: 'customers', kind: 'put', key: obj.key, row: { ...obj }, before: null });
  };
  const onUpdateCustomer = function (mods: object, _key: unknown, obj: Customer, trans: Transaction) {
    push(trans, { table: 'customers', kind: 'put', key: obj.key, row: applyMods(obj, mods as Record<string, unknown>), before: { ...obj } });
  };
  const onDeleteCustomer = function (_key: unknown, obj: Customer, trans: Transaction) {
    if (obj) push(trans, { table: 'customers', kind: 'delete', key: obj.key, before: { ...obj } });
  };
  off.push(subscribe(customers, onCreateCustomer, onUpdateCustomer, onDeleteCustomer));

  for (const table of RECORD_TABLES) {
    const t = db.table(table);
    const onCreate = function (_key: unknown, obj: RecordRow, trans: Transaction) {
      push(trans, { table, kind: 'create', id: obj.id, row: { ...obj } });
    };
    const onUpdate = function (mods: object, _key: unknown, obj: RecordRow, trans: Transaction) {
      const m = mods as Record<string, unknown>;
      push(trans, { table, kind: 'update', id: obj.id, row: applyMods(obj, m), mods: { ...m }, before: { ...obj } });
    };
    const onDelete = function (_key: unknown, obj: RecordRow, trans: Transaction) {
      if (obj) push(trans, { table, kind: 'delete', id: obj.id, before: { ...obj } });
    };
    off.push(subscribe(t, onCreate, onUpdate, onDelete));
  }
  return () => off.forEach((f) => f());
}
