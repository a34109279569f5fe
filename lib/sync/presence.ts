/**
 * Presence: which agent of the team is viewing or replying to which customer, right now (Yjs awareness on the
 * team's one presence document, `team:<teamId>:presence`). Ephemeral and small: an agent's awareness state carries
 * their handle and ONE customer key, never draft text.
 *
 * - `LocalPresence` turns this browser's activity in each tab (a card or side panel open on a customer: viewing;
 *   focus in a reply composer under their tweet: replying) into the one state this agent publishes: replying beats
 *   viewing, the most recent wins.
 * - `PresenceBoard` reads the team's awareness states into entries per customer, drops malformed ones, expires
 *   stale ones (a state whose `at` is older than `staleMs` without a renewal: a crashed browser, a lost network),
 *   and remembers for a while who viewed a customer ("@agent_b viewed 2 min ago").
 * Pure: no Yjs, no browser APIs. The transport feeds it awareness states; the background feeds it tab activity.
 */

export type PresenceMode = 'viewing' | 'replying';

/** What one agent publishes in the awareness field `presence`. */
export interface PresenceState {
  agent: string;
  key: string | null;
  mode: PresenceMode | null;
  /** When this activity began (ms); renewed by `beat` so a live state never looks stale. */
  at: number;
  /** Last renewal (ms). */
  beat: number;
}

/** Another agent on a customer: live (`viewing` / `replying` since `at`) or past (`viewed`, last seen at `at`). */
export interface PresenceEntry {
  agent: string;
  key: string;
  mode: PresenceMode | 'viewed';
  at: number;
}

const KEY = /^[a-z0-9_]{1,50}$/;
const AGENT = /^[A-Za-z0-9_.@+-]{1,100}$/;

/** A remote state, checked field by field (awareness states come from other browsers: untrusted). */
export function parsePresence(v: unknown): PresenceState | null {
  if (!v || typeof v !== 'object') return null;
  const s = v as Record<string, unknown>;
  if (typeof s.agent !== 'string' || !AGENT.test(s.agent)) return null;
  const key = s.key === null ? null : typeof s.key === 'string' && KEY.test(s.key) ? s.key : undefined;
  const mode = s.mode === null ? null : s.mode === 'viewing' || s.mode === 'replying' ? s.mode : undefined;
  if (key === undefined || mode === undefined) return null;
  if (typeof s.at !== 'number' || !Number.isFinite(s.at)) return null;
  const beat = typeof s.beat === 'number' && Number.isFinite(s.beat) ? s.beat : s.at;
  return { agent: s.agent.toLowerCase(), key, mode: key ? mode : null, at: s.at, beat };
}

export interface BoardOptions {
  /** This agent (its own states, from other tabs or devices, are not shown). */
  me: () => string | null;
  now?: () => number;
  /** A state not renewed for this long is dropped (default 45 s: y-protocols renews every 15 s, we every 10 s). */
  staleMs?: number;
  /** How long "viewed N min ago" is remembered (default 30 min). */
  rememberMs?: number;
}

export class PresenceBoard {
  private live = new Map<string, PresenceEntry & { beat: number }>();
  private past = new Map<string, PresenceEntry>();
  private readonly now: () => number;

