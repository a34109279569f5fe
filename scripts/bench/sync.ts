/**
 * Team sync figures (issue 11 "Tests and figures", issue 12 awareness traffic). Everything on 127.0.0.1: the
 * server (server/app.ts, PGlite) runs in a forked process (scripts/bench/sync-server.ts) so its memory and CPU
 * are its own; the agents run in this process.
 *
 * 1. Idle server memory (fresh data directory, as on a first `npm run server`).
 * 2. Propagation agent to agent, quiet machine: two full agents (CaseStore + lib/sync Replica + TeamTransport on
 *    fake-indexeddb); A adds a note through its store, timed until B's replica has projected it into B's tables.
 * 3. Initial sync: a team of 10,000 customers with 10 notes each (quick: 1,000), seeded directly into the server's
 *    database (documents built with lib/sync/doc.ts, see sync-server.ts); a new full agent signs in, timed until
 *    its tables hold every customer and note.
 * 4. Server memory per 1,000 open documents: raw providers open the seeded documents (quick: 200, scaled).
 * 5. Load run: 200 simulated agents (quick: 20) for 60 s (quick: 10 s), raw @hocuspocus/provider (a full
 *    Replica each would be 200 fake-indexeddb databases in one Node process: the figures would be this process's,
 *    not the server's). Each agent holds, as TeamTransport does, one socket, the team index and a provider for each
 *    of 3 customer documents it works on (each document shared by 3 agents), writes a note every ~2 s into one of
 *    them with the extension's own writer (lib/sync/doc.ts), and keeps a presence state on `team:<id>:presence`
 *    (issue 12: { agent, key, mode, at }, changed every 5-15 s, plus y-protocols' own renewals). Measured: delay
 *    from the write to each other agent's document, writes lost (read back through /api/pull after every agent
 *    left and the server stored and unloaded the documents), server CPU per second, bytes per agent and document
 *    kind counted on each socket.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { Note } from '../../lib/cases/types';
import { writeRecord } from '../../lib/sync/doc';
import type { Request, Stats } from './sync-server';
import { dist, round, rng } from './stats';

type Results = Record<string, number | string>;
type Log = (s: string) => void;

const HERE = dirname(fileURLToPath(import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Sizes {
  propagationSamples: number;
  customers: number;
  notesPer: number;
  openDocs: number;
  agents: number;
  seconds: number;
  writeEveryMs: number;
  docsPerAgent: number;
}

const FULL: Sizes = { propagationSamples: 60, customers: 10_000, notesPer: 10, openDocs: 1000, agents: 200, seconds: 60, writeEveryMs: 2000, docsPerAgent: 3 };
const QUICK: Sizes = { propagationSamples: 15, customers: 1000, notesPer: 10, openDocs: 200, agents: 20, seconds: 10, writeEveryMs: 2000, docsPerAgent: 3 };

/**
 * Diagnostics, not part of a normal run: BENCH_SYNC_PRESENCE=off (no presence state in the load run) or no-echo
 * (the presence provider does not send remote awareness updates back); BENCH_SYNC_PARTS=load (only the load run).
 */
const PRESENCE = process.env.BENCH_SYNC_PRESENCE ?? 'on';
const PARTS = new Set((process.env.BENCH_SYNC_PARTS ?? 'propagation,initial,load').split(','));

/** The initial sync is stopped after this long (the goal is 30 s); what arrived by then is reported. */
const INITIAL_SYNC_LIMIT_S = 240;

// ------------------------------------------------------------------ the server process

