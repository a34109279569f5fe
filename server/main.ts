// `npm run server [-- <command>]`: runs the team server, or an admin command against it.
// Admin commands talk to the running server (DATA_DIR/server.json says where) over its admin HTTP routes,
// authenticated by DATA_DIR/admin-secret (mode 0600); with no server running they open the database directly.
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { adminSecret, serverInfoFile, startServer } from './app.ts';
import { ConfigError, dataDirFrom, optionsFromEnv } from './config.ts';
import * as roster from './roster.ts';
import { RosterError } from './roster.ts';
import { DataDirBusyError, openDatabase } from './storage.ts';

const USAGE = `Caselint team server

  npm run server                          run the server (same as: npm run server -- start)
  npm run server -- team create "<name>"  create a team, print its id
  npm run server -- teams                 list teams
  npm run server -- invite <email> --team <teamId> [--role agent|viewer|lead] [--handle <x handle>]
                                          print a one-time invite code (expires after 7 days)
  npm run server -- agents --team <teamId>
                                          list the team's agents, their tokens and pending invites
  npm run server -- revoke <email|tokenId> [--team <teamId>]
                                          revoke tokens (and unused invites) and close their connections now
  npm run server -- help

  Add --json to an admin command for machine-readable output.

Environment: HOST (127.0.0.1), PORT (8787), DATA_DIR (./.caselint-server), DATABASE_URL (postgres://…, else the
embedded PGlite database in DATA_DIR), REDIS_URL (redis://…, several processes; needs DATABASE_URL),
TOKEN_TTL_DAYS (30), AUTH_FAILURES_PER_MINUTE (30), TRUST_PROXY (0).
Exit codes: 0 done, 1 failed (unknown team, server unreachable, …), 2 bad command line or value.`;

class UsageError extends Error {}

interface Parsed {
  positional: string[];
  flags: Map<string, string | true>;
}

function parseArgs(argv: string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  const valued = new Set(['team', 'role', 'handle']);
  const boolean = new Set(['json', 'help']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h') {
      flags.set('help', true);
    } else if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (valued.has(name)) {
        const v = inline ?? argv[++i];
        if (v === undefined || v.startsWith('--')) throw new UsageError(`--${name} needs a value`);
        flags.set(name, v);
      } else if (boolean.has(name)) flags.set(name, true);
      else throw new UsageError(`unknown option --${name}`);
    } else positional.push(a);
  }
  return { positional, flags };
}

type AdminCall =
  | { op: 'team'; name: string }
  | { op: 'teams' }
  | { op: 'invite'; email: string; teamId: string; role?: string; handle?: string }
  | { op: 'agents'; teamId: string }
  | { op: 'revoke'; target: string; teamId?: string };

function adminCall(p: Parsed): AdminCall | 'start' | 'help' {
  const [cmd, ...rest] = p.positional;
  const str = (name: string): string | undefined => {
    const v = p.flags.get(name);
    return typeof v === 'string' ? v : undefined;
  };
  const allow = (...names: string[]): void => {
    for (const k of p.flags.keys()) if (k !== 'json' && !names.includes(k)) throw new UsageError(`--${k} does not apply to "${cmd}"`);
  };
  const noMore = (n: number): void => {
    if (rest.length > n) throw new UsageError(`unexpected argument: ${rest[n]}`);
  };
  if (p.flags.has('help') || cmd === 'help') return 'help';
  switch (cmd) {
    case undefined:
    case 'start':
      allow();
      noMore(0);
      return 'start';
    case 'team': {
      allow();
      if (rest[0] !== 'create') throw new UsageError('usage: team create "<name>"');
      if (!rest[1]) throw new UsageError('team create needs a name: team create "<name>"');
      if (rest.length > 2) throw new UsageError(`put the team name in quotes: team create "${rest.slice(1).join(' ')}"`);
      return { op: 'team', name: rest[1] };
    }
    case 'teams':
      allow();
      noMore(0);
      return { op: 'teams' };
    case 'invite': {
      allow('team', 'role', 'handle');
      if (!rest[0]) throw new UsageError('usage: invite <email> --team <teamId> [--role agent|viewer|lead] [--handle h]');
      noMore(1);
      const teamId = str('team');
      if (!teamId) throw new UsageError('invite needs --team <teamId> (npm run server -- teams lists them)');
      roster.checkEmail(rest[0]);
      roster.checkRole(str('role'));
      roster.checkHandle(str('handle'));
      return { op: 'invite', email: rest[0], teamId, ...(str('role') ? { role: str('role')! } : {}), ...(str('handle') ? { handle: str('handle')! } : {}) };
    }
    case 'agents': {
      allow('team');
      noMore(0);
      const teamId = str('team');
      if (!teamId) throw new UsageError('agents needs --team <teamId>');
      return { op: 'agents', teamId };
    }
    case 'revoke': {
      allow('team');
      if (!rest[0]) throw new UsageError('usage: revoke <email|tokenId> [--team <teamId>]');
      noMore(1);
      if (!rest[0].startsWith('tok_')) roster.checkEmail(rest[0]);
      return { op: 'revoke', target: rest[0], ...(str('team') ? { teamId: str('team')! } : {}) };
    }
    default:
      throw new UsageError(`unknown command "${cmd}" (npm run server -- help)`);
  }
}

