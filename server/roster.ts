// Teams, agents, invites and tokens: the operations behind the admin commands, /api/join and token checks.
// Secrets (invite codes, tokens) are random; only their SHA-256 hashes are stored.
import crypto from 'node:crypto';
import type { Db, Sql } from './storage.ts';

export type Role = 'agent' | 'viewer' | 'lead';
export const ROLES: readonly Role[] = ['agent', 'viewer', 'lead'];
export const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

export interface Team {
  id: string;
  name: string;
}
export interface Agent {
  id: string;
  teamId: string;
  email: string;
  handle: string | null;
  role: Role;
}
export interface TokenInfo {
  tokenId: string;
  agent: Agent;
  team: Team;
  expiresAt: number;
}

/** A refusal the caller can show as is: `status` is the HTTP status, `message` names what is wrong. */
export class RosterError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export const sha256 = (s: string): string => crypto.createHash('sha256').update(s).digest('hex');

const ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789'; // no 0/O, 1/I/L, U: read aloud and typed by hand
function randomCode(groups = 3, size = 4): string {
  const out: string[] = [];
  for (let g = 0; g < groups; g++) {
    let s = '';
    for (let i = 0; i < size; i++) s += ALPHABET[crypto.randomInt(ALPHABET.length)];
    out.push(s);
  }
  return out.join('-');
}
/** Invite codes are typed by people: case, spaces and dashes do not matter. */
export const normalizeCode = (code: string): string => code.toUpperCase().replace(/[\s-]/g, '');

export const newTeamId = (): string => crypto.randomBytes(6).toString('hex');
const newId = (prefix: string): string => `${prefix}_${crypto.randomBytes(8).toString('hex')}`;
export const newToken = (): string => crypto.randomBytes(32).toString('base64url');

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export function checkEmail(email: unknown): string {
  if (typeof email !== 'string' || email.length > 254 || !EMAIL.test(email.trim())) {
    throw new RosterError(`not an email address: ${JSON.stringify(email)}`);
  }
  return email.trim().toLowerCase();
}
export function checkHandle(handle: unknown): string | null {
  if (handle === undefined || handle === null || handle === '') return null;
  if (typeof handle !== 'string' || !/^@?[A-Za-z0-9_]{1,15}$/.test(handle.trim())) {
    throw new RosterError(`not an X handle (1-15 letters, digits or _): ${JSON.stringify(handle)}`);
  }
  return handle.trim().replace(/^@/, '');
}
export function checkRole(role: unknown): Role {
  if (role === undefined) return 'agent';
  if (typeof role !== 'string' || !ROLES.includes(role as Role)) {
    throw new RosterError(`unknown role ${JSON.stringify(role)}: use agent, viewer or lead`);
  }
  return role as Role;
}

/** Key of an agent in the index's `agents` map: the handle in lower case, else the email. */
export const agentKey = (a: Pick<Agent, 'handle' | 'email'>): string => (a.handle ? a.handle.toLowerCase() : a.email);

interface AgentRow {
  id: string;
  team_id: string;
  email: string;
  handle: string | null;
  role: Role;
}
const toAgent = (r: AgentRow): Agent => ({ id: r.id, teamId: r.team_id, email: r.email, handle: r.handle, role: r.role });

export async function createTeam(db: Sql, name: unknown, now = Date.now()): Promise<Team> {
  if (typeof name !== 'string' || !name.trim() || name.trim().length > 200) {
    throw new RosterError('a team needs a name (1-200 characters)');
  }
  const team = { id: newTeamId(), name: name.trim() };
  await db.query('INSERT INTO teams (id, name, created_at) VALUES ($1, $2, $3)', [team.id, team.name, new Date(now)]);
  return team;
}

export async function getTeam(db: Sql, teamId: unknown): Promise<Team> {
  if (typeof teamId !== 'string' || !teamId) throw new RosterError('a team id is needed (--team <id>)');
  const rows = await db.query<Team>('SELECT id, name FROM teams WHERE id = $1', [teamId]);
  if (!rows[0]) throw new RosterError(`unknown team: ${teamId}`, 404);
  return rows[0];
}

export async function listTeams(db: Sql): Promise<Team[]> {
  return db.query<Team>('SELECT id, name FROM teams ORDER BY created_at');
}

export interface Invite {
  code: string;
  email: string;
  role: Role;
  handle: string | null;
  team: Team;
  expiresAt: number;
}

