// @vitest-environment node
// Two agents' replicas (lib/sync) through the real team server (server/): A's note and promise travel as Yjs
// updates over a Hocuspocus provider; B learns of the change from the server's index document and catches up with
// /api/pull, then reads them from its own store. An agent of another team gets nothing.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { customerName, indexName } from '../../../server/app.ts';
import { api, b64, connect, destroyAll, team, unb64, waitFor, type Member } from '../server/helpers.ts';
import { acmeServer, type AcmeServer } from './team-server';
import { makeAgent, stopAll, type TestAgent } from './helpers';

let acme: AcmeServer;
let server: AcmeServer['server'];
let A: Member, B: Member, Z: Member;
let teamId: string;
const agents: TestAgent[] = [];

beforeAll(async () => {
  acme = await acmeServer();
  ({ server, teamId, A, B } = acme);
  [Z] = (await team(server, 'Other', [{ email: 'z@other.test', handle: 'agent_z' }])).members as [Member];
}, 20_000);

afterAll(async () => {
  destroyAll();
  await stopAll(...agents);
  await acme?.stop();
});

async function pull(agent: TestAgent, token: string, docIds: string[]) {
  const docs = await Promise.all(docIds.map(async (id) => ({ id, sv: b64(await agent.replica.stateVector(id)) })));
  const res = await api(server, '/api/pull', token, { docs });
  expect(res.status).toBe(200);
  for (const d of res.body.docs as Array<{ id: string; update: string }>) await agent.replica.applyRemote(d.id, unb64(d.update));
  await agent.replica.idle();
  return res.body.docs as unknown[];
}

it('a note and a promise written by agent A reach agent B through the server', async () => {
  const a = makeAgent('agent_a');
  const b = makeAgent('agent_b');
  agents.push(a, b);
  const index = connect(server, indexName(teamId), B.token);
  await index.synced;

  await a.store.addNote({ handle: 'kevinm', text: 'Billing promised a callback' });
  await a.store.addPromise({ handle: 'kevinm', text: 'Call back by 5pm', due: a.clock.now + 3600_000 });
  await a.replica.idle();
  expect(await a.replica.dirtyDocs()).toEqual(['h-kevinm']);

  // A pushes its document the way the extension does: a provider on the document, on a shared socket.
  const socket = new HocuspocusProviderWebsocket({ url: server.url.replace(/^http/, 'ws'), WebSocketPolyfill: WebSocket });
  const doc = await a.replica.doc('h-kevinm');
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: customerName(teamId, 'h-kevinm'), token: A.token, document: doc });
  provider.attach();
  await waitFor(() => provider.isSynced && provider.unsyncedChanges === 0, 'A’s document on the server');

  // B's index shows the change; B pulls it and sees it in its store.
  const changed = await waitFor(() => index.doc.getMap<number>('changed').get('h-kevinm'), 'the index entry');
  expect(changed).toBeGreaterThan(0);
  await pull(b, B.token, ['h-kevinm']);
  const h = await b.store.history('kevinm');
  expect(h!.notes.map((n) => [n.text, n.by])).toEqual([['Billing promised a callback', 'agent_a']]);
  expect(h!.promises.map((p) => p.text)).toEqual(['Call back by 5pm']);
  expect((await b.store.summaries(['kevinm'])).kevinm).toMatchObject({ notes: 1 });

  // Another team's agent pulls the same document id and gets nothing.
  const z = makeAgent('agent_z');
  agents.push(z);
  expect(await pull(z, Z.token, ['h-kevinm'])).toEqual([]);
  expect(await z.store.history('kevinm')).toBeNull();

  provider.destroy();
  socket.destroy();
}, 20_000);
