// @vitest-environment node
// The transport the background uses (lib/sync/transport.ts) between two agents and the real team server: A's
// note reaches B's store live (index notice + /api/pull), B's edit comes back to A, writes made while the server is
// unreachable are pushed when it answers again.
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CaselintDB } from '../../../lib/cases/db';
import { CaseStore } from '../../../lib/cases/store';
import { Replica } from '../../../lib/sync/replica';
import { TeamTransport } from '../../../lib/sync/transport';
import { waitFor, type Member } from '../server/helpers.ts';
import { acmeServer, type AcmeServer } from './team-server';

let acme: AcmeServer;
let server: AcmeServer['server'];
let A: Member, B: Member;
let teamId: string;
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  acme = await acmeServer();
  ({ server, teamId, A, B } = acme);
}, 20_000);

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await acme?.stop();
});

let n = 0;
function agent(name: string, member: Member) {
  const db = new CaselintDB(`transport-${name}-${process.pid}-${++n}`);
  const store = new CaseStore(db, { actor: () => name });
  let transport: TeamTransport | null = null;
  const replica = new Replica({ db, store, actor: () => name, onLocalChange: (id) => transport?.localChange(id) });
  replica.start();
  transport = new TeamTransport({ replica, credentials: { server: server.url, token: member.token, teamId }, WebSocket, holdMs: 2000 });
  transport.start();
  cleanups.push(async () => {
    transport!.stop();
    await replica.stop();
    db.close();
  });
  return { db, store, replica, transport };
}

it('a note written by A shows in B’s store without anything asked, and B’s edit comes back to A', async () => {
  const a = agent('agent_a', A);
  const b = agent('agent_b', B);
  await waitFor(() => a.transport.current.state === 'connected' && b.transport.current.state === 'connected', 'both connected');

  const t0 = Date.now();
  const note = await a.store.addNote({ handle: 'kevinm', text: 'Billing promised a callback' });
  const got = await waitFor(async () => (await b.store.history('kevinm'))?.notes[0], 'the note on B', 5000);
  expect(got).toMatchObject({ text: 'Billing promised a callback', by: 'agent_a' });
  expect(Date.now() - t0).toBeLessThan(5000);
  await waitFor(async () => a.transport.current.pending === 0 && (await a.replica.dirtyDocs()).length === 0, 'A’s change confirmed');

  await b.store.updateNote({ id: note.id, text: 'Billing called back at 4pm' });
  await waitFor(async () => (await a.store.history('kevinm'))?.notes[0]?.text === 'Billing called back at 4pm', 'B’s edit on A', 5000);
}, 20_000);