class ServerProcess {
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  url = '';
  private constructor(readonly child: ChildProcess) {
    child.on('message', (m: { id?: number; result?: unknown; error?: string }) => {
      if (m.id === undefined) return;
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error) w?.reject(new Error(`bench server: ${m.error}`));
      else w?.resolve(m.result);
    });
    child.on('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`bench server exited (${code})`));
      this.waiting.clear();
    });
  }

  static start(): Promise<ServerProcess> {
    const child = fork(join(HERE, 'sync-server.ts'), [], { execArgv: ['--expose-gc', '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const sp = new ServerProcess(child);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('bench server did not start within 60 s')), 60_000);
      child.once('exit', (code) => reject(new Error(`bench server exited (${code}) before it was ready`)));
      child.on('message', (m: { ready?: boolean; url?: string }) => {
        if (!m.ready) return;
        clearTimeout(timer);
        sp.url = m.url!;
        resolve(sp);
      });
    });
  }

  ask<T>(req: Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never): Promise<T> {
    const id = ++this.next;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ ...req, id });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    await this.ask({ cmd: 'stop' }).catch(() => undefined);
    await Promise.race([exited, sleep(10_000)]);
    if (this.child.exitCode === null) this.child.kill();
  }
}

interface TeamInfo {
  teamId: string;
  agents: Array<{ handle: string; token: string }>;
}

async function waitUntil(fn: () => boolean | Promise<boolean>, what: string, timeoutMs: number, everyMs = 20): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(everyMs);
  }
}

// ------------------------------------------------------------------ full agents (Replica + TeamTransport)

async function fullAgent(server: string, teamId: string, member: { handle: string; token: string }, onProjected?: (handles: string[]) => void) {
  if (!('indexedDB' in globalThis)) {
    const fake = await import('fake-indexeddb');
    Object.assign(globalThis, { indexedDB: fake.indexedDB, IDBKeyRange: fake.IDBKeyRange });
    // y-dexie says so each time the replica's cache releases a document (10,000 lines in the initial sync).
    const debug = console.debug.bind(console);
    console.debug = (...a: unknown[]) => {
      if (!/^Y\.Doc \S+ was destroyed/.test(String(a[0]))) debug(...a);
    };
  }
  // Dexie reads indexedDB when it is first imported: another bench section may have imported it before the fake
  // existed (then "IndexedDB API missing" in a full run, not in --only=sync).
  const { default: Dexie } = await import('dexie');
  Dexie.dependencies.indexedDB = (globalThis as unknown as { indexedDB: IDBFactory }).indexedDB;
  Dexie.dependencies.IDBKeyRange = (globalThis as unknown as { IDBKeyRange: typeof IDBKeyRange }).IDBKeyRange;
  const { CaselintDB } = await import('../../lib/cases/db');
  const { CaseStore } = await import('../../lib/cases/store');
  const { Replica } = await import('../../lib/sync/replica');
  const { TeamTransport } = await import('../../lib/sync/transport');
  const db = new CaselintDB(`bench-sync-${member.handle}-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const store = new CaseStore(db, { actor: () => member.handle });
  let transport: InstanceType<typeof TeamTransport> | null = null;
  const replica = new Replica({ db, store, actor: () => member.handle, onLocalChange: (id) => transport?.localChange(id), ...(onProjected ? { onProjected } : {}) });
  replica.start();
  transport = new TeamTransport({ replica, credentials: { server, token: member.token, teamId }, WebSocket });
  transport.start();
  const t = transport;
  return {
    db,
    store,
    replica,
    transport: t,
    async stop() {
      t.stop();
      await replica.stop();
      db.close();
    },
  };
}

async function benchPropagation(sp: ServerProcess, team: TeamInfo, sizes: Sizes, log: Log): Promise<Results> {
  const waiters = new Map<string, () => void>();
  const a = await fullAgent(sp.url, team.teamId, team.agents[0]!);
  const b = await fullAgent(sp.url, team.teamId, team.agents[1]!, (handles) => {
    for (const h of handles) waiters.get(h)?.();
  });
  try {
    await waitUntil(() => a.transport.current.state === 'connected' && b.transport.current.state === 'connected', 'both agents connected', 20_000);
    const delays: number[] = [];
    let missed = 0;
    const first: number[] = [];
    for (let i = 0; i < sizes.propagationSamples; i++) {
      const handle = `prop_${i % 5}`;
      const t0 = performance.now();
      let noteId = '';
      const arrived = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 10_000);
        waiters.set(handle, () => {
          void b.db.notes.get(noteId).then((n) => {
            if (n) {
              clearTimeout(timer);
              resolve(true);
            }
          });
        });
      });
      noteId = (await a.store.addNote({ handle, text: `Propagation sample ${i}: promised a callback before 5pm` })).id;
      const ok = await arrived;
      waiters.delete(handle);
      const ms = performance.now() - t0;
      if (!ok) missed++;
      else (i < 5 ? first : delays).push(ms);
      await sleep(150);
    }
    const d = dist(delays);
    const f = dist(first);
    log(`propagation (quiet, full agents): p50 ${d.p50.toFixed(1)} ms, p95 ${d.p95.toFixed(1)} ms over ${d.n} notes; a new customer's first note p50 ${f.p50.toFixed(1)} ms; ${missed} not arrived in 10 s`);
    return {
      sync_propagation_samples: d.n,
      sync_propagation_p50_ms: round(d.p50, 1),
      sync_propagation_p95_ms: round(d.p95, 1),
      sync_propagation_max_ms: round(d.max, 1),
      sync_propagation_new_customer_p50_ms: round(f.p50, 1),
      sync_propagation_not_arrived: missed,
    };
  } finally {
    await a.stop();
    await b.stop();
  }
}

