import * as Y from 'yjs';
import { CaselintDB } from '../../../lib/cases/db';
import { CaseStore } from '../../../lib/cases/store';
import { Replica } from '../../../lib/sync/replica';

let n = 0;

export interface TestAgent {
  name: string;
  db: CaselintDB;
  store: CaseStore;
  replica: Replica;
  projected: string[][];
  clock: { now: number };
}

/** An agent: its own database, store and replica (no transport: `exchange` plays the server). */
export function makeAgent(name: string, start = Date.UTC(2026, 0, 10, 9)): TestAgent {
  const clock = { now: start };
  const db = new CaselintDB(`sync-${name}-${process.pid}-${++n}-${Math.random().toString(36).slice(2)}`);
  const store = new CaseStore(db, { now: () => clock.now, actor: () => name });
  const projected: string[][] = [];
  const replica = new Replica({ db, store, actor: () => name, now: () => clock.now, onProjected: (h) => projected.push(h) });
  replica.start();
  return { name, db, store, replica, projected, clock };
}

async function docIds(a: TestAgent): Promise<string[]> {
  return (await a.db.teamDocs.toCollection().primaryKeys()) as string[];
}

/** Brings two agents' documents together both ways (what the server does), then waits for both projections. */
export async function exchange(...agents: TestAgent[]): Promise<void> {
  for (let round = 0; round < 3; round++) {
    await Promise.all(agents.map((a) => a.replica.idle()));
    const all = new Set<string>();
    for (const a of agents) (await docIds(a)).forEach((id) => all.add(id));
    for (const id of all) {
      const docs = await Promise.all(agents.map((a) => a.replica.doc(id)));
      const merged = Y.mergeUpdates(docs.map((d) => Y.encodeStateAsUpdate(d)));
      for (const a of agents) await a.replica.applyRemote(id, merged);
    }
    await Promise.all(agents.map((a) => a.replica.idle()));
  }
}

export async function stopAll(...agents: TestAgent[]): Promise<void> {
  for (const a of agents) {
    await a.replica.stop();
    a.db.close();
  }
}
