/**
 * The team sign-in of this browser and everything that follows from it: joining with an invite code, the replica
 * (local writes -> shared documents -> projected rows) and the connection to the team server, leaving.
 * Browser-API free (it takes `fetch` and a WebSocket constructor): the background owns one, Node tests drive it
 * against the real server. With no sign-in it does nothing and Caselint works alone, as before teams.
 *
 * Lifecycle: `load()` at start-up restores a sign-in. While signed in, the replica always runs (writes land in
 * Dexie first and are captured into their documents, marked dirty); the connection runs only when the background
 * wants it (`connect()` / `disconnect()`: an x.com tab or an extension page is open, or an alarm's catch-up).
 */
import type { CaselintDB, TeamRow } from '../cases/db';
import type { CaseStore } from '../cases/store';
import { handleKey } from '../cases/types';
import { Replica } from './replica';
import { TeamTransport, type SyncStatus } from './transport';

/** What pages are shown about the sign-in: everything but the token. */
export type TeamInfo = Omit<TeamRow, 'id' | 'token'>;

export type TeamStatus =
  | { joined: false }
  | { joined: true; team: TeamInfo; sync: SyncStatus; readOnly: boolean };

export interface JoinPreview {
  customers: number;
  notes: number;
  promises: number;
}

export class TeamError extends Error {
  override name = 'TeamError';
}

export interface TeamSessionOptions {
  db: CaselintDB;
  store: CaseStore;
  fetch?: typeof fetch;
  WebSocket?: unknown;
  /** Handle keys whose rows changed because of the team (the background broadcasts casesChanged). */
  onProjected?: (handles: string[]) => void;
  onStatus?: (status: TeamStatus) => void;
  /** The team's presence states changed (unchecked: read them with PresenceBoard). */
  onPresence?: (states: unknown[]) => void;
  /** Passed to the transport (tests shorten it). */
  holdMs?: number;
  /** Time limit of each HTTP request to the team server (default 15 s). */
  timeoutMs?: number;
  now?: () => number;
}

/** A team server's base URL from what the agent typed: http(s), a host, no path, query or credentials. */
export function parseServerUrl(input: string): string {
  const raw = input.trim();
  if (!raw) throw new TeamError('Enter the team server’s address, e.g. https://care.example.com');
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    throw new TeamError(`“${raw}” is not a web address: use the server address your team lead gave you, e.g. https://care.example.com`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TeamError(`The team server address must start with https:// (not ${url.protocol}//)`);
  if (url.username || url.password) throw new TeamError('The team server address must not contain a user name or password');
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && !local) throw new TeamError('The team server address must use https:// (plain http:// is only for a server on this computer)');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) throw new TeamError('The team server address is only the host (and port): remove the path after it');
  return url.origin;
}

export class TeamSession {
  private readonly opts: TeamSessionOptions;
  private readonly fetchFn: typeof fetch;
  private row: TeamRow | null = null;
  private replica: Replica | null = null;
  private transport: TeamTransport | null = null;
  private lastSync: SyncStatus | null = null;
  private presence: unknown = null;

  constructor(opts: TeamSessionOptions) {
    this.opts = opts;
    this.fetchFn = opts.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  }

  private get now(): number {
    return (this.opts.now ?? Date.now)();
  }

  get signedIn(): boolean {
    return this.row !== null;
  }

  get connected(): boolean {
    return this.transport !== null;
  }

  /** The agent's handle key stamped on every record this browser writes (null: working alone). */
  get actor(): string | null {
    if (!this.row) return null;
    return this.row.agent.handle ? handleKey(this.row.agent.handle) : this.row.agent.email;
  }

  /** Why writes are refused (a viewer of the team), or null. */
  get readOnlyReason(): string | null {
    if (this.row?.agent.role !== 'viewer') return null;
    return `You are a viewer of the team “${this.row.teamName}”: you can read its case history but not change it.`;
  }

  /** Restores the sign-in saved in the database, if any, and starts the replica. Does not connect. */
  async load(): Promise<TeamInfo | null> {
    this.row = (await this.opts.db.team.get('current')) ?? null;
    if (this.row) this.startReplica();
    return this.info();
  }

  info(): TeamInfo | null {
    if (!this.row) return null;
    const { id: _id, token: _token, ...info } = this.row;
    return info;
  }

  status(): TeamStatus {
    if (!this.row) return { joined: false };
    // Not connected: the last status the transport reported (its stop() reports 'stopped'), or never connected yet.
    const sync: SyncStatus = this.transport?.current ?? this.lastSync ?? { state: 'stopped', pending: 0, since: this.now, lastError: null, lastPullAt: null };
    return { joined: true, team: this.info()!, sync, readOnly: this.readOnlyReason !== null };
  }

  private emit(): void {
    this.opts.onStatus?.(this.status());
  }

  /** How much of this browser's history joining would share. */
  async preview(): Promise<JoinPreview> {
    const db = this.opts.db;
    const [customers, notes, promises] = await Promise.all([
      db.customers.filter((c) => !c.mergedInto).count(),
      db.notes.count(),
      db.promises.count(),
    ]);
    return { customers, notes, promises };
  }

