/**
 * Connects a `Replica` to the team server (docs/sync-protocol.md). Browser-API free: it takes `fetch` and a
 * WebSocket constructor, so it runs the same in the background service worker and in Node tests.
 *
 * - One HocuspocusProviderWebsocket for everything. On it: the team's index document (read-only; the server
 *   writes which customer documents changed and when), and a provider for each document this browser wrote to,
 *   kept while it has unconfirmed changes and for `holdMs` after (it also brings other agents' edits to it live).
 * - Catch-up: documents whose index time is newer than the version last pulled are fetched in batches through
 *   `POST /api/pull` (one request per 200 documents instead of one provider each), applied, then projected.
 * - Dirty documents (written while offline) are pushed when the connection opens.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';
import type { Replica } from './replica';

export interface TeamCredentials {
  /** http(s)://host:port of the team server. */
  server: string;
  token: string;
  teamId: string;
}

export type SyncState = 'connecting' | 'connected' | 'offline' | 'stopped' | 'refused';

export interface SyncStatus {
  state: SyncState;
  /** Documents with changes the server has not confirmed yet. */
  pending: number;
  since: number;
  lastError: string | null;
  lastPullAt: number | null;
}

export interface TransportOptions {
  replica: Replica;
  credentials: TeamCredentials;
  fetch?: typeof fetch;
  WebSocket?: unknown;
  /** How long a written document's provider stays attached after its last change (default 60 s). */
  holdMs?: number;
  onStatus?: (status: SyncStatus) => void;
  /** The team's presence awareness states changed (every other client's `presence` field, unchecked). */
  onPresence?: (states: unknown[]) => void;
  now?: () => number;
}

const PULL_BATCH = 200;

const toB64 = (u: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < u.length; i += 0x8000) s += String.fromCharCode(...u.subarray(i, i + 0x8000));
  return btoa(s);
};
const fromB64 = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

export class TeamTransport {
  private readonly opts: TransportOptions;
  private readonly replica: Replica;
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;
  private socket: HocuspocusProviderWebsocket | null = null;
  private index: HocuspocusProvider | null = null;
  private presence: HocuspocusProvider | null = null;
  private localPresence: unknown = null;
  private readonly indexDoc = new Y.Doc();
  private readonly writers = new Map<string, { provider: HocuspocusProvider; timer: ReturnType<typeof setTimeout> | null }>();
  private pulling: Promise<void> = Promise.resolve();
  private status: SyncStatus;

  constructor(opts: TransportOptions) {
    this.opts = opts;
    this.replica = opts.replica;
    this.fetchFn = opts.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
    this.now = opts.now ?? (() => Date.now());
    this.status = { state: 'stopped', pending: 0, since: this.now(), lastError: null, lastPullAt: null };
  }

  get current(): SyncStatus {
    return { ...this.status };
  }

  private setStatus(patch: Partial<SyncStatus>): void {
    const next = { ...this.status, ...patch };
    if (patch.state && patch.state !== this.status.state) next.since = this.now();
    this.status = next;
    this.opts.onStatus?.(this.current);
  }

  private get wsUrl(): string {
    return this.opts.credentials.server.replace(/^http/, 'ws');
  }

  private docName(docId: string): string {
    return `team:${this.opts.credentials.teamId}:customer:${docId}`;
  }

  start(): void {
    if (this.socket) return;
    const { token, teamId } = this.opts.credentials;
    this.setStatus({ state: 'connecting' });
    this.socket = new HocuspocusProviderWebsocket({
      url: this.wsUrl,
      ...(this.opts.WebSocket ? { WebSocketPolyfill: this.opts.WebSocket as never } : {}),
      onConnect: () => {
        this.setStatus({ state: 'connected', lastError: null });
        this.pushDirty().catch((e: unknown) => this.failed('sending the changes made offline', e));
      },
      onDisconnect: () => {
        if (this.status.state !== 'stopped' && this.status.state !== 'refused') this.setStatus({ state: 'offline' });
      },
    });
    this.index = new HocuspocusProvider({
      websocketProvider: this.socket,
      name: `team:${teamId}:index`,
      token,
      document: this.indexDoc,
      // Awareness only on the presence document: an empty state per document renewed every 15 s cost 22 KB per
      // agent per minute at 200 agents (bench). The presence provider keeps the socket's ping checks alive.
      awareness: null,
      onAuthenticationFailed: ({ reason }) => this.setStatus({ state: 'refused', lastError: `the team server refused this sign-in (${reason})` }),
      onSynced: () => void this.catchUp(),
    });
    this.index.attach();
    this.indexDoc.getMap<number>('changed').observe(() => void this.catchUp());
    // Presence: the team's one awareness document (read-only, no content; awareness still flows).
    const presence = new HocuspocusProvider({
      websocketProvider: this.socket,
      name: `team:${teamId}:presence`,
      token,
      document: new Y.Doc(),
      onAwarenessChange: ({ states }) => {
        const mine = presence.awareness?.clientID;
        this.opts.onPresence?.(states.filter((s) => s.clientId !== mine).map((s) => (s as { presence?: unknown }).presence ?? null));
      },
    });
    this.presence = presence;
    presence.attach();
    if (this.localPresence) presence.setAwarenessField('presence', this.localPresence);
  }

