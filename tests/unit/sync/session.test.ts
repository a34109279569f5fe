// @vitest-environment node
// The sign-in the background keeps (lib/sync/session.ts), against the real team server: an agent who worked alone
// joins with an invite code and its history is shared once; a second agent receives it; a viewer reads but shares
// nothing; leaving keeps the local copy and forgets the team; bad addresses and codes say what is wrong.
import fs from 'node:fs';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaselintDB } from '../../../lib/cases/db';
import { CaseStore } from '../../../lib/cases/store';
import { TeamError, TeamSession, parseServerUrl, type TeamStatus } from '../../../lib/sync/session';
import * as roster from '../../../server/roster.ts';
import { testServer, waitFor } from '../server/helpers.ts';

let server: Awaited<ReturnType<typeof testServer>>;
let teamId: string;
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  server = await testServer();
  teamId = (await roster.createTeam(server.db, 'Acme care')).id;
}, 60_000);

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await server?.stop();
  fs.rmSync(server.dataDir, { recursive: true, force: true });
});

async function invite(email: string, role: roster.Role = 'agent', handle?: string): Promise<string> {
  return (await roster.createInvite(server.db, { email, teamId, role, handle })).code;
}

let n = 0;
function browser(name: string) {
  const db = new CaselintDB(`session-${name}-${process.pid}-${++n}`);
  const store = new CaseStore(db);
  const statuses: TeamStatus[] = [];
  const projected: string[][] = [];
  const presence = { states: [] as unknown[] };
  const session = new TeamSession({
    db,
    store,
    WebSocket,
    holdMs: 1000,
    onStatus: (s) => statuses.push(s),
    onProjected: (h) => projected.push(h),
    onPresence: (states) => (presence.states = states),
  });
  cleanups.push(async () => {
    await session.stop();
    // y-dexie's live queries of released documents settle on the next tasks: close the database after them.
    await new Promise((r) => setTimeout(r, 100));
    db.close();
  });
  return { db, store, session, statuses, projected, presence };
}

describe('parseServerUrl', () => {
  it('keeps the origin and refuses what is not a team server address, saying why', () => {
    expect(parseServerUrl(' https://care.example.com/ ')).toBe('https://care.example.com');
    expect(parseServerUrl('care.example.com:8443')).toBe('https://care.example.com:8443');
    expect(parseServerUrl('http://127.0.0.1:8787')).toBe('http://127.0.0.1:8787');
    expect(() => parseServerUrl('')).toThrow(/Enter the team server/);
    expect(() => parseServerUrl('http://care.example.com')).toThrow(/must use https/);
    expect(() => parseServerUrl('ftp://care.example.com')).toThrow(/must start with https/);
    expect(() => parseServerUrl('https://care.example.com/team?x=1')).toThrow(/remove the path/);
    expect(() => parseServerUrl('https://bob:pw@care.example.com')).toThrow(/user name or password/);
  });
});