function runningServer(dataDir: string): { pid: number; url: string } | null {
  try {
    const info = JSON.parse(fs.readFileSync(serverInfoFile(dataDir), 'utf8')) as { pid: number; url: string };
    process.kill(info.pid, 0);
    return info;
  } catch {
    return null;
  }
}

async function viaHttp(url: string, secret: string, call: AdminCall): Promise<unknown> {
  const req = (() => {
    switch (call.op) {
      case 'team':
        return { method: 'POST', path: '/admin/team', body: { name: call.name } };
      case 'teams':
        return { method: 'GET', path: '/admin/teams' };
      case 'invite':
        return { method: 'POST', path: '/admin/invite', body: call };
      case 'agents':
        return { method: 'GET', path: `/admin/agents?team=${encodeURIComponent(call.teamId)}` };
      case 'revoke':
        return { method: 'POST', path: '/admin/revoke', body: { target: call.target, teamId: call.teamId } };
    }
  })();
  let res: Response;
  try {
    res = await fetch(url + req.path, {
      method: req.method,
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      ...(req.body ? { body: JSON.stringify(req.body) } : {}),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (e) {
    throw new Error(`the server in this DATA_DIR does not answer at ${url}: ${(e as Error).message}`);
  }
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw new RosterError(body.error ?? `server answered ${res.status}`, res.status);
  return body;
}

async function direct(dataDir: string, call: AdminCall): Promise<unknown> {
  const opts = optionsFromEnv();
  const db = await openDatabase({ databaseUrl: opts.databaseUrl, dataDir });
  try {
    switch (call.op) {
      case 'team':
        return await roster.createTeam(db, call.name);
      case 'teams':
        return { teams: await roster.listTeams(db) };
      case 'invite':
        return await roster.createInvite(db, call);
      case 'agents':
        return await roster.listAgents(db, call.teamId);
      case 'revoke':
        return await roster.revoke(db, call.target, call.teamId);
    }
  } finally {
    await db.close();
  }
}

const day = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

function print(call: AdminCall, result: unknown, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  switch (call.op) {
    case 'team': {
      const t = result as roster.Team;
      console.log(`Created team "${t.name}".\nteam id: ${t.id}\nNext: npm run server -- invite <email> --team ${t.id}`);
      return;
    }
    case 'teams': {
      const { teams } = result as { teams: roster.Team[] };
      if (teams.length === 0) console.log('No teams yet: npm run server -- team create "<name>"');
      for (const t of teams) console.log(`${t.id}  ${t.name}`);
      return;
    }
    case 'invite': {
      const i = result as roster.Invite;
      console.log(
        `Invite for ${i.email} (${i.role}${i.handle ? `, @${i.handle}` : ''}) to team "${i.team.name}":\ninvite code: ${i.code}\n` +
          `One use, expires ${day(i.expiresAt)}. The agent enters the server URL and this code in Caselint's options page (Team).`,
      );
      return;
    }
    case 'agents': {
      const { team, agents } = result as { team: roster.Team; agents: roster.AgentListing[] };
      console.log(`Team "${team.name}" (${team.id}): ${agents.length} ${agents.length === 1 ? 'person' : 'people'}`);
      for (const a of agents) {
        const valid = a.tokens.filter((t) => t.revokedAt === null && t.expiresAt > Date.now());
        console.log(`- ${a.email}${a.handle ? ` @${a.handle}` : ''} ${a.role}${a.id ? '' : ' (invited, not joined)'}${a.pendingInvites ? `, ${a.pendingInvites} pending invite(s)` : ''}`);
        for (const t of a.tokens) {
          const state = t.revokedAt !== null ? `revoked ${day(t.revokedAt)}` : t.expiresAt <= Date.now() ? `expired ${day(t.expiresAt)}` : `valid until ${day(t.expiresAt)}`;
          console.log(`    ${t.id}  ${state}`);
        }
        if (a.id && valid.length === 0 && a.tokens.length > 0) console.log('    (no valid token)');
      }
      return;
    }
    case 'revoke': {
      const r = result as roster.Revoked;
      console.log(
        `Revoked ${r.tokenIds.length} token(s)${r.invites ? ` and ${r.invites} unused invite(s)` : ''}${r.tokenIds.length ? `: ${r.tokenIds.join(', ')}` : ''}. Their connections are closed.`,
      );
      return;
    }
  }
}

export async function main(argv: string[]): Promise<number> {
  let parsed: Parsed;
  let what: ReturnType<typeof adminCall>;
  try {
    parsed = parseArgs(argv);
    what = adminCall(parsed);
  } catch (e) {
    if (e instanceof UsageError || e instanceof RosterError) {
      console.error(`caselint-server: ${e.message}`);
      return 2;
    }
    throw e;
  }
  if (what === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (what === 'start') {
    let opts;
    try {
      opts = optionsFromEnv();
    } catch (e) {
      if (e instanceof ConfigError) {
        console.error(`caselint-server: ${e.message}`);
        return 2;
      }
      throw e;
    }
    let server;
    try {
      server = await startServer(opts);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'EADDRINUSE') console.error(`caselint-server: ${opts.host}:${opts.port} is in use (set PORT to another port)`);
      else if (e instanceof DataDirBusyError) console.error(`caselint-server: ${e.message}; is a server already running? (npm run server -- agents --team <id> talks to it)`);
      else console.error(`caselint-server: cannot start: ${err.message}`);
      return 1;
    }
    await new Promise<void>((resolve) => {
      const onSignal = (sig: string): void => {
        console.log(`caselint-server: ${sig}: storing documents and closing the database`);
        void server.stop().then(resolve, (e: unknown) => {
          console.error(`caselint-server: stopping: ${(e as Error).message}`);
          resolve();
        });
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    });
    return 0;
  }
  const call = what;
  const json = parsed.flags.get('json') === true;
  const dataDir = dataDirFrom();
  try {
    const running = runningServer(dataDir);
    const result = running ? await viaHttp(running.url, adminSecret(dataDir), call) : await direct(dataDir, call);
    print(call, result, json);
    return 0;
  } catch (e) {
    if (e instanceof RosterError) {
      console.error(`caselint-server: ${e.message}`);
      return e.status === 400 ? 2 : 1;
    }
    if (e instanceof ConfigError) {
      console.error(`caselint-server: ${e.message}`);
      return 2;
    }
    if (e instanceof DataDirBusyError) {
      console.error(`caselint-server: ${e.message}, but no server answers for this DATA_DIR; stop that process and retry`);
      return 1;
    }
    console.error(`caselint-server: ${(e as Error).message}`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`caselint-server: ${(e as Error).stack ?? String(e)}`);
      process.exit(1);
    },
  );
}
