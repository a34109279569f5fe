/**
 * The team server of the sync benchmark, in a process of its own (forked by scripts/bench/sync.ts) so that its
 * memory and CPU are its own. It runs server/app.ts as `npm run server` does (PGlite in a fresh temp data
 * directory, 127.0.0.1, a free port, the production debounce) and answers the bench over IPC: make a team with
 * agents, seed a team's documents directly into the database, report memory and CPU, stop.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import * as Y from 'yjs';
import { startServer, customerName, indexName, type RunningServer } from '../../server/app.ts';
import * as roster from '../../server/roster.ts';
import { writeCustomer, writeRecord } from '../../lib/sync/doc.ts';
import type { Customer, Note } from '../../lib/cases/types.ts';

export type Request =
  | { id: number; cmd: 'team'; name: string; agents: number }
  | { id: number; cmd: 'seed'; name: string; customers: number; notesPer: number; agents: number }
  | { id: number; cmd: 'stats'; gc?: boolean }
  | { id: number; cmd: 'cpu-start' }
  | { id: number; cmd: 'cpu-stop' }
  | { id: number; cmd: 'stop' };

export interface Stats {
  rssMb: number;
  heapUsedMb: number;
  externalMb: number;
  documents: number;
  connections: number;
}

const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caselint-bench-server-'));
let server: RunningServer;
let cpuTimer: NodeJS.Timeout | null = null;
let cpuSamples: number[] = [];
let loop: IntervalHistogram | null = null;
let storeMs: number[] = [];
let stalls: string[] = [];
let stallTimer: NodeJS.Timeout | null = null;

function stats(gc: boolean): Stats {
  if (gc) (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return {
    rssMb: mb(m.rss),
    heapUsedMb: mb(m.heapUsed),
    externalMb: mb(m.external),
    documents: server.hocuspocus.getDocumentsCount(),
    connections: server.hocuspocus.getConnectionsCount(),
  };
}

/** Agents joined through POST /api/join, the path an agent's browser takes. */
async function join(teamId: string, name: string, n: number): Promise<Array<{ handle: string; token: string }>> {
  const out: Array<{ handle: string; token: string }> = [];
  for (let i = 0; i < n; i++) {
    const handle = `${name}_${i}`;
    const inv = await roster.createInvite(server.db, { email: `${handle}@bench.test`, teamId, handle });
    const res = await fetch(`${server.url}/api/join`, { method: 'POST', body: JSON.stringify({ code: inv.code }) });
    if (res.status !== 200) throw new Error(`join of ${handle}: ${res.status} ${await res.text()}`);
    out.push({ handle, token: ((await res.json()) as { token: string }).token });
  }
  return out;
}

/**
 * A team's customer documents built with lib/sync/doc.ts (the extension's own writers) by one client, stored as
 * the server stores them, plus the index listing every one. Cheaper than 100,000 notes through providers, and
 * smaller: one Yjs client and one transaction per document instead of many agents' edits over months.
 */
