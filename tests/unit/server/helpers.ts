// Shared by the server tests: a real server on 127.0.0.1 (free port, PGlite in a temp dir) and real providers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { type RunningServer, type ServerOptions, startServer } from '../../../server/app.ts';
import * as roster from '../../../server/roster.ts';

export function tempDir(prefix = 'caselint-server-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function testServer(over: Partial<ServerOptions> = {}): Promise<RunningServer & { dataDir: string }> {
  const dataDir = over.dataDir ?? tempDir();
  const server = await startServer({ host: '127.0.0.1', port: 0, dataDir, tokenTtlMs: 30 * 86_400_000, quiet: true, debounce: 50, maxDebounce: 200, ...over });
  return Object.assign(server, { dataDir });
}

export async function waitFor<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 3000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface Member {
  token: string;
  tokenId: string;
  teamId: string;
  email: string;
}

/** A team with members joined through POST /api/join (the real path). */
export async function team(server: RunningServer, name: string, people: Array<{ email: string; handle?: string; role?: roster.Role }>): Promise<{ id: string; members: Member[] }> {
  const t = await roster.createTeam(server.db, name);
  const members: Member[] = [];
  for (const p of people) {
    const inv = await roster.createInvite(server.db, { email: p.email, teamId: t.id, role: p.role, handle: p.handle });
    const res = await fetch(`${server.url}/api/join`, { method: 'POST', body: JSON.stringify({ code: inv.code }) });
    if (res.status !== 200) throw new Error(`join failed: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { token: string; tokenId: string };
    members.push({ token: body.token, tokenId: body.tokenId, teamId: t.id, email: p.email });
  }
  return { id: t.id, members };
}

export interface Client {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  failures: string[];
  closes: string[];
  synced: Promise<void>;
  destroy(): void;
}

const clients = new Set<Client>();

/** A provider in Node (ws as the WebSocket), on its own socket. */
export function connect(server: RunningServer, name: string, token: string): Client {
  const doc = new Y.Doc();
  const failures: string[] = [];
  const closes: string[] = [];
  const socket = new HocuspocusProviderWebsocket({ url: server.url.replace(/^http/, 'ws'), WebSocketPolyfill: WebSocket, delay: 50, minDelay: 50, maxDelay: 200 });
  let resolveSynced!: () => void;
  const synced = new Promise<void>((r) => (resolveSynced = r));
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name,
    token,
    document: doc,
    onSynced: () => resolveSynced(),
    onAuthenticationFailed: ({ reason }) => failures.push(reason),
    onClose: ({ event }) => closes.push(event.reason),
  });
  provider.attach();
  const client: Client = {
    doc,
    provider,
    socket,
    failures,
    closes,
    synced,
    destroy: () => {
      provider.destroy();
      socket.destroy();
      clients.delete(client);
    },
  };
  clients.add(client);
  return client;
}

export function destroyAll(): void {
  for (const c of [...clients]) c.destroy();
}

export async function api(server: RunningServer, route: string, token?: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(server.url + route, {
    method: body === undefined ? 'GET' : 'POST',
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text, headers: res.headers };
}

export const b64 = (u: Uint8Array): string => Buffer.from(u).toString('base64');
export const unb64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