// ------------------------------------------------------------------ initial sync and open documents

async function benchInitialSync(sp: ServerProcess, sizes: Sizes, log: Log): Promise<{ results: Results; team: TeamInfo }> {
  const seeded = await sp.ask<TeamInfo & { bytes: number; buildMs: number; storeMs: number }>({ cmd: 'seed', name: 'Big team', customers: sizes.customers, notesPer: sizes.notesPer, agents: 1 });
  const notes = sizes.customers * sizes.notesPer;
  log(`initial sync: seeded ${sizes.customers} customers, ${notes} notes (${(seeded.bytes / 1048576).toFixed(1)} MB of Yjs state) in ${((seeded.buildMs + seeded.storeMs) / 1000).toFixed(1)} s`);
  const t0 = performance.now();
  const c = await fullAgent(sp.url, seeded.teamId, seeded.agents[0]!);
  let counts = { customers: 0, notes: 0 };
  let timedOut = false;
  try {
    await waitUntil(
      async () => {
        counts = { customers: await c.db.customers.count(), notes: await c.db.notes.count() };
        return counts.customers >= sizes.customers && counts.notes >= notes;
      },
      'the new agent to hold the whole team',
      INITIAL_SYNC_LIMIT_S * 1000,
      250,
    ).catch(() => (timedOut = true));
    const s = (performance.now() - t0) / 1000;
    log(`initial sync: a new agent held ${counts.customers} customers and ${counts.notes} notes after ${s.toFixed(1)} s${timedOut ? ' (TIMED OUT)' : ''}`);
    return {
      team: seeded,
      results: {
        sync_initial_customers: sizes.customers,
        sync_initial_notes: notes,
        sync_initial_state_mb: round(seeded.bytes / 1048576, 1),
        sync_initial_seed_s: round((seeded.buildMs + seeded.storeMs) / 1000, 1),
        sync_initial_team_s: round(s, 1),
        sync_initial_complete: timedOut ? `no: stopped at ${INITIAL_SYNC_LIMIT_S} s` : 'yes',
        sync_initial_customers_received: counts.customers,
        sync_initial_customers_per_s: round(counts.customers / s, 1),
      },
    };
  } finally {
    await c.stop();
  }
}