describe('joining, sharing and leaving', () => {
  it('an agent who worked alone joins: the preview counts the history, joining shares it, a second agent receives it live', async () => {
    const a = browser('a');
    await a.store.addNote({ handle: 'KevinM', text: 'Billed twice in March' });
    await a.store.addPromise({ handle: 'KevinM', text: 'Refund by Friday', due: Date.UTC(2026, 11, 4) });
    await a.store.addNote({ handle: 'dana_w', text: 'Prefers DMs' });
    expect(await a.session.preview()).toEqual({ customers: 2, notes: 2, promises: 1 });
    expect(a.session.status()).toEqual({ joined: false });

    const joined = await a.session.join({ server: server.url, code: await invite('a@acme.test', 'agent', 'agent_a') });
    expect(joined.uploaded).toBe(2);
    expect(joined.team).toMatchObject({ teamName: 'Acme care', teamId, agent: { handle: 'agent_a', role: 'agent' } });
    expect(JSON.stringify(a.session.status())).not.toContain((await a.db.team.get('current'))!.token);
    a.session.connect();
    await waitFor(async () => a.session.status().joined && (a.session.status() as { sync: { pending: number; state: string } }).sync.state === 'connected' && (await a.session.unsyncedKeys(['kevinm'])).size === 0, 'A connected and confirmed', 8000);

    const b = browser('b');
    await b.session.join({ server: server.url, code: await invite('b@acme.test', 'agent', 'agent_b') });
    b.session.connect();
    const kevin = await waitFor(async () => (await b.store.history('kevinm'))?.promises[0], 'the history on B', 8000);
    expect(kevin).toMatchObject({ text: 'Refund by Friday' });
    expect((await b.store.history('kevinm'))!.notes[0]).toMatchObject({ text: 'Billed twice in March' });

    // From now on what A writes carries A's handle, and reaches B without a reload.
    await a.store.addNote({ handle: 'kevinm', text: 'Called billing: refund approved' });
    const note = await waitFor(async () => (await b.store.history('kevinm'))?.notes.find((x) => x.text.startsWith('Called billing')), 'A’s new note on B', 5000);
    expect(note.by).toBe('agent_a');
    expect(b.projected.flat()).toContain('kevinm');
  }, 30_000);

  it('a viewer receives the team’s history but shares nothing and is told it is read-only', async () => {
    const v = browser('viewer');
    await v.store.addNote({ handle: 'private_person', text: 'My own note' });
    const joined = await v.session.join({ server: server.url, code: await invite('v@acme.test', 'viewer') });
    expect(joined.uploaded).toBe(0);
    expect(v.session.readOnlyReason).toMatch(/viewer of the team “Acme care”/);
    v.session.connect();
    await waitFor(async () => (await v.store.history('kevinm'))?.notes.length, 'the team’s history on the viewer', 8000);
  }, 20_000);

  it('leaving keeps the local copy, forgets the sign-in and the shared documents; the next write is local only', async () => {
    const c = browser('c');
    await c.session.join({ server: server.url, code: await invite('c@acme.test', 'agent', 'agent_c') });
    c.session.connect();
    await waitFor(async () => (await c.store.history('kevinm'))?.notes.length, 'the team’s history on C', 8000);
    expect(await c.db.teamDocs.count()).toBeGreaterThan(0);

    await c.session.leave();
    expect(c.session.status()).toEqual({ joined: false });
    expect(await c.db.team.count()).toBe(0);
    expect(await c.db.teamDocs.count()).toBe(0);
    expect(await c.db.syncDocs.count()).toBe(0);
    expect((await c.store.history('kevinm'))!.notes.length).toBeGreaterThan(0);
    const after = await c.store.addNote({ handle: 'kevinm', text: 'after leaving' });
    expect(after.by ?? null).toBeNull();
    expect(await c.db.teamDocs.count()).toBe(0);
  }, 20_000);

  it('a used or unknown invite code, a second join and an unreachable server fail with a clear message and keep working alone', async () => {
    const d = browser('d');
    const code = await invite('d@acme.test');
    const e = browser('e');
    await e.session.join({ server: server.url, code });
    await expect(d.session.join({ server: server.url, code })).rejects.toThrow(/The team server refused: .*invite/i);
    await expect(d.session.join({ server: server.url, code: '   ' })).rejects.toThrow(/Enter the invite code/);
    await expect(e.session.join({ server: server.url, code: 'x' })).rejects.toThrow(/already in the team “Acme care”/);
    const dead = browser('dead');
    const err = await dead.session.join({ server: 'http://127.0.0.1:9', code: 'whatever' }).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(TeamError);
    expect(String(err)).toMatch(/could not be reached/);
    expect(dead.session.signedIn).toBe(false);
    expect(await dead.db.team.count()).toBe(0);
  }, 20_000);

  it('presence: what A publishes reaches B within moments, and goes when A disconnects', async () => {
    const a = browser('pa');
    const b = browser('pb');
    await a.session.join({ server: server.url, code: await invite('pa@acme.test', 'agent', 'agent_pa') });
    await b.session.join({ server: server.url, code: await invite('pb@acme.test', 'agent', 'agent_pb') });
    a.session.connect();
    b.session.connect();
    const at = Date.now();
    a.session.setPresence({ agent: 'agent_pa', key: 'kevinm', mode: 'replying', at, beat: at });
    const t0 = Date.now();
    await waitFor(() => b.presence.states.some((s) => (s as { agent?: string; mode?: string })?.agent === 'agent_pa' && (s as { mode?: string }).mode === 'replying'), 'A replying, seen by B', 2000);
    expect(Date.now() - t0).toBeLessThan(2000);
    a.session.disconnect();
    await waitFor(() => !b.presence.states.some((s) => (s as { agent?: string })?.agent === 'agent_pa'), 'A gone for B', 10_000);
  }, 30_000);

  it('a browser restarted after joining restores the sign-in from its database', async () => {
    const f = browser('f');
    await f.session.join({ server: server.url, code: await invite('f@acme.test', 'agent', 'agent_f') });
    const again = new TeamSession({ db: f.db, store: f.store, WebSocket });
    cleanups.push(() => again.stop());
    await f.session.stop();
    expect(await again.load()).toMatchObject({ teamName: 'Acme care', agent: { handle: 'agent_f' } });
    expect(again.actor).toBe('agent_f');
    const note = await f.store.addNote({ handle: 'someone', text: 'stamped' });
    expect(note.by).toBe('agent_f');
  }, 20_000);
});
