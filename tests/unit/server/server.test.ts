// @vitest-environment node
// The team server end to end in one process: real HTTP, real Hocuspocus providers over ws, PGlite in a temp dir.
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { customerName, indexName } from '../../../server/app.ts';
import * as roster from '../../../server/roster.ts';
import { api, b64, connect, destroyAll, type Member, team, testServer, unb64, waitFor } from './helpers.ts';

type TestServer = Awaited<ReturnType<typeof testServer>>;

let server: TestServer;
let acme: { id: string; members: Member[] };
let other: { id: string; members: Member[] };
let A: Member, B: Member, V: Member, Z: Member;

beforeAll(async () => {
  server = await testServer();
  acme = await team(server, 'Acme care', [
    { email: 'a@acme.test', handle: 'Agent_A' },
    { email: 'b@acme.test', handle: 'agent_b' },
    { email: 'v@acme.test', handle: 'viewer_v', role: 'viewer' },
  ]);
  other = await team(server, 'Other', [{ email: 'z@other.test', handle: 'agent_z' }]);
  [A, B, V] = acme.members as [Member, Member, Member];
  [Z] = other.members as [Member];
}, 20_000);

afterEach(() => destroyAll());
afterAll(async () => {
  destroyAll();
  await server?.stop();
  if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
});

