// @vitest-environment node
// Two team-server processes behind one PostgreSQL and one Redis (started by scripts/test-cluster.sh): what one
// agent writes through process A reaches another agent connected to process B, and the other way round.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerName, indexName } from '../../server/app.ts';
import { connect, destroyAll, tempDir, waitFor } from '../unit/server/helpers.ts';

const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs');
const main = path.join(root, 'server/main.ts');
const { DATABASE_URL, REDIS_URL } = process.env;

interface Proc {
  child: ChildProcess;
  url: string;
  dataDir: string;
  out: string[];
}
const procs: Proc[] = [];

async function startProc(): Promise<Proc> {
  const dataDir = tempDir('caselint-cluster-');
  const out: string[] = [];
  const child = spawn(process.execPath, [tsx, main], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', TOKEN_SWEEP_SECONDS: '0.5' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const text = (): string => out.join('');
  child.stdout!.on('data', (d: Buffer) => out.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => out.push(d.toString()));
  const m = await waitFor(() => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text()) ?? (child.exitCode !== null ? (() => { throw new Error(text()); })() : null), 'a server process to start', 30_000);
  const p = { child, url: m[1]!, dataDir, out };
  procs.push(p);
  return p;
}

function cli(p: Proc, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [tsx, main, ...args], { cwd: root, env: { ...process.env, DATA_DIR: p.dataDir }, timeout: 20_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${args.join(' ')}: ${stderr}`)) : resolve(stdout),
    );
  });
}

async function join(p: Proc, code: string): Promise<string> {
  const res = await fetch(`${p.url}/api/join`, { method: 'POST', body: JSON.stringify({ code }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

let A: Proc;
let B: Proc;
let teamId = '';
let tokenA = '';
let tokenB = '';

beforeAll(async () => {
  if (!DATABASE_URL || !REDIS_URL) {
    throw new Error('tests/cluster needs DATABASE_URL and REDIS_URL: run it with npm run test:cluster (it starts both)');
  }
  [A, B] = await Promise.all([startProc(), startProc()]);
  teamId = JSON.parse(await cli(A, ['team', 'create', `Cluster ${Date.now()}`, '--json'])).id;
  const inviteA = JSON.parse(await cli(A, ['invite', 'a@cluster.test', '--team', teamId, '--handle', 'agent_a', '--json'])).code;
  const inviteB = JSON.parse(await cli(B, ['invite', 'b@cluster.test', '--team', teamId, '--handle', 'agent_b', '--json'])).code;
  // Each joins through the other process: one database.
  tokenA = await join(B, inviteA);
  tokenB = await join(A, inviteB);
}, 90_000);

afterAll(async () => {
  destroyAll();
  await Promise.all(
    procs.map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.child.exitCode !== null) return resolve();
          const t = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
          p.child.once('exit', (code) => {
            clearTimeout(t);
            if (code !== 0) console.error(`server process exited with ${code}:\n${p.out.join('')}`);
            resolve();
          });
          p.child.kill('SIGTERM');
        }),
    ),
  );
  for (const p of procs) fs.rmSync(p.dataDir, { recursive: true, force: true });
});

describe('two server processes, one PostgreSQL, one Redis', () => {
  it('both report PostgreSQL and Redis', async () => {
    for (const p of [A, B]) {
      const h = (await (await fetch(`${p.url}/healthz`)).json()) as unknown;
      expect(h).toEqual({ ok: true, database: 'postgres', redis: true });
      expect(p.out.join('')).toMatch(/database: PostgreSQL postgres:\/\/.*; Redis redis:\/\//);
    }
  });

  it('a write through process A reaches a provider on process B, and back, well under a second', async () => {
    const name = customerName(teamId, 'h-shared');
    const onA = connect({ url: A.url } as never, name, tokenA);
    const onB = connect({ url: B.url } as never, name, tokenB);
    await Promise.all([onA.synced, onB.synced]);
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      onA.doc.getMap('notes').set(`a${i}`, `from A ${i}`);
      await waitFor(() => onB.doc.getMap('notes').get(`a${i}`) === `from A ${i}`, `note a${i} on B`, 5000);
      delays.push(performance.now() - t0);
      const t1 = performance.now();
      onB.doc.getMap('notes').set(`b${i}`, `from B ${i}`);
      await waitFor(() => onA.doc.getMap('notes').get(`b${i}`) === `from B ${i}`, `note b${i} on A`, 5000);
      delays.push(performance.now() - t1);
    }
    delays.sort((x, y) => x - y);
    const p95 = delays[Math.ceil(delays.length * 0.95) - 1]!;
    console.log(`cross-process propagation over Redis: p50 ${delays[delays.length / 2]!.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms (${delays.length} writes)`);
    expect(p95).toBeLessThan(1000);
  });

  it('the index on B records a change written through A', async () => {
    const idx = connect({ url: B.url } as never, indexName(teamId), tokenB);
    await idx.synced;
    expect(idx.doc.getMap('agents').has('agent_a')).toBe(true);
    const c = connect({ url: A.url } as never, customerName(teamId, 'h-indexed'), tokenA);
    await c.synced;
    c.doc.getMap('customer').set('handle', 'indexed');
    await waitFor(() => idx.doc.getMap('changed').get('h-indexed'), 'the change in the index on B', 5000);
  });

  it('documents are stored in PostgreSQL: B pulls what was written through A once nobody holds it', async () => {
    const name = customerName(teamId, 'h-stored');
    const c = connect({ url: A.url } as never, name, tokenA);
    await c.synced;
    c.doc.getMap('notes').set('n', 'stored');
    await new Promise((r) => setTimeout(r, 100));
    c.destroy();
    const body = await waitFor(
      async () => {
        const res = await fetch(`${B.url}/api/pull`, { method: 'POST', headers: { Authorization: `Bearer ${tokenB}` }, body: JSON.stringify({ docs: [{ id: 'h-stored', sv: null }] }) });
        const b = (await res.json()) as { docs: Array<{ id: string; update: string }> };
        return b.docs.length ? b : null;
      },
      'h-stored in PostgreSQL',
      15_000,
    );
    expect(body.docs[0]!.id).toBe('h-stored');
  }, 30_000);

  it('revoking through A closes the agent’s connection on B', async () => {
    const c = connect({ url: B.url } as never, customerName(teamId, 'h-shared'), tokenA);
    await c.synced;
    await cli(A, ['revoke', 'a@cluster.test']);
    await waitFor(() => c.closes.some((r) => r.startsWith('token-revoked')), 'the connection on B closed', 5000);
  });
});
