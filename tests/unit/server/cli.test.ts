// @vitest-environment node
// `npm run server` as a team lead uses it: the server in a child process, admin commands while it runs, then with
// no server running (the database opened directly), and the clear refusals.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerName } from '../../../server/app.ts';
import { connect, destroyAll, tempDir, waitFor } from './helpers.ts';

const root = path.resolve(__dirname, '../../..');
const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs');
const main = path.join(root, 'server/main.ts');

let dataDir: string;
let child: ChildProcess | null = null;
let url = '';
let out = '';

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' };
  delete e.DATABASE_URL;
  delete e.REDIS_URL;
  return { ...e, ...extra };
}

function cli(args: string[], extra: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [tsx, main, ...args], { env: env(extra), cwd: root, timeout: 20_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

async function startChild(): Promise<void> {
  out = '';
  child = spawn(process.execPath, [tsx, main], { env: env(), cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  // The start lines are two writes, which may come in two chunks: wait for the second.
  const m = await waitFor(() => (out.includes('database: ') ? /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out) : null), `the server to start (output: ${out})`, 20_000);
  url = m[1]!;
}

function stopChild(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  const c = child;
  child = null;
  if (!c || c.exitCode !== null) return Promise.resolve(c?.exitCode ?? null);
  return new Promise((resolve) => {
    c.once('exit', (code) => resolve(code));
    c.kill(signal);
  });
}

beforeAll(async () => {
  dataDir = tempDir('caselint-cli-');
  await startChild();
}, 30_000);

afterAll(async () => {
  destroyAll();
  await stopChild();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run server', () => {
  let teamId = '';
  let token = '';

  it('says where it listens and which database it uses; keeps the admin secret private', () => {
    expect(out).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+ .*this machine only/);
    expect(out).toContain(`database: embedded PGlite in ${fs.realpathSync(dataDir)}`);
    expect(fs.statSync(path.join(dataDir, 'admin-secret')).mode & 0o777).toBe(0o600);
  });

  it('team create, invite and agents work while the server runs; the invite code joins', async () => {
    const created = await cli(['team', 'create', 'Acme care', '--json']);
    expect(created.code).toBe(0);
    teamId = JSON.parse(created.stdout).id;
    expect(teamId).toMatch(/^[0-9a-f]{12}$/);

    const human = await cli(['team', 'create', 'Second team']);
    expect(human.stdout).toMatch(/Created team "Second team"\.\nteam id: [0-9a-f]{12}/);

    const invite = await cli(['invite', 'Agent.A@acme.test', '--team', teamId, '--handle', 'agent_a']);
    expect(invite.code).toBe(0);
    const code = /invite code: (\S+)/.exec(invite.stdout)?.[1];
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(invite.stdout).toMatch(/expires 20\d\d-/);

    const joined = await fetch(`${url}/api/join`, { method: 'POST', body: JSON.stringify({ code }) });
    expect(joined.status).toBe(200);
    const body = (await joined.json()) as { token: string; tokenId: string; agent: { handle: string } };
    token = body.token;
    expect(body.agent.handle).toBe('agent_a');

    const agents = await cli(['agents', '--team', teamId]);
    expect(agents.code).toBe(0);
    expect(agents.stdout).toContain('agent.a@acme.test @agent_a agent');
    expect(agents.stdout).toContain(`${body.tokenId}  valid until`);
  }, 30_000);

  it('revoke closes the agent’s open connection at once', async () => {
    const c = connect({ url } as never, customerName(teamId, 'h-cli'), token);
    await c.synced;
    const revoked = await cli(['revoke', 'agent.a@acme.test']);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(/Revoked 1 token\(s\)/);
    await waitFor(() => c.closes.includes('token-revoked'), 'the connection closed', 2000);
    expect((await fetch(`${url}/api/me`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401);
    c.destroy();
  }, 30_000);

  it('names what is wrong, with exit code 2 for a bad command line and 1 for a failed operation', async () => {
    const badEmail = await cli(['invite', 'not-an-email', '--team', teamId]);
    expect(badEmail.code).toBe(2);
    expect(badEmail.stderr).toContain('not an email address: "not-an-email"');
    const unknownTeam = await cli(['invite', 'x@acme.test', '--team', 'nosuchteam']);
    expect(unknownTeam.code).toBe(1);
    expect(unknownTeam.stderr).toContain('unknown team: nosuchteam');
    const noTeam = await cli(['invite', 'x@acme.test']);
    expect(noTeam.code).toBe(2);
    expect(noTeam.stderr).toContain('invite needs --team');
    const badRole = await cli(['invite', 'x@acme.test', '--team', teamId, '--role', 'boss']);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('unknown role "boss"');
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const nobody = await cli(['revoke', 'nobody@acme.test']);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('unknown agent: nobody@acme.test');
    const help = await cli(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('invite <email> --team <teamId>');
  }, 60_000);

  it('a second server on the same data directory is refused; REDIS_URL alone is refused', async () => {
    const second = await cli([], { PORT: '0' });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/open in another process \(pid \d+\)/);
    const redisOnly = await cli([], { REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(redisOnly.code).toBe(2);
    expect(redisOnly.stderr).toContain('DATABASE_URL');
  }, 30_000);

  it('stops cleanly on SIGTERM; admin commands then open the database directly', async () => {
    expect(await stopChild('SIGTERM')).toBe(0);
    expect(out).toContain('SIGTERM: storing documents and closing the database');
    expect(fs.existsSync(path.join(dataDir, 'server.json'))).toBe(false);
    const agents = await cli(['agents', '--team', teamId]);
    expect(agents.code).toBe(0);
    expect(agents.stdout).toMatch(/tok_[0-9a-f]+ {2}revoked/);
    const invite = await cli(['invite', 'b@acme.test', '--team', teamId, '--role', 'viewer', '--json']);
    expect(invite.code).toBe(0);
    expect(JSON.parse(invite.stdout)).toMatchObject({ email: 'b@acme.test', role: 'viewer' });
  }, 30_000);
});