export async function createInvite(
  db: Sql,
  input: { email: unknown; teamId: unknown; role?: unknown; handle?: unknown },
  now = Date.now(),
): Promise<Invite> {
  const email = checkEmail(input.email);
  const role = checkRole(input.role);
  const handle = checkHandle(input.handle);
  const team = await getTeam(db, input.teamId);
  const code = randomCode();
  const expiresAt = now + INVITE_TTL_MS;
  await db.query(
    `INSERT INTO invites (id, team_id, email, role, handle, code_hash, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [newId('inv'), team.id, email, role, handle, sha256(normalizeCode(code)), new Date(now), new Date(expiresAt)],
  );
  return { code, email, role, handle, team, expiresAt };
}

export interface Joined {
  token: string;
  tokenId: string;
  expiresAt: number;
  agent: Agent;
  team: Team;
}

/** Uses up an invite code and issues a token. The code is spent atomically: two joins with one code, one wins. */
export async function join(db: Db, input: { code: unknown; handle?: unknown }, tokenTtlMs: number, now = Date.now()): Promise<Joined> {
  if (typeof input.code !== 'string' || !input.code.trim()) throw new RosterError('an invite code is needed ("code")');
  const bodyHandle = checkHandle(input.handle);
  const hash = sha256(normalizeCode(input.code));
  return db.transaction(async (tx) => {
    const spent = await tx.query<{ id: string; team_id: string; email: string; role: Role; handle: string | null }>(
      `UPDATE invites SET used_at = $2
       WHERE code_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $2
       RETURNING id, team_id, email, role, handle`,
      [hash, new Date(now)],
    );
    const inv = spent[0];
    if (!inv) throw new RosterError('invite code unknown, already used, revoked or expired', 401);
    const team = await getTeam(tx, inv.team_id);
    const handle = bodyHandle ?? inv.handle;
    const rows = await tx.query<AgentRow>(
      `INSERT INTO agents (id, team_id, email, handle, role, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (team_id, email) DO UPDATE SET role = EXCLUDED.role, handle = COALESCE(EXCLUDED.handle, agents.handle)
       RETURNING id, team_id, email, handle, role`,
      [newId('ag'), inv.team_id, inv.email, handle, inv.role, new Date(now)],
    );
    const agent = toAgent(rows[0]!);
    await tx.query('UPDATE invites SET agent_id = $1 WHERE id = $2', [agent.id, inv.id]);
    const token = newToken();
    const tokenId = newId('tok');
    const expiresAt = now + tokenTtlMs;
    await tx.query('INSERT INTO tokens (id, agent_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
      tokenId,
      agent.id,
      sha256(token),
      new Date(now),
      new Date(expiresAt),
    ]);
    return { token, tokenId, expiresAt, agent, team };
  });
}

export type TokenCheck = { ok: true; info: TokenInfo } | { ok: false; reason: 'unknown-token' | 'token-expired' | 'token-revoked' };

export async function checkToken(db: Sql, token: string, now = Date.now()): Promise<TokenCheck> {
  if (!token) return { ok: false, reason: 'unknown-token' };
  const rows = await db.query<AgentRow & { token_id: string; expires_at: Date; revoked_at: Date | null; team_name: string }>(
    `SELECT t.id AS token_id, t.expires_at, t.revoked_at, a.id, a.team_id, a.email, a.handle, a.role, tm.name AS team_name
     FROM tokens t JOIN agents a ON a.id = t.agent_id JOIN teams tm ON tm.id = a.team_id
     WHERE t.token_hash = $1`,
    [sha256(token)],
  );
  const r = rows[0];
  if (!r) return { ok: false, reason: 'unknown-token' };
  if (r.revoked_at) return { ok: false, reason: 'token-revoked' };
  const expiresAt = new Date(r.expires_at).getTime();
  if (expiresAt <= now) return { ok: false, reason: 'token-expired' };
  return { ok: true, info: { tokenId: r.token_id, agent: toAgent(r), team: { id: r.team_id, name: r.team_name }, expiresAt } };
}

/** Of these token ids, the ones no longer valid (revoked or expired): the periodic sweep of open connections. */
export async function invalidTokenIds(db: Sql, ids: string[], now = Date.now()): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<{ id: string }>(
    'SELECT id FROM tokens WHERE id = ANY($1::text[]) AND (revoked_at IS NOT NULL OR expires_at <= $2)',
    [ids, new Date(now)],
  );
  const known = new Set((await db.query<{ id: string }>('SELECT id FROM tokens WHERE id = ANY($1::text[])', [ids])).map((r) => r.id));
  return [...rows.map((r) => r.id), ...ids.filter((id) => !known.has(id))];
}

export interface AgentListing extends Agent {
  tokens: Array<{ id: string; createdAt: number; expiresAt: number; revokedAt: number | null }>;
  pendingInvites: number;
}

export async function listAgents(db: Sql, teamId: unknown, now = Date.now()): Promise<{ team: Team; agents: AgentListing[] }> {
  const team = await getTeam(db, teamId);
  const agents = (await db.query<AgentRow>('SELECT id, team_id, email, handle, role FROM agents WHERE team_id = $1 ORDER BY email', [team.id])).map(toAgent);
  const tokens = await db.query<{ id: string; agent_id: string; created_at: Date; expires_at: Date; revoked_at: Date | null }>(
    `SELECT t.id, t.agent_id, t.created_at, t.expires_at, t.revoked_at FROM tokens t JOIN agents a ON a.id = t.agent_id
     WHERE a.team_id = $1 ORDER BY t.created_at`,
    [team.id],
  );
  const invites = await db.query<{ email: string; n: string | number }>(
    `SELECT email, count(*) AS n FROM invites WHERE team_id = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $2 GROUP BY email`,
    [team.id, new Date(now)],
  );
  const pending = new Map(invites.map((r) => [r.email, Number(r.n)]));
  const listing: AgentListing[] = agents.map((a) => ({
    ...a,
    tokens: tokens
      .filter((t) => t.agent_id === a.id)
      .map((t) => ({
        id: t.id,
        createdAt: new Date(t.created_at).getTime(),
        expiresAt: new Date(t.expires_at).getTime(),
        revokedAt: t.revoked_at ? new Date(t.revoked_at).getTime() : null,
      })),
    pendingInvites: pending.get(a.email) ?? 0,
  }));
  // People invited who have not joined yet are listed too (no tokens).
  for (const [email, n] of pending) {
    if (!agents.some((a) => a.email === email)) {
      listing.push({ id: '', teamId: team.id, email, handle: null, role: 'agent', tokens: [], pendingInvites: n });
    }
  }
  return { team, agents: listing };
}

/** The agents of a team with at least one valid token: the index's `agents` map. */
export async function activeAgents(db: Sql, teamId: string, now = Date.now()): Promise<Agent[]> {
  const rows = await db.query<AgentRow>(
    `SELECT DISTINCT a.id, a.team_id, a.email, a.handle, a.role FROM agents a JOIN tokens t ON t.agent_id = a.id
     WHERE a.team_id = $1 AND t.revoked_at IS NULL AND t.expires_at > $2`,
    [teamId, new Date(now)],
  );
  return rows.map(toAgent);
}

export interface Revoked {
  tokenIds: string[];
  invites: number;
  teamIds: string[];
}

/**
 * Revokes by email (every token of that person, in every team or in `teamId` only, and their unused invites) or by
 * token id.
 */
export async function revoke(db: Db, target: unknown, teamId?: string, now = Date.now()): Promise<Revoked> {
  if (typeof target !== 'string' || !target.trim()) throw new RosterError('revoke needs an email or a token id');
  const t = target.trim();
  return db.transaction(async (tx) => {
    if (t.startsWith('tok_')) {
      const rows = await tx.query<{ id: string; team_id: string }>(
        `UPDATE tokens SET revoked_at = $2 FROM agents a WHERE tokens.id = $1 AND a.id = tokens.agent_id AND tokens.revoked_at IS NULL
         RETURNING tokens.id, a.team_id`,
        [t, new Date(now)],
      );
      if (!rows[0]) {
        const exists = await tx.query('SELECT 1 FROM tokens WHERE id = $1', [t]);
        throw new RosterError(exists[0] ? `token ${t} is already revoked` : `unknown token id: ${t}`, exists[0] ? 409 : 404);
      }
      return { tokenIds: [t], invites: 0, teamIds: [rows[0].team_id] };
    }
    const email = checkEmail(t);
    if (teamId) await getTeam(tx, teamId);
    const rows = await tx.query<{ id: string; team_id: string }>(
      `UPDATE tokens SET revoked_at = $2 FROM agents a
       WHERE a.id = tokens.agent_id AND a.email = $1 AND ($3::text IS NULL OR a.team_id = $3) AND tokens.revoked_at IS NULL
       RETURNING tokens.id, a.team_id`,
      [email, new Date(now), teamId ?? null],
    );
    const inv = await tx.query<{ team_id: string }>(
      `UPDATE invites SET revoked_at = $2 WHERE email = $1 AND ($3::text IS NULL OR team_id = $3) AND used_at IS NULL AND revoked_at IS NULL
       RETURNING team_id`,
      [email, new Date(now), teamId ?? null],
    );
    if (rows.length === 0 && inv.length === 0) {
      const known = await tx.query('SELECT 1 FROM agents WHERE email = $1 UNION ALL SELECT 1 FROM invites WHERE email = $1', [email]);
      throw new RosterError(known[0] ? `${email} has no valid token or pending invite to revoke` : `unknown agent: ${email}`, known[0] ? 409 : 404);
    }
    return {
      tokenIds: rows.map((r) => r.id),
      invites: inv.length,
      teamIds: [...new Set([...rows.map((r) => r.team_id), ...inv.map((r) => r.team_id)])],
    };
  });
}
