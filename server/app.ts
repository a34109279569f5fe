// The team server: Hocuspocus 3 (WebSocket) and a small HTTP API on one port. See docs/sync-protocol.md.
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { Database } from '@hocuspocus/extension-database';
import { Redis } from '@hocuspocus/extension-redis';
import { Server } from '@hocuspocus/server';
import type { Connection, DirectConnection, Document, Extension, Hocuspocus } from '@hocuspocus/server';
import * as Y from 'yjs';
import { FailureLimiter, RateWindow, TtlCache } from './limits.ts';
import * as roster from './roster.ts';
import { RosterError, type TokenCheck, type TokenInfo } from './roster.ts';
import { type Db, fetchDocument, fetchDocuments, openDatabase, storeDocument } from './storage.ts';

export interface ServerOptions {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl?: string | undefined;
  redisUrl?: string | undefined;
  tokenTtlMs: number;
  /** Failed sign-ins (join, me, pull, WebSocket auth) allowed per IP and minute before it gets 429 / rate-limited. */
  authFailuresPerMinute?: number;
  /** Use the first X-Forwarded-For address as the client's (only behind a reverse proxy you run). */
  trustProxy?: boolean;
  /** Coalescing delay of index updates (ms). */
  indexFlushMs?: number;
  /** How often open connections are checked against revoked or expired tokens (ms; revokes made through another process). */
  sweepMs?: number;
  /** Hocuspocus store debounce (ms) and its maximum. */
  debounce?: number;
  maxDebounce?: number;
  /** Print nothing (tests). */
  quiet?: boolean;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly db: Db;
  readonly hocuspocus: Hocuspocus;
  /** Revokes (as the admin command does) and closes the connections of the revoked tokens. */
  revoke(target: string, teamId?: string): Promise<roster.Revoked>;
  stop(): Promise<void>;
}

export const SERVER_ORIGIN = '__caselint_server__';
const REDIS_ORIGIN = '__hocuspocus__redis__origin__';
const DOC_ID = /^[a-z0-9_-]{1,80}$/;
const DOC_NAME = /^team:([^:]+):(index|presence|customer:([a-z0-9_-]{1,80}))$/;
export const MAX_PULL = 500;
const MAX_BODY = 2 * 1024 * 1024;

export const indexName = (teamId: string): string => `team:${teamId}:index`;
export const customerName = (teamId: string, docId: string): string => `team:${teamId}:customer:${docId}`;

export function parseDocName(name: string): { teamId: string; kind: 'index' | 'presence' | 'customer'; docId?: string } | null {
  const m = DOC_NAME.exec(name);
  if (!m) return null;
  if (m[3]) return { teamId: m[1]!, kind: 'customer', docId: m[3] };
  return { teamId: m[1]!, kind: m[2] as 'index' | 'presence' };
}

