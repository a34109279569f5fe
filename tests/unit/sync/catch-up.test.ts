// @vitest-environment node
// A new agent joins a team whose server already holds many customers: the transport's catch-up (index + /api/pull)
// brings every customer and note into its store, and lets go of each document once it is projected (y-dexie
// re-runs a live query per loaded document on every stored update: a catch-up holding the whole batch in memory
// made a 1,000-customer sync take minutes; scripts/bench/sync.ts measures it).
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CaselintDB } from '../../../lib/cases/db';
import { CaseStore } from '../../../lib/cases/store';
import { readDoc, writeCustomer, writeRecord } from '../../../lib/sync/doc';
import { Replica } from '../../../lib/sync/replica';
import { TeamTransport } from '../../../lib/sync/transport';
import { customerName, indexName } from '../../../server/app.ts';
import { storeDocument } from '../../../server/storage.ts';
import { waitFor } from '../server/helpers.ts';
import { acmeServer, type AcmeServer } from './team-server';

const CUSTOMERS = 120;
let acme: AcmeServer;

beforeAll(async () => {
  acme = await acmeServer();
  const { server, teamId } = acme;
  const at = Date.UTC(2026, 10, 2, 9);
  for (let i = 0; i < CUSTOMERS; i++) {
    const key = `cust_${i}`;
    const doc = new Y.Doc();
    writeCustomer(doc, { key, handle: `Cust_${i}`, displayName: `Customer ${i}`, tags: [], aliases: [], createdAt: at, updatedAt: at, docId: `h-${key}` }, 'agent_a');
    writeRecord(doc, 'notes', { id: `n-${i}`, customerKey: key, caseId: null, text: `Promised a callback to customer ${i}`, createdAt: at + i, by: 'agent_a' });
    await storeDocument(server.db, customerName(teamId, `h-${key}`), Y.encodeStateAsUpdate(doc));
  }
  const index = await server.hocuspocus.openDirectConnection(indexName(teamId), { server: true });
  await index.transact((doc) => {
    for (let i = 0; i < CUSTOMERS; i++) doc.getMap('changed').set(`h-cust_${i}`, at + i);
  });
  await index.disconnect();
}, 30_000);

afterAll(async () => {
  await acme?.stop();
});

it('a new agent receives every customer of the team and keeps only a few documents in memory', async () => {
  const db = new CaselintDB(`catch-up-${process.pid}`);
  const store = new CaseStore(db, { actor: () => 'agent_b' });
  const replica = new Replica({ db, store, actor: () => 'agent_b' });
  replica.start();
  const transport = new TeamTransport({ replica, credentials: { server: acme.server.url, token: acme.B.token, teamId: acme.teamId }, WebSocket });
  transport.start();
  try {
    await waitFor(async () => (await db.notes.count()) === CUSTOMERS, `${CUSTOMERS} notes in B's store`, 30_000);
    await replica.idle();
    expect(await db.customers.count()).toBe(CUSTOMERS);
    expect((await store.history('cust_77'))?.notes[0]).toMatchObject({ text: 'Promised a callback to customer 77', by: 'agent_a' });
    expect(transport.current.lastError).toBeNull();
    expect(replica.loadedDocs).toBeLessThanOrEqual(5);
    // The pulled documents are stored (y-dexie, one bulkAdd per batch), not only projected: loaded again from the
    // database they hold the customer and its notes.
    const stored = readDoc(await replica.doc('h-cust_77'));
    expect(stored.customer?.key).toBe('cust_77');
    expect([...stored.records.notes.values()].map((n) => n.text)).toEqual(['Promised a callback to customer 77']);
  } finally {
    transport.stop();
    await replica.stop();
    db.close();
  }
}, 60_000);