async function benchOpenDocs(sp: ServerProcess, team: TeamInfo, sizes: Sizes, log: Log): Promise<Results> {
  const before = await sp.ask<Stats>({ cmd: 'stats', gc: true });
  const socket = new HocuspocusProviderWebsocket({ url: sp.url.replace(/^http/, 'ws'), WebSocketPolyfill: WebSocket });
  const providers: HocuspocusProvider[] = [];
  let synced = 0;
  const t0 = performance.now();
  for (let i = 0; i < sizes.openDocs; i++) {
    const p = new HocuspocusProvider({ websocketProvider: socket, name: `team:${team.teamId}:customer:h-cust_${i}`, token: team.agents[0]!.token, onSynced: () => synced++ });
    p.attach();
    providers.push(p);
  }
  try {
    await waitUntil(() => synced >= sizes.openDocs, `${sizes.openDocs} documents open`, 180_000, 100);
    const openS = (performance.now() - t0) / 1000;
    await sleep(1000);
    const after = await sp.ask<Stats>({ cmd: 'stats', gc: true });
    const scale = 1000 / sizes.openDocs;
    const rss = (after.rssMb - before.rssMb) * scale;
    const heap = (after.heapUsedMb - before.heapUsedMb) * scale;
    log(`open documents: ${after.documents - before.documents} more in memory after ${openS.toFixed(1)} s; server RSS +${rss.toFixed(1)} MB, heap +${heap.toFixed(1)} MB per 1,000 (${sizes.notesPer} notes each)`);
    return {
      sync_open_docs: sizes.openDocs,
      sync_open_docs_s: round(openS, 1),
      sync_server_rss_mb_per_1000_open_docs: round(rss, 1),
      sync_server_heap_mb_per_1000_open_docs: round(heap, 1),
    };
  } finally {
    for (const p of providers) p.destroy();
    socket.destroy();
  }
}

// ------------------------------------------------------------------ the load run

type Kind = 'index' | 'presence' | 'customer';
interface Traffic {
  bytesIn: Record<Kind, number>;
  bytesOut: Record<Kind, number>;
  awarenessIn: Record<Kind, number>;
  awarenessOut: Record<Kind, number>;
  awarenessMsgsIn: number;
}
const zero = (): Record<Kind, number> => ({ index: 0, presence: 0, customer: 0 });
const AWARENESS = 1; // @hocuspocus/common MessageType.Awareness

function kindOf(name: string): Kind {
  return name.endsWith(':index') ? 'index' : name.endsWith(':presence') ? 'presence' : 'customer';
}

/** A ws WebSocket that counts every message's bytes by the document it is for (Hocuspocus puts the name first). */
function countingWebSocket(t: Traffic, counting: { on: boolean }) {
  const tally = (data: unknown, dir: 'in' | 'out') => {
    if (!counting.on) return;
    const u8 = data instanceof Uint8Array ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : Array.isArray(data) ? new Uint8Array(Buffer.concat(data as Buffer[])) : null;
    if (!u8) return;
    let kind: Kind = 'customer';
    let type = -1;
    try {
      const dec = decoding.createDecoder(u8);
      kind = kindOf(decoding.readVarString(dec));
      type = decoding.readVarUint(dec);
    } catch {
      /* not a Hocuspocus message */
    }
    (dir === 'in' ? t.bytesIn : t.bytesOut)[kind] += u8.byteLength;
    if (type === AWARENESS) {
      (dir === 'in' ? t.awarenessIn : t.awarenessOut)[kind] += u8.byteLength;
      if (dir === 'in') t.awarenessMsgsIn++;
    }
  };
  return class CountingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      this.on('message', (data) => tally(data, 'in'));
    }
    override send(data: unknown, ...rest: unknown[]): void {
      tally(data, 'out');
      (super.send as (...a: unknown[]) => void)(data, ...rest);
    }
  };
}

interface LoadAgent {
  handle: string;
  socket: HocuspocusProviderWebsocket;
  providers: HocuspocusProvider[];
  docs: Array<{ docId: string; doc: Y.Doc; provider: HocuspocusProvider }>;
  presence: HocuspocusProvider;
  traffic: Traffic;
  synced: number;
  timers: NodeJS.Timeout[];
}