async function seed(teamId: string, customers: number, notesPer: number): Promise<{ bytes: number; buildMs: number; storeMs: number }> {
  const t0 = performance.now();
  const now = Date.now() - 86_400_000;
  const index = new Y.Doc();
  const changed = index.getMap<number>('changed');
  let bytes = 0;
  let rows: Array<[string, Uint8Array]> = [];
  let storeMs = 0;
  const flush = async () => {
    const t = performance.now();
    await server.db.transaction(async (tx) => {
      const values: unknown[] = [];
      const marks = rows.map(([name, data], i) => (values.push(name, data, new Date()), `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3})`));
      await tx.query(`INSERT INTO documents (name, data, updated_at) VALUES ${marks.join(', ')}`, values);
    });
    storeMs += performance.now() - t;
    rows = [];
  };
  for (let i = 0; i < customers; i++) {
    const key = `cust_${i}`;
    const docId = `h-${key}`;
    const doc = new Y.Doc();
    const at = now + i;
    const customer: Customer = { key, handle: `Cust_${i}`, displayName: `Customer ${i}`, tags: i % 3 ? [] : ['billing'], aliases: [], createdAt: at, updatedAt: at, docId };
    writeCustomer(doc, customer, 'seed_agent');
    for (let j = 0; j < notesPer; j++) {
      const note: Note = {
        id: `n-${i}-${j}`,
        customerKey: key,
        caseId: null,
        text: `Note ${j} on ${key}: called about the fiber box, promised a technician visit on Tuesday morning.`,
        createdAt: at + j,
        by: `agent_${j % 7}`,
      };
      writeRecord(doc, 'notes', note);
    }
    const state = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    bytes += state.byteLength;
    rows.push([customerName(teamId, docId), state]);
    changed.set(docId, at);
    if (rows.length === 500) await flush();
  }
  if (rows.length) await flush();
  rows.push([indexName(teamId), Y.encodeStateAsUpdate(index)]);
  await flush();
  return { bytes, buildMs: performance.now() - t0 - storeMs, storeMs };
}

async function handle(req: Request): Promise<unknown> {
  switch (req.cmd) {
    case 'team': {
      const team = await roster.createTeam(server.db, req.name);
      return { teamId: team.id, agents: await join(team.id, req.name.toLowerCase().replace(/[^a-z0-9]/g, ''), req.agents) };
    }
    case 'seed': {
      // The documents and the index go in before anybody joins: the first join opens the index.
      const team = await roster.createTeam(server.db, req.name);
      const seeded = await seed(team.id, req.customers, req.notesPer);
      return { teamId: team.id, ...seeded, agents: await join(team.id, req.name.toLowerCase().replace(/[^a-z0-9]/g, ''), req.agents) };
    }
    case 'stats':
      return stats(Boolean(req.gc));
    case 'cpu-start': {
      cpuSamples = [];
      storeMs = [];
      loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      stalls = [];
      const t0 = performance.now();
      let tick = t0;
      stallTimer = setInterval(() => {
        const t = performance.now();
        if (t - tick > 600) stalls.push(`${((tick - t0) / 1000).toFixed(1)} s: ${(t - tick - 100).toFixed(0)} ms`);
        tick = t;
      }, 100);
      let last = process.cpuUsage();
      let lastT = performance.now();
      cpuTimer = setInterval(() => {
        const u = process.cpuUsage(last);
        const t = performance.now();
        cpuSamples.push(((u.user + u.system) / 1000 / (t - lastT)) * 100);
        last = process.cpuUsage();
        lastT = t;
      }, 1000);
      return null;
    }
    case 'cpu-stop':
      if (cpuTimer) clearInterval(cpuTimer);
      cpuTimer = null;
      loop?.disable();
      if (stallTimer) clearInterval(stallTimer);
      return { stalls, cpu: cpuSamples, loopP95Ms: (loop?.percentile(95) ?? 0) / 1e6, loopMaxMs: (loop?.max ?? 0) / 1e6, storeMs };
    case 'stop':
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      setTimeout(() => process.exit(0), 50);
      return null;
  }
}

async function main() {
  server = await startServer({ host: '127.0.0.1', port: 0, dataDir, tokenTtlMs: 86_400_000, quiet: true });
  // Time every database statement (the embedded PGlite runs each one on this thread).
  const query = server.db.query.bind(server.db);
  (server.db as { query: typeof query }).query = async (text, params) => {
    const t = performance.now();
    try {
      return await query(text, params);
    } finally {
      if (cpuTimer) storeMs.push(performance.now() - t);
    }
  };
  process.on('message', (msg: Request) => {
    handle(msg).then(
      (result) => process.send!({ id: msg.id, result }),
      (e: unknown) => process.send!({ id: msg.id, error: (e as Error).stack ?? String(e) }),
    );
  });
  process.on('disconnect', () => void server.stop().finally(() => process.exit(0)));
  process.send!({ ready: true, url: server.url });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