describe('join and tokens', () => {
  it('join issues a token once per code; /api/me knows it', async () => {
    const inv = await roster.createInvite(server.db, { email: 'New@Acme.test', teamId: acme.id, handle: '@new_one' });
    expect(inv.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const joined = await api(server, '/api/join', undefined, { code: inv.code.toLowerCase().replace(/-/g, ' ') });
    expect(joined.status).toBe(200);
    expect(joined.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(joined.body.agent).toMatchObject({ email: 'new@acme.test', handle: 'new_one', role: 'agent' });
    expect(joined.body.team).toEqual({ id: acme.id, name: 'Acme care' });
    expect(joined.body.expiresAt).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(joined.headers.get('access-control-allow-origin')).toBe('*');

    const again = await api(server, '/api/join', undefined, { code: inv.code });
    expect(again.status).toBe(401);
    expect(again.body.error).toMatch(/already used/);

    const me = await api(server, '/api/me', joined.body.token);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ agent: { email: 'new@acme.test' }, team: { id: acme.id }, expiresAt: joined.body.expiresAt });

    // Only a hash is stored.
    const rows = await server.db.query<{ token_hash: string }>('SELECT token_hash FROM tokens WHERE id = $1', [joined.body.tokenId]);
    expect(rows[0]!.token_hash).toBe(roster.sha256(joined.body.token));
    expect(JSON.stringify(await server.db.query('SELECT * FROM tokens'))).not.toContain(joined.body.token);
  });

  it('unknown, expired and revoked tokens are refused over HTTP and WebSocket', async () => {
    expect((await api(server, '/api/me')).status).toBe(401);
    expect((await api(server, '/api/me', 'nope')).body.error).toBe('unknown token');

    const inv = await roster.createInvite(server.db, { email: 'old@acme.test', teamId: acme.id });
    const expired = await roster.join(server.db, { code: inv.code }, -1000);
    expect((await api(server, '/api/me', expired.token)).body.error).toBe('token expired');
    const c1 = connect(server, customerName(acme.id, 'h-x'), expired.token);
    await waitFor(() => c1.failures.length > 0, 'refusal of the expired token');
    expect(c1.failures).toContain('token-expired');

    const inv2 = await roster.createInvite(server.db, { email: 'gone@acme.test', teamId: acme.id });
    const gone = await roster.join(server.db, { code: inv2.code }, 86_400_000);
    await server.revoke(gone.tokenId);
    expect((await api(server, '/api/me', gone.token)).body.error).toBe('token revoked');
    const c2 = connect(server, customerName(acme.id, 'h-x'), gone.token);
    await waitFor(() => c2.failures.length > 0, 'refusal of the revoked token');
    expect(c2.failures).toContain('token-revoked');

    const c3 = connect(server, customerName(acme.id, 'h-x'), 'garbage');
    await waitFor(() => c3.failures.length > 0, 'refusal of an unknown token');
    expect(c3.failures).toContain('unknown-token');
  });

  it('bad join bodies name what is wrong', async () => {
    expect((await api(server, '/api/join', undefined, {})).body.error).toMatch(/invite code is needed/);
    const inv = await roster.createInvite(server.db, { email: 'h@acme.test', teamId: acme.id });
    const bad = await api(server, '/api/join', undefined, { code: inv.code, handle: 'not a handle!' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/not an X handle/);
    const res = await fetch(`${server.url}/api/join`, { method: 'POST', body: 'not json' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/not JSON/);
    expect((await api(server, '/nope')).status).toBe(404);
  });
});

describe('documents and roles', () => {
  it('a document of another team, or an unknown name, is refused', async () => {
    const c = connect(server, customerName(acme.id, 'h-alice'), Z.token);
    const d = connect(server, `team:${other.id}:notes`, Z.token);
    const e = connect(server, customerName(other.id, 'Bad Id'), Z.token);
    await waitFor(() => c.failures.length && d.failures.length && e.failures.length, 'three refusals');
    expect([...c.failures, ...d.failures, ...e.failures]).toEqual(['forbidden-document', 'forbidden-document', 'forbidden-document']);
    expect(server.hocuspocus.documents.has(customerName(acme.id, 'h-alice'))).toBe(false);
  });

  it('agents of one team see each other live; a viewer reads but its writes are never applied', async () => {
    const name = customerName(acme.id, 'h-viewer-test');
    const a = connect(server, name, A.token);
    const v = connect(server, name, V.token);
    await Promise.all([a.synced, v.synced]);
    a.doc.getMap('notes').set('n1', 'from A');
    await waitFor(() => v.doc.getMap('notes').get('n1') === 'from A', 'the viewer to receive A’s note');

    v.doc.getMap('notes').set('n2', 'from viewer');
    v.doc.getMap('customer').set('handle', 'hijack');
    // A later write of A's reaches the viewer, so the viewer's write had time to arrive first: it was not applied.
    a.doc.getMap('notes').set('n3', 'later');
    await waitFor(() => v.doc.getMap('notes').get('n3') === 'later', 'A’s later note at the viewer');
    await new Promise((r) => setTimeout(r, 100));
    const serverDoc = server.hocuspocus.documents.get(name)!;
    expect(serverDoc.getMap('notes').get('n2')).toBeUndefined();
    expect(serverDoc.getMap('customer').get('handle')).toBeUndefined();
    expect(a.doc.getMap('notes').get('n2')).toBeUndefined();
    expect(v.provider.authorizedScope).toBe('readonly');
    expect(a.provider.authorizedScope).toBe('read-write');
  });

  it('the index is read-only, records changes within the coalescing window and lists the agents', async () => {
    const b = connect(server, indexName(acme.id), B.token);
    await b.synced;
    expect(b.provider.authorizedScope).toBe('readonly');
    const agents = b.doc.getMap('agents').toJSON();
    expect(agents).toMatchObject({
      agent_a: { handle: 'Agent_A', email: 'a@acme.test', role: 'agent' },
      agent_b: { handle: 'agent_b', role: 'agent' },
      viewer_v: { role: 'viewer' },
    });
    expect(Object.keys(agents)).not.toContain('agent_z');

    const a = connect(server, customerName(acme.id, 'h-indexed'), A.token);
    await a.synced;
    const before = Date.now();
    a.doc.getMap('customer').set('handle', 'indexed');
    const at = await waitFor(() => b.doc.getMap<number>('changed').get('h-indexed'), 'the change in the index');
    const delay = Date.now() - before;
    expect(at).toBeGreaterThanOrEqual(before - 5);
    expect(delay).toBeLessThan(1000);

    // B's own write to the index never reaches the server's copy.
    b.doc.getMap<number>('changed').set('h-forged', 1);
    await new Promise((r) => setTimeout(r, 20));
    a.doc.getMap('customer').set('displayName', 'x');
    await waitFor(() => (b.doc.getMap<number>('changed').get('h-indexed') ?? 0) > at, 'the second change in the index');
    await new Promise((r) => setTimeout(r, 100));
    expect(server.hocuspocus.documents.get(indexName(acme.id))!.getMap('changed').get('h-forged')).toBeUndefined();

    // The other team's index knows nothing of it.
    const z = connect(server, indexName(other.id), Z.token);
    await z.synced;
    expect(z.doc.getMap('changed').get('h-indexed')).toBeUndefined();
    expect(Object.keys(z.doc.getMap('agents').toJSON())).toEqual(['agent_z']);
  });

  it('a burst of writes to many documents is coalesced into few index updates', async () => {
    const b = connect(server, indexName(acme.id), B.token);
    await b.synced;
    let indexUpdates = 0;
    b.doc.on('update', () => indexUpdates++);
    const docs = Array.from({ length: 20 }, (_, i) => connect(server, customerName(acme.id, `h-burst-${i}`), A.token));
    await Promise.all(docs.map((c) => c.synced));
    docs.forEach((c, i) => c.doc.getMap('customer').set('handle', `burst${i}`));
    await waitFor(() => docs.every((_, i) => b.doc.getMap('changed').has(`h-burst-${i}`)), 'all 20 in the index');
    expect(indexUpdates).toBeLessThanOrEqual(5);
  });

  it('joining and revoking keep the index’s agents map in sync with the roster', async () => {
    const b = connect(server, indexName(acme.id), B.token);
    await b.synced;
    const inv = await roster.createInvite(server.db, { email: 'late@acme.test', teamId: acme.id, handle: 'Late_Comer' });
    const joined = await api(server, '/api/join', undefined, { code: inv.code });
    expect(joined.status).toBe(200);
    await waitFor(() => b.doc.getMap('agents').has('late_comer'), 'the new agent in the index');
    await server.revoke('late@acme.test');
    await waitFor(() => !b.doc.getMap('agents').has('late_comer'), 'the revoked agent gone from the index');
  });

  it('revoking a token closes its open connections at once and refuses the reconnect', async () => {
    const inv = await roster.createInvite(server.db, { email: 'leaver@acme.test', teamId: acme.id, handle: 'leaver' });
    const joined = await roster.join(server.db, { code: inv.code }, 86_400_000);
    const keep = connect(server, customerName(acme.id, 'h-revoke'), A.token);
    const c = connect(server, customerName(acme.id, 'h-revoke'), joined.token);
    await Promise.all([c.synced, keep.synced]);
    const t0 = Date.now();
    const revoked = await server.revoke('leaver@acme.test');
    expect(revoked.tokenIds).toEqual([joined.tokenId]);
    await waitFor(() => c.closes.length > 0, 'the close of the revoked connection', 1000);
    expect(c.closes).toContain('token-revoked');
    await waitFor(() => c.failures.includes('token-revoked'), 'the refused reconnect', 2000);
    expect(Date.now() - t0).toBeLessThan(2000);
    // Writes after the revoke never land; the other agent's connection stays.
    c.doc.getMap('notes').set('after', 'revoked');
    keep.doc.getMap('notes').set('still', 'here');
    await waitFor(() => server.hocuspocus.documents.get(customerName(acme.id, 'h-revoke'))?.getMap('notes').get('still'), 'A still connected');
    expect(server.hocuspocus.documents.get(customerName(acme.id, 'h-revoke'))!.getMap('notes').get('after')).toBeUndefined();
    expect(keep.closes).toEqual([]);
  });
});

describe('pull', () => {
  it('returns diffs against a state vector, from memory and from the database, and nothing of other teams', async () => {
    const a1 = connect(server, customerName(acme.id, 'h-pull-1'), A.token);
    const a2 = connect(server, customerName(acme.id, 'h-pull-2'), A.token);
    await Promise.all([a1.synced, a2.synced]);
    a1.doc.getMap('customer').set('handle', 'pull1');
    a2.doc.getMap('customer').set('handle', 'pull2');
    await waitFor(() => server.hocuspocus.documents.get(customerName(acme.id, 'h-pull-2'))?.getMap('customer').get('handle'), 'the write on the server');

    // A copy that already has the first state gets only what it lacks.
    const local = new Y.Doc();
    Y.applyUpdate(local, Y.encodeStateAsUpdate(a1.doc));
    a1.doc.getMap('notes').set('n1', 'x'.repeat(200));
    await waitFor(() => server.hocuspocus.documents.get(customerName(acme.id, 'h-pull-1'))?.getMap('notes').get('n1'), 'the note on the server');

    const res = await api(server, '/api/pull', B.token, {
      docs: [
        { id: 'h-pull-1', sv: b64(Y.encodeStateVector(local)) },
        { id: 'h-pull-2', sv: null },
        { id: 'h-missing', sv: null },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.docs.map((d: { id: string }) => d.id)).toEqual(['h-pull-1', 'h-pull-2']);
    const diff = unb64(res.body.docs[0].update);
    expect(diff.length).toBeLessThan(Y.encodeStateAsUpdate(a1.doc).length);
    Y.applyUpdate(local, diff);
    expect(local.getMap('notes').get('n1')).toBe('x'.repeat(200));
    const full = new Y.Doc();
    Y.applyUpdate(full, unb64(res.body.docs[1].update));
    expect(full.getMap('customer').get('handle')).toBe('pull2');

    // Unloaded documents come from the database.
    a1.destroy();
    a2.destroy();
    await waitFor(() => !server.hocuspocus.documents.has(customerName(acme.id, 'h-pull-1')) && !server.hocuspocus.documents.has(customerName(acme.id, 'h-pull-2')), 'the documents unloaded');
    const fromDb = await api(server, '/api/pull', V.token, { docs: [{ id: 'h-pull-1', sv: b64(Y.encodeStateVector(local)) }, { id: 'h-pull-2', sv: null }] });
    expect(fromDb.body.docs).toHaveLength(2);
    const again = new Y.Doc();
    Y.applyUpdate(again, unb64(fromDb.body.docs[1].update));
    expect(again.getMap('customer').get('handle')).toBe('pull2');
    const before = local.getMap('notes').toJSON();
    Y.applyUpdate(local, unb64(fromDb.body.docs[0].update));
    expect(local.getMap('notes').toJSON()).toEqual(before);

    // Another team asking for the same ids gets nothing.
    expect((await api(server, '/api/pull', Z.token, { docs: [{ id: 'h-pull-1', sv: null }, { id: 'h-pull-2', sv: null }] })).body).toEqual({ docs: [] });
  });

  it('refuses bad requests: no token, more than 500 documents, bad ids or state vectors', async () => {
    expect((await api(server, '/api/pull', undefined, { docs: [] })).status).toBe(401);
    const many = Array.from({ length: 501 }, (_, i) => ({ id: `h-${i}`, sv: null }));
    const tooMany = await api(server, '/api/pull', A.token, { docs: many });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatch(/at most 500/);
    expect((await api(server, '/api/pull', A.token, { docs: [{ id: '../index', sv: null }] })).body.error).toMatch(/bad document id/);
    expect((await api(server, '/api/pull', A.token, { docs: [{ id: 'h-a', sv: 42 }] })).body.error).toMatch(/bad state vector/);
    expect((await api(server, '/api/pull', A.token, { docs: 'x' })).body.error).toMatch(/must be an array/);
    const ok = await api(server, '/api/pull', A.token, { docs: many.slice(0, 500) });
    expect(ok.status).toBe(200);
  });
});

describe('health, metrics, CORS', () => {
  it('healthz and metrics answer; OPTIONS preflights are answered', async () => {
    const h = await api(server, '/healthz');
    expect(h.status).toBe(200);
    expect(h.body).toEqual({ ok: true, database: 'pglite', redis: false });

    const c = connect(server, customerName(acme.id, 'h-metrics'), A.token);
    await c.synced;
    c.doc.getMap('notes').set('m', 1);
    await waitFor(async () => /caselint_updates_total [1-9]/.test((await api(server, '/metrics')).body as string), 'an update counted');
    const m = await fetch(`${server.url}/metrics`);
    expect(m.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await m.text();
    const value = (name: string): number => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    for (const name of ['caselint_connections', 'caselint_documents_loaded', 'caselint_updates_total', 'caselint_updates_per_second', 'caselint_auth_failures_total']) {
      expect(text).toContain(`# TYPE ${name} `);
      expect(Number.isFinite(value(name))).toBe(true);
    }
    expect(value('caselint_connections')).toBeGreaterThanOrEqual(1);
    expect(value('caselint_documents_loaded')).toBeGreaterThanOrEqual(1);
    expect(value('caselint_updates_per_second')).toBeGreaterThan(0);
    expect(value('caselint_auth_failures_total')).toBeGreaterThan(0);

    const pre = await fetch(`${server.url}/api/pull`, { method: 'OPTIONS', headers: { Origin: 'chrome-extension://abc', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(pre.headers.get('access-control-allow-methods')).toMatch(/POST/);
  });
});

describe('persistence and limits', () => {
  it('data survives a restart on the same data directory', async () => {
    const dataDir = (await import('./helpers.ts')).tempDir();
    let s = await testServer({ dataDir });
    try {
      const t = await team(s, 'Persist', [{ email: 'p@p.test', handle: 'pp' }]);
      const p = t.members[0]!;
      const c = connect(s, customerName(t.id, 'h-kept'), p.token);
      await c.synced;
      c.doc.getMap('notes').set('n', 'kept across restarts');
      await waitFor(() => s.hocuspocus.documents.get(customerName(t.id, 'h-kept'))?.getMap('notes').get('n'), 'the note on the server');
      c.destroy();
      await s.stop(); // stores what is in memory, whatever the debounce
      s = await testServer({ dataDir });
      expect((await api(s, '/api/me', p.token)).status).toBe(200);
      const c2 = connect(s, customerName(t.id, 'h-kept'), p.token);
      await c2.synced;
      expect(c2.doc.getMap('notes').get('n')).toBe('kept across restarts');
      const idx = connect(s, indexName(t.id), p.token);
      await idx.synced;
      expect(idx.doc.getMap('changed').get('h-kept')).toBeGreaterThan(0);
      expect(idx.doc.getMap('agents').has('pp')).toBe(true);
    } finally {
      destroyAll();
      await s.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 20_000);

  it('failed attempts are limited per address', async () => {
    const s = await testServer({ authFailuresPerMinute: 3 });
    try {
      for (let i = 0; i < 3; i++) expect((await api(s, '/api/me', 'wrong')).status).toBe(401);
      const limited = await api(s, '/api/me', 'wrong');
      expect(limited.status).toBe(429);
      expect(limited.body.error).toMatch(/too many failed attempts/);
      expect((await api(s, '/api/join', undefined, { code: 'AAAA-BBBB-CCCC' })).status).toBe(429);
    } finally {
      await s.stop();
      fs.rmSync(s.dataDir, { recursive: true, force: true });
    }
  }, 20_000);

  it('refuses REDIS_URL without DATABASE_URL', async () => {
    await expect(testServer({ redisUrl: 'redis://127.0.0.1:1' })).rejects.toThrow(/DATABASE_URL/);
  });
});