async function benchLoad(sp: ServerProcess, team: TeamInfo, sizes: Sizes, log: Log): Promise<Results> {
  const n = sizes.agents;
  const docCount = n; // agent i works on documents i, i+1, i+2: each document is shared by 3 agents
  const docIds = Array.from({ length: docCount }, (_, i) => `h-load_${i}`);
  const random = rng(11);
  const counting = { on: false };
  const written = new Map<string, { docId: string; at: number }>();
  const delays: number[] = [];
  const delivered = new Set<string>();
  const agents: LoadAgent[] = [];
  const ws = sp.url.replace(/^http/, 'ws');

  for (let i = 0; i < n; i++) {
    const member = team.agents[i]!;
    const traffic: Traffic = { bytesIn: zero(), bytesOut: zero(), awarenessIn: zero(), awarenessOut: zero(), awarenessMsgsIn: 0 };
    const socket = new HocuspocusProviderWebsocket({ url: ws, WebSocketPolyfill: countingWebSocket(traffic, counting) });
    const agent: LoadAgent = { handle: member.handle, socket, providers: [], docs: [], presence: null as never, traffic, synced: 0, timers: [] };
    const provider = (name: string, document?: Y.Doc) => {
      const p = new HocuspocusProvider({ websocketProvider: socket, name, token: member.token, ...(document ? { document } : {}), onSynced: () => agent.synced++ });
      p.attach();
      agent.providers.push(p);
      return p;
    };
    provider(`team:${team.teamId}:index`);
    agent.presence = provider(`team:${team.teamId}:presence`);
    if (PRESENCE === 'no-echo') {
      // Diagnostic: the provider sends every awareness update it applies, remote ones included, back to the server.
      const p = agent.presence;
      p.awareness!.off('update', p.boundAwarenessUpdateHandler);
      p.awareness!.on('update', (changes: unknown, origin: unknown) => {
        if (origin === 'local') p.boundAwarenessUpdateHandler(changes, origin);
      });
    }
    for (let k = 0; k < sizes.docsPerAgent; k++) {
      const docId = docIds[(i + k) % docCount]!;
      const doc = new Y.Doc();
      doc.getMap<Y.Map<unknown>>('notes').observe((ev) => {
        const now = Date.now();
        for (const [id, change] of ev.changes.keys) {
          if (change.action !== 'add') continue;
          const w = written.get(id);
          const m = doc.getMap<Y.Map<unknown>>('notes').get(id);
          if (!w || !m || m.get('by') === member.handle) continue;
          delivered.add(`${id}>${member.handle}`);
          delays.push(now - w.at);
        }
      });
      agent.docs.push({ docId, doc, provider: provider(`team:${team.teamId}:customer:${docId}`, doc) });
    }
    agents.push(agent);
  }
  const perAgentProviders = 2 + sizes.docsPerAgent;
  await waitUntil(() => agents.every((a) => a.synced >= perAgentProviders), `${n} agents synced`, 120_000, 100);
  log(`load: ${n} agents connected (${n * perAgentProviders} providers on ${n} sockets), ${docCount} shared customer documents`);

  // ---- run
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  await sp.ask({ cmd: 'cpu-start' });
  counting.on = true;
  let seq = 0;
  let running = true;
  const modes = ['viewing', 'replying', null] as const;
  for (const a of agents) {
    const setPresence = () => {
      const mode = modes[Math.floor(random() * 3)]!;
      a.presence.awareness!.setLocalState({ agent: a.handle, key: mode ? `cust_${Math.floor(random() * 1000)}` : null, mode, at: Date.now() });
    };
    if (PRESENCE !== 'off') setPresence();
    const presenceTick = () => {
      if (PRESENCE === 'off') return;
      if (!running) return;
      setPresence();
      a.timers.push(setTimeout(presenceTick, 5000 + random() * 10_000));
    };
    const writeTick = () => {
      if (!running) return;
      const d = a.docs[Math.floor(random() * a.docs.length)]!;
      const id = `w-${a.handle}-${++seq}`;
      const at = Date.now();
      written.set(id, { docId: d.docId, at });
      const note: Note = { id, customerKey: d.docId.slice(2), caseId: null, text: `Load note ${seq}: checked the line, the technician comes Tuesday 9-12.`, createdAt: at, by: a.handle };
      writeRecord(d.doc, 'notes', note);
      a.timers.push(setTimeout(writeTick, sizes.writeEveryMs * (0.5 + random())));
    };
    a.timers.push(setTimeout(presenceTick, 5000 + random() * 10_000));
    a.timers.push(setTimeout(writeTick, random() * sizes.writeEveryMs));
  }
  await sleep(sizes.seconds * 1000);
  running = false;
  for (const a of agents) a.timers.forEach(clearTimeout);
  const runMs = performance.now() - wall0;
  const pressure = cpuPressure();
  const clientCpu = process.cpuUsage(cpu0);
  // Let the last writes arrive (bounded), then stop counting.
  const expected = [...written.entries()].reduce((s, [, w]) => s + agents.filter((a) => a.docs.some((d) => d.docId === w.docId)).length - 1, 0);
  await waitUntil(() => delivered.size >= expected && agents.every((a) => a.docs.every((d) => !d.provider.hasUnsyncedChanges)), 'the last writes to arrive', 30_000, 100).catch(() => undefined);
  const serverRun = await sp.ask<{ stalls: string[]; cpu: number[]; loopP95Ms: number; loopMaxMs: number; storeMs: number[] }>({ cmd: 'cpu-stop' });
  const cpuSamples = serverRun.cpu;
  const queries = dist(serverRun.storeMs);
  counting.on = false;
  loop.disable();
  const loadedDuring = await sp.ask<Stats>({ cmd: 'stats' });

  // ---- read back: every agent leaves, the server stores and unloads the documents, /api/pull reads the database
  const reader = team.agents[0]!.token;
  for (const a of agents) {
    for (const p of a.providers) p.destroy();
    a.socket.destroy();
  }
  await waitUntil(async () => (await sp.ask<Stats>({ cmd: 'stats' })).documents <= loadedDuring.documents - docCount, 'the server to unload the documents', 60_000, 250).catch(() => undefined);
  const found = new Set<string>();
  for (let i = 0; i < docIds.length; i += 200) {
    const res = await fetch(`${sp.url}/api/pull`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${reader}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ docs: docIds.slice(i, i + 200).map((id) => ({ id, sv: null })) }),
    });
    if (!res.ok) throw new Error(`read back: /api/pull answered ${res.status}`);
    for (const d of ((await res.json()) as { docs: Array<{ id: string; update: string }> }).docs) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, new Uint8Array(Buffer.from(d.update, 'base64')));
      for (const id of doc.getMap('notes').keys()) found.add(id);
      doc.destroy();
    }
  }
  const lost = [...written.keys()].filter((id) => !found.has(id)).length;

  const d = dist(delays);
  const cpu = dist(cpuSamples);
  const minutes = runMs / 60_000;
  const per = (f: (t: Traffic) => number) => agents.reduce((s, a) => s + f(a.traffic), 0) / n / minutes / 1024;
  const sum = (r: Record<Kind, number>) => r.index + r.presence + r.customer;
  const results: Results = {
    sync_load_agents: n,
    sync_load_seconds: round(runMs / 1000, 1),
    sync_load_writes: written.size,
    sync_load_writes_per_s: round(written.size / (runMs / 1000), 1),
    sync_load_writes_lost: lost,
    sync_load_deliveries_expected: expected,
    sync_load_deliveries_missing: Math.max(0, expected - delivered.size),
    sync_load_propagation_p50_ms: round(d.p50, 1),
    sync_load_propagation_p95_ms: round(d.p95, 1),
    sync_load_propagation_max_ms: round(d.max, 1),
    sync_load_server_cpu_mean_pct: round(cpu.mean, 1),
    sync_load_server_cpu_p95_pct: round(cpu.p95, 1),
    sync_load_server_cpu_max_pct: round(cpu.max, 1),
    sync_load_server_rss_mb: loadedDuring.rssMb,
    sync_load_server_event_loop_delay_p95_ms: round(serverRun.loopP95Ms, 1),
    sync_load_server_event_loop_delay_max_ms: round(serverRun.loopMaxMs, 1),
    sync_load_server_db_queries: queries.n,
    sync_load_server_db_query_p95_ms: round(queries.p95, 1),
    sync_load_server_db_query_max_ms: round(queries.max, 1),
    ...(pressure === null ? {} : { sync_load_machine_cpu_pressure_pct: pressure }),
    sync_load_client_cpu_pct: round(((clientCpu.user + clientCpu.system) / 1000 / runMs) * 100, 1),
    sync_load_client_event_loop_delay_p95_ms: round(loop.percentile(95) / 1e6, 1),
    sync_load_kb_in_per_agent_per_min: round(per((t) => sum(t.bytesIn)), 1),
    sync_load_kb_out_per_agent_per_min: round(per((t) => sum(t.bytesOut)), 1),
    sync_load_index_kb_in_per_agent_per_min: round(per((t) => t.bytesIn.index), 1),
    awareness_presence_kb_in_per_agent_per_min: round(per((t) => t.awarenessIn.presence), 1),
    awareness_presence_kb_out_per_agent_per_min: round(per((t) => t.awarenessOut.presence), 2),
    awareness_presence_msgs_in_per_agent_per_min: round(agents.reduce((s, a) => s + a.traffic.awarenessMsgsIn, 0) / n / minutes, 0),
    awareness_other_docs_kb_in_per_agent_per_min: round(per((t) => t.awarenessIn.index + t.awarenessIn.customer), 1),
  };
  log(
    `load: ${written.size} writes by ${n} agents in ${(runMs / 1000).toFixed(1)} s, ${lost} lost, ${results.sync_load_deliveries_missing} live deliveries missing; propagation p50 ${d.p50.toFixed(0)} ms, p95 ${d.p95.toFixed(0)} ms; server CPU mean ${cpu.mean.toFixed(0)}%, p95 ${cpu.p95.toFixed(0)}% of a core, its event loop delay p95 ${serverRun.loopP95Ms.toFixed(0)} ms, max ${serverRun.loopMaxMs.toFixed(0)} ms, ${queries.n} database statements (p95 ${queries.p95.toFixed(1)} ms, max ${queries.max.toFixed(0)} ms); this process ${results.sync_load_client_cpu_pct}% (event loop delay p95 ${results.sync_load_client_event_loop_delay_p95_ms} ms)`,
  );
  if (pressure !== null) log(`load: CPU pressure on the machine over the last 60 s: ${pressure}% (time some task waited for a core)`);
  if (serverRun.stalls.length) log(`load: the server's event loop stalled over 500 ms at ${serverRun.stalls.join(', ')} into the run`);
  log(`awareness: presence ${results.awareness_presence_kb_in_per_agent_per_min} KB in / ${results.awareness_presence_kb_out_per_agent_per_min} KB out per agent per minute (${results.awareness_presence_msgs_in_per_agent_per_min} messages in); the index's and customer documents' own awareness ${results.awareness_other_docs_kb_in_per_agent_per_min} KB in`);
  return results;
}