/** A refusal in onAuthenticate: an object with a reason and no message, so Hocuspocus logs nothing and sends the reason. */
const refuse = (reason: string): { reason: string } => ({ reason });

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type',
  'Access-Control-Max-Age': '600',
};

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = type === 'application/json' ? JSON.stringify(body) : String(body);
  res.writeHead(status, { ...CORS, 'Content-Type': `${type}; charset=utf-8`, 'Cache-Control': 'no-store' });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, `request body over ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'request body is not JSON');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'request body must be a JSON object');
  return body as Record<string, unknown>;
}

const bearer = (req: IncomingMessage): string => {
  const h = req.headers.authorization ?? '';
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1]! : '';
};

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The admin secret: made once, kept in the data directory, readable by its owner only. */
export function adminSecret(dataDir: string): string {
  const file = path.join(dataDir, 'admin-secret');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    const secret = crypto.randomBytes(32).toString('base64url');
    try {
      fs.writeFileSync(file, secret + '\n', { flag: 'wx', mode: 0o600 });
      return secret;
    } catch {
      return fs.readFileSync(file, 'utf8').trim(); // another process made it first
    }
  }
}

export const serverInfoFile = (dataDir: string): string => path.join(dataDir, 'server.json');

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  if (opts.redisUrl && !opts.databaseUrl) {
    throw new Error(
      'REDIS_URL is for several server processes sharing documents, and they need one shared PostgreSQL: set DATABASE_URL too (the embedded PGlite database is single-process)',
    );
  }
  const log = (line: string): void => {
    if (!opts.quiet) console.log(line);
  };
  const db = await openDatabase({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir });
  const secret = adminSecret(opts.dataDir);
  const merge = Boolean(opts.redisUrl);
  const limiter = new FailureLimiter(opts.authFailuresPerMinute ?? 30);
  const tokenCache = new TtlCache<TokenCheck>(10_000);
  const updates = new RateWindow(10);
  const counters = { updates: 0, authFailures: 0, pulls: 0, pulledDocs: 0 };
  const flushMs = opts.indexFlushMs ?? 50;

  const clientIp = (req: IncomingMessage | undefined): string => {
    if (opts.trustProxy) {
      const fwd = req?.headers['x-forwarded-for'];
      const first = (Array.isArray(fwd) ? fwd[0] : fwd)?.split(',')[0]?.trim();
      if (first) return first;
    }
    return req?.socket.remoteAddress ?? 'unknown';
  };
  const failed = (ip: string): void => {
    counters.authFailures++;
    limiter.fail(ip);
  };

  async function tokenCheck(token: string): Promise<TokenCheck> {
    const key = roster.sha256(token);
    const cached = tokenCache.get(key);
    if (cached) {
      if (cached.ok && cached.info.expiresAt <= Date.now()) return { ok: false, reason: 'token-expired' };
      return cached;
    }
    const result = await roster.checkToken(db, token);
    tokenCache.set(key, result);
    return result;
  }

  /** HTTP callers: a valid token or an HttpError (401, or 429 when this IP failed too often). */
  async function authHttp(req: IncomingMessage): Promise<TokenInfo> {
    const ip = clientIp(req);
    if (limiter.blocked(ip)) {
      counters.authFailures++;
      throw new HttpError(429, 'too many failed attempts from this address; wait a minute');
    }
    const token = bearer(req);
    if (!token) {
      failed(ip);
      throw new HttpError(401, 'no token: send Authorization: Bearer <token>');
    }
    const check = await tokenCheck(token);
    if (!check.ok) {
      failed(ip);
      throw new HttpError(401, check.reason === 'unknown-token' ? 'unknown token' : check.reason === 'token-expired' ? 'token expired' : 'token revoked');
    }
    return check.info;
  }

  // ---- the team index, written by the server only ----
  const indexes = new Map<string, Promise<DirectConnection>>();
  const pending = new Map<string, Map<string, number>>();
  const timers = new Map<string, NodeJS.Timeout>();
  let hocuspocus: Hocuspocus;

  function openIndex(teamId: string): Promise<Document> {
    let conn = indexes.get(teamId);
    if (!conn) {
      conn = hocuspocus.openDirectConnection(indexName(teamId), { server: true });
      indexes.set(teamId, conn);
      conn.catch(() => indexes.delete(teamId));
    }
    return conn.then((c) => {
      const doc = (c as unknown as { document: Document | null }).document;
      if (!doc) throw new Error(`index of team ${teamId} is closed`);
      return doc;
    });
  }

  function scheduleChange(teamId: string, docId: string): void {
    let p = pending.get(teamId);
    if (!p) pending.set(teamId, (p = new Map()));
    p.set(docId, Date.now());
    if (!timers.has(teamId)) {
      timers.set(
        teamId,
        setTimeout(() => {
          timers.delete(teamId);
          void flushIndex(teamId).catch((e: unknown) => console.error(`caselint-server: index of team ${teamId}: ${(e as Error).message}`));
        }, flushMs),
      );
    }
  }

  async function flushIndex(teamId: string): Promise<void> {
    const p = pending.get(teamId);
    if (!p || p.size === 0) return;
    pending.delete(teamId);
    const doc = await openIndex(teamId);
    doc.transact(() => {
      const changed = doc.getMap<number>('changed');
      for (const [docId, at] of p) changed.set(docId, at);
    }, SERVER_ORIGIN);
  }

  async function reconcileAgents(doc: Document, teamId: string): Promise<void> {
    const active = await roster.activeAgents(db, teamId);
    const want = new Map(active.map((a) => [roster.agentKey(a), { handle: a.handle ?? '', email: a.email, role: a.role }]));
    doc.transact(() => {
      const agents = doc.getMap<{ handle: string; email: string; role: string }>('agents');
      for (const key of [...agents.keys()]) if (!want.has(key)) agents.delete(key);
      for (const [key, v] of want) {
        const cur = agents.get(key);
        if (!cur || cur.handle !== v.handle || cur.email !== v.email || cur.role !== v.role) agents.set(key, v);
      }
    }, SERVER_ORIGIN);
  }

  async function syncAgents(teamId: string): Promise<void> {
    await reconcileAgents(await openIndex(teamId), teamId);
  }

  // ---- connections of a token ----
  function closeTokens(tokenIds: Iterable<string>, reason: string): number {
    const ids = new Set(tokenIds);
    if (ids.size === 0) return 0;
    tokenCache.deleteWhere((c) => c.ok && ids.has(c.info.tokenId));
    const sockets = new Set<Connection['webSocket']>();
    for (const doc of hocuspocus.documents.values()) {
      for (const conn of doc.getConnections()) {
        if (ids.has((conn.context as { tokenId?: string } | undefined)?.tokenId ?? '')) {
          sockets.add(conn.webSocket);
          conn.close({ code: 4401, reason });
        }
      }
    }
    for (const ws of sockets) ws.close(4401, reason);
    return sockets.size;
  }

  async function revokeAndClose(target: string, teamId?: string): Promise<roster.Revoked> {
    const result = await roster.revoke(db, target, teamId);
    closeTokens(result.tokenIds, 'token-revoked');
    for (const t of result.teamIds) await syncAgents(t);
    return result;
  }

  async function sweep(): Promise<void> {
    const ids = new Set<string>();
    for (const doc of hocuspocus.documents.values()) {
      for (const conn of doc.getConnections()) {
        const id = (conn.context as { tokenId?: string } | undefined)?.tokenId;
        if (id) ids.add(id);
      }
    }
    const bad = await roster.invalidTokenIds(db, [...ids]);
    if (bad.length) closeTokens(bad, 'token-revoked-or-expired');
  }

  // ---- HTTP ----
  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://server');
    const route = `${req.method ?? 'GET'} ${url.pathname}`;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS);
      res.end();
      return;
    }
    switch (route) {
      case 'GET /healthz': {
        await db.query('SELECT 1');
        return send(res, 200, { ok: true, database: db.kind, redis: Boolean(opts.redisUrl) });
      }
      case 'GET /metrics':
        return send(res, 200, metricsText(), 'text/plain; version=0.0.4');
      case 'POST /api/join': {
        const ip = clientIp(req);
        if (limiter.blocked(ip)) {
          counters.authFailures++;
          throw new HttpError(429, 'too many failed attempts from this address; wait a minute');
        }
        const body = await readJson(req);
        let joined: roster.Joined;
        try {
          joined = await roster.join(db, { code: body.code, handle: body.handle }, opts.tokenTtlMs);
        } catch (e) {
          if (e instanceof RosterError && e.status === 401) failed(ip);
          throw e;
        }
        await syncAgents(joined.team.id);
        return send(res, 200, {
          token: joined.token,
          tokenId: joined.tokenId,
          expiresAt: joined.expiresAt,
          agent: publicAgent(joined.agent),
          team: joined.team,
        });
      }
      case 'GET /api/me': {
        const info = await authHttp(req);
        return send(res, 200, { agent: publicAgent(info.agent), team: info.team, expiresAt: info.expiresAt, tokenId: info.tokenId });
      }
      case 'POST /api/pull': {
        const info = await authHttp(req);
        return send(res, 200, await pull(info, await readJson(req)));
      }
    }
    if (url.pathname.startsWith('/admin/')) return handleAdmin(req, res, route, url);
    throw new HttpError(404, `no such route: ${route}`);
  }

  function publicAgent(a: roster.Agent): { id: string; email: string; handle: string | null; role: roster.Role } {
    return { id: a.id, email: a.email, handle: a.handle, role: a.role };
  }

  async function pull(info: TokenInfo, body: Record<string, unknown>): Promise<{ docs: Array<{ id: string; update: string }> }> {
    const list = body.docs;
    if (!Array.isArray(list)) throw new HttpError(400, '"docs" must be an array of { id, sv }');
    if (list.length > MAX_PULL) throw new HttpError(400, `at most ${MAX_PULL} documents per pull (got ${list.length})`);
    const wanted: Array<{ id: string; name: string; sv: Uint8Array | null }> = [];
    for (const item of list) {
      const { id, sv } = (item ?? {}) as { id?: unknown; sv?: unknown };
      if (typeof id !== 'string' || !DOC_ID.test(id)) throw new HttpError(400, `bad document id ${JSON.stringify(id)}: must match ${DOC_ID.source}`);
      let vector: Uint8Array | null = null;
      if (sv !== null && sv !== undefined) {
        if (typeof sv !== 'string') throw new HttpError(400, `bad state vector for ${id}: a base64 string or null`);
        vector = new Uint8Array(Buffer.from(sv, 'base64'));
        try {
          Y.decodeStateVector(vector);
        } catch {
          throw new HttpError(400, `bad state vector for ${id}`);
        }
      }
      wanted.push({ id, name: customerName(info.team.id, id), sv: vector });
    }
    const inMemory = new Map<string, Document>();
    for (const w of wanted) {
      const doc = hocuspocus.documents.get(w.name);
      if (doc && !doc.isLoading) inMemory.set(w.name, doc);
    }
    const stored = await fetchDocuments(
      db,
      wanted.filter((w) => !inMemory.has(w.name)).map((w) => w.name),
    );
    const docs: Array<{ id: string; update: string }> = [];
    for (const w of wanted) {
      const doc = inMemory.get(w.name);
      let update: Uint8Array | undefined;
      if (doc) update = Y.encodeStateAsUpdate(doc, w.sv ?? undefined);
      else {
        const data = stored.get(w.name);
        if (data) update = w.sv ? Y.diffUpdate(data, w.sv) : data;
      }
      if (update) docs.push({ id: w.id, update: b64(update) });
    }
    counters.pulls++;
    counters.pulledDocs += docs.length;
    return { docs };
  }

  async function handleAdmin(req: IncomingMessage, res: ServerResponse, route: string, url: URL): Promise<void> {
    const ip = clientIp(req);
    if (limiter.blocked(ip)) throw new HttpError(429, 'too many failed attempts from this address; wait a minute');
    const given = crypto.createHash('sha256').update(bearer(req)).digest();
    const want = crypto.createHash('sha256').update(secret).digest();
    if (!crypto.timingSafeEqual(given, want)) {
      failed(ip);
      throw new HttpError(401, 'admin routes need the admin secret of this server (DATA_DIR/admin-secret)');
    }
    switch (route) {
      case 'POST /admin/team': {
        const body = await readJson(req);
        return send(res, 200, await roster.createTeam(db, body.name));
      }
      case 'POST /admin/invite': {
        const body = await readJson(req);
        return send(res, 200, await roster.createInvite(db, { email: body.email, teamId: body.teamId, role: body.role, handle: body.handle }));
      }
      case 'GET /admin/agents':
        return send(res, 200, await roster.listAgents(db, url.searchParams.get('team') ?? ''));
      case 'GET /admin/teams':
        return send(res, 200, { teams: await roster.listTeams(db) });
      case 'POST /admin/revoke': {
        const body = await readJson(req);
        const teamId = typeof body.teamId === 'string' ? body.teamId : undefined;
        return send(res, 200, await revokeAndClose(String(body.target ?? ''), teamId));
      }
    }
    throw new HttpError(404, `no such admin route: ${route}`);
  }

  function metricsText(): string {
    const lines: string[] = [];
    const metric = (name: string, type: 'gauge' | 'counter', help: string, value: number): void => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`);
    };
    metric('caselint_connections', 'gauge', 'Open connections (WebSocket sockets and server-side direct connections).', hocuspocus.getConnectionsCount());
    metric('caselint_documents_loaded', 'gauge', 'Documents in memory.', hocuspocus.getDocumentsCount());
    metric('caselint_updates_total', 'counter', 'Document updates received from clients.', counters.updates);
    metric('caselint_updates_per_second', 'gauge', 'Document updates received per second, over the last 10 s.', updates.perSecond());
    metric('caselint_auth_failures_total', 'counter', 'Refused sign-ins and token checks (join, HTTP, WebSocket, admin).', counters.authFailures);
    metric('caselint_pull_requests_total', 'counter', 'POST /api/pull requests answered.', counters.pulls);
    metric('caselint_pull_documents_total', 'counter', 'Documents sent by /api/pull.', counters.pulledDocs);
    const mem = process.memoryUsage();
    metric('caselint_process_resident_memory_bytes', 'gauge', 'Resident memory of this process.', mem.rss);
    metric('caselint_process_heap_used_bytes', 'gauge', 'V8 heap in use.', mem.heapUsed);
    return lines.join('\n') + '\n';
  }

  // ---- Hocuspocus ----
  const caselint: Extension = {
    extensionName: 'caselint',
    async onRequest({ request, response }) {
      try {
        await handleHttp(request, response);
      } catch (e) {
        if (!response.headersSent) {
          if (e instanceof HttpError || e instanceof RosterError) send(response, e.status, { error: e.message });
          else {
            console.error(`caselint-server: ${request.method} ${request.url}: ${(e as Error).stack ?? String(e)}`);
            send(response, 500, { error: 'internal error' });
          }
        } else response.end();
      }
      // A rejection without an error tells Hocuspocus the request is answered.
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      throw null;
    },
    async onAuthenticate({ token, documentName, connectionConfig, request }) {
      const ip = clientIp(request);
      if (limiter.blocked(ip)) {
        counters.authFailures++;
        throw refuse('rate-limited');
      }
      const check = await tokenCheck(token ?? '');
      if (!check.ok) {
        failed(ip);
        throw refuse(check.reason);
      }
      const doc = parseDocName(documentName);
      if (!doc || doc.teamId !== check.info.team.id) {
        failed(ip);
        throw refuse('forbidden-document');
      }
      connectionConfig.readOnly = check.info.agent.role === 'viewer' || doc.kind !== 'customer';
      return {
        tokenId: check.info.tokenId,
        agentId: check.info.agent.id,
        teamId: check.info.team.id,
        handle: check.info.agent.handle,
        role: check.info.agent.role,
      };
    },
    async afterLoadDocument({ documentName, document }) {
      const doc = parseDocName(documentName);
      if (doc?.kind === 'index') await reconcileAgents(document, doc.teamId);
    },
    async onChange({ documentName, transactionOrigin }) {
      if (transactionOrigin === SERVER_ORIGIN || transactionOrigin === REDIS_ORIGIN) return;
      const doc = parseDocName(documentName);
      if (doc?.kind !== 'customer' || !doc.docId) return;
      counters.updates++;
      updates.add();
      scheduleChange(doc.teamId, doc.docId);
    },
  };

  const extensions: Extension[] = [caselint];
  if (opts.redisUrl) {
    const u = new URL(opts.redisUrl);
    extensions.push(
      new Redis({
        host: u.hostname || '127.0.0.1',
        port: Number(u.port || 6379),
        prefix: 'caselint',
        options: {
          ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
          ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
          ...(u.pathname.length > 1 ? { db: Number(u.pathname.slice(1)) } : {}),
        },
      }),
    );
  }
  extensions.push(
    new Database({
      fetch: async ({ documentName }) => (parseDocName(documentName)?.kind === 'presence' ? null : fetchDocument(db, documentName)),
      store: async ({ documentName, state }) => {
        if (parseDocName(documentName)?.kind === 'presence') return;
        await storeDocument(db, documentName, state, merge);
      },
    }),
  );

  const server = new Server({
    name: 'caselint',
    port: opts.port,
    address: opts.host,
    quiet: true,
    stopOnSignals: false,
    debounce: opts.debounce ?? 2000,
    maxDebounce: opts.maxDebounce ?? 10_000,
    extensions,
  });
  hocuspocus = server.hocuspocus;
  try {
    await server.listen();
  } catch (e) {
    await db.close();
    throw e;
  }
  const port = server.address.port;
  const shownHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const url = `http://${shownHost}:${port}`;
  const sweepTimer = setInterval(() => {
    void sweep().catch((e: unknown) => console.error(`caselint-server: token sweep: ${(e as Error).message}`));
  }, opts.sweepMs ?? 5000);
  sweepTimer.unref();

  const infoFile = serverInfoFile(opts.dataDir);
  const connectHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
  fs.writeFileSync(
    infoFile,
    JSON.stringify({ pid: process.pid, url: `http://${connectHost.includes(':') ? `[${connectHost}]` : connectHost}:${port}`, startedAt: Date.now() }) + '\n',
    { mode: 0o600 },
  );

  log(`caselint-server listening on ${url} (WebSocket ${url.replace(/^http/, 'ws')})${opts.host === '127.0.0.1' || opts.host === 'localhost' || opts.host === '::1' ? ' (this machine only: set HOST to listen on a network)' : ''}`);
  log(`database: ${db.kind === 'pglite' ? `embedded PGlite in ${db.where}` : `PostgreSQL ${db.where}`}${opts.redisUrl ? `; Redis ${opts.redisUrl.replace(/\/\/[^@]*@/, '//***@')} (several processes)` : ''}`);

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      clearInterval(sweepTimer);
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      for (const teamId of [...pending.keys()]) await flushIndex(teamId).catch(() => undefined);
      // Store every document in memory now, whatever its debounce, then let Hocuspocus close everything.
      const docs = [...hocuspocus.documents.values()].filter((d) => !d.isLoading && parseDocName(d.name)?.kind !== 'presence');
      await Promise.all(docs.map((d) => storeDocument(db, d.name, Y.encodeStateAsUpdate(d), merge).catch((e: unknown) => console.error(`caselint-server: storing ${d.name}: ${(e as Error).message}`))));
      const directs = await Promise.all([...indexes.values()].map((p) => p.catch(() => null)));
      indexes.clear();
      await Promise.all(directs.map((c) => c?.disconnect()));
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([server.destroy(), new Promise((r) => (timeout = setTimeout(r, 5000)))]);
      clearTimeout(timeout);
      // ws's close() leaves open sockets open: end them, so every agent sees the server go (and reconnects later).
      for (const socket of server.webSocketServer.clients) socket.terminate();
      server.httpServer.closeAllConnections();
      await db.close();
      try {
        const info = JSON.parse(fs.readFileSync(infoFile, 'utf8')) as { pid?: number };
        if (info.pid === process.pid) fs.unlinkSync(infoFile);
      } catch {
        /* gone */
      }
    })());

  return { url, port, db, hocuspocus, revoke: revokeAndClose, stop };
}