  private async request(url: string, init: RequestInit): Promise<unknown> {
    let res: Response;
    try {
      res = await this.fetchFn(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(this.opts.timeoutMs ?? 15_000) });
    } catch (e) {
      const why = e instanceof Error && e.name === 'TimeoutError' ? 'it did not answer in time' : 'it could not be reached';
      throw new TeamError(`The team server at ${new URL(url).origin} ${why}. Check the address and that the server is running.`);
    }
    let body: unknown = null;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    if (!res.ok) {
      const said = body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string' ? (body as { error: string }).error : `HTTP ${res.status}`;
      throw new TeamError(`The team server refused: ${said}`);
    }
    return body;
  }

  /**
   * Joins a team with an invite code: the server gives this browser a token; the local history is uploaded once
   * (every customer into the team's documents) and the connection starts. Returns how many customers were shared.
   */
  async join(input: { server: string; code: string; handle?: string }): Promise<{ team: TeamInfo; uploaded: number }> {
    if (this.row) throw new TeamError(`This browser is already in the team “${this.row.teamName}”: leave it first.`);
    const server = parseServerUrl(input.server);
    const code = input.code.trim();
    if (!code) throw new TeamError('Enter the invite code your team lead sent you');
    const handle = input.handle?.trim().replace(/^@/, '') || undefined;
    const body = (await this.request(`${server}/api/join`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code, ...(handle ? { handle } : {}) }),
    })) as {
      token?: unknown;
      tokenId?: unknown;
      expiresAt?: unknown;
      agent?: { id?: unknown; email?: unknown; handle?: unknown; role?: unknown };
      team?: { id?: unknown; name?: unknown };
    };
    const role = body.agent?.role;
    if (
      typeof body.token !== 'string' ||
      typeof body.team?.id !== 'string' ||
      typeof body.agent?.email !== 'string' ||
      (role !== 'agent' && role !== 'viewer' && role !== 'lead')
    ) {
      throw new TeamError('The team server answered something that is not a Caselint sign-in: check the address');
    }
    const row: TeamRow = {
      id: 'current',
      server,
      token: body.token,
      tokenId: typeof body.tokenId === 'string' ? body.tokenId : '',
      expiresAt: typeof body.expiresAt === 'number' ? body.expiresAt : null,
      teamId: body.team.id,
      teamName: typeof body.team.name === 'string' ? body.team.name : body.team.id,
      agent: {
        id: typeof body.agent.id === 'string' ? body.agent.id : '',
        email: body.agent.email,
        handle: typeof body.agent.handle === 'string' && body.agent.handle ? body.agent.handle : (handle ?? null),
        role,
      },
      joinedAt: this.now,
    };
    await this.opts.db.team.put(row);
    this.row = row;
    this.startReplica();
    // A viewer's writes would be refused by the server: share nothing, receive everything.
    const uploaded = role === 'viewer' ? 0 : await this.replica!.uploadAll();
    this.emit();
    return { team: this.info()!, uploaded };
  }

  /**
   * Leaves the team: the connection stops and the sign-in is forgotten. The customers stay in this browser as a
   * local copy (the projected rows); the shared documents and their sync marks are dropped, so joining another team
   * later starts clean.
   */
  async leave(): Promise<void> {
    if (!this.row) return;
    this.disconnect();
    await this.replica?.stop();
    this.replica = null;
    this.row = null;
    this.opts.store.setActor(() => null);
    const db = this.opts.db;
    await db.transaction('rw', [db.team, db.teamDocs, db.syncDocs], async () => {
      await db.team.clear();
      await db.teamDocs.clear();
      await db.syncDocs.clear();
    });
    this.lastSync = null;
    this.emit();
  }

  private startReplica(): void {
    if (this.replica) return;
    this.opts.store.setActor(() => this.actor);
    this.replica = new Replica({
      db: this.opts.db,
      store: this.opts.store,
      actor: () => this.actor,
      onProjected: (handles) => this.opts.onProjected?.(handles),
      onLocalChange: (docId) => this.transport?.localChange(docId),
      now: this.opts.now,
    });
    this.replica.start();
  }

  /** Opens the connection to the team server (no-op when not signed in or already connected). */
  connect(): void {
    if (!this.row || !this.replica || this.transport) return;
    this.transport = new TeamTransport({
      replica: this.replica,
      credentials: { server: this.row.server, token: this.row.token, teamId: this.row.teamId },
      fetch: this.fetchFn,
      WebSocket: this.opts.WebSocket,
      holdMs: this.opts.holdMs,
      now: this.opts.now,
      onStatus: (s) => {
        this.lastSync = s;
        this.emit();
      },
      onPresence: (states) => this.opts.onPresence?.(states),
    });
    if (this.presence) this.transport.setPresence(this.presence);
    this.transport.start();
  }

  /** Publishes this agent's presence (kept for the next connection when offline). */
  setPresence(state: unknown): void {
    this.presence = state;
    this.transport?.setPresence(state);
  }

  /** Closes the connection; local writes keep queueing (dirty) until the next `connect()`. */
  disconnect(): void {
    if (!this.transport) return;
    const t = this.transport;
    this.transport = null;
    t.stop(); // reports 'stopped' through onStatus, which keeps it as lastSync
    this.opts.onPresence?.([]);
    this.emit();
  }

  /** Pulls what changed since the last pull (after connecting); resolves when done. */
  async catchUp(): Promise<void> {
    await this.transport?.catchUp();
  }

  /** Handle keys with changes the server has not confirmed yet. */
  async unsyncedKeys(keys: string[]): Promise<Set<string>> {
    if (!this.replica) return new Set();
    return this.replica.unsyncedKeys(keys);
  }

  /** Every change written into its document and projected (tests). */
  async idle(): Promise<void> {
    await this.replica?.idle();
  }

  async stop(): Promise<void> {
    this.disconnect();
    await this.replica?.stop();
    this.replica = null;
  }
}