/** Linux PSI: share of the last 60 s in which some runnable task waited for a CPU (other work on the machine). */
function cpuPressure(): number | null {
  try {
    const m = /some avg10=[\d.]+ avg60=([\d.]+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

// ------------------------------------------------------------------ entry

export async function benchSync(quick: boolean, log: Log): Promise<Results> {
  const sizes = quick ? QUICK : FULL;
  const results: Results = {};
  const sp = await ServerProcess.start();
  try {
    await sleep(2000);
    const idle = await sp.ask<Stats>({ cmd: 'stats', gc: true });
    log(`server: idle RSS ${idle.rssMb} MB (heap ${idle.heapUsedMb} MB, external ${idle.externalMb} MB), fresh data directory`);
    results.sync_server_idle_rss_mb = idle.rssMb;
    results.sync_server_idle_external_mb = idle.externalMb;
    const team = await sp.ask<TeamInfo>({ cmd: 'team', name: 'Load team', agents: sizes.agents });
    if (PARTS.has('propagation')) Object.assign(results, await benchPropagation(sp, team, sizes, log));
    if (PARTS.has('initial')) {
      const big = await benchInitialSync(sp, sizes, log);
      Object.assign(results, big.results);
      Object.assign(results, await benchOpenDocs(sp, big.team, sizes, log));
    }
    if (PARTS.has('load')) Object.assign(results, await benchLoad(sp, team, sizes, log));
    if (PRESENCE !== 'on') results.sync_load_presence = PRESENCE;
  } finally {
    await sp.stop();
  }
  return results;
}