  /** What this agent publishes as presence (handle, one customer key, mode: never draft text). */
  setPresence(state: unknown): void {
    this.localPresence = state;
    this.presence?.setAwarenessField('presence', state);
  }

  stop(): void {
    for (const w of this.writers.values()) {
      if (w.timer) clearTimeout(w.timer);
      w.provider.destroy();
    }
    this.writers.clear();
    this.index?.destroy();
    this.index = null;
    this.presence?.destroy();
    this.presence = null;
    this.socket?.destroy();
    this.socket = null;
    this.setStatus({ state: 'stopped' });
  }

  /** The replica wrote to a document: attach its provider (it sends the change) and hold it a while. */
  localChange(docId: string): void {
    if (!this.socket) return;
    this.attachWriter(docId).catch((e: unknown) => this.failed('sending a change', e));
  }

  private async attachWriter(docId: string): Promise<void> {
    const hold = this.opts.holdMs ?? 60_000;
    let w = this.writers.get(docId);
    if (!w) {
      const doc = await this.replica.doc(docId);
      if (!this.socket || this.writers.has(docId)) return;
      this.replica.pin(docId, true);
      const provider = new HocuspocusProvider({
        websocketProvider: this.socket,
        name: this.docName(docId),
        token: this.opts.credentials.token,
        document: doc,
        awareness: null,
        onUnsyncedChanges: ({ number }) => {
          if (number === 0 && provider.isSynced) void this.confirmed(docId);
        },
        onSynced: () => {
          if (provider.unsyncedChanges === 0) void this.confirmed(docId);
        },
      });
      provider.attach();
      w = { provider, timer: null };
      this.writers.set(docId, w);
    }
    if (w.timer) clearTimeout(w.timer);
    const entry = w;
    entry.timer = setTimeout(() => {
      if (entry.provider.unsyncedChanges > 0) return; // still sending: the next change or reconnect re-arms it
      entry.provider.destroy();
      this.writers.delete(docId);
      this.replica.pin(docId, false);
    }, hold);
    void this.refreshPending();
  }

  /** Records an error of background work, unless the transport was stopped meanwhile (the database may be closed). */
  private failed(what: string, e: unknown): void {
    if (this.socket) this.setStatus({ lastError: `${what} failed: ${String(e)}` });
  }

  private async confirmed(docId: string): Promise<void> {
    try {
      await this.replica.markClean(docId);
      await this.refreshPending();
    } catch (e) {
      // After stop() the database may be closed: nothing to record any more.
      if (this.socket) this.setStatus({ lastError: `recording a confirmed change failed: ${String(e)}` });
    }
  }

  private async refreshPending(): Promise<void> {
    try {
      this.setStatus({ pending: (await this.replica.dirtyDocs()).length });
    } catch (e) {
      if (this.socket) this.setStatus({ lastError: `reading the sync state failed: ${String(e)}` });
    }
  }

  private async pushDirty(): Promise<void> {
    for (const id of await this.replica.dirtyDocs()) await this.attachWriter(id);
  }

  /** Pulls every document the index says changed since the version last pulled. */
  catchUp(): Promise<void> {
    this.pulling = this.pulling.then(() => this.catchUpOnce()).catch((err: unknown) => this.setStatus({ lastError: `catching up failed: ${String(err)}` }));
    return this.pulling;
  }

  private async catchUpOnce(): Promise<void> {
    const changed = this.indexDoc.getMap<number>('changed');
    const stale: Array<[string, number]> = [];
    const entries = [...changed.entries()].filter((e): e is [string, number] => typeof e[1] === 'number');
    const seen = await this.replica.seenMany(entries.map(([id]) => id));
    entries.forEach(([docId, at], i) => at > seen[i]! && stale.push([docId, at]));
    for (let i = 0; i < stale.length; i += PULL_BATCH) {
      const batch = stale.slice(i, i + PULL_BATCH);
      const vectors = await this.replica.stateVectorsForPull(batch.map(([id]) => id));
      const docs = batch.map(([id], j) => ({ id, sv: toB64(vectors[j]!) }));
      const res = await this.fetchFn(`${this.opts.credentials.server.replace(/\/$/, '')}/api/pull`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.opts.credentials.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ docs }),
      });
      if (!res.ok) throw new Error(`/api/pull answered ${res.status}`);
      const body = (await res.json()) as { docs?: Array<{ id: string; update: string }> };
      await this.replica.applyRemoteBatch((body.docs ?? []).map((d) => ({ docId: d.id, update: fromB64(d.update) })));
      await this.replica.setSeenMany(batch);
    }
    if (stale.length) this.setStatus({ lastPullAt: this.now() });
  }
}
