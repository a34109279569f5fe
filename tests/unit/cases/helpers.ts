import { CaselintDB } from '../../../lib/cases/db';
import { CaseStore } from '../../../lib/cases/store';

let n = 0;
export const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);
export const HOUR = 3600_000;
export const DAY = 24 * HOUR;

/** A store on a fresh fake-indexeddb database with a clock the test moves. */
export function makeStore(start = T0) {
  const clock = { now: start };
  const db = new CaselintDB(`test-cases-${process.pid}-${++n}-${Math.random().toString(36).slice(2)}`);
  const store = new CaseStore(db, { now: () => clock.now });
  return { db, store, clock };
}