  constructor(private readonly opts: BoardOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Replaces the live states with the team's current awareness states. Returns true when what is shown changed. */
  update(states: unknown[]): boolean {
    const before = this.signature();
    const now = this.now();
    const me = this.opts.me()?.toLowerCase() ?? null;
    const next = new Map<string, PresenceEntry & { beat: number }>();
    for (const raw of states) {
      const s = parsePresence(raw);
      if (!s || !s.key || !s.mode || s.agent === me) continue;
      const id = `${s.agent}|${s.key}`;
      const cur = next.get(id);
      // Two tabs or devices of one agent on one customer: replying wins, then the most recent.
      if (cur && !((s.mode === 'replying' && cur.mode !== 'replying') || (s.mode === cur.mode && s.at > cur.at))) continue;
      next.set(id, { agent: s.agent, key: s.key, mode: s.mode, at: s.at, beat: Math.min(s.beat, now) });
    }
    for (const [id, e] of this.live) if (!next.has(id)) this.past.set(id, { agent: e.agent, key: e.key, mode: 'viewed', at: Math.min(now, Math.max(e.beat, e.at)) });
    for (const id of next.keys()) this.past.delete(id);
    this.live = next;
    this.expire();
    return this.signature() !== before;
  }

  /** Drops stale live states and old memories. Returns true when something was dropped. */
  expire(): boolean {
    const now = this.now();
    const stale = this.opts.staleMs ?? 45_000;
    const remember = this.opts.rememberMs ?? 30 * 60_000;
    let dropped = false;
    for (const [id, e] of this.live) {
      if (now - e.beat > stale) {
        this.live.delete(id);
        this.past.set(id, { agent: e.agent, key: e.key, mode: 'viewed', at: e.beat });
        dropped = true;
      }
    }
    for (const [id, e] of this.past) {
      if (now - e.at > remember) {
        this.past.delete(id);
        dropped = true;
      }
    }
    return dropped;
  }

  /** Everyone else on every customer: live entries first (replying, then viewing), then who viewed, newest first. */
  entries(): PresenceEntry[] {
    const rank = (m: PresenceEntry['mode']) => (m === 'replying' ? 0 : m === 'viewing' ? 1 : 2);
    return [...[...this.live.values()].map(({ beat: _b, ...e }) => e), ...this.past.values()].sort(
      (a, b) => rank(a.mode) - rank(b.mode) || b.at - a.at || (a.agent < b.agent ? -1 : 1),
    );
  }

  forKey(key: string): PresenceEntry[] {
    return this.entries().filter((e) => e.key === key);
  }

  private signature(): string {
    return JSON.stringify(this.entries());
  }
}

/** Where the activity comes from: a tab id, or a page (the side panel). */
export type ActivitySource = number | string;

export class LocalPresence {
  private bySource = new Map<ActivitySource, { key: string; mode: PresenceMode; at: number }>();
  constructor(private readonly now: () => number = Date.now) {}

  /** The activity of one tab or page; null: nothing there any more. Returns true when the published state changes. */
  set(source: ActivitySource, activity: { key: string; mode: PresenceMode } | null): boolean {
    const before = JSON.stringify(this.top());
    const cur = this.bySource.get(source);
    if (!activity) this.bySource.delete(source);
    else if (!cur || cur.key !== activity.key || cur.mode !== activity.mode) this.bySource.set(source, { ...activity, at: this.now() });
    return JSON.stringify(this.top()) !== before;
  }

  clear(source: ActivitySource): boolean {
    return this.set(source, null);
  }

  private top(): { key: string; mode: PresenceMode; at: number } | null {
    let best: { key: string; mode: PresenceMode; at: number } | null = null;
    for (const a of this.bySource.values()) {
      if (!best || (a.mode === 'replying' && best.mode !== 'replying') || (a.mode === best.mode && a.at > best.at)) best = a;
    }
    return best;
  }

  /** The state to publish for `agent` now (renewed: `beat` is now). */
  state(agent: string): PresenceState {
    const t = this.top();
    const now = this.now();
    return t ? { agent, key: t.key, mode: t.mode, at: t.at, beat: now } : { agent, key: null, mode: null, at: now, beat: now };
  }
}

/** "@agent_a is replying · 20 s", "@agent_b is viewing", "@agent_b viewed 2 min ago". */
export function describePresence(e: PresenceEntry, now: number): string {
  const secs = Math.max(0, Math.round((now - e.at) / 1000));
  const span = secs < 60 ? `${secs} s` : secs < 3600 ? `${Math.round(secs / 60)} min` : `${Math.round(secs / 3600)} h`;
  if (e.mode === 'replying') return `@${e.agent} is replying · ${span}`;
  if (e.mode === 'viewing') return `@${e.agent} is viewing · ${span}`;
  return secs < 60 ? `@${e.agent} viewed just now` : `@${e.agent} viewed ${span} ago`;
}
